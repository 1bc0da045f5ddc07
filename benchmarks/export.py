"""Export speed: a synthetic 1,000,000-event recording (the echo server's ping-pong: Ready, Received, Sent
per request, over 64 connections, with accepts and closes) to a Chrome trace, in events read per second.

    PYTHONPATH=. python benchmarks/export.py [--events 1000000] [--watch] [--json]

``--watch`` writes the watch's vocabulary instead (Selected, ReadyFd, Recv, Send per request).  The
recording is written with evsim.core.record.RecordingWriter into a temporary directory; the figure is the whole
``evsim.core.export.export_file`` (read, decode, translate, write), best of ``--repeat`` runs, in wall-clock
time and in this process's CPU time (the machine may be shared: CPU time is what the export itself costs).
Target: >= 200,000 events/s (issue 11).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

from evsim.core.echo import events as E
from evsim.core.export import export_file
from evsim.core.record import RecordingWriter
from evsim.core.watch import events as W

TARGET = 200_000


def synthetic(path: str, n_events: int, watch: bool = False, conns: int = 64) -> int:
    """Write a recording (evsim.core.record.RecordingWriter: stream + index) of about ``n_events`` events;
    returns the exact count."""
    t = time.monotonic_ns()  # (the writer's Hello is stamped now: the run follows it)
    n = 0
    w = RecordingWriter(path, producer="benchmarks/export.py", capacity=1 << 30)
    try:
        def put(ev) -> None:
            nonlocal n
            w.write(ev)
            n += 1

        put(E.Listening(t, "127.0.0.1", 9999, "epoll", "selectors", 3))
        fds = list(range(8, 8 + conns))
        for fd in fds:
            t += 5_000
            put(E.Ready(t, 3, 1) if not watch else W.Selected(t, 4, 2, 3, -1, 4_000, 1, 0, 0))
            if watch:
                put(W.ReadyFd(t, 3, 1, 0, 0))
                put(W.Accept(t + 500, 3, fd, f"127.0.0.1:{40000 + fd}", 0, 0, 0))
            else:
                put(E.Accepted(t + 500, fd, f"127.0.0.1:{40000 + fd}"))
        i = 0
        while n < n_events - 2 * conns:
            fd = fds[i % conns]
            i += 1
            t += 20_000
            if watch:
                put(W.Selected(t, 4, conns + 1, fd, -1, 12_000, 1, 0, 0))
                put(W.ReadyFd(t, fd, 1, 0, 0))
                put(W.Recv(t + 3_000, fd, 64, 65536, 0, 0, 0))
                put(W.Send(t + 6_000, fd, 64, 64, 0, 0, 0))
            else:
                put(E.Ready(t, fd, 1))
                put(E.Received(t + 3_000, fd, 64))
                put(E.Sent(t + 6_000, fd, 64, False, 0))
        for fd in fds:
            t += 10_000
            put(E.Closed(t, fd, "normal", 0, 0) if not watch else W.Close(t, fd, 0, 0))
    finally:
        w.close()
    if w.dropped:
        raise SystemExit(f"the synthetic recording lost {w.dropped} events")
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--watch", action="store_true", help="the watch's kinds instead of the echo kinds")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        src, out = os.path.join(d, "run.evsim"), os.path.join(d, "trace.json")
        n = synthetic(src, args.events, args.watch)
        best = cpu = None
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            res = export_file(src, out)
            dt, dc = time.perf_counter() - t0, time.process_time() - c0
            best = dt if best is None else min(best, dt)
            cpu = dc if cpu is None else min(cpu, dc)
        size_in, size_out = os.path.getsize(src), os.path.getsize(out)
    rate = n / best
    fig = {"events": n, "kinds": "watch" if args.watch else "echo", "seconds": round(best, 3),
           "events_per_s": round(rate), "cpu_seconds": round(cpu, 3), "events_per_cpu_s": round(n / cpu), "trace_events": res.trace_events, "input_mb": round(size_in / 1e6, 1),
           "trace_mb": round(size_out / 1e6, 1), "target_events_per_s": TARGET, "meets_target": rate >= TARGET,
           "load_avg_1min": os.getloadavg()[0]}
    if args.json:
        print(json.dumps(fig))
    else:
        print(f"{n:,} {fig['kinds']} events ({fig['input_mb']} MB) -> {res.trace_events:,} trace events "
              f"({fig['trace_mb']} MB) in {best:.2f} s: {rate:,.0f} events/s; {cpu:.2f} s of CPU: "
              f"{n / cpu:,.0f} events per CPU second (target {TARGET:,}; load {fig['load_avg_1min']:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
