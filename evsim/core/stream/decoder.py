"""Bytes to events, sans-IO (like h11): feed it whatever arrived, get back the complete events.

The input is untrusted.  Every length is checked before it is used, nothing is evaluated, and the decoder
buffers at most one incomplete frame (``HEADER_SIZE`` bytes before the header is complete, then at most
4 + MAX_FRAME), whatever it is fed.  The first malformed byte raises :class:`StreamError`; the decoder then
stays failed and raises the same error again on every call.
"""

from __future__ import annotations

import struct
from typing import Callable

from evsim.core.events import Event
from evsim.core.stream.control import UnknownEvent
from evsim.core.stream.kinds import REGISTRY, KindRegistry
from evsim.core.stream.wire import (FIXED_CODES, FRAME_HEAD, HEADER_SIZE, MAGIC, MAX_FRAME, SCHEMA_KIND, TYPE_CODES,
                                    U16, U32, VERSION, StreamError)

__all__ = ["Decoder", "MAX_SCHEMA_BYTES"]

#: All the kind descriptions one stream may carry, in bytes: bounds the memory a hostile schema can claim.
MAX_SCHEMA_BYTES = 4 * MAX_FRAME

_STR = TYPE_CODES["str"]
_Q = struct.Struct("<q")
_FIXED = {code: struct.Struct("<" + letter) for code, letter in FIXED_CODES.items()}
_FIXED_SIZE, _VARIABLE, _OPAQUE = 0, -1, -2  # plan[0]: payload size when >= 0


def _malformed(what: str, at: int) -> StreamError:
    return StreamError(f"malformed stream: {what} at byte {at}", at)


def _variable_parser(name: str, codes: tuple[int, ...], make: Callable[..., Event]) -> Callable:
    """A parser for a kind with str fields: reads ``t_ns`` and each field, checking every bound."""

    def parse(view, off: int, end: int, at: int) -> Event:
        if off + 8 > end:
            raise _malformed(f"{name} frame too short", at)
        vals: list[object] = [_Q.unpack_from(view, off)[0]]
        off += 8
        for code in codes:
            if code == _STR:
                if off + 2 > end:
                    raise _malformed(f"{name} frame too short", at)
                k = U16.unpack_from(view, off)[0]
                off += 2
                if off + k > end:
                    raise _malformed(f"{name} frame: a string runs past the end of the frame", at)
                try:
                    vals.append(str(view[off:off + k], "utf-8"))
                except UnicodeDecodeError:
                    raise _malformed(f"{name} frame: a string is not valid UTF-8", at) from None
                off += k
            else:
                st = _FIXED[code]
                if off + st.size > end:
                    raise _malformed(f"{name} frame too short", at)
                vals.append(st.unpack_from(view, off)[0])
                off += st.size
        if off != end:
            raise _malformed(f"{name} frame has {end - off} bytes after its last field", at)
        return make(*vals)

    return parse


