"""Both echo servers, on every backend they offer, over real loopback sockets: echoing, half-close,
back-pressure, resets (limits: test_server_limits.py; lifecycle and loop control: test_server_loop.py)."""

from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from evsim.core.echo.client import HalfCloseClient, ResetClient, SlowReaderClient
from evsim.core.echo.events import Accepted, HalfClosed, Ready, ReadingPaused, ReadingResumed, Sent

from .conftest import closed_event, connect, events_of, recv_all, recv_exactly, wait_until

MiB = 1 << 20


# -- basic echo -----------------------------------------------------------------------------------------

def test_round_trip(server):
    with connect(server) as c:
        c.sendall(b"hello, echo\n")
        assert recv_exactly(c, 12) == b"hello, echo\n"
        c.sendall(b"again")
        assert recv_exactly(c, 5) == b"again"


def test_all_256_byte_values(server):
    data = bytes(range(256)) * 4
    with connect(server) as c:
        c.sendall(data)
        assert recv_exactly(c, len(data)) == data


def test_several_clients_interleaved(server):
    socks = [connect(server) for _ in range(8)]
    try:
        for round_ in range(3):
            for i, s in enumerate(socks):
                s.sendall(bytes([i, round_]) * 100)
            for i, s in enumerate(socks):
                assert recv_exactly(s, 200) == bytes([i, round_]) * 100
    finally:
        for s in socks:
            s.close()


