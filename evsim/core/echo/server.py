"""The echo server: the textbook loop of :mod:`evsim.core.echo.loop` on a watched selector and watched sockets.

:class:`EchoServer` runs :class:`~evsim.core.echo.loop.EchoLoop` (the code the sockets lab's code pane shows)
and provides its plumbing:

* **the watch** (:mod:`evsim.core.watch`): with a sink, the selector and every socket the loop touches are
  wrapped, so each call (select and its ready set, accept, recv, send, register, modify, unregister, close) is
  reported with its line in the loop module, and a :class:`~evsim.core.watch.gate.Gate` can hold the loop
  before each call (Step, step over one iteration, slow motion).  Without a sink nothing is wrapped.
* **under the watch** (:class:`LoopSelector`, never reported): the waker ``stop()`` writes to, and the
  listener's re-arm after accept() ran out of descriptors (EMFILE: it rests ``ACCEPT_RETRY_S``);
* **the lifecycle events** the watch cannot know: Accepted (kept, vs Refused), ReadingPaused/Resumed and
  HalfClosed (from the sans-IO Connection's answers), Closed with its reason and totals;
* refusals (max connections, fd >= FD_SETSIZE with the select backend) and ``fail``: a bug in a handler costs
  that connection only, even when closing it fails too.
"""

from __future__ import annotations

import inspect
import os
import selectors
import socket
import time
from typing import Callable

from evsim.core.echo.base import (  # noqa: F401  (re-exported: the classic server and the tests import them here)
    ACCEPT_RETRY_S, BACKENDS, EVENT_READ, EVENT_WRITE, FD_SETSIZE, OUT_OF_RESOURCES, CLOSED, OPEN, ConnInfo,
    Received, Ready, Sent, ServerBase, ServerStats, backend_name, close_reason, format_peer, loop_source_of,
    set_nodelay,
)
from evsim.core.echo.connection import CLOSE, RESUME_READING, Connection
from evsim.core.echo.fast import FastLoop
from evsim.core.echo.events import Accepted, Closed, HalfClosed, ReadingPaused, ReadingResumed, Refused
from evsim.core.echo.loop import LOOP_METHODS, EchoLoop
from evsim.core.events import now_ns
from evsim.core.watch.gate import Gate
from evsim.core.watch.objects import Watch

__all__ = [
    "EchoServer", "ConnInfo", "ServerStats", "BACKENDS", "FD_SETSIZE", "ACCEPT_RETRY_S", "backend_name",
    "ServerBase", "LoopSelector", "ReportingConnection",
]

#: Each call the code pane's phase strip names, found in the loop's source text.
_PHASE_CALLS = {"select": "selector.select(", "accept": "listener.accept(", "read": "sock.recv(",
                "write": "sock.send("}


class ReportingConnection(Connection):
    """A Connection that reports its lifecycle answers (pause, resume, end of file) as events, and remembers
    how it ended ("normal": EOF with nothing left to echo; "half-close done": the rest echoed after EOF)."""

    __slots__ = ("emit", "reason", "raw")  # raw: the socket under the watch (the fused loop's recv and send)

    def data_received(self, data: bytes):
        actions = Connection.data_received(self, data)
        if actions and self.emit is not None:  # PAUSE_READING: the buffer passed the high watermark
            self.emit(ReadingPaused(now_ns(), self.fd, self.buffered))
        return actions

    def sent(self, n: int):
        actions = Connection.sent(self, n)
        if actions:
            if actions[0] is CLOSE:
                self.reason = "half-close done"
            elif actions[0] is RESUME_READING and self.emit is not None:
                self.emit(ReadingResumed(now_ns(), self.fd, self.buffered))
        return actions

    def eof_received(self):
        actions = Connection.eof_received(self)
        if self.emit is not None:
            self.emit(HalfClosed(now_ns(), self.fd, self.buffered))
        return actions


class LoopSelector:
    """The selector under the watch: hides the waker and re-arms a resting listener (plumbing, not reported).
    The textbook loop's; the fused loop (:mod:`evsim.core.echo.fast`) does the same in its own select().

    ``select()`` waits no longer than the listener's rest, drains the waker when ``stop()`` (or a snapshot
    request) wrote to it and leaves it out of the ready list."""

    def __init__(self, inner: selectors.BaseSelector, server: "EchoServer") -> None:
        self.inner = inner
        self._inner_select = inner.select
        self._server = server
        self._waker = server._waker_r
        inner.register(self._waker, EVENT_READ, self)  # data is this object: the waker's key

    def select(self, timeout: float | None = None):
        """Like the selector's: returns when something is ready, ``timeout`` passed, or stop() woke it up.
        The waits the plumbing cuts short (the listener's rest, the child's stream service) are retried here,
        so the loop's select() is one call, reported once."""
        server, inner = self._server, self._inner_select
        if timeout is None and server._rearm_at is None:  # the loop's usual call: the short path
            ready = inner(None)
            while not ready and server._rearm_at is None:  # the stream service cut the wait short
                ready = inner(None)
            for key, _ in ready:
                if key.data is self:
                    server._drain_waker()
                    return [kv for kv in ready if kv[0].data is not self]
            if ready:
                return ready
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = timeout
            rearm = server._rearm_at
            if rearm is not None:
                left = max(0.0, rearm - time.monotonic())
                wait = left if wait is None else min(wait, left)
            ready = inner(wait)
            if rearm is not None and time.monotonic() >= rearm:
                server._resume_listener()
            for key, _ in ready:
                if key.data is self:  # woken (stop, a snapshot): drop the waker's key
                    server._drain_waker()
                    return [kv for kv in ready if kv[0].data is not self]
            if ready or (deadline is not None and time.monotonic() >= deadline):
                return ready
            if deadline is not None:
                timeout = max(0.0, deadline - time.monotonic())

    def __getattr__(self, name: str):  # register, modify, unregister, get_key, get_map, close
        return getattr(self.inner, name)


