"""``evsim load``: drive an echo server with N concurrent clients and check every echoed byte.

Prints requests/s, MB/s, latency p50/p99/max and integrity errors (``--json``: one JSON object).  Exit 1 when
any byte came back wrong, 2 when no connection could be made.
"""

from __future__ import annotations

import argparse
import json

from evsim.commands import CliError
from evsim.core.echo.load import run_load


def run(args: argparse.Namespace) -> int:
    try:
        r = run_load(args.host, args.port, args.clients, args.seconds, args.size)
    except OSError as e:
        raise CliError(f"cannot connect to {args.host}:{args.port}: {e.strerror or e}", 2) from None
    if args.json:
        print(json.dumps(r.to_dict()), flush=True)
    else:
        lat = r.latency_ms
        print(f"{r.clients} clients, {r.size}-byte requests, {r.seconds:.2f} s")
        print(f"requests      {r.requests}  ({r.requests_per_s:,.0f}/s)")
        print(f"throughput    {r.mb_per_s:.2f} MB/s echoed")
        print(f"latency ms    p50 {lat['p50']:.3f}  p99 {lat['p99']:.3f}  max {lat['max']:.3f}")
        print(f"integrity     {r.integrity_errors} errors")
        if r.errors:
            print(f"connections   {r.errors} failed ({'; '.join(r.error_messages[:3])})")
    return 1 if r.integrity_errors else 0
