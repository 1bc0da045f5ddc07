"""The main window's menus: File, View (labs, language, zoom, presentation, speed, reset), Help."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from evsim.gui import language
from evsim.gui.recording_actions import add_recording_actions

if TYPE_CHECKING:
    from evsim.gui.app import MainWindow


def build_menus(win: "MainWindow") -> None:
    """Create the menus and store the actions the window updates (``act_export``, ``_lab_actions``, ...)."""
    m = win.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&File"))
    add_recording_actions(win, m)  # Record (Ctrl+R), Open recording (Ctrl+O): evsim/gui/recording_actions.py
    win.act_export = QAction(QCoreApplication.translate("MainWindow", "&Export event log..."), win)
    win.act_export.setShortcut(QKeySequence(QCoreApplication.translate("MainWindow", "Ctrl+E")))
    win.act_export.setStatusTip(QCoreApplication.translate("MainWindow", "Save the current lab's event log as CSV or JSON"))
    win.act_export.triggered.connect(win.on_export)
    m.addAction(win.act_export)
    from evsim.gui.export_recording import RecordingExport

    win.recording_export = RecordingExport(win, m)  # File > Export recording as a Perfetto trace...
    act = QAction(QCoreApplication.translate("MainWindow", "Save &screenshot..."), win)
    act.setShortcut(QKeySequence(QCoreApplication.translate("MainWindow", "Ctrl+Shift+S")))
    act.setStatusTip(QCoreApplication.translate("MainWindow", "Save a PNG picture of the window"))
    act.triggered.connect(win.on_save_screenshot)
    m.addAction(act)
    m.addSeparator()
    act = QAction(QCoreApplication.translate("MainWindow", "&Quit"), win)
    act.setShortcut(QKeySequence.StandardKey.Quit)
    act.triggered.connect(win.close)
    m.addAction(act)

    v = win.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&View"))
    win._lab_group = QActionGroup(win)
    win._lab_actions = {}
    for i, lab_id in enumerate(win.panels):
        act = QAction(win.panels[lab_id].title(), win, checkable=True)
        act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
        act.triggered.connect(lambda _=False, lab_id=lab_id: win.show_lab(lab_id))
        win._lab_group.addAction(act)
        win._lab_actions[lab_id] = act
        v.addAction(act)
    v.addSeparator()
    _language_menu(win, v)
    _zoom_actions(win, v)
    v.addSeparator()
    speed_menu = v.addMenu(QCoreApplication.translate("MainWindow", "Animation &speed"))
    win._speed_group = QActionGroup(win)
    win._speed_actions = {}
    from evsim.gui.app import SPEEDS

    for s in SPEEDS:
        act = QAction(QCoreApplication.translate("MainWindow", "%1x").replace("%1", f"{s:g}"), win, checkable=True)
        act.triggered.connect(lambda _=False, s=s: win.set_animation_speed(s))
        win._speed_group.addAction(act)
        speed_menu.addAction(act)
        win._speed_actions[s] = act
    v.addSeparator()
    act = QAction(QCoreApplication.translate("MainWindow", "&Reset this lab to defaults..."), win)
    act.setStatusTip(QCoreApplication.translate(
        "MainWindow", "Stop the lab on screen and put its remembered settings back to their defaults"))
    act.triggered.connect(win.on_reset_lab)
    v.addAction(act)
    win.act_reset = act

    h = win.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    act = QAction(QCoreApplication.translate("MainWindow", "&Guide to the concepts"), win)
    act.setShortcut(QKeySequence.StandardKey.HelpContents)
    act.triggered.connect(win.on_guide)
    h.addAction(act)
    act = QAction(QCoreApplication.translate("MainWindow", "&About evsim"), win)
    act.triggered.connect(win.on_about)
    h.addAction(act)


def _language_menu(win: "MainWindow", view) -> None:
    menu = view.addMenu(QCoreApplication.translate("MainWindow", "&Language"))
    group = QActionGroup(win)
    win._language_actions = {}
    for choice in language.CHOICES:
        # each language under its own name, so a reader finds theirs whatever the window speaks now
        text = language.NATIVE_NAMES.get(choice) or QCoreApplication.translate("MainWindow", "System")
        act = QAction(text, win, checkable=True)
        act.triggered.connect(lambda _=False, choice=choice: win.set_language(choice))
        group.addAction(act)
        menu.addAction(act)
        win._language_actions[choice] = act
    current = language.remembered_choice() if win._remember else "system"
    win._language_actions[current].setChecked(True)


def _zoom_actions(win: "MainWindow", view) -> None:
    act = QAction(QCoreApplication.translate("MainWindow", "&Presentation mode"), win, checkable=True)
    act.setShortcut(QKeySequence("F11"))
    act.setStatusTip(QCoreApplication.translate(
        "MainWindow", "Full screen, larger text, high contrast and thicker lines, for a projector"))
    act.toggled.connect(win.on_presentation)
    view.addAction(act)
    win.act_presentation = act
    for text, keys, slot in (
        (QCoreApplication.translate("MainWindow", "Zoom &in"), ("Ctrl+=", "Ctrl++"), win.appearance.zoom_in),
        (QCoreApplication.translate("MainWindow", "Zoom &out"), ("Ctrl+-",), win.appearance.zoom_out),
        (QCoreApplication.translate("MainWindow", "&Actual size"), ("Ctrl+0",), win.appearance.reset_zoom),
    ):
        act = QAction(text, win)
        act.setShortcuts([QKeySequence(k) for k in keys])
        act.triggered.connect(slot)
        view.addAction(act)
        win.addAction(act)  # the shortcut works in full screen too, where the menu bar may be hidden
