"""The iomodels lane shows the measurement behind its verdict: time held in a call and work done, in the copy."""

from __future__ import annotations

import dataclasses

import pytest

pytest.importorskip("PySide6")

from evsim.core.iomodels import MODELS, Sampler, Timeline  # noqa: E402
from evsim.gui.labs.iomodels.lanes import IoModelsLanes, verdict_explanation, verdict_measurement  # noqa: E402
from tests.gui.test_iomodels_panel import COPY_US, recorded  # noqa: E402

US, MS = 1_000, 1_000_000


def _worked_through_its_own_copy(tl: Timeline) -> Timeline:
    """The same recv-copies-it record, but the work counter went on during the copy: a record that contradicts
    "the process's own call moved the bytes, so it was blocked"."""
    work = Sampler()
    recv = next(c for c in tl.syscalls if c.moved)
    for t in range(recv.start_ns + 5 * US, recv.end_ns, 10 * US):
        work.add(t)
    return dataclasses.replace(tl, work=work.trace())


def test_the_label_says_what_the_verdict_was_measured_from(qtbot):
    lanes = IoModelsLanes()
    qtbot.addWidget(lanes)
    lanes.resize(1280, 700)
    lanes.show()
    tls = {m: recorded(m, COPY_US[m]) for m in MODELS}
    lanes.set_timelines(tls)
    g = lanes.geometry_model()
    blocking = tls["blocking"]
    assert verdict_measurement(blocking) == "copy: in a call 40 µs of 40 µs · work +0"
    label = g.label_rect(g.index("blocking")).center()
    assert lanes.describe_at(label.x(), label.y()) == (
        "Synchronous: while its data was being copied (40 µs), the process's thread was inside a system call "
        "for 40 µs and did 0 units of other work, so it was blocked during the copy.")
    label = g.label_rect(g.index("async")).center()
    text = lanes.describe_at(label.x(), label.y())
    assert text.startswith("Asynchronous:") and "inside a system call for 0 ns" in text
    assert not lanes.grab().isNull()  # every lane paints, measurement line included


def test_a_run_that_contradicts_the_code_path_gets_the_other_verdict():
    tl = _worked_through_its_own_copy(recorded("nonblocking", 40))
    assert tl.moved_by_process == 65536 and tl.verdict == "asynchronous"
    assert verdict_measurement(tl) == "copy: in a call 40 µs of 40 µs · work +4"
    assert verdict_explanation(tl).startswith("Asynchronous:") and "did 4 units of other work" in verdict_explanation(tl)
