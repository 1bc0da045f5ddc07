"""Encoder and Decoder: every kind round-trips, any split of the bytes decodes the same, the header is checked."""

from __future__ import annotations

import dataclasses
import math
import struct
import subprocess
import sys

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from evsim.core.echo import events as echo_events
from evsim.core.events import Event, deferred, event, materialize
from evsim.core.stream import (CONTROL_IDS, ECHO_IDS, MAGIC, MAX_FRAME, MAX_STR, REGISTRY, VERSION, Command,
                               Decoder, Encoder, KindRegistry, StreamError, UnknownEvent)
from tests.core.stream.kinds import LateKind, Sample, comparable, items_strategy, test_registry

REG = test_registry()
PHASES = [p for p in Phase if p is not Phase.explain]  # explaining a failure walks the source for minutes


def decode_all(data: bytes, reg: KindRegistry = REG, cuts: list[int] = ()) -> list[Event]:
    d = Decoder(reg)
    out: list[Event] = []
    edges = [0, *sorted(cuts), len(data)]
    for a, b in zip(edges, edges[1:]):
        out += d.feed(data[a:b])
    d.eof()
    assert d.bytes_consumed == len(data)
    return out


@settings(max_examples=150, deadline=None, phases=PHASES)
@given(items=items_strategy(REG), data=st.data())
def test_every_kind_round_trips_whatever_the_split(items, data):
    enc = Encoder(REG)
    stream = enc.header() + b"".join(enc.encode(i) for i in items)
    cuts = data.draw(st.lists(st.integers(0, len(stream)), max_size=12))
    got = decode_all(stream, cuts=cuts)
    assert [comparable(e) for e in got] == [comparable(materialize(i)) for i in items]
    assert all(type(e) is type(materialize(i)) for e, i in zip(got, items))


@settings(max_examples=60, deadline=None, phases=PHASES)
@given(items=items_strategy(REG), data=st.data())
def test_records_mode_gives_the_deferred_records_of_the_same_events(items, data):
    enc = Encoder(REG)
    stream = enc.header() + b"".join(enc.encode(i) for i in items)
    edges = [0, *sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=6))), len(stream)]
    d = Decoder(REG, records=True)
    got = [r for a, b in zip(edges, edges[1:]) for r in d.feed(stream[a:b])]
    assert all(type(r) is tuple and r[0] is type(materialize(i)) for r, i in zip(got, items))
    assert [comparable(materialize(r)) for r in got] == [comparable(materialize(i)) for i in items]


def test_records_mode_for_a_kind_without_a_local_class():
    reg = REGISTRY.copy()
    reg.register(LateKind, 250)
    enc = Encoder(reg)
    d = Decoder(REGISTRY, records=True)
    (rec,) = d.feed(enc.header() + enc.encode(LateKind(1, 7, "open", 0)))
    assert materialize(rec) == UnknownEvent(1, "LateKind", (("fd", 7), ("state", "open"), ("buffered", 0)))


@settings(max_examples=50, deadline=None, phases=PHASES)
@given(items=items_strategy(REG))
def test_encode_into_appends_the_same_bytes(items):
    a, b = Encoder(REG), Encoder(REG)
    buf = bytearray(a.header())
    for i in items:
        a.encode_into(buf, i)
    assert bytes(buf) == b.header() + b"".join(b.encode(i) for i in items)


def test_every_echo_event_has_a_stable_id():
    echo = [n for n in echo_events.__all__
            if isinstance(getattr(echo_events, n), type) and issubclass(getattr(echo_events, n), Event)]
    assert sorted(echo) == sorted(ECHO_IDS), "add the new echo event to ECHO_IDS (never renumber)"
    assert all(REGISTRY.spec_of(getattr(echo_events, n)).kind_id == i for n, i in ECHO_IDS.items())
    assert min(ECHO_IDS.values()) >= 16 and max(CONTROL_IDS.values()) < 16
    assert REGISTRY.spec_of(echo_events.Ready).kind_id == 19  # published in docs/stream.md


def test_hot_kinds_have_fixed_size_frames():
    enc = Encoder()
    assert len(enc.encode(deferred(echo_events.Ready)(1, 7, 1))) == 30
    assert len(enc.encode(deferred(echo_events.Received)(1, 7, 5))) == 30
    assert len(enc.encode(deferred(echo_events.Sent)(1, 7, 5, False, 0))) == 39


def test_floats_keep_inf_nan_and_their_bits():
    enc = Encoder(REG)
    vals = [math.inf, -math.inf, math.nan, -0.0, 5e-324]
    stream = enc.header() + b"".join(enc.encode(Sample(0, x, True, "", 0)) for x in vals)
    got = [e.x for e in decode_all(stream)]
    assert [struct.pack("<d", x) for x in got] == [struct.pack("<d", x) for x in vals]


