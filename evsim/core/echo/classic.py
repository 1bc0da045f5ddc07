"""The textbook echo server: ``select.select(inputs, outputs, exceptional, timeout)`` and a message queue per
connection, in the style of the PyMOTW ``select`` echo server, made robust.

Where :class:`~evsim.core.echo.server.EchoServer` registers interest with a selector, this server keeps the
interest in two plain lists handed to ``select.select`` on every turn:

* ``inputs``: sockets to read from (the listener, and connections whose reading is not paused);
* ``outputs``: sockets with bytes waiting in their message queue.

Each connection's message queue is a ``deque`` of the chunks received and not yet echoed (a deque rather than
``queue.Queue`` because a partial send must put the unsent tail back at the front).  The robustness rules are
the same as EchoServer's: partial sends, bounded memory (a connection whose queue passes the high watermark
leaves ``inputs`` until it drains below the low watermark), half-close, resets, EMFILE, max_connections and
descriptors >= FD_SETSIZE (which ``select`` cannot watch) refused.
"""

from __future__ import annotations

import select
import socket
import time
from collections import deque

from evsim.core.echo.events import Accepted, Closed, HalfClosed, ReadingPaused, ReadingResumed
from evsim.core.echo.server import (  # Ready, Received, Sent: deferred records of those events
    ACCEPT_RETRY_S, Ready, Received, Sent, ServerBase, close_reason, format_peer, loop_source_of, set_nodelay,
)
from evsim.core.events import now_ns

__all__ = ["ClassicSelectServer"]

EVENT_READ, EVENT_WRITE = 1, 2


class _Peer:
    """Counters and state of one connection (what connections_snapshot reports)."""

    __slots__ = ("fd", "peer", "bytes_in", "bytes_out", "buffered", "state", "closed")

    def __init__(self, fd: int, peer: str) -> None:
        self.fd = fd
        self.peer = peer
        self.bytes_in = 0
        self.bytes_out = 0
        self.buffered = 0  # bytes in the message queue
        self.state = "open"  # open, reading paused, half-closed, closed
        self.closed = False


