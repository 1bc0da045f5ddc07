"""`evsim run --no-gui`: the program's output and status pass through, `--events` lines, errors, --record."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from evsim.core.record import Recording
from evsim.core.watch import events as w

EVSIM = [sys.executable, "-m", "evsim"]

ECHO = textwrap.dedent("""\
    import selectors, socket, sys
    sel = selectors.DefaultSelector()
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(5)
    c = socket.create_connection(lst.getsockname())
    conn, _ = lst.accept()
    sel.register(conn, selectors.EVENT_READ)
    c.sendall(b"hello")
    for key, mask in sel.select(5):
        data = key.fileobj.recv(100)
        key.fileobj.send(data)
    print("echoed", c.recv(100).decode())
    sel.unregister(conn)
    conn.close()
    c.close()
    lst.close()
    sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
""")
# the line of each call in ECHO (1-based)
LINES = {"listen": 5, "connect": 6, "accept": 7, "register": 8, "select": 10, "ready": 10, "recv": 11,
         "send": 12, "unregister": 14, "close": 15}


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([*EVSIM, "run", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def echo_script(tmp_path: Path) -> Path:
    p = tmp_path / "echo_prog.py"
    p.write_text(ECHO)
    return p


def test_events_show_each_call_at_its_line(echo_script):
    r = run("--no-gui", "--events", str(echo_script), "7", "--not-evsims")
    assert r.returncode == 7, r.stderr
    assert r.stdout == "echoed hello\n"
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("evsim: ")]
    pat = re.compile(r"^evsim: \d+\.\d{6} (\w+)(?: fd=(-?\d+))?.* at=([^ :]+):(\d+)$")
    seen: dict[str, list[int]] = {}
    for ln in lines:
        m = pat.match(ln)
        if m:
            assert m.group(3) == "echo_prog.py", ln
            seen.setdefault(m.group(1), []).append(int(m.group(4)))
    for kind, line in LINES.items():
        assert line in seen.get(kind, []), (kind, seen)
    ready = next(ln for ln in lines if " ready " in ln)
    assert "mask=READ" in ready
    recv = next(ln for ln in lines if " recv " in ln and "requested=100" in ln and "at=echo_prog.py:11" in ln)
    assert "nbytes=5" in recv
    assert lines[-1].startswith("evsim: ") and " exit " in lines[-1] and "status=7" in lines[-1]


def test_without_events_only_the_program_speaks(echo_script):
    r = run("--no-gui", str(echo_script))
    assert (r.returncode, r.stdout) == (0, "echoed hello\n")
    assert " recv " not in r.stderr and " select " not in r.stderr


def test_exception_prints_the_programs_traceback_and_status_1(tmp_path):
    p = tmp_path / "boom.py"
    p.write_text("print('before')\ndef f():\n    raise ValueError('boom')\nf()\n")
    r = run("--no-gui", str(p))
    assert r.returncode == 1
    assert r.stdout == "before\n"
    assert r.stderr.startswith("Traceback (most recent call last):\n")
    assert 'boom.py", line 4, in <module>' in r.stderr and "ValueError: boom" in r.stderr
    assert "runpy" not in r.stderr and "evsim" not in r.stderr


def test_sys_exit_message_and_stdin_passes_through(tmp_path):
    p = tmp_path / "ex.py"
    p.write_text("import sys\nprint(sys.stdin.read().upper())\nsys.exit('bye')\n")
    r = subprocess.run([*EVSIM, "run", "--no-gui", str(p)], input="abc", capture_output=True, text=True,
                       timeout=30)
    assert (r.returncode, r.stdout, r.stderr) == (1, "ABC\n", "bye\n")


@pytest.mark.parametrize("args, message", [
    (["--no-gui", "/nonexistent/prog.py"], "evsim: no such script: /nonexistent/prog.py"),
    (["--no-gui", "--bogus", "x.py"], "unrecognized arguments: --bogus"),
    (["--no-gui"], "the following arguments are required: SCRIPT"),
])
def test_evsims_own_errors_are_one_line_and_2(args, message):
    r = run(*args)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_the_programs_arguments_pass_as_python_would_give_them(tmp_path):
    p = tmp_path / "argv.py"
    p.write_text("import sys\nprint(sys.argv[1:])\n")
    r = run("--no-gui", str(p), "--", "x", "--events", "-v")  # after SCRIPT nothing is evsim's, "--" included
    assert (r.returncode, r.stdout) == (0, "['--', 'x', '--events', '-v']\n"), r.stderr
    r = run("--no-gui", "--record", str(tmp_path / "a.evrec"), "--", str(p), "a")
    assert (r.returncode, r.stdout) == (0, "['a']\n"), r.stderr


def test_record_writes_the_stream(echo_script, tmp_path):
    out = tmp_path / "rec.evsim"
    r = run("--no-gui", "--record", str(out), str(echo_script))
    assert r.returncode == 0, r.stderr
    rec = Recording.open(str(out))  # the recording format: index and trailer, replayable
    try:
        kinds = [type(e) for e in rec.iter_events()]
        assert rec.truncated is None and rec.made_by == "program"
    finally:
        rec.close()
    assert w.Listen in kinds and w.Selected in kinds and kinds[-1] is w.ProgramExited
    r = run("--no-gui", "--record", str(tmp_path / "no" / "such" / "dir.evsim"), str(echo_script))
    assert r.returncode == 2 and r.stderr.startswith("evsim: cannot record to ")


def test_a_forked_child_is_not_watched(tmp_path):
    p = tmp_path / "forks.py"
    p.write_text("import os, socket\na, b = socket.socketpair()\npid = os.fork()\nif pid == 0:\n"
                 "    a.send(str('send' in socket.socket.__dict__).encode())\n    os._exit(0)\n"
                 "os.waitpid(pid, 0)\nprint('child watched:', b.recv(10).decode())\n")
    r = run("--no-gui", "--events", str(p))
    assert (r.returncode, r.stdout) == (0, "child watched: False\n")
    assert " recv fd=" in r.stderr and " send " not in r.stderr


ASYNC = textwrap.dedent("""\
    import asyncio

    async def handle(reader, writer):
        data = await reader.read(100)
        writer.write(data)
        await writer.drain()
        writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        r, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(b"ping")
        print((await r.read(100)).decode())
        w.close()
        server.close()
        await server.wait_closed()

    asyncio.run(main())
""")


def test_an_asyncio_server_is_watched(tmp_path):
    p = tmp_path / "aio.py"
    p.write_text(ASYNC)
    r = run("--no-gui", "--events", str(p))
    assert (r.returncode, r.stdout) == (0, "ping\n"), r.stderr
    lines = r.stderr.splitlines()
    assert any(" listen fd=" in ln and ln.endswith("at=aio.py:10") for ln in lines)
    assert any(" connect fd=" in ln and ln.endswith("at=aio.py:12") for ln in lines)
    # the handler's write() sends at once, from the coroutine: its own line
    assert any(" send fd=" in ln and "nbytes=4" in ln and ln.endswith("at=aio.py:5") for ln in lines)
    # the loop's select and the transport's recv have no program line: asyncio's own
    assert any(" select " in ln and "at=base_events.py:" in ln for ln in lines)
    assert any(" recv fd=" in ln and "nbytes=4" in ln and "at=selector_events.py:" in ln for ln in lines)
