"""The echo server's own process: ``python -m evsim.core.echo.child --stream-fd N [server options]``.

The window (or any parent) starts this process with one end of a socketpair as ``--stream-fd``.  Events go to
a :class:`~evsim.core.stream.StreamWriter`, which never blocks: when the parent reads too slowly, events are
dropped and the count travels in the stream.  Commands (step, step_iteration, continue, step_mode, delay_ms,
tracing, snapshot, stop) come back on the same socket; the main thread reads them, blocked in ``select`` until
one arrives.  The selectors server is stepped by a :class:`~evsim.core.watch.gate.Gate` (before every watched
call), the classic one by a :class:`~evsim.core.echo.control.LoopControl` (before each ready socket).

Where the writer is fed:

* **selectors style** (the default): the server's loop thread writes the stream itself.  Its selector is
  wrapped (:class:`StreamingSelector`) so that each ``select()`` first flushes what was written, and a held
  loop (Step, slow motion) flushes before it waits.  Nothing else touches the writer while the loop runs, so
  no second thread competes with the server for the GIL on the hot path, and an idle server sleeps in
  ``select(None)``: zero wake-ups.
* **classic style** (``select.select`` over plain lists): the loop emits into a RingSink and the main thread
  moves it into the writer every few milliseconds.

The process ends when the parent says ``stop``, closes its end, dies (PR_SET_PDEATHSIG), or on SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import json
import select
import signal
import socket
import sys
import threading
import time
from time import monotonic as _monotonic

from evsim.core.echo import make_server
from evsim.core.echo.control import LoopControl
from evsim.core.echo.errors import bind_error_message
from evsim.core.echo.events import ConnectionState, Listening, ServerCounters, StartFailed
from evsim.core.events import RingSink, now_ns
from evsim.core.limits import raise_nofile_limit
from evsim.core.record.control import RecordControl
from evsim.core.record.tap import RecordTap
from evsim.core.stream import Decoder, SnapshotBegin, SnapshotEnd, StreamWriter
from evsim.core.stream.commands import loop_command, read_commands
from evsim.core.watch.gate import Gate

#: How often the loop serves the stream (flush, counters, snapshots) while events flow: events reach the window
#: at most this late, in one send() per batch rather than one per request.
SERVICE_INTERVAL_S = 0.005
#: The main thread's wake-ups: while events flow through the ring (classic), and otherwise.
RING_INTERVAL_S = 0.005
IDLE_INTERVAL_S = 0.1
#: ServerCounters (exact totals) at most this often; a resync snapshot after drops at most this often.
COUNTERS_INTERVAL_S = 0.1
RESYNC_INTERVAL_S = 1.0
RING_CAPACITY = 1 << 16
#: Bytes of encoded events waiting for the window at most (about 40,000 events); beyond, events are dropped.
STREAM_CAPACITY = 1 << 20
#: Exit status when the server could not start (the reason is the StartFailed event before it).
EXIT_START_FAILED = 2

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to send us SIGTERM when the parent dies, so no server outlives a killed window."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class StreamingSelector:
    """The server's selector, serving the event stream before a wait (in the loop's own thread), for the
    textbook loop; the fused loop calls ``pump.service`` itself, on the same schedule (``stream_service``).

    At most every SERVICE_INTERVAL_S it flushes what was written, sends counters and snapshots; in between, a
    ``select()`` costs one clock read more than the selector's own, and its timeout is cut short only while
    something waits to be sent.  Tracing (the code pane shown) changes nothing here: every watched call's event
    carries its line, and a held loop flushes before it waits (Gate.flush); a send at every iteration would
    only cost the server a system call and the window a wake-up per request."""

    def __init__(self, inner, pump: "Pump") -> None:
        self._inner = inner
        self._pump = pump
        self._next = 0.0

    def select(self, timeout: float | None = None):
        now = _monotonic()
        pump = self._pump
        if now >= self._next or pump.snapshot_wanted:
            self._next = now + SERVICE_INTERVAL_S
            wait = pump.service()
        elif pump.writer.pending_bytes or pump.writer.emitted != pump.reported_at:
            wait = self._next - now  # the next service sends it
        else:
            wait = None
        if wait is not None:
            timeout = wait if timeout is None else min(timeout, wait)
        return self._inner.select(timeout)

    def __getattr__(self, name: str):  # register, modify, unregister, get_key, get_map, close
        return getattr(self._inner, name)


class Pump:
    """The server process's side of the stream: its writer, and the commands that arrive."""

    def __init__(self, sock: socket.socket, control: LoopControl, capacity: int = STREAM_CAPACITY,
                 producer: str = "evsim echo server", gate: Gate | None = None) -> None:
        self.sock = sock
        self.control = control
        #: The selectors server's step gate (None: the classic server, stepped by ``control``).
        self.gate = gate
        self.writer = StreamWriter(sock, capacity, producer=producer)
        self.decoder = Decoder()
        self.server = None  # set once the server exists (it is built with this pump's writer or ring)
        self.ring: RingSink | None = None
        self.stopping = threading.Event()
        self.snapshot_wanted = False
        self._ring_dropped = 0
        self._resynced_drops = 0
        self._next_counters = 0.0
        self._next_resync = 0.0
        self._counters: tuple | None = None
        self.reported_at = -1
        self.recorder: RecordControl | None = None  # record FILE / record-stop (build() sets it up)

    # -- the writer's side (one thread at a time: the loop's, or the main thread's with a ring) ------------------
    def service(self) -> float | None:
        """Counters, snapshots and a flush.  Returns how long the caller may wait before calling again (None:
        as long as it likes): soon while bytes remain unsent (the window is behind), or while events went out
        since the last ServerCounters and the next one is not due yet."""
        writer, server = self.writer, self.server
        if self.recorder is not None:
            self.recorder.serve(writer.emit)
        now = time.monotonic()
        wait: float | None = None
        if server is not None and server.running and writer.emitted != self.reported_at:
            if now >= self._next_counters:
                self._next_counters = now + COUNTERS_INTERVAL_S
                st = server.stats()
                values = (st.accepted, st.open, st.bytes_in, st.bytes_out, st.refused, st.closed)
                if values != self._counters:
                    self._counters = values
                    writer.emit(ServerCounters(now_ns(), *values))
                self.reported_at = writer.emitted
            else:
                wait = self._next_counters - now
        lost = writer.dropped > self._resynced_drops
        if self.snapshot_wanted or (lost and now >= self._next_resync and not writer.pending_bytes):
            # asked for, or events were lost (an Accepted or a Closed among them, maybe): send the state again
            self.snapshot_wanted = False
            self._resynced_drops = writer.dropped
            self._next_resync = now + RESYNC_INTERVAL_S
            self.snapshot()
        elif lost:
            wait = RESYNC_INTERVAL_S if wait is None else min(wait, RESYNC_INTERVAL_S)
        writer.flush()
        if writer.pending_bytes:  # the window is behind: try again soon
            wait = SERVICE_INTERVAL_S if wait is None else min(wait, SERVICE_INTERVAL_S)
        return wait

    def snapshot(self) -> None:
        """The open connections as state events, between SnapshotBegin and SnapshotEnd."""
        server = self.server
        conns = server.connections_snapshot()
        t = now_ns()
        emit = self.writer.emit_state  # whole, or the snapshot would be no use
        emit(SnapshotBegin(t, len(conns)))
        if server.running:
            (h, p), lfd = server.address, server.listener_fd
            emit(Listening(t, h, p, server.backend_in_use, server.style, lfd))
        for c in conns:
            emit(ConnectionState(t, c.fd, c.peer, c.bytes_in, c.bytes_out, c.buffered, c.state))
        emit(SnapshotEnd(t))

    def move_ring(self) -> None:
        """Classic style: what the loop put in the ring goes into the writer (main thread)."""
        ring, writer = self.ring, self.writer
        batch = ring.drain_raw()
        lost = ring.dropped - self._ring_dropped
        if lost:
            self._ring_dropped += lost
            writer.count_dropped(lost)
        emit = writer.emit
        for item in batch:
            emit(item)
        self.service()

    # -- the main thread: commands -------------------------------------------------------------------------------
    def run(self) -> None:
        """Until stopped, the parent leaves, or the server's loop ends."""
        sock = self.sock
        while not self.stopping.is_set():
            busy = self.ring is not None and (len(self.ring) > 0 or self.writer.pending_bytes > 0)
            try:
                r, _, _ = select.select([sock], [], [], RING_INTERVAL_S if busy else IDLE_INTERVAL_S)
            except InterruptedError:
                r = []
            if r and not self._read_commands():
                break  # the parent closed its end: nobody watches any more
            if self.ring is not None:
                self.move_ring()
            if not self.server.running:
                break

    def _read_commands(self) -> bool:
        return read_commands(self.sock, self.decoder, self.handle, "echo server")

    def handle(self, name: str, arg: str) -> None:
        control = self.gate or self.control  # (the same controller side; the classic server steps per key)
        if loop_command(control, name, arg):
            return
        if name == "stop":
            self.stopping.set()
        elif name == "tracing":
            control.tracing = arg == "1"
        elif name == "snapshot" or (self.recorder is not None and self.recorder.command(name, arg)):
            self.snapshot_wanted = True  # (a record command is carried out with it, at the loop's next select)
            if self.server is not None and self.ring is None:
                self.server._wake()  # the loop takes the snapshot at its next select(), in its own thread


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="evsim-echo-server")
    p.add_argument("--stream-fd", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=9999)
    p.add_argument("--backend", default="default")
    p.add_argument("--style", default="selectors")
    p.add_argument("--max-connections", type=int, default=10000)
    # loop control from the first select() on (later changes arrive as commands)
    p.add_argument("--step-mode", action="store_true")
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--tracing", action="store_true")
    p.add_argument("--stream-capacity", type=int, default=STREAM_CAPACITY, help=argparse.SUPPRESS)
    p.add_argument("--stream-sndbuf", type=int, default=0, help=argparse.SUPPRESS)  # the kernel's share
    # where to write {"produced", "dropped"} when the process ends (for tests that check exact drop counts)
    p.add_argument("--stats-file", default=None, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def build(sock: socket.socket, style: str, backend: str, capacity: int = STREAM_CAPACITY,
          **server_kw) -> tuple[Pump, object]:
    """A pump on ``sock`` and an unstarted echo server feeding it (in its loop thread, or through a ring)."""
    control = server_kw.pop("control", None) or LoopControl()
    gate = server_kw.pop("gate", None)
    classic = style == "classic" or backend == "classic"
    pump = Pump(sock, control, max(1, capacity), f"evsim echo server ({'classic' if classic else 'selectors'})")
    if classic:
        pump.ring = RingSink(RING_CAPACITY)
        tap = RecordTap(pump.ring)  # what the loop emits goes to the recording before anything can drop it
        server = make_server(style, backend, sink=tap, control=control, **server_kw)
    else:
        # held (Step, slow motion): the Held event and everything before it go out before the loop waits
        tap = RecordTap(pump.writer)
        pump.gate = gate = gate or Gate()
        gate.emit, gate.flush = tap.emit, pump.service
        server = make_server(style, backend, sink=tap, gate=gate,
                             wrap_selector=lambda sel: StreamingSelector(sel, pump), **server_kw)
    pump.server = server
    if not classic:  # the fused loop serves the stream itself (StreamingSelector serves it for the textbook loop)
        server.stream_service, server.stream_service_interval = pump.service, SERVICE_INTERVAL_S
    pump.recorder = RecordControl(tap, server, pump.writer.producer or "evsim echo server")
    return pump, server


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    die_with_parent()
    raise_nofile_limit()
    control, gate = LoopControl(), Gate()
    for c in (control, gate):
        c.set_step_mode(args.step_mode)
        c.delay_s = max(0, args.delay_ms) / 1000.0
    control.tracing = args.tracing
    sock = socket.socket(fileno=args.stream_fd)
    if args.stream_sndbuf > 0:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, args.stream_sndbuf)
    pump, server = build(sock, args.style, args.backend, args.stream_capacity,
                         control=control, gate=gate, host=args.host, port=args.port,
                         max_connections=args.max_connections)

    def on_signal(signum, frame) -> None:
        pump.stopping.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    try:
        server.start()
    except (OSError, UnicodeError, ValueError) as e:
        why = bind_error_message(args.host, args.port, e) if isinstance(e, OSError) else str(e)
        code = errno.errorcode.get(e.errno or 0, "") if isinstance(e, OSError) else ""
        pump.writer.emit(StartFailed(now_ns(), code, why))
        pump.writer.close(timeout=1.0)
        return EXIT_START_FAILED
    try:
        pump.run()
    finally:
        control.release()
        gate.release()
        server.stop()  # joins the loop thread: from here on the main thread owns the writer
        pump.recorder.stop(pump.writer.emit)
        if pump.ring is not None:
            pump.move_ring()
        pump.writer.close(timeout=0.2)
        if args.stats_file:
            produced = pump.ring.emitted if pump.ring is not None else pump.writer.emitted + pump.writer.dropped
            with open(args.stats_file, "w") as f:
                json.dump({"produced": produced, "dropped": pump.writer.dropped}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
