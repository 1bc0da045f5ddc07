"""How the event log paints a cell: the stock look, at a fraction of the cost.

Qt's stock item delegate lays every cell's text out anew at each repaint (shaping, itemizing) and asks the model
for a dozen roles; under a load the log's table repaints in full a few times a second, and that was 10-20 ms of
CPU a time on a two-core machine, taken from the server the window watches.  A log repeats its texts (kinds,
peers, byte counts, READ/WRITE), so :class:`LogCellDelegate` keeps each one prepared (a :class:`QStaticText`
per string) and draws what the stock delegate draws for such a cell: the text in the colour the model gives
(or the palette's, or the selection's), aligned as the model says, elided at the right when it does not fit
(the row's background is the table's own).  Colours and font are read once, and again after
:meth:`LogCellDelegate.refresh` (the view calls it on a palette, font or style change).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

__all__ = ["LogCellDelegate"]

#: The stock delegate's text margin on each side (Fusion's focus frame margin + 1).
MARGIN = 3
#: Prepared texts kept at most (a log's timestamps are all different: the cache is emptied when full).
MAX_TEXTS = 4000
_SELECTED = QStyle.StateFlag.State_Selected
_RIGHT = int(Qt.AlignmentFlag.AlignRight)
# (read once: each PySide enum read or flag operation is a Python call, and paint() runs for every cell)
_DISPLAY, _ALIGNMENT, _FOREGROUND = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
                                     Qt.ItemDataRole.ForegroundRole)


class LogCellDelegate(QStyledItemDelegate):
    """Plain-text cells of a table with alternating rows, drawn from prepared texts (see the module doc)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._texts: dict[str, QStaticText] = {}
        self._look: tuple | None = None  # (font, metrics, highlighted text colour, text colour)

    def refresh(self) -> None:
        """The view's palette, font or style changed: read them again, prepare the texts again."""
        self._look = None
        self._texts.clear()

    def _static(self, text: str, font) -> QStaticText:
        st = self._texts.get(text)
        if st is None:
            if len(self._texts) >= MAX_TEXTS:
                self._texts.clear()
            st = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(QTransform(), font)
            self._texts[text] = st
        return st

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        look = self._look
        if look is None:
            pal, font = QPalette(option.palette), QFont(option.font)  # (copies: the option's die with it)
            look = self._look = (font, QFontMetrics(font), QColor(pal.highlightedText().color()),
                                 QColor(pal.text().color()))
        font, fm, highlighted_text, ink = look
        r = option.rect
        selected = _SELECTED in option.state
        # (the row's background, alternating or selected, is the table's: QTableView draws PE_PanelItemViewRow
        # under every cell before its delegate)
        model = index.model()
        text = model.data(index, _DISPLAY)
        if not text:
            return
        colour = None if selected else model.data(index, _FOREGROUND)
        p.setPen(highlighted_text if selected else colour if colour is not None else ink)
        room = r.width() - 2 * MARGIN
        st = self._static(text, font)
        size = st.size()
        if size.width() > room:  # (rare: a long detail in a narrow column)
            st = self._static(fm.elidedText(text, Qt.TextElideMode.ElideRight, max(0, room)), font)
            size = st.size()
        align = model.data(index, _ALIGNMENT)
        x = r.right() + 1 - MARGIN - size.width() if align is not None and int(align) & _RIGHT else r.left() + MARGIN
        # (the view's painter has the view's font, the cell's: the model gives no other; an elided text fits its
        # cell, so no clip is needed)
        p.drawStaticText(QPointF(x, r.top() + (r.height() - size.height()) / 2), st)
