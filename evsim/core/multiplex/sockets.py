"""N real, watched sockets, K of them readable.

The sockets come from ``socket.socketpair()`` and *both* ends of every pair are watched, so N watched sockets
cost N descriptors (10,000 fit under a 20,000 limit).  Socket ``i`` is made readable by sending one byte from
its peer; the sender does not become readable, so exactly the K chosen sockets are ready, and stay ready
(level-triggered) until :meth:`WatchedSockets.close`.  The ready ones are spread evenly over the set, so a
linear scan meets them all along its way, not just at the start.
"""

from __future__ import annotations

import socket

__all__ = ["spread", "WatchedSockets"]


def spread(n: int, k: int) -> list[int]:
    """``k`` distinct indices in ``range(n)``, evenly spaced (centres of k equal slices); k is clipped to n."""
    k = max(0, min(k, n))
    return [((2 * j + 1) * n) // (2 * k) for j in range(k)]


class WatchedSockets:
    """Opens ``n`` watched sockets with ``ready`` of them readable; a context manager that closes them all.

    ``fds`` are the watched descriptors in order, ``ready_indices`` the positions (into ``fds``) of the
    readable ones.  Raises OSError (EMFILE...) after closing whatever it had opened if the set cannot be made.
    """

    def __init__(self, n: int, ready: int = 0) -> None:
        if n < 1:
            raise ValueError("n must be >= 1")
        self.n = n
        self._socks: list[socket.socket] = []
        try:
            for _ in range((n + 1) // 2):
                a, b = socket.socketpair()
                self._socks.append(a)
                self._socks.append(b)
            self.fds: list[int] = [s.fileno() for s in self._socks[:n]]
            self.ready_indices: list[int] = spread(n, ready)
            for i in self.ready_indices:
                self._socks[i ^ 1].send(b"x")  # the peer of socket i writes, socket i becomes readable
        except BaseException:
            self.close()
            raise

    @property
    def ready(self) -> int:
        return len(self.ready_indices)

    @property
    def ready_fds(self) -> list[int]:
        return [self.fds[i] for i in self.ready_indices]

    @property
    def min_fd(self) -> int:
        return min(self.fds)

    @property
    def max_fd(self) -> int:
        return max(self.fds)

    def count_at_or_above(self, limit: int) -> int:
        """How many watched descriptors are numbered >= ``limit``."""
        return sum(1 for fd in self.fds if fd >= limit)

    @property
    def closed(self) -> bool:
        return not self._socks

    def close(self) -> None:
        """Close every socket (both ends of every pair).  Idempotent."""
        socks, self._socks = self._socks, []
        for s in socks:
            s.close()

    def __enter__(self) -> "WatchedSockets":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self.n
