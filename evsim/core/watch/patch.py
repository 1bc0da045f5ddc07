"""Watching an unmodified program: :func:`install` puts the watch on the classes and functions it will use.

* ``socket.socket`` (a Python subclass of ``_socket.socket``): accept, recv, recv_into, recvfrom, send,
  sendall, sendto, shutdown, close, listen, connect, connect_ex are replaced on the class, so every socket
  reports, however it was made (``socket.create_connection``, ``accept``, asyncio's sockets).
* ``selectors``: every selector class (Select, Poll, Epoll, Devpoll, Kqueue; ``DefaultSelector`` is one of
  them, and asyncio's selector event loop uses it) reports at **its own level**: one Selected per
  ``selector.select()`` with the masks it returns (EVENT_READ/EVENT_WRITE).  The poll/epoll objects inside a
  selector are the real ones, and so is ``SelectSelector._select`` (``selectors`` bound them when it was
  imported, before any install), so a selector's select is never reported twice.
* ``select.select``, ``select.poll`` and ``select.epoll`` are replaced in the ``select`` module for programs
  that call them directly (:mod:`evsim.core.watch.raw`).

Only what is called through ``socket.socket`` or these names is watched: a bare ``_socket.socket`` (evsim's
own stream socket) or a name imported before :func:`install` (``from select import select``) is not.
:func:`uninstall` puts every original back.  One watch at a time per process.
"""

from __future__ import annotations

import select
import selectors
import socket
from typing import Any

from evsim.core.watch import raw
from evsim.core.watch.objects import Watch, selector_functions, socket_functions

__all__ = ["install", "uninstall", "installed", "SELECTOR_CLASSES"]

#: The selectors classes patched (those this platform has).
SELECTOR_CLASSES: tuple[type, ...] = tuple(
    c for c in (getattr(selectors, n, None) for n in
                ("SelectSelector", "PollSelector", "EpollSelector", "DevpollSelector", "KqueueSelector"))
    if c is not None)

_MISSING = object()
# (owner, name, what was in owner.__dict__ before, or _MISSING): undone in reverse order
_saved: list[tuple[Any, str, Any]] = []
_current: Watch | None = None


def _set(owner: Any, name: str, value: Any) -> None:
    before = owner.__dict__.get(name, _MISSING) if isinstance(owner, type) else getattr(owner, name, _MISSING)
    _saved.append((owner, name, before))
    setattr(owner, name, value)


def install(watch: Watch) -> None:
    """Watch every socket, selector and select/poll/epoll call the process makes from now on."""
    global _current
    if _current is not None:
        raise RuntimeError("a watch is already installed in this process")
    _current = watch
    try:
        for name, fn in socket_functions(watch, False).items():
            _set(socket.socket, name, fn)
        for cls in SELECTOR_CLASSES:
            for name, fn in selector_functions(watch, False, cls).items():
                _set(cls, name, fn)
            _set(cls, "_evsim_max", -2)  # each selector's highest fd, once known (an instance attribute then)
        _set(select, "select", raw.watched_select(watch))
        _set(select, "poll", raw.poll_class(watch))
        epoll = raw.epoll_class(watch)
        if epoll is not None:
            _set(select, "epoll", epoll)
    except BaseException:
        uninstall()
        raise


def uninstall() -> None:
    """Put back everything :func:`install` replaced (harmless when nothing is installed)."""
    global _current
    while _saved:
        owner, name, before = _saved.pop()
        if before is _MISSING:
            try:
                delattr(owner, name)
            except AttributeError:
                pass
        else:
            setattr(owner, name, before)
    _current = None


def installed() -> Watch | None:
    """The watch installed now, if any."""
    return _current
