"""The multiplex lab's scene model: what the socket grid shows, as plain Python (no Qt), tested with a fixed clock.

The grid shows N watched sockets with K ready, and one lane per backend.  For select and poll, a scan head
sweeps all N cells once per call; for epoll, the K ready cells pulse once per call.  The lanes keep the
*measured* proportions: a call of a backend lasts, on screen, ``sweep_s * cost / slowest_cost`` seconds
(divided by the animation speed), so the slowest measured backend takes ``sweep_s`` per call and the others
finish proportionally more calls meanwhile.  Animation is a pure function of (measurement time, now).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from evsim.core.multiplex.measure import BACKENDS
from evsim.core.multiplex.sockets import spread

__all__ = ["Lane", "MultiplexScene", "GridGeometry", "grid_geometry", "LogSlider", "results_table"]

#: On-screen seconds for one call of the slowest measured backend, at animation speed 1.
SWEEP_S = 1.6
#: epoll's pulses are never drawn faster than this (the counter still counts every measured call).
MIN_PULSE_S = 0.12


@dataclass
class Lane:
    """One backend's latest measurement at the scene's (N, K); ``us_p50`` None until measured."""

    backend: str
    us_p50: float | None = None
    us_p95: float | None = None
    error: str | None = None
    over_limit: int = 0
    scanned: int = 0
    found: int = 0
    anchor_ns: int = 0

    @property
    def measured(self) -> bool:
        return self.us_p50 is not None or self.error is not None

    @property
    def cost(self) -> float | None:
        """Median µs per call when measured without error, else None."""
        if self.error is not None or self.us_p50 is None or not math.isfinite(self.us_p50) or self.us_p50 <= 0:
            return None
        return self.us_p50


class MultiplexScene:
    def __init__(self, n: int = 256, k: int = 1, sweep_s: float = SWEEP_S) -> None:
        self.sweep_s = sweep_s
        self.n = 0
        self.k = 0
        self.ready_indices: list[int] = []
        self.lanes: dict[str, Lane] = {b: Lane(b) for b in BACKENDS}
        self.version = 0  # bumps whenever what the cells show changes (views cache by it)
        self.set_shape(n, k)

    # -- updates --
    def set_shape(self, n: int, k: int) -> bool:
        """Show N sockets with K ready; lanes forget measurements of another shape, except a refusal when only
        K changed (select refuses a set for its descriptor numbers, whatever K).  True if it changed."""
        n = max(1, int(n))
        k = max(0, min(int(k), n))
        if (n, k) == (self.n, self.k):
            return False
        same_n = n == self.n
        self.n, self.k = n, k
        self.ready_indices = spread(n, k)
        self.lanes = {b: (lane if same_n and lane.error else Lane(b)) for b, lane in self.lanes.items()}
        self.version += 1
        return True

    def reset(self) -> None:
        """Forget every lane's measurement (same N and K)."""
        self.lanes = {b: Lane(b) for b in BACKENDS}
        self.version += 1

    def apply(self, backend: str, fds: int, ready: int, us_p50: float, us_p95: float, error: str | None,
              over_limit: int, scanned: int, found: int, t_ns: int) -> bool:
        """Take one measurement; ignored (False) unless it is of the shown (N, K)."""
        if (fds, ready) != (self.n, self.k) or backend not in self.lanes:
            return False
        old = self.lanes[backend]
        self.lanes[backend] = Lane(backend, None if error else us_p50, None if error else us_p95, error,
                                   over_limit, scanned, found, t_ns)
        if (old.error, old.over_limit) != (error, over_limit):
            self.version += 1
        return True

    # -- animation: pure functions of now --
    def slowest_cost(self) -> float | None:
        costs = [lane.cost for lane in self.lanes.values() if lane.cost is not None]
        return max(costs) if costs else None

    def period_s(self, backend: str, speed: float = 1.0) -> float | None:
        """On-screen seconds per call of ``backend`` (None when it has no cost to show)."""
        lane = self.lanes[backend]
        slow = self.slowest_cost()
        if lane.cost is None or slow is None:
            return None
        return self.sweep_s * (lane.cost / slow) / max(speed, 1e-6)

    def calls_done(self, backend: str, now_ns: int, speed: float = 1.0) -> int:
        """Calls completed on screen since the measurement arrived."""
        p = self.period_s(backend, speed)
        lane = self.lanes[backend]
        if p is None or now_ns <= lane.anchor_ns:
            return 0
        return int((now_ns - lane.anchor_ns) / 1e9 / p)

    def scan_fraction(self, backend: str, now_ns: int, speed: float = 1.0) -> float | None:
        """How far (0..1) the current call's scan has got through the N sockets; None if not animating."""
        p = self.period_s(backend, speed)
        if p is None:
            return None
        t = max(0, now_ns - self.lanes[backend].anchor_ns) / 1e9
        return (t / p) % 1.0

    def pulse(self, backend: str, now_ns: int, speed: float = 1.0) -> float | None:
        """epoll's ready-cell glow, 1.0 right after a call returned fading to 0 (None if not animating)."""
        p = self.period_s(backend, speed)
        if p is None:
            return None
        p = max(p, MIN_PULSE_S / max(speed, 1e-6))
        t = max(0, now_ns - self.lanes[backend].anchor_ns) / 1e9
        return 1.0 - (t / p) % 1.0

    def ratio_to_poll(self, backend: str) -> float | None:
        """poll's cost over ``backend``'s: how many times cheaper than poll (< 1: dearer).  The one ratio the
        lanes and the readout both quote."""
        lane, poll = self.lanes[backend], self.lanes.get("poll")
        if lane.cost is None or poll is None or poll.cost is None:
            return None
        return poll.cost / lane.cost

    def ratio_to_slowest(self, backend: str) -> float | None:
        """How many calls of ``backend`` fit in one call of the slowest backend."""
        lane = self.lanes[backend]
        slow = self.slowest_cost()
        if lane.cost is None or slow is None:
            return None
        return slow / lane.cost


