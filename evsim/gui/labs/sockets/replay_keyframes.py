"""What a replay prepares ahead: the recording's keyframes (in a thread of their own) and the track's density.

A seek applies at most one keyframe interval of events after a copy of the nearest keyframe
(:meth:`evsim.core.record.Recording.scene_at`); the keyframes themselves are built the first time a replay
passes there.  On a big recording a first seek near the end would then build them all on the GUI thread, so
:class:`KeyframeBuilder` builds them in a thread as soon as the recording opens, and a seek whose keyframe is
not there yet waits for it (``ready``) instead of freezing the window.
"""

from __future__ import annotations

import bisect
import threading
from typing import Callable

from evsim.core.record import RecordingError

__all__ = ["KeyframeBuilder", "density", "BUILD_AHEAD_INTERVALS"]

#: A recording of more keyframe intervals than this gets its keyframes built ahead.
BUILD_AHEAD_INTERVALS = 2


class KeyframeBuilder:
    """Owns the thread that builds ``rec``'s keyframes; :meth:`stop` ends and joins it."""

    def __init__(self, rec) -> None:
        self.rec = rec
        self.progress = 1.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        every = getattr(rec, "keyframe_every", None)
        build = getattr(rec, "build_keyframes", None)
        if not every or build is None or len(rec) <= BUILD_AHEAD_INTERVALS * every:
            return  # small: a seek builds the few it needs at once
        self.progress = 0.0

        def progress(fraction: float) -> None:
            self.progress = fraction

        def run() -> None:
            try:
                build(progress, self._stop)
            except RecordingError:  # a corrupt block: the seek that reads it says so
                pass
            self.progress = 1.0

        self._thread = threading.Thread(target=run, name="evsim-replay-keyframes", daemon=True)
        self._thread.start()

    @property
    def building(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def ready(self, j: int) -> bool:
        """Whether ``rec.scene_at(j)`` finds its keyframe built (always, when nothing is being built)."""
        if not self.building:
            return True
        return (j + 1) // self.rec.keyframe_every < self.rec.keyframes_built

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None


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
