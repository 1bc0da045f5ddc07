"""select vs poll vs epoll: measured per-call cost as the watched sockets grow, and as the ready ones grow.

    .venv/bin/python benchmarks/multiplex.py            # tables + the claims checked against the figures
    .venv/bin/python benchmarks/multiplex.py --json     # one JSON object
    .venv/bin/python benchmarks/multiplex.py --check    # exit 1 if a claim does not hold

Two sweeps over real socketpairs (timeout-0 calls, ~100 ms of calls per point, a few seconds in all):

1. N watched sockets (16 .. 10000), 1 ready: select stops at FD_SETSIZE, poll grows with N, epoll stays flat.
2. 4000 watched sockets, K ready (1 .. 1000): epoll's cost follows K, poll's is dominated by N.
3. The book's N (10, 100, 1000, 10000) under each workload: idle (1 ready; held against Kerrisk's TLPI
   Table 63-9), busy (all ready: epoll's advantage vanishes), churn (the ready socket re-registered around every
   call: epoll_ctl's cost).
4. Why poll grows faster than N: CPU ns per descriptor, N distinct sockets against one socket dup'ed N times.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from evsim.core.events import NullSink  # noqa: E402
from evsim.core.multiplex.fdlimit import FD_SETSIZE  # noqa: E402
from evsim.core.multiplex.measure import UNSUPPORTED, Measurement, available_backends  # noqa: E402
from evsim.core.multiplex.reference import cache_sizes, poll_per_fd, tlpi_rows  # noqa: E402
from evsim.core.multiplex.sweep import SweepPlan, run_sweep  # noqa: E402

N_SWEEP = (16, 64, 256, 1000, 2000, 4000, 10000)
K_SWEEP = (1, 10, 100, 1000)
K_AT_N = 4000
TLPI_N = (10, 100, 1000, 10000)


def _fmt(v: float) -> str:
    return "-" if math.isnan(v) else (f"{v:.2f}" if v < 100 else f"{v:.0f}")


def _by_n_table(ms: list[Measurement], key: str, title: str, backends: tuple[str, ...]) -> str:
    """Rows = the swept value (fds or ready), columns = backend p50 (p95)."""
    cell = {(m.backend, getattr(m, key)): m for m in ms}
    xs = sorted({getattr(m, key) for m in ms})
    head = [key] + [f"{b} p50 (p95) us" for b in backends]
    rows = [head]
    for x in xs:
        row = [str(x)]
        for b in backends:
            m = cell.get((b, x))
            if m is None:
                row.append("")
            elif m.error:
                row.append(UNSUPPORTED if m.error.startswith(UNSUPPORTED) else m.error[:40])
            else:
                row.append(f"{_fmt(m.us_p50)} ({_fmt(m.us_p95)})")
        rows.append(row)
    w = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [title, ""] + ["  ".join(c.rjust(w[i]) for i, c in enumerate(r)) for r in rows]
    return "\n".join(lines)


def _claims(n_ms: list[Measurement], k_ms: list[Measurement]) -> list[tuple[str, bool, str]]:
    get = {(m.backend, m.fds, m.ready): m for m in n_ms + k_ms}
    out: list[tuple[str, bool, str]] = []
    poll, ep = get.get(("poll", 4000, 1)), get.get(("epoll", 4000, 1))
    if poll and ep and poll.ok and ep.ok:
        r = poll.us_p50 / ep.us_p50
        out.append(("at 4000 sockets, 1 ready: epoll's median >= 10x below poll's", r >= 10, f"{r:.0f}x"))
    sel_over = [m for m in n_ms if m.backend == "select" and m.over_limit > 0]
    if sel_over:
        ok = all(m.error and m.error.startswith(UNSUPPORTED) for m in sel_over)
        out.append((f"select refuses every set with a descriptor >= FD_SETSIZE ({FD_SETSIZE})", ok,
                    ", ".join(str(m.fds) for m in sel_over)))
    eps = sorted((m for m in n_ms if m.backend == "epoll" and m.ok), key=lambda m: m.fds)
    if len(eps) >= 2:
        r = eps[-1].us_p50 / eps[0].us_p50
        out.append((f"epoll stays flat from {eps[0].fds} to {eps[-1].fds} sockets (within 3x)", r <= 3, f"{r:.2f}x"))
    polls = sorted((m for m in n_ms if m.backend == "poll" and m.ok), key=lambda m: m.fds)
    if len(polls) >= 2:
        r = polls[-1].us_p50 / polls[0].us_p50
        out.append((f"poll grows from {polls[0].fds} to {polls[-1].fds} sockets (>= 10x)", r >= 10, f"{r:.0f}x"))
    ek = sorted((m for m in k_ms if m.backend == "epoll" and m.ok), key=lambda m: m.ready)
    if len(ek) >= 2:
        r = ek[-1].us_p50 / ek[0].us_p50
        out.append((f"epoll's cost follows the ready sockets ({ek[0].ready} -> {ek[-1].ready} ready: >= 5x)", r >= 5,
                    f"{r:.0f}x"))
    return out


def _workload_claims(wl: dict[str, list[Measurement]]) -> list[tuple[str, bool, str]]:
    out: list[tuple[str, bool, str]] = []

    def ratio(ms: list[Measurement], n: int) -> float | None:
        get = {(m.backend, m.fds): m for m in ms if m.ok}
        p, e = get.get(("poll", n)), get.get(("epoll", n))
        return p.us_p50 / e.us_p50 if p and e else None

    for n, need in ((1000, 30), (10000, 300)):
        r = ratio(wl["idle"], n)
        if r is not None:
            out.append((f"idle, {n} sockets: poll/epoll >= {need}x", r >= need, f"{r:.0f}x"))
    busy = [r for r in (ratio(wl["busy"], n) for n in TLPI_N) if r is not None]
    if busy:
        out.append(("busy (all ready): epoll's advantage vanishes (poll/epoll < 2 at every N)", max(busy) < 2,
                    ", ".join(f"{r:.2f}x" for r in busy)))
    r10 = ratio(wl["churn"], 10)
    if r10 is not None:
        out.append(("churn, 10 sockets: poll costs less than epoll (epoll_ctl twice per call)", r10 < 1,
                    f"poll/epoll {r10:.2f}x"))
    return out


def _workload_table(wl: dict[str, list[Measurement]]) -> str:
    lines = ["Per-call median (us) and poll/epoll at the book's N, by workload:", ""]
    head = f"{'workload':8}  {'fds':>6}  {'select':>9}  {'poll':>9}  {'epoll':>9}  {'poll/epoll':>10}"
    lines.append(head)
    for w, ms in wl.items():
        get = {(m.backend, m.fds): m for m in ms}
        for n in TLPI_N:
            cells = []
            for b in ("select", "poll", "epoll"):
                m = get.get((b, n))
                cells.append("-" if m is None or not m.ok else _fmt(m.us_p50))
            p, e = get.get(("poll", n)), get.get(("epoll", n))
            r = (f"{p.us_p50 / e.us_p50:.2f}x" if p.us_p50 / e.us_p50 < 10 else f"{p.us_p50 / e.us_p50:,.0f}x") \
                if p and e and p.ok and e.ok else "-"
            lines.append(f"{w:8}  {n:6d}  {cells[0]:>9}  {cells[1]:>9}  {cells[2]:>9}  {r:>10}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--check", action="store_true", help="exit 1 if a claim does not hold")
    ap.add_argument("--target-ms", type=float, default=100.0, help="time spent per point (default: %(default)s)")
    args = ap.parse_args(argv)
    backends = available_backends()

    n_res = run_sweep(SweepPlan(backends=backends, fds=N_SWEEP, ready=1, target_ms=args.target_ms), NullSink())
    k_ms: list[Measurement] = []
    k_backends = tuple(b for b in ("poll", "epoll") if b in backends)
    for k in K_SWEEP:
        r = run_sweep(SweepPlan(backends=k_backends, fds=(K_AT_N,), ready=k, target_ms=args.target_ms), NullSink())
        k_ms.extend(r.measurements)
    for res in (n_res,):
        if res.failed:
            print(f"benchmark failed: {res.failed}", file=sys.stderr)
            return 2
    wl = {w: run_sweep(SweepPlan(backends=backends, fds=TLPI_N, ready=1, target_ms=args.target_ms, workload=w),
                       NullSink()).measurements for w in ("idle", "busy", "churn")}
    growth = [poll_per_fd(n) for n in (100, 1000, 4000, 10000)] if "poll" in backends else []
    claims = _claims(n_res.measurements, k_ms) + _workload_claims(wl)
    budget = n_res.budget
    if args.json:
        print(json.dumps({
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": os.cpu_count()},
            "fd_limit": budget.soft if budget else None,
            "fds_capped_at": budget.max_fds if budget and budget.capped else None,
            "by_fds": [m.as_json() for m in n_res.measurements],
            "by_ready": [m.as_json() for m in k_ms],
            "by_workload": {w: [m.as_json() for m in ms] for w, ms in wl.items()},
            "tlpi_63_9": tlpi_rows(wl["idle"]),
            "poll_growth": [g.as_json() for g in growth],
            "caches": dict(cache_sizes()),
            "claims": [{"claim": c, "holds": ok, "measured": v} for c, ok, v in claims],
        }, allow_nan=False))
    else:
        print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs; "
              f"RLIMIT_NOFILE soft {budget.soft if budget else '?'}; timeout-0 calls, ~{args.target_ms:.0f} ms per point")
        if budget and budget.capped:
            print(f"note: {budget.message()}")
        print()
        print(_by_n_table(n_res.measurements, "fds", "Per-call cost against watched sockets N (1 ready):", backends))
        print()
        print(_by_n_table(k_ms, "ready", f"Per-call cost against ready sockets K ({K_AT_N} watched):", k_backends))
        print()
        print(_workload_table(wl))
        print()
        print("Held against Kerrisk, TLPI Table 63-9 (book: CPU s per 100,000 calls x 10 = us per call):")
        for r in tlpi_rows(wl["idle"]):
            print(f"  N={r['fds']:>5}: book poll {r['tlpi_poll_us']:g} us, epoll {r['tlpi_epoll_us']:g} us, "
                  f"{r['tlpi_ratio']:g}x; evsim poll {r['evsim_poll_us']} us, epoll {r['evsim_epoll_us']} us, "
                  f"{r['evsim_ratio']}x")
        print()
        caches = ", ".join(f"{k} {v // 1024} KiB" for k, v in cache_sizes())
        print(f"poll, CPU ns per descriptor (caches: {caches}):")
        for g in growth:
            print(f"  N={g.fds:>5}: pollfd array {g.array_bytes / 1024:.1f} KiB; N distinct sockets "
                  f"{g.distinct_ns_per_fd:.0f} ns/fd; one socket dup'ed N times {g.same_ns_per_fd:.0f} ns/fd")
        print()
        for c, ok, v in claims:
            print(f"[{'holds' if ok else 'FAILS'}] {c}: {v}")
    return 1 if args.check and not all(ok for _, ok, _ in claims) else 0


if __name__ == "__main__":
    raise SystemExit(main())
