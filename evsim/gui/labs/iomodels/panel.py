"""The iomodels lab: the five I/O models run for real on the same delayed message, drawn on one time axis.

Controls on the left (delay, size, pieces, the multiplexing call, "Run again" with progress), the lanes on the
right (:class:`evsim.gui.labs.iomodels.lanes.IoModelsLanes`).  "Run again" starts a
:class:`evsim.core.iomodels.suite.SuiteRunner` with ``isolated=True``: the five runs happen one after another
on the main thread of a child process (so the window's painting shares no interpreter lock with the measured
loops, and the signal-driven model gets its SIGIO on a main thread), and the runner's thread relays each
finished timeline into this panel's RingSink.  The GUI thread never waits for any of it.
"""

from __future__ import annotations

import re

from typing import Sequence

from PySide6.QtCore import QSettings, QSignalBlocker, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton,
    QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from evsim.core.events import Event, RingSink
from evsim.core.iomodels import MODELS, MUX_CALLS, RunSpec, SuiteRunner, Timeline
from evsim.core.iomodels.events import ModelFailed, ModelFinished, ModelStarted, SuiteFinished, SuiteStarted
from evsim.gui.labs.base import LabPanel
from evsim.gui.stored import settings_getter
from evsim.gui.widgets.explanation import ExplanationBox
from evsim.gui.labs.iomodels.lanes import IoModelsLanes, model_title
from evsim.gui.labs.iomodels.trace_export import TraceExportButton

DEFAULTS = {"delay_ms": 200.0, "size_kib": 64, "chunks": 1, "mux": "epoll", "explain_open": True}
#: The demo ``evsim shot`` records: the defaults (five lanes done well within its 3 seconds).
DEMO = {"delay_ms": 200.0, "size_kib": 64, "chunks": 1, "mux": "epoll"}


