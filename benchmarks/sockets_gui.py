"""The sockets lab under load: frame rate with 1000 connections, and what the live view costs the server.

    .venv/bin/python benchmarks/sockets_gui.py            # a table
    .venv/bin/python benchmarks/sockets_gui.py --json     # one JSON object

Runs offscreen, about 45 s on two cores.  The load generator (:func:`evsim.core.echo.load.run_load`, every byte
checked) runs in a subprocess pinned to one CPU; this process (GUI thread + server thread, which share the
GIL anyway) is pinned to the other.

1. **Frame rate.**  The sockets panel at 1280x760, its embedded server on port 0, 1000 real connections from
   the load process doing rate-limited request/echo round trips.  A FrameBridge (the window's own frame
   driver) ticks at 60 Hz: drain the sink, apply the events, advance the animation; Qt then paints.  Reported:
   frame intervals p50/p95 (=> frames/s), the work per tick and per paint of the map, and the number of
   socket or selector calls made *on the GUI thread* (counted by wrapping socket.socket and the selectors'
   select(): it must be 0 -- the GUI never touches a socket).
2. **Server CPU per echoed request** with the panel open and animating: the embedded server's thread CPU
   (:func:`evsim.core.metrics.thread_cpu_ns`) divided by the requests echoed, against a minimal uninstrumented
   selectors echo server (a thread in this same process, same load, panel still animating).  Target: within
   1.5x.
3. **Paint cost of 1000 synthetic nodes** (no sockets): SocketMap.paint into a 1280x760 image, p50/p95.
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

CPUS = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
LOAD_CPU, GUI_CPU = (CPUS[0], CPUS[1]) if len(CPUS) >= 2 else (None, None)
if GUI_CPU is not None:
    os.sched_setaffinity(0, {GUI_CPU})  # before Qt starts threads: they inherit it
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from evsim.core.echo import events as ev  # noqa: E402
from evsim.core.echo.scene import SocketScene  # noqa: E402
from evsim.core.metrics import percentile, thread_cpu_ns  # noqa: E402
from evsim.gui.bridge import FrameBridge  # noqa: E402
from evsim.gui.labs.sockets import Panel  # noqa: E402
from evsim.gui.labs.sockets.socket_map import SocketMap  # noqa: E402

TARGET_FPS = 30.0
TARGET_CPU_RATIO = 1.5

LOAD_CODE = r"""
import json, os, sys
from evsim.core.echo.load import run_load
host, port, clients, seconds, size, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
r = run_load(host, port, clients, seconds, size, rate=rate or None)
print(json.dumps(r.to_dict() | {"connected": r.connected}), flush=True)
"""


def _pin_load() -> None:
    if LOAD_CPU is not None:
        os.sched_setaffinity(0, {LOAD_CPU})


def start_load(port: int, clients: int, seconds: float, size: int, rate: float) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    return subprocess.Popen([sys.executable, "-c", LOAD_CODE, "127.0.0.1", str(port), str(clients), str(seconds),
                             str(size), str(rate)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_pin_load, env=env)


def finish_load(p: subprocess.Popen, timeout: float) -> dict:
    out, err = p.communicate(timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"load failed: {err.strip()[-500:]}")
    r = json.loads(out)
    if r["integrity_errors"] or r["errors"]:
        raise RuntimeError(f"load saw {r['integrity_errors']} integrity errors and {r['errors']} errors")
    return r


def spin(seconds: float, until=None) -> bool:
    """Run the Qt event loop for up to ``seconds`` (or until ``until()`` is true)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
        if until is not None and until():
            return True
    return until is None


class GuiThreadSocketWatch:
    """Counts socket and selector calls made on the GUI thread (wrapping them for the duration)."""

    METHODS = ("recv", "recv_into", "recvfrom", "send", "sendall", "sendto", "accept", "connect", "connect_ex")

    def __init__(self) -> None:
        self.gui = threading.get_ident()
        self.calls: dict[str, int] = {}
        self.other_threads = 0  # calls seen on the server's thread: proof the wrappers are in place
        self._saved: list[tuple[type, str, object]] = []

    def __enter__(self):
        targets = [(socket.socket, m) for m in self.METHODS]
        for cls in {selectors.DefaultSelector, selectors.SelectSelector, selectors.PollSelector,
                    getattr(selectors, "EpollSelector", selectors.PollSelector)}:
            targets.append((cls, "select"))
        for cls, name in targets:
            orig = getattr(cls, name)
            self._saved.append((cls, name, cls.__dict__.get(name)))
            setattr(cls, name, self._wrap(f"{cls.__name__}.{name}", orig))
        return self

    def _wrap(self, label: str, orig):
        gui, calls = self.gui, self.calls

        def wrapper(*a, **kw):
            if threading.get_ident() == gui:
                calls[label] = calls.get(label, 0) + 1
            else:
                self.other_threads += 1
            return orig(*a, **kw)

        return wrapper

    def __exit__(self, *exc) -> None:
        for cls, name, orig in reversed(self._saved):
            if orig is None:
                delattr(cls, name)
            else:
                setattr(cls, name, orig)


