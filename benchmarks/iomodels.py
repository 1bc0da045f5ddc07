"""Measured comparison of the five I/O models: ``.venv/bin/python benchmarks/iomodels.py [--json]``.

Runs every model ``--rounds`` times on the same message (in this process, on its main thread, so the
signal-driven model gets its SIGIO here) and prints, per model, medians and spreads of what the lab shows:
the wait and copy phases, system calls, EAGAIN returns, the other work done (16 KiB blocks hashed) in each
phase, how long the process was held inside the calls that copied its data, and the verdict.  Bounded: the
default run takes about 5 x 10 x (delay + 30 ms), some 3 seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from evsim.core.iomodels import MODELS, RunSpec, run_model, summary  # noqa: E402
from evsim.core.iomodels.asynchronous import io_uring_status  # noqa: E402


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def measure(spec: RunSpec, rounds: int) -> dict:
    per: dict[str, list[dict]] = {m: [] for m in MODELS}
    for _ in range(rounds):
        for m in MODELS:  # interleaved, so a burst of load elsewhere hits every model alike
            tl = run_model(m, spec)
            row = summary(tl)
            if not row["intact"]:
                raise SystemExit(f"{m}: data corrupted")
            per[m].append(row)
    out = {}
    for m, rows in per.items():
        def col(k: str) -> list[float]:
            return [float(r[k]) for r in rows]

        out[m] = {
            "mechanism": rows[0]["mechanism"],
            "verdict": sorted({r["verdict"] for r in rows}),
            "wait_ms_p50": statistics.median(col("wait_ms")),
            "late_ms_p50": statistics.median(col("wait_ms")) - spec.delay_ms,
            "copy_us_p50": statistics.median(col("copy_ms")) * 1000,
            "copy_us_p90": pct(col("copy_ms"), 90) * 1000,
            "copy_call_us_p50": statistics.median(col("copy_call_ms")) * 1000,
            "syscalls_p50": statistics.median(col("syscalls")),
            "eagain_p50": statistics.median(col("eagain")),
            "other_work_p50": statistics.median(col("other_work")),
            "work_in_copy_p50": statistics.median(col("other_work_during_copy")),
            "stalled_ms_p50": statistics.median(col("stalled_ms")),
            "blocked_wait": sum(r["blocked_during_wait"] for r in rows) / len(rows),
            "blocked_copy": sum(r["blocked_during_copy"] for r in rows) / len(rows),
            "placement": rows[0]["placement"],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=10, help="runs of each model (default: %(default)s)")
    ap.add_argument("--delay-ms", type=float, default=30.0, help="sender's delay (default: %(default)s)")
    ap.add_argument("--size", type=int, default=65536, help="message bytes (default: %(default)s)")
    ap.add_argument("--mux", choices=("select", "poll", "epoll"), default="epoll")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args(argv)
    if not (1 <= a.rounds <= 200):
        ap.error("--rounds must be 1..200")
    spec = RunSpec(delay_ms=a.delay_ms, size=a.size, mux=a.mux)
    res = measure(spec, a.rounds)
    meta = {"python": platform.python_version(), "kernel": platform.release(), "cpus": os.cpu_count(),
            "rounds": a.rounds, "delay_ms": a.delay_ms, "size": a.size, "io_uring": io_uring_status()[1]}
    if a.json:
        print(json.dumps({"meta": meta, "models": res}, indent=1))
        return 0
    print(f"I/O models, {a.rounds} rounds, {a.size} bytes written {a.delay_ms:g} ms after the read "
          f"(Python {meta['python']}, Linux {meta['kernel']}, {meta['cpus']} CPUs; medians unless p90)")
    print(f"{'model':13} {'mechanism':17} {'late ms':>7} {'copy us':>8} {'p90':>7} {'in-call us':>10} "
          f"{'syscalls':>8} {'EAGAIN':>8} {'work':>7} {'work in copy':>12} {'stalled ms':>10} {'blocked w/c':>11}  verdict")
    for m, r in res.items():
        print(f"{m:13} {r['mechanism']:17} {r['late_ms_p50']:7.3f} {r['copy_us_p50']:8.1f} {r['copy_us_p90']:7.1f} "
              f"{r['copy_call_us_p50']:10.1f} {r['syscalls_p50']:8.0f} {r['eagain_p50']:8.0f} "
              f"{r['other_work_p50']:7.0f} {r['work_in_copy_p50']:12.0f} {r['stalled_ms_p50']:10.3f} "
              f"{r['blocked_wait']:5.0%}/{r['blocked_copy']:<5.0%}  {'/'.join(r['verdict'])}")
    print("late: wait minus the delay (the sender's timer and wake-up); copy: data ready -> in the buffer; "
          "in-call: time held inside its own recv while it copied; work: 16 KiB blocks hashed meanwhile; "
          "stalled: no progress outside any call (another task had the CPU).")
    print(f"{res['blocking']['placement']}; {meta['io_uring']}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
