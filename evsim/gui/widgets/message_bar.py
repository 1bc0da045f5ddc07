"""A message bar at the top of a lab: failures that matter in front of a class, in sight, not only in the
status bar (the server could not start, a file could not be written, remembered settings make a lab heavy).

A lab panel does not need to know where the bar is: ``post_message(self, text)`` finds the bar of the lab
the widget is in (the window puts one above every lab).  The bar stays until the user closes it, the next
message replaces it, or ``clear_message(self)``.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton, QWidget

#: level -> (background, border) colours; the text is the palette's, for contrast on any theme.
LEVELS = {
    "error": ("#5c1f24", "#ff5d5d"),
    "warning": ("#4d3b12", "#f4c542"),
    "info": ("#17324d", "#4da3ff"),
}


class MessageBar(QFrame):
    """One message at a time: coloured by level, word-wrapped, with an optional action button and a close
    button.  Hidden while empty, so it takes no room."""

    #: the bar was closed by the user (×) or cleared
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.level = ""
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.action_button = QPushButton(self)
        self.action_button.hide()
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Close this message"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 4, 4)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignVCenter)
        lay.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.close_button.clicked.connect(self.on_close_clicked)
        self.action_button.clicked.connect(self.on_action_clicked)
        self._action: Callable[[], None] | None = None
        self.hide()

    def show_message(self, text: str, level: str = "error", action_text: str | None = None,
                     action: Callable[[], None] | None = None) -> None:
        """Show ``text`` (plain text) at ``level`` ('error', 'warning', 'info'); ``action`` runs when the
        button labelled ``action_text`` is pressed, and closes the bar."""
        self.level = level if level in LEVELS else "error"
        bg, border = LEVELS[self.level]
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(bg))
        pal.setColor(QPalette.ColorRole.WindowText, QColor("#ffffff"))
        self.setPalette(pal)
        self.setStyleSheet(f"QFrame#MessageBar {{ border: 1px solid {border}; border-radius: 3px; }}")
        self.label.setText(text)
        self._action = action
        self.action_button.setVisible(action is not None and bool(action_text))
        if action_text:
            self.action_button.setText(action_text)
        self.show()

    def text(self) -> str:
        return self.label.text() if not self.isHidden() else ""

    def clear(self) -> None:
        if self.isVisible() or self.label.text():
            self.label.clear()
            self._action = None
            self.hide()
            self.dismissed.emit()

    @Slot()
    def on_close_clicked(self) -> None:
        self.clear()

    @Slot()
    def on_action_clicked(self) -> None:
        action = self._action
        self.clear()
        if action is not None:
            action()


def bar_for(widget: QWidget) -> MessageBar | None:
    """The message bar of the lab ``widget`` is in: the first ancestor that has one as ``message_bar``."""
    w: QWidget | None = widget
    while w is not None:
        bar = getattr(w, "message_bar", None)
        if isinstance(bar, MessageBar):
            return bar
        w = w.parentWidget()
    return None


def post_message(widget: QWidget, text: str, level: str = "error", action_text: str | None = None,
                 action: Callable[[], None] | None = None) -> bool:
    """Show ``text`` in the message bar of ``widget``'s lab; False if it is in none (e.g. a bare panel)."""
    bar = bar_for(widget)
    if bar is None:
        return False
    bar.show_message(text, level, action_text, action)
    return True


def clear_message(widget: QWidget) -> None:
    """Close the message of ``widget``'s lab, if one is shown (e.g. the server started after all)."""
    bar = bar_for(widget)
    if bar is not None:
        bar.clear()
