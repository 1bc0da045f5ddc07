"""Issue 11 item 4: the event log never loses rows silently, and one export dialog for CSV and JSON (Ctrl+E and
the log's buttons) that writes the format chosen, adds the extension, and shows a failed write in a message box."""

from __future__ import annotations

import csv
import json

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from evsim.core.echo import events as ev  # noqa: E402
from evsim.gui.widgets import export_dialog  # noqa: E402
from evsim.gui.widgets.event_log import EventLogModel, EventLogView  # noqa: E402
from evsim.gui.widgets.export_dialog import export_filters, resolve_export  # noqa: E402

MS = 1_000_000


def rows(n: int, start: int = 0) -> list:
    return [ev.Received((start + i + 1) * MS, 7, 1) for i in range(n)]


@pytest.fixture
def dialogs(monkeypatch, tmp_path):
    """Replace the dialog's exec: record what it shows, answer with ``answer`` (file name, filter format)."""
    shown = []
    answer = {"name": "out", "fmt": "json"}

    def run(dlg):
        shown.append({"title": dlg.windowTitle(), "filters": dlg.nameFilters(), "filter": dlg.selectedNameFilter(),
                      "file": dlg.selectedFiles()[0].rsplit("/", 1)[-1]})
        dlg.setDirectory(str(tmp_path))
        dlg.selectNameFilter(export_filters()[answer["fmt"]])  # (as a user does: the filter, then the name)
        dlg.selectFile(answer["name"])
        return True

    monkeypatch.setattr(export_dialog, "run_dialog", run)
    return shown, answer


def test_the_format_chosen_is_written_and_the_extension_added(qtbot, tmp_path, dialogs):
    shown, answer = dialogs
    view = EventLogView()
    qtbot.addWidget(view)
    view.append_events([ev.Accepted(MS, 7, "127.0.0.1:5"), *rows(3)])
    assert view.ask_and_export("csv")  # CSV… button, but JSON chosen in the dialog and no extension typed
    data = json.loads((tmp_path / "out.json").read_text())
    assert [d["event"] for d in data] == ["Accepted", "Received", "Received", "Received"]
    assert data[0]["bytes"] is None and not (tmp_path / "out").exists()
    answer.update(name="typed.CSV", fmt="json")  # the extension typed wins over the filter
    assert view.ask_and_export("json")
    assert next(csv.reader((tmp_path / "typed.CSV").open()))[:4] == ["time_s", "fd", "peer", "event"]
    assert resolve_export("x", export_filters()["csv"]) == ("x.csv", "csv")
    assert resolve_export("x.json", export_filters()["csv"]) == ("x.json", "json")


def test_ctrl_e_and_the_log_buttons_open_the_same_dialog(qtbot, tmp_path, dialogs):
    from evsim.gui.app import MainWindow

    shown, answer = dialogs
    win = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(win)
    log = win.panels["sockets"].log
    log.append_events(rows(2))
    log.csv_button.click()
    log.json_button.click()
    win.act_export.trigger()  # Ctrl+E
    assert len(shown) == 3
    assert {s["title"] for s in shown} == {"Export event log"}
    assert all(s["filters"] == list(export_filters().values()) for s in shown)
    assert [s["file"] for s in shown] == ["evsim-sockets-events.csv", "evsim-sockets-events.json",
                                          "evsim-sockets-events.csv"]
    assert [s["filter"] for s in shown] == [export_filters()[f] for f in ("csv", "json", "csv")]
    assert json.loads((tmp_path / "out.json").read_text())[0]["event"] == "Received"  # Ctrl+E wrote JSON
    assert not win.export_to(str(tmp_path / "missing" / "x.csv"))
    box = win.error_box
    assert isinstance(box, QMessageBox) and box.isVisible() and "No such file" in box.text()
    box.close()
    win.close()


def test_a_failed_write_is_shown_in_a_message_box(qtbot, tmp_path):
    view = EventLogView()
    qtbot.addWidget(view)
    view.show()
    view.append_events(rows(2))
    messages = []
    view.status_message.connect(messages.append)
    assert not view.export(str(tmp_path / "missing" / "log.csv"), "csv")
    assert not view.export(str(tmp_path), "json")  # a folder
    box = view.error_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Could not write" in box.text() and str(tmp_path) in box.text()
    assert len(messages) == 2 and not list(tmp_path.glob("**/*.part"))


def test_removed_rows_are_counted_and_said(qtbot):
    view = EventLogView(EventLogModel(max_rows=100))
    qtbot.addWidget(view)
    view.show()
    view.append_events(rows(100))
    view.flush()
    assert not view.removed_label.isVisible()
    view.append_events(rows(60, 100))  # past max_rows + the trim chunk: the oldest leave
    view.flush()
    m = view.model
    assert m.removed == 60 and m.total_rows == 100 and view.removed_label.isVisible()
    assert view.removed_label.text() == ("60 older rows removed from the log and not kept: start a recording "
                                         "with Ctrl+R to keep every row")
    view.set_recording(True)
    view.append_events(rows(200, 160))
    view.flush()
    assert m.removed == 260 and m.removed_recorded == 100
    assert "160 were not recorded" in view.removed_label.text() and "100 are in the recording" in \
        view.removed_label.text()
    view.on_clear()
    assert m.removed == 0 and not view.removed_label.isVisible()
    view.append_events(rows(300, 400))  # all of these arrive while recording
    view.flush()
    assert view.removed_label.text() == "200 older rows removed from the log (the recording keeps them)"


def test_rows_lost_while_paused_are_counted_too(qtbot):
    m = EventLogModel(max_rows=50)
    m.set_paused(True)
    m.append_events(rows(80))
    assert m.pending == 50 and m.removed == 30 and m.removed_lost == 30
    m.set_paused(False)
    assert m.total_rows == 50 and m.removed == 30
