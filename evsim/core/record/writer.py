"""Writing a recording: the producer's thread encodes and queues, a flusher thread writes the file.

:class:`RecordingWriter` is a sink (``emit``/``write``) that never blocks its producer: each event's frame
goes on a queue (one ``deque.append``, no lock), and a thread of the writer's own takes what is queued every
``flush_interval`` seconds and writes it with ``os.write`` (which releases the GIL).  Nothing is dropped while
the disk keeps up; when it does not and more than ``capacity`` bytes wait, events are dropped, counted
(``dropped``) and reported in the file by a Dropped frame exactly where they are missing.

The file is the stream of docs/stream.md plus the index of docs/recording.md: an IndexMark before every
``block_events``-th event, and a RecordEnd trailer written by :meth:`close`.  The writer keeps no per-event or
per-block state, so its memory is bounded whatever the length of the recording.
"""

from __future__ import annotations

import os
import stat
import threading
from collections import deque

from evsim.core.events import Event, now_ns
from evsim.core.stream import REGISTRY, Dropped, Encoder, Hello, KindRegistry, VERSION
from evsim.core.stream.wire import FRAME_HEAD, MAX_FRAME, SCHEMA_KIND
from evsim.core.record.format import (BLOCK_EVENTS, END_FRAME, INDEX_MARK_ID, MARK_FRAME, RECORD_END_ID,
                                      RecordingError)

__all__ = ["RecordingWriter", "open_private"]

_Q = FRAME_HEAD.size  # t_ns follows the 6-byte frame head


