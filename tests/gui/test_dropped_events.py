"""A real drop shows as its exact count: the server process drops events its window does not read in time
(never data), counts them in the stream, and the frame bridge, the sockets plots and `evsim shot` show that
count (the README's "events dropped" figures rest on these numbers)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import time

from evsim.gui.bridge import FrameBridge
from evsim.gui.labs.sockets import Panel
from evsim.gui.labs.sockets import server_control
from evsim.gui.labs.sockets.plots import _si

#: Bytes the server process may hold for its window: a few dozen events.
CAPACITY = 600


def test_a_real_drop_shows_its_exact_count_in_the_bridge_and_the_plots(qtbot, tmp_path, monkeypatch):
    stats_file = tmp_path / "stream.json"
    monkeypatch.setattr(server_control, "CHILD_EXTRA_ARGS",
                        ("--stream-capacity", str(CAPACITY), "--stats-file", str(stats_file)))
    panel = Panel()
    qtbot.addWidget(panel)
    bridge = FrameBridge([panel], current=lambda: panel)  # not started: it drains only when on_tick() is called
    try:
        assert panel.start_server(host="127.0.0.1", port=0)
        qtbot.waitUntil(lambda: (bridge.on_tick(), panel.server_address() is not None)[1], timeout=8000)
        host, port = panel.server_address()
        for _ in range(300):  # nobody reads the stream meanwhile: the server's buffer for it overflows
            with socket.create_connection((host, port), timeout=5) as c:
                c.sendall(b"ping")
                assert c.recv(4) == b"ping"  # the data is never what is dropped
        with qtbot.waitSignal(panel.controller.server_stopped, timeout=8000):
            panel.stop_server()
            while panel.controller.active:  # the window reads on until the stream ends
                bridge.on_tick()
                qtbot.wait(5)
        child = json.loads(stats_file.read_text())
        assert child["dropped"] > 40  # a real drop happened in the server process
        assert bridge.events_dropped() == child["dropped"] == bridge.stats()["events_dropped"]
        t = time.monotonic_ns()
        panel.frame(t)
        panel.frame(t + 10 * 10**9)  # one plot sample after the first reading
        assert panel.plots.dropped_total == child["dropped"]
        assert f"{_si(child['dropped'])} total" in panel.plots.titles[3]
    finally:
        panel.shutdown()


SHOT_WITH_A_SMALL_STREAM = textwrap.dedent("""
    import sys
    from evsim.gui.labs.sockets import server_control
    from evsim.cli import main

    server_control.CHILD_EXTRA_ARGS = ("--stream-capacity", "300", "--stream-sndbuf", "2048",
                                       "--stats-file", sys.argv.pop(1))
    sys.exit(main(sys.argv[1:]))
""")


def test_evsim_shot_reports_the_servers_drops(tmp_path):
    out, stats_file = tmp_path / "sockets.png", tmp_path / "stream.json"
    r = subprocess.run([sys.executable, "-c", SHOT_WITH_A_SMALL_STREAM, str(stats_file), "shot", "sockets",
                        "-o", str(out), "--seconds", "1.5", "--clients", "6", "--size", "800x600"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]
    stats = json.loads(r.stdout.strip().splitlines()[-1])
    child = json.loads(stats_file.read_text())
    # The window stops reading before the server has ended, so the last Dropped frames may never reach it:
    # what it reports is what the stream told it, never more than the server counted.
    assert 0 < stats["events_dropped"] <= child["dropped"]