@dataclass(frozen=True)
class GridGeometry:
    """``cols`` x ``rows`` cells of ``cell`` px (``gap`` px apart); each drawn cell stands for ``per_cell``
    consecutive sockets (1 unless N is too large to draw one cell per socket)."""

    cols: int
    rows: int
    cell: int
    gap: int
    per_cell: int

    @property
    def cells(self) -> int:
        return self.cols * self.rows

    def cell_of(self, socket_index: int) -> tuple[int, int]:
        """(col, row) of the cell drawing ``socket_index``."""
        c = socket_index // self.per_cell
        return c % self.cols, c // self.cols


def grid_geometry(n: int, width: int, height: int, min_cell: int = 4, max_cell: int = 28) -> GridGeometry:
    """The largest square cells (``min_cell``..``max_cell`` px, 1 px apart) that fit N sockets into
    width x height; when even ``min_cell`` px cells do not fit, sockets are grouped ``per_cell`` to a cell
    (the fewest per cell that fit, with the largest cells that then fit)."""
    n = max(1, n)
    width, height = max(1, width), max(1, height)
    gap = 1
    per_cell = 1
    while True:
        drawn = math.ceil(n / per_cell)
        for cell in range(max_cell, min_cell - 1, -1):
            pitch = cell + gap
            cols = max(1, (width + gap) // pitch)
            rows_fit = max(1, (height + gap) // pitch)
            if cols * rows_fit >= drawn:
                return GridGeometry(cols, math.ceil(drawn / cols), cell, gap, per_cell)
        if drawn == 1:
            return GridGeometry(1, 1, min_cell, gap, per_cell)
        # jump straight to the grouping that fits at min_cell
        pitch = min_cell + gap
        room = max(1, ((width + gap) // pitch) * ((height + gap) // pitch))
        per_cell = max(per_cell + 1, math.ceil(n / room))


class LogSlider:
    """Maps slider positions 0..steps to values lo..hi on a log scale (and back); 0 may stand for 0."""

    def __init__(self, lo: int, hi: int, steps: int = 1000, zero: bool = False) -> None:
        self.lo, self.hi, self.steps, self.zero = max(1, lo), max(1, hi), steps, zero

    def value(self, pos: int) -> int:
        pos = max(0, min(self.steps, pos))
        if self.zero:
            if pos == 0:
                return 0
            frac = (pos - 1) / max(1, self.steps - 1)
        else:
            frac = pos / self.steps
        if self.hi <= self.lo:
            return self.lo
        return int(round(self.lo * (self.hi / self.lo) ** frac))

    def position(self, value: int) -> int:
        if self.zero and value <= 0:
            return 0
        value = max(self.lo, min(self.hi, value))
        if self.hi <= self.lo:
            return self.steps
        frac = math.log(value / self.lo) / math.log(self.hi / self.lo)
        if self.zero:
            return 1 + int(round(frac * (self.steps - 1)))
        return int(round(frac * self.steps))


def results_table(results: dict) -> tuple[list[str], list[list[object]]]:
    """File > Export: every measured point ((backend, N, K, workload) -> PointMeasured), as rows."""
    header = ["backend", "fds", "ready", "workload", "us_per_call_p50", "us_per_call_p95", "calls",
              "scanned_per_call", "found_per_call", "setup_us", "max_fd", "error"]
    rows = []
    for (b, n, k, w), e in sorted(results.items(), key=lambda kv: (kv[0][3], kv[0][2], kv[0][1], kv[0][0])):
        rows.append([b, n, k, w, None if e.error else round(e.us_p50, 3), None if e.error else round(e.us_p95, 3),
                     e.calls, e.scanned_per_call, e.found_per_call, round(e.setup_us, 1), e.max_fd, e.error])
    return header, rows
