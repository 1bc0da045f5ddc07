"""The step / slow-motion gate, driven from another thread as the window's commands drive it."""

from __future__ import annotations

import threading
import time

import pytest

from evsim.core.watch.events import Held
from evsim.core.watch.gate import CALL_DISPATCH, CALL_SELECT, Gate
from tests.waiting import wait_until

RECV, SEND = 3, 4


class Program:
    """A thread making watched "calls" through the gate, one after another, like a loop would."""

    def __init__(self, gate: Gate, calls: list[tuple[int, int, int]]) -> None:
        self.gate = gate
        self.calls = calls
        self.done: list[tuple[int, int, int]] = []  # calls that went through the gate
        self.finished = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        for call, fd, nbytes in self.calls:
            if self.gate.active:
                self.gate.hold(call, fd, nbytes, 1, 100 + call)
            self.done.append((call, fd, nbytes))
        self.finished.set()

    def start(self) -> "Program":
        self.thread.start()
        return self

    def join(self) -> None:
        assert self.finished.wait(5), f"the program is stuck after {self.done}"
        self.thread.join(5)


def held_on(gate: Gate, program: Program, n_done: int) -> Held:
    """Wait until the program is held with exactly ``n_done`` calls done; the Held it reported."""
    wait_until(lambda: gate.held and len(program.done) == n_done, timeout=5,
               what=f"the program held after {n_done} calls (done: {program.done})")
    return gate.last_held


ITERATION = [(CALL_SELECT, -1, 0), (CALL_DISPATCH, 7, 0), (RECV, 7, 0), (SEND, 7, 20)]


def held_program(calls: list, **gate_kw) -> tuple[Gate, Program]:
    """A gate in step mode and a program making ``calls`` through it, held before its first call."""
    gate = Gate(**gate_kw)
    gate.set_step_mode(True)
    p = Program(gate, calls).start()
    held_on(gate, p, 0)
    return gate, p


def test_inactive_gate_never_holds_and_reports_nothing():
    got = []
    gate = Gate(emit=got.append)
    assert gate.active is False
    p = Program(gate, ITERATION * 3).start()
    p.join()
    assert len(p.done) == 12 and got == []


def test_step_mode_stops_before_every_call_and_reports_it():
    got, flushes = [], []
    gate = Gate(emit=got.append, flush=lambda: flushes.append(len(got)))
    gate.set_step_mode(True)
    assert gate.active is True
    p = Program(gate, ITERATION * 2).start()
    for i, (call, fd, nbytes) in enumerate(ITERATION * 2):
        h = held_on(gate, p, i)
        assert (h.call, h.fd, h.nbytes, h.line) == (call, fd, nbytes, 100 + call)
        assert h.iteration == 1 + i // 4  # counts the select() calls
        assert flushes[-1] == len(got) == i + 1  # flushed after the Held was emitted, before waiting
        gate.step()
    p.join()
    assert [type(e) for e in got] == [Held] * 8


def test_step_iteration_runs_to_the_next_select_about_to_wait():
    got = []
    gate = Gate(emit=got.append)
    gate.set_step_mode(True)
    p = Program(gate, ITERATION * 3).start()
    held_on(gate, p, 0)
    gate.step()
    assert held_on(gate, p, 1).call == CALL_DISPATCH
    gate.step_iteration()  # skip recv and send: held again at the next select
    h = held_on(gate, p, 4)
    assert (h.call, h.iteration) == (CALL_SELECT, 2)
    assert [e.call for e in got] == [CALL_SELECT, CALL_DISPATCH, CALL_SELECT]  # nothing reported in between
    gate.step_iteration()  # from a select: a whole iteration, held at the next select
    assert held_on(gate, p, 8).iteration == 3
    gate.resume()  # Continue
    p.join()
    assert not gate.active


def test_permits_add_up_and_step_mode_off_lets_it_run():
    gate, p = held_program(ITERATION * 2)
    gate.step(3)
    held_on(gate, p, 3)
    gate.set_step_mode(False)
    p.join()


def test_release_lets_a_held_program_go_and_never_holds_again():
    gate, p = held_program(ITERATION * 2)
    gate.release()
    p.join()
    assert not gate.active
    gate.reset()
    assert gate.active and gate.step_mode  # a new run: step mode is kept


@pytest.mark.parametrize("what", ["step_mode", "release", "delay"])
def test_slow_motion_sleeps_before_each_call_and_ends_early_on_a_change(what):
    got = []
    gate = Gate(emit=got.append)
    gate.delay_s = 0.02
    t0 = time.monotonic()
    p = Program(gate, ITERATION).start()
    p.join()
    assert time.monotonic() - t0 >= 4 * 0.02  # one delay before each of the 4 calls
    assert [e.call for e in got] == [c for c, _, _ in ITERATION]
    gate.delay_s = 60.0  # a minute per call: the change below must cut it short
    p = Program(gate, ITERATION[:1]).start()
    held_on(gate, p, 0)
    if what == "step_mode":
        gate.set_step_mode(True)  # held now for a step instead
        held_on(gate, p, 0)
        gate.step()
    elif what == "release":
        gate.release()
    else:
        gate.delay_s = 0.0
    p.join()


def test_controller_calls_never_wait_for_a_held_program():
    gate, p = held_program(ITERATION * 50)
    t0 = time.monotonic()
    for _ in range(200):  # while the program is held or running, each call returns at once
        gate.step()
        gate.delay_s = 0.0
    assert time.monotonic() - t0 < 2.0
    gate.resume()
    p.join()


def test_steps_while_the_program_is_not_held_do_not_add_up():
    """A student presses F10 while the loop waits inside select(): when it returns, it still stops at once."""
    gate = Gate()
    gate.set_step_mode(True)
    for _ in range(3):
        gate.step()  # nothing is held: ignored
    p = Program(gate, ITERATION).start()
    held_on(gate, p, 0)
    gate.step()
    held_on(gate, p, 1)  # exactly one call went through
    gate.resume()
    p.join()
