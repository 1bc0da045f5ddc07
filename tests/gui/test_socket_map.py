"""The socket map paints a recorded event list at a fixed clock: same input, same picture."""

from PySide6.QtGui import QColor

from evsim.core.echo import events as ev
from evsim.core.echo.scene import (
    APPEAR_NS, CLOSED, FADE_NS, HALF_CLOSED, HOLD_NS, OPEN, PAUSED, REFUSED, RESET, SocketScene,
)
from evsim.gui.labs.sockets.socket_map import DETAIL_MAX, STATE_COLORS
from tests.gui.map_helpers import make_map, render

MS = 1_000_000
T = 10_000 * MS  # the fixed clock: long after every accept, so every node has grown in


def recorded():
    evs = [ev.Listening(0, "127.0.0.1", 9999, "epoll", "selectors", 3)]
    evs += [ev.Accepted(i * MS, 10 + i, f"127.0.0.1:{40000 + i}") for i in range(6)]
    evs += [
        ev.ReadingPaused(T - 5_000 * MS, 11, 300_000),
        ev.HalfClosed(T - 5_000 * MS, 12, 0),
        ev.Closed(T - 100 * MS, 13, "reset", 10, 10),
        ev.Closed(T - 100 * MS, 14, "normal", 10, 10),
        ev.Refused(T - 100 * MS, 1030, "127.0.0.1:5", "fd >= FD_SETSIZE"),
        ev.Closed(T - HOLD_NS - FADE_NS - 1, 15, "normal", 0, 0),  # long gone by T
    ]
    return evs


def test_recorded_scene_at_fixed_clock(qtbot):
    s = SocketScene()
    s.apply(recorded())
    m = make_map(qtbot, s)
    m.set_clock(T)
    items = m.node_items()
    states = sorted(it.node.state for it in items)
    assert states == sorted([OPEN, PAUSED, HALF_CLOSED, RESET, CLOSED, REFUSED])
    img = render(m)
    assert m.last_paint["nodes"] == 6 and m.last_paint["detailed"] is True
    # each filled node shows its state's colour at its centre
    for it in items:
        if it.node.state in (OPEN, RESET):
            got = QColor(img.pixel(int(it.x), int(it.y + it.r * 0.75)))
            want = STATE_COLORS[it.node.state]
            assert abs(got.red() - want.red()) < 40 and abs(got.green() - want.green()) < 40, it.node
    # the same clock gives the same picture
    assert render(m) == img


def test_animation_is_a_function_of_the_clock(qtbot):
    s = SocketScene()
    s.apply([ev.Listening(0, "h", 1, "epoll", "selectors", 3), ev.Accepted(0, 5, "p:1")])
    m = make_map(qtbot, s)
    (early,) = m.node_items(APPEAR_NS // 10)
    (late,) = m.node_items(APPEAR_NS)
    c = m.ring.center
    # a new node comes out of the listener and grows on its way to its slot
    assert abs(early.x - c.x()) + abs(early.y - c.y()) < abs(late.x - c.x()) + abs(late.y - c.y())
    assert early.r < late.r
    # slower animation: at the same instant the node is less far along
    m.speed = 0.25
    (slow,) = m.node_items(APPEAR_NS // 2)
    m.speed = 1.0
    (normal,) = m.node_items(APPEAR_NS // 2)
    assert slow.r < normal.r


def test_closed_nodes_fade_then_vanish(qtbot):
    s = SocketScene()
    s.apply([ev.Listening(0, "h", 1, "epoll", "selectors", 3), ev.Accepted(0, 5, "p:1"),
             ev.Closed(T, 5, "normal", 0, 0)])
    m = make_map(qtbot, s)
    (a,) = m.node_items(T + HOLD_NS)
    (b,) = m.node_items(T + HOLD_NS + FADE_NS // 2)
    assert a.alpha == 1.0 and 0.4 < b.alpha < 0.6
    assert m.node_items(T + HOLD_NS + FADE_NS) == []


def test_thousand_nodes_draw_as_a_grid(qtbot):
    s = SocketScene()
    s.apply([ev.Listening(0, "h", 1, "epoll", "selectors", 3)]
            + [ev.Accepted(0, 10 + i, f"p:{i}") for i in range(1000)]
            + [ev.Ready(T - 10 * MS, 10 + i, 1 + i % 2) for i in range(1000)])
    m = make_map(qtbot, s, 1000, 700)
    m.set_clock(T)
    render(m)
    assert m.last_paint["nodes"] == 1000 and m.last_paint["layout"] == "grid"
    assert m.last_paint["pulses"] == 1000  # every ready socket pulses (well under the per-frame cap)
    items = m.node_items()
    # nobody falls off the widget
    assert all(0 <= it.x <= 1000 and 0 <= it.y <= 700 for it in items)
    assert len(items) > DETAIL_MAX


def test_hover_finds_the_node_and_describes_it(qtbot):
    s = SocketScene()
    s.apply(recorded() + [ev.Received(T - 1, 10, 123), ev.Sent(T - 1, 10, 100, True, 23)])
    m = make_map(qtbot, s)
    m.set_clock(T)
    target = next(it for it in m.node_items() if it.node.fd == 10)
    node = m.node_at(target.x + 1, target.y - 1)
    assert node is target.node
    text = m.tooltip_text(node)
    for part in ("fd 10", "127.0.0.1:40000", "123 B", "100 B", "23 B", "open", "events: 3"):
        assert part in text, part
    assert m.node_at(2, 2) is None
    clicked = []
    m.node_clicked.connect(clicked.append)
    from PySide6.QtCore import QPoint, Qt
    qtbot.mouseClick(m, Qt.MouseButton.LeftButton, pos=QPoint(int(target.x), int(target.y)))
    assert clicked == [10]


def test_no_server_and_stopped_server_paint(qtbot):
    s = SocketScene()
    m = make_map(qtbot, s)
    render(m)
    assert m.last_paint["nodes"] == 0
    s.apply([ev.Listening(0, "h", 1, "epoll", "selectors", 3), ev.ServerStopped(1, "stopped")])
    render(m)
    assert not s.listener.running


def test_a_quiet_scene_is_not_repainted(qtbot):
    s = SocketScene()
    s.apply([ev.Listening(0, "h", 1, "epoll", "selectors", 3), ev.Accepted(MS, 5, "p:1")])
    m = make_map(qtbot, s)
    assert m.set_clock(2 * MS)                       # new events: repaint
    assert m.set_clock(3 * MS)                       # animations still running: repaint
    assert not m.set_clock(MS + HOLD_NS + FADE_NS + 500 * MS)  # nothing new, nothing moving
    s.apply([ev.Ready(T, 5, 1)])
    assert m.set_clock(T + 10 * HOLD_NS)             # a new event always repaints
