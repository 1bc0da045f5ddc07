"""The step / slow-motion gate: where a watched program is held before each watched call.

The watch (:mod:`evsim.core.watch.objects`) asks the gate before every call it reports, but only while
``gate.active`` is true (a plain attribute: one load and one test on the hot path):

* **Step mode**: :meth:`Gate.hold` reports a :class:`~evsim.core.watch.events.Held` event, flushes the stream
  (so the watcher sees what the program is held on), then waits until the controller lets it go:
  :meth:`Gate.step` (run to the next watched call), :meth:`Gate.step_iteration` (run until the next
  ``select()`` about to wait: one loop iteration), :meth:`Gate.resume` (Continue: leave step mode) or
  :meth:`Gate.release` (the program stops: never hold again).
* **Slow motion** (``delay_s > 0``): the same report, then a sleep of ``delay_s`` before the call.  The sleep
  ends early when the controller changes its mind (step mode on, delay changed, released).

The controller's side (any thread) never waits for the program: each method takes the condition's lock
for a few instructions, changes state and notifies.

Call codes are :data:`~evsim.core.watch.events.CALL_NAMES` (1 = select about to wait, 11 = dispatch: select
returned and a ready fd is about to be handled, ...).
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from evsim.core.events import now_ns
from evsim.core.watch.events import Held

__all__ = ["Gate", "CALL_SELECT", "CALL_DISPATCH"]

#: ``Held.call`` of a select() about to wait (the start of a loop iteration).
CALL_SELECT = 1
#: ``Held.call`` after select() returned, before a ready fd is handled.
CALL_DISPATCH = 11


class Gate:
    """Holds a watched program before its calls: Step, step over one iteration, Continue, slow motion.

    ``emit`` receives each :class:`Held` event (in the program's thread); ``flush`` (optional) is called right
    after it, before the program waits, so the event is on its way while the program is held.
    """

    def __init__(self, emit: Callable[[object], None] | None = None,
                 flush: Callable[[], object] | None = None) -> None:
        self.emit = emit
        self.flush = flush
        #: True when :meth:`hold` has anything to do (step mode, or a slow-motion delay).  Read on the hot path.
        self.active = False
        self._cond = threading.Condition()
        self._step_mode = False
        self._delay_s = 0.0
        self._permits = 0
        self._until_select = False  # step_iteration(): run until the next select() about to wait
        self._released = False
        self._changes = 0  # bumped by every controller call, so a slow-motion sleep can end early
        self._held = False
        #: Loop iterations seen while active (select() calls that reached the gate).
        self.iteration = 0
        #: The newest Held event reported (None before the first).
        self.last_held: Held | None = None

    # -- controller side (any thread; never waits for the program) -----------------------------------------------
    @property
    def step_mode(self) -> bool:
        return self._step_mode

    def set_step_mode(self, on: bool) -> None:
        """Hold before every call (True), or run freely again (False; same as :meth:`resume`)."""
        with self._cond:
            self._step_mode = bool(on)
            self._permits = 0
            self._until_select = False
            self._changed()

    def step(self, n: int = 1) -> None:
        """Let the held program run to its next watched call (``n`` calls), where it is held again.

        Ignored while the program is not held (running, or blocked inside a call such as a select() that
        waits): steps pressed meanwhile must not add up and let it run past the calls that follow."""
        with self._cond:
            if not self._held:
                return
            self._permits += max(1, n)
            self._until_select = False
            self._changed()

    def step_iteration(self) -> None:
        """Let the program run until its next ``select()`` about to wait (step over one loop iteration)."""
        with self._cond:
            if self._held:
                self._permits += 1
            self._until_select = True
            self._changed()

    def resume(self) -> None:
        """Continue: leave step mode; the program runs freely (slow motion, if set, still paces it)."""
        self.set_step_mode(False)

    @property
    def delay_s(self) -> float:
        """Slow motion: seconds to wait before each watched call (0: full speed)."""
        return self._delay_s

    @delay_s.setter
    def delay_s(self, seconds: float) -> None:
        with self._cond:
            self._delay_s = max(0.0, float(seconds))
            self._changed()

    def release(self) -> None:
        """Never hold again, and let a held program go (the program is stopping)."""
        with self._cond:
            self._released = True
            self._changed()

    def reset(self) -> None:
        """Undo :meth:`release` (a new run of the program); step mode and delay are kept."""
        with self._cond:
            self._released = False
            self._permits = 0
            self._until_select = False
            self.iteration = 0
            self._changed()

    @property
    def held(self) -> bool:
        """True while the program is held in :meth:`hold` (waiting for a step, or in its slow-motion delay)."""
        return self._held

    def _changed(self) -> None:  # (called with the lock held)
        self.active = (self._step_mode or self._delay_s > 0) and not self._released
        self._changes += 1
        self._cond.notify_all()

    # -- program side ---------------------------------------------------------------------------------------------
    def hold(self, call: int, fd: int, nbytes: int, file: int, line: int) -> None:
        """Called before watched call ``call`` on ``fd`` at ``file``:``line`` (``nbytes``: what a send offers).

        Reports :class:`Held` and waits (step mode) or sleeps (slow motion); returns at once when there is
        nothing to do, or when the controller asked to run until the next select() and this is not one."""
        cond = self._cond
        with cond:
            if call == CALL_SELECT:
                self.iteration += 1
            if self._released or not (self._step_mode or self._delay_s > 0):
                return
            if self._step_mode and self._until_select:
                if call != CALL_SELECT:
                    return  # stepping over the rest of this iteration
                self._until_select = False
                self._permits = 0
            held = Held(now_ns(), call, fd, nbytes, self.iteration, file, line)
            self.last_held = held
            self._held = True
        try:
            self._report(held)
            with cond:
                if not self._step_mode:
                    self._sleep(cond)
                while self._step_mode and self._permits <= 0 and not self._released:
                    cond.wait()
                if self._step_mode and self._permits > 0:
                    self._permits -= 1
        finally:
            self._held = False

    def _report(self, held: Held) -> None:
        # outside the lock: the sink or the flush may take a while, and the controller must never wait for it
        emit, flush = self.emit, self.flush
        if emit is not None:
            emit(held)
        if flush is not None:
            flush()

    def _sleep(self, cond: threading.Condition) -> None:
        """The slow-motion delay (lock held); ends early if the controller changes anything."""
        seen = self._changes
        deadline = time.monotonic() + self._delay_s
        while not self._released and not self._step_mode:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            cond.wait(left)
            if self._changes != seen:  # a new delay counts from its own start; step mode / release: stop now
                seen = self._changes
                deadline = min(deadline, time.monotonic() + self._delay_s)
