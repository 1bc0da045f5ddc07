"""Controls whose changing text never moves what is next to them, nor relays anything out.

A QLabel asks its layout to run again at every ``setText`` (Qt calls ``updateGeometry`` whatever the new text),
and that request climbs to the window: a QTabWidget on the way repaints itself and every widget of its current
tab.  A row counter or a "line 61" that changes ten times a second then costs a repaint of the whole pane each
time.  :class:`StatusLine` paints its own text and asks for a new layout only when the height it needs changed.
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

__all__ = ["fit_all_texts", "StatusLine"]


def fit_all_texts(button: QAbstractButton, texts: Iterable[str]) -> None:
    """Give ``button`` the width its widest text needs (Pause/Resume, Start/Stop), so toggling its text never
    moves the buttons after it.  Call again after a font or language change."""
    current = button.text()
    widths = []
    for t in texts:
        button.setText(t)
        widths.append(button.sizeHint().width())
    button.setText(current)
    button.setMinimumWidth(max(widths, default=0))


class StatusLine(QWidget):
    """A line of plain text that changes often: as wide as its layout gives it (its text never widens anything),
    one line high, or (``wrap``) as many lines as its text needs at its width.  ``setText`` repaints this widget
    only, unless the text now needs another height."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, wrap: bool = False,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> None:
        super().__init__(parent)
        self._text = text
        self._wrap = wrap
        self._align = align
        self.setSizePolicy(QSizePolicy.Policy.Ignored,
                           QSizePolicy.Policy.Preferred if wrap else QSizePolicy.Policy.Fixed)
        self._height = self._needed_height(self.width())

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name
        if text == self._text:
            return
        self._text = text
        h = self._needed_height(self.width())
        if h != self._height:
            self._height = h
            self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.setText("")

    def _flags(self) -> int:
        return int(self._align) | (int(Qt.TextFlag.TextWordWrap) if self._wrap else 0)

    def _needed_height(self, width: int) -> int:
        fm = self.fontMetrics()
        if not self._wrap or not self._text:
            return fm.height() + 2 if (self._text or not self._wrap) else 0
        return fm.boundingRect(QRect(0, 0, max(1, width), 1 << 20), self._flags(), self._text).height() + 2

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt name
        return self._wrap

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt name
        return self._needed_height(width)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(self.fontMetrics().averageCharWidth() * 12, self._needed_height(max(self.width(), 1)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(0, self._needed_height(max(self.width(), 1)) if not self._wrap else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        h = self._needed_height(self.width())
        if h != self._height:  # another width: the wrapped text may need another number of lines
            self._height = h
            self.updateGeometry()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.FontChange:
            self._height = self._needed_height(self.width())
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        if not self._text:
            return
        p = QPainter(self)
        text = self._text
        if not self._wrap:
            text = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, self.width())
        self.style().drawItemText(p, self.rect().adjusted(0, 1, 0, -1), self._flags(), self.palette(),
                                  self.isEnabled(), text, QPalette.ColorRole.WindowText)
        p.end()
