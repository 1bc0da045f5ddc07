"""The stream over a socket: a writer that never blocks its producer, a bounded non-blocking reader, commands.

Both ends are driven by their owner's loop: the producer calls :meth:`StreamWriter.emit` for each event and
:meth:`StreamWriter.flush_if_due` once per loop iteration (its selector's timeout: ``flush_timeout()``); the
consumer calls :meth:`StreamReader.read` when ``fileno()`` is readable.  Neither ever blocks nor raises on a
peer's failure.
"""

from __future__ import annotations

import os
import selectors
import socket
import struct
import time
import weakref

from evsim.core.events import Event, now_ns
from evsim.core.stream.control import Command, Dropped, Hello
from evsim.core.stream.decoder import Decoder
from evsim.core.stream.encoder import Encoder, encode_str
from evsim.core.stream.kinds import REGISTRY, KindRegistry
from evsim.core.stream.wire import MAX_STR, VERSION, StreamError

__all__ = ["StreamWriter", "StreamReader", "send_command"]

_NOSIGNAL = getattr(socket, "MSG_NOSIGNAL", 0)  # a vanished reader is EPIPE, never SIGPIPE
_DONTWAIT = getattr(socket, "MSG_DONTWAIT", 0)
_RETRY = (BlockingIOError, InterruptedError)
_FRAME_T = struct.Struct("<q")  # a frame's t_ns, after its u32 length and u16 kind id


