"""``evsim iomodels --trace FILE``: the runs as a Chrome trace, five tracks per model."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.core.export.trace_check import check_trace


def evsim(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "evsim", "iomodels", *args], capture_output=True, text=True,
                          timeout=timeout)


def test_trace_of_two_real_runs(tmp_path):
    out = tmp_path / "io.json"
    r = evsim("--model", "nonblocking", "--delay-ms", "10", "--json", "--trace", str(out))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)[0]["model"] == "nonblocking"  # stdout stays the JSON the caller asked for
    data = json.loads(out.read_text())
    summary = check_trace(data)
    names = summary["names"]
    assert names[(1, None)].startswith("1. non-blocking")
    assert {names[(1, t)] for t in (1, 2, 3, 4, 5)} == {"wait / copy", "process thread", "other work",
                                                       "system calls: process", "system calls: sender"}
    evs = data["traceEvents"]
    phases = [e for e in evs if e["ph"] == "X" and e["tid"] == 1]
    assert [e["name"] for e in phases] == ["wait", "copy"] and phases[0]["dur"] >= 10_000 * 0.9
    assert any(e["name"] == "recv EAGAIN" for e in evs) and "EAGAIN returns" in summary["counters"]
    assert any(e["tid"] == 5 and e["ph"] == "X" for e in evs)  # the sender's writes
    assert any(e["tid"] == 2 and e["name"] == "spinning" for e in evs)


def test_an_unwritable_trace_is_refused_before_the_runs(tmp_path):
    r = evsim("--model", "blocking", "--trace", str(tmp_path / "no" / "io.json"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "cannot write the trace" in r.stderr
    assert r.stdout == ""
