"""A measuring process: ``python -m evsim.core.multiplex.child`` runs sweeps for a parent, over pipes.

Why a separate process: timing a call of a few microseconds in the same interpreter as a GUI measures the
GUI too.  Every ``poll`` releases the GIL for its system call and must take it back on return; when the GUI
thread is painting at that moment, the call "lasts" until the paint ends.  In its own process the figures
match ``evsim bench``.

Protocol, one JSON object per line.  Parent to child: ``{"run": ID, "plan": {...SweepPlan fields}}`` starts
a sweep (after the current one), ``{"stop": true}`` stops the running sweep; end of input ends the process.
Child to parent: the sweep's events as :mod:`evsim.core.multiplex.wire` lines.
"""

from __future__ import annotations

import json
import queue
import sys
import threading
from typing import IO

from evsim.core.events import Event
from evsim.core.multiplex.sweep import SweepPlan, run_sweep
from evsim.core.multiplex.wire import encode

__all__ = ["serve"]


def serve(inp: IO[str], out: IO[str]) -> None:
    """Read requests from ``inp``, write events to ``out``, until ``inp`` ends."""
    lock = threading.Lock()
    jobs: queue.Queue = queue.Queue()

    class _Out:
        def emit(self, ev: Event) -> None:
            with lock:
                out.write(encode(ev) + "\n")
                out.flush()

    def measure_loop() -> None:
        while True:
            job = jobs.get()
            if job is None:
                return
            run_id, plan, stop = job
            run_sweep(plan, _Out(), run_id=run_id, stop=stop)

    t = threading.Thread(target=measure_loop, name="evsim-multiplex-child", daemon=True)
    t.start()
    stops: list[threading.Event] = []
    try:
        for line in inp:
            try:
                req = json.loads(line)
            except ValueError:
                continue
            if req.get("stop"):
                for s in stops:
                    s.set()
                stops.clear()
            elif "run" in req:
                p = req["plan"]
                try:
                    plan = SweepPlan(backends=tuple(p["backends"]), fds=tuple(p["fds"]), ready=int(p["ready"]),
                                     target_ms=float(p["target_ms"]), workload=str(p.get("workload", "idle")))
                except (KeyError, TypeError, ValueError):
                    continue
                stop = threading.Event()
                stops[:] = [s for s in stops if not s.is_set()] + [stop]
                jobs.put((int(req["run"]), plan, stop))
    finally:
        for s in stops:
            s.set()
        jobs.put(None)
        t.join()


if __name__ == "__main__":
    try:
        serve(sys.stdin, sys.stdout)
    except (KeyboardInterrupt, BrokenPipeError):
        pass
