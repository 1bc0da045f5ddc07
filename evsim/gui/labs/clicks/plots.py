"""Live plots of the clicks lab: CPU of each consumer thread, and latency (input to handler start) per click.

The panel calls :meth:`ClicksPlots.refresh` once per frame; curves are redrawn at most ``rate_hz`` times a
second.  Both series are measurements: CPU from each thread's own CPU clock, latency from the events.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from evsim.core.clicks.scene import ClicksScene

__all__ = ["ClicksPlots"]

_BG = "#111723"
_FG = "#aab4c5"
_POLL = "#ffa94d"
_LOOP = "#4da3ff"
#: Latencies below this are drawn on it (a log axis has no zero).
_FLOOR_MS = 0.01
#: CPU samples further apart than this (the tab was hidden, the panel was not drawing) are not joined.
_GAP_NS = 1_000_000_000


class ClicksPlots(QWidget):
    # one redraw a second: a pyqtgraph repaint costs ~20-30 ms; at 5 Hz one frame in twelve missed its slot
    def __init__(self, window_s: float = 30.0, rate_hz: float = 1.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_s = window_s
        self._period_ns = int(1e9 / rate_hz)
        self._last_ns = 0
        self._span = 0.0
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.glw = pg.GraphicsLayoutWidget()
        self.glw.setBackground(_BG)
        self.glw.ci.setSpacing(6)
        self.glw.ci.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.glw)

        def plot(col: int, title: str, xlabel: str, ylabel: str) -> pg.PlotItem:
            p = self.glw.addPlot(row=0, col=col)
            p.setTitle(title, color=_FG, size="9pt")
            p.setMouseEnabled(x=False, y=False)
            p.hideButtons()
            p.setMenuEnabled(False)
            p.showGrid(x=True, y=True, alpha=0.15)
            for ax in ("left", "bottom"):
                a = p.getAxis(ax)
                a.setTextPen(_FG)
                a.setPen(_FG)
            p.setLabel("bottom", xlabel, color=_FG)
            p.setLabel("left", ylabel, color=_FG)
            p.getAxis("left").setWidth(46)
            return p

        self.p_cpu = plot(0, self._title(self.tr("CPU:"), self.tr("polling thread"), self.tr("event loop thread")),
                          self.tr("seconds ago"), self.tr("% of one core"))
        self.p_cpu.setXRange(-window_s, 0, padding=0)
        self.p_cpu.setYRange(0, 105, padding=0)
        self.p_cpu.setToolTip(self.tr("Read from each thread's own CPU clock (pthread_getcpuclockid), "
                                      "several times a second"))
        self.c_cpu_poll = self.p_cpu.plot(pen=pg.mkPen(_POLL, width=2))
        self.c_cpu_loop = self.p_cpu.plot(pen=pg.mkPen(_LOOP, width=2))

        self.p_lat = plot(1, self._title(self.tr("Latency, input to handler start:"), self.tr("polling"),
                                         self.tr("event loop")), self.tr("click number"), self.tr("ms (log scale)"))
        self.p_lat.setLogMode(y=True)
        self.p_lat.setToolTip(self.tr("One point per click whose handler started; a lost click has no point"))
        self.s_poll = self.p_lat.plot(pen=None, symbol="o", symbolSize=6, symbolBrush=_POLL, symbolPen=None)
        self.s_loop = self.p_lat.plot(pen=None, symbol="s", symbolSize=6, symbolBrush=_LOOP, symbolPen=None)

    @staticmethod
    def _title(what: str, poll: str, loop: str) -> str:
        """A title that doubles as the legend: the series names in their colours."""
        return (f"<span style='color:{_FG}'>{what}</span> <span style='color:{_POLL}'>&#9632; {poll}</span>"
                f" &nbsp;<span style='color:{_LOOP}'>&#9632; {loop}</span>")

    def refresh(self, scene: ClicksScene, now_ns: int, since_s: float | None = None, force: bool = False) -> bool:
        """Redraw from ``scene`` if the last redraw is older than the refresh period; True if redrawn.
        ``since_s``: seconds the threads have been running (the CPU plot shows at most that much)."""
        if not force and now_ns - self._last_ns < self._period_ns:
            return False
        self._last_ns = now_ns
        # the span grows in coarse steps, so the time axis (regenerating it is most of a repaint) holds still
        age = self.window_s if since_s is None else since_s
        span = next((w for w in (5.0, 10.0, 20.0) if age <= w and w < self.window_s), self.window_s)
        if span != self._span:
            self._span = span
            self.p_cpu.setXRange(-span, 0, padding=0)
        for curve, cpu in ((self.c_cpu_poll, scene.polling.cpu), (self.c_cpu_loop, scene.loop.cpu)):
            pts = [(t, v) for t, v in cpu if now_ns - t <= self.window_s * 1e9]
            if pts:
                a = np.array(pts, dtype=float)
                x, y = (a[:, 0] - now_ns) / 1e9, a[:, 1]
                # No samples while the tab was hidden: break the line there rather than draw a ramp nobody measured.
                gaps = np.nonzero(np.diff(a[:, 0]) > _GAP_NS)[0] + 1
                curve.setData(np.insert(x, gaps, np.nan), np.insert(y, gaps, np.nan), connect="finite")
            else:
                curve.setData([], [])
        for scatter, lat in ((self.s_poll, scene.polling.latencies), (self.s_loop, scene.loop.latencies)):
            if lat:
                a = np.array(lat, dtype=float)
                scatter.setData(a[:, 0], np.maximum(a[:, 1], _FLOOR_MS))
            else:
                scatter.setData([], [])
        return True
