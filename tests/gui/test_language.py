"""View > Language: the window follows the system locale, switches at once without losing a lab's work,
and remembers the choice; `evsim shot --lang`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QGraphicsView  # noqa: E402

from evsim.gui import language  # noqa: E402
from evsim.gui.app import CATALOGUE, NO_CJK_FONT, MainWindow, translations  # noqa: E402
from evsim.gui.retranslate import Catalogue, text_slots  # noqa: E402


@pytest.fixture
def english(qapp):
    """Every test starts and ends in English, whatever it switched to."""
    translations().use("en")
    yield
    translations().use("en")


def _texts(win: MainWindow) -> dict[str, list[str]]:
    """Every text the window's widgets hold, by a path of class names and sibling indexes."""
    out: dict[str, list[str]] = {}
    for owner, get, _set in text_slots(win):
        if isinstance(owner, QGraphicsView):
            continue  # plot titles carry live figures: compared in their own test
        path, o = [], owner
        while o is not None:
            parent = o.parent()
            same = [c for c in parent.children() if type(c) is type(o)] if parent is not None else [o]
            path.append(f"{type(o).__name__}{same.index(o)}")
            o = parent
        out.setdefault("/".join(reversed(path)), []).append(get())
    return out


def _diff(a: dict[str, list[str]], b: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    return [(k, x, y) for k in b for x, y in zip(a.get(k, []), b[k]) if x != y]


def test_switching_language_gives_the_same_texts_as_a_window_opened_in_it(qtbot, english):
    switched = MainWindow(remember=False)
    qtbot.addWidget(switched)
    english_texts = _texts(switched)
    switched.set_language("zh_CN")
    assert translations().language == "zh_CN" and switched.language() == "zh_CN"
    fresh = MainWindow(remember=False)
    qtbot.addWidget(fresh)
    assert not _diff(_texts(switched), _texts(fresh))
    assert switched.tabs.tabText(0) == fresh.tabs.tabText(0) != "Sockets"
    assert [a.text() for a in switched.menuBar().actions()] == ["文件(&F)", "视图(&V)", "帮助(&H)"]
    switched.set_language("en")
    assert not _diff(_texts(switched), english_texts)
    switched.close()
    fresh.close()


def test_plot_titles_and_axes_switch_too(qtbot, english):
    win = MainWindow(lab="multiplex", remember=False)
    qtbot.addWidget(win)
    english_plot_texts = {get() for owner, get, _ in text_slots(win) if isinstance(owner, QGraphicsView)}
    assert "watched sockets N (log scale)" in english_plot_texts
    win.set_language("zh_CN")
    zh = {get() for owner, get, _ in text_slots(win) if isinstance(owner, QGraphicsView)}
    assert "监控的套接字数 N（对数坐标）" in zh and "watched sockets N (log scale)" not in zh
    win.close()


def test_a_running_server_keeps_its_connections_and_log_across_a_switch(qtbot, english):
    win = MainWindow(lab="sockets", remember=False)
    qtbot.addWidget(win)
    win.show()
    panel = win.panels["sockets"]
    with qtbot.waitSignal(panel.server_started, timeout=8000):
        assert panel.start_server(host="127.0.0.1", port=0)
    host, port = panel.server_address()
    with socket.create_connection((host, port), timeout=5) as c:
        c.sendall(b"before")
        assert c.recv(6) == b"before"
        qtbot.waitUntil(lambda: panel.export_rows() is not None and len(panel.export_rows()[1]) >= 3, timeout=5000)
        rows_before = len(panel.export_rows()[1])
        win.set_language("zh_CN")
        assert win.panels["sockets"] is panel and panel.server_address() == (host, port)
        c.sendall(b"after")  # the same connection, the same server
        assert c.recv(5) == b"after"
        qtbot.waitUntil(lambda: len(panel.export_rows()[1]) > rows_before, timeout=5000)
    assert "服务器" in win._server_label.text()  # "server: listening on ..." in Chinese, address kept
    assert f"{port}" in win._server_label.text()
    win.close()


def test_the_choice_is_remembered(qtbot, english):
    win = MainWindow(remember=True)
    qtbot.addWidget(win)
    win.set_language("zh_CN")
    win.close()
    assert QSettings().value(language.SETTING) == "zh_CN" and language.remembered_choice() == "zh_CN"
    QSettings().setValue(language.SETTING, "klingon")  # hand-edited: follow the system
    assert language.remembered_choice() == "system"
    QSettings().remove(language.SETTING)


def test_language_names_parse_and_bad_ones_are_refused():
    assert [language.normalize(x) for x in ("zh_CN", "zh-cn", "zh_TW.UTF-8", "en_GB", "C", "", "system")] == [
        "zh_CN", "zh_CN", "zh_CN", "en", "en", "system", "system"]
    with pytest.raises(ValueError):
        language.normalize("fr")


def _language_under(env_lang: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(LC_ALL=env_lang, QT_QPA_PLATFORM="offscreen")
    code = ("from evsim.gui.app import make_app, translations\n"
            "make_app(['x'])\nprint(translations().language)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_the_system_locale_chooses_the_language():
    assert _language_under("zh_CN.UTF-8") == "zh_CN"
    assert _language_under("en_US.UTF-8") == "en"
    assert _language_under("de_DE.UTF-8") == "en"  # no German catalogue: English, not an empty window


def test_qt_own_dialog_buttons_are_translated_too(qtbot, english):
    from PySide6.QtCore import QCoreApplication

    translations().use("zh_CN")
    # qtbase_zh_CN.qm: the buttons of QMessageBox and QDialogButtonBox
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") != "&Yes"


def test_without_a_cjk_font_the_window_says_once_how_to_get_one(qtbot, english, monkeypatch):
    monkeypatch.setattr(language, "has_cjk_font", lambda: False)
    win = MainWindow(lab="clicks", remember=False)
    qtbot.addWidget(win)
    win.show()
    bar = win.page("clicks").message_bar
    assert not bar.isVisible()  # English needs no CJK font
    win.set_language("zh_CN")
    assert bar.isVisible() and bar.text() == NO_CJK_FONT and "fonts-noto-cjk" in bar.text()
    bar.clear()
    win.set_language("en")
    win.set_language("zh_CN")
    assert not bar.isVisible()  # once
    win.close()


def test_a_pattern_needs_words_of_its_own():
    cat = Catalogue.load(CATALOGUE, "zh_CN")
    ctx = frozenset()
    assert cat.convert("Listening on 127.0.0.1:9999 (selectors, epoll), server process 4242", "en", "zh_CN",
                       ctx) == "正在监听 127.0.0.1:9999（selectors，epoll），服务器进程 4242"
    assert cat.convert("正在监听 127.0.0.1:9999（selectors，epoll），服务器进程 4242", "zh_CN", "en", ctx) == \
        "Listening on 127.0.0.1:9999 (selectors, epoll), server process 4242"
    # "{what} for {dur}" must not claim a sentence that merely contains " for "
    assert cat.convert("Full screen, larger text and thicker lines, for a projector", "en", "zh_CN", ctx) is None
    assert cat.convert("8 / 8 rows", "en", "zh_CN", ctx) == "8 / 8 行"
    assert cat.convert("8 / 8 行", "zh_CN", "en", ctx) == "8 / 8 rows"


def test_shot_takes_a_language(tmp_path):
    r = subprocess.run([sys.executable, "-m", "evsim", "shot", "clicks", "--lang", "fr", "-o", str(tmp_path / "x.png")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "no translation" in r.stderr
