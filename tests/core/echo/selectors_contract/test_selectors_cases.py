"""CPython's Lib/test/test_selectors.py, the cases that apply to the selector backends EchoServer offers.

Adapted to pytest and parametrized over ``evsim.core.echo.server.BACKENDS`` (default, select, poll, epoll):
what the server relies on (register / unregister / modify, select with a timeout, unregistering a closed
fd, more than FD_SETSIZE descriptors on the scalable backends) is checked on the very classes it uses.
Timeouts are shortened (0.2 s instead of 1 s) and signal.alarm is replaced by a 50 ms interval timer.

These test the standard library, not evsim: they carry the ``selectors_contract`` marker (registered in
tests/conftest.py; run by default, ``-m 'not selectors_contract'`` leaves them out).
"""

from __future__ import annotations

import errno
import os
import random
import resource
import selectors
import signal
import socket
import tempfile
import time
import unittest.mock

import pytest

from evsim.core.echo.server import BACKENDS, FD_SETSIZE

from ..conftest import occupy_fds_below

pytestmark = pytest.mark.selectors_contract
SCALABLE = [name for name in ("poll", "epoll") if name in BACKENDS]


@pytest.fixture(params=sorted(BACKENDS), ids=sorted(BACKENDS))
def backend(request):
    return request.param


@pytest.fixture
def sel(backend):
    s = BACKENDS[backend]()
    yield s
    s.close()


@pytest.fixture
def pairs():
    """make() -> (rd, wr), a socketpair closed after the test."""
    made = []

    def make():
        rd, wr = socket.socketpair()
        made.extend((rd, wr))
        return rd, wr

    yield make
    for s in made:
        s.close()


def find_ready_matching(ready, flag):
    return [key.fileobj for key, events in ready if events & flag]


def test_register(sel, pairs):
    rd, wr = pairs()
    key = sel.register(rd, selectors.EVENT_READ, "data")
    assert isinstance(key, selectors.SelectorKey)
    assert key.fileobj == rd and key.fd == rd.fileno()
    assert key.events == selectors.EVENT_READ and key.data == "data"
    with pytest.raises(ValueError):  # an unknown event
        sel.register(0, 999999)
    with pytest.raises(ValueError):  # an invalid fd
        sel.register(-10, selectors.EVENT_READ)
    with pytest.raises(KeyError):  # twice
        sel.register(rd, selectors.EVENT_READ)
    with pytest.raises(KeyError):  # the same fd through another object
        sel.register(rd.fileno(), selectors.EVENT_READ)


def test_register_zero_events_is_an_error(sel, pairs):
    """Why the server never registers a connection with no interest: it must close it instead."""
    rd, _ = pairs()
    with pytest.raises(ValueError):
        sel.register(rd, 0)


def test_unregister(sel, pairs):
    rd, wr = pairs()
    sel.register(rd, selectors.EVENT_READ)
    sel.unregister(rd)
    with pytest.raises(KeyError):
        sel.unregister(999999)
    with pytest.raises(KeyError):
        sel.unregister(rd)


def test_unregister_after_fd_close(sel, pairs):
    rd, wr = pairs()
    r, w = rd.fileno(), wr.fileno()
    kr = sel.register(r, selectors.EVENT_READ)
    kw = sel.register(w, selectors.EVENT_WRITE)
    rd.close()
    wr.close()
    assert sel.unregister(r) == kr and sel.unregister(w) == kw  # the keys as registered
    assert len(sel.get_map()) == 0
    with pytest.raises(KeyError):
        sel.get_key(r)


def test_unregister_after_fd_close_and_reuse(sel, pairs):
    rd, wr = pairs()
    r, w = rd.fileno(), wr.fileno()
    kr = sel.register(r, selectors.EVENT_READ, "old")
    kw = sel.register(w, selectors.EVENT_WRITE, "old")
    rd2, wr2 = pairs()
    rd.close()
    wr.close()
    os.dup2(rd2.fileno(), r)
    os.dup2(wr2.fileno(), w)
    try:
        assert sel.unregister(r) == kr and sel.unregister(w) == kw
        assert len(sel.get_map()) == 0
        # the numbers now name other sockets: they register afresh, and the selector reports them
        new = sel.register(w, selectors.EVENT_WRITE, "new")
        assert new.data == "new" and sel.select(0) == [(new, selectors.EVENT_WRITE)]
        sel.unregister(w)
    finally:
        os.close(r)
        os.close(w)


def test_unregister_after_socket_close(sel, pairs):
    rd, wr = pairs()
    r = rd.fileno()
    kr = sel.register(rd, selectors.EVENT_READ)
    kw = sel.register(wr, selectors.EVENT_WRITE)
    rd.close()
    wr.close()
    assert rd.fileno() == -1  # the object no longer knows its number; the selector finds it by identity
    k = sel.unregister(rd)
    assert k == kr and k.fd == r and k.fileobj is rd
    assert sel.unregister(wr) == kw
    assert len(sel.get_map()) == 0


