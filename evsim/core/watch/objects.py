"""The watch's wrapped objects: a selector and sockets that report each call, its result and the program's line.

:class:`Watch` holds the sink (``emit``), the :class:`~evsim.core.watch.sites.Sites` table and an optional step
gate.  ``watch.selector(sel)`` and ``watch.socket(sock)`` wrap objects a program uses; the patch layer
(:mod:`evsim.core.watch.patch`) puts the very same call functions on the ``selectors`` and ``socket`` classes,
for programs that do not know they are watched.

Each call, in order: where it was made (one ``sys._getframe``, one dict lookup), the gate (``gate.hold(call,
fd, nbytes, file, line)`` when a gate is set and ``gate.active``), the real call, then one deferred record
per event (a tuple: no dataclass, no string formatting on the hot path).  A call that fails is reported with
its errno and re-raises exactly what the real call raised.  A select is held twice: before it waits (call 1)
and, when something is ready, once more before the program dispatches the first ready fd (call 11).
"""

from __future__ import annotations

import errno as _errno
import selectors
import socket
import sys
from typing import Any, Callable

from evsim.core.events import deferred, now_ns
from evsim.core.watch.events import (
    Accept, Close, Connect, Listen, Modify, ReadyFd, Recv, Register, Selected, Send, Shutdown, Unregister,
)
from evsim.core.watch.sites import Sites

__all__ = ["Watch", "WatchedSelector", "WatchedSocket", "socket_functions", "selector_functions", "peer_text",
           "API_SELECTOR"]

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


class Watch:
    """What every watched object reports into: ``emit(record_or_event)``, the source sites, an optional gate.

    ``live`` holds the descriptors of the sockets the program has open and watched (listened, accepted,
    connected, registered; a close removes them): the kernel queues sampler reads it.
    """

    def __init__(self, emit: Callable[[Any], None], gate: Any = None) -> None:
        self.emit = emit
        self.gate = gate
        self.sites = Sites(emit)
        self.live: dict[int, None] = {}
        self.iteration = 0  #: select() calls so far (the loop's iterations)
        self._socket_cls: type | None = None
        self._selector_cls: type | None = None

    def selector(self, sel: selectors.BaseSelector) -> "WatchedSelector":
        """``sel`` wrapped: the same interface, each call reported."""
        if self._selector_cls is None:
            self._selector_cls = type("WatchedSelector", (WatchedSelector,), selector_functions(self, True))
        return self._selector_cls(self, sel)

    def socket(self, sock: socket.socket) -> "WatchedSocket":
        """``sock`` wrapped: the same interface, each call reported (``accept`` returns a WatchedSocket)."""
        if self._socket_cls is None:
            self._socket_cls = type("WatchedSocket", (WatchedSocket,), socket_functions(self, True))
        ws = self._socket_cls(sock)
        return ws

    def where(self, depth: int = 1) -> tuple[int, int]:
        """``(file id, line)`` of the program line that called the caller (for producers beside the wrappers)."""
        return self.sites.here(depth + 1)


class WatchedSocket:
    """A socket whose calls are reported; anything not listed here goes to the socket itself."""

    __slots__ = ("_sock", "_fd", "__weakref__")

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._fd = sock.fileno()

    @property
    def sock(self) -> socket.socket:
        """The real socket."""
        return self._sock

    def fileno(self) -> int:
        return self._sock.fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def __enter__(self) -> "WatchedSocket":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"<WatchedSocket {self._sock!r}>"


class WatchedSelector(selectors.BaseSelector):
    """A selector whose register/modify/unregister/select/close are reported; ``get_key``/``get_map`` pass."""

    def __init__(self, watch: Watch, sel: selectors.BaseSelector) -> None:
        self._sel = sel
        self._evsim_map = sel.get_map()
        self._evsim_max = -1

    @property
    def selector(self) -> selectors.BaseSelector:
        return self._sel

    def get_key(self, fileobj: Any) -> selectors.SelectorKey:
        return self._sel.get_key(fileobj)

    def get_map(self) -> Any:
        return self._evsim_map

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sel, name)


