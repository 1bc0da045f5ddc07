"""What a replay prepares ahead: the recording's keyframes (while the window is idle) and the track's density.

A seek applies at most one keyframe interval of events after a copy of the nearest keyframe
(:meth:`evsim.core.record.Recording.scene_at`); the keyframes themselves are built the first time a replay
passes there.  On a big recording a first seek near the end would then build them all at once and freeze the
window for seconds, so :class:`KeyframeBuilder` builds them one at a time as soon as the recording opens,
whenever the window is idle (a zero timer: clicks and paints go first), and a seek whose keyframe is not
there yet waits for it (``ready``).

Not in a thread: a Python thread applying events holds the GIL, and the window's thread then waits for it at
every call into Qt (thousands per frame): seeks that take 20 ms alone took seconds next to such a thread.

Each keyframe built is then frozen out of the garbage collector's sight (``gc.freeze``): keyframes never change
and hold tens of thousands of objects, which a full collection (triggered by the objects every seek makes)
walked each time: 50-120 ms added to one seek in twenty.  ``thaw`` gives them back when the replay closes.
"""

from __future__ import annotations

import bisect
import gc
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from evsim.core.record import RecordingError

__all__ = ["KeyframeBuilder", "density", "BUILD_AHEAD_INTERVALS"]

#: A recording of more keyframe intervals than this gets its keyframes built ahead.
BUILD_AHEAD_INTERVALS = 2


class KeyframeBuilder(QObject):
    """Builds ``rec``'s keyframes in order, one per idle turn of the event loop; :meth:`stop` ends it."""

    def __init__(self, rec, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rec = rec
        self.progress = 1.0
        self._froze = False
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.on_idle)
        self._every = getattr(rec, "keyframe_every", 0)
        if not self._every or not hasattr(rec, "keyframes_built") or len(rec) <= BUILD_AHEAD_INTERVALS * self._every:
            return  # small: a seek builds the few it needs at once
        self._last = (len(rec) - 1) // self._every  # the keyframe the last event needs
        self.progress = 0.0
        self._timer.start()

    @property
    def building(self) -> bool:
        return self._timer.isActive()

    def ready(self, j: int) -> bool:
        """Whether ``rec.scene_at(j)`` finds its keyframe built, or the next one (no longer to build than one
        idle turn); always when nothing is being built."""
        return not self.building or (j + 1) // self._every <= self.rec.keyframes_built

    @Slot()
    def on_idle(self) -> None:
        k = self.rec.keyframes_built  # keyframes 0..k-1 exist: build the next one
        try:
            if k <= self._last:
                self.rec.scene_at(min(len(self.rec) - 1, k * self._every - 1))  # builds keyframe k, applies none
        except RecordingError:  # a corrupt block: the seek that reads it says so
            k = self._last
        self.progress = min(1.0, (k + 1) / (self._last + 1))
        gc.freeze()  # (module docstring) the new keyframe and what the window holds: long-lived, never walked again
        self._froze = True
        if k >= self._last:
            self.stop()

    def stop(self) -> None:
        self._timer.stop()
        self.progress = 1.0

    def thaw(self) -> None:
        """The replay is closing: what was frozen may be collected again."""
        if self._froze:
            self._froze = False
            gc.unfreeze()


def density(rec, t_first: int, t_last: int, buckets: int, index_for_time: Callable[[int], int]) -> list[int]:
    """Events in each of ``buckets`` equal time slices of the recording.

    Exact (a binary search per slice) for a small recording; for a big one, from the recording's block index
    (the time of every thousandth event), so opening it decodes no events for this."""
    n = len(rec)
    if n < 2 or t_last <= t_first:
        return [n] if n else []
    span = t_last - t_first
    edges_t = [t_first + span * (k + 1) // buckets for k in range(buckets)]
    index = getattr(rec, "_index", None)
    times, firsts = getattr(index, "times", None), getattr(index, "firsts", None)
    if times is not None and firsts is not None and len(times) > buckets // 4:
        # the first event of the block a slice ends in: the counts are exact to a block
        edges = [firsts[max(0, bisect.bisect_right(times, t) - 1)] for t in edges_t[:-1]] + [n - 1]
    else:
        edges = [index_for_time(t) for t in edges_t]
    out, before = [], -1
    for e in edges:
        out.append(max(0, e - before))
        before = max(before, e)
    return out
