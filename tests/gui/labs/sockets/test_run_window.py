"""``evsim run``'s window: the sockets lab watching a real program in its own process (real loopback sockets)."""

from __future__ import annotations

import os
import socket
import time

import pytest

from evsim.gui.labs.sockets.program_state import PHASE_OF_CALL, numbers
from tests.gui.labs.sockets.run_programs import ASYNC_ECHO, ECHO, EOF_SPIN, line_of, run_args, write

WAIT_MS = 10_000


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def window(qtbot):
    """Opens the window on a program: ``open(path, step=False) -> (win, mode)``; closed after the test."""
    from evsim.gui.run_window import open_window

    opened = []

    def open_(path, *argv, step=False, record=None):
        args = run_args(path, *argv, step=step)
        args.record = record
        win, mode = open_window(args, remember=False)
        qtbot.addWidget(win)
        win.resize(1024, 768)
        win.show()
        opened.append(win)
        return win, mode

    yield open_
    for win in opened:
        win.close()


def listening(qtbot, mode) -> int:
    qtbot.waitUntil(lambda: mode.controller.address() is not None, timeout=WAIT_MS)
    return mode.controller.address()[1]


def test_echo_program_is_on_the_map_with_its_own_source_lit(qtbot, window, tmp_path):
    path = write(tmp_path, "echo_prog.py", ECHO)
    recording = tmp_path / "echo.evsim"
    win, mode = window(path, record=str(recording))
    panel = mode.panel
    pid = mode.controller.pid
    assert str(pid) in mode.watching_label.text() and "echo_prog.py" in mode.watching_label.text()
    assert not panel.start_button.isVisible() and not panel.host_edit.isVisible()
    port = listening(qtbot, mode)
    assert panel.scene.listener is not None and panel.scene.listener.port == port
    with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
        c.sendall(b"hello\n")
        assert c.recv(100) == b"hello\n"
        qtbot.waitUntil(lambda: len(panel.scene.by_fd) == 1, timeout=WAIT_MS)
        (node,) = panel.scene.by_fd.values()
        qtbot.waitUntil(lambda: node.bytes_out == 6, timeout=WAIT_MS)
        assert node.bytes_in == 6 and panel.scene.bytes_in == 6  # each call counted once
        assert any(it.node is node for it in panel.map.node_items())
        # the code pane shows the program's own file, its latest call's line lit: the send() of the echo
        code = panel.code
        assert code.view.toPlainText() == ECHO
        qtbot.waitUntil(lambda: code.view.current_line == line_of(ECHO, "send"), timeout=WAIT_MS)
        assert code.phase == "write"
        # the log has the connection's rows, like the embedded server's
        panel.log.flush()
        kinds = {r[3] for r in panel.log.model.export_rows()[1]}
        assert {"Accepted", "Received", "Sent"} <= kinds
    win.close()
    assert gone(pid)
    # --record: the program's stream went to the file too (a recording, or the bare stream before there was one)
    from evsim.core.watch import events as wev

    try:
        from evsim.core.record import Recording
    except ImportError:
        from evsim.core.stream import Decoder

        recorded = Decoder().feed(recording.read_bytes())
    else:
        recorded = list(Recording.open(str(recording)).iter_events())
    assert any(type(e) is wev.Send and e.nbytes == 6 for e in recorded)


def test_asyncio_program_code_pane_stays_on_its_own_file(qtbot, window, tmp_path):
    """asyncio's select() is made in the standard library: between the program's own calls the pane stays on
    the program's file, its reads and writes lit."""
    from evsim.gui.labs.sockets.program_mode import is_library

    path = write(tmp_path, "async_prog.py", ASYNC_ECHO)
    win, mode = window(path)
    panel, st = mode.panel, mode.controller.state
    port = listening(qtbot, mode)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
        for i in range(3):
            c.sendall(b"ping %d\n" % i)
            assert c.recv(100) == b"ping %d\n" % i
        qtbot.waitUntil(lambda: panel.scene.bytes_out == 21, timeout=WAIT_MS)
        assert any(is_library(p) for p in st.files.values())  # the loop's select() was seen in asyncio
        assert panel.code.view.toPlainText() == ASYNC_ECHO
        assert list(mode._sources) == [str(path)]  # no other file was ever shown
        assert panel.code.view.current_line in (line_of(ASYNC_ECHO, "read"), line_of(ASYNC_ECHO, "write"))


def test_step_mode_lights_each_call_before_it_runs(qtbot, window, tmp_path):
    path = write(tmp_path, "echo_step.py", ECHO)
    win, mode = window(path, step=True)
    panel, st = mode.panel, mode.controller.state
    assert panel.step_check.isChecked()
    code = panel.code
    seen = []

    def held_at(mark, before=None):
        """Wait for a new hold (after ``before``) at ``mark``'s line, lit in the code pane."""
        def ok():
            w = st.where
            return (w is not None and w is not before and w.held and w.line == line_of(ECHO, mark)
                    and code.view.current_line == w.line)
        qtbot.waitUntil(ok, timeout=WAIT_MS)
        seen.append((st.where.call, code.view.current_line))

    def step_to(mark):
        before = st.where
        panel.on_step_clicked()
        held_at(mark, before)

    held_at("register-listener")  # held before its first watched call
    assert panel.scene.listener is not None  # listen() ran (it is not a held call)
    step_to("select")
    assert code.phase == PHASE_OF_CALL["select"]
    port = mode.controller.address()[1]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
        step_to("select")  # select returned with the listener ready: dispatch, on the same line
        assert st.where.call == "dispatch"
        step_to("accept")
        assert code.phase == "accept"
        step_to("register")  # accept() ran: the connection is on the map, the program held before register()
        (fd,) = panel.scene.by_fd
        qtbot.waitUntil(lambda: not panel.map.needs_frames(), timeout=WAIT_MS)  # a still map: only news repaint it
        c.sendall(b"hello")  # nobody reads while the program is held: the bytes wait in the kernel
        qtbot.waitUntil(lambda: fd in st.queues and st.queues[fd].recv_q == 5, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: fd in mode.overlay.last_paint["queues"], timeout=WAIT_MS)
        assert "kernel receive queue: 5 B" in mode.overlay.tooltip_text(panel.scene.by_fd[fd])
    assert [c for c, _ in seen] == ["register", "select", "dispatch", "accept", "register"]
    panel.step_check.setChecked(False)  # run freely again


