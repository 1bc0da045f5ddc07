import math
import os
import threading
import time

import pytest

from evsim.core.multiplex.child import serve
from evsim.core.multiplex.events import (
    FdLimitNote, PointMeasured, PointStarted, SweepFailed, SweepFinished, SweepStarted,
)
from evsim.core.multiplex.sweep import SweepPlan
from evsim.core.multiplex.wire import decode, encode
from evsim.core.multiplex.worker import SweepWorker
from tests.core.multiplex.test_worker import _first_was_cut_short
from tests.waiting import drain_until

SAMPLES = [
    SweepStarted(1, 3, ("select", "epoll"), (16, 4000), 2, 4),
    PointStarted(2, 3, 0, 4, "poll", 16),
    PointMeasured(3, 3, 1, 4, "select", 4000, 1, math.nan, math.nan, 1, 0, 0, 2.5, 3, 4002, 2979,
                  "unsupported above FD_SETSIZE"),
    PointMeasured(4, 3, 2, 4, "epoll", 16, 1, 0.75, 0.8, 20000, 1, 1, 20.0, 3, 18, 0, None),
    SweepFinished(5, 3, 4, 4, False, 1.25),
    SweepFailed(6, 3, "failed at 4000 sockets: Too many open files"),
    FdLimitNote(7, 3, 256, 256, 4000, 180, "capped"),
]


@pytest.mark.parametrize("ev", SAMPLES, ids=lambda e: e.kind)
def test_events_survive_the_pipe(ev):
    back = decode(encode(ev))
    assert type(back) is type(ev)
    for name in ev.__dataclass_fields__:
        a, b = getattr(ev, name), getattr(back, name)
        assert (isinstance(a, float) and math.isnan(a) and math.isnan(b)) or a == b, name


@pytest.mark.parametrize("line", ["", "nonsense", "{}", '{"kind": "Nope"}', "[1, 2]"])
def test_garbage_lines_are_rejected(line):
    with pytest.raises(ValueError):
        decode(line)


def test_serve_runs_a_sweep_then_stops_at_end_of_input(no_leaks):
    r_in, w_in = os.pipe()
    r_out, w_out = os.pipe()
    with os.fdopen(r_in) as inp, os.fdopen(w_in, "w") as to_child, os.fdopen(r_out) as from_child, \
            os.fdopen(w_out, "w") as out:
        t = threading.Thread(target=serve, args=(inp, out))
        t.start()
        to_child.write('not json\n{"run": 4, "plan": {"backends": ["poll", "epoll"], "fds": [8], "ready": 1, '
                       '"target_ms": 3}}\n')
        to_child.flush()
        evs = []
        while not evs or not isinstance(evs[-1], SweepFinished):
            evs.append(decode(from_child.readline()))
        pts = [e for e in evs if isinstance(e, PointMeasured)]
        assert [(p.backend, p.fds, p.run_id) for p in pts] == [("poll", 8, 4), ("epoll", 8, 4)]
        assert not evs[-1].stopped
        # a long sweep, then end of input: it is stopped and serve returns
        to_child.write('{"run": 5, "plan": {"backends": ["poll"], "fds": [10000], "ready": 1, "target_ms": 5000}}\n')
        to_child.flush()
        assert decode(from_child.readline()).kind == "SweepStarted"
        to_child.close()
        t.join(10)
        assert not t.is_alive()


def test_isolated_worker_measures_in_a_child_process(no_leaks):
    w = SweepWorker(isolated=True)
    try:
        rid = w.request(SweepPlan(fds=(8, 1100), ready=1, target_ms=3))
        evs = drain_until(w.sink, lambda g: any(isinstance(e, SweepFinished) and e.run_id == rid for e in g), timeout=15.0)
        pid = w.child_pid
        assert pid is not None and pid != os.getpid()
        pts = {(e.backend, e.fds): e for e in evs if isinstance(e, PointMeasured)}
        assert len(pts) == 6 and pts[("epoll", 8)].found_per_call == 1
        assert pts[("select", 1100)].error.startswith("unsupported above FD_SETSIZE")  # NaN crossed the pipe
        assert math.isnan(pts[("select", 1100)].us_p50)
        # the latest request wins in the child too
        first = w.request(SweepPlan(fds=(4000, 8000, 10000), target_ms=300))
        second = w.request(SweepPlan(backends=("epoll",), fds=(8,), target_ms=3))
        evs = drain_until(w.sink, lambda g: any(isinstance(e, SweepFinished) and e.run_id == second for e in g), timeout=15.0)
        _first_was_cut_short(evs, first)
        assert w.child_pid == pid  # one child for the worker's lifetime
    finally:
        w.shutdown()
    assert w.child_pid is None and not w.alive


def test_isolated_shutdown_while_measuring(no_leaks):
    w = SweepWorker(isolated=True)
    w.request(SweepPlan(fds=(10000,), target_ms=2000))
    drain_until(w.sink, lambda g: any(isinstance(e, PointStarted) for e in g), timeout=15.0)
    t0 = time.monotonic()
    w.shutdown()
    assert time.monotonic() - t0 < 4
    assert w.child_pid is None and not w.alive
