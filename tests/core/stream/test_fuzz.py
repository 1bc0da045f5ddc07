"""The decoder against hostile input: only StreamError ever escapes, and what it buffers stays bounded."""

from __future__ import annotations

import struct

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from evsim.core.stream import HEADER_SIZE, MAX_FRAME, Decoder, Encoder, StreamError
from tests.core.stream.kinds import items_strategy, test_registry

REG = test_registry()
ITEMS = items_strategy(REG, text_size=24)  # short strings: the framing is what is fuzzed, and failures shrink fast
BOUND = MAX_FRAME + 4  # one frame and its length prefix (HEADER_SIZE is smaller)


def valid_stream(items) -> bytes:
    enc = Encoder(REG)
    return enc.header() + b"".join(enc.encode(i) for i in items)


def feed_all(data: bytes, cuts: list[int], end: bool = True) -> Decoder:
    """Feed ``data`` in pieces; returns the decoder.  Anything but StreamError fails the test."""
    d = Decoder(REG)
    edges = [0, *sorted(cuts), len(data)]
    try:
        for a, b in zip(edges, edges[1:]):
            d.feed(data[a:b])
            assert d.buffered <= BOUND
        if end:
            d.eof()
    except StreamError as e:
        assert str(e) and "\n" not in str(e)
        assert d.error == str(e)
        try:  # a failed decoder stays failed, with the same message
            d.feed(b"EVSM")
            raise AssertionError("a failed decoder accepted more input")
        except StreamError as again:
            assert str(again) == str(e)
    assert d.max_buffered <= BOUND
    return d


# No explain phase: on a failure it spends minutes walking the test's source; the shrunk example says enough.
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    phases=[p for p in Phase if p is not Phase.explain])


@SETTINGS
@given(data=st.binary(max_size=2000), with_header=st.booleans(), cuts=st.lists(st.integers(0, 2100), max_size=8))
def test_random_bytes(data, with_header, cuts):
    prefix = valid_stream([])[: HEADER_SIZE + (len(data) % 700)] if with_header else b""
    feed_all(prefix + data, [c for c in cuts if c <= len(prefix + data)])


@SETTINGS
@given(items=ITEMS, data=st.data())
def test_truncated_streams_say_so_or_end_cleanly(items, data):
    stream = valid_stream(items)
    cut = data.draw(st.integers(0, len(stream)))
    d = Decoder(REG)
    d.feed(stream[:cut])
    try:
        d.eof()
        clean = True
    except StreamError as e:
        clean = False
        assert str(e).startswith(("stream truncated inside a frame", "stream ended before its header"))
    assert clean == (d.bytes_consumed == cut and cut >= HEADER_SIZE)


@SETTINGS
@given(items=ITEMS, data=st.data())
def test_bit_flips(items, data):
    stream = bytearray(valid_stream(items))
    for _ in range(data.draw(st.integers(1, 4))):
        bit = data.draw(st.integers(0, len(stream) * 8 - 1))
        stream[bit // 8] ^= 1 << (bit % 8)
    cuts = data.draw(st.lists(st.integers(0, len(stream)), max_size=6))
    feed_all(bytes(stream), cuts)


@SETTINGS
@given(items=ITEMS, length=st.integers(MAX_FRAME + 1, 2 ** 32 - 1), data=st.data())
def test_oversized_length_prefixes_are_refused_before_the_payload(items, length, data):
    stream = valid_stream(items) + struct.pack("<I", length)
    cuts = data.draw(st.lists(st.integers(0, len(stream)), max_size=6))
    d = feed_all(stream + b"\x00" * 100, cuts, end=False)
    assert d.error is not None and f"frame of {length} bytes exceeds the {MAX_FRAME}-byte limit" in d.error


def test_a_huge_chunk_is_decoded_without_buffering_it():
    from evsim.core.echo.events import Received

    stream = valid_stream([Received(i, 7, i) for i in range(40_000)])  # 1.2 MB in one feed
    d = Decoder(REG)
    assert len(d.feed(stream)) == 40_000
    assert d.max_buffered <= HEADER_SIZE and d.buffered == 0
    d = Decoder(REG)
    d.feed(stream[:-5])  # all but the end of the last frame
    assert d.buffered == 30 - 5 and d.max_buffered <= BOUND


def test_a_frame_at_the_limit_is_buffered_then_refused():
    head = valid_stream([])
    d = Decoder(REG)
    d.feed(head + struct.pack("<IH", MAX_FRAME, 19) + b"\x00" * (MAX_FRAME - 10))
    assert d.buffered == MAX_FRAME - 4
    try:
        d.feed(b"\x00" * 100)
        raise AssertionError("a Ready frame of 65536 bytes was accepted")
    except StreamError as e:
        assert "Ready frame of 65536 bytes" in str(e)
    assert d.max_buffered <= BOUND and d.buffered == 0
