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
* **flow arrows** (s/f, category ``flow``) from the handler of a readiness to the first recv/send/accept it
  led to.  The ``s`` sits in the handler slice (it binds to the enclosing slice); the ``f`` sits just before
  the recv/send instant at the same time and, with no ``bp``, binds to that next slice (the instant).
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
from evsim.core.export.conn_tracks import Conn, ConnTracks
from evsim.core.export.labels import Labels, mask_name
from evsim.core.export.loop_track import LoopTrack
from evsim.core.export.trace import TraceOut, Track, jstr
from evsim.core.stream import control as S
from evsim.core.watch import events as W

__all__ = ["StreamTrace", "WINDOW_NS"]

#: The bytes/s counter's window.
WINDOW_NS = 100_000_000


class StreamTrace(LoopTrack, ConnTracks):
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
        for n, r in enumerate(it, 1):
            get(r[0], other)(r)
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
        self._roll(t)
        if self.win_in or self.win_out:  # the window the trace ends in; the rate ends with the trace
            start, scale = self.win_end - WINDOW_NS, 1e9 / WINDOW_NS
            self._counter("bytes/s", start, '{"in":%d,"out":%d}' % (self.win_in * scale, self.win_out * scale))
            self._counter("bytes/s", max(t, start), '{"in":0,"out":0}')
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
        if fd in self.pending:  # held before the first call (or the dispatch) of a ready descriptor's handler
            self._call(fd, t)
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
