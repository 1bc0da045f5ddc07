"""Both echo servers' lifecycle, events, loop control (step, slow motion, tracing), views from other
threads, and what a bug in a handler costs."""

from __future__ import annotations

import errno
import inspect
import os
import socket
import threading
import time

import pytest

from evsim.core.echo import ClassicSelectServer, EchoServer, LoopControl, make_server
from evsim.core.echo.events import (
    Accepted, Closed, Listening, LoopPhase, Ready, Received, ServerStopped,
)
from evsim.core.echo.load import run_load
from evsim.core.echo import fast
from evsim.core.echo.loop import EchoLoop
from evsim.core.events import ListSink
from evsim.core.watch.gate import Gate

from .conftest import (
    ALL_SERVERS, SERVER_IDS, closed_event, server_kwargs, connect, echo_events, events_of, recv_all, recv_exactly, stays, wait_until,
)

MiB = 1 << 20


# -- lifecycle ----------------------------------------------------------------------------------------

def _fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("style,backend", ALL_SERVERS, ids=SERVER_IDS)
def test_stop_leaks_no_fd_and_no_thread(style, backend):
    fds0, threads0 = _fds(), set(threading.enumerate())
    kw = server_kwargs(style, backend)
    sink = kw["sink"]
    server = make_server(port=0, **kw)
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

def _echo_abc_half_close_and_stop(server) -> int:
    """One client echoes b"abc", half-closes and reads the end; the server then stops.  Returns the
    listener's fd."""
    lfd = events_of(server, Listening)[0].fd
    with connect(server) as c:
        c.sendall(b"abc")
        assert recv_exactly(c, 3) == b"abc"
        c.shutdown(socket.SHUT_WR)
        assert recv_all(c) == b""
    closed_event(server)
    server.stop()
    return lfd


def test_events_in_order_selectors(make):
    server = make("selectors", "epoll")
    lfd = _echo_abc_half_close_and_stop(server)
    # the watched calls as the echo kinds they stand for; the watch's own events left out
    ev = [e for e in echo_events(server) if type(e).__module__ == "evsim.core.echo.events"]
    kinds = [(type(e).__name__, getattr(e, "fd", None)) for e in ev]
    fd = events_of(server, Accepted)[0].fd
    assert kinds == [
        ("Listening", lfd), ("Ready", lfd), ("Accepted", fd),
        ("Ready", fd), ("Received", fd), ("Sent", fd),
        ("Ready", fd), ("HalfClosed", fd), ("Closed", fd),
        ("ServerStopped", None),
    ]
    assert ev[1].mask == 1 and ev[3].mask == 1
    assert ev[4].nbytes == 3 and ev[5].nbytes == 3 and not ev[5].partial and ev[5].buffered == 0
    assert ev[8].reason == "normal" and ev[8].bytes_in == ev[8].bytes_out == 3
    t = [e.t_ns for e in ev]
    assert t == sorted(t)
    assert ev[0].style == "selectors" and ev[0].backend == "epoll" and ev[0].port == server.address[1]


def test_events_in_order_classic(make):
    server = make("classic", "select")
    lfd = _echo_abc_half_close_and_stop(server)
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

@pytest.mark.parametrize("style,backend", [("classic", "select")])
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
    control = Gate() if style == "selectors" else LoopControl()
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
    module_file = inspect.getsourcefile(EchoLoop if cls is EchoServer else cls)
    with open(module_file) as f:
        lines = f.read().splitlines()
    calls = {"select": "select(", "accept": ".accept()", "read": ".recv(", "write": ".send("}
    n_text = len(text.splitlines())
    for phase, line in phases.items():
        assert first <= line < first + n_text
        assert calls[phase] in lines[line - 1], (phase, lines[line - 1])
        assert text.splitlines()[line - first] == lines[line - 1]
    assert text.splitlines()[0].lstrip().startswith("def serve" if cls is EchoServer else "def _loop")


@pytest.mark.parametrize("style,backend", [("classic", "select")])
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


def _victim_with_a_buggy_handler(server, monkeypatch) -> tuple[socket.socket, socket.socket, int]:
    """Two connections; reading the first one (the victim, its server-side fd returned) raises a bug."""
    victim, other = connect(server), connect(server)
    victim_port = victim.getsockname()[1]
    wait_until(lambda: len(server.connections_snapshot()) == 2)
    victim_fd = next(c.fd for c in server.connections_snapshot() if c.peer.endswith(f":{victim_port}"))
    name = "read" if isinstance(server, EchoServer) else "_read"
    real_read = getattr(server, name)

    def buggy_read(sock, *rest):
        if sock.fileno() == victim_fd:
            raise RuntimeError("injected bug")
        return real_read(sock, *rest)

    setattr(server, name, buggy_read)
    if isinstance(server, EchoServer) and server.fused:  # the fused loop reads without calling read()
        real_recv = fast._R_RECV

        def buggy_recv(sock, *rest):
            if sock.fileno() == victim_fd:
                raise RuntimeError("injected bug")
            return real_recv(sock, *rest)

        monkeypatch.setattr(fast, "_R_RECV", buggy_recv)
    return victim, other, victim_fd


@pytest.mark.parametrize("style", ["selectors", "selectors-textbook", "classic"])
def test_a_bug_in_one_connections_handler_costs_only_that_connection(make, style, monkeypatch):
    from evsim.core.echo.events import Closed, ServerError

    server = make(style, "select" if style == "classic" else "default")
    victim, other, victim_fd = _victim_with_a_buggy_handler(server, monkeypatch)
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


@pytest.mark.parametrize("style", ["selectors", "selectors-textbook", "classic"])
def test_a_cleanup_that_fails_too_still_closes_and_reports_the_connection(make, style, monkeypatch):
    """The handler raises, and the first step of closing the connection raises as well: the connection is
    still unregistered, closed (its client sees the end, no hang) and reported; the others go on."""
    from evsim.core.echo.events import ServerError

    server = make(style, "select" if style == "classic" else "default")
    victim, other, victim_fd = _victim_with_a_buggy_handler(server, monkeypatch)
    failed = []

    def fail_once(real):
        def step(*args):
            if not failed:
                failed.append(args)
                raise OSError("injected cleanup failure")
            return real(*args)
        return step

    if style.startswith("selectors"):  # closing starts by unregistering from the selector
        server.selector.unregister = fail_once(server.selector.unregister)
    else:  # closing starts by taking the connection out of the table
        server._untrack = fail_once(server._untrack)
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
