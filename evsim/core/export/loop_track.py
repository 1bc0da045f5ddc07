"""The event loop's track of a stream trace: select waits, rounds, one slice per ready descriptor handled, and
the flow arrows from a readiness to what it led to (see :mod:`evsim.core.export.stream_trace`)."""

from __future__ import annotations

from evsim.core.export.trace import PID, SEP

__all__ = ["LoopTrack"]

# the s (on the loop, in the handler slice) and f (just before the event it points at) of one arrow
_SF = ('{"ph":"s","pid":%d,"tid":1,"ts":%%.3f,"name":"readiness","cat":"flow","id":%%d}%s'
       '{"ph":"f","pid":%d,"tid":%%d,"ts":%%.3f,"name":"readiness","cat":"flow","id":%%d}') % (PID, SEP, PID)
# watch kinds: the end of a round, the select's wait (and the start of the next round)
_READY = '{"ph":"i","s":"t","pid":%d,"tid":1,"ts":%%.3f,"name":"ready","args":%%s}' % PID
# the same with the next round's slice, the args inline: the usual select with ready descriptors, one format
_SELECT_ROUND = SEP.join((
    '{"ph":"E","pid":%d,"tid":1,"ts":%%s,"name":%%s}' % PID,
    '{"ph":"E","pid":%d,"tid":1,"ts":%%s,"name":%%s}' % PID,
    '{"ph":"X","pid":%d,"tid":1,"ts":%%s,"dur":%%.3f,"name":%%s,"args":{"nfds":%%d,"max_fd":%%d,"timeout_ms":%%s,'
    '"nready":%%d%%s}}' % PID,
    '{"ph":"B","pid":%d,"tid":1,"ts":%%.3f,"name":%%s,"args":{}}' % PID))
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


class LoopTrack:
    """The loop thread's part of :class:`~evsim.core.export.stream_trace.StreamTrace` (a mixin: the state it
    uses is set up there)."""

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
        name, args = lab.handler_and_ready(fd, mask, fd == self.listener_fd)
        self.out.line(_HANDLER % (ts, name, args, ts, args) if ready else _BEGIN % (ts, name, args))
        loop.open_slices.append(name)
        self.handler_fd = fd
        self.flowed = False

    def _arrow(self, track, t: int) -> None:
        """An arrow from the open handler slice to the event about to be written at ``t`` on ``track`` (the first
        one its readiness led to): its s in the handler slice and its f just before that event, at one time.
        None when the loop's track is already past ``t`` (an arrow never goes back in time)."""
        t = max(t, track.last)
        loop = self.loop
        if loop.last > t:
            return
        loop.last = t
        self.flow_id += 1
        self.flowed = True
        ts = (t - self.out.t0) / 1000
        self.out.line(_SF % (ts, self.flow_id, track.tid, ts, self.flow_id))

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
            name, args = lab.handler_and_ready(fd, mask, fd == self.listener_fd)
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
        timeout = lab.timeout(timeout_us)
        slices = loop.open_slices
        if nready > 0 and self.handler_fd is not None and len(slices) == 2 and end >= loop.last:
            # the usual case: end the handler and the round, the wait, the next round: one format
            t0 = out.t0
            te = "%.3f" % ((end - t0) / 1000)
            if t < end:
                t = end
            name = lab.handling(nready)
            out.line(_SELECT_ROUND % (te, slices[1], te, slices[0], te, (t - end) / 1000, lab.select_name(api), nfds,
                                      max_fd, timeout, nready, lab.at(file, line), (t - t0) / 1000, name))
            self.handler_fd = None
            slices[:] = (name,)
            loop.last = t
        else:
            args = '{"nfds":%d,"max_fd":%d,"timeout_ms":%s,"nready":%d%s}' % (nfds, max_fd, timeout, nready,
                                                                              lab.at(file, line))
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
