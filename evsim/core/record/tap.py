"""Sinks that record what a producer emits, in the producer's own thread, before anything can drop it.

:class:`Tee` feeds two sinks (``evsim serve --record --events``: the file and the printer's ring).
:class:`RecordTap` sits between a producer and its sink from the start and can begin or end a recording at
any moment (the echo server process's ``record FILE`` / ``record-stop`` commands); while it does not record,
it costs one Python call per event, and nothing for frames (its ``emit_frames`` is then the sink's own).
"""

from __future__ import annotations

from typing import Iterable

from evsim.core.events import Event, Sink, now_ns
from evsim.core.stream import SnapshotBegin, SnapshotEnd
from evsim.core.record.writer import RecordingWriter

__all__ = ["Tee", "RecordTap", "snapshot_events"]


class Tee:
    """A sink that passes each event to ``first`` then to ``second``."""

    def __init__(self, first: Sink, second: Sink) -> None:
        a, b = first.emit, second.emit

        def emit(item: "Event | tuple") -> None:
            a(item)
            b(item)

        self.emit = emit


class RecordTap:
    """The producer's sink, with a recording that can be started and stopped from another thread.

    ``emit`` passes every event to ``sink``, and to the recording while there is one.  Starting writes the
    state at that instant first (a snapshot), so that a recording begun mid-run makes sense on its own."""

    def __init__(self, sink: Sink) -> None:
        self._inner = sink.emit
        self.writer: RecordingWriter | None = None
        self._inner_frames = getattr(sink, "emit_frames", None)
        self._inner_sheds = getattr(sink, "sheds", None)
        self._inner_count_dropped = getattr(sink, "count_dropped", None)
        if self._inner_frames is not None:  # (only then: having emit_frames tells a producer it may write frames)
            self.emit_frames = self._inner_frames  # straight to the sink while nothing records (start/stop swap it)

    def _emit_frames(self, frames: "bytes | bytearray", count: int) -> None:
        """``count`` events as whole frames (see StreamWriter.emit_frames), to the sink and the recording."""
        self._inner_frames(frames, count)
        w = self.writer
        if w is not None:
            w.emit_frames(frames, count)

    def sheds(self) -> bool:
        """Never while recording (a recording is whole); otherwise as the sink says (see StreamWriter.sheds)."""
        return self.writer is None and self._inner_sheds is not None and self._inner_sheds()

    def count_dropped(self, n: int) -> None:
        """``n`` events the producer did not encode because :meth:`sheds` said so: the sink counts them."""
        if self._inner_count_dropped is not None:
            self._inner_count_dropped(n)

    def emit(self, item: "Event | tuple") -> None:
        self._inner(item)
        w = self.writer
        if w is not None:
            w.write(item)

    @property
    def recording(self) -> bool:
        return self.writer is not None

    def start(self, path: str, state: Iterable[Event] = (), producer: str | None = None) -> RecordingWriter:
        """Record into ``path`` (created 0600) from now on, after the events ``state`` (RecordingError: one
        sentence).  A recording already running is closed first."""
        self.stop()
        w = RecordingWriter(path, producer=producer)
        for e in state:
            w.write(e)
        self.writer = w
        if self._inner_frames is not None:
            self.emit_frames = self._emit_frames
        return w

    def stop(self) -> RecordingWriter | None:
        """End the recording (its trailer written, the file closed); returns its writer, None if none ran."""
        w, self.writer = self.writer, None
        if self._inner_frames is not None:
            self.emit_frames = self._inner_frames
        if w is not None:
            w.close()
        return w


def snapshot_events(server) -> list[Event]:
    """An echo server's state now, as a snapshot block (SnapshotBegin, Listening, ConnectionState..., SnapshotEnd);
    ``server.connections_snapshot()`` is safe from any thread."""
    from evsim.core.echo.events import ConnectionState, Listening

    conns = server.connections_snapshot()
    t = now_ns()
    out: list[Event] = [SnapshotBegin(t, len(conns))]
    if server.running:
        (h, p), lfd = server.address, server.listener_fd
        out.append(Listening(t, h, p, server.backend_in_use, server.style, lfd))
    out += [ConnectionState(t, c.fd, c.peer, c.bytes_in, c.bytes_out, c.buffered, c.state) for c in conns]
    out.append(SnapshotEnd(t))
    return out
