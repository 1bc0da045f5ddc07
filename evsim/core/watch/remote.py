"""A watched program in its own process, as the window sees it (like :mod:`evsim.core.echo.remote`).

:class:`RemoteProgram` starts :mod:`evsim.core.watch.child` on the user's script (its stdin, stdout and stderr
are this process's: the terminal's) and follows its stream: the watch events, the address its first
``listen()`` bound, how it ended (:class:`~evsim.core.watch.events.ProgramExited`, or the process's status).
Step and slow motion are commands on the same socket.  Nothing here blocks the caller except :meth:`stop`,
which waits at most its ``timeout``.
"""

from __future__ import annotations

import signal

from evsim.core.events import Event
from evsim.core.process import LoopRemote, StreamProcess, child_env
from evsim.core.watch.events import Listen, ProgramExited

__all__ = ["RemoteProgram", "CHILD_MODULE"]

CHILD_MODULE = "evsim.core.watch.child"


class RemoteProgram(LoopRemote):
    """The user's ``script`` run with ``argv`` under the watch, in a child process owned by this object."""

    def __init__(self, script: str, argv: list[str] | tuple[str, ...] = (), *, step_mode: bool = False,
                 delay_ms: int = 0, extra_args: tuple[str, ...] | list[str] = ()) -> None:
        self.script = script
        self.argv = list(argv)
        args = ["--delay-ms", str(int(delay_ms))] + ["--step-mode"] * bool(step_mode) + list(extra_args)
        args += ["--", script, *self.argv] if script.startswith("-") else [script, *self.argv]
        self.proc = StreamProcess(CHILD_MODULE, args, env=child_env(), keep_stdin=True)  # the terminal's stdin
        self.address: tuple[str, int] | None = None
        self.exited: ProgramExited | None = None
        self._stop_requested = False

    # -- lifecycle (start, request_stop: LoopRemote; a stop is a SIGINT in the program's process) ----------------
    def stop(self, timeout: float = 0.5) -> int | None:
        """Stop it (waiting at most ``timeout`` s before killing it); its exit status."""
        self._stop_requested = True
        return self.proc.stop(timeout)

    @property
    def pid(self) -> int | None:
        return self.proc.pid

    @property
    def ended(self) -> bool:
        """The process has exited and its stream is over: nothing more will come."""
        if self.proc.sock is None:  # stopped: the stream is closed on our side
            return self.proc.proc is None or self.proc.poll() is not None
        return self.proc.eof and self.proc.poll() is not None

    @property
    def running(self) -> bool:
        return not self.ended

    @property
    def exit_status(self) -> int | None:
        """The program's exit status (from its ProgramExited, else the process's), None while it runs."""
        if self.exited is not None:
            return self.exited.status
        code = self.proc.poll()
        if code is None:
            return None
        return 128 - code if code < 0 else code

    def end_reason(self) -> str | None:
        """How it ended, in one line (None while it runs, or when it was stopped on request)."""
        if not self.ended or self._stop_requested:
            return None
        if self.exited is not None:
            e = self.exited
            return f"the program ended: {e.error}" if e.error else f"the program exited with status {e.status}"
        if self.proc.error:
            return f"the program's event stream was malformed: {self.proc.error}"
        code = self.proc.poll()
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"the program was killed ({name})"
        return f"the program exited with status {code}"

    # -- the stream -----------------------------------------------------------------------------------------
    def drain(self, max_items: int | None = None) -> list[Event]:
        batch = self.proc.drain(max_items)
        for e in batch:
            t = type(e)
            if t is Listen and self.address is None:
                self.address = (e.host, e.port)
            elif t is ProgramExited:
                self.exited = e
        return batch

    def __repr__(self) -> str:
        return f"<RemoteProgram {self.script} pid={self.pid}>"
