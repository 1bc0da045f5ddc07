"""What keeps the window cheap under a full-speed stream: texts that change often relay nothing out, the code
pane follows a freely running loop at a few looks a second, the log inserts less often while it is busy, the
ring map draws what does not move once, and the frame bridge keeps the start-up heap out of the collector's way."""

from __future__ import annotations

import gc
from types import SimpleNamespace

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from evsim.core.echo import events as ev
from evsim.core.echo.scene import SocketScene
from evsim.gui.labs.sockets.map_ring import FLIGHTS_PER_EDGE
from evsim.gui.labs.sockets.stepping import CODE_INTERVAL_NS, SteppingMixin
from evsim.gui.widgets.code_pane import CodePane
from evsim.gui.widgets.event_log import BUSY_INTERVAL_S, BUSY_ROWS, INSERT_INTERVAL_S, EventLogView
from evsim.gui.widgets.steady import StatusLine
from tests.gui.map_helpers import make_map, render

MS = 1_000_000


class LayoutRequests(QObject):
    """Counts the LayoutRequest events ``target`` gets (a QTabWidget repaints its whole page on each)."""

    def __init__(self, target: QWidget) -> None:
        super().__init__()
        self.n = 0
        target.installEventFilter(self)

    def eventFilter(self, obj, e) -> bool:  # noqa: N802 - Qt name
        if e.type() == QEvent.Type.LayoutRequest:
            self.n += 1
        return False


def in_a_tab(qtbot, *widgets: QWidget) -> tuple[QTabWidget, LayoutRequests]:
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    page = QWidget()
    lay = QVBoxLayout(page)
    for w in widgets:
        lay.addWidget(w)
    tabs.addTab(page, "page")
    tabs.resize(400, 300)
    tabs.show()
    qtbot.waitExposed(tabs)
    requests = LayoutRequests(tabs)
    for _ in range(50):  # the first layout passes (on a busy machine they can take a while): until 20 ms pass quietly
        requests.n = 0
        qtbot.wait(20)
        if requests.n == 0:
            break
    return tabs, requests


def test_a_status_line_relays_nothing_out_while_its_height_holds(qtbot):
    line, wrapped = StatusLine("1 / 1 rows"), StatusLine("line 1", wrap=True)
    tabs, requests = in_a_tab(qtbot, line, wrapped, QLabel("a neighbour"))
    for i in range(20):
        line.setText(f"{i * 1234:,} / {i * 1234:,} rows")
        wrapped.setText(f"line {i}")
        qtbot.wait(1)
    assert requests.n == 0 and line.text() == "23,446 / 23,446 rows"
    wrapped.setText("a sentence long enough to need a second line at this width, " * 3)  # taller: relaid
    qtbot.waitUntil(lambda: requests.n > 0, timeout=2000)
    qtbot.waitUntil(lambda: wrapped.height() >= 2 * wrapped.fontMetrics().height(), timeout=2000)


def test_lighting_a_phase_chip_relays_nothing_out(qtbot):
    pane = CodePane()
    pane.set_source("\n".join(f"line {i}" for i in range(1, 80)), 1, {"select": 3, "accept": 9, "read": 20,
                                                                       "write": 40})
    pane.show_phase("select", 3)  # (its "line N" takes its height once)
    tabs, requests = in_a_tab(qtbot, pane)
    for i in range(12):
        pane.show_phase(("select", "accept", "read", "write")[i % 4], 3 + i)
        qtbot.wait(1)
    assert requests.n == 0
    assert pane.phase == "write" and pane.phase_labels["write"].property("phase") == "on"
    assert [lab.property("phase") for ph, lab in pane.phase_labels.items() if ph != "write"] == ["off"] * 3
    assert pane.view.current_line == 14 and pane.where.text() == "line 14"


