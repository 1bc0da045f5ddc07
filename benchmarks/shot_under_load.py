"""`evsim shot sockets` while a full-speed ping-pong from outside hits its server: the frames it reports.

    python benchmarks/shot_under_load.py [--seconds 5] [--rounds 2] [--json]

Each round starts ``evsim shot sockets --port P --clients 0 --seconds S`` and, once its server listens, 4 load
processes (``evsim load --clients 1 --size 1024``: a 1 KiB request as soon as the previous echo is back) that
last past the shot's measured frames.  Reported: the frame intervals the shot's JSON line reports for those
frames (target p95 <= 33 ms, issue 9), the events it applied and the server dropped for it, and the load's
requests/s (over the whole load, the shot's start and end included: context, not a ratio; the ping-pong ratio
against the plain server is ``benchmarks/sockets_window.py --window-only``).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sockets_window import clients, collect  # noqa: E402

#: The load outlasts the shot's measured frames by this much (the shot needs a moment to start measuring).
LOAD_MARGIN_S = 3.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"evsim shot ended early: {proc.stderr.read()[-800:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the shot's server did not listen in time")


def shot_round(seconds: float) -> dict:
    port = free_port()
    with tempfile.TemporaryDirectory() as d:
        shot = subprocess.Popen([sys.executable, "-m", "evsim", "shot", "sockets", "--clients", "0", "--port",
                                 str(port), "--seconds", str(seconds), "-o", os.path.join(d, "shot.png")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wait_listening(port, shot)
            reqs = collect(clients(port, 4, 1024, seconds + LOAD_MARGIN_S))
            out, err = shot.communicate(timeout=120)
        finally:
            if shot.poll() is None:
                shot.kill()
                shot.communicate()
    try:
        stats = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise RuntimeError(f"evsim shot failed: {err[-800:]}") from None
    return {"load_rps": reqs / (seconds + LOAD_MARGIN_S), "frame_ms_p50": stats["frame_ms_p50"], "frame_ms_p95": stats["frame_ms_p95"],
            "frames": stats["frames"], "events_applied": stats["events_applied"],
            "events_dropped": stats["events_dropped"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="frames the shot measures (default: %(default)s)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rounds = [shot_round(a.seconds) for _ in range(a.rounds)]
    p95s = [r["frame_ms_p95"] for r in rounds if r["frame_ms_p95"] is not None]  # (None: no frames: n/a)
    med = {"frame_ms_p95": statistics.median(p95s) if p95s else None}
    if a.json:
        print(json.dumps({"rounds": rounds, "median": med}))
        return 0
    for i, r in enumerate(rounds, 1):
        print(f"round {i}: shot frames p50 {r['frame_ms_p50']} ms, p95 {r['frame_ms_p95']} ms (target <= 33) over "
              f"{r['frames']} frames under the load; {r['events_applied']:,} events applied, "
              f"{r['events_dropped']:,} dropped by the server for the window; the load: {r['load_rps']:,.0f} req/s")
    print(f"median frames p95 {med['frame_ms_p95']:.1f} ms" if med['frame_ms_p95'] is not None else "median frames p95 n/a")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
