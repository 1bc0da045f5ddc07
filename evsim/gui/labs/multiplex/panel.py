"""The multiplex lab: select vs poll vs epoll over N real sockets with K ready, measured while you watch.

Controls on the left (N and K sliders, live measuring, a sweep with progress), the socket grid top right
(select and poll sweep every socket on every call, epoll lights only the ready ones, at measured speeds), the
live log-log chart of per-call cost against N below it.  All measuring happens on a
:class:`evsim.core.multiplex.worker.SweepWorker` thread; the GUI only drains its RingSink once per frame.
"""

from __future__ import annotations

import math
from typing import Sequence

from PySide6.QtCore import QSettings, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QSlider,
    QSpinBox, QSplitter, QVBoxLayout, QWidget,
)

from evsim.core.events import Event, RingSink
from evsim.core.multiplex.events import (
    FdLimitNote, PointMeasured, PointStarted, SweepFailed, SweepFinished, SweepStarted,
)
from evsim.core.multiplex.fdlimit import FD_SETSIZE, MAX_FDS
from evsim.core.multiplex.measure import BACKENDS, UNSUPPORTED, available_backends
from evsim.core.multiplex.sweep import DEMO_FDS, SweepPlan, geometric_fds
from evsim.core.multiplex.worker import SweepWorker
from evsim.gui.labs.base import LabPanel
from evsim.gui.widgets.explanation import ExplanationBox
from evsim.gui.labs.multiplex.chart import ChartPoint, MultiplexChart
from evsim.gui.labs.multiplex.grid import MultiplexGrid
from evsim.gui.labs.multiplex.scene import LogSlider, MultiplexScene

#: Quiet time after the last slider move before measuring (ms).
DEBOUNCE_MS = 250
DEFAULTS = {"fds": 256, "ready": 1, "live": True, "point_ms": 60, "sweep_max": 4000, "sweep_points": 9,
            "explain_open": True}


