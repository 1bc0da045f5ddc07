"""The iomodels lab's "Export trace…" button: the runs on screen as a Chrome trace (ui.perfetto.dev).

Per model, five tracks (:mod:`evsim.core.export.iomodels`): the wait and copy phases, what the process's
thread was doing, the other work it got done, and the system calls of the process and of the sender.  A
failed write is a message box.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QFileDialog, QPushButton

from evsim.core.export import export_timelines, write_atomically
from evsim.core.iomodels import MODELS
from evsim.gui.widgets.export_dialog import show_write_error

__all__ = ["TraceExportButton", "pick_path"]



def pick_path(parent) -> str:
    """Ask where to write the trace ("" when cancelled); tests replace this."""
    path, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("TraceExportButton", "Export the runs as a Perfetto trace"),
        "evsim-iomodels-trace.json", QCoreApplication.translate("TraceExportButton", "Chrome trace JSON (*.json)"))
    return path


class TraceExportButton(QPushButton):
    """Exports ``panel.timelines`` (the runs drawn) when clicked; enabled once a run has finished."""

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.setText(self.tr("Export trace…"))
        self.panel = panel
        self.error_box = None  #: the last failed write's message box
        self.setToolTip(self.tr("Save the runs as a Chrome trace (JSON) to open in ui.perfetto.dev: per model the "
                            "wait and copy phases, the process's thread, its other work and every system call"))
        self.setEnabled(bool(panel.timelines))
        panel.model_finished.connect(self.on_model_finished)
        self.clicked.connect(self.on_clicked)

    @Slot(str)
    def on_model_finished(self, _model: str) -> None:
        self.setEnabled(True)

    @Slot()
    def on_clicked(self) -> None:
        if not self.panel.timelines:
            self.panel.status_message.emit(self.tr("No run to export yet: wait for a model to finish."))
            return
        path = pick_path(self)
        if path:
            self.export_to(path if path.lower().endswith(".json") else path + ".json")

    def export_to(self, path: str) -> bool:
        """Write the runs on screen to ``path``; a failure is a message box (and a status message)."""
        tls = [self.panel.timelines[m] for m in MODELS if m in self.panel.timelines]
        try:
            write_atomically(path, lambda f: export_timelines(tls, f))
        except OSError as e:
            text = self.tr("Could not write {path}: {reason}").format(path=path, reason=e.strerror or str(e))
            self.panel.status_message.emit(text)
            self.error_box = show_write_error(self, text, self.tr("Export trace"))
            return False
        self.panel.status_message.emit(self.tr("Exported {n} runs to {path}: open it in ui.perfetto.dev").format(
            n=len(tls), path=path))
        return True
