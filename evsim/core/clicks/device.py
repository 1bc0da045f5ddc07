"""Input devices the way hardware without a queue has them: one latched register per device.

A click writes the register; reading the register returns the click and clears it.  There is no queue: a
click that arrives before the previous one was read *overwrites* it, and the old one is lost.  That is how a
polling design misses clicks while it is busy (in a handler, or scanning other devices, or asleep between
scans).  :class:`DeviceBank` counts each overwritten click as missed, with its id and the id that replaced it.

This module is sans-IO: no threads of its own, only a short lock so the input thread and the scanning thread
can share the registers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

__all__ = ["Click", "DeviceBank", "Miss", "MOUSE", "KEYBOARD", "KINDS", "MAX_DEVICES", "device_for"]

MOUSE = 0
KEYBOARD = 1
#: Input kinds, each with its own handler (on_click, on_key_down).
KINDS = ("click", "key_down")
#: Most registers a bank will scan: keeps a typo from allocating millions of objects.
MAX_DEVICES = 10_000


def device_for(kind: str) -> int:
    """The device an input kind comes from: key presses from the keyboard, everything else the mouse."""
    return KEYBOARD if kind == "key_down" else MOUSE


@dataclass(frozen=True, slots=True)
class Click:
    """One input, as the hardware saw it: ``t_ns`` is ``time.monotonic_ns()`` at the press."""

    id: int
    kind: str
    device: int
    label: str
    t_ns: int


@dataclass(frozen=True, slots=True)
class Miss:
    """Click ``id`` was overwritten in register ``device`` by click ``overwritten_by``."""

    id: int
    device: int
    overwritten_by: int


class DeviceBank:
    """``n`` latched registers.  ``press`` writes one (from the input thread), ``read`` empties one (from the
    scanning thread).  A click for device ``d`` lands in register ``d % n``: with a single device, mouse and
    keyboard share one register.
    """

    def __init__(self, n: int = 1) -> None:
        self._lock = threading.Lock()
        self._regs: list[Click | None] = []
        self._n = 0
        self._occupied = 0
        self.missed: list[Miss] = []
        self.resize(n)

    @property
    def n(self) -> int:
        return self._n

    @property
    def occupied(self) -> int:
        """Registers holding a click nobody has read yet."""
        return self._occupied

    def resize(self, n: int) -> list[Click]:
        """Scan ``n`` registers from now on.  Returns the clicks latched in registers that are no longer
        scanned (so the caller can still handle them: shrinking loses nothing)."""
        if not 1 <= n <= MAX_DEVICES:
            raise ValueError(f"devices must be 1..{MAX_DEVICES}")
        with self._lock:
            if n > len(self._regs):
                self._regs.extend([None] * (n - len(self._regs)))
            orphans = [c for c in self._regs[n:self._n] if c is not None]
            for i in range(n, len(self._regs)):
                self._regs[i] = None
            self._occupied -= len(orphans)
            self._n = n
        return orphans

    def press(
        self, click: Click, announce: Callable[[int, Miss | None, int], None] | None = None
    ) -> tuple[int, Miss | None]:
        """Latch ``click``.  Returns (register index, the Miss if an unread click was overwritten).

        ``announce(register, miss, occupied)`` is called before the register can be read, so a report of the
        latch always comes before a report of the read.  It must be quick (it runs under the bank's lock).
        """
        with self._lock:
            d = click.device % self._n
            old = self._regs[d]
            self._regs[d] = click
            miss = None
            if old is None:
                self._occupied += 1
            else:
                miss = Miss(old.id, d, click.id)
                self.missed.append(miss)
            if announce is not None:
                announce(d, miss, self._occupied)
        return d, miss

    def read(self, d: int) -> Click | None:
        """Read and clear register ``d`` (None if it holds nothing)."""
        with self._lock:
            c = self._regs[d] if d < self._n else None
            if c is not None:
                self._regs[d] = None
                self._occupied -= 1
            return c

    def peek(self) -> list[Click | None]:
        """A copy of the scanned registers (for tests and displays)."""
        with self._lock:
            return list(self._regs[:self._n])

