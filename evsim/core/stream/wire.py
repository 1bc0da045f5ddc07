"""The wire format's constants and its one error type (docs/stream.md describes every byte)."""

from __future__ import annotations

import struct

__all__ = ["VERSION", "MAGIC", "MAX_FRAME", "MAX_STR", "HEADER_SIZE", "SCHEMA_KIND", "TYPE_CODES", "FIXED_CODES",
           "StreamError"]

#: The format's major version.  A reader refuses a stream whose version is newer than its own; additions that
#: old readers can skip (new kinds, new fields, new type codes) never change it (docs/stream.md, "Versioning").
VERSION = 1
#: The first four bytes of every stream (and of a recording file).
MAGIC = b"EVSM"
#: Largest payload of one frame, in bytes: a reader never buffers more than one frame plus its length prefix.
MAX_FRAME = 65536
#: Largest UTF-8 encoding of one str field; longer strings are cut at a character boundary by the encoder.
MAX_STR = 4096
#: MAGIC + u16 version.
HEADER_SIZE = len(MAGIC) + 2
#: Kind id 0 is reserved for schema frames (the description of the kinds), never for an event.
SCHEMA_KIND = 0

#: Python annotation -> one-byte type code on the wire (the struct format letters, so a hex dump reads).
TYPE_CODES = {"int": ord("q"), "bool": ord("?"), "float": ord("d"), "str": ord("s")}
#: Fixed-size type codes -> their struct letter (str is the only variable-size type).
FIXED_CODES = {ord("q"): "q", ord("?"): "?", ord("d"): "d"}

U16 = struct.Struct("<H")
U32 = struct.Struct("<I")
FRAME_HEAD = struct.Struct("<IH")  # payload length, kind id


class StreamError(Exception):
    """The stream cannot be read any further; ``str(e)`` is one sentence a user can act on.

    ``events`` holds what was decoded in the failing call before the bad byte; ``offset`` is the byte of the
    stream where the problem starts (None when not about a position).
    """

    def __init__(self, message: str, offset: int | None = None) -> None:
        super().__init__(message)
        self.offset = offset
        self.events: list = []
