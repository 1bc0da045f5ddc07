"""``evsim install-desktop [--uninstall]``: put evsim in the desktop's application menu, for this user.

Writes (or removes) an XDG desktop entry and the icon under ``$XDG_DATA_HOME`` (``~/.local/share`` when
unset or not absolute, as the XDG Base Directory spec says):

- ``applications/evsim.desktop`` (from ``assets/evsim.desktop``, with ``Exec`` set to this evsim);
- ``icons/hicolor/scalable/apps/evsim.svg`` and ``icons/hicolor/256x256/apps/evsim.png``.

No Qt here: it runs on a machine whose Qt libraries are not installed yet.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from evsim.commands import CliError

ICONS = Path(__file__).resolve().parents[1] / "gui" / "icons"
DESKTOP_NAME = "evsim.desktop"
#: (file in ICONS, where it goes under the data folder)
ICON_FILES = (
    ("evsim.svg", Path("icons/hicolor/scalable/apps/evsim.svg")),
    ("evsim.png", Path("icons/hicolor/256x256/apps/evsim.png")),
)


def data_home(env: dict[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME`` if set to an absolute path, else ``~/.local/share``."""
    env = os.environ if env is None else env
    value = env.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path(env.get("HOME") or os.path.expanduser("~")) / ".local" / "share"


def exec_line() -> str:
    """How the menu starts evsim: this installation's ``evsim`` script, or this Python with ``-m evsim``.

    An absolute path, because a session started from a display manager often lacks ``~/.local/bin`` in PATH.
    """
    script = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "evsim" and os.access(script, os.X_OK):
        return _quote(str(script))
    found = shutil.which("evsim")
    if found:
        return _quote(os.path.abspath(found))
    return f"{_quote(sys.executable)} -m evsim"


def _quote(arg: str) -> str:
    """Quote an Exec argument as the Desktop Entry spec asks (only when it needs it)."""
    if all(c.isalnum() or c in "/._-+" for c in arg):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def desktop_entry(template: str, exec_: str) -> str:
    """The template with its ``Exec=`` line pointing at ``exec_``."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(base: Path) -> list[Path]:
    """Write the entry and icons under ``base``; returns the files written."""
    template = (ICONS / DESKTOP_NAME).read_text(encoding="utf-8")
    written = []
    target = base / "applications" / DESKTOP_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".desktop.part")
    tmp.write_text(desktop_entry(template, exec_line()), encoding="utf-8")
    os.replace(tmp, target)  # a menu never reads half a file
    written.append(target)
    for name, rel in ICON_FILES:
        dest = base / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ICONS / name, dest)
        written.append(dest)
    return written


def uninstall(base: Path) -> list[Path]:
    """Remove what :func:`install` wrote under ``base``; returns the files removed."""
    removed = []
    for path in [base / "applications" / DESKTOP_NAME, *(base / rel for _, rel in ICON_FILES)]:
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def _refresh_menu(base: Path) -> None:
    """Tell the desktop's caches, where their tools exist; a desktop without them rescans by itself."""
    for cmd in (["update-desktop-database", "-q", str(base / "applications")],
                ["gtk-update-icon-cache", "-q", "-t", str(base / "icons" / "hicolor")]):
        if shutil.which(cmd[0]):
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30, check=False)


def run(args: argparse.Namespace) -> int:
    base = data_home()
    try:
        files = uninstall(base) if args.uninstall else install(base)
    except OSError as e:
        raise CliError(f"cannot {'remove' if args.uninstall else 'write'} files under {base}: "
                       f"{e.strerror or e}", code=1) from None
    if files:
        _refresh_menu(base)
    if args.uninstall:
        print(f"removed {len(files)} file(s) under {base}" if files else f"nothing to remove under {base}")
    else:
        print(f"installed the evsim menu entry and icon under {base}:")
    for f in files:
        print(f"  {f}")
    return 0
