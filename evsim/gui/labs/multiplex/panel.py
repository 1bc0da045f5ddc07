"""The multiplex lab: select vs poll vs epoll over N real sockets with K ready, measured while you watch.

Controls on the left (:mod:`~evsim.gui.labs.multiplex.controls`), the socket grid top right (select and poll
sweep every socket on every call, epoll lights only the ready ones, at measured speeds), the log-log chart of
per-call cost against N below.  N, K and the sweep are independent: the chart keeps the latest sweep (its K
and workload in its title) while the sliders move.  Measuring happens in a child process
(:class:`evsim.core.multiplex.worker.SweepWorker`); the GUI drains its RingSink once per frame.
"""

from __future__ import annotations

import time
from typing import Sequence

from PySide6.QtCore import QSettings, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from evsim.core.events import Event, RingSink
from evsim.core.multiplex.events import (
    FdLimitNote, PointMeasured, PointStarted, SweepFailed, SweepFinished, SweepStarted,
)
from evsim.core.multiplex.fdlimit import FD_SETSIZE, MAX_FDS
from evsim.core.multiplex.measure import BACKENDS, UNSUPPORTED, WORKLOADS, available_backends
from evsim.core.multiplex.sweep import DEMO_FDS, SweepPlan, geometric_fds
from evsim.core.multiplex.worker import SweepWorker
from evsim.gui.labs.base import LabPanel
from evsim.gui.stored import settings_getter
from evsim.gui.labs.multiplex.chart import ChartPoint, MultiplexChart
from evsim.gui.labs.multiplex.controls import MultiplexControls
from evsim.gui.labs.multiplex import texts
from evsim.gui.labs.multiplex.grid import MultiplexGrid
from evsim.gui.labs.multiplex.scene import LogSlider, MultiplexScene, results_table

