"""The raw multiplexing calls watched: ``select.select``, ``select.poll()`` objects and ``select.epoll`` objects.

For programs that call them directly (the textbook ``select.select(inputs, outputs, inputs)`` loop).  The
``selectors`` classes do not come through here: they are watched at their own level (one Selected per
``selector.select()``, see :mod:`evsim.core.watch.patch`), and use the real poll/epoll objects underneath.

Masks are translated the way ``selectors`` translates them: POLLIN/EPOLLIN (and HUP, ERR, PRI) -> EVENT_READ,
POLLOUT/EPOLLOUT (and HUP, ERR) -> EVENT_WRITE; ``select.select``'s exceptional list counts as EVENT_WRITE,
as in ``selectors.SelectSelector``.
"""

from __future__ import annotations

import select as _select
import sys
from typing import Any, Callable

from evsim.core.events import deferred, now_ns
from evsim.core.watch.events import Modify, ReadyFd, Register, Selected, Unregister
from evsim.core.watch.objects import (
    C_DISPATCH, C_MODIFY, C_REGISTER, C_SELECT, C_UNREGISTER, Watch, _fd_of,
)

__all__ = ["REAL_SELECT", "REAL_POLL", "REAL_EPOLL", "watched_select", "poll_class", "epoll_class"]

REAL_SELECT = _select.select
REAL_POLL = _select.poll
REAL_EPOLL = getattr(_select, "epoll", None)

_getframe = sys._getframe
_Selected, _ReadyFd = deferred(Selected), deferred(ReadyFd)
_Register, _Modify, _Unregister = deferred(Register), deferred(Modify), deferred(Unregister)
API_SELECT, API_POLL, API_EPOLL = 1, 2, 3

_POLLIN, _POLLPRI, _POLLOUT = _select.POLLIN, _select.POLLPRI, _select.POLLOUT
_EPOLLIN = getattr(_select, "EPOLLIN", _POLLIN)
_EPOLLPRI = getattr(_select, "EPOLLPRI", _POLLPRI)
_EPOLLOUT = getattr(_select, "EPOLLOUT", _POLLOUT)


def _site(watch: Watch) -> tuple[int, int]:
    """(file id, line) of the program line that called our caller."""
    f = _getframe(2)
    site = watch.sites.cache.get(id(f.f_code) | (f.f_lasti << 48))
    return site if site is not None else watch.sites.where(f)


def _hold(watch: Watch, call: int, fd: int, fid: int, line: int) -> None:
    g = watch.gate
    if g is not None and g.active:
        g.hold(call, fd, 0, fid, line)


def watched_select(watch: Watch) -> Callable:
    """A ``select.select`` that reports each call (api 1)."""
    emit = watch.emit

    def select(rlist, wlist, xlist, timeout=None):
        fid, line = _site(watch)
        _hold(watch, C_SELECT, -1, fid, line)
        t0 = now_ns()
        r, w, x = REAL_SELECT(rlist, wlist, xlist, timeout)
        t1 = now_ns()
        asked = {_fd_of(o) for o in rlist}
        asked.update(_fd_of(o) for o in wlist)
        asked.update(_fd_of(o) for o in xlist)
        masks: dict[int, int] = {}
        for objs, bit in ((r, 1), (w, 2), (x, 2)):
            for o in objs:
                fd = _fd_of(o)
                masks[fd] = masks.get(fd, 0) | bit
        tus = -1 if timeout is None else max(0, int(timeout * 1e6))
        emit(_Selected(t1, API_SELECT, len(asked), max(asked, default=-1), tus, t1 - t0, len(masks), fid, line))
        for fd, mask in masks.items():
            emit(_ReadyFd(t1, fd, mask, fid, line))
        if masks:
            _hold(watch, C_DISPATCH, next(iter(masks)), fid, line)
        return r, w, x

    select.__doc__ = REAL_SELECT.__doc__
    return select


