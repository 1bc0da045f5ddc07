"""The socket map marks a stepped loop's sockets: the one it is held on (the code pane's colour) and the ones
select() reported ready that it has not handled yet (dashed), on the rings and on the grid."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from evsim.core.echo import events as ev
from evsim.core.echo.scene import SocketScene
from evsim.core.watch import events as w
from evsim.gui.labs.sockets.map_style import HELD_COLOR, READ_COLOR
from tests.gui.map_helpers import make_map, render

MS = 1_000_000
T = 10_000 * MS


def scene(n: int, held_fd: int, pending_fd: int) -> SocketScene:
    s = SocketScene()
    s.apply([ev.Listening(0, "127.0.0.1", 8888, "epoll", "selectors", 3)]
            + [ev.Accepted(i, 5 + i, f"127.0.0.1:{20000 + i}") for i in range(n)])
    t = T - 5_000 * MS  # long ago: no pulse or appearance animation left, only the steady marks
    s.apply([w.Selected(t, 4, n, n + 5, -1, 1000, 2, 1, 29), ev.Ready(t, held_fd, 1), ev.Ready(t, pending_fd, 1),
             w.Held(t + 1, 3, held_fd, 0, 2, 1, 61)])  # held before recv() on held_fd; pending_fd still waits
    return s


def near(img, x: float, y: float, want: QColor, r: int = 4, tol: int = 45) -> bool:
    """Some pixel within ``r`` of (x, y) has roughly the colour ``want``."""
    for dx in range(-r, r + 1):
        for dy in range(-r, r + 1):
            px, py = int(x) + dx, int(y) + dy
            if 0 <= px < img.width() and 0 <= py < img.height():
                got = QColor(img.pixel(px, py))
                if all(abs(a - b) <= tol for a, b in zip(got.getRgb()[:3], want.getRgb()[:3])):
                    return True
    return False


@pytest.mark.parametrize("n", [4, 200], ids=["rings", "grid"])
def test_the_held_socket_and_the_pending_one_are_marked(qtbot, n):
    held_fd, pending_fd = 5, 7
    s = scene(n, held_fd, pending_fd)
    assert s.loop.held.fd == held_fd and set(s.loop.pending) == {pending_fd}
    m = make_map(qtbot, s, 1280, 760)
    m.set_clock(T)
    img = render(m)
    if n > 60:  # the grid: an outline just outside the cell
        g = m.grid.geom
        (hx, hy), (px, py) = g.origin(held_fd), g.origin(pending_fd)
        assert near(img, hx - 2, hy + g.side / 2, HELD_COLOR, r=1)
        assert near(img, px - 3, py + g.side / 2, READ_COLOR, r=1)
        assert not near(img, px - 2, py + g.side / 2, HELD_COLOR, r=1)
    else:  # the rings: a ring just outside the node
        items = {it.node.fd: it for it in m.node_items()}
        h, p = items[held_fd], items[pending_fd]
        assert near(img, h.x + h.r + 4, h.y, HELD_COLOR, r=2)
        assert near(img, p.x + p.r + 7, p.y, READ_COLOR, r=2)
        assert not near(img, p.x + p.r + 4, p.y, HELD_COLOR, r=2)
    s.apply([w.Recv(T, held_fd, 5, 65536, 0, 1, 61)])  # the held call ran: no mark left on it
    assert s.loop.held is None
