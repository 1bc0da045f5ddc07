"""Cheap ways to draw what the socket map paints every frame.

On the raster engine an antialiased stroke (a ring, a 1.6 px line, a round 7 px point) costs 50-100 us, a
small filled disc about 10, ``drawText`` 12-17 and a prepared :class:`QStaticText` 7 (measured offscreen on a
two-core machine).  Under a full-speed load the map repaints every frame, and every microsecond of it is taken
from the server the window watches, so the parts drawn every frame use these: texts prepared once per string
and font (:class:`TextCache`), the packets flying along edges stamped from a small image (:class:`Dots`), the
rings too (:class:`Rings`), and what stays the same from frame to frame (the ring map's nodes with their labels,
its edges) drawn once into an image and blitted while it stays the same (:class:`Layer`).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QStaticText, QTransform

__all__ = ["TextCache", "Dots", "Rings", "Layer"]


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

    @property
    def half(self) -> float:
        """From a dot's centre to its image's top left corner."""
        return int(self.diameter + 2) / 2

    def draw(self, p: QPainter, points: list[QPointF], color: QColor) -> None:
        """A dot centred on each point."""
        dpr = p.device().devicePixelRatioF() or 1.0
        img = self.image(color, dpr)
        half = self.half
        for pt in points:
            p.drawImage(QPointF(pt.x() - half, pt.y() - half), img)


class Rings:
    """Rings (a readiness pulse, a stepped loop's marks, the selection), each drawn once into a small image
    per colour, radius, pen and sub-pixel position, then stamped: under a flood a node's pulse restarts every
    frame, so the same ring comes back frame after frame, and a mark stays where it is.  The position is
    rounded to 1/8 device pixel, the radius to 1/2 and the opacity to 1/32 (invisible steps; an aliased ring
    snaps to whole pixels anyway)."""

    STEP = 8  # sub-pixel steps per device pixel for the centre
    R_STEP = 2  # ... and for the radius
    ALPHA_STEPS = 32

    def __init__(self, limit: int = 128) -> None:
        self.limit = limit
        self._images: dict[tuple, QImage] = {}

    def draw(self, p: QPainter, x: float, y: float, rr: float, color: QColor, width: float,
             dashed: bool = False, antialias: bool = False) -> None:
        """A ring of radius ``rr`` around (x, y), pen ``color`` and ``width``, solid or dashed."""
        dpr = p.device().devicePixelRatioF() or 1.0
        k, kr = self.STEP, self.R_STEP
        dx, dy = x * dpr, y * dpr
        ix, iy = math.floor(dx), math.floor(dy)
        fx, fy, rq = round((dx - ix) * k), round((dy - iy) * k), round(rr * dpr * kr)
        alpha = round(color.alphaF() * self.ALPHA_STEPS)
        key = (color.rgb(), alpha, fx, fy, rq, width, dashed, antialias, dpr)
        pad = int(rq / kr + width * dpr) + 3  # device pixels from the centre's pixel to the image's edge
        img = self._images.get(key)
        if img is None:
            if len(self._images) >= self.limit:
                self._images.clear()
            color = QColor(color)
            color.setAlphaF(alpha / self.ALPHA_STEPS)
            side = 2 * pad + 1
            img = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
            img.setDevicePixelRatio(dpr)
            img.fill(0)
            q = QPainter(img)
            q.setRenderHint(QPainter.RenderHint.Antialiasing, antialias)
            q.setBrush(Qt.BrushStyle.NoBrush)
            q.setPen(QPen(color, width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
            r = rq / kr / dpr
            q.drawEllipse(QPointF((pad + fx / k) / dpr, (pad + fy / k) / dpr), r, r)
            q.end()
            self._images[key] = img
        p.drawImage(QPointF((ix - pad) / dpr, (iy - pad) / dpr), img)


class Layer:
    """What a paint function draws, kept as an image and blitted while its key stays the same.

    Always drawn into the image, never straight onto the frame: a translucent picture composited from an image
    differs from the same drawn directly by a rounding step here and there, and a picture must not change when
    nothing did."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._img: QImage | None = None
        #: How many times the image was built (a test checks that a change of what it shows rebuilds it).
        self.draws = 0

    def paint(self, p: QPainter, key: tuple, w: int, h: int, draw: Callable[[QPainter], None],
              area: QRectF | None = None) -> None:
        """Show ``draw``'s picture of size ``w`` x ``h`` (transparent where it draws nothing) for ``key``;
        ``area``: ``draw`` draws nothing outside it (the image holds that part only: a smaller blit)."""
        dpr = p.device().devicePixelRatioF() or 1.0
        x0, y0, x1, y1 = 0, 0, int(math.ceil(w * dpr)), int(math.ceil(h * dpr))  # in device pixels
        if area is not None:
            x0, y0 = max(x0, math.floor(area.left() * dpr)), max(y0, math.floor(area.top() * dpr))
            x1, y1 = min(x1, math.ceil(area.right() * dpr)), min(y1, math.ceil(area.bottom() * dpr))
        key = (key, w, h, dpr, x0, y0, x1, y1)
        at = QPointF(x0 / dpr, y0 / dpr)
        if key != self._key or self._img is None:
            img = QImage(max(1, x1 - x0), max(1, y1 - y0), QImage.Format.Format_ARGB32_Premultiplied)
            img.setDevicePixelRatio(dpr)
            img.fill(0)
            q = QPainter(img)
            try:
                q.setRenderHints(p.renderHints())
                q.translate(-at)
                draw(q)
            finally:
                q.end()
            self._key, self._img = key, img
            self.draws += 1
        p.drawImage(at, self._img)
