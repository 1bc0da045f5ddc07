"""Live plots of the sockets lab: events/s, bytes/s, open connections, events the window was not shown.

The panel feeds cumulative counters once per frame with :meth:`SocketsPlots.feed`; the widget turns them
into rates over ``interval_s`` and repaints only then (a few times a second).  Everything plotted is a
measurement: the stream's event and drop counts and the server's own byte counters.

The four small charts are painted with QPainter (a polyline each, a value axis with 1-2-5 ticks): under a
full-speed load the window's frame budget goes to the socket map and the log, not to plotting (a
pyqtgraph version of these charts cost 30-90 ms a repaint on a busy two-core machine).
"""

from __future__ import annotations

import math
from collections import deque

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

__all__ = ["SocketsPlots", "PlotSample", "nice_top", "ticks"]

_BG = QColor("#111723")
_FG = QColor("#aab4c5")
_GRID = QColor(170, 180, 197, 40)
#: (sample attribute(s), colour(s)) per chart, left to right.
_SERIES = (
    (("events_per_s",), ("#3ecf8e",)),
    (("in_per_s", "out_per_s"), ("#4da3ff", "#ffa94d")),
    (("open",), ("#e6edf7",)),
    (("dropped_per_s",), ("#ff5d5d",)),
)


class PlotSample:
    """One point of every series (for tests and the benchmark)."""

    __slots__ = ("t", "events_per_s", "in_per_s", "out_per_s", "open", "dropped_per_s")

    def __init__(self, t: float, events_per_s: float, in_per_s: float, out_per_s: float, open_: int,
                 dropped_per_s: float) -> None:
        self.t, self.events_per_s, self.in_per_s, self.out_per_s = t, events_per_s, in_per_s, out_per_s
        self.open, self.dropped_per_s = open_, dropped_per_s


def nice_top(v: float) -> float:
    """The y-axis top for a largest value ``v``: the next of 1, 2, 5 x 10^k above v * 1.1 (1 when v is 0)."""
    if v <= 0:
        return 1.0
    target = v * 1.1
    scale = 10.0 ** math.floor(math.log10(target))
    return next(m * scale for m in (1.0, 2.0, 5.0, 10.0) if m * scale >= target)


def ticks(top: float) -> list[float]:
    """Tick values between 0 (excluded) and ``top`` (included when it is one): 2 to 5 of them."""
    step = top / 5 if str(top / 5)[0] in "12" else top / 4 if str(top / 4)[0] in "125" else top / 2
    return [step * i for i in range(1, int(round(top / step)) + 1)]


