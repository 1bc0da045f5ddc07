"""The text colours of the labs' dark painted views, shared, so presentation mode can raise their contrast.

The views import ``TEXT`` and ``TEXT_DIM`` from here (not their own copies); :func:`set_high_contrast` changes
these very QColor objects in place, and the views repaint with them (presentation mode also changes the
font, which makes every view drop its cached pictures).
"""

from __future__ import annotations

from PySide6.QtGui import QColor

TEXT = QColor("#d8dee9")
TEXT_DIM = QColor("#8b95a7")

_NORMAL = {"TEXT": "#d8dee9", "TEXT_DIM": "#8b95a7"}
#: For a projector at the back of a room: grey-on-dark labels and legends become near white.
_HIGH = {"TEXT": "#ffffff", "TEXT_DIM": "#dfe5ee"}


def set_high_contrast(on: bool) -> None:
    for name, colour in (_HIGH if on else _NORMAL).items():
        globals()[name].setRgba(QColor(colour).rgba())
