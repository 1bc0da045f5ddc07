"""The iomodels lab: lanes drawn from recorded timelines with fixed times, and the panel running all five."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

from evsim.core.iomodels import MODELS, Mark, Sampler, Syscall, Timeline  # noqa: E402
from evsim.gui.labs.iomodels.lanes import (  # noqa: E402
    COLORS, LABEL_W, MARGIN, IoModelsLanes, format_duration, nice_ticks,
)

US, MS = 1_000, 1_000_000
T0 = 5_000 * MS  # an arbitrary monotonic start


def recorded(model: str, copy_us: int) -> Timeline:
    """A timeline with fixed times: read at T0, data ready 200 ms later, copy of ``copy_us``."""
    ready = T0 + 200 * MS
    send = Syscall("send", ready - 60 * US, ready, 65536, may_block=True, actor="sender")
    calls, marks, eagain, work = [send], [Mark("chunk", ready, "1/1")], Sampler(), Sampler()
    end = ready + copy_us * US
    if model in ("blocking",):
        calls.append(Syscall("recv", T0 + 5 * US, end, 65536, may_block=True, moved=65536))
    elif model == "nonblocking":
        for t in range(T0 + 5 * US, ready, 20 * US):
            eagain.add(t)
        calls.append(Syscall("recv", ready, end, 65536, moved=65536))
    elif model == "multiplexing":
        calls.append(Syscall("epoll_wait", T0 + 5 * US, ready, 1, may_block=True))
        calls.append(Syscall("recv", ready, end, 65536, moved=65536))
        marks.append(Mark("ready", ready))
    elif model == "signal":
        for t in range(T0 + 5 * US, ready, 10 * US):
            work.add(t)
        marks.append(Mark("SIGIO", ready))
        calls.append(Syscall("recv", ready, end, 65536, moved=65536))
    else:
        calls.append(Syscall("io_uring_enter", T0 + 1 * US, T0 + 4 * US, 1))
        for t in range(T0 + 5 * US, end + 1, 10 * US):
            work.add(t)
        marks.append(Mark("completion", end))
    calls.sort(key=lambda c: c.start_ns)
    return Timeline(model=model, mechanism="test", size=65536, chunks=1, delay_ns=200 * MS, start_ns=T0,
                    sent_ns=ready, copy_end_ns=end, done_ns=end, received=65536, intact=True,
                    syscalls=tuple(calls), eagain=eagain.trace(), work=work.trace(), marks=tuple(marks))


COPY_US = {"blocking": 40, "nonblocking": 20, "multiplexing": 30, "signal": 40, "async": 80}


@pytest.fixture
def lanes(qtbot):
    w = IoModelsLanes()
    qtbot.addWidget(w)
    w.resize(1000, 640)
    w.set_timelines({m: recorded(m, COPY_US[m]) for m in MODELS})
    return w


def test_geometry_of_recorded_lanes(lanes):
    g = lanes.geometry_model()
    assert g.over_left == MARGIN + LABEL_W and g.zoom_right == pytest.approx(1000 - MARGIN)
    assert g.over_right < g.zoom_left  # the two axes do not overlap
    # every lane's wait phase spans the same overview range: 0 .. 200 ms
    waits = {m: g.wait_span_x(m) for m in MODELS}
    assert len(set(waits.values())) == 1
    x0, x1 = waits["blocking"]
    assert x0 == pytest.approx(g.over_left)
    assert (x1 - x0) / g.over_w == pytest.approx(200 * MS / g.span_ns)
    # copy spans on the zoom axis start together (at "ready") and are as wide as their copy lasted
    spans = {m: g.copy_span_x(m) for m in MODELS}
    assert len({round(s[0], 6) for s in spans.values()}) == 1
    assert g.zoom_left < spans["blocking"][0] < spans["blocking"][1] <= g.zoom_right
    width = {m: s[1] - s[0] for m, s in spans.items()}
    assert width["async"] == pytest.approx(2 * width["blocking"])
    assert width["blocking"] == pytest.approx(2 * width["nonblocking"])
    px_per_us = g.zoom_w / ((g.zoom_hi - g.zoom_lo) / US)
    assert width["multiplexing"] == pytest.approx(30 * px_per_us)
    # lanes stack without overlapping, inside the widget
    rects = [g.lane_rect(i) for i in range(len(MODELS))]
    assert all(a.bottom() <= b.top() + 1e-6 for a, b in zip(rects, rects[1:]))
    assert rects[-1].bottom() <= 640


def _color_near(img, x, y):
    return QColor(img.pixel(int(x), int(y)))


def _close(c1: QColor, c2: QColor, tol=40) -> bool:
    return abs(c1.red() - c2.red()) + abs(c1.green() - c2.green()) + abs(c1.blue() - c2.blue()) <= tol


def test_the_picture_matches_the_geometry(lanes):
    img = lanes.grab().toImage()
    assert not img.isNull() and img.width() == 1000
    colors = {img.pixel(x, y) for x in range(0, 1000, 7) for y in range(0, 640, 7)}
    assert len(colors) > 40  # a picture, not a blank
    g = lanes.geometry_model()
    for m in MODELS:
        r = g.copy_span_rect(m)  # (off-centre: the word "copy" is written in the middle)
        assert _close(_color_near(img, r.left() + max(1.0, r.width() * 0.1), r.top() + 2), COLORS["copy"]), m
    # what the process was doing in the middle of the wait
    mid = g.x_over(100 * MS)
    expect = {"nonblocking": COLORS["spinning"], "signal": COLORS["working"], "async": COLORS["working"]}
    for m, col in expect.items():
        st = g.rows(g.over_rect(g.index(m))).state
        assert _close(_color_near(img, mid, st.center().y()), col), m
    for m in ("blocking", "multiplexing"):  # asleep: grey with hatching, never green or orange
        st = g.rows(g.over_rect(g.index(m))).state
        c = _color_near(img, mid, st.center().y())
        assert not _close(c, COLORS["working"], 90) and not _close(c, COLORS["spinning"], 90), m


def test_tooltips_name_the_call_under_the_cursor(lanes):
    g = lanes.geometry_model()
    i = g.index("multiplexing")
    row = g.rows(g.zoom_rect(i)).calls
    x0, x1 = g.copy_span_x("multiplexing")
    text = lanes.describe_at((x0 + x1) / 2, row.center().y())
    assert text and "recv" in text and "65536" in text
    assert lanes.describe_at(5, 5) is None
    st = g.rows(g.over_rect(g.index("signal"))).state
    assert "other work" in lanes.describe_at(g.x_over(100 * MS), st.center().y())


def test_empty_running_and_failed_lanes_paint(qtbot):
    w = IoModelsLanes()
    qtbot.addWidget(w)
    w.resize(900, 500)
    w.clear(queued=MODELS)
    w.set_running("blocking", 1_000)
    w.set_clock(1_000 + 50 * MS)
    w.set_failed("signal", "no SIGIO arrived")
    assert w.lane_count() == 0 and not w.grab().isNull()
    w.set_timeline("blocking", recorded("blocking", 40))
    assert w.lane_count() == 1 and "blocking" not in w.running


def test_helpers():
    assert nice_ticks(0, 200, 5) == [0, 50, 100, 150, 200]
    assert nice_ticks(-90, 180, 6)[0] == -50 and 0 in nice_ticks(-90, 180, 6)
    assert format_duration(40 * US) == "40 µs" and format_duration(200.3 * MS) == "200.3 ms"


# ---------------------------------------------------------------------------------------------- the panel


@pytest.fixture
def settings_scope(qapp):
    old = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName("evsim-tests")
    QCoreApplication.setApplicationName("iomodels-panel")
    QSettings().remove("iomodels")
    yield QSettings
    QSettings().remove("iomodels")
    QCoreApplication.setOrganizationName(old[0])
    QCoreApplication.setApplicationName(old[1])


def _children() -> set[int]:
    import glob
    import os

    kids: set[int] = set()
    for f in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
        with open(f) as fh:
            kids.update(int(p) for p in fh.read().split())
    return kids


@pytest.fixture
def panel(qtbot, settings_scope):
    from evsim.gui.labs.iomodels import Panel

    before, kids = set(threading.enumerate()), _children()
    p = Panel()
    qtbot.addWidget(p)
    p.resize(1280, 760)
    timer = QTimer()  # what the window's FrameBridge does once per frame

    def pump():
        for s in p.sinks():
            batch = s.drain()
            if batch:
                p.apply_events(batch)
        p.frame(time.monotonic_ns())

    timer.timeout.connect(pump)
    timer.start(16)
    yield p
    timer.stop()
    p.shutdown()
    p.shutdown()  # idempotent
    qtbot.waitUntil(lambda: not [t for t in threading.enumerate() if t not in before], timeout=3000)
    qtbot.waitUntil(lambda: not (_children() - kids), timeout=3000)  # the child process is gone too


def test_run_again_draws_five_lanes_from_real_runs(qtbot, panel):
    panel.delay.setValue(20)
    assert panel.lanes.lane_count() == 0
    with qtbot.waitSignal(panel.run_finished, timeout=30000) as blocker:
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
        assert not panel.run_button.isEnabled()  # one round at a time
    assert blocker.args == [5, 0]
    assert panel.lanes.lane_count() == 5 and panel.progress.value() == 5
    assert panel.run_button.isEnabled()
    tls = panel.timelines
    assert {m: t.verdict for m, t in tls.items()} == {
        "blocking": "synchronous", "nonblocking": "synchronous", "multiplexing": "synchronous",
        "signal": "synchronous", "async": "asynchronous"}
    assert all(t.intact and t.delay_ns == 20 * MS and t.runner == "child process" for t in tls.values())
    assert tls["nonblocking"].eagain.count > 0 and tls["signal"].other_work > 0
    assert tls["multiplexing"].mechanism == "epoll"
    assert "SIGIO" in panel.mechanisms.text()
    header, rows = panel.export_rows()
    assert header[0] == "model" and {r[0] for r in rows} == set(MODELS)
    g = panel.lanes.geometry_model()
    assert all(g.copy_span_x(m) is not None for m in MODELS)
    assert not panel.grab().isNull()


def test_settings_are_remembered(qtbot, panel, settings_scope):
    panel.delay.setValue(350)
    panel.size.setValue(128)
    panel.mux.setCurrentIndex(panel.mux.findData("poll"))
    s = settings_scope()
    assert float(s.value("iomodels/delay_ms")) == 350 and int(s.value("iomodels/size_kib")) == 128
    from evsim.gui.labs.iomodels import Panel

    again = Panel()
    qtbot.addWidget(again)
    assert again.delay.value() == 350 and again.mux.currentData() == "poll"
    assert again.spec().size == 128 * 1024 and again.spec().mux == "poll"
    again.shutdown()


def test_a_second_click_while_running_is_refused_and_shutdown_is_prompt(qtbot, panel):
    panel.delay.setValue(10000)
    assert panel.run_again()
    with qtbot.waitSignal(panel.status_message, timeout=2000) as blocker:
        assert not panel.run_again()
    assert "still" in blocker.args[0]
    qtbot.waitUntil(lambda: bool(panel.lanes.running), timeout=10000)
    assert panel.lanes.running  # the running lane animates
    runner = panel.runner
    t0 = time.monotonic()
    panel.shutdown()
    assert time.monotonic() - t0 < 3.0 and not runner.running


def test_the_explanation_is_shown(panel):
    assert "asynchronous" in panel.explanation()
    assert panel.explain_label.text() == panel.explanation()
    panel.explain_button.setChecked(False)
    assert panel.explain_label.isHidden()
    assert panel.title()
