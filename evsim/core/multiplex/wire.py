"""The multiplex events as JSON lines, for the measuring child process and its parent.

``t_ns`` stays valid across processes: CLOCK_MONOTONIC is the same clock for every process of the machine.
"""

from __future__ import annotations

import dataclasses
import json
import math

from evsim.core.events import Event
from evsim.core.multiplex import events as mx_events

__all__ = ["encode", "decode"]

_KINDS = {name: getattr(mx_events, name) for name in mx_events.__all__}


def encode(ev: Event) -> str:
    """One JSON line for ``ev`` (NaN written as null)."""
    d = {"kind": type(ev).__name__}
    for f in dataclasses.fields(ev):
        v = getattr(ev, f.name)
        if isinstance(v, float) and not math.isfinite(v):
            v = None
        d[f.name] = v
    return json.dumps(d)


def decode(line: str) -> Event:
    """The event a line of :func:`encode` stands for (ValueError if it is not one)."""
    try:
        d = json.loads(line)
        cls = _KINDS[d.pop("kind")]
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise ValueError(f"not an event line: {line[:80]!r}") from e
    kw = {}
    for f in dataclasses.fields(cls):
        if f.name not in d and f.default is not dataclasses.MISSING:
            continue  # a field newer than the writer: its default
        v = d.get(f.name)
        if f.name in ("us_p50", "us_p95") and v is None:
            v = math.nan
        if isinstance(v, list):
            v = tuple(v)
        kw[f.name] = v
    return cls(**kw)
