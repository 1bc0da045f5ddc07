"""Colours, number formats and small painting helpers shared by the clicks lab's views."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from evsim.gui.widgets.theme import TEXT, TEXT_DIM  # shared: presentation mode brightens them

__all__ = [
    "BG", "CARD", "LANE", "TEXT", "TEXT_DIM", "POLLING_COLOR", "LOOP_COLOR", "LATCHED", "QUEUED", "RUNNING",
    "LOST", "SCAN", "IDLE", "fmt_duration", "fmt_rate", "with_alpha", "font", "draw_card", "draw_legend",
    "draw_meter", "draw_token", "elide", "draw_code",
]

BG = QColor("#111723")
CARD = QColor("#1a2130")
LANE = QColor("#232b3b")
POLLING_COLOR = QColor("#ffa94d")
LOOP_COLOR = QColor("#4da3ff")
LATCHED = QColor("#f4d35e")   # a click sitting in a register
QUEUED = QColor("#4da3ff")    # a message waiting in the queue
RUNNING = QColor("#3ecf8e")   # a handler running now
LOST = QColor("#ff5d5d")      # a click that will never be handled
SCAN = QColor("#5ee6f0")      # where the polling thread is looking
IDLE = QColor("#3b4454")


def fmt_duration(ns: float) -> str:
    """1234567 -> '1.23 ms'; 4.8e9 -> '4.8 s'; 75e9 -> '1 min 15 s'."""
    if ns < 1_000_000:
        return f"{ns / 1000:.0f} µs"
    ms = ns / 1e6
    if ms < 10:
        return f"{ms:.2f} ms"
    if ms < 1000:
        return f"{ms:.0f} ms"
    s = ms / 1000
    if s < 60:
        return f"{s:.1f} s"
    return f"{int(s // 60)} min {int(s % 60)} s"


def fmt_rate(v: float) -> str:
    for unit, div in (("M", 1e6), ("k", 1e3)):
        if v >= div:
            return f"{v / div:.1f}{unit}"
    return f"{v:.0f}"


def with_alpha(c: QColor, a: float) -> QColor:
    c = QColor(c)
    c.setAlphaF(max(0.0, min(1.0, a)))
    return c


def font(base: QFont, pt: float, bold: bool = False, mono: bool = False) -> QFont:
    f = QFont(base)
    if mono:
        f.setFamily("monospace")
        f.setStyleHint(QFont.StyleHint.Monospace)
    f.setPointSizeF(pt)
    f.setBold(bold)
    return f


def elide(p: QPainter, text: str, width: float) -> str:
    return QFontMetricsF(p.font()).elidedText(text, Qt.TextElideMode.ElideRight, width)


def draw_card(p: QPainter, r: QRectF, accent: QColor) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(CARD)
    p.drawRoundedRect(r, 6, 6)
    p.setBrush(accent)
    p.drawRoundedRect(QRectF(r.left(), r.top(), r.width(), 3), 1.5, 1.5)


def draw_legend(p: QPainter, x: float, y: float, items: list[tuple[QColor, str]], max_x: float,
                measure: bool = False) -> float:
    """Swatch + label pairs on one line (wrapping at ``max_x``); returns the y below the legend.
    ``measure``: draw nothing, only return that y."""
    fm = QFontMetricsF(p.font())
    h = fm.height()
    x_start = x
    for color, label in items:
        w = 14 + fm.horizontalAdvance(label) + 14
        if x + w > max_x and x > x_start:
            x = x_start
            y += h + 4
        if measure:
            x += w
            continue
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawRoundedRect(QRectF(x, y + h / 2 - 5, 10, 10), 2, 2)
        p.setPen(TEXT_DIM)
        p.drawText(QPointF(x + 14, y + fm.ascent()), label)
        x += w
    return y + h


def draw_meter(p: QPainter, r: QRectF, fraction: float, color: QColor, text: str) -> None:
    """A horizontal bar gauge with ``text`` on it."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(LANE)
    p.drawRoundedRect(r, 4, 4)
    f = max(0.0, min(1.0, fraction))
    if f > 0:
        p.setBrush(color)
        p.drawRoundedRect(QRectF(r.left(), r.top(), max(4.0, r.width() * f), r.height()), 4, 4)
    p.setPen(TEXT)
    p.drawText(r.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)


def draw_token(p: QPainter, r: QRectF, fill: QColor, top: str, bottom: str = "", alpha: float = 1.0,
               outline: QColor | None = None) -> None:
    """A rounded token: ``top`` (the click id) and an optional smaller ``bottom`` line (its wait)."""
    p.setPen(QPen(with_alpha(outline, alpha), 2) if outline is not None else Qt.PenStyle.NoPen)
    p.setBrush(with_alpha(fill, alpha))
    p.drawRoundedRect(r, 5, 5)
    p.setPen(with_alpha(QColor("#0b0f16"), alpha))
    base = p.font()
    if bottom:
        top_r = QRectF(r.left(), r.top() + 1, r.width(), r.height() * 0.55)
        bot_r = QRectF(r.left(), r.top() + r.height() * 0.5, r.width(), r.height() * 0.48)
        p.setFont(font(base, max(6.5, base.pointSizeF()), bold=True))
        p.drawText(top_r, Qt.AlignmentFlag.AlignCenter, top)
        p.setFont(font(base, max(6.0, base.pointSizeF() - 1.5)))
        p.drawText(bot_r, Qt.AlignmentFlag.AlignCenter, bottom)
    else:
        p.setFont(font(base, max(6.5, base.pointSizeF()), bold=True))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, top)
    p.setFont(base)


def draw_code(p: QPainter, x: float, y: float, lines: list[tuple[str, str]], width: float, comment: QColor) -> float:
    """Monospace code lines, each (code, comment); returns the y below them."""
    fm = QFontMetricsF(p.font())
    h = fm.height()
    for code, note in lines:
        p.setPen(TEXT)
        p.drawText(QPointF(x, y + fm.ascent()), code)
        if note:
            cx = x + max(fm.horizontalAdvance(code) + 12, fm.horizontalAdvance("x" * 34))
            p.setPen(comment)
            p.drawText(QPointF(cx, y + fm.ascent()), elide(p, "# " + note, max(0.0, x + width - cx)))
        y += h
    return y
