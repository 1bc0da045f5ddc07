"""The sockets lab's event log: a bounded table model of the echo server's events, and its view.

:class:`EventLogModel` keeps the newest ``max_rows`` rows and filters them itself (by fd and by event kind),
so appending one frame's batch costs one ``beginInsertRows`` and trimming the oldest rows one
``beginRemoveRows``, whatever the size of the log.  :class:`EventLogView` adds the filter controls, Pause,
Clear and CSV/JSON export (the window's one export dialog); a failed write is shown in a message box (and the
lab's message bar), never an exception.  When older rows leave the log, a line under it says how many, and
whether the recording keeps them (:meth:`EventLogView.set_recording`).
"""

from __future__ import annotations

import time

from typing import Iterable, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QSpinBox,
    QTableView, QToolButton, QVBoxLayout, QWidget,
)

from evsim.core.events import Event
from evsim.gui.widgets.event_kinds import kind_label
from evsim.gui.widgets.export_dialog import ask_table_export, show_write_error
from evsim.gui.widgets.message_bar import post_message
from evsim.gui.widgets.log_delegate import LogCellDelegate
from evsim.gui.widgets.steady import StatusLine, fit_all_texts

from evsim.gui.widgets.event_log_model import HEADER, LOG_KINDS, EventLogModel

__all__ = ["EventLogModel", "EventLogView", "LOG_KINDS", "HEADER", "INSERT_INTERVAL_S", "BUSY_INTERVAL_S", "BUSY_ROWS"]

#: The table takes new rows at most this often.
INSERT_INTERVAL_S = 0.1
#: ... and, while a load brings more than anyone reads (BUSY_ROWS rows or more per insert), at most this
#: often: each insert scrolls and repaints the whole table (10-15 ms of CPU on a two-core machine, taken from the
#: server the window watches).  The row counter says so.
BUSY_INTERVAL_S = 0.5
BUSY_ROWS = 200
#: A busy insert into a visible table (it scrolls and repaints all of it, 5-10 ms) runs this long after the frame
#: that found it due: between two frames (25 ms apart under a load, the map painted by then), not inside one,
#: where it made every twentieth frame late.
BETWEEN_FRAMES_MS = 10


