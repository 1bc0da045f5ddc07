import math
import os
import threading
import time

from evsim.core.metrics import ThreadCpuMeter, percentile, summarize_ms, thread_cpu_ns


def test_percentile():
    assert math.isnan(percentile([], 50))
    assert percentile([5], 99) == 5
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([3, 1, 2], 100) == 3


def test_summarize_ms():
    s = summarize_ms([1_000_000, 2_000_000, 3_000_000])
    assert s["p50"] == 2.0 and s["max"] == 3.0
    assert summarize_ms([])["max"] == 0.0


def test_thread_cpu_spinning_vs_sleeping():
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            pass

    def sleep():
        stop.wait()

    a, b = threading.Thread(target=spin), threading.Thread(target=sleep)
    a.start(); b.start()
    ma, mb = ThreadCpuMeter(a), ThreadCpuMeter(b)
    ma.start(); mb.start()
    time.sleep(0.3)
    spin_pct, idle_pct = ma.total_percent(), mb.total_percent()
    stop.set(); a.join(); b.join()
    assert spin_pct > 20  # a spinning thread shows real CPU (shares the GIL with this one)
    assert idle_pct < 2
    assert thread_cpu_ns() > 0


def test_machine_cpu_rate_sees_a_busy_core():
    from evsim.core.procstat import MachineCpuRate

    rate = MachineCpuRate()
    assert rate.sample() is None  # one sample: no rate yet (n/a, not 0)
    end = time.process_time() + 0.3
    while time.process_time() < end:  # this process burns 0.3 s of CPU
        pass
    busy = rate.sample()
    assert busy is not None and 30.0 <= busy <= 100.0 * (os.cpu_count() or 1) + 1
