"""The socket map's ring layout under a full-speed ping-pong flood: CPU per painted frame.

    python benchmarks/sockets_map_ring.py                 # a table
    python benchmarks/sockets_map_ring.py --json          # one JSON object
    python benchmarks/sockets_map_ring.py --png ring.png  # and the last frame as a picture

Offscreen, no sockets: a scene with ``--clients`` connections (default 4, as issue 9's ping-pong) is fed
synthetic events of the kinds the echo server emits under a flood (READ/WRITE readiness, 1 KiB received and
sent on every connection, ``--per-frame`` round trips per connection and frame), with real timestamps spaced
like the window's busy frame clock (40 frames/s), shown ``--late-ms`` after they happened (under a flood the
window shows events ~200 ms late, ``sockets_window.py`` reports it: the bytes are then mid-way along the edges,
with their labels), and the map paints into a 1280x620 image (its size in a 1280x760 window).  Reported: the paint of one frame, p50 and p95 over the frames, as the thread's CPU time
(which a loaded machine disturbs less than the wall clock) and the wall clock.  Every microsecond of it is
taken from the server the window watches, in the same process as nothing else but sharing the machine's cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from evsim.core.echo import events as ev  # noqa: E402
from evsim.core.echo.scene import SocketScene  # noqa: E402
from evsim.core.metrics import percentile  # noqa: E402
from evsim.gui.labs.sockets.socket_map import SocketMap  # noqa: E402
from sockets_map import timed_paint  # noqa: E402  (the same timing as the large-N benchmark)

FRAME_NS = 25_000_000  # the bridge's busy frame rate (40 frames/s)
FIRST_FD = 7


def flood_frame(n: int, t: int, per_frame: int) -> list:
    """One frame's events of ``n`` ping-pong connections: per round trip READ ready, 1 KiB in, WRITE ready
    (sometimes), 1 KiB out; the connections interleaved as a loop serving them all would report them."""
    out: list = []
    step = FRAME_NS // max(1, per_frame * n * 4)
    for k in range(per_frame):
        for i in range(n):
            fd = FIRST_FD + i
            t += step
            out.append(ev.Ready(t, fd, 1))
            out.append(ev.Received(t + 1, fd, 1024))
            if k % 4 == 0:
                out.append(ev.Ready(t + 2, fd, 2))
            out.append(ev.Sent(t + 3, fd, 1024, False, 0))
    return out


def paint_flood(n: int, frames: int, per_frame: int, late_ms: float = 200.0, size: tuple[int, int] = (1280, 620),
                png: str | None = None) -> dict:
    scene = SocketScene()
    scene.apply([ev.Listening(0, "127.0.0.1", 40123, "epoll", "selectors", 3)]
                + [ev.Accepted(1 + i, FIRST_FD + i, f"127.0.0.1:{50000 + i}") for i in range(n)])
    m = SocketMap(scene)
    m.resize(*size)
    img = QImage(m.size(), QImage.Format.Format_ARGB32_Premultiplied)
    t = 10 * 1_000_000_000
    late = int(late_ms * 1_000_000)
    for _ in range(20):  # warm up: nodes grown in, caches filled
        scene.apply(flood_frame(n, t, per_frame))
        t += FRAME_NS
        scene.prune(t + late)
        m.set_clock(t + late)
        timed_paint(m, img)
    wall, cpu = [], []
    for _ in range(frames):
        scene.apply(flood_frame(n, t, per_frame))
        t += FRAME_NS
        scene.prune(t + late)
        m.set_clock(t + late)
        dw, dc = timed_paint(m, img)
        wall.append(dw)
        cpu.append(dc)
    if png:
        img.save(png)
    us = lambda v, q: round(percentile(v, q) / 1e3)  # noqa: E731
    return {"clients": n, "frames": frames, "round_trips_per_frame": per_frame, "late_ms": late_ms,
            "layout": m.last_paint["layout"],
            "pulses": m.last_paint["pulses"], "flights": m.last_paint["flights"],
            "cpu_p50_us": us(cpu, 50), "cpu_p95_us": us(cpu, 95), "wall_p50_us": us(wall, 50),
            "wall_p95_us": us(wall, 95)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--frames", type=int, default=400)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--per-frame", type=int, default=20, help="round trips per connection and frame")
    ap.add_argument("--late-ms", type=float, default=200.0, help="how late the window shows the events")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--png", metavar="FILE", help="also save the last frame as a PNG")
    a = ap.parse_args(argv)
    if a.frames < 1 or a.per_frame < 1 or not 1 <= a.clients <= 60 or not 0 <= a.late_ms <= 10_000:
        print("sockets_map_ring: --frames and --per-frame must be at least 1, --clients 1..60, --late-ms 0..10000",
              file=sys.stderr)
        return 2
    QApplication.instance() or QApplication([sys.argv[0]])
    r = paint_flood(a.clients, a.frames, a.per_frame, a.late_ms, png=a.png)
    if a.json:
        print(json.dumps(r))
        return 0
    print(f"ring map, {r['clients']} connections, {r['round_trips_per_frame']} round trips each per frame, shown "
          f"{r['late_ms']:g} ms late, {r['frames']} frames: {r['pulses']} pulses, {r['flights']} flights in the last")
    print(f"  paint per frame: thread CPU p50 {r['cpu_p50_us']} us  p95 {r['cpu_p95_us']} us"
          f"   (wall p50 {r['wall_p50_us']} us  p95 {r['wall_p95_us']} us)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
