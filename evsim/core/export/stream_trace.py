"""An event stream (echo kinds and/or watch kinds) as a Chrome trace: :class:`StreamTrace`.

What the trace shows (one process; its tracks):

* **event loop** (tid 1): the loop thread's time.  ``wait in select`` slices (X) and, between them, a
  ``handle ready sockets`` slice (B/E) holding one nested slice per ready descriptor handled (``fd 7: read``),
  with a ``ready`` instant where the readiness was reported.  With the watch kinds, a select's wait is exact
  (``Selected.wait_ns``) and a handler runs from the first call on its descriptor to the first call on the
  next ready one.  The echo kinds carry only when select returned (every Ready of a round has that time),
  so the wait is inferred: from the last event of the round before (``"inferred": true`` in its args).
* **listening socket** (tid 2): accepts (instants), refusals.
* **one track per connection** (tid 100 + its number, named ``fd 7 · 127.0.0.1:50000``; an fd number is
  reused, a track never is): its lifetime as an async slice (b/e, category ``connection``), its recv/send
  as instants with byte counts in args, half-closes, pauses.
* **flow arrows** (s/f, category ``flow``) from the handler of a readiness to each recv/send/accept it
  led to.  The ``s`` sits in the handler slice (it binds to the enclosing slice); the ``f`` sits just before
  the recv/send instant at the same time and, with no ``bp``, binds to that next slice.
* **counters**: ``open connections`` and ``bytes/s`` (in and out, per 100 ms window); ``kernel queues fd N``
  when the watch sampled them.
* drops by the producer, server stops and program exits as global instants.

Both vocabularies may appear in one stream (the embedded echo server reports watch calls and echo events):
once a ``Selected`` has been seen, the watch kinds drive the loop and the echo Ready/Received/Sent are not
drawn a second time; accepts and closes are drawn once whichever comes first.
"""

from __future__ import annotations

import itertools
from typing import IO, Callable, Iterable

from evsim.core.echo import events as E
from evsim.core.events import Event
from evsim.core.export.labels import Labels, errno_name, mask_name
from evsim.core.export.trace import PID, SEP, TraceOut, Track, jstr
from evsim.core.stream import control as S
from evsim.core.watch import events as W

__all__ = ["StreamTrace", "WINDOW_NS"]

#: The bytes/s counter's window.
WINDOW_NS = 100_000_000

# the s (on the loop, in the handler slice) and f (just before the event it points at) of one arrow
_SF = ('{"ph":"s","pid":%d,"tid":1,"ts":%%.3f,"name":"readiness","cat":"flow","id":%%d}%s'
       '{"ph":"f","pid":%d,"tid":%%d,"ts":%%.3f,"name":"readiness","cat":"flow","id":%%d}%s') % (PID, SEP, PID, SEP)
_DATA = '{"ph":"i","s":"t","pid":%d,"tid":%%d,"ts":%%s,"name":"%%s","args":{"bytes":%%d%%s}}' % PID
_DATA_FLOW = ('{"ph":"s","pid":%d,"tid":1,"ts":%%s,"name":"readiness","cat":"flow","id":%%d}%s'
              '{"ph":"f","pid":%d,"tid":%%d,"ts":%%s,"name":"readiness","cat":"flow","id":%%d}%s' % (PID, SEP, PID, SEP)
              + _DATA)
# watch kinds: the end of a round, the select's wait (and the start of the next round)
_SELECT_END = SEP.join((
    '{"ph":"E","pid":%d,"tid":1,"ts":%%s,"name":%%s}' % PID,
    '{"ph":"E","pid":%d,"tid":1,"ts":%%s,"name":%%s}' % PID,
    '{"ph":"X","pid":%d,"tid":1,"ts":%%s,"dur":%%.3f,"name":%%s,"args":%%s}' % PID))
