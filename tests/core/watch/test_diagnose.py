"""Diagnoses from synthetic watch event sequences: each code fires on its mistake, once, with its numbers, and
never on the correct program doing the same thing the right way."""

from __future__ import annotations

import errno

from evsim.core.stream.control import Dropped

from evsim.core.watch.diagnose import (
    BLOCKED_LOOP_MS, CODES, EXPLANATIONS, FD_SETSIZE, Diagnoser, format_warning,
)
from evsim.core.watch.events import (
    Accept, Close, Diagnosis, Held, KernelQueues, Listen, Modify, Recv, ReadyFd, Register, Selected, Send,
    SourceFile, Unregister,
)

R, W = 1, 2
MS = 1_000_000
SELECTOR, SELECT_SELECT, EPOLL = 4, 1, 3


class Prog:
    """A synthetic program: builds watch events on a clock that moves 1 ms per call unless told otherwise."""

    def __init__(self, api: int = SELECTOR) -> None:
        self.t = 0
        self.api = api
        self.diagnoser = Diagnoser()
        self.found: list[Diagnosis] = []

    def feed(self, ev) -> list[Diagnosis]:
        got = self.diagnoser.feed(ev)
        self.found += got
        return got

    def tick(self, ms: float = 1) -> int:
        self.t += int(ms * MS)
        return self.t

    def select(self, *ready: tuple[int, int], wait_ms: float = 0, max_fd: int = 10, line: int = 20) -> None:
        """select() returns ``ready`` ((fd, mask) pairs) after waiting ``wait_ms``."""
        t = self.tick(wait_ms or 1)
        self.feed(Selected(t, self.api, 3, max_fd, -1, int(wait_ms * MS), len(ready), 1, line))
        for fd, mask in ready:
            self.feed(ReadyFd(t, fd, mask, 1, line))

    def recv(self, fd: int, n: int, line: int = 30, err: int = 0, after_ms: float = 1) -> None:
        self.feed(Recv(self.tick(after_ms), fd, n, 1024, err, 1, line))

    def send(self, fd: int, n: int, offered: int, line: int = 40, err: int = 0, after_ms: float = 1) -> None:
        self.feed(Send(self.tick(after_ms), fd, n, offered, err, 1, line))

    def register(self, fd: int, mask: int, line: int = 50) -> None:
        self.feed(Register(self.tick(), fd, mask, 1, line))

    def modify(self, fd: int, mask: int, line: int = 51) -> None:
        self.feed(Modify(self.tick(), fd, mask, 1, line))

    def unregister(self, fd: int, line: int = 52) -> None:
        self.feed(Unregister(self.tick(), fd, 1, line))

    def close(self, fd: int, line: int = 53) -> None:
        self.feed(Close(self.tick(), fd, 1, line))

    def accept(self, fd: int, new_fd: int, line: int = 54) -> None:
        self.feed(Accept(self.tick(), fd, new_fd, "127.0.0.1:5000", 0, 1, line))

    def codes(self) -> list[tuple[str, int]]:
        return [(d.code, d.fd) for d in self.found]


# -- eof-spin -----------------------------------------------------------------------------------------------

def test_eof_spin_fires_once_with_its_numbers_at_the_recv_line():
    p = Prog()
    p.register(7, R)
    for _ in range(10):  # the peer closed; the loop keeps being told fd 7 is readable and reads b''
        p.select((7, R))
        p.recv(7, 0, line=33)
    assert p.codes() == [("eof-spin", 7)]
    d = p.found[0]
    assert d.line == 33 and d.file == 1
    assert d.detail == "eof_reads=3 in_ms=4.0"  # three reads, 2 ms apart (select + recv each)
    assert d.message == EXPLANATIONS["eof-spin"]


def test_eof_spin_not_on_a_server_that_unregisters_and_closes_at_eof():
    p = Prog()
    for fd in (7, 8, 9):
        p.register(fd, R)
        p.select((fd, R))
        p.recv(fd, 5)
        p.send(fd, 5, 5)
        p.select((fd, R))
        p.recv(fd, 0)
        p.unregister(fd)
        p.close(fd)
    for _ in range(5):
        p.select(wait_ms=10)
    assert p.found == []


