"""The clicks lab's processes, owned in one place: a process per design, one for the auto-clicker.

:class:`ClicksRig` builds the shared hardware (registers in shared memory, the queue pipe), starts
:func:`~evsim.core.clicks.child.design_main` for each design and
:func:`~evsim.core.clicks.child.clicker_main` with the ``spawn`` start method (a fresh interpreter: no GIL,
no Qt state and no threads inherited from the window), and relays commands.  Events come back on one pipe per
process; the owner reads them without blocking (:meth:`read`), from a thread (``evsim clicks``) or from a
QSocketNotifier (the window).  ``press`` is the window's own input: it stamps, latches and enqueues the click
in the calling process.  :meth:`shutdown` stops the clicker first (so no click arrives after the designs
stopped), then the designs, and joins every process (killing one that does not stop).
"""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import sys
from contextlib import contextmanager
from typing import Any, Iterator, Iterable

from evsim.core.clicks.child import clicker_main, design_main
from evsim.core.clicks.device import Click
from evsim.core.clicks.events import DESIGNS, EVENTLOOP, POLLING
from evsim.core.clicks.hardware import QUEUE_BYTES, HardwareTargets, SharedBank
from evsim.core.clicks.inputs import ClickSource
from evsim.core.clicks.wire import LineReader
from evsim.core.events import Sink

__all__ = ["ClicksRig", "CLICKER"]

CLICKER = "clicker"
_CTX = multiprocessing.get_context("spawn")


