"""Signal-driven I/O: ``O_ASYNC`` + ``F_SETOWN_EX``, a real SIGIO, then ``recv``.

The process installs a SIGIO handler, asks the kernel to send it SIGIO when the socket becomes readable
(``fcntl(F_SETOWN_EX)`` + ``O_ASYNC``) and goes on with other work: it is not blocked while it waits.  The
signal says "you can read now", not "the data is in your buffer": the process still calls ``recv``, which
copies the bytes while it waits in the call, so the copy is synchronous.

Where the signal goes: CPython runs Python signal handlers on the main thread only, and ``signal.signal`` may
only be called there, so this model runs on the main thread, and the signal is directed at that very thread
with ``F_SETOWN_EX``/``F_OWNER_TID`` (falling back to ``F_SETOWN`` with the process id where that is refused).
The C-level handler records the signal wherever the thread is; the Python handler runs at the next bytecode
boundary, about ten microseconds later at most here, because the other work (hashing 16 KiB blocks) is short
and releases the GIL.

Called from any other thread (the GUI's worker), :func:`run` runs the model in a child Python process, on its
main thread (``python -m evsim.core.iomodels.child``), and returns the timeline it reports; that is real, and
the GUI never freezes.  ``Timeline.runner`` says which happened.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import asdict, replace

from evsim.core.iomodels.common import Cancel, OtherWork, RunCancelled, RunError, RunSpec, Rig, errno_name
from evsim.core.iomodels.timeline import Mark, Sampler, Syscall, Timeline

__all__ = ["run", "run_here", "run_in_child", "child_env", "MODEL"]

MODEL = "signal"
now_ns = time.monotonic_ns

F_SETOWN_EX = getattr(fcntl, "F_SETOWN_EX", 15)
F_OWNER_TID = 0
#: Longest a run waits for its SIGIO past the last write's due time before it gives up.
SIGIO_GRACE_S = 10.0


def run(spec: RunSpec, cancel: Cancel | None = None) -> Timeline:
    """Run on this (main) thread, or in a child process when called from any other thread."""
    if threading.current_thread() is threading.main_thread():
        return run_here(spec, cancel)
    return run_in_child(spec, cancel)


def _direct_sigio_here(fd: int, calls: list[Syscall]) -> str:
    """Send the socket's SIGIO to the calling thread (F_SETOWN_EX), else to the process (F_SETOWN)."""
    t0 = now_ns()
    try:
        fcntl.fcntl(fd, F_SETOWN_EX, struct.pack("ii", F_OWNER_TID, threading.get_native_id()))
        calls.append(Syscall("fcntl(F_SETOWN_EX)", t0, now_ns(), 0))
        return "thread"
    except OSError as e:
        calls.append(Syscall("fcntl(F_SETOWN_EX)", t0, now_ns(), None, errno_name(e)))
    t0 = now_ns()
    fcntl.fcntl(fd, fcntl.F_SETOWN, os.getpid())
    calls.append(Syscall("fcntl(F_SETOWN)", t0, now_ns(), 0))
    return "process"


