"""A recording file to a trace file: :func:`export_file` (used by ``evsim export`` and File > Export recording)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO, Callable

from evsim.core.export.source import RecordingSource, SourceError  # noqa: F401 (raised through export_file)
from evsim.core.export.stream_trace import StreamTrace

__all__ = ["ExportResult", "ExportCancelled", "export_file", "write_atomically"]


class ExportCancelled(Exception):
    """The export was cancelled (``cancel()`` returned True); no output file was left behind."""


@dataclass(frozen=True)
class ExportResult:
    """What one export did: ``events`` read, trace ``trace_events`` written, ``problem`` (None, or where
    the input ended early: the trace then holds what came before), ``seconds`` spanned by the run."""

    source: str
    output: str
    events: int
    trace_events: int
    connections: int
    seconds: float
    problem: str | None


def write_atomically(path: str, write: Callable[[IO[str]], None]) -> None:
    """Call ``write(f)`` on a temporary file beside ``path``, then rename it to ``path``: a failure (or a
    cancel) never leaves a half-written file.  Raises OSError with the reason."""
    tmp = f"{path}.part"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def export_file(source: str, output: str, *, progress: Callable[[int, int], None] | None = None,
                cancel: Callable[[], bool] | None = None) -> ExportResult:
    """Export the recording ``source`` to the trace file ``output``.

    ``progress(events_done, events_total)`` is called after each batch; ``cancel()`` returning True stops the
    export (ExportCancelled).  Raises SourceError when ``source`` cannot be exported at all (not a stream,
    unreadable, no event) and OSError when ``output`` cannot be written.
    """
    src = RecordingSource(source)  # (refuses a foreign file before any output exists)
    result: dict = {}

    def write(f: IO[str]) -> None:
        trace = StreamTrace(f, title=f"evsim: {os.path.basename(source)}")
        trace.ignored_kinds = src.control_kind_names()
        for batch in src.batches():
            trace.feed(batch)
            if progress is not None:
                progress(src.read, src.total)
            if cancel is not None and cancel():
                raise ExportCancelled("export cancelled")
        other = {"source": os.path.basename(source), "problem": src.problem}
        result.update(trace.close(other))
        result["trace_events"] = trace.out.events if trace.out is not None else 0

    try:
        write_atomically(output, write)
    finally:
        src.close()
    return ExportResult(source, output, src.read, result.get("trace_events", 0), result.get("connections", 0),
                        result.get("span_s", 0.0), src.problem)

