"""Full-text search over paragraphs, for the window, the CLI and packs.

:class:`SearchService` parses what the user typed (:mod:`.query`), asks the
backend of the library's database for matching paragraph ids (SQLite: the
FTS5 index of :mod:`.sqlite_fts`; PostgreSQL: the GIN index of :mod:`.pg_fts`;
any other database: a portable case-insensitive ``LIKE`` scan), and returns :class:`Hit` objects with
highlighted snippets.  It also finds paragraphs *similar* to a given one
(:meth:`SearchService.similar`): candidates come from the same index, then
:mod:`rapidfuzz` scores them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.orm import Session

from .. import limits
from ..bodies import find_body
from ..errors import NotFound, SearchError
from ..i18n import _
from ..models import Document, Paragraph
from . import pg_fts, sqlite_fts
from .query import Query, Term, parse_query
from .landing import Landing
from .snippets import Snippet, make_snippet
from .tokens import fold, index_text

__all__ = ["Hit", "Landing", "SearchFilters", "SearchService", "SimilarHit", "Snippet", "parse_query"]


@dataclass(frozen=True)
class SearchFilters:
    """Restrict a search. Empty fields (``None`` or ``""``) do not filter.

    * ``language`` — ISO 639-1 code of the document (``"zh"``);
    * ``body`` — the document's canonical body: a code (``"ga"``, ``"cbd-cop"``; see
      :func:`briefdesk.core.bodies.body_code` and :meth:`Library.facets`) or a body's name in
      any language, read by :func:`briefdesk.core.bodies.find_body`;
    * ``session`` — the document's session as stored, or a tuple of names (any of them);
      :meth:`briefdesk.core.library.Library.search` widens one name to every language's name
      of that session;
    * ``kind`` — a :class:`~briefdesk.core.document.DocumentKind` value;
    * ``paragraph_kind`` — a :class:`~briefdesk.core.document.ParagraphKind`
      value (``"preambular"``, ``"operative"``…);
    * ``document_id`` — only this document;
    * ``date_from``/``date_to`` — inclusive bounds on the document's date:
      its adoption ``date``, else the session's ``start_date``.  A document
      with neither is left out when either bound is set.
    """

    language: str | None = None
    body: str | None = None
    kind: str | None = None
    paragraph_kind: str | None = None
    document_id: int | None = None
    session: str | tuple[str, ...] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def __post_init__(self) -> None:
        # a body's name in any language, or its code, filters by the canonical code
        if self.body:
            object.__setattr__(self, "body", find_body(self.body))


@dataclass(frozen=True)
class Hit:
    """One matching paragraph.

    ``position`` is the paragraph's index in its document's reading order
    (what the document view scrolls to); ``score`` is lower-is-better for
    BM25, 0 for the scan backend.  ``snippet.spans`` mark every occurrence
    of every searched word inside ``snippet.text``.
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


@dataclass(frozen=True)
class SimilarHit:
    """A paragraph of another document whose text is close to a given paragraph's.

    ``score`` is rapidfuzz's ``fuzz.ratio`` on folded text (0–100, higher is
    more alike; 100 is the same text up to case, width and diacritics).
    ``text`` is the whole paragraph as stored.
    """

    document_id: int
    paragraph_id: int
    position: int
    symbol: str | None
    title: str
    language: str
    body: str
    session: str
    date: dt.date | None
    paragraph_number: str | None
    paragraph_kind: str
    text: str
    score: float

    def as_dict(self) -> dict:
        """JSON-ready form: the fields above, the date in ISO 8601."""
        d = dict(self.__dict__)
        d["date"] = self.date.isoformat() if self.date else None
        return d


#: how many index candidates :meth:`SearchService.similar` scores with rapidfuzz
SIMILAR_CANDIDATES = 300


