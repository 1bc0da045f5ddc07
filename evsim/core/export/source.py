"""Reading the events of a recording (or any stream saved to a file) for the export, a batch at a time.

A recording is a stream (docs/stream.md) plus an index (docs/recording.md); :class:`evsim.core.record.Recording`
opens it (and a stream without an index too: it scans it), which checks it and says how many events it holds
and where it is cut, if it is.  The export then decodes it front to back as deferred records (no event objects
are built: fields are read straight from the tuples), half a megabyte at a time, so memory stays bounded
whatever the length.  A file that cannot be read as a recording at all, or holds no event, raises
:class:`SourceError` before anything is written; a recording cut short (a crash mid-write) or found damaged
part-way yields what comes before the damage, and :attr:`RecordingSource.problem` says where it ends.
"""

from __future__ import annotations

import os
from typing import Iterator

from evsim.core.record import IndexMark, RecordEnd, Recording, RecordingError
from evsim.core.stream import Decoder, StreamError

__all__ = ["SourceError", "RecordingSource", "CHUNK", "RECORDING_CONTROL_IDS"]

#: Bytes of the file decoded at a time.
CHUNK = 1 << 19
_INDEX = (IndexMark, RecordEnd)
#: Kind ids the stream keeps for itself and recordings (index, trailer): never events of the run.
RECORDING_CONTROL_IDS = range(7, 16)


class SourceError(Exception):
    """The file cannot be exported at all; ``str(e)`` is one sentence."""


class RecordingSource:
    """The records of one recording.  ``batches()`` yields lists of records; ``problem`` is None or one
    sentence on where the recording ends early; ``read`` counts the events handed out so far."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.rec = Recording.open(path)
        except RecordingError as e:
            raise SourceError(str(e)) from None
        self.total = len(self.rec)
        if not self.total:
            self.rec.close()
            why = f": {self.rec.truncated}" if self.rec.truncated else ""
            raise SourceError(f"{os.path.basename(path)} holds no event to export{why}")
        # (the reader's sentence says "replaying the N events"; here they are exported)
        self.problem: str | None = self.rec.truncated and self.rec.truncated.replace(": replaying", ": exporting")
        self.read = 0

    def control_kind_names(self) -> set[str]:
        """Names of the kinds the file's schema gives ids 7-15 (a recording's own frames, e.g. a newer index)."""
        return {name for kid, (name, _f) in self.rec.kinds.items() if kid in RECORDING_CONTROL_IDS}

    def batches(self, size: int = CHUNK) -> Iterator[list]:
        """The records in order, about ``size`` bytes of the file at a time.

        The file is decoded front to back with one Decoder (a recording is a stream: its index frames are
        dropped here), which is what an export wants: the reader's random access would cost more per event.
        The decoding stops where the reader found the file cut (its ``truncated``) or where a frame is found
        damaged now (``problem`` then says where)."""
        self.rec.close()
        decoder = Decoder(records=True)
        try:
            with open(self.path, "rb") as f:
                while self.read < self.total:
                    data = f.read(size)
                    try:
                        recs = decoder.feed(data) if data else []
                        broken = None
                    except StreamError as e:
                        recs, broken = e.events, e
                    recs = [r for r in recs if r[0] not in _INDEX]
                    if len(recs) > self.total - self.read:  # (frames after the cut the reader stopped at)
                        del recs[self.total - self.read:]
                    self.read += len(recs)
                    if recs:
                        yield recs
                    if broken is not None:
                        if self.read < self.total or self.problem is None:
                            self.problem = f"the recording is damaged: {broken}: exporting the {self.read:,} " \
                                           "events before it"
                        return
                    if not data:
                        return
        except OSError as e:
            raise SourceError(f"cannot read {self.path}: {e.strerror or e}") from None

    def close(self) -> None:
        self.rec.close()
