"""The shared hardware, the event wire and the processes the clicks lab runs its designs in."""

import multiprocessing
import os
import threading
import time

from hypothesis import given, settings, strategies as st

from evsim.core.clicks.device import Click
from evsim.core.clicks.events import (
    EVENTLOOP, POLLING, ClickerStopped, ClickMissed, CpuSample, DesignStopped, Enqueued, HandlerFinished, Latched,
    PollerConfigured,
)
from evsim.core.clicks.hardware import HardwareTargets, PipeQueue, SharedBank
from evsim.core.clicks.rig import CLICKER, ClicksRig
from evsim.core.clicks.wire import LineReader, PipeSink, decode, encode
from evsim.core.events import ListSink

CTX = multiprocessing.get_context("spawn")


def test_shared_registers_latch_overwrite_and_read_like_the_device_bank():
    bank = SharedBank.create(CTX, 2)
    sink = ListSink()
    hw = HardwareTargets(sink, bank, None)
    hw.deliver(Click(bank.next_id(), "click", 0, "", 10))
    hw.deliver(Click(bank.next_id(), "click", 0, "", 20))  # overwrites #1: lost
    hw.deliver(Click(bank.next_id(), "key_down", 1, "", 30))
    assert [(m.id, m.overwritten_by) for m in sink.of(ClickMissed)] == [(1, 2)]
    assert [lt.occupied for lt in sink.of(Latched)] == [1, 1, 2] and bank.occupied == 2
    c = bank.read(0)
    assert (c.id, c.kind, c.t_ns) == (2, "click", 20) and bank.read(0) is None
    assert [c.id for c in bank.resize(1)] == [3] and bank.occupied == 0  # shrinking hands back what it held


def test_the_queue_is_a_pipe_the_loop_blocks_on_and_what_is_left_is_counted():
    r, w = os.pipe()
    try:
        sink = ListSink()
        hw = HardwareTargets(sink, None, w)
        q = PipeQueue(r, w)
        got = []
        t = threading.Thread(target=lambda: got.append(q.get()))
        t.start()
        time.sleep(0.05)
        assert not got  # blocked in read(): the queue is empty
        hw.deliver(Click(7, "key_down", 1, "", 5))
        t.join(5)
        click, depth = got[0]
        assert (click.id, click.kind, click.t_ns, depth) == (7, "key_down", 5, 0)
        for i in range(3):
            hw.deliver(Click(10 + i, "click", 0, "", 6))
        assert [e.depth for e in sink.of(Enqueued)][-3:] == [1, 2, 3] and len(q) == 3
        q.close()  # wakes a blocked get with None; the three clicks stay queued
        assert q.get() is None and q.held() == 3
    finally:
        os.close(r)
        os.close(w)


@given(st.binary(max_size=200))
@settings(max_examples=200, deadline=None)
def test_the_wire_reader_never_raises_on_garbage(data):
    sink = ListSink()
    reader = LineReader(sink, "x")
    ok = reader.feed(data)
    assert ok or reader.error


def test_the_wire_round_trips_and_checks_types():
    ev = HandlerFinished(5, 3, POLLING, "click", 1000, True, "w")
    assert decode(encode(ev)) == ev
    for bad in (b'["HandlerFinished",5,"3","polling","click",1000,true,"w"]', b'["Nope",1]', b'{"a":1}',
                b'["CpuSample",1,"polling"]', b'["CpuSample",1,"polling",true]'):
        try:
            decode(bad)
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def test_a_pipe_sink_never_blocks_and_counts_what_it_dropped():
    r, w = os.pipe()
    try:
        sink = PipeSink(w)
        for _ in range(5000):  # nobody reads: the pipe fills, emit keeps returning
            sink.emit(CpuSample(1, POLLING, 50.0))
        assert sink.dropped > 0
    finally:
        os.close(r)
        os.close(w)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_rig_runs_each_design_in_its_own_process_and_leaves_no_orphan():
    sink = ListSink()
    rig = ClicksRig(sink, poller={"interval_ms": 0, "handler_ms": 0}, loop={})
    rig.start()
    try:
        pids = rig.pids
        assert set(pids) == {POLLING, EVENTLOOP, CLICKER} and len(set(pids.values())) == 3
        assert os.getpid() not in pids.values()
        deadline = time.monotonic() + 60
        while not sink.of(PollerConfigured) or not [e for e in sink.of(CpuSample) if e.design == EVENTLOOP]:
            assert time.monotonic() < deadline
            for name in list(rig.event_fds()):
                rig.read(name)
            time.sleep(0.02)
        click = rig.press("click", "left")  # the window's own click: written here, handled there
        while len([e for e in sink.of(HandlerFinished) if e.id == click.id]) < 2:
            assert time.monotonic() < deadline
            for name in list(rig.event_fds()):
                rig.read(name)
            time.sleep(0.02)
    finally:
        assert rig.shutdown()
    assert not any(_alive(p) for p in pids.values())  # joined: reaped, not zombies
    assert not multiprocessing.active_children()
    while rig.event_fds():  # what they said last is still readable
        for name in list(rig.event_fds()):
            rig.read(name)
    stops = {e.design: e for e in sink.of(DesignStopped)}
    assert set(stops) == {POLLING, EVENTLOOP} and sink.of(ClickerStopped)[0].sent == 0
    assert stops[POLLING].cpu_ns > 0 and stops[EVENTLOOP].held == 0
    assert rig.shutdown()  # idempotent


def test_a_child_whose_parent_is_gone_stops_by_itself():
    """A parent that dies never says "stop": the children see end of input on their command pipe and exit."""
    rig = ClicksRig(ListSink(), designs=(EVENTLOOP,), loop={})
    rig.start()
    try:
        for c in rig.children.values():
            c.cmd.close()  # what the kernel does to a dead parent's pipe ends
        for c in rig.children.values():
            c.proc.join(30)
            assert c.proc.exitcode == 0  # exited on its own, not killed
    finally:
        rig.shutdown()


def test_a_main_script_read_from_stdin_does_not_reach_the_children(monkeypatch):
    """spawn re-runs the parent's main script by path in every child; `python -` has none ("<stdin>"), and
    every child died on it.  The rig hides such a path while it starts a child, and puts it back."""
    import sys
    import types

    from evsim.core.clicks.rig import _main_for_spawn

    fake = types.ModuleType("__main__")
    fake.__file__ = "<stdin>"
    fake.__spec__ = None
    monkeypatch.setitem(sys.modules, "__main__", fake)
    with _main_for_spawn():
        assert not hasattr(fake, "__file__")
        from multiprocessing import spawn
        assert "init_main_from_path" not in spawn.get_preparation_data("x")
    assert fake.__file__ == "<stdin>"
    fake.__file__ = __file__  # a real script stays visible to spawn
    with _main_for_spawn():
        assert fake.__file__ == __file__