class EventLogView(QWidget):
    """The log table with its filter (fd, kinds), Pause, Clear and Export buttons."""

    status_message = Signal(str)
    exported = Signal(str)

    #: The default file name of an export (the sockets lab's log).
    export_stem = "evsim-sockets-events"

    def __init__(self, model: EventLogModel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model if model is not None else EventLogModel(parent=self)
        self._stash: list[tuple] = []  # rows made, not yet in the table
        self._last_insert = 0.0
        self._interval = INSERT_INTERVAL_S  # BUSY_INTERVAL_S after an insert of BUSY_ROWS or more
        self._between_frames = QTimer(self)  # a busy insert, due, waits for the current frame to end
        self._between_frames.setSingleShot(True)
        self._between_frames.setInterval(BETWEEN_FRAMES_MS)
        self._between_frames.timeout.connect(self.flush)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        lay.addLayout(bar)

        bar.addWidget(QLabel(self.tr("fd:")))
        self.fd_box = QSpinBox()
        self.fd_box.setRange(-1, 1 << 20)
        self.fd_box.setSpecialValueText(self.tr("all"))
        self.fd_box.setValue(-1)
        self.fd_box.setToolTip(self.tr("Show only the events of this file descriptor (click a node on the map "
                                       "to pick its fd; 'all' shows every fd)"))
        bar.addWidget(self.fd_box)

        self.kinds_button = QToolButton()
        self.kinds_button.setText(self.tr("Events ▾"))
        self.kinds_button.setToolTip(self.tr("Choose which kinds of events the log shows"))
        self.kinds_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.kinds_button)
        self.kind_actions: dict[str, QAction] = {}
        for k in LOG_KINDS:
            a = menu.addAction(kind_label(k))
            a.setCheckable(True)
            a.setChecked(True)
            a.toggled.connect(self.on_filter_changed)
            self.kind_actions[k] = a
        menu.addSeparator()
        menu.addAction(self.tr("Show all kinds"), self.on_all_kinds)
        menu.addAction(self.tr("Only connections (accept/close/refuse)"), self.on_connection_kinds)
        self.kinds_button.setMenu(menu)
        bar.addWidget(self.kinds_button)

        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(self.tr("Freeze the log to read it; events keep arriving and are added when "
                                             "you resume (the newest {n} are kept)").format(n=self.model.max_rows))
        self.pause_button.toggled.connect(self.on_pause_toggled)
        bar.addWidget(self.pause_button)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Empty the log"))
        self.clear_button.clicked.connect(self.on_clear)
        bar.addWidget(self.clear_button)
        # its growing text (", paused, 5,000 waiting") must move nothing: a line of its own, under the table, whose
        # new text ten times a second repaints that line only (a QLabel would relay and repaint the whole tab)
        self.count_label = StatusLine(align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setToolTip(self.tr("Rows shown / rows kept (the log keeps the newest {n})")
                                    .format(n=self.model.max_rows))
        bar.addStretch(1)
        self.csv_button = QPushButton(self.tr("CSV…"))
        self.csv_button.setToolTip(self.tr("Export the rows shown to a CSV file"))
        self.csv_button.clicked.connect(self.on_export_csv_clicked)
        bar.addWidget(self.csv_button)
        self.json_button = QPushButton(self.tr("JSON…"))
        self.json_button.setToolTip(self.tr("Export the rows shown to a JSON file"))
        self.json_button.clicked.connect(self.on_export_json_clicked)
        bar.addWidget(self.json_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.delegate = LogCellDelegate(self.table)  # the stock look, its texts prepared once
        self.table.setItemDelegate(self.delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 4)
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(True)
        self._fit_columns()
        lay.addWidget(self.table, 1)
        self.removed_label = StatusLine(wrap=True)
        self.removed_label.setToolTip(self.tr("The log keeps the newest {n} rows; a recording (File > Record, "
                                              "Ctrl+R) keeps every event").format(n=f"{self.model.max_rows:,}"))
        self.removed_label.hide()
        lay.addWidget(self.removed_label)
        lay.addWidget(self.count_label)
        self.error_box = None  # the last failed export's message box

        self.fd_box.valueChanged.connect(self.on_filter_changed)
        self._follow = True
        self.table.verticalScrollBar().valueChanged.connect(self.on_scrolled)
        self.model.rowsInserted.connect(self.on_rows_inserted)
        fit_all_texts(self.pause_button, (self.tr("Pause"), self.tr("Resume")))  # toggling it moves nothing
        self._update_count()

    # -- feeding --
    def append_events(self, batch: Iterable[Event]) -> None:
        """New events.  The table takes them at most every INSERT_INTERVAL_S (each insert scrolls and repaints
        it: under a load, ten times a second instead of every frame); :meth:`flush_if_due` sends the rest."""
        self._stash.extend(self.model.rows_for(batch))  # made now: each frame pays for its own rows
        self.flush_if_due()

    def flush_if_due(self) -> None:
        if time.monotonic() - self._last_insert < self._interval or self._between_frames.isActive():
            return
        if len(self._stash) >= BUSY_ROWS and self.table.isVisible():
            self._between_frames.start()
        elif self._stash:
            self.flush()
        elif self.busy:  # the load is over: back to ten inserts a second, and the counter stops saying so
            self._interval = INSERT_INTERVAL_S
            self._update_count()

    def flush(self) -> None:
        """Every event received goes into the table now."""
        self._between_frames.stop()
        stash, self._stash = self._stash, []
        self._last_insert = time.monotonic()
        if stash:
            self._interval = BUSY_INTERVAL_S if len(stash) >= BUSY_ROWS else INSERT_INTERVAL_S
            self.model.append_rows(stash)
            self._update_count()

    @property
    def busy(self) -> bool:
        """The last insert was a busy one: the table takes new rows every BUSY_INTERVAL_S (the counter says so)."""
        return self._interval != INSERT_INTERVAL_S

    @property
    def pending_events(self) -> int:
        """Rows received and not yet in the table (for at most INSERT_INTERVAL_S, or BUSY_INTERVAL_S)."""
        return len(self._stash)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.delegate.refresh()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange):
            fit_all_texts(self.pause_button, (self.tr("Pause"), self.tr("Resume")))
            self._fit_columns()
        super().changeEvent(event)

    def _fit_columns(self) -> None:
        """Columns as wide as their longest value in this language and font: room left for the details."""
        fm = self.table.fontMetrics()
        kinds = max(fm.horizontalAdvance(kind_label(k)) for k in LOG_KINDS)
        for col, sample in enumerate(("00000.000000", "00000", "127.0.0.1:65535", None, "000000")):
            self.table.setColumnWidth(col, (fm.horizontalAdvance(sample) if sample else kinds) + 18)

    def _update_count(self) -> None:
        m = self.model
        text = self.tr("{shown} / {kept} rows").format(shown=f"{m.rowCount():,}", kept=f"{m.total_rows:,}")
        if m.paused:
            text += self.tr(" · paused, {n} waiting").format(n=f"{m.pending:,}")
        elif self.busy:
            text += self.tr(" · busy: new rows every {s} s").format(s=BUSY_INTERVAL_S)
        self.count_label.setText(text)
        self.removed_label.setVisible(m.removed > 0)
        if m.removed:
            self.removed_label.setText(self.removed_text())

    def removed_text(self) -> str:
        """The line saying how many older rows left the log, and where they are kept, if anywhere."""
        m = self.model
        n, lost = f"{m.removed:,}", m.removed_lost
        if not lost:
            return self.tr("{n} older rows removed from the log (the recording keeps them)").format(n=n)
        if lost == m.removed and not m.recording:
            return self.tr("{n} older rows removed from the log and not kept: start a recording with Ctrl+R to "
                           "keep every row").format(n=n)
        return self.tr("{n} older rows removed from the log: {kept} are in the recording, {lost} were not "
                       "recorded and are not kept").format(n=n, kept=f"{m.removed_recorded:,}", lost=f"{lost:,}")

    def set_recording(self, on: bool) -> None:
        """A recording started (True) or stopped: rows arriving meanwhile are kept by it, and the log says so
        when they leave it."""
        self.flush()  # rows received before the change belong to the time before it
        self.model.set_recording(on)
        self._update_count()

    # -- slots --
    @Slot()
    def on_filter_changed(self, *_args) -> None:
        fd = self.fd_box.value()
        kinds = [k for k, a in self.kind_actions.items() if a.isChecked()]
        self.model.set_filter(None if fd < 0 else fd, None if len(kinds) == len(LOG_KINDS) else kinds)
        self._update_count()
        if self._follow:
            self.table.scrollToBottom()

    @Slot()
    def on_all_kinds(self) -> None:
        self._set_kinds(LOG_KINDS)

    @Slot()
    def on_connection_kinds(self) -> None:
        self._set_kinds(("Listening", "Accepted", "Closed", "Refused", "HalfClosed", "ServerStopped"))

    def _set_kinds(self, kinds: Sequence[str]) -> None:
        for k, a in self.kind_actions.items():
            a.blockSignals(True)
            a.setChecked(k in kinds)
            a.blockSignals(False)
        self.on_filter_changed()

    @Slot(int)
    def show_fd(self, fd: int) -> None:
        """Filter the log on one fd (-1: all)."""
        self.fd_box.setValue(fd)

    @Slot(bool)
    def on_pause_toggled(self, on: bool) -> None:
        self.flush()
        self.model.set_paused(on)
        self.pause_button.setText(self.tr("Resume") if on else self.tr("Pause"))
        self._update_count()

    @Slot()
    def on_clear(self) -> None:
        self._stash.clear()
        self.model.clear()
        self._update_count()

    @Slot(int)
    def on_scrolled(self, value: int) -> None:
        sb = self.table.verticalScrollBar()
        self._follow = value >= sb.maximum() - 2

    @Slot()
    def on_rows_inserted(self, *_args) -> None:
        if self._follow:
            self.table.scrollToBottom()

    @Slot()
    def on_export_csv_clicked(self) -> None:
        self.ask_and_export("csv")

    @Slot()
    def on_export_json_clicked(self) -> None:
        self.ask_and_export("json")

    def ask_and_export(self, fmt: str) -> bool:
        """The window's export dialog (``fmt`` preselected), then the export in the format chosen."""
        self.flush()
        chosen = ask_table_export(self, self.export_stem, fmt)
        return chosen is not None and self.export(*chosen)

    # -- export (no exception escapes: a failure is a message box, the message bar and a status message) --
    def export_csv(self, path: str) -> bool:
        return self.export(path, "csv")

    def export_json(self, path: str) -> bool:
        return self.export(path, "json")

    def export(self, path: str, fmt: str) -> bool:
        self.flush()  # everything received so far
        try:
            n = self.model.write(path, fmt)
        except (OSError, ValueError) as e:
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            text = self.tr("Could not write {path}: {reason}").format(path=path, reason=reason)
            post_message(self, text)  # in sight, in the lab's message bar
            self.status_message.emit(text)
            self.error_box = show_write_error(self, text)
            return False
        self.status_message.emit(self.tr("Exported {n} events to {path}").format(n=n, path=path))
        self.exported.emit(path)
        return True
