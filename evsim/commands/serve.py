"""``evsim serve``: the echo server, headless.

The first line on stdout is ``listening on HOST:PORT`` (the real port with ``--port 0``).  The server loop
runs in its own thread and always feeds a RingSink (the same instrumentation as in the window); with
``--events`` the main thread moves its events through the event stream (:mod:`evsim.core.stream`, the
format the window reads) and prints one line per event, 20 times a second; when the terminal cannot keep
up, events are dropped and the count is printed where they are missing.  SIGINT/SIGTERM stop it cleanly
(exit 0) within a fraction of a second.

``--record FILE`` writes every event the server emits to a recording (docs/recording.md) from the server's
own thread, before the ring (which may drop) sees it; events are dropped only when the disk cannot keep up,
and then counted on stderr and in the file.
"""

from __future__ import annotations

import argparse
import ipaddress
import signal
import socket
import sys
import threading

from evsim.commands import CliError
from evsim.core.echo import make_server
from evsim.core.echo.errors import bind_error_message
from evsim.core.echo.child import Pump
from evsim.core.echo.control import LoopControl
from evsim.core.events import RingSink
from evsim.core.limits import raise_nofile_limit
from evsim.core.record import RecordingError, RecordingWriter, Tee
from evsim.core.stream import StreamReader, format_event

DRAIN_INTERVAL_S = 0.05


def is_loopback(host: str) -> bool:
    """True when every address ``host`` names is a loopback address (raises CliError if it names none)."""
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise CliError(f"cannot listen on {host!r}: unknown host ({getattr(e, 'strerror', None) or e})") from None
    return all(ipaddress.ip_address(info[4][0].split("%", 1)[0]).is_loopback for info in infos)


class EventPrinter:
    """``--events``: the server's events go through the very stream the window reads (a socketpair in this
    process: the echo server process's pump on one end, a StreamReader on the other), one line each."""

    def __init__(self, server, ring: RingSink) -> None:
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.pump = Pump(theirs, LoopControl(), producer=f"evsim serve ({server.style})")
        self.pump.server, self.pump.ring = server, ring
        self.reader = StreamReader(mine)
        self.t0: int | None = None

    def step(self) -> None:
        self.pump.move_ring()
        events = self.reader.read(1 << 22)
        if not events:
            return
        if self.t0 is None:
            self.t0 = min(e.t_ns for e in events)  # (Hello is stamped when the stream opened)
        sys.stdout.write("\n".join(format_event(ev, self.t0) for ev in events) + "\n")
        sys.stdout.flush()

    def close(self) -> None:
        self.step()
        self.pump.writer.close()
        self.step()
        self.reader.close()


class Recorder:
    """``--record FILE``: the writer, and what the user is told about it (drops, a failed write, the total)."""

    def __init__(self, writer: RecordingWriter) -> None:
        self.writer = writer
        self._told_dropped = 0
        self._told_error = False

    @classmethod
    def open(cls, path: str, style: str) -> "Recorder":
        try:
            return cls(RecordingWriter(path, producer=f"evsim serve ({style})"))
        except RecordingError as e:
            raise CliError(str(e)) from None

    def check(self) -> None:
        w = self.writer
        if w.error is not None and not self._told_error:
            self._told_error = True
            print(f"evsim: {w.error}; the server goes on without recording", file=sys.stderr, flush=True)
        elif w.dropped > self._told_dropped and w.error is None:
            print(f"evsim: recording: {w.dropped - self._told_dropped:,} events dropped (the disk did not keep "
                  f"up; {w.dropped:,} in all)", file=sys.stderr, flush=True)
        self._told_dropped = w.dropped

    def close(self) -> None:
        w = self.writer
        w.close()
        self.check()
        lost = f", {w.dropped:,} dropped" if w.dropped else ""
        print(f"evsim: recorded {w.events:,} events to {w.path}{lost}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    host, port = args.host, args.port
    if not is_loopback(host):
        print(f"evsim: warning: {host} is not a loopback address: anyone who can reach this machine can "
              "connect to the echo server", file=sys.stderr, flush=True)
    raise_nofile_limit()
    style = "classic" if args.backend == "classic" else "selectors"
    sink = RingSink(65536)
    recording = Recorder.open(args.record, style) if getattr(args, "record", None) else None
    if recording is not None:  # the file first, in the loop's thread; the ring only feeds --events
        server_sink = Tee(recording.writer, sink) if args.events else recording.writer
    else:
        server_sink = sink
    server = make_server(style, backend=args.backend, host=host, port=port, max_connections=args.max_connections,
                         sink=server_sink)
    stop = threading.Event()

    def on_signal(signum, frame) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    printer: EventPrinter | None = None
    crashed = False
    try:
        try:
            server.start()
        except (OSError, UnicodeError) as e:
            raise CliError(bind_error_message(host, port, e) if isinstance(e, OSError)
                           else f"cannot listen on {host!r}: {e}") from None
        shown_host, shown_port = server.address
        print(f"listening on {shown_host}:{shown_port}", flush=True)
        if args.events:
            printer = EventPrinter(server, sink)
        while True:
            done = stop.wait(DRAIN_INTERVAL_S) or not server.running
            if printer is not None:
                printer.step()
            if recording is not None:
                recording.check()
            if done:
                break
        crashed = not stop.is_set()
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if printer is not None:
            printer.close()
        if recording is not None:
            recording.close()
    if crashed:
        raise CliError("the server loop stopped unexpectedly", 1)
    return 0
