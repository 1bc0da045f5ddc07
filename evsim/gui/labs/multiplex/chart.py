"""Live log-log chart of measured per-call cost against watched sockets N, one curve per backend.

Medians are solid lines with dots, 95th percentiles thin dashed lines.  select's curve stops at the last
set it accepted.  A refusal has no cost, so it is never drawn as one: the socket counts select refused are a
red band beyond the dashed FD_SETSIZE line, named in that line's label (inside the plot, never clipped).
A faint vertical line follows the N slider.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from evsim.core.multiplex.fdlimit import FD_SETSIZE, MAX_FDS
from evsim.core.multiplex.measure import BACKENDS
from evsim.gui.labs.multiplex.grid import BACKEND_COLORS, BG, OVER, TEXT_DIM

__all__ = ["MultiplexChart", "ChartPoint"]


@dataclass(frozen=True)
class ChartPoint:
    backend: str
    fds: int
    us_p50: float
    us_p95: float
    error: str | None


def _log(v: float) -> float:
    return math.log10(max(v, 1e-9))


def _ticks(values: list[float]) -> list[tuple[float, str]]:
    return [(_log(v), f"{v:g}") for v in values]


_SYMBOL = {"select": ("o", 7), "poll": ("s", 10), "epoll": ("t", 8)}
X_TICKS = _ticks([10, 30, 100, 300, 1000, 3000, 10000])
Y_TICKS = _ticks([0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000])


class MultiplexChart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background=BG)
        pi = self.getPlotItem()
        pi.setMenuEnabled(False)  # the log axes are the point: no menu to switch them off
        pi.hideButtons()
        pi.setLogMode(x=True, y=True)
        pi.showGrid(x=True, y=True, alpha=0.18)
        label_style = {"color": TEXT_DIM.name(), "font-size": "10pt"}
        pi.setLabel("bottom", self.tr("watched sockets N (log scale)"), **label_style)
        pi.setLabel("left", self.tr("µs per call, median (log scale)"), **label_style)
        for axis in ("bottom", "left"):
            pi.getAxis(axis).setTextPen(pg.mkPen(TEXT_DIM))
            pi.getAxis(axis).setPen(pg.mkPen(TEXT_DIM))
        pi.getAxis("bottom").setTicks([X_TICKS, []])
        pi.getAxis("left").setTicks([Y_TICKS, []])
        pi.setXRange(_log(10), _log(MAX_FDS * 1.15), padding=0)
        pi.enableAutoRange(x=False, y=True)
        pi.getViewBox().setMouseEnabled(x=False, y=False)
        self.legend = pi.addLegend(offset=(10, 8), labelTextColor=QColor("#e6e9ef"), brush=pg.mkBrush(20, 24, 32, 200))

        self.curves: dict[str, pg.PlotDataItem] = {}
        self.p95: dict[str, pg.PlotDataItem] = {}
        for b in BACKENDS:
            c = BACKEND_COLORS[b]
            self.p95[b] = pi.plot([], [], pen=pg.mkPen(c, width=1, style=Qt.PenStyle.DashLine))
            # a symbol each, poll's the largest: where two costs coincide (many ready sockets) both stay visible
            self.curves[b] = pi.plot([], [], pen=pg.mkPen(c, width=2.5), symbol=_SYMBOL[b][0],
                                     symbolSize=_SYMBOL[b][1], symbolBrush=c, symbolPen=None,
                                     name=self.tr("%1 median").replace("%1", b))
        # where select refused: a band on the N axis, with no height (a refusal costs nothing to plot)
        band = QColor(OVER)
        band.setAlpha(40)
        self.refused_band = pg.LinearRegionItem(orientation="vertical", movable=False, brush=pg.mkBrush(band),
                                                pen=pg.mkPen(None))
        self.refused_band.setZValue(-10)
        self.refused_band.setVisible(False)
        pi.addItem(self.refused_band)
        sample = pg.PlotDataItem([], [], pen=pg.mkPen(TEXT_DIM, width=1, style=Qt.PenStyle.DashLine))
        self.legend.addItem(sample, self.tr("95th percentile"))

        self.limit_line = pg.InfiniteLine(
            pos=_log(FD_SETSIZE), angle=90, pen=pg.mkPen(OVER, width=1.2, style=Qt.PenStyle.DashLine),
            label=self.tr("FD_SETSIZE = %1").replace("%1", str(FD_SETSIZE)),
            labelOpts={"position": 0.96, "color": OVER, "anchors": [(1, 0), (1, 0)]})
        pi.addItem(self.limit_line)
        self.n_line = pg.InfiniteLine(pos=_log(256), angle=90, pen=pg.mkPen(255, 255, 255, 70, width=1),
                                      label="N", labelOpts={"position": 0.04, "color": (200, 200, 200)})
        pi.addItem(self.n_line)
        self._limit_text = self.tr("FD_SETSIZE = %1").replace("%1", str(FD_SETSIZE))
        self._refused: list[int] = []
        self._points: list[ChartPoint] = []

    # -- data --
    def set_points(self, points: list[ChartPoint]) -> None:
        """Show these measurements (one per backend and N; the caller picks the ones of the current K)."""
        self._points = sorted(points, key=lambda p: (p.backend, p.fds))
        for b in BACKENDS:
            ok = [p for p in self._points if p.backend == b and p.error is None]
            self.curves[b].setData([p.fds for p in ok], [p.us_p50 for p in ok])
            self.p95[b].setData([p.fds for p in ok], [p.us_p95 for p in ok])
        self._refused = sorted(p.fds for p in self._points if p.error is not None)
        if not self._refused:
            self.refused_band.setVisible(False)
            self.limit_line.label.setFormat(self._limit_text)
            return
        self.refused_band.setRegion((_log(min(self._refused)), _log(MAX_FDS * 1.15)))
        self.refused_band.setVisible(True)
        self.limit_line.label.setFormat(self._limit_text + "\n" + self.tr(
            "select refused N ≥ %1:\nValueError, no cost to plot").replace("%1", f"{min(self._refused):,}"))

    def set_title(self, text: str) -> None:
        """What the curves are (which K and workload): the sweep's, whatever the sliders show now."""
        self.getPlotItem().setTitle(text, color=TEXT_DIM.name(), size="9pt")

    def set_current_n(self, n: int) -> None:
        self.n_line.setValue(_log(n))

    # -- for tests and export --
    def curve_points(self, backend: str) -> list[tuple[float, float]]:
        """(N, µs) pairs plotted for ``backend``'s median curve."""
        x, y = self.curves[backend].getOriginalDataset()
        if x is None:
            return []
        return list(zip((float(v) for v in x), (float(v) for v in y)))

    def error_points(self) -> list[int]:
        """The socket counts select refused (shown as a band, not as points)."""
        return list(self._refused)

    @property
    def error_text(self) -> str:
        return self.limit_line.label.toPlainText() if self._refused else ""