class StreamWriter:
    """A sink that writes the stream to ``sock`` (made non-blocking) and never blocks the producer.

    ``emit`` appends the event's frame to a pending buffer while it holds less than ``capacity`` bytes;
    beyond, it only counts a drop.  Before the next event once there is room again (or at the next ``flush``),
    a ``Dropped(count)`` frame tells the consumer exactly how many events it missed.  ``flush`` sends what the
    kernel accepts now.  When the peer is gone (EPIPE, ECONNRESET...), the writer marks itself ``closed``
    and drops everything from then on; it never raises for it.  Only events are dropped: the producer's own
    data (the bytes it echoes) never passes through here.

    A send is a system call: a busy producer calls :meth:`flush_if_due` once per loop iteration instead of
    ``flush``, which sends only once ``batch_bytes`` are pending or the oldest pending event waited
    ``max_delay`` seconds, and uses :meth:`flush_timeout` as its selector's timeout so that an idle loop
    still sends in time.

    Not thread-safe: ``emit`` and ``flush`` must be called from the same thread (the producer's loop).
    With ``producer`` set, a :class:`Hello` follows the header.  The writer owns ``sock``: ``close`` closes it.
    """

    def __init__(self, sock: socket.socket, capacity: int = 1 << 20, *, producer: str | None = None,
                 registry: KindRegistry = REGISTRY, batch_bytes: int = 1 << 15, max_delay: float = 0.005) -> None:
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        sock.setblocking(False)
        self._sock = sock
        self._fd = sock.fileno()
        self.capacity = capacity
        self.producer = producer
        self.batch_bytes = batch_bytes
        self.max_delay = max_delay
        self.emitted = 0  #: events written into the stream (sent or pending)
        self.dropped = 0  #: events dropped, in total
        self.closed = False
        self.error: str | None = None  #: why the writer closed itself (the peer's failure), if it did
        self._encoder = Encoder(registry)
        self._encode_into = self._encoder.encode_into
        self._rec, self._ev = self._encoder._rec, self._encoder._ev  # the encoder's per-kind frame builders
        self._pending = bytearray()
        self._since: float | None = None  # when flush_if_due first saw bytes pending (or a send was refused)
        self._blocked = False  # the last send found the socket full
        self._owed = 0  # drops not yet reported by a Dropped frame
        self._owed_t = 0
        self._limit = capacity  # emit's fast path while len(pending) < _limit; -1 while a Dropped is owed or closed
        self.write_header()
        self.flush()

    def write_header(self) -> None:
        """Queue the header (and Hello), whatever the capacity: it is never dropped."""
        self._pending += self._encoder.header()
        if self.producer is not None:
            self._encode_into(self._pending, Hello(now_ns(), VERSION, os.getpid(), self.producer))

    def emit(self, item: "Event | tuple") -> None:
        """Queue one event (or deferred record), or count it dropped when the buffer is full."""
        pending = self._pending
        if len(pending) < self._limit:
            try:  # Encoder.encode_into, inlined: this runs several times per request
                if type(item) is tuple:
                    pending += self._rec[item[0]](item)
                else:
                    pending += self._ev[type(item)](item)
            except Exception:  # the first event of a kind; or not encodable: the encoder says why
                self._encode_into(pending, item)
            self.emitted += 1
        else:
            self._emit_slow(item)

    def emit_frames(self, frames: "bytes | bytearray", count: int) -> None:
        """Queue ``count`` events already encoded as whole frames (of this writer's registry; see
        :func:`~evsim.core.stream.encoder.frame_packer`), or count all of them dropped when they do not fit."""
        pending = self._pending
        if len(pending) + len(frames) <= self._limit:
            pending += frames
            self.emitted += count
        elif not self.closed and len(pending) + len(frames) <= self.capacity:
            self._pay_owed()
            self._pending += frames
            self.emitted += count
        elif count > 0:
            self.dropped += count
            if not self.closed:
                if not self._owed:
                    self._owed_t = _FRAME_T.unpack_from(frames, 6)[0] if len(frames) >= 14 else now_ns()
                self._owed += count
                self._limit = -1

    def _emit_slow(self, item: "Event | tuple") -> None:
        if not self.closed and len(self._pending) < self.capacity:
            self._pay_owed()
            self._encode_into(self._pending, item)
            self.emitted += 1
            return
        self.dropped += 1
        if not self.closed:
            if not self._owed:
                self._owed_t = item[1] if type(item) is tuple else item.t_ns
            self._owed += 1
            self._limit = -1

    def emit_state(self, item: "Event | tuple") -> None:
        """Queue an event whatever the capacity (a snapshot's state, which must arrive whole): the caller
        bounds how much it sends this way (a snapshot is one event per open connection, sent only once the
        buffer has drained)."""
        if self.closed:
            return
        self._pay_owed()
        self._encode_into(self._pending, item)
        self.emitted += 1

    def sheds(self) -> bool:
        """True while what is handed over would likely be dropped: the consumer is behind (half the capacity or
        more still waits after a flush), or gone.  A producer may then count what it would have emitted
        (:meth:`count_dropped`) instead of encoding it: the stream says the same, the producer pays less."""
        return self.closed or len(self._pending) * 2 >= self.capacity

    def count_dropped(self, n: int) -> None:
        """Count ``n`` events the producer dropped before they reached this writer (e.g. a full RingSink in
        front of it): they are reported in the stream by the same Dropped frame as the writer's own drops."""
        if n <= 0 or self.closed:
            return
        self.dropped += n
        if not self._owed:
            self._owed_t = now_ns()
        self._owed += n
        self._limit = -1  # the next event pays the Dropped first

    def _pay_owed(self) -> None:
        if self._owed:
            self._encode_into(self._pending, Dropped(self._owed_t, self._owed))
            self._owed = 0
        self._limit = -1 if self.closed else self.capacity

    def flush_if_due(self) -> None:
        """``flush()`` once ``batch_bytes`` are pending or the oldest pending event (or drop) waited
        ``max_delay``.  While the consumer does not keep up, retries at most once per ``max_delay``."""
        if self.closed or not (self._pending or self._owed):
            return
        now = time.monotonic()
        if self._since is None:
            self._since = now
        if now - self._since >= self.max_delay or (len(self._pending) >= self.batch_bytes and not self._blocked):
            self.flush()

    def flush_timeout(self) -> float | None:
        """Seconds until :meth:`flush_if_due` must run again (None: nothing pending): a selector timeout."""
        if self.closed or not (self._pending or self._owed):
            return None
        if self._since is None:
            return 0.0
        return max(0.0, self._since + self.max_delay - time.monotonic())

    def flush(self) -> None:
        """Send as much pending data as the socket takes now (non-blocking; never raises).  A Dropped frame
        still owed goes out as soon as there is room for it, also when the buffer has just been emptied."""
        if self.closed:
            return
        pending = self._pending
        while True:
            if self._owed and len(pending) < self.capacity:
                self._pay_owed()
            if not pending:
                break
            try:
                n = self._sock.send(pending, _NOSIGNAL)
            except _RETRY:  # the consumer is behind: flush_if_due waits max_delay before trying again
                self._blocked = True
                self._since = time.monotonic()
                return
            except OSError as e:  # EPIPE, ECONNRESET, EBADF...: the consumer is gone
                self._gone(e)
                return
            del pending[:n]  # bytearray deletes from the front in O(1) amortised
            if not pending and not self._owed:
                break
        self._since = None
        self._blocked = False

    def _gone(self, e: OSError) -> None:
        self.closed = True
        self._limit = -1
        self.error = f"the consumer went away ({e.strerror or e})"
        self._pending = bytearray()
        self._owed = 0

    @property
    def pending_bytes(self) -> int:
        """Bytes encoded and not yet sent."""
        return len(self._pending)

    @property
    def wants_write(self) -> bool:
        """True when flush has something to send: register ``fileno()`` for EVENT_WRITE meanwhile."""
        return bool(self._pending) and not self.closed

    def fileno(self) -> int:
        return self._fd

    def close(self, timeout: float = 0.0) -> None:
        """Flush (waiting up to ``timeout`` s for the consumer to take the rest), end the stream, close ``sock``."""
        deadline = time.monotonic() + timeout
        self.flush()
        while self.wants_write and time.monotonic() < deadline:
            _wait_writable(self._sock, deadline - time.monotonic())
            self.flush()
        if not self.closed:
            self.closed = True
            self._limit = -1
            try:
                self._sock.shutdown(socket.SHUT_WR)  # the consumer sees a clean end between two frames
            except OSError:
                pass
        self._pending = bytearray()
        self._sock.close()

    def __repr__(self) -> str:
        return (f"<StreamWriter fd={self._fd} emitted={self.emitted} dropped={self.dropped} "
                f"pending={len(self._pending)} closed={self.closed}>")


