"""The socket map with thousands of connections: the by-fd grid draws, hit-tests, labels and animates."""

import itertools

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QImage

from evsim.core.echo import events as ev
from evsim.core.echo.scene import FADE_NS, HOLD_NS, PULSE_NS, SocketScene
from evsim.gui.labs.sockets.map_grid import GridGeometry, grid_capacity
from evsim.gui.labs.sockets.map_grid_paint import EMPTY
from evsim.gui.labs.sockets.socket_map import DETAIL_MAX, READ_COLOR, STATE_COLORS, WRITE_COLOR, SocketMap
from tests.gui.map_helpers import make_map as _make_map, render

MS = 1_000_000
T = 10_000 * MS
FIRST_FD = 5


def big_scene(n: int) -> SocketScene:
    s = SocketScene()
    s.apply([ev.Listening(0, "127.0.0.1", 8888, "epoll", "selectors", 3)]
            + [ev.Accepted(i, FIRST_FD + i, f"127.0.0.1:{20000 + i}") for i in range(n)])
    return s


def make_map(qtbot, scene, w=1280, h=760) -> SocketMap:
    return _make_map(qtbot, scene, w, h)


def drawn(qtbot, scene, w=1280, h=760) -> tuple[SocketMap, QImage]:
    """A map of ``scene`` at the fixed clock T, and its picture."""
    m = make_map(qtbot, scene, w, h)
    m.set_clock(T)
    return m, render(m)


def color_at(img: QImage, m: SocketMap, fd: int) -> QColor:
    """The colour near the top-left corner of fd's cell (clear of the fd number big cells show)."""
    x, y = m.grid.geom.origin(fd)
    return QColor(img.pixel(int(x) + 1, int(y) + 1))


def close_to(got: QColor, want: QColor, tol: int = 30) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(got.getRgb()[:3], want.getRgb()[:3]))


# -- geometry (pure arithmetic) --

@pytest.mark.parametrize("cap,w,h", [(128, 900, 500), (384, 600, 400), (12288, 1200, 560), (12288, 500, 300)])
def test_every_cell_round_trips_and_gaps_and_hole_hit_nothing(cap, w, h):
    g = GridGeometry(cap, 40, 60, w, h, 60, 70)
    assert g.capacity <= cap and g.side >= 2
    seen = set()
    for i in range(g.capacity):
        r, c = g.cell_of(i)
        assert g.index_of(r, c) == i
        seen.add((r, c))
        x, y = g.origin(i)
        assert g.index_at(x + 0.01, y + 0.01) == i and g.index_at(x + g.side - 0.01, y + g.side - 0.01) == i
        assert g.index_at(x + g.side + 0.01, y + g.side / 2) is None  # the gap right of it
        assert g.index_at(x + g.side / 2, y + g.side + 0.01) is None  # the gap under it
    assert len(seen) == g.capacity  # no two fds share a cell
    hx, hy, hw, hh = g.hole_rect()
    assert g.index_at(hx + hw / 2, hy + hh / 2) is None
    assert hw >= 60 - g.pitch and hh >= 70 - g.pitch
    assert g.cell_of(g.capacity) is None and g.cell_of(-1) is None
    # everything inside the area
    ox, oy = g.origin(0)
    lx, ly = g.origin(g.capacity - 1)
    assert ox >= 40 and oy >= 60 and lx + g.side <= 40 + w and ly + g.side <= 60 + h


def test_capacity_grows_in_steps_and_rows_start_where_labels_say():
    assert [grid_capacity(fd) for fd in (-1, 0, 127, 128, 159, 160, 10_004)] == [128, 128, 128, 160, 160, 192, 10240]
    caps = sorted({grid_capacity(fd) for fd in range(20_000)})
    assert len(caps) < 40 and all(b <= a * 1.26 for a, b in zip(caps, caps[1:]))
    g = GridGeometry(1024, 0, 0, 800, 500, 60, 60)
    for r in range(g.rows):
        start = g.row_start(r)
        if start is not None:
            assert g.cell_of(start) == (r, 0)


# -- 10,000 connections on screen --

