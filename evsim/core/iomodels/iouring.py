"""A minimal io_uring, straight on the system calls (ctypes ``syscall`` + ``mmap``), for one kind of request.

No liburing is needed: ``io_uring_setup`` (425) creates the rings, the submission queue, completion queue and
SQE array are mapped with ``mmap``, a ``IORING_OP_RECV`` entry is written into the SQE array and
``io_uring_enter`` (426) submits it.  Completions are then read straight from the shared completion ring: the
process learns that its buffer was filled without any further system call.

Limits: x86-64 only (its stores are not reordered with other stores, so plain writes to the shared rings are
ordered the way the kernel expects; other architectures would need explicit barriers), Linux >= 5.6 for
``IORING_OP_RECV``.  :class:`IoUringUnavailable` says why it cannot be used (the caller then falls back to a
completion thread).
"""

from __future__ import annotations

import ctypes
import mmap
import os
import platform
import struct
import sys
import time

__all__ = ["IoUring", "IoUringUnavailable", "IORING_OP_RECV", "IORING_OP_ASYNC_CANCEL", "IOSQE_ASYNC"]

SYS_IO_URING_SETUP = 425
SYS_IO_URING_ENTER = 426
IORING_OFF_SQ_RING = 0
IORING_OFF_CQ_RING = 0x8000000
IORING_OFF_SQES = 0x10000000
IORING_FEAT_SINGLE_MMAP = 1 << 0
IORING_OP_ASYNC_CANCEL = 14
IORING_OP_RECV = 27
IOSQE_ASYNC = 1 << 4
IORING_ENTER_GETEVENTS = 1 << 0

_PARAMS_SIZE = 120  # struct io_uring_params
_SQE = struct.Struct("=BBHiQQIIQ")  # opcode, flags, ioprio, fd, off, addr, len, msg_flags, user_data
_SQE_SIZE = 64
_CQE = struct.Struct("=QiI")  # user_data, res, flags
_CQE_SIZE = 16
_U32 = struct.Struct("=I")

now_ns = time.monotonic_ns


class IoUringUnavailable(OSError):
    """io_uring cannot be used here (kernel, permissions, architecture); the message says why."""


def _libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


