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

import errno
import inspect
import re
import selectors
import socket
import sys
import threading
import time
from dataclasses import dataclass
from typing import Callable

from evsim.core.echo.connection import (
    CLOSE, DEFAULT_HIGH_WATER, DEFAULT_LOW_WATER, RESUME_READING, ConnState, Connection,
)
from evsim.core.echo import events as ev
from evsim.core.echo.events import (
    Accepted, Closed, HalfClosed, Listening, ListenerPaused, ListenerResumed, LoopPhase, ReadingPaused,
    ReadingResumed, Refused, ServerError, ServerStopped,
)
from evsim.core.events import Event, Sink, deferred, now_ns

__all__ = [
    "EchoServer", "ConnInfo", "ServerStats", "BACKENDS", "FD_SETSIZE", "ACCEPT_RETRY_S", "backend_name",
]

EVENT_READ = selectors.EVENT_READ
EVENT_WRITE = selectors.EVENT_WRITE
OPEN, CLOSED = ConnState.OPEN, ConnState.CLOSED

#: Selector classes by backend name ("default" is the best one the platform has: epoll on Linux).
BACKENDS: dict[str, type[selectors.BaseSelector]] = {"default": selectors.DefaultSelector,
                                                     "select": selectors.SelectSelector}
if hasattr(selectors, "PollSelector"):
    BACKENDS["poll"] = selectors.PollSelector
if hasattr(selectors, "EpollSelector"):
    BACKENDS["epoll"] = selectors.EpollSelector

#: select.select() only accepts descriptors below this (glibc's fd_set size).
FD_SETSIZE = 1024
#: After accept() fails for lack of descriptors, try again after this long (asyncio's ACCEPT_RETRY_DELAY is 1 s).
ACCEPT_RETRY_S = 0.1
#: accept() fails with these when the process or the system is out of descriptors or memory.
OUT_OF_RESOURCES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})

_NAMES = {"SelectSelector": "select", "PollSelector": "poll", "EpollSelector": "epoll",
          "KqueueSelector": "kqueue", "DevpollSelector": "devpoll"}


# The per-request events are emitted as deferred records, (class, t_ns, *fields): a tuple costs a quarter of a
# frozen dataclass, and the sink builds the event when someone reads it (evsim.core.events.deferred).
Ready = deferred(ev.Ready)
Received = deferred(ev.Received)
Sent = deferred(ev.Sent)


def backend_name(selector_cls: type) -> str:
    """'epoll' for EpollSelector, and so on."""
    return _NAMES.get(selector_cls.__name__, selector_cls.__name__)


@dataclass(frozen=True, slots=True)
class ConnInfo:
    """One open connection, as seen from another thread (a copy: it does not change)."""

    fd: int
    peer: str
    bytes_in: int
    bytes_out: int
    buffered: int
    state: str


@dataclass(frozen=True, slots=True)
class ServerStats:
    accepted: int
    open: int
    bytes_in: int
    bytes_out: int
    refused: int
    closed: int


def close_reason(exc: OSError) -> str:
    """The Closed.reason for an error raised by recv/send."""
    if isinstance(exc, ConnectionResetError) or exc.errno in (errno.ECONNRESET, errno.ECONNABORTED):
        return "reset"
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        return "broken pipe"
    return "error"


def format_peer(addr: object) -> str:
    if isinstance(addr, tuple) and len(addr) >= 2:
        host = addr[0]
        return f"[{host}]:{addr[1]}" if ":" in str(host) else f"{host}:{addr[1]}"
    return str(addr)


def set_nodelay(sock: socket.socket) -> None:
    """Echo replies go out at once (no Nagle delay); harmless if the peer is already gone."""
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass


def _info(c) -> ConnInfo:
    # Counters only grow and bytes_out <= bytes_in at every instant: reading bytes_out first keeps that
    # true in the copy even if the loop thread runs between the two reads.
    out = c.bytes_out
    return ConnInfo(c.fd, c.peer, c.bytes_in, out, c.buffered, str(c.state))


class _NoControl:
    """Stands in for a LoopControl when there is none: the hot path reads two class attributes."""

    active = False
    tracing = False

    def before_dispatch(self, stopping: threading.Event | None = None) -> None:
        pass


_NO_CONTROL = _NoControl()
_PHASE_RE = re.compile(r"#\s*phase:\s*(\w+)")


def loop_source_of(cls: type, names: tuple[str, ...]) -> tuple[str, int, dict[str, int]]:
    """Source text spanning the methods ``names`` of ``cls`` (contiguous in its module), its first line, and
    the line of each ``# phase: NAME`` marker inside it.  ``("", 0, {})`` when the source is unavailable."""
    try:
        module_lines, _ = inspect.findsource(cls)
        spans = []
        for name in names:
            lines, start = inspect.getsourcelines(getattr(cls, name))
            spans.append((start, start + len(lines) - 1))
    except (OSError, TypeError):
        return "", 0, {}
    first = min(s for s, _ in spans)
    last = max(e for _, e in spans)
    text = "".join(module_lines[first - 1:last])
    phases: dict[str, int] = {}
    for lineno in range(first, last + 1):
        m = _PHASE_RE.search(module_lines[lineno - 1])
        if m:
            phases.setdefault(m.group(1), lineno)
    return text, first, phases


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
        self._control = control if control is not None else _NO_CONTROL
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
    def connections_snapshot(self) -> list[ConnInfo]:
        """A copy of every open connection's counters; safe from any thread (takes no lock)."""
        for _ in range(10):
            try:
                records = list(self._open_connections())
                break
            except RuntimeError:  # the loop changed the dict while we copied it: try again
                continue
        else:
            return []
        return [_info(c) for c in records]

    def stats(self) -> ServerStats:
        """Totals since start.  Consistent even while the loop accepts and closes: a connection being moved
        from "open" to "closed" is never counted twice or missed (a sequence count, no lock)."""
        for _ in range(1000):
            seq = self._seq
            if seq & 1:  # the loop is between the two halves of an update
                time.sleep(0)
                continue
            conns = self.connections_snapshot()
            st = ServerStats(
                accepted=self._accepted,
                open=len(conns),
                bytes_in=self._closed_in + sum(c.bytes_in for c in conns),
                bytes_out=self._closed_out + sum(c.bytes_out for c in conns),
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
