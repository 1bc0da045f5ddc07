"""The producer's side of the command channel: read the window's Commands, and the loop commands every
stepped producer (the echo server, a watched program) understands the same way."""

from __future__ import annotations

import socket
import sys
from typing import Any, Callable

from evsim.core.stream.control import Command
from evsim.core.stream.decoder import Decoder
from evsim.core.stream.wire import StreamError

__all__ = ["read_commands", "loop_command", "int_arg"]


def read_commands(sock: socket.socket, decoder: Decoder, handle: Callable[[str, str], None], who: str) -> bool:
    """Read what arrived on ``sock`` and call ``handle(name, arg)`` per Command.

    False when the window is gone (its end closed or failed) or sent a bad stream (one line on stderr, naming
    ``who``): nobody watches any more."""
    try:
        data = sock.recv(65536)
    except (BlockingIOError, InterruptedError):
        return True
    except OSError:
        return False
    if not data:
        return False
    try:
        commands = decoder.feed(data)
    except StreamError as e:
        print(f"evsim: {who}: bad command stream from the window: {e}", file=sys.stderr, flush=True)
        return False
    for c in commands:
        if type(c) is Command:
            handle(c.name, c.arg)
    return True


def loop_command(control: Any, name: str, arg: str) -> bool:
    """Carry out a loop command on ``control`` (a :class:`~evsim.core.watch.gate.Gate` or the classic server's
    LoopControl): step, step_iteration, continue/resume, step_mode, delay_ms ("-" reads as "_" in these).
    False: not a loop command."""
    name = name.replace("-", "_")
    if name == "step":
        control.step(max(1, int_arg(arg, 1)))
    elif name == "step_iteration":
        control.step_iteration()
    elif name in ("continue", "resume"):
        control.resume()
    elif name == "step_mode":
        control.set_step_mode(arg == "1")
    elif name == "delay_ms":
        control.delay_s = max(0, int_arg(arg, 0)) / 1000.0
    else:
        return False
    return True


def int_arg(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default
