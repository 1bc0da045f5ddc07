"""The clicks panel's scene model: what is on screen, as plain Python state built from events.

The views paint this object; animations are pure functions of (event time, now).  It knows nothing of Qt, so
it is tested with hand-made events and a fixed clock.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass

from evsim.core.clicks.events import (
    EVENTLOOP, POLLING, ClickInput, ClickMissed, ClickSeen, CpuSample, Dequeued, Enqueued, HandlerFinished,
    HandlerStarted, Latched, LoopConfigured, LoopWaiting, PollerConfigured, ScanProgress,
)
from evsim.core.clicks.stats import ClickStats
from evsim.core.events import Event

__all__ = [
    "DesignScene", "Token", "Running", "LostMark", "Waited", "PollingScene", "LoopScene", "ClicksScene", "LOG_HEADER",
]

#: How long a lost click keeps flashing, and a dequeued token keeps flying (ns).
LOST_FLASH_NS = 3_000_000_000
FLIGHT_NS = 350_000_000
#: CPU samples and latency points kept for the plots.
HISTORY = 2000
#: Clicks the timeline remembers.
TIMELINE_CLICKS = 400
#: Latencies and waits the on-screen percentiles are computed over.
STATS_WINDOW = 5000
LOG_HEADER = ["t_ms", "design", "event", "click", "detail"]


@dataclass(slots=True)
class Token:
    """A click held by a design: latched in a register, or waiting in the queue."""

    id: int
    kind: str
    label: str
    t_input: int
    t_held: int
    device: int = 0


@dataclass(slots=True)
class Running:
    """A handler running now."""

    id: int
    kind: str
    handler: str
    t_start: int
    latency_ns: int
    worker: str


@dataclass(slots=True)
class LostMark:
    """Click ``id`` was lost at ``t`` (overwritten by ``by`` in register ``device``, or refused)."""

    id: int
    by: int
    device: int
    t: int


@dataclass(slots=True)
class Waited:
    """Click ``id`` left the queue (or its register) at ``t`` after waiting ``wait_ns``."""

    id: int
    wait_ns: int
    t: int


class DesignScene:
    design = ""

    def __init__(self) -> None:
        self.stats = ClickStats(self.design, window=STATS_WINDOW)
        self._p95: tuple[int, int] = (0, 0)
        self.running: dict[int, Running] = {}
        self.lost: deque[LostMark] = deque(maxlen=64)
        self.waited: deque[Waited] = deque(maxlen=64)
        self.cpu: deque[tuple[int, float]] = deque(maxlen=HISTORY)
        self.latencies: deque[tuple[int, float]] = deque(maxlen=HISTORY)  # (click id, ms)
        self.handler_ms = 0.0
        self.last_finished: tuple[int, int, bool] | None = None  # (id, t, completed)
        #: The latest clicks, oldest first: id -> [t_input, t_handler_start, t_handler_end, t_lost] (0: not yet).
        self.timeline: OrderedDict[int, list[int]] = OrderedDict()
        self._inputs: dict[int, ClickInput] = {}
        #: Clicks taken (read or dequeued) before the input process's report that they were held arrived:
        #: the streams come from different processes.  Bounded: each id leaves when its report comes.
        self._taken_early: OrderedDict[int, None] = OrderedDict()

    def _common(self, ev: Event) -> None:
        self.stats.apply(ev)
        cls = type(ev)
        if cls is ClickInput:
            self.timeline[ev.id] = [ev.t_ns, 0, 0, 0]
            if len(self.timeline) > TIMELINE_CLICKS:
                self.timeline.popitem(last=False)
            # inputs not yet latched/queued, so a token can show its label and input time (bounded)
            self._inputs[ev.id] = ev
            if len(self._inputs) > 4096:
                self._inputs.pop(next(iter(self._inputs)))
        elif cls is HandlerStarted and ev.design == self.design:
            self.running[ev.id] = Running(ev.id, ev.input_kind, ev.handler, ev.t_ns, ev.latency_ns, ev.worker)
            self.latencies.append((ev.id, ev.latency_ns / 1e6))
            row = self.timeline.get(ev.id)
            if row is not None:
                row[1] = ev.t_ns
        elif cls is HandlerFinished and ev.design == self.design:
            self.running.pop(ev.id, None)
            self.last_finished = (ev.id, ev.t_ns, ev.completed)
            row = self.timeline.get(ev.id)
            if row is not None:
                row[2] = ev.t_ns
        elif cls is ClickMissed and ev.design == self.design:
            row = self.timeline.get(ev.id)
            if row is not None:
                row[3] = ev.t_ns
        elif cls is CpuSample and ev.design == self.design:
            self.cpu.append((ev.t_ns, ev.percent))

    def _taken(self, cid: int, found: bool) -> None:
        if not found:
            self._taken_early[cid] = None
            if len(self._taken_early) > 4096:
                self._taken_early.popitem(last=False)

    def _held_already_taken(self, cid: int) -> bool:
        if cid in self._taken_early:
            del self._taken_early[cid]
            self._inputs.pop(cid, None)
            return True
        return False

    def recent_lost(self, now_ns: int) -> list[LostMark]:
        """Lost clicks still flashing at ``now_ns``, oldest first."""
        return [m for m in self.lost if 0 <= now_ns - m.t < LOST_FLASH_NS]

    def latency_p95_ns(self) -> int:
        """95th percentile of input-to-handler latency over the latest clicks (0 if none yet)."""
        n = self.stats.started
        if n != self._p95[0]:
            lat = sorted(self.stats.latencies_ns)
            self._p95 = (n, lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else 0)
        return self._p95[1]

    @property
    def cpu_now(self) -> float:
        return self.cpu[-1][1] if self.cpu else 0.0


class PollingScene(DesignScene):
    design = POLLING

    def __init__(self) -> None:
        super().__init__()
        self.devices = 1
        self.interval_ms = 0.0
        self.scan_us = 0.0
        self.registers: dict[int, Token] = {}
        self.scan_device = 0
        self.scan_t = 0
        self.sweeps = 0
        self.sweeps_per_s = 0.0
        self._rate_ref: tuple[int, int] | None = None  # (t, sweeps) the rate is measured from

    def apply(self, ev: Event) -> None:
        self._common(ev)
        cls = type(ev)
        if cls is Latched:
            if self._held_already_taken(ev.id):
                return
            ci = self._inputs.pop(ev.id, None)
            self.registers[ev.device] = Token(ev.id, ci.input_kind if ci else "click", ci.label if ci else "",
                                              ci.t_ns if ci else ev.t_ns, ev.t_ns, ev.device)
        elif cls is ClickMissed and ev.design == POLLING:
            self.lost.append(LostMark(ev.id, ev.overwritten_by, ev.device, ev.t_ns))
        elif cls is ClickSeen:
            tok = self.registers.get(ev.device)
            if tok is not None and tok.id == ev.id:
                del self.registers[ev.device]
            self._taken(ev.id, tok is not None and tok.id == ev.id)
            self.waited.append(Waited(ev.id, ev.wait_ns, ev.t_ns))
        elif cls is ScanProgress:
            self.scan_device, self.scan_t, self.devices = ev.device, ev.t_ns, ev.devices
            if self._rate_ref is None or ev.sweeps < self._rate_ref[1]:
                self._rate_ref = (ev.t_ns, ev.sweeps)
            elif ev.t_ns - self._rate_ref[0] >= 250_000_000:
                t0, s0 = self._rate_ref
                self.sweeps_per_s = (ev.sweeps - s0) * 1e9 / (ev.t_ns - t0)
                self._rate_ref = (ev.t_ns, ev.sweeps)
            self.sweeps = ev.sweeps
        elif cls is PollerConfigured:
            self.devices, self.interval_ms, self.scan_us = ev.devices, ev.interval_ms, ev.scan_us
            self.handler_ms = ev.handler_ms
            for d in [d for d in self.registers if d >= ev.devices]:
                del self.registers[d]

    @property
    def in_handler(self) -> Running | None:
        return next(iter(self.running.values()), None)


class LoopScene(DesignScene):
    design = EVENTLOOP

    def __init__(self) -> None:
        super().__init__()
        self.queue: dict[int, Token] = {}
        self.flights: deque[tuple[int, int]] = deque(maxlen=32)  # (id, t dequeued)
        self.idle_since: int | None = None
        self.offload = False
        self.workers = 1

    def apply(self, ev: Event) -> None:
        self._common(ev)
        cls = type(ev)
        if cls is Enqueued:
            if self._held_already_taken(ev.id):
                return
            ci = self._inputs.pop(ev.id, None)
            self.queue[ev.id] = Token(ev.id, ev.input_kind, ci.label if ci else "", ci.t_ns if ci else ev.t_ns,
                                      ev.t_ns, ci.device if ci else 0)
        elif cls is Dequeued:
            self._taken(ev.id, self.queue.pop(ev.id, None) is not None)
            self.flights.append((ev.id, ev.t_ns))
            self.waited.append(Waited(ev.id, ev.wait_ns, ev.t_ns))
            self.idle_since = None
        elif cls is ClickMissed and ev.design == EVENTLOOP:
            self._inputs.pop(ev.id, None)
            self.lost.append(LostMark(ev.id, 0, ev.device, ev.t_ns))
        elif cls is LoopWaiting:
            self.idle_since = ev.t_ns
        elif cls is LoopConfigured:
            self.offload, self.workers, self.handler_ms = ev.offload, ev.workers, ev.handler_ms

    def flying(self, now_ns: int) -> list[tuple[int, float]]:
        """Tokens on their way from the queue into the loop: (id, progress 0..1)."""
        return [(i, (now_ns - t) / FLIGHT_NS) for i, t in self.flights if 0 <= now_ns - t < FLIGHT_NS]


class ClicksScene:
    """Both designs, fed the same events, plus an event log for export."""

    def __init__(self, log_size: int = 10_000) -> None:
        self.polling = PollingScene()
        self.loop = LoopScene()
        self.inputs: deque[ClickInput] = deque(maxlen=64)
        self.log: deque[tuple[int, str, str, int, str]] = deque(maxlen=log_size)
        self.t0: int | None = None
        self.events = 0

    def apply(self, batch: list[Event]) -> None:
        for ev in batch:
            self.events += 1
            if self.t0 is None:
                self.t0 = ev.t_ns
            self.polling.apply(ev)
            self.loop.apply(ev)
            if type(ev) is ClickInput:
                self.inputs.append(ev)
            self._log(ev)

    def _log(self, ev: Event) -> None:
        cls = type(ev)
        if cls in (ScanProgress, CpuSample, LoopWaiting):
            return
        design = getattr(ev, "design", "")
        if not design:
            design = {Latched: POLLING, ClickSeen: POLLING, PollerConfigured: POLLING, Enqueued: EVENTLOOP,
                      Dequeued: EVENTLOOP, LoopConfigured: EVENTLOOP}.get(cls, "")
        cid = getattr(ev, "id", 0)
        if cls is ClickInput:
            detail = f"{ev.input_kind} {ev.label}".strip()
        elif cls is ClickMissed:
            detail = f"{ev.reason} by #{ev.overwritten_by}" if ev.overwritten_by else ev.reason
        elif cls is Latched:
            detail = f"register {ev.device}"
        elif cls is ClickSeen:
            detail = f"waited {ev.wait_ns / 1e6:.3f} ms"
        elif cls is Enqueued:
            detail = f"depth {ev.depth}"
        elif cls is Dequeued:
            detail = f"waited {ev.wait_ns / 1e6:.3f} ms, depth {ev.depth}"
        elif cls is HandlerStarted:
            detail = f"{ev.handler} on {ev.worker}, latency {ev.latency_ns / 1e6:.3f} ms"
        elif cls is HandlerFinished:
            detail = f"{ev.duration_ns / 1e6:.1f} ms" + ("" if ev.completed else " (cut short)")
        elif cls is PollerConfigured:
            detail = (f"interval {ev.interval_ms:g} ms, {ev.devices} devices, scan {ev.scan_us:g} us, "
                      f"handler {ev.handler_ms:g} ms")
        elif cls is LoopConfigured:
            detail = f"handler {ev.handler_ms:g} ms, offload {'on' if ev.offload else 'off'}"
        else:
            detail = ""
        self.log.append((ev.t_ns, design, ev.kind, cid, detail))

    def export_rows(self) -> tuple[list[str], list[list[object]]]:
        t0 = self.t0 or 0
        return list(LOG_HEADER), [[round((t - t0) / 1e6, 3), d, k, i, det] for t, d, k, i, det in self.log]
