"""run_load and LoadRunner: round trips checked byte by byte, bounded, stoppable."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from evsim.core.echo.load import LoadRunner, payload_pattern, run_load

from .conftest import ALL_SERVERS, SERVER_IDS


class BadEchoServer:
    """A tiny threaded echo server that corrupts (or drops) what it sends back, to prove the checks work."""

    def __init__(self, mode: str = "flip") -> None:
        self.mode = mode
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.05)
        self.address = self.listener.getsockname()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        t = threading.Thread(target=self._accept)
        t.start()
        self._threads.append(t)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                c, _ = self.listener.accept()
            except (socket.timeout, OSError):
                continue
            self._conns.append(c)
            t = threading.Thread(target=self._serve, args=(c,))
            t.start()
            self._threads.append(t)

    def _serve(self, c: socket.socket) -> None:
        c.settimeout(0.05)
        n = 0
        while not self._stop.is_set():
            try:
                data = c.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data:
                return
            n += 1
            if self.mode == "flip" and n % 3 == 0:
                data = bytes([data[0] ^ 0xFF]) + data[1:]
            elif self.mode == "close" and n == 5:
                c.close()
                return
            try:
                c.sendall(data)
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(2)
        for c in self._conns:
            c.close()
        self.listener.close()


@pytest.mark.parametrize("style,backend", ALL_SERVERS, ids=SERVER_IDS)
def test_load_against_servers(make, style, backend):
    server = make(style, backend)
    r = run_load(*server.address, clients=4, seconds=0.3, size=1000)
    assert r.requests > 0 and r.integrity_errors == 0 and r.errors == 0
    assert r.bytes == r.requests * 1000
    assert 0 < r.latency_ms["p50"] <= r.latency_ms["p99"] <= r.latency_ms["max"]
    assert r.requests_per_s > 0 and r.mb_per_s > 0
    d = r.to_dict()
    assert set(d) == {"requests", "requests_per_s", "mb_per_s", "latency_ms", "integrity_errors", "errors",
                      "clients", "seconds", "size"}
    assert set(d["latency_ms"]) == {"p50", "p99", "max"}


def test_load_large_requests(make):
    """1 MiB requests: the load's own sends are partial, the server pauses reading; still exact."""
    server = make("selectors", "epoll")
    r = run_load(*server.address, clients=3, seconds=0.3, size=1 << 20)
    assert r.requests >= 3 and r.integrity_errors == 0 and r.errors == 0


def test_load_detects_corruption():
    bad = BadEchoServer("flip")
    try:
        r = run_load(*bad.address, clients=2, seconds=0.3, size=100)
    finally:
        bad.close()
    assert r.integrity_errors > 0


def test_load_counts_connection_failures():
    bad = BadEchoServer("close")
    try:
        r = run_load(*bad.address, clients=2, seconds=2.0, size=10)
    finally:
        bad.close()
    assert r.errors == 2 and r.requests >= 8
    assert any("closed" in m for m in r.error_messages)


def test_load_connection_refused():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(ConnectionRefusedError):
        run_load("127.0.0.1", port, clients=2, seconds=0.1, size=10)


def test_rate_limit_and_max_requests(make):
    server = make("selectors", "default")
    r = run_load(*server.address, clients=2, seconds=0.5, size=10, rate=20)
    assert 2 <= r.requests <= 2 * (20 * 0.5 + 2)
    r = run_load(*server.address, clients=2, seconds=5, size=10, max_requests=50)
    assert r.requests == 50 and r.seconds < 5


def test_payloads_vary():
    p = payload_pattern(10)
    assert len(p) >= 10 + 255 and p[:4] == bytes([0, 1, 2, 3])


def test_load_runner_stops_early(make):
    server = make("selectors", "default")
    seen = []
    runner = LoadRunner(*server.address, clients=4, seconds=30, size=64, progress=seen.append)
    t0 = time.monotonic()
    runner.start()
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.01)
    runner.stop()
    assert not runner.running and time.monotonic() - t0 < 5
    assert runner.error is None and runner.result is not None
    assert runner.result.requests > 0 and runner.result.integrity_errors == 0
    assert seen
