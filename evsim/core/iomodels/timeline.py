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
* ``blocked_during_copy``, measured over the *copy window* (:meth:`Timeline.copy_windows`: the moments of
  the copy phase when bytes were being put into the buffer: each call that moved them, from when its data
  was there to its return; when no call moved them, as with io_uring, the whole copy phase): the process's
  own thread was inside a system call (timed by the clock around each call) for at least half of the window
  (``held_in_copy_ns``), and the other-work counter (sampled as the loop runs) did not advance in it
  (``work_in_copy``).  Neither depends on which code path ran: a process held in a call while a kernel
  worker copies would be judged blocked, one whose work went on during the copy would not.
* the verdict is ``"synchronous"`` when the process is blocked during the copy, else ``"asynchronous"``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from evsim.core.iomodels.records import ACTORS, MAX_GAPS, STALL_NS, Mark, Sampler, Syscall, Trace
from evsim.core.iomodels.spans import SPAN_KINDS, Span, merge_intervals, overlap_ns, process_spans

__all__ = [
    "MODELS", "MODEL_TITLES", "Syscall", "Mark", "Trace", "Sampler", "Timeline", "Span",
    "merge_intervals", "overlap_ns", "process_spans", "summary", "SPAN_KINDS", "STALL_NS", "MAX_GAPS", "ACTORS",
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

    def copy_windows(self) -> list[tuple[int, int]]:
        """When, in the copy phase, bytes were being put into the buffer: each call that moved them (the
        process's or a helper's) from when its data was there (:meth:`data_at`) to its return; when no call
        moved them (the kernel completed the receive on its own), the whole copy phase.  Sorted, merged."""
        lo, hi = self.ready_ns, self.copy_end_ns
        iv = [(max(lo, self.data_at(c)), min(hi, c.end_ns)) for c in self.syscalls
              if c.moved > 0 and c.actor != "sender"]
        return merge_intervals([(a, b) for a, b in iv if b > a] or [(lo, hi)])

    @property
    def copy_window_ns(self) -> int:
        return sum(b - a for a, b in self.copy_windows())

    @property
    def held_in_copy_ns(self) -> int:
        """How much of the copy window the process's thread spent inside a system call (any call it made)."""
        calls = [(c.start_ns, c.end_ns) for c in self.syscalls if c.actor == "process"]
        return sum(overlap_ns(calls, a, b) for a, b in self.copy_windows())

    @property
    def work_in_copy(self) -> int:
        """Units of other work the process completed inside the copy window (from the sampled counter)."""
        return sum(self.work.count_between(a, b) for a, b in self.copy_windows())

    @property
    def blocked_during_copy(self) -> bool:
        """Measured: held in a call for at least half of the copy window, and no other work done in it."""
        window = self.copy_window_ns
        return window > 0 and 2 * self.held_in_copy_ns >= window and self.work_in_copy == 0

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
        "copy_window_ms": round(tl.copy_window_ns / 1e6, 6),
        "held_in_copy_ms": round(tl.held_in_copy_ns / 1e6, 6),
        "other_work_in_copy_window": tl.work_in_copy,
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
