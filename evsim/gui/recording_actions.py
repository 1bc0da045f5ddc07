"""File > Record and File > Open recording: the window's side of recording and replay (docs/recording.md).

**Record** (Ctrl+R, checkable) asks the sockets lab's running server process to record its own event stream
to a file (the window only watches: the server writes every event, even those the window drops when it
cannot keep up).  While it records, the status bar shows a red dot and the elapsed time; Ctrl+R again stops.

**Open recording** (Ctrl+O) shows a recording in the sockets lab instead of the live server, with the
timeline bar (:mod:`evsim.gui.labs.sockets.replay_control`).  A file that cannot be read gives one sentence
in a message box, never a traceback; a truncated one replays up to the cut and says where it ends.

Tests bypass the file dialogs with :data:`RECORD_PATH` and :data:`OPEN_PATH` (a path, or a callable returning
one) and watch the message boxes through :func:`show_error`.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

if TYPE_CHECKING:
    from evsim.gui.app import MainWindow

__all__ = ["Recorder", "add_recording_actions", "open_recording", "default_name", "show_error",
           "RECORD_PATH", "OPEN_PATH", "EXTENSION"]

EXTENSION = ".evrec"
#: Tests: where File > Record writes instead of asking (a path, or a callable returning a path or "").
RECORD_PATH: str | Callable[[], str] | None = None
#: Tests: what File > Open recording opens instead of asking.
OPEN_PATH: str | Callable[[], str] | None = None
_FOLDER_KEY = "recording/folder"
#: How long the server has to confirm a recording (or send its last count after a stop), and the ticks.
CONFIRM_TIMEOUT_S = 5.0
WAIT_TICK_MS = 100
SHOW_TICK_MS = 500


def show_error(parent: QWidget, title: str, text: str) -> None:
    """A failure the user must see: a message box with one sentence (tests replace this function)."""
    QMessageBox.warning(parent, title, text)


def default_name(now: float | None = None) -> str:
    """evsim-YYYYMMDD-HHMMSS.evrec, in local time."""
    return time.strftime("evsim-%Y%m%d-%H%M%S", time.localtime(now)) + EXTENSION


def _hooked(hook) -> str | None:
    if hook is None:
        return None
    return hook() if callable(hook) else str(hook)


def _folder(win: "MainWindow") -> str:
    folder = QSettings().value(_FOLDER_KEY, "") if win._remember else ""
    return folder if folder and os.path.isdir(folder) else os.path.expanduser("~")


def _remember_folder(win: "MainWindow", path: str) -> None:
    if win._remember:
        QSettings().setValue(_FOLDER_KEY, os.path.dirname(os.path.abspath(path)))


class Recorder(QObject):
    """The Record action's state: which file the server records to, since when, how it goes; the red dot.

    The server process reports its recording in its stream (``RecordState``: started, events and drops so
    far, an error, stopped); :class:`~evsim.core.echo.remote.RemoteServer` keeps the latest, and the recorder
    looks at it twice a second (every 100 ms while it waits for an answer)."""

    def __init__(self, win: "MainWindow") -> None:
        super().__init__(win)
        self.win = win
        self.path: str | None = None
        self.confirmed = False
        self.events = 0
        self.dropped = 0
        self._t0 = 0.0
        self._server_ref = None  # the server process asked to record (its state arrives there)
        self._closing: str | None = None  # a stopped recording whose last count has not arrived yet
        self._closing_until = 0.0
        self.indicator = QLabel(win)
        self.indicator.setToolTip(self.tr("The server is recording every event to a file. Ctrl+R stops."))
        self.indicator.hide()
        win.statusBar().addPermanentWidget(self.indicator)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self.on_tick)
        self.action = QAction(self.tr("&Record"), win, checkable=True)
        self.action.setShortcut(QKeySequence(self.tr("Ctrl+R")))
        self.action.setStatusTip(self.tr("Record what the sockets lab's server does to a file you can replay "
                                     "(Ctrl+R again stops)"))
        self.action.triggered.connect(self.on_triggered)

    # -- the running server ---------------------------------------------------------------------------------
    def _panel(self):
        return self.win.panels.get("sockets")

    def _server(self):
        p = self._panel()
        if p is None or p.replay is not None or p.server_address() is None:
            return None
        return p.controller.server

    @property
    def recording(self) -> bool:
        return self.path is not None

    # -- slots ------------------------------------------------------------------------------------------------
    @Slot(bool)
    def on_triggered(self, on: bool) -> None:
        if on:
            self.start()
        else:
            self.stop()
        self.action.setChecked(self.recording)

    def start(self, path: str | None = None) -> bool:
        """Ask the server to record to ``path`` (asked for with a dialog when None); False when it could not."""
        win = self.win
        if self.recording:
            return True
        srv = self._server()
        if srv is None:
            show_error(win, self.tr("Record"), self.tr("Start the echo server in the sockets lab first: File > Record "
                                               "records the running server."))
            return False
        if path is None:
            path = _hooked(RECORD_PATH)
        if path is None:
            path, _ = QFileDialog.getSaveFileName(win, self.tr("Record to"), os.path.join(_folder(win), default_name()),
                                                  self.tr("evsim recordings (*.evrec)"))
        if not path:
            return False
        if not os.path.splitext(path)[1]:
            path += EXTENSION
        path = os.path.abspath(path)
        why = _cannot_write(path)
        if why is not None:
            show_error(win, self.tr("Record"), self.tr("Cannot record to {path}: {why}.").format(path=path, why=why))
            return False
        _remember_folder(win, path)
        srv.proc.command("record", path)
        self._server_ref = srv
        self.path, self.confirmed, self.events, self.dropped = path, False, 0, 0
        self._closing = None
        self._t0 = time.monotonic()
        self._tick.start(WAIT_TICK_MS)
        self._show()
        self.indicator.show()
        self._tell_log(True)
        self.action.setChecked(True)
        win.on_status_message(self.tr("Recording to {path}").format(path=path))
        return True

    def stop(self, ended: bool = False) -> None:
        """Stop recording (``ended``: the server stopped, and its recording with it)."""
        if not self.recording:
            return
        srv = self._server()
        if srv is not None and not ended:
            srv.proc.command("record-stop")
        path, self.path = self.path, None
        self._closing, self._closing_until = path, time.monotonic() + CONFIRM_TIMEOUT_S
        self._tick.start(WAIT_TICK_MS)  # until the server's last count arrives
        self.indicator.hide()
        self._tell_log(False)
        self.action.setChecked(False)
        self._say_recorded(path)

    def failed(self, why: str) -> None:
        """The server could not write the recording (disk full...): stop, and say so in a message box."""
        path = self.path
        self.stop(ended=True)
        self._closing = None
        show_error(self.win, self.tr("Record"), self.tr("Recording to {path} stopped: {why}").format(
            path=path, why=_sentence(why)))

    @Slot()
    def on_server_stopped(self) -> None:
        self.stop(ended=True)

    @Slot()
    def on_tick(self) -> None:
        """Follow the server's RecordState: confirmed, counts, an error; the last count after a stop."""
        srv = self._server_ref
        st = getattr(srv, "record_state", None) if srv is not None else None
        mine = st is not None and st.path in (self.path, self._closing)
        if self.recording:
            if mine and st.error:
                self.failed(st.error)
                return
            if mine and st.recording:
                if not self.confirmed:
                    self.confirmed = True
                    self._tick.start(SHOW_TICK_MS)
                self.events, self.dropped = st.events, st.dropped
            elif not self.confirmed and time.monotonic() - self._t0 > CONFIRM_TIMEOUT_S:
                self.failed(self.tr("the server did not answer"))
                return
            self._show()
        elif self._closing is not None:
            if mine and not st.recording:
                self.events, self.dropped = st.events, st.dropped
                self._say_recorded(self._closing)
                self._closing = None
            elif time.monotonic() > self._closing_until:
                self._closing = None
        if not self.recording and self._closing is None:
            self._tick.stop()
            self._server_ref = None

    def _show(self) -> None:
        s = int(time.monotonic() - self._t0)
        text = "<span style='color:#ff3b30'>●</span> " + self.tr("REC {m}:{s}").format(m=f"{s // 60:02d}",
                                                                                  s=f"{s % 60:02d}")
        if self.confirmed:
            text += " · " + self.tr("{n} events").format(n=f"{self.events:,}")
        if self.dropped:  # the disk did not keep up: said, and counted
            text += " · <span style='color:#ff3b30'>" + self.tr("{n} dropped").format(n=f"{self.dropped:,}") + "</span>"
        self.indicator.setText(text)

    def _say_recorded(self, path: str) -> None:
        text = self.tr("Recorded {n} events to {path}").format(n=f"{self.events:,}", path=path)
        if self.dropped:
            text += " " + self.tr("({n} dropped: the disk did not keep up)").format(n=f"{self.dropped:,}")
        self.win.on_status_message(text)

    def _tell_log(self, on: bool) -> None:
        p = self._panel()
        hook = getattr(getattr(p, "log", None), "set_recording", None)
        if callable(hook):  # the event log says the recording keeps what it lets go
            hook(on)


