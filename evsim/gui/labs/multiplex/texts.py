"""The multiplex lab's words: the explanation, the readout under the controls, the chart's title and what each
workload teaches.  Pure functions of the scene; translated in the panel's context ("Panel")."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

from evsim.core.multiplex.measure import BACKENDS
from evsim.gui.labs.multiplex.grid import compare_to_poll
from evsim.gui.labs.multiplex.scene import MultiplexScene

__all__ = ["explanation", "readout", "chart_title", "workload_note"]


def explanation() -> str:
    return QCoreApplication.translate(
        "Panel",
        "<b>What you are seeing.</b> Every cell is a real socket; yellow ones have a byte waiting. Each "
        "lane makes timeout-0 calls asking which sockets are readable, timed in a separate process.<br>"
        "<b>select</b> copies all N descriptors into the kernel and back on every call, then tests all N; "
        "a descriptor numbered 1024 or more (FD_SETSIZE) is refused: a ValueError, not a number.<br>"
        "<b>poll</b> has no such cap, but still hands over and scans the whole array: its cost grows with "
        "N, faster beyond the CPU caches.<br>"
        "<b>epoll</b> is told about the sockets once and returns only the K ready ones.<br>"
        "<b>epoll wins</b> with many idle sockets; with all ready (<i>busy</i>) its advantage vanishes, and "
        "when connections come and go (<i>churn</i>) each costs it two <tt>epoll_ctl</tt> calls, so with "
        "few sockets poll costs less. <tt>evsim bench --compare tlpi</tt> holds it against the book.")


def workload_note(workload: str) -> str:
    if workload == "busy":
        return QCoreApplication.translate(
            "Panel", "Every socket ready: epoll has as much to report as poll, and its advantage vanishes.")
    if workload == "churn":
        return QCoreApplication.translate(
            "Panel", "Connections come and go: each costs epoll two epoll_ctl calls, so with few sockets poll and "
                     "select cost less.")
    return QCoreApplication.translate(
        "Panel", "Many idle connections: epoll's cost follows K, poll's and select's follow N. This is where epoll "
                 "wins.")


def chart_title(from_sweep: bool, k: int, workload: str) -> str:
    if from_sweep:
        kind = QCoreApplication.translate("Panel", "sweep")
    else:
        kind = QCoreApplication.translate("Panel", "measured")
    if workload == "busy":
        ready = QCoreApplication.translate("Panel", "all N ready")
    else:
        ready = QCoreApplication.translate("Panel", "K = %1 ready").replace("%1", str(k))
    title = QCoreApplication.translate("Panel", "%1, workload %2, %3")
    return title.replace("%1", kind).replace("%2", workload).replace("%3", ready)


def readout(scene: MultiplexScene) -> str:
    """The latest medians at the shown N and K, epoll against poll (the lanes' words), poll per socket."""
    parts = []
    costs = {}
    for b in BACKENDS:
        lane = scene.lanes[b]
        if lane.error:
            parts.append(QCoreApplication.translate("Panel", "%1 refused").replace("%1", b))
        elif lane.cost is not None:
            costs[b] = lane.cost
            us = QCoreApplication.translate("Panel", "%1 %2 µs")
            parts.append(us.replace("%1", b).replace("%2", _fmt_us(lane.cost)))
    shape = (str(scene.n), str(scene.k))
    if not parts:
        text = QCoreApplication.translate("Panel", "<b>N = %1, K = %2</b>: not measured yet.")
        return text.replace("%1", shape[0]).replace("%2", shape[1])
    text = QCoreApplication.translate("Panel", "<b>N = %1, K = %2</b>, median per call: ")
    text = text.replace("%1", shape[0]).replace("%2", shape[1]) + ", ".join(parts) + "."
    vs = compare_to_poll(scene.ratio_to_poll("epoll"))
    if vs:  # the same words as the epoll lane
        text += " " + QCoreApplication.translate("Panel", "epoll: %1.").replace("%1", vs)
    if "poll" in costs:
        per = QCoreApplication.translate("Panel", "poll: %1 ns per watched socket.")
        text += " " + per.replace("%1", f"{costs['poll'] * 1000 / max(1, scene.n):.0f}")
    return text


def _fmt_us(v: float) -> str:
    if math.isnan(v):
        return "-"
    return f"{v:.2f}" if v < 10 else (f"{v:.1f}" if v < 100 else f"{v:.0f}")
