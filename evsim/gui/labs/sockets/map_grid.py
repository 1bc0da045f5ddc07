"""The large-N layout of the socket map, as plain arithmetic: one small square cell per fd, row by row.

Cells are numbered by fd (cell ``i`` shows fd ``i``), left to right, top to bottom, around a hole in the
middle where the listening socket sits.  The kernel hands out the lowest free fd, so 10,000 connections fill
the first ~10,000 cells and a user finds fd 4321 by reading the row labels (the first fd of each row).

Every query is O(1): the cell of an fd, the fd under a point (so hover and click need no scan over the
nodes), the first fd of a row.  Nothing here imports Qt.
"""

from __future__ import annotations

import math

__all__ = ["GridGeometry", "grid_capacity", "MIN_PITCH", "MAX_PITCH"]

#: Cell pitch (cell + gap) in pixels: never smaller (a cell must stay visible), never larger (a big
#: widget with a few hundred sockets should not look like a chessboard).
MIN_PITCH, MAX_PITCH = 3, 30


def grid_capacity(max_fd: int) -> int:
    """How many cells the grid lays out for fds up to ``max_fd``: at least 128, rounded up to a quarter of
    the power of two below it (128, 160, 192, 224, 256, 320, ... 8192, 10240, 12288, ...).

    So the grid wastes at most a fifth of its cells, and 10,000 accepts relayout it ~25 times, not 10,000."""
    need = max(128, max_fd + 1)
    step = 1 << max(0, need.bit_length() - 3)
    return -(-need // step) * step


class GridGeometry:
    """Where each cell of a ``capacity``-cell grid sits inside the rectangle (x, y, w, h), leaving a hole
    of at least ``hole_w`` x ``hole_h`` pixels in the middle.

    If the rectangle cannot hold ``capacity`` cells at :data:`MIN_PITCH`, the grid holds what fits and
    :attr:`capacity` says how many (fds beyond it are not drawn; the map says so).
    """

    def __init__(self, capacity: int, x: float, y: float, w: float, h: float, hole_w: float, hole_h: float,
                 min_pitch: int = MIN_PITCH, max_pitch: int = MAX_PITCH) -> None:
        self.requested = capacity
        self.area = (x, y, w, h)
        fitted = None
        for p in range(max(min_pitch, max_pitch), min_pitch - 1, -1):
            fitted = self._fit(capacity, w, h, p, hole_w, hole_h)
            if fitted is not None:
                break
        if fitted is None:  # does not fit even at the smallest pitch: fill the area, hold what fits
            p = min_pitch
            cols, rows = max(3, int(w // p)), max(1, int(h // p))
            hc = min(cols - 2, math.ceil(hole_w / p))
            hr = min(rows, math.ceil(hole_h / p))
            fitted = (p, cols, rows, hc, hr)
        p, cols, rows, hc, hr = fitted
        self.pitch = p
        self.side = p - (1 if p <= 6 else round(p * 0.2))  # the gap between cells keeps them apart
        self.cols, self.rows = cols, rows
        self.hole_cols, self.hole_rows = hc, hr
        self.hole_c0 = (cols - hc) // 2
        self.hole_r0 = (rows - hr) // 2
        # whole pixels: a cell's square then covers the same pixels however it is drawn
        self.ox = math.floor(x + (w - cols * p) / 2.0)
        self.oy = math.floor(y + (h - rows * p) / 2.0)
        # cells before the hole's rows, and before the rows under it
        self._a = self.hole_r0 * cols
        self._b = self._a + hr * (cols - hc)
        self.capacity = min(capacity, cols * rows - hc * hr)

    @staticmethod
    def _fit(c: int, w: float, h: float, p: int, hole_w: float, hole_h: float):
        cols_max, rows_max = int(w // p), int(h // p)
        hc, hr = math.ceil(hole_w / p), math.ceil(hole_h / p)
        if cols_max < hc + 2 or rows_max < 1:
            return None
        aspect_cols = math.ceil(math.sqrt((c + hc * hr) * w / max(1.0, h)))
        for cols in sorted({max(hc + 2, min(cols_max, aspect_cols)), cols_max}):
            if (cols - hc) * hr >= c:  # every row is beside the hole
                rows = math.ceil(c / (cols - hc))
                hr_eff = rows
            else:
                rows = hr + math.ceil((c - (cols - hc) * hr) / cols)
                hr_eff = hr
            if rows <= rows_max:
                return p, cols, rows, hc, hr_eff
        return None

    @property
    def key(self) -> tuple:
        return (self.pitch, self.cols, self.rows, self.hole_cols, self.hole_rows, self.ox, self.oy, self.capacity)

    # -- index <-> (row, column) --
    def cell_of(self, i: int) -> tuple[int, int] | None:
        """(row, column) of cell ``i``, None if the grid does not hold it."""
        if i < 0 or i >= self.capacity:
            return None
        cols = self.cols
        if i < self._a:
            return divmod(i, cols)
        if i < self._b:
            k, j = divmod(i - self._a, cols - self.hole_cols)
            return self.hole_r0 + k, (j if j < self.hole_c0 else j + self.hole_cols)
        k, j = divmod(i - self._b, cols)
        return self.hole_r0 + self.hole_rows + k, j

    def index_of(self, row: int, col: int) -> int | None:
        """The cell at (row, column), None in the hole or outside."""
        if not (0 <= row < self.rows and 0 <= col < self.cols):
            return None
        hr0, hc0 = self.hole_r0, self.hole_c0
        if row < hr0:
            i = row * self.cols + col
        elif row < hr0 + self.hole_rows:
            if hc0 <= col < hc0 + self.hole_cols:
                return None
            i = self._a + (row - hr0) * (self.cols - self.hole_cols) + (col if col < hc0 else col - self.hole_cols)
        else:
            i = self._b + (row - hr0 - self.hole_rows) * self.cols + col
        return i if i < self.capacity else None

    # -- pixels --
    def origin(self, i: int) -> tuple[float, float] | None:
        """Top-left corner of cell ``i`` (its square is ``side`` pixels wide)."""
        rc = self.cell_of(i)
        if rc is None:
            return None
        p = self.pitch
        return self.ox + rc[1] * p, self.oy + rc[0] * p

    def center(self, i: int) -> tuple[float, float] | None:
        o = self.origin(i)
        if o is None:
            return None
        half = self.side / 2.0
        return o[0] + half, o[1] + half

    def index_at(self, x: float, y: float) -> int | None:
        """The cell whose square contains (x, y); None between cells, in the hole or outside.  O(1)."""
        p = self.pitch
        fx, fy = (x - self.ox) / p, (y - self.oy) / p
        col, row = math.floor(fx), math.floor(fy)
        if (fx - col) * p >= self.side or (fy - row) * p >= self.side:
            return None  # in the gap between two cells
        return self.index_of(row, col)

    def hole_rect(self) -> tuple[float, float, float, float]:
        """(x, y, w, h) of the hole in the middle, where the listener is drawn."""
        p = self.pitch
        return (self.ox + self.hole_c0 * p, self.oy + self.hole_r0 * p, self.hole_cols * p - (p - self.side),
                self.hole_rows * p - (p - self.side))

    def row_start(self, row: int) -> int | None:
        """The first fd of ``row`` (column 0 is never in the hole), None past the last cell."""
        return self.index_of(row, 0)
