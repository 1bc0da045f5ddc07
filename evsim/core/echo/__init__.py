"""The sockets lab's engine: a real echo server on ``selectors`` (and a classic ``select.select`` one).

* :class:`EchoServer` (``server.py``): a ``selectors`` loop (backend default, select, poll or epoll);
* :class:`ClassicSelectServer` (``classic.py``): ``select.select(inputs, outputs, exceptional)`` with a
  message queue per connection;
* :class:`Connection` (``connection.py``): the sans-IO per-connection buffer and state both rules rely on;
* ``client.py``: a line client and built-in (mis)behaving clients (``builtin_client.py``, ``misbehaving.py``);
  ``load.py``: :func:`run_load`.

Both servers report what they do as the events of :mod:`evsim.core.echo.events`.
"""

from __future__ import annotations

from evsim.core.echo.classic import ClassicSelectServer
from evsim.core.echo.connection import ConnState, Connection
from evsim.core.echo.control import LoopControl
from evsim.core.echo.server import BACKENDS, FD_SETSIZE, ConnInfo, EchoServer, ServerBase, ServerStats

__all__ = [
    "EchoServer", "ClassicSelectServer", "ServerBase", "Connection", "ConnState", "ConnInfo", "ServerStats",
    "LoopControl", "BACKENDS", "FD_SETSIZE", "STYLES", "make_server",
]

STYLES = ("selectors", "classic")


def make_server(style: str = "selectors", backend: str = "default", **kw) -> ServerBase:
    """An unstarted echo server: ``style`` "selectors" (EchoServer, with ``backend``) or "classic"
    (ClassicSelectServer; ``backend="classic"`` also selects it).  Other keywords go to the constructor."""
    if backend == "classic":
        style, backend = "classic", "select"
    if style == "classic":
        return ClassicSelectServer(backend="select", **kw)
    if style != "selectors":
        raise ValueError(f"unknown style {style!r} (choose from {', '.join(STYLES)})")
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
    return EchoServer(backend=backend, **kw)
