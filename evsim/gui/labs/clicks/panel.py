"""The clicks lab: the same clicks handled by a polling design and by an event loop, side by side.

Left: the input pad, the auto-clicker, and the controls (:mod:`~evsim.gui.labs.clicks.controls`; each one
changes the running designs at once).  Right: polling (its scan over the device registers, the inline
handler, the clicks it loses, its CPU) beside the event loop (the queue as a strip of tokens, the handler
running now, each click's wait, its CPU); below, live plots of both designs' CPU and of every click's latency.

The window only watches: each design runs in a process of its own and the auto-clicker in a third
(:class:`~evsim.core.clicks.rig.ClicksRig`), started when the tab is first shown.  A click on the pad is
stamped in the pad's press handler and written by this process into the shared registers and the queue pipe;
events come back on pipes read by :class:`~evsim.gui.labs.clicks.streams.RigStreams`.  While the tab is
hidden the poller is paused and the auto-clicker idles, so a spinning poller does not take a core from the
other labs.
"""

from __future__ import annotations

import time
from typing import Sequence

from PySide6.QtCore import QSettings, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from evsim.core.clicks.events import EVENTLOOP, POLLING
from evsim.core.clicks.rig import ClicksRig
from evsim.core.clicks.scene import ClicksScene
from evsim.core.events import Event, RingSink
from evsim.gui.labs.base import LabPanel
from evsim.gui.stored import settings_getter
from evsim.gui.labs.clicks.controls import ClicksControls
from evsim.gui.labs.clicks.loop_view import ClicksLoopView
from evsim.gui.labs.clicks.plots import ClicksPlots
from evsim.gui.labs.clicks.polling_view import ClicksPollingView
from evsim.gui.labs.clicks.streams import RigStreams

__all__ = ["Panel", "DEFAULTS"]

DEFAULTS = {"rate": 2.0, "burst": 1, "handler_ms": 1000, "offload": False, "interval_ms": 0.0,
            "devices": 8, "scan_us": 50.0, "explain_open": True}


