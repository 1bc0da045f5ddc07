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
        "lane makes timeout-0 calls asking which sockets are readable, timed in a separate process, on this "
        "machine.<br>"
        "<b>select</b> copies all N descriptors into the kernel and back on every call, then tests all N. "
        "Any descriptor numbered 1024 or more (FD_SETSIZE) is refused: a ValueError, not a number.<br>"
        "<b>poll</b> has no such cap, but still hands over and scans the whole array: its cost grows with "
        "N.<br>"
        "<b>epoll</b> is told about the sockets once; the kernel keeps a ready list, so a call returns only "
        "the K ready ones: its cost follows K, not N.<br>"
        "<b>When epoll wins, and when not.</b> With many idle sockets (<i>idle</i>) it wins by orders of "
        "magnitude. With every socket ready (<i>busy</i>) it has as much to report as poll and its "
        "advantage vanishes. When connections come and go around every call (<i>churn</i>), each change "
        "costs epoll two <tt>epoll_ctl</tt> system calls, so with few sockets poll and select cost less.<br>"
        "<b>Why poll grows faster than N</b> at thousands of sockets: each call visits every socket's kernel "
        "structures, and beyond the CPU's caches each visit costs more. "
        "<tt>evsim bench --compare tlpi</tt> measures it (CPU per socket against this machine's caches) and "
        "holds the figures against the book (Kerrisk, TLPI, Table 63-9).<br>"
        "On screen, each scan lasts in proportion to its measured cost.")


def workload_note(workload: str) -> str:
    tr = QCoreApplication.translate
    if workload == "busy":
        return tr("Panel", "Every socket ready: epoll has as much to report as poll, and its advantage vanishes.")
    if workload == "churn":
        return tr("Panel", "Connections come and go: each costs epoll two epoll_ctl calls, so with few sockets "
                           "poll and select cost less.")
    return tr("Panel", "Many idle connections: epoll's cost follows K, poll's and select's follow N. This is "
                       "where epoll wins.")


def chart_title(from_sweep: bool, k: int, workload: str) -> str:
    tr = QCoreApplication.translate
    kind = tr("Panel", "sweep") if from_sweep else tr("Panel", "measured")
    ready = tr("Panel", "all N ready") if workload == "busy" else tr("Panel", "K = %1 ready").replace("%1", str(k))
    return tr("Panel", "%1, workload %2, %3").replace("%1", kind).replace("%2", workload).replace("%3", ready)


def readout(scene: MultiplexScene) -> str:
    """The latest medians at the shown N and K, epoll against poll (the lanes' words), poll per socket."""
    tr = QCoreApplication.translate
    parts = []
    costs = {}
    for b in BACKENDS:
        lane = scene.lanes[b]
        if lane.error:
            parts.append(tr("Panel", "%1 refused").replace("%1", b))
        elif lane.cost is not None:
            costs[b] = lane.cost
            parts.append(tr("Panel", "%1 %2 µs").replace("%1", b).replace("%2", _fmt_us(lane.cost)))
    if not parts:
        return tr("Panel", "<b>N = %1, K = %2</b>: not measured yet.").replace("%1", str(scene.n)).replace(
            "%2", str(scene.k))
    text = tr("Panel", "<b>N = %1, K = %2</b>, median per call: ").replace("%1", str(scene.n)).replace(
        "%2", str(scene.k)) + ", ".join(parts) + "."
    vs = compare_to_poll(scene.ratio_to_poll("epoll"))
    if vs:
        text += " " + tr("Panel", "epoll: %1.").replace("%1", vs)  # the same words as the epoll lane
    if "poll" in costs:
        text += " " + tr("Panel", "poll: %1 ns per watched socket.").replace(
            "%1", f"{costs['poll'] * 1000 / max(1, scene.n):.0f}")
    return text


def _fmt_us(v: float) -> str:
    if math.isnan(v):
        return "-"
    return f"{v:.2f}" if v < 10 else (f"{v:.1f}" if v < 100 else f"{v:.0f}")
