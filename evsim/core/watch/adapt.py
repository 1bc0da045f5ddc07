"""Watch events -> the echo kinds the sockets scene already understands, so its map, log and plots work for any
watched program (:class:`evsim.core.echo.scene.EchoScene` applies what :meth:`SceneAdapter.feed` returns).

Stateful and pure: the output depends only on the events fed, in stream order (no clock, no I/O), so a
recording replays to the same scene.  What it keeps per connection: bytes in and out, and how it ended.

Translation:

* ``Listen`` -> ``Listening`` (style "program"); a listener's readiness -> ``Ready`` on the listener's fd;
* ``Accept`` (and a successful or in-progress ``Connect``: the program as a client) -> ``Accepted``;
* ``ReadyFd`` of a connection -> ``Ready``; descriptors the program never accepted, connected or listened on
  (asyncio's self-pipe, a pipe) are not connections and are left out;
* ``Recv`` of n > 0 bytes -> ``Received``; of 0 bytes (end of file) -> ``HalfClosed`` once;
* ``Send`` -> ``Sent`` (``partial`` when the kernel took less than offered, ``buffered`` what it refused);
* ``Close`` of a connection -> ``Closed`` with its totals and a reason ("reset" after ECONNRESET, "broken pipe"
  after EPIPE, "half-close done" after an end of file, else "normal"); ``ProgramExited`` -> ``ServerStopped``;
* every call -> a ``LoopPhase`` (select/accept/read/write) with its line, when ``phases`` is on;
* ``ServerCounters`` at most every ``counters_interval_ns`` of stream time (after a Selected or a close).
"""

from __future__ import annotations

import errno
from typing import Iterable

from evsim.core.echo import events as echo
from evsim.core.events import Event
from evsim.core.watch import events as w

__all__ = ["SceneAdapter"]

_RESET = {errno.ECONNRESET, errno.ECONNABORTED, errno.ETIMEDOUT}


class _Conn:
    __slots__ = ("bytes_in", "bytes_out", "eof", "reason")

    def __init__(self) -> None:
        self.bytes_in = 0
        self.bytes_out = 0
        self.eof = False
        self.reason = ""


