"""The window only watches: the sockets lab's server under full-speed ping-pong, side by side with a plain one.

    python benchmarks/sockets_window.py [--seconds 5] [--rounds 2] [--json] [--window-only | --cpu-only]

One run, four measurements, each against the same baseline so that a noisy machine shows in both:
1. **Ping-pong**: 4 client processes (``evsim load --clients 1 --size 1024``), each sending a 1 KiB request as
   soon as the previous echo is back, against (a) a plain 30-line selectors echo server in its own process
   (``benchmarks/_plain_echo.py``) and (b) the window's embedded server (MainWindow offscreen, sockets lab,
   server process started by the lab) while the window draws, once with the event log tab shown (the default)
   and once with the server loop's code pane (its line follows the loop).  The window starts from default
   settings, never the user's.  Reported: requests/s of each, the ratio (target >= 0.8), and the window's frame
   interval p50/p95 during the load (target p95 <= 33 ms), with the window process's own CPU (% of a core) and
   how many events its frames summarised.  ``--window-only`` runs this alone, measures the plain server before
   and after each window run (each ratio against the mean of the two: a drifting load weighs on both sides),
   and adds the same server without a window (its stream read by a thread, nothing drawn).
2. **Server CPU per request**, the echo server process (its loop on the watch, not stepping) with its stream
   read by a watcher (what the window does, minus painting) vs the plain server, at 1 KiB x 4 clients and 64 B
   x 16 clients (target <= 1.15x).  CPU from /proc/PID/stat (utime + stime).  ``--cpu-only`` runs this alone.
3. **evsim shot sockets --clients 1000 / 10000**, each under ``ulimit -Sn 1024`` (the command raises the limit
   itself): frame interval p95 with every connection open (target <= 33 ms), connections_open_max,
   client_errors (target 0).
4. **Idle**: the window's whole process tree (window, server process) over ``--idle-seconds`` with the server
   listening and nobody connected, on the sockets lab and on the multiplex lab (target <= 1% of a core).
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
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The window's remembered settings (tab, dividers, ...) are the user's, not the benchmark's: start from the defaults.
if "EVSIM_BENCH_KEEP_SETTINGS" not in os.environ:
    import tempfile
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="evsim-bench-config-")

from evsim.core.procstat import context_switches as switches, cpu_seconds  # noqa: E402

PLAIN = [sys.executable, str(HERE / "_plain_echo.py"), "0"]


def start_plain() -> tuple[subprocess.Popen, int]:
    p = subprocess.Popen(PLAIN, stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    return p, int(line.rsplit(":", 1)[1])


def stop(p: subprocess.Popen) -> None:
    p.terminate()
    try:
        p.wait(3)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def clients(port: int, n: int, size: int, seconds: float) -> list[subprocess.Popen]:
    """``n`` load processes of one connection each, as fast as echoes come back."""
    cmd = [sys.executable, "-m", "evsim", "load", "--port", str(port), "--clients", "1", "--seconds",
           str(seconds), "--size", str(size), "--json"]
    return [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(n)]


def collect(procs: list[subprocess.Popen]) -> int:
    """Total requests the load processes completed."""
    total = 0
    for p in procs:
        out, err = p.communicate(timeout=60)
        try:
            total += int(json.loads(out)["requests"])
        except (ValueError, KeyError):
            raise RuntimeError(f"a load process failed: {out!r} {err!r}") from None
    return total


def server_cpu_per_request(pid: int, port: int, n: int, size: int, seconds: float) -> tuple[float, float]:
    """(requests/s, server CPU microseconds per request) for one load against server ``pid``."""
    c0 = cpu_seconds(pid)
    procs = clients(port, n, size, seconds)
    reqs = collect(procs)
    c1 = cpu_seconds(pid)
    return reqs / seconds, (c1 - c0) * 1e6 / max(reqs, 1)


# -- 2. the instrumented server process, its stream read by a watcher ------------------------------------------
def watched_server_cpu(n: int, size: int, seconds: float) -> tuple[float, float, int, int]:
    """(requests/s, CPU us/request, events read, events dropped) for the echo server process, stream read."""
    import threading

    from evsim.core.echo.remote import RemoteServer

    srv = RemoteServer(port=0)
    srv.start()
    while srv.address is None and not srv.ended:
        srv.drain()
        time.sleep(0.01)
    stop_reading = threading.Event()
    got = [0]

    def read() -> None:  # a watcher that keeps up as well as it can, like the window's frame drain
        while not stop_reading.is_set():
            got[0] += len(srv.drain(20000))
            time.sleep(0.016)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    try:
        rps, us = server_cpu_per_request(srv.pid, srv.address[1], n, size, seconds)
    finally:
        stop_reading.set()
        t.join()
        srv.stop()
    return rps, us, got[0], srv.dropped


# -- 1. and 3. the window ---------------------------------------------------------------------------------------
#: The tabs on the right of the sockets lab the ping-pong runs with: the event log (the default) and the
#: server loop's code pane (its line follows the loop, and the server traces while it is shown).
TABS = ("log", "code")


def window_pingpong(n: int, size: int, seconds: float, tab: str = "log") -> dict:
    from PySide6.QtCore import QEventLoop, QTimer

    from evsim.gui.app import MainWindow, make_app

    app = make_app([sys.argv[0]])
    win = MainWindow(lab="sockets", remember=False)
    win.resize(1280, 760)
    win.show()
    panel = win.panels["sockets"]
    panel.tabs.setCurrentWidget(getattr(panel, tab))

    def run_for(s: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(s * 1000), loop.quit)
        loop.exec()

    panel.start_server(port=0)
    deadline = time.monotonic() + 10
    while panel.server_address() is None and time.monotonic() < deadline:
        run_for(0.05)
    port = panel.server_address()[1]
    pid = panel.controller.server.pid
    run_for(0.5)
    procs = clients(port, n, size, seconds)
    run_for(0.3)  # connected and going: measure frames from here
    win.bridge.reset_stats()
    c0, w0, t0, s0 = cpu_seconds(pid), cpu_seconds(os.getpid()), time.monotonic(), switches(pid)
    lags = []  # how late the window shows the server's events: now - the newest event applied
    while any(p.poll() is None for p in procs):
        run_for(0.1)
        if panel.scene.last_t_ns:
            lags.append((time.monotonic_ns() - panel.scene.last_t_ns) / 1e6)
    stats = win.bridge.stats()
    c1, w1, t1, s1 = cpu_seconds(pid), cpu_seconds(os.getpid()), time.monotonic(), switches(pid)
    reqs = collect(procs)
    win.close()
    app.processEvents()
    return {"requests_per_s": reqs / seconds, "server_cpu_us_per_request": (c1 - c0) * 1e6 / max(reqs, 1),
            "frame_ms_p50": stats["frame_ms_p50"], "frame_ms_p95": stats["frame_ms_p95"],
            "window_cpu_percent": 100 * (w1 - w0) / (t1 - t0),
            "lag_ms_p50": round(statistics.median(lags)) if lags else None,
            "lag_ms_p95": round(sorted(lags)[int(len(lags) * 0.95)]) if lags else None,
            "server_switches_per_s": [round((b - a) / (t1 - t0)) for a, b in zip(s0, s1)],
            "frames": stats["frames"], "events_applied": stats["events_applied"],
            "events_dropped": stats["events_dropped"]}


def window_idle(lab: str, seconds: float) -> float:
    """Percent of one core the window's process tree uses, idle on ``lab`` (sockets: server listening)."""
    code = f"""
import os, sys, time, json
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The window's remembered settings (tab, dividers, ...) are the user's, not the benchmark's: start from the defaults.
if "EVSIM_BENCH_KEEP_SETTINGS" not in os.environ:
    import tempfile
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="evsim-bench-config-")
from PySide6.QtCore import QEventLoop, QTimer
from evsim.gui.app import MainWindow, make_app
from evsim.core.procstat import cpu_seconds
app = make_app([sys.argv[0]])
win = MainWindow(lab={lab!r}, remember=False)
win.resize(1280, 760); win.show()
def run_for(s):
    loop = QEventLoop(); QTimer.singleShot(int(s * 1000), loop.quit); loop.exec()
def tree(root):
    kids = {{}}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(open(f"/proc/{{d}}/stat").read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop(); out.append(p); todo += kids.get(p, [])
    return out
if {lab!r} == "sockets":
    p = win.panels["sockets"]; p.start_server(port=0)
    while p.server_address() is None: run_for(0.05)
run_for({{settle}})  # settle: animations end (multiplex: 10 s after its first measurement), the timer stops
pids = tree(os.getpid())  # the window and every process it started (server, measurement workers)
c0 = sum(cpu_seconds(x) or 0 for x in pids); t0 = time.monotonic()
run_for({seconds})
c1 = sum(cpu_seconds(x) or 0 for x in pids); t1 = time.monotonic()
print(json.dumps([100 * (c1 - c0) / (t1 - t0), len(pids)]))
win.close()
"""
    code = code.replace("{settle}", "16.0" if lab == "multiplex" else "5.0")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    try:
        return float(json.loads(out.stdout.strip().splitlines()[-1])[0])
    except (ValueError, IndexError):
        raise RuntimeError(f"idle measurement failed: {out.stderr[-500:]}") from None


