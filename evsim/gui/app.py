"""The main window: one tab per lab, menus, status bar, remembered settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QSize, Qt, QTranslator, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from evsim import __version__
from evsim.gui.bridge import FrameBridge
from evsim.gui.export import write_rows
from evsim.gui.labs import LAB_MODULES, panel_class
from evsim.gui.labs.base import LabPanel
from evsim.gui.widgets.lab_scroll import LabScrollArea

ORG, APP = "evsim", "evsim"
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)
I18N_DIR = Path(__file__).with_name("i18n")


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with names for QSettings and the translation for the locale."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    QCoreApplication.setOrganizationName(ORG)
    QCoreApplication.setApplicationName(APP)
    QCoreApplication.setApplicationVersion(__version__)
    translator = QTranslator(app)
    # evsim_zh_CN.qm and friends, when a translation ships; a missing file just keeps English.
    if translator.load(QLocale(), "evsim", "_", str(I18N_DIR)):
        app.installTranslator(translator)
    return app  # type: ignore[return-value]


class MainWindow(QMainWindow):
    """Tabs for the labs; File/View/Help menus; status bar; QSettings for geometry, last lab, speed."""

    def __init__(self, lab: str | None = None, remember: bool = True) -> None:
        super().__init__()
        self._remember = remember
        self._closed = False
        self.setWindowTitle(self.tr("evsim: event-driven programming, made visible"))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.panels: dict[str, LabPanel] = {}
        self._scrolls: dict[str, QScrollArea] = {}
        for lab_id in LAB_MODULES:
            try:
                cls = panel_class(lab_id)
            except ModuleNotFoundError as e:
                if e.name != LAB_MODULES[lab_id]:
                    raise
                continue  # a lab not built yet: the window works without it
            panel = cls(self)
            panel.status_message.connect(self.on_status_message)
            self.panels[lab_id] = panel
            # A lab keeps its layout and scrolls on a small screen (a 1024x768 projector, a 1366x768 laptop).
            scroll = LabScrollArea(panel, self.tabs)
            self._scrolls[lab_id] = scroll
            self.tabs.addTab(scroll, panel.title())
        self.bridge = FrameBridge(list(self.panels.values()), self.current_panel, parent=self)
        self._server_label = QLabel(self)
        self.statusBar().addPermanentWidget(self._server_label)
        self._build_menus()
        self._connect_sockets_lab()
        settings = QSettings() if remember else None
        if settings is not None:
            geo = settings.value("window/geometry")
            if geo is not None:
                self.restoreGeometry(geo)
            else:
                self.resize(QSize(1280, 800))
            speed = float(settings.value("window/animation_speed", 1.0) or 1.0)
            lab = lab or settings.value("window/lab", None)
        else:
            self.resize(QSize(1280, 800))
            speed = 1.0
        self.set_animation_speed(speed if speed in SPEEDS else 1.0)
        self.show_lab(lab or "sockets")
        self.tabs.currentChanged.connect(self.on_tab_changed)
        self.on_tab_changed()
        self.bridge.start()

    # -- structure --
    def _build_menus(self) -> None:
        m = self.menuBar().addMenu(self.tr("&File"))
        self.act_export = QAction(self.tr("&Export event log..."), self)
        self.act_export.setShortcut(QKeySequence(self.tr("Ctrl+E")))
        self.act_export.setStatusTip(self.tr("Save the current lab's event log as CSV or JSON"))
        self.act_export.triggered.connect(self.on_export)
        m.addAction(self.act_export)
        act = QAction(self.tr("Save &screenshot..."), self)
        act.setShortcut(QKeySequence(self.tr("Ctrl+Shift+S")))
        act.setStatusTip(self.tr("Save a PNG picture of the window"))
        act.triggered.connect(self.on_save_screenshot)
        m.addAction(act)
        m.addSeparator()
        act = QAction(self.tr("&Quit"), self)
        act.setShortcut(QKeySequence.StandardKey.Quit)
        act.triggered.connect(self.close)
        m.addAction(act)

        v = self.menuBar().addMenu(self.tr("&View"))
        self._lab_group = QActionGroup(self)
        self._lab_actions: dict[str, QAction] = {}
        for i, lab_id in enumerate(self.panels):
            act = QAction(self.panels[lab_id].title(), self, checkable=True)
            act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, lab_id=lab_id: self.show_lab(lab_id))
            self._lab_group.addAction(act)
            self._lab_actions[lab_id] = act
            v.addAction(act)
        v.addSeparator()
        speed_menu = v.addMenu(self.tr("Animation &speed"))
        self._speed_group = QActionGroup(self)
        self._speed_actions: dict[float, QAction] = {}
        for s in SPEEDS:
            act = QAction(self.tr("%1x").replace("%1", f"{s:g}"), self, checkable=True)
            act.triggered.connect(lambda _=False, s=s: self.set_animation_speed(s))
            self._speed_group.addAction(act)
            speed_menu.addAction(act)
            self._speed_actions[s] = act

        h = self.menuBar().addMenu(self.tr("&Help"))
        act = QAction(self.tr("&Guide to the concepts"), self)
        act.setShortcut(QKeySequence.StandardKey.HelpContents)
        act.triggered.connect(self.on_guide)
        h.addAction(act)
        act = QAction(self.tr("&About evsim"), self)
        act.triggered.connect(self.on_about)
        h.addAction(act)

    def _connect_sockets_lab(self) -> None:
        panel = self.panels.get("sockets")
        self._server_label.setText(self.tr("server: stopped"))
        if panel is None:
            return
        started = getattr(panel, "server_started", None)
        stopped = getattr(panel, "server_stopped", None)
        if started is not None:
            started.connect(self.on_server_started)
        if stopped is not None:
            stopped.connect(self.on_server_stopped)

    # -- public API --
    def current_panel(self) -> LabPanel | None:
        w = self.tabs.currentWidget()
        w = w.widget() if isinstance(w, QScrollArea) else w
        return w if isinstance(w, LabPanel) else None

    def show_lab(self, lab_id: str) -> None:
        scroll = self._scrolls.get(lab_id)
        if scroll is not None:
            self.tabs.setCurrentWidget(scroll)

    def set_animation_speed(self, factor: float) -> None:
        for p in self.panels.values():
            p.set_animation_speed(factor)
        act = self._speed_actions.get(factor)
        if act is not None:
            act.setChecked(True)
        self._speed = factor

    def shutdown(self) -> None:
        """Stop the frame bridge and every lab's threads and sockets.  Idempotent."""
        self.bridge.stop()
        for p in self.panels.values():
            p.shutdown()

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

    @Slot(int)
    def on_tab_changed(self, _index: int = -1) -> None:
        p = self.current_panel()
        if p is not None and p.lab_id in self._lab_actions:
            self._lab_actions[p.lab_id].setChecked(True)  # View menu marks the lab on screen
        self.act_export.setEnabled(p is not None and p.export_rows is not LabPanel.export_rows)

    @Slot()
    def on_export(self) -> None:
        p = self.current_panel()
        data = p.export_rows() if p is not None else None
        if data is None:
            self.on_status_message(self.tr("This lab has no event log to export."))
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export event log"), f"evsim-{p.lab_id}-events.csv",
            self.tr("CSV (*.csv);;JSON (*.json)"),
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> bool:
        """Export the current lab's event log to ``path``; reports success or the error in the status bar."""
        p = self.current_panel()
        data = p.export_rows() if p is not None else None
        if data is None:
            self.on_status_message(self.tr("This lab has no event log to export."))
            return False
        header, rows = data
        try:
            write_rows(path, header, rows)
        except OSError as e:
            self.on_status_message(self.tr("Could not export to %1: %2").replace("%1", path).replace("%2", e.strerror or str(e)))
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
        self.on_status_message(
            self.tr("Saved %1").replace("%1", path) if ok else self.tr("Could not write %1").replace("%1", path)
        )
        return ok

    @Slot()
    def on_guide(self) -> None:
        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("evsim guide"))
        lay = QVBoxLayout(dlg)
        text = QTextBrowser(dlg)
        text.setOpenExternalLinks(False)
        parts = [guide_html()]
        for p in self.panels.values():
            if p.explanation():
                parts.append(f"<h3>{p.title()}</h3>{p.explanation()}")
        text.setHtml("".join(parts))
        lay.addWidget(text)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
        box.rejected.connect(dlg.reject)
        lay.addWidget(box)
        dlg.resize(720, 600)
        dlg.exec()

    @Slot()
    def on_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About evsim"),
            self.tr(
                "<b>evsim %1</b><p>A lab that makes event-driven programming and I/O multiplexing visible. "
                "Everything it shows runs for real: threads, sockets, selectors and signals, measured with "
                "real clocks.</p>"
            ).replace("%1", __version__),
        )

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if not self._closed:
            self._closed = True
            if self._remember:
                s = QSettings()
                s.setValue("window/geometry", self.saveGeometry())
                p = self.current_panel()
                if p is not None:
                    s.setValue("window/lab", p.lab_id)
                s.setValue("window/animation_speed", self._speed)
            self.shutdown()
        super().closeEvent(event)


