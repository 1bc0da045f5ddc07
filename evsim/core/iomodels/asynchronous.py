"""Asynchronous I/O: submit the read, keep working, be told when the data is already in the buffer.

Two mechanisms, the run says which (``Timeline.mechanism``):

* ``"io_uring"`` (used when the kernel allows it): an ``IORING_OP_RECV`` with ``MSG_WAITALL`` into the
  process's buffer, submitted by one ``io_uring_enter``.  The socket has nothing yet, so the kernel arms a
  wake-up on it; when the data arrives, the kernel itself copies it into the buffer (as task work, briefly
  interrupting whatever the process is running, the way an interrupt would) and puts a completion into the
  shared completion ring.  The process checks that ring between units of work by reading memory: it makes no
  system call that waits or copies.
  (``IOSQE_ASYNC``, which hands the receive to an io-wq kernel worker thread instead, was tried: on a busy
  two-core machine that worker waits for a CPU and the completion comes milliseconds late.)
* ``"completion thread"``: what glibc's POSIX AIO does for sockets: a helper thread makes the blocking
  ``recv_into`` calls into the caller's buffer and signals completion; the process checks a flag between units
  of work.

Either way the process is free during both phases: asynchronous.
"""

from __future__ import annotations

import ctypes
import os
import socket
import threading
import time

from evsim.core.iomodels.common import Cancel, OtherWork, RunCancelled, RunError, RunSpec, Rig, errno_name
from evsim.core.iomodels.iouring import IoUring, IoUringUnavailable
from evsim.core.iomodels.timeline import Mark, Syscall, Timeline

__all__ = ["run", "MODEL", "io_uring_status", "abort_receive"]

MODEL = "async"
now_ns = time.monotonic_ns
#: Longest a run waits for its completion past the last write's due time before it gives up.
COMPLETION_GRACE_S = 10.0
#: user_data of the receive, and of the cancel request that may follow it.
RECV_ID, CANCEL_ID = 1, 2


def io_uring_status() -> tuple[bool, str]:
    """(usable, reason): whether an io_uring can be set up here."""
    try:
        IoUring(2).close()
    except IoUringUnavailable as e:
        return False, str(e)
    return True, "io_uring available"


def run(spec: RunSpec, cancel: Cancel | None = None) -> Timeline:
    ring = None
    why = ""
    if spec.async_mechanism in ("auto", "io_uring"):
        try:
            ring = IoUring(4)
        except IoUringUnavailable as e:
            if spec.async_mechanism == "io_uring":
                raise RunError(str(e)) from e
            why = f"io_uring unavailable ({e}); "
    if ring is not None:
        with ring:
            return _run_io_uring(spec, cancel, ring)
    return _run_completion_thread(spec, cancel, why)


def _deadline(spec: RunSpec, start: int) -> int:
    return start + spec.delay_ns + spec.chunks * spec.gap_ns + int(COMPLETION_GRACE_S * 1e9)


def _run_io_uring(spec: RunSpec, cancel: Cancel | None, ring: IoUring) -> Timeline:
    with Rig(spec, cancel=cancel) as rig:
        sock = rig.reader
        calls = [Syscall("io_uring_setup", ring.setup_ns[0], ring.setup_ns[1], ring.fd)]
        marks: list[Mark] = []
        cbuf = (ctypes.c_char * spec.size).from_buffer(rig.buffer)
        cqe = None
        submitted = False
        try:
            work = OtherWork()
            step = work.step
            peek = ring.peek
            start = now_ns()
            rig.start_sender(start)
            ring.prep_recv(sock.fileno(), ctypes.addressof(cbuf), spec.size, socket.MSG_WAITALL, user_data=RECV_ID)
            t0 = now_ns()
            n = ring.submit()
            submitted = True
            calls.append(Syscall("io_uring_enter", t0, now_ns(), n))
            deadline = _deadline(spec, start)
            # Free: work, glancing at the completion ring (shared memory) between units.
            while (cqe := peek()) is None:
                step()
                if work.count & 255 == 0 and now_ns() > deadline:
                    raise RunError("no io_uring completion arrived")
            t_done = now_ns()
        finally:
            if cqe is None and submitted and not abort_receive(sock, ring):
                ring.hold(rig.buffer)  # the kernel may still write into it: it lives as long as the ring
            del cbuf
        _ud, res, _flags = cqe
        marks.append(Mark("completion", t_done, f"io_uring CQE res={res}"))
        if res < 0:
            import errno as _errno

            raise RunError(f"io_uring recv failed: {_errno.errorcode.get(-res, -res)}")
        if res < spec.size:
            raise RunCancelled("the sender closed before the whole message arrived")
        return rig.timeline(MODEL, "io_uring", start_ns=start, copy_end_ns=t_done, done_ns=t_done, received=res,
                            calls=calls, work=work.sampler.trace(), marks=marks,
                            notes="IORING_OP_RECV + MSG_WAITALL: when the data arrives the kernel copies it into "
                                  "the buffer (task work, no call by the process) and posts the completion in "
                                  "shared memory")


