"""Recording: random access, time and event search, and scenes at any event equal to a replay from the start."""

from __future__ import annotations

import random

import pytest

from evsim.core.echo import events as ev
from evsim.core.echo.scene import SocketScene
from evsim.core.events import materialize
from evsim.core.record import Recording
from evsim.core.record.feed import ECHO, PROGRAM, feed_class, what_made
from evsim.core.record.snapshot import clone, picture
from tests.core.record.samples import sample_events, write_recording


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    events = [materialize(e) for e in sample_events(400)]
    path = tmp_path_factory.mktemp("rec") / "run.evrec"
    write_recording(str(path), events, block_events=64)
    return path, events


def test_every_event_and_its_time_by_index(recorded):
    path, events = recorded
    with Recording.open(path) as rec:
        assert len(rec) == len(events) and rec.truncated is None and rec.dropped == 0
        order = list(range(len(events)))
        random.Random(1).shuffle(order)
        for i in order[:300]:
            assert rec.event(i) == events[i] and rec.t_ns(i) == events[i].t_ns
        assert list(rec.iter_events(100, 300)) == events[100:300]
        assert list(rec.iter_events()) == events
        with pytest.raises(IndexError):
            rec.event(len(events))


def test_index_at_a_time_is_the_last_event_at_or_before_it(recorded):
    path, events = recorded
    with Recording.open(path) as rec:
        for i in (0, 1, 57, 64, 65, 500, len(events) - 1):
            j = rec.index_at(events[i].t_ns)
            assert events[j].t_ns <= events[i].t_ns and j >= i
            assert j == len(events) - 1 or events[j + 1].t_ns > events[i].t_ns
        assert rec.index_at(0) == 0


def test_find_the_next_and_previous_event_of_a_kind_or_an_fd(recorded):
    path, events = recorded

    def expect(i, step, kinds=None, fd=None):
        rng = range(i + 1, len(events)) if step > 0 else range(i - 1, -1, -1)
        return next((j for j in rng if (kinds is None or events[j].kind in kinds) and
                     (fd is None or getattr(events[j], "fd", None) == fd)), None)

    with Recording.open(path) as rec:
        for i, step, kind, fd in [(0, 1, "Closed", None), (len(events), -1, "Accepted", None), (5, 1, "Sent", 9),
                                  (900, -1, None, 8), (900, 1, "Refused", None), (0, 1, "Nothing", None),
                                  (-1, 1, None, None), (700, -1, "Recv", 7), (len(events) - 1, 1, None, None)]:
            assert rec.find(i, step, kind, fd) == expect(i, step, None if kind is None else {kind}, fd)
        assert rec.find(0, 1, (ev.Closed, "Refused")) == expect(0, 1, {"Closed", "Refused"}) is not None
        assert rec.find(0, 1, ev.Closed) == expect(0, 1, {"Closed"})
        assert rec.find(len(events), -1, fd=7) == expect(len(events), -1, fd=7) is not None


def test_the_watched_programs_files(recorded):
    path, _ = recorded
    with Recording.open(path) as rec:
        assert rec.files == {1: "/srv/echo.py"}


def _state(scene: SocketScene, t_ns: int):
    scene.prune(t_ns, 0.1)  # what any view does first; keyframes are pruned as slowly as views may go
    return picture(scene)


def test_the_scene_at_any_event_is_the_scene_replayed_from_the_start(recorded):
    path, events = recorded
    with Recording.open(path, keyframe_every=100) as rec:
        for i in sorted(random.Random(2).sample(range(len(events)), 25)) + [len(events) - 1, 0, 99, 100, 199]:
            fresh = SocketScene()
            fresh.apply(feed_class(rec.made_by)().translate(events[:i + 1]))  # the live window's path
            got = rec.scene_at(i)
            assert _state(got, events[i].t_ns) == _state(fresh, events[i].t_ns), i
            assert got.events_seen == fresh.events_seen >= i + 1
        assert rec.keyframes_built > 5
        before = picture(rec.scene_at(300))
        rec.scene_at(300).apply(events[301:])  # a returned scene is the caller's: keyframes are not touched
        assert picture(rec.scene_at(300)) == before
        assert rec.scene_at(-1).events_seen == 0
        scene, feed = rec.state_at(500)
        scene.apply(feed.translate(events[501:]))  # stepping on from a seek takes the live path too
        assert _state(scene, events[-1].t_ns) == _state(rec.scene_at(len(events) - 1), events[-1].t_ns)


