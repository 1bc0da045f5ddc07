"""What the socket map adds for a watched program: kernel queues and diagnosis flags on the nodes.

:class:`ProgramOverlay` is a transparent child of the :class:`~evsim.gui.labs.sockets.socket_map.SocketMap`
(it never takes the mouse), repainted whenever the map is: for each socket it draws

* two thin bars beside the node, the kernel's **receive queue** (blue: bytes arrived, not yet read by the
  program) and **send queue** (orange: bytes written, not yet acknowledged by the peer), their height on a
  log scale from 1 byte to 4 MiB, and their byte counts beside them where the map drew no text (the node's
  tooltip always has them);
* a red dashed ring and a "!" badge on a socket the diagnoses flagged.

It also answers the map's tooltips, adding the kernel's queues and each diagnosis's sentence to the node's
own text.  Nothing here reads a socket: the numbers come from the program's stream (:class:`ProgramState`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from evsim.gui.labs.sockets.map_style import READ_COLOR, WRITE_COLOR, human_bytes, with_alpha
from evsim.gui.labs.sockets.program_state import ProgramState
from evsim.gui.labs.sockets.program_text import ProgramText
from evsim.gui.labs.sockets.socket_map import SocketMap

__all__ = ["ProgramOverlay", "FLAG_COLOR", "bar_height"]

FLAG_COLOR = QColor("#ff5d3d")
TRACK = QColor("#ffffff")
#: Queue sizes are drawn on a log scale up to this many bytes (a full default socket buffer is a few MiB).
SCALE_MAX = 4 * 1024 * 1024


def bar_height(nbytes: int, full: float) -> float:
    """The height of a queue bar of ``nbytes`` when a bar of SCALE_MAX bytes is ``full`` high (0 for none)."""
    if nbytes <= 0:
        return 0.0
    return max(2.0, full * min(1.0, math.log2(1 + nbytes) / math.log2(1 + SCALE_MAX)))


class ProgramOverlay(QWidget):
    """Kernel queues and diagnosis flags over ``socket_map`` (see the module's docstring)."""

    def __init__(self, socket_map: SocketMap, state: ProgramState) -> None:
        super().__init__(socket_map)
        self.map = socket_map
        self.state = state
        self.text = ProgramText(self)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setGeometry(socket_map.rect())
        #: What the last paint drew: {"queues": fds with a bar, "flags": fds flagged}.
        self.last_paint: dict[str, list[int]] = {"queues": [], "flags": []}
        socket_map.installEventFilter(self)
        self.show()

    # -- where each socket is on the map --
    def _spots(self) -> list[tuple[int, float, float, float, float]]:
        """(fd, x, y, r, alpha) of every live socket that has queues or flags to show."""
        m, st = self.map, self.state
        want = set(st.queues) | {fd for fd in st.flags if fd >= 0}
        if not want:
            return []
        scene = m.scene
        out = []
        if m.is_grid:
            g = m.grid.geom
            if g is None:
                return []
            for fd in want:
                n = scene.by_fd.get(fd)
                c = g.center(fd) if n is not None else None
                if c is not None:
                    out.append((fd, c[0], c[1], g.side / 2.0, 1.0))
            return out
        for it in m.node_items():
            n = it.node
            if n.fd in want and not n.ended and scene.by_fd.get(n.fd) is n:
                out.append((n.fd, it.x, it.y, it.r, it.alpha))
        return out

    # -- painting --
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        spots = self._spots()
        queues, flags = [], []
        if spots:
            p = QPainter(self)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setFont(self.map.small_font)
            grid = self.map.is_grid  # square cells packed tight: marks stay inside each cell
            # figures go only where the map drew no text and no node
            taken = self.map.label_rects() + [QRectF(x - r, y - r, 2 * r, 2 * r) for _, x, y, r, _ in spots]
            for fd, x, y, r, alpha in spots:
                if self.state.flags.get(fd):
                    self._paint_flag(p, x, y, r, alpha, grid)
                    flags.append(fd)
                q = self.state.queues.get(fd)
                if q is not None and (q.recv_q or q.send_q):
                    self._paint_queues(p, x, y, r, alpha, q.recv_q, q.send_q, taken, grid)
                    queues.append(fd)
            p.end()
        self.last_paint = {"queues": sorted(queues), "flags": sorted(flags)}

    def _paint_flag(self, p: QPainter, x: float, y: float, r: float, alpha: float, grid: bool) -> None:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(with_alpha(FLAG_COLOR, alpha), max(1.5, r * 0.16), Qt.PenStyle.DashLine))
        if grid:
            p.drawRect(QRectF(x - r - 1.5, y - r - 1.5, 2 * r + 3, 2 * r + 3))
        else:
            p.drawEllipse(QPointF(x, y), r + 4.5, r + 4.5)
        if r < 6:
            return
        b = max(5.0, r * 0.45)
        c = QPointF(x + r * 0.8, y - r * 0.8)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(with_alpha(FLAG_COLOR, alpha))
        p.drawEllipse(c, b, b)
        p.setPen(with_alpha(QColor("#ffffff"), alpha))
        p.drawText(QRectF(c.x() - b, c.y() - b, 2 * b, 2 * b), Qt.AlignmentFlag.AlignCenter, "!")

    def _paint_queues(self, p: QPainter, x: float, y: float, r: float, alpha: float, rq: int, sq: int,
                      taken: list[QRectF], grid: bool) -> None:
        full = max(6.0, 2.0 * r)
        w = max(2.0, r * 0.28)
        left = x + r - 2 * w - 2.5 if grid else x + r + 3.0
        bottom = y + r
        p.setPen(Qt.PenStyle.NoPen)
        for i, (n, col) in enumerate(((rq, READ_COLOR), (sq, WRITE_COLOR))):
            h = bar_height(n, full)
            bx = left + i * (w + 1.5)
            p.setBrush(with_alpha(TRACK, 0.18 * alpha))  # the empty bar: full scale
            p.drawRect(QRectF(bx, bottom - full, w, full))
            if h:
                p.setBrush(with_alpha(col, alpha))
                p.drawRect(QRectF(bx, bottom - h, w, h))
        if grid or r < 9:
            return
        # the figures beside the bars, one line each (receive queue on top), where there is room
        fm = p.fontMetrics()
        lines = [(human_bytes(n), col) for n, col in ((rq, READ_COLOR), (sq, WRITE_COLOR)) if n]
        tx = left + 2 * w + 4.0
        top = y - len(lines) * fm.height() / 2.0
        boxes = [QRectF(tx, top + i * fm.height(), fm.horizontalAdvance(t), fm.height()) for i, (t, _) in
                 enumerate(lines)]
        if any(b.intersects(o) for b in boxes for o in taken) or any(b.right() > self.width() for b in boxes):
            return
        for box, (text, col) in zip(boxes, lines):
            p.setPen(with_alpha(col, alpha))
            p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            taken.append(box)

    # -- the map's size and tooltips --
    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802 - Qt name
        if obj is self.map:
            t = e.type()
            if t == QEvent.Type.Resize:
                self.setGeometry(self.map.rect())
            elif t == QEvent.Type.ToolTip:
                pos = e.pos()
                node = self.map.node_at(pos.x(), pos.y())
                if node is not None:
                    QToolTip.showText(e.globalPos(), self.tooltip_text(node), self.map)
                    return True
        return super().eventFilter(obj, e)

    def tooltip_text(self, node) -> str:
        """The map's own text for ``node``, then the kernel's queues and the diagnoses of its socket."""
        st = self.state
        text = self.map.tooltip_text(node)
        if node.ended or self.map.scene.by_fd.get(node.fd) is not node:
            return text
        return text + self.text.queue_lines(st.queues.get(node.fd)) + self.text.flag_lines(
            st.flags_for(node.fd), st.files)
