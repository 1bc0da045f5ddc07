"""/proc readers the benchmarks and the clicks lab use: figures for a live process, None or zeros for a gone one."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from evsim.core.procstat import context_switches, cpu_seconds


def test_a_live_process_has_cpu_seconds_and_context_switches_that_grow():
    before = cpu_seconds(os.getpid())
    vol0, _ = context_switches(os.getpid())
    end = time.process_time() + 0.05
    while time.process_time() < end:  # burn a little CPU
        pass
    for _ in range(5):
        time.sleep(0.001)  # each sleep gives the CPU up: a voluntary switch
    assert cpu_seconds(os.getpid()) >= before
    assert context_switches(os.getpid())[0] >= vol0 + 5


def test_a_gone_process_reads_as_none_and_zeros():
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    assert cpu_seconds(p.pid) is None
    assert context_switches(p.pid) == (0, 0)
