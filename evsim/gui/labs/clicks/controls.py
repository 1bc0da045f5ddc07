"""The clicks lab's left column: the pad, the auto-clicker, the handler and polling settings, the explanation.

Only widgets: the panel connects them to the running designs and remembers their values.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox, QDoubleSpinBox, QFormLayout, QGroupBox, QPushButton, QSizePolicy, QSpinBox, QVBoxLayout, QWidget,
)

from evsim.gui.labs.clicks.pad import ClicksPad
from evsim.gui.widgets.explanation import ExplanationBox

__all__ = ["ClicksControls"]


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setContentsMargins(8, 6, 8, 6)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # long (translated) labels wrap, not clip
    return form


class ClicksControls(QWidget):
    """The controls, built once; ``recent`` is the scene's deque of recent inputs the pad echoes."""

    def __init__(self, recent, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(310)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(6)

        self.pad = ClicksPad(self, recent=recent)
        self.pad.setMinimumHeight(110)
        self.pad.setMaximumHeight(140)
        col.addWidget(self.pad)

        box = QGroupBox(QCoreApplication.translate("Panel", "Auto-clicker (its own process)"), self)
        form = _form(box)
        self.rate_spin = QDoubleSpinBox(box)
        self.rate_spin.setRange(0.1, 50.0)
        self.rate_spin.setDecimals(1)
        self.rate_spin.setSingleStep(0.5)
        self.rate_spin.setSuffix(QCoreApplication.translate("Panel", " bursts/s"))
        self.rate_spin.setKeyboardTracking(False)
        self.rate_spin.setToolTip(QCoreApplication.translate(
            "Panel", "How many times a second the auto-clicker clicks. It runs in a process of its own, so no "
                     "poller can delay its clock."))
        self.burst_spin = QSpinBox(box)
        self.burst_spin.setRange(1, 20)
        self.burst_spin.setSuffix(QCoreApplication.translate("Panel", " click(s)"))
        self.burst_spin.setKeyboardTracking(False)
        self.burst_spin.setToolTip(QCoreApplication.translate(
            "Panel", "Clicks sent back to back each time, like a double click: faster than any scan, so a "
                     "register keeps only the last one."))
        self.auto_button = QPushButton(QCoreApplication.translate("Panel", "Start auto-clicking"), box)
        self.auto_button.setCheckable(True)
        self.auto_button.setToolTip(QCoreApplication.translate(
            "Panel", "Start or stop the auto-clicker; its clicks go to both designs, like yours."))
        form.addRow(QCoreApplication.translate("Panel", "Rate"), self.rate_spin)
        form.addRow(QCoreApplication.translate("Panel", "Burst"), self.burst_spin)
        form.addRow(self.auto_button)
        col.addWidget(box)

        box = QGroupBox(QCoreApplication.translate("Panel", "Handlers (both designs)"), self)
        form = _form(box)
        self.handler_spin = QSpinBox(box)
        self.handler_spin.setRange(0, 10_000)
        self.handler_spin.setSingleStep(100)
        self.handler_spin.setSuffix(QCoreApplication.translate("Panel", " ms"))
        self.handler_spin.setKeyboardTracking(False)
        self.handler_spin.setToolTip(QCoreApplication.translate(
            "Panel", "How long on_click and on_key_down block, like a handler that writes a file or calls a "
                     "server before it returns."))
        self.offload_check = QCheckBox(QCoreApplication.translate(
            "Panel", "Event loop: offload handlers to a pool"), box)
        self.offload_check.setToolTip(QCoreApplication.translate(
            "Panel", "The loop hands each handler to a worker thread (ThreadPoolExecutor) and goes straight "
                     "back to the queue."))
        form.addRow(QCoreApplication.translate("Panel", "Handler time"), self.handler_spin)
        form.addRow(self.offload_check)
        col.addWidget(box)

        box = QGroupBox(QCoreApplication.translate("Panel", "Polling"), self)
        form = _form(box)
        self.interval_spin = QDoubleSpinBox(box)
        self.interval_spin.setRange(0.0, 1000.0)
        self.interval_spin.setDecimals(1)
        self.interval_spin.setSingleStep(5.0)
        self.interval_spin.setSuffix(QCoreApplication.translate("Panel", " ms"))
        self.interval_spin.setSpecialValueText(QCoreApplication.translate("Panel", "0 (spin)"))
        self.interval_spin.setKeyboardTracking(False)
        self.interval_spin.setToolTip(QCoreApplication.translate(
            "Panel", "Sleep between two sweeps over the devices. 0 spins: clicks are found sooner, at the cost "
                     "of a whole core."))
        self.devices_spin = QSpinBox(box)
        self.devices_spin.setRange(1, 1000)
        self.devices_spin.setKeyboardTracking(False)
        self.devices_spin.setToolTip(QCoreApplication.translate(
            "Panel", "Registers the poller reads on every sweep: the mouse, the keyboard, and devices nobody "
                     "clicks."))
        self.scan_spin = QDoubleSpinBox(box)
        self.scan_spin.setRange(0.0, 20_000.0)
        self.scan_spin.setDecimals(0)
        self.scan_spin.setSingleStep(50.0)
        self.scan_spin.setSuffix(QCoreApplication.translate("Panel", " µs"))
        self.scan_spin.setKeyboardTracking(False)
        self.scan_spin.setToolTip(QCoreApplication.translate(
            "Panel", "Real CPU work spent reading each device: a sweep costs devices x this, and a click waits "
                     "for the sweep to reach it."))
        form.addRow(QCoreApplication.translate("Panel", "Interval"), self.interval_spin)
        form.addRow(QCoreApplication.translate("Panel", "Devices"), self.devices_spin)
        form.addRow(QCoreApplication.translate("Panel", "Scan cost"), self.scan_spin)
        col.addWidget(box)

        self.explanation_box = ExplanationBox(explanation, self, font_pt=8.5, spacing=6)
        self.explanation_box.set_vertical_policy(QSizePolicy.Policy.MinimumExpanding)
        col.addWidget(self.explanation_box, 1)
        col.addStretch(0)
