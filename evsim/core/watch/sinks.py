"""Where a watched run's stream can go besides the window: a recording file (``evsim run --record FILE``)."""

from __future__ import annotations

from evsim.core.record import RecordingError, RecordingWriter

__all__ = ["open_recording", "PRODUCER"]

#: The recording's producer name: a replay picks the watch's feed (SceneAdapter) from names starting so.
PRODUCER = "evsim run (watched program)"


def open_recording(path: str) -> RecordingWriter:
    """The writer ``--record FILE`` uses: the recording format (docs/recording.md), created 0600.

    Raises OSError (``strerror`` the reason, e.g. "Permission denied") when the file cannot be created.
    """
    try:
        return RecordingWriter(path, producer=PRODUCER)
    except RecordingError as e:  # "cannot write the recording PATH: reason": the callers name PATH themselves
        raise OSError(0, str(e).rsplit(": ", 1)[-1]) from None