def socket_functions(watch: Watch, wrapped: bool) -> dict[str, Callable]:
    """The reporting socket methods: for :class:`WatchedSocket` (``wrapped``: ``self._sock`` is the real socket)
    or for the ``socket.socket`` class itself (the patch layer: ``self`` is the real socket)."""
    emit = watch.emit
    program, locate = watch.sites.program, watch.sites.locate
    live = watch.live
    R = REAL
    r_accept, r_close, r_recv, r_recv_into, r_recvfrom = R["accept"], R["close"], R["recv"], R["recv_into"], \
        R["recvfrom"]
    r_send, r_sendall, r_sendto, r_shutdown, r_listen = R["send"], R["sendall"], R["sendto"], R["shutdown"], \
        R["listen"]
    r_connect, r_connect_ex = R["connect"], R["connect_ex"]
    wrap = watch.socket if wrapped else None

    if wrapped:
        def real(self):
            return self._sock
    else:
        def real(self):
            return self

    def accept(self):
        f = _getframe(1)
        fid = program.get(f.f_code)
        line = f.f_lineno if fid is not None else 0
        if fid is None:
            fid, line = locate(f)
        s = real(self)
        fd = s.fileno()
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_ACCEPT, fd, 0, fid, line)
        try:
            conn, addr = r_accept(s)
        except OSError as e:
            emit(_Accept(now_ns(), fd, -1, "", _errno_of(e), fid, line))
            raise
        nfd = conn.fileno()
        live[nfd] = None
        emit(_Accept(now_ns(), fd, nfd, peer_text(addr), 0, fid, line))
        return (wrap(conn) if wrap is not None else conn), addr

    def _recv_common(self, call, args, requested, fid, line):
        s = real(self)
        fd = s.fileno()
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_RECV, fd, 0, fid, line)
        try:
            out = call(s, *args)
        except OSError as e:
            emit(_Recv(now_ns(), fd, -1, requested, _errno_of(e), fid, line))
            raise
        return fd, out

    def recv(self, bufsize, flags=0):
        f = _getframe(1)
        fid = program.get(f.f_code)
        if fid is None:
            fid, line = locate(f)
        else:
            line = f.f_lineno
        s = real(self)
        fd = s.fileno()
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_RECV, fd, 0, fid, line)
        try:
            data = r_recv(s, bufsize, flags)
        except OSError as e:
            emit(_Recv(now_ns(), fd, -1, bufsize, _errno_of(e), fid, line))
            raise
        emit(_Recv(now_ns(), fd, len(data), bufsize, 0, fid, line))
        return data

    def recv_into(self, buffer, nbytes=0, flags=0):
        f = _getframe(1)
        fid = program.get(f.f_code)
        if fid is None:
            fid, line = locate(f)
        else:
            line = f.f_lineno
        requested = nbytes or len(buffer)
        fd, n = _recv_common(self, r_recv_into, (buffer, nbytes, flags), requested, fid, line)
        emit(_Recv(now_ns(), fd, n, requested, 0, fid, line))
        return n

    def recvfrom(self, bufsize, flags=0):
        f = _getframe(1)
        fid = program.get(f.f_code)
        if fid is None:
            fid, line = locate(f)
        else:
            line = f.f_lineno
        fd, out = _recv_common(self, r_recvfrom, (bufsize, flags), bufsize, fid, line)
        emit(_Recv(now_ns(), fd, len(out[0]), bufsize, 0, fid, line))
        return out

    def _send_common(self, call, args, offered, fid, line):
        s = real(self)
        fd = s.fileno()
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_SEND, fd, offered, fid, line)
        try:
            n = call(s, *args)
        except OSError as e:
            emit(_Send(now_ns(), fd, -1, offered, _errno_of(e), fid, line))
            raise
        emit(_Send(now_ns(), fd, offered if n is None else n, offered, 0, fid, line))
        return n

    def send(self, data, flags=0):
        f = _getframe(1)
        fid = program.get(f.f_code)
        if fid is None:
            fid, line = locate(f)
        else:
            line = f.f_lineno
        s = real(self)
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
        emit(_Send(now_ns(), fd, n, offered, 0, fid, line))
        return n

    def sendall(self, data, flags=0):
        f = _getframe(1)
        fid = program.get(f.f_code)
        if fid is None:
            fid, line = locate(f)
        else:
            line = f.f_lineno
        return _send_common(self, r_sendall, (data, flags), len(data), fid, line)

    def sendto(self, data, *rest):
        f = _getframe(1)
        fid = program.get(f.f_code)
        if fid is None:
            fid, line = locate(f)
        else:
            line = f.f_lineno
        return _send_common(self, r_sendto, (data, *rest), len(data), fid, line)

    def shutdown(self, how):
        fid, line = locate(_getframe(1))
        s = real(self)
        fd = s.fileno()
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_SHUTDOWN, fd, 0, fid, line)
        try:
            r_shutdown(s, how)
        except OSError as e:
            emit(_Shutdown(now_ns(), fd, how, _errno_of(e), fid, line))
            raise
        emit(_Shutdown(now_ns(), fd, how, 0, fid, line))

    def close(self):
        s = real(self)
        fd = s.fileno()
        if fd < 0:  # already closed: nothing happens, nothing to report
            return r_close(s)
        fid, line = locate(_getframe(1))
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_CLOSE, fd, 0, fid, line)
        r_close(s)
        live.pop(fd, None)
        emit(_Close(now_ns(), fd, fid, line))

    def listen(self, *backlog):
        fid, line = locate(_getframe(1))
        s = real(self)
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
        fid, line = locate(_getframe(2))
        s = real(self)
        fd = s.fileno()
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_CONNECT, fd, 0, fid, line)
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

    return {"accept": accept, "recv": recv, "recv_into": recv_into, "recvfrom": recvfrom, "send": send,
            "sendall": sendall, "sendto": sendto, "shutdown": shutdown, "close": close, "listen": listen,
            "connect": connect, "connect_ex": connect_ex}


