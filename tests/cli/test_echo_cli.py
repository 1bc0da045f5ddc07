"""`evsim serve`, `evsim client` and `evsim load` as subprocesses, over loopback."""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys

import pytest

from evsim.cli import main
from evsim.core.echo import load as load_module
from tests.core.echo.bad_servers import BadEchoServer

EVSIM = [sys.executable, "-m", "evsim"]


def start_serve(*args: str) -> tuple[subprocess.Popen, int]:
    p = subprocess.Popen([*EVSIM, "serve", "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    ready, _, _ = select.select([p.stdout], [], [], 20)
    if not ready:
        p.kill()
        pytest.fail("evsim serve printed nothing")
    line = first_line(p)
    assert line.startswith("listening on 127.0.0.1:"), line + p.stderr.read()
    return p, int(line.strip().rsplit(":", 1)[1])


def first_line(p: subprocess.Popen) -> str:
    """The first line of ``p``'s stdout, read from the pipe itself: what follows stays in the pipe for
    ``communicate()``, which reads the pipe, not the file object (a readline() there could buffer, and so lose,
    the lines after it: ``--events`` prints the first events right after "listening on")."""
    fd, got = p.stdout.fileno(), b""
    while not got.endswith(b"\n"):
        ch = os.read(fd, 1)
        if not ch:
            break
        got += ch
    return got.decode()


def finish(p: subprocess.Popen, sig: int = signal.SIGINT) -> tuple[int, str, str]:
    p.send_signal(sig)
    try:
        out, err = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        pytest.fail("evsim serve did not stop")
    return p.returncode, out, err


def echo(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        got = b""
        while len(got) < len(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        return got


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_evsim(*args: str, input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*EVSIM, *args], input=input, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("backend", ["default", "select", "poll", "epoll", "classic"])
def test_serve_echo_and_sigint(backend):
    p, port = start_serve("--backend", backend)
    assert echo(port, b"hello cli") == b"hello cli"
    code, out, err = finish(p)
    assert code == 0, err
    assert err == "" and "Traceback" not in out


def test_serve_sigterm_exits_0():
    p, port = start_serve()
    assert echo(port, b"x") == b"x"
    code, _, err = finish(p, signal.SIGTERM)
    assert code == 0 and err == ""


def test_serve_events_prints_one_line_per_event():
    p, port = start_serve("--events")
    assert echo(port, b"evt") == b"evt"
    code, out, err = finish(p)
    assert code == 0, err
    kinds = [line.split()[1] for line in out.splitlines() if line.strip() and not line.startswith("(")]
    for k in ("Listening", "Ready", "Accepted", "Received", "Sent", "Closed", "ServerStopped"):
        assert k in kinds, out
    assert kinds.index("Accepted") < kinds.index("Received") < kinds.index("Sent")
    assert any("nbytes=3" in line for line in out.splitlines() if "Received" in line)


def test_serve_port_in_use():
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    try:
        r = run_evsim("serve", "--port", str(holder.getsockname()[1]))
    finally:
        holder.close()
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "already in use" in lines[0] and "Traceback" not in r.stderr


def test_serve_bad_host():
    r = run_evsim("serve", "--host", "no-such-host.invalid", "--port", "0")
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown host" in lines[0]


def test_serve_non_loopback_host_warns():
    # 192.0.2.1 (TEST-NET-1) is not an address of this machine: the warning comes, then the bind fails.
    r = run_evsim("serve", "--host", "192.0.2.1", "--port", "0")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2 and "warning" in lines[0] and "not a loopback" in lines[0]
    assert "cannot listen" in lines[1] and "Traceback" not in r.stderr


def test_load_json_against_serve():
    p, port = start_serve()
    try:
        r = run_evsim("load", "--port", str(port), "--clients", "4", "--seconds", "0.5", "--size", "256", "--json")
    finally:
        code, _, err = finish(p)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert set(d) >= {"requests", "requests_per_s", "mb_per_s", "latency_ms", "integrity_errors", "errors",
                      "clients", "seconds", "size", "incomplete", "unanswered"}
    assert set(d["latency_ms"]) == {"p50", "p99", "max"}
    assert d["requests"] > 0 and d["integrity_errors"] == 0 and d["errors"] == 0
    assert d["incomplete"] == d["unanswered"] == 0 and d["problems"] == [] and r.stderr == ""
    assert d["clients"] == 4 and d["size"] == 256
    assert code == 0, err


def test_load_table_output():
    p, port = start_serve("--backend", "classic")
    try:
        r = run_evsim("load", "--port", str(port), "--clients", "2", "--seconds", "0.3", "--size", "64")
    finally:
        finish(p)
    assert r.returncode == 0, r.stderr
    for word in ("requests", "MB/s", "p50", "p99", "max", "integrity"):
        assert word in r.stdout


def test_load_cannot_connect():
    r = run_evsim("load", "--port", str(free_port()), "--clients", "2", "--seconds", "0.2", "--size", "8")
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "cannot connect" in r.stderr


def test_load_exit_1_on_wrong_bytes():
    bad = BadEchoServer("flip")
    try:
        r = run_evsim("load", "--port", str(bad.address[1]), "--clients", "2", "--seconds", "0.3", "--size", "50",
                      "--json")
    finally:
        bad.close()
    assert r.returncode == 1
    assert json.loads(r.stdout)["integrity_errors"] > 0
    assert "wrong bytes" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def _load_in_process(capsys, monkeypatch, mode: str, *extra: str) -> tuple[int, str, str]:
    """``evsim load`` in this process against a misbehaving server (threads here too)."""
    monkeypatch.setattr(load_module, "DRAIN_S", 0.3)  # these servers never complete a request: do not wait 2 s
    with BadEchoServer(mode) as bad:
        code = main(["load", "--port", str(bad.address[1]), "--clients", "4", "--seconds", "0.3", "--size", "64",
                     *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_load_against_a_server_that_drops_a_byte_per_chunk_exits_1(capsys, monkeypatch):
    code, out, err = _load_in_process(capsys, monkeypatch, "drop-last", "--json")
    assert code == 1
    d = json.loads(out)
    assert d["requests"] == 0 and d["started"] == 4 and d["incomplete"] == 4
    assert d["unanswered"] == 0 and d["integrity_errors"] == 0
    assert d["latency_ms"] == {"p50": None, "p99": None, "max": None}
    assert err == ("evsim load: failed: 4 requests incomplete: their echo never came back in full; "
                   "no request completed\n")


def test_load_against_a_server_that_never_answers_exits_1(capsys, monkeypatch):
    code, out, err = _load_in_process(capsys, monkeypatch, "silent")
    assert code == 1
    assert "p50 n/a  p99 n/a  max n/a" in out and "0.000" not in out
    assert "0 right · 0 wrong · 0 incomplete · 4 unanswered" in out
    assert err == ("evsim load: failed: 4 requests unanswered: not one byte of their echo came back; "
                   "no request completed\n")
    code, out, _ = _load_in_process(capsys, monkeypatch, "silent", "--json")
    d = json.loads(out)
    assert code == 1 and d["unanswered"] == d["started"] == 4 and d["requests"] == 0 and d["latency_ms"]["p50"] is None


def test_client_with_piped_stdin():
    p, port = start_serve()
    try:
        r = run_evsim("client", "--port", str(port), input="hello\nworld\n\nlast line without newline")
    finally:
        code, _, _ = finish(p)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "hello\nworld\n\nlast line without newline"
    assert code == 0


def test_client_connection_refused():
    r = run_evsim("client", "--port", str(free_port()), input="x\n")
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot connect" in lines[0]


def test_client_empty_stdin_exits_0():
    p, port = start_serve()
    try:
        r = run_evsim("client", "--port", str(port), input="")
    finally:
        finish(p)
    assert r.returncode == 0 and r.stdout == ""
