"""Observable events and the bounded sinks producers emit them into.

Every producer (the echo server thread, the polling thread, an I/O-model runner...) does its real work and
emits small frozen events stamped with ``time.monotonic_ns()``.  A producer never waits for whoever consumes
them: a :class:`RingSink` keeps the newest ``capacity`` events, discards the oldest under overload and counts
what it discarded, so the GUI can show "N events not displayed".  Events are dropped, never data.

Lab-specific event classes live beside their producers (``evsim.core.echo.events`` ...); they all derive
from :class:`Event` and are declared with :func:`event`.

Hot producers (the echo server emits three events per request) may emit a *record* instead of an event: the
immutable tuple ``(EventClass, t_ns, *fields)`` that :func:`deferred` builds.  Building a frozen dataclass
costs a few hundred nanoseconds; a tuple a quarter of that.  Every sink turns records into the very same
event objects before anyone reads them (:func:`materialize`), so consumers only ever see events, and the
cost moves from the producer to whoever reads (or to nobody, for events a full ring discards).
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable, Protocol, TypeVar, runtime_checkable

__all__ = ["Event", "event", "deferred", "materialize", "Sink", "RingSink", "ListSink", "CallbackSink", "NullSink",
           "now_ns"]

#: The one clock every event is stamped with.
now_ns: Callable[[], int] = time.monotonic_ns

_T = TypeVar("_T")


def event(cls: type[_T]) -> type[_T]:
    """Declare an event class: a frozen, slotted dataclass."""
    return dataclass(frozen=True, slots=True)(cls)


@event
class Event:
    """Base of every observable event: ``t_ns`` is ``time.monotonic_ns()`` when it happened."""

    t_ns: int

    @property
    def kind(self) -> str:
        """A short, stable name for the event type (used by logs, filters and exports)."""
        return type(self).__name__


def deferred(cls: type[_T]) -> Callable[..., tuple]:
    """A constructor with the signature of event class ``cls`` that returns the record ``(cls, *fields)``.

    ``materialize(deferred(C)(*args)) == C(*args)``; sinks call :func:`materialize` for you.
    """
    names = [f for f in cls.__dataclass_fields__]  # type: ignore[attr-defined]
    params = ", ".join(names)
    namespace: dict[str, object] = {"_cls": cls}
    exec(f"def {cls.__name__}({params}):\n    return (_cls, {params})\n", namespace)  # exact arity: no *args cost
    make = namespace[cls.__name__]
    make.__doc__ = f"The deferred record of a {cls.__name__} event (see evsim.core.events.deferred)."
    return make  # type: ignore[return-value]


def materialize(item: "Event | tuple") -> Event:
    """The event itself, or the event a :func:`deferred` record stands for."""
    if type(item) is tuple:
        return item[0](*item[1:])
    return item  # type: ignore[return-value]


@runtime_checkable
class Sink(Protocol):
    """Anything that accepts events (or deferred records of them).  ``emit`` must never block the producer."""

    def emit(self, ev: Event) -> None: ...


class RingSink:
    """A bounded, thread-safe buffer of events that never blocks a producer.

    ``emit`` is two C-level calls (a ``deque.append`` and a counter step), each atomic under the GIL, so any
    number of producer threads can emit while one consumer drains.  When full, the oldest event is discarded:
    a live view wants the latest state.  ``dropped`` is exact whenever producers are quiet; while they run it
    may lag by the few events being emitted at that instant.
    """

    __slots__ = ("capacity", "_buf", "_next", "_emitted", "_drained", "emit")

    def __init__(self, capacity: int = 65536) -> None:
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self.capacity = capacity
        self._buf: deque[Event] = deque(maxlen=capacity)
        self._next = itertools.count(1).__next__
        self._emitted = 0
        self._drained = 0
        append = self._buf.append
        nxt = self._next

        def emit(ev: Event) -> None:
            append(ev)
            self._emitted = nxt()

        # A closure bound once: the hot path does no attribute lookups on self beyond the store.
        self.emit = emit

    def drain(self, max_items: int | None = None) -> list[Event]:
        """Remove and return the buffered events, oldest first (at most ``max_items``)."""
        buf = self._buf
        n = len(buf)
        if max_items is not None:
            n = min(n, max_items)
        popleft = buf.popleft
        out = [popleft() for _ in range(n)]
        self._drained += n
        for i, item in enumerate(out):
            if type(item) is tuple:  # a deferred record: build its event now, on the reader's side
                out[i] = item[0](*item[1:])
        return out

    def drain_raw(self, max_items: int | None = None) -> list:
        """Like :meth:`drain`, but deferred records stay tuples (for a stream encoder that takes them as is)."""
        buf = self._buf
        n = len(buf) if max_items is None else min(len(buf), max_items)
        popleft = buf.popleft
        out = [popleft() for _ in range(n)]
        self._drained += n
        return out

    def __len__(self) -> int:
        return len(self._buf)

    @property
    def emitted(self) -> int:
        """Events emitted so far."""
        return self._emitted

    @property
    def dropped(self) -> int:
        """Events discarded because the consumer did not keep up."""
        return max(0, self._emitted - self._drained - len(self._buf))

    def __repr__(self) -> str:
        return f"<RingSink {len(self._buf)}/{self.capacity} emitted={self.emitted} dropped={self.dropped}>"


class ListSink:
    """Unbounded list of events, for tests and short headless runs.  Thread-safe (list.append is atomic)."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        append = self.events.append
        self.emit = lambda ev: append(materialize(ev))

    def of(self, cls: type[_T]) -> list[_T]:
        """The events of one class, in order."""
        return [e for e in self.events if isinstance(e, cls)]

    def __len__(self) -> int:
        return len(self.events)


class CallbackSink:
    """Calls ``fn(event)`` on the producer's thread: only for cheap, non-blocking callbacks."""

    def __init__(self, fn: Callable[[Event], None]) -> None:
        self.emit = lambda ev: fn(materialize(ev))


class NullSink:
    """Discards everything."""

    def emit(self, ev: Event) -> None:  # noqa: D401 - protocol method
        pass


class FanoutSink:
    """Emits each event into several sinks."""

    def __init__(self, sinks: Iterable[Sink]) -> None:
        self._sinks = tuple(sinks)

    def emit(self, ev: Event) -> None:
        for s in self._sinks:
            s.emit(ev)


__all__.append("FanoutSink")

