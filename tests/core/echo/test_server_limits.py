"""Both echo servers at their limits: the connection cap, descriptors at and above FD_SETSIZE, 1500 idle
connections, EMFILE."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap

import pytest

from evsim.core.echo.events import Accepted, Refused
from evsim.core.echo.server import FD_SETSIZE

from .conftest import (
    ALL_SERVERS, SERVER_IDS, connect, events_of, occupy_fds_below, recv_all, recv_exactly, require_fds, wait_until,
)

# -- limits -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("style,backend", ALL_SERVERS, ids=SERVER_IDS)
def test_max_connections(make, style, backend):
    server = make(style, backend, max_connections=2)
    a, b = connect(server), connect(server)
    for s in (a, b):
        s.sendall(b"hi")
        assert recv_exactly(s, 2) == b"hi"
    c = connect(server)
    refused = wait_until(lambda: events_of(server, Refused), what="Refused")[0]
    assert refused.reason == "max connections"
    assert recv_all(c) == b""
    c.close()
    assert server.stats().refused == 1
    a.close()
    wait_until(lambda: server.stats().open == 1, what="one open")
    with connect(server) as d:
        d.sendall(b"in")
        assert recv_exactly(d, 2) == b"in"
    b.close()


@pytest.mark.parametrize("fd_wanted", [FD_SETSIZE, FD_SETSIZE + 7], ids=["fd1024", "fd1031"])
@pytest.mark.parametrize("style", ["selectors", "classic"])
def test_select_refuses_fds_from_fd_setsize_on(make, style, fd_wanted):
    """select() cannot watch descriptor FD_SETSIZE (1024) or above: such a connection is accepted and closed at
    once, fd 1024 exactly included, and the server goes on serving."""
    server = make(style, "select")
    c = socket.socket()  # made before the descriptors are taken: only the server's accept() needs one
    c.settimeout(10)
    hog = occupy_fds_below(fd_wanted)
    try:
        c.connect(server.address)  # the server's accept() gets descriptor fd_wanted
        refused = wait_until(lambda: events_of(server, Refused), timeout=5, what="Refused")[0]
        assert refused.fd == fd_wanted and refused.reason == "fd >= FD_SETSIZE"
        assert recv_all(c) == b""
    finally:
        for fd in hog:
            os.close(fd)
        c.close()
    assert server.running and not events_of(server, Accepted)
    with connect(server) as c:  # fds are low again: served
        c.sendall(b"low fd")
        assert recv_exactly(c, 6) == b"low fd"
    assert server.stats().refused == 1 and server.running


@pytest.mark.parametrize("backend", ["poll", "epoll"])
def test_scalable_backends_serve_fds_above_fd_setsize(make, backend):
    server = make("selectors", backend)
    c = socket.socket()
    c.settimeout(10)
    hog = occupy_fds_below(FD_SETSIZE)
    try:
        c.connect(server.address)
        c.sendall(b"high fd")
        assert recv_exactly(c, 7) == b"high fd"
        assert events_of(server, Accepted)[0].fd == FD_SETSIZE
        assert not events_of(server, Refused)
    finally:
        for fd in hog:
            os.close(fd)
        c.close()


@pytest.mark.parametrize("backend", ["poll", "epoll"])
def test_1500_idle_connections(make, backend):
    require_fds(2 * 1500 + 64)  # a client and a server socket per connection
    server = make("selectors", backend)
    socks = []
    try:
        for _ in range(1500):
            socks.append(socket.create_connection(server.address, timeout=10))
        wait_until(lambda: server.stats().open == 1500, timeout=20, what="1500 open")
        for s in (socks[0], socks[750], socks[-1]):
            s.sendall(b"alive")
            assert recv_exactly(s, 5) == b"alive"
        assert len(server.connections_snapshot()) == 1500
    finally:
        for s in socks:
            s.close()
    wait_until(lambda: server.stats().open == 0, timeout=20, what="all closed")
    assert server.stats().accepted == 1500


EMFILE_SCRIPT = textwrap.dedent("""
    import json, os, resource, socket, sys, time
    from evsim.core.echo import make_server
    from evsim.core.echo.events import Accepted, ListenerPaused, ListenerResumed
    from evsim.core.events import ListSink
    from evsim.core.stream.framesink import FrameListSink
    from evsim.core.metrics import ThreadCpuMeter

    def wait(pred, timeout=10):
        deadline = time.monotonic() + timeout
        while not pred():
            if time.monotonic() > deadline:
                raise SystemExit("timeout")
            time.sleep(0.005)

    style, backend = sys.argv[1], sys.argv[2]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
    sink = FrameListSink() if style == "selectors" else ListSink()  # (frames: the fused loop)
    fused = style != "selectors-textbook"
    server = make_server(style.split("-")[0], backend=backend, port=0, sink=sink,
                         **({} if style == "classic" else {"fused": fused}))
    server.start()
    clients = [socket.socket() for _ in range(3)]  # made before the descriptors run out
    hog = []
    try:
        while True:
            hog.append(os.open(os.devnull, os.O_RDONLY))
    except OSError:
        pass
    for c in clients:
        c.connect(server.address)  # the kernel completes the handshake; accept() fails with EMFILE
    wait(lambda: sink.of(ListenerPaused))
    meter = ThreadCpuMeter(server.thread)
    meter.start()
    wait(lambda: len(sink.of(ListenerPaused)) >= 5)  # five retries: about 0.4 s
    cpu = meter.total_percent()
    for fd in hog:
        os.close(fd)
    wait(lambda: len(sink.of(Accepted)) == 3)
    for c in clients:
        c.sendall(b"after")
        got = b""
        while len(got) < 5:
            got += c.recv(5)
        assert got == b"after", got
        c.close()
    server.stop()
    print(json.dumps({"cpu_percent": cpu, "paused": len(sink.of(ListenerPaused)),
                      "resumed": len(sink.of(ListenerResumed)),
                      "reason": sink.of(ListenerPaused)[0].reason, "retry_ms": sink.of(ListenerPaused)[0].retry_ms}))
""")


@pytest.mark.parametrize("style,backend", ALL_SERVERS, ids=SERVER_IDS)
def test_emfile_pauses_listener_without_spinning(style, backend):
    r = subprocess.run([sys.executable, "-c", EMFILE_SCRIPT, style, backend], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    out = json.loads(r.stdout)
    assert out["cpu_percent"] < 20, out  # a spinning loop would use ~100 %
    assert out["paused"] >= 5 and out["resumed"] >= 4
    assert out["reason"].startswith("EMFILE") and out["retry_ms"] == 100
