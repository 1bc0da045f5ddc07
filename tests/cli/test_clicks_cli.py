import json
import subprocess
import sys

from evsim.cli import main

FIELDS = {"mode", "clicks_sent", "clicks_handled", "clicks_missed", "latency_ms", "max_queue_wait_ms",
          "cpu_percent", "max_queue_depth"}


def test_json_has_the_contract_fields(capsys):
    rc = main(["clicks", "--mode", "eventloop", "--rate", "20", "--seconds", "0.4", "--json"])
    out = capsys.readouterr().out
    assert rc == 0
    r = json.loads(out)
    assert FIELDS <= r.keys() and set(r["latency_ms"]) == {"p50", "p95", "max"}
    assert r["mode"] == "eventloop" and r["clicks_sent"] >= 5 and r["clicks_handled"] >= 5
    assert r["clicks_missed"] == 0 and r["cpu_percent"] < 50


def test_rate_zero_is_the_idle_case(capsys):
    assert main(["clicks", "--mode", "polling", "--rate", "0", "--seconds", "0.3", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    # ~100% on a quiet machine; a loaded one gives a spinning process only its share of a core
    assert r["clicks_sent"] == 0 and r["clicks_handled"] == 0 and r["cpu_percent"] > 5


def test_readable_summary_without_json(capsys):
    rc = main(["clicks", "--mode", "polling", "--rate", "10", "--seconds", "0.5", "--handler-ms", "300",
               "--devices", "3", "--scan-us", "10", "--poll-interval-ms", "1"])
    out = capsys.readouterr().out
    assert rc == 0
    assert "polling: 3 device(s)" in out and "every 1 ms" in out
    assert "missed" in out and "CPU" in out and not out.lstrip().startswith("{")


def test_subprocess_run_and_bad_input_is_one_line_without_traceback():
    ok = subprocess.run([sys.executable, "-m", "evsim", "clicks", "--mode", "eventloop", "--offload",
                         "--handler-ms", "200", "--rate", "10", "--seconds", "0.4", "--json"],
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["settings"]["offload"] is True
    for argv, needle in ((["--mode", "eventloop", "--devices", "20000", "--seconds", "0"], "--devices"),
                         (["--mode", "polling", "--rate", "-3"], "--rate"),
                         (["--mode", "sideways"], "--mode")):
        r = subprocess.run([sys.executable, "-m", "evsim", "clicks", *argv], capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 2 and needle in r.stderr
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_offload_with_polling_is_noted_not_fatal(capsys):
    assert main(["clicks", "--mode", "polling", "--offload", "--seconds", "0", "--json"]) == 0
    cap = capsys.readouterr()
    assert "--offload" in cap.err and json.loads(cap.out)["settings"]["offload"] is False


def test_no_mode_runs_both_designs_on_the_same_clicks_side_by_side(capsys):
    """The classic slow handler, shortened: the loop's queue waits grow (reported as lower bounds), polling
    loses clicks; every click is accounted for in both."""
    assert main(["clicks", "--handler-ms", "1500", "--rate", "4", "--seconds", "1.2", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert set(r) == {"polling", "eventloop"}
    poll, loop = r["polling"], r["eventloop"]
    assert poll["clicks_sent"] == loop["clicks_sent"] == poll["clicker_sent"] >= 3
    assert poll["clicks_missed"] >= 1 and loop["clicks_missed"] == 0
    assert loop["latency_lower_bounds"] >= 2 and loop["max_queue_wait_ms"] > 500
    for d in (poll, loop):
        assert d["clicks_handled"] + d["clicks_pending"] + d["clicks_missed"] == d["clicker_sent"]
    assert main(["clicks", "--rate", "0", "--seconds", "0.2"]) == 0
    out = capsys.readouterr().out
    assert "polling: 1 device(s)" in out and "event loop" in out and "n/a" in out  # no click: no latency
