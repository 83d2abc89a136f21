"""The shipped fonts, registered with Qt so the window never depends on the machine's fonts.

The same files, in the same order, as the PDF export
(:data:`briefdesk.core.fontfiles.FONT_FILES`, open licences listed in
``resources/fonts/README.md``): Noto Serif for Latin, Cyrillic and Greek,
Droid Sans Fallback for Chinese, Noto Naskh Arabic for Arabic, then the
fallback faces.  A machine without any CJK font still shows Chinese, and
Chinese punctuation (、，。) is drawn in the Simplified Chinese position
rather than by whatever fallback the system happens to pick.
"""

from __future__ import annotations

import logging

from ..core.fontfiles import FONT_FILES
from ..core.resources import resource_path
from .qt import QApplication, QFont, QFontDatabase

log = logging.getLogger(__name__)

_families: list[str] = []
#: file name → the family names it declares (filled by :func:`install_fonts`)
_file_families: dict[str, list[str]] = {}


def install_fonts() -> list[str]:
    """Register every shipped font with Qt (idempotent; needs a QGuiApplication).

    Returns the family names the files declare, in fallback order for mixed
    text, and adds the non-Latin ones to the interface font as fallbacks.
    """
    if _families:
        return _families
    for file_name in dict.fromkeys(FONT_FILES.values()):
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", file_name)))
        if font_id < 0:
            log.warning("font %s could not be registered", file_name)
            continue
        _file_families[file_name] = QFontDatabase.applicationFontFamilies(font_id)
        for family in _file_families[file_name]:
            if family not in _families:
                _families.append(family)
    app = QApplication.instance()
    if app is not None and _families:
        ui = app.font()
        ui.setFamilies([ui.family(), *_families[1:]])
        app.setFont(ui)
    return _families


def face_family(face: str) -> str:
    """The Qt family name of the shipped face ``face`` (a key of
    :data:`briefdesk.core.fontfiles.FONT_FILES`), registering the fonts first;
    ``""`` when its file could not be loaded."""
    install_fonts()
    families = _file_families.get(FONT_FILES[face])
    return families[0] if families else ""


#: the reading text's size when Preferences leave it to the system (points)
DEFAULT_TEXT_SIZE = 11.0
_text_size = DEFAULT_TEXT_SIZE


def set_text_size(points: float) -> None:
    """The size (points) :func:`document_font` gives from now on (Preferences, View › Zoom)."""
    global _text_size
    _text_size = float(points)


def text_size() -> float:
    """The reading text's size now (points)."""
    return _text_size


def document_font(point_size: float | None = None) -> QFont:
    """The font documents are shown in: the shipped serif with its CJK and Arabic fallbacks,
    at ``point_size`` (default: :func:`text_size`)."""
    font = QFont()
    font.setFamilies(install_fonts())
    font.setPointSizeF(point_size or _text_size)
    return font
