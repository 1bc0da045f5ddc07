"""The wrapped selector and sockets on real loopback sockets: events, source lines, errno, re-raised errors."""

from __future__ import annotations

import errno
import selectors
import socket
import sys

import pytest

from evsim.core.events import ListSink
from evsim.core.watch import events as w
from evsim.core.watch.objects import Watch


def _line() -> int:
    return sys._getframe(1).f_lineno


@pytest.fixture
def watched():
    sink = ListSink()
    watch = Watch(sink.emit)
    opened = []
    yield sink, watch, opened
    for s in opened:
        s.close()


def _listener(watch, opened):
    raw = socket.socket()
    raw.bind(("127.0.0.1", 0))
    lst = watch.socket(raw)
    opened.append(raw)
    return lst


def test_socket_calls_report_their_line_and_result(watched):
    sink, watch, opened = watched
    lst = _listener(watch, opened)
    lst.listen(8); l_listen = _line()
    client = socket.create_connection(lst.getsockname())
    opened.append(client)
    conn, addr = lst.accept(); l_accept = _line()
    opened.append(conn.sock)
    client.sendall(b"hello")
    data = conn.recv(100); l_recv = _line()
    n = conn.send(b"echo:" + data); l_send = _line()
    conn.shutdown(socket.SHUT_WR); l_shut = _line()
    fd = conn.fileno()
    conn.close(); l_close = _line()

    assert data == b"hello" and n == 10
    files = {e.file_id: e.path for e in sink.of(w.SourceFile)}
    assert list(files.values()) == [__file__]
    fid = next(iter(files))
    (listen,) = sink.of(w.Listen)
    assert (listen.fd, listen.port, listen.backlog, listen.file, listen.line) == (
        lst.fileno(), lst.getsockname()[1], 8, fid, l_listen)
    (acc,) = sink.of(w.Accept)
    assert (acc.fd, acc.new_fd, acc.peer, acc.errno, acc.line) == (lst.fileno(), fd, f"{addr[0]}:{addr[1]}", 0,
                                                                    l_accept)
    (rv,) = sink.of(w.Recv)
    assert (rv.fd, rv.nbytes, rv.requested, rv.errno, rv.line) == (fd, 5, 100, 0, l_recv)
    (sd,) = sink.of(w.Send)
    assert (sd.fd, sd.nbytes, sd.offered, sd.errno, sd.line) == (fd, 10, 10, 0, l_send)
    (sh,) = sink.of(w.Shutdown)
    assert (sh.fd, sh.how, sh.line) == (fd, socket.SHUT_WR, l_shut)
    (cl,) = sink.of(w.Close)
    assert (cl.fd, cl.line) == (fd, l_close)
    # the SourceFile came before the first event that uses its id
    assert type(sink.events[0]) is w.SourceFile
    assert fd not in watch.live


def test_failed_calls_carry_errno_and_reraise_the_same_exception(watched):
    sink, watch, opened = watched
    lst = _listener(watch, opened)
    lst.listen()
    lst.setblocking(False)
    with pytest.raises(BlockingIOError) as info:
        lst.accept()
    l_acc = _line() - 1
    (acc,) = sink.of(w.Accept)
    assert (acc.new_fd, acc.errno, acc.line) == (-1, errno.EAGAIN, l_acc)
    assert info.value.errno == errno.EAGAIN

    client = socket.create_connection(lst.getsockname())
    opened.append(client)
    lst.setblocking(True)
    conn, _ = lst.accept()
    opened.append(conn.sock)
    conn.setblocking(False)
    with pytest.raises(BlockingIOError):
        conn.recv(10)
    rv = sink.of(w.Recv)[-1]
    assert (rv.nbytes, rv.errno) == (-1, errno.EAGAIN)

    # a reset: the peer closes with unread data pending and SO_LINGER 0
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    client.close()
    conn.setblocking(True)
    with pytest.raises(ConnectionResetError):
        conn.recv(10)
    assert sink.of(w.Recv)[-1].errno == errno.ECONNRESET
    with pytest.raises(OSError) as info2:
        conn.send(b"x" * 10)
    se = sink.of(w.Send)[-1]
    assert (se.nbytes, se.offered, se.errno) == (-1, 10, info2.value.errno)


