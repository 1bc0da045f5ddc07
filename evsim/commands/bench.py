"""``evsim bench``: measured per-call cost of select, poll and epoll as the number of watched sockets grows."""

from __future__ import annotations

import argparse
import json
import math
import sys

from evsim.commands import CliError
from evsim.core.events import CallbackSink, Event
from evsim.core.multiplex.events import PointStarted
from evsim.core.multiplex.fdlimit import FD_SETSIZE, MAX_FDS
from evsim.core.multiplex.measure import UNSUPPORTED, Measurement, available_backends
from evsim.core.multiplex.reference import TLPI_SOURCE, cache_sizes, poll_per_fd, tlpi_rows
from evsim.core.multiplex.sweep import SweepPlan, SweepResult, run_sweep

#: What each workload teaches (printed under the table, and shown in the lab).
WORKLOAD_NOTES = {
    "idle": "idle: K of N ready, the rest idle (many quiet connections): epoll's cost follows K, "
            "select's and poll's follow N; this is where epoll wins.",
    "busy": "busy: every socket ready: every call has N sockets to report, so epoll does poll's work plus "
            "its ready list's; its advantage vanishes (it may even cost more).",
    "churn": "churn: the ready sockets are unregistered and registered again around every call (short-lived "
             "connections): epoll pays two epoll_ctl system calls each, so with few sockets poll and select "
             "cost less; epoll wins only once N is large.",
}

#: About how long each point is measured for, in milliseconds.
TARGET_MS = 100.0


def _fmt_us(v: float) -> str:
    if math.isnan(v):
        return "-"
    return f"{v:.2f}" if v < 100 else f"{v:.0f}"


def _note(m: Measurement) -> str:
    if m.error is None:
        return ""
    if m.error.startswith(UNSUPPORTED):
        return f"{UNSUPPORTED} ({m.over_limit} fds >= {FD_SETSIZE})"
    return m.error


def _table(res: SweepResult, ready: int) -> str:
    head = ("backend", "fds", "ready", "p50 us/call", "p95 us/call", "scanned/call", "calls", "setup us", "")
    rows = [head]
    for m in res.measurements:
        ok = m.error is None
        rows.append((m.backend, str(m.fds), str(m.ready), _fmt_us(m.us_p50), _fmt_us(m.us_p95),
                     str(m.scanned_per_call) if ok else "-", str(m.calls) if ok else "-",
                     f"{m.setup_us:.0f}", _note(m)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for r in rows:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:-1], widths[1:-1])] + [r[-1]]
        lines.append("  ".join(cells).rstrip())
    budget = res.budget
    limit = f"RLIMIT_NOFILE soft {budget.soft}" if budget else ""
    workload = res.measurements[0].workload if res.measurements else "idle"
    what = "every socket readable" if workload == "busy" else f"{ready} socket(s) made readable"
    title = f"per-call cost with timeout 0, {what}, workload {workload}; {limit}"
    lines.insert(0, title)
    lines.insert(1, "")
    lines.extend(_ratios(res.measurements))
    lines.extend(["", WORKLOAD_NOTES[workload]])
    return "\n".join(lines)


def _tlpi_table(rows: list[dict]) -> list[str]:
    def f(v: float | None) -> str:
        return "-" if v is None else (f"{v:.2f}" if v < 100 else f"{v:.0f}")

    def r(v: float | None) -> str:
        return "-" if v is None else f"{v:,.0f}x" if v >= 10 else f"{v:.1f}x"

    head = ("fds", "book poll us", "book epoll us", "book poll/epoll", "evsim poll us", "evsim epoll us",
            "evsim poll/epoll")
    table = [head] + [(str(x["fds"]), f(x["tlpi_poll_us"]), f(x["tlpi_epoll_us"]), r(x["tlpi_ratio"]),
                       f(x["evsim_poll_us"]), f(x["evsim_epoll_us"]), r(x["evsim_ratio"])) for x in rows]
    widths = [max(len(t[i]) for t in table) for i in range(len(head))]
    out = ["", f"held against {TLPI_SOURCE}; book: seconds x 10 = us per call (2010 hardware: compare the ratios)"]
    out += ["  ".join(c.rjust(w) for c, w in zip(t, widths)) for t in table]
    return out


def _growth_verdict(points: list, wall_us: dict[int, float]) -> list[str]:
    """What the measurement says, decided from the figures (a run can contradict any of these)."""
    lo, hi = points[0], points[-1]
    out = []
    rise = hi.distinct_ns_per_fd / lo.distinct_ns_per_fd if lo.distinct_ns_per_fd > 0 else 1.0
    rise_same = hi.same_ns_per_fd / lo.same_ns_per_fd if lo.same_ns_per_fd > 0 else 1.0
    wall = wall_us.get(hi.fds)
    if wall is not None and hi.distinct_us > 0 and wall / hi.distinct_us >= 1.5:
        out.append(f"  at {hi.fds}: {wall * 1000 / hi.fds:.0f} ns/fd of wall-clock time against "
                   f"{hi.distinct_ns_per_fd:.0f} ns/fd of CPU time: the rest is time the call was off the CPU "
                   "(preempted: a long call is interrupted more often on a busy machine).")
    if rise >= 1.5 and rise_same >= 1.5:
        out.append(f"  CPU per descriptor rose {rise:.1f}x from {lo.fds} to {hi.fds}, and {rise_same:.1f}x even "
                   "for one duplicated socket: the per-descriptor arrays (the pollfd array copied in and out, "
                   f"the fd table; 16 bytes a descriptor, {16 * hi.fds // 1024} KiB) outgrew the L1 cache.")
    elif rise >= 1.5:
        out.append(f"  CPU per descriptor rose {rise:.1f}x from {lo.fds} to {hi.fds} for distinct sockets only: "
                   "each socket's kernel structures, visited on every call, no longer fit the caches.")
    else:
        out.append(f"  CPU per descriptor stayed within {rise:.1f}x from {lo.fds} to {hi.fds}: poll's own work "
                   "grew linearly with N on this run.")
    return out


