import threading
import time

import pytest

from evsim.core.clicks.events import (
    POLLING, ClickMissed, ClickSeen, HandlerFinished, HandlerStarted, Latched, PollerConfigured, ScanProgress,
)
from evsim.core.clicks.inputs import ClickSource
from evsim.core.clicks.polling import PollingThread
from evsim.core.events import ListSink
from tests.waiting import wait_until




@pytest.fixture
def poller():
    sink = ListSink()
    p = PollingThread(sink, interval_ms=1)
    yield p, sink
    p.shutdown()


def test_scan_finds_the_click_and_runs_its_handler_inline(poller):
    p, sink = poller
    p.start()
    src = ClickSource(sink, [p])
    src.press("key_down", "Q")
    wait_until(lambda: sink.of(HandlerFinished))
    seen, started = sink.of(ClickSeen)[0], sink.of(HandlerStarted)[0]
    assert (seen.id, started.handler, started.worker, started.design) == (1, "on_key_down", "evsim-poller", POLLING)
    assert started.latency_ns >= seen.wait_ns > 0


def test_clicks_during_a_blocking_handler_overwrite_each_other_and_are_missed(poller):
    p, sink = poller
    release = threading.Event()
    entered = threading.Event()

    def slow(click):
        entered.set()
        return release.wait(10)

    p.handlers["click"] = slow
    p.start()
    src = ClickSource(sink, [p])
    src.press()
    assert entered.wait(5)
    for _ in range(3):
        src.press()  # #2, #3, #4 land in the one register while #1's handler runs
    release.set()
    wait_until(lambda: len(sink.of(HandlerFinished)) == 2)
    missed = sink.of(ClickMissed)
    assert [(m.id, m.overwritten_by, m.reason) for m in missed] == [(2, 3, "overwritten"), (3, 4, "overwritten")]
    assert [e.id for e in sink.of(HandlerStarted)] == [1, 4]
    assert max(e.occupied for e in sink.of(Latched)) == 1


def test_spinning_poller_burns_cpu_and_an_interval_saves_it():
    p = PollingThread(interval_ms=0)
    p.start()
    time.sleep(0.3)
    spin = p.cpu.total_percent()
    p.configure(interval_ms=50)
    time.sleep(0.05)
    p.sample_cpu()
    time.sleep(0.3)
    idle = p.sample_cpu().percent
    p.shutdown()
    assert spin > 40 and idle < 10 and spin > 4 * idle


def test_settings_change_the_running_thread(poller):
    p, sink = poller
    p.start()
    wait_until(lambda: sink.of(PollerConfigured))
    p.configure(devices=5, scan_us=100, interval_ms=0, handler_ms=7)
    wait_until(lambda: any(e.devices == 5 for e in sink.of(PollerConfigured)))
    cfg = sink.of(PollerConfigured)[-1]
    assert (cfg.devices, cfg.scan_us, cfg.interval_ms, cfg.handler_ms) == (5, 100, 0, 7)
    wait_until(lambda: any(e.devices == 5 for e in sink.of(ScanProgress)))
    assert p.settings["devices"] == 5 and p.bank.n == 5


def test_shrinking_the_bank_still_handles_a_latched_click(poller):
    p, sink = poller
    p.configure(devices=2, paused=True)
    p.start()
    src = ClickSource(sink, [p])
    src.press("key_down", "K")  # register 1
    p.configure(devices=1, paused=False)
    wait_until(lambda: sink.of(HandlerFinished))
    assert sink.of(HandlerStarted)[0].id == 1 and not sink.of(ClickMissed)


def test_scan_progress_is_sampled_not_flooded():
    sink = ListSink()
    p = PollingThread(sink, devices=4, progress_hz=50)
    p.start()
    time.sleep(0.4)
    p.shutdown()
    n = len(sink.of(ScanProgress))
    assert 2 <= n <= 0.4 * 50 + 3
    assert p.sweeps > n  # the scan went round many more times than it reported


def test_paused_poller_uses_no_cpu(poller):
    p, sink = poller
    p.configure(interval_ms=0, paused=True)
    p.start()
    time.sleep(0.05)
    p.sample_cpu()
    time.sleep(0.3)
    assert p.running and p.thread.is_alive()  # paused, not dead: a dead thread uses no CPU either
    assert p.sample_cpu().percent < 5
    p.configure(paused=False)  # and it still answers: a click is handled after the pause
    ClickSource(sink, [p]).press()
    wait_until(lambda: sink.of(HandlerFinished))


def test_shutdown_cuts_a_long_handler_short_and_is_idempotent():
    sink = ListSink()
    p = PollingThread(sink, handler_ms=60_000)
    p.start()
    ClickSource(sink, [p]).press()
    wait_until(lambda: sink.of(HandlerStarted))
    t = time.monotonic()
    assert p.shutdown() and p.shutdown()
    assert time.monotonic() - t < 3
    assert sink.of(HandlerFinished)[0].completed is False


def test_bad_settings_raise():
    with pytest.raises(ValueError):
        PollingThread(devices=0)
    p = PollingThread()
    for bad in ({"interval_ms": -1}, {"scan_us": 2e6}, {"handler_ms": -5}, {"devices": 10**6}):
        with pytest.raises(ValueError):
            p.configure(**bad)


def _wakeup_lateness_ms(poller: PollingThread, n: int = 25) -> float:
    """Median lateness of a thread waking every 10 ms to run a little Python, beside ``poller``."""
    poller.start()
    late = []
    try:
        for _ in range(n):
            due = time.perf_counter() + 0.01
            time.sleep(0.01)
            late.append((time.perf_counter() - due) * 1000)
    finally:
        poller.shutdown()
    return sorted(late)[len(late) // 2]


def test_a_spinning_poller_delays_other_threads_of_its_process_through_the_gil():
    """Why the lab runs each design in its own process (evsim.core.clicks.child)."""
    assert _wakeup_lateness_ms(PollingThread(interval_ms=0)) > 2.5  # waits for the 5 ms switch interval
