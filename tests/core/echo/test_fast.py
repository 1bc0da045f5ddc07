"""The fused loop (evsim.core.echo.fast) against the textbook loop it stands for: the same events at the same
lines, and the hand-over both ways when the gate becomes active (Step) and lets go (Continue)."""

from __future__ import annotations

import dataclasses
import errno
import socket

import pytest

from evsim.core.echo import EchoServer
from evsim.core.echo.events import Closed, HalfClosed
from evsim.core.events import ListSink
from evsim.core.stream.framesink import FrameListSink
from evsim.core.watch import events as w
from evsim.core.watch.gate import Gate

from .conftest import connect, recv_all, recv_exactly, wait_until

#: Fields that depend on the clock, not on what the loop did.
_TIMING = {"t_ns", "wait_ns"}


def _shape(events: list, fds: dict[int, int]) -> list[tuple]:
    """Each event as (kind, its fields but the clock's), descriptors renumbered by first appearance."""
    out = []
    for e in events:
        fields = []
        for f in dataclasses.fields(e):
            name, value = f.name, getattr(e, f.name)
            if name in _TIMING:
                continue
            if name in ("fd", "new_fd", "max_fd") and isinstance(value, int) and value >= 0:
                value = fds.setdefault(value, len(fds))
            if name == "peer":
                value = "peer"
            fields.append((name, value))
        out.append((type(e).__name__, tuple(fields)))
    return out


def _lock_step_session(fused: bool, backend: str = "epoll", sink=None) -> tuple[list, EchoServer]:
    """One client: three echoes in lock step, then a last message and a half-close; every event reported."""
    sink = sink if sink is not None else FrameListSink() if fused else ListSink()
    server = EchoServer(port=0, sink=sink, backend=backend, fused=fused)
    server.start()
    try:
        c = connect(server)
        wait_until(lambda: server.stats().open == 1, what="accepted")
        for msg in (b"one", b"two" * 100, b"three" * 1000):
            c.sendall(msg)
            assert recv_exactly(c, len(msg)) == msg
        c.sendall(b"bye")
        assert recv_exactly(c, 3) == b"bye"
        c.shutdown(socket.SHUT_WR)
        assert recv_all(c) == b""
        c.close()
        wait_until(lambda: sink.of(Closed), what="closed")
    finally:
        server.stop()
    return sink.events, server


@pytest.mark.parametrize("backend", ["epoll", "poll"])  # (epoll: its select() is written into the fused loop)
def test_the_fused_loop_reports_what_the_textbook_loop_reports(backend):
    fused, server = _lock_step_session(True, backend)
    textbook, _ = _lock_step_session(False, backend)
    assert server.sink.frames_events > 0  # the fused loop did run (its events came as frames)
    watched = (w.Selected, w.ReadyFd, w.Recv, w.Send, w.Accept, w.Register, w.Unregister, w.Close, HalfClosed)
    a = _shape([e for e in fused if isinstance(e, watched)], {})
    b = _shape([e for e in textbook if isinstance(e, watched)], {})
    assert a == b
    kinds = {k for k, _ in a}
    assert {"Selected", "ReadyFd", "Recv", "Send", "Accept", "Close"} <= kinds
    # the lines are loop.py's, as the code pane shows them
    _, _, phases = EchoServer.loop_source()
    lines = {(type(e).__name__, e.line) for e in fused if isinstance(e, (w.Selected, w.Recv, w.Send))}
    assert lines == {("Selected", phases["select"]), ("Recv", phases["read"]), ("Send", phases["write"])}


def test_a_peer_that_resets_costs_only_its_connection():
    """The failed recv() is reported with its errno, that connection closes, the other goes on."""
    sink = FrameListSink()
    server = EchoServer(port=0, sink=sink)
    server.start()
    try:
        a, b = connect(server), connect(server)
        a.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        a.sendall(b"x")
        assert recv_exactly(a, 1) == b"x"
        a.close()  # linger 0: a reset
        wait_until(lambda: sink.of(Closed), what="the reset connection closed")
        b.sendall(b"still here")
        assert recv_exactly(b, 10) == b"still here"
        b.close()
    finally:
        server.stop()
    closed = sink.of(Closed)[0]
    assert closed.reason == "reset"
    assert [(e.nbytes, e.errno) for e in sink.of(w.Recv) if e.fd == closed.fd][-1] == (-1, errno.ECONNRESET)


def _step_once(gate: Gate) -> w.Held:
    """Wait until the loop is held; let that one call run; the Held it was stopped at."""
    wait_until(lambda: gate.held, what="the loop held")
    h = gate.last_held
    gate.step()
    wait_until(lambda: gate.last_held is not h or not gate.held, what="the call ran")
    return h


