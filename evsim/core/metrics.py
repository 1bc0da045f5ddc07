"""Measurements taken with real clocks: per-thread CPU time and latency percentiles."""

from __future__ import annotations

import math
import threading
import time
from typing import Iterable, Sequence

__all__ = ["thread_cpu_ns", "ThreadCpuMeter", "percentile", "summarize_ms"]


def thread_cpu_ns(thread: threading.Thread | int | None = None) -> int:
    """CPU time (user + system) consumed so far by ``thread`` (default: the caller), in nanoseconds.

    Reads the thread's own CPU clock (``pthread_getcpuclockid``): a measurement, not an estimate.
    Works for any live thread of this process, from any thread.
    """
    if thread is None:
        return time.thread_time_ns()
    ident = thread if isinstance(thread, int) else thread.ident
    if ident is None:
        raise ValueError("thread has not started")
    clk = time.pthread_getcpuclockid(ident)
    return time.clock_gettime_ns(clk)


class ThreadCpuMeter:
    """CPU share of one thread over wall-clock intervals.

    ``sample()`` returns the percentage of one core the thread used since the previous sample (or since
    ``start()``); ``total_percent()`` the share over the whole run.  A thread that has exited keeps its last
    reading.
    """

    def __init__(self, thread: threading.Thread | int) -> None:
        self._ident = thread if isinstance(thread, int) else thread.ident
        self._clk: int | None = None
        self._t0_wall = self._t_wall = time.monotonic_ns()
        self._t0_cpu = self._t_cpu = 0
        self._last_cpu = 0

    def _read(self) -> int:
        try:
            if self._clk is None:
                if self._ident is None:
                    return self._last_cpu
                self._clk = time.pthread_getcpuclockid(self._ident)
            self._last_cpu = time.clock_gettime_ns(self._clk)
        except (OSError, ProcessLookupError):
            # The thread has ended: its clock is gone; keep the last value read.
            pass
        return self._last_cpu

    def start(self) -> None:
        self._t0_cpu = self._t_cpu = self._read()
        self._t0_wall = self._t_wall = time.monotonic_ns()

    def sample(self) -> float:
        cpu, wall = self._read(), time.monotonic_ns()
        d_cpu, d_wall = cpu - self._t_cpu, wall - self._t_wall
        self._t_cpu, self._t_wall = cpu, wall
        return 100.0 * d_cpu / d_wall if d_wall > 0 else 0.0

    def cpu_ns(self) -> int:
        """CPU nanoseconds used since ``start()``."""
        return self._read() - self._t0_cpu

    def total_percent(self) -> float:
        wall = time.monotonic_ns() - self._t0_wall
        return 100.0 * self.cpu_ns() / wall if wall > 0 else 0.0


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100) by linear interpolation; NaN for no values."""
    if not values:
        return math.nan
    s = sorted(values)
    if len(s) == 1:
        return float(s[0])
    k = (len(s) - 1) * (p / 100.0)
    lo = math.floor(k)
    hi = min(lo + 1, len(s) - 1)
    return float(s[lo] + (s[hi] - s[lo]) * (k - lo))


def summarize_ms(values_ns: Iterable[int]) -> dict[str, float]:
    """p50, p95, p99 and max of nanosecond durations, in milliseconds (0.0 when there are none)."""
    v = sorted(values_ns)
    if not v:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    return {
        "p50": percentile(v, 50) / 1e6,
        "p95": percentile(v, 95) / 1e6,
        "p99": percentile(v, 99) / 1e6,
        "max": v[-1] / 1e6,
    }