def test_half_close_8mib_client_reads_late(server):
    """The client writes 8 MiB, shuts down its side and only then reads: every byte still comes back."""
    data = bytes(range(256)) * (8 * MiB // 256)
    c = connect(server, rcvbuf=65536)
    writer_error = []

    def write():
        try:
            c.sendall(data)
            c.shutdown(socket.SHUT_WR)
        except OSError as e:  # pragma: no cover - reported below
            writer_error.append(e)

    t = threading.Thread(target=write)
    t.start()
    # Read late: only once the server has had to stop reading (its buffer passed the high watermark).
    wait_until(lambda: events_of(server, ReadingPaused), what="ReadingPaused")
    got = recv_all(c, timeout=30)
    t.join(10)
    c.close()
    assert not writer_error
    assert len(got) == len(data) and got == data
    fd = events_of(server, Accepted)[0].fd
    closed = closed_event(server, fd)
    half = [e for e in events_of(server, HalfClosed) if e.fd == fd]
    assert closed.reason == ("half-close done" if half[0].buffered else "normal")
    assert closed.bytes_in == closed.bytes_out == len(data)
    half = [e for e in events_of(server, HalfClosed) if e.fd == fd]
    assert len(half) == 1


def test_half_close_with_bytes_pending_reason(make):
    """EOF arrives while echo bytes are still buffered: they are sent, then Closed('half-close done')."""
    server = make("selectors", "default")
    hc = HalfCloseClient(*server.address, data=b"z" * (6 * MiB), read_delay=0.05)
    hc.start()
    assert hc.join(30) and hc.ok, hc.error
    closed = closed_event(server)
    half = events_of(server, HalfClosed)[0]
    assert closed.reason == ("half-close done" if half.buffered else "normal")
    assert closed.bytes_out == 6 * MiB


def _loopback_send_buffer_max() -> int:
    try:
        with open("/proc/sys/net/ipv4/tcp_wmem") as f:
            return int(f.read().split()[2])
    except (OSError, ValueError, IndexError):
        return 4 * MiB


@pytest.mark.parametrize("style", ["selectors", "classic"])
def test_half_close_with_bytes_pending_closes_with_half_close_done(make, style):
    """The client writes more than the kernel buffers between it and the server can hold, shuts down its side
    and reads nothing until the server has seen the EOF with echo bytes still queued: those bytes are then
    sent, and the connection closes with exactly "half-close done"."""
    server = make(style, "select" if style == "classic" else "default", high_water=64 * MiB, low_water=MiB)
    size = _loopback_send_buffer_max() + 4 * MiB  # more than the server's send buffer + the client's receive one
    data = bytes(range(256)) * (size // 256)
    c = connect(server, rcvbuf=65536)
    c.sendall(data)  # the server never pauses reading (high water 64 MiB): this completes
    c.shutdown(socket.SHUT_WR)
    half = wait_until(lambda: events_of(server, HalfClosed), what="HalfClosed")[0]
    assert half.buffered > 0  # the case under test: EOF with bytes still to echo
    got = recv_all(c, timeout=30)
    c.close()
    assert got == data
    closed = closed_event(server)
    assert closed.reason == "half-close done"
    assert closed.bytes_in == closed.bytes_out == len(data)


def test_half_close_nothing_pending_is_normal(server):
    with connect(server) as c:
        c.sendall(b"ping")
        assert recv_exactly(c, 4) == b"ping"
        c.shutdown(socket.SHUT_WR)
        assert recv_all(c) == b""
    closed = closed_event(server)
    assert closed.reason == "normal"
    assert events_of(server, HalfClosed)[0].buffered == 0


# -- partial sends and back-pressure -----------------------------------------------------------------

def test_partial_sends_keep_the_tail(server):
    """A client that writes 8 MiB before reading: the kernel takes partial sends, the server keeps the
    unsent tail, stops reading, waits for EVENT_WRITE, and the rest follows in order."""
    data = os.urandom(8 * MiB)
    c = connect(server, rcvbuf=16384)
    t = threading.Thread(target=c.sendall, args=(data,))
    t.start()
    wait_until(lambda: events_of(server, ReadingPaused), what="back-pressure")
    got = recv_exactly(c, len(data), timeout=30)
    t.join(10)
    c.close()
    assert got == data
    fd = events_of(server, Accepted)[0].fd
    # While paused the server watches EVENT_WRITE only: what it still holds can only leave that way.
    assert any(e.fd == fd and e.mask == 2 for e in events_of(server, Ready)), "never waited for EVENT_WRITE"
    if server.style == "selectors":  # it sends until the kernel says EAGAIN: the last piece is cut short
        assert any(e.partial for e in events_of(server, Sent))
    # (classic sends one queued chunk per writable report; select reports writable only with room to spare)
    assert sum(e.nbytes for e in events_of(server, Sent)) == len(data)


def test_slow_reader_bounded_memory(server):
    """A peer that writes much and reads slowly: reading pauses and resumes; the buffer stays bounded."""
    bound = server.high_water + server.recv_size
    client = SlowReaderClient(*server.address, total=8 * MiB, read_size=65536, read_interval=0.002,
                              rcvbuf=65536)
    client.start()
    peak = 0
    while not client.finished.is_set():
        for info in server.connections_snapshot():
            peak = max(peak, info.buffered)
        client.finished.wait(0.005)
    client.stop()
    assert client.error is None
    assert client.mismatch is None and client.bytes_received == client.total
    assert events_of(server, ReadingPaused) and events_of(server, ReadingResumed)
    assert max(e.buffered for e in events_of(server, Sent)) <= bound
    assert peak <= bound
    paused = events_of(server, ReadingPaused)
    assert all(server.high_water < e.buffered <= bound for e in paused)
    assert all(e.buffered <= server.low_water for e in events_of(server, ReadingResumed))


def test_writer_that_never_reads_does_not_grow_the_server(server):
    """A peer that writes and never reads: the server stops reading and holds at most high water + recv."""
    bound = server.high_water + server.recv_size
    c = connect(server, rcvbuf=16384)
    c.setblocking(False)
    chunk = b"w" * 65536
    sent = 0
    deadline = time.monotonic() + 10
    # Write until the kernel refuses more: the server has paused and the socket buffers are full.
    while time.monotonic() < deadline:
        try:
            sent += c.send(chunk)
        except BlockingIOError:
            if events_of(server, ReadingPaused):
                break
            time.sleep(0.002)
    assert events_of(server, ReadingPaused)
    wait_until(lambda: server.connections_snapshot() and
               server.connections_snapshot()[0].state == "reading paused", what="paused state")
    info = server.connections_snapshot()[0]
    assert server.low_water < info.buffered <= bound  # paused: above low water (it may drain a little)
    assert info.bytes_in < sent + 1
    c.close()


# -- resets and broken pipes --------------------------------------------------------------------------

def test_peer_reset_closes_only_that_connection(server):
    keep = connect(server)
    rc = ResetClient(*server.address, data=b"x" * 1000, read_first=True)
    rc.start()
    assert rc.join(10)
    fd = wait_until(lambda: [e.fd for e in events_of(server, Accepted) if e.peer == rc.local], what="accept")[0]
    assert closed_event(server, fd).reason == "reset"
    keep.sendall(b"still here")
    assert recv_exactly(keep, 10) == b"still here"
    keep.close()


def test_peer_reset_while_server_is_sending(server):
    """RST while the server holds unsent bytes: its send fails (EPIPE/ECONNRESET), only that one closes."""
    rc = ResetClient(*server.address, data=b"y" * (3 * MiB), delay=0.0)
    rc.start()
    assert rc.join(10)
    closed = closed_event(server)
    assert closed.reason in ("reset", "broken pipe")
    with connect(server) as c:
        c.sendall(b"ok")
        assert recv_exactly(c, 2) == b"ok"
