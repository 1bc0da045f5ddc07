"""The echo server: one ``selectors`` loop, in its own thread or in the foreground.

The loop (``EchoServer._loop`` and the three handlers below it) is what the sockets lab shows in its code
pane, so it is kept short and close to CPython's ``Lib/asyncio/selector_events.py``:

* wait for readiness with ``selector.select(timeout)``;
* the listening socket is readable -> ``accept`` (at most ``backlog`` per wake-up; EMFILE/ENFILE pause the
  listener for 100 ms instead of spinning);
* a connection is readable -> ``recv``, queue the bytes in its :class:`~evsim.core.echo.connection.Connection`
  and try to send them back at once; whatever the kernel does not take waits for EVENT_WRITE;
* a connection is writable -> ``send`` more of its buffer.

Back-pressure, half-close and the other rules live in the sans-IO ``Connection``; the loop only moves bytes
and updates each socket's registration.  Every step is reported as an event of
:mod:`evsim.core.echo.events` into ``sink`` (never waiting for whoever reads them).
"""

from __future__ import annotations

import selectors
import socket
import time

from evsim.core.echo.base import (  # noqa: F401  (re-exported: the classic server and the tests import them here)
    ACCEPT_RETRY_S, BACKENDS, EVENT_READ, EVENT_WRITE, FD_SETSIZE, OUT_OF_RESOURCES, CLOSED, OPEN, ConnInfo,
    Received, Ready, Sent, ServerBase, ServerStats, backend_name, close_reason, format_peer, loop_source_of,
    set_nodelay,
)
from evsim.core.echo.connection import CLOSE, RESUME_READING, Connection
from evsim.core.echo.events import Accepted, Closed, HalfClosed, ReadingPaused, ReadingResumed
from evsim.core.events import now_ns

__all__ = [
    "EchoServer", "ConnInfo", "ServerStats", "BACKENDS", "FD_SETSIZE", "ACCEPT_RETRY_S", "backend_name",
    "ServerBase",
]


