"""A read-only source pane that highlights the line a server loop is executing.

:class:`CodePane` shows source text with the module's own line numbers in a gutter and a strip of the loop's
phases (select -> accept -> read -> write).  :meth:`CodePane.show_phase` moves the highlight to a line; the
pane emits ``visibility_changed`` when it is shown or hidden, so its owner can turn the loop's tracing on
only while someone can see it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QPainter, QTextCursor, QTextFormat
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from evsim.core.watch.events import CALL_NAMES, Accept, Held, Recv, Selected, Send
from evsim.gui.widgets.steady import StatusLine

__all__ = ["CodePane", "SourceView"]

#: The phase chip a watched call lights (Held.call codes, and the watch's call events).
_CALL_PHASES = {1: "select", 11: "select", 2: "accept", 3: "read", 4: "write"}
_EVENT_PHASES = {Selected: "select", Accept: "accept", Recv: "read", Send: "write"}

_CURRENT = QColor(255, 196, 0, 110)
_PREVIOUS = QColor(255, 196, 0, 40)
# One style sheet for the strip, a chip switched by a dynamic property: re-polishing one label is cheap, where
# setting a style sheet re-parses it (and relays the pane out) on every change of phase.
_PHASE_STYLE = (
    "QLabel[phase=\"on\"] { background:#ffc400; color:#111; border-radius:4px; padding:1px 6px; font-weight:bold; }"
    "QLabel[phase=\"off\"] { background:transparent; color:palette(mid); border:1px solid palette(mid);"
    " border-radius:4px; padding:0 5px; }"
)


def _restyle(chip: QLabel, look: str) -> None:
    """Show a phase chip lit ("on") or not ("off")."""
    chip.setProperty("phase", look)
    chip.style().unpolish(chip)
    chip.style().polish(chip)


class _Gutter(QWidget):
    def __init__(self, view: "SourceView") -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(self.view.gutter_width(), 0)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.view.paint_gutter(self, event)


class SourceView(QPlainTextEdit):
    """Read-only code with line numbers starting at ``first_line`` and a highlighted current line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        # a long line wraps under itself (its number once, in the gutter): nothing is cut off at the right
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.first_line = 1
        self.current_line: int | None = None
        self.previous_line: int | None = None
        self._gutter = _Gutter(self)
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._on_update_request)
        self._update_margins()

    def set_source(self, text: str, first_line: int = 1) -> None:
        self.first_line = first_line
        self.current_line = self.previous_line = None
        self.setPlainText(text)
        self._update_margins()
        self._apply_highlight()

    def highlight_line(self, line: int | None) -> None:
        """Highlight module line ``line`` (None clears) and scroll it into view."""
        if line == self.current_line:
            return
        self.previous_line, self.current_line = self.current_line, line
        self._apply_highlight()
        if line is not None:
            block = self.document().findBlockByNumber(line - self.first_line)
            if block.isValid():
                geo = self.blockBoundingGeometry(block).translated(self.contentOffset())
                seen = geo.top() >= 0 and geo.bottom() <= self.viewport().height()
                self.setTextCursor(QTextCursor(block))
                if not seen:  # centred when it was out of sight; a line in sight scrolls nothing (no repaint)
                    self.centerCursor()

    def _apply_highlight(self) -> None:
        sels = []
        for line, color in ((self.previous_line, _PREVIOUS), (self.current_line, _CURRENT)):
            if line is None:
                continue
            block = self.document().findBlockByNumber(line - self.first_line)
            if not block.isValid():
                continue
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(color)
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            sel.cursor = QTextCursor(block)
            sels.append(sel)
        self.setExtraSelections(sels)

    # -- line-number gutter (as in Qt's Code Editor example) --
    def gutter_width(self) -> int:
        digits = len(str(self.first_line + max(1, self.blockCount())))
        return 10 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margins(self, *_args) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def paint_gutter(self, gutter: QWidget, event) -> None:
        p = QPainter(gutter)
        pal = self.palette()
        p.fillRect(event.rect(), pal.alternateBase())
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        h = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                n = block.blockNumber() + self.first_line
                if n == self.current_line:
                    p.fillRect(0, top, gutter.width(), h, _CURRENT)
                p.setPen(pal.text().color() if n == self.current_line else pal.placeholderText().color())
                p.drawText(0, top, gutter.width() - 5, h, Qt.AlignmentFlag.AlignRight, str(n))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
        p.end()