def _poll_growth(fds: list[int], wall_us: dict[int, float]) -> tuple[list[str], list[dict]]:
    """Why poll grows faster than N, measured: CPU ns per descriptor over N distinct sockets and over N
    duplicates of one socket, against the pollfd array and this machine's caches."""
    caches = cache_sizes()
    points = [poll_per_fd(n) for n in sorted(set(fds)) if n >= 100]
    if not points:
        return [], []
    cache_txt = ", ".join(f"{name} {size // 1024} KiB" for name, size in caches) or "cache sizes unknown"
    out = ["", f"why poll grows with N (CPU time per call, this thread's own clock; caches: {cache_txt}):",
           "      fds  pollfd array  ns/fd, N sockets  ns/fd, 1 socket dup'ed N times"]
    for p in points:
        out.append(f"  {p.fds:7d}  {p.array_bytes / 1024:9.1f} KiB  {p.distinct_ns_per_fd:16.0f}"
                   f"  {p.same_ns_per_fd:32.0f}")
    out.extend(_growth_verdict(points, wall_us))
    return out, [p.as_json() for p in points]


def _ratios(ms: list[Measurement]) -> list[str]:
    """'at N sockets, median per call: poll costs Rx what epoll costs' wherever both were measured."""
    by = {(m.backend, m.fds): m for m in ms if m.error is None and m.us_p50 > 0}
    out = []
    for n in sorted({m.fds for m in ms}):
        ep = by.get(("epoll", n))
        if ep is None:
            continue
        parts = []
        for other in ("poll", "select"):
            if (other, n) in by:
                r = by[(other, n)].us_p50 / ep.us_p50
                parts.append(f"{other} costs {r:.1f}x" if r < 10 else f"{other} costs {r:.0f}x")
        if parts:
            out.append(f"at {n} sockets, median per call: " + ", ".join(parts) + " what epoll costs")
    if out:
        out.insert(0, "")
    return out


def _poll_wall(res: SweepResult) -> dict[int, float]:
    return {m.fds: m.us_p50 for m in res.measurements if m.backend == "poll" and m.error is None}


def run(args: argparse.Namespace) -> int:
    fds = list(args.fds)
    too_many = [n for n in fds if n > MAX_FDS]
    if too_many:
        raise CliError(f"--fds {too_many[0]} is above the {MAX_FDS} sockets one point may watch")
    missing = [b for b in args.backends if b not in available_backends()]
    if missing:
        raise CliError(f"backend not available on this platform: {', '.join(missing)}")
    backends = tuple(dict.fromkeys(args.backends))
    if args.compare == "tlpi":
        backends = tuple(dict.fromkeys(backends + ("poll", "epoll")))
    plan = SweepPlan(backends=backends, fds=tuple(fds), ready=args.ready, target_ms=TARGET_MS,
                     workload=args.workload)

    tty = sys.stderr.isatty()

    def progress(ev: Event) -> None:
        if tty and isinstance(ev, PointStarted):
            print(f"\rmeasuring {ev.index + 1}/{ev.total}: {ev.backend} over {ev.fds} sockets ...   ",
                  end="", file=sys.stderr, flush=True)

    res = run_sweep(plan, CallbackSink(progress))
    if tty:
        print("\r" + " " * 60 + "\r", end="", file=sys.stderr, flush=True)
    if res.failed:
        raise CliError(res.failed, 1)
    budget = res.budget
    if budget is not None and budget.capped:
        print(f"evsim: note: {budget.message()}", file=sys.stderr, flush=True)
    if args.workload != "busy" and any(m.ready < args.ready for m in res.measurements):
        print(f"evsim: note: --ready {args.ready} is more than some socket counts; those points have all sockets ready",
              file=sys.stderr, flush=True)

    if args.json:
        out = {
            "fd_limit": budget.soft if budget else None,
            "fd_limit_hard": budget.hard if budget else None,
            "fds_capped_at": budget.max_fds if budget and budget.capped else None,
            "fd_setsize": FD_SETSIZE,
            "workload": args.workload,
            "results": [m.as_json() for m in res.measurements],
        }
        if args.compare == "tlpi":
            out["tlpi_63_9"] = tlpi_rows(res.measurements)
            out["poll_growth"] = _poll_growth(fds, _poll_wall(res))[1]
        print(json.dumps(out, allow_nan=False))
    else:
        text = _table(res, args.ready)
        if args.compare == "tlpi":
            text += "\n".join([""] + _tlpi_table(tlpi_rows(res.measurements)) + _poll_growth(fds, _poll_wall(res))[0])
        print(text)
    return 0
