"""The common record every I/O-model run produces, and what is derived from it (pure, no I/O).

A read has two phases:

* **wait**: from the moment the process asks for the data (``start_ns``) until the data is there to be
  copied (:attr:`Timeline.ready_ns`);
* **copy**: from then until the last byte is in the process's buffer (``copy_end_ns``).

"Ready" is what the model could know: the readiness notification when there is one (``select``/``poll``/
``epoll_wait`` returned, the SIGIO handler ran), else the end of the sender's last write (``sent_ns``: every
byte is then queued on the receiving socket).  It is never later than the first call that found data to copy
(a non-blocking ``recv`` that returns data was, by definition, called once the data was there).  The sender's
clock is read in Python, so when a reader finishes before the sender's ``send`` has even returned, the start
of that ``send`` is used instead (see :meth:`Timeline.data_at`).

Each run records every system call it makes (:class:`Syscall`: name, start, end, result or errno, who made it,
whether it could sleep, how many bytes it put into the process's buffer), marks for notifications
(:class:`Mark`: a readiness return, a SIGIO, a completion), the EAGAIN returns of a polling loop and the
progress of the process's *other work* (both as :class:`Trace`: an exact count plus bounded samples).

Everything else (phases, blocked spans, the verdict) is derived here from those records, so a view or a test
can work from a recorded timeline with fixed times.

Definitions used for the verdict (the ones Stevens uses, made measurable):

* ``blocked_during_wait``: the process's own thread spent at least half of the wait phase asleep inside
  system calls that can sleep (a blocking ``recv``, ``select``/``poll``/``epoll_wait``).  A non-blocking
  ``recv`` that returns EAGAIN at once is not blocking: the process is awake, it just gets nothing done.
* ``blocked_during_copy``: the bytes were put into the buffer by system calls the process's own thread made,
  so the thread was held inside them while the kernel copied (``copy_call_ns`` is how long).  A run where a
  kernel worker (io_uring) or a completion thread fills the buffer while the process keeps working is not.
* the verdict is ``"synchronous"`` when the process is blocked during the copy, else ``"asynchronous"``.
"""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

__all__ = [
    "MODELS", "MODEL_TITLES", "Syscall", "Mark", "Trace", "Sampler", "Timeline", "Span",
    "merge_intervals", "overlap_ns", "process_spans", "summary", "SPAN_KINDS", "STALL_NS",
]

#: Marks that tell the process its data can be read (or has been read for it).
NOTIFICATIONS = ("ready", "SIGIO")

#: The five models, in the order they are shown and run.
MODELS = ("blocking", "nonblocking", "multiplexing", "signal", "async")
MODEL_TITLES = {
    "blocking": "blocking",
    "nonblocking": "non-blocking",
    "multiplexing": "I/O multiplexing",
    "signal": "signal-driven",
    "async": "asynchronous",
}

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


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the process's time: ``kind`` is one of :data:`SPAN_KINDS`."""

    kind: str
    start_ns: int
    end_ns: int


#: blocked: asleep in a call, waiting; copying: held in a call that moves the data into its buffer;
#: spinning: awake, polling (EAGAIN) and getting nothing else done; working: doing other work;
#: stalled: runnable but making no progress (another task had the CPU).
SPAN_KINDS = ("blocked", "copying", "spinning", "working", "stalled")



