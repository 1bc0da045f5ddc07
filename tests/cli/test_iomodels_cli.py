"""``evsim iomodels``: real runs in a subprocess; the measured directions must come out."""

import json
import subprocess
import sys

import pytest


def evsim(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "evsim", "iomodels", *args], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def rows():
    r = evsim("--json", "--delay-ms", "30", "--mux", "poll")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    return {d["model"]: d for d in data}


def test_json_has_one_object_per_model_with_the_contract_keys(rows):
    assert list(rows) == ["blocking", "nonblocking", "multiplexing", "signal", "async"]
    for d in rows.values():
        for k in ("model", "wait_ms", "copy_ms", "syscalls", "eagain", "blocked_during_wait",
                  "blocked_during_copy", "other_work", "mechanism"):
            assert k in d, k
        assert d["intact"] and d["wait_ms"] >= 30.0 and d["copy_ms"] >= 0.0


def test_the_measured_directions(rows):
    assert rows["blocking"]["blocked_during_wait"] and rows["multiplexing"]["blocked_during_wait"]
    assert rows["nonblocking"]["eagain"] > 0 and rows["nonblocking"]["other_work"] == 0
    assert rows["signal"]["other_work"] > 0 and rows["async"]["other_work"] > 0
    assert not rows["signal"]["blocked_during_wait"] and not rows["async"]["blocked_during_wait"]
    assert [m for m, d in rows.items() if not d["blocked_during_copy"]] == ["async"]
    assert rows["multiplexing"]["mechanism"] == "poll"
    assert rows["signal"]["mechanism"] == "SIGIO" and rows["signal"]["runner"] == "in-process"
    assert rows["async"]["mechanism"] in ("io_uring", "completion thread")


def test_one_model_as_a_table():
    r = evsim("--model", "nonblocking", "--delay-ms", "10", "--chunks", "2")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "65536 bytes in 2 pieces" in lines[0]
    assert lines[2].split()[:3] == ["model", "mechanism", "wait"]
    row = lines[3].split()
    assert row[0] == "nonblocking" and "synchronous" in row
    assert not any(line.startswith(("blocking", "async")) for line in lines)


@pytest.mark.parametrize("args,needle", [
    (["--chunks", "70000", "--size", "65536"], "--chunks 70000 is too many"),
    (["--size", str(2**30)], "too large"),
    (["--delay-ms", "soon"], "is not milliseconds"),
    (["--model", "psychic"], "invalid choice"),
])
def test_bad_input_is_one_line_without_traceback(args, needle):
    r = evsim(*args)
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_main_in_process_prints_json(capsys):
    from evsim.cli import main

    assert main(["iomodels", "--model", "async", "--delay-ms", "5", "--size", "4096", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 1 and data[0]["model"] == "async" and data[0]["size"] == 4096
    assert data[0]["verdict"] == "asynchronous"
