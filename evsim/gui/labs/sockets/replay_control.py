"""The sockets lab replaying a recording instead of watching a live server.

:class:`ReplayControl` owns an open :class:`evsim.core.record.Recording` and a position ``i`` (events 0..i
have happened).  It shows that instant through the lab's own live path, so everything the lab draws from
events (map, log, code pane line, counters) is what it was then:

* **seeking** anywhere (scrub, step back, jump) rebuilds: the scene ``TAIL`` events before ``i`` comes from
  the recording's keyframes (:meth:`Recording.scene_at`), and the last ``TAIL`` events go through
  :meth:`Panel.apply_events` like live ones (so the log shows them, the last one selected);
* **playing** makes the control a sink of the frame bridge: each frame it hands over the events whose
  recorded time the replay clock has passed (``speed`` x real time), like a live stream;
* the map's clock is the recorded time (a paused replay shows the instant of event ``i``, its animations
  a moment in: ``STILL_NS``).

Drags on the track are coalesced: a seek runs at most once per event-loop turn, and after a slow one the
next waits as long as it took, so scrubbing never freezes the window.
"""

from __future__ import annotations

import functools
import os
import time
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from evsim.core.echo import events as ev
from evsim.core.echo.scene import SocketScene
from evsim.core.events import Event
from evsim.core.record import RecordingError
from evsim.gui.labs.sockets.replay_keyframes import KeyframeBuilder, density
from evsim.gui.labs.sockets.replay_view import ReplayView, kinds_for_jump
from evsim.gui.widgets.timeline_bar import STEP_ITERATION

if TYPE_CHECKING:
    from evsim.gui.labs.sockets.panel import Panel

__all__ = ["ReplayControl", "TAIL", "STILL_NS", "DENSITY_BUCKETS"]

#: Events replayed through the live path after a keyframe scene (what the log shows around the position).
TAIL = 500
#: A paused replay draws the map this long (recorded time) after the event shown: a node just accepted has
#: grown in, a pulse or bytes just sent are still in sight.
STILL_NS = 200_000_000
#: Time slices of the density drawn on the track.
DENSITY_BUCKETS = 240
#: The longest a coalesced seek waits for the previous one (ms).
MAX_SEEK_GAP_MS = 250
#: The plots are rebuilt this long after the last seek (ms).
PLOTS_AFTER_MS = 150
#: How often a seek waiting for its keyframe looks again (ms).
KEYFRAME_POLL_MS = 50


def _guarded(method: Callable) -> Callable:
    """A recording found corrupt only now (a block decoded for the first time) stops the replay with a
    message in the lab, never a traceback."""

    @functools.wraps(method)
    def run(self: "ReplayControl", *args):
        try:
            return method(self, *args)
        except RecordingError as e:
            self.broken(str(e))
            return None

    return run


def _iteration_kind(rec) -> type | None:
    """The event that starts a loop iteration in this recording: the watch's ``Selected`` (one per select
    return), else the traced ``LoopPhase`` (select phase), else None (then a run of ``Ready`` events)."""
    try:
        from evsim.core.watch.events import Selected
    except ImportError:  # pragma: no cover - the watch vocabulary is part of the package
        Selected = None  # noqa: N806
    for kind in (Selected, ev.LoopPhase):
        if kind is not None and rec.find(-1, 1, kind=kind) is not None:
            return kind
    return None


