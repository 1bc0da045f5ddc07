"""Reading a recording: random access to its events, the scene at any event, search.

``Recording.open(path)`` reads only the index (:mod:`evsim.core.record.index`); events are decoded a block
(about a thousand events) at a time when asked for, and the last blocks used are kept.  ``scene_at(i)`` starts
from the nearest keyframe at or before ``i`` -- a copy of the scene every ``keyframe_every`` events, made the
first time a replay passes there, or ahead of time in a thread of the recording's own (:meth:`Recording.prepare`)
-- and applies the events after it, through ``SocketScene.apply`` as the live window
does.
"""

from __future__ import annotations

import bisect
import os
import threading
from collections import OrderedDict
from typing import Callable, Iterator

from evsim.core.echo.scene import SocketScene
from evsim.core.events import Event
from evsim.core.stream import Decoder, Hello, StreamError
from evsim.core.record.feed import feed_class, what_made
from evsim.core.record.format import IndexMark, RecordEnd, RecordingError
from evsim.core.record.index import Index, build_index, map_file
from evsim.core.record.search import Search
from evsim.core.record.snapshot import clone

__all__ = ["Recording", "KEYFRAME_EVERY"]

#: Events between two keyframes: a seek decodes and applies at most this many events after a copy.
KEYFRAME_EVERY = 4096
#: Decoded blocks kept (each about 1,024 records).
CACHED_BLOCKS = 48
#: Keyframe scenes keep ended connections this long (speed 1.0) before dropping them, enough for a view
#: replaying at 0.1x to fade them out itself.
_PRUNE_SPEED = 0.1
_INDEX_TYPES = (IndexMark, RecordEnd)


