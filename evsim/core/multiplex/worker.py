"""A long-lived measuring thread for the lab: the latest request wins, every request is stoppable.

:meth:`SweepWorker.request` hands over a :class:`SweepPlan` and returns at once; a sweep already running is
told to stop (it notices within a few milliseconds) and the new one starts after it.  Results go into
``worker.sink`` (a :class:`RingSink`) as :mod:`evsim.core.multiplex.events`, tagged with the request's
``run_id``.  :meth:`shutdown` stops and joins the thread (and ends the child process); it is idempotent.

With ``isolated=True`` the thread does not measure itself: it relays the sweep to a child process
(:mod:`evsim.core.multiplex.child`) and re-emits its events, so the figures are not inflated by whatever
else this interpreter is doing (a GUI thread painting holds the GIL each ``poll`` must take back on return).
If the child cannot be started, the worker measures in its own thread instead and says so once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import evsim
from evsim.core.events import RingSink, now_ns
from evsim.core.multiplex.wire import decode
from evsim.core.multiplex.events import SweepFailed, SweepFinished
from evsim.core.multiplex.sweep import SweepPlan, run_sweep

__all__ = ["SweepWorker"]


class SweepWorker:
    def __init__(self, sink: RingSink | None = None, name: str = "evsim-multiplex", isolated: bool = False) -> None:
        self.sink = sink if sink is not None else RingSink(4096)
        self.isolated = isolated
        self._name = name
        self._cond = threading.Condition()
        self._pending: tuple[int, SweepPlan] | None = None
        self._stop: threading.Event | None = None  # the running sweep's stop flag
        self._closing = False
        self._thread: threading.Thread | None = None
        self._last_id = 0
        self._child: subprocess.Popen | None = None
        self._wlock = threading.Lock()  # serialises writes to the child's stdin

    # ------------------------------------------------------------------ requests (any thread)
    def request(self, plan: SweepPlan) -> int:
        """Measure ``plan`` as soon as possible (cancelling what runs now); returns its run id."""
        with self._cond:
            if self._closing:
                raise RuntimeError("worker is shut down")
            self._last_id += 1
            self._pending = (self._last_id, plan)
            self._stop_running()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify_all()
            return self._last_id

    def cancel(self) -> None:
        """Drop the pending request and stop the running one (returns at once)."""
        with self._cond:
            self._pending = None
            self._stop_running()

    def _stop_running(self) -> None:
        if self._stop is not None:
            self._stop.set()
            self._send({"stop": True})

    @property
    def busy(self) -> bool:
        """True while a sweep runs or waits to run."""
        with self._cond:
            return self._stop is not None or self._pending is not None

    @property
    def last_run_id(self) -> int:
        return self._last_id

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def child_pid(self) -> int | None:
        c = self._child
        return c.pid if c is not None and c.poll() is None else None

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop the running sweep, end the child process and join the thread.  Idempotent."""
        with self._cond:
            self._closing = True
            self._pending = None
            self._stop_running()
            self._cond.notify_all()
            t = self._thread
        child = self._child
        if child is not None:
            with self._wlock:
                try:
                    child.stdin.close()  # end of input: the child stops and exits
                except OSError:
                    pass
        if t is not None and t is not threading.current_thread():
            t.join(timeout)
        if child is not None:
            try:
                child.wait(timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            if child.stdout is not None:
                child.stdout.close()

    # ------------------------------------------------------------------ the thread
    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._closing:
                    self._cond.wait()
                if self._closing:
                    return
                run_id, plan = self._pending  # type: ignore[misc]
                self._pending = None
                stop = self._stop = threading.Event()
            try:
                if self.isolated and self._ensure_child():
                    self._relay(run_id, plan, stop)
                else:
                    run_sweep(plan, self.sink, run_id=run_id, stop=stop)
            except Exception as e:  # noqa: BLE001 - reported to the GUI, never a dead thread
                self.sink.emit(SweepFailed(now_ns(), run_id, f"{type(e).__name__}: {e}"))
                self.sink.emit(SweepFinished(now_ns(), run_id, 0, plan.total, True, 0.0))
            finally:
                with self._cond:
                    self._stop = None

    def _ensure_child(self) -> bool:
        c = self._child
        if c is not None and c.poll() is None:
            return True
        root = os.path.dirname(os.path.dirname(os.path.abspath(evsim.__file__)))
        env = dict(os.environ)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        try:
            c = subprocess.Popen([sys.executable, "-m", "evsim.core.multiplex.child"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True, bufsize=1, env=env, close_fds=True)
        except OSError as e:
            self.isolated = False
            self.sink.emit(SweepFailed(now_ns(), 0, f"measuring in this process: no child process ({e})"))
            return False
        with self._cond:
            if self._closing:
                c.stdin.close()
                c.wait()
                c.stdout.close()
                return False
            self._child = c
        return True

    def _send(self, msg: dict) -> None:
        c = self._child
        if c is None:
            return
        with self._wlock:
            try:
                c.stdin.write(json.dumps(msg) + "\n")
                c.stdin.flush()
            except (OSError, ValueError):
                pass  # the child is gone or its input closed: the reader notices

    def _relay(self, run_id: int, plan: SweepPlan, stop: threading.Event) -> None:
        c = self._child
        assert c is not None and c.stdout is not None
        self._send({"run": run_id, "plan": {"backends": list(plan.backends), "fds": list(plan.fds),
                                            "ready": plan.ready, "target_ms": plan.target_ms,
                                            "workload": plan.workload}})
        if stop.is_set():  # cancelled while the plan was on its way: make sure the child hears it
            self._send({"stop": True})
        for line in c.stdout:
            try:
                ev = decode(line)
            except ValueError:
                continue
            self.sink.emit(ev)
            if isinstance(ev, SweepFinished) and ev.run_id == run_id:
                return
        if not self._closing:
            self.sink.emit(SweepFailed(now_ns(), run_id, "the measuring process ended unexpectedly"))
        self.sink.emit(SweepFinished(now_ns(), run_id, 0, plan.total, True, 0.0))
