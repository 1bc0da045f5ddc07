"""``evsim run --events``: one line per watch event, and the diagnoses as warnings.

    evsim: 0.001234 recv fd=7 nbytes=5 requested=1024 at=echo.py:42
    evsim: 0.001301 ready fd=7 mask=READ at=echo.py:30
    evsim: 0.002000 send fd=7 nbytes=3 offered=5 errno=EAGAIN at=echo.py:44

Time is seconds since ``t0_ns``; the kind is :data:`~evsim.core.watch.events.LABELS`; ``fd=N`` comes first
when the event has one; then the other fields (masks as READ/WRITE, ``errno`` by name and only when a call
failed, ``api``/``call`` by name); ``at=FILE:LINE`` last, FILE the base name of the file its ``file`` id was
announced for.  A string field from the program never breaks the line (non-printable characters escaped).
"""

from __future__ import annotations

import dataclasses
import errno as _errno
import os
from typing import Callable

from evsim.core.events import Event
from evsim.core.stream.control import Dropped
from evsim.core.stream.text import format_dropped
from evsim.core.watch import events as w

__all__ = ["EventPrinter", "format_watch_event", "mask_text"]

_MASKS = {0: "0", 1: "READ", 2: "WRITE", 3: "READ|WRITE"}
_SKIP = {"t_ns", "fd", "file", "line"}
_FIELDS: dict[type, tuple[str, ...]] = {}


def mask_text(mask: int) -> str:
    """``READ``, ``WRITE``, ``READ|WRITE`` (selectors' EVENT_READ / EVENT_WRITE)."""
    return _MASKS.get(mask, str(mask))


def _show(name: str, v: object) -> str:
    if name == "mask":
        return mask_text(v)  # type: ignore[arg-type]
    if name == "errno":
        return _errno.errorcode.get(v, str(v))  # type: ignore[arg-type]
    if type(v) is str and not v.isprintable():
        return v.encode("unicode_escape").decode("ascii")
    return str(v)


def format_watch_event(ev: Event, t0_ns: int, files: dict[int, str]) -> str | None:
    """The line for one watch event (without a trailing newline); None for events of other kinds."""
    label = w.LABELS.get(type(ev))
    if label is None:
        return None
    names = _FIELDS.get(type(ev))
    if names is None:
        names = _FIELDS[type(ev)] = tuple(f.name for f in dataclasses.fields(ev) if f.name not in _SKIP)
    parts = [f"evsim: {(ev.t_ns - t0_ns) / 1e9:.6f} {label}"]
    fd = getattr(ev, "fd", None)
    if fd is not None:
        parts.append(f"fd={fd}")
    for n in names:
        v = getattr(ev, n)
        if (n == "errno" and v == 0) or (n == "error" and v == ""):
            continue
        if n == "api":
            parts.append(f"api={w.API_NAMES.get(v, v)}")
        elif n == "call":
            parts.append(f"call={w.CALL_NAMES.get(v, v)}")
        else:
            parts.append(f"{n}={_show(n, v)}")
    line = getattr(ev, "line", None)
    if line is not None:
        path = files.get(getattr(ev, "file", 0))
        parts.append(f"at={os.path.basename(path) if path else '?'}:{line}")
    return " ".join(parts)


class EventPrinter:
    """Turns a stream of watch events into lines: every event (``events``), and the diagnoses a Diagnoser
    finds (always, when one is given), and with ``held`` the Held events (where a stepped program waits).  ``write(text)`` receives each line with its newline."""

    def __init__(self, write: Callable[[str], object], t0_ns: int, *, events: bool = True, held: bool = False,
                 diagnoser: object | None = None,
                 format_warning: Callable[[object, dict[int, str]], str] | None = None) -> None:
        self.write = write
        self.t0_ns = t0_ns
        self.events = events
        self.held = held  # print Held lines even without ``events`` (headless --step: where the program waits)
        self.diagnoser = diagnoser
        self.format_warning = format_warning
        self.files: dict[int, str] = {}
        self.warnings = 0

    def feed(self, batch: list[Event]) -> None:
        out: list[str] = []
        files = self.files
        diag = self.diagnoser
        for ev in batch:
            t = type(ev)
            if t is w.SourceFile:
                files[ev.file_id] = ev.path
            elif t is Dropped:
                out.append(f"evsim: {format_dropped(ev.count)}")
                continue
            if self.events or (t is w.Held and self.held):
                text = format_watch_event(ev, self.t0_ns, files)
                if text is not None and t is not w.Diagnosis:
                    out.append(text)
            if t is w.Diagnosis:
                out.append(self._warning(ev))
            elif diag is not None:
                for d in diag.feed(ev):  # type: ignore[attr-defined]
                    out.append(self._warning(d))
        if out:
            self.write("\n".join(out) + "\n")

    def _warning(self, d: object) -> str:
        self.warnings += 1
        if self.format_warning is not None:
            return self.format_warning(d, self.files)
        return format_watch_event(d, self.t0_ns, self.files) or ""  # type: ignore[arg-type]