def test_long_strings_are_cut_at_a_character_boundary_and_surrogates_escaped():
    enc = Encoder(REG)
    long = "é" * MAX_STR  # 2 bytes each: twice the limit
    stream = enc.header() + enc.encode(Sample(0, 0.0, False, long, 0)) + enc.encode(Sample(1, 0.0, False, "a\udc80", 0))
    a, b = decode_all(stream)
    assert a.label == "é" * (MAX_STR // 2) and len(a.label.encode()) == MAX_STR
    assert b.label == "a\\udc80"


def test_unencodable_items_raise_value_error():
    enc = Encoder()

    @event
    class Stray(Event):
        n: int

    with pytest.raises(ValueError, match="not a registered stream kind"):
        enc.encode(Stray(0, 1))
    with pytest.raises(ValueError, match="Ready"):
        enc.encode(echo_events.Ready(0, 2 ** 64, 1))
    with pytest.raises(ValueError, match="Closed"):
        enc.encode((echo_events.Closed, 0, 7, "normal", 1))  # a record one field short


def test_registry_refuses_conflicts_and_bad_types():
    reg = KindRegistry()
    reg.register(Sample, 200)
    reg.register(Sample, 200)  # the same pair again: no-op
    with pytest.raises(ValueError, match="already"):
        reg.register(LateKind, 200)
    with pytest.raises(ValueError, match="already has kind id"):
        reg.register(Sample, 201)
    with pytest.raises(ValueError, match="outside"):
        reg.register(LateKind, 0)

    @event
    class Blob(Event):
        data: bytes

    @event
    class Wide(Event):
        a: str
        b: str
        c: str
        d: str
        e: str
        f: str
        g: str
        h: str
        i: str
        j: str
        k: str
        m: str
        n: str
        o: str
        p: str
        q: str

    with pytest.raises(TypeError, match="cannot travel"):
        reg.register(Blob, 300)
    with pytest.raises(ValueError, match="frame limit"):
        reg.register(Wide, 301)


def test_a_kind_registered_after_the_header_is_described_before_its_first_event():
    reg = REGISTRY.copy()
    enc = Encoder(reg)
    head = enc.header()
    reg.register(LateKind, 250)
    first = enc.encode(LateKind(5, 7, "open", 3))
    again = enc.encode(LateKind(6, 8, "paused", 0))
    assert len(first) > len(again)  # the first carries a schema frame
    # A reader that has the class decodes it; one that does not gets an UnknownEvent with the fields.
    assert decode_all(head + first + again, reg) == [LateKind(5, 7, "open", 3), LateKind(6, 8, "paused", 0)]
    unknown = decode_all(head + first + again, REGISTRY)
    assert unknown[0] == UnknownEvent(5, "LateKind", (("fd", 7), ("state", "open"), ("buffered", 3)))
    assert unknown[0].kind == "LateKind"


def test_a_kind_whose_fields_differ_locally_decodes_as_unknown():
    @event
    class Ready(Event):  # a producer whose Ready has one more field
        fd: int
        mask: int
        extra: int

    reg = KindRegistry()
    reg.register(Ready, 19)
    enc = Encoder(reg)
    got = decode_all(enc.header() + enc.encode(Ready(1, 7, 1, 9)), REGISTRY)
    assert got == [UnknownEvent(1, "Ready", (("fd", 7), ("mask", 1), ("extra", 9)))]


def frame(kind: int, body: bytes) -> bytes:
    return struct.pack("<IH", len(body) + 2, kind) + body


def schema(*kinds: tuple[int, str, list[tuple[str, int]]]) -> bytes:
    body = struct.pack("<H", len(kinds))
    for kid, name, fields in kinds:
        body += struct.pack("<HB", kid, len(name)) + name.encode() + bytes([len(fields)])
        for fname, code in fields:
            body += bytes([len(fname)]) + fname.encode() + bytes([code])
    return frame(0, body)


def test_a_kind_with_an_unknown_type_code_is_skipped_by_its_length():
    head = MAGIC + struct.pack("<H", VERSION)
    stream = (head + schema((100, "Future", [("blob", ord("y"))]), (101, "Tick", [("n", ord("q"))]))
              + frame(100, struct.pack("<q", 1) + b"\x00" * 13) + frame(101, struct.pack("<qq", 2, 42)))
    d = Decoder()
    assert d.feed(stream) == [UnknownEvent(2, "Tick", (("n", 42),))]
    assert d.frames_skipped == 1 and d.closed_cleanly()


@pytest.mark.parametrize("data, message", [
    (b"GIF89a", "not an evsim stream (bad magic)"),
    (b"EV\x00", "not an evsim stream (bad magic)"),
    (MAGIC + struct.pack("<H", 7), "stream format version 7 is newer than this evsim understands (1)"),
    (MAGIC + struct.pack("<H", 0), "not an evsim stream (format version 0)"),
    (MAGIC + b"\x01\x00" + struct.pack("<I", 9_000_000),
     "malformed stream: frame of 9000000 bytes exceeds the 65536-byte limit at byte 6"),
    (MAGIC + b"\x01\x00" + frame(19, struct.pack("<qqq", 1, 2, 3)),
     "malformed stream: frame of kind 19, which no schema frame described, at byte 6"),
    (MAGIC + b"\x01\x00" + schema((19, "Ready", [("fd", 113), ("mask", 113)])) + frame(19, b"\x00" * 20),
     "malformed stream: Ready frame of 22 bytes (it takes 26) at byte"),
    (MAGIC + b"\x01\x00" + schema((5, "A", []), (5, "B", [])), "kind 5 described twice"),
    (MAGIC + b"\x01\x00" + struct.pack("<IH", 1, 0), "frame of 1 bytes is too short to hold a kind id at byte 6"),
    (MAGIC + b"\x01\x00" + schema((17, "ServerStopped", [("reason", 115)]))
     + frame(17, struct.pack("<qH", 1, 2) + b"ok" + b"\x00"), "ServerStopped frame has 1 bytes after its last field"),
    (MAGIC + b"\x01\x00" + schema((17, "ServerStopped", [("reason", 115)]))
     + frame(17, struct.pack("<qH", 1, 3) + b"ok"), "ServerStopped frame: a string runs past the end of the frame"),
    (MAGIC + b"\x01\x00" + frame(0, schema((17, "S", [("reason", 115)]))[6:-1]), "schema frame cut short"),
    (MAGIC + b"\x01\x00" + frame(0, schema((17, "S", []))[6:] + b"\x00"),
     "schema frame has 1 bytes after its last kind"),
    (MAGIC + b"\x01\x00" + b"".join(schema((i, f"K{i}", [("f" * 200, 113)] * 250)) for i in range(1, 7)),
     "the schema frames exceed 262144 bytes"),
], ids=lambda v: v[:24] if isinstance(v, str) else "data")
def test_bad_streams_give_one_clear_sentence(data, message):
    d = Decoder()
    with pytest.raises(StreamError) as e:
        d.feed(data)
    assert message in str(e.value) and "\n" not in str(e.value)
    with pytest.raises(StreamError, match="^" + str(e.value)[:20]):  # it stays failed
        d.feed(Encoder().header())


def test_the_end_of_a_stream_is_checked():
    enc = Encoder()
    stream = enc.header() + enc.encode(Command(1, "step", ""))
    d = Decoder()
    d.feed(stream[:-3])
    assert not d.closed_cleanly()
    with pytest.raises(StreamError, match="^stream truncated inside a frame"):
        d.eof()
    with pytest.raises(StreamError, match="ended before its header"):
        Decoder().eof()
    d = Decoder()
    d.feed(stream)
    d.eof()
    assert d.events_decoded == 1 and d.version == VERSION


def test_events_before_a_bad_byte_are_kept_on_the_error():
    enc = Encoder()
    good = [Command(1, "a", ""), Command(2, "b", "")]
    stream = enc.header() + b"".join(map(enc.encode, good)) + struct.pack("<I", MAX_FRAME + 1)
    with pytest.raises(StreamError) as e:
        Decoder().feed(stream)
    assert e.value.events == good and e.value.offset == len(stream) - 4


def test_str_fields_must_be_utf8():
    head = MAGIC + b"\x01\x00" + schema((6, "Command", [("name", ord("s")), ("arg", ord("s"))]))
    bad = frame(6, struct.pack("<qH", 1, 2) + b"\xff\xfe" + struct.pack("<H", 0))
    with pytest.raises(StreamError, match="not valid UTF-8"):
        Decoder().feed(head + bad)
    assert Decoder().feed(head + frame(6, struct.pack("<qH", 1, 2) + b"ok" + struct.pack("<H", 0))) == [
        Command(1, "ok", "")]


def test_dataclass_fields_are_what_the_schema_says():
    enc = Encoder(REG)
    d = Decoder(REG)
    d.feed(enc.header())
    for spec in REG.specs():
        assert d.kinds[spec.kind_id][0] == spec.name
        assert [n for n, _ in d.kinds[spec.kind_id][1]] == [f.name for f in dataclasses.fields(spec.cls)][1:]


def test_importing_the_stream_does_not_import_the_echo_server():
    # The echo server imports evsim.core.stream: were the stream to import evsim.core.echo back at once,
    # whichever is imported first would meet the other half-initialised.
    code = ("import sys, evsim.core.stream as s; assert 'evsim.core.echo' not in sys.modules; "
            "assert s.REGISTRY.spec_of(__import__('evsim.core.echo.events').core.echo.events.Ready).kind_id == 19")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def test_kinds_registered_later_load_on_first_use():
    reg = KindRegistry()
    reg.register_later(lambda r: r.register(Sample, 200))
    assert reg.spec_of(Sample).kind_id == 200 and len(reg) == 1
