"""The frame bridge: on the GUI thread, once per frame, drain every lab's sinks and let the labs draw.

Producers never wait for the GUI (their RingSinks discard the oldest events under overload); the GUI never
waits for a producer: draining a RingSink takes no lock a worker holds.  The bridge also measures itself
(frame intervals, events applied and dropped) for ``evsim shot`` and the benchmarks.
"""

from __future__ import annotations

import time
from typing import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from evsim.core.metrics import percentile
from evsim.gui.labs.base import LabPanel

#: Events applied per sink per frame at most; the rest waits for the next frame (or is dropped by the ring).
MAX_EVENTS_PER_FRAME = 20000


class FrameBridge(QObject):
    """Drives the labs at up to ``fps`` frames per second."""

    frame_finished = Signal(int)  # frame number

    def __init__(
        self,
        panels: Sequence[LabPanel],
        current: Callable[[], LabPanel | None],
        fps: int = 60,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._panels = list(panels)
        self._current = current
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(max(1, round(1000 / fps)))
        self._timer.timeout.connect(self.on_tick)
        self.frames = 0
        self.events_applied = 0
        self._intervals_ns: list[int] = []
        self._last_ns = 0

    def add_panel(self, panel: LabPanel) -> None:
        self._panels.append(panel)

    def replace_panel(self, old: LabPanel, new: LabPanel) -> None:
        """Drive ``new`` instead of ``old`` (a lab rebuilt with its defaults), in the same place."""
        self._panels = [new if p is old else p for p in self._panels]

    def start(self) -> None:
        self._last_ns = 0
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def on_tick(self) -> None:
        now = time.monotonic_ns()
        if self._last_ns:
            self._intervals_ns.append(now - self._last_ns)
            if len(self._intervals_ns) > 100_000:
                del self._intervals_ns[:50_000]
        self._last_ns = now
        for panel in self._panels:
            # Every lab's scene stays current, even on hidden tabs; only the visible one animates.
            for sink in panel.sinks():
                batch = sink.drain(MAX_EVENTS_PER_FRAME)
                if batch:
                    panel.apply_events(batch)
                    self.events_applied += len(batch)
        visible = self._current()
        if visible is not None:
            visible.frame(now)
        self.frames += 1
        self.frame_finished.emit(self.frames)

    def events_dropped(self) -> int:
        return sum(s.dropped for p in self._panels for s in p.sinks())

    def stats(self) -> dict[str, float | int]:
        """frames, frame_ms_p50, frame_ms_p95 (intervals between frames), events_applied, events_dropped."""
        iv = self._intervals_ns
        return {
            "frames": self.frames,
            "frame_ms_p50": round(percentile(iv, 50) / 1e6, 3) if iv else 0.0,
            "frame_ms_p95": round(percentile(iv, 95) / 1e6, 3) if iv else 0.0,
            "events_applied": self.events_applied,
            "events_dropped": self.events_dropped(),
        }
