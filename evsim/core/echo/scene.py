"""What the sockets lab's map shows, as plain Python: the listener, one node per connection, bytes in flight.

:class:`SocketScene` folds the echo server's events (:mod:`evsim.core.echo.events`) into the state a view
paints.  It knows nothing about Qt or pixels; a view asks it where things are (ring slots, or the newest node
of each fd) and how far each animation has gone, and the answer is a pure function of the recorded event
times, ``now_ns`` and a speed factor -- so a view can be tested with a fixed clock and a paused view shows
exactly the recorded state.

Connections are keyed by a scene-wide id, not by fd: the kernel reuses a closed connection's fd for the
next accept while the old node is still fading out.

Layout: each connection takes the lowest free *slot*; slot ``i`` lives on ring ``ring_of(i)`` at a fixed
angle, and a slot is only released once its node has faded away, so nodes never jump around.  A view of
thousands of connections places nodes by fd instead (:attr:`SocketScene.shown_by_fd`) and repaints only the
fds whose look changed (:meth:`SocketScene.take_dirty_fds`).

Applying an event costs O(1) (O(log N) for a new slot), whatever the number of connections; so does
:meth:`SocketScene.prune` per node it removes.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from typing import Iterable

from evsim.core.echo import events as ev
from evsim.core.echo.scene_nodes import (
    APPEAR_NS, CLOSED, ENDED_STATES, FADE_NS, FLIGHT_NS, HALF_CLOSED, HOLD_NS, OPEN, PAUSED, PULSE_NS, REFUSED,
    RESET, STATE_HOLD_NS, STATES, Flight, Listener, Node, Pulse, progress, state_for_close_reason,
)
from evsim.core.echo.scene_loop import LoopState
from evsim.core.echo.scene_slots import Slots, ring_capacity, ring_of, slot_angle
from evsim.core.events import Event
from evsim.core.stream.control import SnapshotBegin, SnapshotEnd
from evsim.core.watch import events as w

__all__ = [
    "OPEN", "PAUSED", "HALF_CLOSED", "CLOSED", "RESET", "REFUSED", "STATES", "ENDED_STATES",
    "APPEAR_NS", "PULSE_NS", "FLIGHT_NS", "HOLD_NS", "FADE_NS", "STATE_HOLD_NS", "QUIET_NS",
    "Node", "Listener", "Flight", "Pulse", "SocketScene", "progress", "ring_of", "ring_capacity", "slot_angle",
    "state_for_close_reason",
]

#: Animation time after the last event by which every animation (pulse, flight, hold, fade) is over.
QUIET_NS = HOLD_NS + FADE_NS + 200_000_000

_EPOCHS = itertools.count(1)
#: The server's connection states (``ConnState`` values, as a snapshot reports them) -> what the map draws.
_SNAPSHOT_STATES = {"open": OPEN, "reading paused": PAUSED, "half-closed": HALF_CLOSED, "closing": HALF_CLOSED}


class SocketScene:
    """The echo server's state as the map paints it, folded from its events.

    ``apply(batch)`` is cheap (a dict dispatch per event) and never blocks; ``prune(now_ns, speed)`` removes
    nodes whose fade-out is over and bytes that have arrived.  Counters (``events_seen``, ``bytes_in``,
    ``bytes_out``...) only grow, so a plot can take differences.
    """

    def __init__(self, max_flights: int = 256, max_pulses: int = 4096) -> None:
        #: Changes whenever the scene starts over (``clear``): a view's caches of it are then stale.
        self.epoch = next(_EPOCHS)
        self.listener: Listener | None = None
        self.nodes: dict[int, Node] = {}      # cid -> node, alive and fading
        self.by_fd: dict[int, Node] = {}      # fd -> the live (not ended) node using it
        #: fd -> the newest node that used it, live or still fading (what a by-fd view shows in its cell).
        self.shown_by_fd: dict[int, Node] = {}
        self.flights: deque[Flight] = deque(maxlen=max_flights)
        #: The newest readiness reports (oldest first); a view animates those whose pulse is not over.
        self.pulses: deque[Pulse] = deque(maxlen=max_pulses)
        self.phase: ev.LoopPhase | None = None
        #: Where a watched loop is: held call, pending ready fds, pace (evsim.core.echo.scene_loop).
        self.loop = LoopState()
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
        self._slots = Slots()
        self._counts = dict.fromkeys(STATES, 0)
        self._ended: deque[Node] = deque()   # ended nodes in the order they ended, for prune
        self._fd_heap: list[int] = []        # -fd of shown fds (lazy: stale entries are skipped)
        self._dirty: set[int] = set()
        self._snapshot: set[int] | None = None  # fds listed by the snapshot being received
        # the newest event time that starts each kind of animation
        self._t_appear = self._t_pulse = self._t_hold = None  # type: int | None
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
            # a snapshot (a stream joined mid-way, or resent after the window lost events)
            SnapshotBegin: lambda e: self.begin_snapshot(e.t_ns),
            ev.ConnectionState: lambda e: self.restore_connection(e.t_ns, e.fd, e.peer, e.bytes_in, e.bytes_out,
                                                                  e.buffered, e.state),
            SnapshotEnd: lambda e: self.end_snapshot(e.t_ns),
        }
        loop = self.loop
        self._handlers.update({w.Held: loop.on_held, w.Selected: loop.on_selected, w.SourceFile: loop.on_source,
                               w.Accept: loop.on_call, w.Recv: loop.on_call, w.Send: loop.on_call})
        self._handlers.update(dict.fromkeys((w.Register, w.Modify, w.Unregister, w.Close, w.Shutdown, w.Connect),
                                            loop.on_other_call))

    # -- queries --
    @property
    def open_count(self) -> int:
        """Connections open right now (including paused and half-closed ones)."""
        return len(self.by_fd)

    @property
    def rings_in_use(self) -> int:
        return self._slots.rings_in_use

    def node_for_fd(self, fd: int) -> Node | None:
        return self.by_fd.get(fd)

    def state_counts(self) -> dict[str, int]:
        """How many nodes (live and fading) are in each state; kept as the events arrive, so O(1)."""
        return dict(self._counts)

    def max_fd(self) -> int:
        """The highest fd with a node on screen (live or fading), -1 when there is none."""
        heap, shown = self._fd_heap, self.shown_by_fd
        while heap and -heap[0] not in shown:
            heapq.heappop(heap)
        if len(heap) > 2 * len(shown) + 64:  # fd reuse leaves duplicates behind: compact now and then
            self._fd_heap = heap = [-fd for fd in shown]
            heapq.heapify(heap)
        return -heap[0] if heap else -1

    def take_dirty_fds(self) -> set[int]:
        """The fds whose shown node appeared, changed state or went away since the last call (one consumer)."""
        out, self._dirty = self._dirty, set()
        return out

    def needs_frames(self, now_ns: int, speed: float = 1.0) -> bool:
        """Whether anything is still moving at ``now_ns``: a node growing in, a pulse, bytes in flight, a brief
        state held on screen, or an ended node not yet faded and pruned.  When False, a view can stop its frame
        timer until the next event arrives."""
        if self._ended:
            return True
        for t, dur in ((self._t_appear, APPEAR_NS), (self._t_pulse, PULSE_NS), (self._t_hold, STATE_HOLD_NS)):
            if t is not None and (now_ns - t) * speed < dur:
                return True
        fl = self.flights
        return bool(fl) and (now_ns - fl[-1].t_ns) * speed < fl[-1].dur_ns

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
        """Forget ended nodes that have faded out and flights that have landed; returns nodes removed.

        Nodes end in time order, so this looks only at the oldest ended nodes: O(removed), not O(N)."""
        ended = self._ended
        removed = 0
        while ended and ended[0].opacity(now_ns, speed) <= 0.0:
            n = ended.popleft()
            if self.nodes.pop(n.cid, None) is None:
                continue
            removed += 1
            self._counts[n.state] -= 1
            self._slots.release(n.slot)
            if self.shown_by_fd.get(n.fd) is n:
                live = self.by_fd.get(n.fd)  # a refusal we saw while a Closed was lost: the live one again
                if live is not None:
                    self.shown_by_fd[n.fd] = live
                else:
                    del self.shown_by_fd[n.fd]
                self._dirty.add(n.fd)
        fl = self.flights
        while fl and progress(fl[0].t_ns, now_ns, fl[0].dur_ns, speed) >= 1.0:
            fl.popleft()
        return removed

    def clear(self) -> None:
        """Forget everything (a new server run)."""
        self.__init__(self.flights.maxlen or 256, self.pulses.maxlen or 4096)  # type: ignore[misc]

    # -- a stream that starts, or resyncs, mid-way: a snapshot of the open connections --
    def begin_snapshot(self, t_ns: int) -> None:
        """A snapshot starts: the connections it lists follow (:meth:`restore_connection`), then
        :meth:`end_snapshot`."""
        self._snapshot = set()
        self.last_t_ns = max(self.last_t_ns, t_ns)

    def restore_connection(self, t_ns: int, fd: int, peer: str, bytes_in: int, bytes_out: int, buffered: int,
                           state: str) -> Node:
        """One open connection as a snapshot describes it (``state`` as the server's ConnState says it:
        "open", "reading paused", "half-closed", "closing"): its live node, made if the scene has none, takes
        the server's totals (authoritative: events may have been lost) and state.  O(1)."""
        node = self.by_fd.get(fd)
        if node is None:
            node = self._new_node(fd, peer, t_ns)
            self.by_fd[fd] = node
        if peer and node.peer in ("", "?"):
            node.peer = peer
        node.bytes_in = max(node.bytes_in, bytes_in)
        node.bytes_out = max(node.bytes_out, bytes_out)
        node.buffered = buffered
        want = _SNAPSHOT_STATES.get(state, OPEN)
        if want != node.state:
            self._set_state(node, want, t_ns)
        if self._snapshot is not None:
            self._snapshot.add(fd)
        return node

    def end_snapshot(self, t_ns: int) -> int:
        """The snapshot is complete: a live node it did not list was closed while its events were lost; it
        ends now.  Returns how many ended (O(open connections), once per snapshot)."""
        listed, self._snapshot = self._snapshot, None
        if listed is None:
            return 0
        gone = [n for fd, n in self.by_fd.items() if fd not in listed]
        for n in gone:
            self._end(n, CLOSED, "", t_ns)
        return len(gone)

    # -- nodes and states --
    def _new_node(self, fd: int, peer: str, t_ns: int) -> Node:
        node = Node(self._next_cid, fd, peer, self._slots.take(), t_ns)
        self._next_cid += 1
        self.nodes[node.cid] = node
        self._counts[OPEN] += 1
        self._t_appear = t_ns
        if fd >= 0:
            if fd not in self.shown_by_fd:
                heapq.heappush(self._fd_heap, -fd)
            self.shown_by_fd[fd] = node
            self._dirty.add(fd)
        return node

    def _set_state(self, node: Node, state: str, t_ns: int) -> None:
        counts = self._counts
        counts[node.state] -= 1
        counts[state] += 1
        node.state, node.t_state = state, t_ns
        if self.shown_by_fd.get(node.fd) is node:
            self._dirty.add(node.fd)

    def _live(self, fd: int, t_ns: int) -> Node:
        """The live node of ``fd``; one is made up if the scene joined after its accept."""
        node = self.by_fd.get(fd)
        if node is None:
            node = self._new_node(fd, "?", t_ns)
            self.by_fd[fd] = node
        node.events += 1
        return node

    def _end(self, node: Node, state: str, reason: str, t_ns: int) -> None:
        self._set_state(node, state, t_ns)
        node.reason, node.t_end = reason, t_ns
        self._ended.append(node)
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
        if self.listener is not None:
            self.loop.handled(self.listener.fd)

    def _on_ready(self, e: ev.Ready) -> None:
        self.loop.ready(e.fd, e.t_ns)  # pending until the loop dispatches it
        lst = self.listener
        if lst is not None and e.fd == lst.fd:
            lst.t_ready = e.t_ns
            self._t_pulse = e.t_ns
            return
        node = self._live(e.fd, e.t_ns)
        if e.mask & 1:
            node.t_read = e.t_ns
        if e.mask & 2:
            node.t_write = e.t_ns
        self.pulses.append(Pulse(e.t_ns, node.cid, e.fd, e.mask))
        self._t_pulse = e.t_ns

    def _on_received(self, e: ev.Received) -> None:
        node = self._live(e.fd, e.t_ns)
        node.bytes_in += e.nbytes
        self.bytes_in += e.nbytes
        self.loop.handled(e.fd)
        self.flights.append(Flight(e.t_ns, node.cid, True, e.nbytes, self.loop.stretch(FLIGHT_NS)))

    def _on_sent(self, e: ev.Sent) -> None:
        node = self._live(e.fd, e.t_ns)
        node.bytes_out += e.nbytes
        node.buffered = e.buffered
        self.bytes_out += e.nbytes
        self.loop.handled(e.fd)
        self.flights.append(Flight(e.t_ns, node.cid, False, e.nbytes, self.loop.stretch(FLIGHT_NS)))

    def _on_reading_paused(self, e: ev.ReadingPaused) -> None:
        node = self._live(e.fd, e.t_ns)
        node.buffered = e.buffered
        node.t_paused = e.t_ns
        self._t_hold = e.t_ns
        if node.state == OPEN:
            self._set_state(node, PAUSED, e.t_ns)

    def _on_reading_resumed(self, e: ev.ReadingResumed) -> None:
        node = self._live(e.fd, e.t_ns)
        node.buffered = e.buffered
        if node.state == PAUSED:
            self._set_state(node, OPEN, e.t_ns)

    def _on_half_closed(self, e: ev.HalfClosed) -> None:
        node = self._live(e.fd, e.t_ns)
        node.buffered = e.buffered
        node.t_half = e.t_ns
        self._t_hold = e.t_ns
        self.loop.handled(e.fd)
        self._set_state(node, HALF_CLOSED, e.t_ns)

    def _on_closed(self, e: ev.Closed) -> None:
        self.loop.handled(e.fd)
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
        self._end(node, REFUSED, e.reason, e.t_ns)
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