def test_recv_into_and_end_of_file(watched):
    sink, watch, opened = watched
    a, b = socket.socketpair()
    opened += [a, b]
    wa = watch.socket(a)
    b.sendall(b"abc")
    buf = bytearray(16)
    assert wa.recv_into(buf) == 3; l_into = _line()
    b.shutdown(socket.SHUT_WR)
    assert wa.recv(5) == b""
    wa.sendall(b"xyz"); l_all = _line()
    r1, r2 = sink.of(w.Recv)
    assert (r1.nbytes, r1.requested, r1.line) == (3, 16, l_into)
    assert (r2.nbytes, r2.errno) == (0, 0)
    (s,) = sink.of(w.Send)
    assert (s.nbytes, s.offered, s.line) == (3, 3, l_all)


def test_selector_reports_register_select_ready_with_masks(watched):
    sink, watch, opened = watched
    a, b = socket.socketpair()
    opened += [a, b]
    sel = watch.selector(selectors.DefaultSelector())
    sel.register(a, selectors.EVENT_READ, "data"); l_reg = _line()
    sel.modify(a, selectors.EVENT_READ | selectors.EVENT_WRITE); l_mod = _line()
    b.sendall(b"x")
    ready = sel.select(1.0); l_sel = _line()
    sel.unregister(a); l_unreg = _line()
    sel.close()
    assert [(k.fd, m) for k, m in ready] == [(a.fileno(), 3)]
    (reg,) = sink.of(w.Register)
    assert (reg.fd, reg.mask, reg.line) == (a.fileno(), 1, l_reg)
    (mod,) = sink.of(w.Modify)
    assert (mod.fd, mod.mask, mod.line) == (a.fileno(), 3, l_mod)
    (s,) = sink.of(w.Selected)
    assert (s.api, s.nfds, s.max_fd, s.timeout_us, s.nready, s.line) == (4, 1, a.fileno(), 1_000_000, 1, l_sel)
    assert s.wait_ns >= 0
    (r,) = sink.of(w.ReadyFd)
    assert (r.fd, r.mask, r.line, r.t_ns) == (a.fileno(), 3, l_sel, s.t_ns)
    assert [e.line for e in sink.of(w.Unregister)] == [l_unreg]


def test_select_selector_modify_is_one_event(watched):
    # SelectSelector's modify is unregister + register inside selectors: still one Modify, nothing else
    sink, watch, opened = watched
    a, b = socket.socketpair()
    opened += [a, b]
    sel = watch.selector(selectors.SelectSelector())
    sel.register(a, selectors.EVENT_READ)
    sel.modify(a, selectors.EVENT_WRITE)
    kinds = [type(e) for e in sink.events if type(e) is not w.SourceFile]
    assert kinds == [w.Register, w.Modify]
    sel.close()


class _Gate:
    """A recording stand-in for the step gate (evsim.core.watch.gate.Gate: same hold signature)."""

    def __init__(self) -> None:
        self.active = True
        self.holds: list[tuple] = []

    def hold(self, call, fd, nbytes, file, line) -> None:
        self.holds.append((w.CALL_NAMES[call], fd, nbytes, line))


def test_gate_holds_before_each_call_and_before_dispatch():
    sink = ListSink()
    gate = _Gate()
    watch = Watch(sink.emit, gate)
    a, b = socket.socketpair()
    try:
        sel = watch.selector(selectors.DefaultSelector())
        wa = watch.socket(a)
        sel.register(wa, selectors.EVENT_READ); l1 = _line()
        b.sendall(b"hi")
        sel.select(); l2 = _line()
        wa.recv(10); l3 = _line()
        wa.send(b"hey"); l4 = _line()
        gate.active = False
        wa.send(b"not held")
        sel.close()
    finally:
        a.close()
        b.close()
    fd = a.fileno() if a.fileno() >= 0 else None
    assert [h[0] for h in gate.holds] == ["register", "select", "dispatch", "recv", "send"]
    assert [h[3] for h in gate.holds] == [l1, l2, l2, l3, l4]
    assert gate.holds[2][1] == gate.holds[3][1] != -1 and fd is None
    assert gate.holds[4][2] == 3
