"""The reporting socket calls, shared by :class:`~evsim.core.watch.objects.WatchedSocket` and the patch layer.

:func:`socket_functions` makes, for one watch, the functions that replace a socket's accept, recv, recv_into,
recvfrom, send, sendall, sendto, shutdown, close, listen, connect and connect_ex.  Each: where it was made
(one ``sys._getframe``, one dict lookup: :class:`~evsim.core.watch.sites.Sites`), the gate when it is active,
the real call, then one record per event (a tuple, see :func:`evsim.core.events.deferred`).  A failed call is
reported with its errno and re-raises exactly what the real call raised.  recv and send, the hottest, are
written out in full rather than through a shared helper: one Python call less each.
"""

from __future__ import annotations

import _socket
import errno as _errno
import socket
import sys
from typing import TYPE_CHECKING, Callable

from evsim.core.events import deferred, now_ns
from evsim.core.watch.events import (
    Accept, Close, Connect, Listen, Modify, ReadyFd, Recv, Register, Selected, Send, Shutdown, Unregister,
)

if TYPE_CHECKING:
    from evsim.core.watch.objects import Watch

__all__ = ["socket_functions", "peer_text", "REAL", "API_SELECTOR", "C_SELECT", "C_ACCEPT", "C_RECV", "C_SEND",
           "C_REGISTER", "C_MODIFY", "C_UNREGISTER", "C_CLOSE", "C_SHUTDOWN", "C_CONNECT", "C_DISPATCH"]

_getframe = sys._getframe
_Selected, _ReadyFd = deferred(Selected), deferred(ReadyFd)
_Register, _Modify, _Unregister = deferred(Register), deferred(Modify), deferred(Unregister)
_Accept, _Connect, _Listen = deferred(Accept), deferred(Connect), deferred(Listen)
_Recv, _Send, _Shutdown, _Close = deferred(Recv), deferred(Send), deferred(Shutdown), deferred(Close)

#: Selected.api of a ``selectors`` selector's select().
API_SELECTOR = 4
# Held.call codes (events.CALL_NAMES)
C_SELECT, C_ACCEPT, C_RECV, C_SEND, C_REGISTER, C_MODIFY, C_UNREGISTER, C_CLOSE, C_SHUTDOWN, C_CONNECT, \
    C_DISPATCH = range(1, 12)

# The real calls, taken before anything can patch them (the wrappers must never report twice).
_SOCK = socket.socket
REAL = {
    "accept": _SOCK.accept, "close": _SOCK.close, "detach": _SOCK.detach,
    **{n: getattr(_SOCK, n) for n in ("recv", "recv_into", "recvfrom", "send", "sendall", "sendto", "shutdown",
                                      "listen", "connect", "connect_ex")},
}


def _errno_of(e: OSError) -> int:
    return e.errno or (_errno.ETIMEDOUT if isinstance(e, TimeoutError) else _errno.EIO)


def peer_text(addr: object) -> str:
    """``host:port`` for an IP address tuple (``[host]:port`` for IPv6), the path for a Unix socket."""
    if type(addr) is tuple and len(addr) >= 2:
        host = addr[0]
        return f"[{host}]:{addr[1]}" if ":" in str(host) else f"{host}:{addr[1]}"
    if isinstance(addr, bytes):
        return addr.decode("utf-8", "backslashreplace")
    return str(addr) if addr else ""


def _fd_of(obj: object) -> int:
    if type(obj) is int:
        return obj  # type: ignore[return-value]
    try:
        return obj.fileno()  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return -1


