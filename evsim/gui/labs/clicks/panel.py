"""The clicks lab: the same clicks handled by a polling thread and by an event loop, side by side.

Left: the input pad, the auto-clicker, and the controls (each one changes the running threads at once).
Right: the polling thread (its scan over the device registers, the inline handler, the clicks it loses, its
CPU) beside the event loop (the queue as a strip of tokens, the handler running now, each click's wait, its
CPU); below, live plots of both threads' CPU and of the latency of every click.

The threads (a :class:`PollingThread`, an :class:`EventLoop` with its optional worker pool, an
:class:`AutoClicker`) start when the tab is first shown.  While the tab is hidden the polling thread is paused
and the auto-clicker idles, so a spinning poller does not take a core (and the GIL) from the other labs.
"""

from __future__ import annotations

import time
from typing import Sequence

from PySide6.QtCore import QSettings, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QPushButton, QSizePolicy, QSpinBox,
    QSplitter, QVBoxLayout, QWidget,
)

from evsim.core.clicks.eventloop import EventLoop
from evsim.core.clicks.inputs import AutoClicker, ClickSource
from evsim.core.clicks.polling import PollingThread
from evsim.core.clicks.scene import ClicksScene
from evsim.core.events import Event, RingSink
from evsim.gui.labs.base import LabPanel
from evsim.gui.labs.clicks.loop_view import ClicksLoopView
from evsim.gui.labs.clicks.pad import ClicksPad
from evsim.gui.labs.clicks.plots import ClicksPlots
from evsim.gui.labs.clicks.polling_view import ClicksPollingView
from evsim.gui.widgets.explanation import ExplanationBox

__all__ = ["Panel", "DEFAULTS"]

DEFAULTS = {"rate": 2.0, "burst": 1, "handler_ms": 1000, "offload": False, "interval_ms": 0.0,
            "devices": 8, "scan_us": 50.0, "yield_gil": True, "explain_open": True}
#: How often each consumer thread's CPU clock is sampled (ns).
CPU_SAMPLE_NS = 200_000_000


