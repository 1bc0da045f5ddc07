"""The misbehaving clients the sockets lab launches: each one makes the server meet one hard case.

* :class:`SlowReaderClient`: back-pressure (the server must pause reading instead of growing);
* :class:`ResetClient`: a reset (RST) instead of a close;
* :class:`HalfCloseClient`: a half-close with the echo still to come;
* :class:`IdleClient`: a connection that does nothing.
"""

from __future__ import annotations

import selectors
import socket
import struct
import time

from evsim.core.echo.builtin_client import BuiltinClient

__all__ = ["SlowReaderClient", "ResetClient", "HalfCloseClient", "IdleClient"]


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
