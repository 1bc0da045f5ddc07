"""The small-N layout of the socket map: the listener in the centre, one disc per connection on rings around it.

Each node is drawn in full (disc, fd, state badge, its own edge, bytes flying along it, a peer label when
there is room).  Used up to :data:`DETAIL_MAX` nodes; beyond, the map switches to the grid
(:mod:`evsim.gui.labs.sockets.map_grid`).  The nodes, edges, pulses and flights are painted every frame; what
does not move (the background, the dashed rings, the legend) is drawn once into an image per size, ring count,
font and language (:meth:`RingView.backdrop`), so a frame under a full-speed load costs the moving parts only.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

from evsim.core.echo.scene import (
    CLOSED, HALF_CLOSED, OPEN, PAUSED, PULSE_NS, REFUSED, RESET, Node, progress, ring_capacity, ring_of,
    slot_angle,
)
from evsim.gui.labs.sockets.map_sprites import Dots
from evsim.gui.labs.sockets.map_style import (
    BACKGROUND, GRID, INK, LISTENER, READ_COLOR, STATE_COLORS, TEXT, TEXT_DIM, WRITE_COLOR, LabelPlacer, ease_out,
    human_bytes, paint_loop_marks, with_alpha,
)

if TYPE_CHECKING:
    from evsim.gui.labs.sockets.socket_map import SocketMap

__all__ = ["RingView", "NodeItem", "DETAIL_MAX", "MAX_PULSES", "MAX_FLIGHTS"]

#: Qt's translate() under the name lupdate looks for; the strings belong to the map's context.
translate = QCoreApplication.translate

#: Up to this many nodes on screen the ring layout is used, each node drawn in full; beyond, the grid.
DETAIL_MAX = 60
#: At most this many pulse rings and flying byte packets are animated per frame on the rings.
MAX_PULSES = 80
MAX_FLIGHTS = 160
#: At most this many packets fly along one edge in one direction (the newest).
FLIGHTS_PER_EDGE = 6


class NodeItem(NamedTuple):
    """One node as painted: where, how big, how opaque."""

    node: Node
    x: float
    y: float
    r: float
    alpha: float
    state: str  # what is drawn (Node.display_state): a brief pause or half-close is held a moment


class RingView:
    """Ring geometry and painting for the map ``m`` (its scene, clock and fonts); strings are translated in
    the map's context ("SocketMap"), where the catalogue has them."""

    def __init__(self, m: "SocketMap") -> None:
        self.m = m
        self._geom_key: tuple | None = None
        self._slot_xy: list[tuple[float, float]] = []
        self._unit: list[tuple[float, float]] = []
        self.ring_r: list[float] = []
        self.node_r = 10.0
        self.center = QPointF(0, 0)
        self.listener_r = 26.0
        self._backdrop: QImage | None = None
        self._backdrop_key: tuple | None = None
        #: How many times the backdrop was drawn (a test checks that a steady map does not redraw it).
        self.backdrop_draws = 0
        self._dots = Dots(7.0)

    # -- layout (pure given size and scene) --
    def layout(self, w: int, h: int) -> None:
        """Lay the rings out in a ``w`` x ``h`` map area (the legend strip excluded)."""
        rings = max(1, self.m.scene.rings_in_use)
        key = (w, h, rings)
        if key == self._geom_key:
            return
        self._geom_key = key
        self.center = QPointF(w / 2.0, h / 2.0)
        r_max = max(40.0, min(w, h) / 2.0 - 38.0)  # room for the outer nodes' labels
        self.listener_r = max(14.0, min(30.0, r_max * 0.11))
        r_in = self.listener_r + 22.0
        dr = min(95.0, (r_max - r_in) / rings)
        self.ring_r = [r_in + dr * (k + 1) for k in range(rings)]
        # node radius: fit both between rings and along the most crowded ring
        along = min(2 * math.pi * self.ring_r[k] / ring_capacity(k) for k in range(rings))
        self.node_r = max(2.0, min(15.0, 0.42 * min(dr, along)))
        n_slots = sum(ring_capacity(k) for k in range(rings))
        while len(self._unit) < n_slots:
            a = slot_angle(len(self._unit))
            self._unit.append((math.cos(a), math.sin(a)))
        cx, cy = self.center.x(), self.center.y()
        ring_r = self.ring_r
        self._slot_xy = [(cx + ring_r[ring_of(s)] * ux, cy + ring_r[ring_of(s)] * uy)
                         for s, (ux, uy) in enumerate(self._unit[:n_slots])]

    def items(self, now: int, speed: float) -> list[NodeItem]:
        """Every node on screen at ``now``; a node just accepted moves out of the listener while it grows in."""
        cx, cy = self.center.x(), self.center.y()
        base_r = self.node_r
        out = []
        slot_xy = self._slot_xy
        for n in self.m.scene.nodes.values():
            if n.slot >= len(slot_xy):
                continue
            alpha = n.opacity(now, speed)
            if alpha <= 0.0:
                continue
            x, y = slot_xy[n.slot]
            g = n.appear(now, speed)
            if g < 1.0:
                e = ease_out(g)
                x, y = cx + (x - cx) * e, cy + (y - cy) * e
                r = base_r * (0.35 + 0.65 * e)
            else:
                r = base_r
            out.append(NodeItem(n, x, y, r, alpha, n.display_state(now, speed)))
        return out

    @staticmethod
    def node_at(items: list[NodeItem], x: float, y: float) -> Node | None:
        """The node under (x, y) (a little slack around small discs); at most DETAIL_MAX nodes to look at."""
        best, best_d = None, None
        for it in items:
            d = math.hypot(it.x - x, it.y - y)
            if d <= max(it.r, 6.0) + 2 and (best_d is None or d < best_d):
                best, best_d = it.node, d
        return best

    # -- painting --
    def backdrop(self, dpr: float) -> QImage:
        """The map's background with the dashed rings and (if shown) the legend, for the current layout; drawn
        again only when the size, the rings, the font or the language changed."""
        m = self.m
        legend = (m.chrome.legend_geometry(), m.chrome.legend_key) if m.show_legend else None
        key = (m.width(), m.height(), dpr, self._geom_key, legend)
        if key != self._backdrop_key or self._backdrop is None:
            self._backdrop_key = key
            self.backdrop_draws += 1
            img = QImage(int(math.ceil(m.width() * dpr)), int(math.ceil(m.height() * dpr)),
                         QImage.Format.Format_ARGB32_Premultiplied)
            img.setDevicePixelRatio(dpr)
            img.fill(BACKGROUND)
            q = QPainter(img)
            try:
                q.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                q.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
                self._paint_rings(q)
                if m.show_legend:
                    m.chrome.paint_legend(q, LabelPlacer())
            finally:
                q.end()
            self._backdrop = img
        return self._backdrop

    def paint(self, p: QPainter, items: list[NodeItem], placer: LabelPlacer) -> tuple[int, int]:
        """Edges, flights, pulses and nodes over the backdrop (:meth:`backdrop`, already drawn); returns
        (pulses, flights) drawn."""
        for it in items:  # no label over a node
            placer.add(QRectF(it.x - it.r, it.y - it.r, 2 * it.r, 2 * it.r), label=False)
        by_cid = {it.node.cid: it for it in items}
        self._paint_edges(p, items)
        n_flights = self._paint_flights(p, by_cid, placer)
        n_pulses = self._paint_pulses(p, items)
        self._paint_nodes(p, items, placer)
        return n_pulses, n_flights

    def _paint_rings(self, p: QPainter) -> None:
        c = self.center
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(GRID, 1.0, Qt.PenStyle.DashLine))
        for r in self.ring_r:
            p.drawEllipse(c, r, r)

    def _paint_edges(self, p: QPainter, items: list[NodeItem]) -> None:
        c = self.center
        now, speed = self.m.now_ns, self.m.speed
        quiet = QPainterPath()
        for it in items:
            n = it.node
            last = max(n.t_read or 0, n.t_write or 0)
            act = 1.0 - progress(last, now, PULSE_NS, speed) if last else 0.0
            if act > 0.05 and not n.ended:  # 1 px, cosmetic: the cheapest antialiased line (a wider one costs
                pen = QPen(with_alpha(TEXT, 0.22 + 0.55 * act * it.alpha), 1.0)  # 2-5 times as much)
                pen.setCosmetic(True)
                p.setPen(pen)
                p.drawLine(c, QPointF(it.x, it.y))
            else:
                quiet.moveTo(c)
                quiet.lineTo(it.x, it.y)
        p.setPen(QPen(with_alpha(TEXT, 0.16), 1.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(quiet)

    def _paint_flights(self, p: QPainter, by_cid: dict[int, NodeItem], placer: LabelPlacer) -> int:
        """Bytes moving along edges: inbound (peer -> server, READ colour) and outbound (WRITE colour), the
        newest first: at most MAX_FLIGHTS in all and FLIGHTS_PER_EDGE per edge and direction (under a full-speed
        load an edge carries hundreds a second; a steady stream of dots shows that as well as all of them)."""
        now, speed = self.m.now_ns, self.m.speed
        cx, cy = self.center.x(), self.center.y()
        lr = self.listener_r
        pts_in: list[QPointF] = []
        pts_out: list[QPointF] = []
        labels: list[tuple[QPointF, str, bool]] = []
        per_edge: dict[tuple[int, bool], int] = {}
        geo: dict[int, tuple[float, float, float]] = {}  # cid -> (unit vector, the node's rim)
        edges_left = 2 * len(by_cid)  # (edge, direction) pairs not yet full: none left, nothing more to draw
        for f in reversed(self.m.scene.flights):
            key = (f.cid, f.inbound)
            n_edge = per_edge.get(key, 0)
            if n_edge >= FLIGHTS_PER_EDGE:
                continue
            t = progress(f.t_ns, now, f.dur_ns, speed)
            if t >= 1.0:
                continue
            g = geo.get(f.cid)
            if g is None:
                it = by_cid.get(f.cid)
                if it is None:
                    continue
                dx, dy = it.x - cx, it.y - cy
                d = math.hypot(dx, dy) or 1.0
                g = geo[f.cid] = (dx / d, dy / d, d - it.r)
            ux, uy, a = g
            per_edge[key] = n_edge + 1
            if n_edge + 1 == FLIGHTS_PER_EDGE:
                edges_left -= 1
            # from the node's rim to the listener's rim (inbound), or back (outbound)
            s = a + (lr - a) * t if f.inbound else lr + (a - lr) * t
            pt = QPointF(cx + ux * s, cy + uy * s)
            (pts_in if f.inbound else pts_out).append(pt)
            if len(labels) < 12 and s > lr + 24:  # no labels where the edges converge
                labels.append((pt, human_bytes(f.nbytes), f.inbound))
            if len(pts_in) + len(pts_out) >= MAX_FLIGHTS or edges_left <= 0:
                break
        for pts, col in ((pts_in, READ_COLOR), (pts_out, WRITE_COLOR)):
            if pts:
                self._dots.draw(p, pts, col)
        if labels:
            p.setFont(self.m.small_font)
            fm = p.fontMetrics()
            texts = self.m.small_texts
            ascent = fm.ascent()
            widths: dict[str, int] = {}
            for pt, text, inbound in labels:
                w = widths.get(text)
                if w is None:
                    w = widths[text] = fm.horizontalAdvance(text)
                box = QRectF(pt.x() + 6, pt.y() - 5 - ascent, w, fm.height())
                if not placer.place(box):
                    continue  # a label never covers another: the dot still shows the bytes moving
                p.setPen(with_alpha(READ_COLOR if inbound else WRITE_COLOR, 0.95))
                texts.draw_at_baseline(p, pt.x() + 6, pt.y() - 5, ascent, text)
        return len(pts_in) + len(pts_out)

    def _paint_pulses(self, p: QPainter, items: list[NodeItem]) -> int:
        """Readiness pulses: an expanding ring, READ and WRITE in their colours; the newest MAX_PULSES."""
        now, speed = self.m.now_ns, self.m.speed
        live = []
        for it in items:
            n = it.node
            for t, col in ((n.t_read, READ_COLOR), (n.t_write, WRITE_COLOR)):
                if t is not None:
                    q = progress(t, now, PULSE_NS, speed)
                    if q < 1.0:
                        live.append((t, q, col, it))
        if len(live) > MAX_PULSES:
            live.sort(key=lambda e: e[0], reverse=True)
            live = live[:MAX_PULSES]
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for _t, q, col, it in live:
            grow = 4.0 + 14.0 * ease_out(q) if it.r > 5 else 3.0 + 8.0 * ease_out(q)
            extra = 3.0 if col is WRITE_COLOR else 0.0
            p.setPen(QPen(with_alpha(col, (1.0 - q) * it.alpha), 2.4 if it.r > 5 else 1.6))
            rr = it.r + grow + extra
            p.drawEllipse(QPointF(it.x, it.y), rr, rr)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        return len(live)

    def peer_label(self, n: Node) -> str:
        return translate("SocketMap", "fd {fd} · :{port}").format(fd=n.fd, port=n.peer.rsplit(":", 1)[-1])

    def label_box(self, it: NodeItem, text: str, fm) -> QRectF:
        """Where the peer label of ``it`` goes: just outside the node, on the side away from the listener."""
        wtxt = fm.horizontalAdvance(text)
        dx, dy = it.x - self.center.x(), it.y - self.center.y()
        d = math.hypot(dx, dy) or 1.0
        ux, uy = dx / d, dy / d
        ax, ay = it.x + ux * (it.r + 10), it.y + uy * (it.r + 10)  # clear of the pulse ring
        cx, cy = ax + ux * wtxt / 2, ay + uy * fm.height() / 2
        return QRectF(cx - wtxt / 2, cy - fm.height() / 2, wtxt, fm.height())

    def _paint_nodes(self, p: QPainter, items: list[NodeItem], placer: LabelPlacer) -> None:
        p.setFont(self.m.label_font)
        fm = p.fontMetrics()
        sel = self.m.selected_fd
        loop = self.m.scene.loop
        for it in items:
            self._paint_node(p, it)
            if not it.node.ended:
                paint_loop_marks(p, loop, it.node.fd, QPointF(it.x, it.y), it.r)
            if it.node.fd == sel and not it.node.ended:  # the node the user clicked (or the panel found)
                p.setPen(QPen(LISTENER, 2.0))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(QPointF(it.x, it.y), it.r + 4, it.r + 4)
        bounds = QRectF(0, 0, self.m.width(), self.m.height())
        # peer labels where there is room (nodes first, then labels, so a label is never under a disc)
        for it in items:
            n = it.node
            if not n.peer:
                continue
            text = self.peer_label(n)
            box = self.label_box(it, text, fm)
            if bounds.contains(box) and placer.place(box):
                p.setPen(with_alpha(TEXT_DIM, it.alpha))
                self.m.label_texts.draw_centered(p, box, text)

    def _paint_node(self, p: QPainter, it: NodeItem) -> None:
        state = it.state
        col = STATE_COLORS[state]
        center = QPointF(it.x, it.y)
        r = it.r
        if state == HALF_CLOSED:
            # half filled: the peer's half (the outer side) is gone
            p.setPen(QPen(with_alpha(col, it.alpha), 2.0))
            p.setBrush(with_alpha(BACKGROUND, it.alpha))
            p.drawEllipse(center, r, r)
            ang = math.degrees(math.atan2(-(it.y - self.center.y()), it.x - self.center.x()))
            p.setBrush(with_alpha(col, it.alpha))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawPie(QRectF(it.x - r, it.y - r, 2 * r, 2 * r), int((ang + 90) * 16), 180 * 16)
        elif state == REFUSED:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(with_alpha(col, it.alpha), 2.2))
            p.drawEllipse(center, r, r)
            d = r * 0.7
            p.drawLine(QPointF(it.x - d, it.y + d), QPointF(it.x + d, it.y - d))
        elif it.alpha >= 1.0 and state != CLOSED:
            # an opaque disc with its lighter rim: two filled discs (a stroked rim costs 7 times as much)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(col.lighter(130))
            p.drawEllipse(center, r + 0.6, r + 0.6)
            p.setBrush(col)
            p.drawEllipse(center, r - 0.6, r - 0.6)
        else:
            p.setPen(QPen(with_alpha(col.lighter(130), it.alpha), 1.2))
            p.setBrush(with_alpha(col, it.alpha * (0.55 if state == CLOSED else 1.0)))
            p.drawEllipse(center, r, r)
        # badges
        if state == PAUSED:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(with_alpha(BACKGROUND, it.alpha))
            bw, bh = max(1.5, r * 0.22), r * 0.9
            p.drawRect(QRectF(it.x - bw * 1.6, it.y - bh / 2, bw, bh))
            p.drawRect(QRectF(it.x + bw * 0.6, it.y - bh / 2, bw, bh))
        elif state == RESET:
            p.setPen(QPen(with_alpha(QColor("#ffffff"), it.alpha), max(1.5, r * 0.18)))
            d = r * 0.45
            p.drawLine(QPointF(it.x - d, it.y - d), QPointF(it.x + d, it.y + d))
            p.drawLine(QPointF(it.x - d, it.y + d), QPointF(it.x + d, it.y - d))
        elif r >= 9 and state in (OPEN, CLOSED):
            p.setPen(with_alpha(INK, it.alpha))
            self.m.label_texts.draw_centered(p, QRectF(it.x - r, it.y - r, 2 * r, 2 * r), str(it.node.fd))
