"""The timeline record and what is derived from it, on hand-made records with fixed times (no I/O)."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evsim.core.iomodels.common import RunSpec
from evsim.core.iomodels.timeline import (
    Mark, Sampler, Syscall, Timeline, Trace, merge_intervals, overlap_ns, process_spans, summary,
)

US = 1_000
MS = 1_000_000


def make(model="blocking", calls=(), marks=(), eagain=Trace(), work=Trace(), sent=200 * MS, copy_end=None,
         start=0, chunks=1):
    calls = tuple(calls)
    if not any(c.actor == "sender" for c in calls):
        calls = (Syscall("send", sent - 50 * US, sent, 65536, may_block=True, actor="sender"),) + calls
    ce = copy_end if copy_end is not None else max(c.end_ns for c in calls if c.actor != "sender")
    return Timeline(model=model, mechanism="test", size=65536, chunks=chunks, delay_ns=200 * MS, start_ns=start,
                    sent_ns=sent, copy_end_ns=ce, done_ns=ce, received=65536, intact=True,
                    syscalls=tuple(sorted(calls, key=lambda c: c.start_ns)), eagain=eagain, work=work,
                    marks=tuple(marks))


def test_blocking_recv_splits_at_the_end_of_the_write():
    recv = Syscall("recv", 10 * US, 200 * MS + 80 * US, 65536, may_block=True, moved=65536)
    tl = make(calls=[recv])
    assert tl.ready_ns == 200 * MS  # the sender's write returned
    assert tl.wait_ns == 200 * MS and tl.copy_ns == 80 * US
    assert tl.blocked_during_wait and tl.blocked_during_copy and tl.verdict == "synchronous"
    assert tl.copy_call_ns == 80 * US
    kinds = [(s.kind, s.start_ns, s.end_ns) for s in process_spans(tl)]
    assert kinds == [("blocked", 10 * US, 200 * MS), ("copying", 200 * MS, 200 * MS + 80 * US)]


def test_a_read_that_returns_before_the_write_does_uses_the_write_start():
    # The receiver woke on the first part and was done before the sender's send() had returned.
    send = Syscall("send", 200 * MS, 200 * MS + 100 * US, 65536, may_block=True, actor="sender")
    recv = Syscall("recv", 0, 200 * MS + 60 * US, 65536, may_block=True, moved=65536)
    tl = make(calls=[send, recv], sent=200 * MS + 100 * US)
    assert tl.ready_ns == 200 * MS
    assert tl.copy_ns == 60 * US and tl.copy_ns > 0


def test_nonblocking_is_awake_during_the_wait_but_copies_itself():
    s = Sampler()
    for t in range(1 * US, 200 * MS, 50 * US):
        s.add(t)
    recv = Syscall("recv", 200 * MS + 5 * US, 200 * MS + 30 * US, 65536, moved=65536)
    tl = make("nonblocking", calls=[recv], eagain=s.trace())
    assert tl.eagain.count == len(range(1 * US, 200 * MS, 50 * US))
    assert tl.process_syscalls == tl.eagain.count + 1
    assert not tl.blocked_during_wait
    assert tl.blocked_during_copy and tl.verdict == "synchronous"
    assert tl.ready_ns == 200 * MS and tl.copy_ns == 30 * US
    kinds = {sp.kind for sp in process_spans(tl)}
    assert kinds == {"spinning", "copying"}


def test_multiplexing_ready_is_the_notification():
    wait = Syscall("epoll_wait", 0, 200 * MS + 20 * US, 1, may_block=True)
    recv = Syscall("recv", 200 * MS + 25 * US, 200 * MS + 45 * US, 65536, moved=65536)
    tl = make("multiplexing", calls=[wait, recv], marks=[Mark("ready", 200 * MS + 20 * US)])
    assert tl.ready_ns == 200 * MS + 20 * US
    assert tl.copy_ns == 25 * US
    assert tl.blocked_during_wait and tl.blocked_during_copy


def test_async_is_free_in_both_phases():
    s = Sampler()
    for t in range(0, 200 * MS + 100 * US + 1, 10 * US):
        s.add(t)
    enter = Syscall("io_uring_enter", 0, 5 * US, 1)
    tl = make("async", calls=[enter], work=s.trace(), copy_end=200 * MS + 100 * US,
              marks=[Mark("completion", 200 * MS + 100 * US)])
    assert not tl.blocked_during_wait and not tl.blocked_during_copy
    assert tl.verdict == "asynchronous" and tl.copy_call_ns == 0
    assert tl.ready_ns == 200 * MS and tl.copy_ns == 100 * US
    assert tl.work_during_copy == 10  # units completed in (200 ms, 200.1 ms]
    assert tl.work_during_wait > 0
    assert {sp.kind for sp in process_spans(tl)} == {"working"}


def test_a_helper_threads_calls_do_not_block_the_process():
    helper = Syscall("recv", 0, 200 * MS + 40 * US, 65536, may_block=True, moved=65536, actor="helper")
    tl = make("async", calls=[helper])
    assert tl.moved_by_process == 0 and not tl.blocked_during_wait and tl.verdict == "asynchronous"
    assert tl.ready_ns == 200 * MS


def test_the_verdict_comes_from_what_was_measured_not_from_the_code_path():
    """A process whose call moved the bytes but whose other work went on during that copy is not blocked
    (the record contradicts the code path); one held inside a call while the kernel copied for it is."""
    recv = Syscall("recv", 200 * MS, 200 * MS + 40 * US, 65536, moved=65536)
    busy = Sampler()
    for t in range(200 * MS + 5 * US, 200 * MS + 40 * US, 10 * US):  # work units finishing inside the copy
        busy.add(t)
    tl = make("nonblocking", calls=[recv], work=busy.trace())
    assert tl.moved_by_process == 65536 and tl.held_in_copy_ns == tl.copy_window_ns == 40 * US
    assert tl.work_in_copy == 4
    assert not tl.blocked_during_copy and tl.verdict == "asynchronous"

    # io_uring, but the process waited for the completion inside io_uring_enter(GETEVENTS): no call of its
    # own moved a byte, yet it was held in the kernel through the whole copy and did nothing else
    enter = Syscall("io_uring_enter", 5 * US, 200 * MS + 100 * US, 1, may_block=True)
    tl = make("async", calls=[enter], copy_end=200 * MS + 100 * US, marks=[Mark("completion", 200 * MS + 100 * US)])
    assert tl.moved_by_process == 0 and tl.copy_windows() == [(200 * MS, 200 * MS + 100 * US)]
    assert tl.held_in_copy_ns == 100 * US and tl.work_in_copy == 0
    assert tl.blocked_during_copy and tl.verdict == "synchronous"


def test_signal_driven_pieces_copy_synchronously_though_work_goes_on_between_them():
    """Four pieces 1 ms apart: the process works between the SIGIOs, but the copy phase (the last piece) is
    copied by its own recv with no work inside: synchronous."""
    work = Sampler()
    calls, marks = [], []
    for k in range(4):
        t = 200 * MS + k * MS
        calls.append(Syscall("send", t - 20 * US, t, 16384, may_block=True, actor="sender"))
        calls.append(Syscall("recv", t + 15 * US, t + 30 * US, 16384, moved=16384))
        marks.append(Mark("SIGIO", t + 10 * US))
    for t in range(0, 203 * MS + 14 * US, 10 * US):
        if not any(c.start_ns <= t <= c.end_ns for c in calls if c.actor == "process"):
            work.add(t)
    tl = make("signal", calls=calls, work=work.trace(), marks=marks, sent=203 * MS, chunks=4)
    assert tl.ready_ns == 203 * MS + 10 * US and tl.copy_end_ns == 203 * MS + 30 * US
    assert tl.work.count_between(200 * MS, 203 * MS) > 0  # between the pieces
    assert tl.copy_windows() == [(203 * MS + 15 * US, 203 * MS + 30 * US)]
    assert tl.copy_window_ns == 15 * US == tl.held_in_copy_ns and tl.work_in_copy == 0
    assert tl.blocked_during_copy and tl.verdict == "synchronous"
    d = summary(tl)
    assert d["copy_window_ms"] == 0.015 and d["held_in_copy_ms"] == 0.015 and d["other_work_in_copy_window"] == 0


def test_summary_has_the_cli_keys_and_survives_json():
    recv = Syscall("recv", 10 * US, 200 * MS + 80 * US, 65536, may_block=True, moved=65536)
    tl = make(calls=[recv])
    d = summary(tl)
    for k in ("model", "wait_ms", "copy_ms", "syscalls", "eagain", "blocked_during_wait", "blocked_during_copy",
              "other_work", "mechanism"):
        assert k in d
    assert d["wait_ms"] == 200.0 and d["copy_ms"] == 0.08
    back = Timeline.from_dict(json.loads(json.dumps(tl.to_dict())))
    assert back == tl


def test_intervals():
    assert merge_intervals([(5, 7), (0, 2), (1, 3), (7, 9), (4, 4)]) == [(0, 3), (5, 9)]
    assert overlap_ns([(0, 10), (5, 20)], 8, 30) == 12
    assert overlap_ns([], 0, 10) == 0


def test_sampler_bounds_memory_and_keeps_the_count_exact():
    s = Sampler(capacity=16, tail=4)
    for t in range(1000):
        s.add(t * 10)
    tr = s.trace()
    assert tr.count == 1000
    assert len(tr.sampled_ns) < 16 and tr.stride == 64
    assert tr.tail_ns == (9960, 9970, 9980, 9990)
    assert tr.count_until(9975) == 998  # exact inside the tail
    assert tr.count_until(-1) == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=400), st.integers(0, 10**6))
def test_sampled_counts_are_within_one_stride(deltas, probe):
    s = Sampler(capacity=8, tail=3)
    t, times = 0, []
    for d in deltas:
        t += d
        times.append(t)
        s.add(t)
    tr = s.trace()
    truth = sum(1 for x in times if x <= probe)
    got = tr.count_until(probe)
    assert 0 <= got <= tr.count
    assert abs(got - truth) <= tr.stride


@given(st.integers(1, 10**6), st.integers(1, 1024))
def test_pieces_cover_the_message(size, chunks):
    if chunks > size:
        with pytest.raises(ValueError):
            RunSpec(size=size, chunks=chunks)
        return
    p = RunSpec(size=size, chunks=chunks).pieces()
    assert len(p) == chunks and sum(n for _, n in p) == size
    assert all(off == sum(n for _, n in p[:i]) for i, (off, _) in enumerate(p))


@pytest.mark.parametrize("kw", [dict(delay_ms=-1), dict(delay_ms=float("nan")), dict(size=0), dict(chunks=0),
                                dict(mux="kqueue"), dict(async_mechanism="magic"), dict(mux_fds=0)])
def test_bad_specs_are_refused(kw):
    with pytest.raises(ValueError):
        RunSpec(**kw)


def test_a_gap_in_the_work_outside_any_call_is_a_stall():
    s = Sampler()
    times = [t for t in range(0, 200 * MS + 100 * US, 10 * US) if not (100 * MS < t < 100 * MS + 300 * US)]
    for t in times:
        s.add(t)
    # the signal-driven shape: its own recv sits in a gap too, which is no stall
    recv = Syscall("recv", 200 * MS + 5 * US, 200 * MS + 95 * US, 65536, moved=65536)
    s2 = Sampler()
    for t in [t for t in times if not (200 * MS < t < 200 * MS + 100 * US)]:
        s2.add(t)
    tl = make("signal", calls=[recv], work=s2.trace(), copy_end=200 * MS + 95 * US)
    stalls = [(sp.start_ns, sp.end_ns) for sp in process_spans(tl) if sp.kind == "stalled"]
    assert stalls == [(100 * MS, 100 * MS + 300 * US)]  # exact, although long before the tail
    assert tl.stalled_ns == 300 * US
    assert summary(tl)["stalled_ms"] == 0.3
    assert tl.work.first_ns == 0  # exact, even once sampling has thinned the trace


def test_a_call_preempted_before_entering_the_kernel_does_not_predate_the_data():
    # recv's clock was read 170 us before the sender even began writing, then the thread lost the CPU
    send = Syscall("send", 200 * MS, 200 * MS + 30 * US, 65536, may_block=True, actor="sender")
    recv = Syscall("recv", 200 * MS - 170 * US, 201 * MS, 65536, moved=65536)
    tl = make("nonblocking", calls=[send, recv], sent=200 * MS + 30 * US)
    assert tl.data_at(recv) == 200 * MS
    assert tl.ready_ns == 200 * MS and tl.wait_ns == 200 * MS
