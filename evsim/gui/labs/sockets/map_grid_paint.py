"""Painting the socket map's grid (thousands of connections) within a frame's budget.

Two layers:

* a **static layer**, an image of every cell in its state colour (open, paused, half-closed, closed and
  fading in steps, reset, refused), the row labels and, when cells are big enough, each cell's fd.  It is
  drawn in full only when the geometry changes (resize, the grid grows a step, a new scene); otherwise only
  the cells whose look changed are redrawn: the fds the scene reports dirty, and the cells whose look changes
  with time (a fade step, the end of a brief pause held on screen), found in per-delay heaps -- never a pass
  over all the nodes;
* an **overlay** drawn every frame on top of it: readiness pulses (the newest :data:`MAX_GRID_PULSES`,
  READ blue / WRITE orange, batched into a few ``drawRects`` calls), bytes in flight, the hovered and the
  selected cell, the listener in the hole in the middle.
"""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QImage, QPainter, QPen, QPixmap

from evsim.core.echo.scene import CLOSED, FADE_NS, HALF_CLOSED, HOLD_NS, PAUSED, REFUSED, STATE_HOLD_NS, Node
from evsim.gui.labs.sockets.map_grid import GridGeometry, grid_capacity
from evsim.gui.labs.sockets.map_grid_overlay import LISTENER_R, paint_flights, paint_marks, paint_pulses
from evsim.gui.labs.sockets.map_style import (
    BACKGROUND, GRID, INK, STATE_COLORS, TEXT_DIM, LabelPlacer, with_alpha,
)

if TYPE_CHECKING:
    from evsim.gui.labs.sockets.socket_map import SocketMap

__all__ = ["GridView", "FADE_STEPS", "EMPTY", "cell_look"]

