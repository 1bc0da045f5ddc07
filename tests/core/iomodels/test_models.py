"""Each model run for real on a socketpair with a delayed sender: the directions the lab shows must hold.

Delays are short (30 ms) and assertions are directions with wide margins, never timings, so these pass on a
loaded two-core machine.
"""

import signal
import socket
import threading

import pytest

from evsim.core.iomodels import MODELS, Cancel, RunCancelled, RunSpec, run_model, run_models
from evsim.core.iomodels.asynchronous import io_uring_status

SPEC = RunSpec(delay_ms=30)


def check_intact(tl, spec=SPEC):
    assert tl.intact and tl.received == spec.size
    assert tl.start_ns < tl.ready_ns <= tl.copy_end_ns <= tl.done_ns
    # the sender really waited for the delay (it can only be late)
    first_write = min(c.start_ns for c in tl.syscalls if c.actor == "sender")
    assert first_write - tl.start_ns >= spec.delay_ns


def test_blocking_blocks_in_both_phases():
    tl = run_model("blocking", SPEC)
    check_intact(tl)
    assert tl.mechanism == "recv"
    assert tl.blocked_during_wait and tl.blocked_during_copy and tl.verdict == "synchronous"
    assert tl.eagain.count == 0 and tl.other_work == 0
    assert [c.name for c in tl.calls()] and all(c.name == "recv" for c in tl.calls())


def test_nonblocking_polls_gets_eagain_and_no_other_work():
    tl = run_model("nonblocking", SPEC)
    check_intact(tl)
    assert tl.eagain.count > 0
    assert tl.other_work == 0
    assert not tl.blocked_during_wait  # awake, spinning
    assert tl.blocked_during_copy and tl.verdict == "synchronous"
    assert tl.process_syscalls > tl.eagain.count


@pytest.mark.parametrize("mux,call", [("select", "select"), ("poll", "poll"), ("epoll", "epoll_wait")])
def test_multiplexing_blocks_in_the_wait_call(mux, call):
    tl = run_model("multiplexing", RunSpec(delay_ms=30, mux=mux))
    check_intact(tl)
    assert tl.mechanism == mux
    assert tl.blocked_during_wait and tl.blocked_during_copy and tl.other_work == 0
    names = [c.name for c in tl.calls()]
    assert call in names and names.index(call) < names.index("recv")
    assert any(m.name == "ready" for m in tl.marks)


def test_signal_driven_works_while_waiting_then_copies_itself():
    before = signal.getsignal(signal.SIGIO)
    tl = run_model("signal", SPEC)
    assert signal.getsignal(signal.SIGIO) == before  # handler restored
    check_intact(tl)
    assert tl.mechanism == "SIGIO" and tl.runner == "in-process"
    assert any(m.name == "SIGIO" for m in tl.marks)
    assert tl.other_work > 0 and tl.work_during_wait > 0
    assert not tl.blocked_during_wait
    assert tl.blocked_during_copy and tl.verdict == "synchronous"


@pytest.mark.parametrize("mechanism", ["auto", "thread"])
def test_async_is_free_during_wait_and_copy(mechanism):
    tl = run_model("async", RunSpec(delay_ms=30, async_mechanism=mechanism))
    check_intact(tl)
    if mechanism == "thread":
        assert tl.mechanism == "completion thread"
        assert tl.calls("helper") and sum(c.moved for c in tl.calls("helper")) == SPEC.size
    else:
        assert tl.mechanism == ("io_uring" if io_uring_status()[0] else "completion thread")
    assert tl.moved_by_process == 0
    assert tl.other_work > 0 and tl.work_during_wait > 0
    assert not tl.blocked_during_wait and not tl.blocked_during_copy
    assert tl.verdict == "asynchronous"
    assert any(m.name == "completion" for m in tl.marks)


@pytest.mark.skipif(not io_uring_status()[0], reason="io_uring not available here")
def test_io_uring_ring_completes_a_recv_without_a_second_call():
    import ctypes

    from evsim.core.iomodels.iouring import IoUring

    a, b = socket.socketpair()
    with a, b, IoUring(2) as ring:
        a.sendall(b"hello ring")
        buf = bytearray(10)
        cbuf = (ctypes.c_char * 10).from_buffer(buf)
        ring.prep_recv(b.fileno(), ctypes.addressof(cbuf), 10, user_data=42)
        assert ring.submit() == 1
        for _ in range(1000):
            cqe = ring.peek()
            if cqe is not None:
                break
            threading.Event().wait(0.001)
        del cbuf
        assert cqe[0] == 42 and cqe[1] == 10 and bytes(buf) == b"hello ring"
        assert ring.peek() is None


def test_only_async_is_asynchronous_and_pieces_arrive_whole():
    spec = RunSpec(delay_ms=20, chunks=4, gap_ms=2)
    verdicts = {}
    for tl in run_models(MODELS, spec):
        check_intact(tl, spec)
        assert len(tl.calls("sender")) == 4
        verdicts[tl.model] = tl.verdict
    assert verdicts == {"blocking": "synchronous", "nonblocking": "synchronous", "multiplexing": "synchronous",
                        "signal": "synchronous", "async": "asynchronous"}


def test_signal_from_a_worker_thread_runs_in_a_child_process():
    out = {}

    def work():
        out["tl"] = run_model("signal", RunSpec(delay_ms=20))

    t = threading.Thread(target=work)
    t.start()
    t.join(30)
    tl = out["tl"]
    assert tl.runner == "child process" and tl.mechanism == "SIGIO"
    check_intact(tl, RunSpec(delay_ms=20))
    assert tl.other_work > 0 and tl.blocked_during_copy and not tl.blocked_during_wait


@pytest.mark.parametrize("model", MODELS)
def test_cancel_ends_a_long_run_quickly(model):
    cancel = Cancel()
    threading.Timer(0.05, cancel.set).start()
    import time

    t0 = time.monotonic()
    with pytest.raises(RunCancelled):
        run_model(model, RunSpec(delay_ms=20_000), cancel)
    assert time.monotonic() - t0 < 3.0


@pytest.mark.parametrize("model", MODELS)
def test_a_run_cancelled_before_it_starts_ends_at_once(model):
    # The sender is gone before the model has even armed its wait (for signal-driven I/O: before O_ASYNC
    # is set, so no SIGIO will ever come): the model must still notice at once.
    import time

    cancel = Cancel()
    cancel.set()
    t0 = time.monotonic()
    with pytest.raises(RunCancelled):
        run_model(model, RunSpec(delay_ms=20_000), cancel)
    assert time.monotonic() - t0 < 3.0