def test_eof_spin_not_when_data_comes_between_the_empty_reads():
    p = Prog()
    for n in (0, 0, 12, 0, 0, 7, 0, 0):
        p.select((7, R))
        p.recv(7, n)
    assert p.found == []


def test_eof_spin_not_for_reads_nobody_was_told_were_ready():
    p = Prog()
    for _ in range(6):  # e.g. a blocking thread reading at EOF: not the event loop's spin
        p.recv(7, 0)
    p.select((7, R))
    p.recv(7, -1, err=errno.EAGAIN)
    assert p.found == []


def test_eof_spin_episode_ends_at_unregister_modify_close_and_a_new_connection():
    p = Prog()
    for end in (lambda: p.unregister(7), lambda: p.modify(7, W), lambda: p.close(7), lambda: p.accept(3, 7)):
        for _ in range(3):
            p.select((7, R))
            p.recv(7, 0)
        end()
        p.register(7, R)
    assert p.codes() == [("eof-spin", 7)] * 4


def test_eof_spin_two_descriptors_each_once():
    p = Prog(api=SELECT_SELECT)
    for _ in range(5):
        p.select((7, R), (8, R))
        p.recv(7, 0)
        p.recv(8, 0)
    assert sorted(p.codes()) == [("eof-spin", 7), ("eof-spin", 8)]


# -- partial-send -------------------------------------------------------------------------------------------

def test_partial_send_fires_when_the_loop_waits_without_event_write():
    p = Prog()
    p.register(7, R)
    p.select((7, R))
    p.recv(7, 1000)
    p.send(7, 300, 1000, line=44)  # conn.send(data)  # Hope it won't block
    p.select(wait_ms=50)
    assert p.codes() == [("partial-send", 7)]
    d = p.found[0]
    assert (d.line, d.detail) == (44, "sent=300 offered=1000 left=700 then=waited_without_EVENT_WRITE")


def test_partial_send_not_on_a_server_that_registers_event_write_and_sends_the_rest():
    p = Prog()
    p.register(7, R)
    for _ in range(3):
        p.select((7, R))
        p.recv(7, 1000)
        p.send(7, 300, 1000)
        p.modify(7, R | W)
        p.select((7, R))  # more data arrives first: the server appends it to what it owes
        p.recv(7, 500)
        p.select(wait_ms=20)
        p.select((7, W))
        p.send(7, -1, 1200, err=errno.EAGAIN)  # tried and the buffer was full again: the debt stands
        p.select((7, W))
        p.send(7, 1200, 1200)
        p.modify(7, R)
        p.select(wait_ms=20)
    assert p.found == []


def test_partial_send_select_select_writable_but_nothing_sent():
    p = Prog(api=SELECT_SELECT)  # no registrations are watched: the verdict comes from writability
    p.select((7, W))
    p.send(7, 100, 4000, line=61)
    p.select((7, W))  # writable again, and the program has nothing to send: the rest was forgotten
    assert p.found == []
    p.select(wait_ms=10)
    assert p.codes() == [("partial-send", 7)]
    assert p.found[0].detail == "sent=100 offered=4000 left=3900 then=writable_not_sent"
    assert p.found[0].line == 61


def test_partial_send_next_send_offers_less_than_what_was_left():
    p = Prog(api=SELECT_SELECT)
    p.send(7, 100, 1000)
    p.send(7, 50, 50)
    assert p.codes() == [("partial-send", 7)]
    assert p.found[0].detail.endswith("left=900 then=next_send=50")


