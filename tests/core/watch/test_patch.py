"""The patch layer on an unmodified program's calls: select/poll/epoll masks, selectors, asyncio, uninstall."""

from __future__ import annotations

import asyncio
import select
import selectors
import socket
import sys

import pytest

from evsim.core.events import ListSink
from evsim.core.watch import events as w
from evsim.core.watch import patch
from evsim.core.watch.objects import Watch


def _line() -> int:
    return sys._getframe(1).f_lineno


@pytest.fixture
def sink():
    s = ListSink()
    patch.install(Watch(s.emit))
    try:
        yield s
    finally:
        patch.uninstall()


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    yield a, b
    a.close()
    b.close()


def _ready(sink) -> list[tuple[int, int]]:
    return [(e.fd, e.mask) for e in sink.of(w.ReadyFd)]


def test_select_select_masks_and_fds(sink, pair):
    a, b = pair
    b.sendall(b"x")
    r, wl, x = select.select([a], [a, b], [], 1.0); here = _line()
    assert r == [a]
    (s,) = sink.of(w.Selected)
    assert (s.api, s.nfds, s.max_fd, s.timeout_us, s.nready, s.line) == (1, 2, max(a.fileno(), b.fileno()),
                                                                          1_000_000, 2, here)
    assert sorted(_ready(sink)) == sorted([(a.fileno(), 3), (b.fileno(), 2)])


def test_poll_masks_translated(sink, pair):
    a, b = pair
    p = select.poll()
    p.register(a, select.POLLIN); here = _line()
    p.modify(a, select.POLLIN | select.POLLOUT)
    b.sendall(b"x")
    got = p.poll(1000)
    assert got and got[0][0] == a.fileno()
    reg, = sink.of(w.Register)
    assert (reg.fd, reg.mask, reg.line) == (a.fileno(), 1, here)
    assert sink.of(w.Modify)[0].mask == 3
    (s,) = sink.of(w.Selected)
    assert (s.api, s.timeout_us, s.nfds) == (2, 1_000_000, 1)
    assert _ready(sink) == [(a.fileno(), 3)]
    p.unregister(a)
    assert sink.of(w.Unregister)[0].fd == a.fileno()


@pytest.mark.skipif(not hasattr(select, "epoll"), reason="Linux only")
def test_epoll_masks_translated(sink, pair):
    a, b = pair
    with select.epoll() as ep:
        ep.register(a.fileno(), select.EPOLLIN)
        b.close()  # the peer hangs up: EPOLLIN|EPOLLHUP... is readable (and writable, as selectors says)
        got = ep.poll(1.0)
    assert got
    (s,) = sink.of(w.Selected)
    assert (s.api, s.timeout_us) == (3, 1_000_000)
    (fd, mask), = _ready(sink)
    assert fd == a.fileno() and mask & selectors.EVENT_READ


@pytest.mark.parametrize("cls", patch.SELECTOR_CLASSES, ids=lambda c: c.__name__)
def test_every_selector_class_reports_once_per_select(sink, pair, cls):
    a, b = pair
    sel = cls()
    try:
        sel.register(a, selectors.EVENT_READ | selectors.EVENT_WRITE)
        b.sendall(b"x")
        ready = sel.select(1.0); here = _line()
    finally:
        sel.close()
    assert [m for _, m in ready] == [3]
    (s,) = sink.of(w.Selected)  # never also a select.select / poll / epoll Selected from inside
    assert (s.api, s.nfds, s.nready, s.line) == (4, 1, 1, here)
    assert _ready(sink) == [(a.fileno(), 3)]
    assert [e.fd for e in sink.of(w.Unregister)] == [a.fileno()]  # close reports what it still watched


def test_default_selector_is_watched(sink, pair):
    a, _ = pair
    with selectors.DefaultSelector() as sel:
        sel.register(a, selectors.EVENT_WRITE)
        sel.select(0)
    assert len(sink.of(w.Selected)) == 1 and _ready(sink) == [(a.fileno(), 2)]


def test_uninstall_restores_everything():
    before = (socket.socket.__dict__.get("recv"), socket.socket.accept, selectors.EpollSelector.select,
              select.select, select.poll, selectors.SelectSelector._select)
    s = ListSink()
    patch.install(Watch(s.emit))
    with pytest.raises(RuntimeError):
        patch.install(Watch(s.emit))
    assert socket.socket.__dict__.get("recv") is not None
    patch.uninstall()
    after = (socket.socket.__dict__.get("recv"), socket.socket.accept, selectors.EpollSelector.select,
             select.select, select.poll, selectors.SelectSelector._select)
    assert after == before and patch.installed() is None


def test_asyncio_echo_server_is_watched(sink):
    async def handle(reader, writer):
        data = await reader.read(100)
        writer.write(data)
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"ping")
        await writer.drain()
        got = await reader.read(100)
        writer.close()
        await writer.wait_closed()
        server.close()
        await server.wait_closed()
        return port, got

    port, got = asyncio.run(main())
    assert got == b"ping"
    (listen,) = sink.of(w.Listen)
    assert listen.port == port
    assert any(e.api == 4 for e in sink.of(w.Selected))
    (acc,) = [e for e in sink.of(w.Accept) if e.errno == 0]
    conn = acc.new_fd
    assert any(e.fd == conn and e.mask & 1 for e in sink.of(w.ReadyFd))
    assert any(e.fd == conn and e.nbytes == 4 for e in sink.of(w.Recv))
    assert any(e.fd == conn and e.nbytes == 4 for e in sink.of(w.Send))
    assert any(e.fd == conn for e in sink.of(w.Close))
    # the loop's own select() has no program line: an asyncio (stdlib) line stands for it
    files = {e.file_id: e.path for e in sink.of(w.SourceFile)}
    sel = sink.of(w.Selected)[0]
    assert "asyncio" in files[sel.file]
    # open_connection was awaited by this test's coroutine: its connect() is this file's line
    (conn_ev,) = sink.of(w.Connect)
    assert files[conn_ev.file] == __file__


def test_a_socket_dropped_without_close_is_reported_closed_by_the_collector(sink):
    import gc
    import os

    s = socket.socket()
    fd = s.fileno()
    del s
    gc.collect()
    closes = [e for e in sink.of(w.Close) if e.fd == fd]
    assert [(e.file, e.line) for e in closes] == [(0, 0)]
    with pytest.raises(OSError):
        os.fstat(fd)  # and it really was closed
