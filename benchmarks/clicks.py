"""Polling vs event loop, measured as the lab runs them (a process per design, the auto-clicker in a third):
the issue-13 figures first, then CPU when idle, clicks lost to a slow handler, latency vs scan cost and interval.

    python benchmarks/clicks.py            # a table (about a minute)
    python benchmarks/clicks.py --json     # the same figures as one JSON object
    python benchmarks/clicks.py --seconds 1   # shorter runs, noisier figures
    python benchmarks/clicks.py --gui      # also the clicks panel offscreen (frames/s, poller CPU) and evsim shot

Every figure is measured with real clocks; CPU is read from each design's consumer thread's own CPU clock
inside its own process.  Results depend on the machine and on what else it is doing: compare the figures of
one run, side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile

from evsim.core.clicks.scenario import run_scenario


def scan_claim(seconds: float) -> dict:
    """`evsim clicks --mode polling --poll-interval-ms 1 --rate 20 --devices 50 --scan-us 200` against
    `--devices 1`: a click waits about half a sweep (50 x 200 us = 10 ms)."""
    one = run_scenario("polling", rate=20, seconds=seconds, poll_interval_ms=1, devices=1, scan_us=200)
    fifty = run_scenario("polling", rate=20, seconds=seconds, poll_interval_ms=1, devices=50, scan_us=200)
    p1, p50 = one["latency_ms"]["p50"], fifty["latency_ms"]["p50"]
    return {"devices_1_p50_ms": p1, "devices_50_p50_ms": p50,
            "ratio": round(p50 / p1, 1) if p1 and p50 else None,
            "half_sweep_ms": round(50 * 200 / 1000 / 2 + 0.5, 1),  # half a 10 ms sweep + half the 1 ms sleep
            "clicks": fifty["clicks_sent"]}


_SPINNER = "import time, sys\nend = time.monotonic() + float(sys.argv[1])\nt0 = time.monotonic()\n" \
    "while time.monotonic() < end: pass\nprint(round(100 * time.process_time() / (time.monotonic() - t0), 1))"


def loop_beside_poller(seconds: float) -> dict:
    """The event loop alone, and beside a spinning poller (both designs on the same clicks).  A plain spinning
    process runs meanwhile: the share of a core this machine gives any spinning process right now, the most
    the poller could get."""
    alone = run_scenario("eventloop", rate=20, seconds=seconds)
    spinner = subprocess.Popen([sys.executable, "-c", _SPINNER, str(seconds + 1.0)], stdout=subprocess.PIPE,
                               text=True)
    both = run_scenario("both", rate=20, seconds=seconds)
    reference = float(spinner.communicate(timeout=60)[0].strip() or "nan")
    idle = run_scenario("eventloop", rate=0, seconds=seconds)
    a, b = alone["latency_ms"]["p50"], both["eventloop"]["latency_ms"]["p50"]
    return {"alone_p50_ms": a, "beside_spinning_poller_p50_ms": b,
            "difference_ms": round(b - a, 3) if a is not None and b is not None else None,
            "poller_cpu_percent": both["polling"]["cpu_percent"], "plain_spinner_cpu_percent": reference,
            "loop_idle_cpu_percent": idle["cpu_percent"],
            "loop_cpu_at_20hz_percent": both["eventloop"]["cpu_percent"]}


def idle_cpu(seconds: float) -> list[dict]:
    rows = []
    for label, interval in (("polling, spinning (interval 0)", 0.0), ("polling, interval 1 ms", 1.0),
                            ("polling, interval 10 ms", 10.0)):
        r = run_scenario("both", rate=0, seconds=seconds, poll_interval_ms=interval)
        rows.append({"case": label, "polling_cpu_percent": r["polling"]["cpu_percent"],
                     "eventloop_cpu_percent": r["eventloop"]["cpu_percent"]})
    return rows


def slow_handler(seconds: float, handler_ms: float = 500, rate: float = 10) -> list[dict]:
    rows = []
    both = run_scenario("both", rate=rate, seconds=seconds, handler_ms=handler_ms)
    off = run_scenario("eventloop", rate=rate, seconds=seconds, handler_ms=handler_ms, offload=True)
    for label, r in (("polling (spinning)", both["polling"]), ("event loop", both["eventloop"]),
                     ("event loop + offload", off)):
        rows.append({"case": label, "sent": r["clicks_sent"], "handled": r["clicks_handled"],
                     "missed": r["clicks_missed"], "pending": r["clicks_pending"],
                     "accounted": r["clicks_handled"] + r["clicks_pending"] + r["clicks_missed"] == r["clicker_sent"],
                     "p50_ms": r["latency_ms"]["p50"], "p95_ms": r["latency_ms"]["p95"],
                     "lower_bounds": r["latency_lower_bounds"],
                     "max_wait_ms": r["max_queue_wait_ms"], "max_depth": r["max_queue_depth"]})
    return rows


def latency_vs_scan(seconds: float) -> list[dict]:
    rows = []
    for devices, scan_us in ((1, 0), (10, 100), (40, 250), (100, 500)):
        r = run_scenario("both", rate=23, seconds=seconds, devices=devices, scan_us=scan_us)
        p, e = r["polling"], r["eventloop"]
        rows.append({"devices": devices, "scan_us": scan_us, "sweep_ms": devices * scan_us / 1000,
                     "polling_p50_ms": p["latency_ms"]["p50"], "polling_max_ms": p["latency_ms"]["max"],
                     "polling_missed": p["clicks_missed"],
                     "eventloop_p50_ms": e["latency_ms"]["p50"], "eventloop_max_ms": e["latency_ms"]["max"]})
    return rows


def latency_vs_interval(seconds: float) -> list[dict]:
    rows = []
    for interval in (0.0, 10.0, 50.0, 100.0):
        r = run_scenario("both", rate=7, seconds=seconds, poll_interval_ms=interval)
        p, e = r["polling"], r["eventloop"]
        rows.append({"interval_ms": interval, "polling_p50_ms": p["latency_ms"]["p50"],
                     "polling_max_ms": p["latency_ms"]["max"], "polling_cpu_percent": p["cpu_percent"],
                     "eventloop_p50_ms": e["latency_ms"]["p50"], "eventloop_cpu_percent": e["cpu_percent"]})
    return rows


_GUI_CHILD = r"""
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_CONFIG_HOME"] = sys.argv[3]
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from evsim.core.clicks.events import CpuSample
from evsim.core.metrics import percentile
from evsim.gui.labs.clicks import Panel