def abort_receive(sock: socket.socket, ring: IoUring, timeout: float = 2.0) -> bool:
    """End the receive in flight (``RECV_ID``) before its buffer may go; True once its completion is reaped.

    Shutting the socket down makes it complete with end-of-file; ``IORING_OP_ASYNC_CANCEL`` cancels it if it
    has not.  False: no completion within ``timeout``, so the kernel may still write into the buffer (the
    caller must keep it alive).
    """
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        ring.prep_cancel(RECV_ID, user_data=CANCEL_ID)
        ring.submit()
    except OSError:
        pass  # (the shutdown alone normally completes it)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        cqe = ring.peek()
        if cqe is None:
            time.sleep(0.001)
        elif cqe[0] == RECV_ID:  # completed (end-of-file) or cancelled: the kernel is done with the buffer
            return True
    return False


class _CompletionThread(threading.Thread):
    """Makes the blocking ``recv_into`` calls for the process, then says "done" (``done`` is an Event)."""

    def __init__(self, sock: socket.socket, buffer: bytearray, cpus: set[int] | None = None) -> None:
        super().__init__(name="iomodels-completion", daemon=True)
        self._cpus = cpus
        self._sock = sock
        self._buffer = buffer
        self.calls: list[Syscall] = []
        self.received = 0
        self.copy_end_ns = 0
        self.error: str | None = None
        self.done = threading.Event()

    def run(self) -> None:
        if self._cpus:  # like a kernel worker: on another core than the process
            try:
                os.sched_setaffinity(0, self._cpus)
            except OSError:
                pass
        view = memoryview(self._buffer)
        try:
            while self.received < len(self._buffer):
                t0 = now_ns()
                try:
                    n = self._sock.recv_into(view[self.received:])
                except OSError as e:
                    self.calls.append(Syscall("recv", t0, now_ns(), None, errno_name(e), may_block=True,
                                              actor="helper"))
                    self.error = str(e)
                    return
                t1 = now_ns()
                self.calls.append(Syscall("recv", t0, t1, n, may_block=True, moved=n, actor="helper"))
                if n == 0:
                    return
                self.received += n
                self.copy_end_ns = t1
        finally:
            self.done.set()


def _run_completion_thread(spec: RunSpec, cancel: Cancel | None, why: str) -> Timeline:
    with Rig(spec, cancel=cancel) as rig:
        helper = _CompletionThread(rig.reader, rig.buffer, rig.other_cpus)
        marks: list[Mark] = []
        work = OtherWork()
        step = work.step
        is_done = helper.done.is_set
        start = now_ns()
        rig.start_sender(start)
        helper.start()  # "submit": the helper reads on the process's behalf
        deadline = _deadline(spec, start)
        try:
            # Free: work, glancing at the completion flag (no system call) between units.
            while not is_done():
                step()
                if work.count & 255 == 0 and now_ns() > deadline:
                    raise RunError("the completion thread did not finish")
            t_done = now_ns()
        finally:
            if not helper.done.is_set():
                try:
                    rig.reader.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            helper.join()
        marks.append(Mark("completion", t_done, "completion thread done"))
        if helper.error:
            raise RunError(f"recv failed: {helper.error}")
        if helper.received < spec.size:
            raise RunCancelled("the sender closed before the whole message arrived")
        return rig.timeline(MODEL, "completion thread", start_ns=start, copy_end_ns=helper.copy_end_ns,
                            done_ns=t_done, received=helper.received, calls=helper.calls,
                            work=work.sampler.trace(), marks=marks,
                            notes=why + "a helper thread makes the blocking recv into the process's buffer "
                                        "(as glibc's POSIX AIO does)")
