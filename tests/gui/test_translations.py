"""Every string wrapped in tr() is in the translators' catalogue (evsim/gui/i18n/evsim_zh_CN.ts).

When this fails, run the command in the README's Translations paragraph to refresh the catalogue.
"""

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

GUI = Path(__file__).resolve().parents[2] / "evsim" / "gui"
CATALOGUE = GUI / "i18n" / "evsim_zh_CN.ts"


def _lupdate() -> str | None:
    here = Path(sys.executable).with_name("pyside6-lupdate")
    return str(here) if here.exists() else shutil.which("pyside6-lupdate")


def _messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name") or "", msg.findtext("source") or "")
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    }


def test_catalogue_has_every_translatable_string(tmp_path):
    tool = _lupdate()
    if tool is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in GUI.rglob("*.py"))
    r = subprocess.run([tool, *sources, "-ts", str(fresh)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    found = _messages(fresh)
    assert len(found) > 300  # the labs really do wrap their strings
    assert all(ctx for ctx, _ in found), "a tr() call lupdate cannot attribute to a context"
    missing = found - _messages(CATALOGUE)
    assert not missing, f"{len(missing)} strings missing from {CATALOGUE.name}, e.g. {sorted(missing)[:3]}"
