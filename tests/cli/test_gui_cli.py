import os
import subprocess
import sys


def test_gui_without_display_says_so_in_one_line():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    r = subprocess.run([sys.executable, "-m", "evsim"], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "evsim serve" in lines[0] and "QT_QPA_PLATFORM" in lines[0]
    assert "Traceback" not in r.stderr


def test_every_subcommand_has_help_and_version():
    for cmd in ("gui", "serve", "client", "load", "shot", "clicks", "iomodels", "bench"):
        r = subprocess.run([sys.executable, "-m", "evsim", cmd, "--help"], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and "usage: evsim " + cmd in r.stdout, cmd
    r = subprocess.run([sys.executable, "-m", "evsim", "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("evsim ")


def test_bad_argument_is_one_line_exit_2():
    r = subprocess.run([sys.executable, "-m", "evsim", "serve", "--port", "70000"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "out of range" in r.stderr
