"""The sockets lab's live plots: rates from counters, steady axes, readable tick labels, cheap to paint."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QColor, QImage  # noqa: E402

from evsim.gui.labs.sockets.plots import SocketsPlots, _si, nice_top, ticks  # noqa: E402

S = 10**9


def test_rates_come_from_counters_and_titles_say_the_latest(qtbot):
    plots = SocketsPlots()
    qtbot.addWidget(plots)
    assert plots.titles[0] == "events/s n/a"  # no sample yet: n/a, not 0
    plots.feed(0, 0, 0, 0, 0, 0)
    for i in range(1, 8):  # 32k events/s, 640 kB/s each way, 500 connections: a load run
        assert plots.feed(i * S // 4, i * 8000, i * 160_000, i * 160_000, 500, 0)
    assert not plots.feed(7 * S // 4 + 1, 0, 0, 0, 0, 0)  # too soon for another sample
    last = plots.samples[-1]
    assert last.events_per_s == pytest.approx(32_000) and last.in_per_s == pytest.approx(640_000)
    assert plots.titles == ["events/s 32k", "bytes/s in 640k out 640k", "open 500", "events not shown/s · 0 total"]
    # axis tops in 1-2-5 steps, so the axes hold still while the rates wobble
    assert [plots.axis_top(i) for i in range(4)] == [50_000, 1_000_000, 1000, 1]
    assert [_si(v) for v in ticks(50_000)] == ["10k", "20k", "30k", "40k", "50k"]
    assert [_si(v) for v in ticks(1000)] == ["200", "400", "600", "800", "1k"]


def test_axis_tops_and_ticks():
    assert [nice_top(v) for v in (0, 0.5, 1, 9, 10, 32_000, 640_000)] == [1, 1, 2, 10, 20, 50_000, 1_000_000]
    for top in (1, 2, 5, 10, 20, 50, 1000, 2e6, 5e9):
        t = ticks(top)
        assert 2 <= len(t) <= 5 and t[-1] == pytest.approx(top) and t == sorted(t)


def test_paints_the_curves(qtbot):
    plots = SocketsPlots()
    qtbot.addWidget(plots)
    plots.resize(800, 150)
    plots.feed(0, 0, 0, 0, 0, 0)
    for i in range(1, 241):  # a full minute of samples
        plots.feed(i * S // 4, i * 1000 * (1 + i % 3), i * 5000, i * 5000, i % 50, i * 3)
    img = QImage(plots.size(), QImage.Format.Format_ARGB32)
    plots.render(img)
    green = QColor("#3ecf8e").rgb()
    assert any(img.pixel(x, y) == green for x in range(0, 200) for y in range(20, 150))  # the events curve
