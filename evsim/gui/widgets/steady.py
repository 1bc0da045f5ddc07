"""Controls whose changing text never moves what is next to them."""

from __future__ import annotations

from typing import Iterable

from PySide6.QtWidgets import QAbstractButton


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
