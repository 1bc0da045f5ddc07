"""The clicks lab's CPU plot draws what was measured: no line across the time the tab was hidden."""

from __future__ import annotations

import math

import pytest

pytest.importorskip("PySide6")

from evsim.core.clicks.scene import ClicksScene  # noqa: E402
from evsim.gui.labs.clicks.plots import ClicksPlots  # noqa: E402

S = 1_000_000_000


def test_cpu_curve_breaks_where_no_samples_were_taken(qtbot):
    plots = ClicksPlots()
    qtbot.addWidget(plots)
    scene = ClicksScene()
    # samples every 200 ms, then the tab is hidden for 5 s (the panel takes none), then shown again
    times = [i * S // 5 for i in range(6)] + [6 * S + i * S // 5 for i in range(6)]
    scene.polling.cpu.extend((t, 70.0 if t < 2 * S else 5.0) for t in times)
    assert plots.refresh(scene, now_ns=8 * S, force=True)
    x, y = plots.c_cpu_poll.getData()
    assert len(x) == len(times) + 1  # one break
    breaks = [i for i, v in enumerate(y) if math.isnan(v)]
    assert breaks == [6]  # between the last sample before hiding and the first after
    assert plots.c_cpu_poll.opts["connect"] == "finite"  # and the NaN splits the line instead of ending it
    assert [round(v, 1) for v in x[:2]] == [-8.0, -7.8] and round(x[7], 1) == -2.0
