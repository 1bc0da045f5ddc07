"""The echo loop at full speed: :class:`~evsim.core.echo.loop.EchoLoop` fused into one function, same events.

While nobody steps or slows the loop down (the gate is not active), :class:`FastLoop.serve_fast` runs instead of
the textbook ``serve()``: the same select, recv and send on the same sockets, and the same watch events with the
same lines of ``loop.py`` (a test compares both loops' streams), written straight into the stream as frames
(:func:`~evsim.core.stream.encoder.frame_packer`) instead of through the watch's wrappers, three calls deep
per socket call, and handed to the stream when it is served (every 5 ms), not at every iteration.  That is
what makes the instrumented server cost about what a plain one does (issue 9, ``benchmarks/echo_overhead.py``).

Only the common case is fused: a readable connection with nothing waiting to be echoed, whose echo the kernel
takes whole.  Everything else (accept, end of file, a partial send, errors, back-pressure, a pending write) is
handed to the textbook methods (``accept``, ``update``, ``close``, ...) on the watched sockets, after the frames
written so far (events stay in order).  The moment the gate becomes active (Step, slow motion) the rest of the
ready list goes through the textbook body, held before each call, and ``serve_fast`` returns: the server
then runs the textbook loop until the gate lets go (a debugger's "deoptimise when observed").
"""

from __future__ import annotations

import functools
import selectors
from select import EPOLLIN as _EPOLLIN, EPOLLOUT as _EPOLLOUT
from selectors import EVENT_READ, EVENT_WRITE
from time import monotonic

from evsim.core.echo.connection import ConnState
from evsim.core.events import now_ns
from evsim.core.stream.encoder import frame_packer
from evsim.core.watch.calls import API_SELECTOR, C_DISPATCH, REAL, _errno_of
from evsim.core.watch.events import ReadyFd, Recv, Selected, Send

__all__ = ["FastLoop", "BLOCK_EVENTS"]

_OPEN = ConnState.OPEN
_R_RECV, _R_SEND = REAL["recv"], REAL["send"]
_NOT_IN, _NOT_OUT = ~_EPOLLIN, ~_EPOLLOUT
#: Events the loop writes at most before handing them to the sink, which takes or drops a block whole (256: about
#: 15 KB, under the window's 32 KiB stream buffer).
BLOCK_EVENTS = 256


@functools.cache
def _packers() -> tuple:
    """The frame packers of Selected, ReadyFd, Recv and Send (at first use: the registry loads the watch's
    kinds lazily, and this module is imported while it may be loading)."""
    return (*(frame_packer(cls) for cls in (Selected, ReadyFd, Recv, Send)),
            frame_packer(Recv, Send)[0], frame_packer(Selected, ReadyFd)[0])


class _NoGate:
    active = False


_NO_GATE = _NoGate()


