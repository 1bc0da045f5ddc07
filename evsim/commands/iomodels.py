"""``evsim iomodels``: run the five I/O models for real on the same delayed message, print what happened.

Runs on the main thread, so the signal-driven model gets its real SIGIO in this process.  ``--json`` prints a
list with one object per model (see :func:`evsim.core.iomodels.summary` for the keys); ``--trace FILE`` also
writes the runs as a Chrome trace (:func:`evsim.core.export.export_timelines`: per model, the wait and copy
phases, the process thread, the other work, and the system calls of the process and of the sender).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from evsim.commands import CliError

COLUMNS = (
    # header, key, width, format
    ("model", "model", 13, "s"),
    ("mechanism", "mechanism", 18, "s"),
    ("wait ms", "wait_ms", 9, ".3f"),
    ("copy ms", "copy_ms", 8, ".3f"),
    ("syscalls", "syscalls", 8, "d"),
    ("EAGAIN", "eagain", 7, "d"),
    ("blocked:wait", "blocked_during_wait", 12, "b"),
    ("blocked:copy", "blocked_during_copy", 12, "b"),
    ("other work", "other_work", 10, "d"),
    ("verdict", "verdict", 12, "s"),
)


def _cell(value: object, width: int, fmt: str) -> str:
    if fmt == "b":
        return f"{'yes' if value else 'no':>{width}}"
    if fmt == "s":
        return f"{value!s:<{width}}"
    return f"{value:>{width}{fmt}}"


def format_table(rows: list[dict], spec) -> str:
    pieces = "1 piece" if spec.chunks == 1 else f"{spec.chunks} pieces {spec.gap_ms:g} ms apart"
    lines = [f"{spec.size} bytes in {pieces}, written {spec.delay_ms:g} ms after the read is issued", ""]
    lines.append("  ".join(_cell(h, w, "s" if f == "s" else ">") if f == "s" else f"{h:>{w}}"
                           for h, _k, w, f in COLUMNS).rstrip())
    for r in rows:
        lines.append("  ".join(_cell(r[k], w, f) for _h, k, w, f in COLUMNS).rstrip())
    unit = rows[0]["work_unit"] if rows else "16 KiB hashed"
    lines += [
        "",
        "wait: from the read to the data being there to copy; copy: from then until it is in the buffer.",
        f"other work: units ({unit}) the process completed while it was not blocked.",
        "synchronous: the process's own call copied the data; asynchronous: it was told when it was done.",
    ]
    return "\n".join(lines)


def _check_writable(path: str) -> None:
    """Refuse an output that cannot be written before minutes of runs, not after."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path) or not os.path.isdir(folder) or not os.access(folder, os.W_OK):
        reason = "it is a folder" if os.path.isdir(path) else "its folder does not exist or is not writable"
        raise CliError(f"cannot write the trace {path}: {reason}")


def _write_trace(path: str, timelines: list) -> None:
    from evsim.core.export import export_timelines, write_atomically

    try:
        write_atomically(path, lambda f: export_timelines(timelines, f))
    except OSError as e:
        raise CliError(f"cannot write the trace {path}: {e.strerror or e}", 1) from None
    print(f"trace of {len(timelines)} runs written to {path} (open it in https://ui.perfetto.dev)",
          file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from evsim.core.iomodels import (
        MAX_SIZE, MODELS, RunCancelled, RunError, RunSpec, run_model, summary,
    )

    if args.size > MAX_SIZE:
        raise CliError(f"--size {args.size} is too large (at most {MAX_SIZE} bytes)")
    if args.chunks > min(args.size, 1024):
        raise CliError(f"--chunks {args.chunks} is too many for {args.size} bytes (at most "
                       f"{min(args.size, 1024)}, and no more than one per byte)")
    try:
        spec = RunSpec(delay_ms=args.delay_ms, size=args.size, chunks=args.chunks, mux=args.mux)
    except ValueError as e:
        raise CliError(str(e)) from None
    models = MODELS if args.model == "all" else (args.model,)
    trace = getattr(args, "trace", None)
    if trace is not None:
        _check_writable(trace)
    rows = []
    timelines = []
    notes = []
    placement = ""
    for m in models:
        try:
            tl = run_model(m, spec)
        except RunCancelled as e:
            raise CliError(f"{m}: the run was cut short: {e}", 1) from None
        except (RunError, OSError) as e:
            raise CliError(f"{m}: {e}", 1) from None
        rows.append(summary(tl))
        timelines.append(tl)
        placement = tl.placement
        if tl.notes:
            notes.append(f"{m}: {tl.notes}")
        if not tl.intact:
            raise CliError(f"{m}: the bytes received differ from the bytes sent", 1)
    if trace is not None:
        _write_trace(trace, timelines)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print(format_table(rows, spec))
        for n in notes:
            print(n)
        if placement:
            print(f"placement: {placement}")
    sys.stdout.flush()
    return 0