@dataclass
class SearchService:
    """Searches the paragraphs of one library. Thread-safe if each call gets its own session."""

    session_factory: object
    dialect: str = "sqlite"
    #: document frequencies of index tokens looked up by :meth:`text_candidates` (a cache; see
    #: :func:`.sqlite_fts.similar_candidates`)
    _frequencies: dict = field(default_factory=dict, repr=False)

    def search(self, text: str, *, filters: SearchFilters | None = None, limit: int = 50,
               offset: int = 0) -> list[Hit]:
        """Paragraphs matching ``text``, best first: ``limit`` of them after skipping ``offset``.

        Query syntax: :mod:`.query`.  Raises :class:`SearchError` with a plain
        message when the query has nothing to look for (e.g. only
        punctuation or only exclusions), is longer than
        :data:`~briefdesk.core.limits.QUERY_CHARS` characters or holds more
        than :data:`~briefdesk.core.limits.QUERY_TERMS` distinct terms, or
        when the index finds nothing within the time budget
        (:data:`~briefdesk.core.limits.QUERY_SECONDS`; a search whose first
        results came in time answers with them).  Never lets a database
        error out: any string typed either runs or gives that message.
        """
        if len(text) > limits.QUERY_CHARS:
            raise SearchError(_("This search is {n:,} characters long; BriefDesk looks for at most {limit:,}. "
                                "Shorten it.").format(n=len(text), limit=limits.QUERY_CHARS))
        query = parse_query(text)
        if query.empty:
            raise SearchError(_("Type a word or phrase to look for."))
        if query.term_count > limits.QUERY_TERMS:
            raise SearchError(_("This search has {n} different words or phrases; BriefDesk looks for at most "
                                "{limit}. Leave some out.").format(n=query.term_count, limit=limits.QUERY_TERMS))
        filters = filters or SearchFilters()
        limit, offset = max(0, int(limit)), max(0, int(offset))
        with self.session_factory() as session:
            if self.dialect == "sqlite":
                ranked = sqlite_fts.search(session.connection(), query, filters=filters,
                                           limit=limit, offset=offset)
            elif self.dialect == "postgresql":
                _catch_up(session)
                ranked = pg_fts.search(session.connection(), query, filters=filters,
                                       limit=limit, offset=offset)
            else:
                ranked = _scan(session, query, filters, limit, offset)
            return _hits(session.connection(), query, ranked)

    def similar(self, paragraph_id: int, *, limit: int = 20, min_score: float = 70) -> list[SimilarHit]:
        """Paragraphs of *other* documents in the same language whose text is like this one's.

        Candidate generation: the paragraph's rarest index tokens (SQLite's
        vocabulary of the FTS index) ORed together and ranked by BM25, at most
        :data:`SIMILAR_CANDIDATES`; then every candidate is scored with
        ``rapidfuzz.fuzz.ratio`` on folded text and kept when the score is at
        least ``min_score``.  Best first; ties by document id.  Raises
        :class:`NotFound` if the paragraph does not exist.
        """
        with self.session_factory() as session:
            row = session.execute(select(Paragraph.text, Paragraph.document_id, Document.language)
                                  .join(Document).where(Paragraph.id == paragraph_id)).first()
            if row is None:
                raise NotFound(_("No paragraph {id} in the library.").format(id=paragraph_id))
            source_text, source_doc, language = row
            folded = fold(source_text)
            if not folded.strip():
                return []
            if self.dialect == "sqlite":
                candidates = sqlite_fts.similar_candidates(
                    session.connection(), index_text(source_text), language=language,
                    exclude_document=source_doc, limit=SIMILAR_CANDIDATES)
            elif self.dialect == "postgresql":
                _catch_up(session)
                candidates = pg_fts.similar_candidates(
                    session.connection(), index_text(source_text), language=language,
                    exclude_document=source_doc, limit=SIMILAR_CANDIDATES)
            else:
                candidates = _scan_similar(session, source_text, language, source_doc)
            if not candidates:
                return []
            rows = session.execute(select(Paragraph, Document).join(Document)
                                   .where(Paragraph.id.in_(candidates))).all()
        scored = []
        for p, d in rows:
            score = fuzz.ratio(folded, fold(p.text), score_cutoff=min_score)
            if score >= min_score and score > 0:
                scored.append(SimilarHit(d.id, p.id, p.position, d.symbol, d.title, d.language, d.body,
                                         d.session, d.date or d.start_date, p.number, p.kind, p.text,
                                         round(float(score), 1)))
        scored.sort(key=lambda h: (-h.score, h.document_id, h.position))
        return scored[:limit]

    def text_candidates(self, text: str, *, languages: Sequence[str] = (), kinds: Sequence[str] = (),
                        limit: int = SIMILAR_CANDIDATES, keep: int | None = None) -> list[int]:
        """Ids of paragraphs that may be like ``text`` (any text, not a stored paragraph): the
        candidate step of :meth:`similar` (the rarest index tokens ORed, best BM25 first), in any
        of ``languages`` (empty: any), of documents whose kind is one of ``kinds`` (empty: any),
        at most ``limit``, from the ``keep`` rarest tokens (default: as :meth:`similar`).  Used by
        :mod:`.agreed` before re-ranking with rapidfuzz."""
        tokens = index_text(text)
        if not tokens.strip():
            return []
        with self.session_factory() as session:
            if self.dialect == "sqlite":
                return sqlite_fts.similar_candidates(session.connection(), tokens, languages=languages,
                                                     kinds=kinds, limit=limit, frequencies=self._frequencies,
                                                     keep=keep)
            if self.dialect == "postgresql":
                _catch_up(session)
                return pg_fts.similar_candidates(session.connection(), tokens, languages=languages,
                                                 kinds=kinds, limit=limit, keep=keep)
            words = sorted(set(tokens.split()), key=len, reverse=True)[:4]
            conditions = [or_(*[_contains(w) for w in words])]
            if languages:
                conditions.append(Document.language.in_(list(languages)))
            if kinds:
                conditions.append(Document.kind.in_(list(kinds)))
            return list(session.scalars(select(Paragraph.id).join(Document).where(*conditions).limit(limit)))


