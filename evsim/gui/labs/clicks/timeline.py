"""The timeline strip both clicks views draw: the last few seconds of inputs, waits and handler runs.

Each click is a dot on the input row when it happened; a line runs from it to the moment its handler started
(the wait), and a bar shows the handler running.  Lost clicks are red crosses; clicks still waiting trail a
line to "now".  A pure function of the scene and the clock.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from evsim.core.clicks.scene import DesignScene
from evsim.gui.labs.clicks.style import LANE, LOST, RUNNING, TEXT, TEXT_DIM, font, with_alpha

__all__ = ["draw_timeline", "timeline_window"]

MAX_LANES = 4
MIN_WINDOW_S, MAX_WINDOW_S = 3, 6


def timeline_window(scene: DesignScene, now: int) -> int:
    """Seconds shown (as ns): the time since the first click, rounded up, between 3 and 6 s."""
    first = next(iter(scene.timeline.values()), None)
    if first is None:
        return MIN_WINDOW_S * 1_000_000_000
    secs = -(-(now - first[0]) // 1_000_000_000) + 1
    return max(MIN_WINDOW_S, min(MAX_WINDOW_S, secs)) * 1_000_000_000


def draw_timeline(p: QPainter, r: QRectF, scene: DesignScene, now: int, window_ns: int, wait_color: QColor,
                  labels: tuple[str, str, str]) -> None:
    """``labels``: (input row name, handler row name, "now")."""
    if r.height() < 40 or r.width() < 120:
        return
    base = p.font()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(LANE)
    p.drawRoundedRect(r, 6, 6)
    name_w = 62.0
    plot = QRectF(r.left() + name_w, r.top() + 6, r.width() - name_w - 10, r.height() - 22)
    t0 = now - window_ns

    def x_of(t: int) -> float:
        return plot.left() + (t - t0) / window_ns * plot.width()

    # second ticks, "now" at the right
    p.setFont(font(base, 7.5))
    p.setPen(QPen(with_alpha(TEXT_DIM, 0.35), 1))
    secs = window_ns // 1_000_000_000
    for k in range(int(secs) + 1):
        x = x_of(now - k * 1_000_000_000)
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
    p.setPen(TEXT_DIM)
    for k in range(int(secs) + 1):
        x = x_of(now - k * 1_000_000_000)
        text = labels[2] if k == 0 else f"-{k} s"
        p.drawText(QRectF(x - 30, plot.bottom() + 1, 60, 14), Qt.AlignmentFlag.AlignHCenter, text)

    in_y = plot.top() + 6
    lane_top = plot.top() + 18
    lane_h = max(5.0, min(14.0, (plot.bottom() - lane_top) / MAX_LANES - 2))
    p.setFont(font(base, 8))
    p.setPen(TEXT_DIM)
    p.drawText(QRectF(r.left() + 8, in_y - 7, name_w - 10, 14), Qt.AlignmentFlag.AlignVCenter, labels[0])
    p.drawText(QRectF(r.left() + 8, lane_top, name_w - 10, lane_h), Qt.AlignmentFlag.AlignVCenter, labels[1])

    lanes_end: list[int] = []  # per lane, the time its last bar ends
    p.save()
    p.setClipRect(plot.adjusted(-4, -4, 4, 4))
    for cid, (t_in, t_start, t_end, t_lost) in scene.timeline.items():
        end = t_end or (now if t_start else 0)
        if max(t_in, end, t_lost) < t0:
            continue
        xi = x_of(t_in)
        if t_lost:
            p.setPen(QPen(LOST, 2))
            p.drawLine(QPointF(xi - 4, in_y - 4), QPointF(xi + 4, in_y + 4))
            p.drawLine(QPointF(xi - 4, in_y + 4), QPointF(xi + 4, in_y - 4))
            continue
        if t_start:
            lane = next((i for i, e in enumerate(lanes_end) if e <= t_start), None)
            if lane is None:
                lane = len(lanes_end) if len(lanes_end) < MAX_LANES else MAX_LANES - 1
                if lane == len(lanes_end):
                    lanes_end.append(0)
            lanes_end[lane] = max(lanes_end[lane], end)
            ly = lane_top + lane * (lane_h + 2)
            xs, xe = x_of(t_start), x_of(end)
            p.setPen(QPen(with_alpha(wait_color, 0.7), 1.2))
            p.drawLine(QPointF(xi, in_y), QPointF(xs, ly + lane_h / 2))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(with_alpha(RUNNING, 0.9 if not t_end else 0.6))
            p.drawRoundedRect(QRectF(xs, ly, max(2.0, xe - xs), lane_h), 2, 2)
        else:  # still waiting: trail to now
            p.setPen(QPen(with_alpha(wait_color, 0.8), 1.2, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(xi, in_y), QPointF(x_of(now), in_y))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(TEXT)
        p.drawEllipse(QPointF(xi, in_y), 3, 3)
    p.restore()
