"""The echo server process records itself on command (the window's File > Record): private file, nothing lost."""

from __future__ import annotations

import os
import socket
import stat

import pytest

from evsim.core.echo import events as ev
from evsim.core.record import Recording
from evsim.core.record.feed import printer_feed
from evsim.core.record.format import RecordState
from tests.waiting import drain_until


def _state(got: list, **want) -> RecordState | None:
    for e in reversed(got):
        if type(e) is RecordState and all(getattr(e, k) == v for k, v in want.items()):
            return e
    return None


@pytest.mark.parametrize("style", ["selectors", "classic"])
def test_record_and_stop_on_command(server, tmp_path, style):
    srv = server(style=style)
    drain_until(srv, lambda _got: srv.listening)
    before = socket.create_connection(srv.address, timeout=5)  # open before the recording starts
    before.sendall(b"x")
    assert before.recv(8) == b"x"
    path = str(tmp_path / "run.evrec")
    srv.proc.command("record", path)
    got = drain_until(srv, lambda got: _state(got, recording=True))
    with socket.create_connection(srv.address, timeout=5) as c:
        for i in range(50):
            c.sendall(b"hello %d\n" % i)
            want = b"hello %d\n" % i
            data = b""
            while len(data) < len(want):
                data += c.recv(64)
    got += drain_until(srv, lambda got: any(type(e) is ev.Closed for e in got))
    srv.proc.command("record-stop")
    got += drain_until(srv, lambda got: _state(got, recording=False))
    done = _state(got, recording=False)
    assert done.error == "" and done.dropped == 0 and done.path == path and done.events > 150
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    before.close()
    with Recording.open(path) as rec:
        assert rec.truncated is None and len(rec) == done.events
        # the echo kinds, as `evsim serve --events` prints them (from the watched calls, when the server reports them)
        kinds = [e.kind for e in printer_feed(rec.made_by).translate(list(rec.iter_events()))]
        # it starts with the state at that instant: the connection opened before is in it
        assert kinds[1] == "SnapshotBegin" and "ConnectionState" in kinds[:kinds.index("SnapshotEnd")]
        assert kinds.count("Received") == kinds.count("Sent") >= 50
        assert kinds.count("Accepted") == 1 and kinds.count("Closed") == 1
        scene = rec.scene_at(len(rec) - 1)
        assert scene.open_count == 1 and scene.listener is not None  # the connection opened before is still open


def test_a_path_that_cannot_be_written_is_reported_to_the_window(server, tmp_path):
    srv = server()
    drain_until(srv, lambda _got: srv.listening)
    srv.proc.command("record", str(tmp_path / "missing" / "run.evrec"))
    got = drain_until(srv, lambda got: _state(got, recording=False))
    assert "cannot write the recording" in _state(got, recording=False).error
    srv.proc.command("record-stop")  # nothing to stop: no harm


def test_the_recording_ends_cleanly_when_the_server_stops(server, tmp_path):
    srv = server()
    drain_until(srv, lambda _got: srv.listening)
    path = str(tmp_path / "run.evrec")
    srv.proc.command("record", path)
    drain_until(srv, lambda got: _state(got, recording=True))
    srv.stop()
    with Recording.open(path) as rec:
        assert rec.truncated is None and rec.event(len(rec) - 1).kind == "ServerStopped"
