"""The sockets lab in "program" mode: watching the user's own program (``evsim run SCRIPT``).

:class:`ProgramMode` turns an existing sockets :class:`~evsim.gui.labs.sockets.panel.Panel` into a view of a
watched program, without a second panel: its controller becomes a
:class:`~evsim.gui.labs.sockets.program_control.ProgramController` (same face as the echo server's, so the
map, log, plots and Step controls work unchanged); the echo server's Start/host/port controls give way to one
line ("Watching: examples/selectors_server.py, pid N") and a Stop button; the code tab shows the program's
own source file with the line of its current call lit; a :class:`ProgramOverlay` puts the kernel's queues
and the diagnosis flags on the map; each diagnosis is explained once in the lab's message bar; and how the
program ended is said there too (the window stays open, to look at what happened).
"""

from __future__ import annotations

import functools
import os
import sysconfig
import tokenize

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from evsim.core.watch.events import Diagnosis
from evsim.gui.labs.sockets.map_program_overlay import ProgramOverlay
from evsim.gui.labs.sockets.program_control import ProgramController
from evsim.gui.labs.sockets.program_state import PHASE_OF_CALL, Where
from evsim.gui.labs.sockets.program_text import ProgramText
from evsim.gui.widgets.message_bar import post_message

__all__ = ["ProgramMode", "MAX_SOURCE_BYTES", "is_library"]

#: A source file larger than this is not shown (the code pane is for reading a program, not a data file).
MAX_SOURCE_BYTES = 2 * 1024 * 1024


