"""``evsim run [--no-gui] [--events] [--record FILE] [--step] SCRIPT [ARGS...]``: a user's program, watched.

The script runs as ``__main__`` like ``python SCRIPT ARGS`` (its stdin and stdout untouched) with its
selectors, select/poll/epoll and sockets watched (:mod:`evsim.core.watch`).  Without ``--no-gui`` the window
opens on it (:func:`evsim.gui.run_window.main`).  With ``--no-gui`` it runs in this process:

* ``--events``: every call on stderr, one line each (:mod:`evsim.core.watch.text`),
  and among them the diagnoses (``evsim: warning [CODE] ...``) when :mod:`evsim.core.watch.diagnose` is
  available;
* ``--record FILE``: the stream written to FILE;
* ``--step``: held before every watched call; Enter steps, ``c`` Enter continues, ``i`` Enter steps over one
  loop iteration (read from /dev/tty, not from the program's stdin).

The exit status is the program's (its traceback on stderr if it raised); evsim's own errors are one line and 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading
from typing import Any

from evsim.commands import CliError
from evsim.core.watch.child import load_gate
from evsim.core.watch.program import WatchedRun, run_script
from evsim.core.watch.raw import REAL_SELECT
from evsim.core.watch.sinks import open_recording
from evsim.core.watch.text import EventPrinter

__all__ = ["run"]


def _diagnoser() -> tuple[Any, Any]:
    """h10d's Diagnoser and format_warning, or (None, None) when this build has no diagnoses."""
    try:
        mod = importlib.import_module("evsim.core.watch.diagnose")
    except ImportError:
        return None, None
    return mod.Diagnoser(), mod.format_warning


class _TtyStepper:
    """``--step`` without a window: a thread reading /dev/tty lines and stepping the gate."""

    HELP = "evsim: held: Enter = step, i Enter = next loop iteration, c Enter = continue"

    def __init__(self, gate: Any) -> None:
        try:
            self.tty = open("/dev/tty", "rb", buffering=0)
        except OSError:
            raise CliError("--step without a window reads Enter from a terminal, and there is none "
                           "(/dev/tty): run it in a terminal, or without --no-gui", 2) from None
        self.gate = gate
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="evsim-step-tty", daemon=True)

    def start(self) -> None:
        print(self.HELP, file=sys.stderr, flush=True)
        self._thread.start()

    def _run(self) -> None:
        fd = self.tty.fileno()
        buf = b""
        while not self._done.is_set():
            r, _, _ = REAL_SELECT([fd], [], [], 0.2)  # the real select: never reported, and wakes to stop
            if not r:
                continue
            chunk = os.read(fd, 256)
            if not chunk:
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                cmd = line.strip().lower()
                if cmd in (b"c", b"continue"):
                    self.gate.resume()
                elif cmd in (b"i", b"iteration"):
                    self.gate.step_iteration()
                else:
                    self.gate.step()

    def stop(self) -> None:
        self._done.set()
        self._thread.join(1.0)
        self.tty.close()


def _headless(args: argparse.Namespace, script: str) -> int:
    diagnoser, format_warning = _diagnoser() if args.events else (None, None)
    err = sys.stderr
    printer = EventPrinter(err.write, 0, events=args.events, diagnoser=diagnoser, format_warning=format_warning,
                           held=args.step)
    try:
        recording = open_recording(args.record) if args.record else None
    except OSError as e:
        raise CliError(f"cannot record to {args.record}: {e.strerror or e}", 2) from None
    reading = args.events or args.step

    def consume(batch: list, lost: int) -> None:
        if recording is not None:
            for item in batch:
                recording.write(item)
        if reading:
            if lost:
                from evsim.core.stream import Dropped

                batch = [*batch, Dropped(batch[-1][1] if batch and type(batch[-1]) is tuple else 0, lost)]
            printer.feed(batch)  # records as they are: the printer builds each line straight from them
            err.flush()

    run_ = WatchedRun(consume if reading or recording is not None else None)
    gate = run_.watch.gate = load_gate(run_.emit, run_.pump) if args.step else None
    stepper = _TtyStepper(gate) if gate is not None else None
    if gate is not None:
        gate.set_step_mode(True)
        stepper.start()
    run_.start()
    printer.t0_ns = run_.t0_ns
    try:
        status, error = run_script(script, args.args)
    finally:
        if gate is not None:
            gate.release()
        if stepper is not None:
            stepper.stop()
    run_.finish(status, error)
    if recording is not None:
        recording.close()
    return status


def run(args: argparse.Namespace) -> int:
    script = args.script
    if not os.path.exists(script):
        raise CliError(f"no such script: {script}", 2)
    if not os.path.isfile(script):
        raise CliError(f"not a Python file: {script}", 2)
    if not args.no_gui:
        try:
            window = importlib.import_module("evsim.gui.run_window")
        except ModuleNotFoundError as e:
            if e.name != "evsim.gui.run_window":
                raise CliError(f"the window cannot start ({e}): use --no-gui", 2) from None
            raise CliError("the window for `evsim run` is not available in this build: use --no-gui", 2) from None
        return int(window.main(args) or 0)
    return _headless(args, script)
