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
its thread, and each run is bounded by ``max_seconds`` anyway.  Their shared base is in
:mod:`~evsim.core.echo.builtin_client`, the misbehaving ones in :mod:`~evsim.core.echo.misbehaving`; this
module re-exports them all.
"""

from __future__ import annotations

import socket

from evsim.core.echo.builtin_client import BuiltinClient, _name, connect, reachable_host
from evsim.core.echo.misbehaving import HalfCloseClient, IdleClient, ResetClient, SlowReaderClient

__all__ = [
    "connect", "reachable_host", "EchoClient", "BuiltinClient", "SlowReaderClient", "ResetClient",
    "HalfCloseClient", "IdleClient", "CLIENT_KINDS", "make_client",
]


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
