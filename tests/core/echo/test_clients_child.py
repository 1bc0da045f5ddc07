"""The clients process's host: a load's progress carries what the load panel needs to say what limits it."""

from __future__ import annotations

import json

from evsim.core.echo import EchoServer
from evsim.core.echo.clients_child import ClientHost
from evsim.core.echo.events import LoadProgress
from evsim.core.events import ListSink
from tests.waiting import wait_until


def test_load_progress_carries_the_rate_asked_for():
    out = ListSink()
    with EchoServer(port=0) as server:
        host = ClientHost(out)
        host.handle("target", {"host": "127.0.0.1", "port": server.address[1]})
        host.handle("load", {"clients": 2, "rate": 5, "size": 16, "seconds": 0.5})

        def finished() -> bool:
            host.report()
            return any(type(e) is LoadProgress and not e.running for e in out.events)

        wait_until(finished, timeout=10, what="the load's final LoadProgress")
        host.close()
    final = [e for e in out.events if type(e) is LoadProgress][-1]
    result = json.loads(final.result_json)
    assert result["rate"] == 5 and result["requests"] > 0 and final.error == ""