class _WatchedPollBase:
    """What poll and epoll objects share: the registered fds, the reported register/modify/unregister."""

    _watch: Watch
    _api = API_POLL
    _IN, _PRI, _OUT = _POLLIN, _POLLPRI, _POLLOUT

    def __init__(self, real: Any) -> None:
        self._real = real
        self._fds: dict[int, int] = {}

    def _mask(self, eventmask: int) -> int:
        return (1 if eventmask & (self._IN | self._PRI) else 0) | (2 if eventmask & self._OUT else 0)

    def register(self, fd: Any, eventmask: int | None = None) -> None:
        fid, line = _site(self._watch)
        n = _fd_of(fd)
        _hold(self._watch, C_REGISTER, n, fid, line)
        mask = eventmask if eventmask is not None else self._IN | self._PRI | self._OUT
        self._real.register(fd, mask)
        self._fds[n] = mask
        self._watch.live[n] = None
        self._watch.emit(_Register(now_ns(), n, self._mask(mask), fid, line))

    def modify(self, fd: Any, eventmask: int) -> None:
        fid, line = _site(self._watch)
        n = _fd_of(fd)
        _hold(self._watch, C_MODIFY, n, fid, line)
        self._real.modify(fd, eventmask)
        self._fds[n] = eventmask
        self._watch.emit(_Modify(now_ns(), n, self._mask(eventmask), fid, line))

    def unregister(self, fd: Any) -> None:
        fid, line = _site(self._watch)
        n = _fd_of(fd)
        _hold(self._watch, C_UNREGISTER, n, fid, line)
        self._real.unregister(fd)
        self._fds.pop(n, None)
        self._watch.emit(_Unregister(now_ns(), n, fid, line))

    def _report(self, fid: int, line: int, tus: int, t0: int, got: list) -> list:
        t1 = now_ns()
        watch = self._watch
        emit = watch.emit
        fds = self._fds
        emit(_Selected(t1, self._api, len(fds), max(fds, default=-1), tus, t1 - t0, len(got), fid, line))
        IN, OUT = self._IN, self._OUT
        for fd, ev in got:
            emit(_ReadyFd(t1, fd, (2 if ev & ~IN else 0) | (1 if ev & ~OUT else 0), fid, line))
        if got:
            _hold(watch, C_DISPATCH, got[0][0], fid, line)
        return got

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def poll_class(watch: Watch) -> type:
    """A ``select.poll`` replacement whose objects report each call (api 2; timeout in milliseconds)."""

    class WatchedPoll(_WatchedPollBase):
        _watch = watch

        def __init__(self) -> None:
            super().__init__(REAL_POLL())

        def poll(self, timeout: Any = None) -> list:
            fid, line = _site(watch)
            _hold(watch, C_SELECT, -1, fid, line)
            t0 = now_ns()
            got = self._real.poll(timeout)
            tus = -1 if timeout is None or timeout < 0 else int(timeout * 1000)
            return self._report(fid, line, tus, t0, got)

    return WatchedPoll


def epoll_class(watch: Watch) -> type | None:
    """A ``select.epoll`` replacement whose objects report each call (api 3; timeout in seconds)."""
    if REAL_EPOLL is None:
        return None

    class WatchedEpoll(_WatchedPollBase):
        _watch = watch
        _api = API_EPOLL
        _IN, _PRI, _OUT = _EPOLLIN, _EPOLLPRI, _EPOLLOUT

        def __init__(self, sizehint: int = -1, flags: int = 0, *, _real: Any = None) -> None:
            super().__init__(_real if _real is not None else REAL_EPOLL(sizehint, flags))

        @classmethod
        def fromfd(cls, fd: int) -> "WatchedEpoll":
            return cls(_real=REAL_EPOLL.fromfd(fd))

        def poll(self, timeout: Any = None, maxevents: int = -1) -> list:
            fid, line = _site(watch)
            _hold(watch, C_SELECT, -1, fid, line)
            t0 = now_ns()
            got = self._real.poll(-1 if timeout is None else timeout, maxevents)
            tus = -1 if timeout is None or timeout < 0 else int(timeout * 1e6)
            return self._report(fid, line, tus, t0, got)

        def close(self) -> None:
            self._real.close()

        def __enter__(self) -> "WatchedEpoll":
            return self

        def __exit__(self, *exc: object) -> None:
            self._real.close()

    return WatchedEpoll
