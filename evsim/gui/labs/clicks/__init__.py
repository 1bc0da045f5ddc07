"""The clicks lab: polling vs a message queue and event loop."""

from evsim.gui.labs.clicks.panel import Panel

__all__ = ["Panel"]
