"""`evsim install-desktop [--uninstall]`: an XDG desktop entry and the icon under $XDG_DATA_HOME."""

from __future__ import annotations

import configparser
import os
import shlex
import subprocess
import sys
from pathlib import Path

from evsim.commands.install_desktop import _quote, data_home, desktop_entry

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def _run(*args: str, env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, "-m", "evsim", "install-desktop", *args], capture_output=True,
                          text=True, timeout=60, env=env)


def _entry(path: Path) -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None, strict=True)
    cp.optionxform = str  # keys are case-sensitive in desktop files
    cp.read(path, encoding="utf-8")
    return cp["Desktop Entry"]


def test_install_then_uninstall_under_xdg_data_home(tmp_path):
    data = tmp_path / "data"
    r = _run(env_extra={"XDG_DATA_HOME": str(data)})
    assert r.returncode == 0, r.stderr
    desktop = data / "applications" / "evsim.desktop"
    svg = data / "icons" / "hicolor" / "scalable" / "apps" / "evsim.svg"
    png = data / "icons" / "hicolor" / "256x256" / "apps" / "evsim.png"
    assert desktop.is_file() and svg.read_bytes() == (ASSETS / "evsim.svg").read_bytes()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    entry = _entry(desktop)
    assert entry["Type"] == "Application" and entry["Name"] == "evsim" and entry["Icon"] == "evsim"
    assert entry["Terminal"] == "false" and "Education;" in entry["Categories"]
    program = shlex.split(entry["Exec"])[0]
    assert os.path.isabs(program) and os.access(program, os.X_OK)  # a menu has no shell PATH to search
    assert str(desktop) in r.stdout
    assert _run(env_extra={"XDG_DATA_HOME": str(data)}).returncode == 0  # again: same files, no error
    r = _run("--uninstall", env_extra={"XDG_DATA_HOME": str(data)})
    assert r.returncode == 0 and not desktop.exists() and not svg.exists() and not png.exists()
    r = _run("--uninstall", env_extra={"XDG_DATA_HOME": str(data)})
    assert r.returncode == 0 and "nothing to remove" in r.stdout


def test_default_and_relative_xdg_data_home_mean_local_share(tmp_path):
    assert data_home({"HOME": "/home/ann"}) == Path("/home/ann/.local/share")
    assert data_home({"HOME": "/home/ann", "XDG_DATA_HOME": "rel/dir"}) == Path("/home/ann/.local/share")
    assert data_home({"HOME": "/home/ann", "XDG_DATA_HOME": "/srv/x"}) == Path("/srv/x")
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
    env["HOME"] = str(tmp_path)
    r = subprocess.run([sys.executable, "-m", "evsim", "install-desktop"], capture_output=True, text=True,
                       timeout=60, env=env)
    assert r.returncode == 0 and (tmp_path / ".local/share/applications/evsim.desktop").is_file()


def test_unwritable_place_is_one_line_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = _run(env_extra={"XDG_DATA_HOME": str(blocker)})
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("evsim: cannot write")


def test_exec_is_quoted_as_the_spec_asks():
    assert _quote("/usr/bin/evsim") == "/usr/bin/evsim"
    assert _quote("/opt/my apps/bin/python") == '"/opt/my apps/bin/python"'
    assert _quote('/x/$HOME"') == '"/x/\\$HOME\\""'
    text = desktop_entry("[Desktop Entry]\nName=evsim\nExec=evsim\n", '"/a b/python" -m evsim')
    assert 'Exec="/a b/python" -m evsim' in text and text.endswith("\n")


def test_the_template_is_a_valid_desktop_entry():
    entry = _entry(ASSETS / "evsim.desktop")
    assert {"Type", "Name", "Exec", "Icon", "Categories"} <= set(entry)
    assert entry["Categories"].endswith(";") and entry["Keywords"].endswith(";")
    assert (Path(__file__).resolve().parents[2] / "evsim" / "gui" / "icons" / "evsim.desktop").read_text() == \
        (ASSETS / "evsim.desktop").read_text()  # the packaged copy is the asset