@dataclass(frozen=True, slots=True)
class Timeline:
    """Everything recorded in one run of one model.  Times are ``time.monotonic_ns()``."""

    model: str
    mechanism: str  #: what actually ran: "recv", "epoll", "SIGIO", "io_uring", "completion thread"...
    size: int
    chunks: int
    delay_ns: int
    start_ns: int  #: the process asks for the data (the sender's delay counts from here)
    sent_ns: int  #: the whole message is in the kernel (the sender's last write returned)
    copy_end_ns: int  #: the last byte is in the process's buffer
    done_ns: int  #: the process knows it has the whole message
    received: int
    intact: bool  #: the bytes received are the bytes sent
    syscalls: tuple[Syscall, ...] = ()  #: every call except the EAGAIN returns (see ``eagain``)
    eagain: Trace = field(default_factory=Trace)
    work: Trace = field(default_factory=Trace)  #: units of other work the process completed
    marks: tuple[Mark, ...] = ()
    work_unit: str = "16 KiB hashed"
    runner: str = "in-process"  #: or "child process" (signal-driven model run from a non-main thread)
    notes: str = ""
    placement: str = ""  #: which CPU ran what, e.g. "process on CPU 0, sender and helpers on CPU 1"
    _ready: int = field(default=0, init=False, repr=False, compare=False)  # derived once, see ready_ns

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ready", self._derive_ready())

    # --- phases -----------------------------------------------------------------------------------------
    @property
    def ready_ns(self) -> int:
        """End of the wait phase: the data is there to be copied (see the module doc)."""
        return self._ready

    def _derive_ready(self) -> int:
        final = self._final_write()
        moving = [c for c in self.syscalls if c.moved > 0 and c.actor != "sender"
                  and (final is None or c.end_ns >= final.start_ns)]
        first = min(moving, key=lambda c: c.start_ns) if moving else None
        if first is not None:
            cands = [self.data_at(first)]
            notes = [m.t_ns for m in self.marks if m.name in NOTIFICATIONS and m.t_ns <= first.start_ns
                     and (final is None or m.t_ns >= final.start_ns)]
            if notes:
                cands.append(max(notes))
            elif first.actor == "process":
                cands.append(self._sent_clamped(first.end_ns))
            ready = min(cands)
        else:
            ready = self._sent_clamped(self.copy_end_ns)
        return max(self.start_ns, min(ready, self.copy_end_ns))

    def _final_write(self) -> Syscall | None:
        writes = [c for c in self.syscalls if c.actor == "sender"]
        return max(writes, key=lambda c: c.start_ns) if writes else None

    def _sent_clamped(self, limit_ns: int) -> int:
        """``sent_ns``, or the start of the last write when the data was copied before it returned."""
        if self.sent_ns <= limit_ns:
            return self.sent_ns
        final = self._final_write()
        return final.start_ns if final is not None else limit_ns

    @property
    def wait_ns(self) -> int:
        return self.ready_ns - self.start_ns

    @property
    def copy_start_ns(self) -> int:
        return self.ready_ns

    @property
    def copy_ns(self) -> int:
        return self.copy_end_ns - self.ready_ns

    @property
    def total_ns(self) -> int:
        return max(0, self.done_ns - self.start_ns)

    # --- calls ------------------------------------------------------------------------------------------
    def calls(self, actor: str = "process") -> list[Syscall]:
        return [c for c in self.syscalls if c.actor == actor]

    @property
    def process_syscalls(self) -> int:
        """System calls the process's thread made, EAGAIN returns included."""
        return len(self.calls("process")) + self.eagain.count

    @property
    def moved_by_process(self) -> int:
        return sum(c.moved for c in self.syscalls if c.actor == "process")

    def data_at(self, call: Syscall) -> int:
        """When the data that ``call`` moved was there to copy, clamped into the call.

        It came with the sender's latest write that had begun before the call returned.  A call that cannot
        sleep found it there when it ran: from its start, but not before that write began (a thread can be
        preempted between reading the clock and entering the kernel).  A call that can sleep (a blocking
        ``recv``) slept until the write had queued it: the end of the write, or its start if the call
        returned even before the write did.
        """
        write = None
        for w in self.syscalls:
            if w.actor == "sender" and w.start_ns <= call.end_ns and (write is None or w.start_ns > write.start_ns):
                write = w
        if not call.may_block:
            avail = call.start_ns if write is None else max(call.start_ns, write.start_ns)
        elif write is None:
            avail = self.sent_ns
        else:
            avail = write.end_ns if write.end_ns <= call.end_ns else write.start_ns
        return min(max(call.start_ns, avail), call.end_ns)

    @property
    def copy_call_ns(self) -> int:
        """Time the process's thread spent held inside the calls that moved the data, once it was there.

        A blocking ``recv`` that slept through the wait counts only from :meth:`data_at`; before that it was
        waiting, not copying.
        """
        total = 0
        for c in self.syscalls:
            if c.actor == "process" and c.moved > 0:
                total += c.end_ns - self.data_at(c)
        return total

    # --- verdict ----------------------------------------------------------------------------------------
    @property
    def blocked_wait_ns(self) -> int:
        """Time of the wait phase the process's thread spent asleep in calls that can sleep."""
        iv = [(c.start_ns, c.end_ns) for c in self.syscalls if c.actor == "process" and c.may_block]
        return overlap_ns(iv, self.start_ns, self.ready_ns)

    @property
    def blocked_during_wait(self) -> bool:
        return self.wait_ns > 0 and 2 * self.blocked_wait_ns >= self.wait_ns

    @property
    def blocked_during_copy(self) -> bool:
        return self.moved_by_process > 0

    @property
    def verdict(self) -> str:
        return "synchronous" if self.blocked_during_copy else "asynchronous"

    @property
    def stalled_ns(self) -> int:
        """Time the process's loop made no progress outside any system call (see :func:`process_spans`)."""
        return sum(sp.end_ns - sp.start_ns for sp in process_spans(self) if sp.kind == "stalled")

    @property
    def other_work(self) -> int:
        return self.work.count

    @property
    def work_during_wait(self) -> int:
        return self.work.count_between(self.start_ns, self.ready_ns)

    @property
    def work_during_copy(self) -> int:
        return self.work.count_between(self.copy_start_ns, self.copy_end_ns)

    # --- (de)serialisation ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        del d["_ready"]
        d["syscalls"] = [asdict(c) for c in self.syscalls]
        d["marks"] = [asdict(m) for m in self.marks]
        for k in ("eagain", "work"):
            t: Trace = getattr(self, k)
            d[k] = {"count": t.count, "stride": t.stride, "sampled_ns": list(t.sampled_ns),
                    "tail_ns": list(t.tail_ns), "first_at_ns": t.first_at_ns, "gaps": [list(g) for g in t.gaps]}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Timeline":
        d = dict(d)
        d["syscalls"] = tuple(Syscall(**c) for c in d.get("syscalls", ()))
        d["marks"] = tuple(Mark(**m) for m in d.get("marks", ()))
        for k in ("eagain", "work"):
            t = d.get(k) or {}
            d[k] = Trace(int(t.get("count", 0)), int(t.get("stride", 1)), tuple(t.get("sampled_ns", ())),
                         tuple(t.get("tail_ns", ())), t.get("first_at_ns"),
                         tuple((int(a), int(b)) for a, b in t.get("gaps", ())))
        return cls(**d)


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of ``(start, end)`` intervals (empty ones dropped)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(i for i in intervals if i[1] > i[0]):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def overlap_ns(intervals: Iterable[tuple[int, int]], a: int, b: int) -> int:
    """How much of ``[a, b]`` the union of ``intervals`` covers."""
    total = 0
    for s, e in merge_intervals(intervals):
        lo, hi = max(s, a), min(e, b)
        if hi > lo:
            total += hi - lo
    return total


