"""A recording in memory with the reader API of :class:`evsim.core.record.Recording` (PLAN.md's contract), for
the window's replay tests that need exact, hand-made events rather than a real run."""

from __future__ import annotations

import bisect

import pytest

from evsim.core.echo import events as ev
from evsim.core.echo.scene import SocketScene


class FakeRecording:
    def __init__(self, events: list, truncated: str | None = None) -> None:
        self.events = list(events)
        self._times = [e.t_ns for e in self.events]
        self.truncated = truncated
        self.files: dict[int, str] = {}
        self.scene_calls = 0

    def __len__(self) -> int:
        return len(self.events)

    def event(self, i: int):
        return self.events[i]

    def t_ns(self, i: int) -> int:
        return self._times[i]

    def iter_events(self, start: int = 0, stop: int | None = None):
        return iter(self.events[max(0, start):stop])

    def index_at(self, t_ns: int) -> int:
        return max(0, bisect.bisect_right(self._times, t_ns) - 1)

    def close(self) -> None:
        self.closed = True

    def scene_at(self, i: int) -> SocketScene:
        self.scene_calls += 1
        s = SocketScene()
        s.apply(self.events[: i + 1])
        return s

    def find(self, i: int, step: int = 1, kind=None, fd=None):
        """The first matching event after ``i`` (``step`` 1) or before it (-1), as Recording.find."""
        k = i + step
        while 0 <= k < len(self.events):
            e = self.events[k]
            if (kind is None or type(e) is kind) and (fd is None or getattr(e, "fd", None) == fd):
                return k
            k += step
        return None


def conversation(n_clients: int = 3, t0: int = 10**12, gap: int = 1_000_000) -> list:
    """A listener, then each client: accepted, ready, received 5, sent 5; then each one closed."""
    out, t = [ev.Listening(t0, "127.0.0.1", 9999, "epoll", "selectors", 3)], t0
    for c in range(n_clients):
        fd = 4 + c
        for e in (ev.Accepted, ev.Ready, ev.Received, ev.Sent):
            t += gap
            if e is ev.Accepted:
                out.append(ev.Accepted(t, fd, f"127.0.0.1:{5000 + c}"))
            elif e is ev.Ready:
                out.append(ev.Ready(t, fd, 1))
            elif e is ev.Received:
                out.append(ev.Received(t, fd, 5))
            else:
                out.append(ev.Sent(t, fd, 5, False, 0))
    for c in range(n_clients):
        t += gap
        out.append(ev.Closed(t, 4 + c, "normal", 5, 5))
    return out


@pytest.fixture
def win(qtbot):
    """The main window at 1024x720 (a 1024x768 screen less a panel), settings not remembered."""
    from evsim.gui.app import MainWindow

    w = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(w)
    w.resize(1024, 720)
    w.show()
    yield w
    w.shutdown()
