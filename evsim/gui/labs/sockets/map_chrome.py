"""What the socket map draws around its nodes: the listening socket, the header with the counts, the legend.

Each part reports the text boxes it drew to a :class:`LabelPlacer`, so the map can keep every other label
clear of them and a test can check that no two labels overlap.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QPen

from evsim.core.echo.scene import CLOSED, HALF_CLOSED, OPEN, PAUSED, PULSE_NS, REFUSED, RESET, progress
from evsim.gui.labs.sockets.map_style import (
    BACKGROUND, LISTENER, READ_COLOR, STATE_COLORS, TEXT, TEXT_DIM, WRITE_COLOR, LabelPlacer, ease_out,
    paint_loop_marks, with_alpha,
)

if TYPE_CHECKING:
    from evsim.gui.labs.sockets.socket_map import SocketMap

__all__ = ["Chrome"]

#: Qt's translate() under the name lupdate looks for; the strings belong to the map's context.
translate = QCoreApplication.translate


class Chrome:
    """Listener, header and legend of the map ``m`` (its scene, clock and fonts); strings are translated in
    the map's context ("SocketMap"), where the catalogue has them."""

    def __init__(self, m: "SocketMap") -> None:
        self.m = m
        self._legend_key: tuple | None = None
        self._legend: tuple[int, int, float, float, float] = (0, 0, 0.0, 0.0, 0.0)
        self._boxes: dict[tuple, tuple[QRectF, list[str]]] = {}  # (lines, width) -> header_box()
        self._header_img: tuple[tuple, QImage] | None = None  # the header as last drawn, and its key

    def invalidate(self) -> None:
        """Fonts or language changed: measure and draw the header afresh."""
        self._boxes.clear()
        self._header_img = None
        self._legend_key = None

    # -- listener --
    def paint_listener(self, p: QPainter, c: QPointF, r: float, placer: LabelPlacer, room: float = 300.0,
                       pulse: bool = True) -> None:
        """The listening socket as a disc at ``c``; ``room`` is how wide the text under it may be; ``pulse``:
        with its readiness pulse (False: the caller draws it, :meth:`paint_listener_pulse`)."""
        m = self.m
        lst = m.scene.listener
        p.setFont(m.label_font)
        fm = p.fontMetrics()
        under = QRectF(c.x() - room / 2, c.y() + r + 3, room, fm.height())
        if lst is None or not lst.running:
            p.setPen(QPen(TEXT_DIM, 1.5, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(c, r, r)
            p.setPen(TEXT_DIM)
            msg = (translate("SocketMap", "server stopped") if lst is not None
                   else translate("SocketMap", "no server"))
            self._text(p, under, fm.elidedText(msg, Qt.TextElideMode.ElideRight, int(room)), placer)
            return
        if pulse:
            self.paint_listener_pulse(p, c, r)
        if lst.paused:
            p.setPen(QPen(STATE_COLORS[PAUSED], 2.5, Qt.PenStyle.DashLine))
        else:
            p.setPen(QPen(LISTENER.darker(115), 2.0))
        p.setBrush(QColor("#253047"))
        p.drawEllipse(c, r, r)
        paint_loop_marks(p, m.scene.loop, lst.fd, c, r)
        p.setPen(LISTENER)
        p.setFont(m.small_font if r < 24 else m.label_font)
        inside = QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)
        text = translate("SocketMap", "listen\nfd {fd}").format(fd=lst.fd)
        p.drawText(inside, Qt.AlignmentFlag.AlignCenter, text)
        placer.add(inside)
        p.setFont(m.label_font)
        below = f":{lst.port}"
        if lst.paused:
            below += "  " + translate("SocketMap", "(accept paused: {why})").format(why=lst.pause_reason)
        self._text(p, under, fm.elidedText(below, Qt.TextElideMode.ElideRight, int(room)), placer)

    def paint_listener_pulse(self, p: QPainter, c: QPointF, r: float) -> None:
        """The listener's readiness pulse (a connection to accept): a ring growing out of its disc."""
        lst = self.m.scene.listener
        if lst is None or not lst.running or lst.t_ready is None:
            return
        q = progress(lst.t_ready, self.m.now_ns, PULSE_NS, self.m.speed)
        if q < 1.0:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(with_alpha(LISTENER, 1.0 - q), 2.5))
            rr = r + 4 + min(18.0, r * 0.6) * ease_out(q)
            p.drawEllipse(c, rr, rr)

    @staticmethod
    def _text(p: QPainter, area: QRectF, text: str, placer: LabelPlacer) -> None:
        w = p.fontMetrics().horizontalAdvance(text)
        box = QRectF(area.center().x() - w / 2, area.top(), w, area.height())
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        placer.add(box)

    # -- header --
    def header_lines(self, extra: list[str], paused_note: bool = False) -> list[str]:
        """The header's lines: the server, the counters, then ``extra``; ``paused_note``: say here that accept
        is paused (the grid's listener has no room under it for the reason)."""
        s = self.m.scene
        lst = s.listener
        lines = []
        if lst is not None:
            first = translate("SocketMap", "{host}:{port} · {style} · {backend}").format(
                host=lst.host, port=lst.port, style=lst.style, backend=lst.backend)
            if paused_note and lst.paused:
                first += "  " + translate("SocketMap", "(accept paused: {why})").format(why=lst.pause_reason)
            lines.append(first)
        acc, closed, ref = s.accepted, s.closed, s.refused
        c = self.m.counters
        if c is not None:  # the server's own totals: exact also when events were dropped for the window
            acc, closed, ref = max(acc, c.accepted), max(closed, c.closed - s.resets), max(ref, c.refused)
        lines.append(translate(
            "SocketMap", "open {open}   accepted {acc}   closed {closed}   reset {reset}   refused {ref}").format(
            open=s.open_count, acc=acc, closed=closed, reset=s.resets, ref=ref))
        return lines + extra

    def header_box(self, lines: list[str]) -> tuple[QRectF, list[str]]:
        """The header's box (top left) and its lines, elided to the map's width."""
        key = (tuple(lines), self.m.width())
        got = self._boxes.get(key)
        if got is None:
            if len(self._boxes) > 64:
                self._boxes.clear()
            fm = QFontMetrics(self.m.label_font)
            room = int(self.m.width() - 28)
            lines = [fm.elidedText(t, Qt.TextElideMode.ElideRight, room) for t in lines]
            wbox = max(fm.horizontalAdvance(t) for t in lines) + 16
            got = self._boxes[key] = (QRectF(6, 6, wbox, fm.height() * len(lines) + 10), lines)
        return QRectF(got[0]), list(got[1])

    def paint_header(self, p: QPainter, lines: list[str], placer: LabelPlacer | None) -> QRectF:
        """The counts in a box at the top left; returns the box.  Lines too long for the map are elided."""
        box, lines = self.header_box(lines)
        dpr = p.device().devicePixelRatioF() or 1.0
        key = (tuple(lines), box.width(), box.height(), dpr, TEXT.rgba())
        if self._header_img is None or self._header_img[0] != key:  # drawn again only when its text changes
            img = QImage(int(math.ceil((box.right() + 1) * dpr)), int(math.ceil((box.bottom() + 1) * dpr)),
                         QImage.Format.Format_ARGB32_Premultiplied)
            img.setDevicePixelRatio(dpr)
            img.fill(0)
            q = QPainter(img)
            try:
                q.setRenderHints(p.renderHints())
                q.setFont(self.m.label_font)
                fm = q.fontMetrics()
                h = fm.height()
                q.setPen(Qt.PenStyle.NoPen)
                q.setBrush(QColor(17, 23, 35, 200))
                q.drawRoundedRect(box, 5, 5)
                q.setPen(TEXT)
                for i, t in enumerate(lines):
                    q.drawText(QPointF(14, 11 + fm.ascent() + i * h), t)
            finally:
                q.end()
            self._header_img = (key, img)
        p.drawImage(QPointF(0, 0), self._header_img[1])
        if placer is not None:
            placer.add(box)
        return box

    # -- legend --
    def legend_entries(self) -> list[tuple[str, str]]:
        """(kind, label) of each legend row, translated; kind selects the swatch."""
        return [
            (OPEN, translate("SocketMap", "open")),
            (PAUSED, translate("SocketMap", "reading paused")),
            (HALF_CLOSED, translate("SocketMap", "half-closed by peer")),
            (RESET, translate("SocketMap", "reset / broken pipe")),
            (REFUSED, translate("SocketMap", "refused (limit, cap)")),
            (CLOSED, translate("SocketMap", "closed, fading")),
            ("read", translate("SocketMap", "READ ready / bytes in")),
            ("write", translate("SocketMap", "WRITE ready / bytes out")),
        ]

    @property
    def legend_key(self) -> tuple | None:
        """What the legend's look depends on (width, font, texts), as of the last :meth:`legend_geometry`."""
        return self._legend_key

    def legend_box(self) -> QRectF:
        """The legend strip at the bottom of the map (empty when the legend is hidden)."""
        h = self.legend_geometry()[4]
        return QRectF(0, self.m.height() - h, self.m.width(), h)

    def legend_geometry(self) -> tuple[int, int, float, float, float]:
        """(columns, rows, column width, row height, strip height) of the legend strip at the bottom."""
        if not self.m.show_legend:
            return 0, 0, 0.0, 0.0, 0.0
        w = self.m.width()
        if self._legend_key is not None and self._legend_key[0] == w:  # fonts and language: invalidate()
            return self._legend  # asked several times a frame: the size is all that can change in between
        entries = self.legend_entries()
        key = (w, self.m.small_font.key(), tuple(t for _, t in entries))
        if key != self._legend_key:  # measured once per width, font and language, not several times a frame
            self._legend_key = key
            fm = QFontMetrics(self.m.small_font)
            row = max(15, fm.height() + 3)
            col_w = max(fm.horizontalAdvance(t) for _, t in entries) + 30
            cols = max(1, min(4, int((self.m.width() - 12) // col_w)))
            rows = math.ceil(len(entries) / cols)
            self._legend = cols, rows, col_w, row, rows * row + 8
        return self._legend

    def paint_legend(self, p: QPainter, placer: LabelPlacer) -> None:
        """A strip under the map: one swatch per state, pulse and byte direction."""
        m = self.m
        entries = self.legend_entries()
        cols, rows, col_w, row, h = self.legend_geometry()
        p.setFont(m.small_font)
        fm = p.fontMetrics()
        y0 = m.height() - h
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(255, 255, 255, 10))
        p.drawRect(QRectF(0, y0, m.width(), h))
        placer.add(self.legend_box())
        x_left = max(6.0, (m.width() - cols * col_w) / 2)
        for i, (kind, label) in enumerate(entries):
            cx = x_left + 10 + (i % cols) * col_w
            cy = y0 + 4 + row * (i // cols) + row / 2
            self.swatch(p, kind, QPointF(cx, cy), 5.5)
            p.setPen(TEXT)
            p.drawText(QPointF(cx + 12, cy + fm.ascent() / 2 - 1), label)

    @staticmethod
    def swatch(p: QPainter, kind: str, c: QPointF, r: float) -> None:
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
            p.setBrush(with_alpha(col, 0.55 if kind == CLOSED else 1.0))
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