#: Quiet time after the last slider move before measuring (ms).
DEBOUNCE_MS = 250
#: The grids animate this long after the last change or measurement, then hold still (an idle lab costs no CPU).
ANIMATE_S = 10.0
DEFAULTS = {"fds": 256, "ready": 1, "live": True, "point_ms": 60, "sweep_max": 4000, "sweep_points": 9,
            "explain_open": True, "workload": "idle"}


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
        #: Every measured point: (backend, N, K, workload) -> the measurement.
        self.results: dict[tuple[str, int, int, str], PointMeasured] = {}
        #: The (K, workload) the chart shows: the latest sweep's, or the sliders' before any sweep.
        self._chart_key: tuple[int, str] | None = None
        self._backends = tuple(b for b in BACKENDS if b in available_backends())
        self._animate_until = 0.0
        self._sweep_run: int | None = None  # the run ids of the sweep and of the single measurement running
        self._measure_run: int | None = None
        self._measure_after_sweep = self._chart_dirty = self._closed = self._shown_once = False
        self._remember = True
        self._reported_refusals: set[int] = set()
        self._n_map = LogSlider(1, MAX_FDS, 1000)
        self._k_map = LogSlider(1, MAX_FDS, 1000, zero=True)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.on_debounce_timeout)

        self._build()
        self._load_settings()

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        root = QHBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        notes = {w: texts.workload_note(w) for w in WORKLOADS}
        c = self.controls = MultiplexControls(self.explanation(), self._n_map.steps, notes, self)
        # the controls, by the names the rest of the panel (and its tests) use
        self.n_spin, self.n_slider, self.k_spin, self.k_slider = c.n_spin, c.n_slider, c.k_spin, c.k_slider
        self.workload_combo = c.workload_combo
        self.live_check, self.measure_button = c.live_check, c.measure_button
        self.sweep_max_spin, self.sweep_points_spin, self.point_ms_spin = \
            c.sweep_max_spin, c.sweep_points_spin, c.point_ms_spin
        self.sweep_button, self.stop_button, self.progress = c.sweep_button, c.stop_button, c.progress
        self.clear_button, self.readout, self.explanation_box = c.clear_button, c.readout, c.explanation_box
        self.explain_button, self.explain_label = c.explanation_box.button, c.explanation_box.label
        root.addWidget(c)

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
        self.workload_combo.currentIndexChanged.connect(self.on_workload_changed)
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
        get = settings_getter(self.lab_id, DEFAULTS)
        n = max(1, min(MAX_FDS, get("fds", int)))
        k = max(0, min(n, get("ready", int)))
        self.controls.load(get)
        self.controls.show_workload(self.workload)
        self._set_shape(n, k, measure=False)

    def _save(self, key: str, value: object) -> None:
        if self._remember:
            QSettings().setValue(f"{self.lab_id}/{key}", value)

    # ---------------------------------------------------------------- LabPanel contract
    def title(self) -> str:
        return self.tr("Multiplexing")

    def explanation(self) -> str:
        return texts.explanation()

    def sinks(self) -> Sequence[RingSink]:
        return (self.worker.sink,)

    def apply_events(self, batch: list[Event]) -> None:
        self._animate_until = time.monotonic() + ANIMATE_S
        for ev in batch:
            if isinstance(ev, PointMeasured):
                self._on_point(ev)
            elif isinstance(ev, PointStarted):
                if ev.run_id == self._sweep_run:
                    self.controls.show_progress(ev.index, ev.total, self.tr("%1 at N = %2 (%v of %m)").replace(
                        "%1", ev.backend).replace("%2", str(ev.fds)))
            elif isinstance(ev, SweepStarted):
                if ev.run_id == self._sweep_run:
                    self.controls.show_progress(0, ev.total)
            elif isinstance(ev, SweepFinished):
                self._on_finished(ev)
            elif isinstance(ev, SweepFailed):
                self.status_message.emit(self.tr("Measuring failed: %1").replace("%1", ev.message))
            elif isinstance(ev, FdLimitNote):
                self.status_message.emit(ev.message)
        if self._chart_dirty:
            self._refresh_chart()

    def needs_frames(self) -> bool:
        """While measuring, and for ANIMATE_S after anything changed: then the grids hold still (idle: no CPU)."""
        return (self.worker.busy or len(self.worker.sink) > 0
                or (self.isVisible() and time.monotonic() < self._animate_until))

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
        return results_table(self.results)

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

    @property
    def workload(self) -> str:
        return str(self.workload_combo.currentData() or "idle")

    def _set_shape(self, n: int, k: int, measure: bool) -> None:
        self._animate_until = time.monotonic() + ANIMATE_S
        self.frames_wanted.emit()
        n = max(1, min(MAX_FDS, int(n)))
        k = n if self.workload == "busy" else max(0, min(n, int(k)))
        with QSignalBlocker(self.n_spin), QSignalBlocker(self.n_slider), QSignalBlocker(self.k_spin), \
                QSignalBlocker(self.k_slider):
            self.n_spin.setValue(n)
            self.n_slider.setValue(self._n_map.position(n))
            self._k_map = LogSlider(1, n, 1000, zero=True)
            self.k_spin.setMaximum(n)
            self.k_spin.setValue(k)
            self.k_slider.setValue(self._k_map.position(k))
        if self.scene.set_shape(n, k):
            self._feed_cached()
        if self._chart_key is None:
            self._chart_dirty = True  # before any sweep the chart follows the sliders' K
        self.chart.set_current_n(n)
        self._update_readout()
        self._save("fds", n)
        self._save("ready", k)
        if measure and self.live_check.isChecked() and not self._closed:
            self._debounce.start()

    def _feed_cached(self) -> None:
        for b in BACKENDS:
            e = self.results.get((b, self.n, self.k, self.workload))
            if e is not None:
                self._feed_scene(e)

    def _on_chart(self, k: int, workload: str) -> bool:
        ck, cw = self._chart_key if self._chart_key is not None else (self.k, self.workload)
        return workload == cw and (cw == "busy" or k == ck)

    def _feed_scene(self, e: PointMeasured) -> bool:
        return self.scene.apply(e.backend, e.fds, e.ready, e.us_p50, e.us_p95, e.error, e.over_limit,
                                e.scanned_per_call, e.found_per_call, e.t_ns)

    def _on_point(self, e: PointMeasured) -> None:
        self.results[(e.backend, e.fds, e.ready, e.workload)] = e
        if self._on_chart(e.ready, e.workload):
            self._chart_dirty = True
        if e.workload == self.workload and self._feed_scene(e):
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
            if e.stopped:
                self.controls.show_progress(e.measured, e.total, self.tr("stopped (%v of %m)"))
                self.status_message.emit(self.tr("Sweep stopped after %1 points.").replace("%1", str(e.measured)))
            else:
                self.controls.show_progress(e.measured, e.total, self.tr("done: %m points"))
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
        pts = [ChartPoint(b, n, e.us_p50, e.us_p95, e.error) for (b, n, k, w), e in self.results.items()
               if self._on_chart(k, w)]
        self.chart.set_points(pts)
        ck, cw = self._chart_key if self._chart_key is not None else (self.k, self.workload)
        self.chart.set_title(texts.chart_title(self._chart_key is not None, ck, cw))

    def _update_readout(self) -> None:
        self.readout.setText(texts.readout(self.scene))

    # ---------------------------------------------------------------- requests to the worker
    def _request_measure(self) -> None:
        if self._closed:
            return
        if self._sweep_run is not None:
            self._measure_after_sweep = True  # do not cancel a sweep the user started
            return
        plan = SweepPlan(backends=self._backends, fds=(self.n,), ready=self.k,
                         target_ms=float(self.point_ms_spin.value()), workload=self.workload)
        self._measure_run = self.worker.request(plan)
        self.stop_button.setEnabled(True)

    def _start_sweep(self, fds: Sequence[int], k: int, target_ms: float) -> None:
        if self._closed:
            return
        self._debounce.stop()
        self._measure_after_sweep = False
        ns = tuple(sorted(set(fds) | {self.n}))
        plan = SweepPlan(backends=self._backends, fds=ns, ready=k, target_ms=target_ms, workload=self.workload)
        self._chart_key = (k, self.workload)  # the chart now shows this sweep, whatever the sliders do
        self._chart_dirty = True
        self._sweep_run = self.worker.request(plan)
        self._measure_run = None
        self.sweep_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.controls.show_progress(0, plan.total, self.tr("starting..."))

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

    @Slot(int)
    def on_workload_changed(self, _index: int) -> None:
        self._save("workload", self.workload)
        self.controls.show_workload(self.workload)
        k = self.n if self.workload == "busy" else (1 if self.k == self.n else self.k)  # leaving busy: K = 1
        self._set_shape(self.n, k, measure=True)
        self.scene.reset()  # the lanes showed the other workload's figures
        self._feed_cached()
        self._update_readout()

    @Slot()
    def on_clear_clicked(self) -> None:
        self._chart_key = None
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
