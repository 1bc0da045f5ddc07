"""The small-N layout of the socket map: the listener in the centre, one disc per connection on rings around it.

Each node is drawn in full (disc, fd, state badge, its own edge, bytes flying along it, a peer label when
there is room).  Used up to :data:`DETAIL_MAX` nodes; beyond, the map switches to the grid
(:mod:`evsim.gui.labs.sockets.map_grid`).  A frame is three layers: under, the background, the dashed rings,
the legend (drawn once into an image per size, ring count, font and language, :meth:`RingView.backdrop`) and
the edges; then what moves every frame (bytes in flight, readiness pulses); on top the nodes, their labels and
the listener (:mod:`.map_ring_nodes`).  The under and top layers are kept as images while what they show stays
the same, so a frame under a full-speed load costs the moving parts and two blits.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPainterPath, QPen

from evsim.core.echo.scene import PULSE_NS, Node, progress, ring_capacity, ring_of, slot_angle
from evsim.gui.labs.sockets.map_ring_nodes import RingNodes
from evsim.gui.labs.sockets.map_sprites import Dots, Layer, Rings
from evsim.gui.labs.sockets.map_style import (
    BACKGROUND, GRID, READ_COLOR, TEXT, WRITE_COLOR, LabelPlacer, ease_out, human_bytes, with_alpha,
)

if TYPE_CHECKING:
    from evsim.gui.labs.sockets.socket_map import SocketMap

__all__ = ["RingView", "NodeItem", "DETAIL_MAX", "MAX_PULSES", "MAX_FLIGHTS"]

#: Up to this many nodes on screen the ring layout is used, each node drawn in full; beyond, the grid.
DETAIL_MAX = 60
#: At most this many pulse rings and flying byte packets are animated per frame on the rings.
MAX_PULSES = 80
MAX_FLIGHTS = 160
#: At most this many packets fly along one edge in one direction (the newest).
FLIGHTS_PER_EDGE = 6
#: An active edge's brightness is drawn in this many steps (so the edges stay the same while a flood goes on).
EDGE_STEPS = 8
#: The pens of the bytes' labels (inbound, outbound).
LABEL_PENS = (with_alpha(READ_COLOR, 0.95), with_alpha(WRITE_COLOR, 0.95))


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
        self._rings = Rings()
        #: The edges (an image while none changes) over the backdrop, and the nodes' layer on top.
        self.edges = Layer()
        self.nodes = RingNodes(self)

    @property
    def geom_key(self) -> tuple | None:
        """(width, height, rings) of the current layout."""
        return self._geom_key

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

    def paint(self, p: QPainter, items: list[NodeItem], placer: LabelPlacer, header: QRectF) -> tuple[int, int]:
        """The whole ring frame but the header (in ``header``): backdrop and edges, flights, pulses, then the
        nodes, their labels and the listener; ``placer`` holds the header, the listener and the legend.
        Returns (pulses, flights) drawn."""
        top = self.nodes.key(items, header)
        self.nodes.plan(top, items, placer)  # the peer labels' places first: the bytes' labels avoid them
        self._paint_under(p, items)
        n_flights = self._paint_flights(p, {it.node.cid: it for it in items}, placer)
        n_pulses = self._paint_pulses(p, items)
        self.m.chrome.paint_listener_pulse(p, self.center, self.listener_r)
        self.nodes.paint(p, top, items)
        self.nodes.paint_marks(p, items, self._rings)
        return n_pulses, n_flights

    def _paint_under(self, p: QPainter, items: list[NodeItem]) -> None:
        """The backdrop, then the edges, kept as an image while none changes (brightness in steps): under a
        load an edge's brightness changes every few frames, and the image covers the edges only."""
        p.drawImage(QPointF(0, 0), self.backdrop(p.device().devicePixelRatioF() or 1.0))
        if not items:
            return
        now, speed = self.m.now_ns, self.m.speed
        edges = []
        for it in items:
            n = it.node
            last = max(n.t_read or 0, n.t_write or 0)
            act = 1.0 - progress(last, now, PULSE_NS, speed) if last else 0.0
            if act > 0.05 and not n.ended:
                edges.append((it.x, it.y, 0.22 + 0.55 * math.ceil(act * EDGE_STEPS) / EDGE_STEPS * it.alpha))
            else:
                edges.append((it.x, it.y, None))
        c = self.center
        xs, ys = [c.x()] + [e[0] for e in edges], [c.y()] + [e[1] for e in edges]
        area = QRectF(min(xs) - 2, min(ys) - 2, max(xs) - min(xs) + 4, max(ys) - min(ys) + 4)
        self.edges.paint(p, (self._geom_key, TEXT.rgba(), tuple(edges)), self.m.width(), self.m.height(),
                         lambda q: self._paint_edges(q, edges), area)

    def _paint_rings(self, p: QPainter) -> None:
        c = self.center
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(GRID, 1.0, Qt.PenStyle.DashLine))
        for r in self.ring_r:
            p.drawEllipse(c, r, r)

    def _paint_edges(self, p: QPainter, edges: list[tuple[float, float, float | None]]) -> None:
        """Each edge (node x, y, alpha or None: quiet) from the listener's centre to its node."""
        c = self.center
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        quiet = QPainterPath()
        for x, y, a in edges:
            if a is not None:  # 1 px, cosmetic: the cheapest antialiased line (a wider one costs 2-5 times more)
                pen = QPen(with_alpha(TEXT, a), 1.0)
                pen.setCosmetic(True)
                p.setPen(pen)
                p.drawLine(c, QPointF(x, y))
            else:
                quiet.moveTo(c)
                quiet.lineTo(x, y)
        p.setPen(QPen(with_alpha(TEXT, 0.16), 1.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(quiet)

    def _paint_flights(self, p: QPainter, by_cid: dict[int, NodeItem], placer: LabelPlacer) -> int:
        """Bytes moving along edges: inbound (peer -> server, READ colour) and outbound (WRITE colour), the
        newest first: at most MAX_FLIGHTS in all and FLIGHTS_PER_EDGE per edge and direction (under a full-speed
        load an edge carries hundreds a second; a steady stream of dots shows that as well as all of them).
        Packets on the same device pixel are stamped once (under a flood the newest of an edge all sit at its
        end), and a label is tried once per spot."""
        now, speed = self.m.now_ns, self.m.speed
        cx, cy = self.center.x(), self.center.y()
        lr = self.listener_r
        dpr = p.device().devicePixelRatioF() or 1.0
        half = self._dots.half
        pts: tuple[list[QPointF], list[QPointF]] = ([], [])  # outbound, inbound
        seen: set[tuple[int, int, bool]] = set()
        labels: list[tuple[QPointF, str, bool]] = []
        per_edge: dict[tuple[int, bool], int] = {}
        geo: dict[int, tuple[float, float, float]] = {}  # cid -> (unit vector, the node's rim)
        n_flights = n_labels = 0
        edges_left = 2 * len(by_cid)  # (edge, direction) pairs not yet full: none left, nothing more to draw
        for f in reversed(self.m.scene.flights):
            key = (f.cid, f.inbound)
            n_edge = per_edge.get(key, 0)
            if n_edge >= FLIGHTS_PER_EDGE or f.dur_ns <= 0:
                continue
            t = (now - f.t_ns) * speed / f.dur_ns  # progress(), inlined: this loop runs ~50 times a frame
            if t >= 1.0:
                continue
            if t < 0.0:
                t = 0.0
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
            x, y = cx + ux * s, cy + uy * s
            at = (round((x - half) * dpr), round((y - half) * dpr), f.inbound)  # where the dot's image lands
            n_flights += 1
            new = at not in seen
            if new:
                seen.add(at)
                pts[f.inbound].append(QPointF(x, y))
            if n_labels < 12 and s > lr + 24:  # no labels where the edges converge
                n_labels += 1
                if new:
                    labels.append((QPointF(x, y), human_bytes(f.nbytes), f.inbound))
            if n_flights >= MAX_FLIGHTS or edges_left <= 0:
                break
        for pt_list, col in ((pts[1], READ_COLOR), (pts[0], WRITE_COLOR)):
            if pt_list:
                self._dots.draw(p, pt_list, col)
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
                p.setPen(LABEL_PENS[0] if inbound else LABEL_PENS[1])
                texts.draw_at_baseline(p, pt.x() + 6, pt.y() - 5, ascent, text)
        return n_flights

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
        rings = self._rings
        for _t, q, col, it in live:  # aliased: an antialiased 2.4 px ring costs twice as much, and moves
            grow = 4.0 + 14.0 * ease_out(q) if it.r > 5 else 3.0 + 8.0 * ease_out(q)
            extra = 3.0 if col is WRITE_COLOR else 0.0
            rings.draw(p, it.x, it.y, it.r + grow + extra, with_alpha(col, (1.0 - q) * it.alpha),
                       2.4 if it.r > 5 else 1.6)
        return len(live)
