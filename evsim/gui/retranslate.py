"""Switch the texts a window already shows from one language to another, without rebuilding it.

A lab keeps running while the language changes (a server with its connections, a sweep half done), so
View > Language does not rebuild the panels.  Instead every text a widget holds (labels, buttons, tooltips,
group titles, spin box suffixes, combo box items, tabs, actions, plot titles and legends) is looked up in
the catalogue (``i18n/evsim_zh_CN.ts``) in the language it is in now and replaced by the same message in
the new language.  A text made from a message with fields ("Listening on {host}:{port}") is matched as a
pattern and its fields carried over.  Texts that match no message (a number, a peer address, a log row)
are left alone; the panels refresh those themselves, through ``tr()``, at their next update.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from evsim.gui.widgets.steady import StatusLine

#: What a message's text carries unchanged into any language: str.format fields and Qt's %1, %v, %m, %n.
FIELD = re.compile(r"\{[^{}]*\}|%\d|%[vmn]")
#: A pattern needs this many letters of its own, so "+{n}" or "{a} {b}" never swallow unrelated texts.
MIN_LITERAL = 3

#: A text node of rich text: (spaces, entities, bullets) (the words) (spaces) between two tags.
_TEXT_NODE = re.compile(r"(?<=>)((?:\s|&#?\w+;|[●•·])*)([^<>]*?)(\s*)(?=<|$)")
#: Of a text a pattern matches, at least this share must be the pattern's own words, not its fields: else
#: "{what} for {dur}" would claim any sentence with " for " in it.
MIN_LITERAL_SHARE = 0.3

Slot = tuple[QObject, Callable[[], str], Callable[[str], None]]


@dataclass
class _Message:
    context: str
    texts: dict[str, str]  # language -> text


@dataclass
class Catalogue:
    """Every message of a .ts file, findable by its text in either language."""

    messages: list[_Message]
    exact: dict[tuple[str, str], list[_Message]] = field(default_factory=dict)
    patterns: dict[str, list[tuple[re.Pattern, list[str], _Message]]] = field(default_factory=dict)

    @classmethod
    def load(cls, ts: Path, language: str) -> "Catalogue":
        root = ET.parse(ts).getroot()
        messages = []
        for ctx in root.iter("context"):
            name = ctx.findtext("name") or ""
            for msg in ctx.iter("message"):
                t = msg.find("translation")
                if t is None or t.get("type") in ("vanished", "obsolete", "unfinished") or not t.text:
                    continue
                messages.append(_Message(name, {"en": msg.findtext("source") or "", language: t.text}))
        cat = cls(messages)
        for m in messages:
            for lang, text in m.texts.items():
                cat.exact.setdefault((lang, text), []).append(m)
                pattern = _pattern(text)
                if pattern is not None:
                    cat.patterns.setdefault(lang, []).append((*pattern, m))
        return cat

    def convert(self, text: str, old: str, new: str, contexts: frozenset[str]) -> str | None:
        """``text`` (in ``old``) in ``new``, or None if it is no message of the catalogue."""
        if not text:
            return None
        found = self.exact.get((old, text))
        if found:
            m = _pick(found, contexts)
            return m.texts.get(new)
        best = None
        for rx, names, m in self.patterns.get(old, ()):
            hit = rx.fullmatch(text)
            if hit is not None and _mostly_literal(text, hit) and new in m.texts and (
                    best is None or m.context in contexts):
                best = (names, hit, m)
                if m.context in contexts:
                    break
        if best is None:
            return self._convert_rich(text, old, new, contexts) if "<" in text else None
        names, hit, m = best
        values = {tok: hit.group(f"f{i}") for i, tok in enumerate(names)}
        return FIELD.sub(lambda f: values.get(f.group(0), f.group(0)), m.texts[new])

    def _convert_rich(self, text: str, old: str, new: str, contexts: frozenset[str]) -> str | None:
        """Rich text put together from several messages (a legend: ``<span>CPU:</span> <span>...``): each
        text between tags that is a message on its own, with the markup, entities and spaces around it kept."""
        changed = False

        def one(node: re.Match) -> str:
            nonlocal changed
            lead, core, trail = node.group(1), node.group(2), node.group(3)
            found = self.exact.get((old, core))
            if not found:
                return node.group(0)
            out = _pick(found, contexts).texts.get(new)
            if out is None:
                return node.group(0)
            changed = True
            return lead + out + trail

        out = _TEXT_NODE.sub(one, text)
        return out if changed else None


def _mostly_literal(text: str, hit: re.Match) -> bool:
    """Whether the pattern's own text is a fair share of ``text`` (not just a word between two long fields)."""
    filled = sum(len(g) for g in hit.groups() if g)
    own = sum(3 if "\u2e80" <= c <= "\u9fff" else 1 for c in text) - filled  # fields are ASCII mostly
    return own >= MIN_LITERAL_SHARE * (own + filled)


def _pick(found: list[_Message], contexts: frozenset[str]) -> _Message:
    """Of the messages with this text, the one whose context the widget belongs to (else the first)."""
    for m in found:
        if m.context in contexts:
            return m
    return found[0]


def _letters(text: str) -> int:
    """Letters in ``text``, a CJK character counting as a word (3)."""
    letters = re.sub(r"[\W\d_]", "", text)
    return sum(3 if "\u2e80" <= c <= "\u9fff" else 1 for c in letters)