class ClassicSelectServer(ServerBase):
    """Same constructor and interface as EchoServer; ``backend`` is ignored (always ``select.select``)."""

    style = "classic"
    LOOP_METHODS = ("_loop", "_accept", "_read", "_write")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.backend = "select"
        self._inputs: list[socket.socket] = []
        self._outputs: list[socket.socket] = []
        self._queues: dict[socket.socket, deque] = {}
        self._peers: dict[socket.socket, _Peer] = {}
        self._rearm_at: float | None = None

    def _setup_loop(self, listener: socket.socket) -> None:
        self._inputs = [listener, self._waker_r]
        self._outputs = []
        self._queues = {}
        self._peers = {}
        self._rearm_at = None

    def _open_connections(self):
        return self._peers.values()

    # ------------------------------------------------------------------------------------------------
    # The loop.  Everything from here to the end of _write() is shown in the sockets lab's code pane.
    # ------------------------------------------------------------------------------------------------
    def _loop(self) -> None:
        """select() tells which sockets are readable/writable; handle each, then ask again."""
        listener, waker, stopping = self._listener, self._waker_r, self._stopping
        inputs, outputs, queues = self._inputs, self._outputs, self._queues
        while not stopping.is_set():
            timeout = None if self._rearm_at is None else max(0.0, self._rearm_at - time.monotonic())
            if self._control.tracing:
                self._trace("select")
            readable, writable, exceptional = select.select(inputs, outputs, inputs, timeout)  # phase: select
            t = now_ns()
            if self._rearm_at is not None and time.monotonic() >= self._rearm_at:
                self._resume_listener()
            for s in readable:
                if s is waker:  # stop() wrote a byte to wake us up
                    self._drain_waker()
                elif not self._dispatching(s, EVENT_READ, t):
                    break
                elif s is listener:
                    self._accept(listener)
                elif s in queues:
                    try:
                        self._read(s)
                    except Exception as e:  # a bug must cost one connection, not the server
                        self._fail(s, e)
            if stopping.is_set():
                break
            for s in writable:
                if s in queues and self._dispatching(s, EVENT_WRITE, t):
                    try:
                        self._write(s)
                    except Exception as e:
                        self._fail(s, e)
            for s in exceptional:  # out-of-band data: the textbook closes the connection
                if s in queues:
                    self._error(self._peers[s].fd, "exceptional condition (out-of-band data)")
                    self._close(s, "error")

    def _accept(self, listener: socket.socket) -> None:
        for _ in range(self.backlog):
            if self._control.tracing:
                self._trace("accept")
            try:
                conn, addr = listener.accept()  # phase: accept
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                return  # nobody else is waiting
            except OSError as e:  # EMFILE...: the listener stays readable, so leave it out of inputs a while
                self._pause_listener(e)
                return
            fd, peer = conn.fileno(), format_peer(addr)
            reason = self._refuse_reason(fd, len(self._peers))
            if reason:
                self._refuse(conn, fd, peer, reason)
                continue
            conn.setblocking(False)
            set_nodelay(conn)
            self._inputs.append(conn)
            self._queues[conn] = deque()  # this connection's message queue
            self._track(self._peers, conn, _Peer(fd, peer))  # (with the counters stats() reports)
            if self._emit:
                self._emit(Accepted(now_ns(), fd, peer))

    def _read(self, s: socket.socket) -> None:
        p, emit = self._peers[s], self._emit
        if self._control.tracing:
            self._trace("read")
        try:
            data = s.recv(self.recv_size)  # phase: read
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:
            return self._close(s, close_reason(e))
        if data:  # queue it for echo and ask select() for writability
            queue = self._queues[s]
            if len(data) >= 4096 or len(queue) < 2:
                queue.append(data)
            elif type(queue[-1]) is bytearray and len(queue[-1]) < 65536:
                queue[-1] += data  # small pieces share one buffer (never the head, which may be viewed)
            else:
                queue.append(bytearray(data))
            p.bytes_in += len(data)
            p.buffered += len(data)
            if emit:
                emit(Received(now_ns(), p.fd, len(data)))
            if s not in self._outputs:
                self._outputs.append(s)
            if p.buffered > self.high_water:  # back-pressure: stop reading until the queue drains
                self._inputs.remove(s)
                p.state = "reading paused"
                if emit:
                    emit(ReadingPaused(now_ns(), p.fd, p.buffered))
        else:  # b'': the peer has shut down its side; echo what is queued, then close
            self._inputs.remove(s)
            if emit:
                emit(HalfClosed(now_ns(), p.fd, p.buffered))
            if not p.buffered:
                return self._close(s, "normal")
            p.state = "half-closed"

    def _write(self, s: socket.socket) -> None:
        p, queue, emit = self._peers[s], self._queues[s], self._emit
        msg = queue.popleft()
        if self._control.tracing:
            self._trace("write")
        try:
            n = s.send(msg)  # phase: write
        except (BlockingIOError, InterruptedError):
            n = 0
        except OSError as e:
            return self._close(s, close_reason(e))
        if n < len(msg):  # partial send: the unsent tail goes back to the front of the queue
            queue.appendleft(memoryview(msg)[n:])
        p.bytes_out += n
        p.buffered -= n
        if emit:
            emit(Sent(now_ns(), p.fd, n, n < len(msg), p.buffered))
        if p.state == "reading paused" and p.buffered <= self.low_water:
            self._inputs.append(s)
            p.state = "open"
            if emit:
                emit(ReadingResumed(now_ns(), p.fd, p.buffered))
        if not queue:  # nothing left to send: stop asking for writability
            self._outputs.remove(s)
            if p.state == "half-closed":
                self._close(s, "half-close done")

    # ------------------------------------------------------------------------------------------------
    # End of the loop source.
    # ------------------------------------------------------------------------------------------------
    def _dispatching(self, s: socket.socket, mask: int, t: int) -> bool:
        """Before handling a ready socket: honour the LoopControl and report the readiness.  False: stop."""
        if self._control.active:
            self._control.before_dispatch(self._stopping)
            if self._stopping.is_set():
                return False
        if self._emit:
            self._emit(Ready(t, s.fileno(), mask))
        return True

    def _fail(self, s: socket.socket, exc: Exception) -> None:
        """An unexpected error while handling ``s``: report it and close that connection only.

        If closing it fails too, each step of the close is tried on its own, so the connection still leaves
        the lists, is closed and reported (a socket left open would hang its client)."""
        p = self._peers.get(s)
        fd = p.fd if p is not None else -1
        self._error(fd, f"{type(exc).__name__}: {exc}")
        if s not in self._queues:
            return
        try:
            return self._close(s, "error")
        except Exception as e:
            self._error(fd, f"closing the connection failed too: {type(e).__name__}: {e}")
        if s in self._peers:  # (checked: _untrack must not fail half-way through the stats() update)
            self._untrack(self._peers, s)
        self._queues.pop(s, None)
        for watched in (self._inputs, self._outputs):
            if s in watched:
                watched.remove(s)
        s.close()
        if p is not None:
            p.state, p.buffered = "closed", 0
            if self._emit:
                self._emit(Closed(now_ns(), fd, "error", p.bytes_in, p.bytes_out))

    def _close(self, s: socket.socket, reason: str) -> None:
        p = self._untrack(self._peers, s)
        del self._queues[s]
        if s in self._inputs:
            self._inputs.remove(s)
        if s in self._outputs:
            self._outputs.remove(s)
        s.close()
        p.state = "closed"
        p.buffered = 0
        if self._emit:
            self._emit(Closed(now_ns(), p.fd, reason, p.bytes_in, p.bytes_out))

    def _pause_listener(self, exc: OSError) -> None:
        self._inputs.remove(self._listener)
        self._rearm_at = time.monotonic() + ACCEPT_RETRY_S
        self._pause_listener_event(exc)

    def _resume_listener(self) -> None:
        self._rearm_at = None
        self._inputs.insert(0, self._listener)
        self._resume_listener_event()

    def _close_all(self) -> None:
        for s in list(self._peers):
            try:
                self._close(s, "server stopped")
            except Exception:
                s.close()
        self._inputs.clear()
        self._outputs.clear()


ClassicSelectServer._LOOP_SOURCE = loop_source_of(ClassicSelectServer, ClassicSelectServer.LOOP_METHODS)