seconds = float(sys.argv[2])
app = QApplication([])
panel = Panel()
panel.resize(1280, 760)
panel.interval_spin.setValue(0.0)  # the poller spins
panel.handler_spin.setValue(0)
panel.rate_spin.setValue(2.0)
panel.auto_button.setChecked(True)  # 2 clicks/s: the views animate while the poller spins
panel.show()
frames, cpu = [], []
def tick():
    for sink in panel.sinks():
        batch = sink.drain()
        if batch:
            panel.apply_events(batch)
            cpu.extend(e.percent for e in batch if type(e) is CpuSample and e.design == "polling")
    now = time.monotonic_ns()
    frames.append(now)
    panel.frame(now)
def done():
    gaps = [(b - a) / 1e6 for a, b in zip(frames, frames[1:])]
    print(json.dumps({"fps": round(len(frames) / seconds, 1), "gap_p50_ms": round(percentile(gaps, 50), 1),
                      "gap_p95_ms": round(percentile(gaps, 95), 1), "gap_max_ms": round(max(gaps), 1),
                      "poller_cpu_percent_p50": round(percentile(cpu, 50), 1) if cpu else None,
                      "cpu_samples": len(cpu)}))
    panel.shutdown()
    app.quit()
timer = QTimer()
timer.timeout.connect(tick)
def start():
    cpu.clear()
    frames.clear()
    timer.start(16)
