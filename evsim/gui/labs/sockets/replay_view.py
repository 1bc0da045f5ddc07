"""What the sockets lab looks like while it replays: a "Replaying FILE" line with a way back to live over the
map, the timeline bar under it, the server and loop controls off; and how an instant of the recording is put
on screen (scene, log, code pane, plots).  :class:`~.replay_control.ReplayControl` decides which instant."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from evsim.core.echo import ClassicSelectServer, EchoServer
from evsim.core.echo import events as ev
from evsim.core.echo.scene import SocketScene
from evsim.core.events import Event
from evsim.gui.labs.sockets.replay_plots import plot_history
from evsim.gui.widgets.event_kinds import kind_label
from evsim.gui.widgets.message_bar import post_message
from evsim.gui.widgets.timeline_bar import TimelineBar

if TYPE_CHECKING:
    from evsim.gui.labs.sockets.panel import Panel
    from evsim.gui.labs.sockets.replay_control import ReplayControl

__all__ = ["ReplayView", "kinds_for_jump", "JUMP_KINDS"]

#: Events before a seek's tail looked at for the code pane's line.
PHASE_LOOKBACK = 2048
#: The kinds the "Jump to" list offers, in this order (the echo server's, then the watch's select).
JUMP_KINDS: tuple[type, ...] = (ev.Accepted, ev.Ready, ev.Received, ev.Sent, ev.ReadingPaused, ev.HalfClosed,
                                ev.Closed, ev.Refused, ev.ServerError)


def kinds_for_jump() -> list[tuple[str, object]]:
    """(label, kind) pairs for the timeline bar's "Jump to" list; None first: any event."""
    out: list[tuple[str, object]] = [(QCoreApplication.translate("ReplayView", "any event"), None)]
    out += [(kind_label(k.__name__), k) for k in JUMP_KINDS]
    try:
        from evsim.core.watch.events import Selected
        out.append((QCoreApplication.translate("ReplayView", "select() returned"), Selected))
    except ImportError:  # pragma: no cover - part of the package
        pass
    return out


