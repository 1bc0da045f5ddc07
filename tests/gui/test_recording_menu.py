"""File > Open recording and File > Record in the window, on real recording files (evsim.core.record)."""

from __future__ import annotations

import os
import socket

import pytest


from evsim.core.echo import events as ev
from evsim.core.record import RecordingWriter
from evsim.core.stream import MAGIC
from evsim.core.watch.events import Recv
from evsim.gui import recording_actions
from tests.gui.replay_fake import conversation, win  # noqa: F401 - the window fixture

WAIT_MS = 8000


@pytest.fixture
def errors(monkeypatch):
    """The message boxes the window would show: (title, text)."""
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(recording_actions, "show_error", lambda _parent, title, text: seen.append((title, text)))
    return seen


def write_recording(path, events) -> None:
    w = RecordingWriter(str(path), block_events=8)
    for e in events:
        w.write(e)
    w.close()


def open_via_menu(win, monkeypatch, path) -> None:
    monkeypatch.setattr(recording_actions, "OPEN_PATH", str(path))
    win.act_open_recording.trigger()


def test_open_recording_replays_it(win, monkeypatch, errors, tmp_path):
    events = conversation(4)
    path = tmp_path / "run.evrec"
    write_recording(path, events)
    open_via_menu(win, monkeypatch, path)
    panel = win.panels["sockets"]
    c = panel.replay
    assert not errors and c is not None and c.n == len(events)
    assert "run.evrec" in c.view.banner_label.text()
    c.seek(8)  # listener, then fd 4 and fd 5 accepted, read and echoed
    assert (panel.scene.open_count, panel.scene.bytes_in, panel.scene.bytes_out) == (2, 10, 10)
    c.on_step(-1, "event")
    assert (panel.scene.open_count, panel.scene.bytes_out) == (2, 5)
    c.seek(len(events) - 1)
    assert panel.scene.open_count == 0 and panel.scene.closed == 4


def test_a_truncated_recording_replays_up_to_the_cut_and_says_so(win, monkeypatch, errors, tmp_path):
    events = conversation(12)
    path = tmp_path / "crashed.evrec"
    write_recording(path, events)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])  # a crash mid-write: no trailer, the last frame cut
    open_via_menu(win, monkeypatch, path)
    c = win.panels["sockets"].replay
    assert not errors and c is not None
    assert 0 < c.n < len(events)
    bar = win.pages["sockets"].message_bar
    assert bar.isVisible() and "ends early" in bar.text() and f"{c.n} events" in bar.text() and c.view.bar.track.cut
    c.seek(c.n - 1)
    assert c.pos == c.n - 1
    assert win.panels["sockets"].scene.accepted == sum(type(e) is ev.Accepted for e in events[: c.n])


@pytest.mark.parametrize("content", [
    b"",
    b"\x89PNG\r\n\x1a\n" + bytes(200),   # someone else's file
    os.urandom(4096),                      # noise
    b"EVSM\xff\x7f" + bytes(100),          # a far newer version of the format
], ids=["empty", "png", "noise", "newer"])
def test_a_file_that_is_no_recording_gives_one_sentence(win, monkeypatch, errors, tmp_path, content):
    path = tmp_path / "bad.evrec"
    path.write_bytes(content)
    open_via_menu(win, monkeypatch, path)
    assert win.panels["sockets"].replay is None
    assert len(errors) == 1
    title, text = errors[0]
    assert "bad.evrec" in text and text.endswith(".") and "\n" not in text and "Traceback" not in text
    assert len(text) < 300


def test_a_missing_file(win, monkeypatch, errors, tmp_path):
    open_via_menu(win, monkeypatch, tmp_path / "nowhere.evrec")
    assert win.panels["sockets"].replay is None and len(errors) == 1 and "nowhere.evrec" in errors[0][1]


def test_magic_is_what_the_newer_version_case_starts_with():
    assert MAGIC == b"EVSM"  # the "newer" case above is a recording header with a version from the future


def echo_once(address, payload: bytes) -> None:
    with socket.create_connection(address, timeout=5) as s:
        s.sendall(payload)
        got = b""
        while len(got) < len(payload):
            got += s.recv(65536)
        assert got == payload


