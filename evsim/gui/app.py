"""The main window: one tab per lab, menus, status bar, remembered settings, language and zoom."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget

from evsim import __version__
from evsim.gui import language
from evsim.gui.appearance import Appearance
from evsim.gui.bridge import FrameBridge
from evsim.gui.dialogs import guide_html, show_about, show_guide  # noqa: F401 - guide_html is public here
from evsim.gui.export import write_rows
from evsim.gui.heavy import heavy_settings
from evsim.gui.labs import LAB_MODULES, panel_class
from evsim.gui.labs.base import LabPanel
from evsim.gui.retranslate import retranslate
from evsim.gui.screen_fit import PREFERRED, clamp_geometry, fit_geometry
from evsim.gui.window_menus import build_menus
from evsim.gui.widgets.export_dialog import ask_table_export, show_write_error
from evsim.gui.widgets.lab_page import LabPage

ORG, APP = "evsim", "evsim"
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)
I18N_DIR = language.I18N_DIR
CATALOGUE = I18N_DIR / "evsim_zh_CN.ts"
ICON = Path(__file__).with_name("icons") / "evsim.svg"
#: Deliberately English: without a CJK font, the same hint in Chinese would be boxes.
NO_CJK_FONT = ("No Chinese font is installed, so Chinese text shows as boxes. Install one (Debian/Ubuntu: "
               "sudo apt install fonts-noto-cjk; Fedora: google-noto-sans-cjk-fonts) and restart evsim.")


def make_app(argv: list[str] | None = None, lang: str | None = None) -> QApplication:
    """The QApplication (created once), with names for QSettings, the icon, and the translation for ``lang``
    ('en', 'zh_CN', 'system'), or for View > Language as remembered when ``lang`` is None."""
    app = QApplication.instance()
    if app is None:
        # Qt's raster engine hands large fills to a pool of threads: on a small machine they compete with the
        # processes the window watches, for little gain (measured: 2-3% of a core less for the window alone)
        os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    QCoreApplication.setOrganizationName(ORG)
    QCoreApplication.setApplicationName(APP)
    QCoreApplication.setApplicationVersion(__version__)
    app.setDesktopFileName("evsim")  # Wayland and taskbars match the window to evsim.desktop
    if ICON.is_file():
        app.setWindowIcon(QIcon(str(ICON)))
    choice = language.remembered_choice() if lang is None else language.normalize(lang)
    translations().use(language.resolve(choice))
    return app  # type: ignore[return-value]


def translations() -> language.Translations:
    """The application's translators (one set per QApplication)."""
    app = QCoreApplication.instance()
    t = getattr(app, "_evsim_translations", None)
    if t is None:
        t = language.Translations()
        app._evsim_translations = t  # type: ignore[attr-defined]
    return t