class Panel(LabPanel):
    lab_id = "iomodels"

    #: One model's run finished (its id), and its lane is drawn.
    model_finished = Signal(str)
    #: A "Run again" ended: how many models completed, how many failed.
    run_finished = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = RingSink(1024)
        self.runner: SuiteRunner | None = None
        self.timelines: dict[str, Timeline] = {}
        self._run_id = 0
        self._closed = False
        self._remember = True
        self._shown_once = False
        self._build()
        self._load_settings()
        self._update_chunks_limit()

    # --- UI ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.lanes = IoModelsLanes(self)

        self.delay = QDoubleSpinBox()
        self.delay.setRange(0.0, 10000.0)
        self.delay.setDecimals(0)
        self.delay.setSingleStep(50.0)
        self.delay.setSuffix(self.tr(" ms"))
        self.delay.setToolTip(self.tr("How long after the read is issued the sender writes the message. "
                                      "This is the wait phase."))
        self.size = QSpinBox()
        self.size.setRange(1, 16384)
        self.size.setSingleStep(16)
        self.size.setSuffix(self.tr(" KiB"))
        self.size.setToolTip(self.tr("Size of the message. A larger message makes the copy phase longer."))
        self.chunks = QSpinBox()
        self.chunks.setRange(1, 64)
        self.chunks.setToolTip(self.tr("The sender writes the message in this many pieces, 1 ms apart: each "
                                       "piece needs its own readiness, signal or recv."))
        self.mux = QComboBox()
        for m in MUX_CALLS:
            self.mux.addItem(m, m)
        self.mux.setToolTip(self.tr("The call the I/O multiplexing model sleeps in, watching 4 sockets of "
                                    "which one gets the message."))
        for w in (self.delay, self.size, self.chunks):
            w.setKeyboardTracking(False)
        self.delay.valueChanged.connect(self.on_setting_changed)
        self.size.valueChanged.connect(self.on_size_changed)
        self.chunks.valueChanged.connect(self.on_setting_changed)
        self.mux.currentIndexChanged.connect(self.on_setting_changed)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Delay"), self.delay)
        form.addRow(self.tr("Message size"), self.size)
        form.addRow(self.tr("Pieces"), self.chunks)
        form.addRow(self.tr("Multiplexing call"), self.mux)
        msg_box = QGroupBox(self.tr("The message"))
        msg_box.setLayout(form)

        self.run_button = QPushButton(self.tr("Run again"))
        self.run_button.setDefault(True)
        self.run_button.setToolTip(self.tr("Run all five models for real, one after another, and draw their "
                                           "timelines."))
        self.run_button.clicked.connect(self.on_run_clicked)
        self.progress = QProgressBar()
        self.progress.setRange(0, len(MODELS))
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%v of %m models"))
        self.progress.setToolTip(self.tr("Models run so far in this round."))
        self.state_label = QLabel(self.tr("Not run yet."))
        self.state_label.setWordWrap(True)
        run_box = QGroupBox(self.tr("Run"))
        rl = QVBoxLayout(run_box)
        rl.addWidget(self.run_button)
        rl.addWidget(self.progress)
        rl.addWidget(self.state_label)
        self.trace_button = TraceExportButton(self)  # Export trace… (ui.perfetto.dev)
        rl.addWidget(self.trace_button)

        self.mechanisms = QLabel(self.tr("Runs not done yet."))
        self.mechanisms.setWordWrap(True)
        self.mechanisms.setTextFormat(Qt.TextFormat.RichText)
        self.mechanisms.setToolTip(self.tr("What actually ran, as the runs reported it."))
        ran_box = QGroupBox(self.tr("What ran"))
        QVBoxLayout(ran_box).addWidget(self.mechanisms)

        self.explanation_box = ExplanationBox(self.explanation())
        self.explanation_box.button.setStyleSheet("QToolButton { border: none; font-weight: bold; }")
        self.explanation_box.toggled.connect(self.on_explain_toggled)
        self.explain_button = self.explanation_box.button
        self.explain_label = self.explanation_box.label

        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 6, 0)
        sl.addWidget(msg_box)
        sl.addWidget(run_box)
        sl.addWidget(ran_box)
        sl.addWidget(self.explanation_box)
        sl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(280)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(scroll)
        layout.addWidget(self.lanes, 1)

    def title(self) -> str:
        return self.tr("I/O models")

    def explanation(self) -> str:
        return self.tr(
            "<p>A read has two phases: <b>wait</b> until the data reaches the kernel, then <b>copy</b> it into "
            "the process's buffer. Each lane is one real run: a sender process writes the message after the "
            "delay, and the process reads it with one of the five models.</p>"
            "<p>Left: the whole run. Right: the copy, zoomed around the moment the data was ready. "
            "<b>Grey</b>: asleep in a system call. <b>Orange</b>: awake, asking \"ready yet?\" (EAGAIN). "
            "<b>Green</b>: other work (the curve counts it). <b>Blue</b>: its own <tt>recv</tt> copying.</p>"
            "<p>Only the <b>asynchronous</b> model is free in both phases: the kernel fills its buffer and "
            "tells it when it is done.</p>"
        )

    # --- settings ---------------------------------------------------------------------------------------
    def _load_settings(self) -> None:
        get = settings_getter(self.lab_id, DEFAULTS)
        blockers = [QSignalBlocker(w) for w in (self.delay, self.size, self.chunks, self.mux)]
        self.delay.setValue(get("delay_ms", float))
        self.size.setValue(get("size_kib", int))
        self.chunks.setValue(get("chunks", int))
        mux = get("mux", str)
        self.mux.setCurrentIndex(max(0, self.mux.findData(mux if mux in MUX_CALLS else DEFAULTS["mux"])))
        del blockers
        open_ = get("explain_open", bool)
        with QSignalBlocker(self.explanation_box):
            self.explanation_box.set_open(open_)
        self.lanes.expected_ns = int(self.delay.value() * 1e6)

    def _save_settings(self) -> None:
        if not self._remember:
            return
        s = QSettings()
        s.setValue(f"{self.lab_id}/delay_ms", self.delay.value())
        s.setValue(f"{self.lab_id}/size_kib", self.size.value())
        s.setValue(f"{self.lab_id}/chunks", self.chunks.value())
        s.setValue(f"{self.lab_id}/mux", self.mux.currentData())
        s.setValue(f"{self.lab_id}/explain_open", self.explanation_box.is_open())

    def _update_chunks_limit(self) -> None:
        self.chunks.setMaximum(max(1, min(64, self.size.value() * 1024)))

    def spec(self) -> RunSpec:
        """The run the controls describe."""
        return RunSpec(delay_ms=float(self.delay.value()), size=int(self.size.value()) * 1024,
                       chunks=int(self.chunks.value()), mux=str(self.mux.currentData()))

    # --- slots ------------------------------------------------------------------------------------------
    @Slot()
    def on_setting_changed(self) -> None:
        self._save_settings()

    @Slot(int)
    def on_size_changed(self, _value: int) -> None:
        self._update_chunks_limit()
        self._save_settings()

    @Slot(bool)
    def on_explain_toggled(self, _open: bool) -> None:
        self._save_settings()

    @Slot()
    def on_run_clicked(self) -> None:
        self.run_again()

    def run_again(self) -> bool:
        """Start a round of the five models; False (and a status message) if one is still running."""
        if self._closed:
            return False
        if self.runner is not None:
            if self.runner.running:
                self.status_message.emit(self.tr("A run is still going: wait for it to finish."))
                return False
            self.runner.join(0)
            self.runner = None
        try:
            spec = self.spec()
        except ValueError as e:
            self.status_message.emit(self.tr("Cannot run: {e}").format(e=e))
            return False
        self._run_id += 1
        self.timelines.clear()
        self.lanes.clear(queued=MODELS, expected_ns=spec.delay_ns + spec.chunks * spec.gap_ns)
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        self.state_label.setText(self.tr("Starting…"))
        try:
            self.runner = SuiteRunner(spec, self.sink, run_id=self._run_id, isolated=True).start()
            self.frames_wanted.emit()
        except (OSError, RuntimeError) as e:
            self.runner = None
            self.run_button.setEnabled(True)
            self.status_message.emit(self.tr("Cannot start the run: {e}").format(e=e))
            return False
        self.status_message.emit(self.tr("Running the five I/O models ({d} ms delay, {s} KiB)…").format(
            d=f"{spec.delay_ms:g}", s=self.size.value()))
        return True

    # --- LabPanel contract ------------------------------------------------------------------------------
    def sinks(self) -> Sequence[RingSink]:
        return (self.sink,)

    def apply_events(self, batch: list[Event]) -> None:
        for ev in batch:
            if getattr(ev, "run_id", self._run_id) != self._run_id:
                continue  # left over from an earlier round
            if isinstance(ev, ModelStarted):
                self.lanes.set_running(ev.model, ev.t_ns)
                self.state_label.setText(self.tr("Running {m} ({i} of {n})…").format(
                    m=model_title(ev.model), i=ev.index + 1, n=ev.total))
            elif isinstance(ev, ModelFinished):
                self.timelines[ev.model] = ev.timeline
                self.lanes.set_timeline(ev.model, ev.timeline)
                self.progress.setValue(self.progress.value() + 1)
                self._show_mechanisms()
                self.model_finished.emit(ev.model)
            elif isinstance(ev, ModelFailed):
                if ev.model:
                    self.lanes.set_failed(ev.model, ev.message)
                    self.progress.setValue(self.progress.value() + 1)
                self.status_message.emit(self.tr("{m} failed: {e}").format(
                    m=model_title(ev.model) if ev.model else self.tr("The run"), e=ev.message))
            elif isinstance(ev, SuiteFinished):
                self.lanes.stop_running()
                self.run_button.setEnabled(not self._closed)
                if ev.cancelled:
                    self.state_label.setText(self.tr("Stopped."))
                else:
                    self.state_label.setText(self._summary_text())
                    free = [model_title(m) for m, t in self.timelines.items() if not t.blocked_during_copy]
                    self.status_message.emit(self.tr("{n} of 5 models ran; free during the copy: {free}.").format(
                        n=ev.completed, free=", ".join(free) if free else self.tr("none")))
                self.run_finished.emit(ev.completed, ev.failed)
            elif isinstance(ev, SuiteStarted):
                self.state_label.setText(self.tr("Starting the runs in a child process…"))

    def _summary_text(self) -> str:
        tl = self.timelines
        if not tl:
            return self.tr("No model completed.")
        parts = []
        a = tl.get("async")
        if a is not None:
            parts.append(self.tr("Asynchronous: {n} units of other work, and not one call of its own copied "
                                 "the data.").format(n=a.other_work))
        nb = tl.get("nonblocking")
        if nb is not None:
            parts.append(self.tr("Non-blocking asked {n} times in vain.").format(n=nb.eagain.count))
        return " ".join(parts) or self.tr("Done.")

    def _mechanism_text(self, tl: Timeline) -> str:
        if tl.model == "multiplexing":
            call = {"select": "select", "poll": "poll", "epoll": "epoll_wait"}.get(tl.mechanism, tl.mechanism)
            return self.tr("{call} over 4 sockets, one of them written").format(call=call)
        if tl.model == "signal":
            where = self.tr("to the main thread (F_SETOWN_EX)") if "F_OWNER_TID" in tl.notes else \
                self.tr("to the process (F_SETOWN)")
            return self.tr("a real SIGIO {where}").format(where=where)
        if tl.model == "async":
            if tl.mechanism == "io_uring":
                return self.tr("io_uring: IORING_OP_RECV; the kernel copies into the buffer when the data "
                               "arrives, and the completion is read from shared memory")
            return self.tr("a completion thread: a helper makes the blocking recv into the buffer, as glibc's "
                           "POSIX AIO does")
        return tl.mechanism

    def _placement_text(self, placement: str) -> str:
        """The core's English CPU-placement note (evsim.core.iomodels.common) in the window's language."""
        if m := re.fullmatch(r"not pinned: the machine is busy \(load ([\d.]+) on (\d+) CPUs\)", placement):
            return self.tr("not pinned: the machine is busy (load {load} on {n} CPUs)").format(load=m[1], n=m[2])
        if m := re.fullmatch(r"process on CPU (\d+), sender and helpers on CPUs? ([\d-]+)", placement):
            return self.tr("process on CPU {a}, sender and helpers on CPU {b}").format(a=m[1], b=m[2])
        return self.tr("one CPU, shared") if placement == "one CPU, shared" else placement

    def _show_mechanisms(self) -> None:
        lines = []
        for m in ("multiplexing", "signal", "async"):
            tl = self.timelines.get(m)
            if tl is not None:
                lines.append(f"<b>{model_title(m)}</b>: {self._mechanism_text(tl)}")
        any_tl = next(iter(self.timelines.values()), None)
        if any_tl is not None:
            where = self.tr("Runs in a child process") if any_tl.runner == "child process" else \
                self.tr("Runs in this process")
            placement = self._placement_text(any_tl.placement)
            lines.append(f"<small>{where}; {placement}.</small>" if placement else f"<small>{where}.</small>")
        self.mechanisms.setText("<br>".join(lines))

    def frame(self, now_ns: int) -> None:
        if self.lanes.running:
            self.lanes.set_clock(now_ns)

    def needs_frames(self) -> bool:
        """While a round runs (its events arrive from a thread that cannot wake the window) or animates."""
        return (self.runner is not None and self.runner.running) or len(self.sink) > 0 or bool(self.lanes.running)

    def start_demo(self, clients: int) -> None:
        """Run the five models once with the default message (``clients`` has no meaning here)."""
        self._remember = False
        if self.runner is not None:  # e.g. the round started when the tab was first shown
            self.runner.shutdown()
            self.runner = None
        blockers = [QSignalBlocker(w) for w in (self.delay, self.size, self.chunks, self.mux)]
        self.delay.setValue(DEMO["delay_ms"])
        self.size.setValue(DEMO["size_kib"])
        self._update_chunks_limit()
        self.chunks.setValue(DEMO["chunks"])
        self.mux.setCurrentIndex(self.mux.findData(DEMO["mux"]))
        del blockers
        self.run_again()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # The tab is never empty: one real round soon after it is first shown (unless one was started).
            QTimer.singleShot(400, self.on_first_show_timeout)

    @Slot()
    def on_first_show_timeout(self) -> None:
        if self.runner is None and not self.timelines and not self._closed and self.isVisible():
            self.run_again()

    def shutdown(self) -> None:
        """Stop the run (kills the child process) and join the runner's thread.  Idempotent."""
        self._closed = True
        r, self.runner = self.runner, None
        if r is not None:
            r.shutdown()
        self.run_button.setEnabled(False)

    def export_rows(self) -> tuple[list[str], list[list[object]]] | None:
        if not self.timelines:
            return None
        header = ["model", "mechanism", "actor", "call", "start_us", "end_us", "result", "errno", "bytes_copied"]
        rows: list[list[object]] = []
        for m in MODELS:
            tl = self.timelines.get(m)
            if tl is None:
                continue
            for c in tl.syscalls:
                rows.append([m, tl.mechanism, c.actor, c.name, round((c.start_ns - tl.start_ns) / 1e3, 3),
                             round((c.end_ns - tl.start_ns) / 1e3, 3), c.result, c.errno or "", c.moved])
            if tl.eagain.count:
                rows.append([m, tl.mechanism, "process", f"recv x{tl.eagain.count}", "", "", "", "EAGAIN", 0])
        return header, rows
