"""A row of control groups that stacks them one under another when the window is too narrow for all of them
side by side (a 1024x768 projector, a longer translation), instead of asking for a horizontal scroll bar."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QBoxLayout, QLayout, QWidget


class WrappingRow(QWidget):
    """``addWidget(w, stretch)`` like a QHBoxLayout.  Side by side when the row's width holds every widget at
    its minimum width; otherwise top to bottom.  Its minimum width is the widest widget's, so it never forces
    the lab wider than the screen."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(spacing)
        # the layout must not pin this widget's minimum to the side-by-side width: minimumSizeHint decides
        self._box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._widgets: list[QWidget] = []

    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:  # noqa: N802 - Qt's name
        self._widgets.append(widget)
        self._box.addWidget(widget, stretch)
        self._arrange(self.width())

    def side_by_side(self) -> bool:
        return self._box.direction() == QBoxLayout.Direction.LeftToRight

    def width_side_by_side(self) -> int:
        """The width the widgets need next to each other, each at its minimum."""
        shown = [w for w in self._widgets if not w.isHidden()]
        mins = [max(w.minimumSizeHint().width(), w.minimumWidth()) for w in shown]
        return sum(mins) + self._box.spacing() * max(0, len(mins) - 1)

    def _stacked_minimum(self) -> QSize:
        shown = [w for w in self._widgets if not w.isHidden()]
        if not shown:
            return QSize(0, 0)
        sizes = [w.minimumSizeHint().expandedTo(w.minimumSize()) for w in shown]
        return QSize(max(s.width() for s in sizes),
                     sum(s.height() for s in sizes) + self._box.spacing() * (len(sizes) - 1))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        stacked = self._stacked_minimum()
        if self.side_by_side():
            return QSize(stacked.width(), self._box.minimumSize().height())
        return stacked

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return self._box.sizeHint().expandedTo(self.minimumSizeHint())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def _arrange(self, width: int) -> None:
        want = (QBoxLayout.Direction.LeftToRight if width >= self.width_side_by_side()
                else QBoxLayout.Direction.TopToBottom)
        if want != self._box.direction():
            self._box.setDirection(want)
            self.updateGeometry()  # the minimum height changed: the lab lays itself out again
