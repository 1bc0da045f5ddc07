"""A scroll area that shows a lab at the window's size and scrolls only below the lab's minimum size."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget


class LabScrollArea(QScrollArea):
    """Holds one lab panel: fills the viewport, scrolls only when the viewport is below the panel's minimum.

    ``QScrollArea.setWidgetResizable(True)`` is not used on purpose: for a widget whose layout has
    height-for-width (any word-wrapped QLabel) it asks ``heightForWidth()``, which answers the layout's
    *preferred* height, so the clicks lab (699 px minimum, 876 preferred) scrolled, its plots cut off, in a
    1280x800 window it fits in.  Here the panel is sized to max(viewport, minimum size) in each direction.
    """

    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setWidget(panel)

    def fit(self) -> None:
        """Resize the panel to the viewport, but never below its minimum size."""
        w = self.widget()
        if w is None:
            return
        need = w.minimumSizeHint().expandedTo(w.minimumSize())
        avail = self.maximumViewportSize()  # the viewport without scroll bars
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        width, height = avail.width(), avail.height()
        for _ in range(2):  # a scroll bar in one direction takes room from the other
            if need.height() > height and width == avail.width():
                width -= bar
            if need.width() > width and height == avail.height():
                height -= bar
        w.resize(max(width, need.width()), max(height, need.height()))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self.fit()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt name
        # The panel's minimum size changed (an explanation shown or hidden, a label grown): Qt posts the
        # layout request to the panel's parent, this viewport.
        if event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().viewportEvent(event)
