"""The translators' catalogue (evsim/gui/i18n/evsim_zh_CN.ts) is complete, and the shipped .qm is built from it.

When the first test fails, refresh the catalogue with the command in the README's Translations paragraph;
when the .qm test fails, rebuild it with pyside6-lrelease (same paragraph).
"""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

GUI = Path(__file__).resolve().parents[2] / "evsim" / "gui"
CATALOGUE = GUI / "i18n" / "evsim_zh_CN.ts"
SHIPPED_QM = GUI / "i18n" / "evsim_zh_CN.qm"

#: What a translation must carry over unchanged: str.format fields ({n}, {pct:.0f}), Qt's %1/%n and a
#: progress bar's %v/%m, and HTML tags (with their attributes).
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d|%[vmn]|</?[a-zA-Z][^<>]*>")
SHORTCUT = re.compile(r"^(?:(?:Ctrl|Shift|Alt|Meta)\+)+\w+$")


def _tool(name: str) -> str | None:
    here = Path(sys.executable).with_name(name)
    return str(here) if here.exists() else shutil.which(name)


def _messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name") or "", msg.findtext("source") or "")
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    }


def _live_messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation>) of every message still in the code (not vanished/obsolete)."""
    root = ET.parse(ts).getroot()
    return [
        (ctx.findtext("name") or "", msg.findtext("source") or "", msg.find("translation"))
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
        if msg.find("translation").get("type") not in ("vanished", "obsolete")
    ]


def test_catalogue_has_every_translatable_string(tmp_path):
    tool = _tool("pyside6-lupdate")
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


def test_every_message_is_translated():
    live = _live_messages(CATALOGUE)
    assert len(live) > 300
    unfinished = [(c, s) for c, s, t in live if t.get("type") == "unfinished" or not (t.text or "").strip()]
    assert not unfinished, f"{len(unfinished)} unfinished messages, e.g. {unfinished[:3]}"


def test_placeholders_tags_and_shortcuts_survive_translation():
    wrong = []
    for ctx, src, t in _live_messages(CATALOGUE):
        text = t.text or ""
        if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(text)):
            wrong.append((ctx, src, text))
        elif SHORTCUT.match(src) and text != src:  # a translated "Ctrl+E" would be a different key
            wrong.append((ctx, src, text))
    assert not wrong, f"{len(wrong)} translations change a placeholder, e.g. {wrong[:2]}"


def test_placeholder_check_catches_a_lost_field():
    # the check above must be able to fail
    assert sorted(PLACEHOLDER.findall("sent {sent} · <b>lost</b> {lost}")) != sorted(
        PLACEHOLDER.findall("发送 {sent} · <b>丢失</b>"))
    assert sorted(PLACEHOLDER.findall("%v of %m")) != sorted(PLACEHOLDER.findall("%v / %n"))


def test_shipped_qm_is_built_from_the_catalogue(tmp_path, qapp):
    """Rebuild the .qm into tmp and compare what both translate, message by message (the bytes may differ
    between Qt versions; the translations may not)."""
    from PySide6.QtCore import QTranslator

    tool = _tool("pyside6-lrelease")
    if tool is None:
        pytest.skip("pyside6-lrelease is not installed")
    assert SHIPPED_QM.is_file(), f"{SHIPPED_QM.name} is missing: run pyside6-lrelease (README, Translations)"
    fresh = tmp_path / "fresh.qm"
    r = subprocess.run([tool, "-silent", str(CATALOGUE), "-qm", str(fresh)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    shipped, rebuilt = QTranslator(), QTranslator()
    assert shipped.load(str(SHIPPED_QM)) and rebuilt.load(str(fresh))
    stale = [
        (ctx, src)
        for ctx, src, _t in _live_messages(CATALOGUE)
        if shipped.translate(ctx, src) != rebuilt.translate(ctx, src)
    ]
    assert not stale, f"{SHIPPED_QM.name} is stale for {len(stale)} messages, e.g. {stale[:2]}"
