"""``evsim serve``: the echo server, headless.

The first line on stdout is ``listening on HOST:PORT`` (the real port with ``--port 0``).  The server loop
runs in its own thread and always feeds a RingSink (the same instrumentation as in the GUI); with
``--events`` the main thread drains it a few times a second and prints one line per event.  SIGINT/SIGTERM
stop it cleanly (exit 0).
"""

from __future__ import annotations

import argparse
import dataclasses
import errno
import ipaddress
import signal
import socket
import sys
import threading

from evsim.commands import CliError
from evsim.core.echo import make_server
from evsim.core.echo.errors import bind_error_message
from evsim.core.events import Event, RingSink

DRAIN_INTERVAL_S = 0.2


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


def format_event(ev: Event, t0_ns: int) -> str:
    """``  0.001234  Received      fd=7 nbytes=5``: time since the server started, kind, fields."""
    fields = " ".join(f"{f.name}={getattr(ev, f.name)}" for f in dataclasses.fields(ev) if f.name != "t_ns")
    return f"{(ev.t_ns - t0_ns) / 1e9:10.6f}  {ev.kind:<15} {fields}".rstrip()


def run(args: argparse.Namespace) -> int:
    host, port = args.host, args.port
    if not is_loopback(host):
        print(f"evsim: warning: {host} is not a loopback address: anyone who can reach this machine can "
              "connect to the echo server", file=sys.stderr, flush=True)
    style = "classic" if args.backend == "classic" else "selectors"
    sink = RingSink(65536)
    server = make_server(style, backend=args.backend, host=host, port=port,
                         max_connections=args.max_connections, sink=sink)
    stop = threading.Event()

    def on_signal(signum, frame) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    t0: int | None = None
    crashed = False
    try:
        try:
            server.start()
        except (OSError, UnicodeError) as e:
            raise CliError(bind_error_message(host, port, e) if isinstance(e, OSError)
                           else f"cannot listen on {host!r}: {e}") from None
        shown_host, shown_port = server.address
        print(f"listening on {shown_host}:{shown_port}", flush=True)
        dropped = 0
        while True:
            done = stop.wait(DRAIN_INTERVAL_S) or not server.running
            if args.events:
                batch = sink.drain()
                if batch and t0 is None:
                    t0 = batch[0].t_ns
                lines = [format_event(ev, t0) for ev in batch]
                if sink.dropped > dropped:
                    lines.append(f"({sink.dropped - dropped} events dropped: the printer did not keep up)")
                    dropped = sink.dropped
                if lines:
                    sys.stdout.write("\n".join(lines) + "\n")
                    sys.stdout.flush()
            if done:
                break
        crashed = not stop.is_set()
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if args.events:
        tail = [format_event(ev, t0 or ev.t_ns) for ev in sink.drain()]
        if tail:
            print("\n".join(tail), flush=True)
    if crashed:
        raise CliError("the server loop stopped unexpectedly", 1)
    return 0
