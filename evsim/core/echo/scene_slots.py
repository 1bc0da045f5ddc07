"""Where the sockets lab's rings put each connection: slot ``i`` on ring ``ring_of(i)`` at a fixed angle, and
:class:`Slots`, which hands out the lowest free slot (O(log N)) and takes it back only once its node has
faded away, so nodes never jump around.
"""

from __future__ import annotations

import bisect
import heapq
import math

__all__ = ["Slots", "ring_of", "ring_capacity", "slot_angle"]


# -- ring layout: ring k holds 8 + 6k slots (circumference grows with the radius) --
_RING_BASE, _RING_STEP = 8, 6


def ring_capacity(ring: int) -> int:
    return _RING_BASE + _RING_STEP * ring


_RING_STARTS: list[int] = [0]  # first slot of each ring, grown on demand


def _ensure_rings(slot: int) -> None:
    while _RING_STARTS[-1] <= slot:
        k = len(_RING_STARTS) - 1
        _RING_STARTS.append(_RING_STARTS[-1] + ring_capacity(k))


def ring_of(slot: int) -> int:
    """The ring (0 = innermost) slot ``slot`` sits on."""
    _ensure_rings(slot)
    return bisect.bisect_right(_RING_STARTS, slot) - 1


def slot_angle(slot: int) -> float:
    """The angle (radians, 0 = east, counter-clockwise) of ``slot`` on its ring; rings are staggered."""
    k = ring_of(slot)
    cap = ring_capacity(k)
    i = slot - _RING_STARTS[k]
    step = 2.0 * math.pi / cap
    return -math.pi / 2 + step * (i + 0.5 * (k % 2))


class Slots:
    """The slots in use: the lowest free one is taken first; ``high`` is one past the highest in use."""

    def __init__(self) -> None:
        self.high = 0
        self._free: list[int] = []      # heap of released slots below ``high`` (lazy: check ``_free_set``)
        self._free_set: set[int] = set()

    @property
    def rings_in_use(self) -> int:
        return ring_of(self.high - 1) + 1 if self.high else 0

    def take(self) -> int:
        while self._free:
            s = heapq.heappop(self._free)
            if s in self._free_set:
                self._free_set.discard(s)
                return s
        s = self.high
        self.high += 1
        return s

    def release(self, slot: int) -> None:
        if slot == self.high - 1:  # the top one: shrink past every free slot under it
            self.high -= 1
            while self.high and (self.high - 1) in self._free_set:
                self.high -= 1
                self._free_set.discard(self.high)
            if not self._free_set:
                self._free.clear()
        else:
            self._free_set.add(slot)
            heapq.heappush(self._free, slot)
