"""Frames written by the producer itself (frame_packer + StreamWriter.emit_frames), as the echo server's fused
loop writes them: decoded like any event, bounded by the writer's capacity, drops counted where they happen."""

from __future__ import annotations

import socket

import pytest

from evsim.core.events import ListSink
from evsim.core.record.tap import RecordTap
from evsim.core.stream import Dropped, StreamReader, StreamWriter
from evsim.core.stream.encoder import Encoder, frame_packer
from evsim.core.stream.framesink import FrameListSink
from evsim.core.watch.events import Recv, Send, SourceFile
from tests.waiting import wait_until


def recv_frames(*ts: int) -> bytes:
    pack, length, kind = frame_packer(Recv)
    return b"".join(pack(length, kind, t, 5, t, 65536, 0, 1, 60) for t in ts)


def test_frame_packer_makes_what_the_encoder_makes():
    pack, length, kind = frame_packer(Send)
    assert pack(length, kind, 10, 5, 100, 200, 0, 1, 77) == Encoder().encode(Send(10, 5, 100, 200, 0, 1, 77))
    with pytest.raises(ValueError):
        frame_packer(SourceFile)  # a str field: not fixed-size


def test_emit_frames_are_read_as_events_in_order_with_emitted_ones():
    a, b = socket.socketpair()
    writer, reader = StreamWriter(a), StreamReader(b)
    writer.emit(Recv(1, 5, 1, 65536, 0, 1, 60))
    writer.emit_frames(recv_frames(2, 3, 4), 3)
    writer.emit(Recv(5, 5, 5, 65536, 0, 1, 60))
    writer.flush()
    got: list = []
    wait_until(lambda: got.extend(reader.read()) or len([e for e in got if type(e) is Recv]) == 5, what="5 events")
    assert [e.t_ns for e in got if type(e) is Recv] == [1, 2, 3, 4, 5]
    assert writer.emitted == 5 and writer.dropped == 0
    writer.close()
    b.close()


def test_frames_that_do_not_fit_are_dropped_whole_and_counted_in_the_stream():
    a, b = socket.socketpair()
    writer = StreamWriter(a, capacity=200)
    a_frame = len(recv_frames(0))
    writer.emit_frames(recv_frames(1), 1)  # fits (pending: the header went out at once)
    writer.emit_frames(recv_frames(*range(2, 12)), 10)  # 10 frames > 200 bytes: all dropped
    assert writer.dropped == 10 and 10 * a_frame > 200
    writer.flush()
    writer.emit_frames(recv_frames(12), 1)  # room again: the Dropped frame goes first
    writer.flush()
    reader = StreamReader(b)
    got: list = []
    wait_until(lambda: got.extend(reader.read()) or any(getattr(e, "t_ns", 0) == 12 for e in got), what="last")
    seen = [(type(e).__name__, e.t_ns, getattr(e, "count", None)) for e in got if type(e) in (Recv, Dropped)]
    assert seen == [("Recv", 1, None), ("Dropped", 2, 10), ("Recv", 12, None)]
    writer.close()
    b.close()


def test_a_record_tap_gives_frames_to_its_sink_and_its_recording(tmp_path):
    from evsim.core.record import Recording

    sink = FrameListSink()
    tap = RecordTap(sink)
    w = tap.start(str(tmp_path / "r.evrec"))
    tap.emit_frames(recv_frames(1), 1)  # (the first event of a recording has an index mark before it)
    w.write = None  # a block with no index mark inside goes in whole (emit_frames), never frame by frame
    tap.emit_frames(recv_frames(2, 3), 2)
    del w.write
    tap.stop()
    assert [e.t_ns for e in sink.of(Recv)] == [1, 2, 3]
    with Recording.open(str(tmp_path / "r.evrec")) as rec:
        assert [e.t_ns for e in rec.iter_events() if type(e) is Recv] == [1, 2, 3]
    assert not hasattr(RecordTap(ListSink()), "emit_frames")  # a sink without frames: no frames here either


def test_a_recording_of_frame_blocks_keeps_its_index_every_block_events(tmp_path):
    from evsim.core.record import Recording, RecordingWriter

    path = str(tmp_path / "r.evrec")
    w = RecordingWriter(path, block_events=100)
    for start in range(0, 1000, 7):  # blocks of 7 events: an index mark falls inside one block in ~7
        ts = range(start + 1, min(start + 8, 1001))
        w.emit_frames(recv_frames(*ts), len(ts))
    w.close()
    assert w.events == 1000 and w.dropped == 0
    with Recording.open(path) as rec:
        assert len(rec) == 1000
        assert [rec.event(i).t_ns for i in (0, 99, 100, 101, 555, 999)] == [1, 100, 101, 102, 556, 1000]
        index = rec._index
        assert index.from_trailer and list(index.firsts) == list(range(0, 1000, 100))  # marks as if one by one
