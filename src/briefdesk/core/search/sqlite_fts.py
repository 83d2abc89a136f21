"""Everything SQLite-specific: connection pragmas and the FTS5 paragraph index.

This is the one module that writes SQLite's own SQL (DEVELOPERS.md).  The
index follows calibre's pattern: a full-text table kept in step with the
``paragraph`` table by triggers, so every path that writes paragraphs (the
importer, a migration, a future editor) keeps it current without knowing it
exists.  The table is *contentless* (``content=''``, SQLite FTS5 §4.4.3):
it stores only the index, never a second copy of the text; the triggers
feed it the token stream of :func:`briefdesk.core.search.tokens.index_text`
through the application function ``bd_tokens``, which every connection
registers on connect.  A connection without that function (e.g. the
``sqlite3`` shell) cannot write paragraphs: the trigger fails and nothing is
written, which keeps the index honest.

Ranking is FTS5's built-in BM25 (``bm25()``, smaller is better).
"""

from __future__ import annotations


from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from ..errors import SearchError
from ..i18n import _
from .query import Query, Term
from .tokens import index_text

FTS_TABLE = "paragraph_fts"
#: the index's vocabulary (term, number of paragraphs, occurrences): fts5vocab, "row" form
VOCAB_TABLE = "paragraph_fts_vocab"

_DDL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
            body, content='', tokenize='unicode61 remove_diacritics 2', prefix='1')""",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'row')",
    f"""CREATE TRIGGER IF NOT EXISTS paragraph_fts_ai AFTER INSERT ON paragraph BEGIN
            INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.id, bd_tokens(new.text));
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS paragraph_fts_ad AFTER DELETE ON paragraph BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body)
                VALUES ('delete', old.id, bd_tokens(old.text));
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS paragraph_fts_au AFTER UPDATE OF text ON paragraph BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, body)
                VALUES ('delete', old.id, bd_tokens(old.text));
            INSERT INTO {FTS_TABLE}(rowid, body) VALUES (new.id, bd_tokens(new.text));
        END""",
]


def configure_engine(engine: Engine) -> None:
    """Register ``bd_tokens`` and set pragmas on every new SQLite connection.

    Pragmas: ``foreign_keys=ON`` (cascading deletes), ``journal_mode=WAL``
    for file databases (readers do not block the importer),
    ``synchronous=NORMAL`` (safe with WAL).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - exercised by every test
        dbapi_connection.create_function("bd_tokens", 1, _tokens, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _tokens(value: str | None) -> str:
    return index_text(value or "")


def install_index(connection: Connection) -> None:
    """Create the FTS table and its triggers (idempotent), then index existing paragraphs."""
    for statement in _DDL:
        connection.execute(text(statement))
    rebuild_index(connection)


def drop_index(connection: Connection) -> None:
    """Drop the FTS table and its triggers (used by downgrade migrations)."""
    for trigger in ("paragraph_fts_ai", "paragraph_fts_ad", "paragraph_fts_au"):
        connection.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
    connection.execute(text(f"DROP TABLE IF EXISTS {VOCAB_TABLE}"))
    connection.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))


def rebuild_index(connection: Connection) -> int:
    """Rebuild the whole index from the paragraph table; returns the paragraph count."""
    connection.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')"))
    connection.execute(text(
        f"INSERT INTO {FTS_TABLE}(rowid, body) SELECT id, bd_tokens(text) FROM paragraph"))
    connection.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))
    return connection.execute(text("SELECT count(*) FROM paragraph")).scalar_one()


def _phrase(term: Term, *, exact: bool = False) -> str:
    """One term as an FTS5 phrase; ``exact`` drops a prefix the query added by itself."""
    quoted = '"' + " ".join(term.tokens.tokens).replace('"', '""') + '"'
    prefix = term.tokens.prefix and not (exact and term.tokens.auto)
    return quoted + (" *" if prefix else "")


def match_expression(query: Query) -> str:
    """The FTS5 MATCH string for ``query``: every term quoted, so no user text is syntax."""
    groups = []
    for group in query.groups:
        alternatives = [_phrase(t) for t in group]
        groups.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
    expression = " AND ".join(groups)
    if query.excluded:
        expression += " NOT (" + " OR ".join(_phrase(t) for t in query.excluded) + ")"
    return expression


def ranked_expressions(query: Query) -> list[str]:
    """MATCH strings whose results come in this order, each tier ranked by BM25.

    Several words typed one after another rank the paragraphs holding them
    *in that order, side by side and as typed* first (FTS5 phrase
    concatenation ``+``, without the prefixes the query adds by itself),
    then the paragraphs holding them anywhere; BM25 alone ignores word
    order and would put a short paragraph with the words scattered above
    the paragraph the delegate is quoting.  Other queries have one tier.
    """
    whole = match_expression(query)
    if len(query.groups) < 2 or any(len(g) != 1 for g in query.groups):
        return [whole]
    adjacent = " + ".join(_phrase(g[0], exact=True) for g in query.groups)
    excluded = (" NOT (" + " OR ".join(_phrase(t) for t in query.excluded) + ")") if query.excluded else ""
    return [f"({adjacent}){excluded}", f"({whole}) NOT ({adjacent})"]


