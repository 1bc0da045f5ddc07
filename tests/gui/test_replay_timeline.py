"""The sockets lab replaying a recording: stepping, scrubbing, playing, jumping, keys, back to live, layout.

These use an in-memory recording (tests/gui/replay_fake.py) with the reader API of evsim.core.record, so each
position's expected state is known exactly; tests/gui/test_recording_menu.py records and replays a real run.
"""

from __future__ import annotations

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from evsim.core.echo import events as ev
from evsim.core.echo.scene import SocketScene
from evsim.gui.app import MainWindow, translations
from evsim.gui.labs.sockets import replay_control
from evsim.gui.labs.sockets.replay_control import close_replay, open_replay
from evsim.gui.widgets.timeline_bar import STEP_EVENT, STEP_ITERATION
from tests.gui.layout_audit import audit
from tests.gui.replay_fake import FakeRecording, conversation, win  # noqa: F401 - the window fixture

WAIT_MS = 5000


def folded(rec: FakeRecording, i: int) -> SocketScene:
    s = SocketScene()
    s.apply(rec.events[: i + 1])
    return s


@pytest.fixture
def small_tail(monkeypatch):
    """Keyframe scenes after 3 events, so a short recording exercises scene_at + tail."""
    monkeypatch.setattr(replay_control, "TAIL", 3)


def replay(win, rec):
    panel = win.panels["sockets"]
    return panel, open_replay(panel, "/tmp/test.evrec", rec)


def test_every_step_forward_and_back_shows_the_state_at_that_event(win, small_tail):
    rec = FakeRecording(conversation(4))
    panel, c = replay(win, rec)
    assert c.pos == 0 and panel.scene.open_count == 0
    seen = []
    for _ in range(1, len(rec)):
        c.on_step(1, STEP_EVENT)
        seen.append((c.pos, panel.scene.open_count, panel.scene.bytes_in, panel.scene.bytes_out))
    for _ in range(len(rec) - 2, -1, -1):
        c.on_step(-1, STEP_EVENT)
        seen.append((c.pos, panel.scene.open_count, panel.scene.bytes_in, panel.scene.bytes_out))
    want = [(i, f.open_count, f.bytes_in, f.bytes_out) for i in
            list(range(1, len(rec))) + list(range(len(rec) - 2, -1, -1)) for f in [folded(rec, i)]]
    assert seen == want
    assert rec.scene_calls > 0  # stepping back went through keyframe scenes
    # the log ends with the event shown, selected
    table = panel.log.table
    c.seek(6)
    last = table.model().rowCount() - 1
    assert table.selectionModel().isRowSelected(last)
    assert table.model().index(last, 3).data() == "Ready"


def test_loop_iterations_and_jumps(win):
    rec = FakeRecording(conversation(3))  # Ready at 2, 6, 10
    panel, c = replay(win, rec)
    c.on_step(1, STEP_ITERATION)
    assert c.pos == 2
    c.on_step(1, STEP_ITERATION)
    assert c.pos == 6
    c.on_step(-1, STEP_ITERATION)
    assert c.pos == 2
    bar = c.view.bar
    bar.kind_combo.setCurrentIndex(bar.kind_combo.findData(ev.Closed))
    bar.fd_spin.setValue(5)
    bar.next_match_button.click()
    assert type(rec.event(c.pos)) is ev.Closed and rec.event(c.pos).fd == 5
    assert panel.scene.open_count == folded(rec, c.pos).open_count == 1
    bar.next_match_button.click()  # none later: stays, says so
    assert type(rec.event(c.pos)) is ev.Closed and rec.event(c.pos).fd == 5
    assert "No later event" in win.statusBar().currentMessage()
    bar.fd_spin.setValue(-1)
    bar.prev_match_button.click()
    assert rec.event(c.pos).fd == 4