class Panel(LabPanel):
    lab_id = "multiplex"

    #: A measured point arrived: backend, N, K.
    point_measured = Signal(str, int, int)
    #: A sweep ended (True if it was stopped before the end).
    sweep_finished = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Measured in a child process: in this one, the GUI's painting would be timed along with each call.
        self.worker = SweepWorker(RingSink(4096), name="evsim-multiplex", isolated=True)
        self.scene = MultiplexScene(DEFAULTS["fds"], DEFAULTS["ready"])
        self.results: dict[tuple[str, int, int], PointMeasured] = {}
        self._backends = tuple(b for b in BACKENDS if b in available_backends())
        self._sweep_run: int | None = None
        self._measure_run: int | None = None
        self._measure_after_sweep = False
        self._chart_dirty = False
        self._closed = False
        self._remember = True
        self._shown_once = False
        self._reported_refusals: set[int] = set()
        self._n_map = LogSlider(1, MAX_FDS, 1000)
        self._k_map = LogSlider(1, MAX_FDS, 1000, zero=True)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.on_debounce_timeout)

        self._build()
        self._load_settings()

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        root = QHBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        left = QWidget(self)
        left.setFixedWidth(320)
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)

        box = QGroupBox(self.tr("Sockets"), left)
        form = QVBoxLayout(box)
        self.n_spin = QSpinBox(box)
        self.n_spin.setRange(1, MAX_FDS)
        self.n_spin.setToolTip(self.tr("How many real sockets every call watches (1 to %1).").replace(
            "%1", str(MAX_FDS)))
        self.n_slider = QSlider(Qt.Orientation.Horizontal, box)
        self.n_slider.setRange(0, self._n_map.steps)
        self.n_slider.setToolTip(self.tr("Watched sockets N, on a log scale. select refuses any descriptor "
                                         "numbered %1 or more.").replace("%1", str(FD_SETSIZE)))
        self.k_spin = QSpinBox(box)
        self.k_spin.setRange(0, DEFAULTS["fds"])
        self.k_spin.setToolTip(self.tr("How many of the watched sockets have a byte waiting (at most N)."))
        self.k_slider = QSlider(Qt.Orientation.Horizontal, box)
        self.k_slider.setRange(0, self._k_map.steps)
        self.k_slider.setToolTip(self.tr("Ready sockets K, on a log scale: epoll's cost follows K, not N."))
        form.addLayout(_row(QLabel(self.tr("Watched sockets N"), box), self.n_spin))
        form.addWidget(self.n_slider)
        form.addLayout(_row(QLabel(self.tr("Ready sockets K"), box), self.k_spin))
        form.addWidget(self.k_slider)
        self.live_check = QCheckBox(self.tr("Measure as the sliders move"), box)
        self.live_check.setToolTip(self.tr("Measure the three calls at the new N and K shortly after you stop "
                                           "moving a slider (on a worker thread)."))
        self.measure_button = QPushButton(self.tr("Measure this N"), box)
        self.measure_button.setToolTip(self.tr("Measure select, poll and epoll at the current N and K now."))
        form.addWidget(self.live_check)
        form.addWidget(self.measure_button)
        col.addWidget(box)

        box = QGroupBox(self.tr("Sweep"), left)
        f = QFormLayout(box)
        self.sweep_max_spin = QSpinBox(box)
        self.sweep_max_spin.setRange(16, MAX_FDS)
        self.sweep_max_spin.setSingleStep(500)
        self.sweep_max_spin.setToolTip(self.tr("The sweep measures N from 16 up to this, on a log scale."))
        self.sweep_points_spin = QSpinBox(box)
        self.sweep_points_spin.setRange(2, 24)
        self.sweep_points_spin.setToolTip(self.tr("How many values of N the sweep measures."))
        self.point_ms_spin = QSpinBox(box)
        self.point_ms_spin.setRange(5, 1000)
        self.point_ms_spin.setSuffix(self.tr(" ms"))
        self.point_ms_spin.setToolTip(self.tr("About how long each backend is timed at each N (more: steadier "
                                              "figures, slower sweep)."))
        f.addRow(self.tr("Up to N"), _row(self.sweep_max_spin, QLabel(self.tr("points"), box),
                                          self.sweep_points_spin))
        f.addRow(self.tr("Time per point"), self.point_ms_spin)
        self.sweep_button = QPushButton(self.tr("Sweep"), box)
        self.sweep_button.setToolTip(self.tr("Measure all three calls over a range of N with the current K."))
        self.stop_button = QPushButton(self.tr("Stop"), box)
        self.stop_button.setToolTip(self.tr("Stop measuring (the points already measured stay)."))
        self.stop_button.setEnabled(False)
        f.addRow(_row(self.sweep_button, self.stop_button))
        self.progress = QProgressBar(box)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat(self.tr("idle"))
        f.addRow(self.progress)
        self.clear_button = QPushButton(self.tr("Clear chart"), box)
        self.clear_button.setToolTip(self.tr("Forget every measured point."))
        f.addRow(self.clear_button)
        col.addWidget(box)

        self.readout = QLabel(left)
        self.readout.setWordWrap(True)
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setToolTip(self.tr("The latest measurement at the current N and K (medians)."))
        col.addWidget(self.readout)

        self.explanation_box = ExplanationBox(self.explanation(), left, font_pt=9)
        self.explanation_box.set_vertical_policy(QSizePolicy.Policy.MinimumExpanding)
        self.explain_button = self.explanation_box.button
        self.explain_label = self.explanation_box.label
        col.addWidget(self.explanation_box, 1)
        col.addStretch(0)
        root.addWidget(left)

        split = QSplitter(Qt.Orientation.Vertical, self)
        self.grid = MultiplexGrid(self.scene, split)
        self.chart = MultiplexChart(split)
        self.chart.setToolTip(self.tr("Measured per-call cost against N, one curve per call; log scales."))
        split.addWidget(self.grid)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        self.grid.setMinimumHeight(260)
        self.chart.setMinimumHeight(220)
        split.setSizes([400, 330])
        split.setChildrenCollapsible(False)
        root.addWidget(split, 1)

        self.n_slider.valueChanged.connect(self.on_n_slider_changed)
        self.n_spin.valueChanged.connect(self.on_n_spin_changed)
        self.k_slider.valueChanged.connect(self.on_k_slider_changed)
        self.k_spin.valueChanged.connect(self.on_k_spin_changed)
        self.live_check.toggled.connect(self.on_live_toggled)
        self.measure_button.clicked.connect(self.on_measure_clicked)
        self.sweep_button.clicked.connect(self.on_sweep_clicked)
        self.stop_button.clicked.connect(self.on_stop_clicked)
        self.clear_button.clicked.connect(self.on_clear_clicked)
        self.explanation_box.toggled.connect(self.on_explain_toggled)
        for spin, key in ((self.sweep_max_spin, "sweep_max"), (self.sweep_points_spin, "sweep_points"),
                          (self.point_ms_spin, "point_ms")):
            spin.valueChanged.connect(lambda v, key=key: self._save(key, v))

    def _load_settings(self) -> None:
        s = QSettings()

        def get(key: str, cast):
            try:
                v = s.value(f"{self.lab_id}/{key}", DEFAULTS[key])
                if cast is bool and isinstance(v, str):
                    return v.lower() in ("1", "true", "yes")
                return cast(v)
            except (TypeError, ValueError):
                return DEFAULTS[key]

        n = max(1, min(MAX_FDS, get("fds", int)))
        k = max(0, min(n, get("ready", int)))
        with QSignalBlocker(self.live_check):
            self.live_check.setChecked(get("live", bool))
        for spin, key in ((self.sweep_max_spin, "sweep_max"), (self.sweep_points_spin, "sweep_points"),
                          (self.point_ms_spin, "point_ms")):
            with QSignalBlocker(spin):
                spin.setValue(get(key, int))
        with QSignalBlocker(self.explanation_box):
            self.explanation_box.set_open(get("explain_open", bool))
        self._set_shape(n, k, measure=False)

    def _save(self, key: str, value: object) -> None:
        if self._remember:
            QSettings().setValue(f"{self.lab_id}/{key}", value)

    # ---------------------------------------------------------------- LabPanel contract
    def title(self) -> str:
        return self.tr("Multiplexing")

    def explanation(self) -> str:
        return self.tr(
            "<b>What you are seeing.</b> Every cell is a real socket; yellow ones have a byte waiting. Each "
            "lane makes timeout-0 calls asking which sockets are readable, timed here, on this machine.<br>"
            "<b>select</b> copies all N descriptors into the kernel and back on every call, then tests all N. "
            "Any descriptor numbered 1024 or more (FD_SETSIZE) is refused: a ValueError, not a number.<br>"
            "<b>poll</b> has no such cap, but still hands over and scans the whole array: its cost grows with "
            "N.<br>"
            "<b>epoll</b> is told about the sockets once; the kernel keeps a ready list, so a call returns only "
            "the K ready ones: its cost follows K, not N.<br>"
            "On screen, each scan lasts in proportion to its measured cost.")

    def sinks(self) -> Sequence[RingSink]:
        return (self.worker.sink,)

    def apply_events(self, batch: list[Event]) -> None:
        for ev in batch:
            if isinstance(ev, PointMeasured):
                self._on_point(ev)
            elif isinstance(ev, PointStarted):
                if ev.run_id == self._sweep_run:
                    self.progress.setRange(0, max(1, ev.total))
                    self.progress.setValue(ev.index)
                    self.progress.setFormat(self.tr("%1 at N = %2 (%v of %m)").replace("%1", ev.backend).replace(
                        "%2", str(ev.fds)))
            elif isinstance(ev, SweepStarted):
                if ev.run_id == self._sweep_run:
                    self.progress.setRange(0, max(1, ev.total))
                    self.progress.setValue(0)
            elif isinstance(ev, SweepFinished):
                self._on_finished(ev)
            elif isinstance(ev, SweepFailed):
                self.status_message.emit(self.tr("Measuring failed: %1").replace("%1", ev.message))
            elif isinstance(ev, FdLimitNote):
                self.status_message.emit(ev.message)
        if self._chart_dirty:
            self._refresh_chart()

    def frame(self, now_ns: int) -> None:
        if self._chart_dirty:
            self._refresh_chart()
        self.grid.now_ns = now_ns
        self.grid.speed = self.animation_speed
        self.grid.measuring = self.worker.busy
        if self.grid.isVisible():
            self.grid.update()

    def start_demo(self, clients: int) -> None:
        """A quick real sweep (N from 16 to 4000, ~1-2 s) with K = clients ready, the grid at N = 4000."""
        self._remember = False  # the demo does not overwrite the user's settings
        k = max(1, clients)
        with QSignalBlocker(self.live_check):
            self.live_check.setChecked(False)
        self._set_shape(4000, k, measure=False)
        self._start_sweep(DEMO_FDS, k, target_ms=40.0)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._debounce.stop()
        self.worker.shutdown()

    def export_rows(self) -> tuple[list[str], list[list[object]]] | None:
        header = ["backend", "fds", "ready", "us_per_call_p50", "us_per_call_p95", "calls", "scanned_per_call",
                  "found_per_call", "setup_us", "max_fd", "error"]
        rows = []
        for (b, n, k), e in sorted(self.results.items(), key=lambda kv: (kv[0][2], kv[0][1], kv[0][0])):
            rows.append([b, n, k, None if e.error else round(e.us_p50, 3), None if e.error else round(e.us_p95, 3),
                         e.calls, e.scanned_per_call, e.found_per_call, round(e.setup_us, 1), e.max_fd, e.error])
        return header, rows

    # ---------------------------------------------------------------- state changes
    @property
    def n(self) -> int:
        return self.scene.n

    @property
    def k(self) -> int:
        return self.scene.k

    def set_n(self, n: int) -> None:
        """Set N as if the user moved the slider (debounced measurement when live)."""
        self._set_shape(n, min(self.k, n), measure=True)

    def set_k(self, k: int) -> None:
        self._set_shape(self.n, k, measure=True)

    def _set_shape(self, n: int, k: int, measure: bool) -> None:
        n = max(1, min(MAX_FDS, int(n)))
        k = max(0, min(n, int(k)))
        with QSignalBlocker(self.n_spin), QSignalBlocker(self.n_slider), QSignalBlocker(self.k_spin), \
                QSignalBlocker(self.k_slider):
            self.n_spin.setValue(n)
            self.n_slider.setValue(self._n_map.position(n))
            self._k_map = LogSlider(1, n, 1000, zero=True)
            self.k_spin.setMaximum(n)
            self.k_spin.setValue(k)
            self.k_slider.setValue(self._k_map.position(k))
        changed_k = k != self.scene.k
        if self.scene.set_shape(n, k):
            for b in BACKENDS:
                e = self.results.get((b, n, k))
                if e is not None:
                    self._feed_scene(e)
        if changed_k:
            self._chart_dirty = True
        self.chart.set_current_n(n)
        self._update_readout()
        self._save("fds", n)
        self._save("ready", k)
        if measure and self.live_check.isChecked() and not self._closed:
            self._debounce.start()

    def _feed_scene(self, e: PointMeasured) -> None:
        self.scene.apply(e.backend, e.fds, e.ready, e.us_p50, e.us_p95, e.error, e.over_limit,
                         e.scanned_per_call, e.found_per_call, e.t_ns)

    def _on_point(self, e: PointMeasured) -> None:
        self.results[(e.backend, e.fds, e.ready)] = e
        if e.ready == self.k:
            self._chart_dirty = True
        if self.scene.apply(e.backend, e.fds, e.ready, e.us_p50, e.us_p95, e.error, e.over_limit,
                            e.scanned_per_call, e.found_per_call, e.t_ns):
            self._update_readout()
        if e.run_id == self._sweep_run:
            self.progress.setValue(e.index + 1)
        if e.error and e.error.startswith(UNSUPPORTED) and e.fds not in self._reported_refusals:
            self._reported_refusals.add(e.fds)
            if not self._reported_refusals - {e.fds}:  # say it once, the first time
                self.status_message.emit(self.tr(
                    "select refused %1 sockets: %2 descriptors are numbered %3 or more (FD_SETSIZE)").replace(
                    "%1", str(e.fds)).replace("%2", str(e.over_limit)).replace("%3", str(FD_SETSIZE)))
        self.point_measured.emit(e.backend, e.fds, e.ready)

    def _on_finished(self, e: SweepFinished) -> None:
        if e.run_id == self._sweep_run:
            self._sweep_run = None
            self.sweep_button.setEnabled(True)
            self.progress.setRange(0, max(1, e.total))
            self.progress.setValue(e.measured)
            if e.stopped:
                self.progress.setFormat(self.tr("stopped (%v of %m)"))
                self.status_message.emit(self.tr("Sweep stopped after %1 points.").replace("%1", str(e.measured)))
            else:
                self.progress.setFormat(self.tr("done: %m points"))
                self.status_message.emit(self.tr("Sweep done: %1 points in %2 s.").replace(
                    "%1", str(e.measured)).replace("%2", f"{e.elapsed_s:.1f}"))
            self.sweep_finished.emit(e.stopped)
            if self._measure_after_sweep and not self._closed:
                self._measure_after_sweep = False
                self._request_measure()
        if e.run_id == self._measure_run:
            self._measure_run = None
        self.stop_button.setEnabled(self._sweep_run is not None or self._measure_run is not None)

    def _refresh_chart(self) -> None:
        self._chart_dirty = False
        pts = [ChartPoint(b, n, e.us_p50, e.us_p95, e.error) for (b, n, k), e in self.results.items() if k == self.k]
        self.chart.set_points(pts)

    def _update_readout(self) -> None:
        parts = []
        costs = {}
        for b in BACKENDS:
            lane = self.scene.lanes[b]
            if lane.error:
                parts.append(self.tr("%1 refused").replace("%1", b))
            elif lane.cost is not None:
                costs[b] = lane.cost
                parts.append(self.tr("%1 %2 µs").replace("%1", b).replace("%2", _fmt_us(lane.cost)))
        if not parts:
            self.readout.setText(self.tr("<b>N = %1, K = %2</b>: not measured yet.").replace(
                "%1", str(self.n)).replace("%2", str(self.k)))
            return
        text = self.tr("<b>N = %1, K = %2</b>, median per call: ").replace("%1", str(self.n)).replace(
            "%2", str(self.k)) + ", ".join(parts) + "."
        if "epoll" in costs and "poll" in costs:
            text += " " + self.tr("epoll is %1x cheaper than poll.").replace("%1", _fmt_ratio(costs["poll"] / costs["epoll"]))
        self.readout.setText(text)

    # ---------------------------------------------------------------- requests to the worker
    def _request_measure(self) -> None:
        if self._closed:
            return
        if self._sweep_run is not None:
            self._measure_after_sweep = True  # do not cancel a sweep the user started
            return
        plan = SweepPlan(backends=self._backends, fds=(self.n,), ready=self.k, target_ms=float(self.point_ms_spin.value()))
        self._measure_run = self.worker.request(plan)
        self.stop_button.setEnabled(True)

    def _start_sweep(self, fds: Sequence[int], k: int, target_ms: float) -> None:
        if self._closed:
            return
        self._debounce.stop()
        self._measure_after_sweep = False
        ns = tuple(sorted(set(fds) | {self.n}))
        plan = SweepPlan(backends=self._backends, fds=ns, ready=k, target_ms=target_ms)
        self._sweep_run = self.worker.request(plan)
        self._measure_run = None
        self.sweep_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.progress.setRange(0, plan.total)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("starting..."))

    # ---------------------------------------------------------------- slots
    @Slot(int)
    def on_n_slider_changed(self, pos: int) -> None:
        self.set_n(self._n_map.value(pos))

    @Slot(int)
    def on_n_spin_changed(self, n: int) -> None:
        self.set_n(n)

    @Slot(int)
    def on_k_slider_changed(self, pos: int) -> None:
        self.set_k(self._k_map.value(pos))

    @Slot(int)
    def on_k_spin_changed(self, k: int) -> None:
        self.set_k(k)

    @Slot(bool)
    def on_live_toggled(self, on: bool) -> None:
        self._save("live", on)
        if on:
            self._debounce.start()

    @Slot()
    def on_debounce_timeout(self) -> None:
        self._request_measure()

    @Slot()
    def on_measure_clicked(self) -> None:
        self._debounce.stop()
        self._request_measure()

    @Slot()
    def on_sweep_clicked(self) -> None:
        fds = geometric_fds(16, self.sweep_max_spin.value(), self.sweep_points_spin.value())
        self._start_sweep(fds, self.k, float(self.point_ms_spin.value()))

    @Slot()
    def on_stop_clicked(self) -> None:
        self._debounce.stop()
        self._measure_after_sweep = False
        self.worker.cancel()

    @Slot()
    def on_clear_clicked(self) -> None:
        self.results.clear()
        self._reported_refusals.clear()
        self.scene.reset()
        self._chart_dirty = True
        self._refresh_chart()
        self._update_readout()

    @Slot(bool)
    def on_explain_toggled(self, on: bool) -> None:
        self._save("explain_open", on)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self.live_check.isChecked() and not self.results and self._sweep_run is None:
                self._debounce.start()


def _row(*widgets: QWidget) -> QHBoxLayout:
    h = QHBoxLayout()
    for w in widgets:
        h.addWidget(w)
    return h


def _fmt_us(v: float) -> str:
    if math.isnan(v):
        return "-"
    return f"{v:.2f}" if v < 10 else (f"{v:.1f}" if v < 100 else f"{v:.0f}")


def _fmt_ratio(r: float) -> str:
    return f"{r:.1f}" if r < 10 else f"{r:,.0f}"