_FILTER_COLUMNS = (("language", "d.language"), ("body", "d.body"), ("kind", "d.kind"),
                   ("paragraph_kind", "p.kind"), ("document_id", "d.id"), ("session", "d.session"))


def filter_sql(filters) -> tuple[str, dict]:
    """The SQL condition (over ``p`` paragraph, ``d`` document) and bound parameters for a
    :class:`~briefdesk.core.search.SearchFilters`; ``""`` when nothing filters.

    Dates compare as ISO 8601 text, the form SQLAlchemy's ``Date`` type stores in SQLite.
    """
    clauses, params = [], {}
    for name, column in _FILTER_COLUMNS:
        value = getattr(filters, name, None) if filters is not None else None
        if value not in (None, ""):
            clauses.append(f"{column} = :f_{name}")
            params[f"f_{name}"] = value
    when = "COALESCE(d.date, d.start_date)"
    if filters is not None and filters.date_from:
        clauses.append(f"{when} >= :f_from")
        params["f_from"] = filters.date_from.isoformat()
    if filters is not None and filters.date_to:
        clauses.append(f"{when} <= :f_to")
        params["f_to"] = filters.date_to.isoformat()
    return " AND ".join(clauses), params


def _run(connection: Connection, sql: str, params: dict):
    """Execute; an SQLite error (a malformed MATCH the quoting missed) becomes a plain :class:`SearchError`."""
    try:
        return connection.execute(text(sql), params).all()
    except OperationalError as exc:
        raise SearchError(_("This search cannot be run: {reason}").format(reason=exc.orig)) from exc


def search(connection: Connection, query: Query, *, filters=None, limit: int = 50,
           offset: int = 0) -> list[tuple[int, float]]:
    """Paragraph ids matching ``query``, best first, as ``(paragraph_id, bm25)`` pairs:
    ``limit`` of them after skipping ``offset``, in the tiers of :func:`ranked_expressions`.

    ``filters`` is a :class:`~briefdesk.core.search.SearchFilters` (or ``None``).
    Raises :class:`SearchError` (never an SQLite error).
    """
    where, params = filter_sql(filters)
    if where:
        inner = (f"(SELECT rowid AS id, bm25({FTS_TABLE}) AS score FROM {FTS_TABLE} "
                 f"WHERE {FTS_TABLE} MATCH :match) AS f "
                 f"JOIN paragraph p ON p.id = f.id JOIN document d ON d.id = p.document_id WHERE {where}")
        sql = f"SELECT f.id, f.score FROM {inner} ORDER BY f.score LIMIT :limit OFFSET :offset"
        count_sql = f"SELECT count(*) FROM {inner}"
    else:  # no join: the index alone answers
        sql = (f"SELECT rowid, bm25({FTS_TABLE}) AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match "
               f"ORDER BY score LIMIT :limit OFFSET :offset")
        count_sql = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match"
    out: list[tuple[int, float]] = []
    tiers = ranked_expressions(query)
    for i, expression in enumerate(tiers):
        need = limit - len(out)
        if need <= 0:
            break
        rows = _run(connection, sql, dict(params, match=expression, limit=need, offset=offset))
        out += [(row[0], float(row[1])) for row in rows]
        if i + 1 < len(tiers) and len(rows) < need:  # this tier is used up: shift the offset past it
            if rows:
                offset = 0
            elif offset:
                total = _run(connection, count_sql, dict(params, match=expression))[0][0]
                offset = max(0, offset - total)
    return out


#: tokens kept for a similarity query: the rarest ones, at most this many
SIMILAR_TOKENS = 16


def similar_candidates(connection: Connection, tokens: str, *, language: str, exclude_document: int,
                       limit: int) -> list[int]:
    """Ids of paragraphs sharing the rarest of ``tokens`` (an :func:`.tokens.index_text` stream),
    in ``language``, outside document ``exclude_document``; best BM25 first, at most ``limit``.

    Document frequencies come from the index's vocabulary table
    (``paragraph_fts_vocab``, SQLite FTS5 §7 "The fts5vocab virtual table module").
    """
    distinct = sorted(set(t for t in tokens.split() if len(t) > 1 or not t.isascii()))
    if not distinct:
        return []
    marks = ", ".join(f":t{i}" for i in range(len(distinct)))
    frequency = dict(_run(connection, f"SELECT term, doc FROM {VOCAB_TABLE} WHERE term IN ({marks})",
                          {f"t{i}": t for i, t in enumerate(distinct)}))
    present = [t for t in distinct if t in frequency]
    if not present:
        return []
    present.sort(key=lambda t: (frequency[t], t))
    rare = present[:SIMILAR_TOKENS]
    match = " OR ".join('"' + t.replace('"', '""') + '"' for t in rare)
    sql = (f"SELECT p.id FROM {FTS_TABLE} JOIN paragraph p ON p.id = {FTS_TABLE}.rowid "
           f"JOIN document d ON d.id = p.document_id "
           f"WHERE {FTS_TABLE} MATCH :match AND d.language = :language AND d.id != :doc "
           f"ORDER BY bm25({FTS_TABLE}) LIMIT :limit")
    return [row[0] for row in _run(connection, sql, {"match": match, "language": language,
                                                      "doc": exclude_document, "limit": limit})]
