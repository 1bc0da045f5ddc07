"""LabelPlacer compares boxes as numbers on a coarse grid: it must agree with QRectF.intersects."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF

from evsim.gui.labs.sockets.map_style import LabelPlacer

coord = st.floats(min_value=-300, max_value=900, allow_nan=False, allow_infinity=False)
size = st.one_of(st.floats(min_value=-80, max_value=200, allow_nan=False, allow_infinity=False), st.just(0.0))
rect = st.builds(QRectF, coord, coord, size, size)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(rect, st.booleans()), max_size=25), rect)
def test_fits_agrees_with_qt(boxes, probe):
    placer = LabelPlacer(bucket=64.0)
    taken: list[QRectF] = []
    for r, try_it in boxes:  # some placed only if free, some added unchecked (a header, a node's disc)
        if try_it:
            if placer.place(r):
                taken.append(r)
        else:
            placer.add(r, label=False)
            taken.append(r)
    assert placer.fits(probe) == (not any(probe.intersects(o) for o in taken))
    assert all(not a.intersects(b) for i, a in enumerate(placer.labels) for b in placer.labels[i + 1:])


def test_touching_boxes_fit_overlapping_ones_do_not():
    placer = LabelPlacer()
    assert placer.place(QRectF(0, 0, 50, 10))
    assert placer.place(QRectF(50, 0, 50, 10))       # edge to edge: no area in common
    assert not placer.place(QRectF(99, 9, 20, 20))   # one pixel's corner in common
    assert placer.place(QRectF(200, 200, 0, 30))      # no area at all: overlaps nothing
    assert len(placer.labels) == 3
