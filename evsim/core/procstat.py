"""CPU time of any process of this machine, from /proc (for "what limits the load")."""

from __future__ import annotations

import os
import time

__all__ = ["cpu_seconds", "context_switches", "CpuRate", "MachineCpuRate"]

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` (all its threads), or None if it is gone or unreadable."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: split after its last ')'
    fields = data[data.rfind(b")") + 2:].split()
    try:
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (IndexError, ValueError):
        return None


def context_switches(pid: int) -> tuple[int, int]:
    """(voluntary, involuntary) context switches of process ``pid``'s threads so far ((0, 0): unreadable)."""
    vol = invol = 0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                got = dict(line.split(":", 1) for line in f if "ctxt_switches" in line)
            vol, invol = vol + int(got["voluntary_ctxt_switches"]), invol + int(got["nonvoluntary_ctxt_switches"])
    except (OSError, ValueError, KeyError):
        pass
    return vol, invol


class CpuRate:
    """Percent of one core a process used between two calls of :meth:`sample` (None until two samples)."""

    def __init__(self) -> None:
        self._last: tuple[int, float, float] | None = None  # (pid, wall, cpu)

    def sample(self, pid: int | None) -> float | None:
        if pid is None:
            self._last = None
            return None
        cpu, now = cpu_seconds(pid), time.monotonic()
        if cpu is None:
            self._last = None
            return None
        last, self._last = self._last, (pid, now, cpu)
        if last is None or last[0] != pid or now <= last[1]:
            return None
        return 100.0 * (cpu - last[2]) / (now - last[1])


class MachineCpuRate:
    """How busy the whole machine was between two calls of :meth:`sample`: the percent of one core, summed
    over all cores (200 = two cores fully busy), from /proc/stat; None until two samples."""

    def __init__(self) -> None:
        self._last: tuple[int, int] | None = None  # (busy ticks, all ticks)

    def sample(self) -> float | None:
        try:
            with open("/proc/stat", "rb") as f:
                fields = [int(x) for x in f.readline().split()[1:]]
        except (OSError, ValueError):
            return None
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        total = sum(fields[:8])
        last, self._last = self._last, (total - idle, total)
        if last is None or total <= last[1]:
            return None
        return 100.0 * (os.cpu_count() or 1) * (total - idle - last[0]) / (total - last[1])
