"""Replay in the window: open a 1,000,000-event recording and seek anywhere (issue 11's window figures).

Writes a synthetic recording of echo-server events with the real RecordingWriter: 100 connections open at a
time, each request Ready, Received, Sent, about 60,000 events/s of recorded time (a full-speed ping-pong), and
a connection closing (and another opening) every ``--close-every`` events (default ~2,000: 30 a second;
``--close-every 97`` is a churn of 1,800 a second, whose closed nodes, still fading on the map at each instant,
make every scene, and so every seek, several times bigger), opens it in the main window
offscreen exactly as File > Open recording does, and measures:

* open: from the call to the window showing event 0 (the index from the file's trailer, the first scene);
* seek: 30 random instants, each the window's whole seek (the nearest keyframe's scene, the events after it
  through the live window's path, the log and the map's state), after the keyframes are built, side by side
  with the core's ``scene_at`` alone.  Target: <= 3 s to open, <= 100 ms a seek.

    python benchmarks/replay_window.py [--events 1000000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from evsim.core.echo import events as ev  # noqa: E402
from evsim.core.metrics import percentile  # noqa: E402
from evsim.core.record import RecordingWriter  # noqa: E402


def make_recording(path: str, n_events: int, close_every: int = 1999, step_ns: int = 50_000) -> int:
    w = RecordingWriter(path, producer="evsim serve (selectors)")
    t = 10**12
    w.write(ev.Listening(t, "127.0.0.1", 9999, "epoll", "selectors", 3))
    n, c, open_fds = 1, 0, []
    while n < n_events:
        t += step_ns
        if len(open_fds) < 100:
            fd = 4 + (c % 500)
            c += 1
            if fd not in open_fds:
                w.write(ev.Accepted(t, fd, f"127.0.0.1:{10000 + c % 50000}"))
                open_fds.append(fd)
                n += 1
            continue
        fd = open_fds[n % len(open_fds)]
        for e in (ev.Ready(t, fd, 1), ev.Received(t + 1000, fd, 64), ev.Sent(t + 2000, fd, 64, False, 0)):
            w.write(e)
            n += 1
        if n % close_every == 0:
            open_fds.remove(fd)
            w.write(ev.Closed(t + 3000, fd, "normal", 64, 64))
            n += 1
        if n % 5000 == 0:
            time.sleep(0.001)  # the flusher writes while we generate
    w.close()
    return w.events


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--seeks", type=int, default=30)
    ap.add_argument("--close-every", type=int, default=1999, help="events between two closes (churn)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from evsim.gui.app import MainWindow, make_app
    from evsim.gui.labs.sockets import replay_control
    from evsim.gui.recording_actions import open_recording

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.evrec")
        t = time.perf_counter()
        written = make_recording(path, args.events, args.close_every)
        write_s = time.perf_counter() - t
        app = make_app([sys.argv[0]], lang="en")
        win = MainWindow(lab="sockets", remember=False)
        win.resize(1024, 768)
        win.show()
        app.processEvents()
        t = time.perf_counter()
        open_recording(win, path)
        app.processEvents()
        open_s = time.perf_counter() - t
        c = win.panels["sockets"].replay
        rec = c.rec
        t = time.perf_counter()
        while c.keyframes.building:  # as in the window: one keyframe per idle turn of the event loop
            app.processEvents()
        keyframes_s = time.perf_counter() - t
        rng = random.Random(2)
        core, full = [], []
        for i in (rng.randrange(c.n) for _ in range(args.seeks)):
            a = time.perf_counter()
            rec.scene_at(max(-1, i - replay_control.TAIL))
            core.append((time.perf_counter() - a) * 1e3)
            a = time.perf_counter()
            c.seek(i)
            app.processEvents()
            full.append((time.perf_counter() - a) * 1e3)
        win.shutdown()
    out = {
        "events": written, "write_s": round(write_s, 2), "open_s": round(open_s, 3),
        "keyframes_s": round(keyframes_s, 1),
        "seek_ms_p50": round(percentile(full, 50), 1), "seek_ms_p95": round(percentile(full, 95), 1),
        "seek_ms_max": round(max(full), 1),
        "scene_at_ms_p50": round(percentile(core, 50), 1), "scene_at_ms_p95": round(percentile(core, 95), 1),
    }
    if args.json:
        print(json.dumps(out))
    else:
        print(f"{written:,} events (a close every {args.close_every}): open in the window {out['open_s']} s (target <= 3 s); keyframes "
              f"{out['keyframes_s']} s; seek in the window p50 {out['seek_ms_p50']} ms, p95 {out['seek_ms_p95']} ms, "
              f"max {out['seek_ms_max']} ms (target <= 100 ms); core scene_at alone p50 {out['scene_at_ms_p50']} ms, "
              f"p95 {out['scene_at_ms_p95']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
