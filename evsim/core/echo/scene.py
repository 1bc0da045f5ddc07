"""What the sockets lab's map shows, as plain Python: the listener, one node per connection, bytes in flight.

:class:`SocketScene` folds the echo server's events (:mod:`evsim.core.echo.events`) into the state a view
paints.  It knows nothing about Qt or pixels; a view asks it where things are (ring slots) and how far each
animation has gone, and the answer is a pure function of the recorded event times, ``now_ns`` and a speed
factor -- so a view can be tested with a fixed clock and a paused view shows exactly the recorded state.

Connections are keyed by a scene-wide id, not by fd: the kernel reuses a closed connection's fd for the
next accept while the old node is still fading out.

Layout: each connection takes the lowest free *slot*; slot ``i`` lives on ring ``ring_of(i)`` at a fixed
angle, and a slot is only released once its node has faded away, so nodes never jump around.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import deque
from typing import Iterable, NamedTuple

from evsim.core.echo import events as ev
from evsim.core.events import Event

__all__ = [
    "OPEN", "PAUSED", "HALF_CLOSED", "CLOSED", "RESET", "REFUSED", "STATES", "ENDED_STATES",
    "APPEAR_NS", "PULSE_NS", "FLIGHT_NS", "HOLD_NS", "FADE_NS", "STATE_HOLD_NS",
    "Node", "Listener", "Flight", "SocketScene", "progress", "ring_of", "ring_capacity", "slot_angle",
    "state_for_close_reason",
]

# -- connection states (what a node looks like) --
OPEN = "open"
PAUSED = "paused"            # back-pressure: the server stopped reading this peer
HALF_CLOSED = "half-closed"  # the peer shut its write side; the server still echoes what is buffered
CLOSED = "closed"            # ended in order (normal, half-close done, server stopped)
RESET = "reset"              # ended abruptly (reset, broken pipe, error)
REFUSED = "refused"          # accepted and closed at once (FD_SETSIZE, connection cap)
STATES = (OPEN, PAUSED, HALF_CLOSED, CLOSED, RESET, REFUSED)
ENDED_STATES = frozenset((CLOSED, RESET, REFUSED))

# -- animation lengths, in nanoseconds of animation time (real time x speed) --
APPEAR_NS = 400_000_000   # a new node grows in
PULSE_NS = 600_000_000    # a readiness pulse fades
FLIGHT_NS = 450_000_000   # bytes travel along an edge
HOLD_NS = 700_000_000     # an ended node stays fully visible ...
FADE_NS = 1_300_000_000   # ... then fades out over this long, then it is removed
STATE_HOLD_NS = 800_000_000  # a brief pause / half-close stays visible at least this long

_ABRUPT = frozenset(("reset", "broken pipe", "error"))


def state_for_close_reason(reason: str) -> str:
    """The node state a ``Closed.reason`` leads to: RESET for abrupt endings, CLOSED otherwise."""
    return RESET if reason in _ABRUPT else CLOSED


def progress(t_event_ns: int, now_ns: int, duration_ns: int, speed: float = 1.0) -> float:
    """How far (0..1) an animation that started at ``t_event_ns`` has gone at ``now_ns``."""
    if duration_ns <= 0:
        return 1.0
    p = (now_ns - t_event_ns) * speed / duration_ns
    return 0.0 if p <= 0.0 else 1.0 if p >= 1.0 else p


# -- ring layout: ring k holds 8 + 6k slots (circumference grows with the radius) --
_RING_BASE, _RING_STEP = 8, 6


def ring_capacity(ring: int) -> int:
    return _RING_BASE + _RING_STEP * ring


_RING_STARTS: list[int] = [0]  # first slot of each ring, grown on demand


def _ensure_rings(slot: int) -> None:
    while _RING_STARTS[-1] <= slot:
        k = len(_RING_STARTS) - 1
        _RING_STARTS.append(_RING_STARTS[-1] + ring_capacity(k))


def ring_of(slot: int) -> int:
    """The ring (0 = innermost) slot ``slot`` sits on."""
    _ensure_rings(slot)
    return bisect.bisect_right(_RING_STARTS, slot) - 1


def slot_angle(slot: int) -> float:
    """The angle (radians, 0 = east, counter-clockwise) of ``slot`` on its ring; rings are staggered."""
    k = ring_of(slot)
    cap = ring_capacity(k)
    i = slot - _RING_STARTS[k]
    step = 2.0 * math.pi / cap
    return -math.pi / 2 + step * (i + 0.5 * (k % 2))


class Node:
    """One connection as the map shows it."""

    __slots__ = ("cid", "fd", "peer", "slot", "state", "reason", "t_open", "t_end", "t_read", "t_write",
                 "t_state", "t_paused", "t_half", "bytes_in", "bytes_out", "buffered", "events")

    def __init__(self, cid: int, fd: int, peer: str, slot: int, t_open: int) -> None:
        self.cid = cid
        self.fd = fd
        self.peer = peer
        self.slot = slot
        self.state = OPEN
        self.reason = ""
        self.t_open = t_open
        self.t_end: int | None = None
        self.t_read: int | None = None   # last READ readiness
        self.t_write: int | None = None  # last WRITE readiness
        self.t_state = t_open            # last state change
        self.t_paused: int | None = None  # last ReadingPaused
        self.t_half: int | None = None    # HalfClosed
        self.bytes_in = 0
        self.bytes_out = 0
        self.buffered = 0
        self.events = 0

    @property
    def ended(self) -> bool:
        return self.state in ENDED_STATES

    def display_state(self, now_ns: int, speed: float = 1.0) -> str:
        """The state to draw: the real one, except that a pause or half-close shorter than STATE_HOLD_NS stays
        on screen that long (like a pulse: an instant made visible), unless the connection was reset."""
        st = self.state
        if st in (RESET, REFUSED, HALF_CLOSED):
            return st
        t = self.t_half
        if t is not None and (now_ns - t) * speed < STATE_HOLD_NS:
            return HALF_CLOSED
        t = self.t_paused
        if t is not None and (now_ns - t) * speed < STATE_HOLD_NS:
            return PAUSED
        return st

    def appear(self, now_ns: int, speed: float = 1.0) -> float:
        """0..1: how far the node has grown in since its accept."""
        return progress(self.t_open, now_ns, APPEAR_NS, speed)

    def opacity(self, now_ns: int, speed: float = 1.0) -> float:
        """1.0 while alive and during the hold after it ended, then falling to 0.0 over the fade."""
        if self.t_end is None:
            return 1.0
        into_fade = (now_ns - self.t_end) * speed - HOLD_NS  # animation time into the fade
        return 1.0 if into_fade <= 0 else max(0.0, 1.0 - into_fade / FADE_NS)

    def visibility(self, now_ns: int, speed: float = 1.0) -> float:
        """min(appear, opacity): 0.0 before it grows in and once it has faded out."""
        return min(self.appear(now_ns, speed), self.opacity(now_ns, speed))

    def __repr__(self) -> str:
        return f"<Node #{self.cid} fd={self.fd} {self.peer} {self.state}>"


class Listener:
    """The listening socket at the centre of the map."""

    __slots__ = ("host", "port", "backend", "style", "fd", "t_listen", "t_ready", "t_stopped", "paused",
                 "pause_reason", "stop_reason")

    def __init__(self, e: ev.Listening) -> None:
        self.host, self.port, self.backend, self.style, self.fd = e.host, e.port, e.backend, e.style, e.fd
        self.t_listen = e.t_ns
        self.t_ready: int | None = None
        self.t_stopped: int | None = None
        self.paused = False
        self.pause_reason = ""
        self.stop_reason = ""

    @property
    def running(self) -> bool:
        return self.t_stopped is None


class Flight(NamedTuple):
    """``nbytes`` moving along connection ``cid``'s edge: inbound (peer -> server) or outbound."""

    t_ns: int
    cid: int
    inbound: bool
    nbytes: int


