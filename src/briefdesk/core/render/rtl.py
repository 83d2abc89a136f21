"""Arabic in PDF export: contextual shaping and right-to-left line order.

ReportLab (5.1 here) draws glyphs in the order of the string and looks up each
character's glyph in the font's ``cmap`` only; it neither joins Arabic
letters nor reorders right-to-left text.  Its own support
(``ParagraphStyle(wordWrap="RTL", shaping=1)``) needs two optional native
packages, ``rlbidi`` (ReportLab's FriBidi wrapper) and ``uharfbuzz``;
``reportlab.pdfgen.textobject.rtlSupport`` is ``False`` without them and
BriefDesk does not depend on them.  So BriefDesk does it in two steps with
well-kept pure-Python libraries:

1. **Shaping** (:func:`shape`), in logical order, before ReportLab measures
   and wraps: ``arabic-reshaper`` replaces each letter by its isolated,
   initial, medial or final presentation form (Unicode Arabic
   Presentation Forms-B, U+FE70–U+FEFF, all present in Noto Naskh Arabic)
   and forms the mandatory lam-alef ligatures.  Widths are measured on the
   shaped glyphs, so lines break where the printed words really end.
   Harakat (vowel marks) are dropped by arabic-reshaper's default
   configuration: without GPOS mark positioning ReportLab would print them
   beside the letter instead of above it; UN texts rarely carry them.
2. **Reordering per wrapped line** (:func:`visual_runs`), at draw time,
   after ReportLab has broken the paragraph into lines in logical order:
   the Unicode Bidirectional Algorithm (UAX #9, paragraph level RTL) runs
   over each whole line with ``python-bidi`` and the line's runs (one per
   font change) are cut again from the reordered characters, so digits and
   Latin words inside Arabic keep left-to-right order.  Reordering the whole
   paragraph before wrapping would put its last line first.  The
   pure-Python ``bidi.algorithm.get_display`` is used because the Rust
   ``bidi.get_display`` of python-bidi 0.6 does not mirror brackets (rule
   L4; measured: ``"(د-3)"`` came out with its parentheses facing outwards).

Known limits: there is no kashida justification (Arabic paragraphs are set
right-aligned, ragged left).
"""

from __future__ import annotations

import re
from typing import Sequence, TypeVar

import arabic_reshaper
import bidi.algorithm as _bidi
from bidi.algorithm import get_display  # applies UAX #9 rule L4 (mirrored brackets)
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

T = TypeVar("T")

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_RESHAPER = arabic_reshaper.ArabicReshaper()


def has_arabic(text: str) -> bool:
    """Whether ``text`` holds at least one character of the Arabic blocks."""
    return bool(text) and _ARABIC.search(text) is not None


def shape(text: str) -> str:
    """``text`` with Arabic letters in their contextual presentation forms (logical order).

    Text without Arabic is returned unchanged (the same object), so Latin and
    Chinese output never changes.  The result may be shorter than ``text``
    (lam-alef ligatures, dropped harakat).  Source: arabic-reshaper (Unicode
    Arabic joining types, ArabicShaping.txt).
    """
    if not has_arabic(text):
        return text
    return _RESHAPER.reshape(text)


def visual(text: str) -> str:
    """One line of logical-order ``text`` shaped and reordered for drawing left to right.

    The paragraph direction is taken from the first strong character (UAX #9
    rules P2–P3).  Text without Arabic is returned unchanged.
    """
    if not has_arabic(text):
        return text
    return get_display(shape(text))


