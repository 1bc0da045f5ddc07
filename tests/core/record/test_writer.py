"""RecordingWriter: the file is a valid stream with its index, private, and drops are counted where they happen."""

from __future__ import annotations

import os
import stat
import threading
import time

import pytest

from evsim.core.echo import events as ev
from evsim.core.events import materialize
from evsim.core.record import IndexMark, RecordEnd, Recording, RecordingError, RecordingWriter
from evsim.core.record.format import END_FRAME
from evsim.core.stream import REGISTRY, Decoder, Dropped, Encoder, Hello, UnknownEvent
from tests.core.record.samples import sample_events, write_recording
from tests.core.stream.kinds import LateKind
from tests.waiting import wait_until


def test_a_recording_is_a_stream_with_marks_and_a_trailer(tmp_path):
    path = tmp_path / "run.evrec"
    events = sample_events(100)
    w = write_recording(str(path), events, block_events=32)
    decoded = Decoder().feed(path.read_bytes())
    marks = [e for e in decoded if type(e) is IndexMark]
    plain = [e for e in decoded if type(e) not in (IndexMark, RecordEnd)]
    assert [materialize(e) for e in events] == plain
    assert [m.event for m in marks] == list(range(0, len(events), 32))
    assert type(decoded[-1]) is RecordEnd and decoded[-1].events == len(events) == w.events
    assert decoded[-1].dropped == 0 and w.dropped == 0
    # each mark points back at the previous one, and the trailer at the last
    data = path.read_bytes()
    offsets = [m.prev for m in marks[1:]] + [decoded[-1].last_mark]
    assert offsets == sorted(set(offsets)) and marks[0].prev == -1
    for at, m in zip(offsets, marks):
        assert Decoder().feed(data[:6] + Encoder().header()[6:] + data[at:at + 30])[0] == m


def test_the_file_is_created_private_even_over_an_existing_one(tmp_path):
    path = tmp_path / "run.evrec"
    path.write_bytes(b"old")
    os.chmod(path, 0o644)
    write_recording(str(path), [ev.Accepted(1, 7, "p")], producer="test")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with Recording.open(path) as rec:
        assert type(rec.event(0)) is Hello and rec.event(1) == ev.Accepted(1, 7, "p")


def test_an_unwritable_path_is_one_sentence(tmp_path):
    with pytest.raises(RecordingError, match="cannot write the recording .*: No such file or directory"):
        RecordingWriter(str(tmp_path / "no" / "such" / "dir.evrec"))


def test_a_failed_write_is_reported_and_then_everything_counts_as_dropped():
    w = RecordingWriter("/dev/full", flush_interval=0.001)
    w.write(ev.Accepted(1, 7, "p"))
    wait_until(lambda: w.error is not None, what="the write to /dev/full to fail")
    assert "No space left on device" in w.error
    w.write(ev.Accepted(2, 8, "p"))
    w.close()
    assert w.dropped >= 1


def test_when_the_disk_does_not_keep_up_events_are_dropped_counted_and_reported_in_place(tmp_path):
    fifo = tmp_path / "slow"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a "disk" nobody reads yet: the pipe fills up
    try:
        w = RecordingWriter(str(fifo), capacity=64 << 10, flush_interval=0.001)
        n = 20000
        for i in range(n):
            w.write(ev.Received(i, 7, i))
            if i == 1000:
                wait_until(lambda: w.pending_bytes == 0, what="the first events to reach the pipe")
        assert w.dropped > 0  # the pipe (64 KiB) and the writer's 64 KiB are far less than 20,000 events
        got = bytearray()
        done = threading.Event()

        def drain() -> None:
            while True:
                try:
                    chunk = os.read(reader, 1 << 16)
                except BlockingIOError:
                    if done.is_set():
                        return
                    time.sleep(0.001)
                    continue
                if not chunk:
                    return
                got.extend(chunk)

        t = threading.Thread(target=drain)
        t.start()
        wait_until(lambda: w.pending_bytes == 0, what="the reader to make room")
        w.write(ev.Received(n, 7, n))  # room again: a Dropped frame first, then this event
        w.close()
        done.set()
        t.join(10)
    finally:
        os.close(reader)
    events = [e for e in Decoder().feed(bytes(got)) if type(e) not in (IndexMark, RecordEnd)]
    drops = [e for e in events if type(e) is Dropped]
    assert sum(d.count for d in drops) == w.dropped
    values = [e.nbytes for e in events if type(e) is ev.Received]
    assert len(values) + w.dropped == n + 1 and values == sorted(values) and values[-1] == n
    # each Dropped frame sits exactly where its events are missing
    for i, e in enumerate(events):
        if type(e) is Dropped:
            assert events[i + 1].nbytes - events[i - 1].nbytes - 1 == e.count


def test_a_kind_registered_after_the_header_is_described_again_in_every_block(tmp_path):
    reg = REGISTRY.copy()
    path = tmp_path / "late.evrec"
    w = RecordingWriter(str(path), registry=reg, block_events=10)
    for i in range(30):
        w.write(ev.Received(i, 7, i))
    reg.register(LateKind, 250)  # after the header: described where it is first used
    for i in range(30):
        w.write(LateKind(100 + i, i, "s", 0))  # first used mid-block: described just before it
    w.close()
    with Recording.open(path) as rec:
        late = rec.event(55)  # its block is decoded alone: the description after its mark makes that work
        assert type(late) is UnknownEvent and late.name == "LateKind" and dict(late.fields)["fd"] == 25


def test_bytes_of_whole_frames_are_recorded_like_events(tmp_path):
    enc = Encoder()
    enc.header()
    events = sample_events(30)
    path = tmp_path / "frames.evrec"
    w = RecordingWriter(str(path), block_events=16)
    w.write(b"".join(enc.encode(e) for e in events))
    w.close()
    with Recording.open(path) as rec:
        assert rec.truncated is None and list(rec.iter_events()) == [materialize(e) for e in events]
    with pytest.raises(ValueError):
        RecordingWriter(str(tmp_path / "x.evrec")).write(b"\x05\x00\x00")


def test_the_trailer_is_the_last_frame(tmp_path):
    path = tmp_path / "t.evrec"
    write_recording(str(path), sample_events(10))
    length, kind, *_ = END_FRAME.unpack(path.read_bytes()[-END_FRAME.size:])
    assert (length, kind) == (END_FRAME.size - 4, 8)