class ReplayView:
    """The replay's widgets inside a sockets panel; :meth:`remove` puts the live layout back."""

    def __init__(self, panel: "Panel", control: "ReplayControl") -> None:
        self.panel = panel
        self.control = control
        self.banner = QFrame()
        self.banner.setObjectName("ReplayBanner")
        self.banner.setStyleSheet("#ReplayBanner { background: #17324d; border: 1px solid #4da3ff; "
                                  "border-radius: 3px; }")
        b = QHBoxLayout(self.banner)
        b.setContentsMargins(8, 3, 4, 3)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        b.addWidget(self.banner_label, 1)
        self.live_button = QPushButton(QCoreApplication.translate("ReplayView", "Back to live"))
        self.live_button.setToolTip(QCoreApplication.translate(
            "ReplayView", "Close the recording; the server controls work again"))
        b.addWidget(self.live_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.bar = TimelineBar()
        # the map, with the banner over it and the bar under it, in the map's place in the splitter
        self.box = QWidget()
        lay = QVBoxLayout(self.box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        lay.addWidget(self.banner)
        splitter = panel.left_splitter
        self._sizes = splitter.sizes()
        self._index = splitter.indexOf(panel.map)
        splitter.replaceWidget(self._index, self.box)
        lay.addWidget(panel.map, 1)
        lay.addWidget(self.bar)
        panel.server_box.setEnabled(False)
        panel.loop_box.setEnabled(False)
        self.say_replaying()
        self._show_source()

    def say_replaying(self) -> None:
        c = self.control
        seconds = (c.t_last - c.t_first) / 1e9
        self.banner_label.setText(QCoreApplication.translate(
            "ReplayView", "Replaying {file}: {n} events over {s} s. The server controls are off until you go "
                          "back to live.").format(file=c.name, n=f"{c.n:,}", s=f"{seconds:.1f}"))
        self.banner_label.setToolTip(c.path)

    def _show_source(self) -> None:
        """The code pane shows the loop of the recorded server's style."""
        c = self.control
        i = c.rec.find(-1, 1, kind=ev.Listening)
        style = c.rec.event(i).style if i is not None else ""
        cls = ClassicSelectServer if style == "classic" else EchoServer
        text, first, phases = cls.loop_source()
        self.panel.code.set_source(text, first, phases)

    # -- an instant on screen ----------------------------------------------------------------------------
    def show_scene(self, scene: SocketScene, tail: Sequence[Event], start: int, t_first: int) -> None:
        """``scene`` (events 0..start-1), then ``tail`` (events start...) through the lab's live path."""
        p = self.panel
        p.scene = scene
        p.map.scene = scene
        p.map.grid.invalidate()
        log = p.log
        log.on_clear()
        log.model.t0_ns = t_first  # times in the log: seconds since the recording started
        peers = getattr(log.model, "_peers", None)
        if isinstance(peers, dict):  # the peers of connections accepted before the tail
            peers.update((fd, n.peer) for fd, n in scene.by_fd.items())
        p._counters = None
        p._last_phase = None
        p.apply_events(list(tail))
        log.flush()
        if p._last_phase is None and start > 0:  # the code pane's line: the last phase shortly before the tail
            # (not a search of the whole recording: one without tracing has no phase at all)
            for e in self.control.rec.iter_events(max(0, start - PHASE_LOOKBACK), start):
                if type(e) is ev.LoopPhase:
                    p._last_phase = e
        if p._last_phase is None:
            p.code.show_phase(None)
        self.select_last_row()
        p.plots.reset()  # refilled from the recording once the seeking stops (fill_plots)

    def select_last_row(self) -> None:
        table = self.panel.log.table
        rows = table.model().rowCount()
        if rows:
            table.selectRow(rows - 1)
            table.scrollToBottom()

    def fill_plots(self) -> None:
        """The plots of the seconds before the instant shown, from the recording."""
        p, c = self.panel, self.control
        plots = p.plots
        plots.reset()
        for t, n, bytes_in, bytes_out, open_count in plot_history(c.rec, c.pos, p.scene.open_count,
                                                                   int(plots.interval_s * 1e9)):
            plots.feed(t, n, bytes_in, bytes_out, open_count, 0)

    def feed_plots(self, clock_ns: int) -> None:
        """The replayed totals, sampled on the recorded clock (rates over the time replayed since a seek)."""
        p, c = self.panel, self.control
        if c.pos >= 0 and p.plots.due(clock_ns):
            s = p.scene
            p.plots.feed(clock_ns, c.pos + 1, s.bytes_in, s.bytes_out, s.open_count, 0)

    def show_position(self, fraction: float, i: int, n: int, t_s: float, total_s: float) -> None:
        text = QCoreApplication.translate("ReplayView", "{t} s of {total} s · event {i} / {n}").format(
            t=f"{t_s:.3f}", total=f"{total_s:.3f}", i=f"{i + 1:,}", n=f"{n:,}")
        self.bar.set_position(fraction, text)

    def say_preparing(self, fraction: float) -> None:
        self.bar.position_label.setText(QCoreApplication.translate(
            "ReplayView", "Preparing the recording for seeking: {p} %").format(p=int(fraction * 100)))

    def say_broken(self, why: str) -> None:
        post_message(self.panel, QCoreApplication.translate(
            "ReplayView", "The recording cannot be replayed past here: {why}").format(why=why))

    def say_not_found(self, direction: int) -> None:
        text = (QCoreApplication.translate("ReplayView", "No later event of that kind and fd.") if direction > 0
                else QCoreApplication.translate("ReplayView", "No earlier event of that kind and fd."))
        self.panel.status_message.emit(text)

    # -- back to live --------------------------------------------------------------------------------------------
    def remove(self) -> None:
        p = self.panel
        splitter = p.left_splitter
        splitter.replaceWidget(self._index, p.map)  # the map back in its place; the box leaves the splitter
        splitter.setSizes(self._sizes)
        self.box.hide()
        self.box.deleteLater()
        p.server_box.setEnabled(True)
        p.loop_box.setEnabled(True)
