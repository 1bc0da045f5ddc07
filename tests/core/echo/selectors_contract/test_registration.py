"""The selectors contract (registering, modifying, unregistering, the selector's map); see this package's docstring."""

from __future__ import annotations

import os
import selectors
import unittest.mock

import pytest

from evsim.core.echo.server import BACKENDS

from .conftest import SCALABLE

pytestmark = pytest.mark.selectors_contract


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
