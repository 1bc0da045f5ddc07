import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evsim.core.clicks.device import KEYBOARD, MOUSE, Click, DeviceBank, device_for


def click(i: int, device: int = 0, kind: str = "click") -> Click:
    return Click(i, kind, device, "", time.monotonic_ns())


def test_read_returns_and_clears():
    bank = DeviceBank(2)
    bank.press(click(1, 1))
    assert bank.occupied == 1
    assert bank.read(0) is None
    assert bank.read(1).id == 1
    assert bank.read(1) is None
    assert bank.occupied == 0


def test_unread_click_is_overwritten_and_counted_missed():
    bank = DeviceBank(1)
    assert bank.press(click(1)) == (0, None)
    d, miss = bank.press(click(2))
    assert d == 0 and miss is not None
    assert (miss.id, miss.overwritten_by) == (1, 2)
    bank.press(click(3))
    assert [(m.id, m.overwritten_by) for m in bank.missed] == [(1, 2), (2, 3)]
    assert bank.read(0).id == 3
    assert bank.occupied == 0


def test_announce_runs_before_the_click_can_be_read():
    bank = DeviceBank(1)
    seen = []
    bank.press(click(1), lambda d, miss, occ: seen.append((d, miss, occ, bank._regs[0].id)))
    assert seen == [(0, None, 1, 1)]


def test_devices_route_modulo_n():
    assert device_for("click") == MOUSE and device_for("key_down") == KEYBOARD
    bank = DeviceBank(1)
    assert bank.press(click(1, KEYBOARD, "key_down"))[0] == 0  # one device: mouse and keyboard share it


def test_shrinking_returns_orphans_and_growing_adds_empty_registers():
    bank = DeviceBank(3)
    bank.press(click(1, 2))
    bank.press(click(2, 0))
    orphans = bank.resize(2)
    assert [c.id for c in orphans] == [1]
    assert bank.occupied == 1 and bank.n == 2
    bank.resize(5)
    assert bank.peek() == [bank.peek()[0], None, None, None, None] and bank.peek()[0].id == 2


def test_resize_rejects_nonsense():
    with pytest.raises(ValueError):
        DeviceBank(0)
    with pytest.raises(ValueError):
        DeviceBank(1).resize(10_001)


@given(st.lists(st.one_of(st.tuples(st.just("press"), st.integers(0, 3)),
                          st.tuples(st.just("read"), st.integers(0, 3)),
                          st.tuples(st.just("resize"), st.integers(1, 4))), max_size=60))
def test_every_click_is_read_missed_or_still_latched_exactly_once(ops):
    bank = DeviceBank(4)
    pressed, read = [], []
    next_id = 1
    for op, arg in ops:
        if op == "press":
            bank.press(click(next_id, arg))
            pressed.append(next_id)
            next_id += 1
        elif op == "read":
            if arg < bank.n:
                c = bank.read(arg)
                if c is not None:
                    read.append(c.id)
        else:
            read.extend(c.id for c in bank.resize(arg))
    latched = [c.id for c in bank.peek() if c is not None]
    missed = [m.id for m in bank.missed]
    assert sorted(read + missed + latched) == pressed
    assert bank.occupied == len(latched)
