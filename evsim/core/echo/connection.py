"""Per-connection echo state, without any I/O (sans-IO, in the spirit of h11).

A :class:`Connection` is told what happened on the wire (``data_received``, ``sent``, ``eof_received``) and
answers with what the owner of the socket should do next: which bytes to send (``data_to_send``), whether to
read (``should_read``) or wait for writability (``wants_write``), and when to close (``is_done``).  It never
touches a socket, so every rule is unit-tested with plain bytes.

Back-pressure: bytes waiting to be echoed live in an output buffer: a deque of the received chunks plus an
offset into the first one, so nothing is copied twice and a partial send only moves the offset (small chunks
are coalesced into bytearrays, so a peer trickling single bytes cannot make the per-chunk overhead dominate).  When the buffer grows past ``high_water`` the connection stops asking
for reads (state READING_PAUSED) until sends drain it to ``low_water`` or less.  As long as the owner only
reads while ``should_read`` is true, the buffer never holds more than ``high_water + one recv chunk``.

States::

    OPEN ──buffer > high──▶ READING_PAUSED ──buffer <= low──▶ OPEN
      │                          │
      └──────── eof ─────────────┴──▶ HALF_CLOSED ──buffer empty──▶ CLOSING ──closed()──▶ CLOSED
"""

from __future__ import annotations

import enum
from collections import deque

__all__ = [
    "ConnState", "Action", "Connection", "PAUSE_READING", "RESUME_READING", "CLOSE",
    "DEFAULT_HIGH_WATER", "DEFAULT_LOW_WATER",
]

DEFAULT_HIGH_WATER = 256 * 1024
DEFAULT_LOW_WATER = 64 * 1024


class ConnState(str, enum.Enum):
    OPEN = "open"
    READING_PAUSED = "reading paused"
    HALF_CLOSED = "half-closed"
    CLOSING = "closing"
    CLOSED = "closed"

    def __str__(self) -> str:
        return self.value


class Action(str, enum.Enum):
    """What the socket's owner must do after a call (returned as a tuple, usually empty)."""

    PAUSE_READING = "pause reading"
    RESUME_READING = "resume reading"
    CLOSE = "close"

    def __str__(self) -> str:
        return self.value


PAUSE_READING = Action.PAUSE_READING
RESUME_READING = Action.RESUME_READING
CLOSE = Action.CLOSE

# Constant tuples: the common answer "nothing to do" costs no allocation.
_NOTHING: tuple[Action, ...] = ()
_PAUSE = (PAUSE_READING,)
_RESUME = (RESUME_READING,)
_CLOSE = (CLOSE,)

#: Chunks smaller than this are copied into a bytearray shared with their neighbours...
_SMALL = 4096
#: ...of at most this size.
_COALESCE_MAX = 65536

_OPEN = ConnState.OPEN
_PAUSED = ConnState.READING_PAUSED
_HALF = ConnState.HALF_CLOSED
_CLOSING = ConnState.CLOSING
_CLOSED = ConnState.CLOSED


