"""The one export dialog of the window (File > Export event log, Ctrl+E, and the event log's CSV…/JSON…
buttons): the same title, default name and filters everywhere; the format written is the one chosen.

:func:`ask_table_export` returns ``(path, fmt)``: the format is the extension typed (.csv or .json), else the
filter selected, and the extension is added when missing.  :func:`show_write_error` puts a failed write in a
message box (without blocking: the window keeps running).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from evsim.gui.export import FORMATS, format_of

__all__ = ["ask_table_export", "make_export_dialog", "resolve_export", "show_write_error", "export_title",
           "export_filters", "run_dialog"]



def export_title() -> str:
    return QCoreApplication.translate("ExportDialog", "Export event log")


def export_filters() -> dict[str, str]:
    """Format -> its name filter, in the dialog's order."""
    return {"csv": QCoreApplication.translate("ExportDialog", "CSV (*.csv)"),
            "json": QCoreApplication.translate("ExportDialog", "JSON (*.json)")}


def resolve_export(path: str, selected_filter: str) -> tuple[str, str]:
    """(path with its extension, format): the extension typed wins, else the filter chosen, else CSV."""
    fmt = format_of(path)
    if fmt is None:
        fmt = next((f for f, flt in export_filters().items() if flt == selected_filter), None) or \
            next((f for f in FORMATS if f"*.{f}" in selected_filter), "csv")
        path = f"{path}.{fmt}"
    return path, fmt


def make_export_dialog(parent: QWidget | None, stem: str, fmt: str = "csv") -> QFileDialog:
    """The dialog, set up (title, filters with ``fmt``'s selected, ``stem.fmt`` proposed), not shown."""
    filters = export_filters()
    dlg = QFileDialog(parent, export_title())
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dlg.setFileMode(QFileDialog.FileMode.AnyFile)
    dlg.setNameFilters(list(filters.values()))
    dlg.selectNameFilter(filters.get(fmt, filters["csv"]))
    dlg.selectFile(f"{stem}.{fmt if fmt in filters else 'csv'}")
    return dlg


def run_dialog(dlg: QFileDialog) -> bool:
    """Show the dialog and wait for the user (tests replace this)."""
    return dlg.exec() == QFileDialog.DialogCode.Accepted


def ask_table_export(parent: QWidget | None, stem: str, fmt: str = "csv") -> tuple[str, str] | None:
    """Ask where to export; ``(path, fmt)`` or None when cancelled."""
    dlg = make_export_dialog(parent, stem, fmt)
    try:
        if not run_dialog(dlg) or not dlg.selectedFiles():
            return None
        return resolve_export(dlg.selectedFiles()[0], dlg.selectedNameFilter())
    finally:
        dlg.deleteLater()


def show_write_error(parent: QWidget | None, text: str, title: str | None = None) -> QMessageBox:
    """A failed write, in a message box that does not block the window (returned, e.g. for tests)."""
    box = QMessageBox(QMessageBox.Icon.Critical, title or export_title(), text, QMessageBox.StandardButton.Ok,
                      parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box