def _catch_up(session: Session) -> None:
    """PostgreSQL: index the paragraphs a writer left unindexed (:func:`.pg_fts.catch_up`), committed."""
    if pg_fts.has_pending(session.connection()):
        pg_fts.catch_up(session.connection())
        session.commit()


def _contains(text: str):
    """``Paragraph.text`` contains ``text``, case-insensitively (``ILIKE``, wildcards escaped)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return Paragraph.text.ilike(pattern, escape="\\")


def _like(term: Term):
    return _contains(term.text.rstrip("*"))


def filter_conditions(f: SearchFilters) -> list:
    """SQLAlchemy conditions over ``Document``/``Paragraph`` for the filters (portable SQL)."""
    conditions = []
    for column, value in ((Document.language, f.language), (Document.body_code, f.body),
                          (Document.kind, f.kind), (Paragraph.kind, f.paragraph_kind),
                          (Document.id, f.document_id), (Document.session, f.session)):
        if isinstance(value, (tuple, list, frozenset, set)):
            conditions.append(column.in_(sorted(value)))  # any of several (a session's names)
        elif value not in (None, ""):
            conditions.append(column == value)
    when = func.coalesce(Document.date, Document.start_date)
    if f.date_from:
        conditions.append(when >= f.date_from)
    if f.date_to:
        conditions.append(when <= f.date_to)
    return conditions


def scan_conditions(query: Query, f: SearchFilters | None) -> list:
    """The portable backend's conditions (``ILIKE`` on the stored text): every group of ``query``,
    none of its excluded terms, and the filters ``f`` (or none)."""
    conditions = [or_(*[_like(t) for t in group]) for group in query.groups]
    conditions += [not_(_like(t)) for t in query.excluded]
    return conditions + (filter_conditions(f) if f is not None else [])


def _scan(session: Session, query: Query, f: SearchFilters, limit: int, offset: int) -> list[tuple[int, float]]:
    """Portable backend: ``ILIKE`` on the stored text, in reading order."""
    conditions = scan_conditions(query, f)
    stmt = (select(Paragraph.id).join(Document).where(and_(*conditions))
            .order_by(Document.id, Paragraph.position).limit(limit).offset(offset))
    return [(pid, 0.0) for pid in session.scalars(stmt)]


def _scan_similar(session: Session, text: str, language: str, exclude_document: int) -> list[int]:
    """Portable candidates for :meth:`SearchService.similar`: paragraphs sharing the longest words."""
    words = sorted(set(index_text(text).split()), key=len, reverse=True)[:4]
    if not words:
        return []
    stmt = (select(Paragraph.id).join(Document)
            .where(Document.language == language, Document.id != exclude_document,
                   or_(*[_contains(w) for w in words]))
            .limit(SIMILAR_CANDIDATES))
    return list(session.scalars(stmt))


def _hits(connection, query: Query, ranked: list[tuple[int, float]]) -> list[Hit]:
    """The hits for ranked paragraph ids: one Core query (no ORM layer: it runs on every keystroke)."""
    if not ranked:
        return []
    ids = [pid for pid, _score in ranked]
    rows = connection.execute(
        select(Paragraph.id, Paragraph.position, Paragraph.number, Paragraph.kind, Paragraph.text,
               Document.id, Document.symbol, Document.title, Document.language)
        .join(Document, Document.id == Paragraph.document_id).where(Paragraph.id.in_(ids))).all()
    by_id = {row[0]: row for row in rows}
    needles = [t.needle for t in query.positive_terms]
    hits = []
    for pid, score in ranked:
        _id, position, number, kind, text, doc_id, symbol, title, language = by_id[pid]
        hits.append(Hit(doc_id, pid, position, symbol, title, language, number, kind,
                        make_snippet(text, needles), score))
    return hits
