"""The socket map with 1000 and 10,000 connections: paint time per frame, and the scene's cost per event.

    python benchmarks/sockets_map.py            # a table
    python benchmarks/sockets_map.py --json     # one JSON object
    python benchmarks/sockets_map.py --png map.png   # and the 10,000-connection map as a picture

Offscreen, no sockets: a scene is fed synthetic events of the kinds the echo server emits, with real
timestamps spaced like a 60 Hz frame clock, and the map paints into a 1280x760 image.

1. **Paint per frame.**  N connections open; every frame ~28 new readiness reports arrive (so ~1000 pulses
   are animating at any time: a pulse lasts PULSE_NS), bytes fly, and a few sockets pause/resume or close and
   reopen (cells whose look changes).  Reported: the paint of one frame (static layer update + overlay), p50
   and p95 over the frames (wall clock, and the thread's CPU time, which a loaded machine disturbs less); the
   scene work per frame (apply + prune); and one full redraw of the static layer (what a resize or a grid
   growth step costs).  Budget: 33 ms per frame (30 frames/s).
   Then a load starting: 10,000 accepts over 300 frames (5 s), the grid growing in steps.
2. **Scene apply, ns per event**, for 100, 1000 and 10,000 open connections: readiness/recv/send/pause/resume
   spread over all fds, and accept/close churn.  O(1) per event: no growth with N beyond what a bigger working
   set costs the CPU caches.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from evsim.core.echo import events as ev  # noqa: E402
from evsim.core.echo.scene import PULSE_NS, SocketScene  # noqa: E402
from evsim.core.metrics import percentile  # noqa: E402
from evsim.gui.labs.sockets.socket_map import SocketMap  # noqa: E402

FRAME_NS = 16_666_667
BUDGET_MS = 33.3
FIRST_FD = 5


def timed_paint(m: SocketMap, img: QImage) -> tuple[int, int]:
    """Paint ``m`` into ``img``; returns (wall clock, thread CPU) in ns."""
    w0, c0 = time.perf_counter_ns(), time.thread_time_ns()
    p = QPainter(img)
    m.paint(p)
    p.end()
    return time.perf_counter_ns() - w0, time.thread_time_ns() - c0


def _opened(n: int) -> SocketScene:
    s = SocketScene()
    s.apply([ev.Listening(0, "127.0.0.1", 8888, "epoll", "selectors", 3)]
            + [ev.Accepted(1 + i, FIRST_FD + i, f"127.0.0.1:{20000 + i % 40000}") for i in range(n)])
    return s


def _frame_events(n: int, k: int, t: int, pulses_per_frame: int) -> list:
    """What the server reports in one frame: readiness (alternating READ/WRITE), recv/send, a pause/resume,
    a close and a reopen of the same fd (the kernel reuses the lowest free fd)."""
    out: list = []
    for j in range(pulses_per_frame):
        fd = FIRST_FD + ((k * pulses_per_frame + j) * 7919) % n  # 7919 is prime: consecutive reports, distinct fds
        out.append(ev.Ready(t + j, fd, 1 + (j + k) % 2))
        if j % 4 == 0:
            out.append(ev.Received(t + j, fd, 1024) if j % 8 == 0 else ev.Sent(t + j, fd, 1024, True, 0))
    fd = FIRST_FD + (k * 31) % n
    out.append(ev.ReadingPaused(t, fd, 300_000) if k % 2 == 0 else ev.ReadingResumed(t, fd - 31 % n, 0))
    victim = FIRST_FD + (k * 977) % n
    out += [ev.Closed(t, victim, "normal", 1, 1), ev.Accepted(t + 1, victim, "127.0.0.1:1")]
    return out


def paint_frames(n: int, frames: int, size: tuple[int, int] = (1280, 760), png: str | None = None) -> dict:
    scene = _opened(n)
    m = SocketMap(scene)
    m.resize(*size)
    img = QImage(m.size(), QImage.Format.Format_ARGB32_Premultiplied)
    per_frame = max(1, round(1000 * FRAME_NS / PULSE_NS))  # ~1000 pulses alive at any time
    t = 10 * 1_000_000_000
    # warm up: fill the pulse window and draw the static layer once
    for k in range(int(PULSE_NS / FRAME_NS) + 1):
        t += FRAME_NS
        scene.apply(_frame_events(n, k, t, per_frame))
    m.set_clock(t)
    p = QPainter(img)
    t0 = time.perf_counter_ns()
    m.paint(p)
    first_ms = (time.perf_counter_ns() - t0) / 1e6
    p.end()
    paint, cpu, work, pulses = [], [], [], []
    for k in range(frames):
        t += FRAME_NS
        w0 = time.perf_counter_ns()
        scene.apply(_frame_events(n, 1000 + k, t, per_frame))
        scene.prune(t)
        m.set_clock(t)
        w1 = time.perf_counter_ns()
        c1 = time.thread_time_ns()
        p = QPainter(img)
        m.paint(p)
        p.end()
        paint.append(time.perf_counter_ns() - w1)
        cpu.append(time.thread_time_ns() - c1)
        work.append(w1 - w0)
        pulses.append(m.last_paint["pulses"])
    if png:  # the last frame, to look at
        img.save(png)
    full = []
    for _ in range(5):
        m.grid._base_key = None  # force the static layer to be drawn in full
        p = QPainter(img)
        t0 = time.perf_counter_ns()
        m.paint(p)
        full.append(time.perf_counter_ns() - t0)
        p.end()
    ms = lambda v, q: round(percentile(v, q) / 1e6, 2)  # noqa: E731
    return {"nodes": n, "layout": m.last_paint["layout"], "frames": frames,
            "pulses_animating_p50": percentile(pulses, 50), "paint_p50_ms": ms(paint, 50),
            "paint_p95_ms": ms(paint, 95), "paint_cpu_p50_ms": ms(cpu, 50), "paint_cpu_p95_ms": ms(cpu, 95),
            "scene_work_p50_ms": ms(work, 50), "first_paint_ms": round(first_ms, 2),
            "full_redraw_p50_ms": ms(full, 50), "static_full_redraws": m.grid.full_redraws,
            "budget_ms": BUDGET_MS}


def ramp(n: int, frames: int, size: tuple[int, int] = (1280, 760)) -> dict:
    """A load starting: ``n`` connections accepted over ``frames`` frames (the grid grows step by step and
    its static layer is redrawn in full at each step), readiness pulsing on the open ones."""
    scene = _opened(0)
    m = SocketMap(scene)
    m.resize(*size)
    img = QImage(m.size(), QImage.Format.Format_ARGB32_Premultiplied)
    t = 10 * 1_000_000_000
    per_frame = -(-n // frames)
    opened = 0
    paint, cpu = [], []
    for k in range(frames):
        t += FRAME_NS
        batch = [ev.Accepted(t, FIRST_FD + opened + i, "127.0.0.1:1") for i in range(min(per_frame, n - opened))]
        opened += len(batch)
        batch += [ev.Ready(t + j, FIRST_FD + (k * 31 + j * 7919) % max(1, opened), 1) for j in range(30)]
        scene.apply(batch)
        scene.prune(t)
        m.set_clock(t)
        dw, dc = timed_paint(m, img)
        paint.append(dw)
        cpu.append(dc)
    ms = lambda v, q: round(percentile(v, q) / 1e6, 2)  # noqa: E731
    return {"nodes": n, "frames": frames, "full_redraws": m.grid.full_redraws, "paint_p50_ms": ms(paint, 50),
            "paint_p95_ms": ms(paint, 95), "paint_max_ms": round(max(paint) / 1e6, 2),
            "paint_cpu_p95_ms": ms(cpu, 95), "frames_over_budget": sum(1 for v in paint if v > BUDGET_MS * 1e6)}


def apply_cost(n: int, events: int = 200_000, batch: int = 1000) -> dict:
    """ns per event of SocketScene.apply with ``n`` connections open (best of 3 runs)."""
    out = {"open": n}
    kinds = {
        "io": lambda i, t: (ev.Ready(t, FIRST_FD + (i * 7919) % n, 1 + i % 2) if i % 3 == 0 else
                            ev.Received(t, FIRST_FD + (i * 7919) % n, 64) if i % 3 == 1 else
                            ev.ReadingPaused(t, FIRST_FD + (i * 7919) % n, 1) if i % 6 == 2 else
                            ev.ReadingResumed(t, FIRST_FD + (i * 7919) % n, 0)),
        "churn": lambda i, t: (ev.Closed(t, FIRST_FD + (i // 2 * 7919) % n, "normal", 1, 1) if i % 2 == 0 else
                               ev.Accepted(t, FIRST_FD + (i // 2 * 7919) % n, "127.0.0.1:1")),
    }
    for name, make in kinds.items():
        stream = [make(i, 10**9 + i) for i in range(events)]
        best = None
        for _ in range(3):
            scene = _opened(n)
            t0 = time.perf_counter_ns()
            for j in range(0, events, batch):
                scene.apply(stream[j:j + batch])
            dt = time.perf_counter_ns() - t0
            best = dt if best is None else min(best, dt)
        out[f"{name}_ns_per_event"] = round(best / events)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--frames", type=int, default=120)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--png", metavar="FILE", help="also save the last 10,000-connection frame as a PNG")
    a = ap.parse_args(argv)
    if a.frames < 1:
        print("sockets_map: --frames must be at least 1", file=sys.stderr)
        return 2
    QApplication.instance() or QApplication([sys.argv[0]])
    result = {"paint": [paint_frames(1000, a.frames), paint_frames(10_000, a.frames, png=a.png)],
              "ramp": ramp(10_000, 300),
              "apply": [apply_cost(n) for n in (100, 1000, 10_000)]}
    if a.json:
        print(json.dumps(result))
        return 0
    print("paint per frame, 1280x760, ~1000 pulses animating (budget 33 ms):")
    for r in result["paint"]:
        print(f"  {r['nodes']:>6} nodes ({r['layout']}): paint p50 {r['paint_p50_ms']} ms  p95 {r['paint_p95_ms']} ms"
              f" (thread CPU p50 {r['paint_cpu_p50_ms']} p95 {r['paint_cpu_p95_ms']})"
              f"  | scene apply+prune p50 {r['scene_work_p50_ms']} ms | full static redraw {r['full_redraw_p50_ms']} ms"
              f"  | pulses p50 {r['pulses_animating_p50']:.0f}")
    r = result["ramp"]
    print(f"a load starting: {r['nodes']} accepts over {r['frames']} frames: paint p50 {r['paint_p50_ms']} ms"
          f"  p95 {r['paint_p95_ms']} ms  max {r['paint_max_ms']} ms  (thread CPU p95 {r['paint_cpu_p95_ms']});"
          f" {r['full_redraws']} full redraws of the static layer, {r['frames_over_budget']} frames over 33 ms")
    print("scene apply, ns per event:")
    for r in result["apply"]:
        print(f"  {r['open']:>6} open: io {r['io_ns_per_event']} ns  accept/close churn {r['churn_ns_per_event']} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
