"""The sockets lab's load panel says "every byte checked" only when every byte came back right."""

from __future__ import annotations

import time

import pytest

from evsim.core.echo import load as load_module
from evsim.gui.labs.sockets.clients import ClientsPane
from tests.core.echo.bad_servers import BadEchoServer

WAIT_MS = 8000


@pytest.fixture
def pane(qtbot, monkeypatch):
    monkeypatch.setattr(load_module, "DRAIN_S", 0.3)  # the bad servers never complete a request
    servers: list[BadEchoServer] = []

    def address():
        return servers[0].address if servers else None

    p = ClientsPane(address)
    qtbot.addWidget(p)
    p.servers = servers
    yield p
    p.stop_load()
    for s in servers:
        s.close()


def _run_load(qtbot, pane: ClientsPane, mode: str) -> str:
    pane.servers.append(BadEchoServer(mode))
    pane.set_server_running(True)
    assert pane.start_load(clients=3, rate=0, size=64, seconds=0.2)
    qtbot.waitUntil(lambda: (pane.frame(time.monotonic_ns() + 10**9) or pane.load is None), timeout=WAIT_MS)
    return pane.load_label.text()


@pytest.mark.parametrize("mode,expected", [
    ("drop-last", "0 wrong echoes, 3 incomplete, 0 unanswered, 0 connection errors"),
    ("silent", "0 wrong echoes, 0 incomplete, 3 unanswered, 0 connection errors"),
])
def test_a_load_that_loses_bytes_says_so(qtbot, pane, mode, expected):
    text = _run_load(qtbot, pane, mode)
    assert text.startswith("done: 3 connected · 0 requests"), text
    assert "p50 n/a · p99 n/a" in text and expected in text, text
    assert "every byte checked" not in text
