"""The stream's own event kinds (ids 1-15), and what a reader makes of a kind it has no class for."""

from __future__ import annotations

from evsim.core.events import Event, event

__all__ = ["Hello", "Dropped", "SnapshotBegin", "SnapshotEnd", "Heartbeat", "Command", "UnknownEvent"]


@event
class Hello(Event):
    """Who produces this stream: ``version`` of the format, ``pid`` of the process, ``producer`` a name."""

    version: int
    pid: int
    producer: str


@event
class Dropped(Event):
    """The producer dropped ``count`` events since the previous Dropped (its consumer fell behind).

    Only events are ever dropped, never data.  ``t_ns`` is the time of the first of the dropped events.
    """

    count: int


@event
class SnapshotBegin(Event):
    """The state at this instant follows (``connections`` open), so a stream joined mid-way makes sense."""

    connections: int


@event
class SnapshotEnd(Event):
    """The snapshot that SnapshotBegin opened is complete: live events follow."""


@event
class Heartbeat(Event):
    """Nothing happened, and the producer is alive."""


@event
class Command(Event):
    """A request from the window to the producer (the command channel: the same framing, other direction)."""

    name: str
    arg: str


@event
class UnknownEvent(Event):
    """A kind the stream describes but this reader has no matching class for (a newer or foreign producer).

    ``name`` is the kind's name in the stream, ``fields`` its ``(field name, value)`` pairs in order.
    """

    name: str
    fields: tuple

    @property
    def kind(self) -> str:
        return self.name
