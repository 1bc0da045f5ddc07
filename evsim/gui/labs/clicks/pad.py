"""The clicks lab's input pad: takes real mouse clicks and key presses and says so.

It is an input device, not a view: each press emits :attr:`ClicksPad.input_made` (kind, label) at once; the
panel turns it into a numbered click for both designs and hands the number back with :meth:`mark`, so the pad
can show "#12" where you clicked.  Ripples fade as a function of (press time, now).
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from evsim.core.clicks.events import ClickInput
from evsim.gui.labs.clicks.style import BG, LANE, LATCHED, SCAN, TEXT, TEXT_DIM, font, with_alpha

__all__ = ["ClicksPad"]

RIPPLE_NS = 900_000_000
_MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr,
                  Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock}


@dataclass(slots=True)
class _Ripple:
    pos: QPointF
    kind: str
    label: str
    t: int
    id: int = 0


class ClicksPad(QWidget):
    """Click it, or give it focus and type."""

    #: The user clicked or pressed a key: kind ("click" or "key_down") and a label ("left", "A").
    input_made = Signal(str, str)
    #: ``time.monotonic_ns()`` at the latest press, read as the press's time stamp (0: none yet).
    press_ns = 0

    def __init__(self, parent: QWidget | None = None, recent: Sequence[ClickInput] | None = None) -> None:
        """``recent``: the latest inputs from every source (the scene's); the auto-clicker's show up here as
        ripples of their own, and the newest few are listed along the bottom edge."""
        super().__init__(parent)
        self._recent = recent if recent is not None else ()
        self._last_seen = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Each click or key press here is one input, fed at the same instant to the "
                                "polling thread and to the event loop."))
        self._ripples: deque[_Ripple] = deque(maxlen=48)
        self._now = time.monotonic_ns()
        self.presses = 0

    def mark(self, click_id: int) -> None:
        """Label the latest press with the number the input source gave it."""
        if self._ripples and self._ripples[-1].id == 0:
            self._ripples[-1].id = click_id

    def frame(self, now_ns: int) -> None:
        self._now = now_ns
        changed = False
        for ev in self._recent:
            if ev.id <= self._last_seen:
                continue
            self._last_seen = ev.id
            changed = True
            if ev.label == "auto":  # the auto-clicker "presses" the pad too, somewhere along its middle
                w = max(1, self.width() - 60)
                y = 52 + (self.height() - 52 - 26) / 2
                self._ripples.append(_Ripple(QPointF(30 + (ev.id * 97) % w, y), ev.input_kind, ev.label,
                                             ev.t_ns, ev.id))
        if changed or any(now_ns - r.t < RIPPLE_NS for r in self._ripples):
            self.update()

    def _add(self, pos: QPointF, kind: str, label: str) -> None:
        self.presses += 1
        self._now = time.monotonic_ns()
        self._ripples.append(_Ripple(pos, kind, label, self._now))
        self.input_made.emit(kind, label)
        self.press_ns = 0  # read by the slots above; an input not made on the pad is stamped by its maker
        self.update()

    # -- input ------------------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt name
        # Stamped first thing, on CLOCK_MONOTONIC like every event (Qt's own event.timestamp() is in ms on a
        # clock with an arbitrary epoch, not comparable with the designs' processes).
        self.press_ns = time.monotonic_ns()
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        button = {Qt.MouseButton.LeftButton: "left", Qt.MouseButton.RightButton: "right",
                  Qt.MouseButton.MiddleButton: "middle"}.get(event.button(), "button")
        self._add(event.position(), "click", button)
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.press_ns = time.monotonic_ns()
        key = event.key()
        if key in _MODIFIER_KEYS or key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            super().keyPressEvent(event)
            return
        text = event.text()
        label = text if text and text.isprintable() and not text.isspace() else \
            QKeySequence(key).toString() or "key"
        r = self.rect()
        # Keys land along the bottom edge, spread by key code so a burst of typing stays readable.
        x = 24 + (key * 37) % max(1, r.width() - 48)
        self._add(QPointF(x, r.height() - 26), "key_down", label)
        event.accept()

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().focusOutEvent(event)
        self.update()

    # -- painting ---------------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.setPen(QPen(SCAN if self.hasFocus() else LANE, 2, Qt.PenStyle.DashLine))
        p.setBrush(BG)
        p.drawRoundedRect(r, 8, 8)
        base = self.font()
        p.setFont(font(base, 11, bold=True))
        p.setPen(TEXT)
        p.drawText(r.adjusted(0, 10, 0, 0), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                   self.tr("Click here, or press a key"))
        p.setFont(font(base, 8.5))
        p.setPen(TEXT_DIM)
        hint = self.tr("typing needs focus: the dashed border lights up") if not self.hasFocus() else \
            self.tr("each input goes to both designs")
        p.drawText(r.adjusted(0, 32, 0, 0), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, hint)
        now = self._now
        p.setFont(font(base, 9, bold=True))
        for rp in self._ripples:
            age = now - rp.t
            if not 0 <= age < RIPPLE_NS:
                continue
            f = age / RIPPLE_NS
            color = SCAN if rp.kind == "click" else LATCHED
            p.setPen(QPen(with_alpha(color, 1 - f), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            auto = rp.label == "auto"
            rad = (4 + 14 * f) if auto else (6 + 30 * f)
            p.drawEllipse(rp.pos, rad, rad)
            if auto:  # the auto-clicker's are many: the list along the bottom names them
                continue
            p.setPen(with_alpha(TEXT, 1 - f))
            what = rp.label if rp.kind == "key_down" else self.tr("click")
            tag = (f"#{rp.id} " if rp.id else "") + what
            p.drawText(rp.pos + QPointF(10, -10 - 14 * f), tag)
        # the latest inputs, newest first, along the bottom
        latest = list(self._recent)[-8:][::-1]
        if latest:
            p.setFont(font(base, 8))
            fm = QFontMetricsF(p.font())
            x, yb = r.left() + 10, r.bottom() - 8
            p.setPen(TEXT_DIM)
            head = self.tr("latest:")
            p.drawText(QPointF(x, yb), head)
            x += fm.horizontalAdvance(head) + 8
            for ev in latest:
                text = f"#{ev.id} " + (ev.label if ev.input_kind == "key_down" else "●")
                w = fm.horizontalAdvance(text)
                if x + w > r.right() - 8:
                    break
                p.setPen(LATCHED if ev.input_kind == "key_down" else SCAN)
                p.drawText(QPointF(x, yb), text)
                x += w + 10
        p.end()
