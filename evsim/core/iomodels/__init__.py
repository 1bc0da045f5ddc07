"""The five I/O models, each run for real on a ``socket.socketpair()`` with a delayed sender.

One module per model (:mod:`.blocking`, :mod:`.nonblocking`, :mod:`.multiplexing`, :mod:`.signal_driven`,
:mod:`.asynchronous`), each exposing ``run(spec, cancel=None) -> Timeline``; the common record and everything
derived from it (phases, blocked spans, the synchronous/asynchronous verdict) is in :mod:`.timeline`.
"""

from evsim.core.iomodels.common import MAX_SIZE, MUX_CALLS, Cancel, RunCancelled, RunError, RunSpec
from evsim.core.iomodels.suite import RUNNERS, SuiteRunner, run_model, run_models
from evsim.core.iomodels.timeline import (
    MODEL_TITLES, MODELS, Mark, Sampler, Span, Syscall, Timeline, Trace, process_spans, summary,
)

__all__ = [
    "MODELS", "MODEL_TITLES", "MUX_CALLS", "MAX_SIZE", "RunSpec", "Cancel", "RunCancelled", "RunError", "Timeline",
    "Syscall", "Mark", "Trace", "Sampler", "Span", "process_spans", "summary", "run_model", "run_models", "RUNNERS",
    "SuiteRunner",
]
