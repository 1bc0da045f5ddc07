"""Which event classes travel in the stream, under which stable kind ids, and how they are described.

A kind is an event class (an :class:`evsim.core.events.Event` dataclass whose fields after ``t_ns`` are
``int``, ``str``, ``bool`` or ``float``) and a kind id (u16).  Ids never change once published: recordings
keep them.  Ids 1-15 are the stream's own kinds (:mod:`evsim.core.stream.control`), 16-39 the echo server's, 40-63 the watch's
(:mod:`evsim.core.watch.events`), 64 and up whatever a lab registers later (``REGISTRY.register(Kind, 64)``).
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Callable, Iterator

from evsim.core.events import Event
from evsim.core.stream import control
from evsim.core.stream.wire import FIXED_CODES, MAX_FRAME, MAX_STR, SCHEMA_KIND, TYPE_CODES, U16

__all__ = ["KindSpec", "KindRegistry", "REGISTRY", "CONTROL_IDS", "ECHO_IDS", "describe"]

_TYPES_BY_NAME = {"int": int, "bool": bool, "float": float, "str": str}


@dataclass(frozen=True)
class KindSpec:
    """One kind as the wire sees it: ``fields`` are ``(name, type code)`` pairs after ``t_ns``."""

    kind_id: int
    name: str
    fields: tuple[tuple[str, int], ...]
    cls: type | None = None

    @property
    def fixed(self) -> bool:
        """True when every field has a fixed size (the frame length is the same for every event)."""
        return all(code in FIXED_CODES for _, code in self.fields)

    @property
    def signature(self) -> tuple:
        """What a reader matches a described kind against its own classes with."""
        return (self.name, self.fields)

    def max_payload(self) -> int:
        """The largest payload an event of this kind can take (kind id + t_ns + fields)."""
        return 2 + 8 + sum(2 + MAX_STR if code == TYPE_CODES["str"] else 8 if code != TYPE_CODES["bool"] else 1
                           for _, code in self.fields)


def _spec_for(cls: type, kind_id: int) -> KindSpec:
    if not (isinstance(cls, type) and issubclass(cls, Event) and dataclasses.is_dataclass(cls)):
        raise TypeError(f"{cls!r} is not an event class")
    if not 1 <= kind_id <= 0xFFFF:
        raise ValueError(f"kind id {kind_id} of {cls.__name__} is outside 1..65535 (0 is the schema frame)")
    fs = dataclasses.fields(cls)
    if not fs or fs[0].name != "t_ns":
        raise TypeError(f"{cls.__name__}: the first field must be t_ns")
    out = []
    for f in fs[1:]:
        tname = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", repr(f.type))
        if tname not in TYPE_CODES or (not isinstance(f.type, str) and f.type is not _TYPES_BY_NAME[tname]):
            raise TypeError(f"{cls.__name__}.{f.name}: type {tname} cannot travel in the stream "
                            "(int, str, bool or float)")
        out.append((f.name, TYPE_CODES[tname]))
    name = cls.__name__
    if len(name.encode()) > 255 or any(len(n.encode()) > 255 for n, _ in out) or len(out) > 255:
        raise ValueError(f"{name}: names are limited to 255 bytes and kinds to 255 fields")
    spec = KindSpec(kind_id, name, tuple(out), cls)
    if spec.max_payload() > MAX_FRAME:
        raise ValueError(f"{name}: an event could exceed the {MAX_FRAME}-byte frame limit (too many str fields)")
    return spec


def describe(specs: "list[KindSpec] | tuple[KindSpec, ...]") -> bytes:
    """The payload of a schema frame describing ``specs`` (docs/stream.md, "The schema frame")."""
    parts = [U16.pack(SCHEMA_KIND), U16.pack(len(specs))]
    for s in specs:
        name = s.name.encode()
        parts += [U16.pack(s.kind_id), bytes([len(name)]), name, bytes([len(s.fields)])]
        for fname, code in s.fields:
            b = fname.encode()
            parts += [bytes([len(b)]), b, bytes([code])]
    return b"".join(parts)


class KindRegistry:
    """Event classes and their kind ids.  ``register`` may be called at any time (thread-safe); encoders made
    before describe the new kind in an extra schema frame the first time they meet it."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._by_id: dict[int, KindSpec] = {}
        self._by_cls: dict[type, KindSpec] = {}
        self._by_sig: dict[tuple, type] = {}
        self._loaders: list[Callable[[KindRegistry], None]] = []
        self._loaded = True  # no loader waits
        self._loading = False

    def register_later(self, loader: "Callable[[KindRegistry], None]") -> None:
        """Run ``loader(self)`` (which registers kinds) on the registry's first use, not now.

        The echo server imports this package; were this package to import the echo events at once, whichever
        of the two is imported first would meet the other half-initialised.
        """
        with self._lock:
            self._loaders.append(loader)
            self._loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        with self._lock:  # other threads wait here until loading is done
            if self._loading:  # a loader's own register() calls, on this thread
                return
            self._loading = True
            try:
                while self._loaders:
                    self._loaders.pop(0)(self)
            finally:
                self._loading = False
            self._loaded = True

    def register(self, cls: type, kind_id: int) -> None:
        """Give event class ``cls`` the wire id ``kind_id`` (registering the same pair again is a no-op)."""
        spec = _spec_for(cls, kind_id)
        self._load()
        with self._lock:
            old = self._by_cls.get(cls)
            if old is not None and old.kind_id == kind_id:
                return
            if old is not None:
                raise ValueError(f"{cls.__name__} already has kind id {old.kind_id}")
            if kind_id in self._by_id:
                raise ValueError(f"kind id {kind_id} is already {self._by_id[kind_id].name}")
            if any(s.name == spec.name for s in self._by_id.values()):
                raise ValueError(f"another kind is already named {spec.name}")
            if len(describe([*self._by_id.values(), spec])) + 4 > MAX_FRAME:
                raise ValueError("the schema of every registered kind would not fit in one frame")
            self._by_id[kind_id] = spec
            self._by_cls[cls] = spec
            self._by_sig[spec.signature] = cls

    def spec_of(self, cls: type) -> KindSpec | None:
        self._load()
        return self._by_cls.get(cls)

    def by_id(self, kind_id: int) -> KindSpec | None:
        self._load()
        return self._by_id.get(kind_id)

    def class_for(self, name: str, fields: tuple) -> type | None:
        """The local class whose name and fields (names and types, in order) are exactly these."""
        self._load()
        return self._by_sig.get((name, fields))

    def specs(self) -> list[KindSpec]:
        """Every registered kind, by id."""
        self._load()
        with self._lock:
            return sorted(self._by_id.values(), key=lambda s: s.kind_id)

    def copy(self) -> "KindRegistry":
        new = KindRegistry()
        for s in self.specs():
            new.register(s.cls, s.kind_id)
        return new

    def __contains__(self, cls: object) -> bool:
        self._load()
        return cls in self._by_cls

    def __iter__(self) -> Iterator[KindSpec]:
        return iter(self.specs())

    def __len__(self) -> int:
        self._load()
        return len(self._by_id)


