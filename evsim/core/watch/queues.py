"""The kernel's side of each watched socket: bytes waiting in its receive and send queues, sampled.

Inside the watched process a daemon thread reads, a few times a second, for every socket the program has
open (:attr:`Watch.live <evsim.core.watch.objects.Watch.live>`):

* ``SIOCINQ`` (= ``FIONREAD``, 0x541B on Linux): bytes that arrived and wait to be read by the program (phase
  one of a read is done, phase two, the copy into the process, is not);
* ``SIOCOUTQ`` (= ``TIOCOUTQ``, 0x5411 on Linux): bytes written and not yet acknowledged by the peer.

Both are ``ioctl`` reads of the socket's counters: they take no data and change nothing the program sees.
A :class:`~evsim.core.watch.events.KernelQueues` event is emitted only when a socket's pair of values changed
(a listening socket has no queues: ``ioctl`` refuses, and it is skipped).
"""

from __future__ import annotations

import fcntl
import struct
import sys
import threading
from typing import Callable

from evsim.core.events import deferred, now_ns
from evsim.core.watch.events import KernelQueues

__all__ = ["QueueSampler", "SIOCINQ", "SIOCOUTQ", "read_queues", "SAMPLE_INTERVAL_S"]

try:
    import termios

    SIOCINQ = termios.FIONREAD
    SIOCOUTQ = getattr(termios, "TIOCOUTQ", 0x5411)
except ImportError:  # pragma: no cover - not on Linux
    SIOCINQ, SIOCOUTQ = 0x541B, 0x5411

#: How often the queues are read (4 times a second).
SAMPLE_INTERVAL_S = 0.25

_INT = struct.Struct("i")
_KernelQueues = deferred(KernelQueues)


def read_queues(fd: int) -> tuple[int, int] | None:
    """``(receive queue, send queue)`` of socket ``fd`` in bytes, or None when it has none (not a socket,
    a listening socket, closed)."""
    try:
        rq = _INT.unpack(fcntl.ioctl(fd, SIOCINQ, b"\0\0\0\0"))[0]
        sq = _INT.unpack(fcntl.ioctl(fd, SIOCOUTQ, b"\0\0\0\0"))[0]
    except OSError:
        return None
    return rq, sq


class QueueSampler:
    """A daemon thread emitting KernelQueues for ``live`` fds whose queues changed.  Owned by whoever
    starts it: :meth:`stop` ends and joins it."""

    def __init__(self, live: dict[int, None], emit: Callable[[object], None],
                 interval: float = SAMPLE_INTERVAL_S) -> None:
        self.live = live
        self.emit = emit
        self.interval = interval
        self.last: dict[int, tuple[int, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="evsim-kernel-queues", daemon=True)

    def start(self) -> None:
        if sys.platform.startswith("linux"):
            self._thread.start()

    def sample(self) -> None:
        """Read every live fd once and emit what changed (also callable directly, e.g. by a test)."""
        last = self.last
        for fd in list(self.live):
            q = read_queues(fd)
            if q is None:
                continue
            if last.get(fd) != q:
                last[fd] = q
                self.emit(_KernelQueues(now_ns(), fd, q[0], q[1]))
        if len(last) > len(self.live):  # forget the fds closed since
            for fd in [fd for fd in last if fd not in self.live]:
                del last[fd]

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sample()
            except RuntimeError:  # the dict changed size while copied: try again next time
                pass

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2.0)
