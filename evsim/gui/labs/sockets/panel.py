"""The sockets lab: the embedded echo server, its connections and readiness events, animated as they happen.

The window only watches: the echo server (a ``selectors`` loop, or the classic ``select.select`` one) runs in
a process of its own, owned by a :class:`~evsim.gui.labs.sockets.server_control.ServerController`, and
reaches the window as an event stream (:mod:`evsim.core.stream`); slow motion and single-stepping are
commands sent back on the same socket.  Once per frame the window's bridge drains the stream, within its
budget, into :meth:`Panel.apply_events` (scene model, event log) and calls :meth:`Panel.frame` (map
animation, plots, code pane).  The GUI thread never touches a connection's socket.

Layout: server and loop controls on top; the socket map with the live plots under it on the left; on the
right a "what you are seeing" box and tabs for the event log, the server loop's code and the clients.
"""

from __future__ import annotations

import ipaddress
from typing import Callable, Sequence

from PySide6.QtCore import QSettings, Signal, Slot
from PySide6.QtWidgets import QWidget

from evsim.core.echo import ClassicSelectServer, EchoServer
from evsim.core.echo.calls import EchoCalls
from evsim.core.echo.client import reachable_host
from evsim.core.echo.events import LoopPhase, ServerCounters
from evsim.core.echo.scene import SocketScene
from evsim.core.events import Event
from evsim.core.record.feed import Passthrough
from evsim.gui.labs.sockets.controls import DEFAULTS
from evsim.gui.labs.sockets.layout import SocketsPanelLayout
from evsim.gui.labs.sockets.server_control import ServerController
from evsim.gui.labs.sockets.settings import load_settings, save_settings
from evsim.gui.labs.sockets.stepping import SteppingMixin
from evsim.gui.widgets.message_bar import clear_message, post_message

__all__ = ["Panel", "DEFAULTS"]

#: Connections the embedded server accepts at most (the load panel can open 10,000).
MAX_CONNECTIONS = 20000


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost' (what the server binds by default)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


