"""Echo servers that misbehave on purpose, to prove the load's checks catch them (threads in the test process).

Modes: ``flip`` corrupts one byte of every third chunk; ``close`` closes the connection after five chunks;
``drop-last`` echoes every chunk minus its last byte; ``silent`` accepts, reads and never answers;
``late-extra`` echoes, then sends one byte more 50 ms later.
"""

from __future__ import annotations

import socket
import threading

MODES = ("flip", "close", "drop-last", "silent", "late-extra")


class BadEchoServer:
    """A tiny threaded echo server on 127.0.0.1 port 0 that misbehaves as ``mode`` says.  ``close()`` joins."""

    def __init__(self, mode: str = "flip") -> None:
        if mode not in MODES:
            raise ValueError(mode)
        self.mode = mode
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.05)
        self.address = self.listener.getsockname()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        t = threading.Thread(target=self._accept)
        t.start()
        self._threads.append(t)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                c, _ = self.listener.accept()
            except (socket.timeout, OSError):
                continue
            self._conns.append(c)
            t = threading.Thread(target=self._serve, args=(c,))
            t.start()
            self._threads.append(t)

    def _serve(self, c: socket.socket) -> None:
        c.settimeout(0.05)
        n = 0
        while not self._stop.is_set():
            try:
                data = c.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if not data:
                return
            n += 1
            if self.mode == "silent":
                continue
            if self.mode == "flip" and n % 3 == 0:
                data = bytes([data[0] ^ 0xFF]) + data[1:]
            elif self.mode == "drop-last":
                data = data[:-1]
            elif self.mode == "close" and n == 5:
                c.close()
                return
            try:
                c.sendall(data)
                if self.mode == "late-extra" and not self._stop.wait(0.05):
                    c.sendall(b"!")
            except OSError:
                return

    def close(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(2)
        for c in self._conns:
            c.close()
        self.listener.close()

    def __enter__(self) -> "BadEchoServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
