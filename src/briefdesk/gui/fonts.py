"""The shipped fonts, registered with Qt so the window never depends on the machine's fonts.

The same files as the PDF export (``resources/fonts``, open licences listed
in its README): Noto Serif for Latin, Cyrillic and Greek, Droid Sans
Fallback for Chinese, Noto Naskh Arabic for Arabic.  A machine without any
CJK font still shows Chinese, and Chinese punctuation (、，。) is drawn in
the Simplified Chinese position rather than by whatever fallback the
system happens to pick.
"""

from __future__ import annotations

import logging

from ..core.resources import resource_path
from .qt import QApplication, QFont, QFontDatabase

log = logging.getLogger(__name__)

#: Family names inside the shipped files, in fallback order for mixed text.
DOCUMENT_FAMILIES = ["Noto Serif", "Droid Sans Fallback", "Noto Naskh Arabic"]
_installed = False


def install_fonts() -> None:
    """Register every shipped font with Qt (idempotent; needs a QGuiApplication)."""
    global _installed
    if _installed:
        return
    for path in sorted(resource_path("fonts").glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("font %s could not be registered", path.name)
    _installed = True
    app = QApplication.instance()
    if app is not None:
        ui = app.font()
        ui.setFamilies([ui.family(), "Droid Sans Fallback", "Noto Naskh Arabic"])
        app.setFont(ui)


def document_font(point_size: float = 11.0) -> QFont:
    """The font documents are shown in: serif with the shipped CJK and Arabic fallbacks."""
    install_fonts()
    font = QFont()
    font.setFamilies(DOCUMENT_FAMILIES)
    font.setPointSizeF(point_size)
    return font
