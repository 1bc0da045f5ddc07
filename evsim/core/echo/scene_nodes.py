"""The pieces of the sockets lab's scene: connection states, animation lengths, and the plain objects :class:`evsim.core.echo.scene.SocketScene` is made of (a node per connection, the listener,
bytes in flight, readiness pulses).

Everything here is a pure function of recorded event times and ``now_ns`` (and a speed factor).
"""

from __future__ import annotations

from typing import NamedTuple

from evsim.core.echo import events as ev

__all__ = [
    "OPEN", "PAUSED", "HALF_CLOSED", "CLOSED", "RESET", "REFUSED", "STATES", "ENDED_STATES",
    "APPEAR_NS", "PULSE_NS", "FLIGHT_NS", "HOLD_NS", "FADE_NS", "STATE_HOLD_NS",
    "Node", "Listener", "Flight", "Pulse", "progress", "state_for_close_reason",
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


class Pulse(NamedTuple):
    """The selector reported connection ``cid`` (fd ``fd``) ready with ``mask`` at ``t_ns``."""

    t_ns: int
    cid: int
    fd: int
    mask: int


class Flight(NamedTuple):
    """``nbytes`` moving along connection ``cid``'s edge: inbound (peer -> server) or outbound, over ``dur_ns``
    of animation time (longer than FLIGHT_NS when the loop runs slowly: the map follows its pace)."""

    t_ns: int
    cid: int
    inbound: bool
    nbytes: int
    dur_ns: int = FLIGHT_NS
