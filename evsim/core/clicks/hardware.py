"""The "hardware" both designs read, shared between processes: latched registers and a kernel message queue.

* :class:`SharedBank`: the polling design's device registers, in shared memory (a ``multiprocessing``
  RawArray) guarded by one cross-process lock.  Any process may latch a click (the window on a real click,
  the auto-clicker's process on its own); the poller's process reads and clears.  Same contract as
  :class:`~evsim.core.clicks.device.DeviceBank`: an unread click is overwritten, and counted missed.
* :class:`PipeQueue`: the event loop's message queue is a pipe, a kernel object.  A writer puts one fixed-size
  record per click (non-blocking: a full pipe refuses the click, counted as "queue full"); the loop blocks in
  ``read()`` and takes no CPU while it is empty.  The depth is the pipe's unread bytes (``FIONREAD``).

Click ids come from a counter in the same shared memory, so the window's clicks and the auto-clicker's never
share a number.
"""

from __future__ import annotations

import fcntl
import os
import struct
import termios
import time
from typing import Any, Callable

from evsim.core.clicks.device import KINDS, MAX_DEVICES, Click, Miss
from evsim.core.clicks.events import EVENTLOOP, POLLING, ClickMissed, Enqueued, Latched
from evsim.core.events import Sink

__all__ = ["SharedBank", "PipeQueue", "RECORD", "QUEUE_BYTES", "latch", "enqueue"]

_H_N, _H_OCC, _H_ID = 0, 1, 2  # header: scanned registers, occupied registers, last click id
_HEADER = 4
_SLOT = 3  # per register: click id (0 = empty), t_ns, kind index
#: One queued click: id, t_ns, kind index, device.
RECORD = struct.Struct("<qqii")
#: The pipe's capacity asked for (Linux may grant less): 1 MiB holds ~43,000 queued clicks.
QUEUE_BYTES = 1 << 20


class SharedBank:
    """Latched registers in shared memory.  Build it in the parent (``SharedBank.create(ctx, n)``) and hand
    ``args`` to a child process, which rebuilds it with ``SharedBank(*args)``."""

    def __init__(self, regs: Any, lock: Any) -> None:
        self._r = regs
        self._lock = lock

    @classmethod
    def create(cls, ctx: Any, n: int = 1) -> "SharedBank":
        if not 1 <= n <= MAX_DEVICES:
            raise ValueError(f"devices must be 1..{MAX_DEVICES}")
        bank = cls(ctx.RawArray("q", _HEADER + _SLOT * MAX_DEVICES), ctx.Lock())
        bank._r[_H_N] = n
        return bank

    @property
    def args(self) -> tuple[Any, Any]:
        return (self._r, self._lock)

    @property
    def n(self) -> int:
        return self._r[_H_N]

    @property
    def occupied(self) -> int:
        return self._r[_H_OCC]

    def next_id(self) -> int:
        with self._lock:
            self._r[_H_ID] += 1
            return self._r[_H_ID]

    def resize(self, n: int) -> list[Click]:
        """Scan ``n`` registers from now on; returns the clicks in registers no longer scanned."""
        if not 1 <= n <= MAX_DEVICES:
            raise ValueError(f"devices must be 1..{MAX_DEVICES}")
        r = self._r
        orphans = []
        with self._lock:
            for d in range(n, r[_H_N]):
                c = self._take(d)
                if c is not None:
                    orphans.append(c)
            r[_H_N] = n
        return orphans

    def _take(self, d: int) -> Click | None:
        r, i = self._r, _HEADER + _SLOT * d
        cid = r[i]
        if not cid:
            return None
        kind = KINDS[r[i + 2]]
        r[i] = 0
        r[_H_OCC] -= 1
        return Click(cid, kind, d, "", r[i + 1])

    def press(self, click: Click, announce: Callable[[int, Miss | None, int], None] | None = None
              ) -> tuple[int, Miss | None]:
        """Latch ``click`` (any process).  ``announce(register, miss, occupied)`` runs under the lock."""
        r = self._r
        with self._lock:
            d = click.device % r[_H_N]
            i = _HEADER + _SLOT * d
            old = r[i]
            r[i], r[i + 1], r[i + 2] = click.id, click.t_ns, KINDS.index(click.kind)
            miss = None
            if old:
                miss = Miss(old, d, click.id)
            else:
                r[_H_OCC] += 1
            if announce is not None:
                announce(d, miss, r[_H_OCC])
        return d, miss

    def read(self, d: int) -> Click | None:
        """Read and clear register ``d`` (the poller; None if empty)."""
        with self._lock:
            return self._take(d) if d < self._r[_H_N] else None

    def peek(self) -> list[Click | None]:
        with self._lock:
            out = []
            for d in range(self._r[_H_N]):
                i = _HEADER + _SLOT * d
                out.append(Click(self._r[i], KINDS[self._r[i + 2]], d, "", self._r[i + 1]) if self._r[i] else None)
            return out


