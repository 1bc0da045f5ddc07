"""A list sink that also takes encoded frames, for tests and short headless runs of a frame-writing producer."""

from __future__ import annotations

import threading

from evsim.core.events import ListSink
from evsim.core.stream.decoder import Decoder
from evsim.core.stream.encoder import Encoder

__all__ = ["FrameListSink"]


class FrameListSink(ListSink):
    """A :class:`~evsim.core.events.ListSink` with ``emit_frames`` (the StreamWriter's interface): frames are
    decoded into events as they arrive, so a producer that writes frames (the echo server's fused loop) can be
    checked event by event.  A frame that does not decode, or a count that does not match, raises."""

    def __init__(self) -> None:
        super().__init__()
        self._decoder = Decoder()
        self._decoder.feed(Encoder().header())
        self._lock = threading.Lock()
        self.frames_events = 0  #: events that arrived as frames

    def emit_frames(self, frames: "bytes | bytearray", count: int) -> None:
        with self._lock:
            events = self._decoder.feed(bytes(frames))
            if len(events) != count or self._decoder.buffered:
                raise ValueError(f"emit_frames: {count} events announced, {len(events)} whole frames given")
            self.events.extend(events)
            self.frames_events += count
