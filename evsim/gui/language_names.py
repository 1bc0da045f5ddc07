"""The languages the window speaks, by name; no Qt here, so the command line can check ``--lang`` cheaply."""

from __future__ import annotations

#: The choices of View > Language, in menu order.  "system" follows the desktop's locale.
CHOICES = ("system", "en", "zh_CN")
#: Each language's own name: a reader finds their language whatever the window speaks now.
NATIVE_NAMES = {"en": "English", "zh_CN": "简体中文"}


def normalize(choice: str | None) -> str:
    """'zh-CN', 'zh_cn', 'zh' -> 'zh_CN'; 'en_US' -> 'en'; 'system'/None/'' -> 'system'.

    Raises ValueError for a language evsim has no catalogue for.
    """
    if not choice or choice.lower() in ("system", "auto"):
        return "system"
    lang = choice.replace("-", "_").split(".")[0].lower()
    if lang == "en" or lang.startswith("en_") or lang in ("c", "posix"):
        return "en"
    if lang == "zh" or lang.startswith("zh_"):
        return "zh_CN"
    raise ValueError(f"no translation for {choice!r}; choose one of {', '.join(CHOICES)}")
