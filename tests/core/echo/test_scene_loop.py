"""The scene follows a watched loop: the call it is held before, the fds pending dispatch, and its pace (the
map's animations stretch to the measured interval between holds, so slow motion is slow on screen too)."""

from __future__ import annotations

import socket

from evsim.core.echo import events as ev
from evsim.core.echo import make_server
from evsim.core.echo.calls import EchoCalls
from evsim.core.echo.scene import FLIGHT_NS, SocketScene, progress
from evsim.core.echo.scene_loop import MAX_PACE_NS
from evsim.core.events import ListSink
from evsim.core.watch import events as w
from evsim.core.watch.gate import Gate
from tests.waiting import wait_until

MS = 1_000_000
LFD, FD = 3, 7


def held(t, call, fd=-1, nbytes=0, line=10):
    return w.Held(t, call, fd, nbytes, 1, 1, line)


def selected(t, nready=1):
    return w.Selected(t, 4, 3, FD, -1, 1000, nready, 1, 10)


def one_echo(t0: int, gap: int, hold: bool) -> list:
    """select, fd ready, recv, send of 5 bytes; with a hold of ``gap`` before each call (slow motion), or none."""
    out, t = [], t0

    def call(c, fd=-1, nbytes=0):
        nonlocal t
        if hold:
            out.append(held(t, c, fd, nbytes))
            t += gap
        else:
            t += 1000

    call(1)
    out += [selected(t), w.ReadyFd(t, FD, 1, 1, 10)]
    call(11, FD)
    call(3, FD)
    out.append(w.Recv(t, FD, 5, 65536, 0, 1, 20))
    call(4, FD, 5)
    out.append(w.Send(t, FD, 5, 5, 0, 1, 30))
    return out


def scene_with_a_connection() -> tuple[SocketScene, EchoCalls]:
    s, calls = SocketScene(), EchoCalls()
    s.apply(calls.translate([ev.Listening(0, "127.0.0.1", 9, "epoll", "selectors", LFD), ev.Accepted(1, FD, "p:1")]))
    return s, calls


def test_held_and_pending_follow_the_loop_call_by_call():
    s, calls = scene_with_a_connection()
    s.apply(calls.translate([held(10 * MS, 1), selected(11 * MS), w.ReadyFd(11 * MS, FD, 1, 1, 10)]))
    assert s.loop.held is None and FD in s.loop.pending  # select returned: ready, not handled yet
    s.apply([held(12 * MS, 11, FD)])
    assert s.loop.held.call == 11 and FD in s.loop.pending
    s.apply([held(13 * MS, 3, FD)])  # the loop is at recv() on FD: dispatched
    assert s.loop.held.fd == FD and FD not in s.loop.pending
    s.apply(calls.translate([w.Recv(14 * MS, FD, 5, 65536, 0, 1, 20)]))
    assert s.loop.held is None and s.loop.last_call.line == 20 and s.bytes_in == 5


def test_slow_motion_stretches_flights_to_the_loops_pace_and_full_speed_does_not():
    gap = 1000 * MS  # 1000 ms before each call
    s, calls = scene_with_a_connection()
    s.apply(calls.translate(one_echo(10 * MS, gap, hold=True)))
    assert s.loop.pace_ns == gap
    flight_in, flight_out = list(s.flights)[-2:]
    assert flight_in.inbound and flight_in.dur_ns == flight_out.dur_ns == gap  # the bytes take a second each way
    assert progress(flight_in.t_ns, flight_in.t_ns + gap // 2, flight_in.dur_ns) == 0.5  # pure: event time, now
    assert s.needs_frames(flight_out.t_ns + FLIGHT_NS + 1)  # still moving after the usual length
    t = flight_out.t_ns + 10 * gap
    s.apply(calls.translate(one_echo(t, 0, hold=False)))  # Continue at full speed: the usual length again
    assert s.loop.pace_ns == 0 and s.flights[-1].dur_ns == FLIGHT_NS


def test_a_long_pause_between_steps_is_capped():
    s, calls = scene_with_a_connection()
    s.apply(calls.translate(one_echo(10 * MS, 60_000 * MS, hold=True)))  # a minute per step
    assert s.flights[-1].dur_ns == MAX_PACE_NS


def test_the_embedded_server_in_slow_motion_paces_every_call():
    gate = Gate()
    gate.delay_s = 0.05
    sink = ListSink()
    server = make_server("selectors", "epoll", port=0, sink=sink, gate=gate)
    server.start()
    try:
        with socket.create_connection(server.address, timeout=5) as c:
            c.sendall(b"slow\n")
            assert c.recv(5) == b"slow\n"
            wait_until(lambda: any(type(e) is w.Send for e in sink.events), what="the echo reported")
    finally:
        server.stop()
    s = SocketScene()
    s.apply(EchoCalls().translate(list(sink.events)))
    holds = [e for e in sink.events if type(e) is w.Held]
    assert {1, 11, 2, 3, 4} <= {h.call for h in holds}  # select, dispatch, accept, recv, send: each paced
    assert all(b.t_ns - a.t_ns >= 0.05 * 1e9 * 0.9 for a, b in zip(holds, holds[1:]))
    assert all(f.dur_ns >= 0.05 * 1e9 * 0.9 for f in s.flights)
