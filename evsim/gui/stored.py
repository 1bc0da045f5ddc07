"""Reading remembered settings safely: a hand-edited or stale value falls back to the default."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from PySide6.QtCore import QSettings

__all__ = ["settings_getter"]


def settings_getter(prefix: str, defaults: Mapping[str, Any]) -> Callable[[str, Callable], Any]:
    """``get(key, cast)``: the value stored under ``prefix/key`` cast with ``cast`` ("true"/"1"/"yes" for bool),
    or ``defaults[key]`` when it is missing or cannot be cast."""
    s = QSettings()

    def get(key: str, cast: Callable) -> Any:
        try:
            v = s.value(f"{prefix}/{key}", defaults[key])
            if cast is bool and isinstance(v, str):
                return v.lower() in ("1", "true", "yes")
            return cast(v)
        except (TypeError, ValueError):
            return defaults[key]

    return get
