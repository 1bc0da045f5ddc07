"""Live plots of the sockets lab: events/s, bytes/s, open connections, events the display dropped.

The panel feeds cumulative counters once per frame with :meth:`SocketsPlots.feed`; the widget turns them
into rates over ``interval_s`` and redraws its curves only then (a few times a second), so plotting costs
next to nothing per frame.  Everything plotted is a measurement: the sink's emitted/dropped counts and the
server's own byte counters.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

__all__ = ["SocketsPlots", "PlotSample"]

_BG = "#111723"
_FG = "#aab4c5"


class PlotSample:
    """One point of every series (for tests and the benchmark)."""

    __slots__ = ("t", "events_per_s", "in_per_s", "out_per_s", "open", "dropped_per_s")

    def __init__(self, t: float, events_per_s: float, in_per_s: float, out_per_s: float, open_: int,
                 dropped_per_s: float) -> None:
        self.t, self.events_per_s, self.in_per_s, self.out_per_s = t, events_per_s, in_per_s, out_per_s
        self.open, self.dropped_per_s = open_, dropped_per_s


class SiAxis(pg.AxisItem):
    """A value axis whose tick labels are short (1.2k, 600k, 3M): pyqtgraph leaves out a label that does not
    fit the axis width, so plain numbers above 999 (events/s, bytes/s under load) left the axis blank."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph name
        return [_si(v * scale, small=spacing * scale < 1) for v in values]


class SocketsPlots(QWidget):
    """Four small live plots over the last ``window_s`` seconds."""

    def __init__(self, window_s: float = 60.0, interval_s: float = 0.25, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_s = window_s
        self.interval_s = interval_s
        self.samples: deque[PlotSample] = deque(maxlen=int(window_s / interval_s) + 1)
        self._last: tuple[int, int, int, int, int] | None = None  # (t_ns, events, bytes_in, bytes_out, dropped)
        self.dropped_total = 0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.glw = pg.GraphicsLayoutWidget()
        self.glw.setBackground(_BG)
        self.glw.ci.setSpacing(2)
        self.glw.ci.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.glw)
        self.setToolTip(self.tr("Measured every {ms} ms over the last {s} s").format(
            ms=int(interval_s * 1000), s=int(window_s)))

        def plot(col: int, title: str) -> pg.PlotItem:
            p = self.glw.addPlot(row=0, col=col, axisItems={"left": SiAxis("left")})
            p.setTitle(title, color=_FG, size="8pt")
            p.setMouseEnabled(x=False, y=False)
            p.hideButtons()
            p.setMenuEnabled(False)
            p.showGrid(x=True, y=True, alpha=0.15)
            p.setXRange(-window_s, 0, padding=0)
            for ax in ("left", "bottom"):
                a = p.getAxis(ax)
                a.setTextPen(_FG)
                a.setPen(_FG)
                a.setStyle(tickLength=-4)
            p.getAxis("left").setWidth(42)
            p.disableAutoRange()
            return p

        self.p_events = plot(0, self.tr("events/s"))
        self.p_bytes = plot(1, self.tr("bytes/s in, out"))
        self.p_open = plot(2, self.tr("open connections"))
        self.p_dropped = plot(3, self.tr("not shown/s"))
        self.c_events = self.p_events.plot(pen=pg.mkPen("#3ecf8e", width=1.6))
        self.c_in = self.p_bytes.plot(pen=pg.mkPen("#4da3ff", width=1.6))
        self.c_out = self.p_bytes.plot(pen=pg.mkPen("#ffa94d", width=1.6))
        self.c_open = self.p_open.plot(pen=pg.mkPen("#e6edf7", width=1.6))
        self.c_dropped = self.p_dropped.plot(pen=pg.mkPen("#ff5d5d", width=1.6), fillLevel=0,
                                             brush=pg.mkBrush(255, 93, 93, 60))
        self.p_dropped.setToolTip(self.tr("Events the display skipped because it could not keep up "
                                          "(the sink keeps the newest); the server never drops data"))

    def reset(self) -> None:
        self.samples.clear()
        self._last = None
        self.dropped_total = 0
        self._redraw(0.0)

    def due(self, now_ns: int) -> bool:
        """Would :meth:`feed` take a sample at ``now_ns``?  (Lets the caller skip gathering counters.)"""
        return self._last is None or (now_ns - self._last[0]) >= self.interval_s * 1e9

    def feed(self, now_ns: int, events: int, bytes_in: int, bytes_out: int, open_count: int, dropped: int) -> bool:
        """Give the latest cumulative counters; returns True when a new sample was taken (and curves redrawn)."""
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
        self._redraw(s.t)
        return True

    def _redraw(self, t_now: float) -> None:
        if not self.samples:
            for c in (self.c_events, self.c_in, self.c_out, self.c_open, self.c_dropped):
                c.setData([], [])
            return
        arr = np.array([(s.t - t_now, s.events_per_s, s.in_per_s, s.out_per_s, s.open, s.dropped_per_s)
                        for s in self.samples], dtype=float)
        x = arr[:, 0]
        # show the last window_s seconds, or less while the run is younger (at least 10 s)
        span = min(self.window_s, max(10.0, -float(x[0]) + self.interval_s))
        for col, curves, plot in ((1, (self.c_events,), self.p_events), ((2, 3), (self.c_in, self.c_out), self.p_bytes),
                                  (4, (self.c_open,), self.p_open), (5, (self.c_dropped,), self.p_dropped)):
            cols = col if isinstance(col, tuple) else (col,)
            for c, curve in zip(cols, curves):
                curve.setData(x, arr[:, c])
            top = float(arr[:, list(cols)].max())
            plot.setRange(xRange=(-span, 0), yRange=(0, top * 1.15 if top > 0 else 1.0), padding=0)
        last = self.samples[-1]
        self.p_events.setTitle(self.tr("events/s {v}").format(v=_si(last.events_per_s)), color=_FG, size="8pt")
        self.p_bytes.setTitle(self.tr("bytes/s in {i} out {o}").format(i=_si(last.in_per_s), o=_si(last.out_per_s)),
                              color=_FG, size="8pt")
        self.p_open.setTitle(self.tr("open {v}").format(v=last.open), color=_FG, size="8pt")
        self.p_dropped.setTitle(self.tr("not shown/s · {v} total").format(v=_si(self.dropped_total)),
                                color=_FG, size="8pt")


def _si(v: float, small: bool = False) -> str:
    """1234 -> '1.2k'; ``small``: keep one decimal below 1000 (axis ticks 0.2 apart)."""
    for unit, div in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(v) >= div:
            return f"{v / div:.{0 if v % div == 0 else 1}f}{unit}"
    return f"{v:.1f}" if small else f"{v:.0f}"