class Decoder:
    """Decodes one stream.  ``feed(data)`` returns the events completed by ``data``; ``eof()`` checks the end.

    Kinds are matched to local classes by name and exact fields (names and types in order); a kind the
    stream describes that has no such class decodes to :class:`UnknownEvent`; a kind using a type code this
    reader does not know is skipped (``frames_skipped``), thanks to the length prefix.

    With ``records=True``, ``feed`` returns deferred records ``(cls, t_ns, *fields)`` instead of events
    (see :func:`evsim.core.events.deferred`; :func:`~evsim.core.events.materialize` turns one into its event):
    building a frozen dataclass costs most of the decoding, and a window that aggregates may never need it.
    For a kind without a local class, ``cls`` is a function that builds the UnknownEvent.
    """

    def __init__(self, registry: KindRegistry = REGISTRY, *, records: bool = False) -> None:
        self.registry = registry
        self.records = records
        self.version: int | None = None  #: the producer's format version, once the header is read
        self.bytes_consumed = 0  #: bytes of the header and of complete frames
        self.events_decoded = 0
        self.frames_skipped = 0
        self.max_buffered = 0  #: the most bytes ever held back waiting for the rest of a frame
        self.kinds: dict[int, tuple] = {}  #: kind id -> (name, ((field, type code), ...)) as the stream says
        self._buf = bytearray()
        self._header_done = False
        self._plans: dict[int, tuple] = {}
        self._schema_bytes = 0
        self._error: StreamError | None = None

    @property
    def error(self) -> str | None:
        """The message of the error that ended this stream, if any."""
        return None if self._error is None else str(self._error)

    @property
    def buffered(self) -> int:
        """Bytes held back: the start of a frame whose end has not arrived."""
        return len(self._buf)

    def feed(self, data: "bytes | bytearray | memoryview") -> list[Event]:
        """Decode ``data`` (any split of the stream is fine); raises StreamError on the first malformed byte."""
        if self._error is not None:
            raise StreamError(str(self._error), self._error.offset)
        out: list[Event] = []
        try:
            self._feed(memoryview(data), out)
        except StreamError as e:
            self._fail(e)
            e.events = out
            raise
        finally:
            self.events_decoded += len(out)
        return out

    def eof(self) -> None:
        """The producer has ended the stream: raises StreamError unless it ended cleanly between frames."""
        if self._error is not None:
            raise StreamError(str(self._error), self._error.offset)
        err = None
        if not self._header_done:
            err = StreamError(f"stream ended before its header was complete ({len(self._buf)} of {HEADER_SIZE} "
                              "bytes): the producer wrote nothing or is not an evsim program", 0)
        elif self._buf:
            err = StreamError(f"stream truncated inside a frame: {len(self._buf)} bytes of the frame at byte "
                              f"{self.bytes_consumed} arrived, then the stream ended", self.bytes_consumed)
        if err is not None:
            self._fail(err)
            raise err

    def closed_cleanly(self, at_eof: bool = False) -> bool:
        """True when what was fed so far ends exactly between two frames of a valid stream.

        ``at_eof=True`` says the stream has ended: then it is :meth:`eof` (raises StreamError unless clean).
        """
        if at_eof:
            self.eof()
            return True
        return self._error is None and self._header_done and not self._buf

    def _fail(self, e: StreamError) -> None:
        self._error = e
        self._buf = bytearray()  # nothing more will be decoded: free it

    def _feed(self, mv: memoryview, out: list[Event]) -> None:
        if mv.format != "B" or mv.ndim != 1:
            mv = mv.cast("B")
        n = len(mv)
        pos = 0
        if not self._header_done:
            pos = self._take_header(mv)
            if not self._header_done:
                return
        if self._buf:
            pos = self._complete(mv, pos, out)
            if self._buf:
                return
        pos = self._frames(mv, pos, out)
        if pos < n:
            self._buf += mv[pos:]
            self.max_buffered = max(self.max_buffered, len(self._buf))

    def _take_header(self, mv: memoryview) -> int:
        buf = self._buf
        take = min(HEADER_SIZE - len(buf), len(mv))
        buf += mv[:take]
        self.max_buffered = max(self.max_buffered, len(buf))
        k = min(len(MAGIC), len(buf))
        if buf[:k] != MAGIC[:k]:
            raise StreamError("not an evsim stream (bad magic)", 0)
        if len(buf) == HEADER_SIZE:
            version = U16.unpack_from(buf, len(MAGIC))[0]
            if version > VERSION:
                raise StreamError(f"stream format version {version} is newer than this evsim understands "
                                  f"({VERSION})", len(MAGIC))
            if version == 0:
                raise StreamError("not an evsim stream (format version 0)", len(MAGIC))
            self.version = version
            self._header_done = True
            self.bytes_consumed = HEADER_SIZE
            buf.clear()
        return take

    @staticmethod
    def _check_length(length: int, at: int) -> None:
        if length > MAX_FRAME:
            raise _malformed(f"frame of {length} bytes exceeds the {MAX_FRAME}-byte limit", at)
        if length < 2:
            raise _malformed(f"frame of {length} bytes is too short to hold a kind id", at)

    def _complete(self, mv: memoryview, pos: int, out: list[Event]) -> int:
        """Finish the frame whose start is buffered, with the first bytes of ``mv``."""
        buf, n = self._buf, len(mv)
        if len(buf) < 4:
            take = min(4 - len(buf), n - pos)
            buf += mv[pos:pos + take]
            pos += take
            if len(buf) < 4:
                return pos
        length = U32.unpack_from(buf)[0]
        self._check_length(length, self.bytes_consumed)
        take = min(4 + length - len(buf), n - pos)
        buf += mv[pos:pos + take]
        pos += take
        self.max_buffered = max(self.max_buffered, len(buf))
        if len(buf) == 4 + length:
            self._one(buf, 0, length, U16.unpack_from(buf, 4)[0], self.bytes_consumed, out)
            self.bytes_consumed += 4 + length
            buf.clear()
        return pos

    def _frames(self, mv: memoryview, pos: int, out: list[Event]) -> int:
        """The hot loop: every complete frame of ``mv`` from ``pos``; returns where the incomplete rest starts."""
        n = len(mv)
        base = self.bytes_consumed - pos  # stream offset of mv[0]
        head = FRAME_HEAD.unpack_from
        plans = self._plans
        append = out.append
        records = self.records
        try:
            while n - pos >= 6:
                length, kind = head(mv, pos)
                if length > MAX_FRAME or length < 2:
                    self._check_length(length, base + pos)
                end = pos + 4 + length
                if end > n:
                    break
                plan = plans.get(kind)
                if plan is not None and plan[0] == length:  # a fixed-size kind: one unpack, one constructor
                    if records:
                        append(plan[4] + plan[1](mv, pos + 6))
                    else:
                        append(plan[2](*plan[1](mv, pos + 6)))
                else:
                    self._one(mv, pos, length, kind, base + pos, out)
                pos = end
            if 4 <= n - pos < 6:  # an oversized length is refused as soon as it is seen
                self._check_length(U32.unpack_from(mv, pos)[0], base + pos)
        finally:
            self.bytes_consumed = base + pos
        return pos

    def _one(self, view, pos: int, length: int, kind: int, at: int, out: list[Event]) -> None:
        """One complete frame at ``view[pos:]`` (any kind, any path)."""
        plan = self._plans.get(kind)
        if plan is None:
            if kind == SCHEMA_KIND:
                self._read_schema(view, pos + 6, pos + 4 + length, at)
                return
            raise _malformed(f"frame of kind {kind}, which no schema frame described,", at)
        size, fn, make, name, head = plan
        if size >= _FIXED_SIZE:
            if size != length:
                raise _malformed(f"{name} frame of {length} bytes (it takes {size})", at)
            out.append(head + fn(view, pos + 6) if self.records else make(*fn(view, pos + 6)))
        elif size == _VARIABLE:
            out.append(fn(view, pos + 6, pos + 4 + length, at))
        else:
            self.frames_skipped += 1

    def _read_schema(self, view, off: int, end: int, at: int) -> None:
        """A schema frame: ``u16 count``, then per kind ``u16 id, u8+name, u8 nfields, (u8+name, u8 code)*``."""

        def take(k: int) -> int:
            nonlocal off
            if off + k > end:
                raise _malformed("schema frame cut short", at)
            off += k
            return off - k

        def text() -> str:
            k = view[take(1)]
            try:
                return str(view[take(k):off], "utf-8")
            except UnicodeDecodeError:
                raise _malformed("schema frame: a name is not valid UTF-8", at) from None

        self._schema_bytes += end - off
        if self._schema_bytes > MAX_SCHEMA_BYTES:
            raise _malformed(f"the schema frames exceed {MAX_SCHEMA_BYTES} bytes", at)
        described: dict[int, tuple] = {}
        for _ in range(U16.unpack_from(view, take(2))[0]):
            kind_id = U16.unpack_from(view, take(2))[0]
            name = text()
            fields = tuple((text(), view[take(1)]) for _ in range(view[take(1)]))
            if kind_id == SCHEMA_KIND:
                raise _malformed("schema frame describes kind id 0", at)
            previous = described.get(kind_id) or self.kinds.get(kind_id)
            if previous is not None and previous != (name, fields):
                raise _malformed(f"kind {kind_id} described twice, differently ({previous[0]} and {name})", at)
            described[kind_id] = (name, fields)
        if off != end:
            raise _malformed(f"schema frame has {end - off} bytes after its last kind", at)
        for kind_id, (name, fields) in described.items():
            self.kinds[kind_id] = (name, fields)
            self._plans[kind_id] = self._plan(name, fields)

    def _plan(self, name: str, fields: tuple) -> tuple:
        """How to decode one described kind: ``(payload size or _VARIABLE/_OPAQUE, parse, make, name, (make,))``."""
        codes = tuple(code for _, code in fields)
        if any(code not in FIXED_CODES and code != _STR for code in codes):
            return (_OPAQUE, None, None, name, ())  # a type this version does not know: skip such frames
        make = self.registry.class_for(name, fields)
        if make is None:
            names = tuple(f for f, _ in fields)

            def make(t_ns: int, *vals: object) -> Event:
                return UnknownEvent(t_ns, name, tuple(zip(names, vals)))
        if all(code in FIXED_CODES for code in codes):
            st = struct.Struct("<q" + "".join(FIXED_CODES[c] for c in codes))
            return (st.size + 2, st.unpack_from, make, name, (make,))
        build = (lambda *vals: (make, *vals)) if self.records else make
        return (_VARIABLE, _variable_parser(name, codes, build), make, name, (make,))
