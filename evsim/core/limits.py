"""Process limits a lab needs: raising the soft RLIMIT_NOFILE as far as the hard limit allows."""

from __future__ import annotations

import resource

__all__ = ["raise_nofile_limit", "nofile_limits"]

#: Never ask for more than this, even when the hard limit is "unlimited" (select.poll allocates per fd).
MAX_SOFT = 1 << 20


def nofile_limits() -> tuple[int, int]:
    """(soft, hard) RLIMIT_NOFILE of this process."""
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def raise_nofile_limit(wanted: int | None = None) -> int:
    """Raise the soft limit to ``wanted`` (default: the hard limit, capped at MAX_SOFT); return the new soft
    limit.  Never lowers it, never raises: a limit that cannot move stays where it is."""
    soft, hard = nofile_limits()
    ceiling = MAX_SOFT if hard == resource.RLIM_INFINITY else min(hard, MAX_SOFT)
    target = ceiling if wanted is None else min(max(wanted, soft), ceiling)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            return soft
        return target
    return soft
