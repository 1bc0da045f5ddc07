"""Headless runs: an auto-clicker feeds the polling thread, the event loop, or both, the same clicks.

``run_scenario`` is what ``evsim clicks``, the tests and ``benchmarks/clicks.py`` call.  The run is real: real
threads, a real clock, the consumer thread's CPU read from its own CPU clock over the run.  Clicks still
waiting when the run ends are reported as pending, not missed, and shutdown does not wait for them.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from evsim.core.clicks.device import MAX_DEVICES
from evsim.core.clicks.eventloop import DEFAULT_WORKERS, EventLoop
from evsim.core.clicks.events import EVENTLOOP, POLLING
from evsim.core.clicks.inputs import MAX_BURST, MAX_RATE_HZ, AutoClicker, ClickSource
from evsim.core.clicks.polling import PollingThread
from evsim.core.clicks.stats import ClickStats
from evsim.core.events import FanoutSink, Sink

__all__ = ["MODES", "run_scenario", "validate"]

MODES = (POLLING, EVENTLOOP, "both")


def validate(mode: str, rate: float, seconds: float, handler_ms: float, poll_interval_ms: float,
             devices: int, scan_us: float, burst: int = 1, workers: int = DEFAULT_WORKERS) -> None:
    """Raise ValueError (one readable sentence) for settings a run cannot use."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    if not 0 <= rate <= MAX_RATE_HZ:
        raise ValueError(f"rate must be 0..{MAX_RATE_HZ:g} clicks/s")
    if not 0 <= seconds <= 86400:
        raise ValueError("seconds must be 0..86400")
    if not 0 <= handler_ms <= 600_000:
        raise ValueError("handler time must be 0..600000 ms")
    if not 0 <= poll_interval_ms <= 60_000:
        raise ValueError("poll interval must be 0..60000 ms")
    if not 1 <= devices <= MAX_DEVICES:
        raise ValueError(f"devices must be 1..{MAX_DEVICES}")
    if not 0 <= scan_us <= 1e6:
        raise ValueError("scan cost must be 0..1000000 us")
    if not 1 <= burst <= MAX_BURST:
        raise ValueError(f"burst must be 1..{MAX_BURST}")
    if not 1 <= workers <= 256:
        raise ValueError("workers must be 1..256")


def run_scenario(
    mode: str,
    rate: float = 10.0,
    seconds: float = 3.0,
    handler_ms: float = 0.0,
    poll_interval_ms: float = 0.0,
    devices: int = 1,
    scan_us: float = 0.0,
    offload: bool = False,
    *,
    burst: int = 1,
    workers: int = DEFAULT_WORKERS,
    yield_gil: bool = False,
    sink: Sink | None = None,
) -> dict[str, Any]:
    """Run one design (``mode`` "polling" or "eventloop") or both at once ("both") for ``seconds``.

    Returns the summary of :meth:`ClickStats.summary` (for "both": ``{"polling": {...}, "eventloop": {...}}``)
    with ``cpu_percent`` the consumer thread's CPU over the run, and a ``settings`` entry.  ``sink`` also
    receives every event (e.g. a printer).
    """
    validate(mode, rate, seconds, handler_ms, poll_interval_ms, devices, scan_us, burst, workers)
    designs = (POLLING, EVENTLOOP) if mode == "both" else (mode,)
    stats = {d: ClickStats(d) for d in designs}
    sinks: list[Sink] = list(stats.values()) + ([sink] if sink is not None else [])
    out = FanoutSink(sinks)

    consumers: dict[str, PollingThread | EventLoop] = {}
    if POLLING in designs:
        consumers[POLLING] = PollingThread(out, interval_ms=poll_interval_ms, devices=devices, scan_us=scan_us,
                                           handler_ms=handler_ms, yield_gil=yield_gil)
    if EVENTLOOP in designs:
        consumers[EVENTLOOP] = EventLoop(out, handler_ms=handler_ms, offload=offload, workers=workers)
    source = ClickSource(out, list(consumers.values()))
    clicker = AutoClicker(source, rate, burst)
    try:
        for c in consumers.values():
            c.start()
        for c in consumers.values():
            assert c.cpu is not None
            c.cpu.start()
        clicker.start()
        threading.Event().wait(seconds)
        clicker.shutdown()
        end_ns = time.monotonic_ns()
        cpu = {d: c.cpu.total_percent() for d, c in consumers.items() if c.cpu is not None}
    finally:
        clicker.shutdown()
        for c in consumers.values():
            c.shutdown()
    settings = {"rate": rate, "seconds": seconds, "handler_ms": handler_ms, "poll_interval_ms": poll_interval_ms,
                "devices": devices, "scan_us": scan_us, "offload": offload, "burst": burst}
    results = {}
    for d in designs:
        r = stats[d].summary(end_ns, cpu.get(d))
        r["settings"] = settings
        results[d] = r
    if mode == "both":
        return results
    return results[mode]
