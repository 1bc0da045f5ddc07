"""A user's script run as ``__main__`` under the watch, in this process (``evsim run``, and its child process).

:func:`run_script` runs the script like ``python SCRIPT ARGS`` would (``sys.argv``, ``sys.path[0]``, its own
traceback and exit status). :class:`WatchedRun` owns what watches it: the watch installed on the process
(:mod:`evsim.core.watch.patch`), a deque the program's threads emit into (the hot path is one C call,
``deque.append``: it never blocks; the consumer bounds it, dropping the oldest beyond ``capacity`` and counting
them), the kernel-queues sampler, and one consumer thread that hands the buffered records to ``consume`` every
``interval`` seconds (and at once when :meth:`WatchedRun.pump` is called, e.g. by a gate about to hold). A child the
program forks is not watched (the watch comes off in it at once: nobody would read what it reports).
"""

from __future__ import annotations

import os
import runpy
import sys
import threading
import traceback
from typing import Any, Callable

from collections import deque

from evsim.core.events import now_ns
from evsim.core.watch import patch
from evsim.core.watch.events import ProgramExited
from evsim.core.watch.objects import Watch
from evsim.core.watch.queues import QueueSampler

__all__ = ["run_script", "WatchedRun", "RING_CAPACITY", "CONSUME_INTERVAL_S"]

RING_CAPACITY = 1 << 17
_WATCH_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
CONSUME_INTERVAL_S = 0.05
#: Records kept when nobody reads them.
IDLE_CAPACITY = 1024


def _print_program_traceback(e: BaseException, script: str) -> None:
    """The traceback Python would print for the script: evsim's and runpy's frames left out."""
    tb = e.__traceback__
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) != script:
        tb = tb.tb_next
    if tb is None and not isinstance(e, SyntaxError):
        tb = e.__traceback__
    te = traceback.TracebackException(type(e), e, tb)
    te.stack = traceback.StackSummary.from_list(  # the watch's own frames are not the program's
        [fs for fs in te.stack if not os.path.abspath(fs.filename).startswith(_WATCH_DIR)])
    sys.stderr.write("".join(te.format()))
    sys.stderr.flush()


def run_script(script: str, args: list[str]) -> tuple[int, str]:
    """Run ``script`` as ``__main__`` with ``sys.argv = [script, *args]``.  Returns ``(status, error)``: the
    exit status ``python SCRIPT`` would have (sys.exit codes pass through, 1 after an uncaught exception,
    130 after Ctrl+C) and the exception's one-line summary ("" when none).  Tracebacks go to stderr."""
    script = os.path.abspath(script)
    saved_argv, saved_path0 = sys.argv, (sys.path[0] if sys.path else None)
    sys.argv = [script, *args]
    if sys.path:
        sys.path[0] = os.path.dirname(script)
    else:
        sys.path.append(os.path.dirname(script))
    try:
        runpy.run_path(script, run_name="__main__")
        status, error = 0, ""
    except SystemExit as e:
        code = e.code
        if code is None:
            status = 0
        elif isinstance(code, int):
            status = code & 0xFF  # what the shell sees, as with python SCRIPT
        else:  # sys.exit("message"): Python prints it and exits 1
            print(code, file=sys.stderr, flush=True)
            status = 1
        error = ""
    except KeyboardInterrupt as e:
        _print_program_traceback(e, script)
        status, error = 130, "KeyboardInterrupt"
    except BaseException as e:  # the program's own failure: its traceback, then its status
        _print_program_traceback(e, script)
        status, error = 1, f"{type(e).__name__}: {e}".splitlines()[0][:200]
    finally:
        sys.argv = saved_argv
        if saved_path0 is not None and sys.path:
            sys.path[0] = saved_path0
    # like the interpreter at exit: the program's non-daemon threads finish first
    for t in threading.enumerate():
        if t is not threading.current_thread() and not t.daemon and t.is_alive():
            try:
                t.join()
            except KeyboardInterrupt:
                break
    return status, error


class WatchedRun:
    """The watch on this process while a program runs, and the thread that consumes what it reports.

    ``consume(records, dropped)`` receives the raw records (deferred tuples and events, oldest first) and how
    many events were dropped since the previous call; it runs in the consumer thread, or in the caller's
    thread for :meth:`pump` (one at a time: a lock serialises them).
    """

    def __init__(self, consume: Callable[[list, int], None] | None, gate: Any = None, *,
                 interval: float = CONSUME_INTERVAL_S, capacity: int = RING_CAPACITY, queues: bool = True) -> None:
        self.consume = consume
        self.interval = interval
        self.capacity = capacity
        # Nobody reading (``consume`` None): the watch still runs, into a deque that keeps only the newest.
        # (a short one: a long deque of records would keep the garbage collector busy for nothing)
        self.buffer: deque = deque() if consume is not None else deque(maxlen=IDLE_CAPACITY)
        self.emit = self.buffer.append  #: thread-safe, never blocks: what the watch, the gate, the sampler call
        self.watch = Watch(self.emit, gate)
        self.sampler = QueueSampler(self.watch.live, self.emit) if queues and consume is not None else None
        self._lock = threading.Lock()
        self.dropped = 0  #: events dropped because the consumer fell behind
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="evsim-watch-consumer", daemon=True)
        self.t0_ns = now_ns()
        self.exited: ProgramExited | None = None
        self._installed = False

    def start(self, consumer_thread: bool = True) -> None:
        """Install the watch and start the threads (call right before the program runs).  Without
        ``consumer_thread`` the caller calls :meth:`pump` itself, regularly."""
        self.t0_ns = now_ns()
        patch.install(self.watch)
        self._installed = True
        if not WatchedRun._fork_hook:  # a forked child has no consumer: it must not fill a buffer nobody reads
            os.register_at_fork(after_in_child=WatchedRun._after_fork)
            WatchedRun._fork_hook = True
        WatchedRun._current = self
        if consumer_thread and self.consume is not None:
            self._thread.start()
        if self.sampler is not None:
            self.sampler.start()

    _fork_hook = False
    _current: "WatchedRun | None" = None

    @staticmethod
    def _after_fork() -> None:
        run = WatchedRun._current
        if run is not None and run._installed:
            run._installed = False
            patch.uninstall()
            run.buffer.clear()
            run.consume = None

    def pump(self) -> None:
        """Hand what the buffer holds to ``consume`` now."""
        with self._lock:
            buf = self.buffer
            popleft = buf.popleft
            lost = len(buf) - self.capacity
            if lost > 0:  # the consumer fell behind: the oldest go
                for _ in range(lost):
                    popleft()
                self.dropped += lost
            else:
                lost = 0
            batch = [popleft() for _ in range(len(buf))]
            if (batch or lost) and self.consume is not None:
                self.consume(batch, lost)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.pump()
            except Exception as e:  # a consumer bug must not go unnoticed, nor kill the program
                print(f"evsim: internal error while reporting events: {e!r}", file=sys.stderr, flush=True)
                return

    def finish(self, status: int, error: str) -> None:
        """The program ended: report it, take the watch off, stop the threads, consume the rest."""
        if self.sampler is not None:
            self.sampler.stop()
        patch.uninstall()
        self._installed = False
        WatchedRun._current = None
        self.exited = ProgramExited(now_ns(), status, error)
        self.emit(self.exited)
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(5.0)
        self.pump()
