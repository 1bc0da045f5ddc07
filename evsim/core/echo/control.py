"""Slow motion and single-stepping for a server loop, driven from another thread (the GUI).

The loop calls :meth:`LoopControl.before_dispatch` before it handles each ready key.  In step mode that call
waits until someone calls :meth:`step` (one key per step); with a delay it sleeps that long.  The controlling
thread never waits for the loop: every method it calls only sets state and returns.
"""

from __future__ import annotations

import threading
from typing import Callable

__all__ = ["LoopControl"]


class LoopControl:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._step_mode = False
        self._permits = 0
        self._released = False
        self._held = False
        #: Seconds to sleep before each dispatched key (slow motion); 0 = full speed.
        self.delay_s = 0.0
        #: When true, the loop emits LoopPhase events (for a code pane that highlights the running line).
        self.tracing = False
        #: Called in the loop's thread each time it is about to be held (e.g. to flush the event stream, so
        #: that the watcher sees what the loop is held on).
        self.on_hold: Callable[[], None] | None = None

    # -- controller side (any thread; never blocks on the loop) --
    @property
    def step_mode(self) -> bool:
        return self._step_mode

    def set_step_mode(self, on: bool) -> None:
        with self._cond:
            self._step_mode = on
            self._permits = 0
            self._cond.notify_all()

    def step(self, n: int = 1) -> None:
        """Let the loop dispatch ``n`` more ready keys (step mode)."""
        with self._cond:
            self._permits += n
            self._cond.notify_all()

    def step_iteration(self) -> None:
        """The classic loop has no watched select() to stop at: one ready socket, like :meth:`step`."""
        self.step(1)

    def resume(self) -> None:
        """Continue: leave step mode."""
        self.set_step_mode(False)

    def release(self) -> None:
        """Stop holding the loop for good (called when the server stops)."""
        with self._cond:
            self._released = True
            self._cond.notify_all()

    def reset(self) -> None:
        with self._cond:
            self._released = False
            self._permits = 0

    @property
    def held(self) -> bool:
        """True while the loop is held in :meth:`before_dispatch` (sleeping the slow-motion delay, or waiting
        for a step), i.e. a ready key is waiting to be dispatched."""
        return self._held

    # -- loop side --
    @property
    def active(self) -> bool:
        """Cheap check for the hot path: is there anything to do before a dispatch?"""
        return self._step_mode or self.delay_s > 0

    def before_dispatch(self, stopping: threading.Event | None = None) -> None:
        """Called by the loop before each ready key: sleeps (slow motion) or waits for a step."""
        if self.on_hold is not None:
            self.on_hold()
        self._held = True
        try:
            if self.delay_s > 0 and not self._step_mode:
                if stopping is not None:
                    stopping.wait(self.delay_s)
                else:
                    threading.Event().wait(self.delay_s)
            with self._cond:
                while self._step_mode and self._permits <= 0 and not self._released:
                    if stopping is not None and stopping.is_set():
                        return
                    self._cond.wait(0.1)
                if self._step_mode and self._permits > 0:
                    self._permits -= 1
        finally:
            self._held = False
