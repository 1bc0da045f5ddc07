"""What runs inside the clicks lab's child processes: one design each, and the auto-clicker.

Why processes: a Python process has one GIL.  A spinning poller keeps it for a whole switch interval (5 ms)
every time another thread of its process wants to run, so in a shared process the auto-clicker's clock, the
event loop and the window would all be delayed by the poller, and each design's figures would show the
others' cost.  Here each runs alone in its interpreter; they share only what real hardware and a real OS
would share: the device registers (shared memory, :class:`~evsim.core.clicks.hardware.SharedBank`) and the
message queue (a pipe, :class:`~evsim.core.clicks.hardware.PipeQueue`).

Each process reads commands from a pipe (one JSON object per line: ``{"configure": {...}}``, ``{"measure":
true}`` to restart the CPU meter, ``{"stop": true}``; end of input stops too, so a parent that dies leaves no
orphan) and writes its events as :mod:`evsim.core.clicks.wire` lines into another, never blocking.  Every
``CPU_TICK_S`` the main thread reads the consumer thread's own CPU clock and reports a
:class:`~evsim.core.clicks.events.CpuSample`.
"""

from __future__ import annotations

import json
import os
import select
import time
from typing import Any, Callable, Iterator

from evsim.core.clicks.eventloop import EventLoop
from evsim.core.clicks.events import POLLING, ClickerStopped, CpuSample, DesignStopped
from evsim.core.clicks.hardware import HardwareTargets, PipeQueue, SharedBank
from evsim.core.clicks.inputs import AutoClicker, ClickSource
from evsim.core.clicks.polling import PollingThread
from evsim.core.clicks.wire import PipeSink
from evsim.core.metrics import ThreadCpuMeter

__all__ = ["design_main", "clicker_main", "CPU_TICK_S"]

#: How often a design process reports its consumer thread's CPU.
CPU_TICK_S = 0.2


def _commands(fd: int, tick_s: float | None, on_tick: Callable[[], None]) -> Iterator[dict]:
    """The commands read from ``fd`` until "stop" or end of input, calling ``on_tick`` every ``tick_s``."""
    buf = b""
    next_tick = time.monotonic() + (tick_s or 0)
    while True:
        timeout = None if tick_s is None else max(0.0, next_tick - time.monotonic())
        ready, _, _ = select.select([fd], [], [], timeout)
        if tick_s is not None and time.monotonic() >= next_tick:
            on_tick()
            next_tick += tick_s
        if not ready:
            continue
        data = os.read(fd, 4096)
        if not data:
            return
        buf += data
        *lines, buf = buf.split(b"\n")
        for line in lines:
            try:
                cmd = json.loads(line)
            except ValueError:
                continue
            if not isinstance(cmd, dict) or cmd.get("stop"):
                return
            yield cmd


def design_main(design: str, settings: dict[str, Any], bank_args: tuple, queue_conns: tuple,
                cmd_conn: Any, ev_conn: Any) -> None:
    """Run one design until told to stop; its last event is :class:`DesignStopped`."""
    sink = PipeSink(ev_conn.fileno())
    consumer: PollingThread | EventLoop
    bank = queue = None
    if design == POLLING:
        bank = SharedBank(*bank_args)
        consumer = PollingThread(sink, bank=bank, **settings)
    else:
        queue = PipeQueue(queue_conns[0].fileno(), queue_conns[1].fileno())
        consumer = EventLoop(sink, queue=queue, **settings)  # type: ignore[arg-type]
    consumer.start()
    assert consumer.thread is not None
    total, sampler = ThreadCpuMeter(consumer.thread), ThreadCpuMeter(consumer.thread)
    total.start()
    sampler.start()
    t0 = time.monotonic_ns()

    def tick() -> None:
        sink.emit(CpuSample(time.monotonic_ns(), design, sampler.sample()))

    for cmd in _commands(cmd_conn.fileno(), CPU_TICK_S, tick):
        if "configure" in cmd:
            try:
                consumer.configure(**cmd["configure"])
            except (TypeError, ValueError):  # the parent validates; a bad command changes nothing
                pass
        elif cmd.get("measure"):
            total.start()
            t0 = time.monotonic_ns()
    cpu_ns, wall_ns = total.cpu_ns(), time.monotonic_ns() - t0
    consumer.shutdown()
    if isinstance(consumer, PollingThread):
        held, unfinished = bank.occupied, consumer.handled - consumer.completed  # type: ignore[union-attr]
    else:
        held, unfinished = queue.held(), consumer.dispatched - consumer.completed  # type: ignore[union-attr]
    sink.emit(DesignStopped(time.monotonic_ns(), design, held, unfinished, cpu_ns, wall_ns, sink.dropped))


def clicker_main(bank_args: tuple, to_bank: bool, queue_conn: Any, rate: float, burst: int,
                 cmd_conn: Any, ev_conn: Any) -> None:
    """The auto-clicker, alone in its process so no poller can delay its clock: each click is stamped with
    ``time.monotonic_ns()`` as it is made, then latched in the registers and/or put into the queue pipe."""
    sink = PipeSink(ev_conn.fileno())
    bank = SharedBank(*bank_args)
    targets = HardwareTargets(sink, bank if to_bank else None,
                              queue_conn.fileno() if queue_conn is not None else None)
    source = ClickSource(sink, [targets], ids=bank.next_id)
    clicker = AutoClicker(source, rate, burst)
    clicker.start()
    for cmd in _commands(cmd_conn.fileno(), None, lambda: None):
        conf = cmd.get("configure")
        if isinstance(conf, dict):
            try:
                clicker.configure(rate_hz=conf.get("rate_hz"), burst=conf.get("burst"))
            except (TypeError, ValueError):
                pass
    clicker.shutdown()
    sink.emit(ClickerStopped(time.monotonic_ns(), source.sent, sink.dropped))
