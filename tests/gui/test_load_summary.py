"""The sockets lab's load panel says "every byte checked" only when every byte came back right."""

from __future__ import annotations

import time

import pytest

from evsim.core.echo import load as load_module
from evsim.gui.labs.sockets.clients import ClientsPane
from tests.core.echo.bad_servers import BadEchoServer

WAIT_MS = 8000


@pytest.fixture
def pane(qtbot):
    servers: list[BadEchoServer] = []

    def address():
        return servers[0].address if servers else None

    p = ClientsPane(address)
    qtbot.addWidget(p)
    p.servers = servers
    yield p
    p.shutdown()
    for s in servers:
        s.close()


def _run_load(qtbot, pane: ClientsPane, mode: str) -> str:
    pane.servers.append(BadEchoServer(mode))
    pane.set_server_running(True)
    assert pane.start_load(clients=3, rate=0, size=64, seconds=0.2)
    # the load runs in the clients process; its requests in flight get load.DRAIN_S to complete
    qtbot.waitUntil(lambda: (pane.frame(time.monotonic_ns() + 10**9)
                             or (not pane.proc.load_running and pane.load_label.text().startswith("done"))),
                    timeout=WAIT_MS + int(load_module.DRAIN_S * 1000))
    return pane.load_label.text()


@pytest.mark.parametrize("mode,expected", [
    ("drop-last", "3 incomplete"),
    ("silent", "3 unanswered"),
])
def test_a_load_that_loses_bytes_says_so(qtbot, pane, mode, expected):
    text = _run_load(qtbot, pane, mode)
    assert text.startswith("done: 3 connected · 0 requests"), text
    assert "p50 n/a · p99 n/a" in text and f"· {expected} · no request completed" not in text, text
    assert text.endswith(f"· {expected}"), text
    assert "every byte checked" not in text


def test_the_summary_says_what_limits_the_load(qtbot):
    from evsim.gui.labs.sockets.load_text import LoadLimits, LoadSummary, bottleneck

    assert bottleneck(LoadLimits(97.0, 40.0, 2), rate_limited=False) == "server"
    assert bottleneck(LoadLimits(50.0, 99.0, 2), rate_limited=False) == "clients"
    assert bottleneck(LoadLimits(80.0, 80.0, 2, machine_cpu=195.0), rate_limited=False) == "machine"
    assert bottleneck(LoadLimits(80.0, 80.0, 2, machine_cpu=160.0), rate_limited=False) == "latency"
    assert bottleneck(LoadLimits(20.0, 10.0, 2), rate_limited=True) == "rate"
    assert bottleneck(LoadLimits(None, None, 2), rate_limited=False) == "latency"
    r = {"connected": 4, "requests": 40, "requests_per_s": 80.0, "latency_ms": {"p50": 0.2, "p99": 0.5},
         "rate": 20}
    line = LoadSummary().text(r, running=True, limits=LoadLimits(5.0, 5.0, 2))
    assert line.endswith("every byte checked · limit: the request rate you asked for"), line
