"""The sockets lab: a real echo server, its connections and readiness events."""

from evsim.gui.labs.sockets.panel import Panel, is_loopback

__all__ = ["Panel", "is_loopback"]