class StreamReader:
    """Reads a stream from ``sock`` (made non-blocking) without ever blocking or raising.

    ``read()`` returns the events that arrived (deferred records with ``records=True``, see Decoder); when
    the stream ends it sets ``eof``, and when it ends badly (a malformed byte, a cut inside a frame, a reset)
    it also sets ``error`` to one sentence.  From then on ``read()`` returns ``[]``.  Events decoded before an
    error are still returned.
    """

    def __init__(self, sock: socket.socket, *, registry: KindRegistry = REGISTRY, records: bool = False) -> None:
        sock.setblocking(False)
        self._sock = sock
        self._fd = sock.fileno()
        self.decoder = Decoder(registry, records=records)
        self.eof = False
        self.error: str | None = None
        self.dropped_by_producer = 0  #: the sum of the Dropped counts seen
        self._chunk = bytearray(65536)
        self._view = memoryview(self._chunk)

    def read(self, max_bytes: int = 1 << 18) -> list[Event]:
        """The events in what can be read now (at most about ``max_bytes`` bytes)."""
        out: list[Event] = []
        got = 0
        while not self.eof and got < max_bytes:
            try:
                n = self._sock.recv_into(self._view, min(len(self._chunk), max_bytes - got))
            except _RETRY:
                break
            except OSError as e:
                self._end(f"the producer's connection failed ({e.strerror or e}) after "
                          f"{self.decoder.bytes_consumed} bytes")
                break
            try:
                if n == 0:
                    self.eof = True
                    self.decoder.eof()
                    break
                got += n
                out += self.decoder.feed(self._view[:n])
            except StreamError as e:
                out += e.events
                self._end(str(e))
        if self.decoder.records:
            self.dropped_by_producer += sum(r[2] for r in out if r[0] is Dropped)
        else:
            self.dropped_by_producer += sum(e.count for e in out if type(e) is Dropped)
        return out

    def _end(self, message: str) -> None:
        self.eof = True
        self.error = message

    def fileno(self) -> int:
        return self._fd

    def close(self) -> None:
        self._sock.close()


# The command encoder of each socket a command was sent on: its first command also sends the header.  None
# marks a channel a command was cut in the middle of (a timeout after a partial send): nothing can follow.
_command_encoders: "weakref.WeakKeyDictionary[socket.socket, Encoder | None]" = weakref.WeakKeyDictionary()


def send_command(sock: socket.socket, name: str, arg: str = "", timeout: float = 1.0) -> None:
    """Send one :class:`Command` to the producer at the other end of ``sock`` (the first also sends a header).

    Waits at most ``timeout`` s for room (commands are small and rare; a producer that stops reading them
    must not freeze the window).  Raises StreamError when the command cannot be delivered, ValueError when
    ``name`` or ``arg`` is longer than MAX_STR bytes.  Call it from one thread per socket.
    """
    for what, s in (("name", name), ("arg", arg)):
        if len(encode_str(s)) < len(s.encode("utf-8", "backslashreplace")):
            raise ValueError(f"command {what} is longer than {MAX_STR} bytes")
    enc = _command_encoders.get(sock, False)
    if enc is None:
        raise StreamError(f"cannot send command {name!r}: an earlier command was cut off by a timeout")
    data = b""
    if enc is False:
        enc = _command_encoders[sock] = Encoder()
        data = enc.header()
    data += enc.encode(Command(now_ns(), name, arg))
    deadline = time.monotonic() + timeout
    view = memoryview(data)
    while view:
        try:
            view = view[sock.send(view, _NOSIGNAL | _DONTWAIT):]
            continue
        except _RETRY:
            pass
        except OSError as e:
            raise StreamError(f"cannot send command {name!r}: the producer's end is closed "
                              f"({e.strerror or e})") from None
        left = deadline - time.monotonic()
        if left <= 0:
            if len(view) < len(data):
                _command_encoders[sock] = None
            raise StreamError(f"cannot send command {name!r}: the producer has not read its commands "
                              f"for {timeout:g} s")
        _wait_writable(sock, left)


def _wait_writable(sock: socket.socket, timeout: float) -> None:
    # A selector, not select.select: in a process with thousands of connections this fd may exceed 1023.
    with selectors.DefaultSelector() as sel:
        sel.register(sock, selectors.EVENT_WRITE)
        sel.select(max(0.0, timeout))

