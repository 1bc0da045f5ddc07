"""The selectors echo server on the watch: Step stops before every watched call, at its own line."""

from __future__ import annotations

import socket
import time

import pytest

from evsim.core.echo import EchoServer
from evsim.core.echo.events import Accepted
from evsim.core.watch.events import Held
from evsim.core.watch.gate import Gate

from .conftest import connect, events_of, recv_exactly, wait_until

# -- the selectors server on the watch: Step stops before every watched call -------------------------------

def _step_once(gate: Gate) -> Held:
    """Wait until the loop is held; let that one call run; the Held it was stopped at."""
    wait_until(lambda: gate.held, what="the loop held")
    h = gate.last_held
    gate.step()
    wait_until(lambda: gate.last_held is not h or not gate.held, what="the call ran")
    return h


def _accept_and_step_to_select(server, gate: Gate) -> socket.socket:
    """A client, stepped through its accept, with the loop held before its next select()."""
    c = connect(server)
    while not (events_of(server, Accepted) and gate.held and gate.last_held.call == 1):
        _step_once(gate)
    return c


def test_step_stops_before_every_watched_call_with_its_line(make):
    gate = Gate()
    gate.set_step_mode(True)
    server = make("selectors", "epoll", gate=gate)
    _, _, lines = EchoServer.loop_source()
    c = _accept_and_step_to_select(server, gate)  # select, dispatch, accept, register, accept (EAGAIN)
    fd = events_of(server, Accepted)[0].fd
    c.sendall(b"hi")
    c.settimeout(0.05)
    steps = []
    while len(steps) < 2 or steps[-1].call != 1:  # until the next select()
        steps.append(_step_once(gate))
        if not any(h.call == 4 for h in steps):  # nothing is echoed before the step that lets send() run
            with pytest.raises(socket.timeout):
                c.recv(2)
    assert recv_exactly(c, 2) == b"hi"
    assert [(h.call, h.fd, h.nbytes) for h in steps] == [(1, -1, 0), (11, fd, 0), (3, fd, 0), (4, fd, 2), (1, -1, 0)]
    assert [h.line for h in steps] == [lines[p] for p in ("select", "select", "read", "write", "select")]
    assert steps[-1].iteration == steps[0].iteration + 1
    t0 = time.monotonic()
    server.stop()  # does not wait for a step
    assert time.monotonic() - t0 < 1.0
    c.close()


def test_step_over_one_iteration(make):
    gate = Gate()
    gate.set_step_mode(True)
    server = make("selectors", "epoll", gate=gate)
    c = _accept_and_step_to_select(server, gate)
    first = gate.last_held
    c.sendall(b"loop")
    gate.step_iteration()  # select returns, dispatch, recv, send: held again only at the next select
    assert recv_exactly(c, 4) == b"loop"
    wait_until(lambda: gate.held and gate.last_held is not first, what="held at the next select()")
    assert gate.last_held.call == 1 and gate.last_held.iteration == first.iteration + 1
    gate.resume()  # Continue: full speed
    c.sendall(b"free")
    assert recv_exactly(c, 4) == b"free"
    c.close()
