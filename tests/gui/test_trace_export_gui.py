"""File > Export recording (off the GUI thread, progress, cancel, failures in a message box) and the iomodels
lab's Export trace… button."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from evsim.core.echo import events as E  # noqa: E402
from evsim.core.iomodels import MODELS  # noqa: E402
from evsim.gui import export_recording  # noqa: E402
from evsim.gui.labs.iomodels import trace_export  # noqa: E402
from tests.core.export.test_stream_export import record, watch_run  # noqa: E402
from tests.core.export.trace_check import check_trace  # noqa: E402
from tests.gui.test_iomodels_panel import COPY_US, recorded  # noqa: E402


@pytest.fixture
def win(qtbot):
    from evsim.gui.app import MainWindow

    w = MainWindow(lab="clicks", remember=False)
    qtbot.addWidget(w)
    yield w
    w.close()


def long_run(n_rounds: int) -> list:
    t, out = 10_000_000_000, [E.Listening(10_000_000_000, "127.0.0.1", 9, "epoll", "selectors", 3),
                              E.Accepted(10_000_001_000, 7, "127.0.0.1:5")]
    for i in range(n_rounds):
        t += 10_000
        out += [E.Ready(t, 7, 1), E.Received(t + 1_000, 7, 8), E.Sent(t + 2_000, 7, 8, False, 0)]
    return out


def choose(monkeypatch, source, target) -> None:
    monkeypatch.setattr(export_recording, "pick_source", lambda parent: str(source))
    monkeypatch.setattr(export_recording, "pick_target", lambda parent, proposed: str(target))


def test_file_export_recording_writes_a_trace_off_the_gui_thread(qtbot, win, monkeypatch, tmp_path):
    src = record(tmp_path / "run.evsim", long_run(8_000))  # (two batches: progress comes twice)
    choose(monkeypatch, src, tmp_path / "trace")  # no extension typed: .json is added
    rx = win.recording_export
    steps = []
    rx.action.trigger()
    rx.job.progress.connect(lambda a, b: steps.append(a))
    qtbot.waitUntil(lambda: not rx.job.running and rx.dialog is None, timeout=60_000)
    data = json.loads((tmp_path / "trace.json").read_text())
    check_trace(data)
    assert data["otherData"]["events_read"] == 24_003
    assert steps and steps[-1] == 24_003  # progress arrived on the GUI thread while the export ran
    assert "open it in ui.perfetto.dev" in win.statusBar().currentMessage()
    assert rx.box is None


def test_bad_recordings_and_failed_writes_are_message_boxes(qtbot, win, monkeypatch, tmp_path):
    rx = win.recording_export
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    good = record(tmp_path / "run.evsim", watch_run())
    data = open(good, "rb").read()
    (tmp_path / "cut.evsim").write_bytes(data[:len(data) - 30])
    for source, target, words, icon in (
            (notes, tmp_path / "a.json", "not an evsim recording", QMessageBox.Icon.Critical),
            (good, tmp_path / "missing" / "b.json", "Could not write", QMessageBox.Icon.Critical),
            (tmp_path / "cut.evsim", tmp_path / "c.json", "ends early", QMessageBox.Icon.Warning)):
        rx.box = None
        choose(monkeypatch, source, target)
        rx.action.trigger()
        qtbot.waitUntil(lambda: rx.box is not None, timeout=20_000)
        assert rx.box.isVisible() and words in rx.box.text() and rx.box.icon() == icon
        rx.box.close()
    check_trace(json.loads((tmp_path / "c.json").read_text()))  # the cut one: exported up to the cut
    assert not (tmp_path / "a.json").exists()


def test_cancel_leaves_no_file(qtbot, win, tmp_path):
    src = record(tmp_path / "run.evsim", long_run(30_000))
    rx = win.recording_export
    job = rx.start(src, str(tmp_path / "t.json"))
    rx.dialog.canceled.emit()  # what its Cancel button does (the export looks at it after each batch)
    qtbot.waitUntil(lambda: rx.dialog is None, timeout=60_000)
    assert not job.running and not list(tmp_path.glob("t.json*"))
    assert win.statusBar().currentMessage() == "Export cancelled."


def test_iomodels_export_trace_button(qtbot, monkeypatch, tmp_path):
    from evsim.gui.labs.iomodels.panel import Panel

    p = Panel()
    qtbot.addWidget(p)
    button = p.trace_button
    messages = []
    p.status_message.connect(messages.append)
    assert not button.isEnabled()
    for m in MODELS:
        p.timelines[m] = recorded(m, COPY_US[m])
    p.model_finished.emit("async")
    assert button.isEnabled()
    monkeypatch.setattr(trace_export, "pick_path", lambda parent: str(tmp_path / "io"))
    button.click()
    data = json.loads((tmp_path / "io.json").read_text())
    summary = check_trace(data)
    assert [summary["names"][(pid, None)].split(" (")[0] for pid in range(1, 6)] == \
        ["1. blocking", "2. non-blocking", "3. I/O multiplexing", "4. signal-driven", "5. asynchronous"]
    assert "Exported 5 runs" in messages[-1]
    assert not button.export_to(str(tmp_path / "missing" / "io.json"))
    assert button.error_box.isVisible() and "Could not write" in button.error_box.text()
    button.error_box.close()
    p.shutdown()