def _unread(fd: int) -> int:
    buf = fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0")
    return struct.unpack("i", buf)[0]


class PipeQueue:
    """The loop's side of the message queue: ``get`` blocks in ``read()`` on the pipe (no CPU).

    ``wake_fd`` is a write end of the same pipe: ``close()`` writes one empty record through it, so a blocked
    ``get`` returns None.  Records still in the pipe after ``close`` are what was left queued (``held``).
    """

    def __init__(self, read_fd: int, wake_fd: int) -> None:
        self._fd = read_fd
        self._wake = wake_fd
        self._closed = False
        self.max_depth = 0
        self.rejected = 0

    @property
    def closed(self) -> bool:
        return self._closed

    def __len__(self) -> int:
        return _unread(self._fd) // RECORD.size

    def _read(self) -> tuple[Click, int] | None:
        data = os.read(self._fd, RECORD.size)  # writes are whole records (<= PIPE_BUF: atomic)
        cid, t_ns, kind, device = RECORD.unpack(data)
        if self._closed or not cid:
            return None
        return Click(cid, KINDS[kind], device, "", t_ns), len(self)

    def get(self, timeout: float | None = None) -> tuple[Click, int] | None:
        if self._closed:
            return None
        return self._read()

    def get_nowait(self) -> tuple[Click, int] | None:
        if self._closed or len(self) == 0:
            return None
        return self._read()

    def close(self) -> None:
        self._closed = True
        try:
            os.write(self._wake, RECORD.pack(0, 0, 0, 0))
        except OSError:  # a full pipe: the loop is not blocked in read() then
            pass

    def held(self) -> int:
        """Clicks still queued (wake records left out)."""
        n = 0
        os.set_blocking(self._fd, False)
        try:
            while True:
                data = os.read(self._fd, RECORD.size * 256)
                if not data:
                    break
                n += sum(1 for k in range(0, len(data), RECORD.size) if RECORD.unpack_from(data, k)[0])
        except BlockingIOError:
            pass
        return n


def latch(bank: SharedBank, click: Click, emit: Callable) -> Miss | None:
    """The hardware side of polling: latch ``click``, reporting the overwrite (if any) and the latch."""

    def announce(d: int, miss: Miss | None, occupied: int) -> None:
        t = time.monotonic_ns()
        if miss is not None:
            emit(ClickMissed(t, miss.id, POLLING, d, miss.overwritten_by, "overwritten"))
        emit(Latched(t, click.id, d, occupied))

    return bank.press(click, announce)[1]


def enqueue(fd: int, click: Click, emit: Callable) -> bool:
    """The input side of the event loop: put ``click`` into the queue pipe ``fd`` (non-blocking)."""
    try:
        os.write(fd, RECORD.pack(click.id, click.t_ns, KINDS.index(click.kind), click.device))
    except (BlockingIOError, BrokenPipeError):
        emit(ClickMissed(time.monotonic_ns(), click.id, EVENTLOOP, click.device, 0, "queue full"))
        return False
    emit(Enqueued(time.monotonic_ns(), click.id, click.kind, _unread(fd) // RECORD.size))
    return True


class HardwareTargets:
    """What an input process (the window, the auto-clicker) writes a click into: the registers and/or the
    queue pipe.  ``deliver(click)`` is a :class:`~evsim.core.clicks.inputs.Target`."""

    def __init__(self, sink: Sink, bank: SharedBank | None, queue_fd: int | None) -> None:
        self._emit = sink.emit
        self.bank = bank
        self.queue_fd = queue_fd
        if queue_fd is not None:
            os.set_blocking(queue_fd, False)

    def deliver(self, click: Click) -> None:
        if self.bank is not None:
            latch(self.bank, click, self._emit)
        if self.queue_fd is not None:
            enqueue(self.queue_fd, click, self._emit)
