"""run_load and LoadRunner: round trips checked byte by byte, bounded, stoppable."""

from __future__ import annotations

import socket
import time

import pytest

from evsim.core.echo import load as load_module
from evsim.core.echo.load import LoadResult, LoadRunner, payload_pattern, run_load

from .bad_servers import BadEchoServer
from .conftest import ALL_SERVERS, SERVER_IDS


@pytest.mark.parametrize("style,backend", ALL_SERVERS, ids=SERVER_IDS)
def test_load_against_servers(make, style, backend):
    server = make(style, backend)
    r = run_load(*server.address, clients=4, seconds=0.3, size=1000)
    assert r.requests > 0 and r.integrity_errors == 0 and r.errors == 0
    assert r.bytes == r.requests * 1000
    assert 0 < r.latency_ms["p50"] <= r.latency_ms["p99"] <= r.latency_ms["max"]
    assert r.requests_per_s > 0 and r.mb_per_s > 0
    d = r.to_dict()
    assert set(d) == {"requests", "requests_per_s", "mb_per_s", "latency_ms", "started", "ok", "integrity_errors",
                      "incomplete", "unanswered", "interrupted", "errors", "clients", "seconds", "size", "problems"}
    assert set(d["latency_ms"]) == {"p50", "p99", "max"}
    assert d["ok"] == d["requests"] == d["started"] and d["problems"] == []
    assert d["incomplete"] == d["unanswered"] == d["interrupted"] == 0


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
    assert_every_request_counted(r)
    assert any("wrong bytes" in p for p in r.problems())


def assert_every_request_counted(r: LoadResult) -> None:
    """Every request begun ended in exactly one of the counts."""
    assert r.started == r.ok + r.integrity_errors + r.incomplete + r.unanswered + r.interrupted, r
    assert r.requests <= r.started


@pytest.fixture
def short_drain(monkeypatch):
    """In-flight requests get 0.3 s (not 2 s) after the run to complete: these servers never complete them."""
    monkeypatch.setattr(load_module, "DRAIN_S", 0.3)


def test_a_server_that_drops_the_last_byte_of_each_chunk_fails_the_load(short_drain):
    """64-byte requests: each echo comes back one byte short, so no request ever completes: incomplete."""
    with BadEchoServer("drop-last") as bad:
        r = run_load(*bad.address, clients=4, seconds=0.2, size=64)
    assert r.requests == 0 and r.ok == 0 and r.started == 4
    assert r.incomplete == 4 and r.unanswered == 0 and r.integrity_errors == 0 and r.interrupted == 0
    assert r.bytes == 4 * 63
    assert r.latency_ms == {"p50": None, "p99": None, "max": None}
    assert r.to_dict()["latency_ms"] == {"p50": None, "p99": None, "max": None}
    assert r.problems() == ["4 requests incomplete: their echo never came back in full", "no request completed"]
    assert_every_request_counted(r)


def test_dropped_bytes_in_the_middle_of_an_echo_are_wrong_bytes(short_drain):
    """A request the server reads in several chunks: the bytes after a dropped one arrive shifted: wrong."""
    with BadEchoServer("drop-last") as bad:
        r = run_load(*bad.address, clients=2, seconds=0.2, size=400_000)
    assert r.requests == 0 and r.integrity_errors == 2 and r.incomplete == 0
    assert_every_request_counted(r)
    assert r.problems()[0] == "2 requests came back with wrong bytes"


def test_a_server_that_never_answers_fails_the_load(short_drain):
    with BadEchoServer("silent") as bad:
        r = run_load(*bad.address, clients=3, seconds=0.2, size=64)
    assert r.connected == 3 and r.errors == 0
    assert r.requests == 0 and r.bytes == 0 and r.started == r.unanswered == 3 and r.incomplete == 0
    assert r.latency_ms == {"p50": None, "p99": None, "max": None}
    assert r.requests_per_s == 0.0
    assert r.problems() == ["3 requests unanswered: not one byte of their echo came back", "no request completed"]
    assert_every_request_counted(r)


def test_bytes_after_a_complete_echo_make_that_request_wrong(short_drain):
    """The echo came back whole, then one byte more (the client was waiting for its next turn)."""
    with BadEchoServer("late-extra") as bad:
        r = run_load(*bad.address, clients=2, seconds=0.3, size=16, rate=2)
    assert r.requests == 2 and r.ok == 0 and r.integrity_errors == 2 and r.errors == 2
    assert_every_request_counted(r)


def test_stopping_the_run_counts_requests_in_flight_as_interrupted():
    with BadEchoServer("silent") as bad:
        runner = LoadRunner(*bad.address, clients=2, seconds=30, size=64)
        runner.start()
        time.sleep(0.2)  # the requests are out; the server will never answer
        runner.stop()
        assert not runner.running
    r = runner.result
    assert runner.error is None and r is not None
    assert r.interrupted == 2 and r.unanswered == 0 and r.started == 2
    assert r.problems() == ["no request completed"]
    assert_every_request_counted(r)


def test_load_counts_connection_failures():
    bad = BadEchoServer("close")
    try:
        r = run_load(*bad.address, clients=2, seconds=2.0, size=10)
    finally:
        bad.close()
    assert r.errors == 2 and r.requests >= 8
    assert any("closed" in m for m in r.error_messages)
    # each connection closed with its fifth request in flight: sent, never answered
    assert r.unanswered == 2 and r.ok == r.requests
    assert_every_request_counted(r)


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
    assert r.started == r.ok == 50


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
