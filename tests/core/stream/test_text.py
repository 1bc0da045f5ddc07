"""format_event: the one line format every --events printer shares."""

from __future__ import annotations

from evsim.core.echo.events import Closed, ListenerResumed, Received, Sent
from evsim.core.stream import Dropped, UnknownEvent, format_event


def test_the_serve_line_format():
    assert format_event(Received(1_001_234_000, 7, 5), 1_000_000_000) == "  0.001234  Received        fd=7 nbytes=5"
    assert format_event(Sent(2_000_000_000, 7, 5, True, 3), 0) == (
        "  2.000000  Sent            fd=7 nbytes=5 partial=True buffered=3")
    assert format_event(ListenerResumed(0, ), 0) == "  0.000000  ListenerResumed"


def test_dropped_and_unknown_kinds():
    assert format_event(Dropped(5, 12), 0) == "(12 events dropped by the producer: the consumer did not keep up)"
    assert format_event(UnknownEvent(0, "Future", (("a", 1), ("b", "x"))), 0) == "  0.000000  Future          a=1 b=x"


def test_a_peer_string_cannot_break_the_line_or_drive_the_terminal():
    line = format_event(Closed(0, 7, "normal\n\x1b[2J", 1, 2), 0)
    assert "\n" not in line and "\x1b" not in line
    assert line == "  0.000000  Closed          fd=7 reason=normal\\n\\x1b[2J bytes_in=1 bytes_out=2"