def run_here(spec: RunSpec, cancel: Cancel | None = None) -> Timeline:
    """Run the model on the calling thread, which must be the main thread."""
    if threading.current_thread() is not threading.main_thread():
        raise RunError("the signal-driven model must run on the main thread (use run())")
    with Rig(spec, cancel=cancel) as rig:
        sock = rig.reader
        fd = sock.fileno()
        calls: list[Syscall] = []
        marks: list[Mark] = []
        arrivals: list[int] = []  # when each SIGIO's Python handler ran

        def on_sigio(signum: int, frame: object) -> None:
            arrivals.append(now_ns())

        t0 = now_ns()
        old_handler = signal.signal(signal.SIGIO, on_sigio)
        calls.append(Syscall("sigaction(SIGIO)", t0, now_ns(), 0))
        old_flags = None
        try:
            target = _direct_sigio_here(fd, calls)
            t0 = now_ns()
            old_flags = fcntl.fcntl(fd, fcntl.F_GETFL)
            calls.append(Syscall("fcntl(F_GETFL)", t0, now_ns(), old_flags))
            t0 = now_ns()
            fcntl.fcntl(fd, fcntl.F_SETFL, old_flags | os.O_ASYNC | os.O_NONBLOCK)
            calls.append(Syscall("fcntl(F_SETFL, O_ASYNC)", t0, now_ns(), 0))

            view = memoryview(rig.buffer)
            work = OtherWork()
            step = work.step
            eagain = Sampler()
            got = seen = 0
            start = now_ns()
            deadline = start + spec.delay_ns + spec.chunks * spec.gap_ns + int(SIGIO_GRACE_S * 1e9)
            rig.start_sender(start)
            t1 = start
            # Look once right after arming: what came before O_ASYNC was set (data, or the sender going away)
            # raised no signal.  (Normally that is one EAGAIN at the start.)
            look_now = True
            while got < spec.size:
                if not look_now:
                    # Free: do other work until a SIGIO says the socket is readable.
                    while len(arrivals) == seen:
                        step()
                        if work.count & 255 == 0:
                            if cancel is not None and cancel.is_set():
                                raise RunCancelled("cancelled")
                            if now_ns() > deadline:
                                raise RunError("no SIGIO arrived: the kernel did not signal this socket")
                    seen = len(arrivals)
                    marks.append(Mark("SIGIO", arrivals[-1], f"signal {seen}"))
                look_now = False
                # Readable: copy what is there (each recv holds the process while it copies).
                while got < spec.size:
                    t0 = now_ns()
                    try:
                        n = sock.recv_into(view[got:])
                    except BlockingIOError:
                        eagain.add(t0)  # drained: back to work until the next signal
                        break
                    except OSError as e:
                        calls.append(Syscall("recv", t0, now_ns(), None, errno_name(e)))
                        raise RunError(f"recv failed: {e}") from e
                    t1 = now_ns()
                    calls.append(Syscall("recv", t0, t1, n, moved=n))
                    if n == 0:
                        raise RunCancelled("the sender closed before the whole message arrived")
                    got += n
        finally:
            if old_flags is not None:
                try:
                    fcntl.fcntl(fd, fcntl.F_SETFL, old_flags)  # no more SIGIO from this socket
                except OSError:
                    pass
            signal.signal(signal.SIGIO, old_handler if old_handler is not None else signal.SIG_DFL)
        note = "SIGIO directed at the main thread (F_OWNER_TID)" if target == "thread" else \
            "SIGIO directed at the process (F_SETOWN)"
        return rig.timeline(MODEL, "SIGIO", start_ns=start, copy_end_ns=t1, done_ns=t1, received=got,
                            calls=calls, eagain=eagain.trace(), work=work.sampler.trace(), marks=marks,
                            notes=note)


def child_env() -> dict[str, str]:
    """The environment for a child ``python -m evsim...``: this copy of evsim first on its path."""
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_in_child(spec: RunSpec, cancel: Cancel | None = None) -> Timeline:
    """Run the model on the main thread of a child Python process; cancellable (the child is killed)."""
    argv = [sys.executable, "-m", "evsim.core.iomodels.child", "signal", json.dumps(asdict(spec))]
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=child_env())
    except OSError as e:
        raise RunError(f"cannot start a child process: {e}") from e
    limit = time.monotonic() + spec.delay_ms / 1000 + spec.chunks * spec.gap_ms / 1000 + SIGIO_GRACE_S + 30
    try:
        while True:
            try:
                out, err = proc.communicate(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel.is_set():
                    raise RunCancelled("cancelled") from None
                if time.monotonic() > limit:
                    raise RunError("the child process did not finish in time") from None
    finally:
        if proc.returncode is None:
            proc.kill()
            proc.communicate()
    if proc.returncode == 3:
        raise RunCancelled((err.strip().splitlines() or ["cancelled"])[-1])
    if proc.returncode != 0:
        raise RunError((err.strip().splitlines() or [f"child process exited with {proc.returncode}"])[-1])
    try:
        tl = Timeline.from_dict(json.loads(out))
    except (ValueError, TypeError, KeyError) as e:
        raise RunError(f"unreadable result from the child process: {e}") from e
    return replace(tl, runner="child process")
