"""Hypothesis strategies built from the dataclass fields of every registered kind, and test-only kinds."""

from __future__ import annotations

import dataclasses
import math
import struct

from hypothesis import strategies as st

from evsim.core.events import Event, deferred, event
from evsim.core.stream import MAX_STR, REGISTRY, KindRegistry

INT64 = st.integers(-(2 ** 63), 2 ** 63 - 1)
# text() never yields lone surrogates; 1024 code points are at most 4096 = MAX_STR bytes of UTF-8.
FIELD = {"int": INT64, "bool": st.booleans(), "float": st.floats(allow_nan=True, allow_infinity=True),
         "str": st.text(max_size=MAX_STR // 4)}


@event
class Sample(Event):
    """A kind with every field type (no registered kind has a float yet)."""

    x: float
    ok: bool
    label: str
    n: int


@event
class LateKind(Event):
    """Like the snapshot kind the lead registers at 40."""

    fd: int
    state: str
    buffered: int


def test_registry() -> KindRegistry:
    """REGISTRY plus the test kinds, without touching REGISTRY itself."""
    reg = REGISTRY.copy()
    reg.register(Sample, 200)
    reg.register(LateKind, 250)
    return reg


test_registry.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def event_strategy(cls: type, text_size: int = MAX_STR // 4) -> st.SearchStrategy:
    kinds = {**FIELD, "str": st.text(max_size=text_size)}
    fields = {f.name: kinds[f.type if isinstance(f.type, str) else f.type.__name__]
              for f in dataclasses.fields(cls) if f.name != "t_ns"}
    return st.builds(cls, t_ns=INT64, **fields)


def items_strategy(reg: KindRegistry, text_size: int = MAX_STR // 4) -> st.SearchStrategy:
    """Events of any registered kind, each either as the event or as its deferred record."""
    one = st.one_of([event_strategy(s.cls, text_size) for s in reg.specs()])
    as_record = st.booleans()
    return st.lists(st.tuples(one, as_record), max_size=30).map(
        lambda pairs: [deferred(type(ev))(*(getattr(ev, f.name) for f in dataclasses.fields(ev)))
                       if rec else ev for ev, rec in pairs])


def comparable(ev: object) -> tuple:
    """An event as a tuple in which NaN equals NaN (compared by its bits)."""
    vals = [getattr(ev, f.name) for f in dataclasses.fields(ev)]
    return (type(ev),) + tuple(struct.pack("<d", v) if isinstance(v, float) and math.isnan(v) else v
                               for v in vals)
