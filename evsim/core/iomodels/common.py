"""What every model shares: the run's parameters, the delayed sender, the other work, the socket rig.

A run is a :class:`Rig` (``socket.socketpair()``s, the message, the process's buffer, the
:class:`~evsim.core.iomodels.sender.SenderProcess`) plus a receiving loop in the model's module.  The sender
writes the message ``delay`` after the process asks for it, in ``chunks`` pieces ``gap`` apart; the end of its
last write is ``sent_ns`` (every byte is queued on the receiving socket).  When the run is cancelled (or
anything fails) the sender exits and its end of the socket closes, so a reader asleep in
``recv``/``select``/``io_uring`` wakes up with end-of-file at once: nothing a run starts can hang.
"""

from __future__ import annotations

import hashlib
import os
import random
import socket
import threading
import time
from dataclasses import dataclass

from evsim.core.iomodels.errors import RunCancelled, RunError
from evsim.core.iomodels.sender import SenderProcess
from evsim.core.iomodels.timeline import Mark, Sampler, Syscall, Timeline, Trace

__all__ = [
    "RunSpec", "Cancel", "RunCancelled", "RunError", "SenderProcess", "OtherWork", "Rig", "MUX_CALLS",
    "ASYNC_MECHANISMS", "MAX_SIZE", "errno_name",
]

now_ns = time.monotonic_ns
MUX_CALLS = ("select", "poll", "epoll")
ASYNC_MECHANISMS = ("auto", "io_uring", "thread")
#: Largest message a run accepts (the message and the buffer are both held in memory).
MAX_SIZE = 256 * 1024 * 1024


class Cancel(threading.Event):
    """A cancel flag for a run: an Event that also calls back whoever must act at once.

    ``set()`` runs the callbacks registered with :meth:`on_set` (on the caller's thread; they must be quick:
    the run's :class:`Rig` uses it to close the sender's stdin, which ends the run within milliseconds).
    """

    def __init__(self) -> None:
        super().__init__()
        self._callbacks: list = []
        self._cb_lock = threading.Lock()

    def set(self) -> None:
        super().set()
        with self._cb_lock:
            callbacks = list(self._callbacks)
        for cb in callbacks:
            cb()

    def on_set(self, cb) -> None:
        with self._cb_lock:
            self._callbacks.append(cb)
        if self.is_set():
            cb()

    def remove(self, cb) -> None:
        with self._cb_lock:
            if cb in self._callbacks:
                self._callbacks.remove(cb)


def errno_name(e: OSError) -> str:
    import errno as _errno

    return _errno.errorcode.get(e.errno or 0, str(e.errno))


@dataclass(frozen=True)
class RunSpec:
    """Parameters of one run (all five models take the same)."""

    delay_ms: float = 200.0
    size: int = 65536
    chunks: int = 1
    gap_ms: float = 1.0  #: between two pieces when ``chunks`` > 1
    mux: str = "epoll"  #: the multiplexing model's call: select, poll or epoll
    mux_fds: int = 4  #: sockets the multiplexing model watches (one of them gets the message)
    async_mechanism: str = "auto"  #: "io_uring" if the kernel allows it ("auto"), or a completion thread

    def __post_init__(self) -> None:
        if not (self.delay_ms >= 0.0 and self.delay_ms <= 600_000.0):  # also rejects NaN
            raise ValueError(f"delay_ms must be 0..600000, not {self.delay_ms}")
        if not (1 <= self.size <= MAX_SIZE):
            raise ValueError(f"size must be 1..{MAX_SIZE} bytes, not {self.size}")
        if not (1 <= self.chunks <= min(self.size, 1024)):
            raise ValueError(f"chunks must be 1..{min(self.size, 1024)} (at most one per byte), not {self.chunks}")
        if not (self.gap_ms >= 0.0 and self.gap_ms <= 60_000.0):
            raise ValueError(f"gap_ms must be 0..60000, not {self.gap_ms}")
        if self.mux not in MUX_CALLS:
            raise ValueError(f"mux must be one of {', '.join(MUX_CALLS)}, not {self.mux!r}")
        if not (1 <= self.mux_fds <= 64):
            raise ValueError(f"mux_fds must be 1..64, not {self.mux_fds}")
        if self.async_mechanism not in ASYNC_MECHANISMS:
            raise ValueError(f"async_mechanism must be one of {', '.join(ASYNC_MECHANISMS)}")

    @property
    def delay_ns(self) -> int:
        return int(self.delay_ms * 1e6)

    @property
    def gap_ns(self) -> int:
        return int(self.gap_ms * 1e6)

    def pieces(self) -> list[tuple[int, int]]:
        """``(offset, length)`` of each piece the sender writes."""
        base, extra = divmod(self.size, self.chunks)
        out, off = [], 0
        for k in range(self.chunks):
            n = base + (1 if k < extra else 0)
            out.append((off, n))
            off += n
        return out