def _cannot_write(path: str) -> str | None:
    """Why ``path`` cannot be written (one phrase), or None."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        return QCoreApplication.translate("Recording", "it is a folder")
    if not os.path.isdir(folder):
        return QCoreApplication.translate("Recording", "the folder does not exist")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        return QCoreApplication.translate("Recording", "permission denied")
    return None


def _sentence(text: str, path: str = "") -> str:
    """'cannot replay x: ...' -> 'Cannot replay x: ....' (the core's messages are phrases); a message that
    starts with the file's name keeps it as it is spelt."""
    text = text.strip()
    if not text:
        return text
    if not (path and text.startswith(os.path.basename(path))):
        text = text[0].upper() + text[1:]
    return text + ("" if text.endswith((".", "!", "?")) else ".")


def open_recording(win: "MainWindow", path: str, rec=None) -> bool:
    """Show the recording at ``path`` (``rec``: already open) in the sockets lab; a message box says why when
    it cannot be read."""
    from evsim.core.record import Recording, RecordingError
    from evsim.gui.labs.sockets.replay_control import open_replay

    panel = win.panels.get("sockets")
    if panel is None:
        return False
    try:
        rec = Recording.open(path) if rec is None else rec
    except RecordingError as e:  # one sentence that names the file
        show_error(win, QCoreApplication.translate("Recording", "Open recording"), _sentence(str(e), path))
        return False
    except OSError as e:
        show_error(win, QCoreApplication.translate("Recording", "Open recording"), QCoreApplication.translate("Recording", "Cannot open {file}: {why}.").format(
            file=os.path.basename(path), why=e.strerror or str(e)))
        return False
    recorder: Recorder | None = getattr(win, "recorder", None)
    if recorder is not None:
        recorder.stop()
    _remember_folder(win, path)
    win.show_lab("sockets")
    open_replay(panel, path, rec)
    cut = getattr(rec, "truncated", None)
    if cut:
        win.message(QCoreApplication.translate("Recording", "This recording ends early: {why}").format(why=_sentence(cut)), "warning", "sockets")
    else:
        win.on_status_message(QCoreApplication.translate("Recording", "Replaying {path}").format(path=path))
    return True


def add_recording_actions(win: "MainWindow", menu) -> None:
    """File > Record and File > Open recording, at the top of ``menu``; ``win.recorder`` keeps the state."""
    win.recorder = Recorder(win)
    act = QAction(QCoreApplication.translate("Recording", "&Open recording..."), win)
    act.setShortcut(QKeySequence(QCoreApplication.translate("Recording", "Ctrl+O")))
    act.setStatusTip(QCoreApplication.translate("Recording", "Replay a recording in the sockets lab, with a timeline to step back and forth"))

    def on_open() -> None:
        path = _hooked(OPEN_PATH)
        if path is None:
            path, _ = QFileDialog.getOpenFileName(win, QCoreApplication.translate("Recording", "Open recording"), _folder(win),
                                                  QCoreApplication.translate("Recording", "evsim recordings (*.evrec);;All files (*)"))
        if path:
            open_recording(win, path)

    act.triggered.connect(on_open)
    win.act_open_recording = act
    menu.addAction(win.recorder.action)
    menu.addAction(act)
    menu.addSeparator()
