"""The multiplex lab: select vs poll vs epoll as N grows."""

from evsim.gui.labs.multiplex.panel import Panel

__all__ = ["Panel"]
