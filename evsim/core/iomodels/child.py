"""Run models on the main thread of a child Python process (``python -m evsim.core.iomodels.child``).

``child signal SPEC_JSON``
    run the signal-driven model; print its :class:`~evsim.core.iomodels.timeline.Timeline` as one JSON object.
    Exit 0 on success, 3 when the run was cancelled (the sender went away), 1 with one line on stderr otherwise.
    Used by :func:`evsim.core.iomodels.signal_driven.run_in_child` when the caller is not on a main thread.
``child suite SPEC_JSON MODEL[,MODEL...]``
    run the models in turn and stream one JSON line per step: ``{"step": "started", "model", "t_ns"}``, then
    ``{"step": "finished", "model", "t_ns", "timeline"}`` or ``{"step": "failed", "model", "t_ns", "message"}``.
    Used by :class:`evsim.core.iomodels.suite.SuiteRunner` with ``isolated=True`` (the GUI), so that the
    measured runs share no interpreter lock with the window that paints them, and SIGIO is real there too.
"""

from __future__ import annotations

import json
import sys
import time

from evsim.core.iomodels.common import RunCancelled, RunError, RunSpec


def _spec(text: str) -> RunSpec:
    return RunSpec(**json.loads(text))


def _signal(spec: RunSpec) -> int:
    from evsim.core.iomodels.signal_driven import run_here

    try:
        tl = run_here(spec)
    except RunCancelled as e:
        print(str(e), file=sys.stderr)
        return 3
    except (RunError, OSError) as e:
        print(str(e), file=sys.stderr)
        return 1
    json.dump(tl.to_dict(), sys.stdout)
    sys.stdout.write("\n")
    return 0


def _suite(spec: RunSpec, models: list[str]) -> int:
    from evsim.core.iomodels.suite import run_model

    def say(obj: dict) -> None:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    for m in models:
        say({"step": "started", "model": m, "t_ns": time.monotonic_ns()})
        try:
            tl = run_model(m, spec)
        except (RunCancelled, RunError, OSError, ValueError) as e:
            say({"step": "failed", "model": m, "t_ns": time.monotonic_ns(), "message": str(e)})
        else:
            say({"step": "finished", "model": m, "t_ns": time.monotonic_ns(), "timeline": tl.to_dict()})
    return 0


def main(argv: list[str]) -> int:
    try:
        mode, spec = argv[0], _spec(argv[1])
        if mode == "signal":
            return _signal(spec)
        if mode == "suite":
            return _suite(spec, [m for m in argv[2].split(",") if m])
        raise ValueError(f"unknown mode {mode!r}")
    except (IndexError, ValueError, TypeError) as e:
        print(f"bad arguments: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except (KeyboardInterrupt, BrokenPipeError):
        raise SystemExit(3)
