"""Where the window opens: inside the screen's available geometry (without panels and docks), never taller
or wider than the screen, maximized when the screen is smaller than the size the window would like."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

#: The size the window would like: room for every lab's controls, plots and log side by side.
PREFERRED = QSize(1280, 800)
#: Room for the window manager's title bar and borders around the client area.
FRAME = QSize(16, 40)


def fit_geometry(available: QRect, preferred: QSize = PREFERRED, frame: QSize = FRAME) -> tuple[QRect, bool]:
    """(client rectangle, maximize?) for a window that would like ``preferred`` on a screen whose available
    geometry is ``available``.  The rectangle is centred and, with its frame, inside ``available``."""
    room = QSize(available.width() - frame.width(), available.height() - frame.height())
    if preferred.width() > room.width() or preferred.height() > room.height():
        size = preferred.boundedTo(room).expandedTo(QSize(1, 1))
        return QRect(available.topLeft(), size), True
    top_left = available.center() - QPoint(preferred.width() // 2, preferred.height() // 2)
    return QRect(top_left, preferred), False


def clamp_geometry(frame_rect: QRect, available: QRect) -> QRect | None:
    """A remembered frame rectangle moved (and shrunk) into ``available``; None if it already fits.

    A window last closed on a 1920x1080 projector must not open off-screen on a 1366x768 laptop.
    """
    if available.contains(frame_rect):
        return None
    size = frame_rect.size().boundedTo(available.size())
    x = min(max(frame_rect.x(), available.left()), available.right() + 1 - size.width())
    y = min(max(frame_rect.y(), available.top()), available.bottom() + 1 - size.height())
    return QRect(x, y, size.width(), size.height())
