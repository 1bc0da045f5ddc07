"""Opening a recording: check its header and schema, then find its blocks without decoding its events.

A cleanly closed recording ends with a RecordEnd trailer pointing at the last IndexMark; the marks point back
at each other, so the block table costs one small read per block (a few milliseconds for a million events).
A recording without a valid trailer (its writer crashed, or a plain stream saved to a file) is scanned
frame by frame -- only the lengths and kind ids are read -- and the scan stops at the cut, which
``Index.truncated`` then describes.  Both paths give the same table: block ``b`` starts at byte
``offsets[b]`` with event number ``firsts[b]`` at time ``times[b]``.
"""

from __future__ import annotations

import mmap
import os
import stat
import struct
from array import array
from dataclasses import dataclass, field

from evsim.core.stream import Decoder, StreamError
from evsim.core.stream.wire import FRAME_HEAD, HEADER_SIZE, MAX_FRAME, SCHEMA_KIND
from evsim.core.record.format import (BLOCK_EVENTS, END_FRAME, INDEX_KINDS, INDEX_MARK_ID, MARK_FRAME,
                                      RECORD_END_ID, RecordingError)

__all__ = ["Index", "build_index", "map_file"]

_T = FRAME_HEAD.size  # the event's t_ns follows the frame head
_I64 = struct.Struct("<q")


@dataclass
class Index:
    """Where a recording's blocks start, and what its first bytes say."""

    size: int  #: bytes of the recording that hold whole frames (the cut, for a truncated file)
    prefix: bytes  #: header and every schema frame: what a decoder needs before any block
    events: int = 0
    offsets: array = field(default_factory=lambda: array("q"))
    firsts: array = field(default_factory=lambda: array("q"))
    times: array = field(default_factory=lambda: array("q"))
    truncated: str | None = None
    dropped: int | None = None  #: the trailer's count of dropped events (None: no trailer)
    kinds: dict = field(default_factory=dict)  #: kind id -> (name, fields), as the schema describes them
    from_trailer: bool = False

    def end_of(self, block: int) -> int:
        return self.offsets[block + 1] if block + 1 < len(self.offsets) else self.size


