"""Search results by document: which documents match, how many of their paragraphs match,
and whether the document's *title or symbol* matches — a title or symbol match ranks the
document first (typing a resolution's title, or its symbol, finds that resolution first).

The paragraph search itself is :meth:`.SearchService.search`; this module answers the
question a results page asks above it.  Query syntax: :mod:`.query` (the same grammar, the
same folding: :mod:`.tokens`).  Paragraph counts come from the FTS5 index on SQLite
(one ``GROUP BY``), from the portable ``ILIKE`` scan elsewhere.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from ..errors import SearchError
from ..i18n import _
from ..models import Document, Paragraph
from . import sqlite_fts
from .query import Query, Term, parse_query
from .tokens import index_text

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DocumentResult:
    """One matching document.

    ``matches`` is how many of its paragraphs match the query (0 when only its
    title or symbol does); ``title_match``/``symbol_match`` say whether every
    searched term is in its title / symbol (and no excluded one).
    """

    document_id: int
    symbol: str | None
    title: str
    language: str
    matches: int
    title_match: bool = False
    symbol_match: bool = False

    def as_dict(self) -> dict:
        """JSON-ready form."""
        return dict(self.__dict__)


@functools.lru_cache(maxsize=1 << 16)
def _tokens(value: str | None) -> str:
    """The index tokens of a title or symbol, space-separated with a space at each end
    (``" status of internally displaced persons "``).  Cached: every search reads every
    title, and folding 20,000 titles takes about a second."""
    words = _WORD.findall(index_text(value or ""))
    return " " + " ".join(words) + " " if words else ""


def term_in(term: Term, tokens: str) -> bool:
    """Whether ``term`` occurs in ``tokens`` (as :func:`_tokens` gives them) as the index would
    match it: its tokens side by side, the last one as a prefix when the term is one."""
    return bool(term.tokens.tokens and tokens) and _needle(term) in tokens


def _needle(term: Term) -> str:
    """What :func:`term_in` looks for in a token string."""
    needle = " " + " ".join(term.tokens.tokens)
    return needle if term.tokens.prefix else needle + " "


def matcher(query: Query):
    """A function ``tokens -> bool`` (``tokens`` as :func:`_tokens` gives them) saying whether a
    text holds every group of ``query`` and no excluded term; the needles are built once."""
    groups = [[_needle(t) for t in g if t.tokens.tokens] for g in query.groups]
    excluded = [_needle(t) for t in query.excluded if t.tokens.tokens]

    def matches(tokens: str) -> bool:
        return (bool(tokens) and bool(groups) and all(any(n in tokens for n in g) for g in groups)
                and not any(n in tokens for n in excluded))

    return matches


def text_matches(query: Query, value: str | None) -> bool:
    """Whether ``value`` (a title, a symbol) holds every group of ``query`` and no excluded term."""
    return matcher(query)(_tokens(value))


def _document_conditions(filters) -> list:
    """The filters that concern the document itself (a paragraph kind does not restrict titles):
    :func:`.search.filter_conditions` without the paragraph kind."""
    from . import filter_conditions

    return [] if filters is None else filter_conditions(dataclasses.replace(filters, paragraph_kind=None))


def paragraph_counts(session, query: Query, filters=None, dialect: str = "sqlite") -> dict[int, int]:
    """Document id → number of its paragraphs matching ``query`` (every document with one)."""
    if dialect == "sqlite":
        return sqlite_fts.paragraph_counts(session.connection(), query, filters)
    from . import scan_conditions

    stmt = (select(Paragraph.document_id, func.count()).join(Document).where(and_(*scan_conditions(query, filters)))
            .group_by(Paragraph.document_id))
    return {doc_id: n for doc_id, n in session.execute(stmt)}


def document_results(session_factory, text_: str, *, filters=None, dialect: str = "sqlite",
                     limit: int = 200) -> list[DocumentResult]:
    """The documents matching ``text_``, best first, at most ``limit``:

    1. documents whose symbol matches (``A/RES/79/292``), then those whose title matches
       (``Положение внутренне перемещенных``), each by matching paragraphs, most first;
    2. then the other documents by matching paragraphs, most first;

    ties by symbol.  ``filters`` is a :class:`~briefdesk.core.search.SearchFilters`.
    Raises :class:`SearchError` when the query has nothing to look for.
    """
    query = parse_query(text_)
    if query.empty:
        raise SearchError(_("Type a word or phrase to look for."))
    with session_factory() as session:
        counts = paragraph_counts(session, query, filters, dialect)
        # Core rows, not ORM: every search reads every document's title
        rows = session.connection().execute(select(Document.id, Document.symbol, Document.title, Document.language)
                                            .where(*_document_conditions(filters))).all()
    results = []
    matches = matcher(query)
    for doc_id, symbol, title, language in rows:
        symbol_match = matches(_tokens(symbol))
        title_match = matches(_tokens(title))
        n = counts.get(doc_id, 0)
        if n or symbol_match or title_match:
            results.append(DocumentResult(doc_id, symbol, title or "", language or "", n, title_match, symbol_match))
    results.sort(key=lambda r: (not r.symbol_match, not r.title_match, -r.matches, r.symbol or "", r.document_id))
    return results[:max(0, int(limit))]
