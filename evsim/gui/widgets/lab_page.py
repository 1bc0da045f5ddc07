"""One tab of the window: a lab's message bar above the lab, which scrolls only below its minimum size."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from evsim.gui.widgets.lab_scroll import LabScrollArea
from evsim.gui.widgets.message_bar import MessageBar


class LabPage(QWidget):
    """``message_bar`` (hidden while empty) and ``scroll`` holding ``panel``; ``set_panel`` swaps the lab
    (View > Reset this lab to defaults builds a fresh one)."""

    def __init__(self, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_bar = MessageBar(self)
        self.scroll = LabScrollArea(panel, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.message_bar)
        lay.addWidget(self.scroll, 1)

    @property
    def panel(self) -> QWidget:
        return self.scroll.widget()

    def set_panel(self, panel: QWidget) -> None:
        """Show ``panel`` instead of the current one, which is deleted (shut it down first)."""
        self.scroll.setWidget(panel)  # QScrollArea deletes the widget it held
        self.scroll.fit()
