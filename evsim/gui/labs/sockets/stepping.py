"""The sockets lab's loop control: slow motion, Step mode, Step (F10), Next iteration (Shift+F10), Continue (F5),
and the code pane following the watched loop (the line of the call it is held before, or of its newest call).

Commands go to the server process (step, step-iteration, continue, step_mode, delay_ms); what the loop does
comes back as watch events, folded by the scene (:class:`evsim.core.echo.scene_loop.LoopState`).
"""

from __future__ import annotations

from PySide6.QtCore import Slot

from evsim.core.echo import EchoServer

__all__ = ["SteppingMixin", "CODE_INTERVAL_NS"]

#: While the loop runs freely, the code pane follows it at most this often (a line that changes at every frame
#: is read by nobody, and moving it relays and repaints the pane); a held loop is shown at once.
CODE_INTERVAL_NS = 100_000_000


class SteppingMixin:
    """Slots of :class:`evsim.gui.labs.sockets.panel.Panel` for the loop control (see the module doc)."""

    _shown_call = None  # the watch event the code pane shows
    _last_phase = None  # the newest LoopPhase not shown yet
    _code_shown_ns = 0  # when the code pane last moved
    _code_due = False  # something new waits for the next look (the frame timer keeps running for it)

    def follow_code(self, now_ns: int) -> None:
        """Once per frame while the code pane is visible: show the loop's newest phase or call, at once when it
        is held, else at most every CODE_INTERVAL_NS (sampled: what it shows is where the loop was then)."""
        loop = self.scene.loop
        call = loop.held or loop.last_call
        if self._last_phase is None and call is self._shown_call:
            self._code_due = False
            return
        if loop.held is None and now_ns - self._code_shown_ns < CODE_INTERVAL_NS:
            self._code_due = True
            return
        self._code_due = False
        self._code_shown_ns = now_ns
        if self._last_phase is not None:
            ph, self._last_phase = self._last_phase, None
            self.code.show_phase(ph.phase, ph.line)
        self.follow_loop()

    def window_actions(self):
        """Step (F10), Next iteration (Shift+F10), Continue (F5): the main window adds them to itself."""
        return self.loop_actions.all()

    def follow_loop(self) -> None:
        """Light the line of the call the loop is held before (or made last) when it is in the loop shown."""
        loop = self.scene.loop
        call = loop.held or loop.last_call
        if call is self._shown_call:
            return
        self._shown_call = call
        loop_file = EchoServer.loop_file()  # (a file never announced, its SourceFile lost: the loop's own)
        if call is not None and loop.files.get(call.file, loop_file) == loop_file:
            self.code.show_call(call)

    @Slot(bool)
    def on_step_mode_toggled(self, on: bool) -> None:
        if on:
            self.controller.set_step_mode(True)
        else:
            self.controller.resume()  # Continue
        for b in (self.step_button, self.iteration_button, self.continue_button):
            b.setEnabled(on)
        if on:
            self.tabs.setCurrentWidget(self.code)
            self.status_message.emit(self.tr(
                "Step mode: the loop stops before each call it makes. Step (F10) runs one call, Next "
                "iteration (Shift+F10) runs to the next select(), Continue (F5) runs freely."))

    @Slot()
    def on_step_clicked(self) -> None:
        if self.step_check.isChecked():
            self._step()

    @Slot()
    def on_step_shortcut(self) -> None:
        """F10: one step; outside step mode, enter it (the loop stops before its next call)."""
        if not self.isVisible():
            return
        if self.step_check.isChecked():
            self._step()
        else:
            self.step_check.setChecked(True)

    def _step(self) -> None:
        self.controller.step(1)
        held = self.scene.loop.held
        if held is not None and held.call == 1:  # nothing more arrives until a socket is ready: say so
            self.code.where.setText(self.tr("line {n}: waiting in select() until a socket is ready").format(
                n=held.line))

    @Slot()
    def on_step_iteration_clicked(self) -> None:
        if self.isVisible() and self.step_check.isChecked():
            self.controller.step_iteration()

    @Slot()
    def on_continue_clicked(self) -> None:
        if self.isVisible() and self.step_check.isChecked():
            self.step_check.setChecked(False)  # sends step mode off: the loop runs freely