class SceneAdapter:
    """Feed watch events in stream order; get echo events for the scene."""

    def __init__(self, *, phases: bool = True, counters_interval_ns: int = 100_000_000) -> None:
        self.phases = phases
        self.counters_interval_ns = counters_interval_ns
        self.conns: dict[int, _Conn] = {}
        self.listeners: set[int] = set()
        self._listen_ev: w.Listen | None = None  # the latest listen(), named again once the waiting call is known
        self._api = ""
        self.accepted = 0
        self.closed = 0
        self.bytes_in = 0
        self.bytes_out = 0
        self._counters: tuple | None = None
        self._next_counters = 0
        self._handlers = {
            w.Listen: self._listen, w.Accept: self._accept, w.Connect: self._connect, w.ReadyFd: self._ready,
            w.Recv: self._recv, w.Send: self._send, w.Close: self._close, w.Selected: self._selected,
            w.ProgramExited: self._exited, w.Shutdown: self._phase_only,
        }

    def feed(self, ev: Event) -> list[Event]:
        """The echo events ``ev`` stands for (often none)."""
        h = self._handlers.get(type(ev))
        return h(ev) if h is not None else []

    def feed_many(self, batch: Iterable[Event]) -> list[Event]:
        out: list[Event] = []
        for ev in batch:
            h = self._handlers.get(type(ev))
            if h is not None:
                out += h(ev)
        return out

    # -- handlers --
    def _phase(self, ev: Event, phase: str) -> list[Event]:
        return [echo.LoopPhase(ev.t_ns, phase, ev.line)] if self.phases else []  # type: ignore[attr-defined]

    def _phase_only(self, ev: Event) -> list[Event]:
        return []

    def _listen(self, ev: w.Listen) -> list[Event]:
        self.listeners.add(ev.fd)
        self._listen_ev = ev
        return [echo.Listening(ev.t_ns, ev.host, ev.port, self._api or "…", "program", ev.fd)]

    def _open(self, t_ns: int, fd: int, peer: str) -> list[Event]:
        out: list[Event] = []
        if fd in self.conns:  # a close we never saw (events dropped): the fd was reused
            out += self._closed_conn(t_ns, fd)
        self.conns[fd] = _Conn()
        self.accepted += 1
        out.append(echo.Accepted(t_ns, fd, peer))
        return out

    def _accept(self, ev: w.Accept) -> list[Event]:
        out = self._phase(ev, "accept")
        if ev.errno == 0 and ev.new_fd >= 0:
            out += self._open(ev.t_ns, ev.new_fd, ev.peer)
        return out

    def _connect(self, ev: w.Connect) -> list[Event]:
        if ev.errno in (0, errno.EINPROGRESS) and ev.fd not in self.conns:
            return self._open(ev.t_ns, ev.fd, ev.peer)
        return []

    def _ready(self, ev: w.ReadyFd) -> list[Event]:
        if ev.fd in self.conns or ev.fd in self.listeners:
            return [echo.Ready(ev.t_ns, ev.fd, ev.mask)]
        return []

    def _recv(self, ev: w.Recv) -> list[Event]:
        out = self._phase(ev, "read")
        c = self.conns.get(ev.fd)
        if c is None:
            return out
        if ev.nbytes > 0:
            c.bytes_in += ev.nbytes
            self.bytes_in += ev.nbytes
            out.append(echo.Received(ev.t_ns, ev.fd, ev.nbytes))
        elif ev.nbytes == 0 and ev.errno == 0:
            if not c.eof:
                c.eof = True
                out.append(echo.HalfClosed(ev.t_ns, ev.fd, 0))
        elif ev.errno in _RESET:
            c.reason = "reset"
        return out

    def _send(self, ev: w.Send) -> list[Event]:
        out = self._phase(ev, "write")
        c = self.conns.get(ev.fd)
        if c is None:
            return out
        if ev.nbytes >= 0:
            c.bytes_out += ev.nbytes
            self.bytes_out += ev.nbytes
            out.append(echo.Sent(ev.t_ns, ev.fd, ev.nbytes, ev.nbytes < ev.offered, ev.offered - ev.nbytes))
        elif ev.errno == errno.EPIPE:
            c.reason = "broken pipe"
        elif ev.errno in _RESET:
            c.reason = "reset"
        return out

    def _closed_conn(self, t_ns: int, fd: int) -> list[Event]:
        c = self.conns.pop(fd)
        self.closed += 1
        reason = c.reason or ("half-close done" if c.eof else "normal")
        return [echo.Closed(t_ns, fd, reason, c.bytes_in, c.bytes_out)]

    def _close(self, ev: w.Close) -> list[Event]:
        self.listeners.discard(ev.fd)
        if ev.fd not in self.conns:
            return []
        return self._closed_conn(ev.t_ns, ev.fd) + self._counters_due(ev.t_ns)

    def _selected(self, ev: w.Selected) -> list[Event]:
        out = self._phase(ev, "select") + self._counters_due(ev.t_ns)
        api = w.API_NAMES.get(ev.api, "")
        if api != self._api:  # the listener's line names the call that waits (select.select, epoll.poll...)
            self._api = api
            lst = self._listen_ev
            if lst is not None:
                out.append(echo.Listening(ev.t_ns, lst.host, lst.port, api, "program", lst.fd))
        return out

    def _counters_due(self, t_ns: int) -> list[Event]:
        if t_ns < self._next_counters:
            return []
        self._next_counters = t_ns + self.counters_interval_ns
        values = (self.accepted, len(self.conns), self.bytes_in, self.bytes_out, 0, self.closed)
        if values == self._counters:
            return []
        self._counters = values
        return [echo.ServerCounters(t_ns, *values)]

    def _exited(self, ev: w.ProgramExited) -> list[Event]:
        out: list[Event] = []
        for fd in list(self.conns):
            c = self.conns[fd]
            c.reason = c.reason or "server stopped"
            out += self._closed_conn(ev.t_ns, fd)
        self._counters = None
        self._next_counters = 0
        out += self._counters_due(ev.t_ns)
        reason = "stopped" if ev.status == 0 and not ev.error else (ev.error or f"exit status {ev.status}")
        out.append(echo.ServerStopped(ev.t_ns, reason))
        return out
