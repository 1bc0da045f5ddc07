"""``evsim clicks``: the polling design and the event loop on the same auto-clicked input, headless.

Each design runs in its own process, the auto-clicker in a third (see :mod:`evsim.core.clicks.rig`).  With no
``--mode`` both run on the same clicks and are printed side by side.
"""

from __future__ import annotations

import argparse
import json
import sys

from evsim.commands import CliError
from evsim.core.clicks.device import MAX_DEVICES
from evsim.core.clicks.scenario import run_scenario


def _ms(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def _how(r: dict) -> str:
    s = r["settings"]
    if r["mode"] == "polling":
        return (f"polling: {s['devices']} device(s) x {s['scan_us']:g} us scan, "
                + ("spinning" if s["poll_interval_ms"] == 0 else f"every {s['poll_interval_ms']:g} ms"))
    return "event loop" + (", handlers offloaded to a pool" if s["offload"] else "")


def _rows(r: dict) -> list[tuple[str, str]]:
    lat = r["latency_ms"]
    low = r["latency_lower_bounds"]
    polling = r["mode"] == "polling"
    return [
        ("design", _how(r)),
        ("clicks sent", str(r["clicks_sent"])),
        ("handled", str(r["clicks_handled"])),
        ("missed", f"{r['clicks_missed']}" + (" (overwritten in a register)" if polling and r["clicks_missed"]
                                               else " (refused by a full queue)" if r["clicks_missed"] else "")),
        ("pending at the end", f"{r['clicks_pending']} (waiting or in a handler)"),
        ("latency p50 ms", _ms(lat["p50"]) + (" (lower bound)" if low else "")),
        ("latency p95 ms", _ms(lat["p95"]) + (" (lower bound)" if low else "")),
        ("latency max ms", _ms(lat["max"]) + (" (lower bound)" if low else "")),
        ("longest wait ms", _ms(r["max_queue_wait_ms"]) + (" in a register" if polling else " in the queue")),
        ("most held", f"{r['max_queue_depth']}" + (" registers" if polling else " queued")),
        ("CPU % of a core", "n/a" if r["cpu_percent"] is None else f"{r['cpu_percent']:.1f}"),
    ]


def summary_text(result: dict) -> str:
    """One design's summary, or both side by side (a dict keyed by design)."""
    designs = [result] if "mode" in result else [result[k] for k in ("polling", "eventloop") if k in result]
    s = designs[0]["settings"]
    cols = [_rows(r) for r in designs]
    width = max(len(name) for name, _ in cols[0])
    cw = [max(len(v) for _, v in c) for c in cols]
    lines = [f"handler {s['handler_ms']:g} ms; {s['rate']:g} clicks/s (burst {s['burst']}) for {s['seconds']:g} s;"
             " one process per design, the auto-clicker in a third"]
    for i, (name, _) in enumerate(cols[0]):
        cells = [c[i][1].ljust(w) for c, w in zip(cols, cw)]
        lines.append(f"  {name.ljust(width)}  " + "   ".join(cells).rstrip())
    lows = [r["latency_lower_bounds"] for r in designs]
    if any(lows):
        lines.append("  lower bound: clicks not yet handled at the end count with their wait so far "
                     f"({' / '.join(str(n) for n in lows)})")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.devices > MAX_DEVICES:
        raise CliError(f"--devices {args.devices} is out of range (1..{MAX_DEVICES})")
    if args.offload and args.mode == "polling":
        print("evsim: note: --offload applies to the event loop; ignored", file=sys.stderr)
    try:
        result = run_scenario(
            args.mode, rate=args.rate, seconds=args.seconds, handler_ms=args.handler_ms,
            poll_interval_ms=args.poll_interval_ms, devices=args.devices, scan_us=args.scan_us,
            offload=args.offload and args.mode != "polling", burst=args.burst,
        )
    except ValueError as e:
        raise CliError(str(e)) from None
    except (RuntimeError, OSError) as e:
        raise CliError(f"could not run the clicks designs: {e}") from None
    if args.json:
        print(json.dumps(result), flush=True)
    else:
        print(summary_text(result), flush=True)
    return 0
