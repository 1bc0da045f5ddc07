"""Zoom (Ctrl+= / Ctrl+- / Ctrl+0) and presentation mode (F11): text size, contrast and strokes for a
projector at the back of a room.

Zoom scales the application font, which every widget and every view that derives its fonts from
``self.font()`` follows; the window re-lays itself out (and scrolls only if a lab no longer fits).
Presentation mode adds full screen, one more zoom step, a high-contrast palette, and thicker plot lines and
brighter axis text in the pyqtgraph plots.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from evsim.gui.widgets import theme

ZOOMS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.4, 1.6, 1.8, 2.0)
#: Presentation mode's text size on top of the zoom.
PRESENTATION_SCALE = 1.25
#: How much thicker a plot line gets in presentation mode.
PRESENTATION_STROKE = 2.0
SETTING = "window/zoom"


def high_contrast(base: QPalette) -> QPalette:
    """``base`` with black-on-white text and darker secondary text (placeholder, disabled, tooltips)."""
    pal = QPalette(base)
    for role, colour in (
        (QPalette.ColorRole.Window, "#ffffff"), (QPalette.ColorRole.WindowText, "#000000"),
        (QPalette.ColorRole.Base, "#ffffff"), (QPalette.ColorRole.AlternateBase, "#eef1f5"),
        (QPalette.ColorRole.Text, "#000000"), (QPalette.ColorRole.ButtonText, "#000000"),
        (QPalette.ColorRole.Button, "#e6e9ee"), (QPalette.ColorRole.PlaceholderText, "#3c3c3c"),
        (QPalette.ColorRole.ToolTipBase, "#ffffdc"), (QPalette.ColorRole.ToolTipText, "#000000"),
        (QPalette.ColorRole.Highlight, "#0b4fa3"), (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.Mid, "#5a5a5a"), (QPalette.ColorRole.Dark, "#3a3a3a"),
    ):
        pal.setColor(QPalette.ColorGroup.All, role, QColor(colour))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#505050"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#505050"))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#505050"))
    return pal


class Appearance(QObject):
    """The application's zoom and presentation mode; ``changed`` fires after either changed."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, remember: bool = True) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        self._app = app
        self._remember = remember
        # the application's own font and palette, kept from before any window zoomed them
        if not hasattr(app, "_evsim_base_look"):
            app._evsim_base_look = (QFont(app.font()), QPalette(app.palette()))
        self._base_font, self._base_palette = app._evsim_base_look
        self.presentation = False
        self.zoom = 1.0
        self._plot_styles: dict[int, tuple] = {}  # id(item) -> (item, what to put back)
        if remember:
            try:
                z = float(QSettings().value(SETTING, 1.0))
            except (TypeError, ValueError):
                z = 1.0
            self.zoom = min(ZOOMS, key=lambda s: abs(s - z))

    @property
    def scale(self) -> float:
        """The text scale now in effect."""
        return self.zoom * (PRESENTATION_SCALE if self.presentation else 1.0)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(ZOOMS, key=lambda s: abs(s - zoom))
        if self._remember:
            QSettings().setValue(SETTING, self.zoom)
        self.apply()

    def zoom_in(self) -> None:
        bigger = [z for z in ZOOMS if z > self.zoom + 1e-9]
        self.set_zoom(bigger[0] if bigger else ZOOMS[-1])

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOMS if z < self.zoom - 1e-9]
        self.set_zoom(smaller[-1] if smaller else ZOOMS[0])

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def set_presentation(self, on: bool) -> None:
        self.presentation = on
        self.apply()

    def apply(self) -> None:
        """Put the font and palette for the current zoom and mode on the application."""
        font = QFont(self._base_font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(self._base_font.pointSizeF() * self.scale)
        else:  # a pixel-sized font
            font.setPixelSize(max(1, round(self._base_font.pixelSize() * self.scale)))
        self._app.setFont(font)
        self._app.setPalette(high_contrast(self._base_palette) if self.presentation else self._base_palette)
        theme.set_high_contrast(self.presentation)  # the painted views' grey labels and legends
        for w in QApplication.topLevelWidgets():
            self.style_plots(w)
        self.changed.emit()

    def style_plots(self, root: QWidget) -> None:
        """Thicker lines and bright axis text in the pyqtgraph plots under ``root`` in presentation mode;
        their own look otherwise."""
        try:
            import pyqtgraph as pg
        except ImportError:  # pragma: no cover
            return
        for view in root.findChildren(pg.GraphicsView):
            for item in view.scene().items():
                if isinstance(item, pg.PlotDataItem):
                    self._style_curve(item, pg)
                elif isinstance(item, pg.AxisItem):
                    self._style_axis(item, pg)

    def _style_curve(self, item, pg) -> None:
        key = id(item)
        if self.presentation and key not in self._plot_styles:
            pen = pg.mkPen(item.opts.get("pen"))
            self._plot_styles[key] = (item, pg.mkPen(pen))
            pen.setWidthF(max(1.0, pen.widthF()) * PRESENTATION_STROKE)
            pen.setCosmetic(True)
            item.setPen(pen)
        elif not self.presentation and key in self._plot_styles:
            _item, pen = self._plot_styles.pop(key)
            item.setPen(pen)

    def _style_axis(self, axis, pg) -> None:
        key = id(axis)
        if self.presentation and key not in self._plot_styles:
            self._plot_styles[key] = (axis, pg.mkPen(axis.textPen()), pg.mkPen(axis.pen()))
            axis.setTextPen(pg.mkPen("#ffffff"))
            pen = pg.mkPen(axis.pen())
            pen.setWidthF(2.0)
            axis.setPen(pen)
        elif not self.presentation and key in self._plot_styles:
            _axis, text_pen, pen = self._plot_styles.pop(key)
            axis.setTextPen(text_pen)
            axis.setPen(pen)

