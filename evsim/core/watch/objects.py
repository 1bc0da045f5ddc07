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

import selectors
import socket
from typing import Any, Callable

from evsim.core.watch.calls import (  # noqa: F401 - re-exported: the names users of the watch import from here
    API_SELECTOR, C_ACCEPT, C_CLOSE, C_CONNECT, C_DISPATCH, C_MODIFY, C_RECV, C_REGISTER, C_SELECT, C_SEND,
    C_SHUTDOWN, C_UNREGISTER, REAL, _fd_of, peer_text, socket_functions,
)
from evsim.core.watch.selcalls import selector_functions
from evsim.core.watch.sites import Sites

__all__ = ["Watch", "WatchedSelector", "WatchedSocket", "socket_functions", "selector_functions", "peer_text",
           "API_SELECTOR"]


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
        self._evsim_max = -2  # the highest registered fd; -2: not known (computed at the next select)

    @property
    def selector(self) -> selectors.BaseSelector:
        return self._sel

    def get_key(self, fileobj: Any) -> selectors.SelectorKey:
        return self._sel.get_key(fileobj)

    def get_map(self) -> Any:
        return self._evsim_map

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sel, name)
