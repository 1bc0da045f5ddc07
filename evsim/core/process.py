"""A producer in its own process, seen from its parent as an event stream and a command channel.

:class:`StreamProcess` starts ``python -m MODULE --stream-fd N ARGS`` with one end of a Unix socketpair
(reachable by nobody else) and keeps the other end, non-blocking.  Events arrive as stream frames
(:mod:`evsim.core.stream`); commands go back on the same socket.  Nothing here ever blocks the caller except
:meth:`StreamProcess.stop`, which waits at most its ``timeout`` for the child to exit before killing it: the
window calls it only while closing.

Reading is budgeted: :meth:`drain` decodes at most ``max_items`` events per call and leaves the rest in the
kernel's socket buffer, so a window that cannot keep up slows nobody down: the producer drops events, counts
them, and the count arrives in the stream (:attr:`dropped`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import deque

from evsim.core.events import Event
from evsim.core.stream import Command, Decoder, Dropped, Encoder, StreamError

__all__ = ["StreamProcess"]

#: Bytes read from the socket per drain() at most (about 20,000 events).
READ_BUDGET = 1 << 19


class StreamProcess:
    """One child process and its stream.  ``events`` in, :meth:`command` out; owned by whoever started it."""

    def __init__(self, module: str, args: list[str], *, env: dict[str, str] | None = None,
                 keep_stdin: bool = False) -> None:
        self.module = module
        self.keep_stdin = keep_stdin  #: the child reads our stdin (a watched program may read the terminal)
        self.args = list(args)
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self._decoder = Decoder()
        self._encoder = Encoder()
        self._out = bytearray()
        self._ready: deque[Event] = deque()
        self.emitted = 0       # events decoded so far
        self.dropped = 0       # events the producer dropped (from its Dropped frames)
        self.eof = False       # the child closed its end (exited, or about to)
        self.error: str | None = None  # the stream was malformed: one line

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Spawn the child (returns at once; its first events say whether it really started)."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            mine.setblocking(False)
            argv = [sys.executable, "-m", self.module, "--stream-fd", str(theirs.fileno()), *self.args]
            self.proc = subprocess.Popen(argv, pass_fds=(theirs.fileno(),),
                                         stdin=None if self.keep_stdin else subprocess.DEVNULL,
                                         env=self.env, close_fds=True)
        except BaseException:
            mine.close()
            raise
        finally:
            theirs.close()
        self.sock = mine
        self._out += self._encoder.header()
        self._flush_commands()

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def fileno(self) -> int:
        return self.sock.fileno() if self.sock is not None else -1

    def poll(self) -> int | None:
        """The child's exit status, or None while it runs (never waits)."""
        return self.proc.poll() if self.proc is not None else None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def request_stop(self) -> None:
        """Ask the child to stop (returns at once)."""
        self.command("stop")

    def stop(self, timeout: float = 0.4) -> int | None:
        """Ask the child to stop, wait up to ``timeout`` s, then kill it; close the socket.  Exit status."""
        proc = self.proc
        if proc is None:
            return None
        if proc.poll() is None:
            self.request_stop()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(1.0)
        self.close()
        return proc.returncode

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    # -- commands (window -> child) ------------------------------------------------------------------
    def command(self, name: str, arg: str = "") -> None:
        """Queue a command and send what the socket takes now (never blocks; the rest goes on drain())."""
        self._encoder.encode_into(self._out, Command(time.monotonic_ns(), name, arg))
        self._flush_commands()

    def _flush_commands(self) -> None:
        sock = self.sock
        while self._out and sock is not None:
            try:
                n = sock.send(self._out)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:  # the child is gone: nobody to tell
                self._out.clear()
                return
            del self._out[:n]

    # -- events (child -> window) ----------------------------------------------------------------------
    def drain(self, max_items: int | None = None) -> list[Event]:
        """The events that arrived, oldest first, at most ``max_items`` (reads within a byte budget)."""
        if self._out:
            self._flush_commands()
        ready = self._ready
        want = max_items if max_items is not None else 1 << 30
        budget = READ_BUDGET
        sock = self.sock
        while len(ready) < want and budget > 0 and sock is not None and not self.eof:
            try:
                data = sock.recv(min(budget, 1 << 16))
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                data = b""
            if not data:
                self.eof = True
                try:
                    self._decoder.eof()
                except StreamError as e:
                    self.error = str(e)
                break
            budget -= len(data)
            try:
                events = self._decoder.feed(data)
            except StreamError as e:
                self.error = str(e)
                self.eof = True
                break
            ready.extend(events)
        n = min(want, len(ready))
        out = [ready.popleft() for _ in range(n)]
        for e in out:
            if type(e) is Dropped:
                self.dropped += e.count
        self.emitted += n
        return out

    def __repr__(self) -> str:
        state = "running" if self.running else f"exited {self.poll()}" if self.proc else "not started"
        return f"<StreamProcess {self.module} pid={self.pid} {state} emitted={self.emitted} dropped={self.dropped}>"


def child_env() -> dict[str, str]:
    """The environment for a child: this one, with the package importable the way the parent imported it."""
    env = dict(os.environ)
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = env.get("PYTHONPATH", "")
    if here not in path.split(os.pathsep):
        env["PYTHONPATH"] = here + (os.pathsep + path if path else "")
    return env


class LoopRemote:
    """The handle side of a child whose loop can be stepped (the echo server, a watched program): its stream's
    counters and the loop commands.  Subclasses set ``self.proc`` (a :class:`StreamProcess`)."""

    proc: StreamProcess
    _stop_requested: bool

    def start(self) -> None:
        """Spawn the child (returns at once; its first events say whether it really started)."""
        self.proc.start()

    def request_stop(self) -> None:
        """Ask the child to stop; returns at once."""
        self._stop_requested = True
        self.proc.request_stop()

    @property
    def emitted(self) -> int:
        return self.proc.emitted

    @property
    def dropped(self) -> int:
        return self.proc.dropped

    def fileno(self) -> int:
        return self.proc.fileno()

    def set_step_mode(self, on: bool) -> None:
        self.proc.command("step_mode", "1" if on else "0")

    def step(self, n: int = 1) -> None:
        """Run to the next watched call (the classic server: the next ready socket)."""
        self.proc.command("step", str(n))

    def step_iteration(self) -> None:
        """Run until the next select() about to wait: step over one loop iteration."""
        self.proc.command("step_iteration")

    def resume(self) -> None:
        """Continue: leave step mode."""
        self.proc.command("continue")

    def set_delay_ms(self, ms: int) -> None:
        """Slow motion: sleep this long before each call (0: full speed)."""
        self.proc.command("delay_ms", str(int(ms)))
