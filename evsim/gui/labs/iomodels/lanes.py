"""The iomodels lab's lane view: five recorded timelines on one time axis, with a zoom on the copy phase.

Each lane is one model's :class:`evsim.core.iomodels.timeline.Timeline`.  Left, the whole run on a shared
axis in milliseconds from the moment the read was issued; right, a zoom on the copy phase, on a shared axis in
microseconds around the moment the data was ready (each lane aligned on its own "ready").  In both, from top
to bottom: the two phases (wait, copy), what the process's thread was doing (asleep in a call, copying in its
own call, busy-polling, doing other work; for the asynchronous model also the request in flight), a tick per
system call (EAGAIN returns as a comb), and the other-work counter.

What is drawn is a pure function of the timelines, the widget's size and ``now_ns`` (only for a lane that is
still running), so a test can paint recorded timelines with fixed times; :class:`LaneGeometry` exposes the
regions (e.g. :meth:`LaneGeometry.copy_span_x`).
"""

from __future__ import annotations

import math
from typing import Mapping, NamedTuple, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from evsim.core.iomodels.timeline import MODELS, Syscall, Timeline, process_spans
from evsim.gui.widgets.theme import TEXT, TEXT_DIM  # shared: presentation mode brightens them

__all__ = ["IoModelsLanes", "LaneGeometry", "Rows", "COLORS", "nice_ticks", "format_duration"]

BACKGROUND = QColor("#111723")
LANE_BG = QColor("#161e2c")
GRID = QColor(255, 255, 255, 22)
COLORS: dict[str, QColor] = {
    "wait": QColor("#f4d35e"),
    "copy": QColor("#4da3ff"),
    "blocked": QColor("#6b7689"),
    "copying": QColor("#4da3ff"),
    "spinning": QColor("#ff8c42"),
    "working": QColor("#3ecf8e"),
    "stalled": QColor("#8a3b4a"),
    "inflight": QColor("#b58cff"),
    "call": QColor("#e6edf7"),
    "wait_call": QColor("#b58cff"),
    "eagain": QColor("#ff8c42"),
    "error": QColor("#ff5d5d"),
    "SIGIO": QColor("#ff5d5d"),
    "ready": QColor("#b58cff"),
    "completion": QColor("#3ecf8e"),
    "write": QColor("#f4d35e"),
    "synchronous": QColor("#ff9e7a"),
    "asynchronous": QColor("#3ecf8e"),
}

MARGIN = 10.0
LABEL_W = 212.0
HEADER_H = 70.0
AXIS_H = 30.0
GAP = 30.0
ZOOM_FRAC = 0.36
#: Shortest zoom window, so a copy of a few microseconds is still wide.
MIN_ZOOM_NS = 40_000


def model_title(model: str) -> str:
    return {
        "blocking": QCoreApplication.translate("IoModelsLanes", "Blocking"),
        "nonblocking": QCoreApplication.translate("IoModelsLanes", "Non-blocking"),
        "multiplexing": QCoreApplication.translate("IoModelsLanes", "I/O multiplexing"),
        "signal": QCoreApplication.translate("IoModelsLanes", "Signal-driven"),
        "async": QCoreApplication.translate("IoModelsLanes", "Asynchronous"),
    }.get(model, model)


def verdict_text(verdict: str) -> str:
    return QCoreApplication.translate("IoModelsLanes", "synchronous") if verdict == "synchronous" else QCoreApplication.translate("IoModelsLanes", "asynchronous")


def format_duration(ns: float) -> str:
    """``12.3 ms``, ``45 µs``, ``800 ns``."""
    a = abs(ns)
    if a >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if a >= 1e7:
        return f"{ns / 1e6:.1f} ms"
    if a >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if a >= 1e3:
        return f"{ns / 1e3:.0f} µs"
    return f"{ns:.0f} ns"


def format_count(n: int) -> str:
    if n >= 10_000_000:
        return f"{n / 1e6:.0f} M"
    if n >= 100_000:
        return f"{n / 1e3:.0f} k"
    return f"{n:,}".replace(",", "\u2009")


def nice_ticks(lo: float, hi: float, target: int = 6) -> list[float]:
    """Round tick values covering ``[lo, hi]``, about ``target`` of them (1, 2, 5 x 10^k steps)."""
    if not (hi > lo):
        return [lo]
    raw = (hi - lo) / max(1, target)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    out, v = [], first
    while v <= hi + step * 1e-9:
        out.append(round(v, 12))
        v += step
    return out


