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
from evsim.core.multiplex.sweep import SweepPlan, SweepResult, run_sweep

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
    title = f"per-call cost with timeout 0, {ready} socket(s) made readable; {limit}"
    lines.insert(0, title)
    lines.insert(1, "")
    lines.extend(_ratios(res.measurements))
    return "\n".join(lines)


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


def run(args: argparse.Namespace) -> int:
    fds = list(args.fds)
    too_many = [n for n in fds if n > MAX_FDS]
    if too_many:
        raise CliError(f"--fds {too_many[0]} is above the {MAX_FDS} sockets one point may watch")
    missing = [b for b in args.backends if b not in available_backends()]
    if missing:
        raise CliError(f"backend not available on this platform: {', '.join(missing)}")
    plan = SweepPlan(backends=tuple(dict.fromkeys(args.backends)), fds=tuple(fds), ready=args.ready,
                     target_ms=TARGET_MS)

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
    if any(m.ready < args.ready for m in res.measurements):
        print(f"evsim: note: --ready {args.ready} is more than some socket counts; those points have all sockets ready",
              file=sys.stderr, flush=True)

    if args.json:
        out = {
            "fd_limit": budget.soft if budget else None,
            "fd_limit_hard": budget.hard if budget else None,
            "fds_capped_at": budget.max_fds if budget and budget.capped else None,
            "fd_setsize": FD_SETSIZE,
            "results": [m.as_json() for m in res.measurements],
        }
        print(json.dumps(out, allow_nan=False))
    else:
        print(_table(res, args.ready))
    return 0