class FastLoop:
    """The fused loop, for :class:`~evsim.core.echo.server.EchoServer` (which provides everything it uses)."""

    def serve_fast(self, sink) -> None:
        """Serve until the server stops or the gate becomes active; events go to ``sink.emit_frames(frames,
        count)`` (looked up at each hand-over: a RecordTap swaps it when a recording starts or stops).

        Its select() is the textbook loop's, with the plumbing of LoopSelector and StreamingSelector written in:
        the waker is hidden (``stop()``, a snapshot asked for: the stream is served at once, then whether to
        stop is checked), a resting listener is re-armed (EMFILE), and the stream is served (``stream_service``:
        frames handed over, counters, snapshots, a flush) every ``stream_service_interval`` rather than at
        every iteration, the wait cut to that while frames wait; waits the plumbing cuts short are retried, so
        that one select() is one Selected.  Without a stream service, frames go to the sink before each wait."""
        (p_sel, n_sel, k_sel), (p_rdy, n_rdy, k_rdy), (p_recv, n_recv, k_recv), (p_send, n_send, k_send), \
            p_recv_send, p_sel_rdy = _packers()  # (two frames in one call: the common pairs)
        gate, stopping = self.gate or _NO_GATE, self._stopping
        wsel = self.selector  # the watched selector: its map and highest fd are what Selected reports
        fd_map = wsel.get_map()
        keys = getattr(getattr(fd_map, "_selector", None), "_fd_to_key", fd_map)  # (the dict under selectors' map)
        fid = self.watch.sites.file_id(self.loop_file())  # (its SourceFile goes out first)
        phases = self._LOOP_SOURCE[2]
        l_sel, l_recv, l_send = phases["select"], phases["read"], phases["write"]
        size = self.recv_size
        fast_ok = size <= self.high_water  # one recv into an empty buffer can never pause reading
        out, count = bytearray(), 0

        unserved = False  # events reached the sink since the stream was last served (frames, or the textbook's)
        # While the sink would drop what it is given (the consumer is behind), the events of the fused path are
        # counted as dropped without being encoded, until the next service asks again (``sink.sheds()``).
        sheds = getattr(sink, "sheds", None) if hasattr(sink, "count_dropped") else None
        shed, lost = False, 0

        def flush() -> None:  # before anything the textbook methods emit: the stream stays in order
            nonlocal out, count, unserved, lost
            unserved = True
            if count:
                sink.emit_frames(out, count)
                out, count = bytearray(), 0
            if lost:
                sink.count_dropped(lost)
                lost = 0

        # select() as LoopSelector and StreamingSelector make it for the textbook loop (see the docstring); on epoll
        # (Linux's default) the selectors module's select() itself is written in too: the same epoll_wait, the same
        # (key, mask) list, without two Python calls a wait and one a ready socket
        raw = self._raw_selector
        real, waker_fd = raw.select, self._waker_r.fileno()
        waker = (raw.get_key(self._waker_r), EVENT_READ)
        epoll = raw._selector.poll if type(raw) is selectors.EpollSelector else None
        fd_to_key = raw._fd_to_key if epoll is not None else None
        service, interval = self.stream_service, self.stream_service_interval
        next_service, asked = 0.0, None  # the service interval's end; when the service asked to be called again
        woken = True  # (stop() wakes the loop: only then can it have to stop)
        while True:
            if woken:
                woken = False
                if stopping.is_set():
                    break
            if gate.active:
                break
            t0 = now_ns()
            now = t0 * 1e-9  # (monotonic() and monotonic_ns() read the same clock)
            while True:
                if service is None:
                    flush()
                    shed = sheds is not None and sheds()
                    timeout = None
                else:
                    if now >= next_service or (asked is not None and now >= asked):
                        flush()
                        later = service()
                        next_service, asked, unserved = now + interval, (None if later is None else now + later), \
                            False
                        shed = sheds is not None and sheds()
                    if count or unserved or lost:  # events wait for the next service: wait no longer than that
                        timeout = next_service - now  # (> 0: the service above ran unless now < next_service)
                    else:
                        timeout = None if asked is None else max(0.0, asked - now)
                rearm = self._rearm_at
                if rearm is not None:
                    left = max(0.0, rearm - now)
                    timeout = left if timeout is None else min(timeout, left)
                if epoll is not None:  # selectors.EpollSelector.select(timeout), inline
                    try:
                        # (epoll.poll rounds a timeout up to whole milliseconds itself; every timeout here is >= 0)
                        evs = epoll(-1 if timeout is None else timeout, len(fd_to_key) or 1)
                    except InterruptedError:
                        evs = ()
                    ready = []
                    for fd, ev in evs:
                        if fd == waker_fd:
                            woken = True
                            continue
                        key = fd_to_key.get(fd)
                        if key is not None:
                            ready.append((key, (EVENT_READ if ev == _EPOLLIN else (ev & _NOT_IN and EVENT_WRITE)
                                                | (ev & _NOT_OUT and EVENT_READ)) & key[2]))
                else:
                    ready = real(timeout)
                    if waker in ready:
                        ready.remove(waker)
                        woken = True
                if rearm is not None and monotonic() >= rearm:
                    flush()  # (it reports ListenerResumed: after what came before)
                    self._resume_listener()
                if woken:  # stop(), or a snapshot asked for: serve the stream at once
                    self._drain_waker()
                    next_service = 0.0
                    break
                if ready:
                    break
                now = monotonic()
            if shed:  # (what only the frames need is not even computed)
                lost += 1 + len(ready)
            else:
                t1 = now_ns()
                mx = wsel._evsim_max
                if mx == -2:  # unknown since the highest fd was unregistered (as the watched select computes it)
                    mx = wsel._evsim_max = max(fd_map, default=-1)
                if len(ready) == 1:
                    out += p_sel_rdy(n_sel, k_sel, t1, API_SELECTOR, len(keys), mx, -1, t1 - t0, 1, fid, l_sel,
                                     n_rdy, k_rdy, t1, ready[0][0][1], ready[0][1], fid, l_sel)
                    count += 2
                else:
                    out += p_sel(n_sel, k_sel, t1, API_SELECTOR, len(keys), mx, -1, t1 - t0, len(ready), fid, l_sel)
                    count += 1
                    for key, mask in ready:
                        out += p_rdy(n_rdy, k_rdy, t1, key[1], mask, fid, l_sel)
                        count += 1
                        if count >= BLOCK_EVENTS:
                            flush()
            held = gate.active
            if held and ready:  # Step pressed while select() waited: held where the watched select holds
                flush()
                gate.hold(C_DISPATCH, ready[0][0].fd, 0, fid, l_sel)
            for key, mask in ready:
                sock, conn = key[0], key[3]  # (SelectorKey is a tuple: fileobj, fd, events, data)
                held = held or gate.active
                if count >= BLOCK_EVENTS:  # thousands ready at once: hand over in blocks (memory, finer drops)
                    flush()
                try:
                    if held or conn is None or mask != EVENT_READ or conn.buffered or conn.state is not _OPEN \
                            or not fast_ok:
                        flush()  # the textbook body, each call watched (and held while the gate is active)
                        if conn is None:
                            self.accept(sock)
                            continue
                        if mask & EVENT_READ:
                            self.read(sock, conn)
                        if mask & EVENT_WRITE and conn.buffered:
                            self.write(sock, conn)
                        continue
                    # read(): recv, then write(): send it back at once, all of it (the common case)
                    s, fd = conn.raw, key[1]
                    try:
                        data = _R_RECV(s, size)
                    except OSError as e:
                        out += p_recv(n_recv, k_recv, now_ns(), fd, -1, size, _errno_of(e), fid, l_recv)
                        count += 1
                        if not isinstance(e, (BlockingIOError, InterruptedError)):
                            flush()
                            self.close(sock, conn, e)  # ECONNRESET: this one only
                        continue
                    n_in = len(data)
                    if not n_in:  # b'': the peer shut its side
                        out += p_recv(n_recv, k_recv, now_ns(), fd, 0, size, 0, fid, l_recv)
                        count += 1
                        flush()
                        conn.eof_received()
                        self.update(sock, conn)
                        continue
                    t_in = 0 if shed else now_ns()
                    try:
                        n = _R_SEND(s, data)
                    except OSError as e:
                        out += p_recv(n_recv, k_recv, t_in or now_ns(), fd, n_in, size, 0, fid, l_recv)
                        out += p_send(n_send, k_send, now_ns(), fd, -1, n_in, _errno_of(e), fid, l_send)
                        count += 2
                        flush()
                        conn.data_received(data)
                        if isinstance(e, (BlockingIOError, InterruptedError)):
                            self.update(sock, conn)  # the kernel's send buffer is full: wait for EVENT_WRITE
                        else:
                            self.close(sock, conn, e)  # EPIPE, ECONNRESET
                        continue
                    if shed:
                        lost += 2
                    else:
                        out += p_recv_send(n_recv, k_recv, t_in, fd, n_in, size, 0, fid, l_recv,
                                           n_send, k_send, now_ns(), fd, n, n_in, 0, fid, l_send)
                        count += 2
                    if n == n_in:
                        conn.bytes_in += n_in
                        conn.bytes_out += n_in
                    else:  # the rest waits in the connection's buffer for EVENT_WRITE
                        flush()
                        conn.data_received(data)
                        conn.sent(n)
                        self.update(sock, conn)
                except Exception as e:  # a bug costs this connection only (as in the textbook loop)
                    flush()
                    self.fail(sock, conn, e)
        flush()
