"""View menu: zoom, presentation mode, reset a lab to its defaults; heavy remembered settings named at start;
the message bar for failures that matter."""

from __future__ import annotations

import socket

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QAction, QKeySequence, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget  # noqa: E402

from evsim.gui.app import MainWindow  # noqa: E402
from evsim.gui.heavy import heavy_settings  # noqa: E402
from evsim.gui.labs.clicks import style as clicks_style  # noqa: E402
from evsim.gui.widgets import theme  # noqa: E402
from evsim.gui.widgets.message_bar import MessageBar, clear_message, post_message  # noqa: E402


@pytest.fixture
def clean_settings(qapp):
    s = QSettings()
    s.clear()
    yield s
    s.clear()


def _by_keys(win: MainWindow, keys: str) -> QAction:
    """The window's action that answers ``keys`` (an action, so the shortcut works in full screen too)."""
    found = [a for a in win.actions() if QKeySequence(keys) in a.shortcuts()]
    assert len(found) == 1, keys
    return found[0]


def test_zoom_scales_the_whole_window_and_is_remembered(qtbot, clean_settings):
    win = MainWindow(lab="clicks", remember=True)
    qtbot.addWidget(win)
    win.show()
    base = QApplication.font().pointSizeF()
    label = win._server_label
    _by_keys(win, "Ctrl+=").trigger()
    _by_keys(win, "Ctrl++").trigger()
    assert win.appearance.zoom == 1.25
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.25)
    qtbot.waitUntil(lambda: label.font().pointSizeF() == pytest.approx(base * 1.25))  # widgets follow
    assert float(QSettings().value("window/zoom")) == 1.25
    win.close()
    again = MainWindow(remember=True)  # the next start comes back zoomed
    qtbot.addWidget(again)
    assert again.appearance.zoom == 1.25
    _by_keys(again, "Ctrl+0").trigger()
    assert again.appearance.zoom == 1.0 and QApplication.font().pointSizeF() == pytest.approx(base)
    _by_keys(again, "Ctrl+-").trigger()
    assert again.appearance.zoom < 1.0
    again.appearance.reset_zoom()
    again.close()


def test_presentation_mode_is_full_screen_larger_high_contrast_with_thicker_plot_lines(qtbot):
    import pyqtgraph as pg

    win = MainWindow(lab="multiplex", remember=False)
    qtbot.addWidget(win)
    win.show()
    base_pt = QApplication.font().pointSizeF()
    base_text = QApplication.palette().color(QPalette.ColorRole.WindowText)
    curves = [i for v in win.findChildren(pg.GraphicsView) for i in v.scene().items()
              if isinstance(i, pg.PlotDataItem)]
    assert curves
    widths = [pg.mkPen(c.opts["pen"]).widthF() for c in curves]
    win.act_presentation.trigger()  # F11
    qtbot.waitUntil(win.isFullScreen, timeout=3000)
    assert QApplication.font().pointSizeF() > base_pt
    assert QApplication.palette().color(QPalette.ColorRole.WindowText).name() == "#000000"
    assert theme.TEXT_DIM.lightness() > 200 and clicks_style.TEXT_DIM is theme.TEXT_DIM  # the views' greys
    assert all(pg.mkPen(c.opts["pen"]).widthF() >= 2 * max(1.0, w) for c, w in zip(curves, widths))
    win.act_presentation.trigger()
    qtbot.waitUntil(lambda: not win.isFullScreen(), timeout=3000)
    assert QApplication.font().pointSizeF() == pytest.approx(base_pt)
    assert QApplication.palette().color(QPalette.ColorRole.WindowText) == base_text
    assert [pg.mkPen(c.opts["pen"]).widthF() for c in curves] == widths
    assert theme.TEXT_DIM.name() == "#8b95a7"
    win.close()