@functools.lru_cache(maxsize=256)
def is_library(path: str) -> bool:
    """Whether ``path`` is in the standard library or site-packages (the watched program runs with this
    interpreter, so it has the same ones): not the program's own code."""
    roots = {sysconfig.get_path(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    return any(r and os.path.abspath(path).startswith(os.path.join(r, "")) for r in roots)


class ProgramMode(QObject):
    """Program mode on ``panel`` (a sockets lab Panel): see the module's docstring."""

    #: The program's state in a few words changed (for the window's status-bar corner).
    state_changed = Signal(str)

    def __init__(self, panel: QWidget, script: str) -> None:
        super().__init__(panel)
        self.panel = panel
        self.script = script
        self.text = ProgramText(self)
        # the program's events arrive translated (SceneAdapter); the panel's frame, then this mode's
        self.controller = ctl = ProgramController(panel)
        panel.adopt_producer(ctl, self.frame)
        ctl.program_listening.connect(self.on_listening)
        ctl.program_exited.connect(self.on_exited)
        ctl.program_failed.connect(self.on_failed)
        ctl.program_stopped.connect(self.on_stopped)
        self.overlay = ProgramOverlay(panel.map, ctl.state)
        self._shown_path: str | None = None
        self._sources: dict[str, str] = {}
        self._last_where: Where | None = None
        self._stop_asked = False  # the Stop button was pressed: say so when the program is gone
        self._build_controls()
        self._show_source(os.path.abspath(script))
        self.retranslate()
        panel.installEventFilter(self)

    # -- controls --
    def _build_controls(self) -> None:
        p = self.panel
        box = p.server_box
        lay = box.layout()
        for i in range(lay.count()):  # host, port, style, backend, Start: the echo server's, not the program's
            w = lay.itemAt(i).widget()
            if w is not None and w is not p.stop_button:
                w.hide()
        self.watching_label = QLabel()
        self.watching_label.setWordWrap(True)
        lay.insertWidget(0, self.watching_label, 1)
        p.stop_button.clicked.disconnect(p.on_stop_clicked)
        p.stop_button.clicked.connect(self.on_stop_clicked)
        p.stop_button.setEnabled(False)

    def retranslate(self) -> None:
        p, t = self.panel, self.text
        p.server_box.setTitle(t.box_title())
        p.stop_button.setToolTip(t.stop_tip())
        i = p.tabs.indexOf(p.code)
        p.tabs.setTabText(i, t.code_tab())
        p.tabs.setTabToolTip(i, t.code_tab_tip())
        p.explanation_box.label.setText(t.explanation(self.script))
        caption = getattr(p.code, "caption", None)
        if caption is not None:
            caption.setText(t.caption())
        self._show_watching()

    def _show_watching(self) -> None:
        line = self.text.watching(self.script, self.controller.pid if self.controller.active else None)
        lst = self.controller.state.listen
        if lst is not None and self.controller.active:
            line += " · " + self.text.listening(lst.host, lst.port)
        self.watching_label.setText(line)
        ctl = self.controller
        self.state_changed.emit(self.text.short_state(ctl.pid, ctl.active, ctl.status))

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802 - Qt name
        if obj is self.panel and e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().eventFilter(obj, e)

    # -- running --
    def start(self, argv: list[str], *, step_mode: bool = False, extra_args: tuple[str, ...] = ()) -> bool:
        """Start the program; False (and a message in the lab) when no process could be started."""
        p = self.panel
        if step_mode:
            p.step_check.setChecked(True)
        try:
            self.controller.start(self.script, argv, step_mode=p.step_check.isChecked(),
                                  delay_ms=p.slowmo_slider.value(), extra_args=extra_args)
        except (OSError, ValueError) as e:
            self._say(self.text.failed(str(e)), "error")
            return False
        p.scene.clear()
        p.plots.reset()
        self.overlay.state = self.controller.state  # a new run starts with a new state
        self._last_where = None
        p.stop_button.setEnabled(True)
        self._show_watching()
        p.status_message.emit(self.text.watching(self.script, self.controller.pid))
        return True

    @property
    def exit_status(self) -> int | None:
        """The program's exit status once it has ended (or been stopped), else None."""
        return self.controller.status

    def _say(self, text: str, level: str) -> None:
        post_message(self.panel, text, level)
        self.panel.status_message.emit(text)

    # -- once per frame --
    def frame(self, _now_ns: int) -> None:
        st = self.controller.state
        if not st.take_changed():
            return
        self.overlay.update()
        where = st.where
        if where is not None and where != self._last_where:
            self._last_where = where
            self._show_where(where)
        for f in st.take_new():
            self._explain(f)

    def _show_where(self, w: Where) -> None:
        path = self.controller.state.path(w.file)
        if path is None or (not w.held and path != self._shown_path and is_library(path)):
            return  # asyncio's own select() runs between the program's calls: the pane stays on the program
        if path != self._shown_path:
            self._show_source(path)
        code = self.panel.code
        show_call = getattr(code, "show_call", None)  # a pane that can say what a held call is about to do
        if show_call is not None:
            show_call(self.controller.state.at)
        else:
            code.show_phase(PHASE_OF_CALL.get(w.call), w.line)
        if w.held:
            self.panel.status_message.emit(self.text.held(w.call, w.fd, w.line))

    def _show_source(self, path: str) -> None:
        text = self._sources.get(path)
        if text is None:
            text = self._sources[path] = self._read(path)
        self._shown_path = path
        self.panel.code.set_source(text, 1, {})

    def _read(self, path: str) -> str:
        try:
            if os.path.getsize(path) > MAX_SOURCE_BYTES:
                return self.text.no_source(path, self.text.too_large(MAX_SOURCE_BYTES // (1024 * 1024)))
            with tokenize.open(path) as f:  # the file's own encoding (PEP 263), as Python reads it
                return f.read()
        except (OSError, SyntaxError, UnicodeDecodeError) as e:
            return self.text.no_source(path, getattr(e, "strerror", None) or str(e))

    def _explain(self, f: Diagnosis) -> None:
        self._say(self.text.bar_message(f, self.controller.state.files), "warning")

    # -- slots --
    @Slot()
    def on_stop_clicked(self) -> None:
        self._stop_asked = True
        self.controller.request_stop()
        self.panel.stop_button.setEnabled(False)

    @Slot(str, int)
    def on_listening(self, host: str, port: int) -> None:
        self._show_watching()
        self.panel.clients.set_server_running(True)

    @Slot(int, str)
    def on_exited(self, status: int, error: str) -> None:
        self._say(self.text.exited(status, error), "info" if status == 0 else "error")

    @Slot(str)
    def on_failed(self, why: str) -> None:
        self._say(self.text.died(why), "error")

    @Slot()
    def on_stopped(self) -> None:
        self.frame(0)  # what the last events said (a diagnosis, the final line), before the controls change
        self.panel.stop_button.setEnabled(False)
        self.panel.clients.set_server_running(False)
        self._show_watching()
        if self._stop_asked:
            self._stop_asked = False
            self._say(self.text.stopped(self.controller.status), "info")
