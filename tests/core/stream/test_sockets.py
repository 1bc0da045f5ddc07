"""StreamWriter and StreamReader over real sockets: the producer never waits, drops are counted in the stream."""

from __future__ import annotations

import os
import socket
import struct
import threading

import pytest

from evsim.core.echo.events import Received
from evsim.core.events import deferred
from evsim.core.stream import (Command, Dropped, Hello, StreamError, StreamReader, StreamWriter, VERSION,
                               send_command)
from tests.waiting import wait_until

Rec = deferred(Received)


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    yield a, b
    a.close()
    b.close()


def read_until(reader: StreamReader, pred, what: str) -> list:
    got: list = []

    def step() -> bool:
        got.extend(reader.read())
        return pred(got)

    wait_until(step, what=what, timeout=10)
    return got


def produce(writer: StreamWriter, start: int, stop: int) -> None:
    """A producer loop: one event per iteration (t_ns = nbytes = its number), a flush every 50."""
    for i in range(start, stop):
        writer.emit(Rec(i, 7, i) if i % 2 else Received(i, 7, i))
        if i % 50 == 0:
            writer.flush()
    writer.flush()


def test_a_reader_that_does_not_read_never_blocks_the_writer_and_every_drop_is_in_the_stream(pair):
    a, b = pair
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8192)
    writer = StreamWriter(a, capacity=16384)
    n = 30_000
    t = threading.Thread(target=produce, args=(writer, 0, n), daemon=True)
    t.start()
    t.join(30)
    assert not t.is_alive(), "emit/flush blocked while nobody read the stream"
    assert writer.dropped > 0 and writer.emitted + writer.dropped == n
    assert writer.pending_bytes <= 16384 + 64

    # Then a reader that reads a little now and then: drops come and go, each reported where it happened.
    reader = StreamReader(b)
    got: list = []
    for start in range(n, 2 * n, 1000):
        produce(writer, start, start + 1000)
        got += reader.read(max_bytes=8192)

    def drained() -> bool:
        got.extend(reader.read())
        writer.flush()
        return writer.pending_bytes == 0 and writer.emitted + writer.dropped == 2 * n

    wait_until(drained, what="the writer to drain")
    writer.emit(Rec(2 * n, 7, 2 * n))  # a marker: everything before it is in the stream once it arrives
    writer.flush()
    got += read_until(reader, lambda g: any(type(e) is Received and e.nbytes == 2 * n for e in g), "the marker")
    dropped = [e for e in got if type(e) is Dropped]
    assert len(dropped) > 2, "the test meant several drop episodes"
    assert sum(d.count for d in dropped) == writer.dropped == reader.dropped_by_producer
    assert len([e for e in got if type(e) is Received]) == writer.emitted
    # Each Dropped sits exactly where its events are missing, and says how many.
    expected = 0
    for e in got:
        if type(e) is Dropped:
            assert e.t_ns == expected  # stamped with the first dropped event's time
            expected += e.count
        else:
            assert e.nbytes == expected
            expected += 1
    assert expected == 2 * n + 1 and reader.error is None


def test_flush_reports_owed_drops_even_when_no_event_follows(pair):
    a, b = pair
    writer = StreamWriter(a, capacity=1)  # one pending frame fills it
    i = 0
    while not writer.dropped:  # until the kernel's buffer is full and a frame stays pending
        writer.emit(Rec(i, 7, i))
        writer.flush()
        i += 1
    first = i - 1
    for j in range(i, i + 5):
        writer.emit(Rec(j, 7, j))
    assert writer.dropped == 6
    reader = StreamReader(b)
    got = read_until(reader, lambda g: writer.flush() is None and any(type(e) is Dropped for e in g), "Dropped")
    assert got[-1] == Dropped(first, 6) and len(got) == writer.emitted + 1


def test_a_vanished_reader_closes_the_writer_without_an_exception(pair):
    a, b = pair
    writer = StreamWriter(a)
    b.close()
    for i in range(1000):
        writer.emit(Rec(i, 7, i))
        writer.flush()
    assert writer.closed and "went away" in writer.error
    assert writer.dropped > 0 and writer.pending_bytes == 0
    writer.close()