class Timed:
    """Wraps a method to record how long each call takes (ns)."""

    def __init__(self, obj, name: str) -> None:
        self.samples: list[int] = []
        orig = getattr(obj, name)

        def timed(*a, **kw):
            t = time.perf_counter_ns()
            try:
                return orig(*a, **kw)
            finally:
                self.samples.append(time.perf_counter_ns() - t)

        setattr(obj, name, timed)
        self.obj, self.name = obj, name

    def restore(self) -> None:
        delattr(self.obj, self.name)

    def summary(self) -> dict:
        return _summary(self.samples)


def _summary(s: list[int]) -> dict:
    return {"n": len(s), "p50_ms": round(percentile(s, 50) / 1e6, 3) if s else 0.0,
            "p95_ms": round(percentile(s, 95) / 1e6, 3) if s else 0.0, "max_ms": round(max(s) / 1e6, 3) if s else 0.0}


class TimedBridge(FrameBridge):
    """The window's FrameBridge, also timing each tick (drain + apply + frame) on the GUI thread."""

    def __init__(self, *a, **kw) -> None:
        super().__init__(*a, **kw)
        self.tick_ns: list[int] = []

    def on_tick(self) -> None:
        t = time.perf_counter_ns()
        super().on_tick()
        self.tick_ns.append(time.perf_counter_ns() - t)


def part1(panel: Panel, clients: int, rate: float, seconds: float) -> dict:
    assert panel.start_server(port=0), "the server did not start"
    port = panel.server_address()[1]
    # from here until stop_server, every socket/selector call on the GUI thread is counted
    with GuiThreadSocketWatch() as watch:
        warm = FrameBridge([panel], lambda: panel)
        warm.start()
        load = start_load(port, clients, seconds + 30, 64, rate)
        t0 = time.monotonic()
        if not spin(30, lambda: panel.scene.open_count >= clients):
            load.kill()
            raise RuntimeError(f"only {panel.scene.open_count} of {clients} connections opened")
        connect_s = time.monotonic() - t0
        spin(1.0)  # the load settles
        warm.stop()
        bridge = TimedBridge([panel], lambda: panel)
        paint = Timed(panel.map, "paint")
        emitted0, cpu0, gui0 = panel.sink.emitted, thread_cpu_ns(panel.server.thread), thread_cpu_ns()
        t_start = time.monotonic()
        bridge.start()
        spin(seconds)
        bridge.stop()
        elapsed = time.monotonic() - t_start
        emitted = panel.sink.emitted - emitted0
        server_cpu = thread_cpu_ns(panel.server.thread) - cpu0
        gui_cpu = thread_cpu_ns() - gui0
        open_now = panel.scene.open_count
        stats = bridge.stats()
        paint.restore()
    t_stop = time.monotonic()
    panel.stop_server()  # closes all 1000 connections: the load ends (its clients see the close)
    stop_ms = (time.monotonic() - t_stop) * 1e3
    load.kill()
    load.wait()
    return {
        "connections": open_now,
        "connect_s": round(connect_s, 3),
        "seconds": round(elapsed, 3),
        "frames": stats["frames"],
        "frames_per_s": round(stats["frames"] / elapsed, 1),
        "frame_interval_ms": {"p50": stats["frame_ms_p50"], "p95": stats["frame_ms_p95"]},
        "tick_ms": _summary(bridge.tick_ns),
        "paint_ms": paint.summary(),
        "paints_per_s": round(len(paint.samples) / elapsed, 1),
        "events_per_s": round(emitted / elapsed),
        "events_dropped": stats["events_dropped"],
        "server_cpu_percent": round(100 * server_cpu / 1e9 / elapsed, 1),
        "gui_cpu_percent": round(100 * gui_cpu / 1e9 / elapsed, 1),
        "gui_thread_socket_calls": dict(watch.calls),
        "server_thread_socket_calls": watch.other_threads,
        "stop_server_ms": round(stop_ms, 1),
    }


