"""Polling thread vs event loop, measured: CPU when idle, clicks lost to a slow handler, latency vs scan cost
and interval, and what a spinning Python thread does to every other thread through the GIL.

    .venv/bin/python benchmarks/clicks.py            # a table (about 50 s)
    .venv/bin/python benchmarks/clicks.py --json     # the same figures as one JSON object
    .venv/bin/python benchmarks/clicks.py --seconds 1   # shorter runs, noisier figures
    .venv/bin/python benchmarks/clicks.py --gui      # also the panel's frame rate beside a spinning poller

Every figure is measured on real threads with real clocks; CPU is read from each consumer thread's own CPU
clock (``pthread_getcpuclockid``).  Results depend on the machine and on what else it is doing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import threading
import time

from evsim.core.clicks.polling import PollingThread
from evsim.core.clicks.scenario import run_scenario
from evsim.core.metrics import percentile


def idle_cpu(seconds: float) -> list[dict]:
    rows = []
    for label, mode, interval in (("polling, spinning (interval 0)", "polling", 0.0),
                                  ("polling, interval 1 ms", "polling", 1.0),
                                  ("polling, interval 10 ms", "polling", 10.0),
                                  ("event loop (blocked in queue.get)", "eventloop", 0.0)):
        r = run_scenario(mode, rate=0, seconds=seconds, poll_interval_ms=interval)
        rows.append({"case": label, "cpu_percent": r["cpu_percent"]})
    return rows


def slow_handler(seconds: float) -> list[dict]:
    rows = []
    both = run_scenario("both", rate=10, seconds=seconds, handler_ms=500)
    off = run_scenario("eventloop", rate=10, seconds=seconds, handler_ms=500, offload=True)
    for label, r in (("polling (spinning)", both["polling"]), ("event loop", both["eventloop"]),
                     ("event loop + offload", off)):
        rows.append({"case": label, "sent": r["clicks_sent"], "handled": r["clicks_handled"],
                     "missed": r["clicks_missed"], "pending": r["clicks_pending"],
                     "p50_ms": r["latency_ms"]["p50"], "p95_ms": r["latency_ms"]["p95"],
                     "max_wait_ms": r["max_queue_wait_ms"], "max_depth": r["max_queue_depth"]})
    return rows


def latency_vs_scan(seconds: float) -> list[dict]:
    rows = []
    for devices, scan_us in ((1, 0), (10, 100), (40, 250), (100, 500)):
        p = run_scenario("polling", rate=23, seconds=seconds, devices=devices, scan_us=scan_us)
        e = run_scenario("eventloop", rate=23, seconds=seconds, devices=devices, scan_us=scan_us)
        rows.append({"devices": devices, "scan_us": scan_us, "sweep_ms": devices * scan_us / 1000,
                     "polling_p50_ms": p["latency_ms"]["p50"], "polling_max_ms": p["latency_ms"]["max"],
                     "polling_missed": p["clicks_missed"],
                     "eventloop_p50_ms": e["latency_ms"]["p50"], "eventloop_max_ms": e["latency_ms"]["max"]})
    return rows


def latency_vs_interval(seconds: float) -> list[dict]:
    rows = []
    for interval in (0.0, 10.0, 50.0, 100.0):
        p = run_scenario("polling", rate=7, seconds=seconds, poll_interval_ms=interval)
        rows.append({"interval_ms": interval, "polling_p50_ms": p["latency_ms"]["p50"],
                     "polling_max_ms": p["latency_ms"]["max"], "polling_cpu_percent": p["cpu_percent"]})
    e = run_scenario("eventloop", rate=7, seconds=seconds)
    rows.append({"interval_ms": None, "eventloop_p50_ms": e["latency_ms"]["p50"],
                 "eventloop_max_ms": e["latency_ms"]["max"], "eventloop_cpu_percent": e["cpu_percent"]})
    return rows


def _frame_lateness(seconds: float, poller: PollingThread | None) -> dict:
    """A stand-in for the GUI thread: a 16 ms timer whose tick runs 1 ms of Python.  Lateness = how long
    after its due time the tick's Python code actually ran (waiting for the GIL shows up here)."""
    late: list[float] = []
    stop = threading.Event()

    def frames() -> None:
        nxt = time.perf_counter() + 0.016
        while not stop.is_set():
            d = nxt - time.perf_counter()
            if d > 0:
                time.sleep(d)
            late.append((time.perf_counter() - nxt) * 1000)
            end = time.perf_counter() + 0.001
            while time.perf_counter() < end:
                pass
            nxt += 0.016

    if poller is not None:
        poller.start()
    t = threading.Thread(target=frames, name="bench-frames")
    t.start()
    time.sleep(seconds)
    cpu = poller.cpu.total_percent() if poller is not None and poller.cpu else 0.0
    stop.set()
    t.join()
    if poller is not None:
        poller.shutdown()
    return {"frames": len(late), "late_p50_ms": round(percentile(late, 50), 3),
            "late_p95_ms": round(percentile(late, 95), 3), "late_max_ms": round(max(late), 3),
            "poller_cpu_percent": round(cpu, 1)}


