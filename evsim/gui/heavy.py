"""Remembered settings that make a lab heavy (slow, CPU-hungry): named when the window opens, so a lab that
crawls or burns a core after a restart is not a silent surprise.  View > Reset this lab to defaults undoes
them.

Each rule reads the lab's QSettings keys (the ones its panel saves) and, when the remembered value crosses
the threshold, describes it in a few words; a key the lab does not save makes its rule silent.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QSettings


def _num(s: QSettings, key: str) -> float | None:
    v = s.value(key)
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def _sockets(s: QSettings) -> list[str]:
    out = []
    ms = _num(s, "sockets/slowmo_ms")
    if ms is not None and ms >= 200:
        out.append(QCoreApplication.translate("HeavySettings", "slow motion {ms} ms per event").format(ms=f"{ms:g}"))
    n = _num(s, "sockets/load_clients")
    if n is not None and n >= 500:
        out.append(QCoreApplication.translate("HeavySettings", "load of {n} clients").format(n=f"{n:g}"))
    return out


def _clicks(s: QSettings) -> list[str]:
    out = []
    devices, scan_us = _num(s, "clicks/devices"), _num(s, "clicks/scan_us")
    if devices is not None and scan_us is not None and devices * scan_us >= 20_000:
        out.append(QCoreApplication.translate("HeavySettings", "{n} devices × {us} µs: each sweep takes {ms} ms").format(
            n=f"{devices:g}", us=f"{scan_us:g}", ms=f"{devices * scan_us / 1000:.0f}"))
    ms = _num(s, "clicks/handler_ms")
    if ms is not None and ms >= 3000:
        out.append(QCoreApplication.translate("HeavySettings", "each handler blocks {s} s").format(s=f"{ms / 1000:g}"))
    return out


def _multiplex(s: QSettings) -> list[str]:
    out = []
    n, k = _num(s, "multiplex/fds"), _num(s, "multiplex/ready")
    if n is not None and n >= 5000:
        out.append(QCoreApplication.translate("HeavySettings", "N = {n} watched sockets").format(n=f"{n:g}"))
    if k is not None and k >= 1000:
        out.append(QCoreApplication.translate("HeavySettings", "K = {k} ready sockets").format(k=f"{k:g}"))
    return out


def _iomodels(s: QSettings) -> list[str]:
    out = []
    d = _num(s, "iomodels/delay_ms")
    if d is not None and d >= 3000:
        out.append(QCoreApplication.translate("HeavySettings", "a delay of {s} s before each message").format(s=f"{d / 1000:g}"))
    size = _num(s, "iomodels/size_kib")
    if size is not None and size >= 8192:
        out.append(QCoreApplication.translate("HeavySettings", "{mib} MiB messages").format(mib=f"{size / 1024:g}"))
    return out


RULES: dict[str, Callable[[QSettings], list[str]]] = {
    "sockets": _sockets, "clicks": _clicks, "multiplex": _multiplex, "iomodels": _iomodels,
}


def heavy_settings(lab_id: str, settings: QSettings | None = None) -> list[str]:
    """What in ``lab_id``'s remembered settings makes it heavy, in words (translated); [] if nothing."""
    rule = RULES.get(lab_id)
    return rule(settings if settings is not None else QSettings()) if rule is not None else []