class MinimalEchoServer:
    """A minimal uninstrumented selectors echo server in a thread: recv, send at once, keep the unsent tail
    for EVENT_WRITE.  No events, no statistics, no back-pressure bookkeeping (the baseline)."""

    def __init__(self) -> None:
        self.sel = selectors.DefaultSelector()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(socket.SOMAXCONN)
        self.listener.setblocking(False)
        self.port = self.listener.getsockname()[1]
        self._wake_r, self._wake_w = socket.socketpair()
        self.sel.register(self.listener, selectors.EVENT_READ)
        self.sel.register(self._wake_r, selectors.EVENT_READ)
        self._stop = False
        self.thread = threading.Thread(target=self._loop, name="minimal-echo", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        sel, listener, pending = self.sel, self.listener, {}
        R, W = selectors.EVENT_READ, selectors.EVENT_WRITE
        while not self._stop:
            for key, mask in sel.select():
                sock = key.fileobj
                if sock is self._wake_r:
                    continue
                if sock is listener:
                    for _ in range(100):
                        try:
                            conn, _ = listener.accept()
                        except (BlockingIOError, InterruptedError):
                            break
                        conn.setblocking(False)
                        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                        sel.register(conn, R)
                    continue
                if mask & R:
                    try:
                        data = sock.recv(65536)
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        data = b""
                    if not data:
                        sel.unregister(sock)
                        pending.pop(sock, None)
                        sock.close()
                        continue
                    if sock in pending:
                        pending[sock] += data
                        continue
                    try:
                        n = sock.send(data)
                    except (BlockingIOError, InterruptedError):
                        n = 0
                    if n < len(data):
                        pending[sock] = bytearray(data[n:])
                        sel.modify(sock, R | W)
                elif mask & W:
                    buf = pending[sock]
                    try:
                        n = sock.send(buf)
                    except (BlockingIOError, InterruptedError):
                        continue
                    del buf[:n]
                    if not buf:
                        del pending[sock]
                        sel.modify(sock, R)
        for key in list(sel.get_map().values()):
            key.fileobj.close()
        sel.close()

    def stop(self) -> None:
        self._stop = True
        self._wake_w.send(b"x")
        self.thread.join(5)
        self._wake_w.close()


def cpu_per_request(thread, port: int, clients: int, rate: float, seconds: float) -> dict:
    warm = start_load(port, clients, 0.5, 64, rate)
    spin(15, lambda: warm.poll() is not None)
    finish_load(warm, 5)
    load = start_load(port, clients, seconds, 64, rate)
    cpu0 = thread_cpu_ns(thread)
    spin(seconds + 30, lambda: load.poll() is not None)
    cpu = thread_cpu_ns(thread) - cpu0
    r = finish_load(load, 5)
    return {"requests": r["requests"], "requests_per_s": round(r["requests_per_s"]),
            "cpu_us_per_request": cpu / 1e3 / r["requests"] if r["requests"] else float("nan"),
            "p50_latency_ms": round(r["latency_ms"]["p50"], 3)}


def part2(panel: Panel, clients: int, rate: float, seconds: float, rounds: int) -> dict:
    bridge = FrameBridge([panel], lambda: panel)
    bridge.start()
    runs = {"embedded": [], "minimal": []}
    try:
        for _ in range(rounds):
            assert panel.start_server(port=0)
            runs["embedded"].append(cpu_per_request(panel.server.thread, panel.server_address()[1], clients, rate,
                                                    seconds))
            panel.stop_server()
            base = MinimalEchoServer()
            try:
                runs["minimal"].append(cpu_per_request(base.thread, base.port, clients, rate, seconds))
            finally:
                base.stop()
    finally:
        bridge.stop()

    def total(rs: list[dict]) -> dict:
        req = sum(r["requests"] for r in rs)
        us = sum(r["cpu_us_per_request"] * r["requests"] for r in rs) / req
        return {"requests": req, "requests_per_s": round(sum(r["requests_per_s"] for r in rs) / len(rs)),
                "cpu_us_per_request": round(us, 2), "per_round": [round(r["cpu_us_per_request"], 2) for r in rs]}

    emb, base = total(runs["embedded"]), total(runs["minimal"])
    ratio = emb["cpu_us_per_request"] / base["cpu_us_per_request"]
    return {"clients": clients, "rate_per_client": rate, "seconds": seconds, "rounds": rounds,
            "embedded": emb, "minimal": base, "ratio": round(ratio, 3), "target": TARGET_CPU_RATIO,
            "met": ratio <= TARGET_CPU_RATIO, "frames": bridge.stats()}


def part3(nodes: int = 1000, repeats: int = 40) -> dict:
    scene = SocketScene()
    t = 10_000_000_000
    scene.apply([ev.Listening(0, "127.0.0.1", 9999, "epoll", "selectors", 3)]
                + [ev.Accepted(i, 10 + i, f"127.0.0.1:{40000 + i}") for i in range(nodes)]
                + [ev.Ready(t - 100_000_000, 10 + i, 1 + i % 2) for i in range(0, nodes, 3)]
                + [ev.Received(t - 100_000_000, 10 + i, 64) for i in range(0, nodes, 5)])
    m = SocketMap(scene)
    m.resize(1280, 760)
    m.set_clock(t)
    img = QImage(m.size(), QImage.Format.Format_ARGB32_Premultiplied)
    samples = []
    for _ in range(repeats):
        p = QPainter(img)
        t0 = time.perf_counter_ns()
        m.paint(p)
        samples.append(time.perf_counter_ns() - t0)
        p.end()
    return {"nodes": nodes, "p50_ms": round(percentile(samples, 50) / 1e6, 2),
            "p95_ms": round(percentile(samples, 95) / 1e6, 2), "budget_ms": round(1000 / TARGET_FPS, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--connections", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=5.0, help="requests/s per connection in part 1 (default 5)")
    ap.add_argument("--seconds", type=float, default=6.0, help="measured seconds in part 1")
    ap.add_argument("--cpu-clients", type=int, default=50)
    ap.add_argument("--cpu-rate", type=float, default=100.0, help="requests/s per client in part 2")
    ap.add_argument("--cpu-seconds", type=float, default=4.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    QCoreApplication.setOrganizationName("evsim-bench")
    QCoreApplication.setApplicationName("sockets-gui")
    panel = Panel()
    panel._remember = False  # the benchmark leaves the user's settings alone
    panel.resize(1280, 760)
    panel.show()
    try:
        r1 = part1(panel, a.connections, a.rate, a.seconds)
        r2 = part2(panel, a.cpu_clients, a.cpu_rate, a.cpu_seconds, a.rounds)
        r3 = part3()
    finally:
        panel.shutdown()
        panel.close()
        app.processEvents()
    out = {"machine_cpus": len(CPUS) or os.cpu_count(), "frame_rate": r1, "server_cpu": r2, "paint_1000_nodes": r3}
    if a.json:
        print(json.dumps(out, indent=2))
        return 0
    f = r1
    print(f"1. {f['connections']} open connections, {a.rate:g} req/s each ({f['events_per_s']:,} events/s), "
          f"{f['seconds']:.1f} s, 60 Hz frame timer, 1280x760 offscreen")
    print(f"   frames/s                      {f['frames_per_s']:.1f}   (target >= {TARGET_FPS:g})")
    print(f"   frame interval p50 / p95      {f['frame_interval_ms']['p50']:.1f} / {f['frame_interval_ms']['p95']:.1f} ms")
    print(f"   tick (drain+apply+frame)      p50 {f['tick_ms']['p50_ms']:.2f}  p95 {f['tick_ms']['p95_ms']:.2f}  "
          f"max {f['tick_ms']['max_ms']:.2f} ms")
    print(f"   map paint                     p50 {f['paint_ms']['p50_ms']:.2f}  p95 {f['paint_ms']['p95_ms']:.2f}  "
          f"max {f['paint_ms']['max_ms']:.2f} ms  ({f['paints_per_s']:.1f} paints/s)")
    print(f"   events dropped by display     {f['events_dropped']}")
    print(f"   socket/select calls on GUI    {sum(f['gui_thread_socket_calls'].values())} "
          f"{f['gui_thread_socket_calls'] or ''}  (vs {f['server_thread_socket_calls']:,} on the server thread)")
    print(f"   thread CPU: GUI / server      {f['gui_cpu_percent']:.1f} % / {f['server_cpu_percent']:.1f} %")
    print(f"   connect {f['connections']} / stop server  {f['connect_s'] * 1e3:.0f} ms / {f['stop_server_ms']:.0f} ms "
          f"(stop_server runs on the GUI thread)")
    c = r2
    print(f"2. server CPU per echoed request, {c['clients']} clients x {c['rate_per_client']:g} req/s, 64 B, "
          f"{c['seconds']:g} s x {c['rounds']} rounds, panel animating")
    print(f"   {'server':<34} {'req/s':>8} {'CPU us/req':>11}   per round")
    for name, label in (("embedded", "embedded (events -> panel)"), ("minimal", "minimal selectors, uninstrumented")):
        t = c[name]
        print(f"   {label:<34} {t['requests_per_s']:>8} {t['cpu_us_per_request']:>11.2f}   {t['per_round']}")
    print(f"   ratio {c['ratio']:.2f}  (target <= {TARGET_CPU_RATIO}: {'met' if c['met'] else 'missed'})")
    p = r3
    print(f"3. paint of {p['nodes']} synthetic nodes at 1280x760: p50 {p['p50_ms']:.2f} ms, p95 {p['p95_ms']:.2f} ms "
          f"(frame budget at {TARGET_FPS:g} fps: {p['budget_ms']} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
