"""Per-call cost of select.select, poll.poll and epoll.poll over a set of watched sockets (timeout 0).

What each call hands over and hands back, as a program uses it:

* ``select``: the program keeps a list of its N sockets; every call turns that list into an fd_set bitmap
  (CPython's select walks the list), the kernel checks every bit up to the highest descriptor, and finding
  the ready sockets means testing each of the N entries against the returned set (FD_ISSET; CPython does
  it for you when it builds the result list).  Any descriptor >= FD_SETSIZE is refused: a real ValueError.
* ``poll``: the poll object keeps the registered array, but every call still copies all N entries into the
  kernel, which checks each one, and back; the caller scans all N ``revents`` to find the ready ones.
* ``epoll``: sockets are registered once; the kernel keeps a ready list as data arrives, so a call copies
  out only the ready sockets and the caller scans only those.

``scanned_per_call`` records the entries examined per call to find the ready sockets (N, N, ready), and
``found_per_call`` what the last call actually reported, a check that every backend saw the same K (epoll is
given room for every watched socket, so it too reports all K).

The workload (:data:`WORKLOADS`) is what the program does around each call:

* ``idle``: K of N ready, nothing else changes (a server with many idle connections: epoll's case);
* ``busy``: every socket ready (the sweep sets K = N): every backend has N sockets to report, and epoll's
  advantage vanishes;
* ``churn``: before every call, the K ready sockets (at least one) are unregistered and registered again, as
  short-lived connections come and go.  epoll pays two ``epoll_ctl`` system calls per socket; select pays
  nothing extra (its set is handed over whole anyway); CPython's poll object edits its dict and rebuilds its
  pollfd array on the next call.
Every figure is a measurement with ``time.perf_counter_ns`` around each call; the number of calls adapts
so that one point takes about ``Repetition.target_ns`` (bounded above by twice that).
"""

from __future__ import annotations

import select
import threading
import time
from dataclasses import asdict, dataclass
from typing import Callable

from evsim.core.metrics import percentile
from evsim.core.multiplex.fdlimit import FD_SETSIZE
from evsim.core.multiplex.sockets import WatchedSockets

__all__ = ["BACKENDS", "WORKLOADS", "UNSUPPORTED", "Repetition", "Measurement", "measure", "available_backends"]

BACKENDS = ("select", "poll", "epoll")
#: The error a select point reports when a watched descriptor is >= FD_SETSIZE.
UNSUPPORTED = "unsupported above FD_SETSIZE"
WORKLOADS = ("idle", "busy", "churn")


def available_backends() -> tuple[str, ...]:
    """The backends this platform has (epoll is Linux only, poll is missing on some platforms)."""
    return tuple(b for b in BACKENDS if b == "select" or hasattr(select, b))


class Repetition:
    """How many calls to time for one point (sans-IO: no clocks, no sockets).

    ``calls_for(estimate_ns)`` aims for ``target_ns`` of calls, within ``[min_calls, max_calls]``;
    ``finished(done, planned, elapsed_ns)`` ends early once ``2 * target_ns`` has passed with at least
    ``min_calls`` done, so a slow machine still gets a bounded point.  ``chunk_for(estimate_ns)`` is how many
    calls to make between two looks at the stop flag (about ``check_ns`` worth).
    """

    def __init__(self, target_ns: int = 100_000_000, min_calls: int = 20, max_calls: int = 20_000,
                 check_ns: int = 5_000_000) -> None:
        if target_ns <= 0 or min_calls < 1 or max_calls < min_calls or check_ns <= 0:
            raise ValueError("invalid repetition bounds")
        self.target_ns = int(target_ns)
        self.min_calls = min_calls
        self.max_calls = max_calls
        self.check_ns = int(check_ns)

    def calls_for(self, estimate_ns: float) -> int:
        if estimate_ns <= 0:
            return self.max_calls
        return max(self.min_calls, min(self.max_calls, int(self.target_ns / estimate_ns)))

    def chunk_for(self, estimate_ns: float) -> int:
        if estimate_ns <= 0:
            return 256
        return max(1, min(256, int(self.check_ns / estimate_ns)))

    def finished(self, done: int, planned: int, elapsed_ns: int) -> bool:
        return done >= planned or (done >= self.min_calls and elapsed_ns >= 2 * self.target_ns)


@dataclass(frozen=True, slots=True)
class Measurement:
    """One measured point (see :class:`evsim.core.multiplex.events.PointMeasured` for the fields)."""

    backend: str
    fds: int
    ready: int
    us_p50: float
    us_p95: float
    calls: int
    scanned_per_call: int
    found_per_call: int
    setup_us: float
    min_fd: int
    max_fd: int
    over_limit: int
    error: str | None = None
    workload: str = "idle"

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_json(self) -> dict:
        """The ``evsim bench --json`` record: the contract keys first, then the extra detail."""
        d = asdict(self)
        out = {
            "backend": self.backend,
            "fds": self.fds,
            "ready": self.ready,
            "us_per_call_p50": None if self.error else round(self.us_p50, 3),
            "us_per_call_p95": None if self.error else round(self.us_p95, 3),
            "error": self.error,
            "workload": self.workload,
        }
        for k in ("calls", "scanned_per_call", "found_per_call", "setup_us", "min_fd", "max_fd", "over_limit"):
            out[k] = round(d[k], 3) if isinstance(d[k], float) else d[k]
        return out


