"""What a run records: system calls, marks, and traces of repeated occurrences (pure, no I/O).

:class:`Syscall` (name, start, end, result or errno, who made it, whether it could sleep, how many bytes it put
into the process's buffer), :class:`Mark` (a readiness return, a SIGIO, a completion), and :class:`Trace` (an
exact count plus bounded samples: the EAGAIN returns of a polling loop, the units of other work), built while
the loop runs by a :class:`Sampler`.
"""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass

__all__ = ["Syscall", "Mark", "Trace", "Sampler", "STALL_NS", "MAX_GAPS", "ACTORS"]

#: A loop that makes no progress for this long outside any system call counts as stalled (a unit of other
#: work takes about 10 us, one EAGAIN round trip about 1 us).
STALL_NS = 60_000
#: At most this many such gaps are kept per trace.
MAX_GAPS = 4096

#: Who made a system call.
ACTORS = ("process", "sender", "helper")


@dataclass(frozen=True, slots=True)
class Syscall:
    """One system call, timed with ``time.monotonic_ns()`` just before and just after it."""

    name: str
    start_ns: int
    end_ns: int
    result: int | None = None  #: the return value (bytes, ready fds, a new fd...), None when it failed
    errno: str | None = None  #: e.g. "EAGAIN" when it failed
    may_block: bool = False  #: the call could put the thread to sleep (blocking fd, wait without timeout)
    moved: int = 0  #: bytes this call put into the process's buffer
    actor: str = "process"  #: "process" (the reader), "sender" (the writing thread), "helper" (completion)

    @property
    def duration_ns(self) -> int:
        return self.end_ns - self.start_ns


@dataclass(frozen=True, slots=True)
class Mark:
    """A moment worth drawing: "ready" (a wait call reported readiness), "SIGIO", "completion", "chunk"."""

    name: str
    t_ns: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Trace:
    """An exact count of repeated occurrences (EAGAIN returns, units of other work) and where they fell.

    ``sampled_ns[i]`` is the time of occurrence number ``(i + 1) * stride`` (bounded memory however long the
    run); ``tail_ns`` holds the exact times of the last few occurrences, for zoomed views.
    """

    count: int = 0
    stride: int = 1
    sampled_ns: tuple[int, ...] = ()
    tail_ns: tuple[int, ...] = ()
    first_at_ns: int | None = None  #: the time of the very first occurrence
    gaps: tuple[tuple[int, int], ...] = ()  #: (from, to) of every pause longer than STALL_NS between two

    def count_until(self, t_ns: int) -> int:
        """How many occurrences happened at or before ``t_ns`` (exact inside the tail, else to ``stride``)."""
        if self.count == 0:
            return 0
        tail = self.tail_ns
        if tail and t_ns >= tail[0]:
            return self.count - (len(tail) - bisect.bisect_right(tail, t_ns))
        return min(self.count, self.stride * bisect.bisect_right(self.sampled_ns, t_ns))

    def count_between(self, t0_ns: int, t1_ns: int) -> int:
        """Occurrences in ``(t0_ns, t1_ns]``."""
        return max(0, self.count_until(t1_ns) - self.count_until(t0_ns))

    @property
    def first_ns(self) -> int | None:
        if self.first_at_ns is not None:
            return self.first_at_ns
        if self.sampled_ns:
            return self.sampled_ns[0]
        return self.tail_ns[0] if self.tail_ns else None

    @property
    def last_ns(self) -> int | None:
        return self.tail_ns[-1] if self.tail_ns else None

    def times_between(self, t0_ns: int, t1_ns: int) -> tuple[list[int], int]:
        """The recorded times in ``[t0_ns, t1_ns]`` and how many occurrences each stands for (1 in the tail)."""
        tail = self.tail_ns
        if tail and t0_ns >= tail[0]:
            lo, hi = bisect.bisect_left(tail, t0_ns), bisect.bisect_right(tail, t1_ns)
            return list(tail[lo:hi]), 1
        s = self.sampled_ns
        lo, hi = bisect.bisect_left(s, t0_ns), bisect.bisect_right(s, t1_ns)
        return list(s[lo:hi]), self.stride


class Sampler:
    """Builds a :class:`Trace` while a loop runs: O(1) per occurrence, bounded memory.

    Keeps every ``stride``-th time; when ``capacity`` samples are held it drops every other one and doubles
    ``stride``.  The last ``tail`` times are kept exactly, and so is every pause longer than
    :data:`STALL_NS` between two occurrences (up to :data:`MAX_GAPS` of them).
    """

    __slots__ = ("count", "stride", "_samples", "_tail", "_capacity", "_first", "_last", "_gaps")

    def __init__(self, capacity: int = 8192, tail: int = 4096) -> None:
        if capacity < 2:
            raise ValueError("capacity must be >= 2")
        self._first: int | None = None
        self._last = 0
        self._gaps: list[tuple[int, int]] = []
        self.count = 0
        self.stride = 1
        self._samples: list[int] = []
        self._tail: deque[int] = deque(maxlen=tail)
        self._capacity = capacity

    def add(self, t_ns: int) -> None:
        if self.count == 0:
            self._first = t_ns
        elif t_ns - self._last > STALL_NS and len(self._gaps) < MAX_GAPS:
            self._gaps.append((self._last, t_ns))
        self._last = t_ns
        self.count += 1
        self._tail.append(t_ns)
        if self.count % self.stride == 0:
            s = self._samples
            s.append(t_ns)
            if len(s) >= self._capacity:
                del s[0::2]  # keep occurrences 2*stride, 4*stride, ...
                self.stride *= 2

    def trace(self) -> Trace:
        return Trace(self.count, self.stride, tuple(self._samples), tuple(self._tail), self._first,
                     tuple(self._gaps))
