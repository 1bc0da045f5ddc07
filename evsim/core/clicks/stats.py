"""Per-design figures computed from the events alone: what ``evsim clicks`` prints and the panel shows.

:class:`ClickStats` is a sink (``emit`` is thread-safe) or a plain model fed batches (``apply``).  It follows
each click of one design from input to handler: latency (input to handler start), queue wait (input to the
moment the design took it: the scan read it, or the loop dequeued it), misses and depth.

The events of one click come from different processes (the input's from the window or the auto-clicker, the
rest from the design's process), so they may arrive in any order: every step is matched by click id, never
by arrival order.  A figure with no samples is None ("n/a"), never 0.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from evsim.core.clicks.events import (
    EVENTLOOP, POLLING, ClickInput, ClickMissed, ClickSeen, Dequeued, DesignStopped, Enqueued, HandlerFinished,
    HandlerStarted, Latched,
)
from evsim.core.events import Event
from evsim.core.metrics import percentile

__all__ = ["ClickStats"]


class ClickStats:
    """Counts and timings of one design (:data:`POLLING` or :data:`EVENTLOOP`)."""

    def __init__(self, design: str, window: int | None = None) -> None:
        """``window``: keep only the latest ``window`` latencies and waits (a long GUI session); counts and
        maxima always cover everything."""
        if design not in (POLLING, EVENTLOOP):
            raise ValueError(f"unknown design {design!r}")
        self.design = design
        self._lock = threading.Lock()
        self._taken_cls = ClickSeen if design == POLLING else Dequeued
        self._held_cls = Latched if design == POLLING else Enqueued
        self.sent = 0
        self.started = 0
        self.handled = 0
        self.missed = 0
        self.latencies_ns: list[int] | deque[int] = [] if window is None else deque(maxlen=window)
        self.waits_ns: list[int] | deque[int] = [] if window is None else deque(maxlen=window)
        self.max_wait_ns = 0
        self.max_latency_ns = 0
        self.max_depth = 0
        #: What the design's process counted when it stopped (None while it runs).
        self.stopped: DesignStopped | None = None
        #: Clicks input and not yet started or missed: id -> input time (input order).
        self._input_t: dict[int, int] = {}
        #: Clicks started or missed whose input has not arrived yet (another process's stream).
        self._early_done: set[int] = set()
        #: Clicks held (latched or queued) and not yet taken: id -> input time; and those taken early.
        self._held: dict[int, int] = {}
        self._early_taken: set[int] = set()

    def emit(self, ev: Event) -> None:
        with self._lock:
            self.apply(ev)

    def apply_all(self, batch: list[Event]) -> None:
        for ev in batch:
            self.apply(ev)

    def _done(self, cid: int) -> None:
        if self._input_t.pop(cid, None) is None:
            self._early_done.add(cid)
        self._held.pop(cid, None)

    def apply(self, ev: Event) -> None:
        cls = type(ev)
        if cls is ClickInput:
            self.sent += 1
            if ev.id in self._early_done:
                self._early_done.discard(ev.id)
            else:
                self._input_t[ev.id] = ev.t_ns
        elif cls is self._held_cls:
            if ev.id in self._early_taken:
                self._early_taken.discard(ev.id)
            elif ev.id in self._input_t:
                self._held[ev.id] = self._input_t[ev.id]
            depth = ev.occupied if cls is Latched else ev.depth
            if depth > self.max_depth:
                self.max_depth = depth
        elif cls is self._taken_cls:
            if self._held.pop(ev.id, None) is None:
                self._early_taken.add(ev.id)
            self.waits_ns.append(ev.wait_ns)
            if ev.wait_ns > self.max_wait_ns:
                self.max_wait_ns = ev.wait_ns
        elif cls is ClickMissed:
            if ev.design == self.design:
                self.missed += 1
                self._done(ev.id)
                self._early_taken.discard(ev.id)
        elif cls is HandlerStarted:
            if ev.design == self.design:
                self.started += 1
                self.latencies_ns.append(ev.latency_ns)
                if ev.latency_ns > self.max_latency_ns:
                    self.max_latency_ns = ev.latency_ns
                self._done(ev.id)
        elif cls is HandlerFinished:
            if ev.design == self.design and ev.completed:
                self.handled += 1
        elif cls is DesignStopped:
            if ev.design == self.design:
                self.stopped = ev

    @property
    def pending(self) -> int:
        """Clicks neither handled nor missed: still latched, queued, or in a handler.  Once the design's
        process has stopped, its own count (not derived from ``sent``)."""
        if self.stopped is not None:
            return self.stopped.held + self.stopped.unfinished
        return self.sent - self.handled - self.missed

    @property
    def waiting(self) -> int:
        """Clicks held (latched or queued) right now."""
        return len(self._held)

    def oldest_wait_ns(self, now_ns: int | None = None) -> int:
        """How long the oldest click not yet taken by its handler has been waiting (0 if none)."""
        if not self._input_t:
            return 0
        now = time.monotonic_ns() if now_ns is None else now_ns
        return max(0, now - min(self._input_t.values()))

    def summary(self, end_ns: int | None = None) -> dict:
        """The figures ``evsim clicks --json`` prints.  Every click counts in the latency: one whose handler
        had not started at ``end_ns`` (default: now) counts with its wait so far, a lower bound
        (``latency_lower_bounds``).  Figures with no samples are None."""
        with self._lock:
            end = time.monotonic_ns() if end_ns is None else end_ns
            waiting = [max(0, end - t) for t in self._input_t.values()]
            lat = sorted([*self.latencies_ns, *waiting])
            stopped = self.stopped

            def ms(v: float | None) -> float | None:
                return None if v is None else round(v / 1e6, 3)

            cpu = None
            if stopped is not None and stopped.wall_ns > 0:
                cpu = round(100.0 * stopped.cpu_ns / stopped.wall_ns, 1)
            return {
                "mode": self.design,
                "clicks_sent": self.sent,
                "clicks_handled": self.handled,
                "clicks_missed": self.missed,
                "clicks_pending": self.pending,
                "latency_ms": {
                    "p50": ms(percentile(lat, 50)) if lat else None,
                    "p95": ms(percentile(lat, 95)) if lat else None,
                    "max": ms(lat[-1]) if lat else None,
                },
                "latency_lower_bounds": len(waiting),
                "max_queue_wait_ms": ms(max([self.max_wait_ns, *waiting])) if (self.waits_ns or waiting) else None,
                "cpu_percent": cpu,
                "max_queue_depth": self.max_depth,
                "events_dropped": stopped.events_dropped if stopped is not None else None,
            }
