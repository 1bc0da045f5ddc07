"""Writing a Chrome Trace Event JSON file (what ui.perfetto.dev and chrome://tracing open), streamed.

The file is one JSON object ``{"traceEvents": [...], "displayTimeUnit": "ns", "otherData": {...}}``; the
events are written as they are made, one per line, and only a bounded buffer of lines is held: a trace of
millions of events never exists as one list.  Lines are preformatted strings (``%`` templates below) rather
than ``json.dumps`` per event: the export's hot path is string formatting, nothing else.  Every string that
comes from a stream (peers, reasons, paths, messages) goes through :func:`jstr`, which escapes it.

Timestamps are microseconds (the format's unit) with three decimals, i.e. nanoseconds, from ``t0_ns``.
Each :class:`Track` keeps the last time written on it, so times never go backwards on a track (an event
stamped earlier than the one before it on its track is drawn at that earlier event's time, and counted in
``clamped``).
"""

from __future__ import annotations

import json
from typing import IO

__all__ = ["TraceOut", "Track", "jstr", "PID", "SEP"]

#: The one process of a stream's trace.
PID = 1
#: What separates two event objects inside one ``line()``.
SEP = ",\n"


def jstr(s: object) -> str:
    """``s`` as a JSON string literal (quotes included), safe whatever it holds."""
    return json.dumps(str(s))


class Track:
    """A thread track (``tid``) of the trace; ``last`` is the latest time written on it (ns, absolute)."""

    __slots__ = ("tid", "last", "name", "open_slices")

    def __init__(self, tid: int, last: int, name: str) -> None:
        self.tid = tid
        self.last = last
        self.name = name
        self.open_slices: list[str] = []  #: names of the B slices not yet ended, innermost last


class TraceOut:
    """Formats and writes trace events to ``f`` (a text file), in batches.

    ``t0_ns`` is the instant shown as time 0.  ``line(text)`` appends one complete event object (the hot
    paths append several at once, joined with ``SEP``); the helper methods build the common ones and keep each
    track's time monotonic.  Call :meth:`flush` every few thousand events.
    """

    def __init__(self, f: IO[str], t0_ns: int, process_name: str, pid: int = PID) -> None:
        self.f = f
        self.t0 = t0_ns
        self.pid = pid
        self.events = 0  #: events written (metadata included)
        self.clamped = 0  #: times moved forward so that a track never goes backwards
        self._buf: list[str] = []
        #: Append one event object (no separator, no newline); written by :meth:`flush`.
        self.line = self._buf.append
        f.write('{"traceEvents":[\n')
        f.write('{"ph":"M","pid":%d,"tid":0,"ts":0,"name":"process_name","args":{"name":%s}}'
                % (pid, jstr(process_name)))
        self.events = 1

    # -- plumbing --
    @property
    def pending(self) -> int:
        """Lines formatted and not yet written."""
        return len(self._buf)

    def flush(self) -> None:
        """Write the lines formatted so far (the caller decides when: after each batch it feeds)."""
        if self._buf:
            text = ",\n" + ",\n".join(self._buf)
            self.events += text.count('{"ph":')  # (a line may hold several events; strings in args are escaped)
            self.f.write(text)
            self._buf.clear()

    def close(self, other: dict) -> None:
        """End the list and the object; ``other`` becomes ``otherData`` (JSON-serialisable values)."""
        self.flush()
        self.f.write('\n],\n"displayTimeUnit":"ns",\n"otherData":')
        self.f.write(json.dumps(other, sort_keys=True))
        self.f.write("}\n")

    def at(self, track: Track, t: int) -> float:
        """The timestamp (us from t0) of an event at ``t`` on ``track``, never before the track's last one."""
        if t < track.last:
            self.clamped += 1
            t = track.last
        else:
            track.last = t
        return (t - self.t0) / 1000

    # -- common events --
    def thread_name(self, track: Track, sort_index: int | None = None) -> None:
        self.line('{"ph":"M","pid":%d,"tid":%d,"ts":0,"name":"thread_name","args":{"name":%s}}'
                  % (self.pid, track.tid, jstr(track.name)))
        if sort_index is not None:
            self.line('{"ph":"M","pid":%d,"tid":%d,"ts":0,"name":"thread_sort_index","args":{"sort_index":%d}}'
                      % (self.pid, track.tid, sort_index))

    def begin(self, track: Track, t: int, name: str, args: str = "{}") -> None:
        """A B event (``name`` already a JSON literal); ``args`` a JSON object text."""
        self.line('{"ph":"B","pid":%d,"tid":%d,"ts":%.3f,"name":%s,"args":%s}'
                  % (self.pid, track.tid, self.at(track, t), name, args))
        track.open_slices.append(name)

    def end(self, track: Track, t: int) -> None:
        """The E event of the innermost open slice of ``track``."""
        name = track.open_slices.pop()
        self.line('{"ph":"E","pid":%d,"tid":%d,"ts":%.3f,"name":%s}' % (self.pid, track.tid, self.at(track, t), name))

    def end_all(self, track: Track, t: int) -> None:
        while track.open_slices:
            self.end(track, t)

    def complete(self, track: Track, t: int, dur_ns: int, name: str, args: str = "{}") -> None:
        """An X event from ``t`` lasting ``dur_ns`` (cut at its start if the track was already later)."""
        start = max(t, track.last)
        end = max(start, t + dur_ns)
        track.last = end
        self.line('{"ph":"X","pid":%d,"tid":%d,"ts":%.3f,"dur":%.3f,"name":%s,"args":%s}'
                  % (self.pid, track.tid, (start - self.t0) / 1000, (end - start) / 1000, name, args))

    def instant(self, track: Track, t: int, name: str, args: str = "{}") -> None:
        self.line('{"ph":"i","s":"t","pid":%d,"tid":%d,"ts":%.3f,"name":%s,"args":%s}'
                  % (self.pid, track.tid, self.at(track, t), name, args))

    def global_instant(self, track: Track, t: int, name: str, args: str = "{}") -> None:
        """An instant drawn across the whole trace (a drop, a stop): ``track`` only orders its time."""
        self.line('{"ph":"i","s":"g","pid":%d,"tid":%d,"ts":%.3f,"name":%s,"args":%s}'
                  % (self.pid, track.tid, self.at(track, t), name, args))

    def counter(self, track: Track, t: int, name: str, args: str) -> None:
        self.line('{"ph":"C","pid":%d,"tid":%d,"ts":%.3f,"name":%s,"args":%s}'
                  % (self.pid, track.tid, self.at(track, t), name, args))
