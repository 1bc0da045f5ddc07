"""Diagnoses on any event sequence: never an exception, memory bounded whatever the number of descriptors."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from evsim.core.watch.diagnose import CODES, EXPLANATIONS, MAX_TRACKED_FDS, Diagnoser, format_warning
from evsim.core.watch.events import (
    Accept, Close, Diagnosis, Held, Listen, Modify, Recv, ReadyFd, Register, Selected, Send, Unregister,
)

FDS = st.integers(-1, 3000)
INTS = st.integers(-2, 1 << 20)
T = st.integers(0, 1 << 40)
EVENTS = st.one_of(
    st.builds(Selected, T, st.integers(0, 7), INTS, FDS, INTS, st.integers(-1, 1 << 36), st.integers(-1, 50),
              INTS, INTS),
    st.builds(ReadyFd, T, FDS, st.integers(0, 7), INTS, INTS),
    st.builds(Recv, T, FDS, st.integers(-1, 70000), INTS, st.sampled_from([0, 4, 11, 104]), INTS, INTS),
    st.builds(Send, T, FDS, st.integers(-1, 70000), st.integers(0, 70000), st.sampled_from([0, 11, 32, 104]),
              INTS, INTS),
    st.builds(Register, T, FDS, st.integers(0, 3), INTS, INTS),
    st.builds(Modify, T, FDS, st.integers(0, 3), INTS, INTS),
    st.builds(Unregister, T, FDS, INTS, INTS),
    st.builds(Close, T, FDS, INTS, INTS),
    st.builds(Accept, T, FDS, FDS, st.text(max_size=5), st.integers(0, 200), INTS, INTS),
    st.builds(Listen, T, FDS, st.text(max_size=5), INTS, INTS, INTS, INTS),
    st.builds(Held, T, st.integers(0, 11), FDS, INTS, INTS, INTS, INTS),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(EVENTS, max_size=120), st.integers(1, 16))
def test_any_sequence_never_raises_and_stays_bounded(events, cap):
    d = Diagnoser(max_fds=cap)
    n = 0
    for ev in events:
        for diag in d.feed(ev):
            assert isinstance(diag, Diagnosis) and diag.code in CODES and diag.message == EXPLANATIONS[diag.code]
            assert format_warning(diag, {}).startswith(f"evsim: warning [{diag.code}] fd={diag.fd} ")
            n += 1
        assert d.tracked <= cap
    assert n <= len(events)


def test_memory_bounded_by_max_tracked_fds_whatever_the_number_of_descriptors():
    d = Diagnoser()
    for fd in range(3 * MAX_TRACKED_FDS):
        d.feed(Register(fd, fd, 1, 1, 50))
        d.feed(Send(fd, fd, 1, 10, 0, 1, 40))  # every one owes bytes
    assert d.tracked == MAX_TRACKED_FDS
    found = d.feed(Selected(1 << 20, 4, 3, 10, -1, 0, 0, 1, 20))  # only what is still tracked is judged
    assert 0 < len(found) <= MAX_TRACKED_FDS
