"""What the clicks lab reports: one frozen event per input, latch, scan, enqueue, dequeue, handler run...

This module is the contract between the producers (the input source, the polling thread, the event loop and
its workers) and the consumers (the clicks panel, ``evsim clicks``, the benchmark).  Every event is stamped
with ``time.monotonic_ns()`` when it happened.  ``design`` is :data:`POLLING` or :data:`EVENTLOOP`: the same
click (same ``id``) is fed to both designs, and each reports what it did with it.
"""

from __future__ import annotations

from evsim.core.events import Event, event

__all__ = [
    "POLLING", "EVENTLOOP", "DESIGNS", "MISS_REASONS",
    "ClickInput", "Latched", "ClickSeen", "ClickMissed", "Enqueued", "Dequeued", "LoopWaiting",
    "HandlerStarted", "HandlerFinished", "ScanProgress", "PollerConfigured", "LoopConfigured", "CpuSample",
    "DesignStopped", "ClickerStopped",
]

POLLING = "polling"
EVENTLOOP = "eventloop"
DESIGNS = (POLLING, EVENTLOOP)

#: Why a click never reached its handler (ClickMissed.reason).
MISS_REASONS = ("overwritten", "queue full")


@event
class ClickInput(Event):
    """The user (or the auto-clicker) produced an input: ``input_kind`` is "click" or "key_down";
    ``device`` 0 is the mouse, 1 the keyboard; ``label`` says which button or key."""

    id: int
    input_kind: str
    device: int
    label: str


@event
class Latched(Event):
    """Polling: the click was written into register ``device``; ``occupied`` registers now hold an unread
    click (the polling design's "queue depth")."""

    id: int
    device: int
    occupied: int


@event
class ClickSeen(Event):
    """Polling: the scan read the click out of its register, ``wait_ns`` after the input."""

    id: int
    device: int
    wait_ns: int


@event
class ClickMissed(Event):
    """The click will never be handled.  Polling: a newer click (``overwritten_by``) overwrote it in the
    register before the scan read it.  Event loop: the queue was at its memory cap (``overwritten_by`` = 0)."""

    id: int
    design: str
    device: int
    overwritten_by: int
    reason: str


@event
class Enqueued(Event):
    """Event loop: the message was put into the queue; ``depth`` messages are now waiting."""

    id: int
    input_kind: str
    depth: int


@event
class Dequeued(Event):
    """Event loop: the loop took the message out after ``wait_ns`` in the queue; ``depth`` remain."""

    id: int
    input_kind: str
    wait_ns: int
    depth: int


@event
class LoopWaiting(Event):
    """Event loop: the queue is empty and the loop thread is now blocked in ``get()`` (it uses no CPU)."""


@event
class HandlerStarted(Event):
    """A handler (``handler`` is its name, e.g. "on_click") started for click ``id``, ``latency_ns`` after the
    input.  ``worker`` names the thread running it (the poller, the loop, or a pool worker)."""

    id: int
    design: str
    input_kind: str
    handler: str
    latency_ns: int
    worker: str


@event
class HandlerFinished(Event):
    """The handler returned after ``duration_ns``; ``completed`` is False when shutdown cut it short."""

    id: int
    design: str
    input_kind: str
    duration_ns: int
    completed: bool
    worker: str


@event
class ScanProgress(Event):
    """Polling: the scan is at register ``device`` of ``devices``; ``sweeps`` full sweeps done so far.
    Sampled (at most ~60 per second), so a spinning poller does not flood the sink."""

    device: int
    devices: int
    sweeps: int


@event
class PollerConfigured(Event):
    """The polling thread picked up its settings (at start, and after each change, between sweeps)."""

    interval_ms: float
    devices: int
    scan_us: float
    handler_ms: float


@event
class LoopConfigured(Event):
    """The event loop picked up its settings (at start and after each change)."""

    handler_ms: float
    offload: bool
    workers: int


@event
class CpuSample(Event):
    """CPU used by a design's consumer thread since the previous sample, in percent of one core (read from
    the thread's own CPU clock)."""

    design: str
    percent: float


@event
class DesignStopped(Event):
    """A design's process stopped (its last event).  Counted in that process, independently of the other
    events: ``held`` clicks were still latched in a register or queued in the pipe, ``unfinished`` were in a
    handler that the stop cut short; ``cpu_ns`` is the consumer thread's CPU over ``wall_ns`` of measured run;
    ``events_dropped`` events were not sent because the reader fell behind (never clicks)."""

    design: str
    held: int
    unfinished: int
    cpu_ns: int
    wall_ns: int
    events_dropped: int


@event
class ClickerStopped(Event):
    """The auto-clicker's process stopped: it made ``sent`` clicks (its own count)."""

    sent: int
    events_dropped: int
