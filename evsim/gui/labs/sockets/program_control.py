"""The sockets lab's handle on a watched program (``evsim run SCRIPT``): its process, its stream, loop control.

Like :class:`~evsim.gui.labs.sockets.server_control.ServerController` for the embedded echo server, with the
same face towards the panel and the frame bridge (``active``, ``drain``, ``emitted``, ``dropped``,
``needs_frames``, step and slow-motion commands), so the lab's map, log and plots work unchanged.  The
program runs in its own process (:class:`evsim.core.watch.remote.RemoteProgram`: the user's script as
``__main__`` with the watch installed; its stdin and stdout are the terminal's).

Each frame, :meth:`ProgramController.drain` reads the watch events that arrived (within the bridge's budget),
folds them into :attr:`state` (where the program is, kernel queues, diagnoses:
:class:`~evsim.gui.labs.sockets.program_state.ProgramState`) and hands the panel each of them followed by what
``SceneAdapter`` made of it: the echo kinds the sockets scene and the event log already understand.

Signals: ``program_listening`` (its first ``listen()``), ``program_exited`` (it ended on its own: its exit
status and one line), ``program_failed`` (it could not be started, or died: one line), ``program_stopped``
(its process is gone, whatever the reason).  Nothing here waits for the child except :meth:`shutdown`
(closing the window), at most ``STOP_TIMEOUT_S``.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from evsim.core.events import Event
from evsim.core.watch import events as wev
from evsim.core.watch.adapt import SceneAdapter
from evsim.core.watch.remote import RemoteProgram
from evsim.gui.labs.sockets.program_state import ProgramState

__all__ = ["ProgramController", "STOP_TIMEOUT_S"]

#: How long a stopping program may take before it is killed (closing the window stops it within 0.5 s).
STOP_TIMEOUT_S = 0.4


class ProgramController(QObject):
    """Owns at most one watched program process."""

    #: The program listens on (host, port).
    program_listening = Signal(str, int)
    #: The program ended on its own: (exit status, one line saying how, English).
    program_exited = Signal(int, str)
    #: The program could not start, or its process died without a word (killed, a broken stream): one line.
    program_failed = Signal(str)
    #: Its process is gone (after an exit, a stop, a failure).
    program_stopped = Signal()
    #: Data arrived on the stream: the frame bridge should run.
    data_arrived = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.program: RemoteProgram | None = None
        self.state = ProgramState()
        self.adapter = SceneAdapter(phases=False)  # the code pane follows ProgramState (Held too)
        self.script = ""
        #: The program's exit status once it has ended (None while it runs or before it started).
        self.status: int | None = None
        self.pid: int | None = None
        self._notifier: QSocketNotifier | None = None
        self._announced = False
        self._stop_deadline: float | None = None
        self._dropped_before = 0
        self._emitted_before = 0

    # -- lifecycle ---------------------------------------------------------------------------------------
    def start(self, script: str, argv: list[str], *, step_mode: bool = False, delay_ms: int = 0,
              extra_args: tuple[str, ...] = ()) -> None:
        """Start ``script`` with ``argv`` (raises OSError when no process could be started at all)."""
        if self.program is not None:
            self._finish(STOP_TIMEOUT_S)
        prog = RemoteProgram(script, list(argv), step_mode=step_mode, delay_ms=delay_ms, extra_args=extra_args)
        prog.start()
        self.program = prog
        self.script = script
        self.pid = prog.pid
        self.status = None
        self.state = ProgramState()
        self.adapter = SceneAdapter(phases=False)  # the code pane follows ProgramState (Held too)
        self._announced = False
        self._stop_deadline = None
        self._notifier = QSocketNotifier(prog.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_readable)
        self.data_arrived.emit()

    def request_stop(self) -> None:
        """Ask the program to stop; it is killed if it has not ended within STOP_TIMEOUT_S."""
        if self.program is not None and self._stop_deadline is None:
            self.program.request_stop()
            self._stop_deadline = time.monotonic() + STOP_TIMEOUT_S
            self.data_arrived.emit()

    def shutdown(self) -> None:
        """Stop now (waits at most STOP_TIMEOUT_S, then kills): for closing the window."""
        if self.program is not None:
            self._finish(STOP_TIMEOUT_S)

    @property
    def active(self) -> bool:
        """A program process exists (running or stopping)."""
        return self.program is not None

    @property
    def stopping(self) -> bool:
        return self._stop_deadline is not None

    @property
    def server(self) -> "ProgramController | None":
        """What the lab's clients pane asks of a server (``pid``, ``backend_in_use``): this controller."""
        return self if self.program is not None else None

    @property
    def backend_in_use(self) -> str:
        return "program"

    def address(self) -> tuple[str, int] | None:
        """Where the program listens (its first listening socket), while it runs."""
        lst = self.state.listen
        if lst is None or self.program is None or self.stopping:
            return None
        return (lst.host, lst.port)

    # -- the stream (the bridge calls these once per frame) ---------------------------------------------------
    def drain(self, max_items: int | None = None) -> list[Event]:
        prog = self.program
        if prog is None:
            return []
        raw = prog.drain(max_items)
        out: list[Event] = []
        if raw:
            self.state.apply(raw)
            # each watch event, then the echo events it stands for: the embedded server's stream has the same
            # shape (the scene folds Held, Selected... into its loop state, and the echo kinds into the map)
            feed, add = self.adapter.feed, out.append
            for e in raw:
                add(e)
                out += feed(e)
        if self._notifier is not None and not prog.proc.eof:
            self._notifier.setEnabled(True)
        if not self._announced and self.state.listen is not None:
            self._announced = True
            lst = self.state.listen
            self.program_listening.emit(lst.host, lst.port)
        self._check_end()
        return out

    @property
    def dropped(self) -> int:
        prog = self.program
        return self._dropped_before + (prog.proc.dropped if prog is not None else 0)

    @property
    def emitted(self) -> int:
        prog = self.program
        return self._emitted_before + (prog.proc.emitted if prog is not None else 0)

    def needs_frames(self) -> bool:
        """While the process is ending (EOF seen, exit status not yet collected, or a stop pending)."""
        prog = self.program
        return prog is not None and (prog.proc.eof or self._stop_deadline is not None)

    @Slot()
    def on_readable(self) -> None:
        # Read on the next frame, within its budget; until then, do not fire again for the same bytes.
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        self.data_arrived.emit()

    # -- loop control (the same names as the server's controller) ------------------------------------------------
    def set_step_mode(self, on: bool) -> None:
        if self.program is not None:
            self.program.set_step_mode(on)

    def step(self, n: int = 1) -> None:
        if self.program is not None:
            self.program.step(n)

    def step_iteration(self) -> None:
        if self.program is not None:
            self.program.step_iteration()

    def resume(self) -> None:
        """Continue: leave step mode and run freely."""
        if self.program is not None:
            self.program.resume()

    def set_delay_ms(self, ms: int) -> None:
        if self.program is not None:
            self.program.set_delay_ms(ms)

    def set_tracing(self, on: bool) -> None:
        """A watched program always reports its calls' lines: nothing to turn on."""

    # -- endings ----------------------------------------------------------------------------------------------
    def _check_end(self) -> None:
        prog = self.program
        if prog is None:
            return
        if self._stop_deadline is not None and not prog.ended and time.monotonic() >= self._stop_deadline:
            prog.proc.kill()
        if not prog.ended:
            return
        reason = prog.end_reason()  # None when the user stopped it
        exited = prog.exited
        self._release(prog)
        if exited is not None and reason is not None:
            self.program_exited.emit(self.status, exited.error)
        elif reason is not None:
            self.program_failed.emit(reason)
        self.program_stopped.emit()

    def _finish(self, kill_after: float) -> None:
        prog = self.program
        if prog is None:
            return
        prog.stop(kill_after)
        self._release(prog)
        self.program_stopped.emit()

    def _release(self, prog: RemoteProgram) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if prog is not None:
            self._dropped_before += prog.proc.dropped
            self._emitted_before += prog.proc.emitted
            prog.proc.stop(timeout=0)  # exited (or killed now), collected: no zombie; its socket closed
            self.status = prog.exit_status
        self.program = None
        self._stop_deadline = None