def _subtract(span: tuple[int, int], cuts: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    a, b = span
    out = []
    for s, e in cuts:  # cuts are merged and sorted
        if e <= a or s >= b:
            continue
        if s > a:
            out.append((a, s))
        a = max(a, e)
    if b > a:
        out.append((a, b))
    return out


def process_spans(tl: Timeline) -> list[Span]:
    """The process thread's time, as blocked / copying / spinning / working spans, sorted by start.

    * a call that moved data: ``copying`` from when the data was there (:meth:`Timeline.data_at`),
      ``blocked`` before that if the call could sleep;
    * any other call that could sleep: ``blocked``;
    * between the first and last EAGAIN, outside calls: ``spinning``;
    * between the first and last unit of other work, outside calls: ``working``;
    * inside those, where the loop made no progress for more than :data:`STALL_NS` although it was in no
      system call (:attr:`Trace.gaps`): ``stalled``: it was not on a CPU (another task had it), a page
      fault, or the like.
    """
    spans: list[Span] = []
    busy: list[tuple[int, int]] = []
    for c in tl.syscalls:
        if c.actor != "process":
            continue
        if c.moved > 0:
            start = tl.data_at(c)
            if start > c.start_ns:
                spans.append(Span("blocked", c.start_ns, start))
            spans.append(Span("copying", start, c.end_ns))
            busy.append((c.start_ns, c.end_ns))
        elif c.may_block:
            spans.append(Span("blocked", c.start_ns, c.end_ns))
            busy.append((c.start_ns, c.end_ns))
    cuts = merge_intervals(busy)
    for kind, trace in (("spinning", tl.eagain), ("working", tl.work)):
        if trace.count and trace.first_ns is not None and trace.last_ns is not None:
            stalls = merge_intervals(g for a, b in trace.gaps for g in _subtract((a, b), cuts)
                                     if g[1] - g[0] > STALL_NS)
            for a, b in _subtract((trace.first_ns, trace.last_ns), cuts):
                for x, y in _subtract((a, b), stalls):
                    spans.append(Span(kind, x, y))
            spans.extend(Span("stalled", a, b) for a, b in stalls)
    spans = [s for s in spans if s.end_ns > s.start_ns]
    spans.sort(key=lambda s: (s.start_ns, s.end_ns))
    return spans


def summary(tl: Timeline) -> dict[str, Any]:
    """The figures the CLI prints (``--json`` keys), derived from the timeline."""
    return {
        "model": tl.model,
        "mechanism": tl.mechanism,
        "wait_ms": round(tl.wait_ns / 1e6, 3),
        "copy_ms": round(tl.copy_ns / 1e6, 3),
        "syscalls": tl.process_syscalls,
        "eagain": tl.eagain.count,
        "blocked_during_wait": tl.blocked_during_wait,
        "blocked_during_copy": tl.blocked_during_copy,
        "other_work": tl.other_work,
        "verdict": tl.verdict,
        "other_work_during_wait": tl.work_during_wait,
        "other_work_during_copy": tl.work_during_copy,
        "copy_call_ms": round(tl.copy_call_ns / 1e6, 3),
        "stalled_ms": round(tl.stalled_ns / 1e6, 3),
        "total_ms": round(tl.total_ns / 1e6, 3),
        "size": tl.size,
        "chunks": tl.chunks,
        "delay_ms": round(tl.delay_ns / 1e6, 3),
        "received": tl.received,
        "intact": tl.intact,
        "work_unit": tl.work_unit,
        "runner": tl.runner,
        "placement": tl.placement,
    }