class Panel(LabPanel):
    lab_id = "clicks"

    #: The design processes and the auto-clicker's have been started.
    threads_started = Signal()
    #: A click from the pad was delivered to both designs (its number).
    click_delivered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = RingSink(65536)
        self.scene = ClicksScene()
        self.rig: ClicksRig | None = None
        self.streams: RigStreams | None = None
        self._closed = False
        self._remember = True
        self._paused_hidden = False
        self._t_started = 0
        self._build()
        self._load_settings()

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        root = QHBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        c = self.controls = ClicksControls(self.scene.inputs, self.explanation(), self)
        # the controls, by the names the rest of the panel (and its tests) use
        self.pad, self.rate_spin, self.burst_spin, self.auto_button = c.pad, c.rate_spin, c.burst_spin, c.auto_button
        self.handler_spin, self.offload_check = c.handler_spin, c.offload_check
        self.interval_spin, self.devices_spin, self.scan_spin = c.interval_spin, c.devices_spin, c.scan_spin
        self.explanation_box = c.explanation_box
        self.explain_button, self.explain_label = c.explanation_box.button, c.explanation_box.label
        root.addWidget(c)

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
        self.plots.setMinimumHeight(160)
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
        self.explanation_box.toggled.connect(self.on_explain_toggled)

    def _load_settings(self) -> None:
        get = settings_getter(self.lab_id, DEFAULTS)
        widgets = (self.rate_spin, self.burst_spin, self.handler_spin, self.offload_check, self.interval_spin,
                   self.devices_spin, self.scan_spin, self.explanation_box)
        blockers = [QSignalBlocker(w) for w in widgets]
        self.rate_spin.setValue(get("rate", float))
        self.burst_spin.setValue(get("burst", int))
        self.handler_spin.setValue(get("handler_ms", int))
        self.offload_check.setChecked(get("offload", bool))
        self.interval_spin.setValue(get("interval_ms", float))
        self.devices_spin.setValue(get("devices", int))
        self.scan_spin.setValue(get("scan_us", float))
        self.explanation_box.set_open(get("explain_open", bool))
        del blockers

    def _save(self, key: str, value: object) -> None:
        if self._remember:
            QSettings().setValue(f"{self.lab_id}/{key}", value)

    # ---------------------------------------------------------------- processes
    @property
    def running(self) -> bool:
        return self.rig is not None and not self._closed

    def ensure_started(self) -> None:
        """Start the design processes and the auto-clicker's (once; never after shutdown)."""
        if self._closed or self.rig is not None:
            return
        rig = ClicksRig(
            self.sink,
            poller=dict(interval_ms=self.interval_spin.value(), devices=self.devices_spin.value(),
                        scan_us=self.scan_spin.value(), handler_ms=float(self.handler_spin.value())),
            loop=dict(handler_ms=float(self.handler_spin.value()), offload=self.offload_check.isChecked()),
            rate_hz=self._clicker_rate(), burst=self.burst_spin.value())
        try:
            rig.start()
        except (OSError, RuntimeError, ValueError) as e:
            self.status_message.emit(self.tr("Could not start the clicks lab: {e}").format(e=e))
            return
        self.rig = rig
        self.streams = RigStreams(rig, self)
        self.streams.stream_failed.connect(self.status_message)
        self._t_started = time.monotonic_ns()
        self.status_message.emit(self.tr("Polling and event loop running, each in its own process; click the "
                                         "pad."))
        self.threads_started.emit()

    def _clicker_rate(self) -> float:
        if self._paused_hidden or not self.auto_button.isChecked():
            return 0.0
        return self.rate_spin.value()

    def _configure(self, design: str, **settings) -> None:
        if self.rig is not None and not self._closed:
            self.rig.configure(design, **settings)

    def _configure_clicker(self) -> None:
        if self.rig is not None and not self._closed:
            self.rig.configure_clicker(rate_hz=self._clicker_rate(), burst=self.burst_spin.value())

    # ---------------------------------------------------------------- slots
    @Slot(str, str)
    def on_pad_input(self, kind: str, label: str) -> None:
        t_ns = self.pad.press_ns or None  # stamped in the pad's press handler: the earliest point we see it
        self.ensure_started()
        if self.rig is None or self._closed:
            return
        click = self.rig.press(kind, label, t_ns=t_ns)
        if click is None:
            return
        self.pad.mark(click.id)
        self.click_delivered.emit(click.id)

    @Slot()
    def on_clicker_changed(self) -> None:
        self._save("rate", self.rate_spin.value())
        self._save("burst", self.burst_spin.value())
        self._configure_clicker()

    @Slot(bool)
    def on_auto_toggled(self, on: bool) -> None:
        self.auto_button.setText(self.tr("Stop auto-clicking") if on else self.tr("Start auto-clicking"))
        if on:
            self.ensure_started()
        self._configure_clicker()

    @Slot(int)
    def on_handler_changed(self, ms: int) -> None:
        self._save("handler_ms", ms)
        self._configure(POLLING, handler_ms=float(ms))
        self._configure(EVENTLOOP, handler_ms=float(ms))

    @Slot(bool)
    def on_offload_toggled(self, on: bool) -> None:
        self._save("offload", on)
        self._configure(EVENTLOOP, offload=on)

    @Slot()
    def on_poller_changed(self) -> None:
        self._save("interval_ms", self.interval_spin.value())
        self._save("devices", self.devices_spin.value())
        self._save("scan_us", self.scan_spin.value())
        self._configure(POLLING, interval_ms=self.interval_spin.value(), devices=self.devices_spin.value(),
                        scan_us=self.scan_spin.value())

    @Slot(bool)
    def on_explain_toggled(self, on: bool) -> None:
        self._save("explain_open", on)

    # ---------------------------------------------------------------- LabPanel contract
    def title(self) -> str:
        return self.tr("Clicks: polling vs event loop")

    def explanation(self) -> str:
        return self.tr(
            "<b>What you are seeing.</b> Each click, key press or auto-click goes at once to two designs, each "
            "in its own process.<br>"
            "<b>Polling</b> (left) reads every device's register in turn, forever: it burns a core with nothing "
            "to find, sees a click only when the scan gets there and runs the handler inline; a newer click "
            "overwrites an unread one: <b>lost</b>.<br>"
            "<b>Event loop</b> (right): a click becomes a message in a queue; the loop sleeps in "
            "<tt>queue.get()</tt> (no CPU), then calls its handler. Nothing is lost; a slow handler makes the "
            "others <b>wait</b>; <i>offload</i> runs them on a pool. Handlers sleep, like one waiting for a "
            "disk: \"busy\" at 0% CPU.<br>"
            "The registers are shared memory this window writes, the queue is a pipe, the auto-clicker has its "
            "own process: no design delays another, the clock or this window. CPU: each design's thread clock."
        )

    def sinks(self) -> Sequence[RingSink]:
        return (self.sink,)

    def apply_events(self, batch: list[Event]) -> None:
        self.scene.apply(batch)

    def needs_frames(self) -> bool:
        """While the designs run (they report from other processes through pipes that do not wake the window;
        the poller's scan is animated), or their last reports wait in the sink."""
        return self.running or len(self.sink) > 0

    def frame(self, now_ns: int) -> None:
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
        self.ensure_started()
        QTimer.singleShot(1000, self, lambda: self.auto_button.setChecked(True))
        QTimer.singleShot(1500, self, lambda: self.on_pad_input("key_down", "D"))

    def shutdown(self) -> None:
        """Stop and join the auto-clicker's process, then both designs' (cutting handlers short).  Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self.streams is not None:
            self.streams.close()
        if self.rig is not None:
            self.rig.shutdown()
            self.rig.close_streams()

    def export_rows(self) -> tuple[list[str], list[list[object]]] | None:
        return self.scene.export_rows()

    # ---------------------------------------------------------------- visibility
    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self.ensure_started()
        if self._paused_hidden and not self._closed:
            self._paused_hidden = False
            self._configure(POLLING, paused=False)
            self._configure_clicker()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().hideEvent(event)
        if self.rig is None or self._closed or self._paused_hidden:
            return
        self._paused_hidden = True
        self._configure(POLLING, paused=True)
        self._configure_clicker()
