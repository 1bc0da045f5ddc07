"""The lab's claims, measured on real processes (a process per design, one for the auto-clicker).  Directions
and counts only, with wide margins: the figures themselves are in benchmarks/clicks.py."""

import pytest

from evsim.core.clicks.scenario import run_scenario


def _accounted(r: dict) -> None:
    """Every click the auto-clicker made (its own count) is handled, pending (counted by the design's own
    process when it stopped) or missed: none vanishes, none is counted twice."""
    assert r["clicker_sent"] == r["clicks_sent"]
    assert r["clicks_handled"] + r["clicks_pending"] + r["clicks_missed"] == r["clicker_sent"]


def test_idle_polling_spin_burns_a_core_and_the_idle_event_loop_does_not():
    r = run_scenario("both", rate=0, seconds=0.6)
    poll, loop = r["polling"], r["eventloop"]
    assert poll["clicks_sent"] == loop["clicks_sent"] == 0
    # ~100% on a quiet machine; a loaded one gives a spinning process only its share of a core
    assert poll["cpu_percent"] > 5 and poll["cpu_percent"] > 10 * loop["cpu_percent"]
    assert loop["cpu_percent"] < 2
    assert poll["latency_ms"]["p50"] is None  # no click, no figure


def test_slow_handler_polling_misses_clicks_the_event_loop_queues_them_all():
    r = run_scenario("both", rate=10, seconds=1.2, handler_ms=500)
    poll, loop = r["polling"], r["eventloop"]
    assert poll["clicks_sent"] == loop["clicks_sent"] >= 8
    assert poll["clicks_missed"] >= 3
    assert loop["clicks_missed"] == 0
    assert loop["max_queue_depth"] >= 4
    assert loop["max_queue_wait_ms"] > 400  # later clicks wait for the handlers before them
    assert loop["clicks_pending"] >= 4 and loop["latency_lower_bounds"] >= 3  # still queued at the end
    _accounted(poll)
    _accounted(loop)


def test_polling_latency_grows_with_devices_times_scan_cost_and_interval_the_event_loop_s_does_not():
    cheap = run_scenario("polling", rate=23, seconds=0.6, devices=1, scan_us=0)
    costly = run_scenario("both", rate=23, seconds=0.8, devices=40, scan_us=250, poll_interval_ms=1)  # 10 ms sweep
    slow = run_scenario("polling", rate=7, seconds=0.8, poll_interval_ms=60)
    assert costly["polling"]["latency_ms"]["p50"] > 2 * cheap["latency_ms"]["p50"]
    assert costly["polling"]["latency_ms"]["p50"] > 2.5  # about half a sweep
    assert slow["latency_ms"]["max"] > 15 and slow["latency_ms"]["p50"] > cheap["latency_ms"]["p50"] + 5
    assert costly["eventloop"]["latency_ms"]["p95"] < 10  # no scan, no interval: woken by the click itself
    _accounted(costly["polling"])


def test_offload_keeps_the_event_loop_responsive_despite_the_slow_handler():
    r = run_scenario("eventloop", rate=10, seconds=1.0, handler_ms=500, offload=True)
    assert r["clicks_missed"] == 0 and r["clicks_sent"] >= 8
    assert r["clicks_handled"] >= 4  # the handlers ran (on the pool), not just the loop
    assert r["latency_ms"]["p95"] is not None and r["latency_ms"]["p95"] < 10
    assert r["latency_lower_bounds"] == 0  # no click waited for a free loop
    _accounted(r)


def test_rejects_bad_settings():
    for bad in ({"mode": "magic"}, {"rate": -1}, {"devices": 0}, {"scan_us": -1}, {"handler_ms": 1e9}):
        kw = {"mode": "polling", "seconds": 0, **bad}
        with pytest.raises(ValueError):
            run_scenario(**kw)