def _pattern(text: str) -> tuple[re.Pattern, list[str]] | None:
    """A regex matching ``text`` with each field filled in, and the field of each group; None without fields."""
    parts = FIELD.split(text)
    tokens = FIELD.findall(text)
    if not tokens or sum(_letters(p) for p in parts) < MIN_LITERAL:
        return None
    names: list[str] = []
    rx = re.escape(parts[0])
    for tok, lit in zip(tokens, parts[1:]):
        if tok in names:
            rx += f"(?P=f{names.index(tok)})"
        else:
            rx += f"(?P<f{len(names)}>.+?)"
            names.append(tok)
        rx += re.escape(lit)
    return re.compile(rx, re.DOTALL), names


@lru_cache(maxsize=4)
def catalogue(ts: Path, language: str) -> Catalogue:
    return Catalogue.load(ts, language)


def _contexts(obj: QObject) -> frozenset[str]:
    """Class names of the object and its parents: the tr() contexts its texts may come from."""
    names = set()
    o: QObject | None = obj
    while o is not None:
        names.update(c.__name__ for c in type(o).__mro__)
        o = o.parent()
    return frozenset(names)


def text_slots(root: QWidget) -> Iterator[Slot]:
    """(owner, get, set) of every text ``root`` and its children show."""
    for w in [root, *root.findChildren(QWidget)]:
        yield w, w.toolTip, w.setToolTip
        yield w, w.statusTip, w.setStatusTip
        if w.isWindow():
            yield w, w.windowTitle, w.setWindowTitle
        if isinstance(w, (QLabel, QAbstractButton, StatusLine)):
            yield w, w.text, w.setText
        if isinstance(w, QGroupBox):
            yield w, w.title, w.setTitle
        if isinstance(w, QMenu):
            yield w, w.title, w.setTitle
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            yield w, w.placeholderText, w.setPlaceholderText
        if isinstance(w, QAbstractSpinBox):
            yield w, w.specialValueText, w.setSpecialValueText
            if hasattr(w, "suffix"):
                yield w, w.suffix, w.setSuffix
                yield w, w.prefix, w.setPrefix
        if isinstance(w, QProgressBar):
            yield w, w.format, w.setFormat
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                yield w, (lambda w=w, i=i: w.itemText(i)), (lambda s, w=w, i=i: w.setItemText(i, s))
                yield w, (lambda w=w, i=i: w.itemData(i, Qt.ItemDataRole.ToolTipRole) or ""), (
                    lambda s, w=w, i=i: w.setItemData(i, s, Qt.ItemDataRole.ToolTipRole))
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield w, (lambda w=w, i=i: w.tabText(i)), (lambda s, w=w, i=i: w.setTabText(i, s))
                yield w, (lambda w=w, i=i: w.tabToolTip(i)), (lambda s, w=w, i=i: w.setTabToolTip(i, s))
        if isinstance(w, QTableWidget):
            for i in range(w.columnCount()):
                item = w.horizontalHeaderItem(i)
                if item is not None:
                    yield w, item.text, item.setText
                    yield w, item.toolTip, item.setToolTip
        if isinstance(w, QGraphicsView) and w.scene() is not None:
            yield from _graphics_slots(w)
    for a in root.findChildren(QAction):
        yield a, a.text, a.setText
        yield a, a.statusTip, a.setStatusTip
        if a.toolTip() != a.text().replace("&", ""):  # Qt derives the tooltip from the text unless set
            yield a, a.toolTip, a.setToolTip


def _graphics_slots(view: QGraphicsView) -> Iterator[Slot]:
    """pyqtgraph's plot titles, legend entries, text items and axis labels."""
    try:
        import pyqtgraph as pg
    except ImportError:  # pragma: no cover - a dependency, but the walker does not need it
        return
    for item in view.scene().items():
        if isinstance(item, pg.LabelItem):
            yield view, (lambda item=item: item.text or ""), item.setText
        elif isinstance(item, pg.TextItem):
            yield view, item.toPlainText, item.setText
        elif isinstance(item, pg.AxisItem):
            yield view, (lambda item=item: item.labelText or ""), (lambda s, item=item: item.setLabel(text=s))


def retranslate(root: QWidget, ts: Path, old: str, new: str) -> int:
    """Move every text under ``root`` from language ``old`` to ``new``; returns how many changed.

    Each text switched is remembered on its widget in both languages, so switching back gives the exact
    text it had, even where two messages share a translation ("半关闭": "HalfClosed" and "Half-close").
    """
    if old == new:
        return 0
    other = new if old == "en" else old
    cat = catalogue(ts, other)
    changed = 0
    contexts: dict[int, frozenset[str]] = {}
    ordinal: dict[int, int] = {}
    for owner, get, set_ in list(text_slots(root)):
        key = id(owner)
        ordinal[key] = n = ordinal.get(key, -1) + 1
        text = get()
        if not text:
            continue
        name = f"evsim_i18n_{n}"
        out = _remembered(owner.property(name), text, old, new)
        if out is None:
            if key not in contexts:
                contexts[key] = _contexts(owner)
            out = cat.convert(text, old, new, contexts[key])
        if out is not None and out != text:
            set_(out)
            owner.setProperty(name, json.dumps({old: text, new: out}))
            changed += 1
    return changed


def _remembered(stored: object, text: str, old: str, new: str) -> str | None:
    """The text this slot had in ``new`` when it last switched, if it still shows what it showed then."""
    if not isinstance(stored, str):
        return None
    try:
        both = json.loads(stored)
    except ValueError:
        return None
    return both.get(new) if both.get(old) == text else None
