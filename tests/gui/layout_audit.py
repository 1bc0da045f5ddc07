"""What a student would see go wrong in a lab at a given window size: a horizontal scroll bar, a control
squeezed below its minimum size hint, a text cut off (measured with QFontMetrics / QTextDocument)."""

from __future__ import annotations

from PySide6.QtGui import Qt  # QtGui's Qt namespace also has mightBeRichText()
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QWidget,
)

#: a pixel of rounding between Qt's own size hints and what it then gives a widget
SLACK = 1


def _path(w: QWidget, root: QWidget) -> str:
    names = []
    while w is not None and w is not root:
        names.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return "/".join(reversed(names))


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    rect = label.contentsRect()
    margin = 2 * (label.margin() + max(0, label.indent() if label.indent() >= 0 else 0))
    avail_w, avail_h = rect.width() - margin, rect.height()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text))
    fm = QFontMetrics(label.font())
    if label.wordWrap():
        need_h = label.heightForWidth(label.width())  # the whole label's height, margins included
        if need_h > label.height() + SLACK:
            return f"wrapped text needs {need_h} px high, has {label.height()}: {text[:50]!r}"
        return None
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        need_w, need_h = doc.idealWidth(), doc.size().height()
    else:
        lines = text.split("\n")
        need_w = max(fm.horizontalAdvance(line) for line in lines)
        need_h = fm.height() * len(lines)
    if need_w > avail_w + SLACK:
        return f"text needs {need_w:.0f} px wide, has {avail_w}: {text[:50]!r}"
    if need_h > avail_h + SLACK + 2:
        return f"text needs {need_h:.0f} px high, has {avail_h}: {text[:50]!r}"
    return None


def _squeezed(w: QWidget) -> str | None:
    """A widget smaller than its minimum size hint in a direction its size policy does not let it ignore."""
    hint = w.minimumSizeHint()
    if not hint.isValid():
        return None
    pol = w.sizePolicy()
    out = []
    for axis, have, need, explicit, policy in (
        ("wide", w.width(), hint.width(), w.minimumWidth(), pol.horizontalPolicy()),
        ("high", w.height(), hint.height(), w.minimumHeight(), pol.verticalPolicy()),
    ):
        if policy == QSizePolicy.Policy.Ignored or explicit:
            continue  # the code chose this: it asked to ignore the hint, or set its own minimum
        if have + SLACK < need:
            out.append(f"{have} px {axis}, needs {need}")
    return ", ".join(out) or None


def _button_problem(b: QAbstractButton) -> str | None:
    if not b.text() or not isinstance(b, (QPushButton, QCheckBox, QRadioButton, QToolButton)):
        return None
    if isinstance(b, QToolButton) and b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return None
    if b.sizeHint().width() > b.width() + SLACK:
        return f"text needs {b.sizeHint().width()} px wide, has {b.width()}: {b.text()!r}"
    return None


def audit(root: QWidget, scroll: QAbstractScrollArea | None = None) -> list[str]:
    """Problems of every visible widget under ``root``, as one line each."""
    problems = []
    if scroll is not None and scroll.horizontalScrollBar().isVisible():
        problems.append(f"horizontal scroll bar: the lab needs {root.minimumSizeHint().width()} px, "
                        f"has {scroll.viewport().width()}")
    for w in root.findChildren(QWidget):
        if not w.isVisible() or w.isWindow() or w.objectName().startswith("qt_") or isinstance(w, QHeaderView):
            continue  # Qt's own parts of a widget (a spin box's line edit, a table's header) follow their owner
        where = _path(w, root)
        why = _squeezed(w)
        if why is None and isinstance(w, QLabel):
            why = _label_problem(w)
        if why is None and isinstance(w, QAbstractButton):
            why = _button_problem(w)
        if why is None and isinstance(w, QGroupBox) and w.title():
            need = QFontMetrics(w.font()).horizontalAdvance(w.title()) + 16
            if need > w.width() + SLACK:
                why = f"title needs {need} px, has {w.width()}: {w.title()!r}"
        if why is None and isinstance(w, QComboBox) and w.currentText():
            if w.minimumSizeHint().width() > w.width() + SLACK:
                why = f"combo box needs {w.minimumSizeHint().width()} px, has {w.width()}"
        if why is not None:
            problems.append(f"{where}: {why}")
    return problems


def every_tab(root: QWidget):
    """Yield once per combination of the inner tab widgets' pages (each page of each tab widget once)."""
    tabs = [t for t in root.findChildren(QTabWidget)]
    yield None
    for t in tabs:
        before = t.currentIndex()
        for i in range(t.count()):
            if i != before and t.isTabEnabled(i):
                t.setCurrentIndex(i)
                yield f"{t.tabText(i)}"
        t.setCurrentIndex(before)
