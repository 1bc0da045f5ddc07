"""``evsim replay FILE``: the window, on the sockets lab, replaying FILE with its timeline bar.

The file is read before any window opens: one that cannot be replayed (missing, corrupt, foreign, from a
newer evsim) is one line on stderr and exit status 2, like every other bad input on the command line.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


def _path(args: argparse.Namespace) -> str:
    for name in ("file", "path", "recording", "FILE"):
        value = getattr(args, name, None)
        if value:
            return str(value)
    return ""


def main(args: argparse.Namespace) -> int:
    """Open the window on the recording ``args.file``; the exit status of the window (2: bad file/display)."""
    from evsim.core.record import Recording, RecordingError

    path = _path(args)
    try:
        rec = Recording.open(path)
    except RecordingError as e:
        print(f"evsim: cannot replay {path}: {e}", file=sys.stderr, flush=True)
        return 2
    except OSError as e:
        print(f"evsim: cannot replay {path}: {e.strerror or e}", file=sys.stderr, flush=True)
        return 2

    from evsim.commands.gui import _close_on_signals, _exit_in_one_line_if_qt_cannot_start
    from evsim.gui.app import display_available

    if not display_available():
        print("evsim: no display to open a window on: use `evsim replay FILE --events` to print the recording, "
              "or set QT_QPA_PLATFORM=offscreen", file=sys.stderr, flush=True)
        return 2
    restore = _exit_in_one_line_if_qt_cannot_start()
    from evsim.gui.app import MainWindow, make_app
    from evsim.gui.recording_actions import open_recording

    app = make_app([sys.argv[0]], lang=getattr(args, "lang", None))
    restore()
    win = MainWindow(lab="sockets")
    _close_on_signals(win)
    win.show()
    open_recording(win, path, rec)
    return app.exec()
