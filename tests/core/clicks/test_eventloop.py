import time

import pytest

from evsim.core.clicks.eventloop import EventLoop
from evsim.core.clicks.events import (
    EVENTLOOP, ClickMissed, Dequeued, Enqueued, HandlerFinished, HandlerStarted, LoopConfigured, LoopWaiting,
)
from evsim.core.clicks.inputs import ClickSource
from evsim.core.events import ListSink
from tests.waiting import wait_until




@pytest.fixture
def loop():
    sink = ListSink()
    lp = EventLoop(sink)
    yield lp, sink
    lp.shutdown()


def test_dispatches_each_message_to_the_handler_of_its_type_in_order(loop):
    lp, sink = loop
    calls = []
    lp.on("click", lambda c: calls.append(("click", c.id)) or True)
    lp.on("key_down", lambda c: calls.append(("key", c.id, c.label)) or True)
    src = ClickSource(sink, [lp])
    src.press("click")
    src.press("key_down", "A")
    src.press("click")
    lp.start()
    wait_until(lambda: len(calls) == 3)
    assert calls == [("click", 1), ("key", 2, "A"), ("click", 3)]
    ids = [e.id for e in sink.of(Dequeued)]
    assert ids == [1, 2, 3]


def test_post_returns_at_once_and_every_click_is_queued_while_the_handler_blocks(loop):
    lp, sink = loop
    lp.configure(handler_ms=60_000)  # the first handler never returns during the test
    lp.start()
    src = ClickSource(sink, [lp])
    t = time.perf_counter()
    for _ in range(50):
        src.press()
    assert time.perf_counter() - t < 0.5
    wait_until(lambda: sink.of(HandlerStarted))
    assert len(sink.of(Enqueued)) == 50 and not sink.of(ClickMissed)
    assert len(lp.queue) == 49
    t = time.monotonic()
    lp.shutdown()  # cuts the 60 s handler short
    assert time.monotonic() - t < 3
    fin = sink.of(HandlerFinished)
    assert len(fin) == 1 and fin[0].completed is False


def test_waits_and_latency_measure_the_time_in_the_queue(loop):
    lp, sink = loop
    lp.configure(handler_ms=80)
    lp.start()
    src = ClickSource(sink, [lp])
    for _ in range(3):
        src.press()
    wait_until(lambda: len(sink.of(HandlerFinished)) == 3)
    waits = [e.wait_ns / 1e6 for e in sink.of(Dequeued)]
    lats = [e.latency_ns / 1e6 for e in sink.of(HandlerStarted)]
    # click #3 waited for #1's and #2's handlers: about 160 ms
    assert waits[0] < 60 and waits[2] > 120
    assert lats[2] >= waits[2]
    assert all(e.completed and e.duration_ns >= 79e6 for e in sink.of(HandlerFinished))


def test_offload_runs_handlers_on_workers_and_the_loop_stays_free(loop):
    lp, sink = loop
    lp.configure(handler_ms=300, offload=True)
    lp.start()
    src = ClickSource(sink, [lp])
    for _ in range(4):
        src.press()
    wait_until(lambda: len(sink.of(HandlerStarted)) == 4)
    started = sink.of(HandlerStarted)
    assert all(e.worker.startswith("evsim-handler") for e in started)
    assert max(e.latency_ns for e in started) < 200e6  # nobody waited for the 300 ms handlers before it
    assert sink.of(LoopConfigured)[-1].offload is True


def test_loop_reports_when_it_blocks_on_an_empty_queue_and_uses_no_cpu(loop):
    lp, sink = loop
    lp.start()
    wait_until(lambda: sink.of(LoopWaiting))
    time.sleep(0.3)
    assert lp.cpu is not None and lp.cpu.total_percent() < 5


def test_a_failing_handler_does_not_stop_the_loop(loop):
    lp, sink = loop

    def boom(c):
        raise RuntimeError("bug in a handler")

    lp.on("click", boom)
    lp.start()
    src = ClickSource(sink, [lp])
    src.press()
    src.press("key_down")
    wait_until(lambda: len(sink.of(HandlerFinished)) == 2)
    assert [e.completed for e in sink.of(HandlerFinished)] == [False, True]


def test_full_queue_loses_the_click_and_says_so():
    sink = ListSink()
    lp = EventLoop(sink, capacity=2)  # not started: nothing drains it
    src = ClickSource(sink, [lp])
    for _ in range(3):
        src.press()
    miss = sink.of(ClickMissed)
    assert [(m.id, m.design, m.reason) for m in miss] == [(3, EVENTLOOP, "queue full")]
    lp.shutdown()


def test_shutdown_is_idempotent_and_leaves_no_thread():
    lp = EventLoop(handler_ms=10, offload=True)
    lp.start()
    src = ClickSource(None, [lp])
    src.press()
    assert lp.shutdown() and lp.shutdown()
    assert not lp.running


def test_settings_are_checked():
    with pytest.raises(ValueError):
        EventLoop(handler_ms=-1)
    lp = EventLoop()
    with pytest.raises(ValueError):
        lp.configure(handler_ms=1e9)


def test_a_configure_racing_with_the_start_is_reported_last():
    """The lab sends settings as soon as the loop's process starts: the report of the start must not land
    after the report of the change (the window would show the stale setting)."""
    import threading as _t

    from evsim.core.clicks.events import LoopConfigured

    reports: list = []
    first = _t.Event()

    class SlowFirstReport:
        def emit(self, ev):
            if type(ev) is LoopConfigured and not first.is_set():
                first.set()
                time.sleep(0.2)  # the start's report is on its way when the change comes
            reports.append(ev)

    lp = EventLoop(SlowFirstReport())
    lp.start()
    try:
        assert first.wait(5)
        lp.configure(offload=True)
        wait_until(lambda: len([r for r in reports if type(r) is LoopConfigured]) == 2)
        assert [r.offload for r in reports if type(r) is LoopConfigured] == [False, True]
    finally:
        lp.shutdown()