def open_private(path: str, mode: int = 0o600) -> int:
    """``os.open`` for writing, created (or truncated) with ``mode``; an existing regular file is set to it too,
    so that a recording is never readable by other users.  Raises RecordingError with one sentence."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, mode)
    except OSError as e:
        raise RecordingError(f"cannot write the recording {path}: {e.strerror or e}") from None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.fchmod(fd, mode)
    except OSError:
        pass
    return fd


class RecordingWriter:
    """Records events into ``path`` (created 0600).  ``write(item)`` (alias ``emit``, so it is a Sink) takes an
    event, a deferred record ``(cls, t_ns, *fields)``, or bytes of complete frames encoded with the registry's
    kind ids.  Call ``write`` from one thread at a time (the producer's); ``close`` from any thread, once the
    producer has stopped writing (a write racing with close may land after the trailer: the reader then
    rebuilds the index by scanning, and loses nothing).

    ``dropped`` counts the events lost because the disk did not keep up; ``error`` is set (one sentence) when a
    write failed (disk full...): from then on every event counts as dropped.
    """

    def __init__(self, path: str, *, producer: str | None = None, capacity: int = 8 << 20,
                 block_events: int = BLOCK_EVENTS, flush_interval: float = 0.05,
                 registry: KindRegistry = REGISTRY) -> None:
        if capacity < 1 or block_events < 1:
            raise ValueError("capacity and block_events must be >= 1")
        self.path = path
        self.capacity = capacity
        self.block_events = block_events
        self.flush_interval = flush_interval
        self.events = 0  #: events in the file (Dropped frames included, index frames not)
        self.dropped = 0  #: events dropped because more than ``capacity`` bytes waited for the disk
        self.error: str | None = None
        self.closed = False
        self.t_first: int | None = None  #: time of the first event, for "recording for N s" displays
        self._fd = open_private(path)
        self._enc = Encoder(registry)
        self._rec, self._ev = self._enc._rec, self._enc._ev  # type: ignore[attr-defined]
        self._queue: deque[bytes] = deque()
        self._appended = 0  # bytes queued so far (the producer's count; also the next frame's file offset)
        self._written = 0   # bytes written or discarded (the flusher's count)
        self._limit = capacity  # write's fast path while _appended < _limit; -1 forces the slow path
        self._owed = 0
        self._owed_t = 0
        self._next_mark = 0
        self._last_mark = -1
        self._late: list[bytes] = []  # schema frames described after the header: repeated after every mark
        self._late_bytes = 0
        self._closing = False
        self._wake = threading.Event()
        self._queue_frame(self._enc.header())
        if producer is not None:
            self.write(Hello(now_ns(), VERSION, os.getpid(), producer))
        self._thread = threading.Thread(target=self._flusher, name="evsim recording writer", daemon=True)
        self._thread.start()

    # -- the producer's side -------------------------------------------------------------------------------
    def write(self, item: "Event | tuple | bytes | bytearray | memoryview") -> None:
        """Queue one event (or frames); never blocks.  Past ``capacity`` bytes waiting: a counted drop."""
        try:  # the hot path: one compiled struct.pack (the encoder's own per-kind builders, as StreamWriter)
            if self._appended >= self._limit or self.events == self._next_mark:
                raise LookupError
            frame = self._rec[item[0]](item) if type(item) is tuple else self._ev[type(item)](item)
        except Exception:  # a mark is due, a drop or a Dropped frame, bytes, the first event of a kind, or an
            self._write_slow(item)  # item that cannot be encoded (the encoder then raises ValueError saying why)
            return
        self._queue.append(frame)
        self._appended += len(frame)
        self.events += 1

    def _write_slow(self, item: "Event | tuple | bytes | bytearray | memoryview") -> None:
        if self.closed or self.error is not None or self._appended - self._written > self.capacity:
            self._drop(item)
            return
        if isinstance(item, (bytes, bytearray, memoryview)):
            self._write_frames(memoryview(item).cast("B"))
            return
        if self._owed:
            self._pay_owed()
        frame = self._enc.encode(item)  # ValueError for what cannot be encoded: a programming error
        if self.events == self._next_mark:
            self._mark(item[1] if type(item) is tuple else item.t_ns)
        if not (frame[4] or frame[5]):  # the encoder described a kind registered after the header
            self._note_schema(frame)
        self._queue.append(frame)
        self._appended += len(frame)
        self.events += 1
        self._limit = self._written + self.capacity

    emit = write

    def emit_frames(self, frames: "bytes | bytearray", count: int) -> None:
        """``count`` events as whole event frames of the header's kinds (StreamWriter.emit_frames's interface):
        queued as one block when no index mark falls inside it, else frame by frame like ``write(bytes)``."""
        events = self.events
        if 0 < count and events < self._next_mark and events + count <= self._next_mark \
                and self._appended < self._limit and not self._owed:
            self._queue.append(bytes(frames))
            self._appended += len(frames)
            self.events = events + count
        else:
            self.write(frames)

    def _drop(self, item: object) -> None:
        if self.closed:
            return
        self._limit = -1  # the next write that fits pays a Dropped frame first
        self.dropped += 1
        if not self._owed:
            self._owed_t = now_ns() if isinstance(item, (bytes, bytearray, memoryview)) else (
                item[1] if type(item) is tuple else item.t_ns)  # type: ignore[index, union-attr]
        self._owed += 1

    def _pay_owed(self) -> None:
        owed, self._owed = self._owed, 0
        frame = self._enc.encode(Dropped(self._owed_t, owed))
        if self.events == self._next_mark:
            self._mark(self._owed_t)
        self._queue.append(frame)
        self._appended += len(frame)
        self.events += 1

    def _mark(self, t_ns: int) -> None:
        """An IndexMark before event number ``events``, then the late kinds' descriptions again, so that the
        block it starts decodes on its own (with the header's schema)."""
        at = self._appended
        self._queue_frame(MARK_FRAME.pack(MARK_FRAME.size - 4, INDEX_MARK_ID, t_ns, self.events, self._last_mark))
        for schema in self._late:
            self._queue_frame(schema)
        self._last_mark = at
        self._next_mark += self.block_events

    def _note_schema(self, frames: bytes) -> None:
        length = FRAME_HEAD.unpack_from(frames)[0]
        schema = bytes(frames[:4 + length])
        if self._late_bytes + len(schema) <= 4 * MAX_FRAME:  # the decoder's own bound on schema frames
            self._late.append(schema)
            self._late_bytes += len(schema)

    def _write_frames(self, mv: memoryview) -> None:
        """Bytes of whole frames: each event frame is placed like an encoded event (marks before it)."""
        pos, n = 0, len(mv)
        while pos < n:
            if n - pos < _Q:
                raise ValueError("write(bytes) takes whole frames: the bytes end inside a frame head")
            length, kind = FRAME_HEAD.unpack_from(mv, pos)
            end = pos + 4 + length
            if length < 2 or length > MAX_FRAME or end > n:
                raise ValueError(f"write(bytes) takes whole frames: bad frame length {length} at byte {pos}")
            frame = bytes(mv[pos:end])
            if kind == SCHEMA_KIND:
                self._note_schema(frame)
            elif kind in (INDEX_MARK_ID, RECORD_END_ID):
                pos = end
                continue  # this file has its own index
            else:
                if length < 10:
                    raise ValueError(f"write(bytes): event frame of {length} bytes at byte {pos} has no time")
                if self._owed:
                    self._pay_owed()
                if self.events == self._next_mark:
                    self._mark(int.from_bytes(frame[6:14], "little", signed=True))
                self.events += 1
            self._queue_frame(frame)
            pos = end
        self._limit = self._written + self.capacity

    def _queue_frame(self, frame: bytes) -> None:
        self._queue.append(frame)
        self._appended += len(frame)

    # -- the flusher thread --------------------------------------------------------------------------------
    def _flusher(self) -> None:
        while True:
            self._wake.wait(self.flush_interval)
            self._wake.clear()
            closing = self._closing  # read before writing: a trailer queued before it was set is written now
            self._write_queued()
            if closing:
                return

    def _write_queued(self) -> None:
        q = self._queue
        parts = []
        while q:
            parts.append(q.popleft())
        if not parts:
            return
        data = memoryview(b"".join(parts))
        total = len(data)
        if self.error is None:
            try:
                while data:
                    data = data[os.write(self._fd, data):]
            except OSError as e:
                self.error = f"writing the recording {self.path} failed: {e.strerror or e}"
                self._limit = -1
        self._written += total  # (the producer's slow path raises its limit as this grows)

    # -- the owner's side ----------------------------------------------------------------------------------
    @property
    def pending_bytes(self) -> int:
        """Bytes queued and not yet written."""
        return self._appended - self._written

    @property
    def bytes_written(self) -> int:
        return self._written

    def close(self) -> None:
        """Report drops still owed, write the RecordEnd trailer, wait for the flusher, close the file."""
        if self.closed:
            return
        if self._owed and self.error is None:
            self._pay_owed()
        self.closed = True
        self._limit = -1
        if self.error is None:
            self._queue_frame(END_FRAME.pack(END_FRAME.size - 4, RECORD_END_ID, now_ns(), self.events,
                                             self.dropped, self._last_mark))
        self._closing = True
        self._wake.set()
        self._thread.join()
        os.close(self._fd)

    def __enter__(self) -> "RecordingWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"<RecordingWriter {self.path!r} events={self.events} dropped={self.dropped} "
                f"pending={self.pending_bytes} closed={self.closed}>")