class FakeLoopPanel(SteppingMixin):
    """The part of the sockets panel follow_code needs: a scene's loop and a code pane that records."""

    def __init__(self) -> None:
        self.scene = SimpleNamespace(loop=SimpleNamespace(held=None, last_call=None, files={}))
        self.shown: list = []
        self.code = SimpleNamespace(show_call=self.shown.append, show_phase=lambda *a: self.shown.append(a))


def test_the_code_pane_follows_a_free_loop_a_few_times_a_second_and_a_held_one_at_once():
    p = FakeLoopPanel()
    call = lambda i: SimpleNamespace(file=0, line=i, call=3, fd=7)  # noqa: E731
    t = 10_000 * MS
    for i in range(30):  # a loop running freely: a new call every frame (16 ms)
        p.scene.loop.last_call = call(i)
        p.follow_code(t + i * 16 * MS)
    assert 3 <= len(p.shown) <= 30 * 16 * MS // CODE_INTERVAL_NS + 1
    assert p._code_due  # the newest call waits for the next look: the frame timer keeps running for it
    p.follow_code(t + 30 * 16 * MS + CODE_INTERVAL_NS)
    assert p.shown[-1].line == 29 and not p._code_due
    n = len(p.shown)
    p.scene.loop.held = call(99)  # held (step mode): shown in the very next frame
    p.follow_code(t + 30 * 16 * MS + CODE_INTERVAL_NS + 1)
    assert len(p.shown) == n + 1 and p.shown[-1].line == 99


def test_a_busy_insert_into_a_shown_log_waits_for_the_frame_to_end(qtbot):
    view = EventLogView()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.append_events([ev.Received(10 + i, 7, 1) for i in range(BUSY_ROWS)])
    assert view.model.rowCount() == 0 and view.pending_events == BUSY_ROWS  # not inside this frame...
    qtbot.waitUntil(lambda: view.model.rowCount() == BUSY_ROWS, timeout=2000)  # ...but right after it
    assert view.pending_events == 0 and view.busy
    view._last_insert -= INSERT_INTERVAL_S
    view.append_events([ev.Received(1000, 7, 1)])  # a small insert goes in at once
    view._last_insert -= BUSY_INTERVAL_S
    view.flush_if_due()
    assert view.model.rowCount() == BUSY_ROWS + 1


def test_a_busy_log_inserts_twice_a_second_says_so_and_stops_saying_it(qtbot):
    view = EventLogView()
    qtbot.addWidget(view)
    view.append_events([ev.Listening(1, "127.0.0.1", 1, "epoll", "selectors", 3)])
    burst = [ev.Received(10 + i, 7, 1) for i in range(BUSY_ROWS)]
    view._last_insert -= INSERT_INTERVAL_S  # (a tenth of a second has passed)
    view.append_events(burst)
    assert view.model.rowCount() == 1 + BUSY_ROWS and view.busy
    assert "busy" in view.count_label.text()
    view._last_insert -= INSERT_INTERVAL_S  # a tenth of a second later: not yet
    view.append_events([ev.Received(1000, 7, 1)])
    assert view.pending_events == 1 and view.model.rowCount() == 1 + BUSY_ROWS
    view._last_insert -= BUSY_INTERVAL_S  # half a second later: in
    view.flush_if_due()
    assert view.pending_events == 0 and view.model.rowCount() == 2 + BUSY_ROWS and not view.busy
    assert "busy" not in view.count_label.text()
    view.append_events(burst)  # busy again, then the load stops: the counter stops saying so on its own
    view._last_insert -= INSERT_INTERVAL_S
    view.append_events(burst)
    assert view.busy
    view._last_insert -= BUSY_INTERVAL_S
    view.flush_if_due()
    assert not view.busy and "busy" not in view.count_label.text()


def ping_pong_scene(flights: int) -> SocketScene:
    s = SocketScene()
    s.apply([ev.Listening(0, "127.0.0.1", 9999, "epoll", "selectors", 3), ev.Accepted(MS, 7, "127.0.0.1:5")])
    t = 5_000 * MS
    for i in range(flights):
        s.apply([ev.Received(t + i * 1000, 7, 1024), ev.Sent(t + i * 1000 + 500, 7, 1024, False, 0)])
    return s


