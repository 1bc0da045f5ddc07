"""`evsim shot` keeps stderr for errors: a good run prints nothing there, a bad output path fails at once."""

import json
import subprocess
import sys
import time


def test_a_good_shot_prints_nothing_on_stderr(tmp_path):
    out = tmp_path / "clicks.png"
    r = subprocess.run([sys.executable, "-m", "evsim", "shot", "clicks", "-o", str(out), "--seconds", "0.3"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and json.loads(r.stdout)["file"] == str(out)
    # the offscreen platform's "This plugin does not support propagateSizeHints()" used to land here
    assert r.stderr == ""


def test_a_folder_as_output_is_refused_before_the_demo_runs(tmp_path):
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "evsim", "shot", "sockets", "-o", str(tmp_path), "--seconds", "30"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and time.monotonic() - t0 < 20  # not after a 30 s demo
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "is a folder" in lines[0] and "Traceback" not in r.stderr
