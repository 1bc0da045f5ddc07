"""The ring layout's top layer: the nodes (disc, fd, state badge), their peer labels and the listener's disc,
drawn over the moving parts (edges, bytes in flight, pulses); a stepped loop's marks and the selection over it.

Under a full-speed load the moving parts change every frame but this layer does not: the same four discs with
the same labels.  It is drawn once into an image (:class:`~evsim.gui.labs.sockets.map_sprites.Layer`) and
blitted while nothing it shows changed; :meth:`RingNodes.key` says what it shows.  Where each peer label goes
is decided before the bytes' labels (:meth:`RingNodes.plan`), so the layer does not depend on them: a peer
label keeps its place and a byte label goes where no peer label is.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from evsim.core.echo.scene import CLOSED, HALF_CLOSED, OPEN, PAUSED, REFUSED, RESET, Node
from evsim.gui.labs.sockets.map_sprites import Layer, Rings
from evsim.gui.labs.sockets.map_style import (
    BACKGROUND, HELD_COLOR, INK, LISTENER, READ_COLOR, STATE_COLORS, TEXT_DIM, LabelPlacer, with_alpha,
)

if TYPE_CHECKING:
    from evsim.gui.labs.sockets.map_ring import NodeItem, RingView

__all__ = ["RingNodes"]

#: Qt's translate() under the name lupdate looks for; the strings belong to the map's context.
translate = QCoreApplication.translate

WHITE = QColor("#ffffff")


class RingNodes:
    """The top layer of the ring view ``view`` (its map, centre and listener radius)."""

    def __init__(self, view: "RingView") -> None:
        self.view = view
        self.m = view.m
        self.layer = Layer()
        self._plan_key: tuple | None = None
        self._plan: list[tuple["NodeItem", QRectF, str]] = []

    def key(self, items: list["NodeItem"], header: QRectF) -> tuple:
        """Everything the layer's pixels (and its peer labels' places) depend on: the layout, the fonts and
        theme, the header's box (labels keep clear of it), the listener with a stepped loop's marks on it, and
        each node as drawn (position, size, opacity, state).  The nodes' marks and the selection are not in
        the layer (:meth:`paint_marks`): at full speed the loop's pending socket changes every frame."""
        m, v = self.m, self.view
        lst = m.scene.listener
        loop = m.scene.loop
        held = loop.held
        return (
            v.geom_key, m.fonts_made, TEXT_DIM.rgba(), m.show_legend,
            (header.x(), header.y(), header.width(), header.height()),
            None if lst is None else (lst.running, lst.paused, lst.pause_reason, lst.fd, lst.port,
                                      lst.fd in loop.pending, held is not None and held.fd == lst.fd),
            tuple((it.node.fd, it.node.peer, it.node.ended, it.x, it.y, it.r, it.alpha, it.state) for it in items),
        )

    def plan(self, key: tuple, items: list["NodeItem"], placer: LabelPlacer) -> None:
        """Put each node's disc and the peer labels that fit into ``placer`` (which holds the header, the
        listener and the legend); the places are worked out again only when ``key`` changed."""
        for it in items:  # no label over a node
            placer.add(QRectF(it.x - it.r, it.y - it.r, 2 * it.r, 2 * it.r), label=False)
        if key == self._plan_key:
            for _it, box, _text in self._plan:
                placer.add(box)
            return
        fm = QFontMetrics(self.m.label_font)
        bounds = QRectF(0, 0, self.m.width(), self.m.height())
        out = []
        for it in items:
            n = it.node
            if not n.peer:
                continue
            text = self.peer_label(n)
            for box in self.label_boxes(it, text, fm):
                if bounds.contains(box) and placer.place(box):
                    out.append((it, box, text))
                    break
        self._plan_key, self._plan = key, out

    def paint(self, p: QPainter, key: tuple, items: list["NodeItem"]) -> None:
        """The layer for ``key`` (:meth:`plan` ran for it this frame), from its image when it did not change."""
        self.layer.paint(p, key, self.m.width(), self.m.height(), lambda q: self._draw(q, items), self._area(items))

    def paint_marks(self, p: QPainter, items: list["NodeItem"], rings: Rings) -> None:
        """Over the layer, every frame: a stepped loop's marks on the nodes (pending: dashed, READ colour, at
        r + 7; held before a call: the code pane's colour at r + 4, as :func:`paint_loop_marks`) and the
        selection (the node the user clicked or the panel found)."""
        loop = self.m.scene.loop
        pending, held, sel = loop.pending, loop.held, self.m.selected_fd
        if not pending and held is None and sel is None:
            return
        held_fd = held.fd if held is not None else None
        for it in items:
            fd = it.node.fd
            if it.node.ended or (fd != sel and fd != held_fd and fd not in pending):
                continue
            if fd in pending:
                rings.draw(p, it.x, it.y, it.r + 7, READ_COLOR, 2.0, dashed=True, antialias=True)
            if fd == held_fd:
                rings.draw(p, it.x, it.y, it.r + 4, HELD_COLOR, 3.0, antialias=True)
            if fd == sel:
                rings.draw(p, it.x, it.y, it.r + 4, LISTENER, 2.0, antialias=True)

    def _area(self, items: list["NodeItem"]) -> QRectF:
        """Where the layer draws: the nodes, the peer labels, the listener with its marks and its text."""
        v = self.view
        c, r = v.center, v.listener_r + 10
        fh = QFontMetrics(self.m.label_font).height()
        area = QRectF(c.x() - 150, c.y() - r, 300, 2 * r + fh + 3)  # the text under it: 300 px wide at most
        for it in items:
            rr = it.r + 4  # a rim (2.2 px at r at most) and some room for antialiasing
            area = area.united(QRectF(it.x - rr, it.y - rr, 2 * rr, 2 * rr))
        for _it, box, _text in self._plan:
            area = area.united(box.adjusted(-3, -3, 3, 3))
        return area

    def _draw(self, p: QPainter, items: list["NodeItem"]) -> None:
        m = self.m
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setFont(m.label_font)
        for it in items:
            self._paint_node(p, it)
        # peer labels where there is room (nodes first, then labels, so a label is never under a disc)
        for it, box, text in self._plan:
            p.setPen(with_alpha(TEXT_DIM, it.alpha))
            m.label_texts.draw_centered(p, box, text)
        v = self.view
        m.chrome.paint_listener(p, v.center, v.listener_r, LabelPlacer(), pulse=False)

    def peer_label(self, n: Node) -> str:
        return translate("SocketMap", "fd {fd} · :{port}").format(fd=n.fd, port=n.peer.rsplit(":", 1)[-1])

    def label_boxes(self, it: "NodeItem", text: str, fm: QFontMetrics) -> tuple[QRectF, QRectF, QRectF]:
        """Where the peer label of ``it`` may go, best first: away from the listener (:meth:`label_box`), else
        beside the node, right or left (the top node of a small map: the header takes the place above it)."""
        w, h, gap = fm.horizontalAdvance(text), fm.height(), it.r + 10  # (clear of the pulse ring)
        return (self.label_box(it, text, fm), QRectF(it.x + gap, it.y - h / 2, w, h),
                QRectF(it.x - gap - w, it.y - h / 2, w, h))

    def label_box(self, it: "NodeItem", text: str, fm: QFontMetrics) -> QRectF:
        """Where the peer label of ``it`` goes: just outside the node, on the side away from the listener."""
        wtxt = fm.horizontalAdvance(text)
        c = self.view.center
        dx, dy = it.x - c.x(), it.y - c.y()
        d = math.hypot(dx, dy) or 1.0
        ux, uy = dx / d, dy / d
        ax, ay = it.x + ux * (it.r + 10), it.y + uy * (it.r + 10)  # clear of the pulse ring
        cx, cy = ax + ux * wtxt / 2, ay + uy * fm.height() / 2
        return QRectF(cx - wtxt / 2, cy - fm.height() / 2, wtxt, fm.height())

    def _paint_node(self, p: QPainter, it: "NodeItem") -> None:
        state = it.state
        col = STATE_COLORS[state]
        center = QPointF(it.x, it.y)
        r = it.r
        if state == HALF_CLOSED:
            # half filled: the peer's half (the outer side) is gone
            p.setPen(QPen(with_alpha(col, it.alpha), 2.0))
            p.setBrush(with_alpha(BACKGROUND, it.alpha))
            p.drawEllipse(center, r, r)
            c = self.view.center
            ang = math.degrees(math.atan2(-(it.y - c.y()), it.x - c.x()))
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
            p.setPen(QPen(with_alpha(WHITE, it.alpha), max(1.5, r * 0.18)))
            d = r * 0.45
            p.drawLine(QPointF(it.x - d, it.y - d), QPointF(it.x + d, it.y + d))
            p.drawLine(QPointF(it.x - d, it.y + d), QPointF(it.x + d, it.y - d))
        elif r >= 9 and state in (OPEN, CLOSED):
            p.setPen(with_alpha(INK, it.alpha))
            self.m.label_texts.draw_centered(p, QRectF(it.x - r, it.y - r, 2 * r, 2 * r), str(it.node.fd))
