import os
import threading

import pytest


def _fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.fixture
def no_leaks():
    """Fails the test if it leaves a thread running or a descriptor open."""
    threads = set(threading.enumerate())
    before = _fds()
    yield
    left = [t for t in threading.enumerate() if t not in threads and t.is_alive()]
    assert not left, f"threads left running: {left}"
    after = _fds()
    # listdir holds its own descriptor while reading: compare as sets, allow that one to differ.
    assert len(after - before) <= 1, f"descriptors left open: {sorted(after - before)}"
