"""Kernel queues sampled with SIOCINQ/SIOCOUTQ on real sockets; the --events printer's lines."""

from __future__ import annotations

import socket
import sys

import pytest

from evsim.core.events import ListSink, materialize
from evsim.core.stream import Dropped
from evsim.core.watch import events as w
from evsim.core.watch.queues import QueueSampler, read_queues
from evsim.core.watch.text import EventPrinter, format_watch_event
from tests.waiting import wait_until

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIOCINQ/SIOCOUTQ are Linux's")


@pytest.fixture
def tcp_pair():
    lst = socket.create_server(("127.0.0.1", 0))
    a = socket.create_connection(lst.getsockname())
    b, _ = lst.accept()
    yield a, b
    for s in (a, b, lst):
        s.close()


def test_receive_queue_is_what_arrived_unread(tcp_pair):
    a, b = tcp_pair
    b.sendall(b"x" * 1000)
    wait_until(lambda: read_queues(a.fileno())[0] == 1000, 5, what="1000 bytes in a's receive queue")
    sink = ListSink()
    sampler = QueueSampler({a.fileno(): None, b.fileno(): None}, sink.emit)
    sampler.sample()
    got = {e.fd: (e.recv_q, e.send_q) for e in sink.of(w.KernelQueues)}
    assert got[a.fileno()] == (1000, 0)
    sampler.sample()  # nothing changed: nothing emitted
    assert len(sink.of(w.KernelQueues)) == 2
    assert a.recv(4096) == b"x" * 1000
    sampler.sample()
    last = sink.of(w.KernelQueues)[-1]
    assert (last.fd, last.recv_q) == (a.fileno(), 0)


def test_not_a_socket_or_listening_has_no_queues(tcp_pair):
    lst = socket.create_server(("127.0.0.1", 0))
    try:
        assert read_queues(lst.fileno()) is None
    finally:
        lst.close()
    assert read_queues(10**6) is None  # no such fd


def test_sampler_thread_starts_and_stops(tcp_pair):
    a, b = tcp_pair
    b.sendall(b"yz")
    sink = ListSink()
    sampler = QueueSampler({a.fileno(): None}, sink.emit, interval=0.01)
    sampler.start()
    try:
        wait_until(lambda: sink.of(w.KernelQueues), 5, what="a sample from the thread")
    finally:
        sampler.stop()
    assert not sampler._thread.is_alive()


def _events():
    return [
        w.SourceFile(1_000, 3, "/home/u/srv.py"),
        w.ReadyFd(2_000_000, 7, 3, 3, 30),
        w.Send(3_500_000, 7, -1, 20, 11, 3, 44),
        w.Selected(4_000_000, 4, 2, 7, -1, 50, 1, 3, 30),
        w.KernelQueues(5_000_000, 7, 10, 0),
        w.ProgramExited(6_000_000, 0, ""),
    ]


def test_lines():
    files = {3: "/home/u/srv.py"}
    lines = [format_watch_event(e, 1_000_000, files) for e in _events()]
    assert lines[1] == "evsim: 0.001000 ready fd=7 mask=READ|WRITE at=srv.py:30"
    assert lines[2] == "evsim: 0.002500 send fd=7 nbytes=-1 offered=20 errno=EAGAIN at=srv.py:44"
    assert lines[3] == ("evsim: 0.003000 select api=selector.select nfds=2 max_fd=7 timeout_us=-1 wait_ns=50 "
                        "nready=1 at=srv.py:30")
    assert lines[4] == "evsim: 0.004000 queues fd=7 recv_q=10 send_q=0"
    assert lines[5] == "evsim: 0.005000 exit status=0"
    assert format_watch_event(Dropped(0, 5), 0, files) is None


class _Diag:
    """A stand-in Diagnoser: warns on every failed send."""

    def feed(self, ev):
        return [w.Diagnosis(ev.t_ns, "partial-send", ev.fd, "offered=20", "lost", ev.file, ev.line)] \
            if type(ev) is w.Send and ev.nbytes < ev.offered else []


def test_printer_feeds_the_diagnoser_and_prints_its_warnings():
    out: list[str] = []
    p = EventPrinter(out.append, 1_000_000, events=False, diagnoser=_Diag(),
                     format_warning=lambda d, files: f"evsim: warning [{d.code}] fd={d.fd} at={files[d.file]}")
    p.feed(_events() + [Dropped(7_000_000, 4)])
    text = "".join(out).splitlines()
    assert text == ["evsim: warning [partial-send] fd=7 at=/home/u/srv.py",
                    "evsim: (4 events dropped by the producer: the consumer did not keep up)"]
    assert p.warnings == 1
    out.clear()
    p.events = True
    p.feed([materialize(ev) for ev in _events()[1:3]])
    assert "".join(out).splitlines()[-1].startswith("evsim: warning [partial-send]")


def test_a_record_prints_as_its_event():
    from dataclasses import astuple

    out_rec: list[str] = []
    out_ev: list[str] = []
    evs = _events() + [w.Held(5_500_000, 4, 7, 20, 2, 3, 44), w.Accept(5_600_000, 3, -1, "", 24, 3, 22),
                       w.Diagnosis(5_700_000, "eof-spin", 7, "reads=3", "spins\n", 3, 30)]
    EventPrinter(out_rec.append, 0).feed([(type(e), *astuple(e)) for e in evs])
    EventPrinter(out_ev.append, 0).feed(evs)
    assert out_rec == out_ev
    text = out_ev[0]
    assert "held fd=7 call=send nbytes=20 iteration=2 at=srv.py:44" in text
    assert "accept fd=3 new_fd=-1 peer= errno=EMFILE at=srv.py:22" in text
    assert "message=spins\\n at=srv.py:30" in text  # a newline in a string field never breaks the line
