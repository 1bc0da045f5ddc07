"""A structure check of a Chrome Trace Event file (what ui.perfetto.dev and chrome://tracing accept).

:func:`check_trace` raises AssertionError, naming the event, when:

* an event lacks ph, ts, pid, tid or name (every phase evsim writes carries all five: counters, async and
  metadata events included), or has a phase outside the ones evsim writes;
* an X event has no (or a negative) dur; a counter's args are not all numbers; an async event has no id;
* B/E do not balance per thread (an E with no open B, an E closing another slice than the innermost, a B
  never ended); async b/e do not balance per (cat, id);
* a flow id has not exactly one s and one f, an s is not inside a slice of its thread (it binds to the
  enclosing slice), an f is not followed on its thread by the event it binds to (no bp: the next slice) at
  the same time, or an f comes before its s;
* ts goes backwards on a track (file order): a thread, a counter (by name), an async slice, global instants.

Returns a summary (counts by phase, thread names, counter names, flows...) for further assertions.
"""

from __future__ import annotations

from collections import Counter, defaultdict

PHASES = set("BEXiCbesfM")


def _where(i: int, e: dict) -> str:
    return f"event {i} {e!r}"


def check_trace(data: dict) -> dict:
    assert isinstance(data, dict) and isinstance(data.get("traceEvents"), list), "no traceEvents list"
    events = data["traceEvents"]
    phases: Counter = Counter()
    last: dict = {}
    stacks: dict = defaultdict(list)
    asyncs: dict = defaultdict(int)
    flows: dict = defaultdict(list)
    names: dict = {}
    counters: set = set()
    by_thread: dict = defaultdict(list)  # (pid, tid) -> [(index, event)] of thread-scoped events
    for i, e in enumerate(events):
        for key in ("ph", "ts", "pid", "tid", "name"):
            assert key in e, f"{_where(i, e)} has no {key}"
        ph = e["ph"]
        assert ph in PHASES, f"{_where(i, e)}: unknown phase"
        assert isinstance(e["ts"], (int, float)) and e["ts"] >= 0, f"{_where(i, e)}: bad ts"
        phases[ph] += 1
        pid, tid, ts = e["pid"], e["tid"], e["ts"]
        if ph == "M":
            assert isinstance(e.get("args"), dict), f"{_where(i, e)}: metadata without args"
            if e["name"] in ("thread_name", "process_name"):
                names[(pid, tid if e["name"] == "thread_name" else None)] = e["args"]["name"]
            continue
        if ph == "C":
            track = ("C", pid, e["name"])
            assert e.get("args") and all(isinstance(v, (int, float)) for v in e["args"].values()), \
                f"{_where(i, e)}: counter args must be numbers"
            counters.add(e["name"])
        elif ph in "be":
            assert "id" in e and "cat" in e, f"{_where(i, e)}: async event without id/cat"
            track = ("async", pid, e["cat"], e["id"])
            asyncs[track[1:]] += 1 if ph == "b" else -1
            assert asyncs[track[1:]] in (0, 1), f"{_where(i, e)}: async b/e out of balance"
        elif ph == "i" and e.get("s") == "g":
            track = ("global",)
        else:
            track = ("thread", pid, tid)
            by_thread[(pid, tid)].append((i, e))
        assert ts >= last.get(track, 0), f"{_where(i, e)}: ts goes backwards on {track} (was {last[track]})"
        last[track] = ts
        if ph == "X":
            assert isinstance(e.get("dur"), (int, float)) and e["dur"] >= 0, f"{_where(i, e)}: X without dur"
        elif ph == "B":
            stacks[(pid, tid)].append(e["name"])
        elif ph == "E":
            st = stacks[(pid, tid)]
            assert st, f"{_where(i, e)}: E with no open B on its thread"
            top = st.pop()
            assert e["name"] == top, f"{_where(i, e)}: E ends {e['name']!r} but {top!r} is the innermost"
        elif ph in "sf":
            assert "id" in e, f"{_where(i, e)}: flow without id"
            flows[(e.get("cat"), e["id"])].append((i, e))
    for key, st in stacks.items():
        assert not st, f"thread {key}: B never ended: {st}"
    for key, n in asyncs.items():
        assert n == 0, f"async slice {key} never ended"
    inside, next_slice = _thread_context(by_thread)
    for key, pair in flows.items():
        assert [e["ph"] for _, e in pair] == ["s", "f"], f"flow {key} does not pair up: {pair}"
        (si, s), (fi, f) = pair
        assert s["ts"] <= f["ts"], f"flow {key}: f before s"
        assert inside[si], f"flow {key}: s is in no slice of its thread"
        assert f.get("bp") == "e" or next_slice.get(fi) == f["ts"], f"flow {key}: f binds to nothing"
    return {"phases": phases, "names": names, "counters": counters, "flows": len(flows),
            "threads": {k for k in by_thread}}


def _thread_context(by_thread: dict) -> tuple[dict, dict]:
    """For every thread event (by its index in the file): whether a slice is open there (a B not yet ended, or
    an X spanning its time), and the time of the next slice-starting event (i, B, X) after it on its thread."""
    inside: dict = {}
    next_slice: dict = {}
    for thread in by_thread.values():
        depth, x_end = 0, -1.0
        for j, e in thread:
            inside[j] = depth > 0 or e["ts"] <= x_end
            if e["ph"] == "B":
                depth += 1
            elif e["ph"] == "E":
                depth -= 1
            elif e["ph"] == "X":
                x_end = max(x_end, e["ts"] + e["dur"])
        upcoming = None
        for j, e in reversed(thread):
            next_slice[j] = upcoming
            if e["ph"] in "iBX":
                upcoming = e["ts"]
    return inside, next_slice
