"""The event log's table model: the newest ``max_rows`` rows of the echo server's events, filtered by fd and kind.

Appending one frame's batch costs one ``beginInsertRows`` and trimming the oldest rows one
``beginRemoveRows``, whatever the size of the log.  The view is :class:`~evsim.gui.widgets.event_log.EventLogView`.
"""

from __future__ import annotations

import bisect
from collections import deque
from typing import Iterable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from evsim.core.echo import events as ev
from evsim.core.events import Event
from evsim.gui.export import write_rows
from evsim.gui.widgets.event_kinds import kind_label

__all__ = ["EventLogModel", "LOG_KINDS", "HEADER"]

#: Event kinds the log shows (LoopPhase is the code pane's business, not the log's).
LOG_KINDS = (
    "Listening", "Accepted", "Ready", "Received", "Sent", "ReadingPaused", "ReadingResumed", "HalfClosed",
    "Closed", "Refused", "ListenerPaused", "ListenerResumed", "ServerError", "ServerStopped",
)
_LOG_KIND_SET = frozenset(LOG_KINDS)
#: Export header (also the order of a row's fields).
HEADER = ["time_s", "fd", "peer", "event", "bytes", "detail"]

_MASKS = {1: "READ", 2: "WRITE", 3: "READ|WRITE"}
_BAD = QColor("#e5484d")
_WARN = QColor("#b8860b")
_GOOD = QColor("#2f9e6e")
_ABRUPT = frozenset(("reset", "broken pipe", "error"))
# (PySide's enums are Python objects: reading ``Qt.ItemDataRole.DisplayRole`` costs half a microsecond and
# combining two flags two; data() runs three times a cell at every repaint, so they are read once here)
_DISPLAY, _ALIGNMENT, _FOREGROUND = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
                                     Qt.ItemDataRole.ForegroundRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_COLORS = { "Refused": _BAD, "ServerError": _BAD, "ReadingPaused": _WARN, "HalfClosed": _WARN,
           "ListenerPaused": _WARN, "Accepted": _GOOD, "Listening": _GOOD}