def shot(clients: int, seconds: float) -> dict:
    """``evsim shot sockets --clients N`` started with a soft RLIMIT_NOFILE of 1024, as on a usual desktop."""
    import resource
    import tempfile

    def low_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([sys.executable, "-m", "evsim", "shot", "sockets", "--clients", str(clients),
                            "--seconds", str(seconds), "-o", os.path.join(d, "shot.png")],
                           capture_output=True, text=True, timeout=300, preexec_fn=low_limit)
    try:
        return json.loads(r.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise RuntimeError(f"evsim shot failed: {r.stderr[-800:]}") from None


def cpu_round(seconds: float, window: bool) -> dict:
    """One round: the plain server, then (``window``: the window's ping-pong), then the embedded server."""
    r: dict = {}
    plain, port = start_plain()
    try:
        r["plain_rps"], r["plain_us"] = server_cpu_per_request(plain.pid, port, 4, 1024, seconds)
        r["plain_rps_64"], r["plain_us_64"] = server_cpu_per_request(plain.pid, port, 16, 64, seconds)
    finally:
        stop(plain)
    if window:
        window_rounds(r, seconds)
    r["watched_rps"], r["watched_us"], r["events_read"], r["events_dropped"] = watched_server_cpu(4, 1024, seconds)
    r["watched_rps_64"], r["watched_us_64"], _, _ = watched_server_cpu(16, 64, seconds)
    r["cpu_ratio_1k"] = r["watched_us"] / r["plain_us"]
    r["cpu_ratio_64"] = r["watched_us_64"] / r["plain_us_64"]
    return r


def window_only(args: argparse.Namespace) -> int:
    """Part 1 alone: plain then window ping-pong in each round (a loaded machine shows in both)."""
    rounds = []
    for _ in range(args.rounds):
        r: dict = {}
        window_rounds(r, args.seconds, plain_around=True)
        # the same server with its stream read by a thread and nothing drawn: what the window itself costs it
        r["watched_rps"], r["watched_us"], _, _ = watched_server_cpu(4, 1024, args.seconds)
        r["watched_vs_plain_rps"] = r["watched_rps"] / r["plain_rps"]
        rounds.append(r)
    out = {"rounds": rounds}
    if report(args, out, RATIOS + ("watched_vs_plain_rps",), lambda r: (
            f"  no window (the server process, its stream read by a thread): {r['watched_rps']:,.0f} req/s = "
            f"{r['watched_vs_plain_rps']:.2f}x plain, server CPU {r['watched_us']:.1f} us/request "
            f"(plain {r['plain_us']:.1f})")):
        return 0
    med = out["median"]
    print("median: window's server / plain: " + ", ".join(
        f"{tab} tab {med['window_vs_plain_rps_' + tab]:.2f}x" for tab in TABS) + " (target >= 0.8); "
        f"without a window {med['watched_vs_plain_rps']:.2f}x")
    return 0


#: The ratios part 1 reports, one per tab.
RATIOS = tuple(f"window_vs_plain_rps_{tab}" for tab in TABS)


def plain_pingpong(seconds: float) -> tuple[float, float]:
    """The plain server's requests/s and CPU us/request under part 1's load."""
    plain, port = start_plain()
    try:
        return server_cpu_per_request(plain.pid, port, 4, 1024, seconds)
    finally:
        stop(plain)


def window_rounds(r: dict, seconds: float, plain_around: bool = False) -> None:
    """Part 1's window side of one round, once per tab, into ``r`` (which holds the plain server's figures, or,
    with ``plain_around``, gets them: the plain server is measured before each tab and after the last, and each
    tab is compared with the mean of the runs on either side of it, so that a machine whose load drifts during
    the round weighs on both sides of the ratio)."""
    plain = [plain_pingpong(seconds)] if plain_around else []
    for tab in TABS:
        w = r[f"window_{tab}"] = window_pingpong(4, 1024, seconds, tab)
        if plain_around:
            plain.append(plain_pingpong(seconds))
        r[f"plain_rps_{tab}"] = (plain[-2][0] + plain[-1][0]) / 2 if plain_around else r["plain_rps"]
        r[f"window_vs_plain_rps_{tab}"] = w["requests_per_s"] / r[f"plain_rps_{tab}"]
    if plain_around:
        r["plain_rps"] = statistics.mean(rps for rps, _ in plain)
        r["plain_us"] = statistics.mean(us for _, us in plain)


def report(args: argparse.Namespace, out: dict, keys: tuple[str, ...], extra: Callable[[dict], str]) -> bool:
    """The medians of ``keys`` over ``out["rounds"]`` into ``out``; then ``out`` as JSON (returns True), or each
    round: part 1's line for each tab, and ``extra(round)``."""
    out["median"] = {k: statistics.median(r[k] for r in out["rounds"]) for k in keys}
    if args.json:
        print(json.dumps(out))
        return True
    for i, r in enumerate(out["rounds"], 1):
        print(f"round {i}")
        for tab in TABS:
            print("  " + pingpong_line(r, tab))
        print(extra(r))
    return False


def pingpong_line(r: dict, tab: str) -> str:
    """One round of part 1 with ``tab`` shown, for a reader."""
    w = r[f"window_{tab}"]
    return (f"ping-pong 4 x 1 KiB, {tab} tab: plain {r[f'plain_rps_{tab}']:,.0f} req/s; window's server "
            f"{w['requests_per_s']:,.0f} req/s = {r[f'window_vs_plain_rps_{tab}']:.2f}x (target >= 0.8); frames "
            f"p50 {w['frame_ms_p50']} ms p95 {w['frame_ms_p95']} ms; shown {w['lag_ms_p50']} ms late (p95 "
            f"{w['lag_ms_p95']}); window CPU {w['window_cpu_percent']:.0f}% "
            f"of a core, server CPU {w['server_cpu_us_per_request']:.1f} us/request; "
            f"{w['events_applied']:,} events applied, {w['events_dropped']:,} dropped by the server for the window")


def cpu_only(args: argparse.Namespace) -> int:
    """Part 2 alone, plain and watched alternating in each round (a loaded machine shows in both)."""
    rounds = [cpu_round(args.seconds, window=False) for _ in range(args.rounds)]
    out = {"rounds": rounds, "median": {k: statistics.median(r[k] for r in rounds)
                                        for k in ("cpu_ratio_1k", "cpu_ratio_64")}}
    if args.json:
        print(json.dumps(out))
        return 0
    for i, r in enumerate(rounds, 1):
        print(f"round {i}: server CPU/request, 4 x 1 KiB: plain {r['plain_us']:.2f} us, watched "
              f"{r['watched_us']:.2f} us = {r['cpu_ratio_1k']:.2f}x; 16 x 64 B: plain {r['plain_us_64']:.2f} us, "
              f"watched {r['watched_us_64']:.2f} us = {r['cpu_ratio_64']:.2f}x (target <= 1.15); "
              f"{r['events_read']:,} events read, {r['events_dropped']:,} dropped")
    print(f"median: 1 KiB {out['median']['cpu_ratio_1k']:.2f}x, 64 B {out['median']['cpu_ratio_64']:.2f}x")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--idle-seconds", type=float, default=10.0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--window-only", action="store_true",
                    help="only part 1: ping-pong against the plain server, then against the window's server")
    ap.add_argument("--cpu-only", action="store_true",
                    help="only part 2: server CPU per request, the embedded server (watched) vs the plain one")
    args = ap.parse_args()
    if args.cpu_only and args.window_only:
        ap.error("--window-only and --cpu-only exclude each other")
    if args.cpu_only:
        return cpu_only(args)
    if args.window_only:
        return window_only(args)
    out: dict = {"rounds": []}
    for _ in range(args.rounds):
        out["rounds"].append(cpu_round(args.seconds, window=True))
    out["shot_1000"] = shot(1000, args.seconds)
    out["shot_10000"] = shot(10000, args.seconds)
    out["idle_sockets_percent"] = window_idle("sockets", args.idle_seconds)
    out["idle_multiplex_percent"] = window_idle("multiplex", args.idle_seconds)
    if report(args, out, RATIOS + ("cpu_ratio_1k", "cpu_ratio_64"), lambda r: (
            f"  server CPU/request, 4 x 1 KiB: plain {r['plain_us']:.2f} us, watched {r['watched_us']:.2f} us = "
            f"{r['cpu_ratio_1k']:.2f}x; 16 x 64 B: plain {r['plain_us_64']:.2f} us, watched "
            f"{r['watched_us_64']:.2f} us = {r['cpu_ratio_64']:.2f}x (target <= 1.15)")):
        return 0
    for n in (1000, 10000):
        sh = out[f"shot_{n}"]
        print(f"evsim shot sockets --clients {n} (ulimit -Sn 1024): frames p50 {sh['frame_ms_p50']} ms p95 "
              f"{sh['frame_ms_p95']} ms (target <= 33), connections_open_max {sh['connections_open_max']}, "
              f"client_errors {sh['client_errors']}, events dropped for the window {sh['events_dropped']:,}")
    print(f"idle window (process tree, {args.idle_seconds:.0f} s): sockets lab {out['idle_sockets_percent']:.2f}%, "
          f"multiplex lab {out['idle_multiplex_percent']:.2f}% of a core (target <= 1%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