def test_heavy_remembered_settings_are_named_at_start_and_reset_puts_defaults_back(qtbot, clean_settings):
    clean_settings.setValue("multiplex/fds", 8000)
    clean_settings.setValue("multiplex/ready", 10)
    clean_settings.setValue("clicks/devices", 1000)
    clean_settings.setValue("clicks/scan_us", 500.0)
    assert heavy_settings("multiplex") == ["N = 8000 watched sockets"]
    assert heavy_settings("clicks") == ["1000 devices × 500 µs: each sweep takes 500 ms"]
    assert heavy_settings("iomodels") == []
    win = MainWindow(lab="multiplex", remember=True)
    qtbot.addWidget(win)
    win.show()
    bar = win.page("multiplex").message_bar
    assert bar.isVisible() and "N = 8000" in bar.text() and bar.level == "warning"
    assert win.page("clicks").message_bar.text().count("1000 devices") == 1
    assert not win.page("iomodels").message_bar.isVisible()
    old = win.panels["multiplex"]
    assert old.n_spin.value() == 8000
    qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)  # "Reset this lab to defaults"
    new = win.panels["multiplex"]
    assert new is not old and new.n_spin.value() == 256 and win.current_panel() is new
    assert int(QSettings().value("multiplex/fds", 256)) == 256 and not bar.isVisible()
    assert QSettings().value("clicks/devices") == 1000  # the other labs keep theirs
    win.close()


def test_resetting_the_sockets_lab_stops_its_server_and_the_window_follows(qtbot, clean_settings):
    win = MainWindow(lab="sockets", remember=True)
    qtbot.addWidget(win)
    win.show()
    panel = win.panels["sockets"]
    panel.slowmo_slider.setValue(700)
    with qtbot.waitSignal(panel.server_started, timeout=8000):
        assert panel.start_server(host="127.0.0.1", port=0)
    host, port = panel.server_address()
    win.reset_lab("sockets")
    with pytest.raises(OSError):
        socket.create_connection((host, port), timeout=2).close()
    fresh = win.panels["sockets"]
    assert fresh is not panel and fresh.slowmo_slider.value() == 0
    assert "stopped" in win._server_label.text()
    with qtbot.waitSignal(fresh.server_started, timeout=8000):
        assert fresh.start_server(host="127.0.0.1", port=0)  # the new panel is wired to the window
    assert "listening" in win._server_label.text()
    win.close()
    assert fresh.server_address() is None


def test_failures_that_matter_show_in_the_lab_not_only_the_status_bar(qtbot, tmp_path):
    win = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(win)
    win.show()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        panel = win.panels["sockets"]
        with qtbot.waitSignal(panel.server_stopped, timeout=8000):  # its process says why, and ends
            assert panel.start_server(host="127.0.0.1", port=port)
        bar = win.page("sockets").message_bar
        assert bar.isVisible() and bar.level == "error" and str(port) in bar.text()
    with qtbot.waitSignal(panel.server_started, timeout=8000):
        assert panel.start_server(host="127.0.0.1", port=0)
    assert not bar.isVisible()  # the server started after all: the error is gone
    assert not panel.log.export_csv(str(tmp_path / "missing" / "log.csv"))  # the log's own CSV… button
    assert "missing" in bar.text() and bar.level == "error"
    win.show_lab("clicks")
    assert not win.save_screenshot(str(tmp_path / "missing" / "x.png"))
    assert "missing" in win.page("clicks").message_bar.text()
    win.close()


def test_message_bar_api(qtbot):
    holder = QWidget()
    holder.message_bar = MessageBar(holder)
    lay = QVBoxLayout(holder)
    lay.addWidget(holder.message_bar)
    inner = QLabel("inside", holder)
    lay.addWidget(inner)
    qtbot.addWidget(holder)
    holder.show()
    pressed = []
    assert post_message(inner, "could not write x", "error", "Retry", lambda: pressed.append(1))
    assert holder.message_bar.text() == "could not write x" and holder.message_bar.action_button.isVisible()
    qtbot.mouseClick(holder.message_bar.action_button, Qt.MouseButton.LeftButton)
    assert pressed == [1] and not holder.message_bar.isVisible()
    post_message(inner, "again")
    clear_message(inner)
    assert not holder.message_bar.isVisible()
    assert not post_message(QLabel("orphan"), "nowhere to go")
