"""The socket grid: N watched sockets drawn three times, one lane per backend, animated at measured speed.

select and poll: a scan head sweeps every cell once per call (cells behind it tinted: looked at this call;
ready cells it passed light up: found).  epoll: only the K ready cells light, pulsing once per call; the other
cells are never looked at.  select's lane turns red over the descriptors >= FD_SETSIZE when it refuses them.
The cells are cached in pixmaps (idle and scanned looks) so a frame costs a few blits, even at 10,000 sockets.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from evsim.core.multiplex.fdlimit import FD_SETSIZE
from evsim.core.multiplex.measure import BACKENDS
from evsim.gui.labs.multiplex.scene import GridGeometry, MultiplexScene, grid_geometry

__all__ = ["MultiplexGrid", "BACKEND_COLORS", "compare_to_poll"]

#: One colour per backend, shared with the chart.
BACKEND_COLORS = {"select": QColor("#f28e2b"), "poll": QColor("#4e9be6"), "epoll": QColor("#59c48a")}
BG = QColor("#1b202a")
LANE_BG = QColor("#232a36")
IDLE = QColor("#3b4454")
UNSEEN = QColor("#2c3340")  # epoll: cells the call never looks at
READY = QColor("#ffd34d")
READY_DIM = QColor("#a88a2e")
OVER = QColor("#d9534f")
TEXT = QColor("#e6e9ef")
TEXT_DIM = QColor("#9aa4b5")

HEADER_H = 62
PAD = 10
LEGEND_H = 26


class MultiplexGrid(QWidget):
    """Paints a :class:`MultiplexScene`; the panel sets ``now_ns``/``speed`` each frame and calls update()."""

    def __init__(self, scene: MultiplexScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.now_ns = 0
        self.speed = 1.0
        self.measuring = False
        self._cache: dict[str, tuple[tuple, QPixmap, QPixmap]] = {}
        self.setMinimumSize(QSize(420, 300))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(self.tr(
            "Each cell is one real socket (both ends of socketpairs); yellow cells have a byte waiting.\n"
            "select and poll look at every cell on every call; epoll is handed only the ready ones."))

    # -- geometry --
    def lane_rects(self) -> dict[str, QRect]:
        """Three lanes side by side: select, poll, epoll."""
        r = self.rect().adjusted(PAD, PAD, -PAD, -PAD - LEGEND_H)
        w = (r.width() - 2 * PAD) // 3
        return {b: QRect(r.x() + i * (w + PAD), r.y(), w, r.height()) for i, b in enumerate(BACKENDS)}

    @staticmethod
    def _grid_rect(lane: QRect) -> QRect:
        return lane.adjusted(12, HEADER_H, -8, -8)

    def geometry_for(self, lane: QRect) -> GridGeometry:
        g = self._grid_rect(lane)
        return grid_geometry(self.scene.n, g.width(), g.height())

    # -- cached cell pictures --
    def _pixmaps(self, backend: str, g: GridGeometry, size: QSize) -> tuple[QPixmap, QPixmap]:
        sc = self.scene
        lane = sc.lanes[backend]
        key = (sc.version, sc.n, sc.k, lane.error is not None, lane.over_limit, g, size.width(), size.height(),
               self.devicePixelRatioF())
        hit = self._cache.get(backend)
        if hit is not None and hit[0] == key:
            return hit[1], hit[2]
        color = BACKEND_COLORS[backend]
        scanned_fill = _mix(IDLE, color, 0.55)
        ready = set(i // g.per_cell for i in sc.ready_indices)
        over_from = sc.n - lane.over_limit if lane.error else sc.n  # the highest-numbered fds are last
        drawn = (sc.n + g.per_cell - 1) // g.per_cell
        pix = []
        for scanned in (False, True):
            dpr = self.devicePixelRatioF()
            pm = QPixmap(int(size.width() * dpr), int(size.height() * dpr))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, g.cell >= 6)
            p.setPen(Qt.PenStyle.NoPen)
            pitch = g.cell + g.gap
            radius = 1.5 if g.cell >= 6 else 0.0
            for c in range(drawn):
                col, row = c % g.cols, c // g.cols
                if c in ready:
                    fill = READY if (scanned or backend == "epoll") else READY_DIM
                elif c * g.per_cell >= over_from:
                    fill = OVER
                elif backend == "epoll":
                    fill = UNSEEN
                else:
                    fill = scanned_fill if scanned else IDLE
                rect = QRectF(col * pitch, row * pitch, g.cell, g.cell)
                if radius:
                    p.setBrush(fill)
                    p.drawRoundedRect(rect, radius, radius)
                else:
                    p.fillRect(rect, fill)
            p.end()
            pix.append(pm)
        self._cache[backend] = (key, pix[0], pix[1])
        return pix[0], pix[1]

    # -- painting --
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BG)
        for backend, lane_rect in self.lane_rects().items():
            self._paint_lane(p, backend, lane_rect)
        self._paint_legend(p)
        p.end()

    def _paint_lane(self, p: QPainter, backend: str, r: QRect) -> None:
        sc = self.scene
        lane = sc.lanes[backend]
        color = BACKEND_COLORS[backend]
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(LANE_BG)
        p.drawRoundedRect(QRectF(r), 6, 6)
        p.setBrush(color)
        p.drawRoundedRect(QRectF(r.x(), r.y(), r.width(), 4), 2, 2)

        # header: name and measured cost; what the call hands back; calls shown meanwhile
        big = QFont(self.font())
        big.setBold(True)
        big.setPointSizeF(max(9.0, big.pointSizeF() + 2))
        fm_big = QFontMetrics(big)
        x, w = r.x() + 12, r.width() - 22
        p.setFont(big)
        p.setPen(color)
        p.drawText(QRect(x, r.y() + 8, w, fm_big.height()), Qt.AlignmentFlag.AlignVCenter, backend)
        p.setPen(OVER if lane.error else TEXT)
        p.drawText(QRect(x, r.y() + 8, w, fm_big.height()), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                   self._cost_text(backend))
        p.setFont(self.font())
        fm = QFontMetrics(self.font())
        y = r.y() + 10 + fm_big.height()
        p.setPen(TEXT)
        p.drawText(QRect(x, y, w, fm.height()), Qt.AlignmentFlag.AlignVCenter,
                   fm.elidedText(self._headline(backend), Qt.TextElideMode.ElideRight, w))
        p.setPen(TEXT_DIM)
        p.drawText(QRect(x, y + fm.height(), w, fm.height()), Qt.AlignmentFlag.AlignVCenter,
                   fm.elidedText(self._subline(backend), Qt.TextElideMode.ElideRight, w))

        g = self.geometry_for(r)
        gr = self._grid_rect(r)
        pitch = g.cell + g.gap
        used = QSize(g.cols * pitch, g.rows * pitch)
        idle, scanned = self._pixmaps(backend, g, used)
        origin = gr.topLeft()
        p.drawPixmap(origin, idle)

        frac = sc.scan_fraction(backend, self.now_ns, self.speed) if backend != "epoll" else None
        drawn = (sc.n + g.per_cell - 1) // g.per_cell
        if frac is not None:
            head = min(drawn - 1, int(frac * drawn))
            full_rows, col = divmod(head, g.cols)
            if full_rows:
                src = QRect(0, 0, used.width(), full_rows * pitch)
                p.drawPixmap(QRect(origin, src.size()), scanned, _scaled(src, scanned))
            if col:
                src = QRect(0, full_rows * pitch, col * pitch, pitch)
                p.drawPixmap(QRect(origin + src.topLeft(), src.size()), scanned, _scaled(src, scanned))
            hx, hy = origin.x() + col * pitch, origin.y() + full_rows * pitch
            p.setPen(QPen(QColor("#ffffff"), 1.5))
            p.setBrush(QColor(255, 255, 255, 200))
            grow = max(2, g.cell // 3)
            p.drawRoundedRect(QRectF(hx - grow, hy - grow, g.cell + 2 * grow, g.cell + 2 * grow), 2, 2)
        elif backend == "epoll":
            pulse = sc.pulse(backend, self.now_ns, self.speed)
            if pulse is not None and sc.ready_indices and len(sc.ready_indices) <= 4000:
                halo = QColor(READY)
                halo.setAlphaF(0.15 + 0.6 * pulse)
                p.setPen(QPen(halo, 2.0))
                p.setBrush(Qt.BrushStyle.NoBrush)
                grow = 1.5 + 3.0 * (1.0 - pulse)
                seen = set()
                for i in sc.ready_indices:
                    c = i // g.per_cell
                    if c in seen:
                        continue
                    seen.add(c)
                    x, y = origin.x() + (c % g.cols) * pitch, origin.y() + (c // g.cols) * pitch
                    p.drawRoundedRect(QRectF(x - grow, y - grow, g.cell + 2 * grow, g.cell + 2 * grow), 3, 3)

        if lane.error:
            self._paint_refusal(p, gr, lane)
        elif not lane.measured:
            self._paint_note(p, gr, self.tr("measuring...") if self.measuring else
                             self.tr("not measured at this N and K yet"))

    def _cost_text(self, backend: str) -> str:
        lane = self.scene.lanes[backend]
        if lane.error:
            return self.tr("refused")
        if lane.cost is None:
            return ""
        return self.tr("%1 µs/call").replace("%1", _fmt_us(lane.cost))

    def _headline(self, backend: str) -> str:
        sc = self.scene
        lane = sc.lanes[backend]
        if lane.error:
            return self.tr("ValueError: an fd is >= FD_SETSIZE (%1)").replace("%1", str(FD_SETSIZE))
        if lane.cost is None:
            return self.tr("%1 sockets, %2 ready").replace("%1", str(sc.n)).replace("%2", str(sc.k))
        if backend == "epoll":
            return self.tr("hands back only the %1 ready").replace("%1", str(lane.found))
        return self.tr("looks at all %1 to find %2 ready").replace("%1", str(lane.scanned)).replace(
            "%2", str(lane.found))

    def _subline(self, backend: str) -> str:
        sc = self.scene
        lane = sc.lanes[backend]
        per = self.geometry_for(self.lane_rects()[backend]).per_cell
        group = self.tr(" · 1 cell = %1 sockets").replace("%1", str(per)) if per > 1 else ""
        if lane.error:
            return self.tr("%1 of %2 descriptors are >= %3 (red)").replace("%1", str(lane.over_limit)).replace(
                "%2", str(sc.n)).replace("%3", str(FD_SETSIZE))
        if lane.cost is None:
            return group.strip(" ·")
        calls = sc.calls_done(backend, self.now_ns, self.speed)
        text = self.tr("calls: %1").replace("%1", f"{calls:,}")
        vs_poll = compare_to_poll(sc.ratio_to_poll(backend)) if backend != "poll" else ""
        return text + (" · " + vs_poll if vs_poll else "") + group

    def _paint_refusal(self, p: QPainter, gr: QRect, lane) -> None:
        text = self.tr("select.select() raised\nValueError: filedescriptor\nout of range in select()")
        self._paint_note(p, gr, text, OVER)

    def _paint_note(self, p: QPainter, gr: QRect, text: str, edge: QColor | None = None) -> None:
        fm = QFontMetrics(self.font())
        lines = text.split("\n")
        w = min(gr.width() - 16, max(fm.horizontalAdvance(t) for t in lines) + 24)
        h = fm.height() * len(lines) + 14
        box = QRectF(gr.center().x() - w / 2, gr.center().y() - h / 2, w, h)
        p.setPen(QPen(edge, 1.5) if edge is not None else Qt.PenStyle.NoPen)
        p.setBrush(QColor(20, 24, 32, 230))
        p.drawRoundedRect(box, 6, 6)
        p.setPen(TEXT)
        p.setFont(self.font())
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_legend(self, p: QPainter) -> None:
        items = [
            (IDLE, self.tr("idle socket")),
            (READY_DIM, self.tr("ready, not found yet")),
            (_mix(IDLE, BACKEND_COLORS["poll"], 0.55), self.tr("looked at this call")),
            (READY, self.tr("ready, reported")),
            (QColor("#ffffff"), self.tr("scan position")),
            (UNSEEN, self.tr("never looked at")),
            (OVER, self.tr("fd >= FD_SETSIZE")),
        ]
        fm = QFontMetrics(self.font())
        x = PAD + 4
        y = self.height() - LEGEND_H + 4
        p.setFont(self.font())
        for color, label in items:
            w = 12 + 6 + fm.horizontalAdvance(label) + 12
            if x + w > self.width() - PAD:
                break
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawRoundedRect(QRectF(x, y + 3, 12, 12), 2, 2)
            p.setPen(TEXT_DIM)
            p.drawText(QRect(x + 18, y, w - 18, 18), Qt.AlignmentFlag.AlignVCenter, label)
            x += w


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def _scaled(src: QRect, pm: QPixmap) -> QRect:
    """``src`` in device pixels of ``pm`` (which has a device pixel ratio)."""
    d = pm.devicePixelRatio()
    if d == 1.0:
        return src
    return QRect(round(src.x() * d), round(src.y() * d), round(src.width() * d), round(src.height() * d))


def _fmt_us(v: float) -> str:
    return f"{v:.2f}" if v < 10 else (f"{v:.1f}" if v < 100 else f"{v:.0f}")


def _fmt_ratio(r: float) -> str:
    return f"{r:.1f}" if r < 10 else f"{r:,.0f}"


def compare_to_poll(ratio: float | None) -> str:
    """"22x cheaper than poll" / "1.8x dearer than poll" (the same words in the lanes and the readout)."""
    if ratio is None:
        return ""
    if 0.95 < ratio < 1.05:
        return QCoreApplication.translate("MultiplexGrid", "as costly as poll")
    if ratio >= 1.05:
        return QCoreApplication.translate("MultiplexGrid", "%1x cheaper than poll").replace("%1", _fmt_ratio(ratio))
    return QCoreApplication.translate("MultiplexGrid", "%1x dearer than poll").replace("%1", _fmt_ratio(1 / ratio))
