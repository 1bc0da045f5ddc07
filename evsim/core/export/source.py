"""Reading the events of a recording or any stream file, chunk by chunk, for the export.

A recording is a stream (docs/stream.md) plus what seeking needs (index frames of kinds 7-15, described in
its schema): :class:`StreamFile` decodes it with :class:`evsim.core.stream.Decoder` in deferred-record mode
(no event objects are built: the export reads fields straight from the records), a megabyte at a time, so
memory stays bounded whatever the length.  A file that is not a stream at all, or has no event, raises
:class:`SourceError` before anything is written; a file cut short (a crash mid-write) or damaged part-way
yields what comes before the damage, and :attr:`StreamFile.problem` says where it ends.
"""

from __future__ import annotations

import os
from typing import Iterator

from evsim.core.stream import MAGIC, Decoder, StreamError

__all__ = ["SourceError", "StreamFile", "CHUNK", "RECORDING_CONTROL_IDS"]

CHUNK = 1 << 20
#: Kind ids a recording uses for its own frames (index, keyframe markers): not events of the run.
RECORDING_CONTROL_IDS = range(7, 16)


class SourceError(Exception):
    """The file cannot be exported at all; ``str(e)`` is one sentence."""


class StreamFile:
    """The records of one stream file.  ``batches()`` yields lists of records; then ``problem`` is None or
    one sentence on where the file ends early, and ``events`` counts what was read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.events = 0
        self.problem: str | None = None
        self.decoder = Decoder(records=True)
        try:
            self.size = os.path.getsize(path)
            self._f = open(path, "rb")
        except OSError as e:
            raise SourceError(f"cannot read {path}: {e.strerror or e}") from None
        self._first = self._read_first()

    @property
    def bytes_read(self) -> int:
        return self.decoder.bytes_consumed

    def control_kind_names(self) -> set[str]:
        """Names of the kinds the file's schema gives ids 7-15 (the recording's own frames)."""
        return {name for kid, (name, _f) in self.decoder.kinds.items() if kid in RECORDING_CONTROL_IDS}

    def _fail(self, e: StreamError) -> None:
        where = f" at byte {e.offset}" if e.offset is not None and "byte" not in str(e) else ""
        self.problem = f"{e}{where}"

    def _decode(self, data: bytes) -> tuple[list, StreamError | None]:
        """Records completed by ``data`` (empty data: the end of the file), and the error that ended it."""
        try:
            recs = self.decoder.feed(data) if data else []
        except StreamError as e:
            return e.events, e
        if len(data) < CHUNK:  # a short read: the end of the file
            try:
                self.decoder.eof()
            except StreamError as e:
                return recs, e
        return recs, None

    def _read_first(self) -> list:
        """The first chunk, decoded now: a foreign or empty file is refused before any output exists."""
        data = self._read(CHUNK)
        recs, err = self._decode(data)
        self._done = err is not None or len(data) < CHUNK
        if not recs:
            if err is not None and (self.decoder.version is None or not self.decoder.kinds):
                self.close()
                if data[:len(MAGIC)] != MAGIC:
                    raise SourceError(f"{self.path} is not an evsim recording or stream (it does not start "
                                      "with EVSM)")
                raise SourceError(f"cannot read {self.path}: {err}")
            if self._done:
                self.close()
                why = f": {err}" if err is not None else " (an evsim stream with its header only)"
                raise SourceError(f"{self.path} holds no event{why}")
        if err is not None:
            self._fail(err)
        return recs

    def _read(self, n: int) -> bytes:
        try:
            return self._f.read(n)
        except OSError as e:
            raise SourceError(f"cannot read {self.path}: {e.strerror or e}") from None

    def batches(self) -> Iterator[list]:
        first, self._first = self._first, []
        self.events += len(first)
        yield first
        try:
            while not self._done:
                data = self._read(CHUNK)
                recs, err = self._decode(data)
                if err is not None or len(data) < CHUNK:
                    self._done = True
                if err is not None:
                    self._fail(err)
                if recs:
                    self.events += len(recs)
                    yield recs
        finally:
            self.close()

    def close(self) -> None:
        f = getattr(self, "_f", None)
        if f is not None:
            f.close()
