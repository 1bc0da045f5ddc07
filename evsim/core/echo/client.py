"""Echo clients: a blocking helper for ``evsim client`` and tests, and the built-in clients the sockets lab
launches, well-behaved or not.

* :class:`EchoClient`: connect, send, receive the echo (blocking calls); as a built-in client, ``start()``
  sends a message every ``interval`` and checks each echo.
* :class:`SlowReaderClient`: writes a lot and reads slowly, so the server's output buffer fills and it must
  pause reading (back-pressure) instead of growing.
* :class:`ResetClient`: sends, then closes with SO_LINGER 0: the kernel sends RST (the server sees ECONNRESET).
* :class:`HalfCloseClient`: sends, shuts down its write side (FIN), then reads the whole echo.
* :class:`IdleClient`: connects and does nothing.

Every built-in client is a small object with ``start()`` / ``stop()``: ``stop()`` closes its socket and joins
its thread, and each run is bounded by ``max_seconds`` anyway.
"""

from __future__ import annotations

import ipaddress
import selectors
import socket
import struct
import threading
import time

__all__ = [
    "connect", "EchoClient", "BuiltinClient", "SlowReaderClient", "ResetClient", "HalfCloseClient",
    "IdleClient", "CLIENT_KINDS", "make_client",
]


def reachable_host(host: str) -> str:
    """The address a local client dials for a server listening on ``host``: a wildcard address (all
    interfaces, IPv4 or IPv6) becomes the loopback address of its family; any other address stays."""
    if not host:  # bind's "" means every IPv4 interface
        return "127.0.0.1"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host  # a name, e.g. localhost
    if ip.is_unspecified:
        return "::1" if ip.version == 6 else "127.0.0.1"
    return host


def connect(host: str, port: int, timeout: float = 5.0, rcvbuf: int | None = None) -> socket.socket:
    """A connected TCP socket (blocking, with ``timeout``) and TCP_NODELAY; raises OSError on failure.

    ``rcvbuf`` sets SO_RCVBUF before connecting (a small one makes a slow reader felt sooner)."""
    if rcvbuf is None:
        sock = socket.create_connection((host, port), timeout=timeout)
    else:
        err: OSError | None = None
        for family, type_, proto, _, addr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            sock = socket.socket(family, type_, proto)
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
                sock.settimeout(timeout)
                sock.connect(addr)
                break
            except OSError as e:
                sock.close()
                err = e
        else:
            raise err or OSError(f"cannot resolve {host}")
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass
    return sock


def _name(addr) -> str:
    host, port = addr[0], addr[1]
    return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"


