"""``evsim serve``'s main thread reads the stream as it arrives (a reader that looked 20 times a second let the
kernel's buffer fill, and the server then dropped events it never encoded), and stops looking at its end."""

from __future__ import annotations

import socket
import threading
import time

from evsim.commands.serve import discard, wait_for_stream


def test_the_wait_ends_when_the_stream_has_data_not_at_the_timeout():
    mine, theirs = socket.socketpair()
    try:
        mine.setblocking(False)
        timer = threading.Timer(0.02, theirs.send, args=(b"frames",))
        timer.start()
        t0 = time.monotonic()
        wait_for_stream(mine, 3.0)
        took = time.monotonic() - t0
        timer.join()
        assert took < 1.5  # woken by the data (a fixed sleep would take the whole 3 s)
        assert discard(mine) is True  # read it all; the stream goes on
    finally:
        mine.close()
        theirs.close()


def test_discard_says_when_the_stream_has_ended():
    mine, theirs = socket.socketpair()
    mine.setblocking(False)
    theirs.sendall(b"last frames")
    theirs.close()
    try:
        assert discard(mine) is False  # (then the main thread sleeps instead of waking on an end that stays)
    finally:
        mine.close()
