"""The polling side of the clicks lab: the scan sweeping over the device registers, the handler that stops it,
the clicks lost meanwhile, a timeline of the last seconds, and the polling thread's CPU.

It paints a :class:`evsim.core.clicks.scene.PollingScene`; everything drawn comes from the thread's events
(the scan position is a sample of the real position, at most ~60 a second).
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from evsim.core.clicks.scene import LOST_FLASH_NS, PollingScene
from evsim.gui.labs.clicks.style import (
    BG, IDLE, LANE, LATCHED, LOST, POLLING_COLOR, RUNNING, SCAN, TEXT, TEXT_DIM, draw_card, draw_code,
    draw_legend, draw_meter, draw_token, elide, fmt_duration, fmt_rate, font, with_alpha,
)
from evsim.gui.labs.clicks.timeline import draw_timeline, timeline_window

__all__ = ["ClicksPollingView"]


class ClicksPollingView(QWidget):
    """Registers, scan cursor, inline handler, lost clicks, timeline, CPU."""

    def __init__(self, scene: PollingScene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self._now = time.monotonic_ns()
        self.setMinimumSize(330, 360)  # two side by side beside the controls fit a 1024 px window
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(self.tr("A thread reads every device's register in turn, forever, and runs the "
                                "handler of any click it finds before it reads on."))

    def frame(self, now_ns: int) -> None:
        self._now = now_ns
        self.update()

    def _device_name(self, d: int) -> str:
        if d == 0:
            return self.tr("mouse") if self.scene.devices > 1 else self.tr("mouse + keys")
        if d == 1:
            return self.tr("keyboard")
        return self.tr("device {n}").format(n=d)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt name
        s = self.scene
        now = self._now
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BG)
        card = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        draw_card(p, card, POLLING_COLOR)
        base = self.font()
        x0, x1 = card.left() + 12, card.right() - 12
        width = x1 - x0
        running = s.in_handler

        # -- header -------------------------------------------------------------------------------------
        y = card.top() + 10
        p.setFont(font(base, 12, bold=True))
        p.setPen(POLLING_COLOR)
        p.drawText(QRectF(x0, y, width, 22), Qt.AlignmentFlag.AlignLeft, self.tr("Polling thread"))
        p.setPen(TEXT)
        p.drawText(QRectF(x0, y, width, 22), Qt.AlignmentFlag.AlignRight,
                   self.tr("CPU {pct:.0f}%").format(pct=s.cpu_now))
        y += 24
        p.setFont(font(base, 9))
        if running is not None:
            state = self.tr("inside {handler}(#{id}), asleep (no CPU): nothing is scanned until it returns").format(
                handler=running.handler, id=running.id)
        elif s.interval_ms > 0:
            state = self.tr("scans {n} device(s), then sleeps {ms:g} ms").format(n=s.devices, ms=s.interval_ms)
        else:
            state = self.tr("spinning: {rate} sweeps/s over {n} device(s), with nothing to find").format(
                n=s.devices, rate=fmt_rate(s.sweeps_per_s))
        p.setPen(TEXT)
        p.drawText(QPointF(x0, y + 12), elide(p, state, width))
        y += 20
        p.setFont(font(base, 8.5, mono=True))
        sleep = (f"time.sleep({s.interval_ms / 1000:g})", self.tr("between sweeps")) if s.interval_ms > 0 else \
            ("pass", self.tr("no sleep: spin"))
        y = draw_code(p, x0, y, [
            ("while True:", ""),
            ("    for dev in devices:", self.tr("{us:g} µs each").format(us=s.scan_us)),
            ("        if c := dev.read(): handler(c)", self.tr("inline")),
            ("    " + sleep[0], sleep[1]),
        ], width, TEXT_DIM)
        y += 6

        # -- registers ----------------------------------------------------------------------------------
        regs_top = y + 16
        big_n = min(s.devices, 2)
        box_w, box_h = min(120.0, (width - 16) / 3.2), 54.0
        boxes = {d: QRectF(x0 + d * (box_w + 10), regs_top, box_w, box_h) for d in range(big_n)}
        rest = s.devices - big_n
        cells: dict[int, QRectF] = {}
        p.setFont(font(base, 8))
        if rest > 0:
            gx0 = x0 + big_n * (box_w + 10) + 6
            gw, gh = x1 - gx0, box_h
            cell = min(22.0, math.sqrt(gw * gh / rest))
            while cell > 3 and math.floor(gw / cell) * math.floor(gh / cell) < rest:
                cell -= 0.5
            cols = max(1, math.floor(gw / cell))
            pad = 2 if cell > 6 else 1
            for i in range(rest):
                r, c = divmod(i, cols)
                cells[big_n + i] = QRectF(gx0 + c * cell, regs_top + r * cell, cell - pad, cell - pad)
            p.setPen(TEXT_DIM)
            p.drawText(QRectF(gx0, regs_top - 16, gw, 14), Qt.AlignmentFlag.AlignLeft,
                       elide(p, self.tr("+{n} devices nobody clicks").format(n=rest), gw))
        p.setPen(TEXT_DIM)
        for d, r in boxes.items():
            p.drawText(QRectF(r.left(), regs_top - 16, r.width(), 14), Qt.AlignmentFlag.AlignLeft,
                       elide(p, self._device_name(d), r.width()))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(IDLE)
        for r in cells.values():
            p.drawRoundedRect(r, 2, 2)
        for d, r in boxes.items():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(LANE)
            p.drawRoundedRect(r, 6, 6)
            tok = s.registers.get(d)
            if tok is not None:
                draw_token(p, r.adjusted(7, 7, -7, -7), LATCHED, f"#{tok.id}",
                           self.tr("waiting {t}").format(t=fmt_duration(now - tok.t_input)))
            else:
                p.setPen(TEXT_DIM)
                p.setFont(font(base, 8))
                p.drawText(r, Qt.AlignmentFlag.AlignCenter, self.tr("empty"))
        for m in s.recent_lost(now):  # a lost click flashes on the register that lost it
            r = boxes.get(m.device) or cells.get(m.device)
            if r is None:
                continue
            f = (now - m.t) / LOST_FLASH_NS
            pulse = 0.5 + 0.5 * math.cos(f * 6 * math.pi)
            p.setPen(QPen(with_alpha(LOST, (1 - f) * (0.4 + 0.6 * pulse)), 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(r.adjusted(-2, -2, 2, 2), 7, 7)
        sr = boxes.get(s.scan_device) or cells.get(s.scan_device)
        if sr is not None and s.scan_t:  # the scan cursor (dim while the handler holds the thread)
            alpha = 0.35 if running is not None else 1.0
            p.setPen(QPen(with_alpha(SCAN, alpha), 2.5))
            p.setBrush(with_alpha(SCAN, 0.12 * alpha))
            p.drawRoundedRect(sr.adjusted(-3, -3, 3, 3), 6, 6)
            p.setBrush(with_alpha(SCAN, alpha))
            p.setPen(Qt.PenStyle.NoPen)
            cx, by = sr.center().x(), sr.bottom() + 5
            p.drawPolygon([QPointF(cx, by), QPointF(cx - 6, by + 9), QPointF(cx + 6, by + 9)])
        y = regs_top + box_h + 16

        # -- the handler --------------------------------------------------------------------------------
        hr = QRectF(x0, y, width, 30)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(LANE)
        p.drawRoundedRect(hr, 6, 6)
        p.setFont(font(base, 9))
        if running is not None:
            elapsed = now - running.t_start
            total = s.handler_ms * 1e6
            frac = min(1.0, elapsed / total) if total > 0 else 1.0
            p.setBrush(with_alpha(RUNNING, 0.85))
            p.drawRoundedRect(QRectF(hr.left(), hr.top(), max(6.0, hr.width() * frac), hr.height()), 6, 6)
            p.setPen(TEXT if frac < 0.55 else BG)
            text = self.tr("{handler}(#{id}) running: {t} of {total}").format(
                handler=running.handler, id=running.id, t=fmt_duration(elapsed), total=fmt_duration(total))
        else:
            p.setPen(TEXT_DIM)
            text = self.tr("no handler running: the thread is looking for clicks")
            if s.last_finished is not None and now - s.last_finished[1] < 1_500_000_000:
                text = self.tr("#{id} handled; back to scanning").format(id=s.last_finished[0])
        p.drawText(hr.adjusted(10, 0, -10, 0), Qt.AlignmentFlag.AlignVCenter, elide(p, text, hr.width() - 20))
        y = hr.bottom() + 8

        # -- lost clicks --------------------------------------------------------------------------------
        p.setFont(font(base, 9, bold=True))
        p.setPen(LOST if s.stats.missed else TEXT_DIM)
        p.drawText(QRectF(x0, y, 70, 24), Qt.AlignmentFlag.AlignVCenter, self.tr("lost: {n}").format(n=s.stats.missed))
        tx = x0 + 74
        tw, gap = 42.0, 5.0
        fit = max(0, int((x1 - tx + gap) // (tw + gap)))
        lost = list(s.lost)[-fit:] if fit else []
        p.setFont(font(base, 8))
        for i, m in enumerate(lost):
            alpha = 1.0 if now - m.t < LOST_FLASH_NS else 0.45
            draw_token(p, QRectF(tx + i * (tw + gap), y + 1, tw, 22), LOST, f"#{m.id}", alpha=alpha)
        if not lost:
            p.setPen(TEXT_DIM)
            p.drawText(QRectF(tx, y, x1 - tx, 24), Qt.AlignmentFlag.AlignVCenter,
                       elide(p, self.tr("a click arriving while the register is full overwrites it"), x1 - tx))
        y += 32

        # -- bottom: legend, figures, CPU (anchored to the bottom), timeline in between ------------------
        p.setFont(font(base, 8))
        legend = [(SCAN, self.tr("scan")), (LATCHED, self.tr("latched click")),
                  (RUNNING, self.tr("handler running")), (LOST, self.tr("lost")), (IDLE, self.tr("device"))]
        lh = draw_legend(p, x0, 0, legend, x1, measure=True)
        ly = card.bottom() - 8 - lh
        draw_legend(p, x0, ly, legend, x1)
        fy = ly - 24
        st = s.stats
        p.setFont(font(base, 9))
        p.setPen(TEXT)
        figures = self.tr("sent {sent} · handled {handled} · lost {lost} · latency p95 {p95}").format(
            sent=st.sent, handled=st.handled, lost=st.missed,
            p95=fmt_duration(s.latency_p95_ns()) if st.started else "–")
        p.drawText(QPointF(x0, fy + 12), elide(p, figures, width))
        my = fy - 26
        draw_meter(p, QRectF(x0, my, width, 20), s.cpu_now / 100, POLLING_COLOR,
                   self.tr("poller CPU: {pct:.0f}% of one core (its own process)").format(pct=s.cpu_now))
        draw_timeline(p, QRectF(x0, y, width, my - 8 - y), s, now, timeline_window(s, now), LATCHED,
                      (self.tr("clicks"), self.tr("handler"), self.tr("now")))
        p.end()
