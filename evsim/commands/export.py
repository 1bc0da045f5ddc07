"""``evsim export FILE -o trace.json``: a recording as a Chrome trace (ui.perfetto.dev, chrome://tracing).

Prints one line on success (events read, trace events written, connections, the run's length).  A file that
is not a recording, or cannot be read, is one line on stderr and exit 2 with no output file.  A recording cut
short (its writer crashed) or damaged part-way is exported up to the damage, and one line on stderr says where
it ends; the exit status is then 2 too, so that a script notices.
"""

from __future__ import annotations

import argparse
import sys

from evsim.commands import CliError


def run(args: argparse.Namespace) -> int:
    from evsim.core.export import SourceError, export_file

    out = args.output
    if out == args.file:
        raise CliError(f"-o {out} would overwrite the recording itself")
    try:
        res = export_file(args.file, out)
    except SourceError as e:
        raise CliError(str(e)) from None
    except OSError as e:
        raise CliError(f"cannot write {out}: {e.strerror or e}") from None
    print(f"{res.output}: {res.trace_events:,} trace events from {res.events:,} events ({res.connections:,} "
          f"connections, {res.seconds:.3f} s); open it in https://ui.perfetto.dev or chrome://tracing")
    sys.stdout.flush()
    if res.problem:
        raise CliError(f"{args.file}: {res.problem}; the trace ends there", 2)
    return 0
