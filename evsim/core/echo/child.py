"""The echo server's own process: ``python -m evsim.core.echo.child --stream-fd N [server options]``.

The window (or any parent) starts this process with one end of a socketpair as ``--stream-fd``.  The
server loop runs in a thread and emits its events into a RingSink; the main thread is the *pump*: every few
milliseconds it moves what the ring holds into a :class:`~evsim.core.stream.StreamWriter` (which never
blocks: when the parent reads too slowly, events are dropped and the count travels in the stream), and it
reads the parent's commands from the same socket (step, slow motion, tracing, snapshot, stop).

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

from evsim.core.echo import make_server
from evsim.core.echo.control import LoopControl
from evsim.core.echo.errors import bind_error_message
from evsim.core.echo.events import ConnectionState, Listening, ServerCounters, StartFailed
from evsim.core.events import RingSink, now_ns
from evsim.core.limits import raise_nofile_limit
from evsim.core.stream import Command, Decoder, SnapshotBegin, SnapshotEnd, StreamError, StreamWriter

#: How often the pump wakes while events flow, and while nothing happens (idle costs ~50 wake-ups/s).
BUSY_INTERVAL_S = 0.005
IDLE_INTERVAL_S = 0.02
#: ServerCounters (exact totals) at most this often; a resync snapshot after drops at most this often.
COUNTERS_INTERVAL_S = 0.1
RESYNC_INTERVAL_S = 1.0
RING_CAPACITY = 1 << 16
#: Bytes of encoded events waiting for the window at most (about 40,000 events); beyond, events are dropped.
STREAM_CAPACITY = 1 << 20
#: Exit status when the server could not start (the reason is the ServerStopped event before it).
EXIT_START_FAILED = 2

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to send us SIGTERM when the parent dies, so no server outlives a killed window."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class Pump:
    """Moves events from the server's ring to the stream and commands from the stream to the server."""

    def __init__(self, sock: socket.socket, server, ring: RingSink, control: LoopControl,
                 capacity: int = STREAM_CAPACITY) -> None:
        self.sock = sock
        self.server = server
        self.ring = ring
        self.control = control
        self.writer = StreamWriter(sock, capacity, producer=f"evsim echo server ({server.style})")
        self.decoder = Decoder()
        self.stopping = threading.Event()
        self._ring_dropped = 0
        self._resynced_drops = 0
        self._next_counters = 0.0
        self._next_resync = 0.0
        self._counters: tuple | None = None

    def snapshot(self) -> None:
        """The open connections as state events, between SnapshotBegin and SnapshotEnd."""
        conns = self.server.connections_snapshot()
        t = now_ns()
        emit = self.writer.emit
        emit(SnapshotBegin(t, len(conns)))
        if self.server.running:
            (h, p), lfd = self.server.address, self.server.listener_fd
            emit(Listening(t, h, p, self.server.backend_in_use, self.server.style, lfd))
        for c in conns:
            emit(ConnectionState(t, c.fd, c.peer, c.bytes_in, c.bytes_out, c.buffered, c.state))
        emit(SnapshotEnd(t))
        self.writer.flush()

    def run(self) -> None:
        sock, writer, ring = self.sock, self.writer, self.ring
        while not self.stopping.is_set():
            busy = len(ring) > 0 or writer.pending_bytes > 0
            try:
                r, _, _ = select.select([sock], [], [], BUSY_INTERVAL_S if busy else IDLE_INTERVAL_S)
            except InterruptedError:
                r = []
            if r and not self._read_commands():
                break  # the parent closed its end: nobody watches any more
            self.move_events()
            if not self.server.running:
                break
        self.move_events()

    def move_events(self) -> None:
        ring, writer = self.ring, self.writer
        batch = ring.drain_raw()
        lost = ring.dropped - self._ring_dropped
        if lost:
            self._ring_dropped += lost
            writer.count_dropped(lost)
        emit = writer.emit
        for item in batch:
            emit(item)
        now = time.monotonic()
        if now >= self._next_counters and self.server.running:
            self._next_counters = now + COUNTERS_INTERVAL_S
            st = self.server.stats()
            values = (st.accepted, st.open, st.bytes_in, st.bytes_out, st.refused, st.closed)
            if values != self._counters:
                self._counters = values
                emit(ServerCounters(now_ns(), *values))
        if writer.dropped > self._resynced_drops and now >= self._next_resync and writer.pending_bytes == 0:
            # Events were lost (an Accepted or a Closed among them, maybe): send the state again.
            self._resynced_drops = writer.dropped
            self._next_resync = now + RESYNC_INTERVAL_S
            self.snapshot()
        writer.flush()

    def _read_commands(self) -> bool:
        try:
            data = self.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError:
            return False
        if not data:
            return False
        try:
            commands = self.decoder.feed(data)
        except StreamError as e:
            print(f"evsim: echo server: bad command stream from the window: {e}", file=sys.stderr)
            return False
        for c in commands:
            if type(c) is Command:
                self.handle(c.name, c.arg)
        return True

    def handle(self, name: str, arg: str) -> None:
        control = self.control
        if name == "stop":
            self.stopping.set()
        elif name == "step":
            control.step(max(1, _int(arg, 1)))
        elif name == "step_mode":
            control.set_step_mode(arg == "1")
        elif name == "delay_ms":
            control.delay_s = max(0, _int(arg, 0)) / 1000.0
        elif name == "tracing":
            control.tracing = arg == "1"
        elif name == "snapshot":
            self.snapshot()


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


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
    # where to write {"produced", "dropped"} when the process ends (for tests that check exact drop counts)
    p.add_argument("--stats-file", default=None, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    die_with_parent()
    raise_nofile_limit()
    sock = socket.socket(fileno=args.stream_fd)
    ring = RingSink(RING_CAPACITY)
    control = LoopControl()
    control.set_step_mode(args.step_mode)
    control.delay_s = max(0, args.delay_ms) / 1000.0
    control.tracing = args.tracing
    server = make_server(args.style, args.backend, host=args.host, port=args.port,
                         max_connections=args.max_connections, sink=ring, control=control)
    pump = Pump(sock, server, ring, control, max(1, args.stream_capacity))

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
        pump.writer.flush()
        pump.writer.close(timeout=1.0)
        return EXIT_START_FAILED
    try:
        pump.run()
    finally:
        control.release()
        server.stop()
        pump.move_events()
        pump.writer.close(timeout=0.2)
        if args.stats_file:
            with open(args.stats_file, "w") as f:
                json.dump({"produced": ring.emitted, "dropped": pump.writer.dropped}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