def test_keyframes_can_be_built_ahead_and_stopped(recorded):
    path, events = recorded
    with Recording.open(path, keyframe_every=50) as rec:
        seen = []
        assert rec.build_keyframes(seen.append)
        assert seen[-1] == 1.0 and rec.keyframes_built == len(events) // 50 + 1
    with Recording.open(path, keyframe_every=50) as rec:
        import threading
        stop = threading.Event()
        stop.set()
        assert not rec.build_keyframes(stop=stop)


def test_a_copy_of_a_scene_is_independent_and_equal():
    scene = SocketScene()
    scene.apply(materialize(e) for e in sample_events(50)[:-1])  # (not ServerStopped)
    copy = clone(scene)
    assert picture(copy) == picture(scene) and copy.epoch != scene.epoch
    node = next(iter(copy.by_fd.values()))
    assert copy.shown_by_fd[node.fd] is node and copy.nodes[node.cid] is node  # shared as in the original
    copy.apply([ev.Closed(10 ** 12, node.fd, "reset", 0, 0)])
    assert node.fd in scene.by_fd and node.fd not in copy.by_fd and picture(copy) != picture(scene)
    copy._handlers[ev.Accepted](ev.Accepted(10 ** 12, 1000, "x"))  # its dispatch table acts on the copy
    assert 1000 in copy.by_fd and 1000 not in scene.by_fd


def test_keyframes_built_in_the_background_while_seeking(recorded):
    path, events = recorded
    rec = Recording.open(path, keyframe_every=20)
    seen = []
    thread = rec.prepare(seen.append)
    assert rec.prepare() is thread
    got = rec.scene_at(len(events) - 1)  # shares the work with the builder
    assert got.events_seen >= len(events)
    thread.join(30)
    assert seen[-1] == 1.0 and rec.seekable_until == len(events) - 1
    rec.close()
    rec = Recording.open(path, keyframe_every=20)
    assert rec.seekable_until == -1
    rec.prepare()
    rec.close()  # stops and joins the builder
    assert not rec._builder.is_alive()


def test_who_made_a_recording_chooses_the_path_its_events_take_to_the_scene(recorded):
    path, _ = recorded
    with Recording.open(path) as rec:
        assert rec.made_by == ECHO  # no Hello: its kinds say so
    assert what_made([], "evsim run (watched program)") == PROGRAM
    assert what_made([], "evsim serve (selectors)") == ECHO
    assert what_made(["SourceFile", "Listen", "Selected"], None) == PROGRAM
    assert what_made(["Listening", "Listen", "Accepted"], None) == ECHO


class _Part:
    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0

    def bump(self, _e: object) -> None:
        self.n += 1


class _Toy:
    """A scene whose dispatch table holds a bound method of the scene, one of a part of it, and a lambda."""

    def __init__(self) -> None:
        self.part = _Part()
        self.seen: list = []
        self._handlers = {int: self.part.bump, str: lambda e: self.seen.append(e), float: self.note}

    def note(self, e: object) -> None:
        self.seen.append(e)


def test_a_copy_dispatches_to_its_own_parts():
    toy = _Toy()
    toy.part.n = 5
    copy = clone(toy)
    for e in (1, "a", 2.0):
        copy._handlers[type(e)](e)
    assert (copy.part.n, copy.seen) == (6, ["a", 2.0]) and (toy.part.n, toy.seen) == (5, [])
