"""Unresolved citations grouped by the document they cite: what the library is missing.

A citation is unresolved when it names a document by symbol (``target_symbol``, from
:mod:`.citations`) and no document of the library has resolved it.  The same missing
document is cited by the six language versions of every resolution that cites it; the
list shows it once, with its language forms inside (issue 13: 46,145 rows became one
per missing document).

Everything is counted in SQL, through the ORM, in two steps so that the list opens at once:

- :func:`unresolved_groups` — one aggregate query ``GROUP BY`` the cited symbol.  On the
  corpus library (4,424 documents, 92,000 unresolved citations, 6,641 missing
  documents) 0.1–0.2 s on a 2-core machine (``bench/unresolved.py``); half that without
  the citing documents (``count_documents=False``: no join), which
  :func:`citing_documents` then counts for every symbol, so a list can show first and
  fill that column after.
- :func:`unresolved_forms` — the language forms of one symbol, asked for when its row
  is expanded (a few milliseconds, through the index on ``target_symbol``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, null, select

from .errors import NotFound
from .i18n import _
from .models import Citation, Document, Paragraph


@dataclass(frozen=True, slots=True)
class UnresolvedForm:
    """The citations of one missing document printed in one language.

    ``text`` is one citation as printed (``"resolution 74/1"``, ``"第74/1号决议"``; the
    least of them in code-point order); ``citations`` and ``documents`` count the
    citations and the citing documents; ``paragraph_id`` is the citing paragraph of the
    first of them (the one stored first), for opening it (:func:`paragraph_place`).
    """

    language: str
    text: str
    citations: int
    documents: int
    paragraph_id: int


@dataclass(frozen=True, slots=True)
class UnresolvedGroup:
    """One missing document: its symbol as cited, the totals over every language (``documents``
    is ``None`` when not counted), and the citing paragraph of its first citation
    (``paragraph_id``, as in :class:`UnresolvedForm`).  Its forms by language come from
    :func:`unresolved_forms`."""

    symbol: str
    citations: int
    documents: int | None
    paragraph_id: int


def _unresolved():
    return Citation.target_symbol.is_not(None) & Citation.resolved_document_id.is_(None)


def unresolved_groups(library, *, count_documents: bool = True) -> list[UnresolvedGroup]:
    """Every symbol cited in the library with no document there, the most cited first (then by
    symbol), without its forms (:func:`unresolved_forms`): one query, grouped by symbol.
    With ``count_documents=False`` the citing documents are not counted (``documents`` is
    ``None``; see :func:`citing_documents`) and the query reads the citations alone.
    Raises SQLAlchemy errors as they come (callers report them)."""
    if count_documents:
        counts = (select(Citation.target_symbol, func.count(Citation.id), func.count(distinct(Paragraph.document_id)),
                         func.min(Citation.paragraph_id))
                  .join(Paragraph, Paragraph.id == Citation.paragraph_id))
    else:
        counts = select(Citation.target_symbol, func.count(Citation.id), null(), func.min(Citation.paragraph_id))
    counts = counts.where(_unresolved()).group_by(Citation.target_symbol)
    with library.sessions() as s:
        groups = [UnresolvedGroup(symbol, n, docs, first) for symbol, n, docs, first in s.execute(counts)]
    groups.sort(key=lambda g: (-g.citations, g.symbol))
    return groups


def citing_documents(library) -> dict[str, int]:
    """``symbol → number of documents citing it`` for every symbol of :func:`unresolved_groups`.
    Raises SQLAlchemy errors as they come (callers report them)."""
    counts = (select(Citation.target_symbol, func.count(distinct(Paragraph.document_id)))
              .join(Paragraph, Paragraph.id == Citation.paragraph_id)
              .where(_unresolved())
              .group_by(Citation.target_symbol))
    with library.sessions() as s:
        return {symbol: n for symbol, n in s.execute(counts)}


def unresolved_forms(library, symbol: str) -> list[UnresolvedForm]:
    """The unresolved citations of ``symbol`` counted by citing language, in language order
    (``[]`` when none is left): one small query through the index on ``target_symbol``.
    Raises SQLAlchemy errors as they come (callers report them)."""
    counts = (select(Document.language, func.count(Citation.id), func.count(distinct(Paragraph.document_id)),
                     func.min(Citation.text), func.min(Citation.paragraph_id))
              .join(Paragraph, Paragraph.id == Citation.paragraph_id)
              .join(Document, Document.id == Paragraph.document_id)
              .where(_unresolved() & (Citation.target_symbol == symbol))
              .group_by(Document.language))
    with library.sessions() as s:
        rows = s.execute(counts).all()
    return sorted((UnresolvedForm(language or "", text, n, docs, first) for language, n, docs, text, first in rows),
                  key=lambda f: f.language)


def paragraph_place(library, paragraph_id: int) -> tuple[int, int]:
    """``(document id, reading-order position)`` of the paragraph ``paragraph_id``.
    Raises :class:`~.errors.NotFound` when it is no longer in the library."""
    with library.sessions() as s:
        row = s.execute(select(Paragraph.document_id, Paragraph.position).where(Paragraph.id == paragraph_id)).first()
    if row is None:
        raise NotFound(_("No paragraph {id} in the library.").format(id=paragraph_id))
    return row[0], row[1]