def guide_html() -> str:
    """The Help > Guide text: the concepts behind the four labs, in evsim's own words."""
    return "".join([
        QCoreApplication.translate("Guide", "<h2>Event-driven programming, made visible</h2>"),
        QCoreApplication.translate("Guide", "<p><b>Polling vs events.</b> A program can ask a device again and again whether something "
           "happened (polling): it burns CPU when nothing happens and misses what happens while it is busy. "
           "Or the system can put each event into a <i>message queue</i>; an <i>event loop</i> sleeps until "
           "a message arrives, takes it out and calls the handler the message names.</p>"),
        QCoreApplication.translate("Guide", "<p><b>Two phases of a read.</b> Reading from a socket means (1) waiting until data has arrived in "
           "the kernel and (2) copying it into the process. Blocking, non-blocking, multiplexed and "
           "signal-driven I/O all block during the copy: they are <i>synchronous</i>. Only asynchronous I/O "
           "hands the process data already copied.</p>"),
        QCoreApplication.translate("Guide", "<p><b>I/O multiplexing.</b> select, poll and epoll let one thread wait on many sockets. select "
           "and poll hand the kernel the whole set at every call and make the program scan it for the ready "
           "ones; select also stops at FD_SETSIZE (1024). epoll keeps the set in the kernel and returns only "
           "the ready sockets.</p>"),
        QCoreApplication.translate("Guide", "<p><b>An event-driven server.</b> One thread, one loop: wait for readiness, then accept, read or "
           "write without blocking. A slow peer must not block the others, and a peer that never reads must "
           "not grow the server's memory (back-pressure).</p>"),
    ])


def display_available() -> bool:
    """Whether Qt can open a window here (a display, Wayland, or an explicit QT_QPA_PLATFORM)."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))
