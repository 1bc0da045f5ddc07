"""The sockets lab's map: the listening socket in the centre, one node per connection around it.

The widget paints a :class:`evsim.core.echo.scene.SocketScene`.  What it draws is a pure function of the
scene, the widget's size, ``now_ns`` and ``speed`` (set with :meth:`SocketMap.set_clock`), so a test can
paint a recorded scene at a fixed clock and get the same picture every time.

Two levels of detail: up to :data:`DETAIL_MAX` nodes each node is a disc with its fd, a badge for its state
and its own edge; beyond that (hundreds or thousands of connections) nodes are small dots drawn in one
``drawPoints`` call per colour, with no text, and only the newest pulses and flights are animated.
"""

from __future__ import annotations

import math
import time
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from evsim.core.echo.scene import (
    CLOSED, FADE_NS, FLIGHT_NS, HALF_CLOSED, HOLD_NS, OPEN, PAUSED, PULSE_NS, REFUSED, RESET, Node, SocketScene, progress,
    ring_capacity, ring_of, slot_angle,
)
from evsim.gui.widgets.theme import TEXT, TEXT_DIM  # shared: presentation mode brightens them

__all__ = ["SocketMap", "NodeItem", "STATE_COLORS", "READ_COLOR", "WRITE_COLOR", "DETAIL_MAX"]

#: Up to this many nodes on screen, each is drawn in full (disc, fd, badge, edge); beyond, as dots.
DETAIL_MAX = 60
#: Animation time after the last event by which every animation (pulse, flight, hold, fade) is over.
QUIET_NS = HOLD_NS + FADE_NS + 200_000_000
#: At most this many pulse rings and flying byte packets are animated per frame.
MAX_PULSES = 80
MAX_FLIGHTS = 160

BACKGROUND = QColor("#111723")
GRID = QColor(255, 255, 255, 18)
LISTENER = QColor("#e6edf7")
READ_COLOR = QColor("#4da3ff")    # READ readiness, bytes coming in
WRITE_COLOR = QColor("#ffa94d")   # WRITE readiness, bytes going out
STATE_COLORS: dict[str, QColor] = {
    OPEN: QColor("#3ecf8e"),
    PAUSED: QColor("#b58cff"),
    HALF_CLOSED: QColor("#f4d35e"),
    CLOSED: QColor("#7d8799"),
    RESET: QColor("#ff5d5d"),
    REFUSED: QColor("#ff8fab"),
}


def _ease_out(p: float) -> float:
    return 1.0 - (1.0 - p) ** 3


def _with_alpha(c: QColor, a: float) -> QColor:
    out = QColor(c)
    out.setAlphaF(max(0.0, min(1.0, a)))
    return out


def _human_bytes(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n / (1024 * 1024):.1f} MiB"


class NodeItem(NamedTuple):
    """One node as painted: where, how big, how opaque."""

    node: Node
    x: float
    y: float
    r: float
    alpha: float
    state: str  # what is drawn (Node.display_state): a brief pause or half-close is held a moment


