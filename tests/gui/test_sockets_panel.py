"""The sockets lab panel against its real echo server on port 0, real clients, a 60 Hz frame pump."""

from __future__ import annotations

import csv
import json
import os
import socket
import threading
import time

import pytest

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer

from evsim.core.echo import events as ev
from evsim.core.echo.calls import EchoCalls
from evsim.core.echo.client import EchoClient
from evsim.core.echo.scene import OPEN
from evsim.gui.labs import panel_class
from evsim.gui.labs.sockets import Panel, is_loopback

WAIT_MS = 8000


@pytest.fixture
def settings_scope():
    """QSettings under a test-only organisation, emptied before and after."""
    old = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
    QCoreApplication.setOrganizationName("evsim-tests")
    QCoreApplication.setApplicationName("sockets-panel")
    QSettings().remove("sockets")
    yield QSettings
    QSettings().remove("sockets")
    QCoreApplication.setOrganizationName(old[0])
    QCoreApplication.setApplicationName(old[1])


class Pump:
    """What the window's frame bridge does: drain the panel's sinks, apply, frame, at ~60 Hz."""

    def __init__(self, panel: Panel) -> None:
        self.panel = panel
        self.events: list = []
        self.timer = QTimer()
        self.timer.setInterval(16)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        for s in self.panel.sinks():
            batch = s.drain()
            if batch:
                self.events.extend(batch)
                self.panel.apply_events(batch)
        self.panel.frame(time.monotonic_ns())

    def of(self, cls):
        """The events of ``cls`` so far (the watched calls as the echo kinds they stand for, as the log sees)."""
        return [e for e in EchoCalls().translate(self.events) if isinstance(e, cls)]


@pytest.fixture
def panel(qtbot, settings_scope):
    p = Panel()
    qtbot.addWidget(p)
    p.resize(1280, 760)
    p.show()
    messages: list[str] = []
    p.status_message.connect(messages.append)
    p.messages = messages
    pump = Pump(p)
    p.pump = pump
    yield p
    pump.timer.stop()
    p.shutdown()


def start(qtbot, panel, **kw) -> tuple[str, int]:
    """Start the server process and wait until it listens (it reports that in its stream)."""
    with qtbot.waitSignal(panel.server_started, timeout=WAIT_MS) as sig:
        assert panel.start_server(**kw)
    return tuple(sig.args)


def start_fails(qtbot, panel, **kw) -> str:
    """Start a server that cannot listen: the process ends and the panel says why (its last message)."""
    with qtbot.waitSignal(panel.server_stopped, timeout=WAIT_MS):
        assert panel.start_server(**kw)
    assert panel.server_address() is None and not panel.controller.active
    return panel.messages[-1]


def test_registry_finds_the_panel():
    assert panel_class("sockets") is Panel and Panel.lab_id == "sockets"


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("127.1.2.3") and is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.org")


def test_real_client_appears_and_its_echo_is_logged(qtbot, panel):
    host, port = start(qtbot, panel, port=0)
    assert panel.controller.server.pid != os.getpid()  # the server runs in a process of its own
    assert (host, port) == panel.server_address() and port > 0
    assert any("Listening on" in m for m in panel.messages)

    # an external-style client: a plain socket, like nc
    with socket.create_connection((host, port), timeout=5) as s:
        local = "%s:%d" % s.getsockname()[:2]
        s.sendall(b"hello\n")
        got = b""
        while len(got) < 6:
            got += s.recv(64)
        assert got == b"hello\n"

        def node():
            return next((n for n in panel.scene.nodes.values() if n.peer == local), None)

        qtbot.waitUntil(lambda: node() is not None and node().bytes_out == 6, timeout=WAIT_MS)
        n = node()
        assert n.state == OPEN and n.bytes_in == 6
        # the map draws it, and the log has its echo with the right peer and size
        assert any(it.node is n for it in panel.map.node_items())
        header, rows = panel.export_rows()
        sent = [r for r in rows if r[3] == "Sent" and r[1] == n.fd]
        assert sent and sent[-1][2] == local and sent[-1][4] == 6
    qtbot.waitUntil(lambda: node().state != OPEN, timeout=WAIT_MS)

    with qtbot.waitSignal(panel.server_stopped, timeout=WAIT_MS):
        panel.stop_server()
    assert panel.server_address() is None
    assert panel.start_button.isEnabled() and not panel.stop_button.isEnabled()


def test_port_in_use_bad_host_and_non_loopback_warning(qtbot, panel):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    try:
        taken = blocker.getsockname()[1]
        assert "in use" in start_fails(qtbot, panel, port=taken)
        assert panel.start_button.isEnabled() and panel.host_edit.isEnabled()
    finally:
        blocker.close()
    assert "256.0.0.1" in start_fails(qtbot, panel, host="256.0.0.1", port=0)
    start(qtbot, panel, host="0.0.0.0", port=0)
    assert "Warning" in panel.messages[-1]
    assert panel.start_server(host="127.0.0.1", port=0, backend="nope") is False


