import threading
import time

from evsim.core.clicks.device import Click
from evsim.core.clicks.eventloop import Message, MessageQueue
from evsim.core.clicks.handlers import BlockingWork, make_handlers
from evsim.core.metrics import ThreadCpuMeter


def msg(i: int) -> Message:
    return Message(Click(i, "click", 0, "left", time.monotonic_ns()), lambda c: True)


def test_blocking_work_blocks_for_its_time_and_stops_on_cancel():
    work = BlockingWork(30)
    t = time.monotonic()
    assert work() is True
    assert time.monotonic() - t >= 0.029
    work.ms = 10_000
    threading.Timer(0.05, work.cancel.set).start()
    t = time.monotonic()
    assert work() is False
    assert time.monotonic() - t < 5


def test_handlers_are_named_like_a_toolkit_s():
    h = make_handlers(BlockingWork(0))
    assert {k: f.__name__ for k, f in h.items()} == {"click": "on_click", "key_down": "on_key_down"}


def test_queue_is_fifo_and_reports_depth():
    q = MessageQueue()
    depths = [q.put(msg(i)) for i in (1, 2, 3)]
    assert depths == [1, 2, 3] and q.max_depth == 3
    got = [q.get_nowait() for _ in range(3)]
    assert [(m.click.id, d) for m, d in got] == [(1, 2), (2, 1), (3, 0)]
    assert q.get_nowait() is None


def test_message_carries_type_payload_time_and_handler():
    m = msg(7)
    assert (m.type, m.payload) == ("click", "left") and m.t_ns == m.click.t_ns and m.handler(m.click)


def test_queue_refuses_past_its_cap():
    q = MessageQueue(capacity=2)
    assert q.put(msg(1)) == 1 and q.put(msg(2)) == 2
    assert q.put(msg(3)) is None
    assert q.rejected == 1 and len(q) == 2


def test_get_blocks_without_cpu_and_close_wakes_it():
    q = MessageQueue()
    out = []
    t = threading.Thread(target=lambda: out.append(q.get()))
    t.start()
    meter = ThreadCpuMeter(t)
    meter.start()
    time.sleep(0.3)
    assert t.is_alive() and meter.total_percent() < 5
    q.close()
    t.join(2)
    assert out == [None] and not t.is_alive()
    assert q.put(msg(1)) is None


def test_get_returns_a_message_put_from_another_thread():
    q = MessageQueue()
    threading.Timer(0.05, lambda: q.put(msg(9))).start()
    m, depth = q.get(timeout=5)
    assert m.click.id == 9 and depth == 0
    assert q.get(timeout=0.01) is None
