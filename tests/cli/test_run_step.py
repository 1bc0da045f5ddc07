"""`evsim run --no-gui --step`: held before each watched call, stepped with Enter from the terminal."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
import textwrap

import pytest

pty = pytest.importorskip("pty")

PROGRAM = textwrap.dedent("""\
    import socket
    a, b = socket.socketpair()
    a.send(b"hi")
    print("got", b.recv(10).decode())
    a.close()
""")


def _read_until(fd: int, out: bytearray, needle: bytes, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while needle not in out:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no {needle!r} in {bytes(out)!r}")
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"terminal closed before {needle!r}: {bytes(out)!r}")
            out += chunk


def test_each_enter_runs_one_call(tmp_path):
    prog = tmp_path / "two_calls.py"
    prog.write_text(PROGRAM)
    pid, fd = pty.fork()
    if pid == 0:  # the child: evsim on a terminal of its own
        os.execvp(sys.executable, [sys.executable, "-m", "evsim", "run", "--no-gui", "--step", str(prog)])
    out = bytearray()
    try:
        _read_until(fd, out, b"call=send nbytes=2 iteration=0 at=two_calls.py:3")
        assert b"got" not in out  # held before the send: nothing ran
        os.write(fd, b"\n")
        _read_until(fd, out, b"call=recv nbytes=0 iteration=0 at=two_calls.py:4")
        os.write(fd, b"c\n")  # continue: the rest runs unheld
        _read_until(fd, out, b"got hi")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"call=close" not in out


def test_step_without_a_terminal_is_one_line_and_2(tmp_path):
    prog = tmp_path / "p.py"
    prog.write_text("print('x')\n")
    r = subprocess.run([sys.executable, "-m", "evsim", "run", "--no-gui", "--step", str(prog)], capture_output=True,
                       text=True, timeout=30, start_new_session=True)  # no controlling terminal: no /dev/tty
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("evsim: --step without a window reads Enter from a terminal") and \
        r.stderr.count("\n") == 1
