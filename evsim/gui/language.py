"""Which language the window speaks: the choice (System, English, 简体中文), remembered, and its translators.

evsim ships one catalogue, Simplified Chinese (``i18n/evsim_zh_CN.qm``, built from ``evsim_zh_CN.ts``); English
is the source text.  Qt's own dialogs and buttons (QFileDialog, QMessageBox, the line edits' context menus)
speak the same language through ``qtbase_<lang>.qm`` from PySide6's translations folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QFontDatabase

from evsim.gui.language_names import CHOICES, NATIVE_NAMES, normalize  # noqa: F401 - re-exported

I18N_DIR = Path(__file__).with_name("i18n")
SETTING = "window/language"


def system_language() -> str:
    """The language the desktop asks for ('en' or 'zh_CN'): the first of its UI languages evsim speaks.

    Any Chinese locale gets the Simplified Chinese catalogue (closer to a Traditional Chinese reader than
    English); a locale evsim has no catalogue for gets English.
    """
    for name in QLocale.system().uiLanguages():
        lang = name.replace("-", "_").lower()
        if lang.startswith("zh"):
            return "zh_CN"
        if lang.startswith("en") or lang in ("c", "posix"):
            return "en"
    return "en"


def resolve(choice: str) -> str:
    """A choice from :data:`CHOICES` -> the language to load ('en' or 'zh_CN')."""
    return system_language() if choice == "system" else choice


def remembered_choice() -> str:
    """View > Language as the user left it (needs the application's names set for QSettings)."""
    value = QSettings().value(SETTING, "system")
    try:
        return normalize(str(value))
    except ValueError:
        return "system"  # a hand-edited or future value: follow the desktop


def remember_choice(choice: str) -> None:
    QSettings().setValue(SETTING, choice)


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def has_cjk_font() -> bool:
    """Whether any installed font covers Simplified Chinese (else Chinese text renders as boxes)."""
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


class Translations:
    """The translators the application has installed for the current language; :meth:`use` switches.

    Installing or removing a translator makes Qt send ``QEvent.LanguageChange`` to every widget, which is
    how a view that paints its own text knows to drop what it cached.
    """

    def __init__(self) -> None:
        self.language = "en"
        self._installed: list[QTranslator] = []

    def use(self, language: str) -> bool:
        """Load ``language`` ('en' or 'zh_CN'); True if it changed.  A catalogue that cannot be loaded
        leaves English (the source text), never an empty window."""
        if language == self.language and (self._installed or language == "en"):
            return False
        app = QCoreApplication.instance()
        for t in self._installed:
            app.removeTranslator(t)
        self._installed = []
        if language != "en":
            ours = QTranslator(app)
            if ours.load(f"evsim_{language}", str(I18N_DIR)):
                self._installed.append(ours)
                qt = QTranslator(app)
                # Qt's dialogs and buttons; missing in a stripped-down Qt: then they stay English
                if qt.load(f"qtbase_{language}", qt_translations_dir()):
                    self._installed.append(qt)
            else:
                language = "en"
        for t in self._installed:
            app.installTranslator(t)
        changed = language != self.language
        self.language = language
        return changed
