"""The clicks panel's scene model, fed hand-made events and a fixed clock (no threads, no Qt)."""

from evsim.core.clicks.events import (
    EVENTLOOP, POLLING, ClickInput, ClickMissed, ClickSeen, CpuSample, Dequeued, Enqueued, HandlerFinished,
    HandlerStarted, Latched, LoopConfigured, LoopWaiting, PollerConfigured, ScanProgress,
)
from evsim.core.clicks.scene import FLIGHT_NS, LOST_FLASH_NS, ClicksScene

MS = 1_000_000


def test_polling_side_follows_registers_scan_handler_and_losses():
    sc = ClicksScene()
    sc.apply([
        PollerConfigured(0, 0.0, 4, 10.0, 500.0),
        ScanProgress(1 * MS, 2, 4, 100),
        ClickInput(2 * MS, 1, "click", 0, "left"), Latched(2 * MS, 1, 0, 1),
        ClickInput(3 * MS, 2, "click", 0, "left"), ClickMissed(3 * MS, 1, POLLING, 0, 2, "overwritten"),
        Latched(3 * MS, 2, 0, 1),
    ])
    pol = sc.polling
    assert pol.devices == 4 and pol.scan_device == 2
    assert pol.registers[0].id == 2 and pol.registers[0].t_input == 3 * MS
    assert [(m.id, m.by) for m in pol.recent_lost(4 * MS)] == [(1, 2)]
    assert pol.recent_lost(3 * MS + LOST_FLASH_NS) == []  # the flash is over
    sc.apply([ClickSeen(5 * MS, 2, 0, 2 * MS),
              HandlerStarted(5 * MS, 2, POLLING, "click", "on_click", 2 * MS, "evsim-poller")])
    assert 0 not in pol.registers and pol.in_handler.id == 2
    assert pol.timeline[1][3] == 3 * MS and pol.timeline[2][1] == 5 * MS
    sc.apply([HandlerFinished(505 * MS, 2, POLLING, "click", 500 * MS, True, "evsim-poller")])
    assert pol.in_handler is None and pol.stats.handled == 1 and pol.latency_p95_ns() == 2 * MS
    assert sc.loop.stats.sent == 2 and sc.loop.stats.handled == 0  # the other design saw the inputs only


def test_sweep_rate_is_measured_from_sampled_progress():
    sc = ClicksScene()
    sc.apply([ScanProgress(0, 0, 1, 0), ScanProgress(500 * MS, 0, 1, 50_000)])
    assert sc.polling.sweeps_per_s == 100_000


def test_loop_side_queue_flights_waits_and_idle():
    sc = ClicksScene()
    sc.apply([LoopConfigured(0, 800.0, False, 16), LoopWaiting(1 * MS)])
    loop = sc.loop
    assert loop.idle_since == 1 * MS and loop.handler_ms == 800.0
    sc.apply([ClickInput(2 * MS, 1, "key_down", 1, "A"), Enqueued(2 * MS, 1, "key_down", 1),
              ClickInput(3 * MS, 2, "click", 0, "left"), Enqueued(3 * MS, 2, "click", 2)])
    assert list(loop.queue) == [1, 2] and loop.queue[1].label == "A"
    sc.apply([Dequeued(4 * MS, 1, "key_down", 2 * MS, 1),
              HandlerStarted(4 * MS, 1, EVENTLOOP, "key_down", "on_key_down", 2 * MS, "evsim-eventloop")])
    assert list(loop.queue) == [2] and loop.idle_since is None
    assert loop.flying(4 * MS + FLIGHT_NS // 2) == [(1, 0.5)] and loop.flying(4 * MS + FLIGHT_NS) == []
    assert [(w.id, w.wait_ns) for w in loop.waited] == [(1, 2 * MS)]
    assert loop.stats.oldest_wait_ns(4803 * MS) == 4800 * MS  # click #2 has waited 4.8 s
    sc.apply([CpuSample(5 * MS, EVENTLOOP, 0.4), CpuSample(5 * MS, POLLING, 99.0)])
    assert loop.cpu_now == 0.4 and sc.polling.cpu_now == 99.0


def test_event_log_exports_readable_rows_without_the_sampled_noise():
    sc = ClicksScene()
    sc.apply([ClickInput(10 * MS, 1, "click", 0, "left"), ScanProgress(11 * MS, 0, 1, 5),
              Enqueued(11 * MS, 1, "click", 1), Dequeued(12 * MS, 1, "click", 2 * MS, 0),
              ClickMissed(13 * MS, 1, POLLING, 0, 2, "overwritten")])
    header, rows = sc.export_rows()
    assert header == ["t_ms", "design", "event", "click", "detail"]
    assert [r[2] for r in rows] == ["ClickInput", "Enqueued", "Dequeued", "ClickMissed"]
    assert rows[0][0] == 0.0 and rows[2][0] == 2.0
    assert rows[1][1] == EVENTLOOP and rows[3][1] == POLLING and "by #2" in rows[3][4]


def test_a_token_taken_before_its_input_process_reported_it_never_sticks():
    """The loop's process may report the dequeue before the window/auto-clicker's stream reports the put."""
    from evsim.core.clicks.events import ClickSeen, Latched

    sc = ClicksScene()
    sc.apply([Dequeued(5, 1, "click", 1, 0), ClickSeen(5, 1, 0, 1),
              ClickInput(1, 1, "click", 0, ""), Enqueued(2, 1, "click", 1), Latched(2, 1, 0, 1)])
    assert not sc.loop.queue and not sc.polling.registers
