"""Agreed language: adopted paragraphs close to a text being drafted (issue 15, point 5).

Delegations reach for language already adopted ("agreed language") and cite
it.  :func:`agreed_language` answers, for the text of a paragraph being
written, the closest paragraphs of *adopted* documents of the library —
decisions, resolutions and recommendations (:data:`ADOPTED_KINDS`), never
drafts, notes or reports — best first.

How (two steps, as :meth:`.SearchService.similar`):

1. candidates: the text's :data:`TOKENS` rarest index tokens ORed, ranked by BM25 in the
   full-text index (:meth:`.SearchService.text_candidates`), at most
   :data:`CANDIDATES`, among adopted documents in the languages written in
   the text's script (:func:`search_languages`: Latin text looks in English,
   French and Spanish; Han in Chinese …);
2. re-ranking: every candidate is scored with :func:`score` (rapidfuzz on
   folded text) and kept at ``min_score`` or more.

Measured on the corpus library (``bench/agreed_language.py``, 91,384
paragraphs): a retouched paragraph's original is among the first ten BM25
candidates every time, and first after re-ranking 99.5 % of the time.

A match in another language than the draft's is replaced by the same
paragraph of the draft-language version of its document, found by the
structural alignment of :mod:`.align` (:meth:`Library.parallel_paragraph`);
a match whose document has no version in the draft's language is left out,
since its words could not be put into the draft.  So a delegate who pastes
the English of an adopted paragraph into a Chinese draft is offered the
official Chinese text.

Each hit carries its citation: the document's symbol and the paragraph's
number as cited (``4``, ``4 (a)``: a sub-paragraph is cited under the
numbered paragraph it belongs to), shown by :func:`citation_label`.

Public API: :data:`ADOPTED_KINDS`, :data:`NEAR_IDENTICAL`, :class:`AgreedHit`,
:func:`agreed_language`, :func:`score`, :func:`citation_label`, :func:`search_languages`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from sqlalchemy import select

from ..document import DocumentKind
from ..i18n import _
from ..models import Document, Paragraph
from ..scripts import letter_counts
from .align import bare_number
from .tokens import fold

if TYPE_CHECKING:
    from ..library import Library

#: Kinds of document whose paragraphs are agreed language (adopted texts, not drafts).
ADOPTED_KINDS: tuple[str, ...] = (DocumentKind.DECISION.value, DocumentKind.RESOLUTION.value,
                                  DocumentKind.RECOMMENDATION.value)

#: How many index candidates are scored with rapidfuzz: on the corpus library the original of a
#: retouched paragraph was always among the first ten by BM25 (``bench/agreed_language.py``).
CANDIDATES = 60

#: Of those, how many (the best by BM25) are also scored by ``partial_ratio`` (:func:`score`).
PARTIAL_CANDIDATES = 20

#: How many of the text's rarest index tokens the candidate query ORs: ten found every original
#: that sixteen (:data:`.sqlite_fts.SIMILAR_TOKENS`) found, at two thirds of the time (bench).
TOKENS = 10

#: The ``fuzz.ratio`` (0–100) at or above which a draft paragraph is near-identical to agreed
#: language, so that a difference is worth reporting (``briefdesk draft check``).
NEAR_IDENTICAL = 85.0

#: The languages written in each script of :func:`..scripts.letter_counts`.
SCRIPT_LANGUAGES: dict[str, tuple[str, ...]] = {
    "han": ("zh",), "arabic": ("ar",), "cyrillic": ("ru",), "latin": ("en", "fr", "es")}


@dataclass(frozen=True)
class AgreedHit:
    """One adopted paragraph like the text asked about, in the draft's language.

    * ``score`` — :func:`score` of the text against the paragraph that matched
      (0–100, higher is closer); ``ratio`` — plain ``fuzz.ratio`` of the two
      (what :data:`NEAR_IDENTICAL` is compared with);
    * ``number`` — the paragraph's number as cited (``"4"``, ``"4 (a)"``) or
      ``None`` for an unnumbered (preambular) paragraph;
    * ``matched_language``/``matched_paragraph_id`` — where the match was found:
      the same as ``language``/``paragraph_id`` unless it was found in another
      language version and aligned (:mod:`.align`);
    * ``text`` — the whole paragraph as stored, in the draft's language.
    """

    paragraph_id: int
    document_id: int
    position: int
    symbol: str | None
    title: str
    language: str
    document_kind: str
    date: dt.date | None
    number: str | None
    paragraph_kind: str
    verb: str | None
    text: str
    score: float
    ratio: float
    matched_language: str
    matched_paragraph_id: int

    @property
    def aligned(self) -> bool:
        """True when the match was found in another language version."""
        return self.matched_paragraph_id != self.paragraph_id

    @property
    def citation(self) -> str:
        """``"A/RES/75/1, para. 4"`` (:func:`citation_label`)."""
        return citation_label(self.symbol or f"#{self.document_id}", self.number)

    def as_dict(self) -> dict:
        """JSON-ready form: the fields above (date in ISO 8601) and ``citation``."""
        d = dict(self.__dict__)
        d["date"] = self.date.isoformat() if self.date else None
        d["citation"] = self.citation
        return d


def citation_label(symbol: str, number: str | None) -> str:
    """How a draft cites agreed language: ``"A/RES/75/1, para. 4"``, or the symbol alone for an
    unnumbered paragraph (the same words as the library's citations, ``"{symbol}, para. {number}"``)."""
    return _("{symbol}, para. {number}").format(symbol=symbol, number=number) if number else symbol


def score(text: str, candidate: str, *, partial: bool = True) -> float:
    """How close ``candidate`` (an adopted paragraph) is to ``text`` (being drafted), 0–100, both folded
    (:func:`.tokens.fold`).

    ``rapidfuzz.fuzz.ratio`` (normalised Indel similarity) when the two are of
    comparable length.  While the text is much shorter than the paragraph
    (half of it or less: a paragraph still being typed) and ``partial`` is
    true, the best alignment of the text inside the paragraph
    (``fuzz.partial_ratio``) counts too, weighed by 0.9 as rapidfuzz's
    ``WRatio`` weighs it, so a full paragraph that matches still ranks above
    a partial one.  (``partial_ratio`` costs up to a millisecond on long
    texts, so :func:`agreed_language` asks it only of the best candidates.)
    """
    ratio = fuzz.ratio(text, candidate)
    if partial and len(text) and len(candidate) >= 2 * len(text):
        return max(ratio, 0.9 * fuzz.partial_ratio(text, candidate))
    return ratio


def search_languages(text: str, language: str) -> tuple[str, ...]:
    """The languages whose adopted paragraphs may match ``text`` typed into a draft in ``language``:
    those written in the script most of its letters are in (:data:`SCRIPT_LANGUAGES`), the draft's
    first when it is one of them; ``(language,)`` for text without letters."""
    counts = letter_counts(text)
    script = max(counts, key=lambda k: counts[k]) if any(counts.values()) else None
    found = SCRIPT_LANGUAGES.get(script or "", ())
    if not found:
        return (language,)
    return (language, *[x for x in found if x != language]) if language in found else found


def _cited_number(session, document_id: int, position: int, level: int, number: str | None) -> str | None:
    """The paragraph's number as cited: ``"4"``; a sub-paragraph under the paragraphs above it, ``"4 (a)"``."""
    own = bare_number(number)
    if own is None:
        return None
    if level <= 0:
        return own
    parts = [f"({own})"]
    rows = session.execute(select(Paragraph.level, Paragraph.number)
                           .where(Paragraph.document_id == document_id, Paragraph.position < position,
                                  Paragraph.level < level)
                           .order_by(Paragraph.position.desc()).limit(20)).all()
    wanted = level - 1
    for row_level, row_number in rows:
        if row_level == wanted and bare_number(row_number):
            parts.insert(0, bare_number(row_number) if wanted == 0 else f"({bare_number(row_number)})")
            if wanted == 0:
                break
            wanted -= 1
    return " ".join(parts)


def agreed_language(library: Library, text: str, language: str, *, limit: int = 10, min_score: float = 50,
                    candidates: int = CANDIDATES) -> list[AgreedHit]:
    """The adopted paragraphs of ``library`` closest to ``text``, in ``language`` (the draft's), best first.

    At most ``limit`` hits scoring ``min_score`` or more (:func:`score`); one
    hit per paragraph (a paragraph found both directly and through another
    language keeps its better score); equal scores in the order of BM25.  Text
    without a word to look for gives ``[]``.  Raises
    :class:`~briefdesk.core.errors.SearchError` if the index refuses the query.
    """
    folded = fold(text.strip())
    if not folded or not any(c.isalnum() for c in folded):
        return []
    languages = search_languages(text, language)
    ids = library.search_service.text_candidates(text, languages=languages, kinds=ADOPTED_KINDS,
                                                 limit=candidates, keep=TOKENS)
    if not ids:
        return []
    with library.sessions() as s:
        rows = s.execute(select(Paragraph.id, Paragraph.text, Document.language)
                         .join(Document).where(Paragraph.id.in_(ids))).all()
    rank = {pid: i for i, pid in enumerate(ids)}   # best BM25 first
    scored = []
    for pid, body, lang in rows:
        value = score(folded, fold(body), partial=rank[pid] < PARTIAL_CANDIDATES)
        if value >= min_score:
            scored.append((value, pid, lang, body))
    scored.sort(key=lambda r: (-r[0], rank[r[1]]))   # equal scores: BM25's order
    chosen: dict[int, tuple[float, float, int, str]] = {}   # paragraph in the draft's language → match
    for value, pid, lang, body in scored:
        if len(chosen) >= limit:
            break
        target = pid
        if lang != language:
            parallel = library.parallel_paragraph(pid, language)
            if parallel is None:
                continue
            target = parallel[1]
        if target not in chosen:
            chosen[target] = (value, round(fuzz.ratio(folded, fold(body)), 1), pid, lang)
    if not chosen:
        return []
    hits = []
    with library.sessions() as s:
        for p, d in s.execute(select(Paragraph, Document).join(Document)
                              .where(Paragraph.id.in_(list(chosen)))).all():
            value, ratio, matched, lang = chosen[p.id]
            hits.append(AgreedHit(p.id, d.id, p.position, d.symbol, d.title, d.language, d.kind,
                                  d.date or d.start_date,
                                  _cited_number(s, d.id, p.position, p.level, p.number), p.kind, p.verb, p.text,
                                  round(float(value), 1), ratio, lang, matched))
    hits.sort(key=lambda h: (-h.score, rank[h.matched_paragraph_id]))
    return hits
