"""Full-text search over paragraphs, for the window, the CLI and packs.

:class:`SearchService` parses what the user typed (:mod:`.query`), asks the
backend of the library's database for matching paragraph ids (SQLite: the
FTS5 index of :mod:`.sqlite_fts`; any other database: a portable
case-insensitive ``LIKE`` scan), and returns :class:`Hit` objects with
highlighted snippets.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import Session

from ..errors import SearchError
from ..i18n import _
from ..models import Document, Paragraph
from . import sqlite_fts
from .query import Query, Term, parse_query
from .snippets import Snippet, make_snippet

__all__ = ["Hit", "SearchFilters", "SearchService", "parse_query"]


@dataclass(frozen=True)
class SearchFilters:
    """Restrict a search. Empty fields do not filter.

    ``language`` ISO 639-1; ``kind`` a document kind value; ``paragraph_kind``
    a paragraph kind value (``"preambular"``, ``"operative"``…).
    """

    language: str | None = None
    body: str | None = None
    kind: str | None = None
    paragraph_kind: str | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class Hit:
    """One matching paragraph.

    ``position`` is the paragraph's index in its document's reading order
    (what the document view scrolls to); ``score`` is lower-is-better for
    BM25, 0 for the scan backend.
    """

    document_id: int
    paragraph_id: int
    position: int
    symbol: str | None
    title: str
    language: str
    paragraph_number: str | None
    paragraph_kind: str
    snippet: Snippet
    score: float = 0.0

    def as_dict(self) -> dict:
        """JSON-ready form (``briefdesk search --json``)."""
        return {
            "document_id": self.document_id,
            "paragraph_id": self.paragraph_id,
            "position": self.position,
            "symbol": self.symbol,
            "title": self.title,
            "language": self.language,
            "paragraph_number": self.paragraph_number,
            "paragraph_kind": self.paragraph_kind,
            "snippet": self.snippet.marked("", "", "…"),
            "highlights": [list(s) for s in self.snippet.spans],
            "score": self.score,
        }


@dataclass
class SearchService:
    """Searches the paragraphs of one library. Thread-safe if each call gets its own session."""

    session_factory: object
    dialect: str = "sqlite"

    def search(self, text: str, *, filters: SearchFilters | None = None, limit: int = 50) -> list[Hit]:
        """Paragraphs matching ``text``, best first, at most ``limit``.

        Raises :class:`SearchError` with a plain message when the query has
        nothing to look for (e.g. only punctuation or only exclusions).
        """
        query = parse_query(text)
        if query.empty:
            raise SearchError(_("Type a word or phrase to look for."))
        filters = filters or SearchFilters()
        with self.session_factory() as session:
            if self.dialect == "sqlite":
                where, params = _sql_filters(filters)
                ranked = sqlite_fts.search(session.connection(), query, where=where,
                                           params=params, limit=limit)
            else:
                ranked = _scan(session, query, filters, limit)
            return _hits(session, query, ranked)


def _sql_filters(f: SearchFilters) -> tuple[str, dict]:
    clauses, params = [], {}
    for column, value, name in (("d.language", f.language, "f_lang"), ("d.body", f.body, "f_body"),
                                ("d.kind", f.kind, "f_kind"), ("p.kind", f.paragraph_kind, "f_pkind"),
                                ("d.id", f.document_id, "f_doc")):
        if value not in (None, ""):
            clauses.append(f"{column} = :{name}")
            params[name] = value
    return " AND ".join(clauses), params


def _like(term: Term):
    pattern = "%" + term.text.rstrip("*").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return Paragraph.text.ilike(pattern, escape="\\")


def _scan(session: Session, query: Query, f: SearchFilters, limit: int) -> list[tuple[int, float]]:
    """Portable backend: ``ILIKE`` on the stored text, in reading order."""
    conditions = [or_(*[_like(t) for t in group]) for group in query.groups]
    conditions += [not_(_like(t)) for t in query.excluded]
    for column, value in ((Document.language, f.language), (Document.body, f.body),
                          (Document.kind, f.kind), (Paragraph.kind, f.paragraph_kind),
                          (Document.id, f.document_id)):
        if value not in (None, ""):
            conditions.append(column == value)
    stmt = (select(Paragraph.id).join(Document).where(and_(*conditions))
            .order_by(Document.id, Paragraph.position).limit(limit))
    return [(pid, 0.0) for pid in session.scalars(stmt)]


def _hits(session: Session, query: Query, ranked: list[tuple[int, float]]) -> list[Hit]:
    if not ranked:
        return []
    ids = [pid for pid, _score in ranked]
    rows = session.execute(select(Paragraph, Document).join(Document).where(Paragraph.id.in_(ids))).all()
    by_id = {p.id: (p, d) for p, d in rows}
    needles = [t.text for t in query.positive_terms]
    hits = []
    for pid, score in ranked:
        p, d = by_id[pid]
        hits.append(Hit(d.id, p.id, p.position, d.symbol, d.title, d.language, p.number, p.kind,
                        make_snippet(p.text, needles), score))
    return hits


