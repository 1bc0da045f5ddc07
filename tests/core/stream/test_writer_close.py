"""A Dropped frame owed when the writer closes still reaches the reader (it used to be lost when the flush
that emptied the buffer was the last one)."""

from __future__ import annotations

import socket
import threading

from evsim.core.echo.events import Ready
from evsim.core.stream import Dropped, Hello, StreamReader, StreamWriter


def test_the_last_dropped_count_survives_close():
    a, b = socket.socketpair()
    b.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    w = StreamWriter(a, capacity=200)
    sent = 0
    while w.dropped == 0 or sent < 2000:  # the reader reads nothing meanwhile: the writer drops
        w.emit(Ready(sent, 7, 1))
        w.flush()
        sent += 1
    assert w.dropped > 0
    reader = StreamReader(b)
    got: list = []
    t = threading.Thread(target=lambda: w.close(timeout=2.0))
    t.start()
    while not reader.eof:
        got += reader.read()
    t.join()
    delivered = [e for e in got if type(e) is Ready]
    drops = sum(e.count for e in got if type(e) is Dropped)
    assert reader.error is None
    assert drops == w.dropped and len(delivered) + drops == sent  # every event: delivered, or counted


def test_drops_counted_before_the_writer_come_before_the_next_event():
    a, b = socket.socketpair()
    w = StreamWriter(a)
    w.emit(Ready(1, 7, 1))
    w.count_dropped(5)  # e.g. a full ring in front of the writer
    w.emit(Ready(3, 7, 1))
    w.close(timeout=1.0)
    reader = StreamReader(b)
    got: list = []
    while not reader.eof:
        got += reader.read()
    kinds = [(type(e).__name__, getattr(e, "count", None)) for e in got if type(e) is not Hello]
    assert kinds == [("Ready", None), ("Dropped", 5), ("Ready", None)]
