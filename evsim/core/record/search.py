"""Searching a recording: the next or previous event of a kind or an fd, and the watched program's files.

A mix-in of :class:`evsim.core.record.reader.Recording`; it works on deferred records, so a search decodes
blocks but builds no event objects except the one it returns the index of.
"""

from __future__ import annotations

from typing import Iterable

from evsim.core.stream import StreamError
from evsim.core.stream.wire import FRAME_HEAD, MAX_FRAME

__all__ = ["Search"]


def _names(kind: "str | type | Iterable[str | type] | None") -> frozenset[str] | None:
    if kind is None:
        return None
    items = (kind,) if isinstance(kind, (str, type)) else tuple(kind)
    return frozenset(k if isinstance(k, str) else k.__name__ for k in items)


class Search:
    """``find`` and ``files`` for a Recording (which provides ``_records``, ``_index``, ``_data``...)."""

    def find(self, i: int, step: int = 1, kind: "str | type | Iterable[str | type] | None" = None,
             fd: int | None = None) -> int | None:
        """The first event after ``i`` (``step`` +1) or before it (``step`` -1) whose kind is ``kind`` (a name,
        a class, or several) and whose ``fd`` field is ``fd`` (None: any); None when there is none.
        ``i`` may be -1 or ``len(rec)`` to search from either end."""
        if step not in (1, -1):
            raise ValueError("step is +1 or -1")
        names = _names(kind)
        n = len(self)  # type: ignore[arg-type]
        if n == 0:
            return None
        ix = self._index  # type: ignore[attr-defined]
        j = i + step
        if j < 0 or j >= n:
            return None
        info: dict[object, tuple[str, int]] = {}
        b = self._block_of(j)  # type: ignore[attr-defined]
        while 0 <= b < len(ix.firsts):
            recs = self._records(b)  # type: ignore[attr-defined]
            first = ix.firsts[b]
            k = j - first
            while 0 <= k < len(recs):
                r = recs[k]
                got = info.get(r[0])
                if got is None:
                    got = info[r[0]] = self._describe(r)
                name, fd_at = got
                if (names is None or name in names) and (fd is None or (fd_at >= 0 and r[fd_at] == fd)):
                    return first + k
                k += step
            b += step
            if 0 <= b < len(ix.firsts):
                j = ix.firsts[b] if step > 0 else ix.firsts[b] + len(self._records(b)) - 1  # type: ignore
        return None

    @staticmethod
    def _describe(r: tuple) -> tuple[str, int]:
        """(kind name, position of the fd field in the record or -1) for records made by ``r[0]``."""
        make = r[0]
        fields = getattr(make, "__dataclass_fields__", None)
        if fields is not None:
            names = [f for f in fields]
            return make.__name__, names.index("fd") + 1 if "fd" in names else -1  # r[0] is the class
        ev = make(*r[1:])  # an UnknownEvent: its fields are (name, value) pairs
        names = ["t_ns", *(f for f, _ in ev.fields)]
        return ev.name, -1 if "fd" not in names else names.index("fd") + 1

    def _source_files(self) -> dict[int, str]:
        """file id -> path from the SourceFile frames: only frames of that kind are decoded."""
        ix = self._index  # type: ignore[attr-defined]
        ids = {k for k, (name, _f) in ix.kinds.items() if name == "SourceFile"}
        out: dict[int, str] = {}
        if not ids or not len(ix.offsets):
            return out
        data, head = self._data, FRAME_HEAD.unpack_from  # type: ignore[attr-defined]
        pos, end = ix.offsets[0], ix.size
        with self._lock:  # type: ignore[attr-defined]
            dec = self._decoder  # type: ignore[attr-defined]
            while pos + 6 <= end:
                length, kind = head(data, pos)
                if not 2 <= length <= MAX_FRAME:
                    break
                if kind in ids:
                    try:
                        recs = dec.feed(data[pos:pos + 4 + length])
                    except StreamError:
                        break  # reading that block will say so
                    for r in recs:
                        ev = r[0](*r[1:])
                        fid, path = getattr(ev, "file_id", None), getattr(ev, "path", None)
                        if isinstance(fid, int) and isinstance(path, str):
                            out.setdefault(fid, path)
                pos += 4 + length
        return out
