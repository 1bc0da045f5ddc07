"""The multiplex lab: scene model with a fixed clock, the grid picture, and the panel driving real measurements."""

from __future__ import annotations

import math
import threading

import pytest
from hypothesis import given, strategies as st

from evsim.core.events import now_ns
from evsim.core.multiplex.events import FdLimitNote, PointMeasured, SweepFailed
from evsim.core.multiplex.fdlimit import FD_SETSIZE
from evsim.gui.labs.multiplex.scene import SWEEP_S, LogSlider, MultiplexScene, grid_geometry

# ---------------------------------------------------------------------------------------------- scene (no Qt)


def _apply(scene, backend, us, t_ns=0, error=None, n=None, k=None, over=0):
    return scene.apply(backend, n or scene.n, scene.k if k is None else k, us, us * 1.2, error, over,
                       scene.n if backend != "epoll" else scene.k, scene.k, t_ns)


def test_scene_ignores_measurements_of_another_shape():
    sc = MultiplexScene(100, 2)
    assert not _apply(sc, "poll", 10.0, n=200)
    assert not sc.lanes["poll"].measured
    assert _apply(sc, "poll", 10.0)
    assert sc.lanes["poll"].cost == 10.0
    assert sc.set_shape(200, 2) and not sc.lanes["poll"].measured  # a new shape forgets the old figures
    assert not sc.set_shape(200, 2)
    assert sc.ready_indices and len(sc.ready_indices) == 2


def test_scan_speeds_follow_the_measured_costs():
    sc = MultiplexScene(1000, 1)
    _apply(sc, "select", 60.0)
    _apply(sc, "poll", 50.0)
    _apply(sc, "epoll", 0.5)
    assert sc.period_s("select") == pytest.approx(SWEEP_S)  # the slowest takes SWEEP_S per call
    assert sc.period_s("poll") == pytest.approx(SWEEP_S * 50 / 60)
    assert sc.period_s("epoll") == pytest.approx(SWEEP_S * 0.5 / 60)
    assert sc.ratio_to_slowest("epoll") == pytest.approx(120)
    assert sc.period_s("poll", speed=2.0) == pytest.approx(sc.period_s("poll") / 2)
    # pure functions of time: half a select call after the measurement arrived
    half = int(SWEEP_S / 2 * 1e9)
    assert sc.scan_fraction("select", half) == pytest.approx(0.5)
    assert sc.calls_done("select", half) == 0 and sc.calls_done("epoll", half) == 60
    assert 0.0 <= sc.pulse("epoll", half) <= 1.0


def test_a_refusal_outlives_a_change_of_k_and_the_ratio_is_always_against_poll():
    sc = MultiplexScene(4000, 1)
    _apply(sc, "select", math.nan, error="unsupported above FD_SETSIZE", over=2980)
    _apply(sc, "poll", 250.0)
    _apply(sc, "epoll", 2.5)
    assert sc.ratio_to_poll("epoll") == pytest.approx(100) and sc.ratio_to_poll("poll") == pytest.approx(1)
    assert sc.set_shape(4000, 7)  # K changed, N did not: select still refuses these descriptors
    assert sc.lanes["select"].error and sc.lanes["select"].over_limit == 2980
    assert not sc.lanes["poll"].measured  # a cost, though, belongs to its K
    assert sc.set_shape(100, 7) and not sc.lanes["select"].measured  # another N: other descriptors


def test_a_refused_lane_does_not_animate():
    sc = MultiplexScene(4000, 1)
    _apply(sc, "select", math.nan, error="unsupported above FD_SETSIZE", over=2980)
    _apply(sc, "poll", 250.0)
    assert sc.lanes["select"].cost is None and sc.lanes["select"].measured
    assert sc.scan_fraction("select", 10**9) is None
    assert sc.period_s("poll") == pytest.approx(SWEEP_S)