class Recording(Search):
    """A recording opened for replay.  ``len(rec)`` events; ``rec.event(i)``, ``rec.t_ns(i)``,
    ``rec.iter_events(start)``, ``rec.index_at(t_ns)``, ``rec.scene_at(i)``, ``rec.find(...)``.

    ``truncated`` is None for a recording closed cleanly, else one sentence on where it ends (what it holds
    up to there replays).  A block found corrupt only when decoded raises RecordingError.  Thread-safe: a
    window may build keyframes in one thread and seek in another.
    """

    def __init__(self, path: str, data, index: Index, keyframe_every: int = KEYFRAME_EVERY,
                 scene_factory: Callable[[], object] = SocketScene) -> None:
        self.path = path
        self._data = data
        self._index = index
        self.keyframe_every = max(1, keyframe_every)
        self.scene_factory = scene_factory
        self.truncated: str | None = index.truncated
        self._lock = threading.RLock()
        self._decoder = Decoder(records=True)
        self._decoder.feed(index.prefix)
        self._blocks: OrderedDict[int, list] = OrderedDict()
        #: k -> (scene, feed) after events [0, k * keyframe_every); never changed once stored
        self._keyframes: dict[int, tuple[object, object]] = {}
        self._made_by: str | None = None
        self._files: dict[int, str] | None = None
        self._builder: threading.Thread | None = None
        self._stop_build = threading.Event()

    @classmethod
    def open(cls, path: "str | os.PathLike[str]", *, keyframe_every: int = KEYFRAME_EVERY) -> "Recording":
        """Open ``path``; RecordingError (one sentence) if it is not a recording this evsim can replay."""
        path = os.fspath(path)
        size, data = map_file(path)
        try:
            index = build_index(path, data, size)
        except BaseException:
            if hasattr(data, "close"):
                data.close()
            raise
        return cls(path, data, index, keyframe_every)

    def close(self) -> None:
        self._stop_build.set()
        if self._builder is not None and self._builder is not threading.current_thread():
            self._builder.join()
        with self._lock:
            self._blocks.clear()
            self._keyframes.clear()
            if hasattr(self._data, "close"):
                self._data.close()
            self._data = b""

    def __enter__(self) -> "Recording":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the index says --
    def __len__(self) -> int:
        return self._index.events

    @property
    def dropped(self) -> int | None:
        """Events the producer dropped on the way, as the trailer counts them (None: no trailer)."""
        return self._index.dropped

    @property
    def t_first(self) -> int | None:
        return self._index.times[0] if len(self._index.times) else None

    @property
    def kinds(self) -> dict:
        """kind id -> (name, ((field, type code), ...)) as the recording's schema describes them."""
        return dict(self._index.kinds)

    # -- events --
    def _block_of(self, i: int) -> int:
        if not 0 <= i < len(self):
            raise IndexError(f"event {i} is outside this recording (0..{len(self) - 1})")
        return bisect.bisect_right(self._index.firsts, i) - 1

    def _records(self, block: int) -> list:
        """The deferred records of one block (index frames left out), decoded once and cached."""
        with self._lock:
            recs = self._blocks.get(block)
            if recs is not None:
                self._blocks.move_to_end(block)
                return recs
            ix = self._index
            start, end = ix.offsets[block], ix.end_of(block)
            dec = self._decoder
            before = dec.bytes_consumed
            try:
                recs = [r for r in dec.feed(self._data[start:end]) if r[0] not in _INDEX_TYPES]
            except StreamError as e:
                self._decoder = Decoder(records=True)
                self._decoder.feed(ix.prefix)
                at = start + (e.offset - before if e.offset is not None else 0)
                raise RecordingError(f"the recording is corrupt at byte {at:,}: "
                                     f"{str(e).split(': ', 1)[-1].rsplit(' at byte', 1)[0]}") from None
            want = ix.firsts[block + 1] - ix.firsts[block] if block + 1 < len(ix.firsts) else \
                ix.events - ix.firsts[block]
            if len(recs) != want:
                raise RecordingError(f"the recording's index does not match its events near byte {start:,}")
            self._blocks[block] = recs
            if len(self._blocks) > CACHED_BLOCKS:
                self._blocks.popitem(last=False)
            return recs

    def record(self, i: int) -> tuple:
        """Event ``i`` as a deferred record ``(cls, t_ns, *fields)`` (see evsim.core.events.materialize)."""
        b = self._block_of(i)
        return self._records(b)[i - self._index.firsts[b]]

    def event(self, i: int) -> Event:
        r = self.record(i)
        return r[0](*r[1:])

    def t_ns(self, i: int) -> int:
        return self.record(i)[1]

    def iter_records(self, start: int = 0, stop: int | None = None) -> Iterator[tuple]:
        stop = len(self) if stop is None else min(stop, len(self))
        i = max(0, start)
        while i < stop:
            b = self._block_of(i)
            first = self._index.firsts[b]
            recs = self._records(b)
            take = recs[i - first:stop - first]
            yield from take
            i += len(take)

    def iter_events(self, start: int = 0, stop: int | None = None) -> Iterator[Event]:
        """Events ``start`` .. ``stop - 1`` (to the end by default), in order."""
        for r in self.iter_records(start, stop):
            yield r[0](*r[1:])

    def index_at(self, t_ns: int) -> int:
        """The last event at or before ``t_ns`` (0 when ``t_ns`` is before the first; -1 for no events)."""
        if not len(self):
            return -1
        times = self._index.times
        b = max(0, bisect.bisect_right(times, t_ns) - 1)
        recs = self._records(b)
        j = 0
        for k, r in enumerate(recs):
            if r[1] > t_ns:
                break
            j = k
        else:
            j = len(recs) - 1
        return self._index.firsts[b] + j

    @property
    def files(self) -> dict[int, str]:
        """The watched program's source files (SourceFile events): file id -> path."""
        if self._files is None:
            self._files = self._source_files()
        return dict(self._files)

    # -- scenes --
    @property
    def made_by(self) -> str:
        """Who made it: ``feed.ECHO`` (the echo server) or ``feed.PROGRAM`` (a program run with ``evsim run``)."""
        if self._made_by is None:
            first = list(self.iter_records(0, min(len(self), 4096)))
            producer = next((r[4] for r in first if r[0] is Hello), None)  # (Hello, t_ns, version, pid, producer)
            self._made_by = what_made((getattr(r[0], "__name__", "") for r in first), producer)
        return self._made_by

    def scene_at(self, i: int) -> object:
        """A new scene with events 0..i applied (``i`` = -1: before the first event)."""
        return self.state_at(i)[0]

    def state_at(self, i: int) -> tuple[object, object]:
        """``(scene, feed)`` after events 0..i: the scene, and the translator the next events go through on
        their way to it (``feed.translate(batch)``), as in the live window (:mod:`evsim.core.record.feed`)."""
        if not -1 <= i < len(self):
            raise IndexError(f"event {i} is outside this recording (0..{len(self) - 1})")
        k = (i + 1) // self.keyframe_every
        scene, feed = (clone(x) for x in self._keyframe(k))  # (a stored keyframe is never changed: no lock)
        start = k * self.keyframe_every
        if i + 1 > start:
            scene.apply(feed.translate(list(self.iter_events(start, i + 1))))  # type: ignore[attr-defined]
        return scene, feed

    def _keyframe(self, k: int) -> tuple[object, object]:
        """The state after the first ``k * keyframe_every`` events, building the keyframes up to it one at a
        time (the lock is let go between two, so a seek and a background build share the work)."""
        while True:
            with self._lock:
                have = self._keyframes.get(k)
                if have is not None:
                    return have
                top = len(self._keyframes) - 1  # keyframes are built in order: 0..top exist
                if top < 0:
                    self._keyframes[0] = (self.scene_factory(), feed_class(self.made_by)())
                    continue
                scene, feed = (clone(x) for x in self._keyframes[top])
                self._advance(scene, feed, top)
                self._keyframes[top + 1] = (scene, feed)

    def _advance(self, scene, feed, j: int) -> None:
        """Apply the events of keyframe interval ``j``, and prune the scene as a slow view would."""
        n = self.keyframe_every
        scene.apply(feed.translate(list(self.iter_events(j * n, (j + 1) * n))))
        scene.prune(scene.last_t_ns, _PRUNE_SPEED)

    @property
    def seekable_until(self) -> int:
        """Events up to this index are reached by ``scene_at`` from an existing keyframe (one interval of events at
        most: fast); beyond, the first seek builds the keyframes on the way."""
        return max(-1, min(len(self) - 1, len(self._keyframes) * self.keyframe_every - 2))

    def prepare(self, progress: Callable[[float], None] | None = None) -> threading.Thread:
        """Build every keyframe in a thread of this recording's own (``close`` stops and joins it); seeks meanwhile
        wait at most for the keyframe being built.  ``progress(fraction)`` is called from that thread."""
        with self._lock:
            if self._builder is None:
                self._builder = threading.Thread(target=self.build_keyframes, args=(progress, self._stop_build),
                                                 name="evsim recording keyframes", daemon=True)
                self._builder.start()
            return self._builder

    def build_keyframes(self, progress: Callable[[float], None] | None = None,
                        stop: "threading.Event | None" = None) -> bool:
        """Make every keyframe now (a cold seek then costs at most one interval); ``progress(fraction)`` after
        each, ``stop`` set ends it early.  Returns True when all are built."""
        last = len(self) // self.keyframe_every
        for k in range(last + 1):
            if stop is not None and stop.is_set():
                return False
            self._keyframe(k)
            if progress is not None:
                progress((k + 1) / (last + 1))
        return True

    @property
    def keyframes_built(self) -> int:
        return len(self._keyframes)
