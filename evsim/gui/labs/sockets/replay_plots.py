"""The sockets lab's plots at a replayed instant: the seconds before it, computed from the recording.

Live, the plots sample the server's counters as time goes by.  After a seek there is no such past, so
:func:`plot_history` reads the events of the last ``window_ns`` before the instant (at most ``max_events`` of
them: a dense recording gets a shorter window) and gives the cumulative counters at each sampling time, which
the plots turn into rates exactly as they do live.
"""

from __future__ import annotations

from evsim.core.echo import events as ev

__all__ = ["plot_history", "WINDOW_NS", "MAX_EVENTS"]

#: How far back the plots are rebuilt after a seek, and how many events that may read at most.
WINDOW_NS = 20_000_000_000
MAX_EVENTS = 10_000


def plot_history(rec, i: int, open_now: int, interval_ns: int, window_ns: int = WINDOW_NS,
                 max_events: int = MAX_EVENTS) -> list[tuple[int, int, int, int, int]]:
    """``(t_ns, events, bytes_in, bytes_out, open)`` every ``interval_ns`` up to event ``i``'s time, over the
    last ``window_ns`` (or fewer, to read at most ``max_events``), oldest first.  ``events`` and the bytes
    count from the window's start (the plots take differences); ``open`` is exact, counted back from
    ``open_now`` (the connections open after event ``i``)."""
    if i < 0:
        return []
    t_end = rec.t_ns(i)
    start = max(0, i + 1 - max_events, rec.index_at(t_end - window_ns))
    t0 = rec.t_ns(start)
    times = list(range(t_end - ((t_end - t0) // interval_ns) * interval_ns, t_end + 1, interval_ns))
    samples: list[tuple[int, int, int, int, int]] = []
    n = bytes_in = bytes_out = opened = 0
    k = 0
    marks: list[int] = []  # `opened` at each sample, to count the open connections back from the end
    for e in rec.iter_events(start, i + 1):
        while k < len(times) and e.t_ns > times[k]:
            samples.append((times[k], n, bytes_in, bytes_out, 0))
            marks.append(opened)
            k += 1
        n += 1
        t = type(e)
        if t is ev.Received:
            bytes_in += e.nbytes
        elif t is ev.Sent:
            bytes_out += e.nbytes
        elif t is ev.Accepted:
            opened += 1
        elif t is ev.Closed:
            opened -= 1
    while k < len(times):
        samples.append((times[k], n, bytes_in, bytes_out, 0))
        marks.append(opened)
        k += 1
    return [(t, a, b, c, max(0, open_now - (opened - m))) for (t, a, b, c, _), m in zip(samples, marks)]