def test_scrubbing_seeks_by_time_and_coalesces_a_drag(win, qtbot):
    rec = FakeRecording(conversation(5))
    panel, c = replay(win, rec)
    seeks = []
    c.position_changed.connect(seeks.append)
    track = c.view.bar.track
    QApplication.processEvents()
    for x in range(10, track.width() // 2, 7):  # a fast drag: many moves before the window gets to seek
        fraction = track.fraction_at(x)
        track.scrubbed.emit(fraction)
    qtbot.waitUntil(lambda: bool(seeks), timeout=WAIT_MS)
    QApplication.processEvents()
    assert len(seeks) == 1  # one seek for the whole drag
    want = c.index_for_time(rec.t_ns(0) + int(fraction * (rec.t_ns(len(rec) - 1) - rec.t_ns(0))))
    assert 0 < want < len(rec) - 1
    assert c.pos == want
    assert panel.scene.open_count == folded(rec, want).open_count
    assert abs(track.cursor - c.fraction()) < 1e-9 and "event {} /".format(want + 1) in \
        c.view.bar.position_label.text()
    # a press at the far left goes to the first event
    QTest.mousePress(track, Qt.MouseButton.LeftButton, pos=QPoint(0, 5))
    QTest.mouseRelease(track, Qt.MouseButton.LeftButton, pos=QPoint(0, 5))
    qtbot.waitUntil(lambda: c.pos == 0, timeout=WAIT_MS)


def test_play_to_the_end_at_10x(win, qtbot):
    rec = FakeRecording(conversation(3, gap=20_000_000))  # 15 events 20 ms apart: 0.3 s, 30 ms at 10x
    panel, c = replay(win, rec)
    c.view.bar.set_speed(10.0)
    with qtbot.waitSignal(c.finished, timeout=WAIT_MS):
        c.view.bar.play_button.click()
    assert c.pos == len(rec) - 1 and not c.playing
    assert panel.scene.bytes_in == folded(rec, len(rec) - 1).bytes_in
    assert panel.log.model.total_rows == len(rec)  # every event went through the log


def test_keys_work_anywhere_but_in_a_text_field(win, qtbot):
    rec = FakeRecording(conversation(3))
    panel, c = replay(win, rec)
    win.activateWindow()
    qtbot.waitUntil(lambda: win.isActiveWindow() and c.view.bar.isVisible(), timeout=WAIT_MS)
    QApplication.processEvents()
    panel.map.setFocus()
    QTest.keyClick(panel.map, Qt.Key.Key_Right)
    assert c.pos == 1
    QTest.keyClick(panel.log.table, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert c.pos == 2  # the next select (Ready)
    QTest.keyClick(panel.map, Qt.Key.Key_End)
    assert c.pos == len(rec) - 1
    QTest.keyClick(panel.map, Qt.Key.Key_Left)
    assert c.pos == len(rec) - 2
    QTest.keyClick(panel.map, Qt.Key.Key_Space)
    assert c.playing
    QTest.keyClick(panel.map, Qt.Key.Key_Space)
    assert not c.playing
    editor = c.view.bar.fd_spin.lineEdit()
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_Space)
    QTest.keyClick(editor, Qt.Key.Key_Left)
    assert not c.playing and c.pos == len(rec) - 2  # the keys went to the text field


def test_back_to_live_puts_the_lab_back(win, qtbot):
    rec = FakeRecording(conversation(2))
    panel, c = replay(win, rec)
    assert not panel.server_box.isEnabled() and not panel.loop_box.isEnabled()
    assert "Replaying test.evrec" in c.view.banner_label.text()
    c.view.live_button.click()
    assert panel.replay is None
    assert panel.server_box.isEnabled() and panel.start_button.isEnabled()
    assert panel.left_splitter.indexOf(panel.map) == 0
    assert panel.scene.open_count == 0 and panel.log.model.total_rows == 0
    assert panel.sinks() == ()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("size", [(1024, 720), (1280, 672)])  # a 1024x768 screen; 1920x1080 at 1.5x
def test_the_replay_fits_small_screens(qtbot, lang, size):
    translations().use(lang)
    try:
        w = MainWindow(lab="sockets", remember=False)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        panel, c = replay(w, FakeRecording(conversation(3)))
        c.seek(5)
        for _ in range(3):
            QApplication.processEvents()
        page = w.pages["sockets"]
        problems = audit(panel, page.scroll)
        bar = c.view.bar
        for b in (bar.play_button, bar.iter_back_button, bar.next_match_button, bar.position_label):
            r = b.rect().translated(b.mapTo(w, QPoint(0, 0)))
            if not w.rect().contains(r):
                problems.append(f"{type(b).__name__} outside the window: {r}")
        assert not problems, "\n".join(problems[:20])
        w.shutdown()
    finally:
        translations().use("en")


def test_an_empty_recording_opens_and_says_so(win):
    panel, c = replay(win, FakeRecording([]))
    assert c.n == 0 and panel.scene.open_count == 0
    c.on_step(1, STEP_EVENT)
    c.set_playing(True)
    assert not c.playing
    close_replay(panel)


def test_plot_history_counts_what_happened_before_the_instant():
    from evsim.gui.labs.sockets.replay_plots import plot_history

    rec = FakeRecording(conversation(3))  # events 1 ms apart
    i = 12  # fd 4, 5, 6 accepted, 4 and 5 echoed, 6 received; the first Closed is event 13
    out = plot_history(rec, i, folded(rec, i).open_count, interval_ns=1_000_000)
    assert [t for t, *_ in out] == [rec.t_ns(k) for k in range(i + 1)]
    for k, (t, n, bytes_in, bytes_out, open_count) in enumerate(out):
        f = folded(rec, k)
        assert (n, bytes_in, bytes_out, open_count) == (k + 1, f.bytes_in, f.bytes_out, f.open_count)
    # a window that may read only 5 events starts later, and still counts the open connections right
    short = plot_history(rec, len(rec) - 1, 0, interval_ns=1_000_000, max_events=5)
    assert [o for *_, o in short] == [folded(rec, k).open_count for k in range(len(rec) - 5, len(rec))]


def test_iterations_follow_the_traced_selects_when_there_are_some(win):
    events = []
    for e in conversation(2):
        if type(e) is ev.Ready:  # two selects in a row before each ready socket (a timeout, then the wake-up)
            events += [ev.LoopPhase(e.t_ns - 2, "select", 85), ev.LoopPhase(e.t_ns - 1, "select", 85)]
        events.append(e)
    rec = FakeRecording(events)
    panel, c = replay(win, rec)
    selects = [k for k, e in enumerate(events) if type(e) is ev.LoopPhase]
    seen = []
    for _ in selects:
        c.on_step(1, STEP_ITERATION)
        seen.append(c.pos)
    assert seen == selects
    c.seek(selects[-1] + 2)  # inside the last iteration: back to its start, then to the one before
    c.on_step(-1, STEP_ITERATION)
    assert c.pos == selects[-1]
    c.on_step(-1, STEP_ITERATION)
    assert c.pos == selects[-2]


def test_the_plots_follow_a_replay_as_it_plays(win, qtbot):
    rec = FakeRecording(conversation(3, gap=100_000_000))  # accepts at 0.1, 0.5, 0.9 s; closes at 1.3-1.5 s
    panel, c = replay(win, rec)
    with qtbot.waitSignal(c.finished, timeout=WAIT_MS):
        c.set_playing(True)
    samples = list(panel.plots.samples)
    assert len(samples) >= 4
    assert max(s.open for s in samples) == 3  # sampled on the recorded clock, from the replayed scene
    assert max(s.in_per_s for s in samples) > 0
