"""The delayed sender of an I/O-model run: a separate Python process that owns the writing end of the socket.

Started by :class:`~evsim.core.iomodels.common.Rig`; reaped on every path (:meth:`SenderProcess.close`, also
when it fails to start).
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING

from evsim.core.iomodels.errors import RunError

if TYPE_CHECKING:
    from evsim.core.iomodels.common import RunSpec

__all__ = ["SenderProcess", "SENDER_SCRIPT"]


#: The sender: a separate, single-threaded Python process (see :class:`SenderProcess`).
SENDER_SCRIPT = r"""
import json, os, random, select, socket, sys, time

def say(obj):
    os.write(1, (json.dumps(obj) + "\n").encode())

def main():
    fd, p = int(sys.argv[1]), json.loads(sys.argv[2])
    sock = socket.socket(fileno=fd)
    payload = memoryview(random.Random(p["seed"]).randbytes(p["size"]))
    say({"ready": True})
    line = b""
    while not line.endswith(b"\n"):
        more = os.read(0, 64)
        if not more:
            return 3
        line += more
    start = int(line.split()[1])
    calls = []
    for k, (off, n) in enumerate(p["pieces"]):
        target = start + p["delay_ns"] + k * p["gap_ns"]
        while True:
            left = target - time.monotonic_ns()
            if left <= 0:
                break
            if select.select([0], [], [], left / 1e9)[0]:
                return 3  # stdin closed: the run was stopped
        t0 = time.monotonic_ns()
        sock.sendall(payload[off:off + n])
        calls.append([t0, time.monotonic_ns(), n])
    say({"calls": calls})
    select.select([0], [], [])  # keep the socket open until the run is over (its closing is no event)
    return 0

try:
    sys.exit(main())
except OSError as e:
    say({"error": "%s (%s)" % (e.strerror or e, e.errno)})
    sys.exit(1)
"""


class SenderProcess:
    """The delayed sender: a separate Python process that owns the writing end of the socket.

    Not a thread of the process under test, on purpose: in CPython a thread shares the interpreter lock with
    the reader, and every hand-over of that lock (when the sender wakes up, and again when its ``send``
    returns) stalls the reader for a thread wake-up, about 0.1 ms on a small VM, right inside the copy phase
    being measured.  A process shares nothing with the reader but the socket.

    Protocol on its stdin/stdout: it prints ``{"ready": true}``; ``go(start_ns)`` writes ``go START``; it
    sleeps until ``START + delay (+ k * gap)`` and writes each piece, timing each ``sendall`` with
    ``time.monotonic_ns()`` (the same system-wide clock as the reader's), prints the timings, then waits for
    its stdin to close.  Closing its stdin early (``stop()``) makes it exit at once, closing the socket, so a
    reader still waiting gets end-of-file.
    """

    def __init__(self, sock: socket.socket, spec: RunSpec, seed: int) -> None:
        params = {"seed": seed, "size": spec.size, "delay_ns": spec.delay_ns, "gap_ns": spec.gap_ns,
                  "pieces": spec.pieces()}
        self._lock = threading.Lock()
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", SENDER_SCRIPT, str(sock.fileno()), json.dumps(params)],
            pass_fds=(sock.fileno(),), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, bufsize=0)
        self._out = b""
        try:
            msg = self._read(timeout=30.0)
        except BaseException:
            self.close()
            raise
        if not msg.get("ready"):
            self.close()  # stopped and reaped: a sender that failed to start leaves no child behind
            raise RunError(f"the sender did not start: {msg.get('error', msg)}")

    def _read(self, timeout: float) -> dict:
        """The next JSON line from the sender ({} if it ended or timed out)."""
        out = self.proc.stdout
        assert out is not None
        end = time.monotonic() + timeout
        while b"\n" not in self._out:
            left = end - time.monotonic()
            if left <= 0 or not select.select([out], [], [], left)[0]:
                return {"error": "no answer from the sender"}
            chunk = os.read(out.fileno(), 65536)
            if not chunk:
                err = b""
                if self.proc.stderr is not None and select.select([self.proc.stderr], [], [], 0.5)[0]:
                    err = os.read(self.proc.stderr.fileno(), 4096)
                last = (err.decode(errors="replace").strip().splitlines() or ["it ended"])[-1]
                return {"error": f"the sender ended: {last}"}
            self._out += chunk
        line, self._out = self._out.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            return {"error": f"unreadable line from the sender: {line[:80]!r}"}

    def go(self, start_ns: int) -> None:
        with self._lock:
            if self.proc.stdin is not None and not self.proc.stdin.closed:
                try:
                    self.proc.stdin.write(f"go {start_ns}\n".encode())
                except (BrokenPipeError, ValueError):
                    pass

    def report(self, timeout: float) -> dict:
        """The sender's timings ``{"calls": [[t0, t1, n], ...]}``, or ``{"error": ...}``."""
        return self._read(timeout)

    def stop(self) -> None:
        """Tell the sender to stop (it exits at once, closing the socket).  Safe from any thread; idempotent."""
        with self._lock:
            if self.proc.stdin is not None and not self.proc.stdin.closed:
                try:
                    self.proc.stdin.close()
                except OSError:
                    pass

    def close(self) -> None:
        """Stop the sender and reap it.  Idempotent."""
        self.stop()
        try:
            self.proc.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            if f is not None:
                f.close()
