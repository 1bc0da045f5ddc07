"""What the sockets lab knows about a watched program beyond the map's scene: plain Python, no Qt.

The map, log and plots show a watched program through :class:`~evsim.core.echo.scene.SocketScene` (the watch
events translated by ``SceneAdapter``).  The rest of what ``evsim run`` shows is folded here from the raw watch
events (:mod:`evsim.core.watch.events`), in stream order:

* the source files the program's calls were made from (``SourceFile``) and where it is now: the call it is
  held before (``Held``), or else the line of its latest watched call, for the code pane;
* the kernel's side of each socket (``KernelQueues``): bytes arrived but not yet read, bytes written but not
  yet acknowledged, per fd, forgotten when the fd is closed or reused;
* the diagnoses (known mistakes): those a :class:`~evsim.core.watch.diagnose.Diagnoser` run here finds in the
  events (the consumer side), and any ``Diagnosis`` the stream itself carries, per fd (the map flags the
  socket) and in the order they were found (the lab explains each one once);
* where it listens (``Listen``) and how it ended (``ProgramExited``).

Applying an event is O(1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from evsim.core.events import Event
from evsim.core.watch import events as wev

__all__ = ["ProgramState", "Where", "Queues", "numbers", "PHASE_OF_CALL"]

#: The code pane's phase strip for each watched call (``Held.call`` / the kind of a call event).
PHASE_OF_CALL = {"select": "select", "dispatch": "select", "accept": "accept", "recv": "read", "send": "write"}
#: The call each watch event kind stands for (its name in ``CALL_NAMES``).
_CALL_OF_KIND: dict[type, str] = {
    wev.Selected: "select", wev.ReadyFd: "dispatch", wev.Accept: "accept", wev.Recv: "recv", wev.Send: "send",
    wev.Register: "register", wev.Modify: "modify", wev.Unregister: "unregister", wev.Close: "close",
    wev.Shutdown: "shutdown", wev.Connect: "connect", wev.Listen: "listen",
}


@dataclass(frozen=True, slots=True)
class Where:
    """The program's current point: ``call`` (a ``CALL_NAMES`` value) on ``fd`` at ``file``:``line``;
    ``held`` when the program is stopped before that call (Step), else it is the latest call it made."""

    file: int
    line: int
    call: str
    fd: int
    held: bool
    t_ns: int


@dataclass(frozen=True, slots=True)
class Queues:
    """Bytes in the kernel for one socket when it was last sampled (``t_ns``)."""

    recv_q: int
    send_q: int
    t_ns: int


def numbers(d: wev.Diagnosis) -> dict[str, str]:
    """A diagnosis's ``detail`` as a dict ("eof_reads=3 in_ms=0" -> {"eof_reads": "3", "in_ms": "0"})."""
    out = {}
    for part in d.detail.split():
        k, sep, v = part.partition("=")
        if sep:
            out[k] = v
    return out


def _new_diagnoser():
    """A consumer-side Diagnoser, or None where the build has none."""
    try:
        from evsim.core.watch.diagnose import Diagnoser
    except ImportError:
        return None
    return Diagnoser()


class ProgramState:
    """Folds a watched program's stream (see the module's docstring)."""

    def __init__(self, diagnose: bool = True) -> None:
        self.files: dict[int, str] = {}
        self.queues: dict[int, Queues] = {}
        #: fd -> the diagnoses found on it, newest last (one per code: a repeat replaces the older one).
        self.flags: dict[int, dict[str, wev.Diagnosis]] = {}
        #: Every diagnosis not yet taken by :meth:`take_new` (the lab explains each once).
        self._new: list[wev.Diagnosis] = []
        self._seen: set[tuple[str, int]] = set()
        self.found_count = 0
        self.listen: wev.Listen | None = None
        self.exited: wev.ProgramExited | None = None
        self.diagnoser = _new_diagnoser() if diagnose else None
        self.changed = False  # something the code pane or the map's overlay shows changed since taken
        self._at: Event | None = None  # the newest Held or call event with a line: :attr:`where` is made of it
        self._where: Where | None = None
        self._where_of: Event | None = None
        self._rare = {
            wev.SourceFile: self._on_source, wev.KernelQueues: self._on_queues, wev.Diagnosis: self._on_diagnosis,
            wev.ProgramExited: self._on_exited, wev.Close: self._on_close, wev.Accept: self._on_accept,
            wev.Listen: self._on_listen,
        }

    @property
    def at(self) -> Event | None:
        """The event :attr:`where` is made of: the newest ``Held``, or call event with a source line."""
        return self._at

    @property
    def where(self) -> Where | None:
        """The program's current point (made once per change: applying an event only keeps a reference)."""
        e = self._at
        if e is None:
            return None
        w = self._where
        if self._where_of is not e:
            t = type(e)
            if t is wev.Held:
                w = Where(e.file, e.line, wev.CALL_NAMES.get(e.call, "?"), e.fd, True, e.t_ns)
            else:
                w = Where(e.file, e.line, _CALL_OF_KIND[t], getattr(e, "fd", -1), False, e.t_ns)
            self._where, self._where_of = w, e
        return w

    def apply(self, batch: Iterable[Event]) -> None:
        diag = self.diagnoser
        rare = self._rare
        calls = _CALL_OF_KIND
        held = wev.Held
        at = self._at
        for e in batch:
            t = type(e)
            if t in calls or t is held:
                if e.line > 0:
                    at = e
            h = rare.get(t)
            if h is not None:
                h(e)
            if diag is not None and t is not wev.Diagnosis:
                for d in diag.feed(e):
                    self._note(d)
        if at is not self._at:
            self._at = at
            self.changed = True

    def _on_source(self, e: wev.SourceFile) -> None:
        self.files[e.file_id] = e.path

    def _on_queues(self, e: wev.KernelQueues) -> None:
        self.queues[e.fd] = Queues(e.recv_q, e.send_q, e.t_ns)
        self.changed = True

    def _on_diagnosis(self, e: wev.Diagnosis) -> None:
        self._note(e)

    def _on_exited(self, e: wev.ProgramExited) -> None:
        self.exited = e
        self.changed = True

    def _on_close(self, e: wev.Close) -> None:
        self._forget_fd(e.fd)

    def _on_accept(self, e: wev.Accept) -> None:
        if e.new_fd >= 0:
            self._forget_fd(e.new_fd)  # a reused fd number: nothing of its last owner applies

    def _on_listen(self, e: wev.Listen) -> None:
        if self.listen is None:  # the first listening socket is the program's address
            self.listen = e

    def _forget_fd(self, fd: int) -> None:
        if self.queues.pop(fd, None) is not None:
            self.changed = True
        if self.flags.pop(fd, None) is not None:
            self.changed = True

    def _note(self, f: wev.Diagnosis) -> None:
        self.found_count += 1
        self.flags.setdefault(f.fd, {})[f.code] = f
        self.changed = True
        key = (f.code, f.fd)
        if key not in self._seen:  # explained once per socket and mistake, however often it repeats
            self._seen.add(key)
            self._new.append(f)

    # -- what the views ask --
    def take_new(self) -> list[wev.Diagnosis]:
        """Diagnoses found since the last call, each (code, fd) once."""
        out, self._new = self._new, []
        return out

    def take_changed(self) -> bool:
        out, self.changed = self.changed, False
        return out

    def flags_for(self, fd: int) -> list[wev.Diagnosis]:
        return list(self.flags.get(fd, {}).values())

    def path(self, file_id: int) -> str | None:
        return self.files.get(file_id)