class CodePane(QWidget):
    """The server loop's source, the running line highlighted, and a strip of its phases."""

    #: The pane became visible (True) or hidden (False): tracing is only worth its cost while shown.
    visibility_changed = Signal(bool)

    PHASES = ("select", "accept", "read", "write")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        strip = QHBoxLayout()
        strip.setSpacing(4)
        self.caption = QLabel(self.tr("Server loop:"))
        strip.addWidget(self.caption)
        self.phase_labels: dict[str, QLabel] = {}
        names = {"select": self.tr("select()"), "accept": self.tr("accept()"), "read": self.tr("recv()"),
                 "write": self.tr("send()")}
        tips = {
            "select": self.tr("Waiting in select(): the one place the loop blocks"),
            "accept": self.tr("The listening socket was readable: accept() a new connection"),
            "read": self.tr("A connection was readable: recv() its bytes and try to echo them at once"),
            "write": self.tr("A connection was writable (or bytes arrived): send() from its buffer"),
        }
        for i, ph in enumerate(self.PHASES):
            if i:
                strip.addWidget(QLabel("→"))
            lab = QLabel(names[ph])
            lab.setToolTip(tips[ph])
            lab.setProperty("phase", "off")
            strip.addWidget(lab)
            self.phase_labels[ph] = lab
        strip.addStretch(1)
        lay.addLayout(strip)
        self.setStyleSheet(_PHASE_STYLE)
        self._fit_chips()
        self.where = StatusLine(wrap=True)  # where the loop is: "line 61: held before recv() on fd 7"
        lay.addWidget(self.where)
        self.view = SourceView()
        lay.addWidget(self.view, 1)
        self.phase: str | None = None
        self.phase_lines: dict[str, int] = {}

    def set_source(self, text: str, first_line: int = 1, phase_lines: dict[str, int] | None = None) -> None:
        """Show ``text``, whose first line is line ``first_line`` of its module."""
        self.phase_lines = dict(phase_lines or {})
        self.view.set_source(text, first_line)
        self.show_phase(None)

    def _fit_chips(self) -> None:
        """Each chip gets a fixed size, the larger of its two looks (bold when lit): lighting one then repaints
        that chip only, where a chip whose size may change relays (and so repaints) the whole tab."""
        for lab in self.phase_labels.values():
            lab.setMinimumSize(0, 0)
            lab.setMaximumSize(16777215, 16777215)
            state = lab.property("phase")
            w = h = 0
            for look in ("on", "off"):
                _restyle(lab, look)
                hint = lab.sizeHint()
                w, h = max(w, hint.width()), max(h, hint.height())
            _restyle(lab, state)
            lab.setFixedSize(w, h)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self, self._fit_chips)  # after the new texts are in (retranslate.py sets them)
        super().changeEvent(event)

    def show_phase(self, phase: str | None, line: int | None = None) -> None:
        """The loop is in ``phase`` at module line ``line`` (default: the phase's marked line)."""
        if line is None or line < 0:
            line = self.phase_lines.get(phase) if phase else None
        if phase != self.phase:  # only the chips that change are restyled
            for ph in (self.phase, phase):
                lab = self.phase_labels.get(ph) if ph else None
                if lab is not None:
                    _restyle(lab, "on" if ph == phase else "off")
            self.phase = phase
        where = self.tr("line {n}").format(n=line) if line else ""
        if where != self.where.text():
            self.where.setText(where)
        self.view.highlight_line(line)

    def show_call(self, e) -> None:
        """A watched loop is held before a call (a ``Held`` event) or has just made one (Selected, Accept,
        Recv, Send...): light its line and say what it is doing."""
        if type(e) is Held:
            phase = _CALL_PHASES.get(e.call)
            what = self._held_text(e)
        else:
            phase = _EVENT_PHASES.get(type(e))
            what = ""
        self.show_phase(phase, e.line)
        if what:
            self.where.setText(self.tr("line {n}: {what}").format(n=e.line, what=what))

    def _held_text(self, e: Held) -> str:
        if e.call == 1:
            return self.tr("held before select(): it is about to wait")
        if e.call == 11:
            return self.tr("select() returned: fd {fd} is ready, not handled yet").format(fd=e.fd)
        if e.call == 4:
            return self.tr("held before send() of {n} bytes on fd {fd}").format(n=e.nbytes, fd=e.fd)
        return self.tr("held before {call}() on fd {fd}").format(call=CALL_NAMES.get(e.call, "?"), fd=e.fd)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self.visibility_changed.emit(True)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().hideEvent(event)
        self.visibility_changed.emit(False)