@contextmanager
def _main_for_spawn() -> Iterator[None]:
    """The children need nothing from the parent's main script, but ``spawn`` re-runs it by path; a script read
    from stdin (``python -``) has no such path and every child would die.  Hide a path that does not exist."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or getattr(main, "__spec__", None) is not None or path is None or os.path.exists(path):
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


class _Child:
    def __init__(self, name: str, proc: Any, cmd: Any, ev: Any, sink: Sink) -> None:
        self.name, self.proc, self.cmd, self.ev = name, proc, cmd, ev
        self.pid: int | None = proc.pid
        self.reader = LineReader(sink, name)
        self.open = True

    def send(self, obj: dict) -> None:
        try:  # our own framing on the Connection's fd: one JSON line
            os.write(self.cmd.fileno(), (json.dumps(obj) + "\n").encode())
        except (OSError, ValueError):  # the child is gone: nothing to tell it
            pass


class ClicksRig:
    """``designs``: which of POLLING / EVENTLOOP run.  ``poller`` and ``loop``: their constructor settings.
    ``sink`` receives every event, from the children and from :meth:`press`."""

    def __init__(self, sink: Sink, designs: Iterable[str] = DESIGNS, *, poller: dict | None = None,
                 loop: dict | None = None, rate_hz: float = 0.0, burst: int = 1) -> None:
        self.designs = tuple(d for d in DESIGNS if d in tuple(designs))
        self.sink = sink
        self._poller = dict(poller or {})
        self._loop = dict(loop or {})
        self._clicker = (float(rate_hz), int(burst))
        self.bank = SharedBank.create(_CTX, int(self._poller.get("devices", 1)))
        self._queue = _CTX.Pipe(duplex=False) if EVENTLOOP in self.designs else None
        if self._queue is not None:
            try:
                fcntl.fcntl(self._queue[1].fileno(), fcntl.F_SETPIPE_SZ, QUEUE_BYTES)
            except OSError:  # a lower /proc/sys/fs/pipe-max-size: keep the default 64 KiB
                pass
        self.children: dict[str, _Child] = {}
        self._targets: HardwareTargets | None = None
        self.source: ClickSource | None = None
        self._started = self._closed = False

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start every process (returns once they are spawned, before they are ready)."""
        if self._started or self._closed:
            return
        self._started = True
        q = self._queue
        try:
            for design in self.designs:
                settings = self._poller if design == POLLING else self._loop
                args = (design, settings, self.bank.args, q if design == EVENTLOOP else (), )
                self._spawn(design, design_main, args)
            self._spawn(CLICKER, clicker_main, (self.bank.args, POLLING in self.designs,
                                                q[1] if q is not None else None, *self._clicker))
        except BaseException:
            self.shutdown()
            raise
        if q is not None:
            q[0].close()  # only the loop reads the queue
        self._targets = HardwareTargets(self.sink, self.bank if POLLING in self.designs else None,
                                        q[1].fileno() if q is not None else None)
        self.source = ClickSource(self.sink, [self._targets], ids=self.bank.next_id)

    def _spawn(self, name: str, target: Any, args: tuple) -> None:
        cmd_r, cmd_w = _CTX.Pipe(duplex=False)
        ev_r, ev_w = _CTX.Pipe(duplex=False)
        proc = _CTX.Process(target=target, args=(*args, cmd_r, ev_w), name=f"evsim-clicks-{name}", daemon=True)
        try:
            with _main_for_spawn():
                proc.start()
        finally:
            cmd_r.close()  # the child's ends: closed here so each side sees the other's end of input
            ev_w.close()
        os.set_blocking(ev_r.fileno(), False)
        self.children[name] = _Child(name, proc, cmd_w, ev_r, self.sink)

    @property
    def pids(self) -> dict[str, int | None]:
        return {name: c.pid for name, c in self.children.items()}

    @property
    def running(self) -> bool:
        return self._started and not self._closed

    def event_fds(self) -> dict[str, int]:
        """The open event pipes (name -> fd), to watch for readability."""
        return {name: c.ev.fileno() for name, c in self.children.items() if c.open}

    def read(self, name: str, max_bytes: int = 65536) -> bool:
        """Decode what child ``name`` has written, at most ``max_bytes`` (never blocks).  False once its stream
        has ended (end of input, or a bad line: ``errors()``)."""
        c = self.children.get(name)
        if c is None or not c.open:
            return False
        try:
            data = os.read(c.ev.fileno(), max_bytes)
        except BlockingIOError:
            return True
        except OSError:
            data = b""
        if not data or not c.reader.feed(data):
            c.open = False
            c.ev.close()
            return False
        return True

    def errors(self) -> list[str]:
        return [c.reader.error for c in self.children.values() if c.reader.error]

    # ------------------------------------------------------------------ commands
    def press(self, kind: str = "click", label: str = "", t_ns: int | None = None) -> Click | None:
        """The window's own input: stamp it (or take ``t_ns``), latch and enqueue it, from this process."""
        if self.source is None or self._closed:
            return None
        return self.source.press(kind, label, t_ns=t_ns)

    def configure(self, design: str, **settings: Any) -> None:
        """Send new settings to a design (validated there; a bad value changes nothing)."""
        c = self.children.get(design)
        if c is not None:
            c.send({"configure": settings})

    def configure_clicker(self, rate_hz: float | None = None, burst: int | None = None) -> None:
        self.configure(CLICKER, rate_hz=rate_hz, burst=burst)

    def measure_from_now(self) -> None:
        """Restart every design's CPU meter (the start of a measured run)."""
        for d in self.designs:
            c = self.children.get(d)
            if c is not None:
                c.send({"measure": True})

    # ------------------------------------------------------------------ stopping
    def _stop(self, names: Iterable[str], timeout: float) -> bool:
        ok = True
        for name in names:
            c = self.children.get(name)
            if c is not None:
                c.send({"stop": True})
                c.cmd.close()
        for name in names:
            c = self.children.get(name)
            if c is None:
                continue
            c.proc.join(timeout)
            if c.proc.is_alive():  # stuck: it must not outlive us
                ok = False
                c.proc.kill()
                c.proc.join(2.0)
        return ok

    def stop_clicker(self, timeout: float = 10.0) -> bool:
        """Stop and join the auto-clicker's process (its last event says how many clicks it made)."""
        c = self.children.get(CLICKER)
        if c is None or c.cmd.closed:
            return True
        return self._stop([CLICKER], timeout)

    def shutdown(self, timeout: float = 10.0) -> bool:
        """Stop the clicker, then the designs, and join every process.  Idempotent; True if all stopped by
        themselves.  Events still unread stay in the pipes (read them with :meth:`read` until it is False)."""
        if self._closed:
            return True
        self._closed = True
        ok = self.stop_clicker(timeout)
        ok = self._stop([d for d in self.designs if d in self.children and not self.children[d].cmd.closed],
                        timeout) and ok
        if self._queue is not None:
            for end in self._queue:
                end.close()
        for c in self.children.values():
            if not c.proc.is_alive():
                c.proc.close()  # its sentinel fd
        return ok

    def close_streams(self) -> None:
        """Close the event pipes (after :meth:`shutdown`, when nobody will read what is left)."""
        for c in self.children.values():
            if c.open:
                c.open = False
                c.ev.close()
