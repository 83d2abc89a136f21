"""Typed citations: when what a delegate types in the search box *is* a citation, land on it.

:func:`typed_citation` decides whether a whole typed string is one citation
(``XII/6 21``, ``第XII/6号决定第21段``, ``decision XII/6 para 21``,
``A/RES/75/100 4``, ``CBD/SBI/2/10``).  The citation itself is found by
:func:`briefdesk.core.citations.extract_citations`, the one citation grammar;
this module adds only what is peculiar to a search box:

* a bare number (or ``para 21``, ``para. 21``, ``§ 21``, ``第21段``, ``p. 21``)
  typed right after a symbol is the paragraph (a delegate types
  ``XII/6 21`` for "paragraph 21 of decision XII/6");
* ``75/100`` alone is a resolution only after a keyword, as in
  :mod:`.citations`; ``A/RES/75/100`` is one on its own;
* the whole string must be the citation: a citation followed by other words
  (``XII/6 森林``) is a search, not a landing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..citations import PARAGRAPH_NUMBER, CitationRef, extract_citations, normalise_paragraph


@dataclass(frozen=True)
class Landing:
    """Where a typed citation leads in the library.

    ``paragraph_id``/``position`` are ``None`` when the citation names no
    paragraph, or the document has no paragraph so numbered (then the
    document opens at its top).  ``label`` is a short human form of the
    target (``"XII/6, para. 21"``) for the window's status line.
    """

    document_id: int
    paragraph_id: int | None
    position: int | None
    label: str


@dataclass(frozen=True)
class TypedCitation:
    """A typed string read as one citation: the normalised symbol and the paragraph (or ``None``)."""

    symbol: str
    paragraph: str | None
    has_han: bool


# What may stand around a typed citation without making it a search: keywords and punctuation.
_FILLER = re.compile(
    r"^[\s,.;:、，。()（）]*(?:(?:decisions?|d[ée]cisions?|decisi[oó]n|resolutions?|r[ée]solutions?|"
    r"resoluci[oó]n|document|doc\.?|решени[а-я]*|резолюци[а-я]*|документ|المقرر|القرار|文件|决定|决议)"
    r"[\s,.;:、，。()（）]*)*$", re.IGNORECASE)
_TRAILING_PARAGRAPH = re.compile(
    r"^\s*,?\s*(?:(?:para(?:graph)?s?\.?|paragraphe|p[aá]rrafo|п(?:ункт|\.)|الفقرة|§|p\.)\s*)?"
    rf"(?:第\s*)?({PARAGRAPH_NUMBER})\s*段?\s*[.。]?\s*$",
    re.IGNORECASE)


def typed_citation(text: str) -> TypedCitation | None:
    """``text`` read as one citation, or ``None`` when it is a search.

    Uses :func:`.citations.extract_citations`; see the module docstring for
    what a search box adds.  Never raises.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > 120:
        return None
    refs = [r for r in extract_citations(stripped) if r.target_symbol]
    if not refs:
        return None
    symbols = {r.target_symbol for r in refs}
    if len(symbols) != 1:
        return None
    first: CitationRef = refs[0]
    start, end = min(r.start for r in refs), max(r.end for r in refs)
    paragraph = first.target_paragraph
    tail = stripped[end:]
    if paragraph is None:
        m = _TRAILING_PARAGRAPH.match(tail)
        if m:
            paragraph = normalise_paragraph(m.group(1))
            tail = ""
    if not _FILLER.match(stripped[:start]) or not _FILLER.match(tail):
        return None
    return TypedCitation(first.target_symbol, paragraph, bool(re.search(r"[\u4e00-\u9fff]", stripped)))
