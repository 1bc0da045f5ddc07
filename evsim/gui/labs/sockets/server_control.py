"""The sockets lab's handle on its echo server process: start, stop, loop control, and the event stream.

The server runs in its own process (:class:`evsim.core.echo.remote.RemoteServer`): the window only watches.
A QSocketNotifier on the stream wakes the frame bridge when data arrives; the bridge then drains the stream
within its budget (:meth:`ServerController.drain`), and the controller turns what the stream says into
signals: started (its Listening event), failed (could not start, died, was killed), stopped.  Nothing here
waits for the child, except :meth:`shutdown` (closing the window), which waits at most ``STOP_TIMEOUT_S``
(:mod:`~evsim.gui.labs.sockets.child_control`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from evsim.core.echo.remote import RemoteServer
from evsim.core.events import Event
from evsim.gui.labs.sockets.child_control import STOP_TIMEOUT_S, ChildController

__all__ = ["ServerController"]

#: Extra arguments for the server process (tests use ``--stream-capacity`` and ``--stats-file``).
CHILD_EXTRA_ARGS: tuple[str, ...] = ()
#: How much of the stream may wait for the window, in the server (encoded, not sent) and in the kernel: about
#: 750 events each.  The window applies what a frame's budget affords; under a full-speed load the server
#: produces more, and whatever waits makes the window that much late.  With the server's default (1 MiB, some
#: 40,000 events, plus the kernel's 200 KiB) the map showed what happened 1.3-2 s before, its pulses and flying
#: bytes long over; with these it is a frame or two behind, and the rest is dropped by the server (cheaply: a
#: dropped event is never encoded), counted in the stream and shown ("events not shown/s").
WINDOW_STREAM_ARGS: tuple[str, ...] = ("--stream-capacity", str(1 << 14), "--stream-sndbuf", str(1 << 14))


class ServerController(ChildController):
    """Owns at most one server process at a time."""

    #: The server is listening on (host, port).
    server_started = Signal(str, int)
    #: It could not start (port in use...) or ended on its own (killed, crashed): one line, English.
    server_failed = Signal(str, str)  # (errno name or "", message)
    #: It has ended (after a stop, a failure or a death) and its process is gone.
    server_stopped = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._announced = False

    @property
    def server(self) -> RemoteServer | None:
        return self._child

    # -- lifecycle ---------------------------------------------------------------------------------------
    def start(self, *, style: str, backend: str, host: str, port: int, max_connections: int,
              step_mode: bool, delay_ms: int, tracing: bool) -> None:
        """Start a server process (raises ValueError for a bad backend/style; the rest arrives as signals)."""
        if self.server is not None:
            self._finish(kill_after=STOP_TIMEOUT_S)
        server = RemoteServer(style, backend, host, port, max_connections, step_mode=step_mode,
                              delay_ms=delay_ms, tracing=tracing, extra_args=WINDOW_STREAM_ARGS + CHILD_EXTRA_ARGS)
        server.start()
        self._announced = False
        self._adopt(server)

    def address(self) -> tuple[str, int] | None:
        srv = self.server
        return srv.address if srv is not None and srv.listening and not self.stopping else None

    # -- the stream (the bridge calls these once per frame) ---------------------------------------------------
    def drain(self, max_items: int | None = None) -> list[Event]:
        srv = self.server
        if srv is None:
            return []
        batch = srv.drain(max_items)
        self._rearm()
        if not self._announced and srv.address is not None and not srv.ended:
            self._announced = True
            self.server_started.emit(*srv.address)
        self._check_end()
        return batch

    # -- loop control ---------------------------------------------------------------------------------------
    def set_step_mode(self, on: bool) -> None:
        if self.server is not None:
            self.server.set_step_mode(on)

    def step(self, n: int = 1) -> None:
        if self.server is not None:
            self.server.step(n)

    def step_iteration(self) -> None:
        if self.server is not None:
            self.server.step_iteration()

    def resume(self) -> None:
        if self.server is not None:
            self.server.resume()

    def set_delay_ms(self, ms: int) -> None:
        if self.server is not None:
            self.server.set_delay_ms(ms)

    def set_tracing(self, on: bool) -> None:
        if self.server is not None:
            self.server.set_tracing(on)

    # -- endings ----------------------------------------------------------------------------------------------
    def _check_end(self) -> None:
        srv = self.server
        if srv is None:
            return
        self._kill_if_late()
        if not srv.ended:
            return
        reason = srv.end_reason()
        failed = srv.failed
        self._release()
        if reason is not None:
            self.server_failed.emit(failed.error if failed is not None else "", reason)
        self.server_stopped.emit()

    def _finish(self, kill_after: float) -> None:
        srv = self.server
        if srv is None:
            return
        srv.stop(kill_after)
        self._release()
        self.server_stopped.emit()
