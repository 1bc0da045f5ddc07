"""The window shell: the frame bridge, menus' actions, settings, shutdown on close."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings  # noqa: E402

from evsim.core.events import Event, RingSink, event, now_ns  # noqa: E402
from evsim.gui.app import MainWindow  # noqa: E402
from evsim.gui.bridge import FrameBridge  # noqa: E402
from evsim.gui.labs.base import LabPanel  # noqa: E402


@event
class Tick(Event):
    n: int


class CountingPanel(LabPanel):
    """A real producer thread feeding a RingSink; the panel counts what the bridge hands it."""

    lab_id = "counting"

    def __init__(self) -> None:
        super().__init__()
        self.sink = RingSink(1000)
        self.applied: list[int] = []
        self.frames = 0
        self.shutdowns = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._produce, daemon=True)
        self._thread.start()

    def title(self) -> str:
        return "counting"

    def _produce(self) -> None:
        i = 0
        while not self._stop.is_set() and i < 500:
            self.sink.emit(Tick(now_ns(), i))
            i += 1
        self._stop.wait()

    def sinks(self):
        return (self.sink,)

    def apply_events(self, batch):
        self.applied.extend(e.n for e in batch)

    def frame(self, now_ns_: int) -> None:
        self.frames += 1

    def shutdown(self) -> None:
        self.shutdowns += 1
        self._stop.set()
        self._thread.join(2)


def test_bridge_drains_sinks_in_order_and_measures_frames(qtbot):
    panel = CountingPanel()
    qtbot.addWidget(panel)
    bridge = FrameBridge([panel], lambda: panel)
    bridge.start()
    qtbot.waitUntil(lambda: len(panel.applied) == 500 and panel.frames >= 5, timeout=5000)
    bridge.stop()
    panel.shutdown()
    assert panel.applied == list(range(500))
    st = bridge.stats()
    assert st["frames"] >= 5 and st["events_applied"] == 500 and st["events_dropped"] == 0
    assert 0 < st["frame_ms_p50"] < 1000


class FloodPanel(CountingPanel):
    """Events that cost 50 us each to apply, 3,000 of them at once: more than a frame's budget."""

    def _produce(self) -> None:
        self.sink = RingSink(10000)
        for i in range(3000):
            self.sink.emit(Tick(now_ns(), i))
        self._stop.wait()

    def apply_events(self, batch):
        end = time.perf_counter() + 50e-6 * len(batch)
        while time.perf_counter() < end:
            pass
        self.applied.extend(e.n for e in batch)


def test_under_a_flood_the_bridge_draws_fewer_frames_and_goes_back_after(qtbot):
    panel = FloodPanel()
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: len(panel.sink) == 3000, timeout=5000)
    bridge = FrameBridge([panel], lambda: panel, fps=60, busy_fps=40)
    assert bridge.frame_interval_ms == 17
    bridge.start()
    qtbot.waitUntil(lambda: bridge.frame_interval_ms == 25, timeout=5000)  # over budget: 40 frames a second
    qtbot.waitUntil(lambda: len(panel.applied) == 3000, timeout=10000)
    qtbot.waitUntil(lambda: bridge.frame_interval_ms == 17 or not bridge.active, timeout=5000)
    assert bridge.frame_interval_ms == 17  # kept up again: back to 60
    bridge.stop()
    panel.shutdown()


def test_window_has_labs_menus_and_shortcuts(qtbot):
    win = MainWindow(remember=False)
    qtbot.addWidget(win)
    titles = [a.text() for a in win.menuBar().actions()]
    assert titles == ["&File", "&View", "&Help"]
    assert win.bridge.active
    for lab_id, panel in win.panels.items():
        win.show_lab(lab_id)
        assert win.current_panel() is panel
        checked = [a.text() for a in win._lab_group.actions() if a.isChecked()]
        assert checked == [panel.title()]  # the View menu marks the lab on screen
    win.set_animation_speed(2.0)
    assert all(p.animation_speed == 2.0 for p in win.panels.values())
    win.close()
    assert not win.bridge.active


def test_export_and_screenshot_errors_go_to_status_bar(qtbot, tmp_path):
    win = MainWindow(remember=False)
    qtbot.addWidget(win)
    win.show()
    bad = str(tmp_path / "missing-dir" / "shot.png")
    assert win.save_screenshot(bad) is False
    assert "Could not write" in win.statusBar().currentMessage()
    good = str(tmp_path / "shot.png")
    assert win.save_screenshot(good) is True and os.path.getsize(good) > 0
    win.close()


def test_settings_remember_last_lab_and_speed(qtbot):
    win = MainWindow(remember=True)
    qtbot.addWidget(win)
    labs = list(win.panels)
    if len(labs) < 2:
        pytest.skip("needs two labs")
    win.show_lab(labs[1])
    win.set_animation_speed(0.5)
    win.close()
    s = QSettings()
    assert s.value("window/lab") == labs[1]
    win2 = MainWindow(remember=True)
    qtbot.addWidget(win2)
    assert win2.current_panel() is win2.panels[labs[1]]
    assert win2._speed == 0.5
    win2.close()