class EventLogModel(QAbstractTableModel):
    """The newest ``max_rows`` events as rows; filtered by fd and kind; pausable.

    A row is a tuple ``(seq, t_ns, fd, peer, kind, nbytes, detail, alarm)``; fd and nbytes are None when
    they do not apply; ``alarm`` marks a connection that ended abruptly (drawn in red).
    """

    def __init__(self, max_rows: int = 50_000, parent=None) -> None:
        super().__init__(parent)
        self.max_rows = max_rows
        self._trim_chunk = max(1, max_rows // 20)
        self._rows: list[tuple] = []          # every kept row, oldest first
        self._shown: list[tuple] = []         # the rows passing the filter (what the view shows)
        self._pending: deque[tuple] = deque(maxlen=max_rows)  # rows that came in while paused
        self._seq = 0
        self._peers: dict[int, str] = {}
        self.t0_ns: int | None = None
        self.fd_filter: int | None = None
        self.kind_filter: frozenset[str] | None = None
        self.paused = False
        self.removed = 0  #: rows that left the log (trimmed, or lost while paused) since the last clear
        self.removed_recorded = 0  #: of those, rows that arrived while a recording was on (it keeps them)
        self.recording = False
        self._rec_spans: list[list] = []  # [first seq, first seq after] of each recording (None: still on)
        # detail templates, translated once (formatting them per row stays cheap)
        self._t_left = self.tr("{n} B left")
        self._t_partial = self.tr("partial, {n} B left")
        self._t_buffered = self.tr("{n} B buffered")
        self._t_closed = self.tr("{reason} (in {bin} B, out {bout} B)")
        self._t_retry = self.tr("{reason}; retry in {ms} ms")
        self.columns = [self.tr("time (s)"), self.tr("fd"), self.tr("peer"), self.tr("event"),
                        self.tr("bytes"), self.tr("detail")]

    # -- Qt model API --
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt name
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role == _DISPLAY:
            row = self._shown[index.row()]
            c = index.column()
            if c == 0:
                return f"{(row[1] - (self.t0_ns or 0)) / 1e9:.6f}"
            v = row[c + 1]
            if c == 3:
                return kind_label(v)
            return "" if v is None else str(v) if c in (1, 4) else v
        if role == _ALIGNMENT:
            return _RIGHT if index.column() in (0, 1, 4) else None
        if role == _FOREGROUND and index.column() in (3, 5):
            row = self._shown[index.row()]
            return _BAD if row[7] else _COLORS.get(row[4])
        return None

    # -- appending --
    def row_for(self, e: Event) -> tuple | None:
        """The row of one event (None for events the log does not show); updates the fd -> peer map."""
        kind = type(e).__name__
        if kind not in _LOG_KIND_SET:  # most of a watched loop's stream (its calls): no row, decided at once
            if kind == "ConnectionState":  # a snapshot (a stream that starts, or resyncs after drops, mid-way):
                self._peers[e.fd] = e.peer  # its connections' peers, for the rows of their next events
            return None
        fd = getattr(e, "fd", None)
        peer = self._peers.get(fd, "") if fd is not None else ""
        nbytes = None
        detail = ""
        alarm = False
        if isinstance(e, ev.Ready):
            detail = _MASKS.get(e.mask, str(e.mask))
        elif isinstance(e, ev.Received):
            nbytes = e.nbytes
        elif isinstance(e, ev.Sent):
            nbytes = e.nbytes
            detail = (self._t_partial if e.partial else self._t_left).format(n=e.buffered)
        elif isinstance(e, ev.Accepted):
            peer = e.peer
            self._peers[e.fd] = e.peer
        elif isinstance(e, (ev.ReadingPaused, ev.ReadingResumed, ev.HalfClosed)):
            detail = self._t_buffered.format(n=e.buffered)
        elif isinstance(e, ev.Closed):
            detail = self._t_closed.format(reason=e.reason, bin=e.bytes_in, bout=e.bytes_out)
            alarm = e.reason in _ABRUPT
            self._peers.pop(e.fd, None)
        elif isinstance(e, ev.Refused):
            peer = e.peer
            detail = e.reason
        elif isinstance(e, ev.Listening):
            peer = f"{e.host}:{e.port}"
            detail = f"{e.style}, {e.backend}"
            self._peers.clear()
            if self.t0_ns is None:
                self.t0_ns = e.t_ns
        elif isinstance(e, ev.ServerStopped):
            detail = e.reason
        elif isinstance(e, ev.ListenerPaused):
            detail = self._t_retry.format(reason=e.reason, ms=e.retry_ms)
        elif isinstance(e, ev.ServerError):
            if e.fd < 0:
                fd, peer = None, ""
            detail = e.message
        self._seq += 1
        return (self._seq, e.t_ns, fd, peer, kind, nbytes, detail, alarm)

    def rows_for(self, batch: Iterable[Event]) -> list[tuple]:
        """The rows of a batch of events, in order (for :meth:`append_rows`, now or a little later)."""
        rows = []
        row_for = self.row_for
        for e in batch:
            r = row_for(e)
            if r is not None:
                rows.append(r)
        if rows and self.t0_ns is None:
            self.t0_ns = rows[0][1]
        return rows

    def append_events(self, batch: Iterable[Event]) -> int:
        """Append one frame's events (one beginInsertRows for all of them); returns rows added."""
        return self.append_rows(self.rows_for(batch))

    def append_rows(self, rows: Sequence[tuple]) -> int:
        if not rows:
            return 0
        if self.paused:
            over = len(self._pending) + len(rows) - self.max_rows
            if over > 0:  # the oldest waiting rows fall out of the bounded queue
                self._count_removed([*self._pending, *rows][:over])
            self._pending.extend(rows)
            return 0
        if len(rows) > self.max_rows:
            self._count_removed(rows[:-self.max_rows])
            rows = rows[-self.max_rows:]
        self._rows.extend(rows)
        shown = [r for r in rows if self._passes(r)] if self._filtering else list(rows)
        if shown:
            first = len(self._shown)
            self.beginInsertRows(QModelIndex(), first, first + len(shown) - 1)
            self._shown.extend(shown)
            self.endInsertRows()
        if len(self._rows) > self.max_rows + self._trim_chunk:
            self._trim()
        return len(shown)

    def _trim(self) -> None:
        drop = len(self._rows) - self.max_rows
        self._count_removed(self._rows[:drop])
        del self._rows[:drop]
        min_seq = self._rows[0][0]
        k = bisect.bisect_left(self._shown, min_seq, key=lambda r: r[0])
        if k:
            self.beginRemoveRows(QModelIndex(), 0, k - 1)
            del self._shown[:k]
            self.endRemoveRows()

    # -- rows that leave the log --
    def set_recording(self, on: bool) -> None:
        """A recording started (True) or stopped: rows arriving meanwhile are kept by it."""
        if on == self.recording:
            return
        self.recording = on
        if on:
            self._rec_spans.append([self._seq + 1, None])
        else:
            self._rec_spans[-1][1] = self._seq + 1

    def _count_removed(self, rows: Sequence[tuple]) -> None:
        self.removed += len(rows)
        if self._rec_spans:
            spans = self._rec_spans
            self.removed_recorded += sum(1 for r in rows if any(a <= r[0] and (b is None or r[0] < b)
                                                                for a, b in spans))

    @property
    def removed_lost(self) -> int:
        """Rows that left the log and are kept nowhere."""
        return self.removed - self.removed_recorded

    # -- filtering --
    @property
    def _filtering(self) -> bool:
        return self.fd_filter is not None or self.kind_filter is not None

    def _passes(self, r: tuple) -> bool:
        if self.fd_filter is not None and r[2] != self.fd_filter:
            return False
        if self.kind_filter is not None and r[4] not in self.kind_filter:
            return False
        return True

    def set_filter(self, fd: int | None = None, kinds: Iterable[str] | None = None) -> None:
        """Show only rows of ``fd`` (None: every fd) whose kind is in ``kinds`` (None: every kind)."""
        self.fd_filter = fd
        self.kind_filter = frozenset(kinds) if kinds is not None else None
        self.beginResetModel()
        self._shown = [r for r in self._rows if self._passes(r)] if self._filtering else list(self._rows)
        self.endResetModel()

    # -- pause / clear --
    def set_paused(self, paused: bool) -> None:
        if paused == self.paused:
            return
        self.paused = paused
        if not paused and self._pending:
            pending = list(self._pending)
            self._pending.clear()
            self.append_rows(pending)

    @property
    def pending(self) -> int:
        """Rows held back while paused."""
        return len(self._pending)

    def clear(self) -> None:
        self.beginResetModel()
        self.removed = self.removed_recorded = 0
        self._rows.clear()
        self._shown.clear()
        self._pending.clear()
        self.endResetModel()

    @property
    def total_rows(self) -> int:
        return len(self._rows)

    # -- export --
    def export_rows(self) -> tuple[list[str], list[list[object]]]:
        """(header, rows) of the rows shown (filter applied), times in seconds since the server started."""
        t0 = self.t0_ns or 0
        out = [[round((r[1] - t0) / 1e9, 9), "" if r[2] is None else r[2], r[3], r[4],
                "" if r[5] is None else r[5], r[6]] for r in self._shown]
        return list(HEADER), out

    def write(self, path: str, fmt: str) -> int:
        """Write the shown rows as ``fmt`` ('csv' or 'json': a list of objects, ``null`` for a missing fd or
        byte count); returns the number of rows.  Raises OSError; never leaves a half-written file."""
        header, rows = self.export_rows()
        write_rows(path, header, rows, fmt, null_empty=("fd", "bytes"))
        return len(rows)

    def write_csv(self, path: str) -> int:
        return self.write(path, "csv")

    def write_json(self, path: str) -> int:
        return self.write(path, "json")
