import select

import pytest
from hypothesis import given, strategies as st

from evsim.core.multiplex.sockets import WatchedSockets, spread


@given(st.integers(1, 5000), st.integers(0, 6000))
def test_spread_gives_k_distinct_indices_in_range(n, k):
    idx = spread(n, k)
    assert len(idx) == min(k, n)
    assert len(set(idx)) == len(idx)
    assert all(0 <= i < n for i in idx)
    assert idx == sorted(idx)


def test_spread_is_even():
    assert spread(100, 4) == [12, 37, 62, 87]
    assert spread(16, 1) == [8]
    assert spread(5, 0) == []


def _readable(fds):
    p = select.poll()
    for fd in fds:
        p.register(fd, select.POLLIN)
    return sorted(fd for fd, _ in p.poll(0))


@pytest.mark.parametrize("n,k", [(1, 0), (1, 1), (7, 3), (64, 64), (200, 5)])
def test_exactly_the_chosen_sockets_are_readable(no_leaks, n, k):
    with WatchedSockets(n, k) as s:
        assert len(s.fds) == len(set(s.fds)) == n
        assert s.ready == min(k, n)
        assert _readable(s.fds) == sorted(s.ready_fds)
        assert s.min_fd <= s.max_fd
        assert s.count_at_or_above(s.max_fd) == 1
    assert s.closed


def test_n_watched_sockets_cost_n_descriptors(no_leaks):
    import os

    before = len(os.listdir("/proc/self/fd"))
    with WatchedSockets(100, 1):
        assert len(os.listdir("/proc/self/fd")) - before == 100


def test_close_is_idempotent_and_rejects_empty():
    s = WatchedSockets(4, 1)
    s.close()
    s.close()
    with pytest.raises(ValueError):
        WatchedSockets(0)
