"""The ring map keeps what does not change as images (map_sprites.Layer, Rings): a change of what they show
must show at once, and what changes every frame at full speed must not make them redraw."""

from __future__ import annotations

from PySide6.QtGui import QColor

from evsim.core.echo import events as ev
from evsim.core.echo.scene import OPEN, PAUSED, PULSE_NS, SocketScene
from evsim.core.watch import events as w
from evsim.gui.labs.sockets.map_style import LISTENER, READ_COLOR, STATE_COLORS
from tests.gui.map_helpers import make_map, render

MS = 1_000_000
T = 10_000 * MS  # long after every accept: no animation left but what the test starts


def steady(n: int = 4) -> SocketScene:
    s = SocketScene()
    s.apply([ev.Listening(0, "127.0.0.1", 8888, "epoll", "selectors", 3)]
            + [ev.Accepted(i, 5 + i, f"127.0.0.1:{20000 + i}") for i in range(n)])
    return s


def close(got: QColor, want: QColor, tol: int = 40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(got.getRgb()[:3], want.getRgb()[:3]))


def near(img, x: float, y: float, want: QColor, r: int = 2) -> bool:
    return any(close(QColor(img.pixel(int(x) + dx, int(y) + dy)), want)
               for dx in range(-r, r + 1) for dy in range(-r, r + 1))


def cached(m) -> None:
    """Paint until the layers are kept as images (an image is built when a picture comes twice in a row)."""
    for _ in range(3):
        render(m)


def test_a_node_that_changes_state_is_drawn_again(qtbot):
    s = steady()
    m = make_map(qtbot, s, 1000, 700)
    m.set_clock(T)
    cached(m)
    top = m.ring.nodes.layer
    drawn = top.draws
    render(m)
    assert top.draws == drawn  # nothing changed: the image is blitted, not drawn again
    it = next(i for i in m.node_items() if i.node.fd == 6)
    probe = (it.x, it.y + it.r * 0.75)  # inside the disc, clear of the fd and of the pause badge
    assert close(QColor(render(m).pixel(*map(int, probe))), STATE_COLORS[OPEN])
    s.apply([ev.ReadingPaused(T, 6, 300_000)])
    m.set_clock(T + MS)
    img = render(m)
    assert close(QColor(img.pixel(*map(int, probe))), STATE_COLORS[PAUSED])
    assert top.draws == drawn + 1


def test_the_listener_pausing_is_drawn_again(qtbot):
    s = steady()
    m = make_map(qtbot, s, 1000, 700)
    m.set_clock(T)
    cached(m)
    c, r = m.ring.center, m.ring.listener_r
    assert not near(render(m), c.x() + r, c.y(), STATE_COLORS[PAUSED], r=1)
    s.apply([ev.ListenerPaused(T, "EMFILE", 100)])
    m.set_clock(T + MS)
    assert near(render(m), c.x() + r, c.y(), STATE_COLORS[PAUSED], r=1)  # its rim, dashed in the pause colour


def test_selection_and_a_flickering_pending_mark_do_not_redraw_the_layer(qtbot):
    s = steady()
    m = make_map(qtbot, s, 1000, 700)
    m.set_clock(T)
    cached(m)
    top, drawn = m.ring.nodes.layer, m.ring.nodes.layer.draws
    it = next(i for i in m.node_items() if i.node.fd == 7)
    assert not near(render(m), it.x + it.r + 4, it.y, LISTENER)
    m.select_fd(7)
    assert near(render(m), it.x + it.r + 4, it.y, LISTENER)  # the selection ring, over the cached layer
    # a loop at full speed: a different socket is pending in every frame the window sees
    for k, fd in enumerate((5, 6, 8, 5)):
        s.apply([w.Selected(T + k, 4, 4, 9, -1, 1000, 2, 1, 29), ev.Ready(T + k, fd, 1)])
        m.set_clock(T + PULSE_NS * 2 + k)  # the pulses long over: only the mark changes
        img = render(m)
        other = next(i for i in m.node_items() if i.node.fd == fd)
        assert near(img, other.x + other.r + 7, other.y, READ_COLOR)  # its dashed pending ring
    assert top.draws == drawn


def test_an_edge_lights_up_when_its_socket_turns_ready(qtbot):
    s = steady()
    m = make_map(qtbot, s, 1000, 700)
    m.set_clock(T)
    cached(m)
    it = next(i for i in m.node_items() if i.node.fd == 5)
    c = m.ring.center
    # a point on the edge, half way between the listener's rim and the node's
    f = 0.5 * ((m.ring.listener_r + 6) / ((it.x - c.x()) ** 2 + (it.y - c.y()) ** 2) ** 0.5) + 0.5
    px, py = c.x() + (it.x - c.x()) * f, c.y() + (it.y - c.y()) * f

    def edge_brightness() -> int:
        img = render(m)
        return max(QColor(img.pixel(int(px) + dx, int(py) + dy)).lightness()
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1))
    quiet = edge_brightness()
    s.apply([ev.Ready(T + MS, 5, 2)])
    m.set_clock(T + 2 * MS)
    assert edge_brightness() > quiet + 40  # an active edge, drawn afresh into the edges' layer
    m.set_clock(T + 2 * PULSE_NS)
    render(m)
    assert edge_brightness() < quiet + 10  # and quiet again