class BuiltinClient:
    """Base of the built-in clients: one thread, one socket, counters, bounded by ``max_seconds``.

    Attributes the GUI may read at any time: ``running``, ``local`` ("host:port" of this end, as the server's
    Accepted.peer shows it), ``bytes_sent``, ``bytes_received``, ``error`` (None or one line), ``finished``
    (a threading.Event set when the run is over).
    """

    kind = "client"

    def __init__(self, host: str = "127.0.0.1", port: int = 9999, *, max_seconds: float = 30.0,
                 connect_timeout: float = 5.0, rcvbuf: int | None = None) -> None:
        self.host, self.port = host, port
        self.rcvbuf = rcvbuf
        self.max_seconds = max_seconds
        self.connect_timeout = connect_timeout
        self.bytes_sent = 0
        self.bytes_received = 0
        self.error: str | None = None
        self.local = ""
        self.finished = threading.Event()
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._deadline = 0.0

    # -- lifecycle --
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("already started")
        self._deadline = time.monotonic() + self.max_seconds
        self._thread = threading.Thread(target=self._main, name=f"evsim-{self.kind}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the client to stop, wait for its thread (at most ``timeout``) and make sure its socket is closed."""
        self._stop.set()
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)
        if t is None or not t.is_alive():
            self._close()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the run to end by itself; True when it has."""
        return self.finished.wait(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- for subclasses --
    def _time_left(self) -> float:
        return self._deadline - time.monotonic()

    def _should_go_on(self) -> bool:
        return not self._stop.is_set() and time.monotonic() < self._deadline

    def _main(self) -> None:
        try:
            sock = self._sock = connect(self.host, self.port, self.connect_timeout, self.rcvbuf)
            self.local = _name(sock.getsockname())
            self.connected.set()
            self._run(sock)
        except OSError as e:
            if not self._stop.is_set():
                self.error = f"{type(e).__name__}: {e.strerror or e}"
        finally:
            self._close()
            self.finished.set()

    def _run(self, sock: socket.socket) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        s, self._sock = self._sock, None
        if s is not None:
            s.close()

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {self.local or 'unconnected'} sent={self.bytes_sent} "
                f"received={self.bytes_received}{' error=' + self.error if self.error else ''}>")


class EchoClient(BuiltinClient):
    """A well-behaved client.  Blocking use::

        with EchoClient(host, port) as c:     # or c = EchoClient(...); c.connect()
            assert c.echo(b"hello") == b"hello"

    Built-in use: ``start()`` sends ``message`` every ``interval`` seconds (``count`` times, or until stopped)
    and checks each echo; ``echoes`` counts the good ones, ``mismatches`` the wrong ones.
    """

    kind = "echo"

    def __init__(self, host: str = "127.0.0.1", port: int = 9999, *, message: bytes = b"hello\n",
                 interval: float = 0.5, count: int | None = None, timeout: float = 5.0,
                 max_seconds: float = 30.0) -> None:
        super().__init__(host, port, max_seconds=max_seconds, connect_timeout=timeout)
        self.message = message
        self.interval = interval
        self.count = count
        self.timeout = timeout
        self.echoes = 0
        self.mismatches = 0

    # -- blocking helpers --
    def connect(self) -> "EchoClient":
        self._sock = connect(self.host, self.port, self.timeout)
        self.local = _name(self._sock.getsockname())
        self.connected.set()
        return self

    @property
    def sock(self) -> socket.socket:
        if self._sock is None:
            raise RuntimeError("not connected")
        return self._sock

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)
        self.bytes_sent += len(data)

    def recv_exactly(self, n: int) -> bytes:
        """Read exactly ``n`` bytes (fewer only if the server closes first)."""
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(min(n - len(buf), 1 << 20))
            if not chunk:
                break
            buf += chunk
        self.bytes_received += len(buf)
        return bytes(buf)

    def echo(self, data: bytes) -> bytes:
        """Send ``data`` and return what comes back (as many bytes as were sent)."""
        self.send(data)
        return self.recv_exactly(len(data))

    def close(self) -> None:
        self._close()

    def __enter__(self):
        if self._sock is None and self._thread is None:
            self.connect()
        return self

    def __exit__(self, *exc) -> None:
        if self._thread is not None:
            self.stop()
        self.close()

    # -- built-in behaviour --
    def _run(self, sock: socket.socket) -> None:
        sock.settimeout(min(self.timeout, 0.5))
        sent = 0
        while self._should_go_on() and (self.count is None or sent < self.count):
            got = self._echo_interruptibly(sock, self.message)
            if got is None:
                return
            sent += 1
            if got == self.message:
                self.echoes += 1
            else:
                self.mismatches += 1
            if self._stop.wait(min(self.interval, max(0.0, self._time_left()))):
                return
        sock.shutdown(socket.SHUT_WR)

    def _echo_interruptibly(self, sock: socket.socket, data: bytes) -> bytes | None:
        sock.sendall(data)
        self.bytes_sent += len(data)
        buf = bytearray()
        waited = 0.0
        while len(buf) < len(data):
            if not self._should_go_on():
                return None
            try:
                chunk = sock.recv(len(data) - len(buf))
            except socket.timeout:
                waited += sock.gettimeout() or 0.5
                if waited >= self.timeout:
                    self.error = f"no echo within {self.timeout:g} s"
                    return None
                continue
            if not chunk:
                self.error = "the server closed the connection"
                return None
            buf += chunk
            self.bytes_received += len(chunk)
        return bytes(buf)


class SlowReaderClient(BuiltinClient):
    """Writes ``total`` bytes as fast as the server takes them, but reads only ``read_size`` bytes every
    ``read_interval`` seconds: the server's output buffer for this connection fills up and it has to stop
    reading from it (ReadingPaused) until it drains (ReadingResumed).  Checks that every byte comes back in
    order (``mismatch`` is the offset of the first wrong byte, or None).
    """

    kind = "slow reader"

    def __init__(self, host: str = "127.0.0.1", port: int = 9999, *, total: int = 8 << 20,
                 chunk: int = 65536, read_size: int = 16384, read_interval: float = 0.01,
                 rcvbuf: int | None = 8192, max_seconds: float = 30.0) -> None:
        super().__init__(host, port, max_seconds=max_seconds, rcvbuf=rcvbuf)
        self.total, self.chunk = total, chunk
        self.read_size, self.read_interval = read_size, read_interval
        self.mismatch: int | None = None
        self._pattern = bytes(range(256)) * (max(chunk, read_size) // 256 + 2)

    def _expected(self, offset: int, n: int) -> bytes:
        start = offset % 256
        return self._pattern[start:start + n]

    def _run(self, sock: socket.socket) -> None:
        sock.setblocking(False)
        with selectors.DefaultSelector() as sel:
            sel.register(sock, selectors.EVENT_WRITE)
            next_read = time.monotonic()
            writing = True
            while self._should_go_on() and self.bytes_received < self.total:
                now = time.monotonic()
                if now >= next_read:  # the slow part: a small read, now and then
                    next_read = now + self.read_interval
                    try:
                        data = sock.recv(self.read_size)
                    except BlockingIOError:
                        data = None
                    if data == b"":
                        self.error = "the server closed the connection"
                        return
                    if data:
                        if self.mismatch is None and data != self._expected(self.bytes_received, len(data)):
                            self.mismatch = self.bytes_received
                        self.bytes_received += len(data)
                timeout = max(0.0, min(next_read - time.monotonic(), self._time_left()))
                if not writing:
                    self._stop.wait(timeout)
                    continue
                for _key, _mask in sel.select(timeout):
                    n = min(self.chunk, self.total - self.bytes_sent)
                    try:
                        self.bytes_sent += sock.send(self._expected(self.bytes_sent, n))
                    except BlockingIOError:
                        pass
                if self.bytes_sent >= self.total:
                    writing = False
                    sel.unregister(sock)
                    sock.shutdown(socket.SHUT_WR)


class ResetClient(BuiltinClient):
    """Sends ``data``, waits ``delay`` seconds, then closes with SO_LINGER 0 so the kernel sends RST."""

    kind = "reset"

    def __init__(self, host: str = "127.0.0.1", port: int = 9999, *, data: bytes = b"about to reset\n" * 64,
                 delay: float = 0.05, read_first: bool = False, max_seconds: float = 10.0) -> None:
        super().__init__(host, port, max_seconds=max_seconds)
        self.data, self.delay, self.read_first = data, delay, read_first

    def _run(self, sock: socket.socket) -> None:
        if self.data:
            sock.sendall(self.data)
            self.bytes_sent += len(self.data)
        if self.read_first and self.data:
            sock.settimeout(max(0.1, min(2.0, self._time_left())))
            try:
                self.bytes_received += len(sock.recv(len(self.data)))
            except socket.timeout:
                pass
        self._stop.wait(max(0.0, min(self.delay, self._time_left())))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # _main closes the socket: with linger on and a zero timeout, close() sends RST and drops the buffers.


class HalfCloseClient(BuiltinClient):
    """Sends ``data``, shuts down its write side (the server reads b''), then reads until the server closes.
    ``ok`` tells whether the whole echo came back intact.  ``read_delay`` waits before reading (so the server
    has to hold the bytes it cannot send yet)."""

    kind = "half-close"

    def __init__(self, host: str = "127.0.0.1", port: int = 9999, *, data: bytes = b"half-close\n",
                 read_delay: float = 0.0, max_seconds: float = 30.0) -> None:
        super().__init__(host, port, max_seconds=max_seconds)
        self.data, self.read_delay = data, read_delay
        self.echo = bytearray()
        self.ok: bool | None = None

    def _run(self, sock: socket.socket) -> None:
        sock.settimeout(0.2)
        view = memoryview(self.data)
        while self.bytes_sent < len(self.data) and self._should_go_on():
            try:
                self.bytes_sent += sock.send(view[self.bytes_sent:])
            except socket.timeout:  # the server is not reading (we are not reading its echo yet either)
                self._drain(sock)
        sock.shutdown(socket.SHUT_WR)
        if self._stop.wait(max(0.0, min(self.read_delay, self._time_left()))):
            return
        while self._should_go_on():
            if self._drain(sock) is None:
                break
        self.ok = bytes(self.echo) == self.data

    def _drain(self, sock: socket.socket) -> int | None:
        """Read what is there; None at EOF."""
        try:
            chunk = sock.recv(1 << 20)
        except socket.timeout:
            return 0
        if not chunk:
            return None
        self.echo += chunk
        self.bytes_received += len(chunk)
        return len(chunk)


class IdleClient(BuiltinClient):
    """Connects and does nothing until stopped (or ``max_seconds``); then closes normally."""

    kind = "idle"

    def _run(self, sock: socket.socket) -> None:
        self._stop.wait(max(0.0, self._time_left()))


CLIENT_KINDS: dict[str, type[BuiltinClient]] = {
    "echo": EchoClient, "slow reader": SlowReaderClient, "reset": ResetClient,
    "half-close": HalfCloseClient, "idle": IdleClient,
}


def make_client(kind: str, host: str, port: int, **kw) -> BuiltinClient:
    """A built-in client by name (see CLIENT_KINDS), not started."""
    try:
        cls = CLIENT_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown client kind {kind!r} (choose from {', '.join(CLIENT_KINDS)})") from None
    return cls(host, port, **kw)
