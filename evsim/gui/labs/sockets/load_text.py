"""The load's one-line summary: what it achieved, whether every byte came back right, and what limits it."""

from __future__ import annotations

from dataclasses import dataclass
from PySide6.QtCore import QObject

__all__ = ["LoadLimits", "LoadSummary", "bottleneck"]

#: A process using this much of one core is the limit (a Python process runs one thread at a time).
BUSY_PERCENT = 85.0


@dataclass(frozen=True)
class LoadLimits:
    """CPU (percent of one core) of the server process and of the clients process, and of the whole machine
    (summed over its cores); None when not measured."""

    server_cpu: float | None
    clients_cpu: float | None
    cores: int
    machine_cpu: float | None = None


def bottleneck(limits: LoadLimits, rate_limited: bool) -> str:
    """"server", "clients", "machine", "rate" or "latency": what limits the load now."""
    s, c = limits.server_cpu, limits.clients_cpu
    if s is not None and s >= BUSY_PERCENT and (c is None or s >= c):
        return "server"
    if c is not None and c >= BUSY_PERCENT:
        return "clients"
    m = limits.machine_cpu
    if m is not None and m >= BUSY_PERCENT * limits.cores:  # the window, other programs: every core is busy
        return "machine"
    return "rate" if rate_limited else "latency"


class LoadSummary(QObject):
    """Formats a LoadProgress result (a dict, as the clients process sends it) for the load panel."""

    def text(self, r: dict, running: bool, limits: LoadLimits) -> str:
        """``running: 50 connected · 1,234 requests · 617 req/s · p50 0.21 ms · p99 0.80 ms · every byte checked
        · limit: the server (98% of a core)``.  Figures with no samples read "n/a"."""
        head = self.tr("running") if running else self.tr("done")

        def ms(key: str) -> str:
            v = (r.get("latency_ms") or {}).get(key)
            return self.tr("n/a") if v is None or not r.get("requests") else f"{v:.2f} ms"

        line = self.tr("{head}: {n} connected · {req} requests · {rps} req/s · p50 {p50} · p99 {p99}").format(
            head=head, n=r.get("connected", 0), req=f"{r.get('requests', 0):,}",
            rps=f"{r.get('requests_per_s', 0):,.0f}", p50=ms("p50"), p99=ms("p99"))
        wrong, errors = r.get("integrity_errors", 0), r.get("errors", 0)
        incomplete, unanswered = r.get("incomplete", 0), r.get("unanswered", 0)
        problems = []
        if wrong:
            problems.append(self.tr("{n} wrong echoes").format(n=wrong))
        if incomplete:
            problems.append(self.tr("{n} incomplete").format(n=incomplete))
        if unanswered:
            problems.append(self.tr("{n} unanswered").format(n=unanswered))
        if errors:
            problems.append(self.tr("{n} connection errors").format(n=errors))
        if problems:
            line += " · " + ", ".join(problems)
        elif r.get("requests"):
            line += " · " + self.tr("every byte checked")
        elif not running:
            line += " · " + self.tr("no request completed")
        if running:
            which = bottleneck(limits, rate_limited=bool(r.get("rate")))
            pct = {"server": limits.server_cpu, "clients": limits.clients_cpu}.get(which)
            line += " · " + {
                "server": self.tr("limit: the server process ({pct:.0f}% of a core)"),
                "clients": self.tr("limit: the clients process ({pct:.0f}% of a core)"),
                "machine": self.tr("limit: the machine's {cores} cores are busy"),
                "rate": self.tr("limit: the request rate you asked for"),
                "latency": self.tr("limit: each connection waits for its echo"),
            }[which].format(pct=pct or 0.0, cores=limits.cores)
        return line