class _UntilFullSpeed:
    """The textbook loop's ``stopping`` while a fused loop can take over: set when the server stops, and
    also as soon as the gate lets go (no Step, no slow motion), so that the loop goes back to full speed."""

    __slots__ = ("_stopping", "_gate")

    def __init__(self, stopping, gate: Gate) -> None:
        self._stopping, self._gate = stopping, gate

    def is_set(self) -> bool:
        return self._stopping.is_set() or not self._gate.active


class EchoServer(EchoLoop, FastLoop, ServerBase):
    """An echo server on a ``selectors`` selector (``backend``: default, select, poll or epoll).

    ``start()`` binds and listens at once (raising OSError if the port is taken), then runs the loop in a
    thread; ``stop()`` ends it within a second, closing every socket.  ``serve_forever()`` runs the loop in
    the calling thread instead.  Events go to ``sink``; ``gate`` (a :class:`Gate`) steps or slows the loop.

    With a sink that takes frames (``emit_frames``: the event stream, a recording) and ``fused`` true, the loop
    runs at full speed as :meth:`~evsim.core.echo.fast.FastLoop.serve_fast` (the same calls and events) while
    the gate is not active, and as the textbook :meth:`serve` on the watch while it is.
    """

    style = "selectors"
    LOOP_METHODS = LOOP_METHODS

    def __init__(self, *args, gate: Gate | None = None, fused: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: Run the fused loop while nobody steps (False: always the textbook loop on the watch).
        self.fused = fused
        if gate is None and isinstance(self.control, Gate):
            gate = self.control
        self.gate = gate
        if gate is not None and gate.emit is None and self._emit is not None:
            gate.emit = self._emit
        self.selector = None  # what the loop calls: the watched selector (or the LoopSelector without a sink)
        self.watch: Watch | None = None
        self.stopping = self._stopping
        self._selector: selectors.BaseSelector | None = None  # the real one (or the child's wrapper of it)
        self._inner: LoopSelector | None = None
        self._listener_obj = None  # the listener as the loop sees it (watched with a sink)
        self._conns: dict[object, ReportingConnection] = {}
        self._rearm_at: float | None = None  # when to re-register a resting listener (monotonic seconds)
        self._raw_selector: selectors.BaseSelector | None = None  # the selectors one itself (the fused loop's)
        #: Serves the event stream (the server process sets its pump's ``service``): the fused loop calls it at
        #: most every ``stream_service_interval`` seconds, and when woken; it returns how long the loop may wait
        #: before calling it again (None: until more events).  None: frames go to the sink at every iteration.
        self.stream_service: Callable[[], float | None] | None = None
        self.stream_service_interval = 0.005

    # -- plumbing: setup and teardown ----------------------------------------------------------------------------
    def _setup_loop(self, listener: socket.socket) -> None:
        self._conns = {}
        self._rearm_at = None
        sel = self._raw_selector = self._selector_class()()
        if self.wrap_selector is not None:
            sel = self.wrap_selector(sel)
        self._selector = sel
        self._inner = LoopSelector(sel, self)
        if self._emit is not None:
            self.watch = Watch(self._emit, self.gate)
            self.selector = self.watch.selector(self._inner)
            self._listener_obj = self.watch.socket(listener)
        else:
            self.watch, self.selector, self._listener_obj = None, self._inner, listener
        self._inner.register(self._listener_obj, EVENT_READ, None)  # data None: the listener

    def _teardown_loop(self) -> None:
        if self._selector is not None:
            self._selector.close()
            self._selector = None
        self._inner = self.selector = self._raw_selector = None

    def _loop(self) -> None:
        gate = self.gate
        if gate is not None:
            gate.reset()
        if not (self.fused and self.watch is not None and hasattr(self.sink, "emit_frames")):
            self.stopping = self._stopping
            return self.serve()
        # full speed while the gate is not active; the textbook loop, held at each call, while it is
        self.stopping = self._stopping if gate is None else _UntilFullSpeed(self._stopping, gate)
        while not self._stopping.is_set():
            self.serve_fast(self.sink)
            if gate is not None and not self._stopping.is_set():
                self.serve()

    def stop(self, timeout: float = 1.0) -> None:
        if self.gate is not None:
            self.gate.release()  # a held loop goes on, to see that it must stop
        super().stop(timeout)

    def _open_connections(self):
        return self._conns.values()

    # -- plumbing the loop calls -----------------------------------------------------------------------------------
    def refused(self, sock, addr) -> bool:
        """Over the connection cap, or an fd select() cannot watch: close it at once (True)."""
        fd = sock.fileno()
        reason = self._refuse_reason(fd, len(self._conns))
        if not reason:
            return False
        _real(sock).close()
        self._refused += 1
        if self._emit is not None:
            self._emit(Refused(now_ns(), fd, format_peer(addr), reason))
        return True

    def connection(self, sock, addr) -> ReportingConnection:
        """The new connection's echo state (and TCP_NODELAY, the counters, the Accepted event)."""
        fd, peer = sock.fileno(), format_peer(addr)
        set_nodelay(_real(sock))
        conn = ReportingConnection(self.high_water, self.low_water, fd, peer)
        conn.emit, conn.reason, conn.raw = self._emit, "normal", _real(sock)
        conn.interest = EVENT_READ
        self._track(self._conns, sock, conn)  # (with the counters stats() reports)
        if self._emit is not None:
            self._emit(Accepted(now_ns(), fd, peer))
        return conn

    def closed(self, sock, conn: ReportingConnection, error: OSError | str | None) -> None:
        """After close(): out of the table, the Closed event (``error``: what ended it, if not the peer)."""
        self._untrack(self._conns, sock)
        conn.closed()
        reason = close_reason(error) if isinstance(error, OSError) else (error or conn.reason)
        if self._emit is not None:
            self._emit(Closed(now_ns(), conn.fd, reason, conn.bytes_in, conn.bytes_out))

    def fail(self, sock, conn, exc: Exception) -> None:
        """An unexpected error while handling a connection: report it and close that connection only.

        If closing it fails too, each step of the close is tried on its own, so the connection is still
        unregistered, closed and reported (a socket left open would hang its client)."""
        fd = conn.fd if isinstance(conn, Connection) else _fd(sock)
        self._error(fd, f"{type(exc).__name__}: {exc}")
        if not (isinstance(conn, Connection) and sock in self._conns):
            return
        try:
            return self.close(sock, conn, "error")
        except Exception as e:
            self._error(fd, f"closing the connection failed too: {type(e).__name__}: {e}")
        try:
            self._inner.unregister(sock)
        except Exception:  # (already unregistered by the close that failed)
            pass
        if sock in self._conns:  # (checked: _untrack must not fail half-way through the stats() update)
            self._untrack(self._conns, sock)
        _real(sock).close()
        conn.closed()
        if self._emit is not None:
            self._emit(Closed(now_ns(), fd, "error", conn.bytes_in, conn.bytes_out))

    def pause_listener(self, exc: OSError) -> None:
        """accept() failed (EMFILE...): the listener stays "ready", so stop watching it for a while."""
        self._inner.unregister(self._listener_obj)
        self._rearm_at = time.monotonic() + ACCEPT_RETRY_S
        self._pause_listener_event(exc)

    def _resume_listener(self) -> None:
        self._rearm_at = None
        self._inner.register(self._listener_obj, EVENT_READ, None)
        self._resume_listener_event()

    def _close_all(self) -> None:
        if self.gate is not None:
            self.gate.release()  # (the loop may have failed in step mode: these closes must not be held)
        for sock, conn in list(self._conns.items()):
            try:
                self.close(sock, conn, "server stopped")
            except Exception:
                _real(sock).close()
        self._conns.clear()
        self._teardown_loop()

    @classmethod
    def loop_file(cls) -> str:
        """The absolute path of the loop's module (watch events name it in their SourceFile)."""
        return LOOP_FILE


def _real(sock):
    """The socket itself under a watched one (plumbing calls are not the loop's: not reported, never held)."""
    return getattr(sock, "sock", sock) if not isinstance(sock, socket.socket) else sock


def _fd(sock) -> int:
    try:
        return sock.fileno()
    except (AttributeError, OSError, ValueError):
        return -1


def _loop_source() -> tuple[str, int, dict[str, int]]:
    text, first, _ = loop_source_of(EchoLoop, LOOP_METHODS)
    phases: dict[str, int] = {}
    for i, line in enumerate(text.splitlines()):
        for phase, call in _PHASE_CALLS.items():
            if call in line and phase not in phases:
                phases[phase] = first + i
    return text, first, phases


EchoServer._LOOP_SOURCE = _loop_source()
LOOP_FILE = os.path.abspath(inspect.getsourcefile(EchoLoop) or "")
