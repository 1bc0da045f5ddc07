"""Where clicks come from: :class:`ClickSource` (the pad, a test) and :class:`AutoClicker` (a thread).

A :class:`ClickSource` numbers each input, stamps it, reports :class:`ClickInput` and hands the very same
:class:`Click` to every connected design (``deliver(click)``), so the polling thread and the event loop are fed
identical input at the same instant.
"""

from __future__ import annotations

import itertools
import threading
import time
from typing import Callable, Protocol

from evsim.core.clicks.device import KINDS, Click, device_for
from evsim.core.clicks.events import ClickInput
from evsim.core.events import NullSink, Sink

__all__ = ["Target", "ClickSource", "AutoClicker", "MAX_RATE_HZ", "MAX_BURST"]

MAX_RATE_HZ = 100_000.0
MAX_BURST = 1000
#: Most ticks an auto-clicker sends at once when it wakes late (a high rate on a loaded machine).
_MAX_CATCH_UP = 1000


class Target(Protocol):
    def deliver(self, click: Click) -> None: ...


class ClickSource:
    """Turns inputs into numbered clicks and feeds each to every target.  ``press`` is thread-safe."""

    def __init__(self, sink: Sink | None = None, targets: tuple[Target, ...] | list[Target] = (),
                 ids: Callable[[], int] | None = None) -> None:
        """``ids``: where click numbers come from (default 1, 2, 3...; a shared counter when several
        processes make clicks)."""
        self._sink = sink if sink is not None else NullSink()
        self._targets: list[Target] = list(targets)
        self._ids = ids if ids is not None else itertools.count(1).__next__
        self.sent = 0

    def connect(self, target: Target) -> None:
        self._targets.append(target)

    def press(self, kind: str = "click", label: str = "", device: int | None = None,
              t_ns: int | None = None) -> Click:
        """One input of ``kind`` ("click" or "key_down"), delivered to every target before returning.
        ``t_ns``: when it was made (default: now, ``time.monotonic_ns()``)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        t = time.monotonic_ns() if t_ns is None else t_ns
        click = Click(self._ids(), kind, device_for(kind) if device is None else device, label, t)
        self.sent += 1
        self._sink.emit(ClickInput(click.t_ns, click.id, kind, click.device, label))
        for target in self._targets:
            target.deliver(click)
        return click


class AutoClicker:
    """A thread that clicks ``rate_hz`` times a second, ``burst`` clicks at a time (0 Hz: idle).

    Ticks are scheduled on absolute times (``t0 + k / rate``), so the rate does not drift; a late wake-up
    sends the ticks that are due.  ``configure`` changes rate and burst while running.
    """

    def __init__(self, source: ClickSource, rate_hz: float = 0.0, burst: int = 1, kind: str = "click",
                 label: str = "auto", name: str = "evsim-autoclicker") -> None:
        self._check(rate_hz, burst)
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        self.source = source
        self._rate = float(rate_hz)
        self._burst = int(burst)
        self.kind = kind
        self.label = label
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._dirty = False
        self._name = name
        self._thread: threading.Thread | None = None
        self.ticks = 0

    @staticmethod
    def _check(rate_hz: float | None, burst: int | None) -> None:
        if rate_hz is not None and not 0 <= rate_hz <= MAX_RATE_HZ:
            raise ValueError(f"rate must be 0..{MAX_RATE_HZ:g} Hz")
        if burst is not None and not 1 <= burst <= MAX_BURST:
            raise ValueError(f"burst must be 1..{MAX_BURST}")

    @property
    def rate_hz(self) -> float:
        return self._rate

    @property
    def burst(self) -> int:
        return self._burst

    def configure(self, *, rate_hz: float | None = None, burst: int | None = None) -> None:
        self._check(rate_hz, burst)
        if rate_hz is not None:
            self._rate = float(rate_hz)
        if burst is not None:
            self._burst = int(burst)
        self._dirty = True
        self._wake.set()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Stop and join the thread.  Idempotent; True if joined."""
        self._stop.set()
        self._wake.set()
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)
            return not t.is_alive()
        return True

    def _run(self) -> None:
        stop, wake = self._stop, self._wake
        t0 = time.monotonic()
        k = 0  # the next tick to send is number k, due at t0 + k / rate
        while not stop.is_set():
            if self._dirty:
                self._dirty = False
                wake.clear()
                t0, k = time.monotonic(), 1  # a new rate: next tick one new period from now
            rate = self._rate
            if rate <= 0:
                wake.wait()
                wake.clear()
                continue
            now = time.monotonic()
            due = t0 + k / rate
            if due > now:
                if wake.wait(due - now):
                    wake.clear()
                continue
            ticks = min(int((now - t0) * rate) + 1 - k, _MAX_CATCH_UP)
            burst = self._burst
            for _ in range(max(1, ticks)):
                for _ in range(burst):
                    self.source.press(self.kind, self.label)
                k += 1
                self.ticks += 1
                if stop.is_set():
                    break
            if ticks >= _MAX_CATCH_UP:  # hopelessly behind: start the schedule again from now
                t0, k = time.monotonic(), 1