def test_the_ring_map_draws_its_backdrop_once_and_a_few_packets_per_edge(qtbot):
    m = make_map(qtbot, ping_pong_scene(100))
    m.set_clock(5_000 * MS + 100_000 + 10 * MS)
    render(m)
    render(m)
    assert m.ring.backdrop_draws == 1
    assert m.last_paint["flights"] == 2 * FLIGHTS_PER_EDGE  # 200 in the air on one edge: the newest 6 each way
    m.resize(700, 500)
    render(m)
    assert m.ring.backdrop_draws == 2


def test_the_frame_bridge_keeps_the_start_up_heap_out_of_the_collectors_way(qtbot):
    from evsim.gui.app import MainWindow

    win = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(win)
    assert gc.get_freeze_count() > 10_000
    win.close()
    assert gc.get_freeze_count() == 0


def cell_colours(view: EventLogView, row: int, col: int) -> set[tuple[int, int, int]]:
    table = view.table
    rect = table.visualRect(view.model.index(row, col))
    img = table.viewport().grab().toImage()
    return {img.pixelColor(x, y).getRgb()[:3] for x in range(rect.left(), rect.right())
            for y in range(rect.top(), rect.bottom())}


def test_the_log_paints_its_cells_as_the_stock_delegate_does(qtbot):
    """Prepared texts (log_delegate.py) instead of Qt's stock delegate: the same colours, selection, alternating
    rows and elision."""
    view = EventLogView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.append_events([ev.Listening(1, "127.0.0.1", 1, "epoll", "selectors", 3), ev.Accepted(2, 7, "127.0.0.1:5"),
                        ev.Received(3, 7, 5), ev.Closed(4, 7, "reset", 5, 5)])
    view.flush()
    view.show()
    qtbot.waitExposed(view)
    view.table.selectRow(2)
    pal = view.table.palette()
    red = cell_colours(view, 3, 3)  # "Closed" after a reset: the model's alarm colour
    assert any(r > 180 and g < 110 and b < 110 for r, g, b in red)
    assert pal.highlight().color().getRgb()[:3] in cell_colours(view, 2, 1)  # the selected row
    assert pal.alternateBase().color().getRgb()[:3] in cell_colours(view, 1, 1)  # every other row
    assert pal.base().color().getRgb()[:3] in cell_colours(view, 0, 1)
    assert pal.highlightedText().color().getRgb()[:3] in cell_colours(view, 2, 1)
    view.table.setColumnWidth(2, 40)
    cell_colours(view, 1, 2)  # (painted)
    assert any(t.endswith("…") and t.startswith("1") for t in view.delegate._texts)  # "127.0.0.1:5" elided
    assert len(view.delegate._texts) < 40  # a handful of distinct texts, each prepared once


def test_the_map_header_counts_what_the_server_counted_when_events_were_dropped(qtbot):
    """The window's server drops events the window cannot take in time (a small stream buffer keeps the window
    current): the header's totals never fall below the server's own (ServerCounters)."""
    from evsim.gui.labs.sockets.server_control import WINDOW_STREAM_ARGS

    assert "--stream-capacity" in WINDOW_STREAM_ARGS and "--stream-sndbuf" in WINDOW_STREAM_ARGS
    s = SocketScene()
    s.apply([ev.Listening(0, "127.0.0.1", 9999, "epoll", "selectors", 3), ev.Accepted(MS, 7, "127.0.0.1:5"),
             ev.Closed(2 * MS, 7, "reset", 0, 0)])
    m = make_map(qtbot, s)
    assert "accepted 1   closed 0   reset 1   refused 0" in m.chrome.header_lines([])[1]
    m.counters = ev.ServerCounters(3 * MS, 900, 895, 0, 0, 2, 5)  # 899 Accepted and 4 Closed never reached us
    assert "accepted 900   closed 4   reset 1   refused 2" in m.chrome.header_lines([])[1]