def selector_functions(watch: Watch, wrapped: bool, cls: type | None = None) -> dict[str, Callable]:
    """The reporting selector methods: for :class:`WatchedSelector` (``wrapped``) or for the ``selectors``
    class ``cls`` itself (the patch layer).  The selector reports at its own level: one Selected per
    ``select()``, masks already in EVENT_READ/EVENT_WRITE."""
    emit = watch.emit
    program, locate = watch.sites.program, watch.sites.locate
    live = watch.live
    base_modify = selectors._BaseSelectorImpl.modify.__code__  # modify = unregister + register there

    if wrapped:
        def r_select(self, timeout):
            return self._sel.select(timeout)

        def r_register(self, fileobj, events, data):
            return self._sel.register(fileobj, events, data)

        def r_modify(self, fileobj, events, data):
            return self._sel.modify(fileobj, events, data)

        def r_unregister(self, fileobj):
            return self._sel.unregister(fileobj)

        def r_close(self):
            return self._sel.close()

        def fd_map(self):
            return self._evsim_map
    else:
        assert cls is not None
        r_select, r_register, r_modify, r_unregister, r_close = (
            getattr(cls, n) for n in ("select", "register", "modify", "unregister", "close"))

        def fd_map(self):
            return self._fd_to_key

    def site():
        f = _getframe(2)
        fid = program.get(f.f_code)
        if fid is None:
            return locate(f)
        return fid, f.f_lineno

    def select(self, timeout=None):
        f = _getframe(1)
        fid = program.get(f.f_code)
        if fid is None:
            fid, line = locate(f)
        else:
            line = f.f_lineno
        watch.iteration += 1
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_SELECT, -1, 0, fid, line)
        t0 = now_ns()
        ready = r_select(self, timeout)
        t1 = now_ns()
        m = fd_map(self)
        mx = self.__dict__.get("_evsim_max", -2)
        if mx == -2:
            mx = self._evsim_max = max(m, default=-1) if not wrapped else max(
                (k.fd for k in m.values()), default=-1)
        tus = -1 if timeout is None else (int(timeout * 1e6) if timeout > 0 else 0)
        emit(_Selected(t1, API_SELECTOR, len(m), mx, tus, t1 - t0, len(ready), fid, line))
        for key, mask in ready:
            emit(_ReadyFd(t1, key.fd, mask, fid, line))
        if ready and g is not None and g.active:
            g.hold(C_DISPATCH, ready[0][0].fd, 0, fid, line)
        return ready

    def register(self, fileobj, events, data=None):
        f = _getframe(1)
        if f.f_code is base_modify:
            return r_register(self, fileobj, events, data)
        fid = program.get(f.f_code)
        if fid is None:
            fid, line = locate(f)
        else:
            line = f.f_lineno
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_REGISTER, _fd_of(fileobj), 0, fid, line)
        key = r_register(self, fileobj, events, data)
        fd = key.fd
        live[fd] = None
        if fd > self.__dict__.get("_evsim_max", -2) >= -1:
            self._evsim_max = fd
        emit(_Register(now_ns(), fd, events, fid, line))
        return key

    def unregister(self, fileobj):
        f = _getframe(1)
        if f.f_code is base_modify:
            return r_unregister(self, fileobj)
        fid = program.get(f.f_code)
        if fid is None:
            fid, line = locate(f)
        else:
            line = f.f_lineno
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_UNREGISTER, _fd_of(fileobj), 0, fid, line)
        key = r_unregister(self, fileobj)
        if key.fd >= self.__dict__.get("_evsim_max", -2):
            self._evsim_max = -2  # the highest fd left: recomputed at the next select
        emit(_Unregister(now_ns(), key.fd, fid, line))
        return key

    def modify(self, fileobj, events, data=None):
        fid, line = site()
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_MODIFY, _fd_of(fileobj), 0, fid, line)
        key = r_modify(self, fileobj, events, data)
        emit(_Modify(now_ns(), key.fd, events, fid, line))
        return key

    def close(self):
        # Closing a selector unregisters nothing the program sees one by one: report each fd it still watched.
        m = fd_map(self)
        fds = [k.fd for k in list(m.values())] if m else []
        out = r_close(self)
        if fds:
            fid, line = site()
            t = now_ns()
            for fd in fds:
                emit(_Unregister(t, fd, fid, line))
        return out

    return {"select": select, "register": register, "unregister": unregister, "modify": modify, "close": close}
