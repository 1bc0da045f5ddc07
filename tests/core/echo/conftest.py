"""Fixtures for the echo server tests: servers on 127.0.0.1 port 0, always stopped; waiting on conditions."""

from __future__ import annotations

import os
import resource
import socket
import time

import pytest

from evsim.core.echo import make_server
from evsim.core.echo.calls import EchoCalls
from evsim.core.echo.events import Accepted, Closed
from evsim.core.events import ListSink
from evsim.core.stream.framesink import FrameListSink
from tests.waiting import wait_until  # noqa: F401 - re-exported to the echo tests

#: (style, backend) of every server the lab offers.  "selectors" runs its fused loop (its sink takes frames, as
#: the event stream does); "selectors-textbook" always runs the textbook loop on the watch (a sink without frames).
ALL_SERVERS = [
    ("selectors", "default"), ("selectors", "select"), ("selectors", "poll"), ("selectors", "epoll"),
    ("selectors-textbook", "default"), ("classic", "select"),
]
SERVER_IDS = [f"{s}-{b}" for s, b in ALL_SERVERS]


def server_kwargs(style: str, backend: str) -> dict:
    """make_server() keywords for one of ALL_SERVERS, with its sink (a FrameListSink for the fused loop)."""
    if style == "selectors-textbook":
        return {"style": "selectors", "backend": backend, "sink": ListSink(), "fused": False}
    return {"style": style, "backend": backend, "sink": FrameListSink() if style == "selectors" else ListSink()}


def open_fd_count() -> int:
    return len(os.listdir("/proc/self/fd")) - 1  # listdir holds one open while it reads


def require_fds(n: int) -> None:
    """Skip the calling test, saying why, unless this process may open ``n`` more descriptors.

    The session raised its soft RLIMIT_NOFILE as far as the hard limit allows (tests/conftest.py), so a skip
    here means the hard limit is too low: raise it (``ulimit -Hn``, or ``nofile`` in limits.conf) to run it.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    in_use = open_fd_count()
    if soft != resource.RLIM_INFINITY and soft - in_use < n:
        pytest.skip(f"needs {n} more file descriptors: RLIMIT_NOFILE soft {soft}, hard "
                    f"{'unlimited' if hard == resource.RLIM_INFINITY else hard}, {in_use} in use")


def occupy_fds_below(n: int) -> list[int]:
    """Open /dev/null on every free descriptor below ``n``, so the next descriptor this process gets is ``n``.

    Only ``os.open`` is used (it takes the lowest free descriptor and never replaces one another thread holds).
    The caller closes the returned descriptors.
    """
    require_fds(n - open_fd_count() + 16)
    fds: list[int] = []
    try:
        while True:
            fd = os.open(os.devnull, os.O_RDONLY)
            if fd >= n:
                os.close(fd)
                assert fd == n, f"descriptor {n} is already in use: cannot make it the next one"
                return fds
            fds.append(fd)
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


def recv_exactly(sock: socket.socket, n: int, timeout: float = 10.0) -> bytes:
    sock.settimeout(timeout)
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(1 << 20, n - len(buf)))
        if not chunk:
            break
        buf += chunk
    return bytes(buf)


def recv_all(sock: socket.socket, timeout: float = 10.0) -> bytes:
    sock.settimeout(timeout)
    buf = bytearray()
    while True:
        chunk = sock.recv(1 << 20)
        if not chunk:
            return bytes(buf)
        buf += chunk


@pytest.fixture
def make():
    """make(style, backend, **kw) -> a started server (a list sink at ``server.sink``); all stopped after."""
    servers = []

    def _make(style: str = "selectors", backend: str = "default", start: bool = True, **kw):
        kw = {**server_kwargs(style, backend), **kw}
        server = make_server(host="127.0.0.1", port=0, **kw)
        servers.append(server)
        if start:
            server.start()
        return server

    yield _make
    for s in servers:
        s.stop()
        assert not s.running


@pytest.fixture(params=ALL_SERVERS, ids=SERVER_IDS)
def server(request, make):
    style, backend = request.param
    return make(style, backend)


def connect(server, timeout: float = 10.0, rcvbuf: int | None = None) -> socket.socket:
    """A blocking client socket; a small ``rcvbuf`` makes the server meet back-pressure early."""
    s = socket.socket()
    try:
        if rcvbuf is not None:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.settimeout(timeout)
        s.connect(server.address)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except BaseException:
        s.close()
        raise
    return s


def echo_events(server) -> list:
    """What the server reported, its watched calls as the echo kinds they stand for (Ready, Received, Sent)."""
    return EchoCalls().translate(list(server.sink.events))


def events_of(server, *classes):
    return [e for e in echo_events(server) if isinstance(e, classes)]


def stays(pred, seconds: float = 0.2) -> bool:
    """True if ``pred`` holds during the whole window (for "nothing else happens" checks)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not pred():
            return False
        time.sleep(0.005)
    return bool(pred())


def closed_event(server, fd: int | None = None, timeout: float = 10.0) -> Closed:
    def find():
        for e in events_of(server, Closed):
            if fd is None or e.fd == fd:
                return e
        return None

    return wait_until(find, timeout, what="a Closed event")


def accepted_fd(server, n: int = 1) -> int:
    """fd of the n-th accepted connection (waits for it)."""
    return wait_until(lambda: len(events_of(server, Accepted)) >= n and events_of(server, Accepted)[n - 1].fd,
                      what=f"{n} accepted")
