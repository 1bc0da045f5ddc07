"""Headless runs: an auto-clicker feeds the polling design, the event loop, or both, the same clicks.

``run_scenario`` is what ``evsim clicks``, the tests and ``benchmarks/clicks.py`` call.  The run is real and
the same as the lab's: a process per design and one for the auto-clicker (:class:`ClicksRig`), a real clock,
each consumer thread's CPU read from its own CPU clock inside its own process.  This process only reads the
event streams (on a thread of its own) into one :class:`ClickStats` per design.  Clicks still waiting when
the run ends are reported as pending, counted by the design's own process, and shutdown does not wait for
them.
"""

from __future__ import annotations

import selectors
import threading
import time
from typing import Any

from evsim.core.clicks.device import MAX_DEVICES
from evsim.core.clicks.eventloop import DEFAULT_WORKERS
from evsim.core.clicks.events import EVENTLOOP, POLLING, ClickerStopped, LoopConfigured, PollerConfigured
from evsim.core.clicks.inputs import MAX_BURST, MAX_RATE_HZ
from evsim.core.clicks.rig import ClicksRig
from evsim.core.clicks.stats import ClickStats
from evsim.core.events import CallbackSink, Event, FanoutSink, Sink

__all__ = ["MODES", "run_scenario", "validate", "READY_TIMEOUT_S"]

#: How long the designs' processes may take to start (a loaded machine spawning interpreters).
READY_TIMEOUT_S = 60.0

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
    mode: str = "both",
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
    sink: Sink | None = None,
) -> dict[str, Any]:
    """Run one design (``mode`` "polling" or "eventloop") or both on the same clicks ("both") for ``seconds``.

    Returns the summary of :meth:`ClickStats.summary` (for "both": ``{"polling": {...}, "eventloop": {...}}``)
    with ``cpu_percent`` the consumer thread's CPU over the run, a ``settings`` entry and ``clicker_sent``
    (the auto-clicker's own count).  ``sink`` also receives every event (e.g. a printer).
    Raises RuntimeError if the processes cannot be started.
    """
    validate(mode, rate, seconds, handler_ms, poll_interval_ms, devices, scan_us, burst, workers)
    designs = (POLLING, EVENTLOOP) if mode == "both" else (mode,)
    stats = {d: ClickStats(d) for d in designs}
    ready = {d: threading.Event() for d in designs}
    clicker: list[ClickerStopped] = []

    def watch(ev: Event) -> None:
        cls = type(ev)
        if cls is PollerConfigured:
            ready.get(POLLING, threading.Event()).set()
        elif cls is LoopConfigured:
            ready.get(EVENTLOOP, threading.Event()).set()
        elif cls is ClickerStopped:
            clicker.append(ev)

    out = FanoutSink(list(stats.values()) + [CallbackSink(watch)] + ([sink] if sink is not None else []))
    rig = ClicksRig(out, designs,
                    poller=dict(interval_ms=poll_interval_ms, devices=devices, scan_us=scan_us, handler_ms=handler_ms),
                    loop=dict(handler_ms=handler_ms, offload=offload, workers=workers))
    pump = threading.Thread(target=_pump, args=(rig,), name="evsim-clicks-pump", daemon=True)
    try:
        rig.start()
        pump.start()
        deadline = time.monotonic() + READY_TIMEOUT_S
        for d in designs:
            if not ready[d].wait(max(0.0, deadline - time.monotonic())):
                raise RuntimeError(f"the {d} process did not start within {READY_TIMEOUT_S:g} s")
        rig.measure_from_now()
        rig.configure_clicker(rate_hz=rate, burst=burst)
        threading.Event().wait(seconds)
        rig.stop_clicker()
        end_ns = time.monotonic_ns()
    finally:
        rig.shutdown()
        if pump.is_alive():
            pump.join(10.0)
        rig.close_streams()
    settings = {"rate": rate, "seconds": seconds, "handler_ms": handler_ms, "poll_interval_ms": poll_interval_ms,
                "devices": devices, "scan_us": scan_us, "offload": offload, "burst": burst}
    results = {}
    for d in designs:
        r = stats[d].summary(end_ns)
        r["settings"] = settings
        r["clicker_sent"] = clicker[0].sent if clicker else None
        results[d] = r
    if mode == "both":
        return results
    return results[mode]


def _pump(rig: ClicksRig) -> None:
    """Read every child's event stream until each has ended (the parent's only job during a run)."""
    with selectors.DefaultSelector() as sel:
        for name, fd in rig.event_fds().items():
            sel.register(fd, selectors.EVENT_READ, name)
        while sel.get_map():
            for key, _ in sel.select(1.0):
                if not rig.read(key.data):
                    sel.unregister(key.fd)
