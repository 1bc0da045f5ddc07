"""A recording's own kinds (ids 7 and 8 of the stream's control range) and its one error type.

A recording is an event stream (docs/stream.md) written to a file, plus what seeking needs
(docs/recording.md): an :class:`IndexMark` frame before every ``BLOCK_EVENTS``-th event, each pointing back
at the previous one, and a :class:`RecordEnd` trailer, the file's last frame, pointing at the last mark.
"""

from __future__ import annotations

import struct

from evsim.core.events import Event, event
from evsim.core.stream import REGISTRY

__all__ = ["IndexMark", "RecordEnd", "RecordState", "RecordingError", "RECORD_STATE_ID", "INDEX_MARK_ID", "RECORD_END_ID", "BLOCK_EVENTS",
           "INDEX_KINDS", "MARK_FRAME", "END_FRAME", "FORMAT_VERSION"]

#: docs/recording.md's version of the index layout (the stream format's version is the header's).
FORMAT_VERSION = 1
INDEX_MARK_ID = 7
RECORD_END_ID = 8
RECORD_STATE_ID = 9
#: Events between two index marks: a block is the unit the reader decodes on demand.
BLOCK_EVENTS = 1024


@event
class IndexMark(Event):
    """Event number ``event`` starts here (``t_ns`` is its time); ``prev`` is the byte offset of the previous
    IndexMark frame in the file, -1 for the first.  Not an event of the recording: readers skip it."""

    event: int
    prev: int


@event
class RecordEnd(Event):
    """The recording ended cleanly with ``events`` events (``dropped`` of the producer's were lost on the way);
    ``last_mark`` is the byte offset of the last IndexMark frame (-1: none).  Always the file's last frame."""

    events: int
    dropped: int
    last_mark: int


@event
class RecordState(Event):
    """A producer's recording (the echo server process's ``record FILE`` command): ``recording`` while it
    writes ``path``; ``events`` written and ``dropped`` so far; ``error`` why it could not start or stopped
    ("" when none).  Sent to the window now and then while recording, and when it starts or stops."""

    path: str
    recording: bool
    events: int
    dropped: int
    error: str


REGISTRY.register(IndexMark, INDEX_MARK_ID)
REGISTRY.register(RecordEnd, RECORD_END_ID)
REGISTRY.register(RecordState, RECORD_STATE_ID)

#: Whole frames (u32 length, u16 kind, int64 t_ns, fields): both kinds are fixed-size.
MARK_FRAME = struct.Struct("<IHqqq")
END_FRAME = struct.Struct("<IHqqqq")
#: The descriptions a reader must find in the schema before it trusts frames of ids 7 and 8 as an index.
INDEX_KINDS = {
    INDEX_MARK_ID: ("IndexMark", (("event", ord("q")), ("prev", ord("q")))),
    RECORD_END_ID: ("RecordEnd", (("events", ord("q")), ("dropped", ord("q")), ("last_mark", ord("q")))),
}


class RecordingError(Exception):
    """A recording cannot be opened or read; ``str(e)`` is one sentence a user can act on."""
