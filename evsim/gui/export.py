"""Writing a table of rows to CSV or JSON (File > Export event log, the sockets lab's export buttons)."""

from __future__ import annotations

import csv
import json
import os
from typing import Sequence


def write_rows(path: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Write ``rows`` to ``path``: JSON (a list of objects) if it ends in .json, else CSV.

    Writes to a temporary file first and renames it, so a failure never leaves a half-written export.
    Raises OSError with the reason when the file cannot be written.  Returns the format written.
    """
    fmt = "json" if path.lower().endswith(".json") else "csv"
    tmp = f"{path}.part"
    try:
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            if fmt == "json":
                json.dump([dict(zip(header, r)) for r in rows], f, indent=1, default=str)
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