_READY = '{"ph":"i","s":"t","pid":%d,"tid":1,"ts":%%.3f,"name":"ready","args":%%s}' % PID
_SELECT_BEGIN = SEP + '{"ph":"B","pid":%d,"tid":1,"ts":%%.3f,"name":%%s,"args":{}}' % PID
# the end of one round and the start of the next, when it is the usual one (one handler open): one format
_ROUND = SEP.join((
    '{"ph":"E","pid":%d,"tid":1,"ts":%%s,"name":%%s}' % PID,
    '{"ph":"E","pid":%d,"tid":1,"ts":%%s,"name":"handle ready sockets"}' % PID,
    '{"ph":"X","pid":%d,"tid":1,"ts":%%s,"dur":%%.3f,"name":"wait in select","args":{"inferred":true}}' % PID,
    '{"ph":"B","pid":%d,"tid":1,"ts":%%s,"name":"handle ready sockets","args":{}}' % PID,
    '{"ph":"B","pid":%d,"tid":1,"ts":%%s,"name":%%s,"args":%%s}' % PID,
    '{"ph":"i","s":"t","pid":%d,"tid":1,"ts":%%s,"name":"ready","args":%%s}' % PID))
# a new round of the echo kinds: the select's (inferred) wait, the round's slice, its first handler, the readiness
_WAIT = '{"ph":"X","pid":%d,"tid":1,"ts":%%.3f,"dur":%%.3f,"name":"wait in select","args":{"inferred":true}}' % PID
_BEGIN = '{"ph":"B","pid":%d,"tid":1,"ts":%%.3f,"name":%%s,"args":%%s}' % PID
_HANDLER = ('{"ph":"B","pid":%d,"tid":1,"ts":%%.3f,"name":%%s,"args":%%s}%s'
            '{"ph":"i","s":"t","pid":%d,"tid":1,"ts":%%.3f,"name":"ready","args":%%s}') % (PID, SEP, PID)
_ASYNC = '{"ph":"%%s","pid":%d,"tid":%%d,"ts":%%.3f,"name":%%s,"cat":"connection","id":%%d,"args":%%s}' % PID
_NAMES_RECV = {True: "recv", False: "recv EOF"}


class Conn(Track):
    """A connection's track: its descriptor, peer, serial number (its async slice's id) and byte totals."""

    __slots__ = ("fd", "serial", "label", "bytes_in", "bytes_out")

    def __init__(self, serial: int, fd: int, peer: str, t: int) -> None:
        super().__init__(100 + serial, t, f"fd {fd} · {peer}" if peer else f"fd {fd}")
        self.fd, self.serial, self.label = fd, serial, jstr(self.name)
        self.bytes_in = self.bytes_out = 0


