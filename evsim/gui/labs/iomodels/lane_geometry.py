"""Where everything goes in the iomodels lanes, and how figures are written (no painting).

:class:`LaneGeometry` maps a widget size and the recorded timelines onto rectangles and two time axes: the
whole run (milliseconds since the read was issued) and a zoom on the copy phase (microseconds around each
lane's "ready"); colours, sizes and number formats are shared by the painter and the widget.
"""

from __future__ import annotations

import math
from typing import Mapping, NamedTuple, Sequence

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QColor

from evsim.core.iomodels.timeline import MODELS, Timeline

__all__ = [
    "LaneGeometry", "Rows", "COLORS", "BACKGROUND", "LANE_BG", "GRID", "TEXT", "TEXT_DIM", "MARGIN", "LABEL_W",
    "HEADER_H", "AXIS_H", "GAP", "ZOOM_FRAC", "MIN_ZOOM_NS", "model_title", "verdict_text", "format_duration",
    "format_count", "nice_ticks",
]

BACKGROUND = QColor("#111723")
LANE_BG = QColor("#161e2c")
GRID = QColor(255, 255, 255, 22)
from evsim.gui.widgets.theme import TEXT, TEXT_DIM  # noqa: E402  (shared: presentation mode brightens them)
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
