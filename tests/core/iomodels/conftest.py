"""Every test here checks that it leaves no thread and no child process (a sender, a run) behind."""

import glob
import os
import threading
import time

import pytest


def _children() -> set[int]:
    kids: set[int] = set()
    for f in glob.glob(f"/proc/{os.getpid()}/task/*/children"):
        try:
            with open(f) as fh:
                kids.update(int(p) for p in fh.read().split())
        except OSError:
            pass
    return kids


@pytest.fixture(autouse=True)
def no_leaks():
    threads, kids = set(threading.enumerate()), _children()
    yield
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:
        extra = [t for t in threading.enumerate() if t not in threads and t.is_alive()]
        extra_kids = _children() - kids
        if not extra and not extra_kids:
            return
        time.sleep(0.01)
    pytest.fail(f"left running: threads {extra}, child processes {sorted(extra_kids)}")
