"""The lab's claims, measured on real threads.  Directions only, with wide margins: the figures themselves
are in benchmarks/clicks.py."""

import pytest

from evsim.core.clicks.scenario import run_scenario


def test_idle_polling_spin_burns_a_core_and_the_idle_event_loop_does_not():
    poll = run_scenario("polling", rate=0, seconds=0.6)
    loop = run_scenario("eventloop", rate=0, seconds=0.6)
    assert poll["clicks_sent"] == loop["clicks_sent"] == 0
    assert poll["cpu_percent"] > 30  # ~99% on a quiet machine; other processes share the cores
    assert loop["cpu_percent"] < 2


def test_slow_handler_polling_misses_clicks_the_event_loop_queues_them_all():
    r = run_scenario("both", rate=10, seconds=1.2, handler_ms=500)
    poll, loop = r["polling"], r["eventloop"]
    assert poll["clicks_sent"] == loop["clicks_sent"] >= 8
    assert poll["clicks_missed"] >= 3
    assert loop["clicks_missed"] == 0
    assert loop["max_queue_depth"] >= 4
    assert loop["max_queue_wait_ms"] > 400  # later clicks wait for the handlers before them
    assert loop["clicks_handled"] + loop["clicks_pending"] == loop["clicks_sent"]


def test_polling_latency_grows_with_devices_times_scan_cost():
    cheap = run_scenario("polling", rate=23, seconds=0.6, devices=1, scan_us=0)
    costly = run_scenario("polling", rate=23, seconds=0.6, devices=40, scan_us=250)  # a 10 ms sweep
    assert costly["latency_ms"]["p50"] > cheap["latency_ms"]["p50"] + 1.5
    assert costly["latency_ms"]["max"] > 4


def test_polling_latency_grows_with_the_interval_the_event_loop_s_does_not():
    spin = run_scenario("polling", rate=7, seconds=0.8, poll_interval_ms=0)
    slow = run_scenario("polling", rate=7, seconds=0.8, poll_interval_ms=60)
    loop = run_scenario("eventloop", rate=7, seconds=0.8, poll_interval_ms=60, devices=40, scan_us=250)
    assert slow["latency_ms"]["max"] > 15 and slow["latency_ms"]["p50"] > spin["latency_ms"]["p50"] + 5
    assert loop["latency_ms"]["p95"] < 10  # no scan, no interval: woken by the click itself


def test_offload_keeps_the_event_loop_responsive_despite_the_slow_handler():
    r = run_scenario("eventloop", rate=10, seconds=1.0, handler_ms=500, offload=True)
    assert r["clicks_missed"] == 0 and r["clicks_sent"] >= 8
    assert r["latency_ms"]["p95"] < 10
    assert r["clicks_handled"] >= 4


def test_rejects_bad_settings():
    for bad in ({"mode": "magic"}, {"rate": -1}, {"devices": 0}, {"scan_us": -1}, {"handler_ms": 1e9}):
        kw = {"mode": "polling", "seconds": 0, **bad}
        with pytest.raises(ValueError):
            run_scenario(**kw)
