"""Export to the Chrome Trace Event format (ui.perfetto.dev, chrome://tracing), standard library only.

* :func:`export_file`: a recording (or any stream file) to a trace file, streamed (bounded memory);
* :class:`StreamTrace`: the translator, for events already in hand (a ListSink, a window's buffer);
* :func:`export_timelines`: the I/O models lab's runs.

What the traces show is described in :mod:`.stream_trace` and :mod:`.iomodels`.
"""

from evsim.core.export.files import ExportCancelled, ExportResult, export_file, write_atomically
from evsim.core.export.iomodels import export_timelines
from evsim.core.export.source import RecordingSource, SourceError
from evsim.core.export.stream_trace import StreamTrace

__all__ = ["export_file", "export_timelines", "write_atomically", "ExportResult", "ExportCancelled",
           "SourceError", "RecordingSource", "StreamTrace"]
