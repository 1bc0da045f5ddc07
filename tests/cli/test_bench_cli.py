"""`evsim bench` in this process and as a subprocess.

In this process `evsim bench` raises the soft RLIMIT_NOFILE for its sockets; tests/conftest.py puts the
session's limit back after each test, so no later test depends on it.
"""

import json
import resource
import subprocess
import sys

from evsim.cli import main


def _run_json(capsys, *argv):
    assert main(["bench", *argv, "--json"]) == 0
    out = capsys.readouterr()
    return json.loads(out.out), out.err


def test_json_contract(capsys):
    data, _ = _run_json(capsys, "--fds", "8,64", "--backends", "poll,epoll", "--ready", "2")
    assert isinstance(data["fd_limit"], int) and data["fd_limit"] >= 64
    res = data["results"]
    assert [(r["backend"], r["fds"], r["ready"]) for r in res] == [
        ("poll", 8, 2), ("epoll", 8, 2), ("poll", 64, 2), ("epoll", 64, 2)]
    for r in res:
        assert {"backend", "fds", "ready", "us_per_call_p50", "us_per_call_p95", "error"} <= set(r)
        assert r["error"] is None
        assert 0 < r["us_per_call_p50"] <= r["us_per_call_p95"]
        assert r["found_per_call"] == 2


def test_select_above_fd_setsize_reports_an_error_not_a_number(capsys):
    data, _ = _run_json(capsys, "--fds", "16,1100", "--backends", "select")
    small, big = data["results"]
    assert small["error"] is None and small["us_per_call_p50"] > 0
    assert big["error"].startswith("unsupported above FD_SETSIZE")
    assert big["us_per_call_p50"] is None and big["us_per_call_p95"] is None


def test_table(capsys):
    assert main(["bench", "--fds", "16,1100", "--ready", "1"]) == 0
    out = capsys.readouterr().out
    assert "p50 us/call" in out
    lines = [line.split() for line in out.splitlines()]
    rows = {(l[0], l[1]) for l in lines if l and l[0] in ("select", "poll", "epoll")}
    assert rows == {(b, n) for b in ("select", "poll", "epoll") for n in ("16", "1100")}
    assert any(l[:2] == ["select", "1100"] and "unsupported" in l for l in lines)
    assert "median per call" in out


def test_ready_more_than_sockets_is_noted(capsys):
    data, err = _run_json(capsys, "--fds", "4", "--backends", "epoll", "--ready", "9")
    assert data["results"][0]["ready"] == 4
    assert "--ready 9" in err


def _cli(*argv, preexec=None):
    return subprocess.run([sys.executable, "-m", "evsim", "bench", *argv], capture_output=True, text=True,
                          timeout=60, preexec_fn=preexec)


def test_too_many_sockets_is_one_line_and_exit_2():
    r = _cli("--fds", "16,20000")
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "10000" in r.stderr and "Traceback" not in r.stderr


def test_bad_backend_is_an_argument_error():
    r = _cli("--backends", "select,kqueue")
    assert r.returncode == 2 and "kqueue" in r.stderr and "Traceback" not in r.stderr


def test_low_hard_limit_caps_the_socket_count_and_says_so():
    def low_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200))

    r = _cli("--fds", "16,1000", "--backends", "epoll", "--json", preexec=low_limit)
    assert r.returncode == 0, r.stderr
    assert "capped at" in r.stderr and "asked 1000" in r.stderr
    data = json.loads(r.stdout)
    assert data["fd_limit"] == 200 and data["fds_capped_at"] < 200
    assert [x["fds"] for x in data["results"]] == [16, data["fds_capped_at"]]


def test_busy_workload_makes_every_socket_ready_and_every_backend_reports_them_all(capsys):
    # 1100 > 1024: epoll is given room for every ready socket, like poll (it once stopped at 1024)
    data, _ = _run_json(capsys, "--fds", "8,1100", "--backends", "poll,epoll", "--workload", "busy")
    assert data["workload"] == "busy"
    for r in data["results"]:
        assert r["workload"] == "busy" and r["ready"] == r["fds"] == r["found_per_call"]


def test_churn_workload_runs_and_reports_the_same_ready_sockets(capsys):
    data, _ = _run_json(capsys, "--fds", "16,64", "--workload", "churn", "--ready", "3")
    assert {r["workload"] for r in data["results"]} == {"churn"}
    assert all(r["error"] is None and r["found_per_call"] == 3 and r["us_per_call_p50"] > 0
               for r in data["results"])
    assert main(["bench", "--fds", "16", "--workload", "churn"]) == 0
    assert "epoll_ctl" in capsys.readouterr().out  # what the workload teaches is printed with it


def test_compare_tlpi_puts_the_books_figures_beside_evsims(capsys):
    data, _ = _run_json(capsys, "--fds", "10,100", "--backends", "select", "--compare", "tlpi")
    assert {r["backend"] for r in data["results"]} == {"select", "poll", "epoll"}  # the table needs both
    rows = data["tlpi_63_9"]
    assert [r["fds"] for r in rows] == [10, 100]
    assert rows[1]["tlpi_poll_us"] == 29.0 and rows[1]["tlpi_epoll_us"] == 4.2 and rows[1]["tlpi_ratio"] == 6.9
    for r in rows:
        assert r["evsim_ratio"] == round(r["evsim_poll_us"] / r["evsim_epoll_us"], 1)
    growth = data["poll_growth"]
    assert [g["fds"] for g in growth] == [100] and growth[0]["pollfd_array_bytes"] == 800
    assert growth[0]["cpu_ns_per_fd_distinct_sockets"] > 0
    assert main(["bench", "--fds", "10,100", "--compare", "tlpi"]) == 0
    out = capsys.readouterr().out
    assert "Table 63-9" in out and "book poll/epoll" in out and "why poll grows" in out
