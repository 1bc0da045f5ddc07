"""File-descriptor budget: how many sockets this process may open, and raising RLIMIT_NOFILE to get them.

Watching N sockets needs N descriptors on top of those already open.  The soft RLIMIT_NOFILE (often 1024)
is raised as far as the hard limit allows; when even the hard limit is too low, socket counts are capped
and the caller is told so.  :func:`plan_fd_budget` is the arithmetic alone (no system calls), for tests.
"""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass

__all__ = ["FD_SETSIZE", "MAX_FDS", "FD_SLACK", "FdBudget", "plan_fd_budget", "open_fd_count", "ensure_fd_budget"]

#: select(2)'s fd_set holds descriptors 0..FD_SETSIZE-1 (1024 with glibc); CPython's select.select raises
#: ValueError("filedescriptor out of range in select()") for any descriptor >= this.
FD_SETSIZE = 1024
#: The most sockets one measurement point watches.
MAX_FDS = 10_000
#: Descriptors kept free for everything else the process does (the epoll fd, logs, Qt, pytest...).
FD_SLACK = 64


@dataclass(frozen=True, slots=True)
class FdBudget:
    """The outcome of :func:`ensure_fd_budget`: limits before and after, and how many sockets fit."""

    soft_before: int
    soft: int
    hard: int
    open_now: int
    wanted: int
    max_fds: int

    @property
    def capped(self) -> bool:
        """True when fewer than ``wanted`` sockets fit."""
        return self.max_fds < self.wanted

    @property
    def raised(self) -> bool:
        return self.soft > self.soft_before

    def message(self) -> str:
        """One line for the user (empty when nothing needs saying)."""
        if self.capped:
            return (f"RLIMIT_NOFILE hard limit is {_fmt(self.hard)} with {self.open_now} descriptors already open: "
                    f"socket counts capped at {self.max_fds} (asked {self.wanted})")
        return ""


def _fmt(limit: int) -> str:
    return "unlimited" if limit == resource.RLIM_INFINITY else str(limit)


def plan_fd_budget(wanted: int, open_now: int, soft: int, hard: int, slack: int = FD_SLACK) -> tuple[int, int]:
    """(new soft limit, sockets that fit) to watch ``wanted`` sockets with ``open_now`` descriptors open.

    The soft limit is never lowered; it is raised to what is needed, at most to ``hard``.
    """
    need = open_now + wanted + slack
    new_soft = soft
    if need > soft:
        new_soft = need if hard == resource.RLIM_INFINITY else min(need, hard)
        new_soft = max(new_soft, soft)
    fits = max(0, new_soft - open_now - slack) if new_soft != resource.RLIM_INFINITY else wanted
    return new_soft, min(wanted, fits)


def open_fd_count() -> int:
    """Descriptors this process has open now (from /proc/self/fd, or /dev/fd)."""
    for d in ("/proc/self/fd", "/dev/fd"):
        try:
            return max(0, len(os.listdir(d)) - 1)  # listdir itself holds one open while it reads
        except OSError:
            continue
    return 3


def ensure_fd_budget(wanted: int) -> FdBudget:
    """Raise the soft RLIMIT_NOFILE so ``wanted`` more sockets can be opened, as far as the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    open_now = open_fd_count()
    new_soft, _ = plan_fd_budget(wanted, open_now, soft, hard)
    if new_soft != soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new_soft, hard))
        except (ValueError, OSError):
            pass
    soft_now, hard_now = resource.getrlimit(resource.RLIMIT_NOFILE)
    _, fits = plan_fd_budget(wanted, open_now, soft_now, soft_now)
    return FdBudget(soft_before=soft, soft=soft_now, hard=hard_now, open_now=open_now, wanted=wanted, max_fds=fits)
