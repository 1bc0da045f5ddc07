"""The frame bridge: on the GUI thread, once per frame, drain every lab's sinks and let the labs draw.

Producers never wait for the GUI (their RingSinks discard the oldest events under overload; a stream's
producer drops and counts them); the GUI never waits for a producer: draining a RingSink takes no lock a
worker holds, and a stream is read without blocking.  Each frame applies at most ``MAX_EVENTS_PER_FRAME``
events per sink and stops draining once ``APPLY_BUDGET_NS`` is spent: what is left waits in its sink or in
the kernel (where the producer, not the window, decides what to drop).

A window's heap is mostly what it built at start (modules, widgets, their wrappers), and lives as long as it
does; Python's full garbage collection scans all of it, a pause of 50-90 ms every few seconds under a full-speed
stream (it allocates events fast).  :meth:`FrameBridge.start` therefore moves what exists then out of the
collector's sight (``gc.freeze``), and :meth:`FrameBridge.stop` gives it back, so what is garbage by then is
still collected.

Under a flood (a frame spends its whole budget and leaves events for later) the bridge draws ``busy_fps``
frames a second instead of ``fps`` (40 instead of 60: 25 ms, still well inside a 33 ms frame), and gives a
frame half the budget (``BUSY_APPLY_BUDGET_NS``): a frame's painting costs the same whatever it shows, a
flood is sampled either way (the server drops what the window does not read, and counts it), and on a small
machine the window's CPU is taken from the processes it watches.  Shorter frames are also steadier ones
(measured: frame interval p95 29-40 ms instead of 35-49 ms under 4 full-speed ping-pong clients on 2 cores,
the window at 27% of a core instead of 31%).  The first frame that keeps up goes back to ``fps`` and the
whole budget.

The timer runs only while something moves: after two frames in which no events arrived and no lab asked for
more frames (:meth:`LabPanel.needs_frames`), it stops; a lab's ``frames_wanted`` signal (new data on a
stream, a click, a started run) starts it again.  The bridge also measures itself (frame intervals, events
applied and dropped) for ``evsim shot`` and the benchmarks.
"""

from __future__ import annotations

import gc
import time
from typing import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from evsim.core.metrics import percentile
from evsim.gui.labs.base import LabPanel

#: Events applied per sink per frame at most; the rest waits for the next frame (or is dropped by the ring).
MAX_EVENTS_PER_FRAME = 20000
#: Time a frame may spend applying events (all labs together) before it leaves the rest for the next frame.
APPLY_BUDGET_NS = 4_000_000
#: The same while events arrive faster than that (a flood: frames at ``busy_fps``).
BUSY_APPLY_BUDGET_NS = 2_000_000
#: Events drained from one sink at least, however slow applying them has been.
MIN_EVENTS_PER_DRAIN = 100
#: Frames with nothing new and nothing animating before the timer stops.
IDLE_FRAMES = 2
#: Frames per second while events arrive faster than a frame's budget applies them.
BUSY_FPS = 40


