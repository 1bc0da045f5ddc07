"""evsim.core is standard-library only: importing all of it must not load Qt or pyqtgraph."""

import subprocess
import sys


def test_core_imports_no_qt():
    code = (
        "import pkgutil, importlib, sys, evsim.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'evsim.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr


def test_cli_import_is_qt_free():
    r = subprocess.run(
        [sys.executable, "-c", "import evsim.cli, sys; print([m for m in sys.modules if 'PySide6' in m])"],
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 0 and r.stdout.strip() == "[]", r.stdout + r.stderr
