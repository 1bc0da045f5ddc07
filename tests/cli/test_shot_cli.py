"""`evsim shot` renders each lab headless, writes a PNG and prints its frame statistics."""

import json
import subprocess
import sys

import pytest

from evsim.cli import LABS
from tests.waiting import wait_until

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


def test_shot_sockets_on_a_port_a_load_from_outside_reaches(tmp_path):
    """--port: the demo's server listens where an outside load can reach it while frames are measured."""
    import socket

    with socket.socket() as probe:  # a port free now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    p = subprocess.Popen([sys.executable, "-m", "evsim", "shot", "sockets", "-o", str(tmp_path / "s.png"),
                          "--seconds", "2", "--clients", "1", "--port", str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    def connected():
        assert p.poll() is None, p.stderr.read()  # (the shot ended before its server listened)
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            return None

    try:
        c = wait_until(connected, timeout=60, interval=0.05, what="the shot's server listening")
        with c:
            c.sendall(b"from outside")
            c.settimeout(10)
            assert c.recv(100) == b"from outside"
        out, err = p.communicate(timeout=60)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    assert p.returncode == 0, err[-2000:]
    assert json.loads(out.strip().splitlines()[-1])["frame_ms_p95"] > 0


def test_shot_sockets_on_a_port_in_use_is_one_line_exit_2(tmp_path):
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        r = subprocess.run([sys.executable, "-m", "evsim", "shot", "sockets", "-o", str(tmp_path / "s.png"),
                            "--port", str(holder.getsockname()[1])], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "in use" in r.stderr, r.stderr
