"""The 楷体 face of Chinese verbs in the editor's preview (issue 15, point 7).

The PDF sets Chinese leading verbs in AR PL UKai CN (:func:`briefdesk.core.render.fonts.kai_markup`);
the preview uses the same shipped file, registered with Qt's application fonts with the others
(:func:`briefdesk.gui.fonts.face_family`).  Characters the
subset lacks fall back, through Qt, to the regular face.  Where the file cannot be loaded the
verb is set in bold (never in a synthesised italic, which Chinese does not use).
"""

from __future__ import annotations

from html import escape

from ...core.fontfiles import KAI
from ..fonts import face_family


def kai_family() -> str:
    """The Qt family name of the shipped 楷体 face, or ``""`` when it cannot be loaded."""
    return face_family(KAI)


def chinese_verb_html(escaped: str) -> str:
    """``escaped`` (HTML-escaped verb text) in the 楷体 face, or bold without it."""
    family = kai_family()
    if not family:
        return f"<b>{escaped}</b>"
    return f"<span style=\"font-family:'{escape(family)}'\">{escaped}</span>"
