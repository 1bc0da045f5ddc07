"""The collapsible "What you are seeing" box shared by the labs."""

from PySide6.QtCore import Qt

from evsim.gui.widgets.explanation import ExplanationBox


def _box(qtbot, **kw) -> ExplanationBox:
    box = ExplanationBox("<b>Hello</b> world", **kw)
    qtbot.addWidget(box)
    box.show()
    return box


def test_starts_open_with_rich_word_wrapped_text(qtbot):
    box = _box(qtbot, font_pt=8.5)
    assert box.is_open() and box.label.isVisible()
    assert box.button.isCheckable() and box.button.arrowType() == Qt.ArrowType.DownArrow
    assert box.button.text() == "What you are seeing"
    assert box.button.toolTip() == "Show or hide the explanation."
    assert box.label.wordWrap() and box.label.textFormat() == Qt.TextFormat.RichText
    assert box.label.text() == "<b>Hello</b> world"
    assert "8.5pt" in box.label.styleSheet()


def test_clicking_the_button_hides_and_shows_the_label(qtbot):
    box = _box(qtbot)
    seen = []
    box.toggled.connect(seen.append)
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert not box.is_open() and box.label.isHidden()
    assert box.button.arrowType() == Qt.ArrowType.RightArrow
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert box.is_open() and box.label.isVisible()
    assert box.button.arrowType() == Qt.ArrowType.DownArrow
    assert seen == [False, True]


def test_set_open_changes_state_and_signals_only_on_change(qtbot):
    box = _box(qtbot)
    seen = []
    box.toggled.connect(seen.append)
    box.set_open(True)
    assert seen == []
    box.set_open(False)
    assert seen == [False] and not box.is_open() and box.label.isHidden()
    box.set_open(True)
    assert seen == [False, True] and box.label.isVisible()


def test_closed_box_is_shorter(qtbot):
    box = _box(qtbot)
    box.resize(200, box.sizeHint().height())
    open_h = box.sizeHint().height()
    box.set_open(False)
    assert box.sizeHint().height() < open_h
