"""Labs fill the window and scroll only when the window is smaller than the lab's minimum size."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget  # noqa: E402

from evsim.gui.app import MainWindow  # noqa: E402
from evsim.gui.labs.base import LabPanel  # noqa: E402
from evsim.gui.widgets.lab_scroll import LabScrollArea  # noqa: E402


def _bars(scroll: LabScrollArea) -> tuple[bool, bool]:
    return scroll.horizontalScrollBar().isVisible(), scroll.verticalScrollBar().isVisible()


def test_word_wrapped_panel_fills_a_big_enough_viewport_without_scrolling(qtbot):
    panel = LabPanel()
    lay = QVBoxLayout(panel)
    label = QLabel("a long explanation that wraps " * 60)
    label.setWordWrap(True)  # gives the layout height-for-width, which fooled widgetResizable
    lay.addWidget(label)
    panel.setMinimumSize(300, 200)
    scroll = LabScrollArea(panel)
    qtbot.addWidget(scroll)
    scroll.resize(320, 260)
    scroll.show()
    qtbot.waitUntil(lambda: panel.size().toTuple() == scroll.viewport().size().toTuple())
    assert _bars(scroll) == (False, False)
    scroll.resize(250, 150)  # below the minimum: the panel keeps it and the area scrolls both ways
    qtbot.waitUntil(lambda: _bars(scroll) == (True, True))
    assert panel.width() >= 300 and panel.height() >= 200
    panel.setMinimumSize(100, 100)  # the minimum shrinks (an explanation hidden): no more scrolling
    qtbot.waitUntil(lambda: _bars(scroll) == (False, False))


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_every_lab_fits_the_default_window_and_a_laptop_screen(qtbot, size):
    win = MainWindow(remember=False)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    try:
        for lab_id, scroll in win._scrolls.items():
            win.show_lab(lab_id)
            panel = win.panels[lab_id]
            # the lab fills the viewport, no scroll bar (clicks used to scroll 143 px at 1280x800)
            qtbot.waitUntil(lambda: scroll.isVisible() and QWidget.size(panel) == scroll.viewport().size()
                            and _bars(scroll) == (False, False), timeout=3000)
            assert panel.minimumSizeHint().height() <= scroll.viewport().height(), lab_id
    finally:
        win.close()


def test_the_typed_transcript_shows_three_lines_on_a_laptop_screen(qtbot):
    win = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    try:
        panel = win.panels["sockets"]
        panel.tabs.setCurrentWidget(panel.clients)
        clients = panel.clients
        clients.load_label.setText("running: 600 connected · 96,404 requests · 8,672 req/s · p50 25.43 ms · "
                                   "p99 291.45 ms · every byte checked")  # two lines, as under load
        three = 3 * clients.transcript.fontMetrics().lineSpacing()
        # squeezed by the clients table, it used to be 16 px high: less than one line
        qtbot.waitUntil(lambda: clients.transcript.viewport().height() >= three, timeout=3000)
        scroll = win._scrolls["sockets"]
        qtbot.waitUntil(lambda: _bars(scroll) == (False, False), timeout=3000)  # and the lab still fits
    finally:
        win.close()
