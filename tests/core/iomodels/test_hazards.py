"""What a run leaves behind when it fails: no unreaped sender, no buffer freed under a receive in flight."""

import contextlib
import ctypes
import errno
import socket
import subprocess
import threading

import pytest

from evsim.core.iomodels import RunError, RunSpec
from evsim.core.iomodels import asynchronous, sender
from evsim.core.iomodels.asynchronous import CANCEL_ID, RECV_ID, abort_receive, io_uring_status
from evsim.core.iomodels.common import Rig

needs_io_uring = pytest.mark.skipif(not io_uring_status()[0], reason="io_uring not available here")


def test_a_sender_that_does_not_start_is_reaped(monkeypatch):
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        p = real_popen(*args, **kwargs)
        started.append(p)
        return p

    monkeypatch.setattr(sender.subprocess, "Popen", popen)
    monkeypatch.setattr(sender, "SENDER_SCRIPT", "import sys; sys.exit(5)")  # ends before saying "ready"
    with pytest.raises(RunError, match="the sender did not start"):
        Rig(RunSpec(delay_ms=0, size=16))
    assert len(started) == 1
    assert started[0].returncode == 5  # waited for: no zombie left (the autouse fixture checks that too)
    assert started[0].stdout.closed and started[0].stderr.closed


def _completions(ring, n: int) -> dict[int, int]:
    got: dict[int, int] = {}
    for _ in range(2000):
        cqe = ring.peek()
        if cqe is not None:
            got[cqe[0]] = cqe[1]
            if len(got) == n:
                break
        else:
            threading.Event().wait(0.001)
    return got


@contextlib.contextmanager
def _receive_in_flight():
    """An io_uring receive (``RECV_ID``) on a socket nobody writes to: yields (ring, socket)."""
    from evsim.core.iomodels.iouring import IoUring

    a, b = socket.socketpair()
    with a, b, IoUring(4) as ring:
        buf = bytearray(10)
        cbuf = (ctypes.c_char * 10).from_buffer(buf)
        ring.prep_recv(b.fileno(), ctypes.addressof(cbuf), 10, user_data=RECV_ID)
        assert ring.submit() == 1
        assert ring.peek() is None  # nothing to receive: in flight
        try:
            yield ring, b
        finally:
            del cbuf


@needs_io_uring
def test_async_cancel_cancels_a_receive_in_flight():
    with _receive_in_flight() as (ring, _sock):
        ring.prep_cancel(RECV_ID, user_data=CANCEL_ID)
        assert ring.submit() == 1
        got = _completions(ring, 2)
    assert got == {RECV_ID: -errno.ECANCELED, CANCEL_ID: 0}


@needs_io_uring
def test_abort_receive_reaps_the_completion_before_the_buffer_may_go():
    with _receive_in_flight() as (ring, sock):
        assert abort_receive(sock, ring) is True


class _RingThatNeverCompletes:
    """A ring whose receive never completes, not even when cancelled (what abort_receive must survive)."""

    def __init__(self) -> None:
        self.cancelled: list[int] = []

    def prep_cancel(self, target: int, user_data: int = 0) -> None:
        self.cancelled.append(target)

    def submit(self) -> int:
        return 1

    def peek(self):
        return None


def test_abort_receive_says_so_when_no_completion_comes():
    a, b = socket.socketpair()
    with a, b:
        ring = _RingThatNeverCompletes()
        assert abort_receive(b, ring, timeout=0.05) is False
    assert ring.cancelled == [RECV_ID]


@needs_io_uring
def test_a_failed_io_uring_run_keeps_its_buffer_alive_until_the_ring_closes(monkeypatch):
    """The run gives up before any completion and the receive cannot be reaped: the ring holds the buffer."""
    held = []
    real_hold = asynchronous.IoUring.hold

    def hold(ring, obj):
        held.append((ring, obj))
        real_hold(ring, obj)

    monkeypatch.setattr(asynchronous.IoUring, "hold", hold)
    monkeypatch.setattr(asynchronous, "abort_receive", lambda sock, ring: False)
    monkeypatch.setattr(asynchronous, "COMPLETION_GRACE_S", -1.9)  # give up 0.1 s in, before the 2 s send
    with pytest.raises(RunError, match="no io_uring completion"):
        asynchronous.run(RunSpec(delay_ms=2000, size=4096, async_mechanism="io_uring"))
    assert len(held) == 1
    ring, buffer = held[0]
    assert isinstance(buffer, bytearray) and len(buffer) == 4096
    assert ring.fd == -1 and ring._held == []  # released only once the ring was closed
