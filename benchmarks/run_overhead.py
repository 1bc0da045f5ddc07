"""What watching costs: a selectors echo server run plainly vs under ``evsim run --no-gui``, side by side.

    python benchmarks/run_overhead.py [--seconds 4] [--rounds 3] [--clients 4] [--size 1024] [--json]

The program is ``benchmarks/_plain_echo.py`` (a 30-line selectors echo server), unmodified, under full-speed
ping-pong: ``--clients`` load processes of one connection each (``evsim load --rate max``), each sending a
``--size`` request as soon as the previous echo is back.  Three ways to run it, in turn, ``--rounds`` times:

* ``plain``: ``python _plain_echo.py``;
* ``evsim run --no-gui``: watched (every select, recv, send reported into the watch's ring, consumed by the
  diagnoses when this build has them), nothing printed;
* ``evsim run --no-gui --events``: and every event printed, stderr to /dev/null;
* the window's way: the program in ``evsim.core.watch.child`` (what ``evsim run SCRIPT`` starts), its event
  stream read by a thread of this process every 16 ms.

Reported per way: requests/s and the server process's CPU per request (utime + stime from /proc/PID/stat, all its
threads: the watch's consumer thread included; the child process's for the window's way), median over the rounds,
and the ratio to plain (target <= 1.5x). The machine may be shared: compare ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from evsim.core.procstat import cpu_seconds  # noqa: E402
from sockets_window import clients, collect, stop  # noqa: E402

PROGRAM = str(HERE / "_plain_echo.py")
WAYS = {
    "plain": [sys.executable, PROGRAM, "0"],
    "evsim run --no-gui": [sys.executable, "-m", "evsim", "run", "--no-gui", PROGRAM, "0"],
    "evsim run --no-gui --events": [sys.executable, "-m", "evsim", "run", "--no-gui", "--events", PROGRAM, "0"],
}


CHILD = "evsim run (window's child process)"


def measure(cmd: list[str], n: int, size: int, seconds: float) -> tuple[float, float]:
    """(requests/s, server CPU microseconds per request) for one run of ``cmd`` under the load."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        line = p.stdout.readline()
        if not line.startswith("listening on"):
            raise RuntimeError(f"{' '.join(cmd)} did not start: {line!r}")
        port = int(line.rsplit(":", 1)[1])
        time.sleep(0.2)
        c0 = cpu_seconds(p.pid)
        reqs = collect(clients(port, n, size, seconds))
        c1 = cpu_seconds(p.pid)
    finally:
        stop(p)
    return reqs / seconds, (c1 - c0) * 1e6 / max(reqs, 1)


def measure_child(n: int, size: int, seconds: float) -> tuple[float, float]:
    """The same for the window's way: the program in evsim.core.watch.child, its stream read by a thread that
    drains it every 16 ms (what the window's frames do, minus the painting)."""
    import threading

    from evsim.core.watch.remote import RemoteProgram

    prog = RemoteProgram(PROGRAM, ["0"])
    saved = os.dup(1)  # the program's stdout is ours (as a terminal's would be): not in this report
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        prog.start()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    try:
        deadline = time.monotonic() + 20
        while prog.address is None and not prog.ended and time.monotonic() < deadline:
            prog.drain()
            time.sleep(0.01)
        if prog.address is None:
            raise RuntimeError("the watched program did not listen")
        done = threading.Event()

        def read() -> None:
            while not done.is_set():
                prog.drain(20000)
                time.sleep(0.016)

        t = threading.Thread(target=read, daemon=True)
        t.start()
        time.sleep(0.2)
        c0 = cpu_seconds(prog.pid)
        reqs = collect(clients(prog.address[1], n, size, seconds))
        c1 = cpu_seconds(prog.pid)
        done.set()
        t.join()
    finally:
        prog.stop(1.0)
    return reqs / seconds, (c1 - c0) * 1e6 / max(reqs, 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--size", type=int, default=1024)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    got: dict[str, list[tuple[float, float]]] = {w: [] for w in (*WAYS, CHILD)}
    for _ in range(args.rounds):
        for way, cmd in WAYS.items():
            got[way].append(measure(cmd, args.clients, args.size, args.seconds))
        got[CHILD].append(measure_child(args.clients, args.size, args.seconds))
    rows = {}
    for way, samples in got.items():
        rows[way] = {"requests_per_s": statistics.median(s[0] for s in samples),
                     "cpu_us_per_request": statistics.median(s[1] for s in samples),
                     "samples_us": [round(s[1], 1) for s in samples]}
    base = rows["plain"]["cpu_us_per_request"]
    for row in rows.values():
        row["ratio"] = row["cpu_us_per_request"] / base if base else None
    if args.json:
        print(json.dumps({"clients": args.clients, "size": args.size, "seconds": args.seconds, "rows": rows}))
        return 0
    print(f"selectors echo server, {args.clients} clients x {args.size} B ping-pong, {args.seconds:g} s x "
          f"{args.rounds} rounds (median)")
    print(f"{'way':36} {'req/s':>9} {'CPU us/req':>11} {'ratio':>6}  samples")
    for way, row in rows.items():
        print(f"{way:36} {row['requests_per_s']:9.0f} {row['cpu_us_per_request']:11.1f} {row['ratio']:6.2f}  "
              f"{row['samples_us']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
