"""Writing a table of rows to CSV or JSON (File > Export event log, the sockets lab's export buttons)."""

from __future__ import annotations

import csv
import json
import os
from typing import Sequence

FORMATS = ("csv", "json")


def format_of(path: str) -> str | None:
    """'csv' or 'json' when ``path`` ends in that extension (any case), else None."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    return ext if ext in FORMATS else None


def write_rows(path: str, header: Sequence[str], rows: Sequence[Sequence[object]], fmt: str | None = None,
               null_empty: Sequence[str] = ()) -> str:
    """Write ``rows`` to ``path`` as ``fmt`` ('csv' or 'json'; by default JSON if it ends in .json, else CSV).

    JSON is a list of objects; an empty cell of a column named in ``null_empty`` is written ``null`` there.
    Writes to a temporary file first and renames it, so a failure never leaves a half-written export.
    Raises OSError with the reason when the file cannot be written.  Returns the format written.
    """
    fmt = fmt or format_of(path) or "csv"
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    tmp = f"{path}.part"
    try:
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            if fmt == "json":
                nulls = frozenset(null_empty)
                objs = [{k: (None if v == "" and k in nulls else v) for k, v in zip(header, r)} for r in rows]
                json.dump(objs, f, indent=1, default=str)
                f.write("\n")
            else:
                w = csv.writer(f)
                w.writerow(header)
                w.writerows(rows)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return fmt