@given(st.integers(1, 10_000), st.integers(40, 600), st.integers(40, 600))
def test_grid_geometry_fits_every_socket(n, w, h):
    g = grid_geometry(n, w, h)
    assert g.cells * g.per_cell >= n
    pitch = g.cell + g.gap
    assert g.cols * pitch <= w + g.gap and g.rows * pitch <= h + g.gap  # it fits
    assert 4 <= g.cell <= 28
    if g.per_cell > 1:  # grouping only when one 4 px cell per socket cannot fit
        assert ((w + 1) // 5) * ((h + 1) // 5) < n
        assert math.ceil(n / (g.per_cell - 1)) > ((w + 1) // 5) * ((h + 1) // 5)  # and no more than needed


@given(st.integers(0, 999), st.integers(1, 10_000))
def test_log_slider_is_monotonic_and_round_trips(pos, v):
    m = LogSlider(1, 10_000, 1000)
    assert 1 <= m.value(pos) <= m.value(pos + 1) <= 10_000
    assert abs(m.value(m.position(v)) - v) <= 0.006 * v + 1  # one slider step is under 1 %
    z = LogSlider(1, 500, 1000, zero=True)
    assert z.value(0) == 0 and z.value(1) == 1 and z.value(1000) == 500
    assert 0 <= z.value(pos) <= 500


# ---------------------------------------------------------------------------------------------- Qt

@pytest.fixture
def settings_scope(qapp):
    """QSettings under a test-only organisation, emptied before and after."""
    from PySide6.QtCore import QCoreApplication, QSettings

    old = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName("evsim-tests")
    QCoreApplication.setApplicationName("multiplex-panel")
    QSettings().remove("multiplex")
    yield QSettings
    QSettings().remove("multiplex")
    QCoreApplication.setOrganizationName(old[0])
    QCoreApplication.setApplicationName(old[1])


@pytest.fixture
def panel(qtbot, settings_scope):
    from PySide6.QtCore import QTimer

    from evsim.gui.labs.multiplex import Panel

    threads = set(threading.enumerate())
    p = Panel()
    qtbot.addWidget(p)
    p.resize(1280, 760)
    p.live_check.setChecked(False)
    p.point_ms_spin.setValue(10)
    messages: list[str] = []
    p.status_message.connect(messages.append)
    p.messages = messages
    bridge = QTimer()  # what the window's frame bridge does: drain the sinks, then a frame, ~60 times a second
    bridge.timeout.connect(lambda: pump(p))
    bridge.start(16)
    yield p
    bridge.stop()
    p.shutdown()
    assert not p.worker.alive and p.worker.child_pid is None
    left = [t for t in threading.enumerate() if t not in threads and t.is_alive()]
    assert not left, left


def pump(p) -> None:
    """What the window's frame bridge does each frame."""
    for sink in p.sinks():
        batch = sink.drain()
        if batch:
            p.apply_events(batch)
    p.frame(now_ns())


def _measured(p, n, k, w="idle"):
    return all((b, n, k, w) in p.results for b in ("select", "poll", "epoll"))


def test_moving_the_slider_drives_a_real_measurement(qtbot, panel):
    panel.live_check.setChecked(True)
    panel.n_slider.setValue(panel._n_map.position(300))
    n, k = panel.n, panel.k
    assert 250 <= n <= 350 and panel.n_spin.value() == n
    qtbot.waitUntil(lambda: _measured(panel, n, k), timeout=15000)
    e = panel.results[("epoll", n, k, "idle")]
    assert e.error is None and e.found_per_call == k and e.us_p50 > 0
    assert panel.results[("poll", n, k, "idle")].scanned_per_call == n
    for b in ("select", "poll", "epoll"):
        assert (float(n), pytest.approx(panel.results[(b, n, k, "idle")].us_p50)) in panel.chart.curve_points(b)
    assert panel.scene.lanes["poll"].cost is not None  # the grid animates the new figures
    assert "µs" in panel.readout.text()


def test_select_error_above_fd_setsize_is_shown(qtbot, panel):
    panel.set_n(1500)
    panel.on_measure_clicked()
    qtbot.waitUntil(lambda: _measured(panel, 1500, panel.k), timeout=15000)
    sel = panel.results[("select", 1500, panel.k, "idle")]
    assert sel.error.startswith("unsupported above FD_SETSIZE") and sel.over_limit > 0
    assert "filedescriptor out of range in select()" in sel.error
    assert 1500 in panel.chart.error_points()
    assert "ValueError" in panel.chart.error_text
    assert panel.chart.curve_points("select") == []  # no number for select there
    assert panel.results[("poll", 1500, panel.k, "idle")].error is None  # poll has no such cap
    assert panel.scene.lanes["select"].error and "refused" in panel.readout.text()
    assert any("select refused" in m and str(FD_SETSIZE) in m for m in panel.messages)


def test_sweep_fills_the_chart_and_the_progress_bar(qtbot, panel):
    panel.sweep_max_spin.setValue(128)
    panel.sweep_points_spin.setValue(3)
    panel.set_k(2)
    with qtbot.waitSignal(panel.sweep_finished, timeout=20000) as blocker:
        panel.sweep_button.click()
        assert not panel.sweep_button.isEnabled() and panel.stop_button.isEnabled()
    assert blocker.args == [False]  # not stopped
    ns = sorted({16, 45, 128, panel.n})
    for b in ("select", "poll", "epoll"):
        assert [x for x, _ in panel.chart.curve_points(b)] == [float(n) for n in ns]
    assert panel.progress.value() == panel.progress.maximum() == 3 * len(ns)
    assert panel.sweep_button.isEnabled() and not panel.stop_button.isEnabled()
    header, rows = panel.export_rows()
    assert header[:3] == ["backend", "fds", "ready"] and len(rows) == 3 * len(ns)


def test_stop_ends_a_sweep_early(qtbot, panel):
    panel.sweep_max_spin.setValue(10_000)
    panel.sweep_points_spin.setValue(12)
    panel.point_ms_spin.setValue(300)
    panel.sweep_button.click()
    qtbot.waitUntil(lambda: len(panel.results) >= 1, timeout=15000)
    with qtbot.waitSignal(panel.sweep_finished, timeout=10000) as blocker:
        panel.stop_button.click()
    assert blocker.args == [True]
    assert panel.sweep_button.isEnabled() and "stopped" in panel.progress.format()
    assert len(panel.results) < 3 * 12


def test_shutdown_stops_a_busy_worker(qtbot, panel):
    panel.point_ms_spin.setValue(1000)
    panel.set_n(10_000)
    panel.on_measure_clicked()
    qtbot.waitUntil(lambda: panel.worker.child_pid is not None and panel.worker.busy, timeout=10000)
    qtbot.wait(100)  # let the child get into its measuring loop
    panel.shutdown()
    assert not panel.worker.alive and panel.worker.child_pid is None
    panel.shutdown()  # idempotent
    panel.on_measure_clicked()  # ignored after shutdown, no exception


def test_worker_errors_reach_the_status_bar(panel):
    panel.apply_events([SweepFailed(now_ns(), 99, "failed at 4000 sockets: Too many open files"),
                        FdLimitNote(now_ns(), 99, 256, 256, 4000, 180, "socket counts capped at 180")])
    assert any("Too many open files" in m for m in panel.messages)
    assert any("capped at 180" in m for m in panel.messages)


def test_settings_are_remembered(qtbot, panel, settings_scope):
    from evsim.gui.labs.multiplex import Panel

    panel.set_n(777)
    panel.set_k(5)
    panel.point_ms_spin.setValue(42)
    panel.explain_button.setChecked(False)
    assert settings_scope().value("multiplex/fds") in (777, "777")
    again = Panel()
    qtbot.addWidget(again)
    try:
        assert (again.n, again.k, again.point_ms_spin.value()) == (777, 5, 42)
        assert not again.explain_button.isChecked() and again.explain_label.isHidden()
    finally:
        again.shutdown()


def test_k_never_exceeds_n(panel):
    panel.set_n(50)
    panel.set_k(40)
    panel.set_n(10)
    assert panel.k == 10 and panel.k_spin.maximum() == 10
    assert panel.n_spin.maximum() == 10_000  # the spin box prevents bad numbers


def test_the_picture(qtbot, panel):
    """The grid with fixed inputs and a fixed clock: select refused in red, poll mid-sweep, epoll lit."""
    from PySide6.QtGui import QColor

    from evsim.gui.labs.multiplex.grid import OVER, READY

    panel.set_n(4000)
    panel.set_k(4)
    t0 = now_ns()
    common = dict(run_id=1, index=0, total=3, fds=4000, ready=4, calls=100, setup_us=1.0, min_fd=3, max_fd=4002)
    panel.apply_events([
        PointMeasured(t0, backend="select", us_p50=math.nan, us_p95=math.nan, scanned_per_call=0, found_per_call=0,
                      over_limit=2979, error="unsupported above FD_SETSIZE (test)", **common),
        PointMeasured(t0, backend="poll", us_p50=250.0, us_p95=300.0, scanned_per_call=4000, found_per_call=4,
                      over_limit=2979, error=None, **common),
        PointMeasured(t0, backend="epoll", us_p50=1.0, us_p95=1.2, scanned_per_call=4, found_per_call=4,
                      over_limit=2979, error=None, **common),
    ])
    panel.show()
    qtbot.waitExposed(panel)
    panel.frame(t0 + int(SWEEP_S / 2 * 1e9))  # poll halfway through its call
    img = panel.grid.grab().toImage()
    lanes = panel.grid.lane_rects()

    def count(rect, color: QColor, step=2):
        c = color.rgb()
        return sum(1 for x in range(rect.left(), rect.right(), step) for y in range(rect.top(), rect.bottom(), step)
                   if img.pixel(x, y) == c)

    assert count(lanes["select"], OVER) > 200  # the refused descriptors
    assert count(lanes["poll"], OVER) == 0
    assert count(lanes["epoll"], READY) > 0  # only the ready ones light
    assert 0.45 < panel.scene.scan_fraction("poll", t0 + int(SWEEP_S / 2 * 1e9)) < 0.55
    assert panel.explanation() and panel.explain_label.text() == panel.explanation()


def test_changing_k_keeps_the_sweep_on_the_chart_and_lanes_and_readout_agree(qtbot, panel):
    from evsim.gui.labs.multiplex.grid import compare_to_poll

    panel.sweep_max_spin.setValue(64)
    panel.sweep_points_spin.setValue(2)
    with qtbot.waitSignal(panel.sweep_finished, timeout=20000):
        panel.sweep_button.click()
    before = {b: panel.chart.curve_points(b) for b in ("select", "poll", "epoll")}
    assert all(before.values())
    panel.set_k(3)  # N, K and the sweep are independent: the sweep stays on the chart
    panel._refresh_chart()
    assert {b: panel.chart.curve_points(b) for b in before} == before
    assert "K = 1" in panel.chart.getPlotItem().titleLabel.text
    panel.set_k(1)
    qtbot.waitUntil(lambda: panel.scene.lanes["epoll"].cost is not None, timeout=5000)
    words = compare_to_poll(panel.scene.ratio_to_poll("epoll"))
    assert words and words in panel.readout.text() and words in panel.grid._subline("epoll")


def test_busy_workload_makes_every_socket_ready_in_the_lab(qtbot, panel):
    panel.set_n(300)
    panel.workload_combo.setCurrentIndex(panel.workload_combo.findData("busy"))
    assert panel.k == 300 and not panel.k_spin.isEnabled() and "vanishes" in panel.workload_combo.toolTip()
    panel.on_measure_clicked()
    qtbot.waitUntil(lambda: _measured(panel, 300, 300, "busy"), timeout=15000)
    for b in ("select", "poll", "epoll"):
        assert panel.results[(b, 300, 300, "busy")].found_per_call == 300  # epoll reports all of them too
    panel.workload_combo.setCurrentIndex(panel.workload_combo.findData("churn"))
    assert panel.k == 1 and panel.k_spin.isEnabled() and "epoll_ctl" in panel.workload_combo.toolTip()
    assert not panel.scene.lanes["poll"].measured  # the busy figures are not shown as churn's
