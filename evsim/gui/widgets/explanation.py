"""The collapsible "What you are seeing" box the labs put beside their controls."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget


class ExplanationBox(QWidget):
    """A checkable arrow button that shows or hides a word-wrapped rich-text explanation.

    ``button`` and ``label`` are the two child widgets; ``toggled(bool)`` fires when the user opens or
    closes the box (or ``set_open`` changes it). The box starts open.
    """

    toggled = Signal(bool)

    def __init__(self, html: str, parent: QWidget | None = None, font_pt: float | None = None,
                 spacing: int = -1) -> None:
        super().__init__(parent)
        self.button = QToolButton(self)
        self.button.setText(self.tr("What you are seeing"))
        self.button.setCheckable(True)
        self.button.setChecked(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setToolTip(self.tr("Show or hide the explanation."))
        self.label = QLabel(html, self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if font_pt is not None:
            self.label.setStyleSheet(f"QLabel {{ font-size: {font_pt:g}pt; }}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        if spacing >= 0:
            lay.setSpacing(spacing)
        lay.addWidget(self.button)
        lay.addWidget(self.label, 1)
        self.set_vertical_policy(QSizePolicy.Policy.Minimum)
        self.button.toggled.connect(self._on_button_toggled)

    def set_vertical_policy(self, policy: QSizePolicy.Policy) -> None:
        """How the label (and so the box) takes vertical space in the panel's column."""
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, policy)

    def is_open(self) -> bool:
        return self.button.isChecked()

    def set_open(self, open_: bool) -> None:
        """Open or close the box; ``toggled`` fires only if that changes it."""
        self.button.setChecked(open_)
        self._apply(open_)

    @Slot(bool)
    def _on_button_toggled(self, open_: bool) -> None:
        self._apply(open_)
        self.toggled.emit(open_)

    def _apply(self, open_: bool) -> None:
        self.label.setVisible(open_)
        self.button.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