def map_file(path: str) -> tuple[int, "mmap.mmap | bytes"]:
    """The file's bytes (a read-only map; bytes for an empty file); RecordingError if it cannot be read."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block here, a device never end
            raise RecordingError(f"cannot read {path}: not a regular file")
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size == 0:
                return 0, b""
            return size, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as e:
        raise RecordingError(f"cannot read {path}: {getattr(e, 'strerror', None) or e}") from None


def build_index(path: str, data, size: int, block_events: int = BLOCK_EVENTS) -> Index:
    """The block table of the recording in ``data`` (``size`` bytes); RecordingError for a file that is not a
    readable recording at all (foreign, newer, corrupt before its first event)."""
    name = os.path.basename(path)
    if size < HEADER_SIZE:
        if size == 0:
            raise RecordingError(f"{name} is empty: not an evsim recording")
        _check_header(name, data[:size])
        raise RecordingError(f"{name} ends inside its header ({size} bytes): nothing to replay")
    _check_header(name, data[:HEADER_SIZE])
    dec = Decoder()
    dec.feed(data[:HEADER_SIZE])
    pos = HEADER_SIZE
    if size - pos < 6:
        raise RecordingError(f"{name} ends before its schema: nothing to replay")
    length, kind = FRAME_HEAD.unpack_from(data, pos)
    if kind != SCHEMA_KIND or not 2 <= length <= MAX_FRAME:
        raise RecordingError(f"{name} is not a valid evsim recording: its first frame is not a schema")
    if pos + 4 + length > size:
        raise RecordingError(f"{name} ends inside its schema: nothing to replay")
    try:
        dec.feed(data[pos:pos + 4 + length])
    except StreamError as e:
        raise RecordingError(f"{name} is not a valid evsim recording: {e}") from None
    pos += 4 + length
    index = Index(size, bytes(data[:pos]), kinds=dec.kinds)
    if not _from_trailer(data, size, pos, index):
        _scan(data, size, pos, index, dec, block_events)
    return index


def _check_header(name: str, head) -> None:
    try:
        Decoder().feed(head)
    except StreamError as e:
        msg = str(e)
        if "bad magic" in msg or "version 0" in msg:
            raise RecordingError(f"{name} is not an evsim recording ({msg.split('(', 1)[-1].rstrip(')')})") from None
        raise RecordingError(f"cannot replay {name}: {msg}") from None


def _has_index_kinds(kinds: dict) -> bool:
    return all(kinds.get(k) == v for k, v in INDEX_KINDS.items())


def _from_trailer(data, size: int, start: int, index: Index) -> bool:
    """Fill ``index`` from the trailer and the chain of marks; False (index untouched) when anything is off."""
    if not _has_index_kinds(index.kinds) or size - start < END_FRAME.size:
        return False
    length, kind, _t, events, dropped, last = END_FRAME.unpack_from(data, size - END_FRAME.size)
    if length != END_FRAME.size - 4 or kind != RECORD_END_ID or events < 0:
        return False
    chain: list[tuple[int, int, int]] = []
    at, below = last, size - END_FRAME.size
    while at >= 0:
        if not start <= at <= below - MARK_FRAME.size:
            return False
        length, kind, t, first, prev = MARK_FRAME.unpack_from(data, at)
        if length != MARK_FRAME.size - 4 or kind != INDEX_MARK_ID or prev >= at or first < 0 or \
                (chain and first >= chain[-1][1]):
            return False
        chain.append((at, first, t))
        at, below = prev, at
    if at != -1 or (chain and chain[-1][1] != 0) or (not chain and events):
        return False
    chain.reverse()
    # The frames after the last mark must lead exactly to the trailer, with as many events as it says.
    tail_from = chain[-1][0] if chain else start
    tail = _hop(data, tail_from, size - END_FRAME.size)
    if tail is None or (chain[-1][1] if chain else 0) + tail != events:
        return False
    for at, first, t in chain:
        index.offsets.append(at)
        index.firsts.append(first)
        index.times.append(t)
    index.events, index.dropped, index.from_trailer = events, dropped, True
    index.size = size - END_FRAME.size
    return True


def _hop(data, pos: int, end: int) -> int | None:
    """Events (frames other than schema and index ones) from ``pos`` to exactly ``end``; None if they do not
    end there."""
    head = FRAME_HEAD.unpack_from
    n = 0
    while pos < end:
        if end - pos < 6:
            return None
        length, kind = head(data, pos)
        if length < 2 or length > MAX_FRAME:
            return None
        pos += 4 + length
        if kind != SCHEMA_KIND and kind != INDEX_MARK_ID and kind != RECORD_END_ID:
            n += 1
    return n if pos == end else None


def _scan(data, size: int, pos: int, index: Index, dec: Decoder, block_events: int) -> None:
    """Every frame's length and kind, from ``pos``: a block every ``block_events`` events; stops at the cut."""
    skip = {SCHEMA_KIND}
    if _has_index_kinds(index.kinds):
        skip |= {INDEX_MARK_ID, RECORD_END_ID}
    head = FRAME_HEAD.unpack_from
    t_of = _I64.unpack_from
    offsets, firsts, times = index.offsets, index.firsts, index.times
    described = dec.kinds
    prefix = bytearray(index.prefix)
    n = 0
    next_block = 0
    why = None
    last_kind = -1
    while True:
        left = size - pos
        if left == 0:
            break
        if left < 6:
            why = _cut(pos, n, "inside a frame's length")
            break
        length, kind = head(data, pos)
        if length < 2 or length > MAX_FRAME:
            why = _corrupt(pos, n, f"a frame of {length} bytes")
            break
        end = pos + 4 + length
        if end > size:
            why = _cut(pos, n, "inside a frame")
            break
        if kind in skip:
            if kind == SCHEMA_KIND:
                frame = data[pos:end]
                try:
                    dec.feed(frame)
                except StreamError as e:
                    why = _corrupt(pos, n, str(e).split(": ", 1)[-1].rsplit(" at byte", 1)[0])
                    break
                prefix += frame
                skip |= {k for k in (INDEX_MARK_ID, RECORD_END_ID) if _has_index_kinds(described)}
        elif kind not in described:
            why = _corrupt(pos, n, f"a frame of kind {kind}, which no schema described")
            break
        else:
            if length < 10:
                why = _corrupt(pos, n, f"an event frame of {length} bytes")
                break
            if n == next_block:
                offsets.append(pos)
                firsts.append(n)
                times.append(t_of(data, pos + _T)[0])
                next_block += block_events
            n += 1
        last_kind = kind
        pos = end
    if why is None and last_kind == RECORD_END_ID and RECORD_END_ID in skip:
        pass  # closed cleanly; only its index did not add up (a write that raced with close)
    elif why is None:
        why = (f"the recording has no end mark (its writer did not close it): replaying the {n:,} events it "
               "holds")
    index.truncated = why
    index.events = n
    index.size = pos
    index.prefix = bytes(prefix)


def _cut(pos: int, n: int, where: str) -> str:
    return f"the recording is cut at byte {pos:,} {where} (its writer stopped mid-write): replaying the {n:,} " \
           "events before the cut"


def _corrupt(pos: int, n: int, what: str) -> str:
    return f"the recording is corrupt at byte {pos:,} ({what}): replaying the {n:,} events before it"
