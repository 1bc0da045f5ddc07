"""A user's program in its own process, watched: ``python -m evsim.core.watch.child --stream-fd N SCRIPT ARGS...``.

The window (``evsim run SCRIPT``, :class:`evsim.core.watch.remote.RemoteProgram`) starts this process with one
end of a socketpair as ``--stream-fd``; stdin, stdout and stderr stay the terminal's.  The script runs as
``__main__`` in the main thread with the watch installed (:class:`~evsim.core.watch.program.WatchedRun`).
One thread of ours moves the watch's events into a :class:`~evsim.core.stream.StreamWriter` (never blocking
the program: when the window reads too slowly, events are dropped and counted in the stream) and reads the
commands arriving on the same socket:

    step [N] | step_iteration | resume (or continue) | step_mode 1/0 | delay_ms N | stop

(``-`` or ``_`` in names).  ``stop`` lets a held program go and interrupts it (SIGINT: its ``finally`` blocks
run); the window kills the process if it does not end in time.  The exit status is the program's.
"""

from __future__ import annotations

import _socket
import argparse
import os
import signal
import sys
import threading
from typing import Any, Callable

from evsim.core.stream import Decoder, StreamWriter
from evsim.core.stream.commands import loop_command, read_commands
from evsim.core.watch.program import WatchedRun, run_script
from evsim.core.watch.gate import Gate
from evsim.core.watch.raw import REAL_SELECT
from evsim.core.watch.sinks import open_recording

__all__ = ["main", "load_gate", "STREAM_CAPACITY", "EXIT_USAGE"]

STREAM_CAPACITY = 1 << 20
#: How often the events go to the window (at once when the program is held).
STREAM_INTERVAL_S = 0.02
EXIT_USAGE = 2
_PR_SET_PDEATHSIG = 1


def load_gate(emit: Callable[[object], None], flush: Callable[[], object]) -> Any:
    """The step gate (:class:`evsim.core.watch.gate.Gate`), reporting Held through ``emit`` and flushing first."""
    return Gate(emit, flush)


def die_with_parent() -> None:
    """SIGTERM when the parent (the window) dies, so no watched program outlives it."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class Channel:
    """Our side of the window's socket: the stream out (fed from the watch's buffer) and the commands in."""

    def __init__(self, fd: int, gate: Any, capacity: int = STREAM_CAPACITY, record: str | None = None) -> None:
        self.sock = _socket.socket(fileno=fd)  # a bare _socket.socket: the watch never reports our own calls
        self.writer = StreamWriter(self.sock, capacity, producer="evsim run (watched program)")
        self.recording = open_recording(record) if record else None
        self.gate = gate
        self.decoder = Decoder()
        self.stopping = False
        self.run: WatchedRun | None = None

    def consume(self, batch: list, lost: int) -> None:
        writer = self.writer
        if lost:
            writer.count_dropped(lost)
        emit = writer.emit
        for item in batch:
            emit(item)
        writer.flush()
        if self.recording is not None:
            for item in batch:
                self.recording.write(item)

    def serve(self, run: WatchedRun, done: threading.Event) -> None:
        """The consumer thread: commands as they come, the watch's buffer every ``run.interval``."""
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})  # signals go to the program
        fd = self.sock.fileno()
        while not done.is_set():
            try:
                r, _, _ = REAL_SELECT([fd], [], [], run.interval)
            except InterruptedError:
                r = []
            if r and not self.read_commands():
                self.stop_program()  # the window is gone: nobody watches any more
                return
            run.pump()

    def read_commands(self) -> bool:
        return read_commands(self.sock, self.decoder, self.handle, "watched program")

    def handle(self, name: str, arg: str) -> None:
        if name == "stop":
            self.stop_program()
        else:
            loop_command(self.gate, name, arg)

    def stop_program(self) -> None:
        if not self.stopping:
            self.stopping = True
            self.gate.release()
            os.kill(os.getpid(), signal.SIGINT)

    def close(self) -> None:
        self.writer.close(timeout=1.0)
        if self.recording is not None:
            self.recording.close()


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="evsim-watched-program")
    p.add_argument("--stream-fd", type=int, required=True)
    p.add_argument("--step-mode", action="store_true", help="held before the first watched call")
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--record", default=None)
    p.add_argument("--stream-capacity", type=int, default=STREAM_CAPACITY, help=argparse.SUPPRESS)
    p.add_argument("script")
    p.add_argument("args", nargs=argparse.REMAINDER)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    die_with_parent()
    if not os.path.isfile(args.script):
        print(f"evsim: no such script: {args.script}", file=sys.stderr, flush=True)
        return EXIT_USAGE
    try:
        channel = Channel(args.stream_fd, None, max(1, args.stream_capacity), args.record)
    except OSError as e:
        print(f"evsim: cannot record to {args.record}: {e.strerror or e}", file=sys.stderr, flush=True)
        return EXIT_USAGE
    run = WatchedRun(channel.consume, interval=STREAM_INTERVAL_S)
    gate = channel.gate = run.watch.gate = load_gate(run.emit, run.pump)
    gate.set_step_mode(args.step_mode)
    gate.delay_s = max(0, args.delay_ms) / 1000.0
    done = threading.Event()
    server = threading.Thread(target=channel.serve, args=(run, done), name="evsim-watch-channel", daemon=True)
    run.start(consumer_thread=False)  # the channel's thread pumps
    server.start()
    try:
        status, error = run_script(args.script, args.args)
    finally:
        gate.release()
        done.set()
        server.join(2.0)
    run.finish(status, error)
    channel.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