class Panel(LabPanel):
    lab_id = "clicks"

    #: The polling thread, the event loop and the auto-clicker are running.
    threads_started = Signal()
    #: A click from the pad was delivered to both designs (its number).
    click_delivered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = RingSink(65536)
        self.scene = ClicksScene()
        self.source = ClickSource(self.sink)
        self.poller: PollingThread | None = None
        self.loop: EventLoop | None = None
        self.clicker: AutoClicker | None = None
        self._closed = False
        self._remember = True
        self._paused_hidden = False
        self._last_cpu_ns = 0
        self._t_started = 0
        self._build()
        self._load_settings()

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        root = QHBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        left = QWidget(self)
        left.setFixedWidth(300)
        col = QVBoxLayout(left)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(6)

        self.pad = ClicksPad(left, recent=self.scene.inputs)
        self.pad.setMinimumHeight(120)
        self.pad.setMaximumHeight(140)
        col.addWidget(self.pad)

        box = QGroupBox(self.tr("Auto-clicker"), left)
        form = QFormLayout(box)
        form.setContentsMargins(8, 6, 8, 6)
        self.rate_spin = QDoubleSpinBox(box)
        self.rate_spin.setRange(0.1, 50.0)
        self.rate_spin.setDecimals(1)
        self.rate_spin.setSingleStep(0.5)
        self.rate_spin.setSuffix(self.tr(" bursts/s"))
        self.rate_spin.setKeyboardTracking(False)
        self.rate_spin.setToolTip(self.tr("How many times a second the auto-clicker clicks (a thread with a "
                                          "steady clock)."))
        self.burst_spin = QSpinBox(box)
        self.burst_spin.setRange(1, 20)
        self.burst_spin.setSuffix(self.tr(" click(s)"))
        self.burst_spin.setKeyboardTracking(False)
        self.burst_spin.setToolTip(self.tr("Clicks sent back to back each time, like a double click: faster "
                                           "than any scan, so a register keeps only the last one."))
        self.auto_button = QPushButton(self.tr("Start auto-clicking"), box)
        self.auto_button.setCheckable(True)
        self.auto_button.setToolTip(self.tr("Start or stop the auto-clicker; its clicks go to both designs, "
                                            "like yours."))
        form.addRow(self.tr("Rate"), self.rate_spin)
        form.addRow(self.tr("Burst"), self.burst_spin)
        form.addRow(self.auto_button)
        col.addWidget(box)

        box = QGroupBox(self.tr("Handlers (both designs)"), left)
        form = QFormLayout(box)
        form.setContentsMargins(8, 6, 8, 6)
        self.handler_spin = QSpinBox(box)
        self.handler_spin.setRange(0, 10_000)
        self.handler_spin.setSingleStep(100)
        self.handler_spin.setSuffix(self.tr(" ms"))
        self.handler_spin.setKeyboardTracking(False)
        self.handler_spin.setToolTip(self.tr("How long on_click and on_key_down block, like a handler that "
                                             "writes a file or calls a server before it returns."))
        self.offload_check = QCheckBox(self.tr("Event loop: offload handlers to a pool"), box)
        self.offload_check.setToolTip(self.tr("The loop hands each handler to a worker thread "
                                              "(ThreadPoolExecutor) and goes straight back to the queue."))
        form.addRow(self.tr("Handler time"), self.handler_spin)
        form.addRow(self.offload_check)
        col.addWidget(box)

        box = QGroupBox(self.tr("Polling thread"), left)
        form = QFormLayout(box)
        form.setContentsMargins(8, 6, 8, 6)
        self.interval_spin = QDoubleSpinBox(box)
        self.interval_spin.setRange(0.0, 1000.0)
        self.interval_spin.setDecimals(1)
        self.interval_spin.setSingleStep(5.0)
        self.interval_spin.setSuffix(self.tr(" ms"))
        self.interval_spin.setSpecialValueText(self.tr("0 (spin)"))
        self.interval_spin.setKeyboardTracking(False)
        self.interval_spin.setToolTip(self.tr("Sleep between two sweeps over the devices. 0 spins: clicks are "
                                              "found sooner, at the cost of a whole core."))
        self.devices_spin = QSpinBox(box)
        self.devices_spin.setRange(1, 1000)
        self.devices_spin.setKeyboardTracking(False)
        self.devices_spin.setToolTip(self.tr("Registers the thread reads on every sweep: the mouse, the "
                                             "keyboard, and devices nobody clicks."))
        self.scan_spin = QDoubleSpinBox(box)
        self.scan_spin.setRange(0.0, 20_000.0)
        self.scan_spin.setDecimals(0)
        self.scan_spin.setSingleStep(50.0)
        self.scan_spin.setSuffix(self.tr(" µs"))
        self.scan_spin.setKeyboardTracking(False)
        self.scan_spin.setToolTip(self.tr("Real CPU work spent reading each device: a sweep costs devices x "
                                          "this, and a click waits for the sweep to reach it."))
        self.yield_check = QCheckBox(self.tr("Let other threads have the GIL"), box)
        self.yield_check.setToolTip(self.tr("The poller sleeps 50 µs after each millisecond of polling, so other "
                                            "Python threads (this window's included) get the GIL. Untick it: a "
                                            "spinning poller makes every other thread wait ~5 ms each time, and "
                                            "this window stutters."))
        form.addRow(self.tr("Interval"), self.interval_spin)
        form.addRow(self.tr("Devices"), self.devices_spin)
        form.addRow(self.tr("Scan cost"), self.scan_spin)
        form.addRow(self.yield_check)
        col.addWidget(box)

        self.explanation_box = ExplanationBox(self.explanation(), left, font_pt=8.5, spacing=6)
        self.explanation_box.set_vertical_policy(QSizePolicy.Policy.MinimumExpanding)
        self.explain_button = self.explanation_box.button
        self.explain_label = self.explanation_box.label
        col.addWidget(self.explanation_box, 1)
        col.addStretch(0)
        root.addWidget(left)

        split = QSplitter(Qt.Orientation.Vertical, self)
        views = QWidget(split)
        row = QHBoxLayout(views)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.polling_view = ClicksPollingView(self.scene.polling, views)
        self.loop_view = ClicksLoopView(self.scene.loop, views)
        row.addWidget(self.polling_view, 1)
        row.addWidget(self.loop_view, 1)
        self.plots = ClicksPlots(parent=split)
        self.plots.setMinimumHeight(180)
        split.addWidget(views)
        split.addWidget(self.plots)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([450, 280])
        split.setChildrenCollapsible(False)
        root.addWidget(split, 1)

        self.pad.input_made.connect(self.on_pad_input)
        self.rate_spin.valueChanged.connect(self.on_clicker_changed)
        self.burst_spin.valueChanged.connect(self.on_clicker_changed)
        self.auto_button.toggled.connect(self.on_auto_toggled)
        self.handler_spin.valueChanged.connect(self.on_handler_changed)
        self.offload_check.toggled.connect(self.on_offload_toggled)
        self.interval_spin.valueChanged.connect(self.on_poller_changed)
        self.devices_spin.valueChanged.connect(self.on_poller_changed)
        self.scan_spin.valueChanged.connect(self.on_poller_changed)
        self.yield_check.toggled.connect(self.on_yield_toggled)
        self.explanation_box.toggled.connect(self.on_explain_toggled)

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

        widgets = (self.rate_spin, self.burst_spin, self.handler_spin, self.offload_check, self.interval_spin,
                   self.devices_spin, self.scan_spin, self.yield_check, self.explanation_box)
        blockers = [QSignalBlocker(w) for w in widgets]
        self.rate_spin.setValue(get("rate", float))
        self.burst_spin.setValue(get("burst", int))
        self.handler_spin.setValue(get("handler_ms", int))
        self.offload_check.setChecked(get("offload", bool))
        self.interval_spin.setValue(get("interval_ms", float))
        self.devices_spin.setValue(get("devices", int))
        self.scan_spin.setValue(get("scan_us", float))
        self.yield_check.setChecked(get("yield_gil", bool))
        self.explanation_box.set_open(get("explain_open", bool))
        del blockers

    def _save(self, key: str, value: object) -> None:
        if self._remember:
            QSettings().setValue(f"{self.lab_id}/{key}", value)

    # ---------------------------------------------------------------- threads
    @property
    def running(self) -> bool:
        return self.poller is not None and not self._closed

    def ensure_started(self) -> None:
        """Start the polling thread, the event loop and the auto-clicker (once; never after shutdown)."""
        if self._closed or self.poller is not None:
            return
        try:
            self.poller = PollingThread(
                self.sink, interval_ms=self.interval_spin.value(), devices=self.devices_spin.value(),
                scan_us=self.scan_spin.value(), handler_ms=self.handler_spin.value(),
                yield_gil=self.yield_check.isChecked())
            self.loop = EventLoop(self.sink, handler_ms=self.handler_spin.value(),
                                  offload=self.offload_check.isChecked())
        except ValueError as e:
            self.status_message.emit(self.tr("Could not start the clicks lab: {e}").format(e=e))
            self.poller = self.loop = None
            return
        self.source.connect(self.poller)
        self.source.connect(self.loop)
        self.clicker = AutoClicker(self.source, self._clicker_rate(), self.burst_spin.value())
        self.poller.start()
        self.loop.start()
        self.clicker.start()
        self._t_started = time.monotonic_ns()
        self.status_message.emit(self.tr("Polling thread and event loop running; click the pad."))
        self.threads_started.emit()

    def _clicker_rate(self) -> float:
        if self._paused_hidden or not self.auto_button.isChecked():
            return 0.0
        return self.rate_spin.value()

    def _configure(self, fn, **kw) -> None:
        try:
            fn(**kw)
        except ValueError as e:  # spin boxes keep values in range; this is a last line of defence
            self.status_message.emit(str(e))

    # ---------------------------------------------------------------- slots
    @Slot(str, str)
    def on_pad_input(self, kind: str, label: str) -> None:
        self.ensure_started()
        if self.poller is None or self._closed:
            return
        click = self.source.press(kind, label)
        self.pad.mark(click.id)
        self.click_delivered.emit(click.id)

    @Slot()
    def on_clicker_changed(self) -> None:
        self._save("rate", self.rate_spin.value())
        self._save("burst", self.burst_spin.value())
        if self.clicker is not None:
            self._configure(self.clicker.configure, rate_hz=self._clicker_rate(), burst=self.burst_spin.value())

    @Slot(bool)
    def on_auto_toggled(self, on: bool) -> None:
        self.auto_button.setText(self.tr("Stop auto-clicking") if on else self.tr("Start auto-clicking"))
        if on:
            self.ensure_started()
        if self.clicker is not None:
            self._configure(self.clicker.configure, rate_hz=self._clicker_rate(), burst=self.burst_spin.value())

    @Slot(int)
    def on_handler_changed(self, ms: int) -> None:
        self._save("handler_ms", ms)
        if self.poller is not None and self.loop is not None:
            self._configure(self.poller.configure, handler_ms=float(ms))
            self._configure(self.loop.configure, handler_ms=float(ms))

    @Slot(bool)
    def on_offload_toggled(self, on: bool) -> None:
        self._save("offload", on)
        if self.loop is not None:
            self._configure(self.loop.configure, offload=on)

    @Slot()
    def on_poller_changed(self) -> None:
        self._save("interval_ms", self.interval_spin.value())
        self._save("devices", self.devices_spin.value())
        self._save("scan_us", self.scan_spin.value())
        if self.poller is not None:
            self._configure(self.poller.configure, interval_ms=self.interval_spin.value(),
                            devices=self.devices_spin.value(), scan_us=self.scan_spin.value())

    @Slot(bool)
    def on_yield_toggled(self, on: bool) -> None:
        self._save("yield_gil", on)
        if self.poller is not None:
            self.poller.yield_gil = on

    @Slot(bool)
    def on_explain_toggled(self, on: bool) -> None:
        self._save("explain_open", on)

    # ---------------------------------------------------------------- LabPanel contract
    def title(self) -> str:
        return self.tr("Clicks: polling vs event loop")

    def explanation(self) -> str:
        return self.tr(
            "<b>What you are seeing.</b> Each click, key press or auto-click goes, at the same instant, to two "
            "real threads.<br>"
            "<b>Polling</b> (left) reads every device's register in turn, forever: it burns CPU with nothing to "
            "find, sees a click only when the scan gets there, and runs the handler inline. Meanwhile a new click "
            "overwrites the unread one: <b>lost</b>.<br>"
            "<b>Event loop</b> (right): a click becomes a message in a queue. The loop sleeps in "
            "<tt>queue.get()</tt> (no CPU), then calls the handler the message carries. Nothing is lost; a slow "
            "handler makes the others <b>wait</b>. <i>Offload</i> runs handlers on a worker pool.<br>"
            "CPU is read from each thread's own clock. Both threads share the GIL with this window."
        )

    def sinks(self) -> Sequence[RingSink]:
        return (self.sink,)

    def apply_events(self, batch: list[Event]) -> None:
        self.scene.apply(batch)

    def frame(self, now_ns: int) -> None:
        if (self.poller is not None and self.loop is not None and not self._closed
                and now_ns - self._last_cpu_ns >= CPU_SAMPLE_NS):
            self._last_cpu_ns = now_ns
            self.scene.apply([self.poller.sample_cpu(), self.loop.sample_cpu()])
        self.polling_view.frame(now_ns)
        self.loop_view.frame(now_ns)
        self.pad.frame(now_ns)
        since = (now_ns - self._t_started) / 1e9 if self._t_started else 0.0
        self.plots.refresh(self.scene, now_ns, since_s=since)

    def set_animation_speed(self, factor: float) -> None:
        super().set_animation_speed(factor)
        self.loop_view.animation_speed = factor

    def start_demo(self, clients: int) -> None:
        """Spin idle for a moment (the CPU plot shows the burn), then auto-click 3 double clicks a second
        with a 700 ms handler: the polling side loses clicks, the queue fills with waiting tokens."""
        self._remember = False  # the demo does not overwrite the user's settings
        devices = max(2, min(64, clients))
        for w, v in ((self.handler_spin, 700), (self.interval_spin, 0.0), (self.devices_spin, devices),
                     (self.scan_spin, 100.0), (self.rate_spin, 3.0), (self.burst_spin, 2)):
            w.setValue(v)
        self.offload_check.setChecked(False)
        self.yield_check.setChecked(True)
        self.ensure_started()
        QTimer.singleShot(1000, self, lambda: self.auto_button.setChecked(True))
        QTimer.singleShot(1500, self, lambda: self.on_pad_input("key_down", "D"))

    def shutdown(self) -> None:
        """Stop and join the auto-clicker, the polling thread, the event loop and its pool.  Idempotent."""
        if self._closed:
            return
        self._closed = True
        for t in (self.clicker, self.poller, self.loop):
            if t is not None:
                t.shutdown()

    def export_rows(self) -> tuple[list[str], list[list[object]]] | None:
        return self.scene.export_rows()

    # ---------------------------------------------------------------- visibility
    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self.ensure_started()
        if self._paused_hidden and not self._closed:
            self._paused_hidden = False
            if self.poller is not None:
                self._configure(self.poller.configure, paused=False)
            if self.clicker is not None:
                self._configure(self.clicker.configure, rate_hz=self._clicker_rate())

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().hideEvent(event)
        if self.poller is None or self._closed or self._paused_hidden:
            return
        self._paused_hidden = True
        self._configure(self.poller.configure, paused=True)
        if self.clicker is not None:
            self._configure(self.clicker.configure, rate_hz=0.0)
