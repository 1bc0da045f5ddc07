"""What evsim's instrumentation costs: `evsim serve` against a minimal uninstrumented selectors echo server.

Both servers run as subprocesses and get the same load (run_load, in this process).  Each server's CPU time
(utime + stime from /proc/PID/stat) is read before and after the load, so the figure is the server's own CPU
per request, independent of how busy the load generator keeps it.

    .venv/bin/python benchmarks/echo_overhead.py [--clients 16] [--size 64] [--seconds 5] [--rounds 3] [--json]

Target: evsim's CPU per request within 1.15x of the plain server, with instrumentation on (`evsim serve`
always writes its event stream, as the window's server process does; without --events its main thread reads the
stream and throws it away).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from evsim.core.echo.load import run_load  # noqa: E402
from evsim.core.procstat import cpu_seconds  # noqa: E402

#: With two CPUs or more, the load generator runs on one and the server on another, so that neither the
#: scheduler's placement nor the other process's work changes what a server does per wake-up.
CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
LOAD_CPU, SERVER_CPU = (CPUS[0], CPUS[1]) if len(CPUS) >= 2 else (None, None)


def _pin_server() -> None:
    if SERVER_CPU is not None:
        os.sched_setaffinity(0, {SERVER_CPU})


def start_server(cmd: list[str]) -> tuple[subprocess.Popen, int]:
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=_pin_server)
    line = p.stdout.readline()
    if not line.startswith("listening on "):
        p.kill()
        raise RuntimeError(f"{cmd!r} did not start: {line!r} {p.stderr.read()!r}")
    return p, int(line.rsplit(":", 1)[1])


def stop_server(p: subprocess.Popen) -> None:
    p.send_signal(signal.SIGINT)
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def measure(name: str, cmd: list[str], clients: int, size: int, seconds: float) -> dict:
    p, port = start_server(cmd)
    try:
        run_load("127.0.0.1", port, clients, 0.3, size)  # warm-up
        cpu0 = cpu_seconds(p.pid)
        r = run_load("127.0.0.1", port, clients, seconds, size)
        cpu1 = cpu_seconds(p.pid)
    finally:
        stop_server(p)
    if r.integrity_errors or r.errors:
        raise RuntimeError(f"{name}: {r.integrity_errors} integrity errors, {r.errors} errors")
    return {
        "server": name,
        "requests": r.requests,
        "requests_per_s": r.requests_per_s,
        "cpu_s": cpu1 - cpu0,
        "cpu_us_per_request": (cpu1 - cpu0) / r.requests * 1e6 if r.requests else float("nan"),
        "p50_ms": r.latency_ms["p50"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--rounds", type=int, default=3, help="alternate the two servers this many times")
    ap.add_argument("--backend", default="default", help="evsim serve --backend (default: %(default)s)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if LOAD_CPU is not None:
        os.sched_setaffinity(0, {LOAD_CPU})

    servers = {
        "plain": [sys.executable, str(HERE / "_plain_echo.py"), "0"],
        "evsim": [sys.executable, "-m", "evsim", "serve", "--port", "0", "--backend", a.backend],
    }
    runs: dict[str, list[dict]] = {k: [] for k in servers}
    measure("warm-up", servers["plain"], a.clients, a.size, min(a.seconds, 2.0))  # CPU clocks, caches
    for _ in range(a.rounds):
        for name, cmd in servers.items():
            runs[name].append(measure(name, cmd, a.clients, a.size, a.seconds))

    def summary(name: str) -> dict:
        rs = runs[name]
        per_round = [r["cpu_us_per_request"] for r in rs]
        return {"requests": sum(r["requests"] for r in rs),
                "requests_per_s": statistics.median(r["requests_per_s"] for r in rs),
                "cpu_us_per_request": statistics.median(per_round),  # the median round: robust to a noisy one
                "cpu_us_per_request_rounds": [round(x, 3) for x in per_round],
                "cpu_us_per_request_all": sum(r["cpu_s"] for r in rs) / sum(r["requests"] for r in rs) * 1e6}

    plain, evsim = summary("plain"), summary("evsim")
    ratio = evsim["cpu_us_per_request"] / plain["cpu_us_per_request"]
    out = {"clients": a.clients, "size": a.size, "seconds": a.seconds, "rounds": a.rounds, "backend": a.backend,
           "pinned_cpus": {"load": LOAD_CPU, "server": SERVER_CPU},
           "plain": plain, "evsim": evsim, "cpu_ratio": round(ratio, 4), "target": 1.15, "met": ratio <= 1.15}
    if a.json:
        print(json.dumps(out, indent=2))
        return 0
    print(f"{a.clients} clients, {a.size}-byte requests, {a.seconds:g} s x {a.rounds} rounds per server "
          f"(load on CPU {LOAD_CPU}, servers on CPU {SERVER_CPU})")
    print(f"{'server':<8} {'requests/s':>12} {'CPU us/request':>15}   rounds")
    for name, t in (("plain", plain), ("evsim", evsim)):
        print(f"{name:<8} {t['requests_per_s']:>12.0f} {t['cpu_us_per_request']:>15.2f}   "
              f"{t['cpu_us_per_request_rounds']}")
    print(f"ratio evsim/plain CPU per request (medians): {ratio:.3f} "
          f"(target <= 1.15: {'met' if ratio <= 1.15 else 'missed'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
