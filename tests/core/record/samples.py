"""Recordings for tests: a realistic sample made by the real writer, and damaged copies of it (Hypothesis).

Reusable by any test that reads recordings (the Perfetto export's fuzz test too)::

    from tests.core.record.samples import sample_recording, damaged_recordings
    @given(data=damaged_recordings())
    def test_x(data, tmp_path): ...   # ``data`` is the bytes of a damaged recording
"""

from __future__ import annotations

import functools
import os
import tempfile

from hypothesis import strategies as st

from evsim.core.echo import events as ev
from evsim.core.events import deferred
from evsim.core.record import RecordingWriter
from evsim.core.stream import Dropped, SnapshotBegin, SnapshotEnd
from evsim.core.watch import events as wev

__all__ = ["sample_events", "write_recording", "sample_recording", "damaged_recordings", "T0"]

T0 = 1_000_000_000
_Ready, _Received, _Sent = deferred(ev.Ready), deferred(ev.Received), deferred(ev.Sent)


def sample_events(rounds: int = 400, clients: int = 4) -> list:
    """An echo server's run: a listener, connections that come and go, readiness, bytes both ways, a
    back-pressure pause, a refusal, a drop report, a snapshot, and watch events with their source file."""
    out: list = [ev.Listening(T0, "127.0.0.1", 9999, "epoll", "selectors", 3),
                 wev.SourceFile(T0, 1, "/srv/echo.py")]
    t = T0
    fds = list(range(7, 7 + clients))
    for fd in fds:
        t += 1000
        out.append(ev.Accepted(t, fd, f"127.0.0.1:{40000 + fd}"))
    for i in range(rounds):
        fd = fds[i % clients]
        t += 50_000
        out += [_Ready(t, fd, 1), _Received(t + 1000, fd, 1024), _Sent(t + 2000, fd, 1024, False, 0)]
        if i % 97 == 13:
            out += [ev.ReadingPaused(t + 3000, fd, 70000), ev.ReadingResumed(t + 4000, fd, 0)]
        if i % 150 == 149:  # a client leaves, another takes its fd
            out += [ev.Closed(t + 5000, fd, "normal", 1024, 1024), ev.Accepted(t + 6000, fd, "127.0.0.1:50000")]
        if i == 200:
            out += [ev.Refused(t + 7000, 99, "127.0.0.1:1", "max connections"), Dropped(t + 8000, 3),
                    SnapshotBegin(t + 9000, clients), *(ev.ConnectionState(t + 9000, f, "p", 5, 5, 0, "open")
                                                       for f in fds), SnapshotEnd(t + 9000),
                    wev.Recv(t + 9500, fds[0], 10, 1024, 0, 1, 42)]
    out.append(ev.ServerStopped(t + 10_000_000, "stopped"))
    return out


def write_recording(path: str, events: list, **kw) -> RecordingWriter:
    """``events`` written with the real writer (closed: the trailer is there)."""
    w = RecordingWriter(path, **kw)
    for e in events:
        w.write(e)
    w.close()
    return w


@functools.lru_cache(maxsize=None)
def sample_recording(rounds: int = 400, block_events: int = 64) -> bytes:
    """The bytes of a closed recording of :func:`sample_events` (small blocks, so that it has many)."""
    fd, path = tempfile.mkstemp(suffix=".evrec")
    os.close(fd)
    try:
        write_recording(path, sample_events(rounds), block_events=block_events)
        with open(path, "rb") as f:
            return f.read()
    finally:
        os.unlink(path)


def damaged_recordings(rounds: int = 60) -> st.SearchStrategy[bytes]:
    """A valid recording cut anywhere, with bytes flipped, overwritten or inserted, or foreign bytes."""
    good = sample_recording(rounds, 16)
    n = len(good)
    cut = st.integers(0, n).map(lambda k: good[:k])
    flips = st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 255)), min_size=1, max_size=6).map(
        lambda fl: _flip(good, fl))
    splice = st.tuples(st.integers(0, n), st.binary(min_size=1, max_size=40)).map(
        lambda p: good[:p[0]] + p[1] + good[p[0]:])
    overwrite = st.tuples(st.integers(0, n - 1), st.binary(min_size=1, max_size=40)).map(
        lambda p: good[:p[0]] + p[1] + good[p[0] + len(p[1]):])
    foreign = st.binary(max_size=200) | st.binary(max_size=60).map(lambda b: good[:6] + b)
    return st.one_of(cut, flips, splice, overwrite, foreign)


def _flip(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    b = bytearray(data)
    for at, x in flips:
        b[at] ^= x
    return bytes(b)
