"""The Perfetto export of a recording: a real echo server run, synthetic watch events, bad and cut files."""

from __future__ import annotations

import io
import json
import os
import socket

import pytest

from evsim.core.echo import events as E
from evsim.core.echo.server import EchoServer
from evsim.core.events import ListSink
from evsim.core.export import SourceError, StreamTrace, export_file
from evsim.core.record import RecordingWriter
from evsim.core.stream import Dropped
from evsim.core.watch import events as W

from tests.core.export.trace_check import check_trace
from tests.waiting import wait_until


def record(path, events) -> str:
    w = RecordingWriter(str(path), producer="test")
    for ev in events:
        w.write(ev)
    w.close()
    assert not w.dropped
    return str(path)


def echo_run(clients: int = 3, rounds: int = 3) -> list:
    """A real echo server on port 0 with a few clients (one of them half-closes), its events in order."""
    sink = ListSink()
    srv = EchoServer("127.0.0.1", 0, sink=sink)
    srv.start()
    try:
        for i in range(clients):
            with socket.create_connection(srv.address, timeout=5) as c:
                for _ in range(rounds):
                    c.sendall(b"ping %d\n" % i)
                    got = b""
                    while len(got) < 7:
                        got += c.recv(100)
                if i == 0:
                    c.shutdown(socket.SHUT_WR)
                    assert c.recv(100) == b""
        wait_until(lambda: sum(type(e) is E.Closed for e in list(sink.events)) >= clients, timeout=5,
                   what="every connection's Closed")
    finally:
        srv.stop()
    return list(sink.events)


