"""The sockets lab's two control boxes: the echo server's settings (Start/Stop) and the loop control."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSlider, QSpinBox, QWidget,
)

from evsim.core.echo import BACKENDS

__all__ = ["ServerBox", "LoopBox", "LoopActions", "GUI_BACKENDS", "DEFAULTS", "SLOWMO_MAX_MS"]

GUI_BACKENDS = tuple(b for b in ("default", "select", "poll", "epoll") if b in BACKENDS)
DEFAULTS = {"host": "127.0.0.1", "port": 9999, "backend": "default", "style": "selectors", "slowmo_ms": 0,
            "explain_open": True, "tab": 0}
#: Slow-motion slider: milliseconds of delay before each watched call.
SLOWMO_MAX_MS = 1000


def _box_layout(box: QGroupBox) -> QHBoxLayout:
    lay = QHBoxLayout(box)
    lay.setContentsMargins(8, 4, 8, 6)
    lay.setSpacing(6)
    return lay


class ServerBox(QGroupBox):
    """Host, port, style, backend, Start and Stop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Echo server"), parent)
        lay = _box_layout(self)
        lay.addWidget(QLabel(self.tr("Host")))
        self.host_edit = QLineEdit(DEFAULTS["host"])
        self.host_edit.setFixedWidth(self.fontMetrics().horizontalAdvance("255.255.255.255") + 16)
        self.host_edit.setToolTip(self.tr("Address to listen on. 127.0.0.1 (the default) is reachable only from "
                                          "this machine; any other address exposes the server to your network."))
        lay.addWidget(self.host_edit)
        lay.addWidget(QLabel(self.tr("Port")))
        self.port_spin = QSpinBox()
        self.port_spin.setRange(0, 65535)
        self.port_spin.setSpecialValueText(self.tr("any"))
        self.port_spin.setValue(DEFAULTS["port"])
        self.port_spin.setToolTip(self.tr("TCP port; 'any' (0) lets the system pick a free one. "
                                          "Connect with: nc 127.0.0.1 PORT, or evsim client --port PORT"))
        lay.addWidget(self.port_spin)
        self.style_combo = QComboBox()
        self.style_combo.addItem(self.tr("selectors (callbacks)"), "selectors")
        self.style_combo.addItem(self.tr("classic select.select()"), "classic")
        self.style_combo.setToolTip(self.tr(
            "selectors: register each socket with a selector and dispatch the ready keys.\n"
            "classic: the textbook select.select(inputs, outputs, exceptional) loop over plain lists."))
        lay.addWidget(self.style_combo)
        self.backend_combo = QComboBox()
        for b in GUI_BACKENDS:
            self.backend_combo.addItem(b, b)
        self.backend_combo.setToolTip(self.tr(
            "The selector the server waits with: default (epoll on Linux), select (refuses fds >= 1024), "
            "poll or epoll"))
        lay.addWidget(self.backend_combo)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setToolTip(self.tr("Start the echo server, in a process of its own, with these settings"))
        lay.addWidget(self.start_button)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the server: every connection is closed"))
        lay.addWidget(self.stop_button)
        lay.addStretch(1)


class LoopBox(QGroupBox):
    """Slow motion, Step mode, Step (F10), Next iteration (Shift+F10) and Continue (F5), anywhere in the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Loop control"), parent)
        lay = _box_layout(self)
        lay.addWidget(QLabel(self.tr("Slow motion")))
        self.slowmo_slider = QSlider(Qt.Orientation.Horizontal)
        self.slowmo_slider.setRange(0, SLOWMO_MAX_MS)
        self.slowmo_slider.setSingleStep(10)
        self.slowmo_slider.setPageStep(100)
        self.slowmo_slider.setMinimumWidth(80)
        self.slowmo_slider.setToolTip(self.tr("Delay the server loop before each call it makes (select, accept, "
                                              "recv, send...), so you can follow every event (0 = full speed)"))
        lay.addWidget(self.slowmo_slider, 1)
        self.slowmo_label = QLabel()
        self.slowmo_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("1000 ms/event") + 4)
        lay.addWidget(self.slowmo_label)
        self.step_check = QCheckBox(self.tr("Step mode"))
        self.step_check.setToolTip(self.tr("Hold the loop before each call it makes: select() about to wait, "
                                           "select() returned, accept(), recv(), send()..."))
        lay.addWidget(self.step_check)
        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.setToolTip(self.tr("Run the loop to its next call (F10)"))
        self.iteration_button = QPushButton(self.tr("Next iteration"))
        self.iteration_button.setToolTip(self.tr("Run the loop until its next select() (Shift+F10)"))
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setToolTip(self.tr("Leave step mode: the loop runs freely again (F5)"))
        for b in (self.step_button, self.iteration_button, self.continue_button):
            b.setEnabled(False)
            lay.addWidget(b)


class LoopActions:
    """Step (F10), Next iteration (Shift+F10) and Continue (F5) as actions of the whole window.

    Window shortcuts, not a widget's: they work wherever the keyboard focus is (the Server loop tab, the event
    log, the socket map).  The panel owns them and adds them to itself (a panel on its own); the main window
    adds them to itself too (:meth:`evsim.gui.app.MainWindow._adopt`, through ``window_actions()``).
    """

    def __init__(self, panel: QWidget) -> None:
        def action(key: str, slot) -> QAction:
            act = QAction(panel)  # (no text: not in a menu; the buttons say what each key does)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            panel.addAction(act)
            return act

        self.step = action("F10", panel.on_step_shortcut)
        self.iteration = action("Shift+F10", panel.on_step_iteration_clicked)
        self.resume = action("F5", panel.on_continue_clicked)

    def all(self) -> tuple[QAction, ...]:
        return (self.step, self.iteration, self.resume)
