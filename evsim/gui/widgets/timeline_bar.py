"""The timeline bar of a replay: play/pause, speed, a track to scrub, steps, jumps, and where we are.

The bar only shows and asks: it emits what the user wants (``play_toggled``, ``step_requested``,
``jump_requested``, ``scrubbed``...) and the owner (a replay controller) answers with
:meth:`TimelineBar.set_position`, :meth:`set_playing` and :meth:`TimelineTrack.set_density`.  The track works in
fractions (0..1 of the recording's time span), so it knows nothing of clocks or files.

Keyboard shortcuts work wherever the focus is in the window while the bar is on screen (a text field keeps
the keys it types with: Space in a text box is a space):

* Space: play / pause;
* Left / Right: one event back / forward; Ctrl+Left / Ctrl+Right: one loop iteration (one select);
* Shift+Left / Shift+Right: the previous / next event of the kind and fd chosen under "Jump to";
* Home / End: the first / last event.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QSizePolicy, QSpinBox, QStyle, QToolButton, QVBoxLayout, QWidget,
)

from evsim.gui.widgets.wrapping_row import WrappingRow

__all__ = ["TimelineBar", "TimelineTrack", "SPEEDS", "STEP_EVENT", "STEP_ITERATION"]

#: Replay speeds offered (recorded time per real time).
SPEEDS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)
#: What one step moves by.
STEP_EVENT, STEP_ITERATION = "event", "iteration"

_BG = QColor("#111723")
_DENSITY = QColor("#3b5f8a")
_PLAYED = QColor(77, 163, 255, 60)
_CURSOR = QColor("#ffd43b")
_CUT = QColor("#ff5d5d")


class TimelineTrack(QWidget):
    """Events per time slice as bars, the part already played shaded, and a cursor.  Press or drag to scrub:
    ``scrubbed(fraction)`` while the mouse moves, ``scrub_finished()`` when it is released."""

    scrubbed = Signal(float)
    scrub_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.density: list[int] = []
        self.cursor = 0.0
        #: Where a truncated recording was cut (a red mark at the end), or None.
        self.cut = False
        self.dragging = False
        self.setMinimumSize(120, 26)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        return QSize(400, max(26, self.fontMetrics().height() + 10))

    def set_density(self, counts: Sequence[int]) -> None:
        """Events in each of ``len(counts)`` equal time slices of the recording, oldest first."""
        self.density = list(counts)
        self.update()

    def set_cursor(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, fraction))
        if fraction != self.cursor:
            self.cursor = fraction
            self.update()

    def fraction_at(self, x: float) -> float:
        w = max(1, self.width() - 1)
        return min(1.0, max(0.0, x / w))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.MouseButton.LeftButton:
            self.dragging = True
            self.scrubbed.emit(self.fraction_at(event.position().x()))

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt name
        if self.dragging:
            self.scrubbed.emit(self.fraction_at(event.position().x()))

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt name
        if self.dragging and event.button() == Qt.MouseButton.LeftButton:
            self.dragging = False
            self.scrub_finished.emit()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        w, h = self.width(), self.height()
        p.fillRect(self.rect(), _BG)
        counts = self.density
        top = max(counts, default=0)
        if top > 0:
            bw = w / len(counts)
            # square root: a quiet stretch stays visible next to a burst a hundred times denser
            scale = (h - 4) / top ** 0.5
            for k, c in enumerate(counts):
                if c:
                    bh = max(1.0, c ** 0.5 * scale)
                    p.fillRect(QRectF(k * bw, h - 2 - bh, max(1.0, bw - 0.5), bh), _DENSITY)
        x = self.cursor * (w - 1)
        p.fillRect(QRectF(0, 0, x, h), _PLAYED)
        if self.cut:
            p.fillRect(QRectF(w - 3, 0, 3, h), _CUT)
        p.setPen(QPen(_CURSOR, 2))
        p.drawLine(QPointF(x, 0), QPointF(x, h))
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setBrush(_CURSOR)
        p.drawEllipse(QPointF(x, h / 2), 4, 4)
        p.end()


class TimelineBar(QWidget):
    """The whole bar: the track on top, the controls under it (they wrap on a narrow window)."""

    play_toggled = Signal(bool)
    #: (direction -1/+1, STEP_EVENT or STEP_ITERATION)
    step_requested = Signal(int, str)
    #: direction -1/+1: the previous/next event matching :meth:`jump_filter`
    jump_requested = Signal(int)
    #: the first (0) or the last (1) event
    edge_requested = Signal(int)
    speed_changed = Signal(float)
    scrubbed = Signal(float)
    scrub_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.playing = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 2)
        lay.setSpacing(3)
        self.track = TimelineTrack(self)
        self.track.setToolTip(self.tr("Press or drag to move through the recording. The bars show how many "
                                      "events happened when; the shaded part is what has been replayed."))
        self.track.scrubbed.connect(self.scrubbed)
        self.track.scrub_finished.connect(self.scrub_finished)
        lay.addWidget(self.track)

        row = WrappingRow(self, spacing=10)
        lay.addWidget(row)
        style = self.style()
        transport = QWidget()
        t = QHBoxLayout(transport)
        t.setContentsMargins(0, 0, 0, 0)
        t.setSpacing(2)

        def tool(icon: QStyle.StandardPixmap, tip: str, slot) -> QToolButton:
            b = QToolButton()
            b.setIcon(style.standardIcon(icon))
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            t.addWidget(b)
            return b

        SP = QStyle.StandardPixmap
        self.iter_back_button = tool(SP.SP_MediaSkipBackward, self.tr("Back one loop iteration: to the previous "
                                                                      "select() (Ctrl+Left)"),
                                     lambda: self.step_requested.emit(-1, STEP_ITERATION))
        self.back_button = tool(SP.SP_MediaSeekBackward, self.tr("Back one event (Left)"),
                                lambda: self.step_requested.emit(-1, STEP_EVENT))
        self.play_button = tool(SP.SP_MediaPlay, self.tr("Play (Space)"), self.on_play_clicked)
        self.forward_button = tool(SP.SP_MediaSeekForward, self.tr("Forward one event (Right)"),
                                   lambda: self.step_requested.emit(1, STEP_EVENT))
        self.iter_forward_button = tool(SP.SP_MediaSkipForward, self.tr("Forward one loop iteration: to the next "
                                                                        "select() (Ctrl+Right)"),
                                        lambda: self.step_requested.emit(1, STEP_ITERATION))
        self.speed_combo = QComboBox()
        for s in SPEEDS:
            self.speed_combo.addItem(self.tr("{s}x").format(s=f"{s:g}"), s)
        self.speed_combo.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_combo.setToolTip(self.tr("Replay speed: recorded time per real time"))
        self.speed_combo.currentIndexChanged.connect(self.on_speed_index)
        t.addWidget(self.speed_combo)
        t.addStretch(1)
        row.addWidget(transport)

        jump = QWidget()
        j = QHBoxLayout(jump)
        j.setContentsMargins(0, 0, 0, 0)
        j.setSpacing(2)
        j.addWidget(QLabel(self.tr("Jump to")))
        self.kind_combo = QComboBox()
        self.kind_combo.setToolTip(self.tr("The kind of event the jump buttons look for"))
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        j.addWidget(self.kind_combo)
        self.fd_spin = QSpinBox()
        self.fd_spin.setRange(-1, 1 << 20)
        self.fd_spin.setSpecialValueText(self.tr("any fd"))
        self.fd_spin.setValue(-1)
        self.fd_spin.setPrefix(self.tr("fd "))
        self.fd_spin.setToolTip(self.tr("Only events of this file descriptor ('any fd': every one)"))
        j.addWidget(self.fd_spin)
        self.prev_match_button = QToolButton()
        self.prev_match_button.setIcon(style.standardIcon(SP.SP_ArrowLeft))
        self.prev_match_button.setToolTip(self.tr("The previous event of this kind and fd (Shift+Left)"))
        self.prev_match_button.clicked.connect(lambda: self.jump_requested.emit(-1))
        j.addWidget(self.prev_match_button)
        self.next_match_button = QToolButton()
        self.next_match_button.setIcon(style.standardIcon(SP.SP_ArrowRight))
        self.next_match_button.setToolTip(self.tr("The next event of this kind and fd (Shift+Right)"))
        self.next_match_button.clicked.connect(lambda: self.jump_requested.emit(1))
        j.addWidget(self.next_match_button)
        j.addStretch(1)
        row.addWidget(jump)

        self.position_label = QLabel()
        self.position_label.setToolTip(self.tr("Time since the recording started, and the event shown out of "
                                               "all the events recorded (Home: first, End: last)"))
        self.position_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.position_label, 1)
        self.set_kinds([(self.tr("any event"), None)])
        self._shortcuts()

    def _shortcuts(self) -> None:
        keys = (
            (Qt.Key.Key_Space, self.on_play_clicked),
            (Qt.Key.Key_Left, lambda: self.step_requested.emit(-1, STEP_EVENT)),
            (Qt.Key.Key_Right, lambda: self.step_requested.emit(1, STEP_EVENT)),
            (Qt.Modifier.CTRL | Qt.Key.Key_Left, lambda: self.step_requested.emit(-1, STEP_ITERATION)),
            (Qt.Modifier.CTRL | Qt.Key.Key_Right, lambda: self.step_requested.emit(1, STEP_ITERATION)),
            (Qt.Modifier.SHIFT | Qt.Key.Key_Left, lambda: self.jump_requested.emit(-1)),
            (Qt.Modifier.SHIFT | Qt.Key.Key_Right, lambda: self.jump_requested.emit(1)),
            (Qt.Key.Key_Home, lambda: self.edge_requested.emit(0)),
            (Qt.Key.Key_End, lambda: self.edge_requested.emit(1)),
        )
        self.shortcuts: list[QShortcut] = []
        for key, slot in keys:
            # the whole window, while the bar is on screen; a focused text field keeps the keys it uses
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)
            self.shortcuts.append(sc)

    # -- the owner's side --------------------------------------------------------------------------------
    def set_kinds(self, kinds: Sequence[tuple[str, object]]) -> None:
        """The "Jump to" choices: (label, key) pairs; key None means any event."""
        current = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        for label, key in kinds:
            self.kind_combo.addItem(label, key)
        i = self.kind_combo.findData(current)
        self.kind_combo.setCurrentIndex(max(0, i))
        self.kind_combo.blockSignals(False)

    def jump_filter(self) -> tuple[object, int | None]:
        """(kind key or None, fd or None) the jump buttons look for."""
        fd = self.fd_spin.value()
        return self.kind_combo.currentData(), (None if fd < 0 else fd)

    def set_position(self, fraction: float, text: str) -> None:
        self.track.set_cursor(fraction)
        self.position_label.setText(text)

    def set_playing(self, playing: bool) -> None:
        self.playing = playing
        pm = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(pm))
        self.play_button.setToolTip(self.tr("Pause (Space)") if playing else self.tr("Play (Space)"))

    def speed(self) -> float:
        return float(self.speed_combo.currentData())

    def set_speed(self, speed: float) -> None:
        i = self.speed_combo.findData(speed)
        if i >= 0:
            self.speed_combo.setCurrentIndex(i)

    # -- slots -------------------------------------------------------------------------------------------
    @Slot()
    def on_play_clicked(self) -> None:
        self.play_toggled.emit(not self.playing)

    @Slot(int)
    def on_speed_index(self, _index: int) -> None:
        self.speed_changed.emit(self.speed())
