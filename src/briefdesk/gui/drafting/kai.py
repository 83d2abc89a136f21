"""The 楷体 face of Chinese verbs in the editor's preview (issue 15, point 7).

The PDF sets Chinese leading verbs in AR PL UKai CN (:func:`briefdesk.core.render.fonts.kai_markup`);
the preview uses the same shipped file, added to Qt's application fonts once.  Characters the
subset lacks fall back, through Qt, to the regular face.  Where the file cannot be loaded the
verb is set in bold (never in a synthesised italic, which Chinese does not use).
"""

from __future__ import annotations

from html import escape

from ...core.fontfiles import FONT_FILES, KAI
from ...core.resources import resource_path
from ..qt import QFontDatabase

_family: list[str] = []


def kai_family() -> str:
    """The Qt family name of the shipped 楷体 face, or ``""`` when it cannot be loaded."""
    if not _family:
        fid = QFontDatabase.addApplicationFont(str(resource_path("fonts", FONT_FILES[KAI])))
        families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
        _family.append(families[0] if families else "")
    return _family[0]


def chinese_verb_html(escaped: str) -> str:
    """``escaped`` (HTML-escaped verb text) in the 楷体 face, or bold without it."""
    family = kai_family()
    if not family:
        return f"<b>{escaped}</b>"
    return f"<span style=\"font-family:'{escape(family)}'\">{escaped}</span>"
