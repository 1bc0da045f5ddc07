import threading

import pytest

from evsim.core.events import CallbackSink, Event, FanoutSink, ListSink, RingSink, event, now_ns


@event
class Ping(Event):
    n: int


def test_events_are_frozen_and_slotted():
    e = Ping(now_ns(), 1)
    with pytest.raises(AttributeError):
        e.n = 2  # type: ignore[misc]
    assert not hasattr(e, "__dict__")
    assert e.kind == "Ping"


def test_ring_sink_keeps_newest_and_counts_drops():
    s = RingSink(capacity=4)
    for i in range(10):
        s.emit(Ping(i, i))
    assert s.emitted == 10
    assert s.dropped == 6
    assert [e.n for e in s.drain()] == [6, 7, 8, 9]
    assert s.dropped == 6 and len(s) == 0
    s.emit(Ping(0, 42))
    assert [e.n for e in s.drain(max_items=5)] == [42]
    assert s.dropped == 6


def test_ring_sink_drain_bounded():
    s = RingSink(capacity=100)
    for i in range(10):
        s.emit(Ping(i, i))
    assert [e.n for e in s.drain(3)] == [0, 1, 2]
    assert len(s) == 7 and s.dropped == 0


def test_ring_sink_many_producers_one_consumer():
    s = RingSink(capacity=1000)
    per, producers = 20000, 4
    got: list[Ping] = []
    done = threading.Event()

    def produce(k: int) -> None:
        for i in range(per):
            s.emit(Ping(i, k))

    def consume() -> None:
        while not done.is_set() or len(s):
            got.extend(s.drain())

    c = threading.Thread(target=consume)
    c.start()
    ts = [threading.Thread(target=produce, args=(k,)) for k in range(producers)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    done.set()
    c.join()
    assert s.emitted == per * producers
    # Nothing is lost silently: every event was either delivered or counted as dropped.
    assert len(got) + s.dropped == per * producers
    # Per producer, delivered events keep their order.
    for k in range(producers):
        seq = [e.t_ns for e in got if e.n == k]
        assert seq == sorted(seq)


def test_ring_sink_rejects_zero_capacity():
    with pytest.raises(ValueError):
        RingSink(0)


def test_list_callback_fanout():
    a, seen = ListSink(), []
    f = FanoutSink([a, CallbackSink(seen.append)])
    f.emit(Ping(1, 1))
    assert len(a) == 1 and a.of(Ping)[0].n == 1 and seen[0].n == 1


def test_deferred_records_become_the_same_events_in_every_sink():
    from evsim.core.events import deferred, materialize

    make = deferred(Ping)
    rec = make(5, 7)
    assert rec == (Ping, 5, 7) and materialize(rec) == Ping(5, 7)
    ring, lst, seen = RingSink(8), ListSink(), []
    for s in (ring, lst, CallbackSink(seen.append)):
        s.emit(rec)
        s.emit(Ping(6, 8))
    assert ring.drain() == lst.events == seen == [Ping(5, 7), Ping(6, 8)]
