"""Per-call cost of select, poll and epoll over N real sockets with K ready (standard library only).

* :mod:`.sockets`: :class:`WatchedSockets`, N watched socketpair ends, K made readable.
* :mod:`.measure`: :func:`measure` one backend over them, adaptive repetition, FD_SETSIZE error path.
* :mod:`.sweep`: :func:`run_sweep` over several socket counts, emitting :mod:`.events` into a sink.
* :mod:`.worker`: :class:`SweepWorker`, the stoppable, latest-request-wins thread the lab uses.
* :mod:`.fdlimit`: RLIMIT_NOFILE budget.
"""

from evsim.core.multiplex.fdlimit import FD_SETSIZE, MAX_FDS, FdBudget, ensure_fd_budget, open_fd_count
from evsim.core.multiplex.measure import BACKENDS, UNSUPPORTED, Measurement, Repetition, measure
from evsim.core.multiplex.sockets import WatchedSockets, spread
from evsim.core.multiplex.sweep import DEMO_FDS, SweepPlan, SweepResult, geometric_fds, run_sweep
from evsim.core.multiplex.worker import SweepWorker

__all__ = [
    "FD_SETSIZE", "MAX_FDS", "FdBudget", "ensure_fd_budget", "open_fd_count",
    "BACKENDS", "UNSUPPORTED", "Measurement", "Repetition", "measure",
    "WatchedSockets", "spread",
    "DEMO_FDS", "SweepPlan", "SweepResult", "geometric_fds", "run_sweep",
    "SweepWorker",
]
