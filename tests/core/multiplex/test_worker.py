import threading
import time

import pytest

from evsim.core.multiplex.events import PointMeasured, SweepFinished, SweepStarted
from evsim.core.multiplex.sweep import SweepPlan
from evsim.core.multiplex.worker import SweepWorker
from tests.waiting import drain_until




def _finished(run_id):
    return lambda evs: any(isinstance(e, SweepFinished) and e.run_id == run_id for e in evs)


def test_a_request_is_measured_on_the_worker_thread(no_leaks):
    w = SweepWorker()
    try:
        rid = w.request(SweepPlan(fds=(8, 16), ready=1, target_ms=3))
        evs = drain_until(w.sink, _finished(rid))
        pts = [e for e in evs if isinstance(e, PointMeasured)]
        assert len(pts) == 6 and all(p.run_id == rid for p in pts)
        assert w.alive
    finally:
        w.shutdown()
    assert not w.alive


def _first_was_cut_short(evs, first: int) -> None:
    """The superseded sweep either never started (nothing at all from it) or started and finished stopped;
    either way its last, biggest point was never measured."""
    started = [e for e in evs if isinstance(e, SweepStarted) and e.run_id == first]
    finished = [e for e in evs if isinstance(e, SweepFinished) and e.run_id == first]
    if started:
        assert finished and all(f.stopped for f in finished)
    else:
        assert not finished and not [e for e in evs if getattr(e, "run_id", None) == first]
    assert not [e for e in evs if isinstance(e, PointMeasured) and e.run_id == first and e.fds == 8000]


def test_latest_request_wins(no_leaks):
    w = SweepWorker()
    try:
        first = w.request(SweepPlan(fds=(2000, 4000, 8000), target_ms=200))  # seconds of work if not stopped
        second = w.request(SweepPlan(backends=("epoll",), fds=(8,), target_ms=3))
        t0 = time.monotonic()
        evs = drain_until(w.sink, _finished(second))
        assert time.monotonic() - t0 < 5
        _first_was_cut_short(evs, first)
        assert second > first and w.last_run_id == second
        drain_until(w.sink, lambda evs: not w.busy)
    finally:
        w.shutdown()


def test_shutdown_stops_a_busy_sweep_quickly_and_is_idempotent(no_leaks):
    w = SweepWorker()
    w.request(SweepPlan(fds=(4000, 8000, 10000), target_ms=500))
    drain_until(w.sink, lambda evs: any(e.kind == "PointStarted" for e in evs))
    t0 = time.monotonic()
    w.shutdown()
    assert time.monotonic() - t0 < 3
    assert not w.alive
    w.shutdown()
    with pytest.raises(RuntimeError):
        w.request(SweepPlan())


def test_shutdown_without_any_request():
    before = threading.active_count()
    w = SweepWorker()
    w.shutdown()
    assert threading.active_count() == before


def test_cancel_returns_to_idle(no_leaks):
    w = SweepWorker()
    try:
        w.request(SweepPlan(fds=(4000, 8000), target_ms=500))
        drain_until(w.sink, lambda evs: any(e.kind == "PointStarted" for e in evs))
        w.cancel()
        evs = drain_until(w.sink, lambda evs: any(isinstance(e, SweepFinished) for e in evs))
        assert [e for e in evs if isinstance(e, SweepFinished)][0].stopped
    finally:
        w.shutdown()
