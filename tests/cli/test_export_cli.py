"""``evsim export FILE -o trace.json``: a real recording through the real command, bad input, and a fuzz test
proving that no input gives a traceback (one line on stderr, exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evsim.cli import main
from tests.core.export.test_stream_export import echo_run, record, watch_run
from tests.core.export.trace_check import check_trace


def evsim(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "evsim", "export", *args], capture_output=True, text=True,
                          timeout=timeout)


def test_export_writes_a_trace_of_a_real_run(tmp_path):
    src = record(tmp_path / "run.evsim", echo_run(clients=2, rounds=2))
    r = evsim(src, "-o", str(tmp_path / "trace.json"))
    assert r.returncode == 0, r.stderr
    assert r.stderr == "" and "trace events from" in r.stdout and "2 connections" in r.stdout
    check_trace(json.loads((tmp_path / "trace.json").read_text()))


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a recording\n")
    for args in ([str(foreign), "-o", str(tmp_path / "a.json")],
                 [str(tmp_path / "missing.evsim"), "-o", str(tmp_path / "b.json")],
                 [str(foreign)]):  # -o is required
        r = evsim(*args)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert "Traceback" not in r.stderr
    assert not list(tmp_path.glob("*.json*"))
    assert "not an evsim recording" in evsim(str(foreign), "-o", str(tmp_path / "a.json")).stderr


def test_a_cut_recording_is_exported_up_to_the_cut_and_says_so(tmp_path):
    data = open(record(tmp_path / "run.evsim", watch_run()), "rb").read()
    cut = tmp_path / "cut.evsim"
    cut.write_bytes(data[:len(data) - 40])
    r = evsim(str(cut), "-o", str(tmp_path / "t.json"))
    assert r.returncode == 2 and "cut at byte" in r.stderr and "the trace ends there" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    check_trace(json.loads((tmp_path / "t.json").read_text()))


def test_an_unwritable_output_is_one_line(tmp_path):
    src = record(tmp_path / "run.evsim", watch_run())
    r = evsim(src, "-o", str(tmp_path / "no" / "t.json"))
    assert r.returncode == 2 and r.stderr.startswith("evsim: cannot write") and "No such file" in r.stderr
    r = evsim(src, "-o", src)
    assert r.returncode == 2 and "overwrite the recording" in r.stderr


_VALID: dict = {}


def _valid(tmp_path_factory) -> bytes:
    if "data" not in _VALID:
        path = tmp_path_factory.mktemp("fuzz") / "run.evsim"
        _VALID["data"] = open(record(path, watch_run()), "rb").read()
    return _VALID["data"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_input_gives_a_traceback(tmp_path_factory, capsys, data):
    valid = _valid(tmp_path_factory)
    how = data.draw(st.sampled_from(["cut", "flip", "splice", "random"]))
    if how == "cut":
        blob = valid[:data.draw(st.integers(0, len(valid)))]
    elif how == "flip":
        b = bytearray(valid)
        for _ in range(data.draw(st.integers(1, 8))):
            b[data.draw(st.integers(0, len(b) - 1))] = data.draw(st.integers(0, 255))
        blob = bytes(b)
    elif how == "splice":
        a = data.draw(st.integers(0, len(valid)))
        blob = valid[:a] + data.draw(st.binary(max_size=64)) + valid[a:]
    else:
        blob = data.draw(st.binary(max_size=256))
    d = tmp_path_factory.mktemp("f")
    src, out = d / "in.evsim", d / "out.json"
    src.write_bytes(blob)
    capsys.readouterr()
    code = main(["export", str(src), "-o", str(out)])  # anything raised here fails the test
    err = capsys.readouterr().err
    assert code in (0, 2)
    if code == 0:
        assert err == ""
    else:
        assert len(err.strip().splitlines()) == 1 and err.startswith("evsim: "), err
    if out.exists():  # whatever was written is a complete, well-formed trace
        check_trace(json.loads(out.read_text()))
    assert not os.path.exists(f"{out}.part")


def test_a_recording_of_evsim_serve_exports(tmp_path):
    """End to end: ``evsim serve --record`` on port 0, two clients, SIGINT; then ``evsim export``."""
    import signal
    import socket

    rec = tmp_path / "serve.evsim"
    proc = subprocess.Popen([sys.executable, "-m", "evsim", "serve", "--port", "0", "--record", str(rec)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        host, port = proc.stdout.readline().split()[-1].rsplit(":", 1)
        for i in range(2):
            with socket.create_connection((host, int(port)), timeout=5) as c:
                for _ in range(3):
                    c.sendall(b"hello\n")
                    got = b""
                    while len(got) < 6:
                        got += c.recv(64)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=20)
    assert proc.returncode == 0
    r = evsim(str(rec), "-o", str(tmp_path / "t.json"))
    assert r.returncode == 0, r.stderr
    data = json.loads((tmp_path / "t.json").read_text())
    summary = check_trace(data)
    evs = data["traceEvents"]
    assert summary["phases"]["b"] == 2 and sum(e["name"] == "recv" for e in evs) == 6
    assert sum(e["args"]["bytes"] for e in evs if e["name"] == "send") == 36
