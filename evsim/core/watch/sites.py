"""Source sites: which line of the *program* made a watched call (PLAN.md, "Source sites").

The program's line is the innermost frame that is not in this watch package, not in the standard library and
not in site-packages.  When the walk outwards reaches the machinery of an event loop first (asyncio's
``Handle._run`` / ``_run_once``: the loop itself calling select, or a transport calling recv), the call has no
program line and the innermost frame outside the watch package (a stdlib line) stands for it.  evsim's own
modules outside this package (the embedded echo server's loop) count as the program.

Cheap on the hot path: one ``sys._getframe`` by the caller and one dict lookup, call site -> ``(file id, line)``
(:attr:`Sites.cache`, keyed by :func:`site_key`), for a call made straight from a program line; only calls made from
library code walk further (:meth:`Sites.where`). ``frame.f_lineno`` is never read on the hot path: CPython computes
it by scanning the code object's line table from its start, which costs microseconds in a long function (a server's
main loop); each call site's line is computed once. Each file is announced once by a :class:`SourceFile` event,
before the first event that uses its id.
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
import threading
from types import CodeType, FrameType
from typing import Callable

from evsim.core.events import now_ns
from evsim.core.watch.events import SourceFile

__all__ = ["Sites", "site_key", "classify_path", "PROGRAM", "LIBRARY", "WATCH"]

#: How a code object's file is treated when looking for the program's line.
WATCH, LIBRARY, PROGRAM = 0, 1, 2
#: Frames walked outwards at most before giving up (deep recursion in a library).
MAX_DEPTH = 64
#: Call sites remembered at most (a program that makes code at run time must not grow the tables forever).
MAX_SITES = 1 << 16

_WATCH_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_EVSIM_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))) + os.sep


def _library_dirs() -> tuple[str, ...]:
    dirs: set[str] = set()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        p = sysconfig.get_paths().get(key)
        if p:
            dirs.add(p)
    for getter in (getattr(site, "getsitepackages", None), getattr(site, "getusersitepackages", None)):
        try:
            got = getter() if getter is not None else []
        except Exception:  # some embedded interpreters have no site paths
            got = []
        dirs.update([got] if isinstance(got, str) else got)
    for mod in ("os", "asyncio"):  # where the running interpreter's stdlib really is (venvs, symlinks)
        m = sys.modules.get(mod)
        f = getattr(m, "__file__", None)
        if f:
            dirs.add(os.path.dirname(os.path.dirname(os.path.abspath(f))) if mod == "asyncio"
                     else os.path.dirname(os.path.abspath(f)))
    out = []
    for d in dirs:
        d = os.path.abspath(d)
        out.append(d + os.sep)
        real = os.path.realpath(d)
        if real != d:
            out.append(real + os.sep)
    return tuple(sorted(set(out)))


_LIB_DIRS = _library_dirs()


def classify_path(path: str) -> int:
    """WATCH, LIBRARY or PROGRAM for a code object's ``co_filename``."""
    if not path or path[0] == "<":  # <frozen ...>, <string>: not a file a user can open
        return LIBRARY
    full = os.path.abspath(path)
    if full.startswith(_WATCH_DIR):
        return WATCH
    if full.startswith(_EVSIM_DIR):
        return PROGRAM
    if full.startswith(_LIB_DIRS):
        return LIBRARY
    return PROGRAM


def _path(code: CodeType) -> str:
    name = code.co_filename
    return name if not name or name[0] == "<" else os.path.abspath(name)


def _boundary_codes() -> frozenset[CodeType]:
    """Code objects of event-loop machinery: a walk outwards stops there (no program line led to the call)."""
    codes = []
    try:
        import asyncio.base_events as be
        import asyncio.events as ae

        codes += [ae.Handle._run.__code__, be.BaseEventLoop._run_once.__code__]
    except (ImportError, AttributeError):
        pass
    return frozenset(codes)


def site_key(code: CodeType, lasti: int) -> int:
    """The cache key of a call site: ``id(code) | lasti << 48`` (ids are below 2**48; a pinned code object keeps
    its id).  Not ``(code, lasti)``: hashing a code object hashes its constants, every time."""
    return id(code) | (lasti << 48)


