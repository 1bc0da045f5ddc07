"""A real drop in a small RingSink shows as its exact count: in the frame bridge, the sockets plots and
`evsim shot` (the README's "0 events dropped" rests on these numbers)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import time

from evsim.core.events import RingSink
from evsim.gui.bridge import FrameBridge
from evsim.gui.labs.sockets import Panel
from evsim.gui.labs.sockets.plots import _si

CAPACITY = 16


def test_a_real_drop_shows_its_exact_count_in_the_bridge_and_the_plots(qtbot):
    panel = Panel()
    qtbot.addWidget(panel)
    panel.sink = RingSink(CAPACITY)  # the server gets this sink when it starts
    bridge = FrameBridge([panel], current=lambda: panel)  # not started: nothing drains until on_tick()
    try:
        assert panel.start_server(host="127.0.0.1", port=0)
        host, port = panel.server_address()
        for _ in range(8):
            with socket.create_connection((host, port), timeout=5) as c:
                c.sendall(b"ping")
                assert c.recv(4) == b"ping"
        panel.stop_server()  # the producer is gone: the ring's counts are final
        emitted = panel.sink.emitted
        dropped = emitted - CAPACITY  # nothing drained yet, the ring holds its capacity: the rest were dropped
        assert dropped > CAPACITY  # listening, 8 x (accepted, ready, received, sent, ..., closed), stopped
        assert bridge.events_dropped() == dropped and bridge.stats()["events_dropped"] == dropped
        bridge.on_tick()
        assert bridge.events_applied == CAPACITY and bridge.stats()["events_dropped"] == dropped
        t = time.monotonic_ns()
        panel.frame(t)
        panel.frame(t + 10 * 10**9)  # one plot sample after the first reading
        assert panel.plots.dropped_total == dropped
        assert f"{_si(dropped)} total" in panel.plots.p_dropped.titleLabel.text
    finally:
        panel.shutdown()


SHOT_WITH_A_SMALL_RING = textwrap.dedent("""
    import json, sys
    import evsim.gui.labs.sockets.panel as sockets_panel
    from evsim.gui import bridge
    from evsim.cli import main

    sockets_panel.SINK_CAPACITY = 8  # the sockets lab's ring: a real demo overflows it between two frames
    real_stats = bridge.FrameBridge.stats
    seen = {}

    def stats(self):
        rings = [s for p in self._panels for s in p.sinks()]
        seen["before"] = sum(s.dropped for s in rings)  # what the rings themselves count, around the call
        out = real_stats(self)
        seen["after"] = sum(s.dropped for s in rings)
        return out

    bridge.FrameBridge.stats = stats
    code = main(sys.argv[1:])
    print(json.dumps(seen), file=sys.stderr)
    sys.exit(code)
""")


def test_evsim_shot_reports_the_rings_drops(tmp_path):
    out = tmp_path / "sockets.png"
    r = subprocess.run([sys.executable, "-c", SHOT_WITH_A_SMALL_RING, "shot", "sockets", "-o", str(out),
                        "--seconds", "1", "--clients", "3", "--size", "800x600"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]
    stats = json.loads(r.stdout.strip().splitlines()[-1])
    seen = json.loads(r.stderr.strip().splitlines()[-1])
    assert seen["before"] > 0  # a real drop happened
    # the servers still run while stats() is taken: the count may only grow between the two readings
    assert seen["before"] <= stats["events_dropped"] <= seen["after"]
