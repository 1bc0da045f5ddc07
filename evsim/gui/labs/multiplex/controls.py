"""The multiplex lab's left column: N and K, the workload, live measuring, the sweep, the readout and the
explanation.  Only widgets: the panel wires them to the measuring worker."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy,
    QSlider, QSpinBox, QVBoxLayout, QWidget,
)

from evsim.core.multiplex.fdlimit import FD_SETSIZE, MAX_FDS
from evsim.core.multiplex.measure import WORKLOADS
from evsim.gui.widgets.explanation import ExplanationBox

__all__ = ["MultiplexControls", "row"]


def row(*widgets: QWidget) -> QHBoxLayout:
    h = QHBoxLayout()
    for w in widgets:
        h.addWidget(w)
    return h


class MultiplexControls(QWidget):
    def __init__(self, explanation: str, slider_steps: int, workload_notes: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedWidth(320)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)

        box = QGroupBox(QCoreApplication.translate("Panel", "Sockets"), self)
        form = QVBoxLayout(box)
        self.n_spin = QSpinBox(box)
        self.n_spin.setRange(1, MAX_FDS)
        self.n_spin.setToolTip(QCoreApplication.translate(
            "Panel", "How many real sockets every call watches (1 to %1).").replace(
            "%1", str(MAX_FDS)))
        self.n_slider = QSlider(Qt.Orientation.Horizontal, box)
        self.n_slider.setRange(0, slider_steps)
        self.n_slider.setToolTip(QCoreApplication.translate(
            "Panel", "Watched sockets N, on a log scale. select refuses any descriptor numbered %1 or "
                     "more.").replace("%1", str(FD_SETSIZE)))
        self.k_spin = QSpinBox(box)
        self.k_spin.setRange(0, MAX_FDS)
        self.k_spin.setToolTip(QCoreApplication.translate(
            "Panel", "How many of the watched sockets have a byte waiting (at most N)."))
        self.k_slider = QSlider(Qt.Orientation.Horizontal, box)
        self.k_slider.setRange(0, slider_steps)
        self.k_slider.setToolTip(QCoreApplication.translate(
            "Panel", "Ready sockets K, on a log scale: epoll's cost follows K, not N."))
        self.workload_combo = QComboBox(box)
        names = {"idle": QCoreApplication.translate(
            "Panel", "idle: K of N ready"), "busy": QCoreApplication.translate(
            "Panel", "busy: all N ready"),
                 "churn": QCoreApplication.translate("Panel", "churn: ready sockets re-registered")}
        for w in WORKLOADS:
            self.workload_combo.addItem(names[w], w)
            self.workload_combo.setItemData(self.workload_combo.count() - 1, workload_notes[w],
                                            Qt.ItemDataRole.ToolTipRole)
        self._notes = workload_notes
        form.addLayout(row(QLabel(QCoreApplication.translate("Panel", "Watched sockets N"), box), self.n_spin))
        form.addWidget(self.n_slider)
        form.addLayout(row(QLabel(QCoreApplication.translate("Panel", "Ready sockets K"), box), self.k_spin))
        form.addWidget(self.k_slider)
        form.addWidget(self.workload_combo)
        self.live_check = QCheckBox(QCoreApplication.translate("Panel", "Measure as the sliders move"), box)
        self.live_check.setToolTip(QCoreApplication.translate(
            "Panel", "Measure the three calls at the new N and K shortly after you stop moving a slider (in a "
                     "separate process)."))
        self.measure_button = QPushButton(QCoreApplication.translate("Panel", "Measure this N"), box)
        self.measure_button.setToolTip(QCoreApplication.translate(
            "Panel", "Measure select, poll and epoll at the current N and K now."))
        form.addWidget(self.live_check)
        form.addWidget(self.measure_button)
        col.addWidget(box)

        box = QGroupBox(QCoreApplication.translate("Panel", "Sweep"), self)
        f = QFormLayout(box)
        f.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.sweep_max_spin = QSpinBox(box)
        self.sweep_max_spin.setRange(16, MAX_FDS)
        self.sweep_max_spin.setSingleStep(500)
        self.sweep_max_spin.setToolTip(QCoreApplication.translate(
            "Panel", "The sweep measures N from 16 up to this, on a log scale."))
        self.sweep_points_spin = QSpinBox(box)
        self.sweep_points_spin.setRange(2, 24)
        self.sweep_points_spin.setToolTip(QCoreApplication.translate(
            "Panel", "How many values of N the sweep measures."))
        self.point_ms_spin = QSpinBox(box)
        self.point_ms_spin.setRange(5, 1000)
        self.point_ms_spin.setSuffix(QCoreApplication.translate("Panel", " ms"))
        self.point_ms_spin.setToolTip(QCoreApplication.translate(
            "Panel", "About how long each backend is timed at each N (more: steadier figures, slower sweep)."))
        f.addRow(QCoreApplication.translate(
            "Panel", "Up to N"), row(self.sweep_max_spin, QLabel(QCoreApplication.translate(
            "Panel", "points"), box),
                                         self.sweep_points_spin))
        f.addRow(QCoreApplication.translate("Panel", "Time per point"), self.point_ms_spin)
        self.sweep_button = QPushButton(QCoreApplication.translate("Panel", "Sweep"), box)
        self.sweep_button.setToolTip(QCoreApplication.translate(
            "Panel", "Measure all three calls over a range of N with the current K and workload; the chart "
                     "keeps this sweep while you move the sliders."))
        self.stop_button = QPushButton(QCoreApplication.translate("Panel", "Stop"), box)
        self.stop_button.setToolTip(QCoreApplication.translate(
            "Panel", "Stop measuring (the points already measured stay)."))
        self.stop_button.setEnabled(False)
        f.addRow(row(self.sweep_button, self.stop_button))
        self.progress = QProgressBar(box)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat(QCoreApplication.translate("Panel", "idle"))
        f.addRow(self.progress)
        self.clear_button = QPushButton(QCoreApplication.translate("Panel", "Clear chart"), box)
        self.clear_button.setToolTip(QCoreApplication.translate("Panel", "Forget every measured point."))
        f.addRow(self.clear_button)
        col.addWidget(box)

        self.readout = QLabel(self)
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setToolTip(QCoreApplication.translate(
            "Panel", "The latest measurement at the current N and K (medians)."))
        col.addWidget(self.readout)

        self.explanation_box = ExplanationBox(explanation, self, font_pt=9)
        self.explanation_box.set_vertical_policy(QSizePolicy.Policy.MinimumExpanding)
        col.addWidget(self.explanation_box, 1)
        col.addStretch(0)

    def load(self, get: Callable[[str, type], Any]) -> None:
        """Show the remembered settings (``get(key, type)``) without emitting a change."""
        with QSignalBlocker(self.live_check):
            self.live_check.setChecked(get("live", bool))
        for spin, key in ((self.sweep_max_spin, "sweep_max"), (self.sweep_points_spin, "sweep_points"),
                          (self.point_ms_spin, "point_ms")):
            with QSignalBlocker(spin):
                spin.setValue(get(key, int))
        with QSignalBlocker(self.explanation_box):
            self.explanation_box.set_open(get("explain_open", bool))
        workload = get("workload", str)
        with QSignalBlocker(self.workload_combo):
            self.workload_combo.setCurrentIndex(WORKLOADS.index(workload) if workload in WORKLOADS else 0)

    def show_progress(self, value: int, total: int, fmt: str | None = None) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(value)
        if fmt is not None:
            self.progress.setFormat(fmt)

    def show_workload(self, workload: str) -> None:
        """K is every socket when busy: its controls rest.  The tooltip says what the workload teaches."""
        self.k_spin.setEnabled(workload != "busy")
        self.k_slider.setEnabled(workload != "busy")
        self.workload_combo.setToolTip(self._notes[workload])
