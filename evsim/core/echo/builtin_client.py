"""What every built-in echo client shares: dialling the server, and :class:`BuiltinClient` (one thread, one
socket, counters, a bounded run, ``start()``/``stop()``)."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time

__all__ = ["reachable_host", "connect", "BuiltinClient"]


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
