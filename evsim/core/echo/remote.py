"""The echo server in its own process, as a watcher (the window, a benchmark) sees it.

:class:`RemoteServer` starts :mod:`evsim.core.echo.child` and follows its event stream: the address it
listens on, its exact counters (:class:`~evsim.core.echo.events.ServerCounters`), and how it ended.  Loop
control (step, slow motion, tracing) are commands on the same socket.  It never blocks its caller, except
:meth:`stop`, which waits at most ``timeout`` seconds (for closing a window).
"""

from __future__ import annotations

import signal

from evsim.core.echo import BACKENDS, ClassicSelectServer, EchoServer
from evsim.core.echo.events import Listening, ServerCounters, ServerStopped, StartFailed
from evsim.core.events import Event
from evsim.core.process import LoopRemote, StreamProcess, child_env
from evsim.core.record.format import RecordState

__all__ = ["RemoteServer", "CHILD_MODULE"]

CHILD_MODULE = "evsim.core.echo.child"


class RemoteServer(LoopRemote):
    """An echo server process and what its stream has said so far."""

    def __init__(self, style: str = "selectors", backend: str = "default", host: str = "127.0.0.1",
                 port: int = 9999, max_connections: int = 10000, *, step_mode: bool = False,
                 delay_ms: int = 0, tracing: bool = False, extra_args: tuple[str, ...] = ()) -> None:
        if backend == "classic":
            style, backend = "classic", "select"
        if style not in ("selectors", "classic"):
            raise ValueError(f"unknown style {style!r}")
        if style == "selectors" and backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
        self.style = style
        self.backend = backend
        self.host = host
        self.port = port
        self.max_connections = max_connections
        args = ["--style", style, "--backend", backend, "--host", host, "--port", str(port),
                "--max-connections", str(max_connections), "--delay-ms", str(int(delay_ms))]
        args += ["--step-mode"] * step_mode + ["--tracing"] * tracing + list(extra_args)
        self.proc = StreamProcess(CHILD_MODULE, args, env=child_env())
        self.address: tuple[str, int] | None = None
        self.backend_in_use = backend
        self.listener_fd = -1
        self.counters: ServerCounters | None = None
        self.failed: StartFailed | None = None
        self.stopped: ServerStopped | None = None
        self.record_state: RecordState | None = None
        self._stop_requested = False

    # -- lifecycle (start, request_stop: LoopRemote) -----------------------------------------------------
    def stop(self, timeout: float = 0.4) -> None:
        self._stop_requested = True
        self.proc.stop(timeout)

    @property
    def pid(self) -> int | None:
        return self.proc.pid

    @property
    def listening(self) -> bool:
        """Bound and serving (its Listening event has arrived and it has not ended)."""
        return self.address is not None and not self.ended

    @property
    def ended(self) -> bool:
        """The process has exited (or its stream is over): nothing more will come."""
        return self.proc.eof and (self.proc.poll() is not None or self.proc.sock is None)

    @property
    def running(self) -> bool:
        return not self.ended

    def end_reason(self) -> str | None:
        """Why it ended, when it did not end because someone asked: one line, or None."""
        if not self.ended:
            return None
        if self.failed is not None:  # could not start: worth saying even if a stop was asked for since
            return self.failed.message
        if self._stop_requested:
            return None
        if self.proc.error:
            return f"the server's event stream was malformed: {self.proc.error}"
        if self.stopped is not None and self.stopped.reason != "stopped":
            return f"the server loop ended: {self.stopped.reason}"
        code = self.proc.poll()
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"the server process was killed ({name})"
        if code:
            return f"the server process exited with status {code}"
        return "the server process ended"

    # -- the stream --------------------------------------------------------------------------------------
    def drain(self, max_items: int | None = None) -> list[Event]:
        batch = self.proc.drain(max_items)
        for e in batch:
            t = type(e)
            if t is ServerCounters:
                self.counters = e
            elif t is Listening:
                self.address = (e.host, e.port)
                self.backend_in_use = e.backend
                self.listener_fd = e.fd
            elif t is StartFailed:
                self.failed = e
            elif t is ServerStopped:
                self.stopped = e
            elif t is RecordState:
                self.record_state = e  # File > Record: how the process's own recording goes
        return batch

    def set_tracing(self, on: bool) -> None:
        self.proc.command("tracing", "1" if on else "0")

    def request_snapshot(self) -> None:
        self.proc.command("snapshot")

    # -- what the code pane shows ------------------------------------------------------------------------------
    def loop_source(self) -> tuple[str, int, dict[str, int]]:
        cls = ClassicSelectServer if self.style == "classic" else EchoServer
        return cls.loop_source()

    def __repr__(self) -> str:
        where = f"{self.address[0]}:{self.address[1]}" if self.address else "not listening"
        return f"<RemoteServer {self.style}/{self.backend} {where} pid={self.pid}>"
