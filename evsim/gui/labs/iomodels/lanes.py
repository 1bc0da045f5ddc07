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

from typing import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from evsim.core.iomodels.timeline import MODELS, Syscall, Timeline, process_spans
from evsim.gui.labs.iomodels.lane_geometry import (  # re-exported: the panel and the tests import them here
    AXIS_H, BACKGROUND, COLORS, GAP, GRID, HEADER_H, LABEL_W, LANE_BG, MARGIN, MIN_ZOOM_NS, TEXT, TEXT_DIM,
    ZOOM_FRAC, LaneGeometry, Rows, format_count, format_duration, model_title, nice_ticks, verdict_text,
)
from evsim.gui.labs.iomodels.lane_painter import LanePainter


def verdict_measurement(tl: Timeline) -> str:
    """One short line: the measurement the verdict comes from (time held in a call, work done, in the copy)."""
    return QCoreApplication.translate("IoModelsLanes", "copy: in a call {h} of {w} · work +{n}").format(
        h=format_duration(tl.held_in_copy_ns), w=format_duration(tl.copy_window_ns), n=format_count(tl.work_in_copy))


def verdict_explanation(tl: Timeline) -> str:
    """The verdict and why, in a sentence (the label's tooltip)."""
    facts = QCoreApplication.translate(
        "IoModelsLanes", "while its data was being copied ({w}), the process's thread was inside a system call "
                         "for {h} and did {n} units of other work").format(
        w=format_duration(tl.copy_window_ns), h=format_duration(tl.held_in_copy_ns), n=format_count(tl.work_in_copy))
    if tl.blocked_during_copy:
        return QCoreApplication.translate("IoModelsLanes", "Synchronous: {facts}, so it was blocked during the "
                                                           "copy.").format(facts=facts)
    return QCoreApplication.translate("IoModelsLanes", "Asynchronous: {facts}, so it was not blocked during the "
                                                       "copy.").format(facts=facts)

__all__ = [
    "IoModelsLanes", "verdict_measurement", "verdict_explanation", "LaneGeometry", "Rows", "COLORS", "nice_ticks", "format_duration", "format_count",
    "model_title", "verdict_text", "MARGIN", "LABEL_W", "HEADER_H", "AXIS_H", "GAP", "ZOOM_FRAC", "MIN_ZOOM_NS",
    "BACKGROUND", "LANE_BG", "GRID", "TEXT", "TEXT_DIM",
]


class IoModelsLanes(LanePainter, QWidget):
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
            verdict_measurement(tl),  # what the verdict above was derived from
            QCoreApplication.translate("IoModelsLanes", "system calls: {n} · EAGAIN: {e}").format(n=format_count(tl.process_syscalls),
                                                          e=format_count(tl.eagain.count)),
            QCoreApplication.translate("IoModelsLanes", "other work: {n}").format(n=format_count(tl.other_work)),
        ]
        for k, line in enumerate(lines):
            y += fm_s.height()
            if y > r.bottom() + 2:
                break
            p.setPen(col if k == 1 else COLORS["working"] if k == 3 and tl.other_work else TEXT if k == 0 else TEXT_DIM)
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

    # --- tooltips ---------------------------------------------------------------------------------------
    def describe_at(self, x: float, y: float) -> str | None:
        """What is under ``(x, y)``: the verdict and its measurement over a lane's label, else the nearest
        system call in that lane's call row (or None)."""
        g = self.geometry_model()
        for i, m in enumerate(g.models):
            tl = g.timelines.get(m)
            if tl is None or not g.lane_rect(i).contains(QPointF(x, y)):
                continue
            if g.label_rect(i).contains(QPointF(x, y)):
                return verdict_explanation(tl)
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
