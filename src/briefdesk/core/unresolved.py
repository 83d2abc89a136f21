"""Unresolved citations grouped by the document they cite: what the library is missing.

A citation is unresolved when it names a document by symbol (``target_symbol``, from
:mod:`.citations`) and no document of the library has resolved it.  The same missing
document is cited by the six language versions of every resolution that cites it; the
list shows it once, with its language forms inside (issue 13: 46,145 rows became one
per missing document).  Everything is counted in SQL (``GROUP BY`` symbol and citing
language, through the ORM), so the list of a 2,000-document library comes back in a
fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import distinct, func, select

from .models import Citation, Document, Paragraph


@dataclass(frozen=True)
class UnresolvedForm:
    """The citations of one missing document printed in one language.

    ``text`` is one citation as printed (``"resolution 74/1"``, ``"第74/1号决议"``);
    ``citations`` and ``documents`` count the citations and the citing documents;
    ``document_id``/``position`` locate the first of them (a paragraph's reading-order
    position), for opening it.
    """

    language: str
    text: str
    citations: int
    documents: int
    document_id: int
    position: int


@dataclass(frozen=True)
class UnresolvedGroup:
    """One missing document: its symbol as cited, the totals, and its forms by language."""

    symbol: str
    citations: int
    documents: int
    forms: list[UnresolvedForm] = field(default_factory=list)


def unresolved_groups(library) -> list[UnresolvedGroup]:
    """Every symbol cited in the library with no document there, the most cited first (then
    by symbol); each with its citing languages in language order.  Two queries: the
    counts grouped by symbol and language, and the place of each group's first citation
    (by 500 paragraph ids).
    Raises SQLAlchemy errors as they come (callers report them)."""
    unresolved = (Citation.target_symbol.is_not(None)) & (Citation.resolved_document_id.is_(None))
    counts = (select(Citation.target_symbol, Document.language, func.count(Citation.id),
                     func.count(distinct(Paragraph.document_id)), func.min(Citation.text),
                     func.min(Citation.paragraph_id))
              .join(Paragraph, Paragraph.id == Citation.paragraph_id)
              .join(Document, Document.id == Paragraph.document_id)
              .where(unresolved)
              .group_by(Citation.target_symbol, Document.language))
    with library.sessions() as s:
        rows = s.execute(counts).all()
        first_ids = sorted({row[5] for row in rows})
        places: dict[int, tuple[int, int]] = {}
        for start in range(0, len(first_ids), 500):
            chunk = first_ids[start:start + 500]
            places.update((pid, (doc_id, position)) for pid, doc_id, position in s.execute(
                select(Paragraph.id, Paragraph.document_id, Paragraph.position).where(Paragraph.id.in_(chunk))))
    forms: dict[str, list[UnresolvedForm]] = {}
    for symbol, language, n, docs, text, paragraph_id in rows:
        doc_id, position = places[paragraph_id]
        forms.setdefault(symbol, []).append(UnresolvedForm(language or "", text, n, docs, doc_id, position))
    # a document has one language: the citing documents of a symbol add up over its languages
    groups = [UnresolvedGroup(symbol, sum(f.citations for f in fs), sum(f.documents for f in fs),
                              sorted(fs, key=lambda f: f.language))
              for symbol, fs in forms.items()]
    groups.sort(key=lambda g: (-g.citations, g.symbol))
    return groups