class ReplayControl(QObject):
    """A recording shown in the sockets lab, at one position, paused or playing."""

    #: The position changed: the index of the last event shown.
    position_changed = Signal(int)
    #: Playing reached the end of the recording.
    finished = Signal()
    #: The sink's interface for the frame bridge: always 0 (a recording's own losses are events in it).
    dropped = 0

    def __init__(self, panel: "Panel", rec, path: str) -> None:
        super().__init__(panel)
        self.panel = panel
        self.rec = rec
        self.path = path
        self.n = len(rec)
        self.pos = -1
        self.playing = False
        self.speed = 1.0
        # (the Hello that opens a recording may be stamped after the snapshot that follows it)
        self.t_first = min(rec.t_ns(k) for k in range(min(self.n, 64))) if self.n else 0
        self.t_last = rec.t_ns(self.n - 1) if self.n else 0
        self._play_t0 = 0  # recorded time at the wall time _play_wall0
        self._play_wall0 = 0
        self._pending_seek: int | None = None
        self._seek_timer = QTimer(self)
        self._seek_timer.setSingleShot(True)
        self._seek_timer.timeout.connect(self._run_pending_seek)
        self.last_seek_ms = 0.0
        # the plots' past is rebuilt once the seeking stops, not on every step of a drag
        self._plots_timer = QTimer(self)
        self._plots_timer.setSingleShot(True)
        self._plots_timer.setInterval(PLOTS_AFTER_MS)
        self._plots_timer.timeout.connect(self._fill_plots)
        self._iter_kind: type | None | bool = False  # False: not looked for yet (see _iteration)
        self.error: str | None = None
        self.keyframes = KeyframeBuilder(rec)
        self.view = ReplayView(panel, self)
        bar = self.view.bar
        bar.set_kinds(kinds_for_jump())
        bar.play_toggled.connect(self.set_playing)
        bar.step_requested.connect(self.on_step)
        bar.jump_requested.connect(self.on_jump)
        bar.edge_requested.connect(lambda end: self.seek(self.n - 1 if end else 0))
        bar.speed_changed.connect(self.set_speed)
        bar.scrubbed.connect(self.on_scrubbed)
        bar.track.set_density(density(rec, self.t_first, self.t_last, DENSITY_BUCKETS, self.index_for_time))
        bar.track.cut = bool(getattr(rec, "truncated", None))

    # -- what the frame bridge calls -------------------------------------------------------------------------
    def sinks(self) -> tuple["ReplayControl", ...]:
        return (self,) if self.playing else ()

    @_guarded
    def drain(self, max_items: int | None = None) -> list[Event]:
        """While playing: the events whose recorded time the replay clock has passed (at most ``max_items``)."""
        if not self.playing:
            return []
        limit = self._play_clock()
        start = self.pos + 1
        stop = self.rec.index_at(limit) + 1 if limit < self.t_last else self.n
        if max_items is not None:
            stop = min(stop, start + max_items)
        if stop <= start:
            return []
        batch = list(self.rec.iter_events(start, stop))
        self.pos = start + len(batch) - 1
        self._show_position()
        return batch

    def clock(self, now_ns: int) -> int:
        """The recorded time the map shows at wall time ``now_ns``."""
        if self.pos < 0:
            return self.t_first
        t = self.rec.t_ns(self.pos)
        if self.playing:
            play = self._play_clock(now_ns)
            nxt = self.rec.t_ns(self.pos + 1) if self.pos + 1 < self.n else play
            return max(t, min(play, nxt))  # behind (a frame's budget ran out): not past the next event
        return t + STILL_NS

    def frame(self, clock_ns: int) -> None:
        """After the panel's frame (``clock_ns``: :meth:`clock`'s answer): stop at the end, feed the plots with
        the replayed totals."""
        if self.playing and self.pos >= self.n - 1:
            self.set_playing(False)
            self.finished.emit()
        self.view.feed_plots(clock_ns)

    def needs_frames(self) -> bool:
        return self.playing

    # -- playing -----------------------------------------------------------------------------------------------
    def _play_clock(self, now_ns: int | None = None) -> int:
        now = time.monotonic_ns() if now_ns is None else now_ns
        return self._play_t0 + int((now - self._play_wall0) * self.speed)

    @Slot(bool)
    def set_playing(self, on: bool) -> None:
        if on and self.pos >= self.n - 1:
            if self.n == 0:
                return
            self.seek(0)  # play from the start again
        self.playing = on
        if on:
            self._play_wall0 = time.monotonic_ns()
            self._play_t0 = self.rec.t_ns(self.pos) if self.pos >= 0 else self.t_first
        else:  # paused: the log shows every event played, the last one selected
            self.panel.log.flush()
            self.view.select_last_row()
        self.view.bar.set_playing(on)
        self.panel.frames_wanted.emit()

    @Slot(float)
    def set_speed(self, speed: float) -> None:
        if self.playing:  # go on from where the clock is now, at the new speed
            self._play_t0 = self._play_clock()
            self._play_wall0 = time.monotonic_ns()
        self.speed = speed

    # -- seeking -----------------------------------------------------------------------------------------------
    @_guarded
    def seek(self, i: int) -> None:
        """Show the instant of event ``i`` (clamped): rebuilt from the recording, whatever came before."""
        if self.n == 0 or self.error is not None:
            return
        t0 = time.perf_counter()
        i = max(0, min(self.n - 1, i))
        if not self.keyframes.ready(max(-1, i - TAIL)):
            # building it here would freeze the window: the thread building keyframes gets there first
            self._pending_seek = i
            self.view.say_preparing(self.keyframes.progress)
            if not self._seek_timer.isActive():
                self._seek_timer.start(KEYFRAME_POLL_MS)
            return
        if self.playing:
            self._play_wall0 = time.monotonic_ns()
            self._play_t0 = self.rec.t_ns(i)
        j = max(-1, i - TAIL)
        scene = self.rec.scene_at(j)
        tail = list(self.rec.iter_events(j + 1, i + 1))
        self.view.show_scene(scene, tail, j + 1, self.t_first)
        self.pos = i
        self._show_position()
        self.last_seek_ms = (time.perf_counter() - t0) * 1000
        self._plots_timer.start()
        self.position_changed.emit(i)
        self.panel.frames_wanted.emit()

    @Slot(float)
    def on_scrubbed(self, fraction: float) -> None:
        """The track was pressed or dragged: seek there, coalescing a fast drag."""
        t = self.t_first + int(fraction * (self.t_last - self.t_first))
        self._pending_seek = self.index_for_time(t)
        if not self._seek_timer.isActive():
            self._seek_timer.start(int(min(MAX_SEEK_GAP_MS, self.last_seek_ms)))

    @Slot()
    @_guarded
    def _fill_plots(self) -> None:
        if not self.playing:
            self.view.fill_plots()

    @Slot()
    def _run_pending_seek(self) -> None:
        i, self._pending_seek = self._pending_seek, None
        if i is not None and i != self.pos:
            self.seek(i)

    def index_for_time(self, t_ns: int) -> int:
        """The last event at or before ``t_ns`` (the first one before the recording starts)."""
        if t_ns <= self.t_first:
            return 0
        if t_ns >= self.t_last:
            return self.n - 1
        i = self.rec.index_at(t_ns)
        if i < self.n - 1 and self.rec.t_ns(i) > t_ns:
            i -= 1  # an index_at that answers "the first at or after"
        return max(0, min(self.n - 1, i))

    @Slot(int, str)
    @_guarded
    def on_step(self, direction: int, unit: str) -> None:
        if self.playing:
            self.set_playing(False)
        if unit == STEP_ITERATION:
            target = self._iteration(direction)
        else:
            target = self.pos + direction
        if target is not None and 0 <= target < self.n:
            if direction > 0 and unit != STEP_ITERATION:
                self._advance_one()
            else:
                self.seek(target)

    def _advance_one(self) -> None:
        """One event forward: applied to what is on screen, no rebuild."""
        i = self.pos + 1
        self.panel.apply_events([self.rec.event(i)])
        self.panel.log.flush()
        self.view.select_last_row()
        self.pos = i
        self._show_position()
        self.position_changed.emit(i)
        self.panel.frames_wanted.emit()

    def _iteration(self, direction: int) -> int | None:
        """The event that starts the next (previous) loop iteration; stepping back from inside an iteration
        lands at its start.  An iteration starts at a select() (``Selected``/``LoopPhase``), or where a run of
        ``Ready`` events begins."""
        if self._iter_kind is False:
            self._iter_kind = _iteration_kind(self.rec)
        rec, kind, k = self.rec, self._iter_kind, self.pos
        if kind is not None:
            return rec.find(k, direction, kind=kind)
        while True:
            k = rec.find(k, direction, kind=ev.Ready)
            if k is None or k == 0 or type(rec.event(k - 1)) is not ev.Ready:
                return k

    @Slot(int)
    @_guarded
    def on_jump(self, direction: int) -> None:
        kind, fd = self.view.bar.jump_filter()
        found = self.rec.find(self.pos, direction, kind=kind, fd=fd)
        if found is None:
            self.view.say_not_found(direction)
            return
        if self.playing:
            self.set_playing(False)
        self.seek(found)

    # -- errors ---------------------------------------------------------------------------------------------------
    def broken(self, why: str) -> None:
        """The recording cannot be read past here: stop, and say so in the lab."""
        self.error = why
        self.playing = False
        self.view.bar.set_playing(False)
        self.view.say_broken(why)

    # -- what the bar shows ----------------------------------------------------------------------------------------
    def fraction(self) -> float:
        if self.pos < 0 or self.t_last <= self.t_first:
            return 0.0 if self.pos < self.n - 1 else 1.0
        return (self.rec.t_ns(self.pos) - self.t_first) / (self.t_last - self.t_first)

    def _show_position(self) -> None:
        self.view.show_position(self.fraction(), self.pos, self.n,
                                (self.rec.t_ns(self.pos) - self.t_first) / 1e9 if self.pos >= 0 else 0.0,
                                (self.t_last - self.t_first) / 1e9)

    # -- leaving -----------------------------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop playing and building keyframes, take the bar away, close the file."""
        self.playing = False
        self._seek_timer.stop()
        self._plots_timer.stop()
        self.keyframes.stop()
        self.view.remove()
        closer = getattr(self.rec, "close", None)
        if callable(closer):
            closer()

    @property
    def name(self) -> str:
        return os.path.basename(self.path)


def open_replay(panel: "Panel", path: str, rec) -> ReplayControl:
    """Show the open recording ``rec`` (read from ``path``) in ``panel`` instead of its live server: a running
    server is stopped, the first event is shown, paused.  A replay already shown is closed first."""
    close_replay(panel)
    if panel.controller.active:  # stopped now (0.4 s at most): the bridge drains the replay, not the server
        panel.controller.shutdown()
        panel.status_message.emit(QCoreApplication.translate("Panel", "Server stopped"))
    control = ReplayControl(panel, rec, path)
    panel.replay = control
    control.view.live_button.clicked.connect(lambda: close_replay(panel))
    control.seek(0)
    return control


def close_replay(panel: "Panel") -> None:
    """Back to live: the bar goes, the server controls work again, the lab starts empty."""
    control = panel.replay
    if control is None:
        return
    panel.replay = None
    control.keyframes.thaw()
    control.close()
    scene = SocketScene()
    panel.scene = scene
    panel.map.scene = scene
    panel.map.grid.invalidate()
    panel.log.on_clear()
    panel.log.model.t0_ns = None
    panel.plots.reset()
    panel._show_style_source()
    panel._update_server_controls()
    panel.frames_wanted.emit()
    control.deleteLater()
