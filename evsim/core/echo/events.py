"""What the echo servers report: one frozen event per accept, readiness, recv, send, close...

This module is the contract between the servers (producers) and the sockets lab / ``evsim serve --events``
(consumers).  ``fd`` is the connection's file descriptor number at the time of the event; the listening
socket's readiness is reported with its own fd.  ``mask`` uses ``selectors.EVENT_READ`` (1) and
``selectors.EVENT_WRITE`` (2).
"""

from __future__ import annotations

from evsim.core.events import Event, event

__all__ = [
    "Listening", "ServerStopped", "Accepted", "Ready", "Received", "Sent", "ReadingPaused",
    "ReadingResumed", "HalfClosed", "Closed", "Refused", "ListenerPaused", "ListenerResumed",
    "ServerError", "LoopPhase", "ConnectionState", "ServerCounters", "StartFailed", "ClientState", "ClientEcho", "LoadProgress", "CLOSE_REASONS", "REFUSE_REASONS",
]

#: Reasons a connection ends (Closed.reason).
CLOSE_REASONS = ("normal", "half-close done", "reset", "broken pipe", "error", "server stopped")
#: Reasons a connection is refused right after accept (Refused.reason).
REFUSE_REASONS = ("fd >= FD_SETSIZE", "max connections")


@event
class Listening(Event):
    """The server is listening. ``style`` is "selectors" or "classic"; ``backend`` the selector in use."""

    host: str
    port: int
    backend: str
    style: str
    fd: int


@event
class ServerStopped(Event):
    """The loop has ended and every socket is closed."""

    reason: str


@event
class Accepted(Event):
    fd: int
    peer: str


@event
class Ready(Event):
    """The selector reported ``fd`` ready with ``mask`` (EVENT_READ=1, EVENT_WRITE=2)."""

    fd: int
    mask: int


@event
class Received(Event):
    fd: int
    nbytes: int


@event
class Sent(Event):
    """``nbytes`` went out; ``partial`` when the kernel took less than offered; ``buffered`` is what is left."""

    fd: int
    nbytes: int
    partial: bool
    buffered: int


@event
class ReadingPaused(Event):
    """Back-pressure: the output buffer passed the high watermark, so the server stopped reading ``fd``."""

    fd: int
    buffered: int


@event
class ReadingResumed(Event):
    fd: int
    buffered: int


@event
class HalfClosed(Event):
    """The peer shut down its write side (recv returned b''); buffered bytes are still echoed."""

    fd: int
    buffered: int


@event
class Closed(Event):
    fd: int
    reason: str
    bytes_in: int
    bytes_out: int


@event
class Refused(Event):
    """A connection accepted and closed at once (``reason`` in REFUSE_REASONS)."""

    fd: int
    peer: str
    reason: str


@event
class ListenerPaused(Event):
    """accept() failed with EMFILE/ENFILE: the listener is unregistered and re-armed after ``retry_ms``."""

    reason: str
    retry_ms: int


@event
class ListenerResumed(Event):
    pass


@event
class ServerError(Event):
    """An error the server survived (``fd`` is -1 when no connection is involved)."""

    fd: int
    message: str


@event
class LoopPhase(Event):
    """Where the server loop is: ``phase`` in ("select", "accept", "read", "write"), ``line`` the source line.

    Emitted only while a LoopControl asks for tracing (the code pane is visible), so it costs nothing
    otherwise.
    """

    phase: str
    line: int


@event
class ConnectionState(Event):
    """One open connection as it is now: sent in a snapshot (a stream that starts, or resyncs, mid-way)."""

    fd: int
    peer: str
    bytes_in: int
    bytes_out: int
    buffered: int
    state: str


@event
class ServerCounters(Event):
    """The server's totals since it started (state, not deltas: exact even when the consumer lost events)."""

    accepted: int
    open: int
    bytes_in: int
    bytes_out: int
    refused: int
    closed: int


@event
class StartFailed(Event):
    """The server could not start: ``error`` is the errno name ("EADDRINUSE", ...) or "" and ``message`` the
    one-line explanation (English; a window translates from ``error``)."""

    error: str
    message: str


# -- the clients process (evsim.core.echo.clients_child) -------------------------------------------------------

@event
class ClientState(Event):
    """A built-in client as it is now (sent when it changes, at most a few times a second).  ``cid`` is the
    window's number for it; ``role`` "typed", "echo", "slow reader", "reset", "half-close" or "idle"."""

    cid: int
    role: str
    local: str
    running: bool
    bytes_sent: int
    bytes_received: int
    error: str


@event
class ClientEcho(Event):
    """What the server echoed to a typed client (decoded as UTF-8, invalid bytes replaced)."""

    cid: int
    text: str


@event
class LoadProgress(Event):
    """The load generator's running (or final) result as JSON (``LoadResult.to_dict()``), ``error`` one line
    or "", and the clients process's own CPU use (percent of one core since the previous LoadProgress)."""

    running: bool
    result_json: str
    error: str
    cpu_percent: float
