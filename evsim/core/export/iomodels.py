"""The I/O models lab's runs as a Chrome trace: :func:`export_timelines`.

One process per model (``1. blocking (recv)`` ...), each on its own time axis from the moment its read was
issued (like the lab's lanes, so the five line up), with five tracks:

* **wait / copy** (tid 1): the two phases as slices, and the notifications (ready, SIGIO, completion) as
  instants;
* **process thread** (tid 2): what the process's thread was doing (blocked, copying, spinning, working,
  stalled: :func:`evsim.core.iomodels.spans.process_spans`);
* **other work** (tid 3): the units of other work done, a counter (and the EAGAIN returns, a counter too);
* **system calls: process** (tid 4): every call of the process's thread as a slice (result, errno, bytes
  copied in args); the EAGAIN returns, which are counted rather than kept one by one, as instants at the
  recorded times (each standing for ``stride`` returns);
* **system calls: sender** (tid 5), and **system calls: helper** (tid 6) when a helper thread ran.
"""

from __future__ import annotations

import json
from typing import IO, Iterable

from evsim.core.iomodels.timeline import MODEL_TITLES, Syscall, Timeline, process_spans
from evsim.core.export.trace import jstr

__all__ = ["export_timelines", "TRACKS"]

TRACKS = {1: "wait / copy", 2: "process thread", 3: "other work", 4: "system calls: process",
          5: "system calls: sender", 6: "system calls: helper"}
_ACTOR_TID = {"process": 4, "sender": 5, "helper": 6}


def _us(ns: int) -> str:
    return "%.3f" % (ns / 1000)


class _Lane:
    """One model's events, in time order per track (slices trimmed so that they nest)."""

    def __init__(self, pid: int, tl: Timeline, base: int) -> None:
        self.pid, self.tl, self.base = pid, tl, base
        self.meta_lines: list[str] = []
        self.timed: list[tuple[int, int, str]] = []  # (time, order, line): written in time order
        self.trimmed = 0

    @property
    def lines(self) -> list[str]:
        """Metadata first, then every event in time order (ties keep the order they were made in)."""
        return self.meta_lines + [line for _t, _n, line in sorted(self.timed)]

    def _add(self, t: int, line: str) -> None:
        self.timed.append((t, len(self.timed), line))

    def meta(self, name: str, tid: int, value: str, key: str = "name") -> None:
        self.meta_lines.append('{"ph":"M","pid":%d,"tid":%d,"ts":0,"name":"%s","args":{"%s":%s}}'
                          % (self.pid, tid, name, key, value))

    def slices(self, tid: int, items: Iterable[tuple[int, int, str, str]]) -> None:
        """X events ``(start, end, name literal, args text)``: a slice starting inside the one before it and
        ending after it is cut to start where that one ends (a track's slices must nest)."""
        last_end = None
        for start, end, name, args in sorted(items, key=lambda i: (i[0], -i[1])):
            if last_end is not None and start < last_end < end:
                start = last_end
                self.trimmed += 1
            if end < start:
                continue
            self._add(start, '{"ph":"X","pid":%d,"tid":%d,"ts":%s,"dur":%s,"name":%s,"args":%s}'
                      % (self.pid, tid, _us(start - self.base), _us(end - start), name, args))
            last_end = end if last_end is None else max(last_end, end)

    def instants(self, tid: int, items: Iterable[tuple[int, str, str]]) -> None:
        for t, name, args in sorted(items, key=lambda i: i[0]):
            self._add(t, '{"ph":"i","s":"t","pid":%d,"tid":%d,"ts":%s,"name":%s,"args":%s}'
                      % (self.pid, tid, _us(t - self.base), name, args))

    def counter(self, tid: int, name: str, points: Iterable[tuple[int, int]]) -> None:
        for t, v in points:
            self._add(t, '{"ph":"C","pid":%d,"tid":%d,"ts":%s,"name":"%s","args":{"count":%d}}'
                              % (self.pid, tid, _us(t - self.base), name, v))


