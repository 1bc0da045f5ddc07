"""The contract between the main window and a lab panel.

A lab panel is a QWidget that owns its producers (threads, sockets) and their RingSinks.  The window's
:class:`evsim.gui.bridge.FrameBridge` calls, once per frame on the GUI thread:

1. ``panel.sinks()`` -> drains each sink and hands the batch to ``panel.apply_events(batch)``: update the
   lab's scene model (plain Python state), never block;
2. ``panel.frame(now_ns)``: advance animations (a pure function of event times and now) and call
   ``update()`` on the views that changed.

``shutdown()`` stops and joins every thread and closes every socket the panel opened; the window calls it on
close, and it must be idempotent.  ``start_demo(clients)`` runs the lab's scripted demo for ``evsim shot``.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from evsim.core.events import Event, RingSink


class LabPanel(QWidget):
    """Base of every lab tab.  Subclasses set ``lab_id`` and implement ``title()``."""

    lab_id: str = ""

    #: A one-line message for the window's status bar (errors, state changes).
    status_message = Signal(str)
    #: Something is about to move (data arrived, a run started): the frame bridge wakes up if idle.
    frames_wanted = Signal()

    def title(self) -> str:
        """The tab's title, translated."""
        raise NotImplementedError

    def explanation(self) -> str:
        """A short "what you are seeing" text (rich text allowed), translated."""
        return ""

    def sinks(self) -> Sequence[RingSink]:
        """The sinks the bridge drains each frame for this panel."""
        return ()

    def apply_events(self, batch: list[Event]) -> None:
        """Apply one frame's worth of events (oldest first) to the scene model."""

    def frame(self, now_ns: int) -> None:
        """Advance animations to ``now_ns`` (time.monotonic_ns()) and schedule repaints."""

    def needs_frames(self) -> bool:
        """True while this lab still has something to animate or producers that emit without waking the
        bridge.  When every lab says False and no events arrive, the frame timer stops (an idle window costs
        nothing).  The default keeps frames running; labs that wake the bridge themselves return False."""
        return True

    def set_animation_speed(self, factor: float) -> None:
        """View > Animation speed: 1.0 normal, 0.25 slow, 4.0 fast.  Stored in ``self.animation_speed``."""
        self.animation_speed = factor

    animation_speed: float = 1.0

    def start_demo(self, clients: int) -> None:
        """Start the scripted demo ``evsim shot`` records (real work, no canned data)."""

    def demo_ready(self) -> bool:
        """True once the demo started by :meth:`start_demo` is fully up (``evsim shot`` measures from then)."""
        return True

    def demo_stats(self) -> dict:
        """Figures about the demo for ``evsim shot``'s JSON line (e.g. connections_open_max)."""
        return {}

    def demo_error(self) -> str | None:
        """Why the demo could not start (one sentence, e.g. a port in use), or None."""
        return None

    def shutdown(self) -> None:
        """Stop and join every thread, close every socket.  Idempotent."""

    def export_rows(self) -> tuple[list[str], list[list[object]]] | None:
        """(header, rows) of the lab's event log for File > Export, or None if it has none."""
        return None

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.shutdown()
        super().closeEvent(event)