class SocketScene:
    """The echo server's state as the map paints it, folded from its events.

    ``apply(batch)`` is cheap (a dict dispatch per event) and never blocks; ``prune(now_ns, speed)`` removes
    nodes whose fade-out is over and bytes that have arrived.  Counters (``events_seen``, ``bytes_in``,
    ``bytes_out``...) only grow, so a plot can take differences.
    """

    def __init__(self, max_flights: int = 256) -> None:
        self.listener: Listener | None = None
        self.nodes: dict[int, Node] = {}      # cid -> node, alive and fading
        self.by_fd: dict[int, Node] = {}      # fd -> the live (not ended) node using it
        self.flights: deque[Flight] = deque(maxlen=max_flights)
        self.phase: ev.LoopPhase | None = None
        self.last_error: ev.ServerError | None = None
        self.events_seen = 0
        self.bytes_in = 0
        self.bytes_out = 0
        self.accepted = 0
        self.closed = 0
        self.resets = 0
        self.refused = 0
        self.last_t_ns = 0
        self._next_cid = 1
        self._next_slot = 0
        self._free_slots: list[int] = []
        self._free_set: set[int] = set()
        self._handlers = {
            ev.Listening: self._on_listening,
            ev.ServerStopped: self._on_server_stopped,
            ev.Accepted: self._on_accepted,
            ev.Ready: self._on_ready,
            ev.Received: self._on_received,
            ev.Sent: self._on_sent,
            ev.ReadingPaused: self._on_reading_paused,
            ev.ReadingResumed: self._on_reading_resumed,
            ev.HalfClosed: self._on_half_closed,
            ev.Closed: self._on_closed,
            ev.Refused: self._on_refused,
            ev.ListenerPaused: self._on_listener_paused,
            ev.ListenerResumed: self._on_listener_resumed,
            ev.ServerError: self._on_server_error,
            ev.LoopPhase: self._on_loop_phase,
        }

    # -- queries --
    @property
    def open_count(self) -> int:
        """Connections open right now (including paused and half-closed ones)."""
        return len(self.by_fd)

    @property
    def rings_in_use(self) -> int:
        return ring_of(self._next_slot - 1) + 1 if self._next_slot else 0

    def node_for_fd(self, fd: int) -> Node | None:
        return self.by_fd.get(fd)

    def state_counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        for n in self.nodes.values():
            out[n.state] += 1
        return out

    # -- folding events --
    def apply(self, batch: Iterable[Event]) -> None:
        handlers = self._handlers
        n = 0
        last = self.last_t_ns
        for e in batch:
            n += 1
            h = handlers.get(type(e))
            if h is not None:
                h(e)
            last = e.t_ns
        self.events_seen += n
        self.last_t_ns = last

    def prune(self, now_ns: int, speed: float = 1.0) -> int:
        """Forget ended nodes that have faded out and flights that have landed; returns nodes removed."""
        gone = [n for n in self.nodes.values() if n.t_end is not None and n.opacity(now_ns, speed) <= 0.0]
        for n in gone:
            del self.nodes[n.cid]
            self._release_slot(n.slot)
        fl = self.flights
        while fl and progress(fl[0].t_ns, now_ns, FLIGHT_NS, speed) >= 1.0:
            fl.popleft()
        return len(gone)

    def clear(self) -> None:
        """Forget everything (a new server run)."""
        self.__init__(self.flights.maxlen or 256)  # type: ignore[misc]

    # -- slots --
    def _take_slot(self) -> int:
        while self._free_slots:
            s = heapq.heappop(self._free_slots)
            if s in self._free_set:
                self._free_set.discard(s)
                return s
        s = self._next_slot
        self._next_slot += 1
        return s

    def _release_slot(self, slot: int) -> None:
        if slot == self._next_slot - 1:
            self._next_slot -= 1
            while self._next_slot and (self._next_slot - 1) in self._free_set:
                self._next_slot -= 1
                self._free_set.discard(self._next_slot)
            if not self._free_set:
                self._free_slots.clear()
        else:
            self._free_set.add(slot)
            heapq.heappush(self._free_slots, slot)

    def _new_node(self, fd: int, peer: str, t_ns: int) -> Node:
        node = Node(self._next_cid, fd, peer, self._take_slot(), t_ns)
        self._next_cid += 1
        self.nodes[node.cid] = node
        return node

    def _live(self, fd: int, t_ns: int) -> Node:
        """The live node of ``fd``; one is made up if the scene joined after its accept."""
        node = self.by_fd.get(fd)
        if node is None:
            node = self._new_node(fd, "?", t_ns)
            self.by_fd[fd] = node
        node.events += 1
        return node

    def _end(self, node: Node, state: str, reason: str, t_ns: int) -> None:
        node.state, node.reason, node.t_end, node.t_state = state, reason, t_ns, t_ns
        if self.by_fd.get(node.fd) is node:
            del self.by_fd[node.fd]

    # -- handlers, one per event class --
    def _on_listening(self, e: ev.Listening) -> None:
        self.listener = Listener(e)

    def _on_server_stopped(self, e: ev.ServerStopped) -> None:
        for node in list(self.by_fd.values()):
            self._end(node, CLOSED, "server stopped", e.t_ns)
        if self.listener is not None:
            self.listener.t_stopped = e.t_ns
            self.listener.stop_reason = e.reason

    def _on_accepted(self, e: ev.Accepted) -> None:
        old = self.by_fd.get(e.fd)
        if old is not None:  # a Closed we never saw (events dropped): the fd was reused
            self._end(old, CLOSED, "", e.t_ns)
        node = self._new_node(e.fd, e.peer, e.t_ns)
        node.events = 1
        self.by_fd[e.fd] = node
        self.accepted += 1

    def _on_ready(self, e: ev.Ready) -> None:
        lst = self.listener
        if lst is not None and e.fd == lst.fd:
            lst.t_ready = e.t_ns
            return
        node = self._live(e.fd, e.t_ns)
        if e.mask & 1:
            node.t_read = e.t_ns
        if e.mask & 2:
            node.t_write = e.t_ns

    def _on_received(self, e: ev.Received) -> None:
        node = self._live(e.fd, e.t_ns)
        node.bytes_in += e.nbytes
        self.bytes_in += e.nbytes
        self.flights.append(Flight(e.t_ns, node.cid, True, e.nbytes))

    def _on_sent(self, e: ev.Sent) -> None:
        node = self._live(e.fd, e.t_ns)
        node.bytes_out += e.nbytes
        node.buffered = e.buffered
        self.bytes_out += e.nbytes
        self.flights.append(Flight(e.t_ns, node.cid, False, e.nbytes))

    def _on_reading_paused(self, e: ev.ReadingPaused) -> None:
        node = self._live(e.fd, e.t_ns)
        node.buffered = e.buffered
        node.t_paused = e.t_ns
        if node.state == OPEN:
            node.state, node.t_state = PAUSED, e.t_ns

    def _on_reading_resumed(self, e: ev.ReadingResumed) -> None:
        node = self._live(e.fd, e.t_ns)
        node.buffered = e.buffered
        if node.state == PAUSED:
            node.state, node.t_state = OPEN, e.t_ns

    def _on_half_closed(self, e: ev.HalfClosed) -> None:
        node = self._live(e.fd, e.t_ns)
        node.buffered = e.buffered
        node.t_half = e.t_ns
        node.state, node.t_state = HALF_CLOSED, e.t_ns

    def _on_closed(self, e: ev.Closed) -> None:
        node = self.by_fd.get(e.fd)
        if node is None:
            return
        node.events += 1
        # The server's own totals are authoritative (events may have been dropped on the way).
        node.bytes_in = max(node.bytes_in, e.bytes_in)
        node.bytes_out = max(node.bytes_out, e.bytes_out)
        node.buffered = 0
        state = state_for_close_reason(e.reason)
        self._end(node, state, e.reason, e.t_ns)
        if state == RESET:
            self.resets += 1
        else:
            self.closed += 1

    def _on_refused(self, e: ev.Refused) -> None:
        node = self._new_node(e.fd, e.peer, e.t_ns)
        node.events = 1
        node.state, node.reason, node.t_end = REFUSED, e.reason, e.t_ns
        self.refused += 1

    def _on_listener_paused(self, e: ev.ListenerPaused) -> None:
        if self.listener is not None:
            self.listener.paused, self.listener.pause_reason = True, e.reason

    def _on_listener_resumed(self, e: ev.ListenerResumed) -> None:
        if self.listener is not None:
            self.listener.paused, self.listener.pause_reason = False, ""

    def _on_server_error(self, e: ev.ServerError) -> None:
        self.last_error = e

    def _on_loop_phase(self, e: ev.LoopPhase) -> None:
        self.phase = e
