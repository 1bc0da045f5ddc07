"""Diagnoses: known event-loop mistakes recognised in a watched program's stream, like a linter that watches.

:class:`Diagnoser` is sans-IO: feed it the watch events of one program in stream order (materialized events,
:mod:`evsim.core.watch.events`) and it returns the :class:`~evsim.core.watch.events.Diagnosis` events they
complete.  The ``--events`` printer and the window each run one.  Its memory is bounded whatever the number of
descriptors: per-descriptor state is kept for at most :data:`MAX_TRACKED_FDS` descriptors (the least recently
used is forgotten first), and a loop iteration is summarised by a few integers.

Each diagnosis fires once per descriptor per *episode* (defined per code below), not once per event, and each
shows the numbers that triggered it in ``detail`` (``key=value`` pairs).  The rules, chosen so that a correct
program never triggers them:

``eof-spin``
    Reading ``fd`` returned end of file (``recv`` gave 0 bytes) :data:`EOF_SPIN_READS` times in a row, each time
    right after the multiplexer reported ``fd`` readable, and the program neither unregistered nor closed it in
    between: at end of file a socket stays readable forever, so the loop spins.  A read that returns data, an
    ``unregister``, a ``modify`` that drops EVENT_READ, a ``close`` or a new connection on the same number ends
    the episode.  Detail: ``eof_reads`` and ``in_ms`` (time from the first to the last of those reads).

``partial-send``
    ``send`` on ``fd`` took ``nbytes`` of ``offered`` bytes (``0 <= nbytes < offered``), leaving ``offered -
    nbytes`` bytes the program must send later.  It fires when the program shows it will not:

    * its next ``send`` on ``fd`` offers fewer bytes than were left over (the rest was dropped), or
    * it went back to waiting (the next ``Selected``) with ``fd`` registered without EVENT_WRITE (known only
      for selectors/poll/epoll programs, whose registrations are watched), or
    * ``fd`` was reported writable and the program returned to waiting without sending on it (it had nothing
      left to send: the rest was forgotten).

    A correct server (it keeps the rest, registers EVENT_WRITE and sends it when writable) meets none.  A send
    offering at least the bytes left over settles the debt; a failed send (EPIPE, ECONNRESET...) cancels it
    (the peer is gone: nothing more can be sent).  Episode: the connection (until ``close``).  Detail: ``sent``,
    ``offered``, ``left`` and ``then`` (what showed the rest was dropped).

``blocked-loop``
    More than :data:`BLOCKED_LOOP_MS` ms passed between a ``Selected`` that returned ready descriptors and the
    start of the next multiplexing call (``t_ns - wait_ns`` of the next ``Selected``): every other connection
    waited.  It is blamed on the last watched call before the longest quiet gap of that iteration (the handler
    that blocked runs right after it).  An iteration in which the program was held (Step, slow motion) is not
    judged.  Episode: the blamed descriptor's connection.  Detail: ``stall_ms``, ``ready`` and ``after`` (the
    call before the gap).

``fd-setsize``
    ``select.select()`` was asked to watch a descriptor >= :data:`FD_SETSIZE` (it cannot: CPython raises
    ValueError, C programs corrupt memory): a ``Selected`` of api select.select with ``max_fd`` >= 1024 (the
    watch reports the call even when it raised).  Or, sooner, a program that uses ``select.select()`` got
    such a descriptor (``accept``, ``listen``, ``connect``): its next select() will fail.  Fires once, and
    again only after a ``select.select()`` that watched descriptors below the limit only.  Detail: ``max_fd``,
    ``nfds`` and ``FD_SETSIZE``, or ``FD_SETSIZE`` and ``from`` (the call that made the descriptor).
"""

from __future__ import annotations

import os
import selectors
from typing import Any, Callable

from evsim.core.events import Event
from evsim.core.stream.control import Dropped
from evsim.core.watch.events import (
    LABELS, Accept, Close, Connect, Diagnosis, Held, Listen, Modify, Recv, ReadyFd, Register, Selected, Send,
    Unregister,
)

__all__ = ["Diagnoser", "format_warning", "EXPLANATIONS", "CODES", "EOF_SPIN_READS", "BLOCKED_LOOP_MS",
           "FD_SETSIZE", "MAX_TRACKED_FDS"]

