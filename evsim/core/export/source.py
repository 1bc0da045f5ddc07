"""Reading the events of a recording (or any stream saved to a file) for the export, a batch at a time.

A recording is a stream (docs/stream.md) plus an index (docs/recording.md); :class:`evsim.core.record.Recording`
reads both, and a stream without an index too (it scans it).  The export takes its events as deferred records
(no event objects are built: fields are read straight from the tuples), a batch at a time, so memory stays
bounded whatever the length.  A file that cannot be read as a recording at all, or holds no event, raises
:class:`SourceError` before anything is written; a recording cut short (a crash mid-write) or found damaged
part-way yields what comes before the damage, and :attr:`RecordingSource.problem` says where it ends.
"""

from __future__ import annotations

import os
from typing import Iterator

from evsim.core.record import Recording, RecordingError

__all__ = ["SourceError", "RecordingSource", "BATCH", "RECORDING_CONTROL_IDS"]

#: Records handed to the translator at a time.
BATCH = 16384
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

    def batches(self, size: int = BATCH) -> Iterator[list]:
        try:
            while self.read < self.total:
                recs: list = []
                broken = None
                try:
                    recs.extend(self.rec.iter_records(self.read, self.read + size))  # (keeps what came before an error)
                except RecordingError as e:  # a block found damaged only now: the trace ends before it
                    broken = str(e)
                self.read += len(recs)
                if recs:
                    yield recs
                if broken is not None or not recs:
                    self.problem = broken or self.problem
                    return
        finally:
            self.close()

    def close(self) -> None:
        self.rec.close()
