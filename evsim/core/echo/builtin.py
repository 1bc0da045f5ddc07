"""The window's built-in clients, Qt-free: a client whose lines the user types, and misbehaving clients tuned
so that what they do stays on screen long enough to see.  They run in the clients process
(:mod:`evsim.core.echo.clients_child`), never in the window's.
"""

from __future__ import annotations

import queue
import selectors
import socket
import threading
import time
from collections import deque

from evsim.core.echo.client import (
    BuiltinClient, HalfCloseClient, IdleClient, ResetClient, SlowReaderClient, connect,
)

__all__ = ["TypedClient", "MISBEHAVING", "make_misbehaving", "CLIENT_MAX_S"]

#: Longest a built-in client runs (each one also stops on "Stop all clients" and on shutdown).
CLIENT_MAX_S = 600.0
#: Misbehaving kinds a user can launch.
MISBEHAVING = ("slow reader", "reset", "half-close", "idle")


def make_misbehaving(kind: str, host: str, port: int) -> BuiltinClient:
    """A misbehaving client tuned so that what it does stays on screen long enough to see."""
    if kind == "slow reader":
        # 16 MiB written at full speed, read back at ~1.6 MB/s (about 10 s): the server's buffer for it fills
        # and it pauses reading that socket (back-pressure) again and again.
        return SlowReaderClient(host, port, total=16 << 20, read_size=16384, read_interval=0.01,
                                max_seconds=CLIENT_MAX_S)
    if kind == "reset":
        # talks for a second, then aborts the connection (RST): the server sees ECONNRESET.
        return ResetClient(host, port, data=b"about to reset\n" * 8, delay=1.0, read_first=True,
                           max_seconds=CLIENT_MAX_S)
    if kind == "half-close":
        # sends 64 KiB, shuts its write side (FIN), waits a second, then reads the whole echo; the server
        # reads b'', keeps echoing what it holds, and closes once everything is delivered.
        return HalfCloseClient(host, port, data=bytes(range(256)) * 256, read_delay=1.0, max_seconds=CLIENT_MAX_S)
    if kind == "idle":
        return IdleClient(host, port, max_seconds=CLIENT_MAX_S)
    raise ValueError(f"unknown misbehaving client {kind!r}")


class TypedClient:
    """A connection whose messages the user types: ``send(text)`` from any thread; echoes come back in
    ``incoming`` (a deque of (monotonic_ns, bytes)).  Runs on its own thread; ``stop()`` joins it.

    Same read-only attributes as the core's built-in clients: ``running``, ``local``, ``bytes_sent``,
    ``bytes_received``, ``error``.
    """

    kind = "typed"

    def __init__(self, host: str, port: int, *, connect_timeout: float = 3.0, max_seconds: float = 3600.0) -> None:
        self.host, self.port = host, port
        self.connect_timeout = connect_timeout
        self.max_seconds = max_seconds
        self.local = ""
        self.bytes_sent = 0
        self.bytes_received = 0
        self.error: str | None = None
        self.closed_by_server = False
        self.incoming: deque[tuple[int, bytes]] = deque(maxlen=1000)
        self.connected = threading.Event()
        self._outgoing: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="evsim-typed-client", daemon=True)
        self._thread.start()

    def send(self, data: bytes) -> None:
        """Queue ``data``; the client's thread sends it.  Never blocks."""
        self._outgoing.put(data)
        self._wake()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._wake()
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)
        if t is None or not t.is_alive():
            for s in (self._wake_r, self._wake_w):
                s.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"\0")
        except OSError:
            pass

    def _main(self) -> None:
        sock = None
        deadline = time.monotonic() + self.max_seconds
        try:
            sock = connect(self.host, self.port, self.connect_timeout)
            h, p = sock.getsockname()[:2]
            self.local = f"{h}:{p}"
            sock.setblocking(False)
            self.connected.set()
            pending = bytearray()
            with selectors.DefaultSelector() as sel:
                sel.register(self._wake_r, selectors.EVENT_READ)
                sel.register(sock, selectors.EVENT_READ)
                while not self._stop.is_set() and time.monotonic() < deadline:
                    for key, mask in sel.select(0.5):
                        if key.fileobj is self._wake_r:
                            try:
                                self._wake_r.recv(4096)
                            except BlockingIOError:
                                pass
                            continue
                        if mask & selectors.EVENT_READ:
                            data = sock.recv(65536)
                            if not data:
                                self.closed_by_server = True
                                return
                            self.bytes_received += len(data)
                            self.incoming.append((time.monotonic_ns(), data))
                    while True:
                        try:
                            pending += self._outgoing.get_nowait()
                        except queue.Empty:
                            break
                    if pending:
                        try:
                            n = sock.send(pending)
                        except BlockingIOError:
                            n = 0
                        del pending[:n]
                        self.bytes_sent += n
                    sel.modify(sock, selectors.EVENT_READ | (selectors.EVENT_WRITE if pending else 0))
        except OSError as e:
            if not self._stop.is_set():
                self.error = e.strerror or str(e)
        finally:
            if sock is not None:
                sock.close()
