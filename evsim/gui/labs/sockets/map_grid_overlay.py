"""What the grid draws over its static layer every frame: readiness pulses, bytes in flight, marked cells.

Each is bounded (the newest pulses and flights only) and batched: a handful of ``drawRects``/``drawPoints``
calls per frame, whatever the number of connections.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen

from evsim.core.echo.scene import PULSE_NS, progress
from evsim.gui.labs.sockets.map_grid import GridGeometry
from evsim.gui.labs.sockets.map_style import HELD_COLOR, LISTENER, READ_COLOR, TEXT, WRITE_COLOR, with_alpha

if TYPE_CHECKING:
    from evsim.gui.labs.sockets.socket_map import SocketMap

__all__ = ["paint_pulses", "paint_flights", "paint_marks", "MAX_GRID_PULSES", "MAX_GRID_FLIGHTS", "LISTENER_R"]

#: At most this many readiness pulses and byte packets are animated per frame on the grid.
MAX_GRID_PULSES = 1500
MAX_GRID_FLIGHTS = 200
LISTENER_R = 22.0
_LEVELS = 4  # pulse steps (opacity, ring size): one pen/brush per (direction, step)


def paint_pulses(p: QPainter, m: "SocketMap", g: GridGeometry) -> tuple[int, int]:
    """The cells the selector reported ready in the last PULSE_NS, filled in READ/WRITE colour with a halo
    growing around them in steps, fading out; returns (READ, WRITE) pulses drawn.  Newest first, one per
    cell and direction, at most MAX_GRID_PULSES cells.  The rectangles come from the grid's cache: a frame
    builds no geometry."""
    now, speed = m.now_ns, m.speed
    shown = m.scene.shown_by_fd
    cell_rect, ring_rect = m.grid.cell_rect, m.grid.ring_rect
    # one list per (direction, step): index write * _LEVELS + step
    fills: list[list[QRectF]] = [[] for _ in range(2 * _LEVELS)]
    rings: list[list[QRectF]] = [[] for _ in range(2 * _LEVELS)]
    seen: set[int] = set()
    counts = [0, 0]
    m.grid.pulses_capped = False
    left = MAX_GRID_PULSES
    scale = speed * _LEVELS / PULSE_NS
    for t, cid, fd, mask in reversed(m.scene.pulses):
        age = (now - t) * speed
        if age >= PULSE_NS:
            break  # pulses arrive in time order: every older one is over too
        key = cid * 4 + mask
        if age < 0 or key in seen:
            continue
        seen.add(key)
        n = shown.get(fd)
        r = cell_rect(fd) if n is not None and n.cid == cid else None
        if r is None:
            continue
        lvl = _LEVELS - 1 - int((now - t) * scale)  # 3 while fresh ... 0 when nearly over
        if mask & 1:
            fills[lvl].append(r)
            if lvl:
                rings[lvl].append(ring_rect(fd, lvl))
            counts[0] += 1
        if mask & 2:
            fills[_LEVELS + lvl].append(r)
            if lvl:
                rings[_LEVELS + lvl].append(ring_rect(fd, _LEVELS + lvl))
            counts[1] += 1
        left -= 1
        if left <= 0:
            m.grid.pulses_capped = True  # more were ready: the header says "+"
            break
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for k, rects in enumerate(fills):
        if not rects:
            continue
        write, lvl = divmod(k, _LEVELS)
        col = WRITE_COLOR if write else READ_COLOR
        a = (lvl + 1) / _LEVELS
        p.setPen(Qt.PenStyle.NoPen)
        if lvl:  # a halo, filled (several times cheaper than an outline); the last step's would not show
            p.setBrush(with_alpha(col, 0.3 * a))
            p.drawRects(rings[k])
        p.setBrush(with_alpha(col, 0.95 * a))
        p.drawRects(rects)
    return counts[0], counts[1]


def paint_flights(p: QPainter, m: "SocketMap", g: GridGeometry, c: QPointF, lr: float) -> int:
    """Bytes moving between a cell and the listener: inbound (READ colour) and outbound (WRITE colour)."""
    now, speed = m.now_ns, m.speed
    nodes = m.scene.nodes
    pts_in: list[QRectF] = []
    pts_out: list[QRectF] = []
    cx, cy = c.x(), c.y()
    for f in list(m.scene.flights)[-MAX_GRID_FLIGHTS:]:
        if now < f.t_ns:
            continue
        t = progress(f.t_ns, now, f.dur_ns, speed)
        n = nodes.get(f.cid)
        at = g.center(n.fd) if t < 1.0 and n is not None else None
        if at is None:
            continue
        dx, dy = at[0] - cx, at[1] - cy
        d = math.hypot(dx, dy) or 1.0
        s = d + (lr - d) * t if f.inbound else lr + (d - lr) * t
        x, y = cx + dx / d * s, cy + dy / d * s
        (pts_in if f.inbound else pts_out).append(QRectF(x - 1.5, y - 1.5, 3.0, 3.0))
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # 3-pixel squares: round dots cost 10x more
    p.setPen(Qt.PenStyle.NoPen)
    for pts, col in ((pts_in, READ_COLOR), (pts_out, WRITE_COLOR)):
        if pts:
            p.setBrush(col)
            p.drawRects(pts)
    return len(pts_in) + len(pts_out)


def paint_marks(p: QPainter, m: "SocketMap", g: GridGeometry) -> None:
    """The hovered cell outlined; the selected one (clicked, or found by fd) outlined with guides along its
    row and column so the eye finds it among thousands."""
    side = g.side
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setBrush(Qt.BrushStyle.NoBrush)
    sel = m.selected_fd
    o = g.origin(sel) if sel is not None else None
    if o is not None:
        p.setPen(QPen(with_alpha(TEXT, 0.28), 1.0))
        x, y = o[0] + side / 2, o[1] + side / 2
        p.drawLine(QPointF(g.ox, y), QPointF(o[0] - 3, y))
        p.drawLine(QPointF(o[0] + side + 3, y), QPointF(g.ox + g.cols * g.pitch, y))
        p.drawLine(QPointF(x, g.oy), QPointF(x, o[1] - 3))
        p.drawLine(QPointF(x, o[1] + side + 3), QPointF(x, g.oy + g.rows * g.pitch))
        p.setPen(QPen(LISTENER, 2.0))
        p.drawRect(QRectF(o[0] - 2, o[1] - 2, side + 4, side + 4))
    hov = m.hover_fd
    o = g.origin(hov) if hov is not None and hov != sel else None
    if o is not None:
        p.setPen(QPen(with_alpha(LISTENER, 0.85), 1.5))
        p.drawRect(QRectF(o[0] - 1.5, o[1] - 1.5, side + 3, side + 3))
    loop = m.scene.loop  # a stepped loop: the cells pending dispatch (dashed) and the one it is held on
    if loop.pending:
        p.setPen(QPen(READ_COLOR, 1.5, Qt.PenStyle.DashLine))
        for fd in list(loop.pending)[:MAX_GRID_PULSES]:
            o = g.origin(fd)
            if o is not None:
                p.drawRect(QRectF(o[0] - 3, o[1] - 3, side + 6, side + 6))
    held = loop.held
    o = g.origin(held.fd) if held is not None and held.fd >= 0 else None
    if o is not None:
        p.setPen(QPen(HELD_COLOR, 2.5))
        p.drawRect(QRectF(o[0] - 2, o[1] - 2, side + 4, side + 4))