def test_classic_step_mode_dispatches_one_key_per_step(qtbot, panel):
    """The classic select.select() server steps one ready socket at a time (the selectors server steps at every
    watched call: tests/gui/labs/sockets/test_stepping.py)."""
    panel.step_check.setChecked(True)
    assert panel.tabs.currentWidget() is panel.code  # the code pane comes up, and tracing with it
    start(qtbot, panel, port=0, style="classic")
    c = EchoClient(*panel.server_address())
    c.connect()
    try:
        # the listener is ready, but nothing is dispatched until Step
        qtbot.waitUntil(lambda: panel.code.phase == "select", timeout=WAIT_MS)
        qtbot.wait(150)
        assert not panel.pump.of(ev.Ready) and not panel.pump.of(ev.Accepted)

        qtbot.mouseClick(panel.step_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(panel.pump.of(ev.Accepted)) == 1, timeout=WAIT_MS)
        assert len(panel.pump.of(ev.Ready)) == 1

        c.send(b"step\n")
        qtbot.wait(150)
        assert len(panel.pump.of(ev.Ready)) == 1 and not panel.pump.of(ev.Received)
        panel.loop_actions.step.trigger()  # F10: one step to read
        qtbot.waitUntil(lambda: len(panel.pump.of(ev.Received)) == 1, timeout=WAIT_MS)
        panel.loop_actions.step.trigger()  # and one to write
        qtbot.waitUntil(lambda: len(panel.pump.of(ev.Sent)) == 1, timeout=WAIT_MS)
        assert len(panel.pump.of(ev.Ready)) == 3
        assert c.recv_exactly(5) == b"step\n"
        # the code pane followed the loop through its phases
        phases = {e.phase for e in panel.pump.of(ev.LoopPhase)}
        assert {"select", "accept", "read", "write"} <= phases
        assert panel.code.view.current_line in panel.code.phase_lines.values()
    finally:
        c.close()
    # leaving step mode lets the loop run freely again
    panel.step_check.setChecked(False)
    qtbot.waitUntil(lambda: any(isinstance(e, ev.Closed) for e in panel.pump.events), timeout=WAIT_MS)


def test_classic_style_serves_and_shows_its_loop(qtbot, panel):
    start(qtbot, panel, port=0, style="classic")
    assert not panel.backend_combo.isEnabled()
    assert "select.select" in panel.code.view.toPlainText()
    with EchoClient(*panel.server_address()) as c:
        assert c.echo(b"classic\n") == b"classic\n"
    qtbot.waitUntil(lambda: panel.scene.closed == 1, timeout=WAIT_MS)
    assert panel.scene.listener.style == "classic"


def test_export_writes_csv_and_json_and_reports_errors(qtbot, panel, tmp_path):
    start(qtbot, panel, port=0)
    with EchoClient(*panel.server_address()) as c:
        c.echo(b"export me\n")
    qtbot.waitUntil(lambda: panel.scene.closed == 1, timeout=WAIT_MS)
    header, rows = panel.export_rows()
    assert header[:5] == ["time_s", "fd", "peer", "event", "bytes"]
    assert panel.log.export_csv(str(tmp_path / "e.csv"))
    assert panel.log.export_json(str(tmp_path / "e.json"))
    with open(tmp_path / "e.csv", newline="") as f:
        got = list(csv.reader(f))
    assert got[0] == header and len(got) >= 6
    assert {"Listening", "Accepted", "Received", "Sent", "Closed"} <= {r[3] for r in got[1:]}
    data = json.loads((tmp_path / "e.json").read_text())
    assert [d["event"] for d in data] == [r[3] for r in got[1:len(data) + 1]]
    assert all(isinstance(d["time_s"], float) for d in data)
    n = len(panel.messages)
    assert panel.log.export_csv(str(tmp_path / "missing" / "e.csv")) is False
    assert len(panel.messages) == n + 1 and "Could not write" in panel.messages[-1]


def test_built_in_clients_typed_load_and_misbehaving(qtbot, panel):
    start(qtbot, panel, port=0)
    cl = panel.clients
    # a typed client, in the clients' own process: the echo shows up in the transcript
    cl.on_add_client_clicked()
    assert cl.proc.pid is not None and cl.proc.pid != os.getpid()
    qtbot.waitUntil(lambda: bool(cl.typed and cl.typed[0] in cl.proc.states and cl.proc.states[cl.typed[0]].local),
                    timeout=WAIT_MS)
    qtbot.keyClicks(cl.message_edit, "ping 42")
    qtbot.keyClick(cl.message_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "← client 1: ping 42" in cl.transcript.toPlainText(), timeout=WAIT_MS)

    # misbehaving clients make their states appear on the map
    cl.launch("reset")
    cl.launch("half-close")
    cl.launch("slow reader")
    cl.launch("idle")
    s = panel.scene
    qtbot.waitUntil(lambda: s.resets >= 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(n.t_half is not None for n in s.nodes.values()), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(n.t_paused is not None for n in s.nodes.values()), timeout=WAIT_MS)

    # a short load: every byte checked
    assert cl.start_load(clients=5, rate=0, size=32, seconds=0.3)
    qtbot.waitUntil(lambda: not cl.proc.load_running and "done" in cl.load_label.text(), timeout=WAIT_MS)
    assert "every byte checked" in cl.load_label.text(), cl.load_label.text()
    qtbot.waitUntil(lambda: len(panel.plots.samples) >= 2, timeout=WAIT_MS)
    assert max(x.events_per_s for x in panel.plots.samples) > 0
    assert cl.table.rowCount() >= 5


