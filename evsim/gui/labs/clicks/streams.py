"""Reading the clicks processes' event streams in the window: a QSocketNotifier per pipe, never blocking.

Each time a pipe becomes readable the notifier's slot reads at most ``MAX_READ`` bytes (non-blocking) and the
rig decodes them into the panel's sink; the frame bridge then applies them within its per-frame budget.  A
stream that ends (the process stopped) or goes bad loses its notifier; a bad one is reported once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from evsim.core.clicks.rig import ClicksRig

__all__ = ["RigStreams", "MAX_READ"]

#: Bytes read per notification: bounds the window's work per wake-up (the notifier fires again for more).
MAX_READ = 65536


class RigStreams(QObject):
    #: A stream was corrupt (its message); the stream is closed.
    stream_failed = Signal(str)

    def __init__(self, rig: ClicksRig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rig = rig
        self._notifiers: dict[str, QSocketNotifier] = {}
        for name, fd in rig.event_fds().items():
            n = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            n.activated.connect(lambda _sock, _type=None, name=name: self.on_readable(name))
            self._notifiers[name] = n

    @Slot(str)
    def on_readable(self, name: str) -> None:
        if self.rig.read(name, MAX_READ):
            return
        n = self._notifiers.pop(name, None)
        if n is not None:
            n.setEnabled(False)
            n.deleteLater()
        bad = [e for e in self.rig.errors() if e.startswith(name + ":")]
        if bad:
            self.stream_failed.emit(bad[0])

    def close(self) -> None:
        """Stop watching (before the rig closes its pipes)."""
        for n in self._notifiers.values():
            n.setEnabled(False)
            n.deleteLater()
        self._notifiers.clear()
