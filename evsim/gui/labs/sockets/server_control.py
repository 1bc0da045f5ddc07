"""The sockets lab's handle on its echo server process: start, stop, loop control, and the event stream.

The server runs in its own process (:class:`evsim.core.echo.remote.RemoteServer`): the window only watches.
A QSocketNotifier on the stream wakes the frame bridge when data arrives; the bridge then drains the stream
within its budget (:meth:`ServerController.drain`), and the controller turns what the stream says into
signals: started (its Listening event), failed (could not start, died, was killed), stopped.  Nothing here
waits for the child, except :meth:`shutdown` (closing the window), which waits at most ``STOP_TIMEOUT_S``.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from evsim.core.echo.remote import RemoteServer
from evsim.core.events import Event

__all__ = ["ServerController"]

#: How long a stopping server may take before it is killed.
STOP_TIMEOUT_S = 0.4
#: Extra arguments for the server process (tests use ``--stream-capacity`` and ``--stats-file``).
CHILD_EXTRA_ARGS: tuple[str, ...] = ()


class ServerController(QObject):
    """Owns at most one server process at a time."""

    #: The server is listening on (host, port).
    server_started = Signal(str, int)
    #: It could not start (port in use...) or ended on its own (killed, crashed): one line, English.
    server_failed = Signal(str, str)  # (errno name or "", message)
    #: It has ended (after a stop, a failure or a death) and its process is gone.
    server_stopped = Signal()
    #: Data arrived on the stream: the frame bridge should run.
    data_arrived = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server: RemoteServer | None = None
        self._notifier: QSocketNotifier | None = None
        self._announced = False
        self._stop_deadline: float | None = None
        self._dropped_before = 0  # events dropped by servers that have ended (the total stays exact)
        self._emitted_before = 0

    # -- lifecycle ---------------------------------------------------------------------------------------
    def start(self, *, style: str, backend: str, host: str, port: int, max_connections: int,
              step_mode: bool, delay_ms: int, tracing: bool) -> None:
        """Start a server process (raises ValueError for a bad backend/style; the rest arrives as signals)."""
        if self.server is not None:
            self._finish(kill_after=STOP_TIMEOUT_S)
        server = RemoteServer(style, backend, host, port, max_connections, step_mode=step_mode,
                              delay_ms=delay_ms, tracing=tracing, extra_args=CHILD_EXTRA_ARGS)
        server.start()
        self.server = server
        self._announced = False
        self._stop_deadline = None
        self._notifier = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_readable)
        self.data_arrived.emit()

    def request_stop(self) -> None:
        """Ask the server to stop; it is killed if it has not ended within STOP_TIMEOUT_S."""
        if self.server is not None and self._stop_deadline is None:
            self.server.request_stop()
            self._stop_deadline = time.monotonic() + STOP_TIMEOUT_S
            self.data_arrived.emit()

    def shutdown(self) -> None:
        """Stop now (waits at most STOP_TIMEOUT_S, then kills): for closing the window."""
        if self.server is not None:
            self._finish(kill_after=STOP_TIMEOUT_S)

    @property
    def active(self) -> bool:
        """A server process exists (starting, listening or stopping)."""
        return self.server is not None

    @property
    def stopping(self) -> bool:
        return self._stop_deadline is not None

    def address(self) -> tuple[str, int] | None:
        srv = self.server
        return srv.address if srv is not None and srv.listening and not self.stopping else None

    # -- the stream (the bridge calls these once per frame) ---------------------------------------------------
    def drain(self, max_items: int | None = None) -> list[Event]:
        srv = self.server
        if srv is None:
            return []
        batch = srv.drain(max_items)
        if self._notifier is not None and not srv.proc.eof:
            self._notifier.setEnabled(True)
        if not self._announced and srv.address is not None and not srv.ended:
            self._announced = True
            self.server_started.emit(*srv.address)
        self._check_end()
        return batch

    @property
    def dropped(self) -> int:
        srv = self.server
        return self._dropped_before + (srv.dropped if srv is not None else 0)

    @property
    def emitted(self) -> int:
        srv = self.server
        return self._emitted_before + (srv.emitted if srv is not None else 0)

    def needs_frames(self) -> bool:
        """While the process is ending (EOF seen, exit status not yet collected, or a stop pending)."""
        srv = self.server
        return srv is not None and (srv.proc.eof or self._stop_deadline is not None)

    @Slot()
    def on_readable(self) -> None:
        # Read on the next frame, within its budget; until then, do not fire again for the same bytes.
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        self.data_arrived.emit()

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
        if self._stop_deadline is not None and not srv.ended and time.monotonic() >= self._stop_deadline:
            srv.proc.kill()
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

    def _release(self) -> None:
        srv = self.server
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if srv is not None:
            self._dropped_before += srv.dropped
            self._emitted_before += srv.emitted
            srv.proc.stop(timeout=0)  # exited (or killed now), collected: no zombie; its socket closed
        self.server = None
        self._stop_deadline = None