class FrameBridge(QObject):
    """Drives the labs at up to ``fps`` frames per second."""

    frame_finished = Signal(int)  # frame number

    def __init__(
        self,
        panels: Sequence[LabPanel],
        current: Callable[[], LabPanel | None],
        fps: int = 60,
        parent: QObject | None = None,
        busy_fps: int = BUSY_FPS,
    ) -> None:
        super().__init__(parent)
        self._panels = list(panels)
        self._current = current
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._interval_ms = max(1, round(1000 / fps))
        self._busy_interval_ms = max(self._interval_ms, round(1000 / max(1, busy_fps)))
        self._timer.setInterval(self._interval_ms)
        self._timer.timeout.connect(self.on_tick)
        self.frames = 0
        self.events_applied = 0
        #: Frames that hit the time budget and left events for later.
        self.frames_over_budget = 0
        self._intervals_ns: list[int] = []
        self._last_ns = 0
        self._idle_frames = 0
        self._started = False
        self._ns_per_event = 5_000.0  # what draining and applying one event costs (a moving average)
        self._dropped_by_sink: dict[int, tuple[object, int]] = {}
        self._dropped_base = 0
        for panel in self._panels:
            panel.frames_wanted.connect(self.wake)

    def add_panel(self, panel: LabPanel) -> None:
        self._panels.append(panel)
        panel.frames_wanted.connect(self.wake)

    def replace_panel(self, old: LabPanel, new: LabPanel) -> None:
        """Drive ``new`` instead of ``old`` (a lab rebuilt with its defaults), in the same place."""
        self._panels = [new if p is old else p for p in self._panels]
        new.frames_wanted.connect(self.wake)
        self.wake()

    def start(self) -> None:
        if not self._started:
            gc.collect()  # what is garbage now is collected, not frozen
            gc.freeze()
        self._started = True
        self._last_ns = 0
        self._idle_frames = 0
        self._timer.start()

    def stop(self) -> None:
        if self._started:
            gc.unfreeze()
        self._started = False
        self._timer.stop()

    @Slot()
    def wake(self) -> None:
        """Something will move: run frames again (no-op while running or after stop())."""
        self._idle_frames = 0
        if self._started and not self._timer.isActive():
            self._last_ns = 0  # an idle gap is not a slow frame
            self._timer.start()

    @property
    def frame_interval_ms(self) -> int:
        """The frame timer's interval now (1000 / fps, or 1000 / busy_fps under a flood)."""
        return self._timer.interval()

    @property
    def active(self) -> bool:
        """The frame timer is running (False while idle or stopped)."""
        return self._timer.isActive()

    @Slot()
    def on_tick(self) -> None:
        now = time.monotonic_ns()
        if self._last_ns:
            self._intervals_ns.append(now - self._last_ns)
            if len(self._intervals_ns) > 100_000:
                del self._intervals_ns[:50_000]
        self._last_ns = now
        applied = 0
        busy = self._timer.interval() == self._busy_interval_ms != self._interval_ms
        deadline = now + (BUSY_APPLY_BUDGET_NS if busy else APPLY_BUDGET_NS)
        over = False
        for panel in self._panels:
            # Every lab's scene stays current, even on hidden tabs; only the visible one animates.
            for sink in panel.sinks():
                left = deadline - time.monotonic_ns()
                if left <= 0:
                    over = True
                    break
                # as many events as the time left affords, at what applying one has cost lately
                want = max(MIN_EVENTS_PER_DRAIN, min(MAX_EVENTS_PER_FRAME, int(left / self._ns_per_event)))
                t0 = time.monotonic_ns()
                batch = sink.drain(want)
                self._note_dropped(sink)
                if batch:
                    panel.apply_events(batch)
                    applied += len(batch)
                    cost = (time.monotonic_ns() - t0) / len(batch)
                    self._ns_per_event += (cost - self._ns_per_event) * 0.3
                    over = over or len(batch) == want
        self.events_applied += applied
        self.frames_over_budget += over
        interval = self._busy_interval_ms if over else self._interval_ms
        if interval != self._timer.interval():
            self._timer.setInterval(interval)
        visible = self._current()
        if visible is not None:
            visible.frame(now)
        self.frames += 1
        self.frame_finished.emit(self.frames)
        if applied or over or any(p.needs_frames() for p in self._panels):
            self._idle_frames = 0
        else:
            self._idle_frames += 1
            if self._idle_frames >= IDLE_FRAMES:
                self._timer.stop()

    def _note_dropped(self, sink) -> None:
        # Remember each sink's count, so a server that stopped (its sink gone) still counts in the total.
        self._dropped_by_sink[id(sink)] = (sink, sink.dropped)

    def reset_stats(self) -> None:
        """Start measuring afresh (frames, intervals, events applied and dropped from now on)."""
        self.frames = 0
        self.events_applied = 0
        self.frames_over_budget = 0
        self._intervals_ns.clear()
        self._last_ns = 0
        self._dropped_base = self.events_dropped() + self._dropped_base

    def events_dropped(self) -> int:
        """Events producers or sinks dropped because the window did not keep up (never data)."""
        for p in self._panels:
            for sink in p.sinks():
                self._note_dropped(sink)
        return sum(n for _, n in self._dropped_by_sink.values()) - self._dropped_base

    def stats(self) -> dict[str, float | int]:
        """frames, frame_ms_p50, frame_ms_p95 (intervals between frames), events_applied, events_dropped."""
        iv = self._intervals_ns
        return {
            "frames": self.frames,
            "frame_ms_p50": round(percentile(iv, 50) / 1e6, 3) if iv else None,
            "frame_ms_p95": round(percentile(iv, 95) / 1e6, 3) if iv else None,
            "events_applied": self.events_applied,
            "events_dropped": self.events_dropped(),
        }
