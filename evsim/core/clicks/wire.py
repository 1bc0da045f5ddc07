"""The clicks events on a pipe between processes: one JSON array per line, ``["Kind", t_ns, field...]``.

Safe to read from a peer nobody trusts: only the event classes of :mod:`evsim.core.clicks.events` are
accepted, each with exactly its fields and their types; anything else raises ValueError (the reader then ends
that stream with one message).  ``t_ns`` is comparable across processes: CLOCK_MONOTONIC is one clock per
machine.

:class:`PipeSink` is the producer's side: it never blocks.  A line is at most ``PIPE_BUF`` bytes, so a write
from any thread is atomic; when the pipe is full (the reader fell behind) the event is dropped and counted.
:class:`LineReader` is the consumer's side: it decodes whatever bytes are available, keeping a partial line.
"""

from __future__ import annotations

import dataclasses
import json
import os
import select

from evsim.core.clicks import events as ck
from evsim.core.events import Event, Sink

__all__ = ["encode", "decode", "PipeSink", "LineReader", "MAX_LINE"]

MAX_LINE = select.PIPE_BUF if hasattr(select, "PIPE_BUF") else 512
_KINDS: dict[str, tuple[type, tuple[tuple[str, type], ...]]] = {}
for _name in ck.__all__:
    _cls = getattr(ck, _name)
    if isinstance(_cls, type) and issubclass(_cls, Event):
        _types = {"int": int, "str": str, "float": float, "bool": bool}
        _KINDS[_name] = (_cls, tuple((f.name, _types[str(f.type)]) for f in dataclasses.fields(_cls)))


def encode(ev: Event) -> bytes:
    """One line for ``ev``."""
    return (json.dumps([type(ev).__name__, *dataclasses.astuple(ev)], separators=(",", ":")) + "\n").encode()


def decode(line: bytes | str) -> Event:
    """The event a line of :func:`encode` stands for; ValueError for anything else."""
    try:
        item = json.loads(line)
        cls, fields = _KINDS[item[0]]
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise ValueError(f"not a clicks event: {str(line)[:60]!r}") from e
    values = item[1:]
    if len(values) != len(fields):
        raise ValueError(f"bad {item[0]} event: {len(values)} fields instead of {len(fields)}")
    for v, (name, typ) in zip(values, fields):
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) if typ is float else \
            (type(v) is typ)
        if not ok:
            raise ValueError(f"bad {item[0]} event: {name} is not {typ.__name__}")
    return cls(*values)


class PipeSink:
    """A sink writing each event as one line into a non-blocking pipe; never blocks (drops and counts)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        os.set_blocking(fd, False)
        self.dropped = 0

    def emit(self, ev: Event) -> None:
        data = encode(ev)
        try:
            os.write(self._fd, data)  # <= PIPE_BUF: atomic, whole or nothing
        except (BlockingIOError, BrokenPipeError):
            self.dropped += 1


class LineReader:
    """Decodes the lines read from one stream into ``sink``.  ``feed`` returns False once the stream went bad
    (``error`` says why); later bytes are ignored."""

    def __init__(self, sink: Sink, name: str = "stream") -> None:
        self._sink = sink
        self._tail = b""
        self.name = name
        self.error: str | None = None
        self.events = 0

    def feed(self, data: bytes) -> bool:
        if self.error is not None:
            return False
        lines = (self._tail + data).split(b"\n")
        self._tail = lines.pop()
        if len(self._tail) > 4 * MAX_LINE:
            self.error = f"{self.name}: a line longer than {4 * MAX_LINE} bytes"
            return False
        for line in lines:
            try:
                ev = decode(line)
            except ValueError as e:
                self.error = f"{self.name}: {e}"
                return False
            self.events += 1
            self._sink.emit(ev)
        return True