#: Consecutive end-of-file reads after readiness that make an ``eof-spin``.
EOF_SPIN_READS = 3
#: A loop iteration with ready sockets longer than this is a ``blocked-loop``.
BLOCKED_LOOP_MS = 100
#: select()'s fixed descriptor limit on Linux (``FD_SETSIZE`` in <sys/select.h>).
FD_SETSIZE = 1024
#: Per-descriptor state is kept for at most this many descriptors (least recently used forgotten first).
MAX_TRACKED_FDS = 4096

_READ = selectors.EVENT_READ
_WRITE = selectors.EVENT_WRITE
_SELECT_SELECT = 1  # Selected.api of select.select (events.API_NAMES)

#: One English sentence per code: what the mistake is and what it costs.  The window may translate them.
EXPLANATIONS: dict[str, str] = {
    "eof-spin": "The peer closed this socket but the program keeps it registered: at end of file a socket is "
                "readable forever, recv() keeps returning b'' and the loop spins at full CPU; unregister and "
                "close it when recv() returns b''.",
    "partial-send": "send() took fewer bytes than it was given and the program did not send the rest: keep the "
                    "unsent bytes, watch the socket for EVENT_WRITE and send them when it is writable.",
    "blocked-loop": "One handler kept the event loop busy for a long time while sockets were ready: every other "
                    "connection waited; never sleep or block inside a handler.",
    "fd-setsize": "select.select() cannot watch a descriptor number of 1024 (FD_SETSIZE) or more; use "
                  "selectors.DefaultSelector, poll or epoll instead.",
}
CODES = tuple(EXPLANATIONS)


class _Fd:
    """What the diagnoser remembers about one descriptor (the current connection on that number)."""

    __slots__ = ("read_ready", "eof_reads", "eof_first_t", "eof_fired", "mask", "left", "sent", "offered",
                 "send_file", "send_line", "write_ready", "partial_fired", "blocked_fired")

    def __init__(self) -> None:
        self.read_ready = False  # reported readable since the last recv on it
        self.eof_reads = 0
        self.eof_first_t = 0
        self.eof_fired = False
        self.mask = -1  # registered mask (-1: unknown, e.g. a select.select program)
        self.left = 0  # bytes a partial send left over, the program owes them
        self.sent = 0
        self.offered = 0
        self.send_file = 0
        self.send_line = 0
        self.write_ready = False  # reported writable while owing bytes, no send since
        self.partial_fired = False
        self.blocked_fired = False


