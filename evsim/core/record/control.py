"""The echo server process's ``record FILE`` and ``record-stop`` commands (the window's File > Record).

:class:`RecordControl` is what the server process keeps: a :class:`~evsim.core.record.tap.RecordTap` in front
of the server's sink, a command pending, and the RecordState events that tell the window how the recording
goes.  A command only asks; the change happens in :meth:`RecordControl.serve`, which the process calls where
it serves its stream (the loop's own thread with the selectors server, so that not one event of the loop is
lost or written twice between the snapshot that opens the file and the first live event).
"""

from __future__ import annotations

import time
from typing import Callable

from evsim.core.events import Event, now_ns
from evsim.core.record.format import RecordingError, RecordState
from evsim.core.record.tap import RecordTap, snapshot_events

__all__ = ["RecordControl", "STATE_INTERVAL_S"]

#: How often a RecordState tells the window the counts while a recording runs.
STATE_INTERVAL_S = 0.5
_STOP = object()


class RecordControl:
    """``command(name, arg)`` from the command thread; ``serve(emit)`` from the thread that owns the stream."""

    def __init__(self, tap: RecordTap, server=None, producer: str = "evsim echo server") -> None:
        self.tap = tap
        self.server = server
        self.producer = producer
        self._pending: object = None  # a path to start recording into, _STOP, or None
        self._path = ""
        self._next_state = 0.0
        self._last: tuple | None = None

    def command(self, name: str, arg: str) -> bool:
        """``record PATH`` or ``record-stop``; False for any other command (not ours)."""
        if name == "record":
            self._pending = arg
        elif name == "record-stop":
            self._pending = _STOP
        else:
            return False
        return True  # the caller makes sure serve() runs soon (the echo server: at the loop's next select)

    def serve(self, emit: Callable[[Event], None]) -> None:
        """Carry out a pending command and report the recording's state through ``emit`` (the window's stream)."""
        pending, self._pending = self._pending, None
        if pending is _STOP:
            self.stop(emit)
        elif isinstance(pending, str):
            self._start(pending, emit)
        w = self.tap.writer
        if w is not None and (time.monotonic() >= self._next_state or w.error is not None):
            self._report(emit, "")

    def _start(self, path: str, emit: Callable[[Event], None]) -> None:
        state = snapshot_events(self.server) if self.server is not None else []
        try:
            self.tap.start(path, state, producer=self.producer)
        except RecordingError as e:
            self._path = path
            self._report(emit, str(e), force=True)
            return
        self._path = path
        self._report(emit, "", force=True)

    def stop(self, emit: Callable[[Event], None] | None = None) -> None:
        """End the recording now (also when the process ends) and report it."""
        w = self.tap.stop()
        if w is not None and emit is not None:
            self._report(emit, w.error or "", force=True, writer=w)

    def _report(self, emit: Callable[[Event], None], error: str, force: bool = False, writer=None) -> None:
        w = writer if writer is not None else self.tap.writer
        running = w is not None and not w.closed
        values = (self._path, running, w.events if w else 0, w.dropped if w else 0, error or (w.error if w else "")
                  or "")
        self._next_state = time.monotonic() + STATE_INTERVAL_S
        if force or values != self._last:
            self._last = values
            emit(RecordState(now_ns(), *values))