def test_record_a_real_run_then_step_through_it(win, qtbot, monkeypatch, errors, tmp_path):
    panel = win.panels["sockets"]
    with qtbot.waitSignal(panel.server_started, timeout=WAIT_MS):
        assert panel.start_server(port=0)
    path = tmp_path / "run"  # the extension is added
    monkeypatch.setattr(recording_actions, "RECORD_PATH", str(path))
    rec_action = win.recorder.action
    rec_action.trigger()
    assert rec_action.isChecked() and win.recorder.indicator.isVisible()
    qtbot.waitUntil(lambda: win.recorder.confirmed, timeout=WAIT_MS)
    address = panel.server_address()
    echo_once(address, b"hello")            # one connection: 5 bytes in, 5 out, closed
    with socket.create_connection(address, timeout=5):  # a second one, open when the recording stops
        echo_once(address, b"second run!")
        qtbot.waitUntil(lambda: panel.scene.closed >= 2 and panel.scene.open_count == 1, timeout=WAIT_MS)
        assert "REC 00:0" in win.recorder.indicator.text()
        rec_action.trigger()  # Ctrl+R again: stop
        assert not rec_action.isChecked() and not win.recorder.indicator.isVisible()
        qtbot.waitUntil(lambda: win.recorder._closing is None, timeout=WAIT_MS)
    assert "Recorded" in win.statusBar().currentMessage() and win.recorder.dropped == 0
    assert not errors

    monkeypatch.setattr(recording_actions, "OPEN_PATH", str(path) + ".evrec")
    win.act_open_recording.trigger()
    c = panel.replay
    assert c is not None and not errors and not panel.controller.active  # the live server was stopped
    rec = c.rec
    kinds = [type(rec.event(k)) for k in range(len(rec))]
    accepted = [k for k, t in enumerate(kinds) if t is ev.Accepted]
    closed = [k for k, t in enumerate(kinds) if t is ev.Closed]
    received = [k for k, t in enumerate(kinds) if t in (ev.Received, Recv)]  # (the server on the watch: Recv)
    assert len(accepted) == 3 and len(closed) == 2 and received
    # every position, stepping forward from the start then back: the map's counts are those of that event
    expected = {}
    for k in range(len(rec)):
        c.on_step(1, "event") if k else c.seek(0)
        expected[k] = (panel.scene.open_count, panel.scene.bytes_in, panel.scene.bytes_out)
    assert c.pos == len(rec) - 1 and expected[c.pos][0] == 1  # `keep` was still open
    for k in range(len(rec) - 2, -1, -1):
        c.on_step(-1, "event")
        assert (c.pos, panel.scene.open_count, panel.scene.bytes_in, panel.scene.bytes_out) == (k, *expected[k])
    c.seek(accepted[0])
    assert panel.scene.open_count == 1 and panel.scene.bytes_in == 0
    c.seek(closed[0])
    assert panel.scene.open_count == 0 and panel.scene.bytes_in == panel.scene.bytes_out == 5
    c.seek(closed[0] - 1)
    assert panel.scene.open_count == 1
    # scrub to the end by the track, and back to live
    c.on_scrubbed(1.0)
    qtbot.waitUntil(lambda: c.pos == len(rec) - 1, timeout=WAIT_MS)
    assert panel.scene.bytes_in == 5 + len(b"second run!")
    c.view.live_button.click()
    assert panel.replay is None and panel.start_button.isEnabled()


def test_record_needs_a_running_server_and_a_writable_place(win, qtbot, monkeypatch, errors, tmp_path):
    win.recorder.action.trigger()
    assert not win.recorder.action.isChecked() and "Start the echo server" in errors[-1][1]
    panel = win.panels["sockets"]
    with qtbot.waitSignal(panel.server_started, timeout=WAIT_MS):
        assert panel.start_server(port=0)
    monkeypatch.setattr(recording_actions, "RECORD_PATH", str(tmp_path / "missing" / "run.evrec"))
    win.recorder.action.trigger()
    assert not win.recorder.action.isChecked() and not win.recorder.indicator.isVisible()
    assert "Cannot record to" in errors[-1][1] and "folder does not exist" in errors[-1][1]
    # a place only the server finds it cannot write (the window's check passed): its RecordState says why
    monkeypatch.setattr(recording_actions, "_cannot_write", lambda path: None)
    win.recorder.action.trigger()
    qtbot.waitUntil(lambda: not win.recorder.recording, timeout=WAIT_MS)
    assert "stopped" in errors[-1][1] and "No such file" in errors[-1][1] and not win.recorder.action.isChecked()


def test_a_big_recording_builds_its_keyframes_while_idle_and_a_far_seek_waits_for_them(win, qtbot, monkeypatch,
                                                                                        tmp_path):
    from evsim.core.record import Recording
    from evsim.gui.labs.sockets import replay_control
    from evsim.gui.labs.sockets.replay_control import open_replay

    monkeypatch.setattr(replay_control, "TAIL", 3)
    events = conversation(40)
    path = tmp_path / "big.evrec"
    write_recording(path, events)
    rec = Recording.open(str(path), keyframe_every=8)  # 200 events: 25 keyframes to build
    panel = win.panels["sockets"]
    c = open_replay(panel, str(path), rec)
    assert c.keyframes.building and rec.keyframes_built < 5
    c.seek(len(events) - 1)  # far ahead of what is built: waits, and says so
    assert c.pos < len(events) - 1 and "Preparing" in c.view.bar.position_label.text()
    qtbot.waitUntil(lambda: c.pos == len(events) - 1, timeout=WAIT_MS)
    assert panel.scene.closed == 40 and panel.scene.open_count == 0
    qtbot.waitUntil(lambda: not c.keyframes.building, timeout=WAIT_MS)
    assert rec.keyframes_built == (len(events) - 1) // 8 + 1
    c.seek(100)  # built: at once
    assert c.pos == 100 and panel.scene.accepted == sum(type(e) is ev.Accepted for e in events[:101])
