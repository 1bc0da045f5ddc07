"""Cheap ways to draw what the socket map paints every frame.

On the raster engine an antialiased stroke (a ring, a 1.6 px line, a round 7 px point) costs 50-100 us, a
small filled disc about 10, ``drawText`` 12-17 and a prepared :class:`QStaticText` 7 (measured offscreen on a
two-core machine).  Under a full-speed load the map repaints every frame, and every microsecond of it is taken
from the server the window watches, so the parts drawn every frame use these: texts prepared once per string
and font (:class:`TextCache`), the packets flying along edges stamped from a small image (:class:`Dots`).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QStaticText, QTransform

__all__ = ["TextCache", "Dots"]


class TextCache:
    """Prepared static texts of one font (a new font: a new cache); at most ``limit`` strings are kept."""

    def __init__(self, font: QFont, limit: int = 512) -> None:
        self.font = font
        self.limit = limit
        self._texts: dict[str, QStaticText] = {}

    def get(self, text: str) -> QStaticText:
        st = self._texts.get(text)
        if st is None:
            if len(self._texts) >= self.limit:
                self._texts.clear()
            st = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(QTransform(), self.font)
            self._texts[text] = st
        return st

    def draw_centered(self, p: QPainter, box: QRectF, text: str) -> None:
        """``text`` centred in ``box`` (the painter's font must be this cache's)."""
        st = self.get(text)
        s = st.size()
        c = box.center()
        p.drawStaticText(QPointF(c.x() - s.width() / 2, c.y() - s.height() / 2), st)

    def draw_at_baseline(self, p: QPainter, x: float, baseline: float, ascent: float, text: str) -> None:
        """``text`` starting at ``x`` on ``baseline`` (as ``drawText(QPointF, text)``)."""
        p.drawStaticText(QPointF(x, baseline - ascent), self.get(text))


class Dots:
    """Filled round dots of a given diameter, one small image per colour and pixel ratio, stamped."""

    def __init__(self, diameter: float = 7.0) -> None:
        self.diameter = diameter
        self._images: dict[tuple[int, float], QImage] = {}

    def image(self, color: QColor, dpr: float) -> QImage:
        key = (color.rgba(), dpr)
        img = self._images.get(key)
        if img is None:
            side = int(self.diameter + 2)
            img = QImage(int(side * dpr + 0.999), int(side * dpr + 0.999), QImage.Format.Format_ARGB32_Premultiplied)
            img.setDevicePixelRatio(dpr)
            img.fill(0)
            q = QPainter(img)
            q.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            q.setPen(Qt.PenStyle.NoPen)
            q.setBrush(color)
            q.drawEllipse(QPointF(side / 2, side / 2), self.diameter / 2, self.diameter / 2)
            q.end()
            self._images[key] = img
        return img

    def draw(self, p: QPainter, points: list[QPointF], color: QColor) -> None:
        """A dot centred on each point."""
        dpr = p.device().devicePixelRatioF() or 1.0
        img = self.image(color, dpr)
        half = int(self.diameter + 2) / 2
        for pt in points:
            p.drawImage(QPointF(pt.x() - half, pt.y() - half), img)
