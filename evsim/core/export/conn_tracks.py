"""The connections' and the listener's tracks of a stream trace: one thread track per connection (its
lifetime an async slice), recv/send instants with byte counts (see :mod:`evsim.core.export.stream_trace`)."""

from __future__ import annotations

from evsim.core.export.labels import errno_name
from evsim.core.export.trace import PID, SEP, Track, jstr

__all__ = ["Conn", "ConnTracks"]

_DATA = '{"ph":"i","s":"t","pid":%d,"tid":%%d,"ts":%%s,"name":"%%s","args":{"bytes":%%d%%s}}' % PID
_DATA_FLOW = ('{"ph":"s","pid":%d,"tid":1,"ts":%%s,"name":"readiness","cat":"flow","id":%%d}%s'
              '{"ph":"f","pid":%d,"tid":%%d,"ts":%%s,"name":"readiness","cat":"flow","id":%%d}%s' % (PID, SEP, PID, SEP)
              + _DATA)
_SEND = ('{"ph":"i","s":"t","pid":%d,"tid":%%d,"ts":%%.3f,"name":"send","args":{"bytes":%%d,"partial":%%s,'
         '"buffered":%%d}}' % PID)
_WSEND = '{"ph":"i","s":"t","pid":%d,"tid":%%d,"ts":%%.3f,"name":"send","args":{"bytes":%%d,"offered":%%d%%s}}' % PID
_ASYNC = '{"ph":"%%s","pid":%d,"tid":%%d,"ts":%%.3f,"name":%%s,"cat":"connection","id":%%d,"args":%%s}' % PID


class Conn(Track):
    """A connection's track: its descriptor, peer, serial number (its async slice's id) and byte totals."""

    __slots__ = ("fd", "serial", "label", "bytes_in", "bytes_out")

    def __init__(self, serial: int, fd: int, peer: str, t: int) -> None:
        super().__init__(100 + serial, t, f"fd {fd} · {peer}" if peer else f"fd {fd}")
        self.fd, self.serial, self.label = fd, serial, jstr(self.name)
        self.bytes_in = self.bytes_out = 0


class ConnTracks:
    """The connections' part of :class:`~evsim.core.export.stream_trace.StreamTrace` (a mixin)."""

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
        if fd == self.handler_fd and not self.flowed and self.loop.last <= t:
            # the first call its readiness led to: an arrow (its s in the handler slice, at the same time)
            self.flow_id += 1
            self.flowed = True
            self.loop.last = t
            self.out.line(_DATA_FLOW % (ts, self.flow_id, c.tid, ts, self.flow_id, c.tid, ts, name, n, extra))
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
        c = self.conns.get(fd)
        if c is not None and c.last <= t < self.win_end and (self.flowed or fd != self.handler_fd):
            # the usual send (after the recv its readiness led to): one format, nothing else to do
            c.last = t
            self.out.line(_SEND % (c.tid, (t - self.out.t0) / 1000, n, "true" if partial else "false", buffered))
        else:
            self._data(fd, t, "send", n, ',"partial":%s,"buffered":%d' % ("true" if partial else "false",
                                                                          buffered))
            c = self.conns[fd]
        c.bytes_out += n
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
        c = self.conns.get(fd)
        if n >= offered and not err and c is not None and c.last <= t < self.win_end and \
                (self.flowed or fd != self.handler_fd):  # the usual send: one format
            c.last = t
            self.out.line(_WSEND % (c.tid, (t - self.out.t0) / 1000, n, offered, self.labels.at(file, line)))
            c.bytes_out += n
            self.win_out += n
            return
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
            self._arrow(self.listener, t)
        self.out.instant(self.listener, t, '"accept"', '{"fd":%d,"peer":%s%s}' % (fd, jstr(peer), at))

    def _accept(self, r: tuple) -> None:
        _, t, fd, new_fd, peer, err, file, line = r
        if self.listener_fd < 0:
            self.listener_fd = fd
        self._call(fd, t)
        if new_fd < 0 or err:
            if self.handler_fd == fd and not self.flowed:
                self._arrow(self.listener, t)
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
        """HalfClosed, ReadingPaused, ReadingResumed: ``(cls, t_ns, fd, buffered)``."""
        cls, t, fd, buffered = r
        c = self.conns.get(fd) or self._conn(fd, t)
        self.out.instant(c, t, jstr(cls.__name__), '{"buffered":%d}' % buffered)

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
