"""Remembered settings that make a lab heavy (slow, CPU-hungry): named when the window opens, so a lab that
crawls or burns a core after a restart is not a silent surprise.  View > Reset this lab to defaults undoes
them.

Each rule reads some of a lab's QSettings keys (the ones its panel saves) and, when the remembered values
cross its threshold, says so in a few words; a key the lab does not save makes its rule silent.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from PySide6.QtCore import QCoreApplication, QSettings


class Rule(NamedTuple):
    keys: tuple[str, ...]                    #: QSettings keys, under the lab's group
    heavy: Callable[..., bool]               #: the values (floats) -> too heavy?
    words: Callable[[], str]                 #: the translated template, formatted with ``fields``
    fields: Callable[..., dict[str, str]]    #: the values -> the template's fields


#: lab -> its rules.  Each template is a literal translate() call, so lupdate finds it.
RULES: dict[str, tuple[Rule, ...]] = {
    "sockets": (
        Rule(("slowmo_ms",), lambda ms: ms >= 200,
             lambda: QCoreApplication.translate("HeavySettings", "slow motion {ms} ms per event"),
             lambda ms: {"ms": f"{ms:g}"}),
        Rule(("load_clients",), lambda n: n >= 500,
             lambda: QCoreApplication.translate("HeavySettings", "load of {n} clients"),
             lambda n: {"n": f"{n:g}"}),
    ),
    "clicks": (
        Rule(("devices", "scan_us"), lambda n, us: n * us >= 20_000,
             lambda: QCoreApplication.translate("HeavySettings", "{n} devices × {us} µs: each sweep takes {ms} ms"),
             lambda n, us: {"n": f"{n:g}", "us": f"{us:g}", "ms": f"{n * us / 1000:.0f}"}),
        Rule(("handler_ms",), lambda ms: ms >= 3000,
             lambda: QCoreApplication.translate("HeavySettings", "each handler blocks {s} s"),
             lambda ms: {"s": f"{ms / 1000:g}"}),
    ),
    "multiplex": (
        Rule(("fds",), lambda n: n >= 5000,
             lambda: QCoreApplication.translate("HeavySettings", "N = {n} watched sockets"),
             lambda n: {"n": f"{n:g}"}),
        Rule(("ready",), lambda k: k >= 1000,
             lambda: QCoreApplication.translate("HeavySettings", "K = {k} ready sockets"),
             lambda k: {"k": f"{k:g}"}),
    ),
    "iomodels": (
        Rule(("delay_ms",), lambda d: d >= 3000,
             lambda: QCoreApplication.translate("HeavySettings", "a delay of {s} s before each message"),
             lambda d: {"s": f"{d / 1000:g}"}),
        Rule(("size_kib",), lambda kib: kib >= 8192,
             lambda: QCoreApplication.translate("HeavySettings", "{mib} MiB messages"),
             lambda kib: {"mib": f"{kib / 1024:g}"}),
    ),
}


def _number(s: QSettings, key: str) -> float | None:
    v = s.value(key)
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def heavy_settings(lab_id: str, settings: QSettings | None = None) -> list[str]:
    """What in ``lab_id``'s remembered settings makes it heavy, in words (translated); [] if nothing."""
    s = settings if settings is not None else QSettings()
    out = []
    for rule in RULES.get(lab_id, ()):
        values = [_number(s, f"{lab_id}/{key}") for key in rule.keys]
        if None not in values and rule.heavy(*values):
            out.append(rule.words().format(**rule.fields(*values)))
    return out
