"""File > Export recording…: a recording to a Chrome trace (ui.perfetto.dev), off the GUI thread.

The user picks the recording, then the ``.json`` to write; :class:`ExportJob` runs
:func:`evsim.core.export.export_file` in a thread of its own and reports progress and the end through Qt
signals (delivered on the GUI thread), so the window never freezes; a progress dialog appears when the export
takes more than a moment, and its Cancel stops it (no file is left).  A recording that cannot be exported, or
a target that cannot be written, is a message box; a recording cut short is exported up to the cut and a
message box says where it ends.  The window owns the job: :meth:`RecordingExport.shutdown` cancels and joins it.
"""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QProgressDialog

from evsim.core.export import ExportCancelled, ExportResult, SourceError, export_file
from evsim.gui.widgets.export_dialog import show_write_error

__all__ = ["ExportJob", "RecordingExport", "pick_source", "pick_target"]

#: Progress steps of the dialog.
STEPS = 1000



def pick_source(parent) -> str:
    """Ask for the recording to export ("" when cancelled); tests replace this."""
    path, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("RecordingExport", "Export recording: choose the recording"), "",
        QCoreApplication.translate("RecordingExport", "All files (*)"))
    return path


def pick_target(parent, proposed: str) -> str:
    """Ask for the trace file to write ("" when cancelled); tests replace this."""
    path, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("RecordingExport", "Export recording as a Perfetto trace"), proposed,
        QCoreApplication.translate("RecordingExport", "Chrome trace JSON (*.json)"))
    return path


class ExportJob(QObject):
    """One export in a thread of its own.  Signals arrive on the GUI thread."""

    progress = Signal(int, int)
    done = Signal(object)  # ExportResult
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, source: str, target: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source, self.target = source, target
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="evsim-export", daemon=True)
        self._last = -1

    def start(self) -> "ExportJob":
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def cancel(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _progress(self, done: int, total: int) -> None:
        step = done * STEPS // max(1, total)
        if step != self._last:  # at most STEPS signals, whatever the length
            self._last = step
            self.progress.emit(done, total)

    def _run(self) -> None:
        try:
            res = export_file(self.source, self.target, progress=self._progress, cancel=self._stop.is_set)
        except ExportCancelled:
            self.cancelled.emit()
        except SourceError as e:
            self.failed.emit(str(e))
        except OSError as e:
            self.failed.emit(self.tr("Could not write {path}: {reason}").format(path=self.target,
                                                                            reason=e.strerror or str(e)))
        except Exception as e:  # noqa: BLE001 - a bug must be a message, not a dead thread and a frozen dialog
            self.failed.emit(self.tr("The export failed: {e}").format(e=f"{type(e).__name__}: {e}"))
        else:
            self.done.emit(res)


class RecordingExport(QObject):
    """The File menu's action and the one export it runs at a time."""

    def __init__(self, win: QMainWindow, menu: QMenu) -> None:
        super().__init__(win)
        self.win = win
        self.job: ExportJob | None = None
        self.dialog: QProgressDialog | None = None
        self.box: QMessageBox | None = None  #: the last message box shown (for tests)
        self.action = QAction(self.tr("Export &recording as a Perfetto trace..."), win)
        self.action.setStatusTip(self.tr("Write a recording as a Chrome trace (JSON) that ui.perfetto.dev and "
                                     "chrome://tracing open"))
        self.action.triggered.connect(self.on_triggered)
        menu.addAction(self.action)

    def _status(self, text: str) -> None:
        self.win.statusBar().showMessage(text, 10000)

    @Slot()
    def on_triggered(self) -> None:
        if self.job is not None and self.job.running:
            self._status(self.tr("An export is still running."))
            return
        source = pick_source(self.win)
        if not source:
            return
        stem = os.path.splitext(os.path.basename(source))[0] or "evsim"
        target = pick_target(self.win, os.path.join(os.path.dirname(source), f"{stem}-trace.json"))
        if not target:
            return
        if not os.path.splitext(target)[1]:
            target += ".json"
        self.start(source, target)

    def start(self, source: str, target: str) -> ExportJob:
        """Export ``source`` to ``target`` now (the dialogs' choice, or a test's)."""
        self.job = job = ExportJob(source, target, self)
        dlg = self.dialog = QProgressDialog(self.tr("Exporting {name}…").format(name=os.path.basename(source)),
                                            self.tr("Cancel"), 0, STEPS, self.win)
        dlg.setWindowTitle(self.tr("Export recording"))
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(400)  # a short export shows no dialog at all
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setValue(0)
        dlg.canceled.connect(job.cancel)
        job.progress.connect(self.on_progress)
        job.done.connect(self.on_done)
        job.failed.connect(self.on_failed)
        job.cancelled.connect(self.on_cancelled)
        return job.start()

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setValue(done * STEPS // max(1, total))

    def _finish(self) -> None:
        if self.dialog is not None:
            self.dialog.canceled.disconnect()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if self.job is not None:
            self.job.join(1.0)

    @Slot(object)
    def on_done(self, res: ExportResult) -> None:
        self._finish()
        self._status(self.tr("Exported {n} events to {path}: open it in ui.perfetto.dev").format(
            n=f"{res.events:,}", path=res.output))
        if res.problem:
            self.box = show_write_error(self.win, self.tr("The recording ends early: {problem}. The trace holds what "
                                                      "comes before.").format(problem=res.problem),
                                        self.tr("Export recording"))
            self.box.setIcon(QMessageBox.Icon.Warning)

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self._finish()
        self._status(message)
        self.box = show_write_error(self.win, message, self.tr("Export recording"))

    @Slot()
    def on_cancelled(self) -> None:
        self._finish()
        self._status(self.tr("Export cancelled."))

    def shutdown(self) -> None:
        """Cancel a running export and wait for its thread (the window is closing)."""
        if self.job is not None:
            self.job.cancel()
            self.job.join(5.0)
