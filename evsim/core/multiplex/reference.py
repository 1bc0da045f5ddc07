"""Published figures to hold evsim's measurements against, and a measurement that explains poll's growth.

**Kerrisk, The Linux Programming Interface (2010), Table 63-9**: CPU seconds for 100,000 monitoring operations
with one randomly chosen descriptor ready, Linux 2.6.25.  As microseconds per call: seconds x 10.  Only the
ratios are comparable across machines and years; the absolute figures are the book's hardware.

**Why poll grows faster than N** (the lab saw 4000 -> 10,000 sockets cost 10x once): each call copies the
pollfd array (8 bytes per descriptor) into the kernel and back, *and* the kernel visits every descriptor's
``struct file`` and socket to ask for its state.  :func:`poll_per_fd` separates the two: the same N-entry
array over N distinct sockets, and over N duplicates of one socket (same array, one socket's memory), each in
CPU time per descriptor (the thread's own CPU clock, like the book's CPU seconds, so time spent preempted on
a busy machine does not count).  Where the CPU nanoseconds per descriptor rise with N, the work per socket
did not change: the memory it touches stopped fitting in the caches (:func:`cache_sizes`, from
``/sys/devices/system/cpu/cpu0/cache``), and the pollfd array alone is far smaller than that.
"""

from __future__ import annotations

import os
import select
import socket
import time
from dataclasses import dataclass

from evsim.core.metrics import percentile
from evsim.core.multiplex.measure import Measurement
from evsim.core.multiplex.sockets import WatchedSockets

__all__ = ["TLPI_63_9", "TLPI_SOURCE", "tlpi_rows", "cache_sizes", "PollPerFd", "poll_per_fd", "POLLFD_BYTES"]

TLPI_SOURCE = ("Kerrisk, The Linux Programming Interface, Table 63-9 (CPU s per 100,000 calls, "
               "one random fd ready)")
#: backend -> N -> CPU seconds for 100,000 calls.
TLPI_63_9 = {
    "poll": {10: 0.61, 100: 2.9, 1000: 35.0, 10000: 990.0},
    "epoll": {10: 0.41, 100: 0.42, 1000: 0.53, 10000: 0.66},
}
#: sizeof(struct pollfd): int fd, short events, short revents.
POLLFD_BYTES = 8


def tlpi_rows(measurements: list[Measurement]) -> list[dict]:
    """For each N of the table that was measured: the book's and evsim's µs per call and poll/epoll ratios
    (None where a figure is missing)."""
    ours = {(m.backend, m.fds): m.us_p50 for m in measurements if m.error is None and m.us_p50 > 0}
    rows = []
    for n in sorted(TLPI_63_9["poll"]):
        book_poll, book_epoll = TLPI_63_9["poll"][n] * 10, TLPI_63_9["epoll"][n] * 10
        poll, epoll = ours.get(("poll", n)), ours.get(("epoll", n))
        if poll is None and epoll is None:
            continue
        rows.append({
            "fds": n,
            "tlpi_poll_us": round(book_poll, 2), "tlpi_epoll_us": round(book_epoll, 2),
            "tlpi_ratio": round(book_poll / book_epoll, 1),
            "evsim_poll_us": None if poll is None else round(poll, 3),
            "evsim_epoll_us": None if epoll is None else round(epoll, 3),
            "evsim_ratio": round(poll / epoll, 1) if poll is not None and epoll is not None else None,
        })
    return rows


def _size(text: str) -> int:
    text = text.strip().upper()
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    return int(text.rstrip("KMG")) * mult


def cache_sizes(root: str = "/sys/devices/system/cpu/cpu0/cache") -> list[tuple[str, int]]:
    """This machine's data caches as ("L1d", bytes), ("L2", bytes)...; empty where sysfs does not say."""
    out = []
    try:
        names = sorted(d for d in os.listdir(root) if d.startswith("index"))
    except OSError:
        return []
    for d in names:
        try:
            with open(os.path.join(root, d, "level")) as f:
                level = f.read().strip()
            with open(os.path.join(root, d, "type")) as f:
                kind = f.read().strip()
            with open(os.path.join(root, d, "size")) as f:
                size = _size(f.read())
        except (OSError, ValueError):
            continue
        if kind == "Instruction":
            continue
        out.append((f"L{level}" + ("d" if kind == "Data" else ""), size))
    return out


@dataclass(frozen=True, slots=True)
class PollPerFd:
    """poll over N descriptors, CPU µs per call: ``distinct_us`` over N different sockets, ``same_us`` over N
    duplicates of one socket; and the pollfd array's size."""

    fds: int
    distinct_us: float
    same_us: float

    @property
    def array_bytes(self) -> int:
        return POLLFD_BYTES * self.fds

    @property
    def distinct_ns_per_fd(self) -> float:
        return self.distinct_us * 1000 / self.fds

    @property
    def same_ns_per_fd(self) -> float:
        return self.same_us * 1000 / self.fds

    def as_json(self) -> dict:
        return {"fds": self.fds, "pollfd_array_bytes": self.array_bytes,
                "cpu_ns_per_fd_distinct_sockets": round(self.distinct_ns_per_fd, 1),
                "cpu_ns_per_fd_one_socket_duplicated": round(self.same_ns_per_fd, 1)}


def _cpu_poll_us(fds: list[int], calls: int, batches: int = 5) -> float:
    """Median over ``batches`` of the thread CPU time per call of ``calls`` poll(0) calls."""
    p = select.poll()
    for fd in fds:
        p.register(fd, select.POLLIN)
    for _ in range(3):
        p.poll(0)
    per = []
    for _ in range(batches):
        t0 = time.thread_time_ns()
        for _ in range(calls):
            p.poll(0)
        per.append((time.thread_time_ns() - t0) / calls)
    return percentile(per, 50) / 1e3


def poll_per_fd(n: int, calls: int | None = None) -> PollPerFd:
    """Measure poll over ``n`` distinct sockets (one ready) and over ``n`` duplicates of one socket.  Needs
    about 2n descriptors (raise RLIMIT_NOFILE first: :func:`evsim.core.multiplex.fdlimit.ensure_fd_budget`)."""
    calls = calls or max(4, 50_000 // max(1, n))
    with WatchedSockets(n, 1) as socks:
        distinct = _cpu_poll_us(socks.fds, calls)
    a, b = socket.socketpair()
    dups: list[int] = []
    try:
        b.send(b"x")  # one ready, as above
        dups = [os.dup(a.fileno()) for _ in range(n)]
        same = _cpu_poll_us(dups, calls)
    finally:
        for fd in dups:
            os.close(fd)
        a.close()
        b.close()
    return PollPerFd(n, distinct, same)
