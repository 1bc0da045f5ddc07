"""The sockets lab's scene model, folded from hand-made event sequences (no Qt, no sockets)."""

import math

import pytest
from hypothesis import given, settings, strategies as st

from evsim.core.echo import events as ev
from evsim.core.echo.scene import (
    APPEAR_NS, CLOSED, FADE_NS, FLIGHT_NS, HALF_CLOSED, HOLD_NS, OPEN, PAUSED, PULSE_NS, REFUSED, RESET, STATES,
    Node, SocketScene, progress, ring_capacity, ring_of, slot_angle, state_for_close_reason,
)

MS = 1_000_000
LFD = 3  # the listener's fd in these recordings


def listening(t=0):
    return ev.Listening(t, "127.0.0.1", 9999, "epoll", "selectors", LFD)


def test_progress_is_pure_and_clamped():
    assert progress(0, -5, 100) == 0.0
    assert progress(0, 50, 100) == 0.5
    assert progress(0, 500, 100) == 1.0
    assert progress(0, 25, 100, speed=2.0) == 0.5
    assert progress(0, 10, 0) == 1.0


def test_ring_layout_is_stable_and_grows_outward():
    assert [ring_of(s) for s in (0, 7, 8, 21, 22)] == [0, 0, 1, 1, 2]
    assert ring_capacity(0) == 8 and ring_capacity(1) == 14
    # slots on one ring are evenly spaced
    a0, a1 = slot_angle(0), slot_angle(1)
    assert math.isclose(a1 - a0, 2 * math.pi / 8)
    assert ring_of(999) > ring_of(100) > ring_of(10)


def test_close_reasons_map_to_states():
    assert state_for_close_reason("normal") == CLOSED
    assert state_for_close_reason("half-close done") == CLOSED
    assert state_for_close_reason("server stopped") == CLOSED
    for r in ("reset", "broken pipe", "error"):
        assert state_for_close_reason(r) == RESET


def test_connection_lifecycle_states_and_counters():
    s = SocketScene()
    s.apply([
        listening(0),
        ev.Ready(1 * MS, LFD, 1),
        ev.Accepted(2 * MS, 5, "127.0.0.1:40000"),
        ev.Ready(3 * MS, 5, 1),
        ev.Received(4 * MS, 5, 100),
        ev.Sent(5 * MS, 5, 60, True, 40),
        ev.Ready(6 * MS, 5, 2),
        ev.ReadingPaused(7 * MS, 5, 300_000),
    ])
    assert s.listener is not None and s.listener.t_ready == 1 * MS and s.listener.port == 9999
    n = s.node_for_fd(5)
    assert n is not None and n.peer == "127.0.0.1:40000"
    assert n.state == PAUSED and n.buffered == 300_000
    assert (n.bytes_in, n.bytes_out) == (100, 60)
    assert n.t_read == 3 * MS and n.t_write == 6 * MS
    assert n.events == 6
    assert s.bytes_in == 100 and s.bytes_out == 60 and s.open_count == 1
    assert [(f.inbound, f.nbytes) for f in s.flights] == [(True, 100), (False, 60)]

    s.apply([ev.ReadingResumed(8 * MS, 5, 1000), ev.HalfClosed(9 * MS, 5, 10)])
    assert n.state == HALF_CLOSED
    s.apply([ev.Closed(10 * MS, 5, "half-close done", 150, 150)])
    assert n.state == CLOSED and n.bytes_in == 150 and s.open_count == 0
    assert s.events_seen == 11 and s.closed == 1


def test_fd_reuse_gets_a_new_node_while_the_old_one_fades():
    s = SocketScene()
    s.apply([listening(), ev.Accepted(1, 5, "a:1"), ev.Closed(2, 5, "reset", 0, 0), ev.Accepted(3, 5, "a:2")])
    states = sorted((n.peer, n.state) for n in s.nodes.values())
    assert states == [("a:1", RESET), ("a:2", OPEN)]
    assert s.node_for_fd(5).peer == "a:2"
    assert s.resets == 1
    # the new node did not take the fading node's slot
    slots = {n.peer: n.slot for n in s.nodes.values()}
    assert slots["a:1"] != slots["a:2"]


