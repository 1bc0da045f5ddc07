"""What the echo servers' loops use: backends, limits, the deferred hot-path events, the records other threads
read (ConnInfo, ServerStats), close reasons, and the code pane's view of a loop's source."""

from __future__ import annotations

import errno
import inspect
import re
import selectors
import socket
import threading
from dataclasses import dataclass

from evsim.core.echo.connection import ConnState
from evsim.core.echo import events as ev
from evsim.core.events import deferred

__all__ = [
    "ConnInfo", "ServerStats", "BACKENDS", "FD_SETSIZE", "ACCEPT_RETRY_S", "OUT_OF_RESOURCES", "EVENT_READ",
    "EVENT_WRITE", "OPEN", "CLOSED", "Ready", "Received", "Sent", "backend_name", "close_reason", "format_peer",
    "set_nodelay", "loop_source_of", "info", "NO_CONTROL",
]

EVENT_READ = selectors.EVENT_READ
EVENT_WRITE = selectors.EVENT_WRITE
OPEN, CLOSED = ConnState.OPEN, ConnState.CLOSED

#: Selector classes by backend name ("default" is the best one the platform has: epoll on Linux).
BACKENDS: dict[str, type[selectors.BaseSelector]] = {"default": selectors.DefaultSelector,
                                                     "select": selectors.SelectSelector}
if hasattr(selectors, "PollSelector"):
    BACKENDS["poll"] = selectors.PollSelector
if hasattr(selectors, "EpollSelector"):
    BACKENDS["epoll"] = selectors.EpollSelector

#: select.select() only accepts descriptors below this (glibc's fd_set size).
FD_SETSIZE = 1024
#: After accept() fails for lack of descriptors, try again after this long (asyncio's ACCEPT_RETRY_DELAY is 1 s).
ACCEPT_RETRY_S = 0.1
#: accept() fails with these when the process or the system is out of descriptors or memory.
OUT_OF_RESOURCES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})

_NAMES = {"SelectSelector": "select", "PollSelector": "poll", "EpollSelector": "epoll",
          "KqueueSelector": "kqueue", "DevpollSelector": "devpoll"}


# The per-request events are emitted as deferred records, (class, t_ns, *fields): a tuple costs a quarter of a
# frozen dataclass, and the sink builds the event when someone reads it (evsim.core.events.deferred).
Ready = deferred(ev.Ready)
Received = deferred(ev.Received)
Sent = deferred(ev.Sent)


def backend_name(selector_cls: type) -> str:
    """'epoll' for EpollSelector, and so on."""
    return _NAMES.get(selector_cls.__name__, selector_cls.__name__)


@dataclass(frozen=True, slots=True)
class ConnInfo:
    """One open connection, as seen from another thread (a copy: it does not change)."""

    fd: int
    peer: str
    bytes_in: int
    bytes_out: int
    buffered: int
    state: str


@dataclass(frozen=True, slots=True)
class ServerStats:
    accepted: int
    open: int
    bytes_in: int
    bytes_out: int
    refused: int
    closed: int


def close_reason(exc: OSError) -> str:
    """The Closed.reason for an error raised by recv/send."""
    if isinstance(exc, ConnectionResetError) or exc.errno in (errno.ECONNRESET, errno.ECONNABORTED):
        return "reset"
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        return "broken pipe"
    return "error"


def format_peer(addr: object) -> str:
    if isinstance(addr, tuple) and len(addr) >= 2:
        host = addr[0]
        return f"[{host}]:{addr[1]}" if ":" in str(host) else f"{host}:{addr[1]}"
    return str(addr)


def set_nodelay(sock: socket.socket) -> None:
    """Echo replies go out at once (no Nagle delay); harmless if the peer is already gone."""
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass


def info(c) -> ConnInfo:
    # Counters only grow and bytes_out <= bytes_in at every instant: reading bytes_out first keeps that
    # true in the copy even if the loop thread runs between the two reads.
    out = c.bytes_out
    return ConnInfo(c.fd, c.peer, c.bytes_in, out, c.buffered, str(c.state))


class _NoControl:
    """Stands in for a LoopControl when there is none: the hot path reads two class attributes."""

    active = False
    tracing = False

    def before_dispatch(self, stopping: threading.Event | None = None) -> None:
        pass


NO_CONTROL = _NoControl()
_PHASE_RE = re.compile(r"#\s*phase:\s*(\w+)")


def loop_source_of(cls: type, names: tuple[str, ...]) -> tuple[str, int, dict[str, int]]:
    """Source text spanning the methods ``names`` of ``cls`` (contiguous in its module), its first line, and
    the line of each ``# phase: NAME`` marker inside it.  ``("", 0, {})`` when the source is unavailable."""
    try:
        module_lines, _ = inspect.findsource(cls)
        spans = []
        for name in names:
            lines, start = inspect.getsourcelines(getattr(cls, name))
            spans.append((start, start + len(lines) - 1))
    except (OSError, TypeError):
        return "", 0, {}
    first = min(s for s, _ in spans)
    last = max(e for _, e in spans)
    text = "".join(module_lines[first - 1:last])
    phases: dict[str, int] = {}
    for lineno in range(first, last + 1):
        m = _PHASE_RE.search(module_lines[lineno - 1])
        if m:
            phases.setdefault(m.group(1), lineno)
    return text, first, phases
