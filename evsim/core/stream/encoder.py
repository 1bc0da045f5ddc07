"""Events (or deferred records of them) to frames: one precompiled ``struct.Struct`` per all-numeric kind.

The hot kinds (Ready, Received, Sent) have fixed-size frames: the whole frame, length prefix and kind id
included, is one ``Struct.pack`` call of a function generated for that kind's exact arity, like
:func:`evsim.core.events.deferred` (no ``*args`` and no slicing on the hot path).
"""

from __future__ import annotations

import struct
from operator import attrgetter
from typing import Callable

from evsim.core.events import Event
from evsim.core.stream.kinds import REGISTRY, KindRegistry, KindSpec, describe
from evsim.core.stream.wire import FIXED_CODES, MAGIC, MAX_STR, TYPE_CODES, U16, U32, VERSION

__all__ = ["Encoder", "encode_str", "frame_packer"]

_STR = TYPE_CODES["str"]
_FIXED_STRUCTS = {code: struct.Struct("<" + letter) for code, letter in FIXED_CODES.items()}


def encode_str(s: str) -> bytes:
    """UTF-8 of ``s``, at most MAX_STR bytes (cut at a character boundary); lone surrogates, which UTF-8
    cannot carry, are written as backslash escapes (``\\udc80``)."""
    try:
        b = s.encode()
    except UnicodeEncodeError:
        b = s.encode("utf-8", "backslashreplace")
    if len(b) > MAX_STR:
        b = b[:MAX_STR].decode("utf-8", "ignore").encode()  # "ignore" drops the cut character's first bytes
    return b


def frame_packer(*classes: type, registry: KindRegistry = REGISTRY) -> tuple[Callable[..., bytes], int, int]:
    """``(pack, length, kind_id)`` for a fixed-size kind: ``pack(length, kind_id, t_ns, *fields)`` is its whole
    frame, for a producer that writes frames itself (the echo server's loop at full speed; see
    :meth:`evsim.core.stream.StreamWriter.emit_frames`).  With several kinds, ``pack`` makes their frames one
    after the other in one call (each frame's length, kind id, t_ns and fields in turn) and ``length`` and
    ``kind_id`` are the first kind's.  ValueError for a kind that is not registered or not fixed-size."""
    fmt, first = "<", None
    for cls in classes:
        spec = registry.spec_of(cls)
        if spec is None or not spec.fixed:
            raise ValueError(f"{getattr(cls, '__name__', cls)!r} is not a registered fixed-size stream kind")
        one = "IHq" + "".join(FIXED_CODES[code] for _, code in spec.fields)
        if first is None:
            first = (struct.calcsize("<" + one) - 4, spec.kind_id)
        fmt += one
    if first is None:
        raise ValueError("frame_packer() needs a kind")
    return struct.Struct(fmt).pack, first[0], first[1]


def _compile(spec: KindSpec) -> tuple[Callable[[tuple], bytes], Callable[[Event], bytes]]:
    """Two encoders for one kind: one for a deferred record ``(cls, t_ns, *fields)``, one for an event."""
    names = ("t_ns", *(n for n, _ in spec.fields))
    if spec.fixed:
        fmt = "<IHq" + "".join(FIXED_CODES[code] for _, code in spec.fields)
        packer = struct.Struct(fmt)
        length = packer.size - 4
        rec_args = ", ".join(f"r[{i + 1}]" for i in range(len(names)))
        ev_args = ", ".join(f"e.{n}" for n in names)
        ns: dict[str, object] = {"pack": packer.pack}
        src = (f"def rec(r):\n    return pack({length}, {spec.kind_id}, {rec_args})\n"
               f"def ev(e):\n    return pack({length}, {spec.kind_id}, {ev_args})\n")
        exec(src, ns)  # exact arity, constants inlined: the cheapest Python call that builds the frame
        return ns["rec"], ns["ev"]  # type: ignore[return-value]

    head = struct.Struct("<IHq")
    codes = tuple(code for _, code in spec.fields)
    kind_id = spec.kind_id

    arity = len(names)

    def frame(values: tuple) -> bytes:
        if len(values) != arity:
            raise IndexError(f"{len(values)} values for {arity} fields")
        parts = []
        for code, v in zip(codes, values[1:]):
            if code == _STR:
                b = encode_str(v)
                parts.append(U16.pack(len(b)))
                parts.append(b)
            else:
                parts.append(_FIXED_STRUCTS[code].pack(v))
        body = b"".join(parts)
        return head.pack(len(body) + 10, kind_id, values[0]) + body

    get = attrgetter(*names)
    return (lambda r: frame(r[1:])), (lambda e: frame(get(e)))


class Encoder:
    """Encodes one stream: ``header()`` once, then ``encode``/``encode_into`` per event.

    An item is an :class:`Event` or a deferred record ``(cls, t_ns, *fields)`` of a registered class.  A
    class registered after ``header()`` is described by an extra schema frame the first time it is encoded.
    Items that cannot be encoded (an unregistered class, an int outside int64, a wrong type) raise ValueError:
    they are programming errors, not stream errors.
    """

    def __init__(self, registry: KindRegistry = REGISTRY) -> None:
        self.registry = registry
        self._rec: dict[type, Callable[[tuple], bytes]] = {}
        self._ev: dict[type, Callable[[Event], bytes]] = {}
        self._described: set[int] | None = None  # None until header(): a bare encoder describes nothing

    def header(self) -> bytes:
        """MAGIC, the u16 version and a schema frame describing every kind registered now."""
        specs = self.registry.specs()
        self._described = {s.kind_id for s in specs}
        return MAGIC + U16.pack(VERSION) + self.schema_frame(specs)

    @staticmethod
    def schema_frame(specs: "list[KindSpec]") -> bytes:
        payload = describe(specs)
        return U32.pack(len(payload)) + payload

    def encode(self, item: "Event | tuple") -> bytes:
        """The frame(s) of one item: ``[u32 payload length][u16 kind id][int64 t_ns][fields]``."""
        try:
            if type(item) is tuple:
                return self._rec[item[0]](item)
            return self._ev[type(item)](item)
        except KeyError:
            return self._first(item)
        except (struct.error, IndexError, AttributeError, TypeError, OverflowError) as e:
            raise self._bad(item, e) from None

    def encode_into(self, buf: bytearray, item: "Event | tuple") -> None:
        """Append the frame(s) of ``item`` to ``buf``."""
        try:
            if type(item) is tuple:
                buf += self._rec[item[0]](item)
            else:
                buf += self._ev[type(item)](item)
        except KeyError:
            buf += self._first(item)
        except (struct.error, IndexError, AttributeError, TypeError, OverflowError) as e:
            raise self._bad(item, e) from None

    def _first(self, item: "Event | tuple") -> bytes:
        """The first item of a class: compile its encoders (and describe it if the header did not)."""
        cls = item[0] if type(item) is tuple else type(item)
        spec = self.registry.spec_of(cls)
        if spec is None:
            raise ValueError(f"{getattr(cls, '__name__', cls)!r} is not a registered stream kind "
                             "(evsim.core.stream.REGISTRY.register)")
        self._rec[cls], self._ev[cls] = _compile(spec)
        prefix = b""
        if self._described is not None and spec.kind_id not in self._described:
            self._described.add(spec.kind_id)
            prefix = self.schema_frame([spec])
        return prefix + self.encode(item)

    @staticmethod
    def _bad(item: "Event | tuple", e: Exception) -> ValueError:
        cls = item[0] if type(item) is tuple else type(item)
        return ValueError(f"cannot encode a {getattr(cls, '__name__', cls)} event: {e}")