#: The stream's own kinds.  Never renumber: recordings keep these ids.
CONTROL_IDS: dict[type, int] = {
    control.Hello: 1, control.Dropped: 2, control.SnapshotBegin: 3, control.SnapshotEnd: 4,
    control.Heartbeat: 5, control.Command: 6,
}
#: The echo server's kinds (evsim.core.echo.events), by class name.  Never renumber; append new ones.
ECHO_IDS: dict[str, int] = {
    "Listening": 16, "ServerStopped": 17, "Accepted": 18, "Ready": 19, "Received": 20, "Sent": 21,
    "ReadingPaused": 22, "ReadingResumed": 23, "HalfClosed": 24, "Closed": 25, "Refused": 26,
    "ListenerPaused": 27, "ListenerResumed": 28, "ServerError": 29, "LoopPhase": 30,
    # state (snapshots, exact totals) and the server process's start failure
    "ConnectionState": 31, "ServerCounters": 32, "StartFailed": 33,
    # the built-in clients' process
    "ClientState": 34, "ClientEcho": 35, "LoadProgress": 36,
}



def _register_echo(reg: KindRegistry) -> None:
    from evsim.core.echo import events as echo_events

    for name, kind_id in ECHO_IDS.items():
        reg.register(getattr(echo_events, name), kind_id)


#: The registry every encoder and decoder uses unless given another.
REGISTRY = KindRegistry()
for _cls, _id in CONTROL_IDS.items():
    REGISTRY.register(_cls, _id)
REGISTRY.register_later(_register_echo)


def _register_watch(reg: KindRegistry) -> None:
    from evsim.core.watch.events import WATCH_IDS

    for cls, kind_id in WATCH_IDS.items():
        reg.register(cls, kind_id)


REGISTRY.register_later(_register_watch)