def test_a_tcp_reset_closes_the_writer_without_an_exception():
    with socket.create_server(("127.0.0.1", 0)) as srv:
        a = socket.create_connection(srv.getsockname())
        b, _ = srv.accept()
    b.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    b.close()  # linger 0: the peer answers with RST
    writer = StreamWriter(a)
    for i in range(2000):
        writer.emit(Rec(i, 7, i))
        writer.flush()
        if writer.closed:
            break
    assert writer.closed and writer.error
    writer.close()


def test_the_reader_returns_what_came_before_a_bad_byte_then_stays_quiet(pair):
    a, b = pair
    writer = StreamWriter(a, producer="test")
    writer.emit(Rec(1, 7, 5))
    writer.flush()
    a.sendall(struct.pack("<I", 1 << 30))
    reader = StreamReader(b)
    got = read_until(reader, lambda g: reader.eof, "the error")
    assert got == [Hello(got[0].t_ns, VERSION, os.getpid(), "test"), Received(1, 7, 5)]
    assert reader.error.startswith("malformed stream: frame of 1073741824 bytes exceeds")
    assert reader.read() == []


def test_the_reader_reports_a_cut_inside_a_frame(pair):
    a, b = pair
    writer = StreamWriter(a)
    writer.flush()
    a.sendall(b"\x1a\x00\x00\x00\x14\x00")  # the first 6 bytes of a Received frame
    a.close()
    reader = StreamReader(b)
    read_until(reader, lambda g: reader.eof, "end of stream")
    assert reader.error.startswith("stream truncated inside a frame")


def test_a_clean_end(pair):
    a, b = pair
    writer = StreamWriter(a)
    writer.emit(Rec(1, 7, 5))
    writer.close(timeout=1.0)
    reader = StreamReader(b)
    got = read_until(reader, lambda g: reader.eof, "end of stream")
    assert got == [Received(1, 7, 5)] and reader.error is None


def test_commands_travel_the_other_way_with_one_header(pair):
    window, producer = pair
    send_command(window, "step")
    send_command(window, "slow", "0.5")
    reader = StreamReader(producer)
    got = read_until(reader, lambda g: len(g) == 2, "two commands")
    assert [(c.name, c.arg) for c in got] == [("step", ""), ("slow", "0.5")]
    assert all(type(c) is Command for c in got)
    with pytest.raises(ValueError):
        send_command(window, "x" * 5000)


def test_a_producer_that_reads_no_commands_makes_send_command_fail_not_hang(pair):
    window, _producer = pair
    window.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    with pytest.raises(StreamError, match="has not read its commands"):
        for _ in range(100_000):
            send_command(window, "load", "x" * 4000, timeout=0.05)
    with pytest.raises(StreamError, match="cut off|has not read"):
        send_command(window, "step", timeout=0.01)


def test_flush_if_due_batches_sends_and_says_when_it_must_run(pair):
    a, b = pair
    writer = StreamWriter(a, batch_bytes=300, max_delay=60.0)
    reader = StreamReader(b, records=True)
    assert writer.flush_timeout() is None  # the constructor sent the header
    writer.emit(Rec(1, 7, 5))
    writer.flush_if_due()
    assert writer.pending_bytes == 30 and 0 < writer.flush_timeout() <= 60.0  # not due: kept
    for i in range(9):
        writer.emit(Rec(2 + i, 7, 5))
    writer.flush_if_due()  # 300 bytes pending: due
    assert writer.pending_bytes == 0 and writer.flush_timeout() is None
    got = read_until(reader, lambda g: len(g) == 10, "ten records")
    assert got[0] == (Received, 1, 7, 5)
    writer.max_delay = 0.0
    writer.emit(Rec(20, 7, 5))
    writer.flush_if_due()  # the first call notes the time; with no delay allowed it sends at once
    assert writer.pending_bytes == 0
