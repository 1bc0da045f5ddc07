"""``evsim clicks``: the polling thread or the event loop on the same auto-clicked input, headless."""

from __future__ import annotations

import argparse
import json
import sys

from evsim.commands import CliError
from evsim.core.clicks.device import MAX_DEVICES
from evsim.core.clicks.scenario import run_scenario


def _summary_text(r: dict) -> str:
    lat = r["latency_ms"]
    s = r["settings"]
    if r["mode"] == "polling":
        how = (f"polling thread: {s['devices']} device(s) x {s['scan_us']:g} us scan, "
               + ("spinning" if s["poll_interval_ms"] == 0 else f"every {s['poll_interval_ms']:g} ms"))
        miss_why = "overwritten in a register before the scan read them"
        wait_name = "longest wait in a register"
        depth_name = "most registers holding an unread click"
    else:
        how = "event loop" + (" with handlers offloaded to a worker pool" if s["offload"] else "")
        miss_why = "refused by a full queue"
        wait_name = "longest wait in the queue"
        depth_name = "deepest queue"
    lines = [
        f"{how}; handler {s['handler_ms']:g} ms; {s['rate']:g} clicks/s for {s['seconds']:g} s",
        f"  clicks sent {r['clicks_sent']}, handled {r['clicks_handled']}, missed {r['clicks_missed']}"
        + (f" ({miss_why})" if r["clicks_missed"] else "")
        + (f", still waiting or in a handler at the end {r['clicks_pending']}" if r["clicks_pending"] else ""),
        f"  latency input -> handler start: p50 {lat['p50']:.3f} ms, p95 {lat['p95']:.3f} ms, max {lat['max']:.3f} ms",
        f"  {wait_name}: {r['max_queue_wait_ms']:.3f} ms; {depth_name}: {r['max_queue_depth']}",
        f"  consumer thread CPU: {r['cpu_percent']:.1f}% of one core (its own CPU clock)",
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.devices > MAX_DEVICES:
        raise CliError(f"--devices {args.devices} is out of range (1..{MAX_DEVICES})")
    if args.offload and args.mode == "polling":
        print("evsim: note: --offload applies to --mode eventloop; ignored", file=sys.stderr)
    try:
        result = run_scenario(
            args.mode, rate=args.rate, seconds=args.seconds, handler_ms=args.handler_ms,
            poll_interval_ms=args.poll_interval_ms, devices=args.devices, scan_us=args.scan_us,
            offload=args.offload and args.mode == "eventloop",
        )
    except ValueError as e:
        raise CliError(str(e)) from None
    if args.json:
        print(json.dumps(result), flush=True)
    else:
        print(_summary_text(result), flush=True)
    return 0