def test_modify(sel, pairs):
    rd, wr = pairs()
    key = sel.register(rd, selectors.EVENT_READ)
    key2 = sel.modify(rd, selectors.EVENT_WRITE)  # events
    assert key.events != key2.events
    assert key2 == sel.get_key(rd)
    sel.unregister(rd)
    d1, d2 = object(), object()  # data
    key = sel.register(rd, selectors.EVENT_READ, d1)
    key2 = sel.modify(rd, selectors.EVENT_READ, d2)
    assert key.events == key2.events and key.data != key2.data
    assert key2 == sel.get_key(rd) and key2.data is d2
    with pytest.raises(KeyError):  # unknown file object
        sel.modify(999999, selectors.EVENT_READ)
    # modify uses a shortcut: no unregister + register
    d3 = object()
    sel.register = unittest.mock.Mock()
    sel.unregister = unittest.mock.Mock()
    sel.modify(rd, selectors.EVENT_READ, d3)
    assert not sel.register.called and not sel.unregister.called


@pytest.mark.parametrize("name", SCALABLE)
def test_modify_unregister(name, pairs):
    """bpo-30014: a failing modify() must leave the fd unregistered."""
    cls = BACKENDS[name]
    with unittest.mock.patch.object(cls, "_selector_cls") as m:
        m.return_value.modify = unittest.mock.Mock(side_effect=ZeroDivisionError)
        s = cls()
        try:
            rd, wr = pairs()
            s.register(rd, selectors.EVENT_READ)
            assert len(s._map) == 1
            with pytest.raises(ZeroDivisionError):
                s.modify(rd, selectors.EVENT_WRITE)
            assert len(s._map) == 0
        finally:
            s.close()


def test_close(backend, pairs):
    s = BACKENDS[backend]()
    mapping = s.get_map()
    rd, wr = pairs()
    s.register(rd, selectors.EVENT_READ)
    s.register(wr, selectors.EVENT_WRITE)
    s.close()
    with pytest.raises(RuntimeError):
        s.get_key(rd)
    with pytest.raises(RuntimeError):
        s.get_key(wr)
    with pytest.raises(KeyError):
        mapping[rd]
    assert mapping.get(rd) is None and mapping.get(wr) is None


def test_get_key(sel, pairs):
    rd, wr = pairs()
    key = sel.register(rd, selectors.EVENT_READ, "data")
    assert key == sel.get_key(rd)
    with pytest.raises(KeyError):
        sel.get_key(999999)


def test_get_map(sel, pairs):
    rd, wr = pairs()
    sentinel = object()
    keys = sel.get_map()
    assert not keys and len(keys) == 0 and list(keys) == []
    key = sel.register(rd, selectors.EVENT_READ, "data")
    assert rd in keys
    assert keys.get(rd) == key
    assert keys.get(wr) is None and keys.get(wr, sentinel) is sentinel  # not registered
    assert key == keys[rd] and len(keys) == 1
    assert list(keys) == [rd.fileno()] and list(keys.values()) == [key]
    with pytest.raises(KeyError):
        keys[999999]
    with pytest.raises(TypeError):  # read-only
        del keys[rd]


def test_select(sel, pairs):
    rd, wr = pairs()
    sel.register(rd, selectors.EVENT_READ)
    wr_key = sel.register(wr, selectors.EVENT_WRITE)
    result = sel.select()
    for key, events in result:
        assert isinstance(key, selectors.SelectorKey)
        assert events and not events & ~(selectors.EVENT_READ | selectors.EVENT_WRITE)
    assert result == [(wr_key, selectors.EVENT_WRITE)]


def test_context_manager(backend, pairs):
    s = BACKENDS[backend]()
    rd, wr = pairs()
    with s as sel:
        sel.register(rd, selectors.EVENT_READ)
        sel.register(wr, selectors.EVENT_WRITE)
    with pytest.raises(RuntimeError):
        s.get_key(rd)
    with pytest.raises(RuntimeError):
        s.get_key(wr)


def test_fileno(backend):
    """Only the selectors backed by a kernel object (epoll) have a descriptor of their own, closed with them."""
    s = BACKENDS[backend]()
    try:
        own = isinstance(s, selectors.EpollSelector)
        assert hasattr(s, "fileno") == own
        if own:
            fd = s.fileno()
            assert isinstance(fd, int) and fd >= 0
            os.fstat(fd)  # open
    finally:
        s.close()
    if own:
        with pytest.raises(OSError):
            os.fstat(fd)


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
