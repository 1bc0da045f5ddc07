"""Stepping the sockets lab's embedded server call by call: each F10 stops before the next watched call and
lights its line in the code pane and its socket on the map; Shift+F10 and F5 from anywhere in the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from evsim.core.echo import EchoServer
from evsim.core.echo.client import EchoClient
from evsim.gui.app import MainWindow
from tests.gui.test_sockets_panel import WAIT_MS, panel, settings_scope, start  # noqa: F401 (fixtures)

#: What each Held.call is, as it is written in the loop's source (the test finds its line by the text).
CALL_TEXT = {1: "self.selector.select()", 11: "self.selector.select()", 2: "listener.accept()",
             3: "sock.recv(", 4: "sock.send(", 5: "self.selector.register(", 6: "self.selector.modify(",
             7: "self.selector.unregister(", 8: "sock.close()"}


def line_of(call: int) -> int:
    """The module line of ``call`` in the loop the code pane shows, found by searching its text."""
    text, first, _ = EchoServer.loop_source()
    found = [first + i for i, line in enumerate(text.splitlines()) if CALL_TEXT[call] in line]
    assert len(found) == 1, (call, found)
    return found[0]


def step(qtbot, lab, press) -> object:
    """Press F10 (``press``) and wait for the loop to be held before its next call; that Held event."""
    before = lab.scene.loop.held
    press()
    qtbot.waitUntil(lambda: lab.scene.loop.held is not None and lab.scene.loop.held is not before,
                    timeout=WAIT_MS)
    return lab.scene.loop.held


def held_at(qtbot, lab, call: int) -> object:
    qtbot.waitUntil(lambda: lab.scene.loop.held is not None and lab.scene.loop.held.call == call,
                    timeout=WAIT_MS)
    return lab.scene.loop.held


def log_rows(lab) -> list:
    _header, rows = lab.export_rows()
    return rows


def test_one_echo_is_at_least_six_steps_each_lighting_its_line(qtbot, panel):  # noqa: F811 (the fixture)
    panel.step_check.setChecked(True)
    start(qtbot, panel, port=0)
    lfd = panel.controller.server.listener_fd
    held_at(qtbot, panel, 1)  # the first select(), before it waits
    press = panel.loop_actions.step.trigger  # F10
    c = EchoClient(*panel.server_address())
    c.connect()
    try:
        while panel.scene.accepted == 0 or panel.scene.loop.held.call != 1:  # through the accept
            h = step(qtbot, panel, press)
            if h.call == 11:
                assert h.fd == lfd and lfd in panel.scene.loop.pending  # the listener: pending until accept()
        fd = next(iter(panel.scene.by_fd))
        assert panel.code.view.current_line == line_of(1)
        c.send(b"one line\n")
        steps = [panel.scene.loop.held]
        while len(steps) < 2 or steps[-1].call != 1:  # until select() is about to wait again
            h = step(qtbot, panel, press)
            steps.append(h)
            # each step lights its own call's line, and the socket it is on
            qtbot.waitUntil(lambda: panel.code.view.current_line == line_of(h.call), timeout=WAIT_MS)
            assert panel.scene.loop.held.fd == (fd if h.call != 1 else -1)
            if h.call == 11:  # select() returned: fd is ready, pending until dispatched, on the map and in the log
                assert h.fd == fd and fd in panel.scene.loop.pending
                qtbot.waitUntil(lambda: any(r[1] == fd and r[3] == "Ready" for r in log_rows(panel)),
                                timeout=WAIT_MS)
                assert "fd {}".format(fd) in panel.code.where.text()
            else:
                assert fd not in panel.scene.loop.pending
        assert [(h.call, h.fd, h.nbytes) for h in steps] == [
            (1, -1, 0), (11, fd, 0), (3, fd, 0), (4, fd, 9), (1, -1, 0)]
        assert c.recv_exactly(9) == b"one line\n"
        c.close()  # and the end of the connection: EOF, recv() of b'', unregister, close, select
        while panel.scene.loop.held.call != 1 or not panel.scene.closed:
            h = step(qtbot, panel, press)
            steps.append(h)
            qtbot.waitUntil(lambda: panel.code.view.current_line == line_of(h.call), timeout=WAIT_MS)
        assert [h.call for h in steps[5:]] == [11, 3, 7, 8, 1]
        assert len(steps) >= 6
    finally:
        c.close()
        panel.step_check.setChecked(False)


@pytest.fixture
def window(qtbot, settings_scope):  # noqa: F811
    win = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(win)
    win.resize(1280, 760)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    yield win
    win.close()


def key(widget, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Give ``widget`` the keyboard focus and type ``k`` into it (what a user does after clicking it)."""
    widget.setFocus()
    QApplication.processEvents()
    assert QApplication.focusWidget() is widget
    QTest.keyClick(widget, k, modifier)


def test_f10_shift_f10_and_f5_work_wherever_the_focus_is(qtbot, window):
    lab = window.panels["sockets"]
    with qtbot.waitSignal(lab.server_started, timeout=WAIT_MS):
        assert lab.start_server(port=0)
    lab.tabs.setCurrentWidget(lab.log)
    key(lab.log.table, Qt.Key.Key_F10)  # outside step mode:
    assert lab.step_check.isChecked()  # F10 enters it (the loop waits in select(): held once it returns)
    # The server takes its commands in order: once a snapshot asked for after F10 is back, it is in step mode
    # (else a client connecting first would be accepted at full speed, with nothing left to hold on).
    ends = []
    end_snapshot = lab.scene.end_snapshot
    lab.scene.end_snapshot = lambda t_ns: (ends.append(t_ns), end_snapshot(t_ns))[1]
    lab.controller.server.request_snapshot()
    qtbot.waitUntil(lambda: bool(ends), timeout=WAIT_MS)
    with EchoClient(*lab.server_address()) as c:
        # held: before select() waits (the snapshot woke the loop) or after it returned with the listener ready
        qtbot.waitUntil(lambda: lab.scene.loop.held is not None and lab.scene.loop.held.call in (1, 11),
                        timeout=WAIT_MS)
        for widget in (lab.map, lab.log.table, lab.tabs.tabBar()):  # each F10 is one more call
            before = lab.scene.loop.held
            key(widget, Qt.Key.Key_F10)
            qtbot.waitUntil(lambda: lab.scene.loop.held is not before, timeout=WAIT_MS)
        while lab.scene.accepted == 0 or lab.scene.loop.held.call != 1:  # on to the next select()
            before = lab.scene.loop.held
            key(lab.map, Qt.Key.Key_F10)
            qtbot.waitUntil(lambda: lab.scene.loop.held is not before, timeout=WAIT_MS)
        lab.tabs.setCurrentWidget(lab.code)
        c.send(b"iteration\n")
        first = lab.scene.loop.held
        key(lab.code.view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)  # Shift+F10: a whole iteration
        assert c.recv_exactly(10) == b"iteration\n"
        qtbot.waitUntil(lambda: lab.scene.loop.held is not first and lab.scene.loop.held.call == 1,
                        timeout=WAIT_MS)
        assert lab.scene.loop.held.iteration > first.iteration
        key(lab.map, Qt.Key.Key_F5)  # Continue
        assert not lab.step_check.isChecked()
        assert c.echo(b"free\n") == b"free\n"
