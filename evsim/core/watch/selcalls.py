"""The reporting selector calls, shared by :class:`~evsim.core.watch.objects.WatchedSelector` and the patch
layer (every ``selectors`` class): register, modify, unregister, select, close.

A selector reports at its own level: one Selected per ``select()`` (api 4, ``selector.select``) and one
ReadyFd per ready key, masks already in EVENT_READ/EVENT_WRITE.  ``_BaseSelectorImpl.modify`` is unregister +
register inside ``selectors``: those inner calls are not reported, the program made one modify.
"""

from __future__ import annotations

import selectors
import sys
from typing import TYPE_CHECKING, Callable

from evsim.core.events import now_ns
from evsim.core.watch.calls import (
    API_SELECTOR, C_DISPATCH, C_MODIFY, C_REGISTER, C_SELECT, C_UNREGISTER, _Modify, _Register, _Unregister,
    _fd_of,
)
from evsim.core.watch.events import ReadyFd, Selected

if TYPE_CHECKING:
    from evsim.core.watch.objects import Watch

__all__ = ["selector_functions"]

_getframe = sys._getframe


def selector_functions(watch: Watch, wrapped: bool, cls: type | None = None) -> dict[str, Callable]:
    """The reporting selector methods: for :class:`WatchedSelector` (``wrapped``) or for the ``selectors``
    class ``cls`` itself (the patch layer, which also gives the class an ``_evsim_max = -2`` default)."""
    emit = watch.emit
    cache, where = watch.sites.cache, watch.sites.where
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

    def caller_site():
        f = _getframe(2)
        got = cache.get(id(f.f_code) | (f.f_lasti << 48))
        return got if got is not None else where(f)

    def select(self, timeout=None):
        f = _getframe(1)
        site = cache.get(id(f.f_code) | (f.f_lasti << 48))
        fid, line = site if site is not None else where(f)
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_SELECT, -1, 0, fid, line)
        t0 = now_ns()
        ready = r_select(self, timeout)
        t1 = now_ns()
        m = self._evsim_map if wrapped else self._fd_to_key
        mx = self._evsim_max
        if mx == -2:  # unknown since the highest fd was unregistered
            mx = self._evsim_max = max(m, default=-1)
        tus = -1 if timeout is None else (int(timeout * 1e6) if timeout > 0 else 0)
        emit((Selected, t1, API_SELECTOR, len(m), mx, tus, t1 - t0, len(ready), fid, line))
        for key, mask in ready:
            emit((ReadyFd, t1, key.fd, mask, fid, line))
        if ready and g is not None and g.active:
            g.hold(C_DISPATCH, ready[0][0].fd, 0, fid, line)
        return ready

    def register(self, fileobj, events, data=None):
        f = _getframe(1)
        if f.f_code is base_modify:
            return r_register(self, fileobj, events, data)
        site = cache.get(id(f.f_code) | (f.f_lasti << 48))
        fid, line = site if site is not None else where(f)
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_REGISTER, _fd_of(fileobj), 0, fid, line)
        key = r_register(self, fileobj, events, data)
        fd = key.fd
        live[fd] = None
        if fd > self._evsim_max >= -1:
            self._evsim_max = fd
        emit(_Register(now_ns(), fd, events, fid, line))
        return key

    def unregister(self, fileobj):
        f = _getframe(1)
        if f.f_code is base_modify:
            return r_unregister(self, fileobj)
        site = cache.get(id(f.f_code) | (f.f_lasti << 48))
        fid, line = site if site is not None else where(f)
        g = watch.gate
        if g is not None and g.active:
            g.hold(C_UNREGISTER, _fd_of(fileobj), 0, fid, line)
        key = r_unregister(self, fileobj)
        if key.fd >= self._evsim_max:
            self._evsim_max = -2  # the highest fd left: recomputed at the next select
        emit(_Unregister(now_ns(), key.fd, fid, line))
        return key

    def modify(self, fileobj, events, data=None):
        fid, line = caller_site()
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
            fid, line = caller_site()
            t = now_ns()
            for fd in fds:
                emit(_Unregister(t, fd, fid, line))
        return out

    return {"select": select, "register": register, "unregister": unregister, "modify": modify, "close": close}
