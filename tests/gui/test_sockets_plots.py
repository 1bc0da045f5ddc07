"""The sockets lab's live plots: every axis keeps readable tick labels, whatever the rates."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QImage, QPainter  # noqa: E402

from evsim.gui.labs.sockets.plots import SocketsPlots  # noqa: E402


def _left_tick_labels(plot) -> list[str]:
    img = QImage(100, 200, QImage.Format.Format_ARGB32)
    painter = QPainter(img)
    try:
        specs = plot.getAxis("left").generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for _rect, _flags, text in specs[2]]


def test_high_rates_keep_their_axis_labels(qtbot):
    plots = SocketsPlots()
    qtbot.addWidget(plots)
    plots.resize(640, 150)
    plots.show()
    s = 10**9
    plots.feed(0, 0, 0, 0, 0, 0)
    for i in range(1, 8):  # 32k events/s, 640 kB/s each way, 500 connections: a load run
        assert plots.feed(i * s // 4, i * 8000, i * 160_000, i * 160_000, 500, 0)
    qtbot.waitUntil(lambda: plots.p_bytes.width() > 0)
    # plain numbers above 999 did not fit pyqtgraph's 42 px axis and were left out: a blank axis
    assert _left_tick_labels(plots.p_events) == ["10k", "20k", "30k"]
    assert _left_tick_labels(plots.p_bytes) == ["200k", "400k", "600k"]
    assert _left_tick_labels(plots.p_open) == ["200", "400"]
    assert _left_tick_labels(plots.p_dropped)[:2] == ["0.2", "0.4"]  # an idle plot's 0..1 axis
