import threading

import pytest

from evsim.core.events import CallbackSink, ListSink
from evsim.core.multiplex import sweep as sweep_mod
from evsim.core.multiplex.events import (
    FdLimitNote, PointMeasured, PointStarted, SweepFailed, SweepFinished, SweepStarted,
)
from evsim.core.multiplex.fdlimit import FdBudget
from evsim.core.multiplex.sweep import SweepPlan, geometric_fds, run_sweep

FAST = dict(target_ms=3.0)


def test_plan_validates():
    with pytest.raises(ValueError):
        SweepPlan(backends=("kqueue",))
    with pytest.raises(ValueError):
        SweepPlan(fds=(0,))
    with pytest.raises(ValueError):
        SweepPlan(fds=(10_001,))
    with pytest.raises(ValueError):
        SweepPlan(ready=-1)
    assert SweepPlan(fds=(1, 2), backends=("poll",)).total == 2


def test_geometric_fds():
    xs = geometric_fds(16, 4000, 9)
    assert xs[0] == 16 and xs[-1] == 4000 and list(xs) == sorted(set(xs))
    assert 7 <= len(xs) <= 9
    assert geometric_fds(5, 5, 3) == (5,)


def test_sweep_emits_every_point_in_order(no_leaks):
    sink = ListSink()
    res = run_sweep(SweepPlan(fds=(8, 40), ready=2, **FAST), sink, run_id=7)
    kinds = [e.kind for e in sink.events]
    assert kinds[0] == "SweepStarted" and kinds[-1] == "SweepFinished"
    started = sink.of(SweepStarted)[0]
    assert started.run_id == 7 and started.total == 6 and started.fds == (8, 40)
    pts = sink.of(PointMeasured)
    assert [(p.backend, p.fds) for p in pts] == [
        ("select", 8), ("poll", 8), ("epoll", 8), ("select", 40), ("poll", 40), ("epoll", 40)]
    assert [p.index for p in pts] == list(range(6)) == [p.index for p in sink.of(PointStarted)]
    assert all(p.found_per_call == 2 and p.error is None for p in pts)
    fin = sink.of(SweepFinished)[0]
    assert fin.measured == 6 and not fin.stopped and fin.elapsed_s > 0
    assert len(res.measurements) == 6 and res.budget is not None


def test_all_backends_see_the_same_descriptors(no_leaks):
    sink = ListSink()
    run_sweep(SweepPlan(fds=(30,), ready=1, **FAST), sink)
    pts = sink.of(PointMeasured)
    assert len({(p.min_fd, p.max_fd) for p in pts}) == 1


def test_stopping_mid_sweep(no_leaks):
    stop = threading.Event()

    def on_event(ev):
        if isinstance(ev, PointMeasured):
            stop.set()  # stop after the first point

    events = []
    res = run_sweep(SweepPlan(fds=(8, 16, 32), **FAST), CallbackSink(lambda e: (events.append(e), on_event(e))),
                    stop=stop)
    assert res.stopped and len(res.measurements) == 1
    fin = [e for e in events if isinstance(e, SweepFinished)][0]
    assert fin.stopped and fin.measured == 1


def test_capped_by_the_fd_limit(monkeypatch, no_leaks):
    capped = FdBudget(soft_before=256, soft=256, hard=256, open_now=10, wanted=4000, max_fds=50)
    monkeypatch.setattr(sweep_mod, "ensure_fd_budget", lambda wanted: capped)
    sink = ListSink()
    res = run_sweep(SweepPlan(backends=("epoll",), fds=(16, 100, 4000), **FAST), sink)
    note = sink.of(FdLimitNote)
    assert len(note) == 1 and note[0].max_fds == 50 and "capped at 50" in note[0].message
    assert [m.fds for m in res.measurements] == [16, 50]  # 100 and 4000 both became 50, measured once


def test_running_out_of_descriptors_is_reported(monkeypatch, no_leaks):
    def boom(n, ready=0):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(sweep_mod, "WatchedSockets", boom)
    sink = ListSink()
    res = run_sweep(SweepPlan(fds=(8,), **FAST), sink)
    assert res.failed and "Too many open files" in res.failed
    assert sink.of(SweepFailed) and sink.of(SweepFinished)