#: Opacity of an ended node: held at 1.0, then three steps down (a step is one redraw of its cell).
FADE_STEPS = (1.0, 0.7, 0.45, 0.22)
_FADE_AT = tuple(HOLD_NS + FADE_NS * k // 3 for k in range(3))  # animation time after the end of each step


def _over(top: QColor, bottom: QColor) -> QColor:
    a = top.alphaF()
    return QColor.fromRgbF(*(t * a + b * (1 - a) for t, b in zip(top.getRgbF()[:3], bottom.getRgbF()[:3])))


#: An empty cell, opaque: filling a cell with it erases whatever was drawn there.
EMPTY = _over(GRID, BACKGROUND)


def cell_look(n: Node, now: int, speed: float) -> tuple[str, int]:
    """(state drawn, fade step) of a node's cell at ``now``: what decides its pixels in the static layer."""
    state = n.display_state(now, speed)
    if n.t_end is None:
        return state, 0
    age = (now - n.t_end) * speed
    step = 0
    for k, at in enumerate(_FADE_AT):
        if age >= at:
            step = k + 1
    return state, step


class GridView:
    """Grid geometry, static layer and overlay for the map ``m``."""

    def __init__(self, m: "SocketMap") -> None:
        self.m = m
        self.geom: GridGeometry | None = None
        self.top = 0.0
        self._base: QImage | None = None
        self._base_key: tuple | None = None
        self._painted_now = 0
        self._due: dict[int, list[tuple[int, int, int]]] = {}  # delay -> heap of (t_ref, fd, cid)
        self.row_labels: list[QRectF] = []   # and the legend's box: the labels of the static layer
        self.cell_labels: dict[int, QRectF] = {}
        self.full_redraws = 0      # how often the static layer was drawn in full (tests, benchmark)
        self.cells_redrawn = 0     # cells redrawn one by one since the last full redraw
        self.last_ready = (0, 0)   # (READ, WRITE) pulses drawn in the last frame
        self._rects: dict[int, QRectF] = {}               # fd -> its cell (for this geometry)
        self._rings: dict[int, QRectF] = {}    # fd * 8 + write * 4 + step -> its pulse ring

    def cell_rect(self, fd: int) -> QRectF | None:
        """The square of ``fd``'s cell, cached (a frame draws a thousand of them)."""
        r = self._rects.get(fd)
        if r is None:
            o = self.geom.origin(fd)
            if o is None:
                return None
            r = self._rects[fd] = QRectF(o[0], o[1], self.geom.side, self.geom.side)
        return r

    def ring_rect(self, fd: int, k: int) -> QRectF:
        """The pulse ring around ``fd``'s cell for ``k`` = write * 4 + step: the ring grows as the step falls
        (the pulse fades); WRITE's is a bit wider."""
        key = fd * 8 + k
        r = self._rings.get(key)
        if r is None:
            write, step = divmod(k, 4)
            grow = 1.0 + min(5.0, max(2.0, self.geom.pitch * 0.6)) * (1.0 - step / 3.0) + (1.5 if write else 0.0)
            r = self._rings[key] = self.cell_rect(fd).adjusted(-grow, -grow, grow, grow)
        return r

    # -- geometry --
    def layout(self, w: int, h_map: float, top: float) -> GridGeometry:
        """The grid for a ``w`` x ``h_map`` map area below ``top`` (the header), sized for the highest fd."""
        m = self.m
        fm = QFontMetrics(m.small_font)
        cap = grid_capacity(m.scene.max_fd())
        label_w = fm.horizontalAdvance(str(cap - 1)) + 6
        x0 = label_w + 6
        y0 = top + fm.height() / 2
        hole_w = max(2 * LISTENER_R + 16, QFontMetrics(m.label_font).horizontalAdvance(":00000") + 8)
        hole_h = 2 * LISTENER_R + QFontMetrics(m.label_font).height() + 14
        g = self.geom
        area = (x0, y0, w - x0 - 8, h_map - y0 - 4)
        if g is None or g.requested != cap or g.area != area:
            self.geom = g = GridGeometry(cap, *area, hole_w, hole_h)
            self._rects.clear()
            self._rings.clear()
        self.top = top
        return g

    # -- the static layer --
    def invalidate(self) -> None:
        """Draw the static layer in full at the next paint (its cells may have missed changes)."""
        self._base_key = None

    def _ensure_base(self, g: GridGeometry) -> None:
        m = self.m
        dpr = m.devicePixelRatioF() or 1.0
        key = (g.key, m.width(), m.height(), dpr, m.speed, m.scene.epoch, m.show_legend)
        if key != self._base_key or self._base is None or m.now_ns < self._painted_now:
            self._base_key = key
            self._full_redraw(g, dpr)
        else:
            dirty = m.scene.take_dirty_fds()
            self._take_due(dirty)
            if dirty:
                self._redraw_cells(g, dirty)
        self._painted_now = m.now_ns

    def _full_redraw(self, g: GridGeometry, dpr: float) -> None:
        m = self.m
        img = QImage(int(math.ceil(m.width() * dpr)), int(math.ceil(m.height() * dpr)),
                     QImage.Format.Format_ARGB32_Premultiplied)
        img.setDevicePixelRatio(dpr)
        img.fill(BACKGROUND)
        self._base = img
        self._due.clear()
        self.cell_labels.clear()
        m.scene.take_dirty_fds()
        self.full_redraws += 1
        self.cells_redrawn = 0
        p = QPainter(img)
        try:
            self._paint_empty_cells(p, g)
            self._paint_row_labels(p, g)
            if m.show_legend:  # static too: drawn here, not every frame
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                legend = LabelPlacer()
                m.chrome.paint_legend(p, legend)
                self.row_labels += legend.labels
            self._paint_nodes(p, g, list(m.scene.shown_by_fd.values()))
        finally:
            p.end()

    def _paint_empty_cells(self, p: QPainter, g: GridGeometry) -> None:
        """Every cell as a faint square, in one fill with a tiled brush; then the hole and the unused tail."""
        pitch, side = g.pitch, g.side
        tile = QPixmap(pitch, pitch)
        tile.fill(BACKGROUND)
        tp = QPainter(tile)
        tp.fillRect(0, 0, side, side, EMPTY)
        tp.end()
        p.setBrushOrigin(QPointF(g.ox, g.oy))
        p.fillRect(QRectF(g.ox, g.oy, g.cols * pitch, g.rows * pitch), QBrush(tile))
        hx, hy, hw, hh = g.hole_rect()
        p.fillRect(QRectF(hx, hy, hw, hh), BACKGROUND)
        last = g.cell_of(g.capacity - 1)
        if last is not None:  # cells past the capacity at the end of the last row(s)
            r, c = last
            p.fillRect(QRectF(g.ox + (c + 1) * pitch, g.oy + r * pitch, (g.cols - c - 1) * pitch, pitch), BACKGROUND)
            p.fillRect(QRectF(g.ox, g.oy + (r + 1) * pitch, g.cols * pitch, (g.rows - r - 1) * pitch), BACKGROUND)

    def _paint_row_labels(self, p: QPainter, g: GridGeometry) -> None:
        """The first fd of every k-th row, k chosen so that two labels never overlap."""
        p.setFont(self.m.small_font)
        fm = p.fontMetrics()
        p.setPen(TEXT_DIM)
        every = max(1, math.ceil((fm.height() + 1) / g.pitch))
        self.row_labels = []
        right = g.ox - 5
        for r in range(0, g.rows, every):
            start = g.row_start(r)
            if start is None:
                break
            text = str(start)
            tw = fm.horizontalAdvance(text)
            cy = g.oy + r * g.pitch + g.side / 2
            box = QRectF(right - tw, cy - fm.height() / 2, tw, fm.height())
            p.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            self.row_labels.append(box)

    def _paint_nodes(self, p: QPainter, g: GridGeometry, nodes: list[Node]) -> None:
        """Cells of ``nodes``, grouped by look so each look is one drawRects call."""
        m = self.m
        now, speed = m.now_ns, m.speed
        side = g.side
        groups: dict[tuple[str, int], list[QRectF]] = {}
        texts: list[tuple[QRectF, int]] = []
        show_fd = side >= 17
        cell_rect = self.cell_rect
        for n in nodes:
            r = cell_rect(n.fd)
            if r is None:
                continue
            # most cells are live and hold no brief state: their look needs no clock arithmetic
            look = (n.state, 0) if n.t_end is None and n.t_paused is None and n.t_half is None else \
                cell_look(n, now, speed)
            groups.setdefault(look, []).append(r)
            if n.t_end is not None or look[0] != n.state:
                self._schedule(n, look, now, speed)
            if show_fd and look[1] < 2 and look[0] != PAUSED:  # a paused cell shows its badge instead
                texts.append((r, n.fd))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for (state, step), rects in groups.items():
            col = STATE_COLORS[state]
            a = FADE_STEPS[step] * (0.6 if state == CLOSED else 1.0)
            if state == HALF_CLOSED:  # the peer's half is gone: the upper half filled, the lower half faint
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(with_alpha(col, a * 0.3))
                p.drawRects(rects)
                p.setBrush(with_alpha(col, a))
                p.drawRects([QRectF(r.left(), r.top(), side, math.ceil(side / 2)) for r in rects])
            elif state == REFUSED:  # never served: a hollow cell
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(with_alpha(col, a * 0.3))
                p.drawRects(rects)
                p.setPen(QPen(with_alpha(col, a), 1.0))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRects([r.adjusted(0.5, 0.5, -0.5, -0.5) for r in rects])
            else:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(with_alpha(col, a))
                p.drawRects(rects)
                if state == PAUSED and side >= 9:  # the pause badge: two dark bars
                    p.setBrush(with_alpha(BACKGROUND, a))
                    bw = max(1.0, side * 0.14)
                    p.drawRects([QRectF(r.center().x() - bw * 1.6, r.top() + side * 0.25, bw, side * 0.5)
                                 for r in rects] + [QRectF(r.center().x() + bw * 0.6, r.top() + side * 0.25, bw,
                                                           side * 0.5) for r in rects])
        if texts:
            p.setFont(m.small_font)
            fm = p.fontMetrics()
            p.setPen(INK)
            digit = max(fm.horizontalAdvance(d) for d in "0123456789")  # digits are (nearly) equally wide
            dy = side / 2 + (fm.ascent() - fm.descent()) / 2
            for r, fd in texts:
                t = str(fd)
                w = digit * len(t)
                if w <= side - 2:  # inside its own cell: never over another label
                    # drawText at a point: half the cost of drawText in a rectangle with an alignment
                    p.drawText(QPointF(r.left() + (side - w) / 2, r.top() + dy), t)
                    self.cell_labels[fd] = r

    def _redraw_cells(self, g: GridGeometry, fds: set[int]) -> None:
        """Clear the cells of ``fds`` and draw what they show now."""
        shown = self.m.scene.shown_by_fd
        p = QPainter(self._base)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            side = g.side
            nodes = []
            for fd in fds:
                o = g.origin(fd)
                if o is None:
                    continue
                p.fillRect(QRectF(o[0], o[1], side, side), EMPTY)  # opaque: erases the old look
                self.cell_labels.pop(fd, None)
                n = shown.get(fd)
                if n is not None:
                    nodes.append(n)
            self._paint_nodes(p, g, nodes)
        finally:
            p.end()
        self.cells_redrawn += len(fds)

    # -- cells whose look changes with time --
    def _schedule(self, n: Node, look: tuple[str, int], now: int, speed: float) -> None:
        """Remember when this cell must be redrawn next although no event comes: a fade step, a held state."""
        if n.t_end is not None:
            age = (now - n.t_end) * speed
            for at in _FADE_AT:
                if age < at:
                    heapq.heappush(self._due.setdefault(at, []), (n.t_end, n.fd, n.cid))
                    break
        if look[0] != n.state:  # a brief pause or half-close held on screen
            t = n.t_half if look[0] == HALF_CLOSED else n.t_paused
            if t is not None:
                heapq.heappush(self._due.setdefault(STATE_HOLD_NS, []), (t, n.fd, n.cid))

    def _take_due(self, dirty: set[int]) -> None:
        now, speed = self.m.now_ns, self.m.speed
        shown = self.m.scene.shown_by_fd
        for delay, heap in self._due.items():
            while heap and (now - heap[0][0]) * speed >= delay:
                _t, fd, cid = heapq.heappop(heap)
                n = shown.get(fd)
                if n is not None and n.cid == cid:
                    dirty.add(fd)

    # -- every frame --
    def paint(self, p: QPainter, placer: LabelPlacer) -> tuple[int, int]:
        """Static layer, then pulses, flights, marks and the listener; returns (pulses, flights) drawn."""
        g = self.geom
        assert g is not None, "layout() first"
        self._ensure_base(g)
        p.drawImage(QPointF(0, 0), self._base)
        hx, hy, hw, hh = g.hole_rect()
        center = QPointF(hx + hw / 2, hy + LISTENER_R + 5)
        n_read, n_write = paint_pulses(p, self.m, g)
        self.last_ready = (n_read, n_write)
        n_flights = paint_flights(p, self.m, g, center, LISTENER_R)
        paint_marks(p, self.m, g)
        self.m.chrome.paint_listener(p, center, LISTENER_R, placer, room=hw)
        return n_read + n_write, n_flights
