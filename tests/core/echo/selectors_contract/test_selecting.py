"""The selectors contract (selecting: readiness, timeouts, signals, FD_SETSIZE); see this package's docstring."""

from __future__ import annotations

import errno
import os
import random
import resource
import selectors
import signal
import tempfile
import time

import pytest

from evsim.core.echo.server import BACKENDS, FD_SETSIZE

from ..conftest import occupy_fds_below
from .conftest import SCALABLE

pytestmark = pytest.mark.selectors_contract


def find_ready_matching(ready, flag):
    return [key.fileobj for key, events in ready if events & flag]


def test_selector(sel, pairs):
    NUM_SOCKETS = 12
    MSG = b" This is a test."
    readers, writers, r2w, w2r = [], [], {}, {}
    for _ in range(NUM_SOCKETS):
        rd, wr = pairs()
        sel.register(rd, selectors.EVENT_READ)
        sel.register(wr, selectors.EVENT_WRITE)
        readers.append(rd)
        writers.append(wr)
        r2w[rd] = wr
        w2r[wr] = rd
    bufs = []
    while writers:
        ready = sel.select()
        ready_writers = find_ready_matching(ready, selectors.EVENT_WRITE)
        assert ready_writers, "no sockets ready for writing"
        wr = random.choice(ready_writers)
        wr.send(MSG)
        for _ in range(10):
            ready = sel.select(0.1)  # the read end may be reported a moment after the write
            ready_readers = find_ready_matching(ready, selectors.EVENT_READ)
            if ready_readers:
                break
        else:
            pytest.fail("no sockets ready for reading")
        assert ready_readers == [w2r[wr]]
        rd = ready_readers[0]
        buf = rd.recv(len(MSG))
        assert buf == MSG
        bufs.append(buf)
        sel.unregister(r2w[rd])
        sel.unregister(rd)
        writers.remove(r2w[rd])
    assert bufs == [MSG] * NUM_SOCKETS


def test_empty_select(sel):
    """bpo-23009: select() with nothing registered works (and honours the timeout)."""
    assert sel.select(timeout=0) == []
    t0 = time.monotonic()
    assert sel.select(timeout=0.1) == []
    assert time.monotonic() - t0 >= 0.08


def test_timeout(sel, pairs):
    rd, wr = pairs()
    sel.register(wr, selectors.EVENT_WRITE)
    t = time.monotonic()
    assert len(sel.select(0)) == 1
    assert len(sel.select(-1)) == 1
    assert time.monotonic() - t < 0.5
    sel.unregister(wr)
    sel.register(rd, selectors.EVENT_READ)
    t = time.monotonic()
    assert not sel.select(0)
    assert not sel.select(-1)
    assert time.monotonic() - t < 0.5
    t0 = time.monotonic()
    assert not sel.select(0.2)
    dt = time.monotonic() - t0
    assert 0.15 <= dt <= 2.0, dt  # generous upper bound for slow machines, as in CPython


def _interval_timer(handler):
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    return old


def test_select_interrupt_exc(sel, pairs):
    rd, wr = pairs()

    class InterruptSelect(Exception):
        pass

    def handler(*args):
        raise InterruptSelect

    old = _interval_timer(handler)
    try:
        sel.register(rd, selectors.EVENT_READ)
        t = time.monotonic()
        with pytest.raises(InterruptSelect):  # a signal handler that raises interrupts select()
            sel.select(30)
        assert time.monotonic() - t < 5.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_select_interrupt_noraise(sel, pairs):
    """PEP 475: a handler that returns makes select() retry with the remaining timeout."""
    rd, wr = pairs()
    old = _interval_timer(lambda *args: None)
    try:
        sel.register(rd, selectors.EVENT_READ)
        t = time.monotonic()
        assert not sel.select(0.3)
        assert time.monotonic() - t >= 0.25
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("name", SCALABLE)
def test_above_fd_setsize(name, pairs):
    """A scalable selector has no problem with more than FD_SETSIZE descriptors (CPython tries the hard
    limit; 4096 is enough to be well above FD_SETSIZE and keeps the test quick)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    num_fds = min(soft, 4096) - 32
    if num_fds <= FD_SETSIZE + 64:
        pytest.skip(f"RLIMIT_NOFILE too low ({soft})")
    s = BACKENDS[name]()
    try:
        for _ in range(num_fds // 2):
            try:
                rd, wr = pairs()
            except OSError:
                pytest.skip("FD limit reached")
            try:
                s.register(rd, selectors.EVENT_READ)
                s.register(wr, selectors.EVENT_WRITE)
            except OSError as e:
                if e.errno == errno.ENOSPC:  # epoll over fs.epoll.max_user_watches
                    pytest.skip("FD limit reached")
                raise
        assert max(k.fd for k in s.get_map().values()) > FD_SETSIZE
        assert len(s.select()) == num_fds // 2
    finally:
        s.close()


def test_select_backend_cannot_watch_fd_setsize(pairs):
    """Why the server refuses connections whose fd >= FD_SETSIZE on the select backend: select() raises,
    from descriptor FD_SETSIZE exactly."""
    hog = occupy_fds_below(FD_SETSIZE)
    try:
        rd, wr = pairs()
        assert rd.fileno() == FD_SETSIZE
        s = BACKENDS["select"]()
        try:
            s.register(rd, selectors.EVENT_READ)
            with pytest.raises(ValueError):
                s.select(0)
        finally:
            s.close()
    finally:
        for fd in hog:
            os.close(fd)


@pytest.mark.skipif("epoll" not in BACKENDS, reason="no epoll")
def test_register_file_epoll():
    """epoll(7) returns EPERM when given a regular file to watch; the key is not kept."""
    s = BACKENDS["epoll"]()
    try:
        with tempfile.NamedTemporaryFile() as f:
            with pytest.raises(IOError):
                s.register(f, selectors.EVENT_READ)
            with pytest.raises(KeyError):
                s.get_key(f)
    finally:
        s.close()