def test_partial_send_not_on_a_correct_select_select_server():
    p = Prog(api=SELECT_SELECT)
    p.select((7, R))
    p.recv(7, 1000)
    p.select((7, W))
    p.send(7, 100, 1000)
    p.select((7, R), (7, W))  # reads before it writes, in the same iteration
    p.recv(7, 400)
    p.send(7, 900 + 400, 900 + 400)
    p.select(wait_ms=5)
    p.send(7, 0, 10)  # a zero-byte partial, then the rest when writable
    p.select((7, W))
    p.send(7, 10, 10)
    p.select(wait_ms=5)
    assert p.found == []


def test_partial_send_not_when_the_peer_is_gone():
    p = Prog()
    p.register(7, R | W)
    p.send(7, 100, 1000)
    p.send(7, -1, 900, err=errno.EPIPE)
    p.modify(7, R)
    p.select(wait_ms=5)
    p.close(7)
    assert p.found == []


def test_partial_send_once_per_connection_and_never_for_full_sends():
    p = Prog()
    p.register(7, R)
    for n in (1, 1000, 65536):
        p.send(7, n, n)
    p.select()
    assert p.found == []
    for _ in range(5):
        p.select((7, R))
        p.send(7, 10, 1000)
    p.select()
    assert p.codes() == [("partial-send", 7)]
    p.close(7)
    p.accept(3, 7)
    p.register(7, R)
    p.send(7, 10, 1000)
    p.select()
    assert p.codes() == [("partial-send", 7)] * 2


# -- blocked-loop -------------------------------------------------------------------------------------------

def test_blocked_loop_fires_with_the_stall_and_the_call_before_it():
    p = Prog()
    p.select((7, R), (8, R), line=20)
    p.recv(7, 10, line=31)
    p.send(7, 10, 10, after_ms=250, line=32)  # time.sleep(0.25) between recv and send
    p.recv(8, 10)
    p.send(8, 10, 10)
    p.select((9, R), wait_ms=0.5)
    assert p.codes() == [("blocked-loop", 7)]
    d = p.found[0]
    assert d.line == 31  # the handler blocked right after this call
    assert d.detail == "stall_ms=253 ready=2 after=recv"  # from 1 ms (returned) to 254 ms (called again)


def test_blocked_loop_once_per_descriptor_until_it_closes():
    p = Prog()
    for _ in range(4):
        p.select((7, R))
        p.recv(7, 10, after_ms=BLOCKED_LOOP_MS + 50)
    p.close(7)
    p.accept(3, 7)
    p.select((7, R))
    p.recv(7, 10, after_ms=BLOCKED_LOOP_MS + 50)
    p.select()
    assert p.codes() == [("blocked-loop", 7)] * 2


def test_blocked_loop_not_for_long_waits_in_select_or_iterations_with_nothing_ready():
    p = Prog()
    for _ in range(3):
        p.select((7, R), wait_ms=5000)  # waiting in select is what a loop should do
        p.recv(7, 10)
        p.send(7, 10, 10)
        p.select(wait_ms=1000)  # a timeout: nothing ready
        p.tick(300)  # a timer callback that takes 300 ms with no socket ready: not this diagnosis
    p.select(wait_ms=1)
    assert p.found == []


def test_blocked_loop_not_while_held_by_step_or_slow_motion():
    p = Prog()
    p.select((7, R))
    p.feed(Held(p.tick(), 3, 7, 0, 1, 1, 31))
    p.recv(7, 10, after_ms=2000)  # the user took two seconds to press Step
    p.select()
    assert p.found == []


def test_blocked_loop_just_under_the_threshold_does_not_fire():
    p = Prog()
    p.select((7, R))
    p.recv(7, 10, after_ms=BLOCKED_LOOP_MS - 5)
    p.select(wait_ms=0.001)
    assert p.found == []


# -- fd-setsize ---------------------------------------------------------------------------------------------

def test_fd_setsize_fires_on_select_select_at_1024_once_then_rearms():
    p = Prog(api=SELECT_SELECT)
    p.select(max_fd=FD_SETSIZE - 1)
    assert p.found == []
    p.select(max_fd=FD_SETSIZE, line=77)
    p.select(max_fd=FD_SETSIZE + 5)
    assert p.codes() == [("fd-setsize", FD_SETSIZE)]
    assert p.found[0].detail == "max_fd=1024 nfds=3 FD_SETSIZE=1024" and p.found[0].line == 77
    p.select(max_fd=12)
    p.select(max_fd=2000)
    assert p.codes() == [("fd-setsize", FD_SETSIZE), ("fd-setsize", 2000)]


