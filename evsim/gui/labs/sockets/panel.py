"""The sockets lab: the embedded echo server, its connections and readiness events, animated as they happen.

The panel owns a real echo server (:func:`evsim.core.echo.make_server`: a ``selectors`` loop, or the classic
``select.select`` one) running in its own thread, a :class:`~evsim.core.echo.control.LoopControl` for slow
motion and single-stepping, and the built-in clients (:mod:`evsim.gui.labs.sockets.clients`).  The server
emits events into a RingSink; once per frame the window's bridge drains it into :meth:`Panel.apply_events`
(scene model, event log) and calls :meth:`Panel.frame` (map animation, plots, code pane).  The GUI thread
never touches a connection's socket.

Layout: server and loop controls on top; the socket map with the live plots under it on the left; on the
right a "what you are seeing" box and tabs for the event log, the server loop's code and the clients.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from typing import Sequence

from PySide6.QtCore import QSettings, QSignalBlocker, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSlider,
    QSpinBox, QSplitter, QTabWidget, QVBoxLayout, QWidget,
)

from evsim.core.echo import BACKENDS, ClassicSelectServer, EchoServer, make_server
from evsim.core.echo.client import reachable_host
from evsim.core.echo.control import LoopControl
from evsim.core.echo.events import LoopPhase, ServerStopped
from evsim.core.echo.scene import SocketScene
from evsim.core.echo.server import ServerBase
from evsim.core.events import Event, RingSink
from evsim.gui.labs.base import LabPanel
from evsim.gui.widgets.code_pane import CodePane
from evsim.gui.widgets.event_log import EventLogView
from evsim.gui.widgets.explanation import ExplanationBox
from evsim.gui.widgets.message_bar import clear_message, post_message
from evsim.gui.widgets.wrapping_row import WrappingRow
from evsim.gui.labs.sockets.socket_map import SocketMap
from evsim.gui.labs.sockets.clients import ClientsPane
from evsim.gui.labs.sockets.plots import SocketsPlots

__all__ = ["Panel", "DEFAULTS", "SINK_CAPACITY"]

#: Events buffered between two frames before the oldest are dropped (from the display only).
SINK_CAPACITY = 65536
GUI_BACKENDS = tuple(b for b in ("default", "select", "poll", "epoll") if b in BACKENDS)
DEFAULTS = {"host": "127.0.0.1", "port": 9999, "backend": "default", "style": "selectors", "slowmo_ms": 0,
            "explain_open": True, "tab": 0}
#: Slow-motion slider: milliseconds of delay before each dispatched key.
SLOWMO_MAX_MS = 1000


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost' (what the server binds by default)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


class Panel(LabPanel):
    """The sockets lab tab."""

    lab_id = "sockets"

    #: The embedded server is listening on (host, port).
    server_started = Signal(str, int)
    #: The embedded server has stopped (by the user, on shutdown, or because its loop failed).
    server_stopped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = RingSink(SINK_CAPACITY)
        self.control = LoopControl()
        self.scene = SocketScene()
        self.server: ServerBase | None = None
        self._closed = False
        self._last_phase: LoopPhase | None = None
        self._code_visible = False
        self._frames = 0
        self._remember = True
        self._build()
        self._load_settings()
        self._update_server_controls()
        self._show_style_source()
        self.server_started.connect(self._refresh_explanation)
        self.server_stopped.connect(self._refresh_explanation)

    # ------------------------------------------------------------------------------------------ build
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(6, 6, 6, 6)
        root.setSpacing(6)

        top = WrappingRow(self, spacing=8)  # one under the other when the window is too narrow (1024 px)
        root.addWidget(top)
        top.addWidget(self._build_server_box(), 3)
        top.addWidget(self._build_loop_box(), 2)

        self.map = SocketMap(self.scene)
        self.map.setToolTip("")
        self.plots = SocketsPlots()
        self.plots.setMinimumHeight(120)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.map)
        left.addWidget(self.plots)
        left.setStretchFactor(0, 4)
        left.setStretchFactor(1, 1)
        left.setSizes([520, 150])
        left.setChildrenCollapsible(False)
        self.left_splitter = left

        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.setSpacing(4)
        self.explanation_box = ExplanationBox(self.explanation(), spacing=4)
        self.explanation_box.set_vertical_policy(QSizePolicy.Policy.Maximum)
        self.explanation_box.button.setAutoRaise(True)
        self.explanation_box.label.setStyleSheet("QLabel { padding: 4px 6px; }")
        self.explain_button = self.explanation_box.button
        self.explain_label = self.explanation_box.label
        rlay.addWidget(self.explanation_box)

        self.tabs = QTabWidget()
        self.log = EventLogView()
        self.code = CodePane()
        self.clients = ClientsPane(self.server_address)
        self.tabs.addTab(self.log, self.tr("Event log"))
        self.tabs.addTab(self.code, self.tr("Server loop"))
        self.tabs.addTab(self.clients, self.tr("Clients"))
        self.tabs.setTabToolTip(0, self.tr("Every event the server reported, newest at the bottom"))
        self.tabs.setTabToolTip(1, self.tr("The server loop's source; the line it is executing is highlighted"))
        self.tabs.setTabToolTip(2, self.tr("Built-in clients: type messages, run a load, or misbehave"))
        rlay.addWidget(self.tabs, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 500])
        split.setChildrenCollapsible(False)
        self.splitter = split
        root.addWidget(split, 1)

        self.log.status_message.connect(self.status_message)
        self.clients.status_message.connect(self.status_message)
        self.map.node_clicked.connect(self.on_node_clicked)
        self.code.visibility_changed.connect(self.on_code_visibility_changed)

    def _build_server_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Echo server"))
        lay = QHBoxLayout(box)
        lay.setContentsMargins(8, 4, 8, 6)
        lay.setSpacing(6)
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
        self.start_button.setToolTip(self.tr("Start the echo server with these settings"))
        self.start_button.clicked.connect(self.on_start_clicked)
        lay.addWidget(self.start_button)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the server: every connection is closed"))
        self.stop_button.clicked.connect(self.on_stop_clicked)
        lay.addWidget(self.stop_button)
        lay.addStretch(1)
        self.style_combo.currentIndexChanged.connect(self.on_style_changed)
        return box

    def _build_loop_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Loop control"))
        lay = QHBoxLayout(box)
        lay.setContentsMargins(8, 4, 8, 6)
        lay.setSpacing(6)
        lay.addWidget(QLabel(self.tr("Slow motion")))
        self.slowmo_slider = QSlider(Qt.Orientation.Horizontal)
        self.slowmo_slider.setRange(0, SLOWMO_MAX_MS)
        self.slowmo_slider.setSingleStep(10)
        self.slowmo_slider.setPageStep(100)
        self.slowmo_slider.setMinimumWidth(80)
        self.slowmo_slider.setToolTip(self.tr("Delay the server loop before each ready socket it handles, "
                                              "so you can follow every event (0 = full speed)"))
        self.slowmo_slider.valueChanged.connect(self.on_slowmo_changed)
        lay.addWidget(self.slowmo_slider, 1)
        self.slowmo_label = QLabel()
        self.slowmo_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("1000 ms/event") + 4)
        lay.addWidget(self.slowmo_label)
        self.step_check = QCheckBox(self.tr("Step mode"))
        self.step_check.setToolTip(self.tr("Hold the loop after each select(): it handles the next ready socket "
                                           "only when you press Step"))
        self.step_check.toggled.connect(self.on_step_mode_toggled)
        lay.addWidget(self.step_check)
        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.setToolTip(self.tr("Let the loop handle one more ready socket (F10)"))
        self.step_button.setEnabled(False)
        self.step_button.clicked.connect(self.on_step_clicked)
        lay.addWidget(self.step_button)
        self.step_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F10), self)
        self.step_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.step_shortcut.activated.connect(self.on_step_clicked)
        return box

    # ------------------------------------------------------------------------------------ LabPanel API
    def title(self) -> str:
        return self.tr("Sockets")

    def explanation(self) -> str:
        return self.tr(
            "<b>What you are seeing.</b> A real echo server runs in its own thread: one loop waits in "
            "<code>select()</code> until sockets are ready, then handles each one and never blocks anywhere else. "
            "The <b>listening socket</b> sits in the centre; each accepted <b>connection</b> pops out of it and "
            "takes a place on a ring. A <span style='color:#4da3ff'>blue</span> pulse means the selector reported "
            "it <i>readable</i>, <span style='color:#ffa94d'>orange</span> <i>writable</i>; dots on an edge are "
            "bytes going in and echoing out. A violet node with a pause sign has stopped being read because its "
            "echo is not being read by the peer (back-pressure); half a disc is a peer that shut its write side; "
            "red with a cross is a reset; a slashed ring was refused. Hover a node for its counters, click it to "
            "filter the log. Try <i>Step mode</i> with the <i>Server loop</i> tab open, or "
            "<code>{command}</code> from a terminal."
        ).format(command=self._nc_command())

    def _nc_command(self) -> str:
        """The ``nc`` line that reaches the running server, or a template when none runs."""
        address = self.server_address()
        if address is None:
            return "nc 127.0.0.1 PORT"
        host, port = address
        return f"nc {reachable_host(host)} {port}"

    def _refresh_explanation(self, *_args: object) -> None:
        self.explanation_box.label.setText(self.explanation())

    def sinks(self) -> Sequence[RingSink]:
        return (self.sink,)

    def apply_events(self, batch: list[Event]) -> None:
        if not batch:
            return
        self.scene.apply(batch)
        self.log.append_events(batch)
        for e in reversed(batch):
            if type(e) is LoopPhase:
                self._last_phase = e
                break
        for e in batch:
            if type(e) is ServerStopped and e.reason != "stopped":
                self.status_message.emit(self.tr("The server loop ended: {why}").format(why=e.reason))

    def frame(self, now_ns: int) -> None:
        self._frames += 1
        speed = self.animation_speed
        self.scene.prune(now_ns, speed)
        self.map.set_clock(now_ns, speed)
        if self.plots.due(now_ns):
            srv = self.server
            if srv is not None and srv.running:
                st = srv.stats()
                bytes_in, bytes_out, open_count = st.bytes_in, st.bytes_out, st.open
            else:
                bytes_in, bytes_out, open_count = self.scene.bytes_in, self.scene.bytes_out, 0
            self.plots.feed(now_ns, self.sink.emitted, bytes_in, bytes_out, open_count, self.sink.dropped)
        if self._last_phase is not None and self._code_visible:
            ph = self._last_phase
            self._last_phase = None
            self.code.show_phase(ph.phase, ph.line)
        self.clients.frame(now_ns)
        self._check_server_alive()

    def start_demo(self, clients: int) -> None:
        """Server on a free port, ``clients`` chatting echo clients and one client of each misbehaving kind."""
        self._remember = False  # the demo does not overwrite the user's settings (port 0...)
        if not self.start_server(port=0):
            return
        self.clients.start_demo(clients)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._remember:
            self._save_settings()
        self.clients.shutdown()
        self.stop_server()

    def export_rows(self) -> tuple[list[str], list[list[object]]] | None:
        return self.log.model.export_rows()

    # ------------------------------------------------------------------------------------ server API
    def _failed(self, why: str) -> None:
        """The server could not start: in the lab's message bar (in sight of the class) and the status bar."""
        post_message(self, why)
        self.status_message.emit(why)
        self._update_server_controls()

    def start_server(self, host: str | None = None, port: int | None = None, backend: str | None = None,
                     style: str | None = None) -> bool:
        """Start the embedded server (stopping a running one first); False (and a status message) on failure.

        Arguments left None take the values shown in the controls; given ones are shown there too.
        """
        if self._closed:
            return False
        if host is not None:
            self.host_edit.setText(host)
        if port is not None:
            self.port_spin.setValue(port)
        if backend is not None:
            if backend == "classic":
                style, backend = "classic", None
            else:
                i = self.backend_combo.findData(backend)
                if i < 0:
                    self.status_message.emit(self.tr("Unknown backend {b}").format(b=backend))
                    return False
                self.backend_combo.setCurrentIndex(i)
        if style is not None:
            i = self.style_combo.findData(style)
            if i < 0:
                self.status_message.emit(self.tr("Unknown server style {s}").format(s=style))
                return False
            self.style_combo.setCurrentIndex(i)
        host = self.host_edit.text().strip() or DEFAULTS["host"]
        port = self.port_spin.value()
        backend = self.backend_combo.currentData()
        style = self.style_combo.currentData()
        if self.server is not None:
            self.stop_server()

        self.control.reset()
        self.control.set_step_mode(self.step_check.isChecked())
        self.control.delay_s = self.slowmo_slider.value() / 1000.0
        self.control.tracing = self._code_visible
        try:
            server = make_server(style, backend, host=host, port=port, sink=self.sink, control=self.control)
            server.start()
        except OSError as e:
            self._failed(self._start_error(host, port, e))
            return False
        except (ValueError, RuntimeError) as e:
            self._failed(self.tr("Could not start the server: {why}").format(why=e))
            return False
        clear_message(self)
        self.server = server
        self.scene.clear()
        self.plots.reset()
        text, first, phases = server.loop_source()
        self.code.set_source(text, first, phases)
        h, p = server.address
        self._update_server_controls()
        self.server_started.emit(h, p)
        msg = self.tr("Listening on {host}:{port} ({style}, {backend})").format(
            host=h, port=p, style=server.style, backend=server.backend_in_use)
        if not is_loopback(host):
            msg += "  " + self.tr("Warning: {host} is not a loopback address, so other machines can connect."
                                  ).format(host=host)
        self.status_message.emit(msg)
        return True

    def _start_error(self, host: str, port: int, e: OSError) -> str:
        if e.errno == errno.EADDRINUSE:
            return self.tr("Port {port} is already in use: choose another port, or turn the Port box down to "
                           "'any' (0) to let the system pick a free one.").format(port=port)
        if e.errno in (errno.EACCES, errno.EPERM):
            return self.tr("Not allowed to listen on port {port} (ports below 1024 need privileges).").format(
                port=port)
        if isinstance(e, socket.gaierror) or e.errno == errno.EADDRNOTAVAIL:
            return self.tr("Cannot listen on {host}: not an address of this machine.").format(host=host)
        return self.tr("Could not start the server on {host}:{port}: {why}").format(
            host=host, port=port, why=e.strerror or e)

    def stop_server(self) -> None:
        """Stop the server (closing every connection) and join its thread.  Does nothing if none runs."""
        server = self.server
        if server is None:
            return
        self.server = None
        self.control.release()
        server.stop()
        self._update_server_controls()
        self.server_stopped.emit()
        if not self._closed:
            self.status_message.emit(self.tr("Server stopped"))

    def server_address(self) -> tuple[str, int] | None:
        """(host, port) the server listens on, or None when it is not running."""
        srv = self.server
        if srv is None or not srv.running:
            return None
        return srv.address

    def _check_server_alive(self) -> None:
        """The loop may end on its own (an unexpected error): tidy up and tell the window."""
        srv = self.server
        if srv is not None and not srv.running:
            self.server = None
            srv.stop()
            self._update_server_controls()
            self.server_stopped.emit()

    def _update_server_controls(self) -> None:
        running = self.server is not None
        for w in (self.host_edit, self.port_spin, self.style_combo, self.backend_combo):
            w.setEnabled(not running)
        if not running:
            self.backend_combo.setEnabled(self.style_combo.currentData() != "classic")
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.clients.set_server_running(running)

    # ------------------------------------------------------------------------------------ slots
    @Slot()
    def on_start_clicked(self) -> None:
        self.start_server()

    @Slot()
    def on_stop_clicked(self) -> None:
        self.stop_server()

    @Slot(int)
    def on_style_changed(self, _index: int) -> None:
        self.backend_combo.setEnabled(self.server is None and self.style_combo.currentData() != "classic")
        self._show_style_source()

    def _show_style_source(self) -> None:
        """With no server running, show the loop the selected style would run."""
        if self.server is not None:
            return
        cls = ClassicSelectServer if self.style_combo.currentData() == "classic" else EchoServer
        text, first, phases = cls.loop_source()
        self.code.set_source(text, first, phases)

    @Slot(int)
    def on_slowmo_changed(self, ms: int) -> None:
        self.control.delay_s = ms / 1000.0
        self.slowmo_label.setText(self.tr("{ms} ms/event").format(ms=ms) if ms else self.tr("full speed"))

    @Slot(bool)
    def on_step_mode_toggled(self, on: bool) -> None:
        self.control.set_step_mode(on)
        self.step_button.setEnabled(on)
        if on:
            self.tabs.setCurrentWidget(self.code)
            self.status_message.emit(self.tr("Step mode: the loop waits before each ready socket; press Step (F10)"))

    @Slot()
    def on_step_clicked(self) -> None:
        if self.control.step_mode:
            self.control.step(1)

    @Slot(bool)
    def on_code_visibility_changed(self, visible: bool) -> None:
        self._code_visible = visible
        self.control.tracing = visible

    @Slot(int)
    def on_node_clicked(self, fd: int) -> None:
        self.log.show_fd(fd)
        self.tabs.setCurrentWidget(self.log)

    # ------------------------------------------------------------------------------------ settings
    def _load_settings(self) -> None:
        s = QSettings()

        def get(key: str, default, typ):
            v = s.value(f"{self.lab_id}/{key}", default)
            try:
                return typ(v) if typ is not bool else (v in (True, "true", "1", 1))
            except (TypeError, ValueError):
                return default

        self.host_edit.setText(get("host", DEFAULTS["host"], str))
        port = get("port", DEFAULTS["port"], int)
        self.port_spin.setValue(port if 0 <= port <= 65535 else DEFAULTS["port"])
        i = self.style_combo.findData(get("style", DEFAULTS["style"], str))
        self.style_combo.setCurrentIndex(max(0, i))
        i = self.backend_combo.findData(get("backend", DEFAULTS["backend"], str))
        self.backend_combo.setCurrentIndex(max(0, i))
        ms = get("slowmo_ms", DEFAULTS["slowmo_ms"], int)
        self.slowmo_slider.setValue(min(max(ms, 0), SLOWMO_MAX_MS))
        self.on_slowmo_changed(self.slowmo_slider.value())
        open_ = get("explain_open", DEFAULTS["explain_open"], bool)
        self.explanation_box.set_open(open_)
        tab = get("tab", DEFAULTS["tab"], int)
        with QSignalBlocker(self.tabs):
            self.tabs.setCurrentIndex(tab if 0 <= tab < self.tabs.count() else 0)
        for key, splitter in (("splitter", self.splitter), ("left_splitter", self.left_splitter)):
            state = s.value(f"{self.lab_id}/{key}")
            if state is not None:
                splitter.restoreState(state)
        self.clients.load_settings(s, self.lab_id)

    def _save_settings(self) -> None:
        s = QSettings()
        k = self.lab_id
        s.setValue(f"{k}/host", self.host_edit.text().strip() or DEFAULTS["host"])
        s.setValue(f"{k}/port", self.port_spin.value())
        s.setValue(f"{k}/style", self.style_combo.currentData())
        s.setValue(f"{k}/backend", self.backend_combo.currentData())
        s.setValue(f"{k}/slowmo_ms", self.slowmo_slider.value())
        s.setValue(f"{k}/explain_open", self.explanation_box.is_open())
        s.setValue(f"{k}/tab", self.tabs.currentIndex())
        s.setValue(f"{k}/splitter", self.splitter.saveState())
        s.setValue(f"{k}/left_splitter", self.left_splitter.saveState())
        self.clients.save_settings(s, self.lab_id)