class StreamTrace:
    """Feed records (``Decoder(records=True)`` output) or events in stream order; :meth:`close` ends the trace."""

    def __init__(self, f: IO[str], title: str = "evsim") -> None:
        self.f, self.title = f, title
        self.out: TraceOut | None = None
        self.labels = Labels()
        self.ignored_kinds: set[str] = set()  #: kind names not drawn at all (e.g. a recording's index frames)
        self.not_drawn: dict[str, int] = {}
        self.events_in = 0
        self.dropped_by_producer = 0
        self.watch = False  # a Selected was seen: the watch kinds drive the loop
        self.conns: dict[int, Conn] = {}
        self.n_conns = 0
        self.counters: dict[str, Track] = {}
        self.last_t = 0  # the latest time of anything the loop did
        self.round_t: int | None = None  # echo kinds: when the select of this round returned
        self.handling = False
        self.handler_fd: int | None = None
        self.pending: dict[int, int] = {}  # watch kinds: fds reported ready and not yet handled, -> mask
        self.listener_fd = -1
        self.flow_id = 0
        self.flowed = False  # the open handler's readiness has its arrow already
        self.win_end = 0
        self.win_in = self.win_out = 0
        self._dispatch: dict[type, Callable] = {
            E.Ready: self._ready, E.Received: self._received, E.Sent: self._sent, E.Accepted: self._accepted,
            E.Closed: self._closed, E.Listening: self._listening, E.Refused: self._refused,
            E.HalfClosed: self._conn_note, E.ReadingPaused: self._conn_note, E.ReadingResumed: self._conn_note,
            E.ServerError: self._server_error, E.ServerStopped: self._stopped, E.ConnectionState: self._state,
            E.StartFailed: self._global, E.ListenerPaused: self._global, E.ListenerResumed: self._global,
            W.Selected: self._selected, W.ReadyFd: self._ready_fd, W.Recv: self._recv, W.Send: self._send,
            W.Accept: self._accept, W.Close: self._close_call, W.Connect: self._connect,
            W.Shutdown: self._shutdown, W.Register: self._registration, W.Modify: self._registration,
            W.Unregister: self._registration, W.Listen: self._listen, W.SourceFile: self._source_file,
            W.Held: self._held, W.Diagnosis: self._diagnosis, W.KernelQueues: self._queues,
            W.ProgramExited: self._global, S.Hello: self._hello, S.Dropped: self._dropped,
        }
        for cls in (E.LoopPhase, E.ServerCounters, E.ClientState, E.ClientEcho, E.LoadProgress, S.Heartbeat,
                    S.Command, S.SnapshotBegin, S.SnapshotEnd):
            self._dispatch[cls] = self._skip

    # -- feeding --
    def feed(self, records: Iterable[tuple]) -> None:
        """Records ``(cls, t_ns, *fields)`` in stream order."""
        get = self._dispatch.get
        other = self._other
        n = 0
        it = iter(records)
        if self.out is None:
            for first in it:
                if first[0] is not S.Hello:
                    break
                self.title = f"{self.title}: {first[4]} (pid {first[3]})"  # (not time 0: it is stamped when
                self.events_in += 1  # the stream or recording opened, which may follow what it carries)
            else:
                return
            self._start(first)
            it = itertools.chain((first,), it)
        flush = self.out.flush
        for r in it:
            get(r[0], other)(r)
            n += 1
            if not n & 0x3FFF:
                flush()
        self.events_in += n
        flush()

    def feed_events(self, events: Iterable[Event]) -> None:
        """Events (frozen dataclasses) in stream order."""
        self.feed(_as_record(e) for e in events)

    def close(self, other: dict | None = None) -> dict:
        """End every open slice and connection at the last time seen, write otherData; returns it."""
        if self.out is None:
            self._start((S.Heartbeat, 0))
        out, t = self.out, self.last_t
        self._end_round(t)
        for c in list(self.conns.values()):
            self._end_conn(c, t, '{"open at the end of the trace":true}')
        self._roll(t + 2 * WINDOW_NS)
        data = {"evsim": "stream export", "events_read": self.events_in, "t0_ns": out.t0,
                "dropped_by_producer": self.dropped_by_producer, "connections": self.n_conns,
                "times_clamped": out.clamped, "kinds_not_drawn": self.not_drawn,
                "loop_kinds": "watch" if self.watch else "echo", "span_s": (t - out.t0) / 1e9}
        data.update(other or {})
        out.close(data)
        return data

    # -- set-up --
    def _start(self, r: tuple) -> None:
        t = r[1] - (r[6] if r[0] is W.Selected else 0)
        out = self.out = TraceOut(self.f, t, self.title)
        self.last_t = t
        self.loop = Track(1, t, "event loop")
        self.listener = Track(2, t, "listening socket")
        self.glob = Track(0, t, "")
        out.thread_name(self.loop, 0)
        out.thread_name(self.listener, 1)
        self.win_end = t + WINDOW_NS

    def _counter(self, name: str, t: int, args: str) -> None:
        tr = self.counters.get(name)
        if tr is None:
            tr = self.counters[name] = Track(1, self.out.t0, jstr(name))
        self.out.counter(tr, t, tr.name, args)

    def _roll(self, t: int) -> None:
        """Write the bytes/s counter for every window that ended before ``t``."""
        while t >= self.win_end:
            start = self.win_end - WINDOW_NS
            scale = 1e9 / WINDOW_NS
            self._counter("bytes/s", start, '{"in":%d,"out":%d}' % (self.win_in * scale, self.win_out * scale))
            quiet = not (self.win_in or self.win_out)
            self.win_in = self.win_out = 0
            self.win_end += WINDOW_NS
            if quiet and t >= self.win_end:  # a quiet spell: one zero, then skip to the window holding t
                self.win_end += (t - self.win_end) // WINDOW_NS * WINDOW_NS

    # -- the loop thread --
    def _end_handler(self, t: int) -> None:
        if self.handler_fd is not None:
            self.handler_fd = None
            self.out.end(self.loop, t)

    def _end_round(self, t: int) -> None:
        self._end_handler(t)
        if self.handling:
            self.handling = False
            self.out.end(self.loop, t)

    def _begin_handler(self, fd: int, mask: int, t: int, ready: bool = True) -> None:
        """The slice of one ready descriptor's handler from ``t`` (with its readiness instant, when ``ready``:
        the echo kinds report a readiness as the loop dispatches it)."""
        lab, loop = self.labels, self.loop
        if t < loop.last:
            t = loop.last
            self.out.clamped += 1
        loop.last = t
        ts = (t - self.out.t0) / 1000
        name, args = lab.handler(fd, mask, fd == self.listener_fd), lab.ready_args(fd, mask)
        self.out.line(_HANDLER % (ts, name, args, ts, args) if ready else _BEGIN % (ts, name, args))
        loop.open_slices.append(name)
        self.handler_fd = fd
        self.flowed = False

    def _flow(self, tid: int, t: int) -> str:
        """The s and f of an arrow from the open handler slice to the event about to be written at ``t`` on
        ``tid`` (the first one its readiness led to), for the caller to write just before that event."""
        self.flow_id += 1
        self.flowed = True
        loop = self.loop
        if t > loop.last:
            loop.last = t
        return _SF % ((loop.last - self.out.t0) / 1000, self.flow_id, tid, (t - self.out.t0) / 1000, self.flow_id)

    def _ready(self, r: tuple) -> None:
        if self.watch:
            return
        _, t, fd, mask = r
        last = self.last_t
        loop = self.loop
        if t != self.round_t and t > last >= loop.last and self.handler_fd is not None and len(loop.open_slices) == 2:
            # the usual new round (one handler open, times in order): its events in one format
            t0, lab = self.out.t0, self.labels
            te, tb = "%.3f" % ((last - t0) / 1000), "%.3f" % ((t - t0) / 1000)
            name, args = lab.handler(fd, mask, fd == self.listener_fd), lab.ready_args(fd, mask)
            self.out.line(_ROUND % (te, loop.open_slices[1], te, te, (t - last) / 1000, tb, tb, name, args, tb, args))
            loop.open_slices[1] = name
            loop.last = self.last_t = self.round_t = t
            self.handler_fd = fd
            self.flowed = False
            return
        if t != self.round_t:  # a new round: select returned at t
            self._end_round(last)
            out, loop = self.out, self.loop
            if t > last and last >= loop.last:
                out.line(_WAIT % ((last - out.t0) / 1000, (t - last) / 1000))
                loop.last = t
            self.round_t = t
            self.handling = True
            out.begin(loop, t, '"handle ready sockets"')
        else:
            self._end_handler(last)
        if t > last:
            self.last_t = last = t
        self._begin_handler(fd, mask, last)

    def _selected(self, r: tuple) -> None:
        _, t, api, nfds, max_fd, timeout_us, wait_ns, nready, file, line = r
        self.watch = True
        self.pending.clear()
        out, loop, lab = self.out, self.loop, self.labels
        start = t - wait_ns
        end = start if start > self.last_t else self.last_t  # the previous round ends where this select began
        args = '{"nfds":%d,"max_fd":%d,"timeout_ms":%s,"nready":%d%s}' % (
            nfds, max_fd, "null" if timeout_us < 0 else "%.3f" % (timeout_us / 1000), nready, lab.at(file, line))
        slices = loop.open_slices
        if self.handling and self.handler_fd is not None and len(slices) == 2 and end >= loop.last:
            # the usual case: end the handler and the round, the wait, the next round: one format
            t0 = out.t0
            te = "%.3f" % ((end - t0) / 1000)
            t = max(t, end)
            parts = _SELECT_END % (te, slices[1], te, slices[0], te, (t - end) / 1000, lab.select_name(api), args)
            self.handler_fd = None
            del slices[:]
            loop.last = t
            if nready > 0:
                name = lab.handling(nready)
                parts += _SELECT_BEGIN % ((t - t0) / 1000, name)
                slices.append(name)
            else:
                self.handling = False
            out.line(parts)
        else:
            self._end_round(end)
            out.complete(loop, start, wait_ns, lab.select_name(api), args)
            if nready > 0:
                self.handling = True
                out.begin(loop, t, lab.handling(nready))
        if t > self.last_t:
            self.last_t = t

    def _ready_fd(self, r: tuple) -> None:
        _, t, fd, mask, file, line = r
        self.pending[fd] = mask
        loop = self.loop
        if t < loop.last:
            t = loop.last
        loop.last = t
        self.out.line(_READY % ((t - self.out.t0) / 1000, self.labels.ready_args(fd, mask)))

    def _call(self, fd: int, t: int) -> None:
        """A watched call on ``fd`` at ``t``: the handler of the next ready descriptor starts with its first call."""
        if fd != self.handler_fd and fd in self.pending:
            mask = self.pending.pop(fd)
            self._end_handler(self.last_t)
            self._begin_handler(fd, mask, self.last_t, False)
        if t > self.last_t:
            self.last_t = t

    # -- connections --
    def _conn(self, fd: int, t: int, peer: str = "") -> Conn:
        c = self.conns.get(fd)
        if c is None:
            self.n_conns += 1
            c = self.conns[fd] = Conn(self.n_conns, fd, peer, max(t, self.out.t0))
            out = self.out
            out.thread_name(c, 10 + self.n_conns)
            out.line(_ASYNC % ("b", c.tid, out.at(c, t), c.label, c.serial,
                               '{"fd":%d,"peer":%s}' % (fd, jstr(peer))))
            self._counter("open connections", t, '{"open":%d}' % len(self.conns))
        return c

    def _end_conn(self, c: Conn, t: int, args: str) -> None:
        out = self.out
        out.line(_ASYNC % ("e", c.tid, out.at(c, t), c.label, c.serial, args))
        del self.conns[c.fd]
        self._counter("open connections", t, '{"open":%d}' % len(self.conns))

    def _data(self, fd: int, t: int, name: str, n: int, extra: str) -> Conn:
        """A recv/send instant on the connection's track (and the arrow to it, if its readiness led to it)."""
        if t >= self.win_end:
            self._roll(t)
        c = self.conns.get(fd) or self._conn(fd, t)
        if t < c.last:
            t = c.last
            self.out.clamped += 1
        c.last = t
        ts = "%.3f" % ((t - self.out.t0) / 1000)
        if fd == self.handler_fd and not self.flowed:  # the first call its readiness led to: an arrow
            self.flow_id += 1
            self.flowed = True
            loop = self.loop
            if t > loop.last:
                loop.last = t
            tl = ts if loop.last == t else "%.3f" % ((loop.last - self.out.t0) / 1000)
            self.out.line(_DATA_FLOW % (tl, self.flow_id, c.tid, ts, self.flow_id, c.tid, ts, name, n, extra))
        else:
            self.out.line(_DATA % (c.tid, ts, name, n, extra))
        return c

    def _received(self, r: tuple) -> None:
        if self.watch:
            return
        _, t, fd, n = r
        if t > self.last_t:
            self.last_t = t
        self._data(fd, t, "recv", n, "").bytes_in += n
        self.win_in += n

    def _sent(self, r: tuple) -> None:
        if self.watch:
            return
        _, t, fd, n, partial, buffered = r
        if t > self.last_t:
            self.last_t = t
        extra = ',"partial":true,"buffered":%d' % buffered if partial else ',"buffered":%d' % buffered
        self._data(fd, t, "send", n, extra).bytes_out += n
        self.win_out += n

    def _recv(self, r: tuple) -> None:
        _, t, fd, n, requested, err, file, line = r
        if fd != self.handler_fd and fd in self.pending:
            self._call(fd, t)
        elif t > self.last_t:
            self.last_t = t
        at = self.labels.at(file, line)
        if n > 0:
            self._data(fd, t, "recv", n, ',"requested":%d%s' % (requested, at)).bytes_in += n
            self.win_in += n
        else:
            name = "recv EOF" if n == 0 and not err else "recv " + errno_name(err)
            self._data(fd, t, name, max(n, 0), ',"requested":%d%s' % (requested, at))

    def _send(self, r: tuple) -> None:
        _, t, fd, n, offered, err, file, line = r
        if fd != self.handler_fd and fd in self.pending:
            self._call(fd, t)
        elif t > self.last_t:
            self.last_t = t
        extra = ',"offered":%d%s' % (offered, self.labels.at(file, line))
        if n >= 0 and not err:
            self._data(fd, t, "send" if n >= offered else "send (partial)", n, extra).bytes_out += n
            self.win_out += n
        else:
            self._data(fd, t, "send " + errno_name(err), 0, extra)

    def _accepted(self, r: tuple) -> None:
        _, t, fd, peer = r
        if fd in self.conns:  # (already drawn from the watch's Accept)
            return
        if t > self.last_t:
            self.last_t = t
        self._accept_on_listener(t, fd, peer, "")
        self._conn(fd, t, peer)

    def _accept_on_listener(self, t: int, fd: int, peer: str, at: str) -> None:
        if self.handler_fd is not None and self.handler_fd == self.listener_fd and not self.flowed:
            self.out.line(self._flow(self.listener.tid, max(t, self.listener.last))[:-len(SEP)])
        self.out.instant(self.listener, t, '"accept"', '{"fd":%d,"peer":%s%s}' % (fd, jstr(peer), at))

    def _accept(self, r: tuple) -> None:
        _, t, fd, new_fd, peer, err, file, line = r
        if self.listener_fd < 0:
            self.listener_fd = fd
        self._call(fd, t)
        if new_fd < 0 or err:
            if self.handler_fd == fd and not self.flowed:
                self.out.line(self._flow(self.listener.tid, max(t, self.listener.last))[:-len(SEP)])
            self.out.instant(self.listener, t, jstr("accept " + errno_name(err)), '{"fd":%d}' % fd)
            return
        if new_fd not in self.conns:
            self._accept_on_listener(t, new_fd, peer, self.labels.at(file, line))
            self._conn(new_fd, t, peer)

    def _connect(self, r: tuple) -> None:
        _, t, fd, peer, err, file, line = r
        self._call(fd, t)
        c = self._conn(fd, t, peer)
        self.out.instant(c, t, jstr("connect" + (" " + errno_name(err) if err else "")),
                         '{"peer":%s%s}' % (jstr(peer), self.labels.at(file, line)))

    def _closed(self, r: tuple) -> None:
        _, t, fd, reason, bytes_in, bytes_out = r
        c = self.conns.get(fd)
        if t > self.last_t:
            self.last_t = t
        if c is not None:
            self._end_conn(c, t, '{"reason":%s,"bytes_in":%d,"bytes_out":%d}' % (jstr(reason), bytes_in, bytes_out))

    def _close_call(self, r: tuple) -> None:
        _, t, fd, file, line = r
        self._call(fd, t)
        c = self.conns.get(fd)
        if c is not None:
            self._end_conn(c, t, '{"bytes_in":%d,"bytes_out":%d%s}' % (c.bytes_in, c.bytes_out,
                                                                       self.labels.at(file, line)))
        elif fd == self.listener_fd:
            self.out.instant(self.listener, t, '"close"', "{}")

    def _shutdown(self, r: tuple) -> None:
        _, t, fd, how, err, file, line = r
        self._call(fd, t)
        c = self.conns.get(fd) or self._conn(fd, t)
        self.out.instant(c, t, jstr("shutdown " + {0: "SHUT_RD", 1: "SHUT_WR", 2: "SHUT_RDWR"}.get(how, str(how))),
                         '{"errno":%s%s}' % (jstr(errno_name(err) if err else ""), self.labels.at(file, line)))

    def _conn_note(self, r: tuple) -> None:
        ev = _event(r)
        c = self.conns.get(ev.fd) or self._conn(ev.fd, ev.t_ns)
        self.out.instant(c, ev.t_ns, jstr(ev.kind), '{"buffered":%d}' % ev.buffered)

    def _state(self, r: tuple) -> None:
        _, t, fd, peer, bytes_in, bytes_out, buffered, state = r
        if fd not in self.conns:
            c = self._conn(fd, t, peer)
            c.bytes_in, c.bytes_out = bytes_in, bytes_out

    # -- the listener --
    def _listening(self, r: tuple) -> None:
        _, t, host, port, backend, style, fd = r
        self._name_listener(fd, f"listener fd {fd} · {host}:{port} ({style}, {backend})", t)

    def _listen(self, r: tuple) -> None:
        _, t, fd, host, port, backlog, file, line = r
        self._name_listener(fd, f"listener fd {fd} · {host}:{port}", t)

    def _name_listener(self, fd: int, name: str, t: int) -> None:
        self.listener_fd = fd
        self.listener.name = name
        self.out.thread_name(self.listener)
        self.out.instant(self.listener, t, '"listen"', '{"fd":%d}' % fd)
        if t > self.last_t:
            self.last_t = t

    def _refused(self, r: tuple) -> None:
        _, t, fd, peer, reason = r
        self.out.instant(self.listener, t, '"refused"', '{"fd":%d,"peer":%s,"reason":%s}'
                         % (fd, jstr(peer), jstr(reason)))

    # -- the rest --
    def _registration(self, r: tuple) -> None:
        ev = _event(r)
        self._call(ev.fd, ev.t_ns)
        mask = f" {mask_name(ev.mask)}" if hasattr(ev, "mask") else ""
        self.out.instant(self.loop, ev.t_ns, jstr(f"{W.LABELS[type(ev)]} fd {ev.fd}{mask}"),
                         "{%s}" % self.labels.at(ev.file, ev.line)[1:])

    def _source_file(self, r: tuple) -> None:
        self.labels.source_file(r[2], r[3])

    def _held(self, r: tuple) -> None:
        _, t, call, fd, nbytes, iteration, file, line = r
        self.out.instant(self.loop, t, self.labels.held_name(call, fd),
                         '{"iteration":%d,"nbytes":%d%s}' % (iteration, nbytes, self.labels.at(file, line)))

    def _diagnosis(self, r: tuple) -> None:
        _, t, code, fd, detail, message, file, line = r
        self.out.instant(self.loop, t, jstr(f"warning: {code}"), '{"fd":%d,"detail":%s,"message":%s%s}'
                         % (fd, jstr(detail), jstr(message), self.labels.at(file, line)))

    def _queues(self, r: tuple) -> None:
        _, t, fd, recv_q, send_q = r
        self._counter(f"kernel queues fd {fd}", t, '{"recv_q":%d,"send_q":%d}' % (recv_q, send_q))

    def _server_error(self, r: tuple) -> None:
        _, t, fd, message = r
        track = self.conns.get(fd) or self.loop
        self.out.instant(track, t, '"server error"', '{"fd":%d,"message":%s}' % (fd, jstr(message)))

    def _stopped(self, r: tuple) -> None:
        self._end_round(max(self.last_t, r[1]))
        self._global(r)

    def _global(self, r: tuple) -> None:
        ev = _event(r)
        self.out.global_instant(self.glob, ev.t_ns, jstr(ev.kind), _args(ev))

    def _hello(self, r: tuple) -> None:
        pass  # (named the process when it came first)

    def _dropped(self, r: tuple) -> None:
        _, t, count = r
        self.dropped_by_producer += count
        self.round_t = None  # the round may have lost its events: start afresh
        self.out.global_instant(self.glob, t, jstr(f"{count} events dropped by the producer"),
                                '{"count":%d}' % count)

    def _skip(self, r: tuple) -> None:
        pass

    def _other(self, r: tuple) -> None:
        """A kind this export does not know (a newer or foreign producer): a global instant with its fields."""
        ev = _event(r)
        name = ev.kind
        if name in self.ignored_kinds:
            return
        self.not_drawn[name] = self.not_drawn.get(name, 0) + 1
        self.out.global_instant(self.glob, ev.t_ns, jstr(name), _args(ev))


def _event(r: tuple) -> Event:
    return r[0](*r[1:])


def _args(ev: Event) -> str:
    if isinstance(ev, S.UnknownEvent):
        pairs = ev.fields
    else:
        pairs = ((k, getattr(ev, k)) for k in ev.__dataclass_fields__ if k != "t_ns")  # type: ignore[attr-defined]
    return "{%s}" % ",".join(f"{jstr(k)}:{jstr(v) if isinstance(v, str) else _num(v)}" for k, v in pairs)


def _num(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float) and v == v and v not in (float("inf"), float("-inf")):
        return repr(v)
    return jstr(v)  # NaN, infinities and anything else: as text (JSON has no literal for them)


def _as_record(e: Event) -> tuple:
    names = _FIELDS.get(type(e))
    if names is None:
        names = _FIELDS[type(e)] = tuple(e.__dataclass_fields__)  # type: ignore[attr-defined]
    return (type(e), *(getattr(e, n) for n in names))


_FIELDS: dict[type, tuple[str, ...]] = {}
