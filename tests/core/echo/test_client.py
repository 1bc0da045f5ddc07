"""The built-in clients: each starts, does its thing, and stop() joins its thread and closes its socket."""

from __future__ import annotations

import threading

import pytest

from evsim.core.echo.client import (
    CLIENT_KINDS, EchoClient, HalfCloseClient, IdleClient, ResetClient, SlowReaderClient, make_client,
)
from evsim.core.echo.events import Accepted, Closed

from .conftest import events_of, wait_until


def test_echo_client_blocking(make):
    server = make()
    with EchoClient(*server.address) as c:
        assert c.echo(b"hello") == b"hello"
        assert c.echo(bytes(range(256))) == bytes(range(256))
        assert c.bytes_sent == c.bytes_received == 261
    assert c._sock is None


def test_echo_client_builtin(make):
    server = make()
    c = EchoClient(*server.address, message=b"tick\n", interval=0.001, count=5)
    c.start()
    assert c.join(10)
    c.stop()
    assert c.echoes == 5 and c.mismatches == 0 and c.error is None
    assert not c.running
    closed = wait_until(lambda: events_of(server, Closed), what="Closed")[0]
    assert closed.reason == "normal"


@pytest.mark.parametrize("kind", sorted(CLIENT_KINDS))
def test_every_client_stops_and_cleans_up(make, kind):
    server = make()
    threads0 = set(threading.enumerate())
    kw = {"total": 1 << 20} if kind == "slow reader" else {}
    c = make_client(kind, *server.address, **kw)
    c.start()
    assert c.connected.wait(5)
    wait_until(lambda: any(e.peer == c.local for e in events_of(server, Accepted)), what="accepted")
    c.stop()
    assert not c.running and c.finished.is_set() and c._sock is None
    assert set(threading.enumerate()) <= threads0
    wait_until(lambda: server.stats().open == 0, what="server side closed")


def test_idle_client_bounded(make):
    server = make()
    c = IdleClient(*server.address, max_seconds=0.2)
    c.start()
    assert c.join(5)
    assert server.stats().accepted == 1


def test_half_close_client(make):
    server = make()
    c = HalfCloseClient(*server.address, data=b"q" * 100000)
    c.start()
    assert c.join(10)
    assert c.ok and bytes(c.echo) == b"q" * 100000


def test_reset_client(make):
    server = make()
    c = ResetClient(*server.address, data=b"r" * 100, read_first=True)
    c.start()
    assert c.join(10)
    assert wait_until(lambda: events_of(server, Closed))[0].reason == "reset"


def test_slow_reader_client_checks_order(make):
    server = make()
    c = SlowReaderClient(*server.address, total=300000, read_size=65536, read_interval=0.001)
    c.start()
    assert c.join(10)
    assert c.error is None and c.mismatch is None and c.bytes_received == 300000


def test_client_connection_refused():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    c = IdleClient("127.0.0.1", port)
    c.start()
    assert c.join(5)
    assert c.error and "Refused" in c.error
    with pytest.raises(ConnectionRefusedError):
        EchoClient("127.0.0.1", port).connect()


def test_unknown_kind():
    with pytest.raises(ValueError):
        make_client("rude", "127.0.0.1", 1)


def test_reachable_host_maps_wildcards_to_loopback():
    from evsim.core.echo.client import reachable_host

    assert reachable_host("0.0.0.0") == "127.0.0.1"
    assert reachable_host("") == "127.0.0.1"
    assert reachable_host("::") == "::1"
    assert reachable_host("127.0.0.2") == "127.0.0.2"
    assert reachable_host("localhost") == "localhost"
