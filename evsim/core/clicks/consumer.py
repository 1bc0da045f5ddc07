"""What both designs share: one consumer thread, started once, whose own CPU clock is read."""

from __future__ import annotations

import threading
import time

from evsim.core.clicks.events import CpuSample
from evsim.core.metrics import ThreadCpuMeter

__all__ = ["ConsumerThread"]


class ConsumerThread:
    """Base of :class:`~evsim.core.clicks.polling.PollingThread` and :class:`~evsim.core.clicks.eventloop.EventLoop`.

    Subclasses set ``design`` (POLLING or EVENTLOOP), call ``_init_thread(name)`` and implement ``_run``.
    ``cpu`` measures the whole run; ``sample_cpu()`` the share since its previous call (for live plots).
    """

    design: str = ""

    def _init_thread(self, name: str) -> None:
        self._name = name
        self._thread: threading.Thread | None = None
        self.cpu: ThreadCpuMeter | None = None
        self._cpu_sampler: ThreadCpuMeter | None = None

    def _run(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()
        self.cpu = ThreadCpuMeter(self._thread)
        self.cpu.start()
        self._cpu_sampler = ThreadCpuMeter(self._thread)
        self._cpu_sampler.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def thread(self) -> threading.Thread | None:
        return self._thread

    def sample_cpu(self) -> CpuSample:
        """CPU of the consumer thread since the previous call, in percent of one core."""
        pct = self._cpu_sampler.sample() if self._cpu_sampler is not None else 0.0
        return CpuSample(time.monotonic_ns(), self.design, pct)