def test_refused_nodes_appear_then_fade_and_free_their_slot():
    s = SocketScene()
    s.apply([listening(), ev.Refused(10, 1030, "127.0.0.1:5", "fd >= FD_SETSIZE")])
    (n,) = s.nodes.values()
    assert n.state == REFUSED and n.reason == "fd >= FD_SETSIZE" and s.open_count == 0
    assert s.refused == 1
    assert n.visibility(10 + APPEAR_NS) == 1.0
    assert n.visibility(10 + HOLD_NS + FADE_NS // 2) == pytest.approx(0.5)
    assert s.prune(10 + HOLD_NS + FADE_NS - 1) == 0
    assert s.prune(10 + HOLD_NS + FADE_NS) == 1
    assert not s.nodes and s.rings_in_use == 0


def test_fade_scales_with_animation_speed():
    s = SocketScene()
    s.apply([listening(), ev.Accepted(0, 5, "p"), ev.Closed(0, 5, "normal", 0, 0)])
    end = HOLD_NS + FADE_NS
    assert s.prune(end // 2, speed=2.0) == 1  # twice as fast: gone at half the time

    s2 = SocketScene()
    s2.apply([listening(), ev.Accepted(0, 5, "p"), ev.Closed(0, 5, "normal", 0, 0)])
    assert s2.prune(end, speed=0.5) == 0      # half speed: still fading
    assert s2.prune(2 * end, speed=0.5) == 1


def test_slots_are_reused_lowest_first_and_rings_shrink():
    s = SocketScene()
    s.apply([listening()] + [ev.Accepted(0, 10 + i, f"p{i}") for i in range(30)])
    assert s.rings_in_use == ring_of(29) + 1 == 3
    # slot 3 (ring 0) and the whole outer ring (slots 22..29) close
    s.apply([ev.Closed(0, 10 + i, "normal", 0, 0) for i in [3, *range(22, 30)]])
    assert s.rings_in_use == 3  # still fading: nothing moves yet
    assert s.prune(10 * (HOLD_NS + FADE_NS)) == 9
    assert s.rings_in_use == 2
    s.apply([ev.Accepted(1, 100, "new")])
    assert s.node_for_fd(100).slot == 3


def test_flights_land_and_are_bounded():
    s = SocketScene(max_flights=5)
    s.apply([listening(), ev.Accepted(0, 5, "p")] + [ev.Received(i, 5, 1) for i in range(20)])
    assert len(s.flights) == 5
    s.prune(19 + FLIGHT_NS)
    assert not s.flights


def test_events_for_unknown_fds_make_a_node_and_server_stop_ends_all():
    s = SocketScene()
    s.apply([listening(), ev.Received(5, 7, 10), ev.Accepted(6, 8, "x")])
    assert s.node_for_fd(7).peer == "?" and s.open_count == 2
    s.apply([ev.ServerStopped(9, "stopped")])
    assert s.open_count == 0 and not s.listener.running
    assert {n.state for n in s.nodes.values()} == {CLOSED}


def test_listener_pause_error_and_phase_are_recorded():
    s = SocketScene()
    s.apply([listening(), ev.ListenerPaused(1, "EMFILE", 100)])
    assert s.listener.paused and s.listener.pause_reason == "EMFILE"
    s.apply([ev.ListenerResumed(2), ev.ServerError(3, -1, "boom"), ev.LoopPhase(4, "select", 42)])
    assert not s.listener.paused
    assert s.last_error.message == "boom" and s.phase.line == 42


def test_pulses_are_a_function_of_event_time_and_now():
    s = SocketScene()
    s.apply([listening(), ev.Accepted(0, 5, "p"), ev.Ready(100, 5, 3)])
    n = s.node_for_fd(5)
    assert n.t_read == n.t_write == 100
    assert progress(n.t_read, 100 + PULSE_NS // 4, PULSE_NS) == pytest.approx(0.25)
    assert n.visibility(APPEAR_NS // 2) == pytest.approx(0.5)


def test_brief_pause_and_half_close_stay_visible_a_moment():
    from evsim.core.echo.scene import STATE_HOLD_NS
    s = SocketScene()
    s.apply([listening(), ev.Accepted(0, 5, "p"), ev.ReadingPaused(10, 5, 300_000),
             ev.ReadingResumed(20, 5, 1000)])
    n = s.node_for_fd(5)
    assert n.state == OPEN
    assert n.display_state(30) == PAUSED
    assert n.display_state(10 + STATE_HOLD_NS) == OPEN
    assert n.display_state(10 + STATE_HOLD_NS // 4, speed=4.0) == OPEN
    s.apply([ev.HalfClosed(100, 5, 0), ev.Closed(110, 5, "normal", 1, 1)])
    assert n.state == CLOSED and n.display_state(200) == HALF_CLOSED
    assert n.display_state(100 + STATE_HOLD_NS) == CLOSED
    # a reset shows at once
    s.apply([ev.Accepted(300, 6, "q"), ev.HalfClosed(310, 6, 5), ev.Closed(320, 6, "reset", 1, 1)])
    assert s.nodes[max(s.nodes)].display_state(330) == RESET


# -- what a by-fd view of thousands of connections relies on --

def test_shown_by_fd_keeps_the_newest_node_of_each_fd_until_it_fades():
    s = SocketScene()
    s.apply([listening(), ev.Accepted(1, 5, "a:1"), ev.Closed(2, 5, "reset", 0, 0)])
    old = s.shown_by_fd[5]
    assert old.state == RESET and s.take_dirty_fds() == {5}
    s.apply([ev.Accepted(3, 5, "a:2")])  # the kernel reused fd 5 while the old node fades
    assert s.shown_by_fd[5].peer == "a:2" and s.take_dirty_fds() == {5}
    s.prune(10 * (HOLD_NS + FADE_NS))    # the old node goes; the cell keeps the new one
    assert s.shown_by_fd[5].peer == "a:2" and s.take_dirty_fds() == set()
    s.apply([ev.Closed(4, 5, "normal", 0, 0)])
    assert s.take_dirty_fds() == {5}
    s.prune(20 * (HOLD_NS + FADE_NS))
    assert 5 not in s.shown_by_fd and s.take_dirty_fds() == {5} and s.max_fd() == -1


def test_dirty_fds_report_look_changes_only():
    s = SocketScene()
    s.apply([listening(), ev.Accepted(1, 5, "a"), ev.Accepted(1, 6, "b")])
    assert s.take_dirty_fds() == {5, 6}
    s.apply([ev.Ready(2, 5, 1), ev.Received(3, 5, 10), ev.Sent(4, 5, 10, True, 0)])
    assert s.take_dirty_fds() == set()   # bytes and readiness do not change a cell's colour
    s.apply([ev.ReadingPaused(5, 6, 1), ev.ReadingResumed(6, 6, 0), ev.HalfClosed(7, 5, 0)])
    assert s.take_dirty_fds() == {5, 6}


def test_max_fd_follows_opens_and_prunes():
    s = SocketScene()
    assert s.max_fd() == -1
    s.apply([listening()] + [ev.Accepted(0, fd, "p") for fd in (5, 900, 40)])
    assert s.max_fd() == 900
    s.apply([ev.Closed(1, 900, "normal", 0, 0)])
    assert s.max_fd() == 900          # still fading
    s.prune(10 * (HOLD_NS + FADE_NS))
    assert s.max_fd() == 40
    for i in range(500):              # heavy reuse of one fd leaves no unbounded garbage behind
        s.apply([ev.Closed(2 + 2 * i, 5, "normal", 0, 0), ev.Accepted(3 + 2 * i, 5, "p")])
        s.prune(3 + 2 * i + 10 * (HOLD_NS + FADE_NS))
    assert s.max_fd() == 40 and len(s._fd_heap) < 100


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("aprhcCxs"), st.integers(5, 12), st.integers(0, 3 * HOLD_NS)),
                max_size=60))
def test_state_counts_kept_on_the_fly_equal_a_recount(script):
    """Any event sequence (including ones with dropped events): the O(1) counters match a full recount."""
    s = SocketScene()
    s.apply([listening()])
    t = 0
    for kind, fd, dt in script:
        t += dt
        e = {"a": ev.Accepted(t, fd, "p"), "p": ev.ReadingPaused(t, fd, 1), "r": ev.ReadingResumed(t, fd, 0),
             "h": ev.HalfClosed(t, fd, 0), "c": ev.Closed(t, fd, "normal", 0, 0), "C": ev.Closed(t, fd, "reset", 0, 0),
             "x": ev.Refused(t, fd, "p", "max connections"), "s": ev.Ready(t, fd, 3)}[kind]
        s.apply([e])
        s.prune(t)
        recount = {st_: sum(1 for n in s.nodes.values() if n.state == st_) for st_ in STATES}
        assert s.state_counts() == recount
        newest = {}
        for n in s.nodes.values():
            if n.fd not in newest or n.cid > newest[n.fd].cid:
                newest[n.fd] = n
        assert s.shown_by_fd == newest
        assert s.max_fd() == max(newest, default=-1)


def test_needs_frames_until_every_animation_is_over():
    s = SocketScene()
    assert not s.needs_frames(0)
    s.apply([listening(), ev.LoopPhase(1, "select", 3)])
    assert not s.needs_frames(2)                       # nothing on screen moves for a loop phase
    s.apply([ev.Accepted(10, 5, "p")])
    assert s.needs_frames(10 + APPEAR_NS - 1) and not s.needs_frames(10 + APPEAR_NS)
    s.apply([ev.Ready(T0 := 10 * PULSE_NS, 5, 1)])
    assert s.needs_frames(T0 + PULSE_NS - 1) and not s.needs_frames(T0 + PULSE_NS)
    assert s.needs_frames(T0 + PULSE_NS // 2 - 1, speed=2.0)  # twice as fast: over in half the time
    assert not s.needs_frames(T0 + PULSE_NS // 2, speed=2.0)
    s.apply([ev.Received(T1 := 20 * PULSE_NS, 5, 10)])
    assert s.needs_frames(T1 + FLIGHT_NS - 1) and not s.needs_frames(T1 + FLIGHT_NS)
    s.apply([ev.Closed(T2 := 40 * PULSE_NS, 5, "normal", 0, 0)])
    end = T2 + HOLD_NS + FADE_NS
    assert s.needs_frames(end + 10 * HOLD_NS)          # until the ended node is pruned
    s.prune(end)
    assert not s.needs_frames(end)


def test_prune_looks_only_at_ended_nodes():
    s = SocketScene()
    s.apply([listening()] + [ev.Accepted(0, 10 + i, "p") for i in range(2000)]
            + [ev.Closed(1, 10 + i, "normal", 0, 0) for i in range(3)])
    calls = []
    orig = Node.opacity
    Node.opacity = lambda self, *a: calls.append(self) or orig(self, *a)
    try:
        s.prune(2)
    finally:
        Node.opacity = orig
    assert len(calls) == 1  # the oldest ended node is not faded yet: nothing else is looked at


def test_a_snapshot_restores_open_connections_and_ends_the_ones_it_lost():
    s = SocketScene()
    s.apply([listening(), ev.Accepted(1, 5, "a:1"), ev.Accepted(2, 6, "a:2"), ev.Received(3, 5, 10)])
    s.take_dirty_fds()
    s.begin_snapshot(100)
    s.restore_connection(100, 5, "a:1", 500, 400, 100, "reading paused")   # known: totals and state updated
    s.restore_connection(100, 9, "b:9", 7, 7, 0, "half-closed")            # joined late: a node is made
    s.restore_connection(100, 10, "b:10", 0, 0, 0, "open")
    assert s.end_snapshot(100) == 1                                         # fd 6 closed while events were lost
    n5 = s.node_for_fd(5)
    assert (n5.bytes_in, n5.bytes_out, n5.buffered, n5.state) == (500, 400, 100, PAUSED)
    assert s.node_for_fd(9).state == HALF_CLOSED and s.node_for_fd(9).peer == "b:9"
    assert s.node_for_fd(6) is None and s.shown_by_fd[6].state == CLOSED
    assert s.open_count == 3 and s.take_dirty_fds() == {5, 6, 9, 10}
    assert s.state_counts() == {OPEN: 1, PAUSED: 1, HALF_CLOSED: 1, CLOSED: 1, RESET: 0, REFUSED: 0}
    # a snapshot never lowers what the scene counted itself
    s.restore_connection(200, 5, "a:1", 1, 1, 0, "open")
    assert (n5.bytes_in, n5.state) == (500, OPEN)
    assert s.end_snapshot(200) == 0  # no snapshot open: nothing ends
