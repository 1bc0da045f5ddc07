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

from PySide6.QtCore import QObject, Signal

from evsim.core.events import Event
from evsim.core.watch.adapt import SceneAdapter
from evsim.core.watch.remote import RemoteProgram
from evsim.gui.labs.sockets.child_control import STOP_TIMEOUT_S, ChildController
from evsim.gui.labs.sockets.program_state import ProgramState

__all__ = ["ProgramController", "STOP_TIMEOUT_S"]


class ProgramController(ChildController):
    """Owns at most one watched program process."""

    #: The program listens on (host, port).
    program_listening = Signal(str, int)
    #: The program ended on its own: (exit status, the exception's one-line summary or "").
    program_exited = Signal(int, str)
    #: The program's process died without a word (killed, a broken stream): one line, English.
    program_failed = Signal(str)
    #: Its process is gone (after an exit, a stop, a failure).
    program_stopped = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = ProgramState()
        self.adapter = SceneAdapter(phases=False)  # the code pane follows ProgramState (Held too)
        self.script = ""
        #: The program's exit status once it has ended (None while it runs or before it started).
        self.status: int | None = None
        self.pid: int | None = None
        self._announced = False

    @property
    def program(self) -> RemoteProgram | None:
        return self._child

    # -- lifecycle ---------------------------------------------------------------------------------------
    def start(self, script: str, argv: list[str], *, step_mode: bool = False, delay_ms: int = 0,
              extra_args: tuple[str, ...] = ()) -> None:
        """Start ``script`` with ``argv`` (raises OSError when no process could be started at all)."""
        if self._child is not None:
            self._finish(STOP_TIMEOUT_S)
        prog = RemoteProgram(script, list(argv), step_mode=step_mode, delay_ms=delay_ms, extra_args=extra_args)
        prog.start()
        self.script = script
        self.pid = prog.pid
        self.status = None
        self.state = ProgramState()
        self.adapter = SceneAdapter(phases=False)
        self._announced = False
        self._adopt(prog)

    @property
    def server(self) -> "ProgramController | None":
        """What the lab's clients pane asks of a server (``pid``, ``backend_in_use``): this controller."""
        return self if self._child is not None else None

    @property
    def backend_in_use(self) -> str:
        return "program"

    def address(self) -> tuple[str, int] | None:
        """Where the program listens (its first listening socket), while it runs."""
        lst = self.state.listen
        if lst is None or self._child is None or self.stopping:
            return None
        return (lst.host, lst.port)

    # -- the stream (the bridge calls this once per frame) ---------------------------------------------------
    def drain(self, max_items: int | None = None) -> list[Event]:
        prog = self._child
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
        self._rearm()
        if not self._announced and self.state.listen is not None:
            self._announced = True
            lst = self.state.listen
            self.program_listening.emit(lst.host, lst.port)
        self._check_end()
        return out

    # -- loop control (the same names as the server's controller) ------------------------------------------------
    def set_step_mode(self, on: bool) -> None:
        if self._child is not None:
            self._child.set_step_mode(on)

    def step(self, n: int = 1) -> None:
        if self._child is not None:
            self._child.step(n)

    def step_iteration(self) -> None:
        if self._child is not None:
            self._child.step_iteration()

    def resume(self) -> None:
        """Continue: leave step mode and run freely."""
        if self._child is not None:
            self._child.resume()

    def set_delay_ms(self, ms: int) -> None:
        if self._child is not None:
            self._child.set_delay_ms(ms)

    def set_tracing(self, on: bool) -> None:
        """A watched program always reports its calls' lines: nothing to turn on."""

    # -- endings ----------------------------------------------------------------------------------------------
    def _check_end(self) -> None:
        prog = self._child
        self._kill_if_late()
        if not prog.ended:
            return
        reason = prog.end_reason()  # None when the user stopped it
        exited = prog.exited
        self._end(prog)
        if exited is not None and reason is not None:
            self.program_exited.emit(self.status, exited.error)
        elif reason is not None:
            self.program_failed.emit(reason)
        self.program_stopped.emit()

    def _finish(self, kill_after: float) -> None:
        prog = self._child
        prog.stop(kill_after)
        self._end(prog)
        self.program_stopped.emit()

    def _end(self, prog: RemoteProgram) -> None:
        self._release()
        self.status = prog.exit_status