def test_program_that_exits_on_its_own_keeps_the_window_and_its_status(qtbot, window, tmp_path):
    path = write(tmp_path, "echo_bye.py", ECHO)
    win, mode = window(path)
    port = listening(qtbot, mode)
    with qtbot.waitSignal(mode.controller.program_exited, timeout=WAIT_MS) as sig:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
            c.sendall(b"bye\n")
    assert sig.args[0] == 3
    assert mode.exit_status == 3
    bar = win.page("sockets").message_bar
    assert "3" in bar.text() and bar.isVisible()
    assert win.isVisible() and not mode.controller.active
    assert not mode.panel.stop_button.isEnabled()


def test_eof_spin_is_flagged_on_the_map_and_explained(qtbot, window, tmp_path):
    pytest.importorskip("evsim.core.watch.diagnose")
    path = write(tmp_path, "spin_prog.py", EOF_SPIN)
    win, mode = window(path)
    panel, st = mode.panel, mode.controller.state
    pid = mode.controller.pid
    port = listening(qtbot, mode)
    c = socket.create_connection(("127.0.0.1", port), timeout=5)
    qtbot.waitUntil(lambda: len(panel.scene.by_fd) == 1, timeout=WAIT_MS)
    (fd,) = panel.scene.by_fd
    c.close()  # the program never unregisters it: readable forever
    qtbot.waitUntil(lambda: any(f.code == "eof-spin" for f in st.flags_for(fd)), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: fd in mode.overlay.last_paint["flags"], timeout=WAIT_MS)
    bar = win.page("sockets").message_bar.text()
    (spin,) = [f for f in st.flags_for(fd) if f.code == "eof-spin"]
    assert f"fd {fd}" in bar and "spin_prog.py" in bar
    assert f"b'' {numbers(spin)['eof_reads']} times" in bar  # the sentence carries the numbers
    node = panel.scene.by_fd[fd]
    assert "recv()" in mode.overlay.tooltip_text(node)
    win.close()
    assert gone(pid) and mode.exit_status is not None


def test_stop_button_stops_the_program_and_says_so(qtbot, window, tmp_path):
    path = write(tmp_path, "echo_stop.py", ECHO)
    win, mode = window(path)
    listening(qtbot, mode)
    pid = mode.controller.pid
    assert mode.panel.stop_button.isEnabled()
    with qtbot.waitSignal(mode.controller.program_stopped, timeout=WAIT_MS):
        mode.panel.stop_button.click()
    assert gone(pid) and mode.exit_status is not None
    assert "stopped" in win.page("sockets").message_bar.text()
    assert win.isVisible() and not mode.panel.stop_button.isEnabled()


def test_main_returns_the_programs_status_when_the_window_closes(qtbot, tmp_path):
    """What `evsim run SCRIPT` does: the program exits on its own (status 3), the window stays open until it is
    closed, and main() returns the program's status; no child is left."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from evsim.gui import run_window

    path = write(tmp_path, "echo_main.py", ECHO)
    seen = {}
    deadline = time.monotonic() + WAIT_MS / 1000

    def tick() -> None:
        win = next((w for w in QApplication.topLevelWidgets() if hasattr(w, "_program_mode")), None)
        if win is None or not win.isVisible():
            return
        if time.monotonic() > deadline:  # never hang the suite: close, and let the asserts say what is missing
            win.close()
            return
        mode = win._program_mode
        seen.setdefault("pid", mode.controller.pid)
        if "sent" not in seen and mode.controller.address() is not None:
            with socket.create_connection(mode.controller.address(), timeout=5) as c:
                c.sendall(b"bye\n")
            seen["sent"] = True
        elif mode.exit_status is not None:
            seen["open_after_exit"] = win.isVisible()
            seen["bar"] = win.page("sockets").message_bar.text()
            win.close()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        status = run_window.main(run_args(path), remember=False)
    finally:
        timer.stop()
        signal.set_wakeup_fd(-1)
        for s, h in handlers.items():
            signal.signal(s, h)
    assert status == 3
    assert seen["open_after_exit"] and "3" in seen["bar"]
    assert gone(seen["pid"])


def test_a_killed_program_is_reported_in_one_line(qtbot, window, tmp_path):
    import signal

    path = write(tmp_path, "echo_killed.py", ECHO)
    win, mode = window(path)
    listening(qtbot, mode)
    with qtbot.waitSignal(mode.controller.program_failed, timeout=WAIT_MS) as sig:
        os.kill(mode.controller.pid, signal.SIGKILL)
    assert "SIGKILL" in sig.args[0]
    bar = win.page("sockets").message_bar
    assert "SIGKILL" in bar.text() and bar.level == "error"
    assert mode.exit_status == 128 + signal.SIGKILL and not mode.controller.active
    assert "137" in win._server_label.text()