class MainWindow(QMainWindow):
    """Tabs for the labs; File/View/Help menus; status bar; QSettings for geometry, last lab, speed, language."""

    def __init__(self, lab: str | None = None, remember: bool = True) -> None:
        super().__init__()
        self._remember = remember
        self._closed = False
        self._font_hint_shown = False
        self._was_maximized = False
        self._maximize_on_show = None
        self.setWindowTitle(self.tr("evsim: event-driven programming, made visible"))
        if ICON.is_file():
            self.setWindowIcon(QIcon(str(ICON)))
        self.appearance = Appearance(self, remember=remember)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.panels: dict[str, LabPanel] = {}
        self.pages: dict[str, LabPage] = {}
        for lab_id in LAB_MODULES:
            try:
                cls = panel_class(lab_id)
            except ModuleNotFoundError as e:
                if e.name != LAB_MODULES[lab_id]:
                    raise
                continue  # a lab not built yet: the window works without it
            panel = cls(self)
            # A lab keeps its layout and scrolls on a small screen (a 1024x768 projector, a 1366x768 laptop).
            page = LabPage(panel, self.tabs)
            self.pages[lab_id] = page
            self.tabs.addTab(page, panel.title())
            self._adopt(lab_id, panel)
        self.bridge = FrameBridge(list(self.panels.values()), self.current_panel, parent=self)
        self._server_label = QLabel(self)
        self.statusBar().addPermanentWidget(self._server_label)
        build_menus(self)
        self._server_label.setText(self.tr("server: stopped"))
        settings = QSettings() if remember else None
        speed = 1.0
        if settings is not None:
            geo = settings.value("window/geometry")
            if geo is None or not self.restoreGeometry(geo):
                self.place_on_screen()
            else:
                self._keep_on_screen()
            try:
                speed = float(settings.value("window/animation_speed", 1.0) or 1.0)
            except (TypeError, ValueError):
                speed = 1.0
            lab = lab or settings.value("window/lab", None)
        else:
            self.place_on_screen()
        self.set_animation_speed(speed if speed in SPEEDS else 1.0)
        self.show_lab(lab or "sockets")
        self.tabs.currentChanged.connect(self.on_tab_changed)
        self.on_tab_changed()
        if self.appearance.zoom != 1.0:
            self.appearance.apply()
        if remember:
            self._name_heavy_settings()
        self._check_font()
        self.bridge.start()

    # -- structure --
    def _adopt(self, lab_id: str, panel: LabPanel) -> None:
        """Wire a (new) lab panel to the window."""
        self.panels[lab_id] = panel
        panel.status_message.connect(self.on_status_message)
        # a lab's window-wide keys (the sockets lab: F10, Shift+F10, F5) work wherever the focus is
        for act in getattr(panel, "window_actions", tuple)():
            self.addAction(act)
        if lab_id == "sockets":
            for name, slot in (("server_started", self.on_server_started), ("server_stopped", self.on_server_stopped)):
                signal = getattr(panel, name, None)
                if signal is not None:
                    signal.connect(slot)

    def place_on_screen(self) -> None:
        """Open inside the screen's available geometry: centred at the preferred size, or maximized when the
        screen is smaller than that (a 1366x768 laptop, a 1024x768 projector, 1920x1080 at 150 %)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            self.resize(PREFERRED)
            return
        rect, maximize = fit_geometry(screen.availableGeometry())
        self.resize(rect.size())
        self.move(rect.topLeft())
        # maximized when first shown, unless the caller sized the window itself meanwhile (`evsim shot`)
        self._maximize_on_show = rect.size() if maximize else None

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        wanted, self._maximize_on_show = self._maximize_on_show, None
        if wanted is not None and self.size() == wanted:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        super().showEvent(event)

    def _keep_on_screen(self) -> None:
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        fixed = clamp_geometry(self.frameGeometry(), screen.availableGeometry())
        if fixed is not None:
            self.place_on_screen()

    # -- public API --
    def current_panel(self) -> LabPanel | None:
        page = self.tabs.currentWidget()
        w = page.panel if isinstance(page, LabPage) else None
        return w if isinstance(w, LabPanel) else None

    def page(self, lab_id: str) -> LabPage | None:
        return self.pages.get(lab_id)

    @property
    def _scrolls(self):  # the labs' scroll areas, by lab id (tests and `evsim shot` look at them)
        return {k: p.scroll for k, p in self.pages.items()}

    def show_lab(self, lab_id: str) -> None:
        page = self.pages.get(lab_id)
        if page is not None:
            self.tabs.setCurrentWidget(page)

    def set_animation_speed(self, factor: float) -> None:
        for p in self.panels.values():
            p.set_animation_speed(factor)
        act = self._speed_actions.get(factor)
        if act is not None:
            act.setChecked(True)
        self._speed = factor

    def message(self, text: str, level: str = "error", lab_id: str | None = None) -> None:
        """Show ``text`` in the message bar of ``lab_id`` (the lab on screen by default) and the status bar."""
        page = self.pages.get(lab_id) if lab_id else self.tabs.currentWidget()
        if isinstance(page, LabPage):
            page.message_bar.show_message(text, level)
        self.on_status_message(text)

    def language(self) -> str:
        """The language the window speaks now: 'en' or 'zh_CN'."""
        return translations().language

    def set_language(self, choice: str) -> None:
        """View > Language: 'system', 'en' or 'zh_CN'.  Every text switches at once; every lab keeps running."""
        choice = language.normalize(choice)
        old = translations().language
        translations().use(language.resolve(choice))
        new = translations().language
        if self._remember:
            language.remember_choice(choice)
        act = self._language_actions.get(choice)
        if act is not None:
            act.setChecked(True)
        if new == old:
            return
        retranslate(self, CATALOGUE, old, new)
        for lab_id, panel in self.panels.items():
            self.tabs.setTabText(self.tabs.indexOf(self.pages[lab_id]), panel.title())
            self._lab_actions[lab_id].setText(panel.title())
            hook = getattr(panel, "retranslate", None)
            if callable(hook):
                hook()
        self._check_font()

    def reset_lab(self, lab_id: str) -> None:
        """Stop the lab, forget its remembered settings, and open it again with its defaults."""
        old = self.panels.get(lab_id)
        page = self.pages.get(lab_id)
        if old is None or page is None:
            return
        if hasattr(old, "_remember"):
            old._remember = False  # its shutdown must not save the settings being forgotten
        old.shutdown()
        if self._remember:
            QSettings().remove(lab_id)
        panel = panel_class(lab_id)(self)
        page.set_panel(panel)
        self.bridge.replace_panel(old, panel)
        self._adopt(lab_id, panel)
        panel.set_animation_speed(self._speed)
        self.appearance.style_plots(page)
        page.message_bar.clear()
        if lab_id == "sockets":
            self.on_server_stopped()
        self.on_status_message(self.tr("%1: back to its defaults").replace("%1", panel.title()))

    def shutdown(self) -> None:
        """Stop the frame bridge and every lab's threads and sockets.  Idempotent."""
        self.bridge.stop()
        self.recording_export.shutdown()
        for p in self.panels.values():
            p.shutdown()

    # -- start-up notes --
    def _name_heavy_settings(self) -> None:
        for lab_id, page in self.pages.items():
            found = heavy_settings(lab_id)
            if found:
                page.message_bar.show_message(
                    self.tr("Remembered from last time: %1. This lab may be slow or busy.").replace(
                        "%1", "; ".join(found)),
                    "warning", self.tr("Reset this lab to defaults"),
                    lambda lab_id=lab_id: self.reset_lab(lab_id))

    def _check_font(self) -> None:
        if self._font_hint_shown or translations().language != "zh_CN" or language.has_cjk_font():
            return
        self._font_hint_shown = True
        self.message(NO_CJK_FONT, "warning")

    # -- slots --
    @Slot(str)
    def on_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    @Slot(str, int)
    def on_server_started(self, host: str, port: int) -> None:
        self._server_label.setText(self.tr("server: listening on %1:%2").replace("%1", host).replace("%2", str(port)))

    @Slot()
    def on_server_stopped(self) -> None:
        self._server_label.setText(self.tr("server: stopped"))
        recorder = getattr(self, "recorder", None)
        if recorder is not None:  # the server's recording ended with it
            recorder.on_server_stopped()

    @Slot(int)
    def on_tab_changed(self, _index: int = -1) -> None:
        p = self.current_panel()
        if p is not None and p.lab_id in self._lab_actions:
            self._lab_actions[p.lab_id].setChecked(True)  # View menu marks the lab on screen
        self.act_export.setEnabled(p is not None and type(p).export_rows is not LabPanel.export_rows)

    @Slot()
    def on_export(self) -> None:
        p = self.current_panel()
        if p is None or p.export_rows() is None:
            self.on_status_message(self.tr("This lab has no event log to export."))
            return
        chosen = ask_table_export(self, f"evsim-{p.lab_id}-events", "csv")  # (the event log's buttons' dialog)
        if chosen is not None:
            self.export_to(*chosen)

    def export_to(self, path: str, fmt: str | None = None) -> bool:
        """Export the current lab's event log to ``path`` as ``fmt`` (default: by its extension); a failure is
        shown in a message box and the lab's message bar."""
        p = self.current_panel()
        data = p.export_rows() if p is not None else None
        if data is None:
            self.on_status_message(self.tr("This lab has no event log to export."))
            return False
        header, rows = data
        try:
            write_rows(path, header, rows, fmt, null_empty=("fd", "bytes"))
        except OSError as e:
            text = self.tr("Could not export to %1: %2").replace("%1", path).replace("%2", e.strerror or str(e))
            self.message(text)
            self.error_box = show_write_error(self, text)
            return False
        self.on_status_message(self.tr("Exported %1 events to %2").replace("%1", str(len(rows))).replace("%2", path))
        return True

    @Slot()
    def on_save_screenshot(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save screenshot"), "evsim.png", self.tr("PNG (*.png)"))
        if path:
            self.save_screenshot(path)

    def save_screenshot(self, path: str) -> bool:
        ok = self.grab().save(path, "PNG")
        if ok:
            self.on_status_message(self.tr("Saved %1").replace("%1", path))
        else:
            self.message(self.tr("Could not write %1").replace("%1", path))
        return ok

    @Slot()
    def on_reset_lab(self) -> None:
        p = self.current_panel()
        if p is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Reset this lab to defaults"),
            self.tr("Stop what %1 is running and put every setting back to its default?").replace("%1", p.title()))
        if answer == QMessageBox.StandardButton.Yes:
            self.reset_lab(p.lab_id)

    @Slot(bool)
    def on_presentation(self, on: bool) -> None:
        """F11: full screen, larger text, high contrast, thicker plot lines; F11 again puts it all back."""
        self.appearance.set_presentation(on)
        if on:
            self._was_maximized = self.isMaximized()
            self.showFullScreen()
        elif self._was_maximized:
            self.showMaximized()
        else:
            self.showNormal()

    @Slot()
    def on_guide(self) -> None:
        show_guide(self, self.panels.values())

    @Slot()
    def on_about(self) -> None:
        show_about(self)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if not self._closed:
            self._closed = True
            if self._remember:
                s = QSettings()
                if not self.isFullScreen():
                    s.setValue("window/geometry", self.saveGeometry())
                p = self.current_panel()
                if p is not None:
                    s.setValue("window/lab", p.lab_id)
                s.setValue("window/animation_speed", self._speed)
            self.shutdown()
        super().closeEvent(event)


def display_available() -> bool:
    """Whether Qt can open a window here (a display, Wayland, or an explicit QT_QPA_PLATFORM)."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))
