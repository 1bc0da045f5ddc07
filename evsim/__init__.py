"""evsim: a desktop lab that makes event-driven programming and I/O multiplexing visible."""

__version__ = "0.1.0"
