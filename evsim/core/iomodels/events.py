"""What a suite of I/O-model runs reports (into a RingSink, drained by the lab panel)."""

from __future__ import annotations

from evsim.core.events import Event, event
from evsim.core.iomodels.timeline import Timeline

__all__ = ["SuiteStarted", "ModelStarted", "ModelFinished", "ModelFailed", "SuiteFinished"]


@event
class SuiteStarted(Event):
    run_id: int
    models: tuple[str, ...]


@event
class ModelStarted(Event):
    """The model's run begins now (``t_ns``): the sender will write ``delay`` later."""

    run_id: int
    model: str
    index: int
    total: int


@event
class ModelFinished(Event):
    run_id: int
    model: str
    index: int
    total: int
    timeline: Timeline


@event
class ModelFailed(Event):
    run_id: int
    model: str
    index: int
    total: int
    message: str


@event
class SuiteFinished(Event):
    run_id: int
    completed: int
    failed: int
    cancelled: bool
