"""The sockets lab's event log: bounded model, filtering, pause, export (hand-made events)."""

import csv
import json
import os

import pytest

from evsim.core.echo import events as ev
from evsim.gui.widgets.event_log import HEADER, EventLogModel, EventLogView

MS = 1_000_000


def recording():
    return [
        ev.Listening(1_000 * MS, "127.0.0.1", 9999, "epoll", "selectors", 3),
        ev.Ready(1_001 * MS, 3, 1),
        ev.Accepted(1_002 * MS, 7, "127.0.0.1:50000"),
        ev.Ready(1_003 * MS, 7, 1),
        ev.Received(1_004 * MS, 7, 5),
        ev.Sent(1_005 * MS, 7, 5, False, 0),
        ev.LoopPhase(1_005 * MS, "select", 10),  # not a log row
        ev.Accepted(1_006 * MS, 8, "127.0.0.1:50001"),
        ev.Closed(1_007 * MS, 8, "reset", 0, 0),
        ev.ServerError(1_008 * MS, -1, "boom"),
    ]


def test_rows_carry_time_fd_peer_kind_bytes(qtbot):
    m = EventLogModel()
    assert m.append_events(recording()) == 9
    header, rows = m.export_rows()
    assert header == HEADER
    assert rows[0][:4] == [0.0, 3, "127.0.0.1:9999", "Listening"]
    # the peer is filled in for events that only carry an fd
    recv = rows[4]
    assert recv == [pytest.approx(0.004), 7, "127.0.0.1:50000", "Received", 5, ""]
    assert rows[3][5] == "READ"
    closed = rows[7]
    assert closed[1:4] == [8, "127.0.0.1:50001", "Closed"] and closed[5].startswith("reset")
    assert rows[8][1] == "" and rows[8][5] == "boom"
    # the Qt side agrees with the export
    idx = m.index(4, 4)
    assert m.data(idx) == "5" and m.data(m.index(4, 0)) == "0.004000"
    assert m.rowCount() == 9 and m.columnCount() == 6
    # abrupt endings stand out; ordinary rows keep the default colour
    from PySide6.QtCore import Qt
    red = m.data(m.index(7, 5), Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.red() > 200 and red.green() < 100
    assert m.data(m.index(4, 5), Qt.ItemDataRole.ForegroundRole) is None


def test_one_insert_per_batch_and_bounded(qtbot):
    m = EventLogModel(max_rows=1000)
    inserts = []
    removes = []
    m.rowsInserted.connect(lambda *_: inserts.append(1))
    m.rowsRemoved.connect(lambda *_: removes.append(1))
    for b in range(30):
        m.append_events([ev.Received((b * 100 + i) * MS, 5, i) for i in range(100)])
    assert len(inserts) == 30
    assert m.total_rows <= 1000 + m._trim_chunk and m.rowCount() == m.total_rows
    assert removes, "the oldest rows were trimmed"
    # the newest rows survive
    assert m.export_rows()[1][-1][4] == 99


def test_filter_by_fd_and_kind_and_appends_respect_it(qtbot):
    m = EventLogModel()
    m.append_events(recording())
    m.set_filter(fd=7)
    assert {r[1] for r in m.export_rows()[1]} == {7}
    m.set_filter(kinds=["Accepted", "Closed"])
    assert [r[3] for r in m.export_rows()[1]] == ["Accepted", "Accepted", "Closed"]
    m.append_events([ev.Received(2_000 * MS, 7, 1), ev.Accepted(2_001 * MS, 9, "x:1")])
    assert [r[3] for r in m.export_rows()[1]][-1] == "Accepted" and m.rowCount() == 4
    m.set_filter()
    assert m.rowCount() == 11


def test_pause_holds_rows_until_resume(qtbot):
    m = EventLogModel()
    m.append_events(recording()[:3])
    m.set_paused(True)
    m.append_events(recording()[3:6])
    assert m.rowCount() == 3 and m.pending == 3
    m.set_paused(False)
    assert m.rowCount() == 6 and m.pending == 0


def test_view_exports_csv_and_json(qtbot, tmp_path):
    view = EventLogView()
    qtbot.addWidget(view)
    view.append_events(recording())
    messages = []
    view.status_message.connect(messages.append)
    csv_path, json_path = tmp_path / "log.csv", tmp_path / "log.json"
    assert view.export_csv(str(csv_path)) and view.export_json(str(json_path))
    with open(csv_path, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER and len(rows) == 10 and rows[3][3] == "Accepted"
    data = json.loads(json_path.read_text())
    assert len(data) == 9 and data[4]["bytes"] == 5 and data[4]["peer"] == "127.0.0.1:50000"
    assert data[8]["fd"] is None
    assert len(messages) == 2 and "9" in messages[0]


def test_unwritable_path_gives_a_status_message(qtbot, tmp_path):
    view = EventLogView()
    qtbot.addWidget(view)
    view.append_events(recording())
    messages = []
    view.status_message.connect(messages.append)
    bad = tmp_path / "no-such-dir" / "log.csv"
    assert view.export_csv(str(bad)) is False
    assert view.export_json(str(tmp_path)) is False  # a directory
    assert len(messages) == 2 and all("Could not write" in m for m in messages)
    assert not os.path.exists(bad)


def test_view_filter_controls_drive_the_model(qtbot):
    view = EventLogView()
    qtbot.addWidget(view)
    view.append_events(recording())
    view.show_fd(7)
    assert {r[1] for r in view.model.export_rows()[1]} == {7}
    view.show_fd(-1)
    view.on_connection_kinds()
    assert set(r[3] for r in view.model.export_rows()[1]) <= {"Listening", "Accepted", "Closed"}
    view.pause_button.setChecked(True)
    view.append_events([ev.Accepted(5_000 * MS, 11, "y:2")])
    assert "paused" in view.count_label.text()
    view.pause_button.setChecked(False)
    assert view.model.export_rows()[1][-1][2] == "y:2"


def test_the_table_takes_new_rows_at_most_ten_times_a_second(qtbot, tmp_path):
    """Under a load, inserting rows every frame scrolled and repainted the table every frame: it takes them in
    one insert per INSERT_INTERVAL_S, and nothing is lost meanwhile (an export includes what is waiting)."""
    view = EventLogView()
    qtbot.addWidget(view)
    view.append_events([ev.Accepted(1, 7, "127.0.0.1:1")])  # after a quiet spell: at once
    assert view.model.rowCount() == 1
    inserts: list = []
    view.model.rowsInserted.connect(lambda *_: inserts.append(1))
    for i in range(50):  # a burst, well within 100 ms
        view.append_events([ev.Received(2 + i, 7, 1)])
    assert view.model.rowCount() == 1 and view.pending_events == 50 and not inserts
    qtbot.waitUntil(lambda: (view.flush_if_due(), view.pending_events == 0)[1], timeout=2000)
    assert view.model.rowCount() == 51 and len(inserts) == 1
    view.append_events([ev.Received(99, 7, 1)])  # waiting ...
    assert view.export_csv(str(tmp_path / "log.csv"))  # ... and exported all the same
    assert len((tmp_path / "log.csv").read_text().splitlines()) == 1 + 52


def test_a_snapshot_tells_the_log_its_connections_peers():
    # (a stream that starts mid-way, or resyncs after the server dropped events: the Accepted is not in it)
    m = EventLogModel()
    m.append_events([ev.Listening(1, "127.0.0.1", 9000, "epoll", "selectors", 3),
                     ev.ConnectionState(2, 9, "127.0.0.1:50668", 10, 10, 0, "open"),
                     ev.Ready(3, 9, 1)])
    assert m.rowCount() == 2  # (the snapshot's state is not a row of its own)
    assert m.data(m.index(1, 2)) == "127.0.0.1:50668"
