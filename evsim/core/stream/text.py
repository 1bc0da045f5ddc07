"""One line per event, shared by every printer (``evsim serve --events``, and later run/replay --events)."""

from __future__ import annotations

import dataclasses

from evsim.core.events import Event
from evsim.core.stream.control import Dropped, UnknownEvent

__all__ = ["format_event", "format_dropped"]

_NAMES: dict[type, tuple[str, ...]] = {}


def _show(v: object) -> str:
    # A str field may come from a peer nobody trusts: never let it move the cursor or start a new line.
    if type(v) is str and not v.isprintable():
        return v.encode("unicode_escape").decode("ascii")
    return str(v)


def format_dropped(count: int) -> str:
    return f"({count} events dropped by the producer: the consumer did not keep up)"


def format_event(ev: Event, t0_ns: int) -> str:
    """``  0.001234  Received        fd=7 nbytes=5``: seconds since ``t0_ns``, kind, fields."""
    if type(ev) is Dropped:
        return format_dropped(ev.count)
    if type(ev) is UnknownEvent:
        pairs = ev.fields
    else:
        names = _NAMES.get(type(ev))
        if names is None:
            names = _NAMES[type(ev)] = tuple(f.name for f in dataclasses.fields(ev) if f.name != "t_ns")
        pairs = ((n, getattr(ev, n)) for n in names)
    fields = " ".join(f"{n}={_show(v)}" for n, v in pairs)
    return f"{(ev.t_ns - t0_ns) / 1e9:10.6f}  {ev.kind:<15} {fields}".rstrip()
