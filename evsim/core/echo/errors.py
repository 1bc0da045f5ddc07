"""One-line messages for the errors a user meets when starting a server."""

from __future__ import annotations

import errno
import socket

__all__ = ["bind_error_message"]


def bind_error_message(host: str, port: int, e: OSError) -> str:
    if e.errno == errno.EADDRINUSE:
        return f"cannot listen on {host}:{port}: the port is already in use"
    if e.errno == errno.EACCES:
        return f"cannot listen on {host}:{port}: permission denied (ports below 1024 need privileges)"
    if e.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}:{port}: this machine has no such address"
    if isinstance(e, socket.gaierror):
        return f"cannot listen on {host!r}: unknown host ({e.strerror or e})"
    return f"cannot listen on {host}:{port}: {e.strerror or e}"
