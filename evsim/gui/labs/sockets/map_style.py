"""The socket map's colours and the small helpers every part of the map uses."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from evsim.core.echo.scene import CLOSED, HALF_CLOSED, OPEN, PAUSED, REFUSED, RESET

__all__ = [
    "BACKGROUND", "GRID", "TEXT", "TEXT_DIM", "LISTENER", "READ_COLOR", "WRITE_COLOR", "STATE_COLORS", "INK",
    "HELD_COLOR", "ease_out", "with_alpha", "human_bytes", "LabelPlacer", "paint_loop_marks",
]

BACKGROUND = QColor("#111723")
GRID = QColor(255, 255, 255, 18)
from evsim.gui.widgets.theme import TEXT, TEXT_DIM  # noqa: E402  (shared: presentation mode brightens them)
LISTENER = QColor("#e6edf7")
INK = QColor("#0b0f16")           # text drawn on a filled node
READ_COLOR = QColor("#4da3ff")    # READ readiness, bytes coming in
WRITE_COLOR = QColor("#ffa94d")   # WRITE readiness, bytes going out
HELD_COLOR = QColor("#ffc400")    # the socket of the call a stepped loop is held before (the code pane's colour)
STATE_COLORS: dict[str, QColor] = {
    OPEN: QColor("#3ecf8e"),
    PAUSED: QColor("#b58cff"),
    HALF_CLOSED: QColor("#f4d35e"),
    CLOSED: QColor("#7d8799"),
    RESET: QColor("#ff5d5d"),
    REFUSED: QColor("#ff8fab"),
}


def ease_out(p: float) -> float:
    return 1.0 - (1.0 - p) ** 3


def with_alpha(c: QColor, a: float) -> QColor:
    out = QColor(c)
    out.setAlphaF(max(0.0, min(1.0, a)))
    return out


def human_bytes(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n / (1024 * 1024):.1f} MiB"


class LabelPlacer:
    """Accepts a text box only if it overlaps no box accepted before: labels never cover each other.

    Boxes are bucketed on a coarse grid, so a check looks at the few boxes near it, not at all of them; they
    are compared as plain numbers (a few dozen checks a frame: a call into Qt per comparison would cost more
    than the comparison)."""

    def __init__(self, bucket: float = 64.0) -> None:
        self.bucket = bucket
        self.placed: list[QRectF] = []
        #: The boxes that hold text (``placed`` also holds blockers such as node discs).
        self.labels: list[QRectF] = []
        self._cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
        self._indexed = 0  # how many of ``placed`` are in ``_cells``

    @staticmethod
    def _edges(r: QRectF) -> tuple[float, float, float, float] | None:
        """(left, top, right, bottom) of ``r``, or None for a box with no area (it overlaps nothing)."""
        x, y, w, h = r.getRect()
        left, right = (x + w, x) if w < 0 else (x, x + w)  # as QRectF.intersects computes them
        top, bottom = (y + h, y) if h < 0 else (y, y + h)
        return (left, top, right, bottom) if left != right and top != bottom else None

    def fits(self, r: QRectF) -> bool:
        """Whether ``r`` overlaps (with some area, as QRectF.intersects) no box taken so far."""
        cells = self._cells
        b = self.bucket
        while self._indexed < len(self.placed):  # index the boxes added since (lazily: often none is checked)
            e = self._edges(self.placed[self._indexed])
            self._indexed += 1
            if e is not None:
                for gx in range(int(e[0] // b), int(e[2] // b) + 1):
                    for gy in range(int(e[1] // b), int(e[3] // b) + 1):
                        cells.setdefault((gx, gy), []).append(e)
        e = self._edges(r)
        if e is None:
            return True
        left, top, right, bottom = e
        for gx in range(int(left // b), int(right // b) + 1):
            for gy in range(int(top // b), int(bottom // b) + 1):
                for ol, ot, orr, ob in cells.get((gx, gy), ()):
                    if left < orr and ol < right and top < ob and ot < bottom:
                        return False
        return True

    def add(self, r: QRectF, label: bool = True) -> None:
        """Record ``r`` as taken (also when it was not checked: the header, the legend); ``label``: it holds
        text (False for a blocker such as a node's disc)."""
        self.placed.append(r)
        if label:
            self.labels.append(r)

    def place(self, r: QRectF) -> bool:
        """Take ``r`` if it is free; returns whether it was taken."""
        if not self.fits(r):
            return False
        self.add(r)
        return True


def paint_loop_marks(p: QPainter, loop, fd: int, center: QPointF, r: float) -> None:
    """A stepped loop's marks on socket ``fd``: a steady dashed ring while select() reported it ready and the
    loop has not handled it yet (pending), a thick ring in the code pane's colour while the loop is held before
    a call on it."""
    if fd in loop.pending:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(READ_COLOR, 2.0, Qt.PenStyle.DashLine))
        p.drawEllipse(center, r + 7, r + 7)
    held = loop.held
    if held is not None and held.fd == fd:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(HELD_COLOR, 3.0))
        p.drawEllipse(center, r + 4, r + 4)