def test_fd_setsize_fires_even_when_select_failed():
    p = Prog(api=SELECT_SELECT)
    p.feed(Selected(1, SELECT_SELECT, 2, 1500, -1, 0, -1, 1, 9))  # nready -1: select() raised ValueError
    assert p.codes() == [("fd-setsize", 1500)]


def test_fd_setsize_not_for_poll_epoll_or_selectors():
    for api in (2, EPOLL, SELECTOR):
        p = Prog(api=api)
        p.select(max_fd=50_000)
        p.accept(3, 5000)
        assert p.found == []


def test_fd_setsize_fires_when_a_select_select_program_gets_fd_1024_before_its_select_fails():
    p = Prog(api=SELECT_SELECT)
    p.feed(Listen(p.tick(), 1500, "127.0.0.1", 80, 5, 1, 11))  # before any select.select(): not known yet
    p.accept(3, FD_SETSIZE - 1)
    assert p.found == []
    p.select(max_fd=FD_SETSIZE - 1)
    p.accept(3, FD_SETSIZE, line=56)
    p.select(max_fd=FD_SETSIZE, line=53)  # (when the watch reports the select() that then fails) not twice
    assert p.codes() == [("fd-setsize", FD_SETSIZE)]
    assert (p.found[0].detail, p.found[0].line) == ("FD_SETSIZE=1024 from=accept", 56)


# -- format and explanations --------------------------------------------------------------------------------

def test_format_warning_names_the_file_by_its_base_name():
    d = Diagnosis(0, "eof-spin", 7, "eof_reads=5 in_ms=2", EXPLANATIONS["eof-spin"], 3, 42)
    line = format_warning(d, {3: "/home/me/examples/select_server_mistakes.py"})
    assert line == ("evsim: warning [eof-spin] fd=7 eof_reads=5 in_ms=2 at=select_server_mistakes.py:42: "
                    + EXPLANATIONS["eof-spin"])
    assert "at=?:42:" in format_warning(d, {})


def test_every_code_has_one_english_sentence():
    assert set(CODES) == {"eof-spin", "partial-send", "blocked-loop", "fd-setsize"}
    for code, sentence in EXPLANATIONS.items():
        assert sentence.endswith(".") and sentence.count(". ") == 0 and "\n" not in sentence, code


def test_non_call_events_are_ignored():
    p = Prog()
    for ev in (SourceFile(0, 1, "/x.py"), KernelQueues(0, 7, 10, 10),
               Diagnosis(0, "eof-spin", 7, "", "", 1, 1), object()):
        assert p.feed(ev) == []


# -- events lost on the way (a Dropped in the stream) ----------------------------------------------------------

def test_lost_events_never_make_a_diagnosis_out_of_a_gap():
    """A reader that fell behind sees select() ... Dropped ... select() 300 ms later: the loop ran meanwhile,
    the calls were only lost.  Nor may lost calls leave a debt (the rest may have been sent) or EOF reads."""
    p = Prog()
    p.register(7, R | W)
    p.select((7, R))
    p.recv(7, 0)
    p.recv(7, 0)  # two EOF reads (three make eof-spin)
    p.send(7, 10, 100)  # a partial send, 90 bytes owed
    p.feed(Dropped(p.tick(300), 5000))
    p.select((7, R))
    p.recv(7, 0)  # the third EOF read, but after a gap: not three in a row as seen
    p.modify(7, R)
    p.select((8, R))
    assert p.codes() == []
    # and the rules still work on what follows the gap
    p.recv(8, 10)
    p.send(8, 10, 10, after_ms=250)
    p.select((9, R))
    assert p.codes() == [("blocked-loop", 8)]
