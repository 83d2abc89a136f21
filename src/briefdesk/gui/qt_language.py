"""Qt's own strings and formats in the interface language.

Widgets Qt builds itself (the calendar of a date field with its month menu, the
close and float buttons of a dock, the scroll buttons of a tab bar, the standard
buttons of message boxes) take their words from Qt's catalogue ``qtbase_<lang>.qm``
shipped with PySide6 and their month and day names from the default ``QLocale``.
:func:`apply_qt_language` sets both from the interface language in force
(:func:`briefdesk.core.i18n.current_language`).
"""

from __future__ import annotations

from ..core import i18n
from .qt import QApplication, QLibraryInfo, QLocale, QTranslator

_installed: QTranslator | None = None


def apply_qt_language() -> str:
    """Install Qt's catalogue and the default QLocale for the interface language (English: none);
    a no-op for the catalogue without a QApplication.  Returns the locale name set (``zh_CN``)."""
    global _installed
    language = i18n.current_language().split("_")[0]
    name = {"zh": "zh_CN"}.get(language, language)
    QLocale.setDefault(QLocale(name))
    app = QApplication.instance()
    if app is None:
        return name
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language != "en":
        translator = QTranslator(app)
        if translator.load(f"qtbase_{name}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            _installed = translator
    return name
