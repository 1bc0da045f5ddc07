"""Every lab fits the classroom screens, in English and in Chinese: no horizontal scroll bar, no control
squeezed below its minimum size hint, no label whose text does not fit (tests/gui/layout_audit.py).

1920x1080 at 1.5x scale is 1280x720 logical pixels, the second size here.  The window is 48 px shorter
than the screen: a desktop's panel and the window's title bar.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QRect, QSize, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget  # noqa: E402

from evsim.gui.app import MainWindow, translations  # noqa: E402
from evsim.gui.screen_fit import PREFERRED, clamp_geometry, fit_geometry  # noqa: E402
from evsim.gui.widgets.wrapping_row import WrappingRow  # noqa: E402
from tests.gui.layout_audit import audit, every_tab  # noqa: E402

SCREENS = [(1024, 768), (1280, 720), (1366, 768)]
DESKTOP = 48


def _settle(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(1)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_lab_fits_every_classroom_screen(qtbot, lang):
    translations().use(lang)
    try:
        problems = []
        for w, h in SCREENS:
            win = MainWindow(remember=False)
            qtbot.addWidget(win)
            win.resize(w, h - DESKTOP)
            win.show()
            for lab_id, page in win.pages.items():
                win.show_lab(lab_id)
                for tab in every_tab(page.panel):
                    _settle(qtbot)
                    where = f"{lang} {w}x{h} {lab_id}" + (f" [{tab}]" if tab else "")
                    problems += [f"{where}: {p}" for p in audit(page.panel, page.scroll)]
            win.close()
        assert not problems, "\n".join(problems[:30])
    finally:
        translations().use("en")


def test_the_audit_sees_a_scroll_bar_a_squeezed_button_and_a_cut_label(qtbot):
    """The check above must be able to fail: one of each problem, planted."""
    from evsim.gui.widgets.lab_scroll import LabScrollArea

    panel = QWidget()
    lay = QVBoxLayout(panel)
    cut = QLabel("a label far too long for the width it is given " * 3)
    cut.setMinimumWidth(10)
    cut.setFixedWidth(120)
    button = QPushButton("Start the echo server")
    lay.addWidget(cut)
    lay.addWidget(button)
    panel.setMinimumWidth(900)
    scroll = LabScrollArea(panel)
    qtbot.addWidget(scroll)
    scroll.resize(600, 300)
    scroll.show()
    qtbot.waitUntil(scroll.horizontalScrollBar().isVisible)
    button.resize(30, 10)  # squeezed by hand, as a layout short of room would
    found = "\n".join(audit(panel, scroll))
    assert "horizontal scroll bar" in found
    assert "QPushButton: 30 px wide" in found
    assert "QLabel: text needs" in found


def test_a_wrapping_row_stacks_when_narrow_and_never_forces_width(qtbot):
    row = WrappingRow()
    a, b = QPushButton("x" * 40), QPushButton("y" * 40)
    row.addWidget(a, 3)
    row.addWidget(b, 2)
    qtbot.addWidget(row)
    side = row.width_side_by_side()
    row.resize(side + 20, 100)
    row.show()
    qtbot.waitUntil(row.side_by_side)
    assert row.minimumSizeHint().width() < side  # the lab may be narrower than both side by side
    row.resize(side - 20, 100)
    qtbot.waitUntil(lambda: not row.side_by_side() and a.y() + a.height() <= b.y())  # one under the other
    assert row.minimumSizeHint().height() >= a.minimumSizeHint().height() + b.minimumSizeHint().height()


def test_fit_geometry_centres_or_maximizes():
    rect, maximize = fit_geometry(QRect(0, 0, 1920, 1050))
    assert not maximize and rect.size() == PREFERRED and QRect(0, 0, 1920, 1050).contains(rect)
    for avail in (QRect(0, 0, 1366, 740), QRect(0, 0, 1024, 740), QRect(0, 27, 1280, 693)):
        rect, maximize = fit_geometry(avail)
        assert maximize and avail.contains(rect), avail
    # a window remembered on the projector comes back inside the laptop's screen
    fixed = clamp_geometry(QRect(600, 300, 1280, 800), QRect(0, 0, 1366, 740))
    assert fixed is not None and QRect(0, 0, 1366, 740).contains(fixed)
    assert clamp_geometry(QRect(10, 10, 500, 400), QRect(0, 0, 1366, 740)) is None


def _window_on(tmp_path, width: int, height: int, dpr: float) -> dict:
    """Open the real window (offscreen) on a screen of this size and scale; where did it go?"""
    cfg = tmp_path / "screen.json"
    cfg.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height,
                                            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": dpr}]}))
    code = (
        "import json\n"
        "from evsim.gui.app import MainWindow, make_app\n"
        "app = make_app(['x'], lang='en')\n"
        "w = MainWindow(remember=False); w.show(); app.processEvents()\n"
        "g, a = w.frameGeometry(), w.screen().availableGeometry()\n"
        "print(json.dumps({'max': w.isMaximized(), 'inside': a.contains(g), 'w': w.width(), 'h': w.height()}))\n"
        "w.close()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={cfg}", XDG_CONFIG_HOME=str(tmp_path))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("screen", [(1366, 768, 1.0), (1280, 720, 1.5), (1920, 1080, 1.0)])
def test_the_window_opens_inside_the_screen(tmp_path, screen):
    got = _window_on(tmp_path, *screen)
    assert got["inside"], got
    small = screen[0] < PREFERRED.width() + 16 or screen[1] < PREFERRED.height() + 40
    assert got["max"] == small, got  # maximized exactly when the screen is smaller than it would like
    if not small:
        assert QSize(got["w"], got["h"]) == PREFERRED


def test_pause_and_a_growing_counter_move_nothing(qtbot):
    """Pressing Pause used to widen the row counter: the map shrank and Pause/Resume jumped 160 px away."""
    win = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(win)
    win.resize(1366, 720)
    win.show()
    panel = win.panels["sockets"]
    log = panel.log
    _settle(qtbot)
    sizes = panel.splitter.sizes()
    where = [(b.x(), b.width()) for b in (log.pause_button, log.clear_button, log.csv_button, log.json_button)]
    qtbot.mouseClick(log.pause_button, Qt.MouseButton.LeftButton)
    assert log.pause_button.isChecked()
    log.count_label.setText("50,000 / 50,000 rows · paused, 50,000 waiting")  # the longest it gets
    _settle(qtbot)
    assert panel.splitter.sizes() == sizes
    assert [(b.x(), b.width()) for b in (log.pause_button, log.clear_button, log.csv_button, log.json_button)] == where
    win.close()


def test_the_divider_stays_where_the_user_put_it(qtbot):
    """It used to move between 666 and 750 px when switching sub-tabs or changing the fd filter."""
    win = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(win)
    win.resize(1366, 720)
    win.show()
    panel = win.panels["sockets"]
    _settle(qtbot)
    total = sum(panel.splitter.sizes())
    panel.splitter.setSizes([total - 640, 640])  # the user drags the divider
    _settle(qtbot)
    sizes = panel.splitter.sizes()
    for i in (1, 2, 0):
        panel.tabs.setCurrentIndex(i)
        _settle(qtbot)
        assert panel.splitter.sizes() == sizes, i
    for fd in (7, 1023, 65535, 0):
        panel.log.fd_box.setValue(fd)
        _settle(qtbot)
        assert panel.splitter.sizes() == sizes, fd
    win.close()
