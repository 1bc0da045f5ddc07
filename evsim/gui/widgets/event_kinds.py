"""The names of the echo server's event kinds in the event log, in the window's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def kind_label(kind: str) -> str:
    """An event kind as the log shows it, in the window's language (export keeps the kind itself).

    Looked up at each call (a few dozen visible rows per paint), so a language switch shows at once.
    """
    return _LABELS.get(kind, lambda: kind)()


_LABELS = {
    "Listening": lambda: QCoreApplication.translate("EventKind", "Listening"),
    "Accepted": lambda: QCoreApplication.translate("EventKind", "Accepted"),
    "Ready": lambda: QCoreApplication.translate("EventKind", "Ready"),
    "Received": lambda: QCoreApplication.translate("EventKind", "Received"),
    "Sent": lambda: QCoreApplication.translate("EventKind", "Sent"),
    "ReadingPaused": lambda: QCoreApplication.translate("EventKind", "ReadingPaused"),
    "ReadingResumed": lambda: QCoreApplication.translate("EventKind", "ReadingResumed"),
    "HalfClosed": lambda: QCoreApplication.translate("EventKind", "HalfClosed"),
    "Closed": lambda: QCoreApplication.translate("EventKind", "Closed"),
    "Refused": lambda: QCoreApplication.translate("EventKind", "Refused"),
    "ListenerPaused": lambda: QCoreApplication.translate("EventKind", "ListenerPaused"),
    "ListenerResumed": lambda: QCoreApplication.translate("EventKind", "ListenerResumed"),
    "ServerError": lambda: QCoreApplication.translate("EventKind", "ServerError"),
    "ServerStopped": lambda: QCoreApplication.translate("EventKind", "ServerStopped"),
}
