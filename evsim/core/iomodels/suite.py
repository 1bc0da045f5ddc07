"""Run the models one after another: :func:`run_model` / :func:`run_models` for the CLI (caller's thread), and
:class:`SuiteRunner`, the GUI's worker thread, which reports through :mod:`evsim.core.iomodels.events`.

Runs are sequential on purpose: each one is timed, and two running at once would disturb each other's clocks
on a small machine.  With ``isolated=True`` the runs happen on the main thread of one child process
(``python -m evsim.core.iomodels.child suite``) and the runner's thread only relays what it reports: the
window's painting then shares no interpreter lock with the measured loops, and the signal-driven model gets
its SIGIO on a main thread like every other model.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from dataclasses import asdict, replace
from typing import Callable, Iterable, Iterator

from evsim.core.events import Sink, now_ns
from evsim.core.iomodels import asynchronous, blocking, multiplexing, nonblocking, signal_driven
from evsim.core.iomodels.common import Cancel, RunCancelled, RunError, RunSpec
from evsim.core.iomodels.events import ModelFailed, ModelFinished, ModelStarted, SuiteFinished, SuiteStarted
from evsim.core.iomodels.signal_driven import child_env
from evsim.core.iomodels.timeline import MODELS, Timeline

__all__ = ["RUNNERS", "run_model", "run_models", "SuiteRunner"]

RUNNERS: dict[str, Callable[[RunSpec, Cancel | None], Timeline]] = {
    "blocking": blocking.run,
    "nonblocking": nonblocking.run,
    "multiplexing": multiplexing.run,
    "signal": signal_driven.run,
    "async": asynchronous.run,
}


def run_model(model: str, spec: RunSpec, cancel: Cancel | None = None) -> Timeline:
    """Run one model for real and return its timeline (raises RunError / RunCancelled / OSError)."""
    try:
        runner = RUNNERS[model]
    except KeyError:
        raise ValueError(f"unknown model {model!r}; expected one of {', '.join(MODELS)}") from None
    return runner(spec, cancel)


def run_models(models: Iterable[str], spec: RunSpec,
               cancel: Cancel | None = None) -> Iterator[Timeline]:
    """Run each model in turn, yielding its timeline as soon as it is done."""
    for m in models:
        if cancel is not None and cancel.is_set():
            return
        yield run_model(m, spec, cancel)


class SuiteRunner:
    """Runs the models once, in its own thread, emitting events into ``sink``.  ``shutdown()`` stops and joins.

    A failure of one model is reported (``ModelFailed``) and the suite goes on with the next one; the thread
    always ends with ``SuiteFinished``.  Cancelling wakes whatever is waiting at once (the sender shuts its
    socket down; a child process is killed), so ``shutdown()`` returns within milliseconds.
    """

    def __init__(self, spec: RunSpec, sink: Sink, run_id: int = 1, models: Iterable[str] = MODELS,
                 isolated: bool = False) -> None:
        self.spec = spec
        self.isolated = isolated
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self.sink = sink
        self.run_id = run_id
        self.models = tuple(models)
        for m in self.models:
            if m not in RUNNERS:
                raise ValueError(f"unknown model {m!r}")
        self._cancel = Cancel()
        self._thread: threading.Thread | None = None
        self.results: dict[str, Timeline] = {}

    def start(self) -> "SuiteRunner":
        if self._thread is not None:
            raise RuntimeError("a SuiteRunner runs once")
        self._thread = threading.Thread(target=self._run, name="iomodels-suite", daemon=True)
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def cancel(self) -> None:
        """Stop the run (returns at once; the thread ends within milliseconds)."""
        self._cancel.set()
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                self._proc.kill()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread; True when it has ended."""
        t = self._thread
        if t is not None and t is not threading.current_thread():
            t.join(timeout)
        return not self.running

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel and join.  Idempotent."""
        self.cancel()
        self.join(timeout)

    def _run(self) -> None:
        emit = self.sink.emit
        total = len(self.models)
        emit(SuiteStarted(now_ns(), self.run_id, self.models))
        counts = [0, 0]  # completed, failed
        try:
            if self.isolated:
                self._run_in_child(counts)
            else:
                self._run_here(counts)
        except Exception as e:  # noqa: BLE001 - reported, never a dead worker
            counts[1] += 1
            emit(ModelFailed(now_ns(), self.run_id, "", -1, total, f"{type(e).__name__}: {e}"))
        emit(SuiteFinished(now_ns(), self.run_id, counts[0], counts[1], self._cancel.is_set()))

    def _run_here(self, counts: list[int]) -> None:
        emit = self.sink.emit
        total = len(self.models)
        for i, m in enumerate(self.models):
            if self._cancel.is_set():
                return
            emit(ModelStarted(now_ns(), self.run_id, m, i, total))
            try:
                tl = run_model(m, self.spec, self._cancel)
            except RunCancelled as e:
                if self._cancel.is_set():
                    return
                counts[1] += 1
                emit(ModelFailed(now_ns(), self.run_id, m, i, total, str(e)))
            except (RunError, OSError, ValueError) as e:
                counts[1] += 1
                emit(ModelFailed(now_ns(), self.run_id, m, i, total, str(e)))
            else:
                counts[0] += 1
                self.results[m] = tl
                emit(ModelFinished(now_ns(), self.run_id, m, i, total, tl))

    def _run_in_child(self, counts: list[int]) -> None:
        emit = self.sink.emit
        total = len(self.models)
        index = {m: i for i, m in enumerate(self.models)}
        argv = [sys.executable, "-m", "evsim.core.iomodels.child", "suite", json.dumps(asdict(self.spec)),
                ",".join(self.models)]
        with self._lock:
            if self._cancel.is_set():
                return
            self._proc = proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                env=child_env())
        try:
            assert proc.stdout is not None
            for line in proc.stdout:  # one JSON object per step; EOF when the child ends or is killed
                try:
                    msg = json.loads(line)
                    m, t = msg["model"], int(msg["t_ns"])
                    i = index[m]
                    if msg["step"] == "started":
                        emit(ModelStarted(t, self.run_id, m, i, total))
                    elif msg["step"] == "finished":
                        tl = replace(Timeline.from_dict(msg["timeline"]), runner="child process")
                        counts[0] += 1
                        self.results[m] = tl
                        emit(ModelFinished(t, self.run_id, m, i, total, tl))
                    else:
                        counts[1] += 1
                        emit(ModelFailed(t, self.run_id, m, i, total, str(msg.get("message", ""))))
                except (ValueError, KeyError, TypeError) as e:
                    raise RunError(f"unreadable report from the child process: {e}") from e
        finally:
            if proc.poll() is None and self._cancel.is_set():
                proc.kill()
            _out, err = proc.communicate()
            with self._lock:
                self._proc = None
        if proc.returncode != 0 and not self._cancel.is_set():
            raise RunError((err.strip().splitlines() or [f"child process exited with {proc.returncode}"])[-1])
