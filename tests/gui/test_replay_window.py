"""`evsim replay FILE` without --events: evsim.gui.replay_window.main opens the window on the recording."""

from __future__ import annotations

import argparse

from PySide6.QtWidgets import QApplication

from evsim.commands import gui as gui_command
from evsim.core.record import RecordingWriter
from evsim.gui import replay_window
from evsim.gui.app import MainWindow
from tests.gui.replay_fake import conversation


def test_replay_opens_the_window_on_the_recording(qtbot, monkeypatch, tmp_path):
    path = tmp_path / "run.evrec"
    w = RecordingWriter(str(path))
    for e in conversation(3):
        w.write(e)
    w.close()
    seen = {}

    def exec_(_app=None) -> int:  # instead of the event loop: look at the window, close it
        win = next(x for x in QApplication.topLevelWidgets() if isinstance(x, MainWindow) and x.isVisible())
        panel = win.panels["sockets"]
        seen["replay"] = panel.replay is not None and panel.replay.n == len(conversation(3))
        seen["lab"] = win.current_panel() is panel
        win.close()
        return 0

    monkeypatch.setattr(gui_command, "_close_on_signals", lambda win: None)  # no signal handlers in pytest
    monkeypatch.setattr(QApplication, "exec", exec_)
    assert replay_window.main(argparse.Namespace(file=str(path), events=False)) == 0
    assert seen == {"replay": True, "lab": True}


def test_a_bad_file_is_one_line_and_exit_2(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    assert replay_window.main(argparse.Namespace(file=str(path), events=False)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("evsim: ") and "notes.txt" in err
