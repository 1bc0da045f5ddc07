"""The process thread's time as spans (blocked, copying, spinning, working, stalled), and interval helpers.

Derived from a :class:`~evsim.core.iomodels.timeline.Timeline` only (pure, no I/O).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from evsim.core.iomodels.records import STALL_NS

if TYPE_CHECKING:
    from evsim.core.iomodels.timeline import Timeline

__all__ = ["Span", "SPAN_KINDS", "merge_intervals", "overlap_ns", "process_spans"]


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