class OtherWork:
    """The process's other work: hashing 16 KiB blocks (SHA-256), one unit per ``step()`` (about 10 us).

    It makes no system call.  ``hashlib`` releases the GIL while it hashes, so a completion thread (the
    fallback asynchronous mechanism) gets the interpreter as soon as its ``recv`` returns.
    """

    unit = "16 KiB hashed"
    BLOCK = 16384

    def __init__(self) -> None:
        self._block = os.urandom(self.BLOCK)
        self._hash = hashlib.sha256()
        self.sampler = Sampler()

    def step(self) -> None:
        self._hash.update(self._block)
        self.sampler.add(now_ns())

    @property
    def count(self) -> int:
        return self.sampler.count


def _buffer_limit(name: str) -> int:
    try:
        with open(f"/proc/sys/net/core/{name}") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 212992


class Rig:
    """The sockets, message, buffer and sender of one run.  Use as a context manager: it closes everything.

    ``pairs`` socketpairs are made; the sender (a :class:`SenderProcess`, started here and waiting for
    :meth:`start_sender`) writes into the writing end of pair ``target``, and the model reads from
    ``readers[target]``.  The sockets' buffers are sized for the message where the system allows it.
    ``cancel`` (a :class:`Cancel`) stops the sender at once, so the model's read ends with end-of-file.
    """

    def __init__(self, spec: RunSpec, pairs: int = 1, target: int = 0, cancel: Cancel | None = None):
        if cancel is not None and not isinstance(cancel, Cancel):
            raise TypeError("cancel must be an evsim.core.iomodels.Cancel")
        self.spec = spec
        self.cancel = cancel
        seed = int.from_bytes(os.urandom(8), "little")
        self.payload = random.Random(seed).randbytes(spec.size)  # the sender makes the same bytes
        self.buffer = bytearray(spec.size)
        self.readers: list[socket.socket] = []
        self.writers: list[socket.socket | None] = []
        self.target = target
        self.sender: SenderProcess | None = None
        self._saved_affinity = self._pin_reader()
        try:
            want = spec.size + 65536
            snd = min(want, _buffer_limit("wmem_max"))
            rcv = min(want, _buffer_limit("rmem_max"))
            for _ in range(pairs):
                r, w = socket.socketpair()
                self.readers.append(r)
                self.writers.append(w)
                w.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, snd)
                r.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcv)
            w = self.writers[target]
            assert w is not None
            self.fits_buffer = spec.size <= w.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) // 2
            self.sender = SenderProcess(w, spec, seed)
            if self.other_cpus:
                try:
                    os.sched_setaffinity(self.sender.proc.pid, self.other_cpus)
                except OSError:
                    pass
            w.close()  # the sender holds the only writing end: when it goes, the reader sees end-of-file
            self.writers[target] = None
        except BaseException:
            self.close()
            raise
        if cancel is not None:
            cancel.on_set(self.sender.stop)

    @property
    def reader(self) -> socket.socket:
        return self.readers[self.target]

    def _pin_reader(self) -> set[int] | None:
        """Put the calling (reading) thread on one CPU and the sender on the others; returns the old set.

        On a machine with few cores the sender waking up would otherwise often be put on the reader's core
        and preempt it for a while, right when the data arrives (on a real network the data comes from
        another machine).  Only when the machine has a CPU to spare, though: on a busy one (load average
        above CPUs - 1) each side is better off free to move to whichever CPU is idle.  With a single CPU
        nothing is pinned.  :attr:`placement` says what was done.
        """
        self.reader_cpu: int | None = None
        self.other_cpus: set[int] | None = None
        self._placement = "one CPU, shared"
        try:
            cpus = sorted(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            return None
        if len(cpus) < 2:
            return None
        try:
            load = os.getloadavg()[0]
        except OSError:
            load = 0.0
        if load > len(cpus) - 1:
            self._placement = f"not pinned: the machine is busy (load {load:.1f} on {len(cpus)} CPUs)"
            return None
        try:
            os.sched_setaffinity(0, {cpus[0]})
        except OSError:
            return None
        self.reader_cpu, self.other_cpus = cpus[0], set(cpus[1:])
        return set(cpus)

    @property
    def placement(self) -> str:
        if self.reader_cpu is None or not self.other_cpus:
            return self._placement
        others = sorted(self.other_cpus)
        where = f"CPU {others[0]}" if len(others) == 1 else f"CPUs {others[0]}-{others[-1]}"
        return f"process on CPU {self.reader_cpu}, sender and helpers on {where}"

    def start_sender(self, start_ns: int) -> None:
        """The read is being issued at ``start_ns``: the sender writes ``delay`` after it."""
        assert self.sender is not None
        self.sender.go(start_ns)

    def close(self) -> None:
        """Stop and reap the sender, close every socket.  Idempotent."""
        if self.sender is not None:
            if self.cancel is not None:
                self.cancel.remove(self.sender.stop)
            self.sender.close()
        for s in self.readers + self.writers:
            if s is not None:
                s.close()
        saved, self._saved_affinity = self._saved_affinity, None
        if saved is not None:
            try:
                os.sched_setaffinity(0, saved)
            except OSError:
                pass

    def __enter__(self) -> "Rig":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def timeline(self, model: str, mechanism: str, *, start_ns: int, copy_end_ns: int, done_ns: int,
                 received: int, calls: list[Syscall], eagain: Trace | None = None, work: Trace | None = None,
                 marks: list[Mark] | None = None, notes: str = "") -> Timeline:
        """Collect the sender's timings and assemble the run's :class:`Timeline`."""
        assert self.sender is not None
        rep = self.sender.report(timeout=10.0)
        if "calls" not in rep:
            if self.cancel is not None and self.cancel.is_set():
                raise RunCancelled("cancelled")
            raise RunError(str(rep.get("error", "the sender did not report")))
        sent = [Syscall("send", int(t0), int(t1), int(n), None, may_block=True, actor="sender")
                for t0, t1, n in rep["calls"]]
        chunk_marks = [Mark("chunk", c.end_ns, f"{k + 1}/{len(sent)}") for k, c in enumerate(sent)]
        if not self.fits_buffer:
            notes = (notes + " " if notes else "") + (
                "The message is larger than the socket buffer: the sender had to wait for the reader, "
                "so the phases overlap.")
        all_calls = sorted(calls + sent, key=lambda c: (c.start_ns, c.end_ns))
        all_marks = sorted((marks or []) + chunk_marks, key=lambda m: m.t_ns)
        return Timeline(
            model=model, mechanism=mechanism, size=self.spec.size, chunks=self.spec.chunks,
            delay_ns=self.spec.delay_ns, start_ns=start_ns, sent_ns=sent[-1].end_ns,
            copy_end_ns=copy_end_ns, done_ns=done_ns, received=received,
            intact=received == self.spec.size and self.buffer == self.payload,
            syscalls=tuple(all_calls), eagain=eagain or Trace(), work=work or Trace(),
            marks=tuple(all_marks), work_unit=OtherWork.unit, notes=notes, placement=self.placement,
        )
