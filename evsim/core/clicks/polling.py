"""The polling design: a thread that scans every device's register in a loop and runs handlers inline.

This is what a UI would look like without a message queue::

    while True:
        for device in devices:          # the scan: costs time per device, whether or not it was clicked
            click = device.read()
            if click:
                handler(click)          # inline: while it runs, nothing is scanned
        sleep(interval)                 # 0 = spin, burning a core to notice clicks sooner

Every cost is real: the scan cost is busy work on this thread (``scan_us`` per device), the handler blocks the
thread (``handler_ms``), and clicks that arrive while the thread is elsewhere overwrite each other in the
latched registers (:class:`~evsim.core.clicks.device.DeviceBank`) and are lost.

Settings can be changed while the thread runs (:meth:`PollingThread.configure`): the thread picks them up
between devices, or after the handler it is in returns, and reports :class:`PollerConfigured`.
"""

from __future__ import annotations

import threading
import time

from evsim.core.clicks.device import MAX_DEVICES, Click, DeviceBank, Miss
from evsim.core.clicks.events import (
    POLLING, ClickMissed, ClickSeen, HandlerFinished, HandlerStarted, Latched, PollerConfigured,
    ScanProgress,
)
from evsim.core.clicks.handlers import BlockingWork, make_handlers
from evsim.core.events import NullSink, Sink
from evsim.core.clicks.consumer import ConsumerThread

__all__ = ["PollingThread"]

_mono = time.monotonic_ns
_perf = time.perf_counter_ns


def _check(interval_ms: float | None, devices: int | None, scan_us: float | None,
           handler_ms: float | None) -> None:
    if interval_ms is not None and not 0 <= interval_ms <= 60_000:
        raise ValueError("poll interval must be 0..60000 ms")
    if devices is not None and not 1 <= devices <= MAX_DEVICES:
        raise ValueError(f"devices must be 1..{MAX_DEVICES}")
    if scan_us is not None and not 0 <= scan_us <= 1e6:
        raise ValueError("scan cost must be 0..1000000 us")
    if handler_ms is not None and not 0 <= handler_ms <= 600_000:
        raise ValueError("handler time must be 0..600000 ms")


