"""The sans-IO Connection: buffering, watermarks, half-close and states, without sockets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evsim.core.echo.connection import (
    CLOSE, PAUSE_READING, RESUME_READING, ConnState, Connection,
)


def drain(conn: Connection, limit: int | None = None) -> tuple[bytes, list]:
    """Send everything (at most ``limit`` bytes per send); return the bytes and the actions seen."""
    out, actions = bytearray(), []
    while conn.wants_write:
        chunk = bytes(conn.data_to_send())
        n = len(chunk) if limit is None else min(limit, len(chunk))
        out += chunk[:n]
        actions += conn.sent(n)
    return bytes(out), actions


def test_fresh_connection():
    c = Connection()
    assert c.state is ConnState.OPEN
    assert c.should_read and not c.wants_write and not c.is_done
    assert c.data_to_send() == b""
    assert (c.bytes_in, c.bytes_out, c.buffered) == (0, 0, 0)
    assert c.high_water == 256 * 1024 and c.low_water == 64 * 1024


def test_echo_in_order_with_partial_sends():
    c = Connection()
    assert c.data_received(b"hello ") == ()
    assert c.data_received(b"world") == ()
    assert c.wants_write and c.buffered == 11
    assert c.sent(3) == ()
    assert bytes(c.data_to_send()) == b"lo "
    out, _ = drain(c)
    assert out == b"lo world"
    assert (c.bytes_in, c.bytes_out, c.buffered) == (11, 11, 0)
    assert not c.wants_write


def test_empty_data_is_nothing():
    c = Connection()
    assert c.data_received(b"") == ()
    assert c.buffered == 0


def test_sent_more_than_offered_is_an_error():
    c = Connection()
    c.data_received(b"abc")
    with pytest.raises(ValueError):
        c.sent(4)


def test_caller_buffer_is_copied():
    c = Connection()
    buf = bytearray(b"abc")
    c.data_received(buf)
    buf[:] = b"xyz"
    assert bytes(c.data_to_send()) == b"abc"


def test_watermarks_pause_and_resume():
    c = Connection(high_water=100, low_water=20)
    assert c.data_received(b"x" * 100) == ()  # at the mark: still reading
    assert c.data_received(b"x") == (PAUSE_READING,)
    assert c.state is ConnState.READING_PAUSED and not c.should_read and c.wants_write
    assert c.data_received(b"y") == ()  # already paused: no second PAUSE
    assert c.sent(50) == ()  # 52 left, above low
    assert c.sent(32) == (RESUME_READING,)  # 20 left: <= low water
    assert c.state is ConnState.OPEN and c.should_read


def test_eof_with_nothing_buffered_closes():
    c = Connection()
    assert c.eof_received() == (CLOSE,)
    assert c.is_done and c.state is ConnState.CLOSING and c.eof


def test_half_close_echoes_everything_then_closes():
    c = Connection()
    c.data_received(b"abcdef")
    assert c.eof_received() == ()
    assert c.state is ConnState.HALF_CLOSED and not c.should_read and c.wants_write and not c.is_done
    assert c.sent(4) == ()
    assert c.sent(2) == (CLOSE,)
    assert c.is_done and c.bytes_out == 6


def test_eof_while_paused():
    c = Connection(high_water=4, low_water=0)
    c.data_received(b"abcdef")
    assert c.state is ConnState.READING_PAUSED
    assert c.eof_received() == ()
    assert c.state is ConnState.HALF_CLOSED
    out, actions = drain(c)
    assert out == b"abcdef" and actions == [CLOSE]


def test_closed_drops_buffer_and_refuses_data():
    c = Connection()
    c.data_received(b"abc")
    c.closed()
    assert c.state is ConnState.CLOSED and c.is_done and not c.wants_write and c.buffered == 0
    with pytest.raises(RuntimeError):
        c.data_received(b"more")
    assert c.eof_received() == ()


def test_bad_watermarks():
    with pytest.raises(ValueError):
        Connection(high_water=10, low_water=11)


def test_small_chunks_are_coalesced():
    """A peer trickling single bytes must not cost one object per byte in the buffer."""
    c = Connection()
    for _ in range(10000):
        c.data_received(b"x")
    assert len(c._chunks) < 10
    out, _ = drain(c, limit=777)
    assert out == b"x" * 10000


def test_state_str():
    assert str(ConnState.READING_PAUSED) == "reading paused"


# -- properties ---------------------------------------------------------------------------------------

RECV = 64  # the largest "recv" of the simulated owner


@settings(max_examples=300, deadline=None)
@given(
    chunks=st.lists(st.binary(min_size=1, max_size=RECV), max_size=60),
    sends=st.lists(st.integers(min_value=0, max_value=200), max_size=200),
    high=st.integers(min_value=0, max_value=300),
    low_frac=st.floats(min_value=0.0, max_value=1.0),
    eof=st.booleans(),
)
def test_property_exact_echo_bounded_buffer(chunks, sends, high, low_frac, eof):
    """Arbitrary bytes in arbitrary chunks, with arbitrary partial sends, come back exactly and in order;
    an owner that reads only while should_read never buffers more than high water + one recv."""
    low = int(high * low_frac)
    c = Connection(high_water=high, low_water=low)
    pending = list(chunks)
    sends = list(sends)
    fed, out = bytearray(), bytearray()
    paused = False
    steps = 0
    while pending or c.wants_write:
        steps += 1
        assert steps < 10000
        if pending and c.should_read:
            data = pending.pop(0)
            fed += data
            actions = c.data_received(data)
            if PAUSE_READING in actions:
                assert not paused
                paused = True
        assert c.buffered <= high + RECV
        assert c.buffered == len(fed) - len(out)
        if c.wants_write:
            head = bytes(c.data_to_send())
            assert head  # something to send whenever it wants to write
            want = sends.pop(0) if sends else len(head)
            n = min(want, len(head))
            out += head[:n]
            actions = c.sent(n)
            if RESUME_READING in actions:
                assert paused and c.buffered <= low
                paused = False
            assert CLOSE not in actions
        assert paused == (c.state is ConnState.READING_PAUSED)
    assert bytes(out) == bytes(fed) == b"".join(chunks)
    assert c.bytes_in == c.bytes_out == len(fed)
    if eof:
        assert c.eof_received() == (CLOSE,)
        assert c.is_done


@settings(max_examples=200, deadline=None)
@given(
    chunks=st.lists(st.binary(min_size=1, max_size=100), min_size=1, max_size=30),
    sends=st.lists(st.integers(min_value=1, max_value=150), max_size=100),
)
def test_property_half_close_echoes_all_then_close(chunks, sends):
    c = Connection(high_water=10**9, low_water=0)
    for ch in chunks:
        c.data_received(ch)
    assert c.eof_received() == ()
    out, actions = bytearray(), []
    sends = list(sends)
    while c.wants_write:
        head = bytes(c.data_to_send())
        n = min(sends.pop(0) if sends else len(head), len(head))
        out += head[:n]
        actions += c.sent(n)
    assert bytes(out) == b"".join(chunks)
    assert actions == [CLOSE] and c.is_done