class SocketsPlots(QWidget):
    """Four small live charts over the last ``window_s`` seconds."""

    def __init__(self, window_s: float = 60.0, interval_s: float = 0.25, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_s = window_s
        self.interval_s = interval_s
        self.samples: deque[PlotSample] = deque(maxlen=int(window_s / interval_s) + 1)
        self._last: tuple[int, int, int, int, int] | None = None  # (t_ns, events, bytes_in, bytes_out, dropped)
        self.dropped_total = 0
        self.titles: list[str] = []
        self._retitle()
        self.setMinimumHeight(90)
        self.setToolTip(self.tr("Measured every {ms} ms over the last {s} s. \"not shown/s\": events the window "
                                "did not get because it could not keep up (the server dropped them, counted them "
                                "in the stream, and never drops data)").format(ms=int(interval_s * 1000),
                                                                                s=int(window_s)))

    # -- data ------------------------------------------------------------------------------------------
    def reset(self) -> None:
        self.samples.clear()
        self._last = None
        self.dropped_total = 0
        self._retitle()
        self.update()

    def due(self, now_ns: int) -> bool:
        """Would :meth:`feed` take a sample at ``now_ns``?  (Lets the caller skip gathering counters.)"""
        return self._last is None or (now_ns - self._last[0]) >= self.interval_s * 1e9

    def feed(self, now_ns: int, events: int, bytes_in: int, bytes_out: int, open_count: int, dropped: int) -> bool:
        """Give the latest cumulative counters; returns True when a new sample was taken (and a repaint asked)."""
        last = self._last
        if last is None:
            self._last = (now_ns, events, bytes_in, bytes_out, dropped)
            return False
        dt = (now_ns - last[0]) / 1e9
        if dt < self.interval_s:
            return False
        # counters restart with a new server: never plot a negative rate
        rate = lambda cur, prev: max(0, cur - prev) / dt  # noqa: E731
        s = PlotSample(now_ns / 1e9, rate(events, last[1]), rate(bytes_in, last[2]), rate(bytes_out, last[3]),
                       open_count, rate(dropped, last[4]))
        self.dropped_total = dropped
        self.samples.append(s)
        self._last = (now_ns, events, bytes_in, bytes_out, dropped)
        self._retitle()
        self.update()
        return True

    def _retitle(self) -> None:
        s = self.samples[-1] if self.samples else None
        v = (lambda attr: _si(getattr(s, attr))) if s is not None else (lambda attr: "n/a")
        self.titles = [
            self.tr("events/s {v}").format(v=v("events_per_s")),
            self.tr("bytes/s in {i} out {o}").format(i=v("in_per_s"), o=v("out_per_s")),
            self.tr("open {v}").format(v=s.open if s is not None else self.tr("n/a")),
            self.tr("events not shown/s · {v} total").format(v=_si(self.dropped_total)),
        ]

    def axis_top(self, chart: int) -> float:
        """The top of chart ``chart``'s value axis (0..3, left to right)."""
        attrs = _SERIES[chart][0]
        return nice_top(max((getattr(s, a) for s in self.samples for a in attrs), default=0.0))

    def span(self) -> float:
        """Seconds shown: 10, 20, 30 while the run is young, then ``window_s`` (coarse steps: a steady axis)."""
        if not self.samples:
            return 10.0
        age = self.samples[-1].t - self.samples[0].t + self.interval_s
        return next((w for w in (10.0, 20.0, 30.0) if age <= w), self.window_s)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.LanguageChange:
            self._retitle()
            self.update()
        super().changeEvent(event)

    # -- painting --------------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        p.fillRect(self.rect(), _BG)
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
        p.setFont(font)
        fm = p.fontMetrics()
        w = self.width() / 4
        for i in range(4):
            self._paint_chart(p, QRectF(i * w + 2, 2, w - 4, self.height() - 4), i, fm)
        p.end()

    def _paint_chart(self, p: QPainter, r: QRectF, i: int, fm) -> None:
        line_h = fm.height()
        p.setPen(_FG)
        p.drawText(r.adjusted(2, 0, 0, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                   fm.elidedText(self.titles[i], Qt.TextElideMode.ElideRight, int(r.width() - 4)))
        label_w = fm.horizontalAdvance("888k") + 4
        # below the title by half a line more: the top tick's label is centred on the plot's top edge
        plot = QRectF(r.left() + label_w, r.top() + line_h * 1.5 + 2, r.width() - label_w - 2,
                      r.height() - line_h * 2 - 4)
        if plot.height() < 8 or plot.width() < 8:
            return
        top, span = self.axis_top(i), self.span()
        p.setPen(QPen(_GRID, 1))
        p.drawRect(plot)
        for v in ticks(top):
            y = plot.bottom() - v / top * plot.height()
            p.setPen(QPen(_GRID, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(_FG)
            p.drawText(QRectF(r.left(), y - line_h / 2, label_w - 3, line_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _si(v, small=top < 10))
        if not self.samples:
            return
        t_now = self.samples[-1].t
        attrs, colours = _SERIES[i]
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for attr, colour in zip(attrs, colours):
            pts = QPolygonF([QPointF(plot.right() + (s.t - t_now) / span * plot.width(),
                                     plot.bottom() - getattr(s, attr) / top * plot.height())
                             for s in self.samples if t_now - s.t <= span])
            if i == 3 and pts.size() > 1:  # drops: filled, so that a single burst is seen
                path = QPainterPath()
                path.addPolygon(pts)
                path.lineTo(pts.last().x(), plot.bottom())
                path.lineTo(pts.first().x(), plot.bottom())
                fill = QColor(colour)
                fill.setAlpha(60)
                p.fillPath(path, fill)
            p.setPen(QPen(QColor(colour), 1.6))
            p.drawPolyline(pts)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def _si(v: float, small: bool = False) -> str:
    """1234 -> '1.2k'; ``small``: keep one decimal below 1000 (axis ticks 0.2 apart)."""
    for unit, div in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(v) >= div:
            return f"{v / div:.{0 if v % div == 0 else 1}f}{unit}"
    return f"{v:.1f}" if small else f"{v:.0f}"