class Connection:
    """The echo state of one connection: output buffer, watermarks, state and byte counters.

    ``fd`` and ``peer`` are labels for display only, and ``interest`` is the owner's bookkeeping (e.g. the
    selector events currently registered); the object never uses them.
    """

    __slots__ = ("fd", "peer", "high_water", "low_water", "state", "bytes_in", "bytes_out",
                 "buffered", "_chunks", "_offset", "eof", "interest")

    def __init__(self, high_water: int = DEFAULT_HIGH_WATER, low_water: int = DEFAULT_LOW_WATER,
                 fd: int = -1, peer: str = "") -> None:
        if not 0 <= low_water <= high_water:
            raise ValueError("need 0 <= low_water <= high_water")
        self.fd = fd
        self.peer = peer
        self.interest = 0
        self.high_water = high_water
        self.low_water = low_water
        self.state = _OPEN
        self.bytes_in = 0
        self.bytes_out = 0
        #: Bytes received and not yet sent back.
        self.buffered = 0
        #: True once the peer has shut down its write side.
        self.eof = False
        self._chunks: deque[bytes | bytearray] = deque()
        #: How much of ``_chunks[0]`` has already been sent.
        self._offset = 0

    # -- what happened -------------------------------------------------------------------------
    def data_received(self, data: bytes) -> tuple[Action, ...]:
        """``data`` arrived from the peer: queue it for echo.  May answer PAUSE_READING."""
        n = len(data)
        if not n:
            return _NOTHING
        if type(data) is not bytes:
            data = bytes(data)  # we keep it: never hold on to a buffer the caller may reuse
        if self.state is not _OPEN and self.state is not _PAUSED:
            raise RuntimeError(f"data received in state {self.state}")
        chunks = self._chunks
        if n >= _SMALL or not chunks:
            chunks.append(data)
        elif len(chunks) > 1 and type(chunks[-1]) is bytearray and len(chunks[-1]) < _COALESCE_MAX:
            chunks[-1] += data  # never the head: nobody holds a view of it
        else:
            chunks.append(bytearray(data))
        self.bytes_in += n
        self.buffered += n
        if self.buffered > self.high_water and self.state is _OPEN:
            self.state = _PAUSED
            return _PAUSE
        return _NOTHING

    def data_to_send(self) -> bytes | bytearray | memoryview:
        """The next bytes to offer to ``send`` (the unsent part of the head chunk; b'' when there is none)."""
        chunks = self._chunks
        if not chunks:
            return b""
        if self._offset:
            return memoryview(chunks[0])[self._offset:]
        return chunks[0]

    def sent(self, n: int) -> tuple[Action, ...]:
        """The kernel took ``n`` bytes of what ``data_to_send`` returned.  May answer RESUME_READING or CLOSE."""
        if n <= 0:
            return _NOTHING
        chunks = self._chunks
        offset = self._offset + n
        size = len(chunks[0]) if chunks else 0
        if offset > size:
            raise ValueError(f"sent {n} bytes but only {size - self._offset} were offered")
        if offset == size:
            chunks.popleft()
            offset = 0
        self._offset = offset
        self.bytes_out += n
        self.buffered -= n
        state = self.state
        if state is _OPEN:
            return _NOTHING
        if state is _PAUSED and self.buffered <= self.low_water:
            self.state = _OPEN
            return _RESUME
        if state is _HALF and not self.buffered:
            self.state = _CLOSING
            return _CLOSE
        return _NOTHING

    def eof_received(self) -> tuple[Action, ...]:
        """The peer shut down its write side (recv returned b'').  Buffered bytes are still to be echoed."""
        if self.state is _CLOSING or self.state is _CLOSED:
            return _NOTHING
        self.eof = True
        if self.buffered:
            self.state = _HALF
            return _NOTHING
        self.state = _CLOSING
        return _CLOSE

    def closed(self) -> None:
        """The owner has closed the socket (for any reason): drop whatever is still buffered."""
        self.state = _CLOSED
        self._chunks.clear()
        self._offset = 0
        self.buffered = 0

    # -- what to do ----------------------------------------------------------------------------
    @property
    def should_read(self) -> bool:
        """Read from the socket? (False while paused by back-pressure, after EOF, or when done.)"""
        return self.state is _OPEN

    @property
    def wants_write(self) -> bool:
        """Bytes are waiting to be sent."""
        return self.buffered > 0 and self.state is not _CLOSED

    @property
    def is_done(self) -> bool:
        """Nothing more will happen: the owner should close the socket."""
        return self.state is _CLOSING or self.state is _CLOSED

    def __repr__(self) -> str:
        return (f"<Connection fd={self.fd} {self.state.value} in={self.bytes_in} out={self.bytes_out} "
                f"buffered={self.buffered}>")