class SocketMap(QWidget):
    """Custom-painted map of the echo server's sockets.  Hover a node for its details."""

    #: A node was clicked: its fd (the panel may filter the log on it).
    node_clicked = Signal(int)

    def __init__(self, scene: SocketScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.now_ns = time.monotonic_ns()
        self.speed = 1.0
        self.show_legend = True
        self._seen_events = -1
        self.setMouseTracking(True)
        self.setMinimumSize(360, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._geom_key: tuple | None = None
        self._slot_xy: list[tuple[float, float]] = []
        self._sprites: dict[tuple, QPixmap] = {}
        self._ring_r: list[float] = []
        self._node_r = 10.0
        self._center = QPointF(0, 0)
        self._listener_r = 26.0
        self._unit: list[tuple[float, float]] = []
        self._make_fonts()
        #: What the last paint drew: {"nodes": n, "detailed": bool, "pulses": n, "flights": n}.
        self.last_paint: dict[str, object] = {}

    # -- clock --
    def set_clock(self, now_ns: int, speed: float = 1.0) -> bool:
        """Show the scene as it is at ``now_ns`` (animations scaled by ``speed``); returns whether a repaint
        was scheduled.  A quiet scene (no new event, every animation over) is not repainted."""
        s = self.scene
        changed = s.events_seen != self._seen_events or speed != self.speed
        self._seen_events = s.events_seen
        self.now_ns = now_ns
        self.speed = speed
        if changed or (now_ns - s.last_t_ns) * speed < QUIET_NS:
            self.update()
            return True
        return False

    # -- layout (pure given size and scene) --
    def _layout(self) -> None:
        w = self.width()
        rings = max(1, self.scene.rings_in_use)
        key = (w, self.height(), rings, self.show_legend)
        if key == self._geom_key:
            return
        self._geom_key = key
        h = self.height() - self._legend_geometry()[4]  # the legend strip is not map
        self._center = QPointF(w / 2.0, h / 2.0)
        r_max = max(40.0, min(w, h) / 2.0 - 38.0)  # room for the outer nodes' labels
        self._listener_r = max(14.0, min(30.0, r_max * 0.11))
        r_in = self._listener_r + 22.0
        dr = min(95.0, (r_max - r_in) / rings)
        self._ring_r = [r_in + dr * (k + 1) for k in range(rings)]
        # node radius: fit both between rings and along the most crowded ring
        along = min(2 * math.pi * self._ring_r[k] / ring_capacity(k) for k in range(rings))
        self._node_r = max(2.0, min(15.0, 0.42 * min(dr, along)))
        n_slots = sum(ring_capacity(k) for k in range(rings))
        while len(self._unit) < n_slots:
            a = slot_angle(len(self._unit))
            self._unit.append((math.cos(a), math.sin(a)))
        cx, cy = self._center.x(), self._center.y()
        ring_r = self._ring_r
        self._slot_xy = [
            (cx + ring_r[ring_of(s)] * ux, cy + ring_r[ring_of(s)] * uy) for s, (ux, uy) in enumerate(self._unit[:n_slots])
        ]

    def node_items(self, now_ns: int | None = None) -> list[NodeItem]:
        """Every node on screen at ``now_ns`` (default: the map's clock): position, radius, opacity.

        A node that has just been accepted moves out of the listener to its slot while it grows in.
        """
        self._layout()
        now = self.now_ns if now_ns is None else now_ns
        speed = self.speed
        cx, cy = self._center.x(), self._center.y()
        base_r = self._node_r
        out = []
        slot_xy = self._slot_xy
        for n in self.scene.nodes.values():
            if n.slot >= len(slot_xy):
                continue
            alpha = n.opacity(now, speed)
            if alpha <= 0.0:
                continue
            x, y = slot_xy[n.slot]
            g = n.appear(now, speed)
            if g < 1.0:
                e = _ease_out(g)
                x, y = cx + (x - cx) * e, cy + (y - cy) * e
                r = base_r * (0.35 + 0.65 * e)
            else:
                r = base_r
            out.append(NodeItem(n, x, y, r, alpha, n.display_state(now, speed)))
        return out

    def node_at(self, x: float, y: float) -> Node | None:
        """The node under the point (x, y), if any (a little slack around small dots)."""
        best, best_d = None, None
        for it in self.node_items():
            d = math.hypot(it.x - x, it.y - y)
            if d <= max(it.r, 6.0) + 2 and (best_d is None or d < best_d):
                best, best_d = it.node, d
        return best

    # -- painting --
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        try:
            self.paint(p)
        finally:
            p.end()

    def paint(self, p: QPainter) -> None:
        """Paint the whole map with ``p`` (also used to render into a QImage in tests and benchmarks)."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.fillRect(self.rect(), BACKGROUND)
        items = self.node_items()
        detailed = len(items) <= DETAIL_MAX
        if detailed:
            self._paint_rings(p)
        by_cid = {it.node.cid: it for it in items}
        if detailed:
            self._paint_edges(p, items)
        n_flights = self._paint_flights(p, by_cid, detailed)
        n_pulses = self._paint_pulses(p, items)
        if detailed:
            self._paint_nodes_detailed(p, items)
        else:
            self._paint_nodes_dense(p, items)
        self._paint_listener(p)
        self._paint_header(p, items)
        if self.show_legend:
            self._paint_legend(p)
        self.last_paint = {"nodes": len(items), "detailed": detailed, "pulses": n_pulses, "flights": n_flights}

    def _paint_rings(self, p: QPainter) -> None:
        c = self._center
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(GRID, 1.0, Qt.PenStyle.DashLine))
        for r in self._ring_r:
            p.drawEllipse(c, r, r)

    def _paint_edges(self, p: QPainter, items: list[NodeItem]) -> None:
        c = self._center
        now, speed = self.now_ns, self.speed
        quiet = QPainterPath()
        for it in items:
            n = it.node
            last = max(n.t_read or 0, n.t_write or 0)
            act = 1.0 - progress(last, now, PULSE_NS, speed) if last else 0.0
            if act > 0.05 and not n.ended:
                p.setPen(QPen(_with_alpha(TEXT, 0.18 + 0.45 * act * it.alpha), 1.6))
                p.drawLine(c, QPointF(it.x, it.y))
            else:
                quiet.moveTo(c)
                quiet.lineTo(it.x, it.y)
        p.setPen(QPen(_with_alpha(TEXT, 0.16), 1.0))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(quiet)

    def _paint_flights(self, p: QPainter, by_cid: dict[int, NodeItem], detailed: bool) -> int:
        """Bytes moving along edges: inbound (peer -> server, READ colour) and outbound (WRITE colour)."""
        now, speed = self.now_ns, self.speed
        c = self._center
        lr = self._listener_r
        pts_in: list[QPointF] = []
        pts_out: list[QPointF] = []
        labels: list[tuple[QPointF, str, bool]] = []
        flights = list(self.scene.flights)[-MAX_FLIGHTS:]
        for f in flights:
            it = by_cid.get(f.cid)
            if it is None:
                continue
            t = progress(f.t_ns, now, FLIGHT_NS, speed)
            if t >= 1.0:
                continue
            dx, dy = it.x - c.x(), it.y - c.y()
            d = math.hypot(dx, dy) or 1.0
            ux, uy = dx / d, dy / d
            # from the node's rim to the listener's rim (inbound), or back (outbound)
            a, b = d - it.r, lr
            s = a + (b - a) * t if f.inbound else b + (a - b) * t
            pt = QPointF(c.x() + ux * s, c.y() + uy * s)
            (pts_in if f.inbound else pts_out).append(pt)
            if detailed and len(labels) < 12 and s > lr + 24:  # no labels where the edges converge
                labels.append((pt, _human_bytes(f.nbytes), f.inbound))
        size = 7.0 if detailed else 4.0
        for pts, col in ((pts_in, READ_COLOR), (pts_out, WRITE_COLOR)):
            if pts:
                p.setPen(QPen(col, size, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                p.drawPoints(QPolygonF(pts))
        if labels:
            p.setFont(self._small)
            fm = p.fontMetrics()
            placed: list[QRectF] = []
            for pt, text, inbound in labels:
                box = QRectF(pt.x() + 6, pt.y() - 5 - fm.ascent(), fm.horizontalAdvance(text), fm.height())
                if any(box.intersects(other) for other in placed):
                    continue  # a label never covers another: the dot still shows the bytes moving
                placed.append(box)
                p.setPen(_with_alpha(READ_COLOR if inbound else WRITE_COLOR, 0.95))
                p.drawText(QPointF(pt.x() + 6, pt.y() - 5), text)
        return len(pts_in) + len(pts_out)

    def _paint_pulses(self, p: QPainter, items: list[NodeItem]) -> int:
        """Readiness pulses: an expanding ring, READ and WRITE in their colours; the newest MAX_PULSES."""
        now, speed = self.now_ns, self.speed
        live = []
        for it in items:
            n = it.node
            for t, col in ((n.t_read, READ_COLOR), (n.t_write, WRITE_COLOR)):
                if t is not None:
                    q = progress(t, now, PULSE_NS, speed)
                    if q < 1.0:
                        live.append((t, q, col, it))
        cap = MAX_PULSES if len(items) <= DETAIL_MAX else MAX_PULSES // 2
        if len(live) > cap:
            live.sort(key=lambda e: e[0], reverse=True)
            live = live[:cap]
        p.setBrush(Qt.BrushStyle.NoBrush)
        for _t, q, col, it in live:
            grow = 4.0 + 14.0 * _ease_out(q) if it.r > 5 else 3.0 + 8.0 * _ease_out(q)
            extra = 3.0 if col is WRITE_COLOR else 0.0
            p.setPen(QPen(_with_alpha(col, (1.0 - q) * it.alpha), 2.4 if it.r > 5 else 1.6))
            rr = it.r + grow + extra
            p.drawEllipse(QPointF(it.x, it.y), rr, rr)
        return len(live)

    def _paint_nodes_detailed(self, p: QPainter, items: list[NodeItem]) -> None:
        p.setFont(self._font)
        fm = p.fontMetrics()
        # peer labels only on the outermost ring, where they cannot run into other nodes
        outer = self.scene.rings_in_use - 1 if len(items) <= 24 else -1
        for it in items:
            n = it.node
            state = it.state
            col = STATE_COLORS[state]
            center = QPointF(it.x, it.y)
            r = it.r
            if state == HALF_CLOSED:
                # half filled: the peer's half (the outer side) is gone
                p.setPen(QPen(_with_alpha(col, it.alpha), 2.0))
                p.setBrush(_with_alpha(BACKGROUND, it.alpha))
                p.drawEllipse(center, r, r)
                ang = math.degrees(math.atan2(-(it.y - self._center.y()), it.x - self._center.x()))
                p.setBrush(_with_alpha(col, it.alpha))
                p.setPen(Qt.PenStyle.NoPen)
                rect = QRectF(it.x - r, it.y - r, 2 * r, 2 * r)
                p.drawPie(rect, int((ang + 90) * 16), 180 * 16)
            elif state == REFUSED:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(_with_alpha(col, it.alpha), 2.2))
                p.drawEllipse(center, r, r)
                d = r * 0.7
                p.drawLine(QPointF(it.x - d, it.y + d), QPointF(it.x + d, it.y - d))
            else:
                p.setPen(QPen(_with_alpha(col.lighter(130), it.alpha), 1.2))
                p.setBrush(_with_alpha(col, it.alpha * (0.55 if state == CLOSED else 1.0)))
                p.drawEllipse(center, r, r)
            # badges
            if state == PAUSED:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(_with_alpha(BACKGROUND, it.alpha))
                bw, bh = max(1.5, r * 0.22), r * 0.9
                p.drawRect(QRectF(it.x - bw * 1.6, it.y - bh / 2, bw, bh))
                p.drawRect(QRectF(it.x + bw * 0.6, it.y - bh / 2, bw, bh))
            elif state == RESET:
                p.setPen(QPen(_with_alpha(QColor("#ffffff"), it.alpha), max(1.5, r * 0.18)))
                d = r * 0.45
                p.drawLine(QPointF(it.x - d, it.y - d), QPointF(it.x + d, it.y + d))
                p.drawLine(QPointF(it.x - d, it.y + d), QPointF(it.x + d, it.y - d))
            elif r >= 9 and state in (OPEN, CLOSED):
                p.setPen(_with_alpha(QColor("#0b0f16"), it.alpha))
                txt = str(n.fd)
                p.drawText(QRectF(it.x - r, it.y - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, txt)
            if n.peer and ring_of(n.slot) == outer:
                p.setPen(_with_alpha(TEXT_DIM, it.alpha))
                label = self.tr("fd {fd} · :{port}").format(fd=n.fd, port=n.peer.rsplit(":", 1)[-1])
                wtxt = fm.horizontalAdvance(label)
                dx, dy = it.x - self._center.x(), it.y - self._center.y()
                d = math.hypot(dx, dy) or 1.0
                ux, uy = dx / d, dy / d
                # just outside the node, on the side away from the listener, clear of the pulse ring
                ax, ay = it.x + ux * (r + 10), it.y + uy * (r + 10)
                lx = ax + ux * wtxt / 2 - wtxt / 2
                ly = ay + uy * fm.height() / 2 + fm.ascent() / 2 - 1
                p.drawText(QPointF(lx, ly), label)

    def _sprite(self, state: str, level: int, diameter: int) -> QPixmap:
        """A pre-rendered antialiased dot: blitting it is several times cheaper than drawing a circle."""
        dpr = self.devicePixelRatioF() or 1.0
        key = (state, level, diameter, dpr)
        pm = self._sprites.get(key)
        if pm is None:
            side = diameter + 2
            pm = QPixmap(int(math.ceil(side * dpr)), int(math.ceil(side * dpr)))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            q = QPainter(pm)
            q.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            q.setPen(Qt.PenStyle.NoPen)
            q.setBrush(_with_alpha(STATE_COLORS[state], (level + 1) / 4.0 * (0.6 if state == CLOSED else 1.0)))
            q.drawEllipse(QRectF(1, 1, diameter, diameter))
            if state in (HALF_CLOSED, REFUSED) and diameter >= 6:  # hollow centre: "something is missing"
                q.setBrush(BACKGROUND)
                q.drawEllipse(QRectF(1 + diameter * 0.3, 1 + diameter * 0.3, diameter * 0.4, diameter * 0.4))
            q.end()
            self._sprites[key] = pm
        return pm

    def _paint_nodes_dense(self, p: QPainter, items: list[NodeItem]) -> None:
        """Many nodes: a pre-rendered dot per (state, opacity step) blitted at each node; no text."""
        base_r = self._node_r
        d = max(3, int(round(2 * base_r)))
        sprite = self._sprite
        cache: dict[tuple[str, int], tuple[QPixmap, float]] = {}
        draw = p.drawPixmap
        for it in items:
            level = 3 if it.alpha >= 1.0 else int(it.alpha * 4)
            key = (it.state, level)
            got = cache.get(key)
            if got is None:
                got = cache[key] = (sprite(key[0], level, d), d / 2.0 + 1)
            pm, half = got
            if it.r != base_r:  # still growing in: scale the dot
                rr = it.r
                draw(QRectF(it.x - rr, it.y - rr, 2 * rr, 2 * rr).toRect(), pm)
            else:
                draw(int(it.x - half), int(it.y - half), pm)

    def _paint_listener(self, p: QPainter) -> None:
        c = self._center
        r = self._listener_r
        lst = self.scene.listener
        now, speed = self.now_ns, self.speed
        if lst is None or not lst.running:
            p.setPen(QPen(TEXT_DIM, 1.5, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(c, r, r)
            p.setFont(self._font)
            p.setPen(TEXT_DIM)
            msg = self.tr("server stopped") if lst is not None else self.tr("no server")
            p.drawText(QRectF(c.x() - 90, c.y() + r + 4, 180, 40), Qt.AlignmentFlag.AlignHCenter, msg)
            return
        if lst.t_ready is not None:
            q = progress(lst.t_ready, now, PULSE_NS, speed)
            if q < 1.0:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(_with_alpha(LISTENER, 1.0 - q), 2.5))
                rr = r + 4 + 18 * _ease_out(q)
                p.drawEllipse(c, rr, rr)
        if lst.paused:
            p.setPen(QPen(STATE_COLORS[PAUSED], 2.5, Qt.PenStyle.DashLine))
        else:
            p.setPen(QPen(LISTENER.darker(115), 2.0))
        p.setBrush(QColor("#253047"))
        p.drawEllipse(c, r, r)
        p.setPen(LISTENER)
        p.setFont(self._small if r < 24 else self._font)
        p.drawText(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter,
                   self.tr("listen\nfd {fd}").format(fd=lst.fd))
        p.setFont(self._font)
        below = f":{lst.port}"
        if lst.paused:
            below += "  " + self.tr("(accept paused: {why})").format(why=lst.pause_reason)
        p.drawText(QRectF(c.x() - 150, c.y() + r + 3, 300, 20), Qt.AlignmentFlag.AlignHCenter, below)

    def _paint_header(self, p: QPainter, items: list[NodeItem]) -> None:
        s = self.scene
        lst = s.listener
        lines = []
        if lst is not None and lst.running:
            lines.append(self.tr("{host}:{port} · {style} · {backend}").format(
                host=lst.host, port=lst.port, style=lst.style, backend=lst.backend))
        elif lst is not None:  # not the address of a server that is gone (a failed restart left it here)
            lines.append(self.tr("server stopped"))
        lines.append(self.tr("open {open}   accepted {acc}   closed {closed}   reset {reset}   refused {ref}").format(
            open=s.open_count, acc=s.accepted, closed=s.closed, reset=s.resets, ref=s.refused))
        if len(items) > DETAIL_MAX:
            lines.append(self.tr("{n} sockets: drawn as dots (hover one for details)").format(n=len(items)))
        p.setFont(self._font)
        fm = p.fontMetrics()
        h = fm.height()
        wbox = max(fm.horizontalAdvance(t) for t in lines) + 16
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(17, 23, 35, 200))
        p.drawRoundedRect(QRectF(6, 6, wbox, h * len(lines) + 10), 5, 5)
        p.setPen(TEXT)
        for i, t in enumerate(lines):
            p.drawText(QPointF(14, 11 + fm.ascent() + i * h), t)

    def legend_entries(self) -> list[tuple[str, str]]:
        """(kind, label) of each legend row, translated; kind selects the swatch."""
        return [
            (OPEN, self.tr("open")),
            (PAUSED, self.tr("reading paused")),
            (HALF_CLOSED, self.tr("half-closed by peer")),
            (RESET, self.tr("reset / broken pipe")),
            (REFUSED, self.tr("refused (limit, cap)")),
            (CLOSED, self.tr("closed, fading")),
            ("read", self.tr("READ ready / bytes in")),
            ("write", self.tr("WRITE ready / bytes out")),
        ]

    def _legend_geometry(self) -> tuple[int, int, float, float, float]:
        """(columns, rows, column width, row height, strip height) of the legend strip at the bottom."""
        if not self.show_legend:
            return 0, 0, 0.0, 0.0, 0.0
        fm = QFontMetrics(self._small)
        entries = self.legend_entries()
        row = max(15, fm.height() + 3)
        col_w = max(fm.horizontalAdvance(t) for _, t in entries) + 30
        cols = max(1, min(4, int((self.width() - 12) // col_w)))
        rows = math.ceil(len(entries) / cols)
        return cols, rows, col_w, row, rows * row + 8

    def _paint_legend(self, p: QPainter) -> None:
        """A strip under the map: one swatch per state, pulse and byte direction."""
        entries = self.legend_entries()
        cols, rows, col_w, row, h = self._legend_geometry()
        p.setFont(self._small)
        fm = p.fontMetrics()
        y0 = self.height() - h
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(255, 255, 255, 10))
        p.drawRect(QRectF(0, y0, self.width(), h))
        x_left = max(6.0, (self.width() - cols * col_w) / 2)
        for i, (kind, label) in enumerate(entries):
            cx = x_left + 10 + (i % cols) * col_w
            cy = y0 + 4 + row * (i // cols) + row / 2
            self._swatch(p, kind, QPointF(cx, cy), 5.5)
            p.setPen(TEXT)
            p.drawText(QPointF(cx + 12, cy + fm.ascent() / 2 - 1), label)

    def _swatch(self, p: QPainter, kind: str, c: QPointF, r: float) -> None:
        if kind in ("read", "write"):
            col = READ_COLOR if kind == "read" else WRITE_COLOR
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(col, 1.8))
            p.drawEllipse(c, r, r)
            p.setPen(QPen(col, 4.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawPoint(c)
            return
        col = STATE_COLORS[kind]
        if kind == HALF_CLOSED:
            p.setPen(QPen(col, 1.5))
            p.setBrush(BACKGROUND)
            p.drawEllipse(c, r, r)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(col)
            p.drawPie(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), 90 * 16, 180 * 16)
        elif kind == REFUSED:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(col, 1.6))
            p.drawEllipse(c, r, r)
            p.drawLine(QPointF(c.x() - r * 0.7, c.y() + r * 0.7), QPointF(c.x() + r * 0.7, c.y() - r * 0.7))
        else:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(_with_alpha(col, 0.55 if kind == CLOSED else 1.0))
            p.drawEllipse(c, r, r)
            if kind == PAUSED:
                p.setBrush(BACKGROUND)
                p.drawRect(QRectF(c.x() - 2.6, c.y() - 2.5, 1.6, 5))
                p.drawRect(QRectF(c.x() + 1.0, c.y() - 2.5, 1.6, 5))
            elif kind == RESET:
                p.setPen(QPen(QColor("#ffffff"), 1.3))
                d = r * 0.45
                p.drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d))
                p.drawLine(QPointF(c.x() - d, c.y() + d), QPointF(c.x() + d, c.y() - d))

    # -- interaction --
    def tooltip_text(self, node: Node) -> str:
        """The hover text of a node: fd, peer, bytes, buffered, state, events."""
        state = node.state + (f" ({node.reason})" if node.reason else "")
        return self.tr(
            "<b>fd {fd}</b> · {peer}<br>state: {state}<br>bytes in: {bin} · out: {bout}<br>"
            "buffered: {buf}<br>events: {ev}"
        ).format(fd=node.fd, peer=node.peer, state=state, bin=_human_bytes(node.bytes_in),
                 bout=_human_bytes(node.bytes_out), buf=_human_bytes(node.buffered), ev=node.events)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            pos = e.pos()
            node = self.node_at(pos.x(), pos.y())
            if node is not None:
                QToolTip.showText(e.globalPos(), self.tooltip_text(node), self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def mousePressEvent(self, e) -> None:  # noqa: N802 - Qt name
        pos = e.position()
        node = self.node_at(pos.x(), pos.y())
        if node is not None and e.button() == Qt.MouseButton.LeftButton:
            self.node_clicked.emit(node.fd)
        super().mousePressEvent(e)

    def resizeEvent(self, e) -> None:  # noqa: N802 - Qt name
        self._geom_key = None
        super().resizeEvent(e)

    def _make_fonts(self) -> None:
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(7.0, self._font.pointSizeF() * 0.85))
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(6.5, self._small.pointSizeF() * 0.75))
        self._bold = QFont(self.font())
        self._bold.setBold(True)

    def changeEvent(self, e) -> None:  # noqa: N802 - Qt name
        # View > Zoom changes the font and View > Language the legend's width: lay the map out again
        if e.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange):
            self._make_fonts()
            self._geom_key = None
            self.update()
        super().changeEvent(e)
