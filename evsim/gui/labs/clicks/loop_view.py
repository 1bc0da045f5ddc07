"""The event-loop side of the clicks lab: the queue as a strip of tokens moving into the loop, the handler(s)
running now, each click's wait, a timeline of the last seconds, and the loop thread's CPU.

It paints a :class:`evsim.core.clicks.scene.LoopScene`.  Token motion is a pure function of (event time, now):
a token slides in from the tail when it is queued and flies into the loop when it is taken out.
"""

from __future__ import annotations

import time
from itertools import islice

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from evsim.core.clicks.scene import LoopScene
from evsim.gui.labs.clicks.style import (
    BG, IDLE, LANE, LOOP_COLOR, LOST, QUEUED, RUNNING, TEXT, TEXT_DIM, draw_card, draw_code, draw_legend,
    draw_meter, draw_token, elide, fmt_duration, font, with_alpha,
)
from evsim.gui.labs.clicks.timeline import draw_timeline, timeline_window

__all__ = ["ClicksLoopView"]

SLIDE_NS = 300_000_000


def _ease(f: float) -> float:
    f = max(0.0, min(1.0, f))
    return 1 - (1 - f) ** 3


class ClicksLoopView(QWidget):
    """Queue strip, loop, handler slots, waits, timeline, CPU."""

    def __init__(self, scene: LoopScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self._now = time.monotonic_ns()
        self.animation_speed = 1.0
        self.setMinimumSize(330, 360)  # two side by side beside the controls fit a 1024 px window
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(self.tr("Each input becomes a message in the queue; one loop thread takes them out "
                                "in order and calls the handler each one carries."))

    def frame(self, now_ns: int) -> None:
        self._now = now_ns
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt name
        s = self.scene
        now = self._now
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BG)
        card = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        draw_card(p, card, LOOP_COLOR)
        base = self.font()
        x0, x1 = card.left() + 12, card.right() - 12
        width = x1 - x0
        running = sorted(s.running.values(), key=lambda r: r.t_start)
        n_queued = len(s.queue)
        queued = list(islice(s.queue.values(), 64))  # the strip never shows more than a few dozen

        # -- header -------------------------------------------------------------------------------------
        y = card.top() + 10
        p.setFont(font(base, 12, bold=True))
        p.setPen(LOOP_COLOR)
        p.drawText(QRectF(x0, y, width, 22), Qt.AlignmentFlag.AlignLeft, self.tr("Event loop"))
        p.setPen(TEXT)
        p.drawText(QRectF(x0, y, width, 22), Qt.AlignmentFlag.AlignRight,
                   self.tr("CPU {pct:.0f}%").format(pct=s.cpu_now))
        y += 24
        p.setFont(font(base, 9))
        if s.offload and running:
            state = self.tr("{n} handler(s) on the worker pool; the loop is free for the next message").format(
                n=len(running))
        elif running:
            state = self.tr("inside {handler}(#{id}), asleep (no CPU); {n} message(s) wait their turn").format(
                handler=running[0].handler, id=running[0].id, n=n_queued)
        elif s.idle_since is not None:
            state = self.tr("blocked in queue.get() for {t}: no CPU until a message arrives").format(
                t=fmt_duration(now - s.idle_since))
        else:
            state = self.tr("taking the next message")
        p.setPen(TEXT)
        p.drawText(QPointF(x0, y + 12), elide(p, state, width))
        y += 20
        p.setFont(font(base, 8.5, mono=True))
        dispatch = ("    pool.submit(msg.handler, msg)", self.tr("a worker runs it")) if s.offload else \
            ("    msg.handler(msg)", self.tr("on_click, on_key_down..."))
        y = draw_code(p, x0, y, [
            ("while True:", ""),
            ("    msg = queue.get()", self.tr("blocks: no CPU while empty")),
            dispatch,
        ], width, TEXT_DIM)
        y += 6

        # -- the queue strip and the loop ---------------------------------------------------------------
        lane_top = y + 16
        lane_h = 54.0
        loop_c = QPointF(x0 + 28, lane_top + lane_h / 2)
        loop_r = 25.0
        lane = QRectF(x0 + 66, lane_top, x1 - (x0 + 66), lane_h)
        p.setFont(font(base, 8))
        p.setPen(TEXT_DIM)
        cap = self.tr("queue: {n} waiting").format(n=n_queued)
        if queued:
            cap += self.tr(", oldest {t}").format(t=fmt_duration(now - queued[0].t_input))
        cap += self.tr("  (oldest first)")
        p.drawText(QRectF(lane.left(), lane_top - 16, lane.width(), 14), Qt.AlignmentFlag.AlignLeft,
                   elide(p, cap, lane.width()))
        p.drawText(QRectF(x0, lane_top - 16, 60, 14), Qt.AlignmentFlag.AlignLeft, self.tr("loop"))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(LANE)
        p.drawRoundedRect(lane, 8, 8)
        # the loop: a circular arrow, green while a handler holds it, grey while blocked in get()
        busy = bool(running) and not s.offload
        ring = RUNNING if busy else (LOOP_COLOR if s.idle_since is None else IDLE)
        p.setPen(QPen(ring, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.setBrush(Qt.BrushStyle.NoBrush)
        arc = QRectF(loop_c.x() - loop_r, loop_c.y() - loop_r, 2 * loop_r, 2 * loop_r)
        p.drawArc(arc, 30 * 16, 300 * 16)
        head = QPointF(loop_c.x() + loop_r * 0.866, loop_c.y() - loop_r * 0.5)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ring)
        p.drawPolygon([head + QPointF(-7, -4), head + QPointF(5, -6), head + QPointF(1, 6)])
        p.setPen(TEXT)
        p.setFont(font(base, 8, bold=True))
        p.drawText(arc, Qt.AlignmentFlag.AlignCenter,
                   self.tr("busy") if busy else (self.tr("get()") if s.idle_since is not None else self.tr("next")))
        tw, gap = 60.0, 6.0
        fit = max(1, int((lane.width() - 8 + gap) // (tw + gap)))
        shown = queued if n_queued <= fit else queued[: fit - 1]
        p.setFont(font(base, 8.5))
        for i, tok in enumerate(shown):  # oldest at the head, on the left
            target = lane.left() + 4 + i * (tw + gap)
            f = _ease((now - tok.t_held) * self.animation_speed / SLIDE_NS)
            x = target + (lane.right() - tw - 4 - target) * (1 - f)
            draw_token(p, QRectF(x, lane.top() + 5, tw, lane_h - 10), QUEUED, f"#{tok.id}",
                       fmt_duration(now - tok.t_input))
        if n_queued > len(shown):
            r = QRectF(lane.left() + 4 + len(shown) * (tw + gap), lane.top() + 5, tw, lane_h - 10)
            draw_token(p, r, with_alpha(QUEUED, 0.5), self.tr("+{n}").format(n=n_queued - len(shown)),
                       self.tr("more"))
        if not queued:
            p.setPen(TEXT_DIM)
            p.setFont(font(base, 8.5))
            p.drawText(lane.adjusted(12, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter,
                       elide(p, self.tr("empty: every click so far has been taken"), lane.width() - 20))
        y = lane.bottom() + 10

        # -- handlers -----------------------------------------------------------------------------------
        p.setFont(font(base, 9))
        total = s.handler_ms * 1e6
        if not s.offload:
            slots = [(QRectF(x0, y, width, 30), running[0] if running else None)]
            y += 38
        else:
            row_h, rows = 18.0, max(1, min(len(running), 3))
            slots = [(QRectF(x0, y + i * (row_h + 3), width, row_h), running[i] if i < len(running) else None)
                     for i in range(rows)]
            y += rows * (row_h + 3) + 5
        for r, run in slots:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(LANE)
            p.drawRoundedRect(r, 6, 6)
            if run is None:
                p.setPen(TEXT_DIM)
                text = self.tr("no handler running")
            else:
                elapsed = now - run.t_start
                frac = min(1.0, elapsed / total) if total > 0 else 1.0
                p.setBrush(with_alpha(RUNNING, 0.85))
                p.drawRoundedRect(QRectF(r.left(), r.top(), max(6.0, r.width() * frac), r.height()), 6, 6)
                p.setPen(TEXT if frac < 0.6 else BG)
                text = self.tr("{handler}(#{id}) waited {wait}, running {t} of {total}").format(
                    handler=run.handler, id=run.id, wait=fmt_duration(run.latency_ns), t=fmt_duration(elapsed),
                    total=fmt_duration(total))
                if s.offload:
                    text = self.tr("worker {w}: {text}").format(w=run.worker.rsplit("_", 1)[-1], text=text)
            p.drawText(r.adjusted(10, 0, -10, 0), Qt.AlignmentFlag.AlignVCenter, elide(p, text, r.width() - 20))
        if s.offload and len(running) > len(slots):
            p.setPen(TEXT_DIM)
            p.setFont(font(base, 8))
            p.drawText(QPointF(x0, y + 8), self.tr("+{n} more handlers running").format(n=len(running) - len(slots)))
            y += 12
        for cid, f in s.flying(now):  # tokens just taken out of the queue, into the loop
            f = min(1.0, f * self.animation_speed)
            start = QPointF(lane.left() + 4 + tw / 2, lane.center().y())
            path = QPainterPath(start)
            path.quadTo(QPointF(loop_c.x() + loop_r * 1.5, lane.top() - 6), loop_c)
            pt = path.pointAtPercent(_ease(f))
            draw_token(p, QRectF(pt.x() - 20, pt.y() - 10, 40, 20), RUNNING, f"#{cid}", alpha=1 - 0.7 * f)

        # -- waits --------------------------------------------------------------------------------------
        p.setFont(font(base, 9, bold=True))
        p.setPen(TEXT_DIM)
        p.drawText(QRectF(x0, y, 70, 24), Qt.AlignmentFlag.AlignVCenter, self.tr("waited:"))
        p.setFont(font(base, 9))
        waited = list(s.waited)[-3:][::-1]
        if waited:
            text = "   ".join(self.tr("#{id} {t}").format(id=w.id, t=fmt_duration(w.wait_ns)) for w in waited)
            p.setPen(TEXT)
        else:
            text = self.tr("each click's time in the queue, when the loop takes it")
        p.drawText(QRectF(x0 + 74, y, x1 - x0 - 74, 24), Qt.AlignmentFlag.AlignVCenter,
                   elide(p, text, x1 - x0 - 74))
        y += 32

        # -- bottom: legend, figures, CPU (anchored to the bottom), timeline in between ------------------
        p.setFont(font(base, 8))
        legend = [(QUEUED, self.tr("message in the queue")), (RUNNING, self.tr("handler running")),
                  (IDLE, self.tr("loop blocked, no CPU")), (LOST, self.tr("lost (queue full)"))]
        lh = draw_legend(p, x0, 0, legend, x1, measure=True)
        ly = card.bottom() - 8 - lh
        draw_legend(p, x0, ly, legend, x1)
        fy = ly - 24
        st = s.stats
        longest = max(st.max_wait_ns, st.oldest_wait_ns(now))
        p.setFont(font(base, 9))
        p.setPen(TEXT)
        figures = self.tr("sent {sent} · handled {handled} · lost {lost} · longest wait {w}").format(
            sent=st.sent, handled=st.handled, lost=st.missed, w=fmt_duration(longest) if st.sent else "–")
        p.drawText(QPointF(x0, fy + 12), elide(p, figures, width))
        my = fy - 26
        draw_meter(p, QRectF(x0, my, width, 20), s.cpu_now / 100, LOOP_COLOR,
                   self.tr("loop thread CPU: {pct:.0f}% of one core").format(pct=s.cpu_now))
        draw_timeline(p, QRectF(x0, y, width, my - 8 - y), s, now, timeline_window(s, now), QUEUED,
                      (self.tr("clicks"), self.tr("handlers") if s.offload else self.tr("handler"), self.tr("now")))
        p.end()
