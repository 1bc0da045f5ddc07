"""``evsim run --events``: one line per watch event, and the diagnoses as warnings.

    evsim: 0.001234 recv fd=7 nbytes=5 requested=1024 at=echo.py:42
    evsim: 0.001301 ready fd=7 mask=READ at=echo.py:30
    evsim: 0.002000 send fd=7 nbytes=-1 offered=5 errno=EAGAIN at=echo.py:44

Time is seconds since ``t0_ns``; the kind is :data:`~evsim.core.watch.events.LABELS`; ``fd=N`` comes first
when the event has one; then the other fields (masks as READ/WRITE, ``errno`` by name and only when a call
failed, ``api``/``call`` by name, an empty ``error`` left out); ``at=FILE:LINE`` last, FILE the base name of
the file its ``file`` id was announced for.  A string field from the program never breaks the line
(non-printable characters escaped).

Each kind's line is built by one function generated for it, straight from a deferred record or from an event
(like the stream's encoder), so printing every call of a busy program costs a few microseconds per event.
"""

from __future__ import annotations

import dataclasses
import errno as _errno
import os
from typing import Any, Callable

from evsim.core.events import Event, materialize
from evsim.core.stream.control import Dropped
from evsim.core.stream.text import format_dropped
from evsim.core.watch import events as w

__all__ = ["EventPrinter", "format_watch_event", "mask_text"]

_MASKS = {0: "0", 1: "READ", 2: "WRITE", 3: "READ|WRITE"}
_FIRST, _LAST = ("fd",), ("file", "line")


def mask_text(mask: int) -> str:
    """``READ``, ``WRITE``, ``READ|WRITE`` (selectors' EVENT_READ / EVENT_WRITE)."""
    return _MASKS.get(mask, str(mask))


def _text(v: object) -> str:
    # A str field may come from a peer nobody trusts: never let it move the cursor or start a new line.
    s = str(v)
    return s if s.isprintable() else s.encode("unicode_escape").decode("ascii")


def _errno_part(v: int) -> str:
    return f" errno={_errno.errorcode.get(v, v)}" if v else ""


def _error_part(v: str) -> str:
    return f" error={_text(v)}" if v else ""


_HELPERS = {"_mask": mask_text, "_text": _text, "_errno": _errno_part, "_error": _error_part,
            "_api": lambda v: w.API_NAMES.get(v, v), "_call": lambda v: w.CALL_NAMES.get(v, v)}


def _compile(cls: type) -> tuple[Callable[..., str], Callable[..., str]]:
    """Two line builders for one kind: from a record ``(cls, t_ns, *fields)`` and from an event.  Both take
    ``(item, t0_ns, names)``, ``names`` mapping a file id to its base name."""
    fields = [f.name for f in dataclasses.fields(cls)]
    types = {f.name: f.type for f in dataclasses.fields(cls)}

    def build(get: Callable[[str], str]) -> str:
        out = [f"evsim: {{({get('t_ns')} - t0) / 1e9:.6f}} {w.LABELS[cls]}"]
        order = [n for n in _FIRST if n in fields] + [n for n in fields if n not in ("t_ns", *_FIRST, *_LAST)]
        for n in order:
            v = get(n)
            if n == "errno":
                out.append(f"{{_errno({v})}}")
                continue
            if n == "error":
                out.append(f"{{_error({v})}}")
                continue
            shown = {"mask": f"_mask({v})", "api": f"_api({v})", "call": f"_call({v})"}.get(n)
            if shown is None:
                shown = f"_text({v})" if types[n] in (str, "str") else v
            out.append(f" {n}={{{shown}}}")
        if "line" in fields:
            out.append(f" at={{names.get({get('file')}, '?')}}:{{{get('line')}}}")
        return 'f"' + "".join(out) + '"'

    rec_expr = build(lambda n: f"r[{fields.index(n) + 1}]")
    ev_expr = build(lambda n: f"e.{n}")
    ns: dict[str, Any] = dict(_HELPERS)
    exec(f"def rec(r, t0, names):\n    return {rec_expr}\ndef ev(e, t0, names):\n    return {ev_expr}\n", ns)
    return ns["rec"], ns["ev"]


_COMPILED: dict[type, tuple[Callable[..., str], Callable[..., str]]] = {cls: _compile(cls) for cls in w.LABELS}


def _names(files: dict[int, str]) -> dict[int, str]:
    return {fid: os.path.basename(path) for fid, path in files.items()}


def format_watch_event(ev: Event, t0_ns: int, files: dict[int, str]) -> str | None:
    """The line for one watch event (without a trailing newline); None for events of other kinds.  ``files``
    maps file ids to paths."""
    pair = _COMPILED.get(type(ev))
    return pair[1](ev, t0_ns, _names(files)) if pair is not None else None


class EventPrinter:
    """Turns a stream of watch events (or their deferred records) into lines: every event (``events``), the
    Held events even without ``events`` when ``held`` (where a stepped program waits), and the warnings of
    the diagnoser when one is given (``diagnoser.feed(event) -> [Diagnosis]``, formatted by
    ``format_warning(d, files)``).  ``write(text)`` receives each batch's lines, each with its newline."""

    def __init__(self, write: Callable[[str], object], t0_ns: int, *, events: bool = True, held: bool = False,
                 diagnoser: Any = None, format_warning: Callable[[Any, dict[int, str]], str] | None = None) -> None:
        self.write = write
        self.t0_ns = t0_ns
        self.events = events
        self.held = held
        self.diagnoser = diagnoser
        self.format_warning = format_warning
        self.files: dict[int, str] = {}  #: file id -> path (from the SourceFile events)
        self._names: dict[int, str] = {}  # file id -> base name
        self.warnings = 0

    def feed(self, batch: list) -> None:
        out: list[str] = []
        t0, names, diag = self.t0_ns, self._names, self.diagnoser
        compiled = _COMPILED
        for item in batch:
            is_rec = type(item) is tuple
            cls = item[0] if is_rec else type(item)
            if cls is w.SourceFile:
                ev = materialize(item)
                self.files[ev.file_id] = ev.path
                names[ev.file_id] = os.path.basename(ev.path)
            elif cls is Dropped:
                out.append(f"evsim: {format_dropped(materialize(item).count)}")
                continue
            if cls is w.Diagnosis:
                out.append(self._warning(materialize(item)))
                continue
            if self.events or (self.held and cls is w.Held):
                pair = compiled.get(cls)
                if pair is not None:
                    out.append(pair[0](item, t0, names) if is_rec else pair[1](item, t0, names))
            if diag is not None:
                for d in diag.feed(materialize(item)):
                    out.append(self._warning(d))
        if out:
            self.write("\n".join(out) + "\n")

    def _warning(self, d: Any) -> str:
        self.warnings += 1
        if self.format_warning is not None:
            return self.format_warning(d, self.files)
        return format_watch_event(d, self.t0_ns, self.files) or ""
