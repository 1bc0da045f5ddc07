"""``evsim serve``: the echo server, headless.

The first line on stdout is ``listening on HOST:PORT`` (the real port with ``--port 0``).  The server runs
as in the window's server process (:func:`evsim.core.echo.child.build`): its loop, in its own thread, writes
the event stream (:mod:`evsim.core.stream`, the format the window reads) into one end of a socketpair; the main
thread reads the other end as soon as something arrives (so the server never sheds events for want of a
reader) and, with ``--events``, prints one line per event (without, it throws the bytes away).  When the
terminal cannot keep up, events are dropped and the count is printed where they are missing.  SIGINT/SIGTERM
stop it cleanly (exit 0) within a fraction of a second.

``--record FILE`` writes every event the server emits to a recording (docs/recording.md) from the server's
own thread, before the stream (which may drop) sees it; events are dropped only when the disk cannot keep up,
and then counted on stderr and in the file.
"""

from __future__ import annotations

import argparse
import ipaddress
import select
import signal
import socket
import sys
import threading
import time

from evsim.commands import CliError
from evsim.core.echo.calls import EchoCalls
from evsim.core.echo.child import build
from evsim.core.echo.errors import bind_error_message
from evsim.core.limits import raise_nofile_limit
from evsim.core.record import RecordingError, RecordingWriter
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
    """``--events``: the server's event stream, read from this process's end of it, one line per event."""

    def __init__(self, sock: socket.socket) -> None:
        self.reader = StreamReader(sock)
        self.calls = EchoCalls(keep_calls=False)  # the watched calls, as the echo kinds they stand for
        self.t0: int | None = None

    def step(self) -> None:
        events = self.calls.translate(self.reader.read(1 << 22))
        if not events:
            return
        if self.t0 is None:
            self.t0 = min(e.t_ns for e in events)  # (Hello is stamped when the stream opened)
        sys.stdout.write("\n".join(format_event(ev, self.t0) for ev in events) + "\n")
        sys.stdout.flush()


def discard(sock: socket.socket) -> bool:
    """Without ``--events`` nobody reads the stream: take what arrived and throw it away (False: its end)."""
    try:
        while sock.recv(1 << 20):
            pass
    except (BlockingIOError, InterruptedError):
        return True
    except OSError:
        pass
    return False


def wait_for_stream(sock: socket.socket, timeout: float) -> None:
    """Until the stream has data, or ``timeout`` (a signal ends the wait early: its handler has run)."""
    try:
        select.select([sock], [], [], timeout)
    except (InterruptedError, OSError, ValueError):
        pass


class Recorder:
    """``--record FILE``: the writer, and what the user is told about it (drops, a failed write, the total)."""

    def __init__(self, writer: RecordingWriter) -> None:
        self.writer = writer
        self._told_dropped = 0
        self._told_error = False

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
    # The server runs exactly as in the window's server process: its loop writes the event stream (a socketpair
    # here; this thread reads the other end), File > Record's tap in front of it.
    mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    mine.setblocking(False)
    try:
        pump, server = build(theirs, style, args.backend, host=host, port=port, max_connections=args.max_connections)
    except ValueError as e:
        mine.close()
        theirs.close()
        raise CliError(str(e)) from None
    recording: Recorder | None = None
    if getattr(args, "record", None):
        try:  # the file first, before the stream (which may drop) sees an event
            recording = Recorder(pump.recorder.tap.start(args.record, producer=f"evsim serve ({style})"))
        except RecordingError as e:
            pump.writer.close()
            mine.close()
            raise CliError(str(e)) from None
    stop = threading.Event()

    def on_signal(signum, frame) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    printer = EventPrinter(mine) if args.events else None
    crashed = False
    started = False
    try:
        try:
            server.start()
            started = True
        except (OSError, UnicodeError) as e:
            raise CliError(bind_error_message(host, port, e) if isinstance(e, OSError)
                           else f"cannot listen on {host!r}: {e}") from None
        shown_host, shown_port = server.address
        print(f"listening on {shown_host}:{shown_port}", flush=True)
        open_stream = True
        while True:
            if open_stream:
                wait_for_stream(mine, DRAIN_INTERVAL_S)
            else:
                stop.wait(DRAIN_INTERVAL_S)
            done = stop.is_set() or not server.running
            if pump.ring is not None:  # the classic server: its ring goes into the stream from this thread
                pump.move_ring()
            if printer is not None:
                printer.step()
                open_stream = not printer.reader.eof
            else:
                open_stream = discard(mine)
            if recording is not None:
                recording.check()
            if done:
                break
        crashed = not stop.is_set()
    finally:
        server.stop()  # joins the loop thread: from here on this thread owns the writer
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if recording is not None:
            pump.recorder.tap.stop()
            recording.close()
        if started and pump.ring is not None:
            pump.move_ring()
        if printer is not None:  # the last events (the closes, ServerStopped) are printed too
            deadline = time.monotonic() + 0.5
            while pump.writer.wants_write and time.monotonic() < deadline:
                printer.step()
                pump.writer.flush()
        pump.writer.close()
        for _ in range(3 if printer is not None else 0):  # (all of it is in the socket now, then its end)
            printer.step()
        mine.close()
    if crashed:
        raise CliError("the server loop stopped unexpectedly", 1)
    return 0
