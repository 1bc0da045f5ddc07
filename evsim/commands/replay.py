"""``evsim replay FILE``: a recording in the window; ``--events`` prints it headless, one line per event.

The lines are those of ``evsim serve --events`` (:func:`evsim.core.stream.format_event`), times in seconds
from the recording's first event.  A recording that cannot be replayed at all (not a recording, a newer
format, corrupt before its first event) is one line on stderr and exit 2; a truncated one replays up to the
cut, then one line on stderr says where it ends.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from evsim.commands import CliError
from evsim.core.record import Recording, RecordingError
from evsim.core.record.feed import printer_feed
from evsim.core.stream import format_event

__all__ = ["run", "print_events"]

#: Lines written to stdout at once.
_CHUNK = 4096


def print_events(rec: Recording, out: TextIO) -> None:
    """Every event of ``rec`` as ``evsim serve --events`` prints it (the echo server's watched calls as the echo
    events they stand for, :func:`evsim.core.record.feed.printer_feed`); RecordingError at a corrupt block
    (what came before it is printed)."""
    if not len(rec):
        return
    t0 = min(r[1] for r in rec.iter_records(0, min(len(rec), 64)))  # (a Hello may be stamped before the rest)
    feed = printer_feed(rec.made_by)
    for start in range(0, len(rec), _CHUNK):
        batch = feed.translate(list(rec.iter_events(start, start + _CHUNK)))
        if batch:
            out.write("\n".join(format_event(ev, t0) for ev in batch) + "\n")


def run(args: argparse.Namespace) -> int:
    name = os.path.basename(args.file)
    try:
        rec = Recording.open(args.file)
    except RecordingError as e:
        raise CliError(str(e)) from None
    if not args.events:
        rec.close()
        return _window(args)
    try:
        with rec:
            try:
                print_events(rec, sys.stdout)
            finally:
                sys.stdout.flush()
            if rec.truncated:
                print(f"evsim: {name}: {rec.truncated}", file=sys.stderr, flush=True)
    except RecordingError as e:
        raise CliError(f"{name}: {e}") from None
    return 0


def _window(args: argparse.Namespace) -> int:
    try:
        from evsim.gui.replay_window import main
    except ModuleNotFoundError as e:
        if e.name and e.name.split(".")[0] == "PySide6":
            raise CliError("the replay window needs PySide6, which is not installed (use --events to print the "
                           "recording instead)") from None
        raise CliError("this evsim has no replay window (evsim.gui.replay_window is missing); use --events to "
                       "print the recording instead") from None
    return int(main(args) or 0)
