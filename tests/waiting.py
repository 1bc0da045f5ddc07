"""Waiting on conditions in tests without Qt (GUI tests use qtbot.waitUntil / waitSignal instead).

A test waits for the state it needs, never for a fixed time: each helper polls briefly and fails with a
clear message after ``timeout``.
"""

from __future__ import annotations

import time
from typing import Callable

from evsim.core.events import Event, RingSink


def wait_until(pred: Callable[[], object], timeout: float = 10.0, interval: float = 0.002, what: str = "") -> object:
    """Poll ``pred`` until it is truthy (returns its value) or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or pred}")
        time.sleep(interval)


def drain_until(sink: RingSink, pred: Callable[[list[Event]], object], timeout: float = 10.0) -> list[Event]:
    """Drain ``sink`` into a list until ``pred(list)`` holds; returns every event drained."""
    got: list[Event] = []

    def done() -> bool:
        got.extend(sink.drain())
        return bool(pred(got))

    wait_until(done, timeout, interval=0.005, what=f"events; got {[e.kind for e in got][-10:]}")
    return got
