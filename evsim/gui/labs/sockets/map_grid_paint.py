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
from array import array
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPen

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
_HOLLOW = frozenset((HALF_CLOSED, REFUSED))  # cells filled faintly, their extras drawn on top


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
        self.pulses_capped = False  # whether more cells were ready than a frame animates
        self._rects: dict[int, QRectF] = {}               # fd -> its cell (for this geometry)
        self._pix: list[int] = []
        self._pix_key: tuple | None = None
        self._colours: dict[tuple[str, int], QColor] = {}
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
        looks = self._looks(g, m.scene.shown_by_fd.values())
        p = QPainter(img)
        try:
            self._fill_all_cells(p, g, looks)
            self._paint_extras(p, g, looks)
            self._paint_row_labels(p, g)
            if m.show_legend:  # static too: drawn here, not every frame
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                legend = LabelPlacer()
                m.chrome.paint_legend(p, legend)
                self.row_labels += legend.labels
        finally:
            p.end()

    def _fill_all_cells(self, p: QPainter, g: GridGeometry, looks: dict[tuple[str, int], list[int]]) -> None:
        """Every cell in its colour at once: one pixel per cell in a small image, scaled up by the pitch (no
        smoothing), then the gaps between cells painted over as a few long strips.  A per-cell draw call
        would cost 10,000 Python calls; this costs one per node to set its pixel."""
        cols, rows, pitch, side = g.cols, g.rows, g.pitch, g.side
        pix = self._pixels(g)
        bg = BACKGROUND.rgba()
        buf = array("I", [EMPTY.rgba()]) * (cols * rows)
        for r in range(g.hole_r0, g.hole_r0 + g.hole_rows):  # the hole ...
            buf[r * cols + g.hole_c0:r * cols + g.hole_c0 + g.hole_cols] = array("I", [bg]) * g.hole_cols
        last = pix[-1] + 1 if pix else 0  # ... and the cells past the last one are background
        buf[last:] = array("I", [bg]) * (cols * rows - last)
        for look, fds in looks.items():
            c = self._colour(look).rgba()
            for fd in fds:
                buf[pix[fd]] = c
        data = buf.tobytes()
        small = QImage(data, cols, rows, cols * 4, QImage.Format.Format_ARGB32_Premultiplied)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        p.drawImage(QRectF(g.ox, g.oy, cols * pitch, rows * pitch), small)
        gap = pitch - side
        strips = [QRectF(g.ox + c * pitch + side, g.oy, gap, rows * pitch) for c in range(cols)]
        strips += [QRectF(g.ox, g.oy + r * pitch + side, cols * pitch, gap) for r in range(rows)]
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(BACKGROUND)
        p.drawRects(strips)

    def _pixels(self, g: GridGeometry) -> list[int]:
        """Cell index (fd) -> its pixel in the one-pixel-per-cell image (row * cols + column), per geometry."""
        if self._pix_key != g.key:
            self._pix_key = g.key
            cols, hr0, hc0, hc = g.cols, g.hole_r0, g.hole_c0, g.hole_cols
            pix = list(range(hr0 * cols))  # above the hole a cell's pixel is its index
            for r in range(hr0, hr0 + g.hole_rows):
                pix += range(r * cols, r * cols + hc0)
                pix += range(r * cols + hc0 + hc, (r + 1) * cols)
            pix += range((hr0 + g.hole_rows) * cols, g.rows * cols)
            self._pix = pix[:g.capacity]
        return self._pix

    def _colour(self, look: tuple[str, int]) -> QColor:
        """The opaque colour a cell with this look is filled with (its translucent colour over an empty cell)."""
        c = self._colours.get(look)
        if c is None:
            state, step = look
            a = FADE_STEPS[step] * (0.6 if state == CLOSED else 1.0) * (0.3 if state in _HOLLOW else 1.0)
            c = self._colours[look] = _over(with_alpha(STATE_COLORS[state], a), EMPTY)
        return c

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

    def _looks(self, g: GridGeometry, nodes) -> dict[tuple[str, int], list[int]]:
        """The fds of ``nodes`` grouped by look (state drawn, fade step); cells whose look will change with
        time are scheduled for a redraw."""
        m = self.m
        now, speed = m.now_ns, m.speed
        cap = g.capacity
        looks: dict[tuple[str, int], list[int]] = {}
        plain: dict[str, list[int]] = {}
        for n in nodes:
            fd = n.fd
            if fd >= cap or fd < 0:
                continue
            # most cells are live and hold no brief state: their look needs no clock arithmetic
            if n.t_end is None and n.t_paused is None and n.t_half is None:
                plain.setdefault(n.state, []).append(fd)
            else:
                look = cell_look(n, now, speed)
                self._schedule(n, look, now, speed)
                looks.setdefault(look, []).append(fd)
        for state, fds in plain.items():
            looks.setdefault((state, 0), []).extend(fds)
        return looks

    def _fill_cells(self, p: QPainter, looks: dict[tuple[str, int], list[int]]) -> None:
        """A few cells in their colours: one drawRects per look."""
        p.setPen(Qt.PenStyle.NoPen)
        for look, fds in looks.items():
            p.setBrush(self._colour(look))
            p.drawRects([self.cell_rect(fd) for fd in fds])

    def _paint_extras(self, p: QPainter, g: GridGeometry, looks: dict[tuple[str, int], list[int]]) -> None:
        """What a flat colour cannot say: a half-closed cell's upper half filled, a refused cell's outline, the
        pause badge (cells of 9 px and more) and, in cells big enough, the fd."""
        side = g.side
        rect = self.cell_rect
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        texts: list[int] = []
        show_fd = side >= 17
        for (state, step), fds in looks.items():
            col = STATE_COLORS[state]
            a = FADE_STEPS[step] * (0.6 if state == CLOSED else 1.0)
            if state == HALF_CLOSED:  # the peer's half is gone: the upper half filled, the lower half faint
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(with_alpha(col, a))
                p.drawRects([QRectF(r.left(), r.top(), side, math.ceil(side / 2)) for r in map(rect, fds)])
            elif state == REFUSED:  # never served: a hollow cell
                p.setPen(QPen(with_alpha(col, a), 1.0))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRects([r.adjusted(0.5, 0.5, -0.5, -0.5) for r in map(rect, fds)])
            elif state == PAUSED and side >= 9:  # the pause badge: two dark bars
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(with_alpha(BACKGROUND, a))
                bw, top, h = max(1.0, side * 0.14), side * 0.25, side * 0.5
                rs = [rect(fd) for fd in fds]
                p.drawRects([QRectF(r.center().x() - bw * 1.6, r.top() + top, bw, h) for r in rs]
                            + [QRectF(r.center().x() + bw * 0.6, r.top() + top, bw, h) for r in rs])
            if show_fd and step < 2 and state != PAUSED:  # a paused cell shows its badge instead
                texts += fds
        if texts:
            p.setFont(self.m.small_font)
            fm = p.fontMetrics()
            p.setPen(INK)
            digit = max(fm.horizontalAdvance(d) for d in "0123456789")  # digits are (nearly) equally wide
            dy = side / 2 + (fm.ascent() - fm.descent()) / 2
            for fd in texts:
                t = str(fd)
                w = digit * len(t)
                if w <= side - 2:  # inside its own cell: never over another label
                    r = rect(fd)
                    # drawText at a point: half the cost of drawText in a rectangle with an alignment
                    p.drawText(QPointF(r.left() + (side - w) / 2, r.top() + dy), t)
                    self.cell_labels[fd] = r

    def _redraw_cells(self, g: GridGeometry, fds: set[int]) -> None:
        """Clear the cells of ``fds`` and draw what they show now."""
        shown = self.m.scene.shown_by_fd
        p = QPainter(self._base)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            nodes, emptied = [], []
            for fd in fds:
                if not 0 <= fd < g.capacity:
                    continue
                self.cell_labels.pop(fd, None)
                n = shown.get(fd)
                if n is not None:
                    nodes.append(n)
                else:
                    emptied.append(self.cell_rect(fd))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(EMPTY)
            p.drawRects(emptied)
            looks = self._looks(g, nodes)
            self._fill_cells(p, looks)  # opaque: covers the old look
            self._paint_extras(p, g, looks)
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