class IoUring:
    """One io_uring instance.  ``setup_ns`` are the start and end of ``io_uring_setup``; close with ``close()``."""

    def __init__(self, entries: int = 4) -> None:
        if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
            raise IoUringUnavailable(f"io_uring is only driven from Python on Linux x86-64 here "
                                     f"({sys.platform} {platform.machine()})")
        try:
            with open("/proc/sys/kernel/io_uring_disabled") as f:
                if f.read().strip() == "2":
                    raise IoUringUnavailable("io_uring is disabled (kernel.io_uring_disabled = 2)")
        except OSError:
            pass
        self._libc = _libc()
        params = bytearray(_PARAMS_SIZE)
        cparams = (ctypes.c_char * _PARAMS_SIZE).from_buffer(params)
        t0 = now_ns()
        fd = self._libc.syscall(ctypes.c_long(SYS_IO_URING_SETUP), ctypes.c_uint(entries), cparams)
        t1 = now_ns()
        err = ctypes.get_errno()
        del cparams
        if fd < 0:
            raise IoUringUnavailable(f"io_uring_setup failed: {os.strerror(err)}")
        self.setup_ns = (t0, t1)
        self.fd = fd
        self._maps: list[mmap.mmap] = []
        try:
            sq_entries, cq_entries, _flags, _cpu, _idle, features = struct.unpack_from("=6I", params, 0)
            sq_off = struct.unpack_from("=8IQ", params, 40)  # head tail ring_mask ring_entries flags dropped array
            cq_off = struct.unpack_from("=8IQ", params, 80)  # head tail ring_mask ring_entries overflow cqes flags
            sq_size = sq_off[6] + sq_entries * 4
            cq_size = cq_off[5] + cq_entries * _CQE_SIZE
            prot = mmap.PROT_READ | mmap.PROT_WRITE
            flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
            if features & IORING_FEAT_SINGLE_MMAP:
                self._sq = self._cq = mmap.mmap(fd, max(sq_size, cq_size), flags, prot, offset=IORING_OFF_SQ_RING)
                self._maps.append(self._sq)
            else:
                self._sq = mmap.mmap(fd, sq_size, flags, prot, offset=IORING_OFF_SQ_RING)
                self._maps.append(self._sq)
                self._cq = mmap.mmap(fd, cq_size, flags, prot, offset=IORING_OFF_CQ_RING)
                self._maps.append(self._cq)
            self._sqes = mmap.mmap(fd, sq_entries * _SQE_SIZE, flags, prot, offset=IORING_OFF_SQES)
            self._maps.append(self._sqes)
        except (OSError, ValueError) as e:
            self.close()
            raise IoUringUnavailable(f"cannot map the io_uring rings: {e}") from e
        self._sq_head, self._sq_tail, self._sq_mask, self._sq_array = sq_off[0], sq_off[1], sq_off[2], sq_off[6]
        self._cq_head, self._cq_tail, self._cq_mask, self._cqes = cq_off[0], cq_off[1], cq_off[2], cq_off[5]
        self._sq_mask_v = _U32.unpack_from(self._sq, self._sq_mask)[0]
        self._cq_mask_v = _U32.unpack_from(self._cq, self._cq_mask)[0]
        self._pending = 0
        self._held: list[object] = []  # buffers of requests whose completion was never seen (see hold())

    def prep_recv(self, sock_fd: int, address: int, length: int, msg_flags: int = 0, user_data: int = 0,
                  sqe_flags: int = 0) -> None:
        """Queue an ``IORING_OP_RECV`` of ``length`` bytes into memory at ``address`` (not submitted yet)."""
        self._queue(IORING_OP_RECV, sqe_flags, sock_fd, address, length, msg_flags, user_data)

    def prep_cancel(self, target_user_data: int, user_data: int = 0) -> None:
        """Queue an ``IORING_OP_ASYNC_CANCEL`` of the request tagged ``target_user_data`` (not submitted yet).

        Its own completion says whether it was found (0), already done (-ENOENT) or running (-EALREADY); a
        cancelled request then completes with -ECANCELED."""
        self._queue(IORING_OP_ASYNC_CANCEL, 0, -1, target_user_data, 0, 0, user_data)

    def _queue(self, opcode: int, sqe_flags: int, fd: int, addr: int, length: int, op_flags: int,
               user_data: int) -> None:
        tail = _U32.unpack_from(self._sq, self._sq_tail)[0]
        head = _U32.unpack_from(self._sq, self._sq_head)[0]
        if tail - head > self._sq_mask_v:
            raise OSError("io_uring submission queue is full")
        idx = tail & self._sq_mask_v
        sqe = bytearray(_SQE_SIZE)
        _SQE.pack_into(sqe, 0, opcode, sqe_flags, 0, fd, 0, addr, length, op_flags, user_data)
        self._sqes[idx * _SQE_SIZE:(idx + 1) * _SQE_SIZE] = bytes(sqe)
        _U32.pack_into(self._sq, self._sq_array + idx * 4, idx)
        _U32.pack_into(self._sq, self._sq_tail, (tail + 1) & 0xFFFFFFFF)  # publish (x86: stores stay ordered)
        self._pending += 1

    def hold(self, obj: object) -> None:
        """Keep ``obj`` (a buffer a request may still write into) alive until the ring is closed."""
        self._held.append(obj)

    def enter(self, to_submit: int, min_complete: int = 0, flags: int = 0) -> int:
        """``io_uring_enter``: submit queued entries (and wait for ``min_complete`` with GETEVENTS)."""
        r = self._libc.syscall(ctypes.c_long(SYS_IO_URING_ENTER), ctypes.c_uint(self.fd), ctypes.c_uint(to_submit),
                               ctypes.c_uint(min_complete), ctypes.c_uint(flags), None, ctypes.c_size_t(0))
        if r < 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
        self._pending -= min(self._pending, r)
        return int(r)

    def submit(self) -> int:
        return self.enter(self._pending)

    def peek(self) -> tuple[int, int, int] | None:
        """The next completion ``(user_data, res, flags)`` if there is one (no system call), consuming it."""
        cq = self._cq
        head = _U32.unpack_from(cq, self._cq_head)[0]
        if head == _U32.unpack_from(cq, self._cq_tail)[0]:
            return None
        cqe = _CQE.unpack_from(cq, self._cqes + (head & self._cq_mask_v) * _CQE_SIZE)
        _U32.pack_into(cq, self._cq_head, (head + 1) & 0xFFFFFFFF)
        return cqe

    def close(self) -> None:
        """Unmap the rings and close the ring's fd (the kernel cancels what is still in flight).  Idempotent."""
        for m in getattr(self, "_maps", ()):
            try:
                m.close()
            except (BufferError, ValueError):
                pass
        self._maps = []
        if getattr(self, "fd", -1) >= 0:
            os.close(self.fd)
            self.fd = -1
        self._held = []  # the kernel cancels what was in flight when its ring goes

    def __enter__(self) -> "IoUring":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
