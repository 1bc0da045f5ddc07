"""The collapsible "What you are seeing" box the labs put beside their controls."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QToolButton, QVBoxLayout, QWidget

#: However short the lab is, the explanation keeps this many lines (and scrolls the rest).
MIN_LINES = 3


class _TextScroll(QScrollArea):
    """The explanation's text, whole when there is room (its height for the width), scrolling when there is
    not: a longer translation, a CJK font or a 1.5x scale never cuts its last lines off, nor squeezes the
    controls below it."""

    def __init__(self, label: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(label)
        self.viewport().setAutoFillBackground(False)
        label.setAutoFillBackground(False)

    # Not hasHeightForWidth(): a box layout would then give the whole text as the minimum height and
    # squeeze the controls under it.  The preferred height follows the width instead (see resizeEvent).
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt name
        label = self.widget()
        return max(self.minimumSizeHint().height(), label.heightForWidth(max(1, width)) + 2 * self.frameWidth())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        width = self.width() if self.width() > 50 else self.widget().sizeHint().width()
        return QSize(self.widget().sizeHint().width(), self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt name
        fm = self.widget().fontMetrics()
        return QSize(fm.averageCharWidth() * 12, fm.lineSpacing() * MIN_LINES + 8)


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
        self.text_area = _TextScroll(self.label, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        if spacing >= 0:
            lay.setSpacing(spacing)
        lay.addWidget(self.button)
        lay.addWidget(self.text_area, 1)
        self.set_vertical_policy(QSizePolicy.Policy.Minimum)
        self.button.toggled.connect(self._on_button_toggled)

    def set_vertical_policy(self, policy: QSizePolicy.Policy) -> None:
        """How the box takes vertical space in the panel's column: it grows as ``policy`` says, and when
        there is less room than its text needs it shrinks to a few lines and scrolls."""
        shrinkable = {
            QSizePolicy.Policy.Minimum: QSizePolicy.Policy.Preferred,
            QSizePolicy.Policy.MinimumExpanding: QSizePolicy.Policy.Expanding,
            QSizePolicy.Policy.Fixed: QSizePolicy.Policy.Maximum,
        }.get(policy, policy)
        self.text_area.setSizePolicy(QSizePolicy.Policy.Preferred, shrinkable)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, shrinkable)

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
        self.text_area.setVisible(open_)
        self.button.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