def visual_runs(runs: Sequence[tuple[str, T]]) -> list[tuple[str, T]]:
    """Runs of one right-to-left line, logical order → drawing order (left to right).

    ``runs`` are ``(text, tag)`` pairs in logical order (``tag`` is whatever
    the caller draws the run with: a font face, a style index, a ReportLab
    fragment).  The Unicode Bidirectional Algorithm (UAX #9, paragraph level
    RTL, python-bidi's ``bidi.algorithm``) runs over the whole line, so a
    number split over several fonts (``"63/33"`` with the slash from another
    face) keeps its order; the reordered characters are then grouped back
    into runs of equal tag, brackets at RTL levels mirrored (rule L4).  The
    characters (and thus the line width) are unchanged but for mirroring.
    """
    text = "".join(t for t, _ in runs)
    if not text:
        return list(runs)
    storage = _bidi.get_empty_storage()
    storage["base_level"] = 1
    storage["base_dir"] = "R"
    _bidi.get_embedding_levels(text, storage)
    tags = [tag for t, tag in runs for _ in t]
    for ch, tag in zip(storage["chars"], tags):
        ch["tag"] = tag
    _bidi.explicit_embed_and_overrides(storage)
    _bidi.resolve_weak_types(storage, False)
    _bidi.resolve_neutral_types(storage, False)
    _bidi.resolve_implicit_levels(storage, False)
    _bidi.reorder_resolved_levels(storage, False)
    _bidi.apply_mirroring(storage, False)
    out: list[tuple[str, T]] = []
    for ch in storage["chars"]:
        if out and out[-1][1] is ch["tag"]:
            out[-1] = (out[-1][0] + ch["ch"], ch["tag"])
        else:
            out.append((ch["ch"], ch["tag"]))
    return out


class BidiParagraph(Paragraph):
    """A ReportLab ``Paragraph`` that can be drawn right to left.

    Construct it as a ``Paragraph`` from markup whose Arabic is already
    shaped (:func:`briefdesk.core.render.fonts.markup` does that), then set
    ``rtl = True`` for an Arabic paragraph.  Wrapping (and splitting across
    pages) works on the logical order; :meth:`draw` reorders a copy of each
    wrapped line (:func:`visual_runs`).  Use a right-aligned style.

    ``rtl_bullet`` (a paragraph number such as ``"3 -"``) is drawn at the
    right, its right edge ``style.bulletIndent`` points left of the
    paragraph's right edge, on the first line; give the style a
    ``rightIndent`` that leaves room for it.  (ReportLab's own ``bulletText``
    is always drawn at the left unless its RTL mode is available.)
    """

    rtl: bool = False
    rtl_bullet: str | None = None

    def draw(self) -> None:
        if not self.rtl or not hasattr(self, "blPara"):
            super().draw()
            return
        logical = self.blPara
        self.blPara = _visual_blpara(logical)
        try:
            super().draw()
        finally:
            self.blPara = logical
        if self.rtl_bullet:
            self._draw_rtl_bullet()

    def _draw_rtl_bullet(self) -> None:
        from .fonts import split_runs  # late: fonts imports this module

        style = self.style
        size = style.bulletFontSize or style.fontSize
        runs = [(t, f) for t, f in visual_runs(split_runs(shape(self.rtl_bullet)))]
        width = sum(stringWidth(t, f, size) for t, f in runs)
        lines = self.blPara.lines
        ascent = getattr(self.blPara, "ascent", None) if self.blPara.kind == 0 else \
            getattr(lines[0], "ascent", None) if lines else None
        y = self.height - (ascent if ascent is not None else size)
        x = self.width - style.bulletIndent - width
        canv = self.canv
        for t, f in runs:
            canv.setFont(f, size)
            canv.drawString(x, y, t)
            x += stringWidth(t, f, size)

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):
            if isinstance(part, BidiParagraph):
                part.rtl = self.rtl
                part.rtl_bullet = self.rtl_bullet if i == 0 else None
        return parts


def _visual_blpara(bl):
    """A copy of a wrapped ``blPara`` whose lines hold their words/fragments in drawing order."""
    if bl.kind == 0:
        lines = []
        for line in bl.lines:
            extra, words = line[0], line[1]
            vis = get_display(" ".join(words), base_dir="R").split(" ")
            lines.append((extra, vis) + tuple(line[2:]))
        return bl.clone(lines=lines)
    lines = []
    for line in bl.lines:
        frags = [(f.text, f) for f in line.words if getattr(f, "text", "")]
        # fragments without text (onDraw callbacks, images) are drawn at the line's end
        rest = [f for f in line.words if not getattr(f, "text", "")]
        words = [f.clone(text=t) for t, f in visual_runs(frags)] + rest
        lines.append(line.clone(words=words))
    return bl.clone(lines=lines)
