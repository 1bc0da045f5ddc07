import time

import pytest

from evsim.core.clicks.events import (
    EVENTLOOP, POLLING, ClickInput, ClickMissed, ClickSeen, Dequeued, DesignStopped, Enqueued, HandlerFinished,
    HandlerStarted,
    Latched,
)
from evsim.core.clicks.inputs import AutoClicker, ClickSource
from evsim.core.clicks.stats import ClickStats
from evsim.core.events import ListSink


class Recorder:
    def __init__(self):
        self.clicks = []

    def deliver(self, click):
        self.clicks.append(click)


def test_source_numbers_stamps_and_feeds_the_same_click_to_every_target():
    sink, a, b = ListSink(), Recorder(), Recorder()
    src = ClickSource(sink, [a, b])
    c1 = src.press()
    c2 = src.press("key_down", "Z")
    assert a.clicks == b.clicks == [c1, c2]
    assert (c1.id, c1.device, c2.id, c2.device, c2.label) == (1, 0, 2, 1, "Z")
    assert [e.id for e in sink.of(ClickInput)] == [1, 2] and sink.of(ClickInput)[0].t_ns == c1.t_ns
    with pytest.raises(ValueError):
        src.press("scroll")


def test_auto_clicker_keeps_its_rate_and_burst_and_follows_changes():
    rec = Recorder()
    ac = AutoClicker(ClickSource(None, [rec]), rate_hz=50, burst=2)
    ac.start()
    time.sleep(0.5)
    n1 = len(rec.clicks)
    ac.configure(rate_hz=0)
    time.sleep(0.1)
    n2 = len(rec.clicks)
    time.sleep(0.2)
    n3 = len(rec.clicks)
    ac.shutdown()
    assert 30 <= n1 <= 60 and n1 % 2 == 0  # ~25 ticks x 2 in 0.5 s
    assert n3 == n2  # 0 Hz: no clicks at all
    assert all(c.label == "auto" for c in rec.clicks)


def test_auto_clicker_rejects_nonsense():
    with pytest.raises(ValueError):
        AutoClicker(ClickSource(), rate_hz=-1)
    with pytest.raises(ValueError):
        AutoClicker(ClickSource(), burst=0)


def test_stats_follow_a_polling_click_from_input_to_handler():
    s = ClickStats(POLLING)
    s.apply_all([
        ClickInput(0, 1, "click", 0, ""), Latched(1, 1, 0, 1),
        ClickInput(2_000_000, 2, "click", 0, ""), ClickMissed(2_000_000, 1, POLLING, 0, 2, "overwritten"),
        Latched(2_000_000, 2, 0, 1), ClickSeen(5_000_000, 2, 0, 3_000_000),
        HandlerStarted(5_000_000, 2, POLLING, "click", "on_click", 3_000_000, "p"),
        HandlerFinished(9_000_000, 2, POLLING, "click", 4_000_000, True, "p"),
        HandlerStarted(9_000_000, 7, EVENTLOOP, "click", "on_click", 1, "l"),  # the other design: ignored
    ])
    s.apply(DesignStopped(10_000_000, POLLING, 0, 0, 1_234_500, 10_000_000, 0))
    r = s.summary(end_ns=10_000_000)
    assert (r["clicks_sent"], r["clicks_handled"], r["clicks_missed"], r["clicks_pending"]) == (2, 1, 1, 0)
    assert r["latency_ms"] == {"p50": 3.0, "p95": 3.0, "max": 3.0} and r["latency_lower_bounds"] == 0
    assert r["max_queue_wait_ms"] == 3.0 and r["max_queue_depth"] == 1 and r["cpu_percent"] == 12.3


def test_stats_count_clicks_still_queued_at_the_end_as_waiting():
    s = ClickStats(EVENTLOOP)
    s.apply_all([ClickInput(0, 1, "click", 0, ""), Enqueued(0, 1, "click", 1),
                 ClickInput(0, 2, "click", 0, ""), Enqueued(0, 2, "click", 2),
                 Dequeued(1_000_000, 1, "click", 1_000_000, 1)])
    r = s.summary(end_ns=4_800_000_000)
    assert r["max_queue_wait_ms"] == 4800.0  # click #2 has waited 4.8 s and counting
    assert r["clicks_pending"] == 2 and r["max_queue_depth"] == 2 and s.waiting == 1
    # every click counts in the latency: both still wait for their handler, with their wait so far
    assert r["latency_lower_bounds"] == 2 and r["latency_ms"]["max"] == 4800.0
    with pytest.raises(ValueError):
        ClickStats("other")


def test_a_summary_with_no_samples_says_none_never_zero():
    r = ClickStats(EVENTLOOP).summary(end_ns=1)
    assert r["latency_ms"] == {"p50": None, "p95": None, "max": None}
    assert r["max_queue_wait_ms"] is None and r["cpu_percent"] is None


def test_stats_match_steps_by_click_id_whatever_order_the_streams_arrive_in():
    """The design's process may report a click before the window's input event for it arrives."""
    s = ClickStats(EVENTLOOP)
    s.apply_all([Dequeued(2, 5, "click", 1, 0), HandlerStarted(2, 5, EVENTLOOP, "click", "on_click", 1, "l"),
                 HandlerFinished(3, 5, EVENTLOOP, "click", 1, True, "l"),
                 ClickInput(1, 5, "click", 0, ""), Enqueued(1, 5, "click", 1)])
    r = s.summary(end_ns=10**12)
    assert (r["clicks_sent"], r["clicks_handled"], r["latency_lower_bounds"]) == (1, 1, 0)
    assert s.waiting == 0 and s.oldest_wait_ns(10**12) == 0  # nothing left that looks queued forever
