"""Recordings: the event stream written to a file with an index for seeking (docs/recording.md).

Writer side: :class:`RecordingWriter` (a sink that never blocks its producer; drops only when the disk cannot
keep up, and counts them), :class:`Tee` and :class:`RecordTap` to put it in front of a producer.  Reader side:
:meth:`Recording.open` (RecordingError: one sentence), random access to events, ``scene_at(i)`` from keyframes,
``find`` and ``index_at``.
"""

from __future__ import annotations

from evsim.core.record.format import (BLOCK_EVENTS, FORMAT_VERSION, IndexMark, RecordEnd, RecordingError)
from evsim.core.record.reader import KEYFRAME_EVERY, Recording
from evsim.core.record.tap import RecordTap, Tee, snapshot_events
from evsim.core.record.writer import RecordingWriter

__all__ = ["Recording", "RecordingWriter", "RecordingError", "RecordTap", "Tee", "IndexMark", "RecordEnd",
           "BLOCK_EVENTS", "KEYFRAME_EVERY", "FORMAT_VERSION", "snapshot_events"]