class Sites:
    """The table of source files seen so far, the classification of every code object met, and the call sites.

    A wrapper asks ``sites.cache.get(id(frame.f_code) | frame.f_lasti << 48)`` (:func:`site_key`) first and
    calls :meth:`where` only when it misses.  Every table is keyed by ``id(code)``: each code object met is kept
    alive (``_pinned``) so that its id is never reused while a table names it.
    """

    def __init__(self, emit: Callable[[object], None]) -> None:
        self._emit = emit
        self.cache: dict[int, tuple[int, int]] = {}  # program call site -> (file id, line)
        self.program: dict[int, int] = {}  # id(code) -> file id, for the program's code
        self._other: dict[int, int] = {}  # id(code) -> WATCH or LIBRARY
        self._lines: dict[int, int] = {}  # any frame's call site -> line
        self._pinned: dict[int, CodeType] = {}
        self.files: dict[str, int] = {}  # absolute path -> file id
        self._lock = threading.Lock()
        self._boundary = frozenset(id(c) for c in _boundary_codes())  # (asyncio's functions: alive for good)

    def file_id(self, path: str) -> int:
        """The id of ``path`` (announced by a SourceFile event the first time)."""
        fid = self.files.get(path)
        if fid is None:
            with self._lock:
                fid = self.files.get(path)
                if fid is None:
                    fid = len(self.files) + 1
                    self._emit(SourceFile(now_ns(), fid, path))  # before anyone can use the id
                    self.files[path] = fid
        return fid

    def _classify(self, code: CodeType) -> int:
        if len(self._pinned) >= MAX_SITES:  # code made at run time, without end: start afresh
            self.cache.clear()
            self._lines.clear()
            self.program.clear()
            self._other.clear()
            self._pinned.clear()
        kind = classify_path(code.co_filename)
        key = id(code)
        self._pinned[key] = code
        if kind == PROGRAM:
            self.program[key] = self.file_id(_path(code))
        else:
            self._other[key] = kind
        return kind

    def _line(self, f: FrameType) -> int:
        key = id(f.f_code) | (f.f_lasti << 48)
        line = self._lines.get(key)
        if line is None:
            line = f.f_lineno or 0
            if len(self._lines) >= MAX_SITES:
                self._lines.clear()
            self._lines[key] = line
        return line

    def where(self, frame: FrameType) -> tuple[int, int]:
        """``(file id, line)`` for a call whose caller is ``frame`` (remembered when ``frame`` is the program's)."""
        code = frame.f_code
        fid = self.program.get(id(code))
        if fid is None and id(code) not in self._other and self._classify(code) == PROGRAM:
            fid = self.program[id(code)]
        if fid is None:
            return self.locate(frame)
        site = (fid, self._line(frame))
        if len(self.cache) >= MAX_SITES:
            self.cache.clear()
        self.cache[id(code) | (frame.f_lasti << 48)] = site
        return site

    def locate(self, frame: FrameType | None) -> tuple[int, int]:
        """``(file id, line)`` of the program's line for a call whose caller is ``frame`` (walking outwards);
        ``(0, 0)`` when there is no frame at all."""
        program, other, boundary = self.program, self._other, self._boundary
        fallback: FrameType | None = None
        depth = 0
        f = frame
        while f is not None and depth < MAX_DEPTH:
            code = f.f_code
            key = id(code)
            fid = program.get(key)
            if fid is not None:
                return fid, self._line(f)
            kind = other.get(key)
            if kind is None:
                kind = self._classify(code)
                if kind == PROGRAM:
                    return self.program[key], self._line(f)
            if kind == LIBRARY and fallback is None:
                fallback = f
            if key in boundary:  # the event loop's own machinery: no program line led here
                break
            f = f.f_back
            depth += 1
        if fallback is None:
            return 0, 0
        return self.file_id(_path(fallback.f_code)), self._line(fallback)

    def here(self, depth: int = 1) -> tuple[int, int]:
        """``(file id, line)`` for a call made by the caller's caller (``depth`` frames above this one)."""
        f = sys._getframe(depth + 1)
        site = self.cache.get(id(f.f_code) | (f.f_lasti << 48))
        return site if site is not None else self.where(f)

    def paths(self) -> dict[int, str]:
        """File id -> path, for printers (``at=FILE:LINE``)."""
        return {fid: path for path, fid in self.files.items()}