QTimer.singleShot(3000, start)  # after the design processes are up and spinning
QTimer.singleShot(int(3000 + seconds * 1000), done)
app.exec()
"""


def gui_frames(seconds: float) -> dict:
    """The clicks panel offscreen, driven by a 16 ms timer like the window's frame bridge, with the poller
    spinning in its own process: frames per second, gaps between frames, and the poller's CPU as the window
    receives it."""
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([sys.executable, "-c", _GUI_CHILD, "spin", str(seconds), tmp], capture_output=True,
                           text=True, timeout=120)
    line = r.stdout.strip().splitlines()[-1] if r.returncode == 0 and r.stdout.strip() else ""
    return json.loads(line) if line else {"error": r.stderr.strip()[-300:]}


def shot(seconds: float) -> dict:
    """`evsim shot clicks`: the scripted demo in the real window, its frame statistics."""
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([sys.executable, "-m", "evsim", "shot", "clicks", "-o", os.path.join(tmp, "c.png"),
                            "--seconds", str(seconds)], capture_output=True, text=True, timeout=120)
    line = r.stdout.strip().splitlines()[-1] if r.returncode == 0 and r.stdout.strip() else ""
    return json.loads(line) if line else {"error": r.stderr.strip()[-300:]}


def _table(title: str, rows: list[dict]) -> str:
    keys: list[str] = []
    for r in rows:
        keys += [k for k in r if k not in keys]

    def fmt(v: object) -> str:
        if v is None:
            return "-"
        if isinstance(v, float):
            if v == 0:
                return "0"
            return f"{v:.3f}" if abs(v) < 1 else f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"
        return str(v)

    cells = [[fmt(r.get(k)) for k in keys] for r in rows]
    widths = [max(len(k), *(len(c[i]) for c in cells)) for i, k in enumerate(keys)]
    out = [title, "  ".join(k.ljust(w) for k, w in zip(keys, widths))]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="length of each run (default: %(default)s)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--gui", action="store_true", help="also the clicks panel offscreen and evsim shot clicks "
                    "(needs PySide6)")
    args = ap.parse_args(argv)
    if not 0.5 <= args.seconds <= 60:
        ap.error("--seconds must be 0.5..60")
    s = args.seconds
    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "loadavg": [round(x, 2) for x in os.getloadavg()]},
        "scan_claim": scan_claim(s),
        "loop_beside_poller": loop_beside_poller(s),
        "idle_cpu": idle_cpu(s),
        "slow_handler_500ms_10hz": slow_handler(max(s, 1.5)),
        "slow_handler_5000ms_1hz_12s": slow_handler(12.0, handler_ms=5000, rate=1),
        "latency_vs_scan_23hz": latency_vs_scan(s),
        "latency_vs_interval_7hz": latency_vs_interval(s),
    }
    if args.gui:
        results["gui_spinning_poller"] = gui_frames(max(s, 3.0))
        results["shot_clicks"] = shot(max(s, 5.0))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    m = results["machine"]
    print(f"Python {m['python']}, {m['cpus']} CPUs, load average {m['loadavg']}, {s:g} s per run\n")
    print(_table("Scanning 50 devices x 200 us (interval 1 ms, 20 clicks/s) against 1 device: polling latency",
                 [results["scan_claim"]]), "\n")
    print(_table("The event loop alone and beside a spinning poller (20 clicks/s); idle CPU",
                 [results["loop_beside_poller"]]), "\n")
    print(_table("Consumer thread CPU with no clicks (% of one core)", results["idle_cpu"]), "\n")
    print(_table("Handler 500 ms, 10 clicks/s (latency = input to handler start; lower_bounds = clicks still "
                 "waiting at the end, counted with their wait so far)", results["slow_handler_500ms_10hz"]), "\n")
    print(_table("Handler 5000 ms, 1 click/s, 12 s", results["slow_handler_5000ms_1hz_12s"]), "\n")
    print(_table("Latency vs scan cost (devices x scan_us), 23 clicks/s", results["latency_vs_scan_23hz"]), "\n")
    print(_table("Latency vs poll interval, 7 clicks/s", results["latency_vs_interval_7hz"]))
    if "gui_spinning_poller" in results:
        print()
        print(_table("The clicks panel offscreen beside a spinning poller (16 ms frame timer)",
                     [results["gui_spinning_poller"]]), "\n")
        print(_table("evsim shot clicks", [results["shot_clicks"]]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
