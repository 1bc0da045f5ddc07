"""What a multiplexing sweep reports: one frozen event per measured point, progress, the end, an error.

The contract between :class:`evsim.core.multiplex.worker.SweepWorker` (producer) and the multiplex lab
(consumer).  ``run_id`` numbers the sweeps a worker has run, so a consumer can tell a finished, superseded
sweep's late points from the current one's.
"""

from __future__ import annotations

from evsim.core.events import Event, event

__all__ = ["SweepStarted", "PointStarted", "PointMeasured", "SweepFinished", "SweepFailed", "FdLimitNote"]


@event
class SweepStarted(Event):
    """A sweep over ``fds`` (socket counts) x ``backends`` began; ``total`` points are planned."""

    run_id: int
    backends: tuple[str, ...]
    fds: tuple[int, ...]
    ready: int
    total: int
    workload: str = "idle"


@event
class PointStarted(Event):
    """Point ``index`` (0-based, of ``total``) is being measured: ``backend`` over ``fds`` sockets."""

    run_id: int
    index: int
    total: int
    backend: str
    fds: int


@event
class PointMeasured(Event):
    """One measured point: ``backend`` watched ``fds`` sockets, ``ready`` of them readable.

    ``us_p50``/``us_p95`` are the median and 95th percentile of the per-call cost in microseconds (NaN when
    ``error`` is set).  ``scanned_per_call`` is how many entries the caller had to examine after each call to
    find the ready sockets; ``found_per_call`` how many ready sockets the last call reported.  ``setup_us`` is
    the one-time cost of handing the set over (registering with poll/epoll, building select's list).
    ``over_limit`` counts the watched descriptors numbered >= FD_SETSIZE.  ``workload``: "idle", "busy" (all
    ready) or "churn" (the ready sockets re-registered around every call), see
    :mod:`evsim.core.multiplex.measure`.
    """

    run_id: int
    index: int
    total: int
    backend: str
    fds: int
    ready: int
    us_p50: float
    us_p95: float
    calls: int
    scanned_per_call: int
    found_per_call: int
    setup_us: float
    min_fd: int
    max_fd: int
    over_limit: int
    error: str | None
    workload: str = "idle"


@event
class SweepFinished(Event):
    """The sweep ended: ``measured`` points done, ``stopped`` if it was cancelled, after ``elapsed_s``."""

    run_id: int
    measured: int
    total: int
    stopped: bool
    elapsed_s: float


@event
class SweepFailed(Event):
    """The sweep could not go on (e.g. out of file descriptors): a one-line ``message``."""

    run_id: int
    message: str


@event
class FdLimitNote(Event):
    """RLIMIT_NOFILE could not be raised far enough: socket counts above ``max_fds`` were capped."""

    run_id: int
    soft: int
    hard: int
    wanted: int
    max_fds: int
    message: str
