"""What the sockets lab's controllers of a child process share: the stream's wake-ups, its counts, the ending.

The embedded echo server (:class:`~evsim.gui.labs.sockets.server_control.ServerController`) and a watched
program (:class:`~evsim.gui.labs.sockets.program_control.ProgramController`) each run in a process of their
own, seen through a handle (``RemoteServer``, ``RemoteProgram``) that has a ``proc``
(:class:`~evsim.core.process.StreamProcess`), ``fileno()``, ``emitted`` and ``dropped``.  This base owns the
QSocketNotifier that wakes the frame bridge when the stream has data, the totals that stay exact across runs,
the stop deadline after which the process is killed, and the release of a process that has ended.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

__all__ = ["ChildController", "STOP_TIMEOUT_S"]

#: How long a stopping child may take before it is killed (closing the window ends it within half a second).
STOP_TIMEOUT_S = 0.4


class ChildController(QObject):
    """Owns at most one child process handle at a time (``_child``); subclasses name it and add commands."""

    #: Data arrived on the stream: the frame bridge should run.
    data_arrived = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._child: Any = None
        self._notifier: QSocketNotifier | None = None
        self._stop_deadline: float | None = None
        self._dropped_before = 0  # events dropped by children that have ended (the total stays exact)
        self._emitted_before = 0

    def _adopt(self, child: Any) -> None:
        """Follow ``child`` (started): its stream wakes the bridge from now on."""
        self._child = child
        self._stop_deadline = None
        self._notifier = QSocketNotifier(child.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_readable)
        self.data_arrived.emit()

    def request_stop(self) -> None:
        """Ask the child to stop; it is killed if it has not ended within STOP_TIMEOUT_S."""
        if self._child is not None and self._stop_deadline is None:
            self._child.request_stop()
            self._stop_within(STOP_TIMEOUT_S)

    def shutdown(self) -> None:
        """Stop now (waits at most STOP_TIMEOUT_S, then kills): for closing the window."""
        if self._child is not None:
            self._finish(STOP_TIMEOUT_S)

    def _finish(self, kill_after: float) -> None:
        """Stop the child now (at most ``kill_after`` s before it is killed) and release it."""
        raise NotImplementedError

    @property
    def active(self) -> bool:
        """A child process exists (starting, running or stopping)."""
        return self._child is not None

    @property
    def stopping(self) -> bool:
        return self._stop_deadline is not None

    def _stop_within(self, timeout_s: float) -> None:
        """A stop was asked for: the child is killed if it has not ended ``timeout_s`` from now."""
        self._stop_deadline = time.monotonic() + timeout_s
        self.data_arrived.emit()

    @property
    def dropped(self) -> int:
        c = self._child
        return self._dropped_before + (c.dropped if c is not None else 0)

    @property
    def emitted(self) -> int:
        c = self._child
        return self._emitted_before + (c.emitted if c is not None else 0)

    def needs_frames(self) -> bool:
        """While the process is ending (EOF seen, exit status not yet collected, or a stop pending)."""
        c = self._child
        return c is not None and (c.proc.eof or self._stop_deadline is not None)

    @Slot()
    def on_readable(self) -> None:
        # Read on the next frame, within its budget; until then, do not fire again for the same bytes.
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        self.data_arrived.emit()

    def _rearm(self) -> None:
        """After a drain: wake again when more arrives (unless the stream is over)."""
        c = self._child
        if self._notifier is not None and c is not None and not c.proc.eof:
            self._notifier.setEnabled(True)

    def _kill_if_late(self) -> None:
        c = self._child
        if self._stop_deadline is not None and not c.ended and time.monotonic() >= self._stop_deadline:
            c.proc.kill()

    def _release(self) -> None:
        """The child has ended (or is killed now): collect it (no zombie), close its stream, forget it."""
        c = self._child
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if c is not None:
            self._dropped_before += c.dropped
            self._emitted_before += c.emitted
            c.proc.stop(timeout=0)  # exited (or killed now), collected: no zombie; its socket closed
        self._child = None
        self._stop_deadline = None
