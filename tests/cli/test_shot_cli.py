"""`evsim shot` renders each lab headless, writes a PNG and prints its frame statistics."""

import json
import subprocess
import sys

import pytest

from evsim.cli import LABS

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("lab", LABS)
def test_shot_writes_png_and_prints_stats(lab, tmp_path):
    out = tmp_path / f"{lab}.png"
    r = subprocess.run(
        [sys.executable, "-m", "evsim", "shot", lab, "-o", str(out), "--seconds", "1.5", "--clients", "3",
         "--size", "1024x640"],
        capture_output=True, text=True, timeout=120,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Traceback" not in r.stderr
    stats = json.loads(r.stdout.strip().splitlines()[-1])
    assert set(stats) >= {"frames", "frame_ms_p50", "frame_ms_p95", "events_applied", "events_dropped"}
    assert stats["frames"] > 10 and stats["frame_ms_p50"] > 0
    data = out.read_bytes()
    assert data[:8] == PNG_MAGIC
    # IHDR: width and height as asked
    assert int.from_bytes(data[16:20], "big") == 1024 and int.from_bytes(data[20:24], "big") == 640


def test_shot_to_unwritable_place_is_one_line_exit_2(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "evsim", "shot", "sockets", "-o", str(tmp_path / "no" / "x.png")],
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
