"""What both echo servers share (:class:`ServerBase`): binding, the loop thread, waking it, stopping, snapshots
and stats, and the small helpers their loops use.  The loops themselves are in ``server.py`` (selectors) and
``classic.py`` (``select.select``).
"""

from __future__ import annotations

import errno
import selectors
import socket
import sys
import threading
import time
from typing import Callable

from evsim.core.echo.connection import (
    DEFAULT_HIGH_WATER, DEFAULT_LOW_WATER,
)
from evsim.core.echo.events import (
    Listening, ListenerPaused, ListenerResumed, LoopPhase, Refused, ServerError, ServerStopped,
)
from evsim.core.events import Event, Sink, now_ns

from evsim.core.echo.support import (  # noqa: F401  (re-exported for the servers and the tests)
    ACCEPT_RETRY_S, BACKENDS, CLOSED, EVENT_READ, EVENT_WRITE, FD_SETSIZE, NO_CONTROL, OPEN, OUT_OF_RESOURCES,
    ConnInfo, Ready, Received, Sent, ServerStats, backend_name, close_reason, format_peer, info,
    loop_source_of, set_nodelay,
)

__all__ = ["ServerBase"]


class ServerBase:
    """What both echo servers share: binding, the loop thread, waking it, stopping, snapshots and stats.

    Subclasses provide ``_loop()`` (runs until ``self._stopping`` is set), ``_close_all(reason)``,
    ``_open_connections()`` (the Connection-like records, for snapshots) and the class attribute ``style``.
    """

    style = "selectors"
    #: The loop's methods shown by :meth:`loop_source` (contiguous in the module, in this order).
    LOOP_METHODS: tuple[str, ...] = ("_loop",)
    _LOOP_SOURCE: tuple[str, int, dict[str, int]] = ("", 0, {})

    def __init__(self, host: str = "127.0.0.1", port: int = 9999, backend: str = "default",
                 max_connections: int = 10000, sink: Sink | None = None, control=None,
                 recv_size: int = 65536, *, high_water: int = DEFAULT_HIGH_WATER,
                 low_water: int = DEFAULT_LOW_WATER, backlog: int = 100,
                 wrap_selector: Callable[[selectors.BaseSelector], selectors.BaseSelector] | None = None) -> None:
        if max_connections < 1:
            raise ValueError("max_connections must be >= 1")
        if recv_size < 1:
            raise ValueError("recv_size must be >= 1")
        if not 0 <= low_water <= high_water:
            raise ValueError("need 0 <= low_water <= high_water")
        self.host = host
        self.port = port
        self.backend = backend
        self.max_connections = max_connections
        self.sink = sink
        self.control = control
        self.recv_size = recv_size
        self.high_water = high_water
        self.low_water = low_water
        self.backlog = backlog
        #: Wraps the selector the loop waits with (the server process flushes its event stream there).
        self.wrap_selector = wrap_selector
        self._emit: Callable[[Event], None] | None = sink.emit if sink is not None else None
        self._control = control if control is not None else NO_CONTROL
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._listener: socket.socket | None = None
        self._waker_r: socket.socket | None = None
        self._waker_w: socket.socket | None = None
        self._address: tuple[str, int] | None = None
        self._loop_running = False
        self._loop_thread_ident: int | None = None
        self._done = threading.Event()
        self._done.set()
        self._seq = 0  # odd while the loop updates the connection table and the totals together
        self._accepted = 0
        self._refused = 0
        self._closed = 0
        self._closed_in = 0
        self._closed_out = 0

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> None:
        """Bind and listen now (a port in use raises OSError here), then run the loop in a thread."""
        if self.running:
            raise RuntimeError("server already running")
        self._open()
        self._thread = threading.Thread(target=self._run, name=f"evsim-echo-{self.style}", daemon=True)
        self._loop_running = True
        self._done.clear()
        self._thread.start()

    def serve_forever(self) -> None:
        """Run the loop in the calling thread until :meth:`stop` (from another thread or a signal handler)."""
        if self.running:
            raise RuntimeError("server already running")
        if self._listener is None:
            self._open()
        self._loop_running = True
        self._done.clear()
        self._run()

    def stop(self, timeout: float = 1.0) -> None:
        """Stop the loop, close every socket and the selector, join the thread.  Returns within ``timeout``."""
        self._stopping.set()
        self._wake()
        t = self._thread
        if t is not None:  # started with start(): the loop closes everything on its way out; wait for it
            if t is not threading.current_thread():
                t.join(timeout)
                if not t.is_alive():
                    self._thread = None
        elif self._loop_running:  # serve_forever() in some thread (or in this one, from a signal handler)
            if self._loop_thread_ident != threading.get_ident():
                self._done.wait(timeout)
        else:  # bound (by _open) but never served: close here
            self._close_unstarted()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._loop_running

    @property
    def thread(self) -> threading.Thread | None:
        """The loop's thread (None when not started or when serving in the foreground)."""
        return self._thread

    @property
    def address(self) -> tuple[str, int]:
        """(host, port) actually bound (the real port when constructed with port=0)."""
        if self._address is None:
            raise RuntimeError("server is not bound (call start())")
        return self._address

    @property
    def listener_fd(self) -> int:
        """The listening socket's descriptor (-1 when not bound)."""
        listener = self._listener
        return listener.fileno() if listener is not None else -1

    @property
    def backend_in_use(self) -> str:
        return backend_name(self._selector_class())

    # -- views for other threads ----------------------------------------------------------------
    def _records(self) -> list:
        """The open connections' live records, copied into a list; safe from any thread (takes no lock)."""
        for _ in range(10):
            try:
                return list(self._open_connections())
            except RuntimeError:  # the loop changed the dict while we copied it: try again
                continue
        return []

    def connections_snapshot(self) -> list[ConnInfo]:
        """A copy of every open connection's counters; safe from any thread (takes no lock)."""
        return [info(c) for c in self._records()]

    def stats(self) -> ServerStats:
        """Totals since start.  Consistent even while the loop accepts and closes: a connection being moved
        from "open" to "closed" is never counted twice or missed (a sequence count, no lock)."""
        for _ in range(1000):
            seq = self._seq
            if seq & 1:  # the loop is between the two halves of an update
                time.sleep(0)
                continue
            # (no ConnInfo copies: the server process takes these every 100 ms, with 10,000 connections too;
            # bytes_out summed first, so that out <= in holds while the loop runs)
            conns = self._records()
            out = sum(c.bytes_out for c in conns)
            st = ServerStats(
                accepted=self._accepted,
                open=len(conns),
                bytes_in=self._closed_in + sum(c.bytes_in for c in conns),
                bytes_out=self._closed_out + out,
                refused=self._refused,
                closed=self._closed,
            )
            if self._seq == seq:
                break
        return st

    @classmethod
    def loop_source(cls) -> tuple[str, int, dict[str, int]]:
        """(source text of the loop, its first line number in the module, {phase: line}) for a code pane."""
        return cls._LOOP_SOURCE

    @classmethod
    def phase_lines(cls) -> dict[str, int]:
        return dict(cls._LOOP_SOURCE[2])

    # -- helpers shared by the loops --------------------------------------------------------------
    def _selector_class(self) -> type[selectors.BaseSelector]:
        try:
            return BACKENDS[self.backend]
        except KeyError:
            raise ValueError(f"unknown backend {self.backend!r} (choose from {', '.join(BACKENDS)})") from None

    def _open(self) -> None:
        """Bind, listen and create the waker; on any failure close what was opened and raise OSError."""
        self._selector_class()  # validate the backend name before opening anything
        self._stopping.clear()
        opened: list[socket.socket] = []
        try:
            infos = socket.getaddrinfo(self.host, self.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
            family, type_, proto, _, sockaddr = infos[0]
            listener = socket.socket(family, type_, proto)
            opened.append(listener)
            if sys.platform != "win32":
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(sockaddr)
            listener.listen(socket.SOMAXCONN)
            listener.setblocking(False)
            self._waker_r, self._waker_w = socket.socketpair()
            opened += [self._waker_r, self._waker_w]
            self._waker_r.setblocking(False)
            self._waker_w.setblocking(False)
            if self._uses_fd_set() and max(s.fileno() for s in opened) >= FD_SETSIZE:
                raise OSError(errno.EMFILE, f"the select backend cannot watch descriptors >= {FD_SETSIZE}; "
                                            "use poll or epoll")
            self._setup_loop(listener)
        except BaseException:
            self._teardown_loop()
            for s in opened:
                s.close()
            self._listener = self._waker_r = self._waker_w = None
            raise
        self._listener = listener
        self._address = tuple(listener.getsockname()[:2])  # type: ignore[assignment]
        if self._emit is not None:
            self._emit(Listening(now_ns(), self._address[0], self._address[1], self.backend_in_use,
                                 self.style, listener.fileno()))

    def _uses_fd_set(self) -> bool:
        return self._selector_class() is selectors.SelectSelector

    def _setup_loop(self, listener: socket.socket) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        reason = "stopped"
        self._loop_thread_ident = threading.get_ident()
        try:
            self._loop()
        except BaseException as e:  # the loop itself failed: report it, close everything anyway
            reason = f"error: {e!r}"
            if self._emit is not None:
                self._emit(ServerError(now_ns(), -1, f"loop failed: {e!r}"))
            if not isinstance(e, Exception):
                raise
        finally:
            try:
                self._close_all()
            finally:
                for s in (self._listener, self._waker_r, self._waker_w):
                    if s is not None:
                        s.close()
                self._listener = self._waker_r = self._waker_w = None
                self._loop_running = False
                if self._emit is not None:
                    self._emit(ServerStopped(now_ns(), reason))
                self._done.set()

    def _close_unstarted(self) -> None:
        """stop() on a server that was bound (e.g. by a failed start) but whose loop never ran."""
        for s in (self._listener, self._waker_r, self._waker_w):
            if s is not None:
                s.close()
        self._listener = self._waker_r = self._waker_w = None
        self._teardown_loop()

    def _teardown_loop(self) -> None:
        pass

    def _wake(self) -> None:
        w = self._waker_w
        if w is not None:
            try:
                w.send(b"\0")
            except OSError:  # full (already woken) or closed (already stopped)
                pass

    def _drain_waker(self) -> None:
        try:
            while self._waker_r.recv(4096):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def _track(self, table: dict, sock: socket.socket, record) -> None:
        """A new open connection: into ``table`` and the counters, as one update for stats()."""
        self._seq += 1
        table[sock] = record
        self._accepted += 1
        self._seq += 1

    def _untrack(self, table: dict, sock: socket.socket):
        """A connection closes: out of ``table``, its bytes into the totals, as one update for stats()."""
        self._seq += 1
        record = table.pop(sock)
        self._closed += 1
        self._closed_in += record.bytes_in
        self._closed_out += record.bytes_out
        self._seq += 1
        return record

    def _refuse_reason(self, fd: int, n_open: int) -> str | None:
        if n_open >= self.max_connections:
            return "max connections"
        if fd >= FD_SETSIZE and self._uses_fd_set():
            return "fd >= FD_SETSIZE"
        return None

    def _refuse(self, sock: socket.socket, fd: int, peer: str, reason: str) -> None:
        sock.close()
        self._refused += 1
        if self._emit is not None:
            self._emit(Refused(now_ns(), fd, peer, reason))

    def _trace(self, phase: str) -> None:
        """Report where the loop is (only called while a LoopControl asks for tracing)."""
        if self._emit is not None:
            self._emit(LoopPhase(now_ns(), phase, self._LOOP_SOURCE[2].get(phase, -1)))

    def _error(self, fd: int, message: str) -> None:
        if self._emit is not None:
            self._emit(ServerError(now_ns(), fd, message))

    def _pause_listener_event(self, exc: OSError) -> None:
        if exc.errno not in OUT_OF_RESOURCES:  # not the usual EMFILE & co: worth an error line too
            self._error(-1, f"accept failed: {exc}")
        if self._emit is not None:
            name = errno.errorcode.get(exc.errno or 0, "error")
            self._emit(ListenerPaused(now_ns(), f"{name}: {exc.strerror or exc}",
                                      int(ACCEPT_RETRY_S * 1000)))

    def _resume_listener_event(self) -> None:
        if self._emit is not None:
            self._emit(ListenerResumed(now_ns()))

    def _open_connections(self):
        raise NotImplementedError

    def _close_all(self) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        where = f"{self._address[0]}:{self._address[1]}" if self._address else "unbound"
        return f"<{type(self).__name__} {where} {self.backend} {'running' if self.running else 'stopped'}>"
