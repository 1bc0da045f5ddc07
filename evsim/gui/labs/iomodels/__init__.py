"""The I/O models lab: the two phases of a read, five ways."""

from evsim.gui.labs.iomodels.panel import Panel

__all__ = ["Panel"]