def gil(seconds: float) -> list[dict]:
    rows = []
    for label, poller in (("no poller", None),
                          ("spinning poller", PollingThread(interval_ms=0)),
                          ("spinning poller, GIL yield", PollingThread(interval_ms=0, yield_gil=True)),
                          ("poller, interval 1 ms", PollingThread(interval_ms=1))):
        rows.append({"case": label, **_frame_lateness(seconds, poller)})
    for y in (False, True):
        r = run_scenario("both", rate=20, seconds=seconds, yield_gil=y)
        rows.append({"case": "event loop beside a spinning poller" + (", GIL yield" if y else ""),
                     "eventloop_p50_ms": r["eventloop"]["latency_ms"]["p50"],
                     "eventloop_p95_ms": r["eventloop"]["latency_ms"]["p95"],
                     "eventloop_max_ms": r["eventloop"]["latency_ms"]["max"],
                     "poller_cpu_percent": r["polling"]["cpu_percent"]})
    return rows


_GUI_CHILD = r"""
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
QCoreApplication.setOrganizationName("evsim-bench")
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[3])
from evsim.core.metrics import percentile
from evsim.gui.labs.clicks import Panel
case, seconds = sys.argv[1], float(sys.argv[2])
panel = Panel()
panel._remember = False
panel.resize(1280, 760)
if case == "no threads":
    panel._closed = True  # the panel never starts its threads
panel.interval_spin.setValue(5.0 if case == "poller, interval 5 ms" else 0.0)
panel.yield_check.setChecked(case != "spinning poller, no GIL yield")
panel.handler_spin.setValue(100)
panel.rate_spin.setValue(2.0)
panel.burst_spin.setValue(1)
panel.auto_button.setChecked(True)  # 2 clicks/s, 100 ms handler: the views animate, the poller mostly spins
panel.show()
frames = []
def tick():
    for sink in panel.sinks():
        batch = sink.drain()
        if batch:
            panel.apply_events(batch)
    now = time.monotonic_ns()
    frames.append(now)
    panel.frame(now)
def done():
    gaps = [(b - a) / 1e6 for a, b in zip(frames, frames[1:])]
    cpu = panel.poller.cpu.total_percent() if panel.poller is not None and panel.poller.cpu else 0.0
    print(json.dumps({"fps": round(len(frames) / seconds, 1), "gap_p50_ms": round(percentile(gaps, 50), 1),
                      "gap_p95_ms": round(percentile(gaps, 95), 1), "gap_max_ms": round(max(gaps), 1),
                      "poller_cpu_percent": round(cpu, 1)}))
    panel.shutdown()
    app.quit()
timer = QTimer()
timer.timeout.connect(tick)
QTimer.singleShot(500, lambda: timer.start(16))  # after the first paints
QTimer.singleShot(int(500 + seconds * 1000), done)
app.exec()
"""


def gui_frames(seconds: float) -> list[dict]:
    """The clicks panel itself, offscreen, driven by a 16 ms timer like the window's frame bridge: frames per
    second and the gaps between frames, with the polling thread spinning (GIL yield on / off) or not."""
    import subprocess
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in ("no threads", "spinning poller, GIL yield", "spinning poller, no GIL yield",
                     "poller, interval 5 ms"):
            r = subprocess.run([sys.executable, "-c", _GUI_CHILD, case, str(seconds), tmp], capture_output=True,
                               text=True, timeout=120)
            line = r.stdout.strip().splitlines()[-1] if r.returncode == 0 and r.stdout.strip() else ""
            rows.append({"case": case, **(json.loads(line) if line else {"error": r.stderr.strip()[-200:]})})
    return rows


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
    ap.add_argument("--seconds", type=float, default=2.0, help="length of each run (default: %(default)s)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--gui", action="store_true", help="also measure the clicks panel's frame rate offscreen "
                    "(needs PySide6; about 4 x (seconds + 1) s more)")
    args = ap.parse_args(argv)
    if not 0.2 <= args.seconds <= 60:
        ap.error("--seconds must be 0.2..60")
    s = args.seconds
    results = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "switch_interval_ms": sys.getswitchinterval() * 1000},
        "idle_cpu": idle_cpu(s),
        "slow_handler_500ms_10hz": slow_handler(max(s, 1.5)),
        "latency_vs_scan_23hz": latency_vs_scan(s),
        "latency_vs_interval_7hz": latency_vs_interval(s),
        "gil": gil(s),
    }
    if args.gui:
        results["gui_frames"] = gui_frames(max(s, 2.0))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    m = results["machine"]
    print(f"Python {m['python']}, {m['cpus']} CPUs, GIL switch interval {m['switch_interval_ms']:g} ms, "
          f"{s:g} s per run\n")
    print(_table("Consumer thread CPU with no clicks (% of one core)", results["idle_cpu"]), "\n")
    print(_table("Handler 500 ms, 10 clicks/s (latency = input to handler start)",
                 results["slow_handler_500ms_10hz"]), "\n")
    print(_table("Latency vs scan cost (devices x scan_us), 23 clicks/s", results["latency_vs_scan_23hz"]), "\n")
    print(_table("Latency vs poll interval, 7 clicks/s", results["latency_vs_interval_7hz"]), "\n")
    print(_table("The GIL: a 16 ms frame timer running 1 ms of Python, and the event loop, beside the poller\n"
                 "(GIL yield: the poller sleeps 50 us after each ms of polling)",
                 results["gil"]))
    if "gui_frames" in results:
        print()
        print(_table("The clicks panel offscreen, 16 ms frame timer (2 clicks/s, 100 ms handler)",
                     results["gui_frames"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
