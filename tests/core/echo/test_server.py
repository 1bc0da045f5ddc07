"""Both echo servers, on every backend they offer, over real loopback sockets."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from evsim.core.echo import ClassicSelectServer, EchoServer, LoopControl, make_server
from evsim.core.echo.client import HalfCloseClient, ResetClient, SlowReaderClient
from evsim.core.echo.events import (
    Accepted, Closed, HalfClosed, Listening, LoopPhase, Ready, ReadingPaused, ReadingResumed, Received,
    Refused, Sent, ServerStopped,
)
from evsim.core.echo.load import run_load
from evsim.core.echo.server import FD_SETSIZE
from evsim.core.events import ListSink

from .conftest import (
    ALL_SERVERS, SERVER_IDS, connect, events_of, occupy_fds_below, recv_all, recv_exactly, require_fds, wait_until,
)

MiB = 1 << 20


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


# -- basic echo -----------------------------------------------------------------------------------------

def test_round_trip(server):
    with connect(server) as c:
        c.sendall(b"hello, echo\n")
        assert recv_exactly(c, 12) == b"hello, echo\n"
        c.sendall(b"again")
        assert recv_exactly(c, 5) == b"again"


def test_all_256_byte_values(server):
    data = bytes(range(256)) * 4
    with connect(server) as c:
        c.sendall(data)
        assert recv_exactly(c, len(data)) == data


def test_several_clients_interleaved(server):
    socks = [connect(server) for _ in range(8)]
    try:
        for round_ in range(3):
            for i, s in enumerate(socks):
                s.sendall(bytes([i, round_]) * 100)
            for i, s in enumerate(socks):
                assert recv_exactly(s, 200) == bytes([i, round_]) * 100
    finally:
        for s in socks:
            s.close()


def test_half_close_8mib_client_reads_late(server):
    """The client writes 8 MiB, shuts down its side and only then reads: every byte still comes back."""
    data = bytes(range(256)) * (8 * MiB // 256)
    c = connect(server, rcvbuf=65536)
    writer_error = []

    def write():
        try:
            c.sendall(data)
            c.shutdown(socket.SHUT_WR)
        except OSError as e:  # pragma: no cover - reported below
            writer_error.append(e)

    t = threading.Thread(target=write)
    t.start()
    # Read late: only once the server has had to stop reading (its buffer passed the high watermark).
    wait_until(lambda: events_of(server, ReadingPaused), what="ReadingPaused")
    got = recv_all(c, timeout=30)
    t.join(10)
    c.close()
    assert not writer_error
    assert len(got) == len(data) and got == data
    fd = events_of(server, Accepted)[0].fd
    closed = closed_event(server, fd)
    half = [e for e in events_of(server, HalfClosed) if e.fd == fd]
    assert closed.reason == ("half-close done" if half[0].buffered else "normal")
    assert closed.bytes_in == closed.bytes_out == len(data)
    half = [e for e in events_of(server, HalfClosed) if e.fd == fd]
    assert len(half) == 1


def test_half_close_with_bytes_pending_reason(make):
    """EOF arrives while echo bytes are still buffered: they are sent, then Closed('half-close done')."""
    server = make("selectors", "default")
    hc = HalfCloseClient(*server.address, data=b"z" * (6 * MiB), read_delay=0.05)
    hc.start()
    assert hc.join(30) and hc.ok, hc.error
    closed = closed_event(server)
    half = events_of(server, HalfClosed)[0]
    assert closed.reason == ("half-close done" if half.buffered else "normal")
    assert closed.bytes_out == 6 * MiB


def _loopback_send_buffer_max() -> int:
    try:
        with open("/proc/sys/net/ipv4/tcp_wmem") as f:
            return int(f.read().split()[2])
    except (OSError, ValueError, IndexError):
        return 4 * MiB


@pytest.mark.parametrize("style", ["selectors", "classic"])
def test_half_close_with_bytes_pending_closes_with_half_close_done(make, style):
    """The client writes more than the kernel buffers between it and the server can hold, shuts down its side
    and reads nothing until the server has seen the EOF with echo bytes still queued: those bytes are then
    sent, and the connection closes with exactly "half-close done"."""
    server = make(style, "select" if style == "classic" else "default", high_water=64 * MiB, low_water=MiB)
    size = _loopback_send_buffer_max() + 4 * MiB  # more than the server's send buffer + the client's receive one
    data = bytes(range(256)) * (size // 256)
    c = connect(server, rcvbuf=65536)
    c.sendall(data)  # the server never pauses reading (high water 64 MiB): this completes
    c.shutdown(socket.SHUT_WR)
    half = wait_until(lambda: events_of(server, HalfClosed), what="HalfClosed")[0]
    assert half.buffered > 0  # the case under test: EOF with bytes still to echo
    got = recv_all(c, timeout=30)
    c.close()
    assert got == data
    closed = closed_event(server)
    assert closed.reason == "half-close done"
    assert closed.bytes_in == closed.bytes_out == len(data)


def test_half_close_nothing_pending_is_normal(server):
    with connect(server) as c:
        c.sendall(b"ping")
        assert recv_exactly(c, 4) == b"ping"
        c.shutdown(socket.SHUT_WR)
        assert recv_all(c) == b""
    closed = closed_event(server)
    assert closed.reason == "normal"
    assert events_of(server, HalfClosed)[0].buffered == 0


# -- partial sends and back-pressure -----------------------------------------------------------------

def test_partial_sends_keep_the_tail(server):
    """A client that writes 8 MiB before reading: the kernel takes partial sends, the server keeps the
    unsent tail, stops reading, waits for EVENT_WRITE, and the rest follows in order."""
    data = os.urandom(8 * MiB)
    c = connect(server, rcvbuf=16384)
    t = threading.Thread(target=c.sendall, args=(data,))
    t.start()
    wait_until(lambda: events_of(server, ReadingPaused), what="back-pressure")
    got = recv_exactly(c, len(data), timeout=30)
    t.join(10)
    c.close()
    assert got == data
    fd = events_of(server, Accepted)[0].fd
    # While paused the server watches EVENT_WRITE only: what it still holds can only leave that way.
    assert any(e.fd == fd and e.mask == 2 for e in events_of(server, Ready)), "never waited for EVENT_WRITE"
    if server.style == "selectors":  # it sends until the kernel says EAGAIN: the last piece is cut short
        assert any(e.partial for e in events_of(server, Sent))
    # (classic sends one queued chunk per writable report; select reports writable only with room to spare)
    assert sum(e.nbytes for e in events_of(server, Sent)) == len(data)


def test_slow_reader_bounded_memory(server):
    """A peer that writes much and reads slowly: reading pauses and resumes; the buffer stays bounded."""
    bound = server.high_water + server.recv_size
    client = SlowReaderClient(*server.address, total=8 * MiB, read_size=65536, read_interval=0.002,
                              rcvbuf=65536)
    client.start()
    peak = 0
    while not client.finished.is_set():
        for info in server.connections_snapshot():
            peak = max(peak, info.buffered)
        client.finished.wait(0.005)
    client.stop()
    assert client.error is None
    assert client.mismatch is None and client.bytes_received == client.total
    assert events_of(server, ReadingPaused) and events_of(server, ReadingResumed)
    assert max(e.buffered for e in events_of(server, Sent)) <= bound
    assert peak <= bound
    paused = events_of(server, ReadingPaused)
    assert all(server.high_water < e.buffered <= bound for e in paused)
    assert all(e.buffered <= server.low_water for e in events_of(server, ReadingResumed))


def test_writer_that_never_reads_does_not_grow_the_server(server):
    """A peer that writes and never reads: the server stops reading and holds at most high water + recv."""
    bound = server.high_water + server.recv_size
    c = connect(server, rcvbuf=16384)
    c.setblocking(False)
    chunk = b"w" * 65536
    sent = 0
    deadline = time.monotonic() + 10
    # Write until the kernel refuses more: the server has paused and the socket buffers are full.
    while time.monotonic() < deadline:
        try:
            sent += c.send(chunk)
        except BlockingIOError:
            if events_of(server, ReadingPaused):
                break
            time.sleep(0.002)
    assert events_of(server, ReadingPaused)
    wait_until(lambda: server.connections_snapshot() and
               server.connections_snapshot()[0].state == "reading paused", what="paused state")
    info = server.connections_snapshot()[0]
    assert server.low_water < info.buffered <= bound  # paused: above low water (it may drain a little)
    assert info.bytes_in < sent + 1
    c.close()


# -- resets and broken pipes --------------------------------------------------------------------------

def test_peer_reset_closes_only_that_connection(server):
    keep = connect(server)
    rc = ResetClient(*server.address, data=b"x" * 1000, read_first=True)
    rc.start()
    assert rc.join(10)
    fd = wait_until(lambda: [e.fd for e in events_of(server, Accepted) if e.peer == rc.local], what="accept")[0]
    assert closed_event(server, fd).reason == "reset"
    keep.sendall(b"still here")
    assert recv_exactly(keep, 10) == b"still here"
    keep.close()


def test_peer_reset_while_server_is_sending(server):
    """RST while the server holds unsent bytes: its send fails (EPIPE/ECONNRESET), only that one closes."""
    rc = ResetClient(*server.address, data=b"y" * (3 * MiB), delay=0.0)
    rc.start()
    assert rc.join(10)
    closed = closed_event(server)
    assert closed.reason in ("reset", "broken pipe")
    with connect(server) as c:
        c.sendall(b"ok")
        assert recv_exactly(c, 2) == b"ok"


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
    sink = ListSink()
    server = make_server(style, backend=backend, port=0, sink=sink)
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


# -- lifecycle ----------------------------------------------------------------------------------------

def _fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("style,backend", ALL_SERVERS, ids=SERVER_IDS)
def test_stop_leaks_no_fd_and_no_thread(style, backend):
    fds0, threads0 = _fds(), set(threading.enumerate())
    sink = ListSink()
    server = make_server(style, backend=backend, port=0, sink=sink)
    server.start()
    socks = [connect(server) for _ in range(5)]
    socks[0].sendall(b"x" * MiB)  # some bytes buffered in the server at stop time
    wait_until(lambda: server.stats().open == 5, what="5 open")
    t0 = time.monotonic()
    server.stop()
    assert time.monotonic() - t0 < 1.0
    assert not server.running and server.thread is None
    for s in socks:
        s.close()
    assert _fds() == fds0
    assert set(threading.enumerate()) == threads0
    closed = [e for e in sink.of(Closed)]
    assert len(closed) == 5 and all(e.reason == "server stopped" for e in closed)
    assert isinstance(sink.events[-1], ServerStopped)


@pytest.mark.parametrize("style", ["selectors", "classic"])
def test_restart_after_stop(make, style):
    server = make(style, "default" if style == "selectors" else "select")
    server.stop()
    server.port = server.address[1]
    server.start()
    with connect(server) as c:
        c.sendall(b"again")
        assert recv_exactly(c, 5) == b"again"


def test_port_in_use_raises_in_caller():
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    fds0 = _fds()
    try:
        for style in ("selectors", "classic"):
            server = make_server(style, port=holder.getsockname()[1])
            with pytest.raises(OSError) as exc:
                server.start()
            assert exc.value.errno == errno.EADDRINUSE
            assert not server.running
            assert _fds() == fds0
    finally:
        holder.close()


def test_serve_forever_in_foreground_and_stop_from_another_thread():
    server = EchoServer(port=0, sink=ListSink())
    ready = threading.Event()
    server._open()  # bind first so the address is known; serve_forever then uses this socket
    t = threading.Thread(target=lambda: (ready.set(), server.serve_forever()))
    t.start()
    ready.wait(5)
    with connect(server) as c:
        c.sendall(b"fg")
        assert recv_exactly(c, 2) == b"fg"
    server.stop()
    t.join(2)
    assert not t.is_alive() and not server.running


def test_unknown_backend():
    with pytest.raises(ValueError):
        make_server("selectors", backend="kqueue-on-linux")
    with pytest.raises(ValueError):
        make_server("nope")


def test_make_server_styles():
    assert isinstance(make_server("classic"), ClassicSelectServer)
    assert isinstance(make_server(backend="classic"), ClassicSelectServer)
    assert isinstance(make_server("selectors", backend="poll"), EchoServer)


# -- events -------------------------------------------------------------------------------------------

def test_events_in_order_selectors(make):
    server = make("selectors", "epoll")
    lfd = events_of(server, Listening)[0].fd
    with connect(server) as c:
        c.sendall(b"abc")
        assert recv_exactly(c, 3) == b"abc"
        c.shutdown(socket.SHUT_WR)
        assert recv_all(c) == b""
    closed_event(server)
    server.stop()
    kinds = [(type(e).__name__, getattr(e, "fd", None)) for e in server.sink.events]
    fd = events_of(server, Accepted)[0].fd
    assert kinds == [
        ("Listening", lfd), ("Ready", lfd), ("Accepted", fd),
        ("Ready", fd), ("Received", fd), ("Sent", fd),
        ("Ready", fd), ("HalfClosed", fd), ("Closed", fd),
        ("ServerStopped", None),
    ]
    ev = server.sink.events
    assert ev[1].mask == 1 and ev[3].mask == 1
    assert ev[4].nbytes == 3 and ev[5].nbytes == 3 and not ev[5].partial and ev[5].buffered == 0
    assert ev[8].reason == "normal" and ev[8].bytes_in == ev[8].bytes_out == 3
    t = [e.t_ns for e in ev]
    assert t == sorted(t)
    assert ev[0].style == "selectors" and ev[0].backend == "epoll" and ev[0].port == server.address[1]


def test_events_in_order_classic(make):
    server = make("classic", "select")
    lfd = events_of(server, Listening)[0].fd
    with connect(server) as c:
        c.sendall(b"abc")
        assert recv_exactly(c, 3) == b"abc"
        c.shutdown(socket.SHUT_WR)
        assert recv_all(c) == b""
    closed_event(server)
    server.stop()
    fd = events_of(server, Accepted)[0].fd
    kinds = [(type(e).__name__, getattr(e, "fd", None), getattr(e, "mask", None)) for e in server.sink.events]
    assert kinds == [
        ("Listening", lfd, None), ("Ready", lfd, 1), ("Accepted", fd, None),
        ("Ready", fd, 1), ("Received", fd, None), ("Ready", fd, 2), ("Sent", fd, None),
        ("Ready", fd, 1), ("HalfClosed", fd, None), ("Closed", fd, None),
        ("ServerStopped", None, None),
    ]
    assert server.sink.events[0].style == "classic" and server.sink.events[0].backend == "select"


def test_default_backend_reports_real_selector(make):
    server = make("selectors", "default")
    assert events_of(server, Listening)[0].backend in ("epoll", "poll", "kqueue", "select")
    assert server.backend_in_use == events_of(server, Listening)[0].backend


def test_no_sink_still_serves(make):
    server = make("selectors", "default", sink=None)
    with connect(server) as c:
        c.sendall(b"quiet")
        assert recv_exactly(c, 5) == b"quiet"


# -- LoopControl: step mode, slow motion, tracing ----------------------------------------------------

@pytest.mark.parametrize("style,backend", [("selectors", "epoll"), ("classic", "select")])
def test_step_mode_one_key_per_step(make, style, backend):
    control = LoopControl()
    control.set_step_mode(True)
    server = make(style, backend, control=control)
    n_ready = lambda: len(events_of(server, Ready))  # noqa: E731
    c = connect(server)
    assert stays(lambda: n_ready() == 0), "dispatched without a step"
    assert not events_of(server, Accepted)
    control.step()
    wait_until(lambda: events_of(server, Accepted), what="Accepted after one step")
    assert n_ready() == 1
    c.sendall(b"step")
    assert stays(lambda: not events_of(server, Received))
    echoed = b""
    steps = 0
    c.settimeout(0.05)
    while len(echoed) < 4:
        before = n_ready()
        control.step()
        steps += 1
        wait_until(lambda: n_ready() == before + 1, what="one more Ready")
        assert stays(lambda: n_ready() == before + 1, 0.05), "more than one key per step"
        try:
            echoed += c.recv(4)
        except socket.timeout:
            pass
        assert steps < 10
    assert echoed == b"step"
    assert steps == (1 if style == "selectors" else 2)  # classic: one step to read, one to write
    # stop() does not wait for a step
    c.sendall(b"pending")
    wait_until(lambda: control.held, what="the loop held before dispatching the pending bytes")
    t0 = time.monotonic()
    server.stop()
    assert time.monotonic() - t0 < 1.0
    c.close()


@pytest.mark.parametrize("style,backend", [("selectors", "poll"), ("classic", "select")])
def test_slow_motion(make, style, backend):
    control = LoopControl()
    server = make(style, backend, control=control)
    with connect(server) as c:
        c.sendall(b"warm")
        assert recv_exactly(c, 4) == b"warm"
        control.delay_s = 0.05
        t0 = time.monotonic()
        for _ in range(4):
            c.sendall(b"slow")
            assert recv_exactly(c, 4) == b"slow"
        elapsed = time.monotonic() - t0
        assert elapsed >= 4 * 0.05 * 0.9
        control.delay_s = 1.0
        c.sendall(b"x")
        wait_until(lambda: control.held, what="the loop asleep in its 1 s slow-motion delay")
        t0 = time.monotonic()
        server.stop()
        assert time.monotonic() - t0 < 1.0


@pytest.mark.parametrize("cls", [EchoServer, ClassicSelectServer])
def test_loop_source_and_phase_lines(cls):
    text, first, phases = cls.loop_source()
    assert set(phases) == {"select", "accept", "read", "write"}
    module_file = sys.modules[cls.__module__].__file__
    with open(module_file) as f:
        lines = f.read().splitlines()
    calls = {"select": "select(", "accept": ".accept()", "read": ".recv(", "write": ".send("}
    n_text = len(text.splitlines())
    for phase, line in phases.items():
        assert first <= line < first + n_text
        assert calls[phase] in lines[line - 1], (phase, lines[line - 1])
        assert text.splitlines()[line - first] == lines[line - 1]
    assert text.splitlines()[0].lstrip().startswith("def _loop")


@pytest.mark.parametrize("style,backend", [("selectors", "default"), ("classic", "select")])
def test_tracing_emits_loop_phases(make, style, backend):
    control = LoopControl()
    control.tracing = True
    server = make(style, backend, control=control)
    with connect(server) as c:
        c.sendall(b"trace")
        assert recv_exactly(c, 5) == b"trace"
    phases = events_of(server, LoopPhase)
    _, _, lines = type(server).loop_source()
    assert {p.phase for p in phases} >= {"select", "accept", "read", "write"}
    assert all(p.line == lines[p.phase] for p in phases)
    control.tracing = False
    n = len(events_of(server, LoopPhase))
    with connect(server) as c:
        c.sendall(b"quiet")
        assert recv_exactly(c, 5) == b"quiet"
    assert len(events_of(server, LoopPhase)) <= n + 1  # at most the select already under way


# -- views from other threads ------------------------------------------------------------------------

def test_snapshot_and_stats_while_loaded(server):
    errors = []
    result = []
    t = threading.Thread(target=lambda: result.append(run_load(*server.address, clients=8, seconds=0.5, size=512)))
    t.start()
    snaps = 0
    while t.is_alive():
        try:
            infos = server.connections_snapshot()
            server.stats()
            snaps += 1
            for i in infos:
                assert i.bytes_out <= i.bytes_in and i.buffered >= 0 and i.peer.startswith("127.0.0.1:")
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        time.sleep(0.001)
    t.join()
    assert not errors and snaps > 0
    r = result[0]
    assert r.integrity_errors == 0 and r.errors == 0 and r.requests > 0
    wait_until(lambda: server.stats().open == 0, what="load connections closed")
    st = server.stats()
    assert st.accepted == 8 and st.bytes_in == st.bytes_out == r.requests * 512 and st.refused == 0


@pytest.mark.parametrize("style", ["selectors", "classic"])
def test_a_bug_in_one_connections_handler_costs_only_that_connection(make, style):
    from evsim.core.echo.events import Closed, ServerError

    server = make(style, "select" if style == "classic" else "default")
    victim, other = connect(server), connect(server)
    victim_port = victim.getsockname()[1]
    wait_until(lambda: len(server.connections_snapshot()) == 2)
    victim_fd = next(c.fd for c in server.connections_snapshot() if c.peer.endswith(f":{victim_port}"))
    real_read = server._read

    def buggy_read(sock, *rest):
        if sock.fileno() == victim_fd:
            raise RuntimeError("injected bug")
        return real_read(sock, *rest)

    server._read = buggy_read
    victim.sendall(b"x")
    try:  # the server closed it (with the byte unread, the kernel may send a reset instead of FIN)
        assert recv_all(victim) == b""
    except ConnectionResetError:
        pass
    other.sendall(b"still here")
    assert recv_exactly(other, 10) == b"still here"
    assert server.running
    errors = server.sink.of(ServerError)
    assert any(e.fd == victim_fd and "injected bug" in e.message for e in errors)
    assert any(e.fd == victim_fd and e.reason == "error" for e in server.sink.of(Closed))
    victim.close()
    other.close()


@pytest.mark.parametrize("style", ["selectors", "classic"])
def test_a_cleanup_that_fails_too_still_closes_and_reports_the_connection(make, style):
    """The handler raises, and the first step of closing the connection raises as well: the connection is
    still unregistered, closed (its client sees the end, no hang) and reported; the others go on."""
    from evsim.core.echo.events import ServerError

    server = make(style, "select" if style == "classic" else "default")
    victim, other = connect(server), connect(server)
    victim_port = victim.getsockname()[1]
    wait_until(lambda: len(server.connections_snapshot()) == 2)
    victim_fd = next(c.fd for c in server.connections_snapshot() if c.peer.endswith(f":{victim_port}"))
    real_read = server._read
    failed = []

    def buggy_read(sock, *rest):
        if sock.fileno() == victim_fd:
            raise RuntimeError("injected bug")
        return real_read(sock, *rest)

    def fail_once(real):
        def step(*args):
            if not failed:
                failed.append(args)
                raise OSError("injected cleanup failure")
            return real(*args)
        return step

    if style == "selectors":  # closing starts by unregistering from the selector
        server._selector.unregister = fail_once(server._selector.unregister)
    else:  # closing starts by taking the connection out of the table
        server._untrack = fail_once(server._untrack)
    server._read = buggy_read
    victim.sendall(b"x")
    try:  # closed (with the byte unread, the kernel may send a reset instead of FIN)
        assert recv_all(victim, timeout=5) == b""
    except ConnectionResetError:
        pass
    assert failed  # the cleanup did fail once
    assert closed_event(server, victim_fd, timeout=5).reason == "error"
    assert server.stats().open == 1 and len([e for e in server.sink.of(Closed) if e.fd == victim_fd]) == 1
    messages = [e.message for e in server.sink.of(ServerError) if e.fd == victim_fd]
    assert any("injected bug" in m for m in messages)
    assert any("closing the connection failed too" in m and "injected cleanup failure" in m for m in messages)
    other.sendall(b"still here")
    assert recv_exactly(other, 10) == b"still here"
    assert server.running and server.stats().closed == 1
    victim.close()
    other.close()