class Diagnoser:
    """Recognises known mistakes in one program's watch events (see the module docstring for the rules)."""

    def __init__(self, max_fds: int = MAX_TRACKED_FDS) -> None:
        self._max_fds = max(1, max_fds)
        self._fds: dict[int, _Fd] = {}  # insertion order = least recently used first
        self._owing: dict[int, None] = {}  # fds with a partial send outstanding (an ordered set, <= _max_fds)
        self._setsize_fired = False
        self._uses_select = False  # the program called select.select() (api 1) at least once
        # The current loop iteration (since the last Selected), summarised for blocked-loop.
        self._ret_t: int | None = None  # when the last Selected returned (None: none yet)
        self._ready = 0  # how many descriptors it returned
        self._held = False  # the program was held (Step, slow motion) during this iteration
        self._prev = (0, -1, "select", 0, 0)  # the last call: (t_ns, fd, label, file, line)
        self._gap = -1
        self._gap_at = self._prev
        self._handlers: dict[type, Callable[[Any, list[Diagnosis]], None]] = {
            Held: self._on_held, Selected: self._on_selected, ReadyFd: self._on_ready, Recv: self._on_recv,
            Send: self._on_send, Register: self._on_mask, Modify: self._on_mask, Unregister: self._on_mask,
            Close: self._on_close, Accept: self._on_accept, Listen: self._on_new_fd, Connect: self._on_new_fd,
            Dropped: self._on_dropped,
        }

    @property
    def tracked(self) -> int:
        """How many descriptors the diagnoser holds state for (never more than ``max_fds``)."""
        return len(self._fds)

    def feed(self, ev: Event) -> list[Diagnosis]:
        """Take the next event of the stream; return the diagnoses it completes (usually none)."""
        handle = self._handlers.get(type(ev))
        if handle is None:
            return []  # not a call the program made (SourceFile, KernelQueues, Diagnosis, ...)
        out: list[Diagnosis] = []
        handle(ev, out)
        return out

    def _on_dropped(self, ev: Dropped, out: list[Diagnosis]) -> None:
        """Calls were lost: forget what only an unbroken sequence of calls can prove (module docstring)."""
        self._ret_t = None
        self._owing.clear()
        for st in self._fds.values():
            st.read_ready, st.eof_reads, st.mask, st.left, st.write_ready = False, 0, -1, 0, False

    def _on_held(self, ev: Held, out: list[Diagnosis]) -> None:
        self._held = True

    def _on_ready(self, ev: ReadyFd, out: list[Diagnosis]) -> None:
        self._note_call(ev)
        st = self._state(ev.fd)
        if ev.mask & _READ:
            st.read_ready = True
        if ev.mask & _WRITE and st.left:
            st.write_ready = True

    def _on_mask(self, ev: Register | Modify | Unregister, out: list[Diagnosis]) -> None:
        self._note_call(ev)
        st = self._state(ev.fd)
        st.mask = 0 if type(ev) is Unregister else ev.mask  # type: ignore[union-attr]
        if not st.mask & _READ:
            self._end_eof_episode(st)

    def _on_close(self, ev: Close, out: list[Diagnosis]) -> None:
        self._note_call(ev)
        self._forget(ev.fd)

    def _on_accept(self, ev: Accept, out: list[Diagnosis]) -> None:
        self._note_call(ev)
        if ev.new_fd >= 0:
            self._forget(ev.new_fd)  # a new connection on a reused number starts afresh
            self._check_new_fd(ev.new_fd, ev, out)

    def _on_new_fd(self, ev: Listen | Connect, out: list[Diagnosis]) -> None:
        self._note_call(ev)
        self._check_new_fd(ev.fd, ev, out)

    # -- per-descriptor state ------------------------------------------------------------------------------

    def _state(self, fd: int) -> _Fd:
        fds = self._fds
        st = fds.pop(fd, None)
        if st is None:
            st = _Fd()
            if len(fds) >= self._max_fds:
                oldest = next(iter(fds))
                del fds[oldest]
                self._owing.pop(oldest, None)
        fds[fd] = st  # (re)inserted last: the most recently used
        return st

    def _forget(self, fd: int) -> None:
        self._fds.pop(fd, None)
        self._owing.pop(fd, None)

    # -- eof-spin ------------------------------------------------------------------------------------------

    @staticmethod
    def _end_eof_episode(st: _Fd) -> None:
        st.eof_reads = 0
        st.eof_fired = False
        st.read_ready = False

    def _on_recv(self, ev: Recv, out: list[Diagnosis]) -> None:
        self._note_call(ev)
        st = self._state(ev.fd)
        ready, st.read_ready = st.read_ready, False
        if ev.nbytes > 0:
            self._end_eof_episode(st)
            return
        if ev.nbytes != 0 or ev.errno != 0 or ev.requested == 0 or not ready:
            return  # an error (EAGAIN...), a zero-byte request or a read nobody was told to make: no verdict
        if st.eof_reads == 0:
            st.eof_first_t = ev.t_ns
        st.eof_reads += 1
        if st.eof_reads >= EOF_SPIN_READS and not st.eof_fired:
            st.eof_fired = True
            in_ms = (ev.t_ns - st.eof_first_t) / 1e6
            out.append(_diagnosis(ev.t_ns, "eof-spin", ev.fd, f"eof_reads={st.eof_reads} in_ms={in_ms:.1f}",
                                  ev.file, ev.line))

    # -- partial-send --------------------------------------------------------------------------------------

    def _on_send(self, ev: Send, out: list[Diagnosis]) -> None:
        self._note_call(ev)
        st = self._state(ev.fd)
        st.write_ready = False  # it tried to send: it has not forgotten
        if ev.nbytes < 0:
            if ev.errno not in _RETRY_ERRNOS:
                self._settle(ev.fd, st)  # the peer is gone: nothing more can be sent, nothing is owed
            return
        if st.left:
            if ev.offered < st.left:
                self._fire_partial(ev.fd, st, ev.t_ns, f"next_send={ev.offered}", out)
            self._settle(ev.fd, st)
        if ev.nbytes < ev.offered:
            st.left = ev.offered - ev.nbytes
            st.sent, st.offered = ev.nbytes, ev.offered
            st.send_file, st.send_line = ev.file, ev.line
            self._owing[ev.fd] = None

    def _settle(self, fd: int, st: _Fd) -> None:
        st.left = 0
        st.write_ready = False
        self._owing.pop(fd, None)

    def _fire_partial(self, fd: int, st: _Fd, t_ns: int, then: str, out: list[Diagnosis]) -> None:
        if st.partial_fired:
            return
        st.partial_fired = True
        detail = f"sent={st.sent} offered={st.offered} left={st.left} then={then}"
        out.append(_diagnosis(t_ns, "partial-send", fd, detail, st.send_file, st.send_line))

    def _check_owing(self, t_ns: int, out: list[Diagnosis]) -> None:
        """The program went back to waiting: any descriptor it owes bytes must be watched for writing."""
        for fd in list(self._owing):
            st = self._fds.get(fd)
            if st is None:
                self._owing.pop(fd, None)
                continue
            if st.write_ready:
                then = "writable_not_sent"
            elif st.mask >= 0 and not st.mask & _WRITE:
                then = "waited_without_EVENT_WRITE"
            else:
                continue
            self._fire_partial(fd, st, t_ns, then, out)
            self._settle(fd, st)

    # -- fd-setsize before select() fails --------------------------------------------------------------------

    def _check_new_fd(self, fd: int, ev: Accept | Listen | Connect, out: list[Diagnosis]) -> None:
        if fd >= FD_SETSIZE and self._uses_select and not self._setsize_fired:
            self._setsize_fired = True
            detail = f"FD_SETSIZE={FD_SETSIZE} from={LABELS.get(type(ev), 'call')}"
            out.append(_diagnosis(ev.t_ns, "fd-setsize", fd, detail, ev.file, ev.line))

    # -- blocked-loop and fd-setsize (per Selected) --------------------------------------------------------

    def _note_call(self, ev: Any) -> None:
        """Track the longest quiet gap between the program's calls in the current iteration."""
        t = ev.t_ns
        if self._ret_t is not None and t - self._prev[0] > self._gap:
            self._gap, self._gap_at = t - self._prev[0], self._prev
        self._prev = (t, ev.fd, LABELS[type(ev)], ev.file, ev.line)

    def _on_selected(self, ev: Selected, out: list[Diagnosis]) -> None:
        start = ev.t_ns - max(0, ev.wait_ns)
        if self._ret_t is not None and self._ready > 0 and not self._held:
            stall = start - self._ret_t
            if start - self._prev[0] > self._gap:
                self._gap, self._gap_at = start - self._prev[0], self._prev
            if stall > BLOCKED_LOOP_MS * 1_000_000:
                _, fd, label, file, line = self._gap_at
                st = self._state(fd)
                if not st.blocked_fired:
                    st.blocked_fired = True
                    detail = f"stall_ms={stall / 1e6:.0f} ready={self._ready} after={label}"
                    out.append(_diagnosis(ev.t_ns, "blocked-loop", fd, detail, file, line))
        self._check_owing(ev.t_ns, out)
        if ev.api == _SELECT_SELECT:
            self._uses_select = True
            if ev.max_fd >= FD_SETSIZE and not self._setsize_fired:
                self._setsize_fired = True
                detail = f"max_fd={ev.max_fd} nfds={ev.nfds} FD_SETSIZE={FD_SETSIZE}"
                out.append(_diagnosis(ev.t_ns, "fd-setsize", ev.max_fd, detail, ev.file, ev.line))
            elif ev.max_fd < FD_SETSIZE:
                self._setsize_fired = False
        # A new iteration starts when this call returned.
        self._ret_t = ev.t_ns
        self._ready = max(0, ev.nready)
        self._held = False
        self._prev = (ev.t_ns, -1, "select", ev.file, ev.line)
        self._gap, self._gap_at = -1, self._prev


_RETRY_ERRNOS = frozenset({11, 4})  # EAGAIN/EWOULDBLOCK, EINTR: the program may try again, the debt stands


def _diagnosis(t_ns: int, code: str, fd: int, detail: str, file: int, line: int) -> Diagnosis:
    return Diagnosis(t_ns, code, fd, detail, EXPLANATIONS[code], file, line)


def format_warning(d: Diagnosis, files: dict[int, str]) -> str:
    """``evsim: warning [CODE] fd=N <detail> at=FILE:LINE: <sentence>`` (FILE: the base name of the source file
    ``d.file`` stands for, ``?`` when no SourceFile announced it)."""
    path = files.get(d.file)
    name = os.path.basename(path) if path else "?"
    detail = f" {d.detail}" if d.detail else ""
    return f"evsim: warning [{d.code}] fd={d.fd}{detail} at={name}:{d.line}: {d.message}"