class PollingThread(ConsumerThread):
    """Scans ``devices`` registers every ``interval_ms`` (0 = spin) and runs each click's handler inline.

    ``deliver(click)`` is the hardware side: it latches the click (any thread, returns at once).
    ``progress_hz`` caps :class:`ScanProgress` events.

    ``bank``: the registers (default: a :class:`DeviceBank` in this process; the lab and ``evsim clicks`` pass
    a :class:`~evsim.core.clicks.hardware.SharedBank` in shared memory, written by other processes).

    The GIL: a spinning Python thread keeps the GIL until another thread has asked for it for a whole switch
    interval (``sys.getswitchinterval()``, 5 ms), so any other Python thread of its process waits ~5 ms each
    time it wants to run.  That is why the lab runs each design in its own process
    (:mod:`evsim.core.clicks.child`): the poller spins a full core there and delays nobody's clock.
    """

    design = POLLING

    def __init__(
        self,
        sink: Sink | None = None,
        *,
        interval_ms: float = 0.0,
        devices: int = 1,
        scan_us: float = 0.0,
        handler_ms: float = 0.0,
        bank: DeviceBank | None = None,
        progress_hz: float = 60.0,
        name: str = "evsim-poller",
    ) -> None:
        _check(interval_ms, devices, scan_us, handler_ms)
        self._sink = sink if sink is not None else NullSink()
        self.bank = bank if bank is not None else DeviceBank(devices)
        if bank is not None:
            bank.resize(devices)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self.work = BlockingWork(handler_ms, self._stop)
        self.handlers = make_handlers(self.work)
        self._interval_ms = float(interval_ms)
        self._devices = devices
        self._scan_us = float(scan_us)
        self._paused = False
        self._progress_ns = int(1e9 / progress_hz) if progress_hz > 0 else 1 << 62
        self._lock = threading.Lock()
        self._pending: dict[str, object] = {}
        self._dirty = False
        self._init_thread(name)
        #: Full sweeps over the registers so far.
        self.sweeps = 0
        #: Clicks whose handler ran (completed or not), and those that ran to completion.
        self.handled = 0
        self.completed = 0

    # -- settings ---------------------------------------------------------------------------------------
    @property
    def settings(self) -> dict[str, float]:
        """The settings the thread is using now (changes not yet picked up are not included)."""
        return {"interval_ms": self._interval_ms, "devices": self._devices, "scan_us": self._scan_us,
                "handler_ms": self.work.ms, "paused": self._paused}

    def configure(self, *, interval_ms: float | None = None, devices: int | None = None,
                  scan_us: float | None = None, handler_ms: float | None = None,
                  paused: bool | None = None) -> None:
        """Change settings while running (any thread).  Raises ValueError for out-of-range values."""
        _check(interval_ms, devices, scan_us, handler_ms)
        changes = {k: v for k, v in (("interval_ms", interval_ms), ("devices", devices), ("scan_us", scan_us),
                                     ("handler_ms", handler_ms), ("paused", paused)) if v is not None}
        if not changes:
            return
        if handler_ms is not None:
            self.work.ms = float(handler_ms)  # read as each handler starts: takes effect at once
        with self._lock:
            self._pending.update(changes)
            self._dirty = True
        if self._thread is None:
            self._apply()
        self._wake.set()

    def _apply(self) -> None:
        with self._lock:
            changes, self._pending, self._dirty = self._pending, {}, False
        if "interval_ms" in changes:
            self._interval_ms = float(changes["interval_ms"])  # type: ignore[arg-type]
        if "scan_us" in changes:
            self._scan_us = float(changes["scan_us"])  # type: ignore[arg-type]
        if "handler_ms" in changes:
            self.work.ms = float(changes["handler_ms"])  # type: ignore[arg-type]
        if "paused" in changes:
            self._paused = bool(changes["paused"])
        orphans: list[Click] = []
        if "devices" in changes:
            self._devices = int(changes["devices"])  # type: ignore[arg-type]
            orphans = self.bank.resize(self._devices)
        self._sink.emit(PollerConfigured(_mono(), self._interval_ms, self._devices, self._scan_us, self.work.ms))
        for c in orphans:  # registers no longer scanned: read them one last time, lose nothing
            self._handle(c, c.device)

    # -- the hardware side ------------------------------------------------------------------------------
    def deliver(self, click: Click) -> None:
        """Latch ``click`` in its device's register (from the input thread; returns at once)."""
        emit = self._sink.emit

        def announce(d: int, miss: Miss | None, occupied: int) -> None:
            t = _mono()
            if miss is not None:
                emit(ClickMissed(t, miss.id, POLLING, d, miss.overwritten_by, "overwritten"))
            emit(Latched(t, click.id, d, occupied))

        self.bank.press(click, announce)

    # -- the thread (start, running, thread, sample_cpu: ConsumerThread) ---------------------------------
    def shutdown(self, timeout: float = 5.0) -> bool:
        """Stop the thread (cutting a running handler short) and join it.  Idempotent; True if joined."""
        self._stop.set()
        self._wake.set()
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)
            return not t.is_alive()
        return True

    def _handle(self, click: Click, d: int) -> None:
        emit = self._sink.emit
        t = _mono()
        emit(ClickSeen(t, click.id, d, t - click.t_ns))
        handler = self.handlers[click.kind]
        worker = threading.current_thread().name
        t1 = _mono()
        emit(HandlerStarted(t1, click.id, POLLING, click.kind, handler.__name__, t1 - click.t_ns, worker))
        try:
            ok = handler(click)
        except Exception:  # a handler's bug must not kill the poller
            ok = False
        self.handled += 1
        self.completed += bool(ok)
        t2 = _mono()
        emit(HandlerFinished(t2, click.id, POLLING, click.kind, t2 - t1, bool(ok), worker))

    def _run(self) -> None:
        emit = self._sink.emit
        stop, wake, bank = self._stop, self._wake, self.bank
        progress_ns = self._progress_ns
        last_progress = 0
        self._apply()
        while not stop.is_set():
            if self._dirty:
                self._apply()
            if self._paused:
                wake.wait()
                wake.clear()
                continue
            n = self._devices
            scan_ns = int(self._scan_us * 1000)
            complete = True
            for d in range(n):
                if scan_ns:
                    # The cost of looking at one device: real work on this thread, whether or not it was clicked.
                    end = _perf() + scan_ns
                    while _perf() < end:
                        pass
                click = bank.read(d)
                if click is not None:
                    self._handle(click, d)
                t = _mono()
                if t - last_progress >= progress_ns:
                    emit(ScanProgress(t, d, n, self.sweeps))
                    last_progress = t
                if self._dirty or stop.is_set():
                    complete = False
                    break
            if complete:
                self.sweeps += 1
            interval = self._interval_ms
            if interval > 0:
                if wake.wait(interval / 1000.0):
                    wake.clear()