def load(path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def test_a_real_echo_run_exports_a_well_formed_trace(tmp_path):
    events = echo_run()
    res = export_file(record(tmp_path / "run.evsim", events), str(tmp_path / "trace.json"))
    assert res.problem is None and res.events == len(events) + 1  # (+ the writer's Hello)
    data = load(tmp_path / "trace.json")
    summary = check_trace(data)
    names = summary["names"]
    assert any("listener fd" in n for n in names.values())
    conn_tracks = [n for (pid, tid), n in names.items() if tid is not None and tid >= 100]
    assert len(conn_tracks) == 3 and all("127.0.0.1:" in n for n in conn_tracks)
    evs = data["traceEvents"]
    # (the echo server reports its calls in the watch's kinds, or in its own older ones: either drives the trace)
    watch = any(type(e) is W.Selected for e in events)
    recvs = [e for e in evs if e["ph"] == "i" and e["name"] == "recv"]
    sends = [e for e in evs if e["ph"] == "i" and e["name"] == "send"]
    n_recv = sum(type(e) is W.Recv and e.nbytes > 0 for e in events) if watch else \
        sum(type(e) is E.Received for e in events)
    sent = sum(e.nbytes for e in events if type(e) is (W.Send if watch else E.Sent) and e.nbytes > 0)
    assert len(recvs) == n_recv == 9
    assert sum(e["args"]["bytes"] for e in sends) == sent == 9 * 7
    assert summary["phases"]["b"] == summary["phases"]["e"] == 3
    assert {"open connections", "bytes/s"} <= summary["counters"]
    assert summary["flows"] >= 9  # an arrow per readiness of a connection (and of the listener)
    waits = [e for e in evs if e["ph"] == "X" and e["name"].startswith("wait in")]
    assert waits and all(bool(e["args"].get("inferred")) != watch for e in waits)
    handlers = {e["name"] for e in evs if e["ph"] == "B"}
    assert any(n.startswith("handle ") for n in handlers) and any(n.endswith(": accept") for n in handlers)
    assert data["otherData"]["events_read"] == res.events and data["otherData"]["problem"] is None
    assert res.trace_events == len(evs)


def watch_run(t: int = 10_000_000_000) -> list:
    """A watched program's loop: accept, two echoes (one partial), an EAGAIN, a close; with the echo kinds the
    embedded server would add, a drop, a diagnosis, a hold and kernel queues."""
    us = 1_000
    return [
        W.SourceFile(t, 1, "/home/me/echo.py"),
        W.Listen(t + 1 * us, 3, "127.0.0.1", 9000, 100, 1, 10),
        W.Register(t + 2 * us, 3, 1, 1, 11),
        W.Selected(t + 50 * us, 4, 1, 3, -1, 45 * us, 1, 1, 20),
        W.ReadyFd(t + 50 * us, 3, 1, 1, 20),
        W.Accept(t + 52 * us, 3, 7, "127.0.0.1:5555", 0, 1, 30),
        E.Accepted(t + 52 * us, 7, "127.0.0.1:5555"),  # the same accept, in the echo kinds: drawn once
        W.Register(t + 53 * us, 7, 1, 1, 31),
        W.Selected(t + 90 * us, 4, 2, 7, 1000, 30 * us, 1, 1, 20),
        W.ReadyFd(t + 90 * us, 7, 1, 1, 20),
        E.Ready(t + 90 * us, 7, 1),
        W.Recv(t + 92 * us, 7, 10, 4096, 0, 1, 40),
        E.Received(t + 92 * us, 7, 10),
        W.Send(t + 94 * us, 7, 4, 10, 0, 1, 41),
        W.Modify(t + 95 * us, 7, 3, 1, 42),
        W.KernelQueues(t + 96 * us, 7, 0, 6),
        Dropped(t + 97 * us, 5),
        W.Selected(t + 120 * us, 4, 2, 7, -1, 20 * us, 2, 1, 20),
        W.ReadyFd(t + 120 * us, 7, 3, 1, 20),
        W.ReadyFd(t + 120 * us, 3, 1, 1, 20),
        W.Held(t + 121 * us, 4, 7, 6, 3, 1, 41),
        W.Send(t + 122 * us, 7, 6, 6, 0, 1, 41),
        W.Recv(t + 123 * us, 7, -1, 4096, 11, 1, 40),  # EAGAIN
        W.Accept(t + 125 * us, 3, -1, "", 11, 1, 30),  # EAGAIN on the listener: the next handler
        W.Diagnosis(t + 126 * us, "eof-spin", 7, "n=3", "recv returned b'' three times", 1, 40),
        W.Selected(t + 200 * us, 4, 2, 7, -1, 70 * us, 1, 1, 20),
        W.ReadyFd(t + 200 * us, 7, 1, 1, 20),
        W.Recv(t + 201 * us, 7, 0, 4096, 0, 1, 40),
        W.Unregister(t + 202 * us, 7, 1, 50),
        W.Close(t + 203 * us, 7, 1, 51),
        E.Closed(t + 203 * us, 7, "normal", 10, 10),
        W.ProgramExited(t + 300 * us, 0, ""),
    ]


def test_watch_events_drive_the_loop_exactly_and_echo_duplicates_are_drawn_once():
    f = io.StringIO()
    tr = StreamTrace(f)
    tr.feed_events(watch_run())
    other = tr.close()
    data = json.loads(f.getvalue())
    summary = check_trace(data)
    evs = data["traceEvents"]
    assert other["loop_kinds"] == "watch" and other["dropped_by_producer"] == 5
    waits = [e for e in evs if e["ph"] == "X"]
    assert [e["dur"] for e in waits] == [45.0, 30.0, 20.0, 70.0]  # exact: Selected.wait_ns
    assert waits[0]["args"]["at"] == "echo.py:20" and waits[1]["args"]["timeout_ms"] == 1.0
    on = lambda name: [e for e in evs if e["name"] == name and e["ph"] == "i"]  # noqa: E731
    assert len(on("recv")) == 1 and len(on("accept")) == 1  # not doubled by Received / Accepted
    assert on("send (partial)")[0]["args"] == {"bytes": 4, "offered": 10, "at": "echo.py:41"}
    assert len(on("recv EAGAIN")) == 1 and len(on("recv EOF")) == 1 and len(on("accept EAGAIN")) == 1
    assert [e["name"] for e in evs if e["ph"] == "B" and e["name"].startswith("fd ")] == \
        ["fd 3: accept", "fd 7: read", "fd 7: read+write", "fd 3: accept", "fd 7: read"]
    assert on("5 events dropped by the producer")[0]["s"] == "g"
    assert on("warning: eof-spin")[0]["args"]["message"].startswith("recv returned")
    assert on("held before send fd 7") and "kernel queues fd 7" in summary["counters"]
    assert summary["phases"]["b"] == summary["phases"]["e"] == 1 and summary["flows"] == 5


def test_a_cut_recording_exports_what_it_holds_and_says_where_it_ends(tmp_path):
    path = record(tmp_path / "run.evsim", watch_run())
    data = open(path, "rb").read()
    cut = tmp_path / "cut.evsim"
    cut.write_bytes(data[:len(data) * 2 // 3])
    res = export_file(str(cut), str(tmp_path / "t.json"))
    assert res.problem and "cut at byte" in res.problem and 0 < res.events < len(watch_run())
    trace = load(tmp_path / "t.json")
    check_trace(trace)
    assert trace["otherData"]["problem"] == res.problem


@pytest.mark.parametrize("content, words", [
    (b"", "empty"), (b"hello world, not a recording", "not an evsim recording"),
    (b"EVSM\x07\x00", "newer"), (b"EVSM\x01\x00", "nothing to replay"),
])
def test_files_that_are_not_recordings_are_refused_before_any_output(tmp_path, content, words):
    src, out = tmp_path / "in.evsim", tmp_path / "out.json"
    src.write_bytes(content)
    with pytest.raises(SourceError, match=words):
        export_file(str(src), str(out))
    assert not out.exists() and not os.path.exists(f"{out}.part")


def test_an_unwritable_output_raises_oserror_and_leaves_nothing(tmp_path):
    path = record(tmp_path / "run.evsim", watch_run())
    with pytest.raises(OSError):
        export_file(path, str(tmp_path / "missing" / "t.json"))
    with pytest.raises(SourceError, match="cannot read"):
        export_file(str(tmp_path / "nope.evsim"), str(tmp_path / "t.json"))


def test_cancel_stops_the_export_and_leaves_no_file(tmp_path):
    from evsim.core.export import ExportCancelled

    path = record(tmp_path / "run.evsim", watch_run())
    seen = []
    with pytest.raises(ExportCancelled):
        export_file(path, str(tmp_path / "t.json"), progress=lambda a, b: seen.append((a, b)), cancel=lambda: True)
    assert seen == [(len(watch_run()) + 1, len(watch_run()) + 1)] and not list(tmp_path.glob("t.json*"))


def test_times_out_of_order_are_clamped_and_the_trace_stays_well_formed():
    """Times from a stream are trusted for nothing: a round stamped before the last event, a recv before its
    connection's previous event, a select that began before the round it ends."""
    t = 5_000_000_000
    events = [
        E.Listening(t, "127.0.0.1", 9, "epoll", "selectors", 3),
        E.Ready(t + 100, 3, 1), E.Accepted(t + 200, 7, "p:1"),
        E.Ready(t + 300, 7, 1), E.Received(t + 400, 7, 5), E.Sent(t + 350, 7, 5, False, 0),  # send before recv
        E.Ready(t + 320, 7, 1), E.Received(t + 500, 7, 1),  # a round stamped before the last send
        Dropped(t + 510, 2), E.Ready(t + 505, 7, 3), E.Sent(t + 520, 7, 1, True, 4),
        W.Selected(t + 530, 4, 2, 7, -1, 100, 1, 0, 0),  # began at t + 430, before the round above ended
        W.ReadyFd(t + 530, 7, 1, 0, 0), W.Recv(t + 525, 7, 3, 10, 0, 0, 0),
    ]
    f = io.StringIO()
    tr = StreamTrace(f)
    tr.feed_events(events)
    other = tr.close()
    data = json.loads(f.getvalue())
    check_trace(data)
    assert other["times_clamped"] >= 2
    assert sum(e["ph"] == "i" and e["name"].startswith("recv") for e in data["traceEvents"]) == 3
