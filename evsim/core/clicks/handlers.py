"""The click handlers both designs run: ``on_click`` and ``on_key_down``.

A handler's body is :class:`BlockingWork`: it blocks for ``ms`` milliseconds, like the classic synchronous
handler that writes a file or calls a server before returning.  It sleeps rather than burns CPU because that
is what such a handler does, and it is enough to show the lesson: while it runs, the thread that called it
(the poller, or the loop) can do nothing else.  The sleep waits on a ``cancel`` event, so shutdown never has
to sit out a five-second handler.
"""

from __future__ import annotations

import threading
from typing import Callable

from evsim.core.clicks.device import Click

__all__ = ["BlockingWork", "Handler", "make_handlers"]

#: A handler takes the click and returns True if it ran to completion (False: cut short by shutdown).
Handler = Callable[[Click], bool]


class BlockingWork:
    """Blocks the calling thread for ``ms`` milliseconds (read when each call starts, so it can be changed
    while handlers run).  Returns False if ``cancel`` was set before the time was up."""

    def __init__(self, ms: float = 0.0, cancel: threading.Event | None = None) -> None:
        if ms < 0:
            raise ValueError("handler time must be >= 0")
        self.ms = float(ms)
        self.cancel = cancel if cancel is not None else threading.Event()

    def __call__(self) -> bool:
        ms = self.ms
        if ms <= 0:
            return not self.cancel.is_set()
        return not self.cancel.wait(ms / 1000.0)


def make_handlers(work: BlockingWork) -> dict[str, Handler]:
    """One handler per input kind, as a UI toolkit would have them, each doing ``work``."""

    def on_click(click: Click) -> bool:
        return work()

    def on_key_down(click: Click) -> bool:
        return work()

    return {"click": on_click, "key_down": on_key_down}
