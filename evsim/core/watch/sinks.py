"""Where a watched run's stream can go besides the window: a recording file (``evsim run --record FILE``)."""

from __future__ import annotations

from evsim.core.events import Event
from evsim.core.stream import Encoder

__all__ = ["StreamFile", "open_recording"]


class StreamFile:
    """The stream (docs/stream.md: header, then one frame per event) written to a file, buffered.

    Stands in for the recording format of issue 11 until it exists (``write``/``close``/``dropped``, the
    interface of ``evsim.core.record.RecordingWriter``)."""

    def __init__(self, path: str) -> None:
        self._f = open(path, "wb")
        self._enc = Encoder()
        self._f.write(self._enc.header())
        self.dropped = 0

    def write(self, item: "Event | tuple | bytes") -> None:
        self._f.write(item if isinstance(item, (bytes, bytearray)) else self._enc.encode(item))

    def close(self) -> None:
        self._f.close()


def open_recording(path: str) -> StreamFile:
    """The writer ``--record FILE`` uses (raises OSError when the file cannot be created)."""
    return StreamFile(path)
