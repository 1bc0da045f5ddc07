"""Bad recordings: a cut file replays up to the cut and says where; anything else is one RecordingError."""

from __future__ import annotations

import struct

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from evsim.core.events import materialize
from evsim.core.record import Recording, RecordingError
from evsim.core.record.format import END_FRAME
from evsim.core.stream import HEADER_SIZE
from tests.core.record.samples import damaged_recordings, sample_events, sample_recording

PHASES = [p for p in Phase if p is not Phase.explain]


def _write(tmp_path, data: bytes, name: str = "r.evrec"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _schema_end(data: bytes) -> int:
    return HEADER_SIZE + 4 + struct.unpack_from("<I", data, HEADER_SIZE)[0]


def test_a_recording_cut_anywhere_replays_what_comes_before_the_cut(tmp_path):
    good = sample_recording(60, 16)
    events = [materialize(e) for e in sample_events(60)]
    start = _schema_end(good)
    for cut in list(range(start, len(good), 7)) + [len(good) - 1]:
        path = _write(tmp_path, good[:cut])
        with Recording.open(path) as rec:
            got = list(rec.iter_events())
            assert got == events[:len(got)], cut
            assert rec.truncated and "replaying the" in rec.truncated, cut
            assert f"{len(got):,} events" in rec.truncated
            if cut < len(good) - END_FRAME.size:
                assert len(got) < len(events)
            if len(got):
                rec.scene_at(len(got) - 1)


def test_a_cut_inside_the_header_or_schema_is_one_sentence(tmp_path):
    good = sample_recording(60, 16)
    for cut, match in [(0, "is empty"), (3, "ends inside its header"), (HEADER_SIZE, "ends before its schema"),
                       (HEADER_SIZE + 20, "ends inside its schema")]:
        with pytest.raises(RecordingError, match=match):
            Recording.open(_write(tmp_path, good[:cut]))


def test_a_recording_without_its_trailer_says_so_and_loses_nothing(tmp_path):
    good = sample_recording(60, 16)
    with Recording.open(_write(tmp_path, good[:-END_FRAME.size])) as rec:
        assert len(rec) == len(sample_events(60)) and "no end mark" in rec.truncated


def test_a_damaged_index_is_rebuilt_by_scanning(tmp_path):
    good = bytearray(sample_recording(60, 16))
    struct.pack_into("<q", good, len(good) - 8, 12345)  # the trailer's last_mark points at nothing
    with Recording.open(_write(tmp_path, bytes(good))) as rec:
        assert rec.truncated is None and list(rec.iter_events()) == [materialize(e) for e in sample_events(60)]


def test_a_trailer_that_does_not_add_up_is_not_trusted(tmp_path):
    good = bytearray(sample_recording(60, 16))
    events = [materialize(e) for e in sample_events(60)]
    struct.pack_into("<q", good, len(good) - 24, len(events) + 5)  # the trailer's event count is wrong
    with Recording.open(_write(tmp_path, bytes(good))) as rec:
        assert len(rec) == len(events) and list(rec.iter_events()) == events


@pytest.mark.parametrize("data, match", [
    (b"GIF89a" + bytes(100), "is not an evsim recording \\(bad magic\\)"),
    (b"EVSM\x09\x00" + bytes(100), "format version 9 is newer than this evsim understands"),
    (b"EVSM\x00\x00" + bytes(100), "is not an evsim recording \\(format version 0\\)"),
    (b"EVSM\x01\x00\x08\x00\x00\x00\x13\x00" + bytes(8), "its first frame is not a schema"),
    (b"EVSM\x01\x00\x04\x00\x00\x00\x00\x00\x05\x00", "not a valid evsim recording: malformed"),
])
def test_foreign_newer_and_corrupt_files_are_one_sentence(tmp_path, data, match):
    with pytest.raises(RecordingError, match=match) as info:
        Recording.open(_write(tmp_path, data))
    assert "\n" not in str(info.value)


def test_a_corrupt_frame_in_the_middle_is_found_when_its_block_is_read(tmp_path):
    good = sample_recording(60, 16)
    at = good.index(b"127.0.0.1:40007")  # the peer string of an Accepted frame
    bad = good[:at] + b"\xff" + good[at + 1:]  # not UTF-8 any more: the frame's length still holds
    with Recording.open(_write(tmp_path, bad)) as rec:
        assert len(rec) == len(sample_events(60))
        rec.event(len(rec) - 1)  # other blocks read fine
        frame = at - 4 - 2 - 8 - 8 - 2  # length, kind, t_ns, fd, the string's length
        with pytest.raises(RecordingError, match=f"corrupt at byte {frame:,}") as info:
            rec.event(3)
        assert "not valid UTF-8" in str(info.value)


@settings(max_examples=200, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged_recordings())
def test_any_damaged_recording_opens_or_is_refused_in_one_sentence(tmp_path, data):
    path = _write(tmp_path, data)
    try:
        with Recording.open(path, keyframe_every=16) as rec:
            n = len(rec)
            for _ in rec.iter_events():
                pass
            if n:
                rec.scene_at(n - 1)
                rec.find(-1, 1, "Closed", 7)
                rec.index_at(rec.t_ns(n - 1))
            rec.files
    except RecordingError as e:
        assert str(e) and "\n" not in str(e)