def test_export_rows_written_as_csv_and_json(tmp_path):
    from evsim.gui.export import write_rows

    header, rows = ["t", "fd", "event"], [[1, 5, "Accepted"], [2, 5, "Received"]]
    write_rows(str(tmp_path / "a.csv"), header, rows)
    assert (tmp_path / "a.csv").read_text().splitlines()[0] == "t,fd,event"
    write_rows(str(tmp_path / "a.json"), header, rows)
    assert json.loads((tmp_path / "a.json").read_text())[1] == {"t": 2, "fd": 5, "event": "Received"}
    with pytest.raises(OSError):
        write_rows(str(tmp_path / "nope" / "a.csv"), header, rows)
    assert not list((tmp_path).glob("*.part"))


def test_pyside6_survives_many_signal_emits():
    """Regression: PySide6 6.12.0 on CPython 3.11 aborts after a few hundred emits (bool_dealloc)."""
    code = (
        "from PySide6.QtCore import QCoreApplication, QObject, Signal\n"
        "class O(QObject):\n"
        "    b = Signal(bool)\n"
        "    s = Signal(int, str)\n"
        "app = QCoreApplication([])\n"
        "o = O(); got = []\n"
        "o.b.connect(lambda v: got.append(v)); o.s.connect(lambda i, t: got.append(i))\n"
        "for i in range(10000):\n"
        "    o.b.emit(i % 2 == 0); o.s.emit(i, 'x')\n"
        "print(len(got))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "20000"


def _fds() -> set[int]:
    return {int(x) for x in os.listdir("/proc/self/fd")}


def test_closing_the_window_stops_the_server_and_leaks_nothing(qtbot):
    import socket

    threads_before = set(threading.enumerate())
    win = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(win)
    win.show()
    fds_before = _fds()
    panel = win.panels["sockets"]
    with qtbot.waitSignal(panel.server_started, timeout=8000):
        assert panel.start_server(host="127.0.0.1", port=0)
    host, port = panel.server_address()
    pid = panel.controller.server.pid
    assert "listening" in win._server_label.text()
    with socket.create_connection((host, port), timeout=5) as c:
        c.sendall(b"ping")
        assert c.recv(4) == b"ping"
    t0 = time.monotonic()
    win.close()
    assert time.monotonic() - t0 < 0.5  # the server process is ended within half a second
    assert not win.bridge.active and panel.server_address() is None
    assert not os.path.exists(f"/proc/{pid}")  # ended and reaped: no orphan, no zombie
    with pytest.raises(OSError):  # nothing listens there any more
        socket.create_connection((host, port), timeout=1).close()
    qtbot.waitUntil(lambda: set(threading.enumerate()) <= threads_before, timeout=5000)
    qtbot.waitUntil(lambda: _fds() <= fds_before, timeout=5000)


def test_an_idle_window_stops_drawing_and_data_wakes_it(qtbot):
    """Nothing repaints when nothing changes: with the server listening and nobody connected the frame timer
    stops; a client connecting (data on the server's stream) starts it again."""
    import socket

    win = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(win)
    win.show()
    panel = win.panels["sockets"]
    with qtbot.waitSignal(panel.server_started, timeout=8000):
        panel.start_server(host="127.0.0.1", port=0)
    qtbot.waitUntil(lambda: not win.bridge.active, timeout=20000)  # every lab idle, every animation over
    frames = win.bridge.frames
    qtbot.wait(300)
    assert win.bridge.frames == frames and not win.bridge.active
    with socket.create_connection(panel.server_address(), timeout=5):
        qtbot.waitUntil(lambda: win.bridge.active or win.bridge.frames > frames, timeout=5000)
    win.close()


class CheapFloodPanel(FloodPanel):
    """20,000 events at once that cost 10 us each, with the size of each batch the bridge gave."""

    def _produce(self) -> None:
        self.sink = RingSink(20000)
        for i in range(20000):
            self.sink.emit(Tick(now_ns(), i))
        self._stop.wait()

    def apply_events(self, batch):
        self.batches.append((len(batch), self.bridge.frame_interval_ms))
        end = time.perf_counter() + 10e-6 * len(batch)
        while time.perf_counter() < end:
            pass
        self.applied.extend(e.n for e in batch)


def test_under_a_flood_a_frame_applies_half_the_budget(qtbot):
    from evsim.gui import bridge as bridge_mod

    panel = CheapFloodPanel()
    panel.batches = []
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: len(panel.sink) == 20000, timeout=5000)
    bridge = panel.bridge = FrameBridge([panel], lambda: panel, fps=60, busy_fps=40)
    bridge.start()
    qtbot.waitUntil(lambda: sum(1 for _, iv in panel.batches if iv == 25) >= 12, timeout=10000)
    bridge.stop()
    panel.shutdown()
    # (the first busy frames still learn what an event costs)
    busy = sorted(n for n, iv in panel.batches[-8:] if iv == 25)
    full = bridge_mod.APPLY_BUDGET_NS / 10_000  # events a whole budget would take: 400
    assert busy and busy[len(busy) // 2] <= 0.7 * full
