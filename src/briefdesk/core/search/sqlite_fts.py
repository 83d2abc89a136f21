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

Ranking is FTS5's built-in BM25 (``bm25()``, smaller is better) with the
document length quantised into *length classes*: each paragraph's tokens go
into one of eight columns by token count (≤4, ≤8, ≤16, ≤32, ≤64, ≤128, ≤256,
more),
the table keeps no per-row sizes (``columnsize=0``), and ``bm25()`` weighs
each column so that one occurrence scores what BM25 gives a paragraph of the
class's middle length (:func:`weights`).  This is BM25 with the length
normalisation rounded to a power of two: reading
one ``docsize`` row per match was three quarters of the ranking time at a
million paragraphs (``bench/search_scale.py``).  Phrases still work, since
a paragraph's tokens all sit in one column.
"""

from __future__ import annotations

import contextlib

import logging
import time
from collections.abc import Sequence
from contextlib import contextmanager

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from .. import limits
from ..errors import SearchError
from ..i18n import _
from .filter_sql import candidate_sql, filter_sql as shared_filter_sql
from .query import Query, Term
from .tiers import page_through
from .tokens import index_text

log = logging.getLogger("briefdesk.search")

FTS_TABLE = "paragraph_fts"
#: the index's vocabulary (term, number of paragraphs, occurrences): fts5vocab, "row" form
VOCAB_TABLE = "paragraph_fts_vocab"

#: length classes: (column name, most tokens); the commonest class first (column 0 costs no
#: column marker in FTS5 position lists); measured on the real corpus, where a paragraph has
#: 60 tokens on average and a third of them 33–64.  The short classes are narrow: a paragraph
#: of three words that a query nearly fills must outrank a long one, as in exact BM25.
COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("len64", 64), ("len4", 4), ("len8", 8), ("len16", 16), ("len32", 32), ("len128", 128), ("len256", 256),
    ("longer", None))
_BOUNDS = sorted(m for _n, m in COLUMNS if m)
_CLASS_COLUMN = {m: i for i, (_n, m) in enumerate(COLUMNS)}


K1, B = 1.2, 0.75  # FTS5's bm25() constants (fts5_aux.c)


def _bm25_factor(length: float, average: float) -> float:
    """BM25's weight for one occurrence of a term in a paragraph of ``length`` tokens when paragraphs
    have ``average`` tokens (Robertson & Zaragoza 2009, eq. 3.15, without the IDF)."""
    return (K1 + 1) / (1 + K1 * (1 - B + B * length / average))


def _middle(bound: int | None) -> float:
    """A length class's middle: the geometric mean of its bounds (1–4 → 2, 33–64 → 45, over 256 → 362)."""
    upper = bound or 2 * _BOUNDS[-1]
    lower = max([b for b in _BOUNDS if b < upper], default=1)
    return (lower * upper) ** 0.5


def weights(average: float) -> tuple[float, ...] | None:
    """``bm25()`` column weights for paragraphs of ``average`` tokens, or ``None`` when none work.

    With ``columnsize=0`` FTS5's ``bm25()`` takes the paragraph's length to
    be minus the number of columns (measured: ``bench`` notes in
    docs/readme-search.md), so a column of weight ``w`` scores one occurrence
    ``(k1+1)·w / (w + c)`` with ``c = k1·(1 − b − b·columns/average)``.  The
    weights are solved so that this equals BM25's factor for a paragraph of
    the class's middle length: one occurrence scores exactly as in BM25 at
    that length, more occurrences still score more.  ``c`` must be positive:
    paragraphs must average more than three tokens per column (24); below
    that ``None`` (plain ``bm25()``: ranking by the words' rarity).
    """
    c = K1 * (1 - B - B * len(COLUMNS) / average) if average > 0 else -1.0
    if c <= 0.01:
        return None
    out = []
    for _name, bound in COLUMNS:
        target = _bm25_factor(_middle(bound), average)
        out.append(round(target * c / ((K1 + 1) - target), 5))
    return tuple(out)


def _varints(blob: bytes) -> list[int]:
    """SQLite varints (big-endian 7-bit groups, the ninth byte whole), as FTS5 writes its records."""
    out, i = [], 0
    while i < len(blob):
        value = 0
        for k in range(9):
            byte = blob[i]
            i += 1
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        out.append(value)
    return out


