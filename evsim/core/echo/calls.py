"""The embedded echo server's watched calls, as the echo kinds the event log, the scene and printers show.

The server built on the watch (:mod:`evsim.core.echo.server`) reports its calls in the watch's vocabulary
(:mod:`evsim.core.watch.events`) and its lifecycle in the echo vocabulary (Accepted, HalfClosed, Closed...).
:class:`EchoCalls` adds, after each call event, the echo event it stands for:

* ``ReadyFd`` -> ``Ready`` (the listener's or a connection's readiness);
* ``Recv`` of n > 0 bytes -> ``Received`` (an end of file is the server's own HalfClosed; an error, its Closed);
* ``Send`` that took n >= 0 bytes -> ``Sent``, ``partial`` when the kernel took less than offered, ``buffered``
  what the echo still holds (bytes in - bytes out: exact for an echo server).

Everything else passes through unchanged, in order.  Stateful (bytes in and out per descriptor) and pure: the
output depends only on the events fed, so a recording replays to the same rows.
"""

from __future__ import annotations

from typing import Iterable

from evsim.core.echo import events as echo
from evsim.core.events import Event
from evsim.core.watch import events as w

__all__ = ["EchoCalls"]


class EchoCalls:
    """Feed the server's stream in order; get it back with the echo events its calls stand for."""

    def __init__(self, keep_calls: bool = True) -> None:
        #: Keep the watch's own events in the output (False: only the echo vocabulary, for a text printer).
        self.keep_calls = keep_calls
        self._io: dict[int, list[int]] = {}  # fd -> [bytes in, bytes out] of its connection

    def translate(self, batch: Iterable[Event]) -> list[Event]:
        out: list[Event] = []
        add = out.append
        io = self._io
        keep = self.keep_calls
        for e in batch:
            t = type(e)
            if t is w.ReadyFd:
                if keep:
                    add(e)
                add(echo.Ready(e.t_ns, e.fd, e.mask))
            elif t is w.Recv:
                if keep:
                    add(e)
                if e.nbytes > 0:
                    c = io.get(e.fd)
                    if c is not None:
                        c[0] += e.nbytes
                    add(echo.Received(e.t_ns, e.fd, e.nbytes))
            elif t is w.Send:
                if keep:
                    add(e)
                if e.nbytes >= 0:
                    c = io.get(e.fd)
                    buffered = 0
                    if c is not None:
                        c[1] += e.nbytes
                        buffered = max(0, c[0] - c[1])
                    add(echo.Sent(e.t_ns, e.fd, e.nbytes, e.nbytes < e.offered, buffered))
            elif t is echo.Accepted:
                io[e.fd] = [0, 0]
                add(e)
            elif t is echo.Closed:
                io.pop(e.fd, None)
                add(e)
            elif t is echo.ConnectionState:  # a snapshot: the server's own totals
                io[e.fd] = [e.bytes_in, e.bytes_out]
                add(e)
            elif keep or not t.__module__.startswith("evsim.core.watch"):
                add(e)
        return out