class Panel(SteppingMixin, SocketsPanelLayout):
    """The sockets lab tab."""

    lab_id = "sockets"

    #: The embedded server is listening on (host, port).
    server_started = Signal(str, int)
    #: The embedded server has stopped (by the user, on shutdown, or because its loop failed).
    server_stopped = Signal()
    #: The recording shown instead of the live server (File > Open recording), or None: live.
    replay = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = ServerController(self)
        self.scene = SocketScene()
        self._counters: ServerCounters | None = None
        self._requested = (DEFAULTS["host"], DEFAULTS["port"])
        self._pending_demo: int | None = None  # demo clients to start once the server listens
        self._open_max = 0  # most connections open at once, as the server counted them
        self._start_failure: str | None = None  # why the server could not start, for `evsim shot`
        self._closed = False
        self._last_phase: LoopPhase | None = None
        self._calls = EchoCalls()  # the watched calls as the echo kinds the log and the scene show
        self._frame_hook: Callable[[int], None] | None = None
        self._shown_call = None  # the watch event the code pane shows
        self._code_visible = False
        self._frames = 0
        self._remember = True
        self._build()
        self._load_settings()
        self._update_server_controls()
        self._show_style_source()
        self.server_started.connect(self._refresh_explanation)
        self.server_stopped.connect(self._refresh_explanation)

    # ------------------------------------------------------------------------------------ LabPanel API
    def title(self) -> str:
        return self.tr("Sockets")

    def explanation(self) -> str:
        return self.tr(
            "<b>What you are seeing.</b> A real echo server runs in its own process: one loop waits in "
            "<code>select()</code> until sockets are ready, then handles each one and never blocks anywhere else. "
            "The <b>listening socket</b> sits in the centre; each accepted <b>connection</b> pops out of it and "
            "takes a place on a ring (with more than 60, a cell of a grid in fd order). The window only "
            "watches: what the server does reaches it as a stream of events. A "
            "<span style='color:#4da3ff'>blue</span> pulse means the selector reported it <i>readable</i>, <span style='color:#ffa94d'>orange</span> <i>writable</i>; dots on an edge are "
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

    def sinks(self) -> Sequence[ServerController]:
        if self.replay is not None:  # a recording instead of the live server (replay_control.py)
            return self.replay.sinks()
        return (self.controller,) if self.controller.active else ()

    def needs_frames(self) -> bool:
        """While the server process is ending, or something on screen still moves (a hidden map or clients
        table needs no frames: new data wakes the bridge anyway)."""
        return (self.controller.needs_frames() or (self.map.isVisible() and self.map.needs_frames())
                or (self.replay is not None and self.replay.needs_frames())
                or (self.clients.isVisible() and self.clients.needs_frames()) or self.log.pending_events > 0 or self.log.busy
                or (self._code_due and self._code_visible))

    def apply_events(self, batch: list[Event]) -> None:
        if not batch:
            return
        batch = self._calls.translate(batch)
        self.scene.apply(batch)
        self.log.append_events(batch)
        for e in reversed(batch):
            if type(e) is LoopPhase:
                self._last_phase = e
                break
        for e in reversed(batch):
            if type(e) is ServerCounters:
                self._counters = e
                self._open_max = max(self._open_max, e.open)
                break

    def frame(self, now_ns: int) -> None:
        self._frames += 1
        self.log.flush_if_due()
        wall_ns, replay = now_ns, self.replay
        if replay is not None:  # the map shows the recorded instant
            now_ns = replay.clock(wall_ns)
        speed = self.animation_speed
        self.map.counters = self._counters
        self.scene.prune(now_ns, speed)
        self.map.set_clock(now_ns, speed)
        if replay is not None:
            replay.frame(now_ns)
        elif self.plots.due(now_ns):
            st, ctl = self._counters, self.controller
            if st is not None and ctl.active:  # the server's own exact totals
                bytes_in, bytes_out, open_count = st.bytes_in, st.bytes_out, st.open
            else:
                bytes_in, bytes_out, open_count = self.scene.bytes_in, self.scene.bytes_out, 0
            self.plots.feed(now_ns, ctl.emitted, bytes_in, bytes_out, open_count, ctl.dropped)
        if self._code_visible:
            self.follow_code(wall_ns)
        self.clients.frame(wall_ns)
        if self._frame_hook is not None:
            self._frame_hook(wall_ns)

    def adopt_producer(self, controller, frame_hook: Callable[[int], None]) -> None:
        """Show another producer's stream instead of the embedded server's (``evsim run``: a program's, whose
        events arrive already in the echo kinds), and call ``frame_hook(now_ns)`` after each frame."""
        self._remember = False  # the echo server's remembered settings are not that run's business
        self._calls = Passthrough()  # (nothing translated twice)
        self.controller.data_arrived.disconnect(self.frames_wanted)
        self.controller = controller
        controller.data_arrived.connect(self.frames_wanted)
        self._frame_hook = frame_hook

    def start_demo(self, clients: int, port: int = 0) -> None:
        """Server on ``port`` (0: a free one), then (once it listens) ``clients`` chatting echo clients and one
        client of each misbehaving kind."""
        self._remember = False  # the demo does not overwrite the user's settings (port 0...)
        if self.start_server(port=port):
            self._pending_demo = clients

    def demo_ready(self) -> bool:
        c = self._counters
        want = self.clients.demo_clients
        return c is not None and c.open >= want and self.server_address() is not None

    def demo_stats(self) -> dict:
        return {"connections_open_max": self._open_max, "client_errors": self.clients.client_errors()}

    def demo_error(self) -> str | None:
        return self._start_failure

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.replay is not None:
            self.replay.close()
        if self._remember:
            self._save_settings()
        self.clients.shutdown()
        self.controller.shutdown()

    def export_rows(self) -> tuple[list[str], list[list[object]]] | None:
        self.log.flush()
        return self.log.model.export_rows()

    # ------------------------------------------------------------------------------------ server API
    def _failed(self, why: str) -> None:
        """The server could not start: in the lab's message bar (in sight of the class) and the status bar."""
        self._start_failure = why
        post_message(self, why)
        self.status_message.emit(why)
        self._update_server_controls()

    def start_server(self, host: str | None = None, port: int | None = None, backend: str | None = None,
                     style: str | None = None) -> bool:
        """Start the server process (stopping a running one first); False (and a status message) when it
        could not be started at all.  Whether it listens arrives later: ``server_started``, or a message.

        Arguments left None take the values shown in the controls; given ones are shown there too.
        """
        if self._closed:
            return False
        self._start_failure = None
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
        try:
            self.controller.start(style=style, backend=backend, host=host, port=port,
                                  max_connections=MAX_CONNECTIONS, step_mode=self.step_check.isChecked(),
                                  delay_ms=self.slowmo_slider.value(), tracing=self._code_visible)
        except (OSError, ValueError) as e:  # no process could be started at all
            why = self.tr("Could not start the server: {why}").format(why=e)
            post_message(self, why)
            self.status_message.emit(why)
            self._update_server_controls()
            return False
        self._requested = (host, port)
        self._counters = None
        self._calls = EchoCalls()
        self._shown_call = None
        clear_message(self)
        self.scene.clear()
        self.plots.reset()
        self._show_style_source()
        self._update_server_controls()
        self.status_message.emit(self.tr("Starting the server on {host}:{port}…").format(host=host, port=port))
        return True

    @Slot(str, int)
    def on_server_started(self, host: str, port: int) -> None:
        if self._pending_demo is not None:
            self.clients.start_demo(self._pending_demo)
            self._pending_demo = None
        srv = self.controller.server
        self._update_server_controls()
        self.server_started.emit(host, port)
        msg = self.tr("Listening on {host}:{port} ({style}, {backend}), server process {pid}").format(
            host=host, port=port, style=srv.style, backend=srv.backend_in_use, pid=srv.pid)
        if not is_loopback(self._requested[0]):
            msg += "  " + self.tr("Warning: {host} is not a loopback address, so other machines can connect."
                                  ).format(host=self._requested[0])
        self.status_message.emit(msg)

    @Slot(str, str)
    def on_server_failed(self, error: str, message: str) -> None:
        """It could not start, or ended on its own: in the lab's message bar (in sight of the class) too."""
        host, port = self._requested
        why = self._start_error(host, port, error, message)
        self._start_failure = why
        post_message(self, why)
        self.status_message.emit(why)

    @Slot()
    def on_server_stopped(self) -> None:
        self._update_server_controls()
        self.server_stopped.emit()

    def _start_error(self, host: str, port: int, error: str, message: str) -> str:
        if error == "EADDRINUSE":
            if port == 0:
                return self.tr("No free port on {host}.").format(host=host)
            return self.tr("Port {port} is already in use: choose another port, or turn the Port box down to "
                           "'any' (0) to let the system pick a free one.").format(port=port)
        if error in ("EACCES", "EPERM"):
            return self.tr("Not allowed to listen on port {port} (ports below 1024 need privileges).").format(
                port=port)
        if error == "EADDRNOTAVAIL" or "unknown host" in message:
            return self.tr("Cannot listen on {host}: not an address of this machine.").format(host=host)
        if not error and "killed" in message:
            return self.tr("The server process was killed; press Start to run it again ({why}).").format(
                why=message)
        return self.tr("The server stopped: {why}").format(why=message)

    def stop_server(self) -> None:
        """Ask the server process to stop (closing every connection); killed if it does not within 0.4 s."""
        if not self.controller.active:
            return
        self.controller.request_stop()
        self._update_server_controls()
        if not self._closed:
            self.status_message.emit(self.tr("Server stopped"))

    def server_info(self) -> tuple[int | None, str]:
        """(pid, backend in use) of the server process, for "what limits the load"."""
        srv = self.controller.server
        return (srv.pid, srv.backend_in_use) if srv is not None else (None, "")

    def server_address(self) -> tuple[str, int] | None:
        """(host, port) the server listens on, or None when it is not (yet, or any more) listening."""
        return self.controller.address()

    def _update_server_controls(self) -> None:
        active = self.controller.active
        for w in (self.host_edit, self.port_spin, self.style_combo, self.backend_combo):
            w.setEnabled(not active)
        if not active:
            self.backend_combo.setEnabled(self.style_combo.currentData() != "classic")
        self.start_button.setEnabled(not active)
        self.stop_button.setEnabled(active and not self.controller.stopping)
        self.clients.set_server_running(self.server_address() is not None)

    # ------------------------------------------------------------------------------------ slots
    @Slot()
    def on_start_clicked(self) -> None:
        self.start_server()

    @Slot()
    def on_stop_clicked(self) -> None:
        self.stop_server()

    @Slot(int)
    def on_style_changed(self, _index: int) -> None:
        self.backend_combo.setEnabled(not self.controller.active and self.style_combo.currentData() != "classic")
        self._show_style_source()

    def _show_style_source(self) -> None:
        """Show the loop the selected style runs (the server process runs exactly this code)."""
        cls = ClassicSelectServer if self.style_combo.currentData() == "classic" else EchoServer
        text, first, phases = cls.loop_source()
        self.code.set_source(text, first, phases)

    @Slot(int)
    def on_slowmo_changed(self, ms: int) -> None:
        self.controller.set_delay_ms(ms)
        self.slowmo_label.setText(self.tr("{ms} ms/event").format(ms=ms) if ms else self.tr("full speed"))

    @Slot(bool)
    def on_code_visibility_changed(self, visible: bool) -> None:
        self._code_visible = visible
        self.controller.set_tracing(visible)

    @Slot(int)
    def on_node_clicked(self, fd: int) -> None:
        self.log.show_fd(fd)
        self.tabs.setCurrentWidget(self.log)

    # ------------------------------------------------------------------------------------ settings
    def _load_settings(self) -> None:
        load_settings(self, QSettings())

    def _save_settings(self) -> None:
        save_settings(self, QSettings())