def test_step_takes_the_loop_off_full_speed_and_continue_gives_it_back():
    gate = Gate()
    sink = FrameListSink()
    server = EchoServer(port=0, sink=sink, gate=gate)
    server.start()
    try:
        c = connect(server)
        c.sendall(b"fast")
        assert recv_exactly(c, 4) == b"fast"
        wait_until(lambda: sink.of(w.Send), what="the echo's events (handed over before the next select)")
        before = sink.frames_events
        assert before >= 4  # (Selected, ReadyFd, Recv, Send: and the accept's Selected, ReadyFd)
        gate.set_step_mode(True)  # the loop waits in select(): held as soon as it returns
        c.sendall(b"held")
        calls = [_step_once(gate).call for _ in range(4)]
        # Held before each call: either the fused loop was waiting in select() (its Selected and ReadyFd went out
        # as frames, then it holds at dispatch), or it was on its way there (the textbook loop holds the select)
        assert calls in ([11, 3, 4, 1], [1, 11, 3, 4])  # (select, dispatch, recv, send)
        assert recv_exactly(c, 4) == b"held"
        assert sink.frames_events == before + (2 if calls[0] == 11 else 0)
        gate.resume()
        for msg in (b"free", b"fast"):  # the first wakes the held select (the textbook loop's last iteration)
            c.sendall(msg)
            assert recv_exactly(c, 4) == msg
        wait_until(lambda: sink.frames_events >= before + 6, what="full speed again (events as frames)")
        c.close()
    finally:
        server.stop()


@pytest.mark.parametrize("fused", [True, False])
def test_textbook_loop_is_used_without_a_frame_sink_or_when_asked(fused):
    sink = ListSink()  # no emit_frames: the textbook loop whatever ``fused`` says
    server = EchoServer(port=0, sink=sink, fused=fused)
    server.start()
    try:
        with connect(server) as c:
            c.sendall(b"hi")
            assert recv_exactly(c, 2) == b"hi"
    finally:
        server.stop()
    assert sink.of(w.Recv) and not hasattr(sink, "frames_events")


def test_many_ready_at_once_are_handed_over_in_blocks(monkeypatch):
    from evsim.core.echo import fast

    monkeypatch.setattr(fast, "BLOCK_EVENTS", 8)
    sink = FrameListSink()
    blocks: list[int] = []
    real = sink.emit_frames

    def emit_frames(frames, count):
        blocks.append(count)
        real(frames, count)

    sink.emit_frames = emit_frames
    server = EchoServer(port=0, sink=sink)
    server.start()
    try:
        clients = [connect(server) for _ in range(20)]
        wait_until(lambda: server.stats().open == 20, what="20 open")
        for _ in range(3):
            for c in clients:
                c.sendall(b"ping")
            for c in clients:
                assert recv_exactly(c, 4) == b"ping"
        for c in clients:
            c.close()
    finally:
        server.stop()
    assert max(blocks) <= 8 + 3  # a block ends at the first event after 8 (one ready socket adds 3 at most)
    assert len(sink.of(w.Send)) == 60


class _SheddingSink(FrameListSink):
    """A frame sink whose consumer is behind (``sheds()``) while ``behind`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.behind = True
        self.counted = 0

    def sheds(self) -> bool:
        return self.behind

    def count_dropped(self, n: int) -> None:
        self.counted += n


def test_while_the_sink_sheds_the_echoes_are_counted_not_encoded():
    textbook, _ = _lock_step_session(False)
    sink = _SheddingSink()
    fused, server = _lock_step_session(True, sink=sink)
    hot = (w.Selected, w.ReadyFd, w.Recv, w.Send)
    n_textbook = sum(isinstance(e, hot) for e in textbook)
    n_fused = sum(isinstance(e, hot) for e in fused)
    # the four echoes' Recv and Send, and every select's Selected and ReadyFd, were counted instead; what the
    # textbook methods report (the accept, the end of file, the close) still arrives
    assert sink.counted > 0 and n_fused + sink.counted == n_textbook
    assert not any(isinstance(e, w.Send) for e in fused)
    assert any(isinstance(e, w.Accept) for e in fused) and any(isinstance(e, w.Close) for e in fused)


def test_a_writer_sheds_while_its_consumer_is_behind_and_a_recording_never_does(tmp_path):
    from evsim.core.record.tap import RecordTap
    from evsim.core.stream import StreamWriter

    a, b = socket.socketpair()
    try:
        a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        writer = StreamWriter(a, capacity=8192)
        tap = RecordTap(writer)
        assert not writer.sheds() and not tap.sheds()
        for _ in range(100):  # nobody reads b: the socket fills, then the writer's buffer
            writer.emit_frames(bytes(1000), 1)
            writer.flush()
            if writer.sheds():
                break
        assert writer.pending_bytes * 2 >= writer.capacity and tap.sheds()
        tap.start(str(tmp_path / "r.evrec"))
        assert not tap.sheds()  # everything is encoded while a recording runs: it must be whole
        tap.stop()
        tap.count_dropped(5)
        assert writer.dropped == 5
        b.setblocking(False)
        while writer.pending_bytes:  # the consumer catches up
            try:
                b.recv(65536)
            except BlockingIOError:
                pass
            writer.flush()
        assert not writer.sheds()
    finally:
        a.close()
        b.close()
