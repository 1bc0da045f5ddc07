import math
import threading

import pytest

from evsim.core.multiplex.fdlimit import FD_SETSIZE, ensure_fd_budget
from evsim.core.multiplex.measure import BACKENDS, UNSUPPORTED, Repetition, available_backends, measure
from evsim.core.multiplex.sockets import WatchedSockets

FAST = Repetition(target_ns=5_000_000, min_calls=20, max_calls=2000)

pytestmark = pytest.mark.skipif("epoll" not in available_backends(), reason="epoll is Linux only")


# --- Repetition: the sans-IO planner -------------------------------------------------------------

def test_repetition_aims_for_the_target_within_bounds():
    r = Repetition(target_ns=100_000_000, min_calls=20, max_calls=20_000)
    assert r.calls_for(1_000_000) == 100
    assert r.calls_for(1) == 20_000  # very cheap calls: capped
    assert r.calls_for(1e9) == 20  # very slow calls: still min_calls
    assert r.calls_for(0) == 20_000


def test_repetition_ends_early_past_twice_the_target():
    r = Repetition(target_ns=1000, min_calls=5, max_calls=100)
    assert not r.finished(10, 100, 1000)
    assert r.finished(10, 100, 2000)
    assert not r.finished(4, 100, 10**9)  # never fewer than min_calls
    assert r.finished(100, 100, 0)


def test_repetition_checks_the_stop_flag_often():
    r = Repetition(check_ns=5_000_000)
    assert r.chunk_for(1_000) == 256
    assert r.chunk_for(1_000_000) == 5
    assert r.chunk_for(10**9) == 1


def test_repetition_rejects_nonsense():
    with pytest.raises(ValueError):
        Repetition(target_ns=0)
    with pytest.raises(ValueError):
        Repetition(min_calls=10, max_calls=5)


# --- real measurements ---------------------------------------------------------------------------

@pytest.mark.parametrize("backend", BACKENDS)
def test_each_backend_finds_exactly_the_ready_sockets(no_leaks, backend):
    with WatchedSockets(64, 3) as s:
        m = measure(backend, s, FAST)
    assert m is not None and m.ok, m
    assert (m.backend, m.fds, m.ready) == (backend, 64, 3)
    assert m.found_per_call == 3
    assert m.scanned_per_call == (3 if backend == "epoll" else 64)
    assert m.calls >= FAST.min_calls
    assert 0 < m.us_p50 <= m.us_p95
    assert m.setup_us >= 0 and m.over_limit == 0


def test_no_ready_socket_means_nothing_found(no_leaks):
    with WatchedSockets(32, 0) as s:
        for b in BACKENDS:
            m = measure(b, s, FAST)
            assert m.found_per_call == 0 and m.ok


def test_select_above_fd_setsize_reports_the_real_error(no_leaks):
    n = FD_SETSIZE + 80
    ensure_fd_budget(n)
    with WatchedSockets(n, 1) as s:
        assert s.max_fd >= FD_SETSIZE
        m = measure("select", s, FAST)
        p = measure("poll", s, FAST)
    assert not m.ok and m.error.startswith(UNSUPPORTED)
    assert "filedescriptor out of range in select()" in m.error  # CPython's own message, caught
    assert math.isnan(m.us_p50) and m.over_limit == s.count_at_or_above(FD_SETSIZE) >= 1
    assert p.ok and p.found_per_call == 1  # poll has no such cap


def test_direction_epoll_flat_poll_grows(no_leaks):
    """Directions only, with wide margins (the measured figures live in benchmarks/multiplex.py)."""
    ensure_fd_budget(2000)
    with WatchedSockets(16, 1) as small:
        p16 = measure("poll", small, FAST)
        e16 = measure("epoll", small, FAST)
    with WatchedSockets(2000, 1) as big:
        p2k = measure("poll", big, FAST)
        e2k = measure("epoll", big, FAST)
    assert p2k.us_p50 > 3 * e2k.us_p50, (p2k, e2k)  # measured here: ~150x
    assert p2k.us_p50 > 3 * p16.us_p50, (p2k, p16)  # poll scans all N
    assert e2k.us_p50 < 5 * e16.us_p50 + 2.0, (e2k, e16)  # epoll does not


def test_stop_flag_abandons_the_point(no_leaks):
    stop = threading.Event()
    stop.set()
    with WatchedSockets(16, 1) as s:
        assert measure("poll", s, FAST, stop) is None
        assert measure("epoll", s, FAST, stop) is None


def test_json_record_has_the_contract_keys():
    with WatchedSockets(8, 1) as s:
        d = measure("epoll", s, FAST).as_json()
    assert list(d)[:6] == ["backend", "fds", "ready", "us_per_call_p50", "us_per_call_p95", "error"]
    assert d["error"] is None and d["us_per_call_p50"] > 0


def test_unknown_backend():
    with WatchedSockets(2) as s, pytest.raises(ValueError):
        measure("kqueue", s)
