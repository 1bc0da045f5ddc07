"""The sockets lab's map: the listening socket in the middle, one node per connection around it.

The widget paints a :class:`evsim.core.echo.scene.SocketScene`.  What it draws is a pure function of the
scene, the widget's size, ``now_ns`` and ``speed`` (set with :meth:`SocketMap.set_clock`), so a test can
paint a recorded scene at a fixed clock and get the same picture every time.

Two layouts:

* up to :data:`DETAIL_MAX` nodes, **rings** (:mod:`.map_ring`): each node a disc with its fd, a badge for
  its state, its own edge and bytes flying along it, peer labels where there is room;
* beyond, a **grid** (:mod:`.map_grid`, :mod:`.map_grid_paint`): one small cell per fd, row by row around
  the listener, so 10,000 connections fit and a user finds an fd by the row labels; a cached static layer
  is redrawn only where something changed, and only pulses, flights and marks are drawn every frame.

Hover a node for its details (fd, peer, bytes, buffered, state, events); click it to select it (the panel
filters the log on it).  :meth:`SocketMap.needs_frames` says whether anything still moves, so the frame
timer can stop while nothing does.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from evsim.core.echo.scene import HALF_CLOSED, PAUSED, QUIET_NS, Node, SocketScene
from evsim.gui.labs.sockets.map_chrome import Chrome
from evsim.gui.labs.sockets.map_grid_paint import GridView
from evsim.gui.labs.sockets.map_sprites import TextCache
from evsim.gui.labs.sockets.map_ring import DETAIL_MAX, MAX_FLIGHTS, MAX_PULSES, NodeItem, RingView
from evsim.gui.labs.sockets.map_style import (
    READ_COLOR, STATE_COLORS, WRITE_COLOR, LabelPlacer, human_bytes,
)

__all__ = [
    "SocketMap", "NodeItem", "STATE_COLORS", "READ_COLOR", "WRITE_COLOR", "DETAIL_MAX", "QUIET_NS", "MAX_PULSES",
    "MAX_FLIGHTS",
]


class SocketMap(QWidget):
    """Custom-painted map of the echo server's sockets.  Hover a node for its details."""

    #: A node was clicked: its fd (the panel may filter the log on it).
    node_clicked = Signal(int)

    def __init__(self, scene: SocketScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.now_ns = time.monotonic_ns()
        self.speed = 1.0
        self.show_legend = True
        #: The fd under the mouse, and the fd the user selected (click, or :meth:`select_fd`); None: none.
        self.hover_fd: int | None = None
        self.selected_fd: int | None = None
        #: The server's latest ServerCounters (its exact totals), or None: the header's counts are never below them.
        self.counters = None
        self._seen_events = -1
        self._seen_epoch = -1
        self._painted_busy = False
        self.setMouseTracking(True)
        self.setMinimumSize(360, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._make_fonts()
        self.ring = RingView(self)
        self.grid = GridView(self)
        self.chrome = Chrome(self)
        self._labels: list[QRectF] = []
        #: What the last paint drew: {"nodes", "layout" ("ring"/"grid"), "detailed", "pulses", "flights"}.
        self.last_paint: dict[str, object] = {}

    def _make_fonts(self) -> None:
        #: Bumped whenever the fonts (or the language) change: cached pictures of text are keyed on it.
        self.fonts_made = getattr(self, "fonts_made", 0) + 1
        self._font_height = self.fontMetrics().height()
        self.label_font = QFont(self.font())
        self.label_font.setPointSizeF(max(7.0, self.label_font.pointSizeF() * 0.85))
        self.small_font = QFont(self.font())
        self.small_font.setPointSizeF(max(6.5, self.small_font.pointSizeF() * 0.75))
        #: Texts drawn every frame, prepared once per string in each font (map_sprites.py).
        self.label_texts = TextCache(self.label_font)
        self.small_texts = TextCache(self.small_font)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt name
        # zoom, presentation mode or another language: new fonts, new text widths, a full redraw
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange):
            self._make_fonts()
            self.chrome.invalidate()
            self.grid.invalidate()
            self.update()
        super().changeEvent(event)

    # -- clock --
    def set_clock(self, now_ns: int, speed: float = 1.0) -> bool:
        """Show the scene as it is at ``now_ns`` (animations scaled by ``speed``); returns whether a repaint
        was scheduled.  A quiet scene (no new event, nothing moving, last frame already quiet) is not."""
        s = self.scene
        changed = s.events_seen != self._seen_events or s.epoch != self._seen_epoch or speed != self.speed
        self._seen_events, self._seen_epoch = s.events_seen, s.epoch
        self.now_ns = now_ns
        self.speed = speed
        if changed or self._painted_busy or s.needs_frames(now_ns, speed):
            self.update()
            return True
        return False

    def needs_frames(self, now_ns: int | None = None) -> bool:
        """Whether the map still needs frames at ``now_ns`` (default: its clock): something animates, events
        arrived that it has not shown, or its last frame was drawn mid-animation.  False: stop the timer."""
        s = self.scene
        now = self.now_ns if now_ns is None else now_ns
        return (s.events_seen != self._seen_events or s.epoch != self._seen_epoch or self._painted_busy
                or s.needs_frames(now, self.speed))

    # -- layout --
    @property
    def is_grid(self) -> bool:
        """Whether the map shows the grid (more than DETAIL_MAX nodes) rather than the rings."""
        return len(self.scene.nodes) > DETAIL_MAX

    def _map_height(self) -> float:
        return self.height() - self.chrome.legend_geometry()[4]  # the legend strip is not map

    def _header_top(self, n_lines: int) -> float:
        return self.chrome.header_box(["x"] * n_lines)[0].bottom() + 4

    def _grid_lines(self, ready: tuple[int, int] = (0, 0)) -> list[str]:
        s = self.scene
        c = s.state_counts()
        g = self.grid.geom
        cut = g is not None and g.capacity < g.requested
        first = (self.tr("fds from {fd} up are not drawn: the map is too small").format(fd=g.capacity) if cut
                 else self.tr("{n} sockets, one cell per fd; each row starts at the fd on its left; hover a cell")
                 .format(n=len(s.shown_by_fd)))
        more = "+" if self.grid.pulses_capped else ""  # only the newest pulses are animated
        second = self.tr("ready now: READ {r} · WRITE {w}   paused {paused}   half-closed {half}").format(
            r=f"{ready[0]}{more}", w=f"{ready[1]}{more}", paused=c[PAUSED], half=c[HALF_CLOSED])
        return self.chrome.header_lines([first, second], paused_note=True)

    def _layout_grid(self) -> None:
        n_lines = len(self._grid_lines())
        self.grid.layout(self.width(), self._map_height(), self._header_top(n_lines))

    def node_items(self, now_ns: int | None = None) -> list[NodeItem]:
        """Every node on screen at ``now_ns`` (default: the map's clock): position, radius, opacity."""
        now = self.now_ns if now_ns is None else now_ns
        speed = self.speed
        if not self.is_grid:
            self.ring.layout(self.width(), int(self._map_height()))
            return self.ring.items(now, speed)
        self._layout_grid()
        g = self.grid.geom
        half = g.side / 2.0
        out = []
        for n in self.scene.shown_by_fd.values():
            c = g.center(n.fd)
            alpha = n.opacity(now, speed)
            if c is not None and alpha > 0.0:
                out.append(NodeItem(n, c[0], c[1], half, alpha, n.display_state(now, speed)))
        return out

    def node_at(self, x: float, y: float) -> Node | None:
        """The node under the point (x, y), if any: O(1) on the grid (the cell under the point)."""
        if not self.is_grid:
            return self.ring.node_at(self.node_items(), x, y)
        self._layout_grid()
        i = self.grid.geom.index_at(x, y)
        n = self.scene.shown_by_fd.get(i) if i is not None else None
        return n if n is not None and n.opacity(self.now_ns, self.speed) > 0.0 else None

    @Slot(int)
    def select_fd(self, fd: int | None) -> None:
        """Mark ``fd``'s node so the eye finds it (None or a negative fd, as the log's "all": no mark), e.g.
        connected to the event log's fd filter."""
        if fd is not None and fd < 0:
            fd = None
        if fd != self.selected_fd:
            self.selected_fd = fd
            self.update()

    def label_rects(self) -> list[QRectF]:
        """The boxes of every text the last paint drew (header, listener, legend, row and node labels)."""
        return list(self._labels)

    # -- painting --
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        try:
            self.paint(p)
        finally:
            p.end()

    def paint(self, p: QPainter) -> None:
        """Paint the whole map with ``p`` (also used to render into a QImage in tests and benchmarks)."""
        placer = LabelPlacer()
        if self.is_grid:
            self._layout_grid()
            pulses, flights = self.grid.paint(p, placer)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self.chrome.paint_header(p, self._grid_lines(self.grid.last_ready), placer)
            n = len(self.scene.shown_by_fd)
            labels = self.grid.row_labels + list(self.grid.cell_labels.values())
        else:
            n, pulses, flights = self._paint_ring(p, placer)
            labels = []
            if self.show_legend:  # drawn in the backdrop (the grid has it in its static layer)
                placer.add(self.chrome.legend_box())
        self._labels = placer.labels + labels
        self._painted_busy = self.scene.needs_frames(self.now_ns, self.speed)
        self.last_paint = {"nodes": n, "layout": "grid" if self.is_grid else "ring", "detailed": not self.is_grid,
                           "pulses": pulses, "flights": flights}

    def _paint_ring(self, p: QPainter, placer: LabelPlacer) -> tuple[int, int, int]:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.scene.take_dirty_fds()  # the rings are drawn in full every frame ...
        self.grid.invalidate()       # ... so the grid's cells miss these changes: redraw it in full next time
        ring = self.ring
        map_h = self._map_height()
        ring.layout(self.width(), int(map_h))
        items = ring.items(self.now_ns, self.speed)
        lines = self.chrome.header_lines([])
        header = self.chrome.header_box(lines)[0]
        placer.add(header)
        c, r = ring.center, ring.listener_r
        placer.add(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r + self._font_height + 6), label=False)
        if self.show_legend:
            placer.add(QRectF(0, map_h, self.width(), self.height() - map_h), label=False)
        pulses, flights = ring.paint(p, items, placer, header)  # all but the header
        self.chrome.paint_header(p, lines, None)
        return len(items), pulses, flights

    # -- interaction --
    def tooltip_text(self, node: Node) -> str:
        """The hover text of a node: fd, peer, bytes, buffered, state, events."""
        state = node.state + (f" ({node.reason})" if node.reason else "")
        return self.tr(
            "<b>fd {fd}</b> · {peer}<br>state: {state}<br>bytes in: {bin} · out: {bout}<br>"
            "buffered: {buf}<br>events: {ev}"
        ).format(fd=node.fd, peer=node.peer, state=state, bin=human_bytes(node.bytes_in),
                 bout=human_bytes(node.bytes_out), buf=human_bytes(node.buffered), ev=node.events)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            pos = e.pos()
            node = self.node_at(pos.x(), pos.y())
            if node is not None:
                QToolTip.showText(e.globalPos(), self.tooltip_text(node), self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def mouseMoveEvent(self, e) -> None:  # noqa: N802 - Qt name
        pos = e.position()
        node = self.node_at(pos.x(), pos.y()) if self.is_grid else None
        fd = node.fd if node is not None else None
        if fd != self.hover_fd:
            self.hover_fd = fd
            self.update()
        super().mouseMoveEvent(e)

    def leaveEvent(self, e) -> None:  # noqa: N802 - Qt name
        if self.hover_fd is not None:
            self.hover_fd = None
            self.update()
        super().leaveEvent(e)

    def hideEvent(self, e) -> None:  # noqa: N802 - Qt name
        self._painted_busy = False  # nothing on screen waits for its animation to finish
        super().hideEvent(e)

    def mousePressEvent(self, e) -> None:  # noqa: N802 - Qt name
        pos = e.position()
        node = self.node_at(pos.x(), pos.y())
        if e.button() == Qt.MouseButton.LeftButton:
            self.select_fd(node.fd if node is not None else None)
            if node is not None:
                self.node_clicked.emit(node.fd)
        super().mousePressEvent(e)
