"""SuiteRunner: the GUI's worker thread runs all five models and reports through a RingSink."""

import time

import pytest

from evsim.core.events import RingSink
from evsim.core.iomodels import MODELS, RunSpec, SuiteRunner
from evsim.core.iomodels.events import ModelFailed, ModelFinished, ModelStarted, SuiteFinished, SuiteStarted
from tests.waiting import drain_until


def drain_until_finished(sink, timeout=30.0):
    return drain_until(sink, lambda got: got and isinstance(got[-1], SuiteFinished), timeout)


def test_suite_runs_all_five_in_order_and_reports_each():
    sink = RingSink(256)
    runner = SuiteRunner(RunSpec(delay_ms=15), sink, run_id=7).start()
    events = drain_until_finished(sink)
    runner.shutdown()
    assert not runner.running
    assert isinstance(events[0], SuiteStarted) and events[0].models == MODELS
    finished = [e for e in events if isinstance(e, ModelFinished)]
    assert [e.model for e in finished] == list(MODELS)
    assert not [e for e in events if isinstance(e, ModelFailed)]
    assert all(e.run_id == 7 for e in events)
    # started before finished, one model at a time
    order = [(type(e).__name__, getattr(e, "model", "")) for e in events if isinstance(e, (ModelStarted, ModelFinished))]
    assert order == [(k, m) for m in MODELS for k in ("ModelStarted", "ModelFinished")]
    assert finished[3].timeline.runner == "child process"  # signal-driven, not on the main thread
    end = events[-1]
    assert end.completed == 5 and end.failed == 0 and not end.cancelled
    assert {m: t.verdict for m, t in runner.results.items()}["async"] == "asynchronous"


def test_shutdown_mid_run_returns_quickly_and_says_cancelled():
    sink = RingSink(64)
    runner = SuiteRunner(RunSpec(delay_ms=30_000), sink).start()
    events = []
    end = time.monotonic() + 5
    while not any(isinstance(e, ModelStarted) for e in events) and time.monotonic() < end:
        events += sink.drain()
        time.sleep(0.005)
    t0 = time.monotonic()
    runner.shutdown()
    assert time.monotonic() - t0 < 3.0
    assert not runner.running
    events += sink.drain()
    assert isinstance(events[-1], SuiteFinished) and events[-1].cancelled
    assert not [e for e in events if isinstance(e, ModelFinished)]


def test_unknown_model_is_refused():
    with pytest.raises(ValueError):
        SuiteRunner(RunSpec(), RingSink(4), models=("telepathy",))


def test_isolated_suite_runs_in_one_child_process():
    sink = RingSink(256)
    runner = SuiteRunner(RunSpec(delay_ms=15, mux="select"), sink, models=("multiplexing", "signal"),
                         isolated=True).start()
    events = drain_until_finished(sink)
    runner.shutdown()
    finished = {e.model: e.timeline for e in events if isinstance(e, ModelFinished)}
    assert list(finished) == ["multiplexing", "signal"], events
    assert finished["multiplexing"].mechanism == "select" and finished["multiplexing"].intact
    # in the child, the signal-driven model runs on the main thread, SIGIO directed at it
    assert all(t.runner == "child process" for t in finished.values())
    assert "main thread" in finished["signal"].notes and finished["signal"].other_work > 0
    assert events[-1].completed == 2 and not events[-1].cancelled


def test_isolated_suite_stops_at_once():
    sink = RingSink(64)
    runner = SuiteRunner(RunSpec(delay_ms=30_000), sink, isolated=True).start()
    events = []
    end = time.monotonic() + 10
    while not any(isinstance(e, ModelStarted) for e in events) and time.monotonic() < end:
        events += sink.drain()
        time.sleep(0.005)
    assert any(isinstance(e, ModelStarted) for e in events)
    t0 = time.monotonic()
    runner.shutdown()
    assert time.monotonic() - t0 < 3.0 and not runner.running
    events += sink.drain()
    assert isinstance(events[-1], SuiteFinished) and events[-1].cancelled and events[-1].failed == 0
