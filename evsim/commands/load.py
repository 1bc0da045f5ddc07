"""``evsim load``: drive an echo server with N concurrent clients and check every echoed byte.

Prints requests/s, MB/s, latency p50/p99/max ("n/a" when no request completed) and how every request ended:
completed right, wrong bytes, incomplete (the echo never came back in full), unanswered (``--json``: one JSON
object, latencies ``null`` without samples).  Exit 1, with one line on stderr saying why, when any request
came back wrong or incomplete, went unanswered, or none completed; 2 when no connection could be made.
"""

from __future__ import annotations

import argparse
import json
import sys

from evsim.commands import CliError
from evsim.core.echo.load import run_load


def _ms(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


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
        print(f"requests      {r.requests} completed ({r.requests_per_s:,.0f}/s) of {r.started} begun")
        print(f"throughput    {r.mb_per_s:.2f} MB/s echoed")
        print(f"latency ms    p50 {_ms(lat['p50'])}  p99 {_ms(lat['p99'])}  max {_ms(lat['max'])}")
        print(f"integrity     {r.ok} right · {r.integrity_errors} wrong · {r.incomplete} incomplete · "
              f"{r.unanswered} unanswered")
        if r.errors:
            print(f"connections   {r.errors} failed ({'; '.join(r.error_messages[:3])})")
    problems = r.problems()
    if problems:
        print(f"evsim load: failed: {'; '.join(problems)}", file=sys.stderr, flush=True)
        return 1
    return 0
