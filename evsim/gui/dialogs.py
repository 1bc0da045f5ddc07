"""Help > Guide to the concepts and Help > About: the window's two dialogs."""

from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from evsim import __version__
from evsim.gui.labs.base import LabPanel


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


def show_guide(parent: QWidget, panels: Iterable[LabPanel]) -> None:
    """The guide, then each lab's own explanation, in the language the window speaks now."""
    dlg = QDialog(parent)
    dlg.setWindowTitle(QCoreApplication.translate("MainWindow", "evsim guide"))
    lay = QVBoxLayout(dlg)
    text = QTextBrowser(dlg)
    text.setOpenExternalLinks(False)
    parts = [guide_html()]
    for p in panels:
        if p.explanation():
            parts.append(f"<h3>{p.title()}</h3>{p.explanation()}")
    text.setHtml("".join(parts))
    lay.addWidget(text)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
    box.rejected.connect(dlg.reject)
    lay.addWidget(box)
    # within the screen: a 1024x768 projector has no room for a 600 px dialog under a title bar
    avail = parent.screen().availableGeometry() if parent.screen() is not None else None
    w, h = 720, 600
    if avail is not None:
        w, h = min(w, avail.width() - 40), min(h, avail.height() - 80)
    dlg.resize(w, h)
    dlg.exec()


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        QCoreApplication.translate("MainWindow", "About evsim"),
        QCoreApplication.translate(
            "MainWindow",
            "<b>evsim %1</b><p>A lab that makes event-driven programming and I/O multiplexing visible. "
            "Everything it shows runs for real: threads, sockets, selectors and signals, measured with "
            "real clocks.</p>"
        ).replace("%1", __version__),
    )
