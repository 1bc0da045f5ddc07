"""A sweep: for each socket count N, open N watched sockets (K ready) and measure every backend on them.

All backends at one N see the very same descriptors.  :func:`run_sweep` is the loop, short and visible; it
emits :mod:`evsim.core.multiplex.events` into any sink and returns the measurements.  It raises the soft
RLIMIT_NOFILE once for the largest N, caps N (and says so) if the hard limit is too low, and closes every
socket it opened before it returns, whatever happens.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from evsim.core.events import Sink, now_ns
from evsim.core.multiplex.events import (
    FdLimitNote, PointMeasured, PointStarted, SweepFailed, SweepFinished, SweepStarted,
)
from evsim.core.multiplex.fdlimit import MAX_FDS, FdBudget, ensure_fd_budget
from evsim.core.multiplex.measure import BACKENDS, WORKLOADS, Measurement, Repetition, available_backends, measure
from evsim.core.multiplex.sockets import WatchedSockets

__all__ = ["SweepPlan", "SweepResult", "DEMO_FDS", "geometric_fds", "run_sweep"]

#: The socket counts of the lab's quick demo sweep.
DEMO_FDS = (16, 32, 64, 128, 256, 512, 1000, 2000, 4000)


def geometric_fds(lo: int, hi: int, points: int) -> tuple[int, ...]:
    """About ``points`` socket counts from ``lo`` to ``hi``, evenly spaced on a log scale, distinct, sorted."""
    lo, hi = max(1, lo), max(1, hi)
    if hi < lo:
        lo, hi = hi, lo
    if points <= 1 or lo == hi:
        return (hi,)
    ratio = (hi / lo) ** (1 / (points - 1))
    return tuple(sorted({round(lo * ratio ** i) for i in range(points)} | {lo, hi}))


@dataclass(frozen=True, slots=True)
class SweepPlan:
    """What to measure: ``backends`` x ``fds`` (socket counts, in order), ``ready`` sockets readable each time
    (all of them for the "busy" workload), about ``target_ms`` per point."""

    backends: tuple[str, ...] = BACKENDS
    fds: tuple[int, ...] = (16, 256, 1000, 4000)
    ready: int = 1
    target_ms: float = 100.0
    workload: str = "idle"

    def __post_init__(self) -> None:
        bad = [b for b in self.backends if b not in BACKENDS]
        if bad or not self.backends:
            raise ValueError(f"unknown backends: {', '.join(bad) or '(none)'}")
        if not self.fds or min(self.fds) < 1 or max(self.fds) > MAX_FDS:
            raise ValueError(f"socket counts must be 1..{MAX_FDS}")
        if self.ready < 0:
            raise ValueError("ready must be >= 0")
        if not self.target_ms > 0:
            raise ValueError("target_ms must be > 0")
        if self.workload not in WORKLOADS:
            raise ValueError(f"workload must be one of {', '.join(WORKLOADS)}")

    def ready_at(self, n: int) -> int:
        """Sockets made ready among ``n``: all of them when busy."""
        return n if self.workload == "busy" else min(self.ready, n)

    @property
    def total(self) -> int:
        return len(self.fds) * len(self.backends)


@dataclass
class SweepResult:
    measurements: list[Measurement] = field(default_factory=list)
    budget: FdBudget | None = None
    stopped: bool = False
    failed: str | None = None
    elapsed_s: float = 0.0


def _dedupe(seq: list[int]) -> tuple[int, ...]:
    seen: set[int] = set()
    return tuple(x for x in seq if not (x in seen or seen.add(x)))


def run_sweep(plan: SweepPlan, sink: Sink, run_id: int = 0, stop: threading.Event | None = None) -> SweepResult:
    """Measure ``plan`` on this thread, emitting events into ``sink``; stoppable through ``stop``."""
    t_start = time.monotonic()
    res = SweepResult()
    have = available_backends()
    missing = [b for b in plan.backends if b not in have]
    if missing:
        res.failed = f"not available on this platform: {', '.join(missing)}"
        sink.emit(SweepFailed(now_ns(), run_id, res.failed))
        sink.emit(SweepFinished(now_ns(), run_id, 0, plan.total, False, 0.0))
        return res
    budget = res.budget = ensure_fd_budget(max(plan.fds))
    fds = _dedupe([min(n, budget.max_fds) for n in plan.fds if min(n, budget.max_fds) >= 1])
    total = len(fds) * len(plan.backends)
    sink.emit(SweepStarted(now_ns(), run_id, tuple(plan.backends), fds, plan.ready, total, plan.workload))
    if budget.capped:
        sink.emit(FdLimitNote(now_ns(), run_id, budget.soft, budget.hard, budget.wanted, budget.max_fds,
                              budget.message()))
    rep = Repetition(target_ns=int(plan.target_ms * 1e6))
    index = 0
    try:
        for n in fds:
            if stop is not None and stop.is_set():
                res.stopped = True
                break
            with WatchedSockets(n, plan.ready_at(n)) as socks:
                for backend in plan.backends:
                    sink.emit(PointStarted(now_ns(), run_id, index, total, backend, n))
                    m = measure(backend, socks, rep, stop, plan.workload)
                    if m is None:
                        res.stopped = True
                        break
                    res.measurements.append(m)
                    sink.emit(PointMeasured(
                        now_ns(), run_id, index, total, m.backend, m.fds, m.ready, m.us_p50, m.us_p95, m.calls,
                        m.scanned_per_call, m.found_per_call, m.setup_us, m.min_fd, m.max_fd, m.over_limit, m.error,
                        m.workload))
                    index += 1
            if res.stopped:
                break
    except OSError as e:
        res.failed = f"failed at {n} sockets: {e.strerror or e}"
        sink.emit(SweepFailed(now_ns(), run_id, res.failed))
    res.elapsed_s = time.monotonic() - t_start
    sink.emit(SweepFinished(now_ns(), run_id, len(res.measurements), total, res.stopped, res.elapsed_s))
    return res