def test_a_pulse_ring_grows_as_its_animation_goes_on(qtbot):
    s = steady(1)
    m = make_map(qtbot, s, 1000, 700)
    s.apply([ev.Ready(T, 5, 1), ev.Received(T, 5, 10)])  # handled at once: no pending mark in the way
    (it,) = m.node_items(T)
    # READ pulse: radius r + 4 + 14 * ease_out(q); early (q = 1/30) at r + 5.3, later (q = 0.15) at r + 9.4
    for now, rr, not_rr in ((T + 20 * MS, it.r + 5.3, it.r + 9.4), (T + 90 * MS, it.r + 9.4, it.r + 5.3)):
        m.set_clock(now)
        for _ in range(2):  # twice: the second paint stamps the ring's image made by the first
            img = render(m)
            assert near(img, it.x - rr, it.y, READ_COLOR, r=1)
            assert not near(img, it.x - not_rr, it.y, READ_COLOR, r=1)


def test_the_same_clock_gives_the_same_picture_from_the_images(qtbot):
    s = steady()
    s.apply([ev.Ready(T - 50 * MS, 5, 1), ev.Received(T - 40 * MS, 5, 1024), ev.Sent(T - 30 * MS, 6, 1024, False, 0),
             ev.ReadingPaused(T - 20 * MS, 7, 1)])
    m = make_map(qtbot, s, 1000, 700)
    m.set_clock(T)
    first = render(m)  # drawn directly ...
    assert render(m) == first  # ... then from the images just built
    assert render(m) == first


def test_rings_of_another_radius_pen_or_place_are_not_stamped_from_the_same_image(qtbot):
    from PySide6.QtGui import QImage, QPainter

    from evsim.gui.labs.sockets.map_sprites import Rings
    rings = Rings()

    def ring_at(x: float, rr: float, width: float = 2.0, dashed: bool = False) -> QImage:
        img = QImage(200, 100, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(0)
        p = QPainter(img)
        rings.draw(p, x, 50.0, rr, READ_COLOR, width, dashed=dashed)
        p.end()
        return img

    def alpha(img: QImage, x: int, y: int = 50) -> int:
        return QColor.fromRgba(img.pixel(x, y)).alpha()
    for _ in range(2):  # the second time from the images the first made
        small, big = ring_at(50.0, 10.0), ring_at(50.0, 20.0)
        assert alpha(small, 40) > 0 and alpha(small, 30) == 0
        assert alpha(big, 30) > 0 and alpha(big, 40) == 0
        moved = ring_at(120.0, 10.0)  # another place, a whole number of pixels away
        assert alpha(moved, 110) > 0 and alpha(moved, 40) == 0
        thin, thick = ring_at(50.0, 20.0, 1.0), ring_at(50.0, 20.0, 6.0)
        assert alpha(thick, 32) > 0 and alpha(thin, 32) == 0
        solid, dashed = ring_at(50.0, 20.0), ring_at(50.0, 20.0, dashed=True)
        assert solid != dashed


def test_a_bigger_font_relays_and_redraws_the_peer_labels(qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    s = steady()
    m = make_map(qtbot, s, 1000, 700)
    m.show_legend = False  # (a legend grows with the font: the rings' layout would change too)
    m.set_clock(T)
    cached(m)
    drawn = m.ring.nodes.layer.draws

    def peer_labels() -> list[float]:
        header = m.chrome.header_box(m.chrome.header_lines([]))[0]
        return [r.width() for r in m.label_rects() if r != header and r.width() < m.width()]  # nor the legend
    before = peer_labels()
    f = m.font()
    f.setPointSizeF(f.pointSizeF() * 1.6)
    m.setFont(f)
    QApplication.sendPostedEvents(m, QEvent.Type.FontChange)
    cached(m)
    after = peer_labels()
    assert len(before) == 4 and after and min(after) > max(before)  # some no longer fit: the others are wider
    assert m.ring.nodes.layer.draws > drawn


def test_the_top_node_of_a_small_map_has_its_label_beside_it(qtbot):
    # (a 1024x768 window's map: above the top node is the header, so its label goes to one side)
    m = make_map(qtbot, steady(4), 460, 420)
    m.set_clock(T)
    cached(m)
    header = m.chrome.header_box(m.chrome.header_lines([]))[0]
    labels = [r for r in m.label_rects() if r != header and r.width() < m.width()]
    assert len(labels) == 4 and not any(r.intersects(header) for r in labels)
    top = min(m.node_items(), key=lambda i: i.y)
    beside = [r for r in labels if r.top() <= top.y <= r.bottom()]
    assert beside and all(r.left() > top.x + top.r or r.right() < top.x - top.r for r in beside)
