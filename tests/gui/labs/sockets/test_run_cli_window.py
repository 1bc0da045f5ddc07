"""``evsim run SCRIPT`` with its window (offscreen), end to end: the program's stdout passes through, its exit
status comes back when the window is closed, and no window means one line and exit 2."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

from tests.gui.labs.sockets.run_programs import ECHO, write

#: The echo program, saying its port on stdout (the terminal's: evsim leaves it to the program).
ECHO_PRINTS_PORT = ECHO.replace("lst.setblocking(False)\n",
                                "lst.setblocking(False)\nprint(lst.getsockname()[1], flush=True)\n", 1)


def evsim_run(path, env=None, **kw):
    return subprocess.Popen([sys.executable, "-m", "evsim", "run", str(path)], env=env, text=True, **kw)


def test_window_returns_the_programs_status_after_it_is_closed(tmp_path):
    path = write(tmp_path, "echo_cli.py", ECHO_PRINTS_PORT)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = evsim_run(path, env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        port = int(p.stdout.readline())  # the program's own output, through
        with socket.create_connection(("127.0.0.1", port), timeout=10) as c:
            c.sendall(b"bye\n")  # the program exits with status 3 ...
            assert c.recv(10) == b""
        assert p.poll() is None  # ... and the window stays open, to look at what happened
        p.send_signal(signal.SIGTERM)  # closing the window (as its Quit does)
        out, err = p.communicate(timeout=20)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    assert p.returncode == 3, err
    assert "Traceback" not in err


def test_no_display_is_one_line_and_exit_2(tmp_path):
    path = write(tmp_path, "echo_nodisplay.py", ECHO)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    p = evsim_run(path, env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 2
    assert len(err.strip().splitlines()) == 1 and "--no-gui" in err and out == ""