def average_tokens(connection: Connection) -> float:
    """Tokens per indexed paragraph, from FTS5's "averages" record (row 1 of ``%_data``:
    the row count, then each column's token total); 0 for an empty index."""
    blob = connection.execute(text(f"SELECT block FROM {FTS_TABLE}_data WHERE id = 1")).scalar()
    numbers = _varints(blob or b"")
    return sum(numbers[1:]) / numbers[0] if numbers and numbers[0] else 0.0


def rank_expression(connection: Connection) -> str:
    """The ranking SQL: ``bm25()`` with the length-class weights for this library's average length."""
    found = weights(average_tokens(connection))
    return f"bm25({FTS_TABLE}, {', '.join(repr(w) for w in found)})" if found else f"bm25({FTS_TABLE})"


_NAMES = ", ".join(n for n, _m in COLUMNS)
_CALLS = {side: ", ".join(f"bd_col({side}.text, {i})" for i in range(len(COLUMNS))) for side in ("new", "old")}

_DDL = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
            {_NAMES}, content='', columnsize=0, tokenize='unicode61 remove_diacritics 2', prefix='1')""",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'row')",
    f"""CREATE TRIGGER IF NOT EXISTS paragraph_fts_ai AFTER INSERT ON paragraph BEGIN
            INSERT INTO {FTS_TABLE}(rowid, {_NAMES}) VALUES (new.id, {_CALLS['new']});
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS paragraph_fts_ad AFTER DELETE ON paragraph BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_NAMES})
                VALUES ('delete', old.id, {_CALLS['old']});
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS paragraph_fts_au AFTER UPDATE OF text ON paragraph BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_NAMES})
                VALUES ('delete', old.id, {_CALLS['old']});
            INSERT INTO {FTS_TABLE}(rowid, {_NAMES}) VALUES (new.id, {_CALLS['new']});
        END""",
]


def configure_engine(engine: Engine) -> None:
    """Register ``bd_tokens``/``bd_col`` and set pragmas on every new SQLite connection.

    Pragmas: ``foreign_keys=ON`` (cascading deletes), ``journal_mode=WAL``
    for file databases (readers do not block the importer),
    ``synchronous=NORMAL`` (safe with WAL).
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # pragma: no cover - exercised by every test
        dbapi_connection.create_function("bd_tokens", 1, _tokens, deterministic=True)
        dbapi_connection.create_function("bd_col", 2, column_tokens, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _tokens(value: str | None) -> str:
    return index_text(value or "")


def length_column(token_count: int) -> int:
    """The index column (see :data:`COLUMNS`) of a paragraph of ``token_count`` tokens."""
    for bound in _BOUNDS:
        if token_count <= bound:
            return _CLASS_COLUMN[bound]
    return len(COLUMNS) - 1


_last: tuple[str | None, str, int] = (None, "", -1)


def column_tokens(value: str | None, column: int) -> str | None:
    """``bd_col(text, column)``: the tokens of ``text`` if its length class is ``column``, else NULL.

    The triggers call it once per column for the same text; the last text's
    tokens are kept, so a paragraph is tokenised once.
    """
    global _last
    cached = _last
    if cached[0] is not value and cached[0] != value:
        tokens = _primed.get(value) if _primed and value is not None else None
        if tokens is None:
            tokens = index_text(value or "")
        cached = (value, tokens, length_column(tokens.count(" ") + 1 if tokens.strip() else 0))
        _last = cached
    return cached[1] if cached[2] == column else None


_primed: dict[str, str] = {}


@contextlib.contextmanager
def primed_tokens(tokens: dict[str, str]):
    """Within the block, ``bd_col`` takes a text's tokens from ``tokens`` (text → what
    :func:`index_text` returns for it, computed elsewhere, e.g. in an import worker process)
    instead of tokenising it again.  The tokens must be :func:`index_text`'s own."""
    global _primed
    _primed = tokens
    try:
        yield
    finally:
        _primed = {}


def index_entry(value: str) -> tuple[int, str]:
    """``(column, tokens)``: what the insert trigger indexes for a paragraph of text ``value``
    (``bd_col``'s choice of length class and :func:`index_text`'s tokens), for writers that
    fill the index themselves (:func:`index_rows`); cheap to compute in an import worker."""
    tokens = index_text(value or "")
    return length_column(tokens.count(" ") + 1 if tokens.strip() else 0), tokens


@contextmanager
def trigger_suspended(connection: Connection):
    """Within the block, inserting into ``paragraph`` does not index the rows: the writer
    indexes them itself with :func:`index_rows`, in the same transaction.

    The insert trigger is dropped and created again (the same SQL) inside the caller's
    transaction (which must already have written: raises ``RuntimeError`` otherwise), so no other connection ever sees the table without it; when the block
    raises, the trigger is not created here: the caller's rollback restores it.  For bulk imports: one ``executemany`` of index rows in rowid order costs
    the same as the trigger's work without one Python call per row and column.
    """
    if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        # Python's sqlite3 opens a transaction only before a data change: DDL before it would
        # commit at once, and a rollback would leave the table without its trigger
        raise RuntimeError("trigger_suspended needs a transaction that has already written")
    connection.execute(text("DROP TRIGGER IF EXISTS paragraph_fts_ai"))
    yield  # an error in the block propagates: the caller's rollback brings the trigger back
    connection.execute(text(_DDL[2]))


def index_rows(connection: Connection, rows: list[tuple[int, int, str]]) -> None:
    """Index paragraphs: ``rows`` are ``(paragraph id, column, tokens)`` from :func:`index_entry`,
    in ascending id order (FTS5 writes its pending terms out whenever a rowid is not larger
    than the last one: sorted, a batch stays one segment).  The index then holds exactly what
    the insert trigger would have written.  Use inside :func:`trigger_suspended`."""
    if not rows:
        return
    width = len(COLUMNS)
    params = []
    for rowid, column, tokens in sorted(rows):
        values: list = [None] * (width + 1)
        values[0] = rowid
        values[column + 1] = tokens
        params.append(tuple(values))
    connection.exec_driver_sql(  # positional: the sqlite3 module's "?" parameters, no work per row
        f"INSERT INTO {FTS_TABLE}(rowid, {_NAMES}) VALUES ({', '.join('?' * (width + 1))})", params)


def index_is_current(connection: Connection) -> bool:
    """True when the index table and its triggers are those this module creates (same columns)."""
    columns = [row[1] for row in connection.execute(text(f"PRAGMA table_info({FTS_TABLE})"))]
    triggers = {row[0]: row[1] for row in connection.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'paragraph_fts_%'"))}
    vocab = connection.execute(text("SELECT count(*) FROM sqlite_master WHERE name = :n"),
                               {"n": VOCAB_TABLE}).scalar()
    return (columns == [n for n, _m in COLUMNS] and vocab == 1 and len(triggers) == 3
            and all("bd_col" in sql for sql in triggers.values()))


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
    calls = ", ".join(f"bd_col(text, {i})" for i in range(len(COLUMNS)))
    connection.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, {_NAMES}) SELECT id, {calls} FROM paragraph"))
    optimize_index(connection)
    return connection.execute(text("SELECT count(*) FROM paragraph")).scalar_one()


def optimize_index(connection: Connection) -> None:
    """Merge the index's b-trees into one (FTS5 ``'optimize'`` command): smaller and faster to query."""
    connection.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('optimize')"))


def checkpoint(connection: Connection) -> None:
    """Copy the write-ahead log into the database file and truncate it (``PRAGMA wal_checkpoint``)."""
    connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def document_frequencies(connection: Connection) -> dict[str, int]:
    """``{index token: how many paragraphs hold it}`` for every token of the index (its vocabulary
    table, SQLite FTS5 §7 "The fts5vocab virtual table module")."""
    return dict(connection.execute(text(f"SELECT term, doc FROM {VOCAB_TABLE}")).all())


def count_matches(connection: Connection, match: str) -> int:
    """How many paragraphs an FTS5 ``MATCH`` expression (:func:`match_expression`) finds."""
    return connection.execute(text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :m"),
                              {"m": match}).scalar_one()


def index_bytes(connection: Connection) -> int:
    """Bytes the FTS index's tables take in the file (SQLite's ``dbstat`` table), 0 if unknown."""
    return connection.execute(text(
        f"SELECT sum(pgsize) FROM dbstat WHERE name LIKE '{FTS_TABLE}%'")).scalar() or 0


def _phrase(term: Term, *, exact: bool = False) -> str:
    """One term as an FTS5 phrase; ``exact`` drops a prefix the query added by itself."""
    quoted = '"' + " ".join(term.tokens.tokens).replace('"', '""') + '"'
    prefix = term.tokens.prefix and not (exact and term.tokens.auto)
    return quoted + (" *" if prefix else "")


def _excluded(query: Query) -> str:
    return (" NOT (" + " OR ".join(_phrase(t) for t in query.excluded) + ")") if query.excluded else ""


def match_expression(query: Query, *, exact: bool = False) -> str:
    """The FTS5 MATCH string for ``query``: every term quoted, so no user text is syntax.

    ``exact`` drops the prefixes the query added by itself (see :func:`.tokens.term_tokens`).
    """
    groups = []
    for group in query.groups:
        alternatives = [_phrase(t, exact=exact) for t in group]
        groups.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
    return " AND ".join(groups) + _excluded(query)


def ranked_expressions(query: Query) -> list[str]:
    """MATCH strings whose results come in this order, each tier ranked by BM25.

    1. Several words typed one after another: the paragraphs holding them
       *in that order, side by side and as typed* (FTS5 phrase concatenation
       ``+``).  BM25 alone ignores word order and would put a short paragraph
       with the words scattered above the paragraph the delegate is quoting.
    2. The paragraphs holding the words as typed, anywhere.
    3. The paragraphs holding only longer words the typed ones begin
       (``decision`` → ``decisions``; :data:`.tokens.AUTO_PREFIX_LETTERS`).

    Each tier excludes the earlier ones; tiers that cannot differ are left
    out.  A later tier is read only when the earlier ones do not fill the
    page, which also spares the index the costly merge of every word a
    common prefix begins.
    """
    exact = match_expression(query, exact=True)
    tiers = []
    if len(query.groups) >= 2 and all(len(g) == 1 for g in query.groups):
        adjacent = "(" + " + ".join(_phrase(g[0], exact=True) for g in query.groups) + ")" + _excluded(query)
        tiers.append(adjacent)
    tiers.append(exact)
    if any(t.tokens.auto for t in query.positive_terms):
        tiers.append(match_expression(query))
    # each tier holds the one before it (side by side ⊂ as typed ⊂ with longer words)
    return [tier if i == 0 else f"({tier}) NOT ({tiers[i - 1]})" for i, tier in enumerate(tiers)]


def filter_sql(filters) -> tuple[str, dict]:
    """The SQL condition (over ``p`` paragraph, ``d`` document) and bound parameters for a
    :class:`~briefdesk.core.search.SearchFilters`; ``""`` when nothing filters (:mod:`.filter_sql`).

    Dates compare as ISO 8601 text, the form SQLAlchemy's ``Date`` type stores in SQLite.
    """
    return shared_filter_sql(filters, lambda d: d.isoformat())


class SearchInterrupted(SearchError):
    """A search ran past its time budget and SQLite stopped it (see :func:`time_budget`)."""


@contextmanager
def time_budget(connection: Connection, seconds: float):
    """Stop any statement run on ``connection`` inside the block once ``seconds`` have passed.

    SQLite calls a progress handler every 1,000 virtual-machine instructions
    (``sqlite3_progress_handler``, reached through SQLAlchemy's raw DB-API
    connection); returning non-zero interrupts the statement, which then
    fails with "interrupted" and :func:`_run` raises :class:`SearchInterrupted`.
    Yields a dict whose ``"expired"`` says whether the budget ran out.
    """
    raw = connection.connection.driver_connection
    deadline = time.monotonic() + seconds
    state = {"expired": False}

    def handler() -> int:
        if time.monotonic() > deadline:
            state["expired"] = True
            return 1
        return 0

    raw.set_progress_handler(handler, 1000)
    try:
        yield state
    finally:
        raw.set_progress_handler(None, 1000)


def _run(connection: Connection, sql: str, params: dict):
    """Execute; an SQLite error (a malformed MATCH the quoting missed) is logged and becomes a plain
    :class:`SearchError` whose message names no database; a statement stopped by :func:`time_budget`
    raises :class:`SearchInterrupted`."""
    try:
        return connection.execute(text(sql), params).all()
    except OperationalError as exc:
        if "interrupted" in str(exc.orig):
            log.warning("search stopped after %s s (MATCH %r)", limits.QUERY_SECONDS, params.get("match"))
            raise SearchInterrupted(_("This search took too long and was stopped. Use fewer or rarer words, "
                                      "or a filter.")) from exc
        log.warning("search failed: %s (MATCH %r)", exc.orig, params.get("match"))
        raise SearchError(_("This search cannot be run. Put the words in quotes, "
                            "or leave out the signs between them.")) from exc


def paragraph_counts(connection: Connection, query: Query, filters=None) -> dict[int, int]:
    """Document id → number of its paragraphs matching ``query`` (one ``GROUP BY`` on the index).
    Raises :class:`SearchError` (never an SQLite error), as :func:`_run` does."""
    where, params = filter_sql(filters)
    sql = (f"SELECT p.document_id, count(*) FROM {FTS_TABLE} f JOIN paragraph p ON p.id = f.rowid "
           f"JOIN document d ON d.id = p.document_id WHERE {FTS_TABLE} MATCH :match"
           + (f" AND {where}" if where else "") + " GROUP BY p.document_id")
    return {doc_id: n for doc_id, n in _run(connection, sql, dict(params, match=match_expression(query)))}


def search(connection: Connection, query: Query, *, filters=None, limit: int = 50,
           offset: int = 0) -> list[tuple[int, float]]:
    """Paragraph ids matching ``query``, best first, as ``(paragraph_id, bm25)`` pairs:
    ``limit`` of them after skipping ``offset``, in the tiers of :func:`ranked_expressions`.

    ``filters`` is a :class:`~briefdesk.core.search.SearchFilters` (or ``None``).
    Raises :class:`SearchError` (never an SQLite error).  The whole search
    runs within :data:`~briefdesk.core.limits.QUERY_SECONDS`
    (:func:`time_budget`): when a later tier runs out of time, the hits of
    the earlier tiers are the answer (the best found so far); when the first
    does, :class:`SearchInterrupted` says so in words.
    """
    with time_budget(connection, limits.QUERY_SECONDS):
        try:
            return _search(connection, query, filters, limit, offset)
        except SearchInterrupted as exc:
            found = getattr(exc, "found", None)
            if found:
                return found
            raise


def _search(connection: Connection, query: Query, filters, limit: int, offset: int) -> list[tuple[int, float]]:
    where, params = filter_sql(filters)
    rank = rank_expression(connection)
    span = ""
    if filters is not None and filters.document_id is not None:
        # one document's paragraphs were written together: bound the index scan by their ids
        # (FTS5 seeks rowid ranges); the join below still checks the document exactly
        lo, hi = connection.execute(text("SELECT min(id), max(id) FROM paragraph WHERE document_id = :d"),
                                    {"d": filters.document_id}).one()
        if lo is None:
            return []
        span = " AND rowid BETWEEN :lo AND :hi"
        params.update(lo=lo, hi=hi)
    if where:
        inner = (f"(SELECT rowid AS id, {rank} AS score FROM {FTS_TABLE} "
                 f"WHERE {FTS_TABLE} MATCH :match{span}) AS f "
                 f"JOIN paragraph p ON p.id = f.id JOIN document d ON d.id = p.document_id WHERE {where}")
        sql = f"SELECT f.id, f.score FROM {inner} ORDER BY f.score LIMIT :limit OFFSET :offset"
        count_sql = f"SELECT count(*) FROM {inner}"
    else:  # no join: the index alone answers
        sql = (f"SELECT rowid, {rank} AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match "
               f"ORDER BY score LIMIT :limit OFFSET :offset")
        count_sql = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match"

    def fetch(expression: str, need: int, skip: int) -> list[tuple[int, float]]:
        bound = dict(params, match=expression, limit=need, offset=skip)
        rows = _rank_then_filter(connection, rank, span, where, bound) if where else None
        if rows is None:
            rows = _run(connection, sql, bound)
        return [(row[0], float(row[1])) for row in rows]

    out: list[tuple[int, float]] = []
    try:
        page_through(ranked_expressions(query), fetch,
                     lambda expression: _run(connection, count_sql, dict(params, match=expression))[0][0],
                     limit, offset, out)
    except SearchInterrupted as exc:
        exc.found = out  # type: ignore[attr-defined]  # the earlier tiers' hits: the best found so far
        raise
    return out


#: how many of the best-ranked matches :func:`_rank_then_filter` checks against the filters
FILTER_WINDOW = 4


def _rank_then_filter(connection: Connection, rank: str, span: str, where: str, bound: dict):
    """The page for a filtered query when the filters keep most matches, or ``None`` to join instead.

    Joining every match to its paragraph and document before ranking costs
    a lookup per match (30 ms for a common word at a million paragraphs).
    Here the index ranks alone; the best ``FILTER_WINDOW`` × (offset + limit)
    matches are checked against the filters in one query; when enough pass
    (or the matches end within the window) they are the page, in rank order.
    Otherwise the filters are selective and the caller joins.
    """
    wanted = bound["offset"] + bound["limit"]
    window = FILTER_WINDOW * wanted
    ranked = _run(connection, f"SELECT rowid, {rank} AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match"
                              f"{span} ORDER BY score LIMIT :window", dict(bound, window=window))
    if not ranked:
        return []
    marks = ", ".join(f":i{k}" for k in range(len(ranked)))
    keep = {row[0] for row in _run(
        connection, f"SELECT p.id FROM paragraph p CROSS JOIN document d ON d.id = p.document_id "
                    f"WHERE p.id IN ({marks}) AND {where}",
        dict(bound, **{f"i{k}": row[0] for k, row in enumerate(ranked)}))}
    passing = [row for row in ranked if row[0] in keep]
    if len(passing) < wanted and len(ranked) == window:
        return None
    return passing[bound["offset"]:wanted]


#: tokens kept for a similarity query: the rarest ones, at most this many
SIMILAR_TOKENS = 16

#: most document frequencies a :func:`similar_candidates` cache keeps before starting afresh
FREQUENCY_CACHE = 200_000


def similar_candidates(connection: Connection, tokens: str, *, language: str | None = None,
                       exclude_document: int | None = None, limit: int,
                       languages: Sequence[str] = (), kinds: Sequence[str] = (),
                       frequencies: dict[str, int] | None = None, keep: int | None = None) -> list[int]:
    """Ids of paragraphs sharing the rarest of ``tokens`` (an :func:`.tokens.index_text` stream),
    best BM25 first, at most ``limit``: in ``language`` (or any of ``languages``; neither: any),
    outside document ``exclude_document`` (``None``: none left out), of documents whose kind is
    one of ``kinds`` (empty: any).  ``keep`` tokens are kept (default :data:`SIMILAR_TOKENS`).

    Document frequencies come from the index's vocabulary table
    (``paragraph_fts_vocab``, SQLite FTS5 §7 "The fts5vocab virtual table module").
    ``frequencies``, if given, is a cache of them (token → paragraphs holding it) read first
    and filled with what was looked up: a panel asking again as a paragraph is typed looks up
    only its new words.  A cached count may lag an import; it only chooses which tokens are
    the rarest, never which paragraphs match.
    """
    distinct = sorted(set(t for t in tokens.split() if len(t) > 1 or not t.isascii()))
    if not distinct:
        return []
    frequency = {t: frequencies[t] for t in distinct if t in frequencies} if frequencies is not None else {}
    missing = [t for t in distinct if t not in frequency]
    if missing:
        marks = ", ".join(f":t{i}" for i in range(len(missing)))
        found = dict(_run(connection, f"SELECT term, doc FROM {VOCAB_TABLE} WHERE term IN ({marks})",
                          {f"t{i}": t for i, t in enumerate(missing)}))
        frequency.update(found)
        if frequencies is not None:
            if len(frequencies) > FREQUENCY_CACHE:
                frequencies.clear()
            frequencies.update(found)
    present = [t for t in distinct if t in frequency]
    if not present:
        return []
    present.sort(key=lambda t: (frequency[t], t))
    rare = present[:keep or SIMILAR_TOKENS]
    match = " OR ".join('"' + t.replace('"', '""') + '"' for t in rare)
    params: dict = {"match": match, "limit": limit}
    where, conditions = candidate_sql(language, languages, kinds, exclude_document)
    params.update(conditions)
    sql = (f"SELECT p.id FROM {FTS_TABLE} JOIN paragraph p ON p.id = {FTS_TABLE}.rowid "
           f"JOIN document d ON d.id = p.document_id "
           f"WHERE {FTS_TABLE} MATCH :match" + "".join(f" AND {w}" for w in where) +
           f" ORDER BY {rank_expression(connection)} LIMIT :limit")
    return [row[0] for row in _run(connection, sql, params)]
