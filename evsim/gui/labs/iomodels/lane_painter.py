"""Painting one lane's tracks (phases, the process's thread, system calls, marks, other work) and the axes.

A mixin for :class:`~evsim.gui.labs.iomodels.lanes.IoModelsLanes` (a QWidget: ``self.font()`` sizes the
text).  Everything drawn is a pure function of the timeline and the :class:`LaneGeometry`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from evsim.core.iomodels.timeline import Timeline, process_spans
from evsim.gui.labs.iomodels.lane_geometry import (
    BACKGROUND, COLORS, GRID, TEXT, TEXT_DIM, LaneGeometry, format_count, format_duration, nice_ticks,
)

__all__ = ["LanePainter"]


class LanePainter:
    """The drawing half of the lanes widget (mixed into a QWidget)."""

    def _font(self, scale: float = 1.0, bold: bool = False) -> QFont:
        f = QFont(self.font())
        f.setPointSizeF(max(6.5, f.pointSizeF() * scale))
        f.setBold(bold)
        return f

    def _swatch(self, p: QPainter, kind: str, color: QColor, r: QRectF) -> None:
        if kind == "box":
            p.fillRect(r, color)
        elif kind == "hatch":
            self._fill_blocked(p, r)
        elif kind == "thin":
            p.fillRect(QRectF(r.left(), r.center().y() - 2, r.width(), 4), color)
        elif kind == "tick":
            p.setPen(QPen(color, 2))
            for k in range(3):
                xx = r.left() + 3 + k * 5
                p.drawLine(QPointF(xx, r.top()), QPointF(xx, r.bottom()))
        elif kind == "mark":
            self._mark_glyph(p, QPointF(r.center().x(), r.top() - 1), color, 9)

    def _fill_blocked(self, p: QPainter, r: QRectF) -> None:
        p.fillRect(r, COLORS["blocked"])
        brush = QBrush(QColor(20, 26, 38, 150), Qt.BrushStyle.BDiagPattern)
        p.fillRect(r, brush)

    def _mark_glyph(self, p: QPainter, top: QPointF, color: QColor, size: float) -> None:
        """A downward triangle whose tip is ``size`` below ``top``."""
        half = size * 0.55
        tri = QPolygonF([QPointF(top.x() - half, top.y()), QPointF(top.x() + half, top.y()),
                         QPointF(top.x(), top.y() + size)])
        p.setPen(QPen(BACKGROUND, 1))
        p.setBrush(color)
        p.drawPolygon(tri)
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_track(self, p: QPainter, g: LaneGeometry, tl: Timeline, track: QRectF, zoom: bool) -> None:
        rows = g.rows(track)
        origin = tl.ready_ns if zoom else tl.start_ns
        to_x = g.x_zoom if zoom else g.x_over

        def X(t: float) -> float:
            return to_x(t - origin)

        t_lo, t_hi = (origin + g.zoom_lo, origin + g.zoom_hi) if zoom else (origin, origin + g.span_ns)
        p.save()
        p.setClipRect(track.adjusted(-1, -1, 1, 1))
        # phases
        ph = rows.phase
        wx0, wx1 = X(tl.start_ns), X(tl.ready_ns)
        cx0, cx1 = wx1, X(tl.copy_end_ns)
        wait_c = QColor(COLORS["wait"])
        wait_c.setAlpha(150)
        p.fillRect(QRectF(wx0, ph.top(), max(0.0, wx1 - wx0), ph.height()), wait_c)
        p.fillRect(QRectF(cx0, ph.top(), max(1.5, cx1 - cx0), ph.height()), COLORS["copy"])
        p.setFont(self._font(0.78, bold=True))
        fm = QFontMetricsF(p.font())
        if wx1 - wx0 > fm.horizontalAdvance(QCoreApplication.translate("IoModelsLanes", "wait")) + 8:
            p.setPen(QColor("#1b1f27"))
            p.drawText(QRectF(wx0, ph.top(), wx1 - wx0, ph.height()), Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("IoModelsLanes", "wait"))
        if cx1 - cx0 > fm.horizontalAdvance(QCoreApplication.translate("IoModelsLanes", "copy")) + 8 and not (zoom and tl.copy_end_ns - tl.ready_ns > g.zoom_hi):
            p.setPen(QColor("#0d1420"))
            p.drawText(QRectF(cx0, ph.top(), cx1 - cx0, ph.height()), Qt.AlignmentFlag.AlignCenter, QCoreApplication.translate("IoModelsLanes", "copy"))
        # the process's thread
        st = rows.state
        for s in process_spans(tl):
            if s.end_ns < t_lo or s.start_ns > t_hi:
                continue
            x0, x1 = X(s.start_ns), X(s.end_ns)
            r = QRectF(x0, st.top(), max(1.0, x1 - x0), st.height())
            if s.kind == "blocked":
                self._fill_blocked(p, r)
            else:
                p.fillRect(r, COLORS[s.kind])
        # the request in flight, for a model that hands the read to someone else
        fl = rows.inflight
        if tl.moved_by_process == 0:
            sub = [c for c in tl.syscalls if c.actor == "process" and c.name.startswith("io_uring_enter")]
            helper = tl.calls("helper")
            t0 = sub[0].end_ns if sub else (helper[0].start_ns if helper else tl.start_ns)
            col = QColor(COLORS["inflight"])
            col.setAlpha(170)
            p.fillRect(QRectF(X(t0), fl.top(), max(1.0, X(tl.copy_end_ns) - X(t0)), fl.height()), col)
            p.fillRect(QRectF(X(tl.ready_ns), fl.top(), max(1.5, X(tl.copy_end_ns) - X(tl.ready_ns)), fl.height()),
                       COLORS["copy"])
        # system calls
        self._paint_calls(p, tl, rows.calls, X, t_lo, t_hi, track)
        # marks
        for mk in tl.marks:
            if not (t_lo <= mk.t_ns <= t_hi):
                continue
            col = COLORS.get("write" if mk.name == "chunk" else mk.name)
            if col is None:
                continue
            y = ph.top() - 1 if mk.name == "chunk" else st.top() - 2
            self._mark_glyph(p, QPointF(X(mk.t_ns), y), col, 7 if mk.name == "chunk" else 9)
        # the other-work counter
        self._paint_work(p, g, tl, rows.work, X, t_lo, t_hi, zoom)
        if zoom:
            p.setPen(QPen(QColor(255, 255, 255, 90), 1, Qt.PenStyle.DashLine))
            x0 = g.x_zoom(0)
            p.drawLine(QPointF(x0, track.top()), QPointF(x0, track.bottom()))
            beyond = tl.copy_end_ns - tl.ready_ns
            if beyond > g.zoom_hi:  # this lane's copy runs off the shared axis: say how far
                p.setFont(self._font(0.78, bold=True))
                text = "→ " + format_duration(beyond)
                tw = QFontMetricsF(p.font()).horizontalAdvance(text)
                box = QRectF(track.right() - tw - 8, ph.top(), tw + 6, ph.height())
                p.fillRect(box, QColor(17, 23, 35, 220))
                p.setPen(TEXT)
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        p.restore()

    def _paint_calls(self, p: QPainter, tl: Timeline, r: QRectF, X, t_lo: float, t_hi: float,
                     track: QRectF) -> None:
        # EAGAIN comb: one line per pixel column, more opaque where there were more returns
        times, weight = tl.eagain.times_between(int(t_lo), int(t_hi))
        if times:
            cols: dict[int, int] = {}
            for t in times:
                px = int(X(t))
                cols[px] = cols.get(px, 0) + weight
            top = max(cols.values())
            base = QColor(COLORS["eagain"])
            for px, n in cols.items():
                c = QColor(base)
                c.setAlphaF(0.35 + 0.65 * math.log1p(n) / math.log1p(top))
                p.setPen(QPen(c, 1))
                p.drawLine(QPointF(px + 0.5, r.top() + r.height() * 0.2), QPointF(px + 0.5, r.bottom()))
        for c in tl.syscalls:
            if c.actor == "sender" or c.end_ns < t_lo or c.start_ns > t_hi:
                continue
            if c.errno:
                col = COLORS["error"]
            elif c.moved > 0:
                col = COLORS["copy"]
            elif c.may_block:
                col = COLORS["wait_call"]
            else:
                col = COLORS["call"]
            x0, x1 = X(c.start_ns), X(c.end_ns)
            if c.actor == "helper":  # not the process: drawn hollow, in the lower half
                rr = QRectF(x0, r.top() + r.height() * 0.55, max(2.0, x1 - x0), r.height() * 0.45)
                p.setPen(QPen(col, 1))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(rr)
                continue
            if x1 - x0 >= 2:  # how long the call lasted
                p.fillRect(QRectF(x0, r.top() + r.height() * 0.4, x1 - x0, r.height() * 0.2),
                           QColor(255, 255, 255, 60))
                if c.moved > 0:
                    xd = X(tl.data_at(c))
                    p.fillRect(QRectF(xd, r.top() + r.height() * 0.3, max(1.0, x1 - xd), r.height() * 0.4), col)
            p.setPen(QPen(col, 1.6))
            p.drawLine(QPointF(x0, r.top()), QPointF(x0, r.bottom()))

    def _paint_work(self, p: QPainter, g: LaneGeometry, tl: Timeline, r: QRectF, X, t_lo: float, t_hi: float,
                    zoom: bool) -> None:
        p.setPen(QPen(GRID, 1))
        p.drawLine(QPointF(r.left(), r.bottom()), QPointF(r.right(), r.bottom()))
        p.setFont(self._font(0.8))
        fm = QFontMetricsF(p.font())
        if tl.work.count == 0:
            p.setPen(TEXT_DIM)
            label = QCoreApplication.translate("IoModelsLanes", "no other work done") if not zoom else "0"
            p.drawText(QPointF(r.left() + 4, r.bottom() - 3), label)
            return
        base = tl.work.count_until(int(t_lo)) if zoom else 0
        if zoom:
            scale = max(1, max((t.work.count_between(t.ready_ns + int(g.zoom_lo), t.ready_ns + int(g.zoom_hi))
                                for t in g.timelines.values() if t is not None), default=1))
        else:
            scale = max(1, max((t.work.count for t in g.timelines.values() if t is not None), default=1))
        x_first = max(r.left(), X(tl.start_ns))
        x_last = min(r.right(), X(tl.done_ns))
        pts = [QPointF(x_first, r.bottom())]
        step = 2.0
        x = x_first
        while x <= x_last:
            t = (g.t_zoom(x) + tl.ready_ns) if zoom else (g.t_over(x) + tl.start_ns)
            n = tl.work.count_until(int(t)) - base
            pts.append(QPointF(x, r.bottom() - min(1.0, n / scale) * (r.height() - 2)))
            x += step
        n_end = tl.work.count_until(int(min(t_hi, tl.done_ns))) - base
        pts.append(QPointF(x_last, r.bottom() - min(1.0, n_end / scale) * (r.height() - 2)))
        area = QPolygonF(pts + [QPointF(x_last, r.bottom())])
        fill = QColor(COLORS["working"])
        fill.setAlpha(55)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawPolygon(area)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(COLORS["working"], 1.6))
        p.drawPolyline(QPolygonF(pts))
        label = (("+" if zoom else "") + format_count(max(0, n_end)))
        tw = fm.horizontalAdvance(label)
        lx = min(x_last + 4, r.right() - tw - 2)
        p.setPen(COLORS["working"])
        p.drawText(QPointF(lx, r.top() + fm.ascent()), label)

    def _paint_axes(self, p: QPainter, g: LaneGeometry) -> None:
        p.setFont(self._font(0.82))
        fm = QFontMetricsF(p.font())
        y = g.bottom + 4
        # overview, milliseconds
        span_ms = g.span_ns / 1e6
        unit, div = ("s", 1e9) if span_ms >= 5000 else ("ms", 1e6)
        for v in nice_ticks(0, g.span_ns / div, max(3, int(g.over_w / 90))):
            x = g.x_over(v * div)
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(x, g.top), QPointF(x, g.bottom))
            p.setPen(TEXT_DIM)
            text = f"{v:g} {unit}" if v == 0 else f"{v:g}"
            p.drawText(QPointF(x - fm.horizontalAdvance(text) / 2, y + fm.ascent()), text)
        p.setPen(TEXT_DIM)
        p.drawText(QPointF(g.over_right - fm.horizontalAdvance(unit), y + fm.ascent() + fm.height()), unit)
        # zoom, microseconds around ready
        width_us = (g.zoom_hi - g.zoom_lo) / 1e3
        unit, div = ("ms", 1e6) if width_us >= 5000 else ("µs", 1e3)
        for v in nice_ticks(g.zoom_lo / div, g.zoom_hi / div, max(3, int(g.zoom_w / 70))):
            x = g.x_zoom(v * div)
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(x, g.top), QPointF(x, g.bottom))
            p.setPen(TEXT if v == 0 else TEXT_DIM)
            text = QCoreApplication.translate("IoModelsLanes", "ready") if v == 0 else f"{v:+g}"
            p.drawText(QPointF(x - fm.horizontalAdvance(text) / 2, y + fm.ascent()), text)
        p.setPen(TEXT_DIM)
        p.drawText(QPointF(g.zoom_right - fm.horizontalAdvance(unit), y + fm.ascent() + fm.height()), unit)