def socket_functions(watch: Watch, wrapped: bool) -> dict[str, Callable]:
    """The reporting socket methods: for :class:`WatchedSocket` (``wrapped``: ``self._sock`` is the real socket)
    or for the ``socket.socket`` class itself (the patch layer: ``self`` is the real socket)."""
    emit = watch.emit
    cache, where = watch.sites.cache, watch.sites.where
    live = watch.live
    R = REAL
    r_accept, r_close, r_recv, r_recv_into, r_recvfrom = R["accept"], R["close"], R["recv"], R["recv_into"], \
        R["recvfrom"]
    r_send, r_sendall, r_sendto, r_shutdown, r_listen = R["send"], R["sendall"], R["sendto"], R["shutdown"], \
        R["listen"]
    r_connect, r_connect_ex = R["connect"], R["connect_ex"]
    wrap = watch.socket if wrapped else None

    def begin(self, call, nbytes, depth=2):
        """(real socket, fd, file id, line) for a call made ``depth`` frames up, once the gate let it go."""
        f = _getframe(depth)
        site = cache.get(id(f.f_code) | (f.f_lasti << 48))
        fid, line = site if site is not None else where(f)
        s = self._sock if wrapped else self
        fd = s.fileno()
        g = watch.gate
        if g is not None and g.active:
            g.hold(call, fd, nbytes, fid, line)
        return s, fd, fid, line

    def accept(self):
        s, fd, fid, line = begin(self, C_ACCEPT, 0)
        try:
            conn, addr = r_accept(s)
        except OSError as e:
            emit(_Accept(now_ns(), fd, -1, "", _errno_of(e), fid, line))
            raise
        nfd = conn.fileno()
        live[nfd] = None
        emit(_Accept(now_ns(), fd, nfd, peer_text(addr), 0, fid, line))
        return (wrap(conn) if wrap is not None else conn), addr

    # recv and send, the hottest calls, are written out in full: no begin() call
    def recv(self, bufsize, flags=0):
        f = _getframe(1)
        site = cache.get(id(f.f_code) | (f.f_lasti << 48))
        fid, line = site if site is not None else where(f)
        s = self._sock if wrapped else self
        fd = s.fileno()
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_RECV, fd, 0, fid, line)
        try:
            data = r_recv(s, bufsize, flags)
        except OSError as e:
            emit(_Recv(now_ns(), fd, -1, bufsize, _errno_of(e), fid, line))
            raise
        emit((Recv, now_ns(), fd, len(data), bufsize, 0, fid, line))  # a deferred record, built inline
        return data

    def send(self, data, flags=0):
        f = _getframe(1)
        site = cache.get(id(f.f_code) | (f.f_lasti << 48))
        fid, line = site if site is not None else where(f)
        s = self._sock if wrapped else self
        fd = s.fileno()
        offered = len(data)
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_SEND, fd, offered, fid, line)
        try:
            n = r_send(s, data, flags)
        except OSError as e:
            emit(_Send(now_ns(), fd, -1, offered, _errno_of(e), fid, line))
            raise
        emit((Send, now_ns(), fd, n, offered, 0, fid, line))
        return n

    def recv_into(self, buffer, nbytes=0, flags=0):
        requested = nbytes or len(buffer)
        s, fd, fid, line = begin(self, C_RECV, 0)
        try:
            n = r_recv_into(s, buffer, nbytes, flags)
        except OSError as e:
            emit(_Recv(now_ns(), fd, -1, requested, _errno_of(e), fid, line))
            raise
        emit((Recv, now_ns(), fd, n, requested, 0, fid, line))
        return n

    def recvfrom(self, bufsize, flags=0):
        s, fd, fid, line = begin(self, C_RECV, 0)
        try:
            out = r_recvfrom(s, bufsize, flags)
        except OSError as e:
            emit(_Recv(now_ns(), fd, -1, bufsize, _errno_of(e), fid, line))
            raise
        emit((Recv, now_ns(), fd, len(out[0]), bufsize, 0, fid, line))
        return out

    def _send_other(self, call, data, rest):  # sendall, sendto
        offered = len(data)
        s, fd, fid, line = begin(self, C_SEND, offered, 3)
        try:
            n = call(s, data, *rest)
        except OSError as e:
            emit(_Send(now_ns(), fd, -1, offered, _errno_of(e), fid, line))
            raise
        emit((Send, now_ns(), fd, offered if n is None else n, offered, 0, fid, line))
        return n

    def sendall(self, data, *flags):
        return _send_other(self, r_sendall, data, flags)

    def sendto(self, data, *rest):
        return _send_other(self, r_sendto, data, rest)

    def shutdown(self, how):
        s, fd, fid, line = begin(self, C_SHUTDOWN, 0)
        try:
            r_shutdown(s, how)
        except OSError as e:
            emit(_Shutdown(now_ns(), fd, how, _errno_of(e), fid, line))
            raise
        emit(_Shutdown(now_ns(), fd, how, 0, fid, line))

    def close(self):
        if (self._sock if wrapped else self).fileno() < 0:  # already closed: nothing happens, nothing to say
            return r_close(self._sock if wrapped else self)
        s, fd, fid, line = begin(self, C_CLOSE, 0)
        r_close(s)
        live.pop(fd, None)
        emit(_Close(now_ns(), fd, fid, line))

    def listen(self, *backlog):
        fid, line = where(_getframe(1))  # (no Held call code for listen: never held)
        s = self._sock if wrapped else self
        fd = s.fileno()
        r_listen(s, *backlog)  # a failed listen() is rare and raises before there is anything to show
        try:
            addr = s.getsockname()
        except OSError:
            addr = ("", 0)
        host, port = (addr[0], addr[1]) if type(addr) is tuple else (peer_text(addr), 0)
        live[fd] = None
        emit(Listen(now_ns(), fd, str(host), int(port), int(backlog[0]) if backlog else -1, fid, line))

    def _connect(self, call, address):
        s, fd, fid, line = begin(self, C_CONNECT, 0, 3)
        peer = peer_text(address)
        try:
            out = call(s, address)
        except OSError as e:
            emit(_Connect(now_ns(), fd, peer, _errno_of(e), fid, line))
            raise
        live[fd] = None
        emit(_Connect(now_ns(), fd, peer, out or 0, fid, line))
        return out

    def connect(self, address):
        _connect(self, r_connect, address)

    def connect_ex(self, address):
        return _connect(self, r_connect_ex, address)

    real_del = _socket.socket.__del__  # what closes a socket nobody closed: it must still run

    def __del__(self):  # the patch layer only: a socket the program dropped without closing it
        try:
            fd = self.fileno()
            if fd >= 0:
                live.pop(fd, None)
                emit((Close, now_ns(), fd, 0, 0))  # file 0, line 0: closed by the garbage collector
        except Exception:  # noqa: BLE001 - at interpreter exit anything may be gone; never stop the close
            pass
        real_del(self)

    extra = {} if wrapped else {"__del__": __del__}
    return {**extra, "accept": accept, "recv": recv, "recv_into": recv_into, "recvfrom": recvfrom, "send": send,
            "sendall": sendall, "sendto": sendto, "shutdown": shutdown, "close": close, "listen": listen,
            "connect": connect, "connect_ex": connect_ex}
