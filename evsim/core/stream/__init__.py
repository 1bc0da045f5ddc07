"""The event stream: one framed, versioned, documented wire format (docs/stream.md) for everything a lab shows.

A producer (the echo server process...) writes events into a :class:`StreamWriter` that never blocks it; the
window reads them with a :class:`StreamReader`; printers, recordings and exports share :class:`Encoder`,
:class:`Decoder` and :func:`format_event`.  Commands travel the other way in the same format.

    header:  b"EVSM" u16 version, then a schema frame describing every kind
    frame:   u32 payload length | u16 kind id | int64 t_ns | fields (int64, u16+UTF-8, u8 bool, f64)

No pickle, no eval: a malformed, truncated or oversized frame ends the stream with one :class:`StreamError`.
"""

from __future__ import annotations

from evsim.core.stream.control import Command, Dropped, Heartbeat, Hello, SnapshotBegin, SnapshotEnd, UnknownEvent
from evsim.core.stream.decoder import MAX_SCHEMA_BYTES, Decoder
from evsim.core.stream.encoder import Encoder
from evsim.core.stream.kinds import CONTROL_IDS, ECHO_IDS, REGISTRY, KindRegistry, KindSpec
from evsim.core.stream.sockets import StreamReader, StreamWriter, send_command
from evsim.core.stream.text import format_dropped, format_event
from evsim.core.stream.wire import HEADER_SIZE, MAGIC, MAX_FRAME, MAX_STR, VERSION, StreamError

__all__ = [
    "VERSION", "MAGIC", "MAX_FRAME", "MAX_STR", "HEADER_SIZE", "MAX_SCHEMA_BYTES", "StreamError",
    "KindRegistry", "KindSpec", "REGISTRY", "CONTROL_IDS", "ECHO_IDS",
    "Hello", "Dropped", "SnapshotBegin", "SnapshotEnd", "Heartbeat", "Command", "UnknownEvent",
    "Encoder", "Decoder", "StreamWriter", "StreamReader", "send_command", "format_event", "format_dropped",
]