class Rows(NamedTuple):
    """The rows of one track (overview or zoom) of a lane."""

    phase: QRectF
    state: QRectF
    inflight: QRectF
    calls: QRectF
    work: QRectF


class LaneGeometry:
    """Where everything goes for a widget of ``width`` x ``height`` showing ``timelines``.

    ``x_over(t)`` maps nanoseconds since a lane's start onto the shared overview axis; ``x_zoom(t)`` maps
    nanoseconds relative to a lane's "ready" onto the shared zoom axis.  Both clamp to their track.
    """

    def __init__(self, width: float, height: float, timelines: Mapping[str, Timeline | None],
                 models: Sequence[str] = MODELS, expected_ns: int = 200_000_000,
                 header_h: float = HEADER_H) -> None:
        self.width, self.height = float(width), float(height)
        self.models = tuple(models)
        self.timelines = {m: timelines.get(m) for m in self.models}
        self.plot_left = MARGIN + LABEL_W
        self.plot_right = self.width - MARGIN
        avail = max(120.0, self.plot_right - self.plot_left - GAP)
        self.zoom_w = avail * ZOOM_FRAC
        self.over_w = avail - self.zoom_w
        self.over_left = self.plot_left
        self.over_right = self.over_left + self.over_w
        self.zoom_left = self.over_right + GAP
        self.zoom_right = self.zoom_left + self.zoom_w
        self.top = header_h
        self.bottom = max(self.top + 50.0, self.height - AXIS_H)
        self.lane_h = (self.bottom - self.top) / max(1, len(self.models))
        tls = [t for t in self.timelines.values() if t is not None]
        self.span_ns = max([t.done_ns - t.start_ns for t in tls] + [int(expected_ns * 1.01), 1_000_000]) * 1.02
        # The zoom shows every lane's copy, unless one is far longer than the others (a run preempted on a
        # busy machine): then the axis follows the typical ones and that lane runs off the right edge.
        after = sorted(max(0, t.done_ns - t.ready_ns) for t in tls)
        hi = 30_000.0
        if after:
            typical = after[(len(after) - 1) // 2]
            hi = max(hi, min(after[-1], 4 * typical + 20_000))
        lo = -max(10_000.0, 0.45 * hi)
        if hi - lo < MIN_ZOOM_NS:
            hi = lo + MIN_ZOOM_NS
        pad = (hi - lo) * 0.06
        self.zoom_lo, self.zoom_hi = lo - pad, hi + pad

    # --- rectangles -------------------------------------------------------------------------------------
    def index(self, model: str) -> int:
        return self.models.index(model)

    def lane_rect(self, i: int) -> QRectF:
        return QRectF(MARGIN, self.top + i * self.lane_h, self.width - 2 * MARGIN, self.lane_h)

    def label_rect(self, i: int) -> QRectF:
        r = self.lane_rect(i)
        return QRectF(r.left() + 8, r.top() + 6, LABEL_W - 14, r.height() - 12)

    def over_rect(self, i: int) -> QRectF:
        r = self.lane_rect(i)
        return QRectF(self.over_left, r.top() + 7, self.over_w, r.height() - 14)

    def zoom_rect(self, i: int) -> QRectF:
        r = self.lane_rect(i)
        return QRectF(self.zoom_left, r.top() + 7, self.zoom_w, r.height() - 14)

    @staticmethod
    def rows(track: QRectF) -> Rows:
        h = track.height()
        y = track.top()
        heights = (0.13, 0.27, 0.06, 0.14, 0.30)
        gap = h * 0.025
        out = []
        for f in heights:
            out.append(QRectF(track.left(), y, track.width(), h * f))
            y += h * f + gap
        return Rows(*out)

    # --- scales -----------------------------------------------------------------------------------------
    def x_over(self, t_rel_ns: float) -> float:
        f = t_rel_ns / self.span_ns
        return self.over_left + max(0.0, min(1.0, f)) * self.over_w

    def t_over(self, x: float) -> float:
        return (x - self.over_left) / self.over_w * self.span_ns

    def x_zoom(self, t_rel_ready_ns: float) -> float:
        f = (t_rel_ready_ns - self.zoom_lo) / (self.zoom_hi - self.zoom_lo)
        return self.zoom_left + max(0.0, min(1.0, f)) * self.zoom_w

    def t_zoom(self, x: float) -> float:
        return self.zoom_lo + (x - self.zoom_left) / self.zoom_w * (self.zoom_hi - self.zoom_lo)

    # --- regions a test can check -------------------------------------------------------------------------
    def wait_span_x(self, model: str) -> tuple[float, float] | None:
        """The wait phase's x-range on the overview axis."""
        tl = self.timelines.get(model)
        if tl is None:
            return None
        return self.x_over(0), self.x_over(tl.ready_ns - tl.start_ns)

    def copy_span_x(self, model: str) -> tuple[float, float] | None:
        """The copy phase's x-range on the zoom axis."""
        tl = self.timelines.get(model)
        if tl is None:
            return None
        return self.x_zoom(0), self.x_zoom(tl.copy_end_ns - tl.ready_ns)

    def copy_span_rect(self, model: str) -> QRectF | None:
        span = self.copy_span_x(model)
        if span is None:
            return None
        ph = self.rows(self.zoom_rect(self.index(model))).phase
        return QRectF(span[0], ph.top(), max(1.5, span[1] - span[0]), ph.height())


class IoModelsLanes(QWidget):
    """Paints the five lanes.  Feed it with :meth:`set_timeline` / :meth:`set_running` / :meth:`set_failed`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(640, 420)
        self.setMouseTracking(True)
        self.models: tuple[str, ...] = MODELS
        self.timelines: dict[str, Timeline | None] = {m: None for m in MODELS}
        self.running: dict[str, int] = {}  # model -> start (monotonic ns)
        self.failed: dict[str, str] = {}
        self.queued: set[str] = set()
        self.expected_ns = 200_000_000
        self.now_ns = 0
        self._last_tick_ns = 0
        self._geo: LaneGeometry | None = None
        self._cache: QPixmap | None = None

    # --- model ------------------------------------------------------------------------------------------
    def clear(self, queued: Sequence[str] = (), expected_ns: int | None = None) -> None:
        """Forget every lane; ``queued`` lanes show as waiting for their turn."""
        self.timelines = {m: None for m in self.models}
        self.running.clear()
        self.failed.clear()
        self.queued = set(queued)
        if expected_ns is not None:
            self.expected_ns = expected_ns
        self._changed()

    def set_timeline(self, model: str, tl: Timeline) -> None:
        self.timelines[model] = tl
        self.running.pop(model, None)
        self.failed.pop(model, None)
        self.queued.discard(model)
        self._changed()

    def set_timelines(self, tls: Mapping[str, Timeline]) -> None:
        for m, tl in tls.items():
            self.timelines[m] = tl
            self.running.pop(m, None)
            self.queued.discard(m)
        self._changed()

    def set_running(self, model: str, started_ns: int) -> None:
        self.running[model] = started_ns
        self.queued.discard(model)
        self._changed()

    def set_failed(self, model: str, message: str) -> None:
        self.failed[model] = message
        self.running.pop(model, None)
        self.queued.discard(model)
        self._changed()

    def stop_running(self) -> None:
        """The suite ended: nothing is running or queued any more."""
        self.running.clear()
        self.queued.clear()
        self._changed()

    def set_clock(self, now_ns: int) -> None:
        """Advance the running lane's cursor (repainting only that lane, at most 30 times a second)."""
        self.now_ns = now_ns
        if self.running and now_ns - self._last_tick_ns >= 33_000_000:
            self._last_tick_ns = now_ns
            g = self.geometry_model()
            for m in self.running:
                self.update(self._running_rect(g, g.index(m)).toAlignedRect())

    def lane_count(self) -> int:
        return sum(1 for t in self.timelines.values() if t is not None)

    def geometry_model(self) -> LaneGeometry:
        g = self._geo
        if g is None or g.width != self.width() or g.height != self.height():
            g = self._geo = LaneGeometry(self.width(), self.height(), self.timelines, self.models,
                                         self.expected_ns, self.header_height())
        return g

    def _changed(self) -> None:
        self._geo = None
        self._cache = None
        self.update()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange,
                            QEvent.Type.LanguageChange):  # the cached picture holds translated text
            self._cache = None
            self._geo = None
        super().changeEvent(event)

    # --- painting ---------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        # Everything but the running lane's cursor is drawn once into a cached picture: while the models
        # run (in a child process, on a small machine) the window repaints as little as it can.
        g = self.geometry_model()
        dpr = self.devicePixelRatioF()
        cache = self._cache
        if cache is None or cache.size() != self.size() * dpr or cache.devicePixelRatio() != dpr:
            cache = QPixmap(self.size() * dpr)
            cache.setDevicePixelRatio(dpr)
            cp = QPainter(cache)
            cp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            cp.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            cp.fillRect(QRectF(0, 0, self.width(), self.height()), BACKGROUND)
            self._paint_header(cp, g)
            for i, m in enumerate(g.models):
                self._paint_lane(cp, g, i, m)
            self._paint_axes(cp, g)
            cp.end()
            self._cache = cache
        p = QPainter(self)
        p.drawPixmap(0, 0, cache)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for i, m in enumerate(g.models):
            if m in self.running and g.timelines.get(m) is None:
                self._paint_running(p, g, i, m)
        p.end()

    def _running_rect(self, g: LaneGeometry, i: int) -> QRectF:
        return g.over_rect(i).adjusted(-2, -2, 2, 2)

    def _font(self, scale: float = 1.0, bold: bool = False) -> QFont:
        f = QFont(self.font())
        f.setPointSizeF(max(6.5, f.pointSizeF() * scale))
        f.setBold(bold)
        return f

    def _legend_items(self) -> list[tuple[str, QColor, str]]:
        return [
            ("box", COLORS["wait"], QCoreApplication.translate("IoModelsLanes", "wait for data")),
            ("box", COLORS["copy"], QCoreApplication.translate("IoModelsLanes", "copy into the buffer")),
            ("hatch", COLORS["blocked"], QCoreApplication.translate("IoModelsLanes", "asleep in a system call")),
            ("box", COLORS["copying"], QCoreApplication.translate("IoModelsLanes", "held in its own recv, copying")),
            ("box", COLORS["spinning"], QCoreApplication.translate("IoModelsLanes", "awake, polling (EAGAIN)")),
            ("box", COLORS["working"], QCoreApplication.translate("IoModelsLanes", "doing other work")),
            ("box", COLORS["stalled"], QCoreApplication.translate("IoModelsLanes", "no progress: CPU taken")),
            ("thin", COLORS["inflight"], QCoreApplication.translate("IoModelsLanes", "request in flight (kernel / helper)")),
            ("tick", COLORS["call"], QCoreApplication.translate("IoModelsLanes", "system call")),
            ("tick", COLORS["eagain"], QCoreApplication.translate("IoModelsLanes", "EAGAIN")),
            ("mark", COLORS["SIGIO"], QCoreApplication.translate("IoModelsLanes", "SIGIO")),
            ("mark", COLORS["ready"], QCoreApplication.translate("IoModelsLanes", "readiness")),
            ("mark", COLORS["completion"], QCoreApplication.translate("IoModelsLanes", "completion")),
            ("mark", COLORS["write"], QCoreApplication.translate("IoModelsLanes", "sender's write")),
        ]

    def _legend_layout(self, width: float) -> tuple[list[tuple[float, float]], float]:
        """Where each legend item goes for this width, and the height the header needs."""
        fm = QFontMetricsF(self._font(0.86))
        fm_t = QFontMetricsF(self._font(0.9, bold=True))
        x, y = MARGIN + 4, 8.0
        row_h = fm.height() + 6
        out = []
        for _kind, _color, text in self._legend_items():
            w = 16 + 6 + fm.horizontalAdvance(text) + 16
            if x + w > width - MARGIN and x > MARGIN + 4:
                x, y = MARGIN + 4, y + row_h
            out.append((x, y))
            x += w
        return out, y + row_h + fm_t.height() + 8

    def header_height(self) -> float:
        return self._legend_layout(self.width())[1]

    def _paint_header(self, p: QPainter, g: LaneGeometry) -> None:
        f = self._font(0.86)
        p.setFont(f)
        fm = QFontMetricsF(f)
        where, _h = self._legend_layout(g.width)
        for (kind, color, text), (x, y) in zip(self._legend_items(), where):
            sw = QRectF(x, y + (fm.height() - 10) / 2 + 1, 16, 10)
            self._swatch(p, kind, color, sw)
            p.setPen(TEXT_DIM)
            p.drawText(QPointF(x + 22, y + fm.ascent() + 1), text)
        # axis titles just above the first lane
        ft = self._font(0.9, bold=True)
        p.setFont(ft)
        fmt = QFontMetricsF(ft)
        p.setPen(TEXT)
        ty = g.top - 6
        p.drawText(QPointF(g.over_left, ty), fmt.elidedText(
            QCoreApplication.translate("IoModelsLanes", "Whole run: time since the read was issued"), Qt.TextElideMode.ElideRight, g.over_w))
        p.drawText(QPointF(g.zoom_left, ty), fmt.elidedText(
            QCoreApplication.translate("IoModelsLanes", "The copy, zoomed: around data ready"), Qt.TextElideMode.ElideRight, g.zoom_w))

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

    def _paint_lane(self, p: QPainter, g: LaneGeometry, i: int, model: str) -> None:
        lane = g.lane_rect(i)
        p.fillRect(lane.adjusted(0, 2, 0, -2), LANE_BG)
        tl = g.timelines.get(model)
        self._paint_label(p, g, i, model, tl)
        over, zoom = g.over_rect(i), g.zoom_rect(i)
        for r in (over, zoom):
            p.fillRect(r, QColor(255, 255, 255, 6))
        if tl is None:
            self._paint_empty(p, g, i, model)
            return
        self._paint_track(p, g, tl, over, zoom=False)
        self._paint_track(p, g, tl, zoom, zoom=True)

    def _paint_label(self, p: QPainter, g: LaneGeometry, i: int, model: str, tl: Timeline | None) -> None:
        r = g.label_rect(i)
        f_title = self._font(1.08, bold=True)
        f_small = self._font(0.86)
        fm_t, fm_s = QFontMetricsF(f_title), QFontMetricsF(f_small)
        y = r.top() + fm_t.ascent()
        p.setFont(f_title)
        p.setPen(TEXT)
        p.drawText(QPointF(r.left(), y), model_title(model))
        if tl is None:
            return
        y += fm_t.descent() + 3
        # verdict pill
        verdict = tl.verdict
        col = COLORS[verdict]
        text = verdict_text(verdict)
        p.setFont(f_small)
        pill = QRectF(r.left(), y, fm_s.horizontalAdvance(text) + 14, fm_s.height() + 3)
        path = QPainterPath()
        path.addRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        p.fillPath(path, QColor(col.red(), col.green(), col.blue(), 60))
        p.setPen(QPen(col, 1.2))
        p.drawPath(path)
        p.setPen(col)
        p.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        p.setPen(TEXT_DIM)
        p.drawText(QPointF(pill.right() + 8, pill.top() + fm_s.ascent() + 1.5),
                   fm_s.elidedText(tl.mechanism, Qt.TextElideMode.ElideRight, r.right() - pill.right() - 8))
        y = pill.bottom() + 2
        lines = [
            QCoreApplication.translate("IoModelsLanes", "wait {w} · copy {c}").format(w=format_duration(tl.wait_ns), c=format_duration(tl.copy_ns)),
            QCoreApplication.translate("IoModelsLanes", "system calls: {n} · EAGAIN: {e}").format(n=format_count(tl.process_syscalls),
                                                          e=format_count(tl.eagain.count)),
            QCoreApplication.translate("IoModelsLanes", "other work: {n}").format(n=format_count(tl.other_work)),
        ]
        for k, line in enumerate(lines):
            y += fm_s.height()
            if y > r.bottom() + 2:
                break
            p.setPen(COLORS["working"] if k == 2 and tl.other_work else TEXT if k == 0 else TEXT_DIM)
            p.drawText(QPointF(r.left(), y), fm_s.elidedText(line, Qt.TextElideMode.ElideRight, r.width()))

    def _paint_empty(self, p: QPainter, g: LaneGeometry, i: int, model: str) -> None:
        over = g.over_rect(i)
        p.setFont(self._font(0.92))
        if model in self.failed:
            p.setPen(COLORS["error"])
            msg = QCoreApplication.translate("IoModelsLanes", "failed: {m}").format(m=self.failed[model])
            p.drawText(over.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       QFontMetricsF(p.font()).elidedText(msg, Qt.TextElideMode.ElideRight, over.width() - 16))
            return
        if model in self.running:
            return  # drawn live by _paint_running
        p.setPen(TEXT_DIM)
        text = QCoreApplication.translate("IoModelsLanes", "waiting for its turn") if model in self.queued else QCoreApplication.translate("IoModelsLanes", "not run yet: press Run again")
        p.drawText(over.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)

    def _paint_running(self, p: QPainter, g: LaneGeometry, i: int, model: str) -> None:
        """The lane whose run is under way: a cursor at the time elapsed since it started (real clock)."""
        over = g.over_rect(i)
        el = max(0, self.now_ns - self.running[model]) if self.now_ns else 0
        rows = g.rows(over)
        x1 = g.x_over(el)
        band = QRectF(over.left(), rows.state.top(), max(2.0, x1 - over.left()), rows.state.height())
        p.fillRect(band, QColor(255, 255, 255, 28))
        p.setPen(QPen(TEXT, 1.5))
        p.drawLine(QPointF(x1, over.top()), QPointF(x1, over.bottom()))
        p.setFont(self._font(0.92))
        p.setPen(TEXT)
        p.drawText(QPointF(min(x1 + 6, over.right() - 120), rows.calls.bottom() + 2),
                   QCoreApplication.translate("IoModelsLanes", "running… {t}").format(t=format_duration(el)))

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

    # --- tooltips ---------------------------------------------------------------------------------------
    def describe_at(self, x: float, y: float) -> str | None:
        """What is under ``(x, y)``: the nearest system call in that lane's call row (or None)."""
        g = self.geometry_model()
        for i, m in enumerate(g.models):
            tl = g.timelines.get(m)
            if tl is None or not g.lane_rect(i).contains(QPointF(x, y)):
                continue
            for track, zoom in ((g.over_rect(i), False), (g.zoom_rect(i), True)):
                if not track.contains(QPointF(x, y)):
                    continue
                to_t = (lambda xx: g.t_zoom(xx) + tl.ready_ns) if zoom else (lambda xx: g.t_over(xx) + tl.start_ns)
                t, tol = to_t(x), abs(to_t(x + 4) - to_t(x))
                best: tuple[float, Syscall] | None = None
                for c in tl.syscalls:
                    d = 0.0 if c.start_ns <= t <= c.end_ns else min(abs(t - c.start_ns), abs(t - c.end_ns))
                    if d <= tol and (best is None or d < best[0]):
                        best = (d, c)
                if best is not None:
                    c = best[1]
                    res = c.errno if c.errno else str(c.result)
                    who = {"process": QCoreApplication.translate("IoModelsLanes", "process"), "sender": QCoreApplication.translate("IoModelsLanes", "sender process"),
                           "helper": QCoreApplication.translate("IoModelsLanes", "completion thread")}.get(c.actor, c.actor)
                    text = QCoreApplication.translate("IoModelsLanes", "{who}: {name} → {res}, {dur} at {at}").format(
                        who=who, name=c.name, res=res, dur=format_duration(c.duration_ns),
                        at=format_duration(c.start_ns - tl.start_ns))
                    if c.moved:
                        text += QCoreApplication.translate("IoModelsLanes", ", copied {n} bytes").format(n=c.moved)
                    return text
                n = tl.eagain.count_between(int(t - tol), int(t + tol))
                if n:
                    return QCoreApplication.translate("IoModelsLanes", "{n} EAGAIN returns here").format(n=format_count(n))
                for sp in process_spans(tl):
                    if sp.start_ns <= t <= sp.end_ns:
                        what = {
                            "blocked": QCoreApplication.translate("IoModelsLanes", "asleep in a system call"),
                            "copying": QCoreApplication.translate("IoModelsLanes", "held in its own recv while the kernel copies"),
                            "spinning": QCoreApplication.translate("IoModelsLanes", "awake, polling: EAGAIN again and again"),
                            "working": QCoreApplication.translate("IoModelsLanes", "doing other work"),
                            "stalled": QCoreApplication.translate("IoModelsLanes", "no progress, in no system call: another task had the CPU"),
                        }.get(sp.kind, sp.kind)
                        return QCoreApplication.translate("IoModelsLanes", "{what} for {dur}").format(what=what, dur=format_duration(sp.end_ns - sp.start_ns))
                return None
        return None

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip:
            pos = ev.pos()
            text = self.describe_at(pos.x(), pos.y())
            if text:
                QToolTip.showText(ev.globalPos(), text, self)
            else:
                QToolTip.hideText()
                ev.ignore()
            return True
        return super().event(ev)
