"""`evsim serve --record` and `evsim replay FILE [--events]`: the same lines as serve --events; bad files are one line."""

from __future__ import annotations

import os
import re
import stat
import sys

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from evsim.cli import main
from evsim.core.events import materialize
from evsim.core.record import Recording
from evsim.core.record.feed import ECHO, printer_feed
from evsim.core.stream import format_event
from tests.cli.test_echo_cli import echo, finish, start_serve
from tests.core.record.samples import damaged_recordings, sample_events, sample_recording, write_recording

PHASES = [p for p in Phase if p is not Phase.explain]
_TIME = re.compile(r"^ *-?\d+\.\d{6}  ")


def _body(line: str) -> str:
    """A line without its time column."""
    return _TIME.sub("", line)


def test_serve_records_what_it_prints_and_replay_prints_the_same_lines(tmp_path):
    path = tmp_path / "run.evrec"
    p, port = start_serve("--events", "--record", str(path))
    assert echo(port, b"hello\n" * 10) == b"hello\n" * 10
    code, out, err = finish(p)
    assert code == 0, err
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    n = int(re.search(r"evsim: recorded ([\d,]+) events to ", err).group(1).replace(",", ""))
    served = [_body(x) for x in out.splitlines()[1:]
              if not re.search(r"  (Hello|ServerCounters|RecordState) ", x)]  # the printer's own stream has these
    assert main(["replay", str(path), "--events"]) == 0
    assert any(x.startswith("Accepted") for x in served) and any(x.startswith("Closed") for x in served)
    with Recording.open(path) as rec:
        assert len(rec) == n and rec.truncated is None
        replayed = [_body(format_event(e, 0)) for e in printer_feed(rec.made_by).translate(list(rec.iter_events()))
                    if e.kind != "Hello"]
    assert replayed == served


def test_replay_events_prints_every_event_as_serve_events_does(tmp_path, capsys):
    path = tmp_path / "run.evrec"
    events = sample_events(250)
    write_recording(str(path), events)
    assert main(["replay", str(path), "--events"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    shown = printer_feed(ECHO).translate([materialize(e) for e in events])  # as serve --events shows them
    assert err == "" and lines == [format_event(e, events[0].t_ns) for e in shown]
    assert lines[0] == "  0.000000  Listening       host=127.0.0.1 port=9999 backend=epoll style=selectors fd=3"
    assert "(3 events dropped by the producer: the consumer did not keep up)" in lines


def test_a_truncated_recording_prints_up_to_the_cut_and_says_where(tmp_path, capsys):
    good = sample_recording(60, 16)
    path = tmp_path / "cut.evrec"
    path.write_bytes(good[:len(good) // 2])
    assert main(["replay", str(path), "--events"]) == 0
    out, err = capsys.readouterr()
    assert 0 < len(out.splitlines()) < len(sample_events(60))
    assert re.fullmatch(r"evsim: cut\.evrec: the recording is cut at byte [\d,]+ inside a frame \(its writer stopped "
                        r"mid-write\): replaying the [\d,]+ events before the cut\n", err)


@pytest.mark.parametrize("data, message", [
    (b"not a recording at all", "evsim: bad.evrec is not an evsim recording (bad magic)\n"),
    (b"EVSM\x02\x00" + bytes(20), "evsim: cannot replay bad.evrec: stream format version 2 is newer than this evsim "
                                  "understands (1)\n"),
    (b"", "evsim: bad.evrec is empty: not an evsim recording\n"),
])
def test_a_foreign_or_newer_file_is_one_line_and_exit_2(tmp_path, capsys, data, message):
    path = tmp_path / "bad.evrec"
    path.write_bytes(data)
    for args in (["replay", str(path), "--events"], ["replay", str(path)]):
        assert main(args) == 2
        out, err = capsys.readouterr()
        assert out == "" and err == message


def test_a_missing_file_or_not_a_file_is_one_line(tmp_path, capsys):
    assert main(["replay", str(tmp_path / "nope.evrec"), "--events"]) == 2
    assert capsys.readouterr().err == f"evsim: cannot read {tmp_path / 'nope.evrec'}: No such file or directory\n"
    os.mkfifo(tmp_path / "fifo")  # nobody writes it: opening it would wait forever
    for name in ("fifo", "."):
        assert main(["replay", str(tmp_path / name), "--events"]) == 2
        assert capsys.readouterr().err == f"evsim: cannot read {tmp_path / name}: not a regular file\n"


def test_without_the_replay_window_it_says_so(tmp_path, capsys, monkeypatch):
    path = tmp_path / "run.evrec"
    write_recording(str(path), sample_events(5))
    monkeypatch.setitem(sys.modules, "evsim.gui.replay_window", None)  # as if it were not there
    assert main(["replay", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("evsim: this evsim has no replay window") and err.count("\n") == 1


@settings(max_examples=150, deadline=None, phases=PHASES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=damaged_recordings())
def test_replay_of_any_damaged_file_is_events_then_at_most_one_line(tmp_path, capsys, data):
    path = tmp_path / "fuzz.evrec"
    path.write_bytes(data)
    code = main(["replay", str(path), "--events"])
    out, err = capsys.readouterr()
    assert code in (0, 2)
    assert err.count("\n") <= 1 and "Traceback" not in err
    assert (code == 2) == (err != "" and "replaying the" not in err)
    if code == 2 and "corrupt at byte" not in err:
        assert out == ""