class _Stopped(Exception):
    pass


def _time_calls(call: Callable[[], object], rep: Repetition, stop: threading.Event | None) -> tuple[list[int], object]:
    """Per-call durations (ns) of ``call`` and its last result; raises _Stopped when ``stop`` is set."""
    pc = time.perf_counter_ns
    for _ in range(3):  # warm-up: caches, poll's array rebuild after registration
        call()
    probe = []
    for _ in range(5):
        t0 = pc()
        call()
        probe.append(pc() - t0)
    est = percentile(probe, 50)
    planned = rep.calls_for(est)
    chunk = rep.chunk_for(est)
    samples: list[int] = []
    append = samples.append
    result: object = None
    start = pc()
    while True:
        for _ in range(min(chunk, planned - len(samples)) or 1):
            t0 = pc()
            result = call()
            t1 = pc()
            append(t1 - t0)
        if stop is not None and stop.is_set():
            raise _Stopped
        if rep.finished(len(samples), planned, pc() - start):
            return samples, result


def measure(backend: str, socks: WatchedSockets, rep: Repetition | None = None,
            stop: threading.Event | None = None, workload: str = "idle") -> Measurement | None:
    """Measure one backend over ``socks``; None if ``stop`` was set meanwhile.

    A select point with a descriptor >= FD_SETSIZE makes the real call, catches the real ValueError and
    reports :data:`UNSUPPORTED` as its error instead of a number.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}")
    if workload not in WORKLOADS:
        raise ValueError(f"unknown workload {workload!r}")
    rep = rep or Repetition()
    fds = socks.fds
    n = len(fds)
    base = dict(backend=backend, fds=n, ready=socks.ready, min_fd=socks.min_fd, max_fd=socks.max_fd,
                over_limit=socks.count_at_or_above(FD_SETSIZE), workload=workload)
    # churn: the sockets that leave and come back around every call
    moving = (socks.ready_indices or [0]) if workload == "churn" else []
    pc = time.perf_counter_ns
    closer: Callable[[], None] | None = None
    try:
        if backend == "select":
            t0 = pc()
            rlist = list(fds)  # the program's own list of sockets, handed over whole on every call
            none: list[int] = []
            setup = pc() - t0
            sel = select.select

            def call() -> object:
                for i in moving:  # a select program just edits its own list; the set goes over whole anyway
                    rlist[i] = fds[i]
                return sel(rlist, none, none, 0)

            try:
                call()
            except ValueError as e:
                over = base["over_limit"]
                detail = f"{over} of {n} descriptors >= {FD_SETSIZE}, highest {socks.max_fd}" if over else "fd out of range"
                return Measurement(**base, us_p50=float("nan"), us_p95=float("nan"), calls=1, scanned_per_call=0,
                                   found_per_call=0, setup_us=setup / 1e3,
                                   error=f"{UNSUPPORTED} ({detail}): ValueError: {e}")
            samples, result = _time_calls(call, rep, stop)
            found = len(result[0])  # type: ignore[index]
            scanned = n
        elif backend == "poll":
            p = select.poll()
            flags = select.POLLIN
            t0 = pc()
            for fd in fds:
                p.register(fd, flags)
            setup = pc() - t0
            moved = [fds[i] for i in moving]

            def call() -> object:
                for fd in moved:
                    p.unregister(fd)
                    p.register(fd, flags)
                return p.poll(0)

            samples, result = _time_calls(call, rep, stop)
            found = len(result)  # type: ignore[arg-type]
            scanned = n  # the whole pollfd array comes back; every revents is looked at
        else:
            ep = select.epoll()
            closer = ep.close
            flags = select.EPOLLIN
            t0 = pc()
            for fd in fds:
                ep.register(fd, flags)
            setup = pc() - t0
            maxev = max(1, n)  # room for every ready socket, as poll and select report them all
            moved = [fds[i] for i in moving]

            def call() -> object:
                for fd in moved:
                    ep.unregister(fd)  # epoll_ctl(EPOLL_CTL_DEL): a system call
                    ep.register(fd, flags)  # epoll_ctl(EPOLL_CTL_ADD): another
                return ep.poll(0, maxev)

            samples, result = _time_calls(call, rep, stop)
            found = len(result)  # type: ignore[arg-type]
            scanned = found  # only the ready sockets come back
    except _Stopped:
        return None
    finally:
        if closer is not None:
            closer()
    return Measurement(**base, us_p50=percentile(samples, 50) / 1e3, us_p95=percentile(samples, 95) / 1e3,
                       calls=len(samples), scanned_per_call=scanned, found_per_call=found, setup_us=setup / 1e3)
