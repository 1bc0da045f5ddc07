"""Per-design figures computed from the events alone: what ``evsim clicks`` prints and the panel shows.

:class:`ClickStats` is a sink (``emit`` is thread-safe) or a plain model fed batches (``apply``).  It follows
each click of one design from input to handler: latency (input to handler start), queue wait (input to the
moment the design took it: the scan read it, or the loop dequeued it), misses and depth.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from evsim.core.clicks.events import (
    EVENTLOOP, POLLING, ClickInput, ClickMissed, ClickSeen, Dequeued, Enqueued, HandlerFinished, HandlerStarted,
    Latched,
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
        self.missed_ids: list[int] = []
        self.latencies_ns: list[int] | deque[int] = [] if window is None else deque(maxlen=window)
        self.waits_ns: list[int] | deque[int] = [] if window is None else deque(maxlen=window)
        self.max_wait_ns = 0
        self.max_latency_ns = 0
        self.max_depth = 0
        self._input_t: dict[int, int] = {}
        #: Clicks held (latched or queued) and not yet taken: id -> input time.
        self._held: dict[int, int] = {}

    def emit(self, ev: Event) -> None:
        with self._lock:
            self.apply(ev)

    def apply_all(self, batch: list[Event]) -> None:
        for ev in batch:
            self.apply(ev)

    def apply(self, ev: Event) -> None:
        cls = type(ev)
        if cls is ClickInput:
            self.sent += 1
            self._input_t[ev.id] = ev.t_ns
        elif cls is self._held_cls:
            self._held[ev.id] = self._input_t.get(ev.id, ev.t_ns)
            depth = ev.occupied if cls is Latched else ev.depth
            if depth > self.max_depth:
                self.max_depth = depth
        elif cls is self._taken_cls:
            self._held.pop(ev.id, None)
            self.waits_ns.append(ev.wait_ns)
            if ev.wait_ns > self.max_wait_ns:
                self.max_wait_ns = ev.wait_ns
        elif cls is ClickMissed:
            if ev.design == self.design:
                self.missed += 1
                self.missed_ids.append(ev.id)
                self._held.pop(ev.id, None)
                self._input_t.pop(ev.id, None)
        elif cls is HandlerStarted:
            if ev.design == self.design:
                self.started += 1
                self.latencies_ns.append(ev.latency_ns)
                if ev.latency_ns > self.max_latency_ns:
                    self.max_latency_ns = ev.latency_ns
                self._input_t.pop(ev.id, None)
        elif cls is HandlerFinished:
            if ev.design == self.design and ev.completed:
                self.handled += 1

    @property
    def pending(self) -> int:
        """Clicks neither handled nor missed: still latched, queued, or in a handler."""
        return self.sent - self.handled - self.missed

    @property
    def waiting(self) -> int:
        """Clicks held (latched or queued) right now."""
        return len(self._held)

    def oldest_wait_ns(self, now_ns: int | None = None) -> int:
        """How long the oldest click still held has been waiting (0 if none)."""
        if not self._held:
            return 0
        now = time.monotonic_ns() if now_ns is None else now_ns
        # Held clicks are in input order (a dict keeps insertion order), so the first is the oldest; a
        # polling register may be rewritten out of order, hence min() for the few registers there are.
        oldest = min(self._held.values()) if self.design == POLLING else next(iter(self._held.values()))
        return max(0, now - oldest)

    def summary(self, end_ns: int | None = None, cpu_percent: float | None = None) -> dict:
        """The figures ``evsim clicks --json`` prints.  ``max_queue_wait_ms`` counts the clicks still waiting
        at ``end_ns`` (default: now) with the time they had waited so far."""
        with self._lock:
            lat = sorted(self.latencies_ns)
            waits = max(self.max_wait_ns, self.oldest_wait_ns(end_ns))

            def ms(v: float) -> float:
                return round(v / 1e6, 3)

            return {
                "mode": self.design,
                "clicks_sent": self.sent,
                "clicks_handled": self.handled,
                "clicks_missed": self.missed,
                "clicks_pending": self.pending,
                "latency_ms": {
                    "p50": ms(percentile(lat, 50)) if lat else 0.0,
                    "p95": ms(percentile(lat, 95)) if lat else 0.0,
                    "max": ms(self.max_latency_ns),
                },
                "max_queue_wait_ms": ms(waits),
                "cpu_percent": round(cpu_percent, 1) if cpu_percent is not None else None,
                "max_queue_depth": self.max_depth,
            }
