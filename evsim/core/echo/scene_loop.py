"""Where a watched loop is, as the sockets lab's map and code pane show it: the call it is held before, the
descriptors select() reported ready that the loop has not handled yet, and the loop's pace.

:class:`LoopState` is part of :class:`evsim.core.echo.scene.SocketScene` and folds the watch's events
(:mod:`evsim.core.watch.events`) in stream order:

* ``Held`` (Step or slow motion): the loop is about to make ``call`` on ``fd`` at ``file``:``line``; that fd
  is lit on the map, the line in the code pane;
* ``Ready`` (echo, from a ``ReadyFd``): the fd is **pending** until the loop dispatches it -- its next call
  (accept on the listener, recv, send), or the next select();
* any other watched call (Selected, Accept, Recv, Send, Register, ...): the held call ran.

**Pace**: the stream-time interval between the two newest holds (slow motion: about the delay; stepping:
the student's pace, at most ``MAX_PACE_NS``), 0 as soon as a call runs that was not held (full speed).
Animations that start at an event take ``max(their usual length, pace)``, so the map follows the server's
pace; like every animation here, a pure function of recorded event times and now.
"""

from __future__ import annotations

from evsim.core.watch import events as w

__all__ = ["LoopState", "MAX_PACE_NS", "CALL_SELECT", "CALL_DISPATCH"]

#: The longest an animation stretches to follow a slow loop (a student pausing between steps).
MAX_PACE_NS = 3_000_000_000
CALL_SELECT, CALL_DISPATCH = 1, 11


class LoopState:
    """The loop's position (``held``), its pending ready descriptors and its pace; see the module doc."""

    __slots__ = ("held", "pending", "pace_ns", "files", "last_call", "_t_last_hold", "_was_held")

    def __init__(self) -> None:
        #: The Held event the loop is waiting at (None once that call ran, or at full speed).
        self.held: w.Held | None = None
        #: fd -> when select() reported it ready; removed once the loop handles it.
        self.pending: dict[int, int] = {}
        self.pace_ns = 0
        #: file id -> path, from the SourceFile events (the code pane shows a line of one of them).
        self.files: dict[int, str] = {}
        #: The newest call event or Held with a source line: what the code pane highlights.
        self.last_call: w.Held | w.Recv | w.Send | w.Selected | w.Accept | None = None
        self._t_last_hold: int | None = None
        self._was_held = False  # a Held came since the last call: the next call is paced

    def stretch(self, duration_ns: int) -> int:
        """An animation's length at the loop's current pace."""
        return duration_ns if self.pace_ns <= duration_ns else self.pace_ns

    # -- folding (SocketScene dispatches these) --
    def on_held(self, e: w.Held) -> None:
        if self._t_last_hold is not None:
            self.pace_ns = min(MAX_PACE_NS, max(0, e.t_ns - self._t_last_hold))
        self._t_last_hold = e.t_ns
        self._was_held = True
        self.held = e
        self.last_call = e
        if e.call != CALL_SELECT and e.call != CALL_DISPATCH:
            self.pending.pop(e.fd, None)  # the handler has started: dispatched

    def _ran(self) -> None:
        """A call ran: unheld (full speed, or stepping over an iteration) it resets the pace."""
        self.held = None
        if not self._was_held:
            self.pace_ns = 0
            self._t_last_hold = None
        self._was_held = False

    def on_selected(self, e: w.Selected) -> None:
        self._ran()
        self.last_call = e
        self.pending.clear()  # a new round: whatever was not handled is reported again

    def on_call(self, e) -> None:
        """Accept, Recv, Send: the fd is being handled."""
        self._ran()
        self.last_call = e
        self.pending.pop(e.fd, None)

    def on_other_call(self, e) -> None:
        """Register, Modify, Unregister, Close, Shutdown, Connect."""
        self._ran()

    def on_source(self, e: w.SourceFile) -> None:
        self.files[e.file_id] = e.path

    def ready(self, fd: int, t_ns: int) -> None:
        self.pending[fd] = t_ns

    def handled(self, fd: int) -> None:
        self.pending.pop(fd, None)
