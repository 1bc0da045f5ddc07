"""The producer's side of the command channel: reading Commands, and the loop commands both stepped producers share."""

from __future__ import annotations

import socket

from evsim.core.echo.control import LoopControl
from evsim.core.stream import Decoder, send_command
from evsim.core.stream.commands import loop_command, read_commands
from evsim.core.watch.gate import Gate


def test_loop_commands_drive_a_gate_and_the_classic_control_alike():
    for control in (Gate(), LoopControl()):
        assert loop_command(control, "step_mode", "1") and control.step_mode
        assert loop_command(control, "delay_ms", "250") and control.delay_s == 0.25
        assert loop_command(control, "delay_ms", "junk") and control.delay_s == 0.0  # a bad number: the default
        assert loop_command(control, "step-iteration", "")  # either spelling
        assert loop_command(control, "continue", "") and not control.step_mode
        assert not loop_command(control, "record", "/tmp/x")  # not ours: the caller's


def test_read_commands_hands_each_on_and_says_when_the_window_is_gone(capsys):
    a, b = socket.socketpair()
    try:
        got = []
        send_command(a, "step", "2")
        send_command(a, "record-stop")
        assert read_commands(b, Decoder(), lambda n, arg: got.append((n, arg)), "test")
        assert got == [("step", "2"), ("record-stop", "")]
        a.sendall(b"\xff" * 64)  # garbage inside the stream
        assert not read_commands(b, Decoder(), got.append, "test")  # (a fresh decoder: no header) one line
        assert "evsim: test: bad command stream" in capsys.readouterr().err
        a.close()
        assert not read_commands(b, Decoder(), got.append, "test")
    finally:
        a.close()
        b.close()
