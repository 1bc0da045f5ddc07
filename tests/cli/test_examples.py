"""`evsim run --no-gui --events` on each example in examples/: its calls at the right lines, each diagnosis on
the example that has its mistake, and none on the correct ones (the same clients, the same traffic).

Expected lines come from the example's source (the line holding a marker), never hard-coded numbers.  Every
process a test starts is killed when it ends.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TIMEOUT = 20.0
LINE = re.compile(r"^evsim: [\d.]+ (\w+)(?: fd=(-?\d+))?.* at=([^ :]+):(\d+)$")
WARNING = re.compile(r"^evsim: warning \[([\w-]+)\] fd=(-?\d+) (.*) at=([^ :]+):(\d+): \S.*$")
RECV = re.compile(r"^evsim: [\d.]+ recv fd=-?\d+ nbytes=(-?\d+) ")
SEND = re.compile(r"^evsim: [\d.]+ send fd=-?\d+ nbytes=(-?\d+) offered=(\d+) ")
KEEP_LINES = 50_000  # a spinning program prints without end: past this, only warnings are kept


def _load_poke():
    spec = importlib.util.spec_from_file_location("examples_poke", EXAMPLES / "poke.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


poke = _load_poke().poke


def line_of(example: str, marker: str) -> int:
    """The 1-based line of ``example`` holding ``marker`` (which must appear exactly once)."""
    lines = (EXAMPLES / example).read_text().splitlines()
    hits = [i + 1 for i, text in enumerate(lines) if marker in text]
    assert len(hits) == 1, f"marker {marker!r} found {len(hits)} times in {example}"
    return hits[0]


class Watched:
    """``evsim run --no-gui --events examples/NAME --port 0 ARGS``, its stdout and stderr read by threads.

    The stderr reader notes what the tests wait for as each line arrives (warnings, partial sends, accepts,
    closes), so waiting costs nothing: a test process busy re-reading thousands of lines would take the CPU
    from the watched server on a two-core machine and could make its loop look blocked."""

    def __init__(self, name: str, *args: str) -> None:
        self.name = name
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "evsim", "run", "--no-gui", "--events", str(EXAMPLES / name), "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env, cwd=ROOT,
            start_new_session=True)
        self.out: list[str] = []
        self.err: list[str] = []
        self.found: list[re.Match] = []  # the warnings
        self.partial_sends = 0
        self.accepted = self.closed = 0
        self.received = 0  # bytes the program's recv() calls returned
        self._readers = [threading.Thread(target=self._read_out, daemon=True),
                         threading.Thread(target=self._read_err, daemon=True)]
        for t in self._readers:
            t.start()

    def _read_out(self) -> None:
        for raw in self.proc.stdout:
            self.out.append(raw.rstrip("\n"))

    def _read_err(self) -> None:
        for raw in self.proc.stderr:
            text = raw.rstrip("\n")
            if text.startswith("evsim: warning"):
                m = WARNING.match(text)
                if m:
                    self.found.append(m)
            elif " send fd=" in text:
                m = SEND.match(text)
                if m and int(m[1]) < int(m[2]):
                    self.partial_sends += 1
            elif " accept fd=" in text and "new_fd=-1" not in text:
                self.accepted += 1
            elif " close fd=" in text:
                self.closed += 1
            elif " recv fd=" in text:
                m = RECV.match(text)
                if m:
                    self.received += max(0, int(m[1]))
            if len(self.err) < KEEP_LINES or text.startswith("evsim: warning"):
                self.err.append(text)

    def wait_for(self, pred, what: str, timeout: float = TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            got = pred()
            if got:
                return got
            if time.monotonic() > deadline or (self.proc.poll() is not None and not self._readers[1].is_alive()):
                tail = "\n".join(self.err[-15:])
                raise AssertionError(f"{self.name}: no {what} (exit {self.proc.poll()}); stderr ends:\n{tail}")
            time.sleep(0.01)

    def port(self) -> int:
        line = self.wait_for(lambda: next((s for s in self.out if s.startswith("listening on ")), None),
                             "'listening on' line")
        return int(line.rsplit(":", 1)[1])

    def calls(self) -> set[tuple[str, str, int]]:
        """(kind, file, line) of every event line so far."""
        return {(m[1], m[3], int(m[4])) for m in map(LINE.match, list(self.err)) if m}

    def warnings(self, code: str | None = None) -> list[re.Match]:
        return [m for m in self.found if code is None or m[1] == code]

    def connections_closed(self) -> bool:
        """Every accepted connection was closed by the program (then its diagnoses were judged too)."""
        return self.accepted > 0 and self.closed >= self.accepted

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(10)
        for t in self._readers:
            t.join(5)
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture
def watch():
    started: list[Watched] = []

    def start(name: str, *args: str) -> Watched:
        w = Watched(name, *args)
        started.append(w)
        return w

    yield start
    for w in started:
        w.stop()


def blast_until(port: int, w: Watched, code: str, chunk: int = 1 << 16) -> None:
    """A client that sends without ever reading, until ``code`` is reported (the server's sends back up)."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as c:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        c.settimeout(0.05)
        payload = b"x" * chunk
        deadline = time.monotonic() + TIMEOUT
        while not w.warnings(code) and time.monotonic() < deadline and w.proc.poll() is None:
            try:
                c.sendall(payload)
            except socket.timeout:
                pass  # the server stopped reading for now
            except OSError:
                break  # the server died (the textbook send raises BlockingIOError in the end)
    w.wait_for(lambda: w.warnings(code), f"[{code}] warning")


# -- calls at their lines ------------------------------------------------------------------------------------

CALL_MARKERS = {
    "select_server.py": [("listen", "server.listen(5)"), ("select", "select.select(inputs, outputs, inputs)"),
                         ("ready", "select.select(inputs, outputs, inputs)"), ("accept", "server.accept()"),
                         ("recv", "data = s.recv(1024)"), ("send", "sent = s.send(queue[0])"),
                         ("close", "conn.close()")],
    "selectors_server.py": [("listen", "server.listen(100)"),
                            ("register", "sel.register(server, selectors.EVENT_READ, accept)"),
                            ("register", "sel.register(conn, selectors.EVENT_READ, serve)"),
                            ("select", "events = sel.select()"), ("ready", "events = sel.select()"),
                            ("accept", "conn, addr = server.accept()"), ("recv", "data = conn.recv(1024)"),
                            ("send", "sent = conn.send(outboxes[conn])"), ("unregister", "sel.unregister(conn)"),
                            ("close", "conn.close()")],
    # asyncio: the loop's own calls are made by asyncio (a stdlib line); these two come from the program's lines
    "asyncio_server.py": [("listen", "asyncio.start_server(echo, host, port)"), ("send", "writer.write(data)")],
}


def slow_reader(port: int, w: Watched, nbytes: int = 8 << 20) -> tuple[int, int]:
    """A client that sends ``nbytes`` (more than the kernel's buffers hold) and reads nothing until the server
    read them all (a server keeping its replies in memory) or met a partial send (one that stops reading while
    its replies wait, like asyncio's drain()), then reads the echo to the end.  Returns (bytes sent, bytes
    received)."""
    sent = [0]
    w_before = w.received

    def send(c: socket.socket) -> None:
        chunk = b"x" * (1 << 16)
        while sent[0] < nbytes:
            sent[0] += c.send(chunk[: nbytes - sent[0]])
        c.shutdown(socket.SHUT_WR)

    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as c:
        c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        sender = threading.Thread(target=send, args=(c,), daemon=True)
        sender.start()
        w.wait_for(lambda: w.received >= w_before + nbytes or w.partial_sends, "server reading all or a partial send")
        got = 0
        while chunk := c.recv(1 << 16):
            got += len(chunk)
        sender.join(TIMEOUT)
    return sent[0], got


@pytest.mark.parametrize("name", sorted(CALL_MARKERS))
def test_correct_example_calls_at_their_lines_and_no_diagnosis(watch, name):
    w = watch(name)
    port = w.port()
    # The traffic that makes each mistake show in the other examples: a line and end of file, a slow request,
    # one more line (so the loop goes round once more: partial-send and blocked-loop are judged then).
    got = [poke("127.0.0.1", port, data, 0, 2.0) for data in (b"hello\n", b"slow\n", b"bye\n")]
    w.wait_for(w.connections_closed, "close of every connection")
    assert w.warnings() == [], [m[0] for m in w.warnings()]
    assert got == [6, 5, 4]
    calls = w.calls()
    for kind, marker in CALL_MARKERS[name]:
        want = line_of(name, marker)
        assert (kind, name, want) in calls, f"no {kind} at {name}:{want} ({marker}); got {sorted(calls)}"

    # A client that reads slowly: the server meets partial sends (select_server sends at most 1024 bytes when
    # select() says writable, so it does not) and must send the rest later.
    nbytes = 2 << 20 if name == "select_server.py" else 8 << 20  # (it needs no more: it never sends partially)
    sent, back = slow_reader(port, w, nbytes)
    assert poke("127.0.0.1", port, b"bye\n", 0, 2.0) == 4
    w.wait_for(w.connections_closed, "close of every connection")
    # Not blocked-loop here: busy for a second or two on a loaded two-core machine, any loop can wait over
    # 100 ms for a CPU (measured: a plain, unwatched selectors_server had a 290 ms gap between two select()
    # calls at load average 9.6).  That is a blocked loop, but not the program's doing; the quiet traffic
    # above checks that a correct loop does not block.
    assert [m[0] for m in w.warnings() if m[1] != "blocked-loop"] == []
    assert back == sent == nbytes  # every byte echoed
    if name != "select_server.py":
        assert w.partial_sends > 0


# -- each diagnosis on the example with its mistake -----------------------------------------------------------

def test_eof_spin_on_select_server_mistakes(watch):
    name = "select_server_mistakes.py"
    w = watch(name)
    poke("127.0.0.1", w.port(), b"hello\n", 0, 0.2)  # sends a line, then closes its side
    m = w.wait_for(lambda: w.warnings("eof-spin"), "[eof-spin] warning")[0]
    assert (m[4], int(m[5])) == (name, line_of(name, "data = s.recv(1024)"))
    assert re.fullmatch(r"eof_reads=(\d+) in_ms=[\d.]+", m[3]) and int(m[3].split()[0].split("=")[1]) >= 3
    assert ("accept", name, line_of(name, "server.accept()")) in w.calls()
    assert any(s.startswith("evsim: ") and f" recv fd={m[2]} nbytes=0 " in s for s in w.err)
    assert len(w.warnings("eof-spin")) == 1  # once, however long it spins


def test_blocked_loop_on_selectors_server_mistakes(watch):
    name = "selectors_server_mistakes.py"
    w = watch(name)
    assert poke("127.0.0.1", w.port(), b"slow\n", 0, 2.0) == 5
    m = w.wait_for(lambda: w.warnings("blocked-loop"), "[blocked-loop] warning")[0]
    assert (m[4], int(m[5])) == (name, line_of(name, "data = conn.recv(1000)"))  # the sleep comes right after
    stall = re.fullmatch(r"stall_ms=(\d+) ready=(\d+) after=recv", m[3])
    assert stall and int(stall[1]) >= 300 and int(stall[2]) >= 1


def test_partial_send_on_selectors_server_mistakes(watch):
    name = "selectors_server_mistakes.py"
    w = watch(name)
    blast_until(w.port(), w, "partial-send")
    m = w.warnings("partial-send")[0]
    assert (m[4], int(m[5])) == (name, line_of(name, "conn.send(data)  # Hope it won't block  (MISTAKE"))
    nums = re.fullmatch(r"sent=(\d+) offered=(\d+) left=(\d+) then=\S+", m[3])
    assert nums and int(nums[1]) < int(nums[2]) <= 1000 and int(nums[3]) == int(nums[2]) - int(nums[1])


def test_fd_setsize_on_select_server_mistakes(watch):
    name = "select_server_mistakes.py"
    w = watch(name, "--fds", "1024")  # the next socket it opens is fd 1024: the next client's
    poke("127.0.0.1", w.port(), b"hello\n", 0, 0.5)
    m = w.wait_for(lambda: w.warnings("fd-setsize"), "[fd-setsize] warning")[0]
    assert (m[4], int(m[5])) == (name, line_of(name, "conn, addr = server.accept()"))
    assert int(m[2]) == 1024 and m[3] == "FD_SETSIZE=1024 from=accept"
    w.wait_for(lambda: w.proc.poll() is not None, "exit")  # the next select() raised
    w.stop()
    assert w.proc.returncode == 1
    assert any("filedescriptor out of range in select()" in s for s in w.err)
    assert len(w.warnings("fd-setsize")) == 1