def test_clients_need_a_server(qtbot, panel):
    assert panel.clients.launch("idle") is None
    assert "Start the server" in panel.messages[-1]
    assert not panel.clients.add_button.isEnabled()


def _fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_demo_then_shutdown_leaks_no_thread_or_fd(qtbot, settings_scope):
    p = Panel()
    qtbot.addWidget(p)
    p.resize(1280, 760)
    p.show()
    pump = Pump(p)
    qtbot.wait(50)  # let Qt open what it opens lazily for a shown widget before the baseline
    threads_before = set(threading.enumerate())
    fds_before = _fds()
    p.start_demo(4)
    qtbot.waitUntil(lambda: p.scene.open_count >= 6, timeout=WAIT_MS)
    assert p.clients.start_load(clients=3, rate=50, size=16, seconds=30)
    p.clients.on_add_client_clicked()
    qtbot.waitUntil(lambda: p.clients.proc.load is not None, timeout=WAIT_MS)
    pids = [p.controller.server.pid, p.clients.proc.pid]
    assert all(pids) and all(_alive(pid) for pid in pids)
    pump.timer.stop()
    t0 = time.monotonic()
    p.shutdown()
    p.shutdown()  # idempotent
    assert time.monotonic() - t0 < 1.0
    assert not any(_alive(pid) for pid in pids)  # both children ended and were reaped
    assert set(threading.enumerate()) == threads_before
    leaked = _fds() - fds_before
    assert not leaked, [os.readlink(f"/proc/self/fd/{fd}") for fd in leaked if os.path.exists(f"/proc/self/fd/{fd}")]
    assert p.server_address() is None and p.start_server() is False


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_settings_are_remembered(qtbot, settings_scope):
    p = Panel()
    qtbot.addWidget(p)
    p.host_edit.setText("127.0.0.2")
    p.port_spin.setValue(12345)
    p.backend_combo.setCurrentIndex(p.backend_combo.findData("poll"))
    p.slowmo_slider.setValue(120)
    p.clients.load_clients.setValue(77)
    p.shutdown()
    q = Panel()
    qtbot.addWidget(q)
    assert q.host_edit.text() == "127.0.0.2" and q.port_spin.value() == 12345
    assert q.backend_combo.currentData() == "poll" and q.slowmo_slider.value() == 120
    assert q.clients.load_clients.value() == 77
    assert q.slowmo_label.text() == "120 ms/event"
    # a demo does not overwrite what the user chose
    q.start_demo(0)
    q.shutdown()
    r = Panel()
    qtbot.addWidget(r)
    assert r.port_spin.value() == 12345
    r.shutdown()


def test_animation_speed_and_explanation(qtbot, panel):
    panel.set_animation_speed(0.25)
    panel.frame(time.monotonic_ns())
    assert panel.map.speed == 0.25
    assert "select()" in panel.explanation() and panel.title() == "Sockets"
    panel.explain_button.setChecked(False)
    assert not panel.explain_label.isVisible()


def test_explanation_shows_the_real_port_while_listening(qtbot, panel):
    assert "nc 127.0.0.1 PORT" in panel.explain_label.text()
    _host, port = start(qtbot, panel, port=0)
    assert f"nc 127.0.0.1 {port}" in panel.explain_label.text()
    assert "PORT" not in panel.explain_label.text()
    with qtbot.waitSignal(panel.server_stopped, timeout=WAIT_MS):
        panel.stop_server()
    assert "nc 127.0.0.1 PORT" in panel.explain_label.text()


def test_server_loop_pane_shows_the_selected_style_without_a_server(qtbot, panel):
    from evsim.core.echo import ClassicSelectServer, EchoServer

    assert not panel.controller.active
    for style, cls in (("classic", ClassicSelectServer), ("selectors", EchoServer)):
        panel.style_combo.setCurrentIndex(panel.style_combo.findData(style))
        text, _first, _phases = cls.loop_source()
        assert text and panel.code.view.toPlainText() == text


def test_a_killed_server_process_is_reported_at_once(qtbot, panel):
    start(qtbot, panel, port=0)
    pid = panel.controller.server.pid
    with qtbot.waitSignal(panel.server_stopped, timeout=WAIT_MS):
        os.kill(pid, 9)
    assert "killed" in panel.messages[-1] and "SIGKILL" in panel.messages[-1]
    assert panel.server_address() is None and not _alive(pid)
    assert panel.start_button.isEnabled() and not panel.stop_button.isEnabled()
    start(qtbot, panel, port=0)  # and it starts again
