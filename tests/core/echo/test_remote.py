"""The echo server in its own process, watched through its event stream (no Qt)."""

from __future__ import annotations

import os
import signal
import socket
import time

import pytest

from evsim.core.echo import events as ev
from evsim.core.echo.calls import EchoCalls
from evsim.core.echo.remote import RemoteServer
from evsim.core.echo.scene import SocketScene
from evsim.core.stream import Dropped, SnapshotBegin, SnapshotEnd
from tests.waiting import drain_until

@pytest.fixture
def server():
    made: list[RemoteServer] = []

    def make(**kw) -> RemoteServer:
        srv = RemoteServer(port=0, **kw)
        srv.start()
        made.append(srv)
        return srv

    yield make
    for srv in made:
        srv.stop()


def test_echoes_in_its_own_process_and_reports_every_step(server):
    srv = server()
    events: list = []
    events += drain_until(srv, lambda _got: srv.listening)
    assert srv.pid != os.getpid()
    with socket.create_connection(srv.address, timeout=5) as c:
        c.sendall(b"hello\n")
        assert c.recv(64) == b"hello\n"
    events += drain_until(srv, lambda got: any(type(e) is ev.Closed for e in got))
    kinds = [type(e) for e in EchoCalls().translate(events)]  # the watched calls as the echo kinds
    for k in (ev.Listening, ev.Accepted, ev.Ready, ev.Received, ev.Sent, ev.HalfClosed, ev.Closed):
        assert k in kinds
    assert kinds.index(ev.Accepted) < kinds.index(ev.Received) < kinds.index(ev.Sent) < kinds.index(ev.Closed)
    events += drain_until(srv, lambda _got: srv.counters is not None and srv.counters.closed == 1)
    assert srv.counters.bytes_in == srv.counters.bytes_out == 6  # the server's exact totals
    t0 = time.monotonic()
    srv.stop()
    assert time.monotonic() - t0 < 0.5 and srv.proc.poll() == 0 and srv.end_reason() is None


def test_a_port_in_use_is_one_clear_message(server):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        srv = RemoteServer(port=holder.getsockname()[1])
        srv.start()
        try:
            drain_until(srv, lambda _got: srv.ended)
        finally:
            srv.stop()
    assert srv.failed is not None and srv.failed.error == "EADDRINUSE"
    assert srv.end_reason() == srv.failed.message and "already in use" in srv.failed.message
    assert srv.proc.poll() == 2


def test_a_killed_server_says_so(server):
    srv = server()
    drain_until(srv, lambda _got: srv.listening)
    os.kill(srv.pid, signal.SIGKILL)
    drain_until(srv, lambda _got: srv.ended)
    assert srv.end_reason() == "the server process was killed (SIGKILL)"


def test_a_snapshot_describes_the_open_connections(server):
    srv = server()
    drain_until(srv, lambda _got: srv.listening)
    conns = [socket.create_connection(srv.address, timeout=5) for _ in range(5)]
    try:
        drain_until(srv, lambda _got: srv.counters is not None and srv.counters.open == 5)
        srv.request_snapshot()
        got: list = []
        got += drain_until(srv, lambda got: any(type(e) is SnapshotEnd for e in got))
        begin = next(i for i, e in enumerate(got) if type(e) is SnapshotBegin)
        states = [e for e in got[begin:] if type(e) is ev.ConnectionState]
        assert got[begin].connections == 5 and len(states) == 5
        local = {"%s:%d" % c.getsockname()[:2] for c in conns}
        assert {s.peer for s in states} == local and {s.state for s in states} == {"open"}
    finally:
        for c in conns:
            c.close()


def test_after_lost_events_the_scene_is_right_again(server):
    """The window falls behind (nobody reads): events are dropped and counted in the stream, and a snapshot
    follows that puts the scene right, so a connection whose Accepted was lost is still on the map."""
    srv = server(extra_args=("--stream-capacity", "600", "--stream-sndbuf", "2048"))
    scene = SocketScene()
    drain_until(srv, lambda _got: srv.listening)
    conns = [socket.create_connection(srv.address, timeout=5) for _ in range(60)]
    try:
        for c in conns[:20]:  # and some traffic
            c.sendall(b"x" * 100)
            c.recv(100)
        time.sleep(0.3)  # meanwhile the window reads nothing
        got: list = []
        got += drain_until(srv, lambda got: srv.dropped > 0 and any(type(e) is SnapshotEnd for e in got),
                           timeout=15)
        assert sum(e.count for e in got if type(e) is Dropped) == srv.dropped > 0
        scene.apply(got)
        assert scene.open_count == 60
        assert {n.fd for n in scene.nodes.values() if not n.ended} == {
            e.fd for e in got if type(e) is ev.ConnectionState}
    finally:
        for c in conns:
            c.close()


def _wakeups(pid: int) -> int:
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/status") as f:
            for line in f:
                if line.startswith("voluntary_ctxt_switches:"):
                    total += int(line.split()[1])
    return total


def test_an_idle_server_process_sleeps(server):
    """Once the events of an echo went out (the stream served, the counters sent), the loop waits in select()
    with no timeout: the process wakes up only for its command reader's slow tick (10 a second)."""
    srv = server()
    drain_until(srv, lambda _got: srv.listening)
    with socket.create_connection(srv.address, timeout=5) as c:
        c.sendall(b"x")
        assert c.recv(8) == b"x"
    drain_until(srv, lambda _got: srv.counters is not None and srv.counters.closed == 1)
    time.sleep(0.3)  # (the last service and counters)
    before = _wakeups(srv.pid)
    time.sleep(1.0)
    assert _wakeups(srv.pid) - before <= 25  # a loop serving its stream every 5 ms would wake 200 times
