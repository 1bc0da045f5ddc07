"""``evsim client``: reads lines from stdin, sends each to the echo server, prints what comes back.

Connection refused (or any failure to connect): one line on stderr, exit 2.  End of input: exit 0.
"""

from __future__ import annotations

import argparse
import sys

from evsim.commands import CliError
from evsim.core.echo.client import EchoClient


def run(args: argparse.Namespace) -> int:
    client = EchoClient(args.host, args.port, timeout=5.0)
    try:
        client.connect()
    except OSError as e:
        raise CliError(f"cannot connect to {args.host}:{args.port}: {e.strerror or e}", 2) from None
    out = sys.stdout.buffer
    try:
        for line in sys.stdin.buffer:
            try:
                echo = client.echo(line)
            except TimeoutError:
                raise CliError("no echo from the server within 5 s", 1) from None
            except OSError as e:
                raise CliError(f"connection lost: {e.strerror or e}", 1) from None
            if len(echo) < len(line):
                out.write(echo)
                out.flush()
                raise CliError("the server closed the connection", 1)
            out.write(echo)
            out.flush()
    except KeyboardInterrupt:
        return 0
    finally:
        client.close()
    return 0