def _call_args(c: Syscall) -> str:
    return json.dumps({"result": c.result, "errno": c.errno, "may_block": c.may_block, "bytes_copied": c.moved,
                       "actor": c.actor})


def _trace_points(trace, start: int, end: int) -> list[tuple[int, int]]:
    """(time, occurrences so far) at every recorded time of a sampled Trace, from 0 at ``start``."""
    if not trace.count or trace.first_ns is None:
        return []
    lo = min(start, trace.first_ns)
    hi = max(end, trace.last_ns or end)
    times = sorted(set(trace.sampled_ns) | set(trace.tail_ns) | {trace.first_ns})
    pts = [(lo, 0)] + [(t, trace.count_until(t)) for t in times if lo <= t <= hi]
    return pts


def _lane(pid: int, tl: Timeline, base: int) -> _Lane:
    lane = _Lane(pid, tl, base)
    lane.meta("process_name", 0, jstr(f"{pid}. {MODEL_TITLES.get(tl.model, tl.model)} ({tl.mechanism})"))
    lane.meta("process_sort_index", 0, str(pid), "sort_index")
    actors = {c.actor for c in tl.syscalls}
    for tid, name in TRACKS.items():
        if tid == 6 and "helper" not in actors:
            continue
        lane.meta("thread_name", tid, jstr(name))
        lane.meta("thread_sort_index", tid, str(tid), "sort_index")
    phase_args = json.dumps({"verdict": tl.verdict, "blocked_during_wait": tl.blocked_during_wait,
                             "blocked_during_copy": tl.blocked_during_copy})
    lane.slices(1, [(tl.start_ns, tl.ready_ns, '"wait"', phase_args),
                    (tl.ready_ns, tl.copy_end_ns, '"copy"', phase_args)])
    lane.instants(1, [(m.t_ns, jstr(m.name), json.dumps({"detail": m.detail})) for m in tl.marks])
    lane.slices(2, [(s.start_ns, s.end_ns, jstr(s.kind), "{}") for s in process_spans(tl)])
    end = max(tl.done_ns, tl.copy_end_ns)
    lane.counter(3, "other work", _trace_points(tl.work, tl.start_ns, end))
    lane.counter(3, "EAGAIN returns", _trace_points(tl.eagain, tl.start_ns, end))
    for actor, tid in _ACTOR_TID.items():
        calls = [c for c in tl.syscalls if c.actor == actor]
        lane.slices(tid, [(c.start_ns, c.end_ns, jstr(c.name), _call_args(c)) for c in calls])
    if tl.eagain.count:
        times, stride = tl.eagain.times_between(tl.eagain.first_ns or tl.start_ns, tl.eagain.last_ns or end)
        lane.instants(4, [(t, '"recv EAGAIN"', '{"stands_for":%d}' % stride) for t in times])
    return lane


def export_timelines(timelines: Iterable[Timeline], f: IO[str]) -> dict:
    """Write the runs (in the lab's order) as one trace to ``f``; returns the otherData written."""
    tls = list(timelines)
    # each model from its own start; a call recorded before it (set-up) shifts every model alike
    early = max((tl.start_ns - min([tl.start_ns] + [c.start_ns for c in tl.syscalls] + [m.t_ns for m in tl.marks])
                 for tl in tls), default=0)
    lanes = [_lane(i + 1, tl, tl.start_ns - early) for i, tl in enumerate(tls)]
    f.write('{"traceEvents":[\n')
    f.write(",\n".join(line for lane in lanes for line in lane.lines))
    other = {"evsim": "iomodels export", "models": [tl.model for tl in tls],
             "time_axis": "each model from the moment its read was issued (us)",
             "shifted_us": early / 1000, "slices_trimmed": sum(lane.trimmed for lane in lanes)}
    f.write('\n],\n"displayTimeUnit":"ns",\n"otherData":%s}\n' % json.dumps(other, sort_keys=True))
    return other