class EchoServer(ServerBase):
    """An echo server on a ``selectors`` selector (``backend``: default, select, poll or epoll).

    ``start()`` binds and listens at once (raising OSError if the port is taken), then runs the loop in a
    thread; ``stop()`` ends it within a second, closing every socket.  ``serve_forever()`` runs the loop in
    the calling thread instead.  Events go to ``sink``; ``control`` (a LoopControl) can slow the loop down or
    single-step it.
    """

    style = "selectors"
    LOOP_METHODS = ("_loop", "_accept", "_read", "_write")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._selector: selectors.BaseSelector | None = None
        self._conns: dict[socket.socket, Connection] = {}
        self._rearm_at: float | None = None  # when to re-register a paused listener (monotonic seconds)

    def _setup_loop(self, listener: socket.socket) -> None:
        self._conns = {}
        self._rearm_at = None
        self._selector = self._selector_class()()
        if self.wrap_selector is not None:
            self._selector = self.wrap_selector(self._selector)
        self._selector.register(listener, EVENT_READ, None)  # data None: the listener
        self._selector.register(self._waker_r, EVENT_READ, self._waker_r)  # data is itself: the waker

    def _teardown_loop(self) -> None:
        if self._selector is not None:
            self._selector.close()
            self._selector = None

    def _open_connections(self):
        return self._conns.values()

    # ------------------------------------------------------------------------------------------------
    # The loop.  Everything from here to the end of _write() is shown in the sockets lab's code pane.
    # ------------------------------------------------------------------------------------------------
    def _loop(self) -> None:
        """Wait until sockets are ready, then handle each one; never block anywhere else."""
        selector, listener, waker = self._selector, self._listener, self._waker_r
        stopping, control, emit = self._stopping, self._control, self._emit
        while not stopping.is_set():
            timeout = None if self._rearm_at is None else max(0.0, self._rearm_at - time.monotonic())
            if control.tracing:
                self._trace("select")
            ready = selector.select(timeout)  # phase: select
            t = now_ns()  # when select() returned: the time of every Ready of this round
            if self._rearm_at is not None and time.monotonic() >= self._rearm_at:
                self._resume_listener()
            for key, mask in ready:
                conn = key.data  # the socket's Connection (None: the listener)
                if conn is waker:  # stop() wrote a byte to wake us up
                    self._drain_waker()
                    continue
                if control.active:  # slow motion or single-step, driven from the GUI
                    control.before_dispatch(stopping)
                    if stopping.is_set():
                        break
                if emit:
                    emit(Ready(t, key.fd, mask))
                try:
                    if conn is None:
                        self._accept(listener)
                    else:
                        if mask & EVENT_READ:
                            self._read(key.fileobj, conn)
                        if mask & EVENT_WRITE and conn.state is not CLOSED:
                            self._write(key.fileobj, conn)
                except Exception as e:  # a bug must cost one connection, not the server
                    self._fail(key, e)

    def _accept(self, listener: socket.socket) -> None:
        """Accept the waiting connections (at most ``backlog`` per wake-up, like asyncio)."""
        for _ in range(self.backlog):
            if self._control.tracing:
                self._trace("accept")
            try:
                sock, addr = listener.accept()  # phase: accept
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                return  # nobody else is waiting
            except OSError as e:  # EMFILE, ENFILE...: the listener stays "ready", so stop watching it a while
                self._pause_listener(e)
                return
            fd, peer = sock.fileno(), format_peer(addr)
            reason = self._refuse_reason(fd, len(self._conns))
            if reason:  # over the cap, or an fd select() cannot watch: accept and close at once
                self._refuse(sock, fd, peer, reason)
                continue
            sock.setblocking(False)
            set_nodelay(sock)
            conn = Connection(self.high_water, self.low_water, fd, peer)
            conn.interest = EVENT_READ
            self._selector.register(sock, EVENT_READ, conn)
            self._track(self._conns, sock, conn)  # (with the counters stats() reports)
            if self._emit:
                self._emit(Accepted(now_ns(), fd, peer))

    def _read(self, sock: socket.socket, conn: Connection) -> None:
        """The socket is readable: recv, queue the bytes, and try to echo them at once."""
        emit = self._emit
        if self._control.tracing:
            self._trace("read")
        try:
            data = sock.recv(self.recv_size)  # phase: read
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:  # ECONNRESET...: this connection only
            return self._close(sock, conn, close_reason(e))
        if data:
            if emit:
                emit(Received(now_ns(), conn.fd, len(data)))
            if conn.data_received(data) and emit:  # PAUSE_READING: the buffer passed the high watermark
                emit(ReadingPaused(now_ns(), conn.fd, conn.buffered))
            self._write(sock, conn)  # echo at once; what the kernel does not take waits for EVENT_WRITE
        else:  # b'': the peer shut down its write side; what we hold is still echoed
            conn.eof_received()
            if emit:
                emit(HalfClosed(now_ns(), conn.fd, conn.buffered))
            if conn.is_done:
                return self._close(sock, conn, "normal")
            self._update(sock, conn)

    def _write(self, sock: socket.socket, conn: Connection) -> None:
        """Send as much of the buffer as the kernel takes; keep the rest for the next EVENT_WRITE."""
        emit = self._emit
        while conn.buffered:
            data = conn.data_to_send()
            if self._control.tracing:
                self._trace("write")
            try:
                n = sock.send(data)  # phase: write
            except (BlockingIOError, InterruptedError):
                break  # the kernel's send buffer is full
            except OSError as e:  # EPIPE, ECONNRESET: this connection only
                return self._close(sock, conn, close_reason(e))
            actions = conn.sent(n)
            if emit:
                emit(Sent(now_ns(), conn.fd, n, n < len(data), conn.buffered))
            if actions:
                if actions[0] is CLOSE:  # half-closed and everything echoed
                    return self._close(sock, conn, "half-close done")
                if actions[0] is RESUME_READING and emit:
                    emit(ReadingResumed(now_ns(), conn.fd, conn.buffered))
            if n < len(data):
                break
        if conn.buffered or conn.state is not OPEN or conn.interest != EVENT_READ:
            self._update(sock, conn)  # (the usual case, all sent and still reading, needs no change)

    # ------------------------------------------------------------------------------------------------
    # End of the loop source.
    # ------------------------------------------------------------------------------------------------
    def _update(self, sock: socket.socket, conn: Connection) -> None:
        """Register for what the connection wants: EVENT_READ unless paused, EVENT_WRITE while buffered."""
        events = (EVENT_READ if conn.state is OPEN else 0) | (EVENT_WRITE if conn.buffered else 0)
        if not events:  # (cannot happen: paused or half-closed means bytes to send) nothing to wait for
            return self._close(sock, conn, "normal")
        if events != conn.interest:
            conn.interest = events
            self._selector.modify(sock, events, conn)

    def _close(self, sock: socket.socket, conn: Connection, reason: str) -> None:
        fd = conn.fd
        self._selector.unregister(sock)
        self._untrack(self._conns, sock)
        sock.close()
        conn.closed()
        if self._emit:
            self._emit(Closed(now_ns(), fd, reason, conn.bytes_in, conn.bytes_out))

    def _fail(self, key: selectors.SelectorKey, exc: Exception) -> None:
        """An unexpected error while handling a connection: report it and close that connection only.

        If closing it fails too, each step of the close is tried on its own, so the connection is still
        unregistered, closed and reported (a socket left open would hang its client)."""
        conn, sock = key.data, key.fileobj
        fd = conn.fd if isinstance(conn, Connection) else key.fd
        self._error(fd, f"{type(exc).__name__}: {exc}")
        if not (isinstance(conn, Connection) and sock in self._conns):
            return
        try:
            return self._close(sock, conn, "error")
        except Exception as e:
            self._error(fd, f"closing the connection failed too: {type(e).__name__}: {e}")
        try:
            self._selector.unregister(sock)
        except Exception:  # (already unregistered by the close that failed)
            pass
        if sock in self._conns:  # (checked: _untrack must not fail half-way through the stats() update)
            self._untrack(self._conns, sock)
        sock.close()
        conn.closed()
        if self._emit:
            self._emit(Closed(now_ns(), fd, "error", conn.bytes_in, conn.bytes_out))

    def _pause_listener(self, exc: OSError) -> None:
        self._selector.unregister(self._listener)
        self._rearm_at = time.monotonic() + ACCEPT_RETRY_S
        self._pause_listener_event(exc)

    def _resume_listener(self) -> None:
        self._rearm_at = None
        self._selector.register(self._listener, EVENT_READ, None)
        self._resume_listener_event()

    def _close_all(self) -> None:
        for sock, conn in list(self._conns.items()):
            try:
                self._close(sock, conn, "server stopped")
            except Exception:
                sock.close()
        self._conns.clear()
        self._teardown_loop()


EchoServer._LOOP_SOURCE = loop_source_of(EchoServer, EchoServer.LOOP_METHODS)
