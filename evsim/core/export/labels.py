"""Names and argument texts the stream export writes, as JSON literals, cached (the hot path formats nothing twice)."""

from __future__ import annotations

import errno as _errno
import os

from evsim.core.export.trace import jstr
from evsim.core.watch.events import API_NAMES, CALL_NAMES

__all__ = ["MASKS", "mask_name", "errno_name", "Labels"]

MASKS = {1: "READ", 2: "WRITE", 3: "READ|WRITE"}


def mask_name(mask: int) -> str:
    return MASKS.get(mask, str(mask))


def errno_name(n: int) -> str:
    return _errno.errorcode.get(n, str(n))


class Labels:
    """Caches of JSON literals: handler names, readiness args, source sites (``file:line``)."""

    def __init__(self) -> None:
        self.files: dict[int, str] = {}  #: SourceFile ids -> base names
        self._at: dict[int, str] = {}
        self._handler: dict[tuple[int, int, bool], str] = {}
        self._ready: dict[tuple[int, int], str] = {}
        self._select: dict[int, str] = {}
        self._handling: dict[int, str] = {}
        self._timeout: dict[int, str] = {}
        self._pair: dict[int, tuple[str, str]] = {}

    def source_file(self, file_id: int, path: str) -> None:
        self.files[file_id] = os.path.basename(path) or path
        self._at.clear()

    def at(self, file: int, line: int) -> str:
        """``,"at":"echo.py:42"`` (to append inside an args object), or "" when the call has no site."""
        key = (file << 32) ^ line
        s = self._at.get(key)
        if s is None:
            if file <= 0 and line <= 0:
                s = ""
            else:
                s = ',"at":' + jstr(f"{self.files.get(file, f'file {file}')}:{line}")
            self._at[key] = s
        return s

    def handler_and_ready(self, fd: int, mask: int, listener: bool) -> tuple[str, str]:
        """:meth:`handler` and :meth:`ready_args` together, in one look-up (the loop's hot path)."""
        key = (fd << 3) | (mask & 3) | (4 if listener else 0)
        pair = self._pair.get(key)
        if pair is None or mask > 3:
            pair = self._pair[key] = (self.handler(fd, mask, listener), self.ready_args(fd, mask))
        return pair

    def handler(self, fd: int, mask: int, listener: bool) -> str:
        """The name of the slice that handles one ready descriptor."""
        key = (fd, mask, listener)
        s = self._handler.get(key)
        if s is None:
            what = "accept" if listener else {1: "read", 2: "write"}.get(mask, "read+write")
            s = self._handler[key] = jstr(f"fd {fd}: {what}")
        return s

    def ready_args(self, fd: int, mask: int) -> str:
        key = (fd, mask)
        s = self._ready.get(key)
        if s is None:
            s = self._ready[key] = '{"fd":%d,"mask":"%s"}' % (fd, mask_name(mask))
        return s

    def select_name(self, api: int) -> str:
        s = self._select.get(api)
        if s is None:
            s = self._select[api] = jstr(f"wait in {API_NAMES.get(api, 'select')}")
        return s

    def timeout(self, timeout_us: int) -> str:
        """A select's timeout in ms as JSON (null: none, it waits until something is ready)."""
        s = self._timeout.get(timeout_us)
        if s is None:
            if len(self._timeout) > 4096:  # (a loop with timers asks for ever new timeouts: stay bounded)
                self._timeout.clear()
            s = self._timeout[timeout_us] = "null" if timeout_us < 0 else "%.3f" % (timeout_us / 1000)
        return s

    def handling(self, nready: int) -> str:
        s = self._handling.get(nready)
        if s is None:
            s = self._handling[nready] = jstr(f"handle {nready} ready")
        return s

    @staticmethod
    def held_name(call: int, fd: int) -> str:
        return jstr(f"held before {CALL_NAMES.get(call, str(call))}" + (f" fd {fd}" if fd >= 0 else ""))