def test_ten_thousand_nodes_draw_with_pulses_states_and_fading(qtbot):
    n = 10_000
    s = big_scene(n)
    ready_r, ready_w, paused = FIRST_FD + 1234, FIRST_FD + 8765, FIRST_FD + 4000
    closed, reset = FIRST_FD + 17, FIRST_FD + 9999
    s.apply([ev.ReadingPaused(T - 5_000 * MS, paused, 300_000),
             ev.Closed(T - 100 * MS, closed, "normal", 1, 1),
             ev.Closed(T - 100 * MS, reset, "reset", 1, 1)]
            + [ev.Ready(T - PULSE_NS // 2 - j * 1000, FIRST_FD + (j * 7) % n, 1 + j % 2) for j in range(1, 1001)]
            + [ev.Ready(T - 10 * MS, ready_r, 1), ev.Ready(T - 10 * MS, ready_w, 2)])
    m, img = drawn(qtbot, s)
    assert m.last_paint["layout"] == "grid" and m.last_paint["nodes"] == n
    assert m.last_paint["pulses"] == 1002
    assert close_to(color_at(img, m, ready_r), READ_COLOR)
    assert close_to(color_at(img, m, ready_w), WRITE_COLOR)
    quiet = FIRST_FD + 5001  # not ready, open
    assert close_to(color_at(img, m, quiet), STATE_COLORS["open"])
    assert close_to(color_at(img, m, paused), STATE_COLORS["paused"])
    assert close_to(color_at(img, m, reset), STATE_COLORS["reset"])
    got_closed = color_at(img, m, closed)
    assert not close_to(got_closed, STATE_COLORS["open"], 60) and not close_to(got_closed, EMPTY, 10)
    assert close_to(color_at(img, m, FIRST_FD + n + 50), EMPTY, 4)  # a cell nobody uses
    # the same clock gives the same picture
    assert render(m) == img


def test_hit_testing_finds_the_fd_under_the_point_without_a_scan(qtbot):
    s = big_scene(10_000)
    m, _ = drawn(qtbot, s)
    g = m.grid.geom

    class NoScan(dict):
        def __iter__(self):
            raise AssertionError("hit-testing must not scan the nodes")
        values = items = keys = __iter__

    s.shown_by_fd = NoScan(s.shown_by_fd)
    s.nodes = NoScan(s.nodes)
    for fd in (FIRST_FD, 777, 5000, FIRST_FD + 9_999):
        x, y = g.center(fd)
        assert m.node_at(x, y).fd == fd
        ox, oy = g.origin(fd)
        assert m.node_at(ox + g.side + 0.4, y) is None      # between two cells
    hx, hy, hw, hh = g.hole_rect()
    assert m.node_at(hx + hw / 2, hy + hh / 2) is None       # the listener
    assert m.node_at(*g.center(2)) is None                   # fd 2: a cell with no socket


def test_hover_click_and_tooltip_on_the_grid(qtbot):
    s = big_scene(500)
    s.apply([ev.Received(T - 1, 300, 123), ev.Sent(T - 1, 300, 100, True, 23)])
    m = make_map(qtbot, s)
    m.show()
    qtbot.waitExposed(m)
    m.set_clock(T)
    render(m)
    x, y = m.grid.geom.center(300)
    clicked = []
    m.node_clicked.connect(clicked.append)
    qtbot.mouseMove(m, QPoint(int(x), int(y)))
    qtbot.waitUntil(lambda: m.hover_fd == 300)
    qtbot.mouseClick(m, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))
    assert clicked == [300] and m.selected_fd == 300
    text = m.tooltip_text(m.node_at(x, y))
    for part in ("fd 300", "127.0.0.1:20295", "123 B", "100 B", "23 B", "open", "events: 3"):
        assert part in text, part
    img = render(m)  # the selected cell is outlined in the listener's colour
    ox, oy = m.grid.geom.origin(300)
    assert close_to(QColor(img.pixel(int(ox - 2), int(y))), QColor("#e6edf7"), 40)
    m.select_fd(-1)  # the log's "all fds"
    qtbot.mouseMove(m, QPoint(2, 2))
    qtbot.waitUntil(lambda: m.hover_fd is None)
    assert m.selected_fd is None
    assert not close_to(QColor(render(m).pixel(int(ox - 2), int(y))), QColor("#e6edf7"), 40)


def no_overlap(rects: list[QRectF], sample: int = 400) -> None:
    rs = [r for r in rects if r.width() > 0 and r.height() > 0][:sample]
    for a, b in itertools.combinations(rs, 2):
        assert not a.intersects(b), (a, b)


@pytest.mark.parametrize("n", [20, 200, 10_000])
def test_labels_never_overlap(qtbot, n):
    s = big_scene(n)
    s.apply([ev.Received(T - 100 * MS, FIRST_FD + i, 1024) for i in range(min(n, 40))])
    m, _ = drawn(qtbot, s, 1024, 700)
    labels = m.label_rects()
    assert len(labels) >= 3  # header, listener, legend at least
    if n == 20:
        assert m.last_paint["layout"] == "ring"
        assert sum(1 for r in labels if r.height() < 30) >= 10  # peer labels where there is room
    else:
        assert m.last_paint["layout"] == "grid"
        assert len(m.grid.row_labels) >= 5
    if n == 200:
        assert len(m.grid.cell_labels) == 200  # big cells: each shows its fd
    if n == 10_000:
        assert not m.grid.cell_labels  # small cells: row labels and the header's aggregate only
    no_overlap(labels)
    bounds = QRectF(0, 0, m.width(), m.height())
    assert all(bounds.contains(r) for r in labels)


def test_the_grid_header_says_why_accept_is_paused(qtbot):
    s = big_scene(500)
    s.apply([ev.ListenerPaused(T, "EMFILE", 500)])
    m, _ = drawn(qtbot, s)
    assert "(accept paused: EMFILE)" in m._grid_lines()[0]
    s.apply([ev.ListenerResumed(T + 1)])
    assert "accept paused" not in m._grid_lines()[0]


def test_switching_between_rings_and_grid(qtbot):
    s = big_scene(DETAIL_MAX)
    m, _ = drawn(qtbot, s)
    assert m.last_paint["layout"] == "ring"
    s.apply([ev.Accepted(T, 900 + i, "p") for i in range(10)])
    m.set_clock(T + HOLD_NS)
    render(m)
    assert m.last_paint["layout"] == "grid" and m.last_paint["nodes"] == DETAIL_MAX + 10
    assert m.node_at(*m.grid.geom.center(905)).fd == 905
    s.apply([ev.Closed(T + HOLD_NS, 900 + i, "normal", 0, 0) for i in range(10)])
    end = T + 2 * (HOLD_NS + FADE_NS)
    s.prune(end)
    m.set_clock(end)
    render(m)
    assert m.last_paint["layout"] == "ring"
    it = next(it for it in m.node_items() if it.node.fd == FIRST_FD + 3)
    assert m.node_at(it.x, it.y) is it.node
    # changes while the rings are shown, then back to the grid: it shows them
    s.apply([ev.ReadingPaused(end, FIRST_FD + 4, 1), ev.Closed(end, FIRST_FD + 5, "reset", 0, 0)])
    m.set_clock(end + 1)
    render(m)
    s.apply([ev.Accepted(end + 2, 900 + i, "p") for i in range(10)])
    m.set_clock(end + HOLD_NS // 2)  # the reset one still held, before its fade
    img = render(m)
    assert m.last_paint["layout"] == "grid"
    assert close_to(color_at(img, m, FIRST_FD + 4), STATE_COLORS["paused"])
    assert close_to(color_at(img, m, FIRST_FD + 5), STATE_COLORS["reset"])


def test_only_changed_cells_are_redrawn_and_fades_step_without_events(qtbot):
    s = big_scene(3000)
    m, _ = drawn(qtbot, s)
    assert m.grid.full_redraws == 1
    fd, gone, brief = FIRST_FD + 2000, FIRST_FD + 100, FIRST_FD + 2500
    s.apply([ev.ReadingPaused(T, fd, 300_000), ev.Closed(T, gone, "normal", 0, 0),
             ev.ReadingPaused(T, brief, 300_000), ev.ReadingResumed(T + 1, brief, 0)])
    m.set_clock(T + 1)
    img = render(m)
    assert m.grid.full_redraws == 1 and m.grid.cells_redrawn == 3
    assert close_to(color_at(img, m, fd), STATE_COLORS["paused"])
    assert close_to(color_at(img, m, brief), STATE_COLORS["paused"])  # a brief pause is held on screen ...
    held = color_at(img, m, gone)
    m.set_clock(T + HOLD_NS + FADE_NS // 2)  # no event: the fade moves on by the clock alone
    img = render(m)
    fading = color_at(img, m, gone)
    assert m.grid.full_redraws == 1 and fading.lightness() < held.lightness()
    assert close_to(color_at(img, m, brief), STATE_COLORS["open"])  # ... then shows the state it is in
    s.prune(T + HOLD_NS + FADE_NS)
    s.apply([ev.HalfClosed(T + HOLD_NS, FIRST_FD + 7, 0), ev.Refused(T + HOLD_NS, FIRST_FD + 3001, "p", "max connections"),
             ev.ReadingResumed(T + HOLD_NS, fd, 0)])
    m.set_clock(T + HOLD_NS + FADE_NS)
    img = render(m)
    assert close_to(color_at(img, m, gone), EMPTY, 4)
    assert m.grid.full_redraws == 1
    # the cached layer, updated cell by cell, shows exactly what a fresh map draws at the same clock
    fresh = make_map(qtbot, s)
    fresh.set_clock(T + HOLD_NS + FADE_NS)
    assert render(fresh) == img


def test_the_map_asks_for_frames_only_while_something_moves(qtbot):
    s = big_scene(200)
    m, _ = drawn(qtbot, s)
    assert not m.needs_frames(T) and not m.set_clock(T + 1)
    s.apply([ev.Ready(T + 2, FIRST_FD, 1)])
    assert m.needs_frames(T + 2) and m.set_clock(T + 3)
    render(m)                                       # drawn mid-pulse ...
    assert m.set_clock(T + 2 + PULSE_NS)            # ... so one more frame shows it gone
    render(m)
    assert not m.needs_frames() and not m.set_clock(T + 3 + PULSE_NS)
    s.apply([ev.Ready(T + 4 * PULSE_NS, FIRST_FD, 1)])
    m.set_clock(T + 4 * PULSE_NS)
    m.show()
    qtbot.waitExposed(m)
    render(m)
    assert m.needs_frames()
    m.hide()                                        # a hidden map shows nothing that could still move
    assert not m.needs_frames(T + 5 * PULSE_NS)
