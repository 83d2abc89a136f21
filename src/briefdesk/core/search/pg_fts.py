"""Everything PostgreSQL-specific about search: the paragraph index and its queries (issue 16).

This is the one module that writes PostgreSQL's own search SQL, as
:mod:`.sqlite_fts` is for SQLite.  The two backends index the same tokens
and understand the same query language (:mod:`.query`):

* **Tokens.**  A paragraph's tokens are those of
  :func:`.tokens.index_text` (folded Latin and Cyrillic, Arabic without
  diacritics, Chinese bigrams), split into words the way SQLite's
  ``unicode61`` tokenizer splits them (runs of letters and digits,
  :data:`TOKEN`).  They are written as a ``tsvector`` *literal* with their
  positions, not passed through ``to_tsvector``: PostgreSQL's text parser
  would split ``70/1``, ``e-mail`` or URLs differently from the queries'
  tokens; the literal is exactly the ``'simple'`` configuration's output
  over our token stream, with no parser in between.
* **Index.**  ``paragraph_fts(paragraph_id, tokens tsvector, length)``,
  one row per paragraph, a GIN index over ``tokens``.  A trigger on
  ``paragraph`` (insert, update of ``text``) writes the row with ``tokens``
  NULL, so *every* writer — :meth:`Library.add`, a bulk importer, a
  migration, ``psql`` — leaves a mark; Python fills the tokens in
  (:func:`index_paragraphs` in the writer's own transaction where the writer
  knows the texts, :func:`catch_up` before every search for the rest).
  Deleting a paragraph deletes its row (``ON DELETE CASCADE``).
* **Queries.**  Terms become ``tsquery`` phrases (``<->``), prefixes
  ``:*``; the tiers of :func:`.sqlite_fts.ranked_expressions` are kept
  (side by side, as typed, with longer words).
* **Ranking.**  BM25 (Robertson & Zaragoza 2009, eq. 3.15; k1 = 1.2,
  b = 0.75 as FTS5's ``bm25()``) computed in SQL from each row's stored
  token count and the term frequencies in its ``tsvector``, with FTS5's IDF
  ``ln((N − n + 0.5)/(n + 0.5))`` (at least 1e-6).  Scores are returned
  negated, so smaller is better as on SQLite.
* **Speed** (p95 ≤ 30 ms at a million paragraphs, ``bench/search_scale.py
  --postgresql``).  A row's BM25 is one pass over its ``tsvector``
  (:func:`_score_sql`); only a tier's :data:`CANDIDATES` shortest matches
  of its first :data:`WINDOW` are scored (a tier with fewer matches is
  ranked whole); N, the average length and the terms' counts are cached
  per engine until the table changes (:func:`_cache`), and a term in more
  than :data:`COUNT_CAP` paragraphs takes the planner's estimate.

Limits of ``tsvector`` (PostgreSQL manual §8.11.1): positions above 16383 are
stored as 16383 (a phrase in the 16384th word of one paragraph and later is
then not found as a phrase, the words still are), at most 256 positions per
token are kept (term frequency saturates long before), and a token longer
than 2046 bytes is left out of the index.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
import weakref
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from ..errors import SearchError
from ..i18n import _
from .filter_sql import candidate_sql, filter_sql as shared_filter_sql
from .query import Query, Term
from .tiers import page_through
from .tokens import index_text

log = logging.getLogger("briefdesk.search")

TABLE = "paragraph_fts"
#: an index token: a run of letters and digits (SQLite ``unicode61``'s token characters)
TOKEN = re.compile(r"[^\W_]+")
MAX_POSITION = 16383
MAX_POSITIONS_PER_TOKEN = 256
MAX_TOKEN_BYTES = 2046
K1, B = 1.2, 0.75

_DDL = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
            paragraph_id integer PRIMARY KEY REFERENCES paragraph(id) ON DELETE CASCADE,
            tokens tsvector,
            length integer NOT NULL DEFAULT 0)""",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_tokens ON {TABLE} USING gin (tokens)",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_pending ON {TABLE} (paragraph_id) WHERE tokens IS NULL",
    f"""CREATE OR REPLACE FUNCTION {TABLE}_pending() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {TABLE}(paragraph_id, tokens, length) VALUES (NEW.id, NULL, 0)
                ON CONFLICT (paragraph_id) DO UPDATE SET tokens = NULL, length = 0;
            RETURN NULL;
        END $$""",
    f"DROP TRIGGER IF EXISTS {TABLE}_ai ON paragraph",
    f"""CREATE TRIGGER {TABLE}_ai AFTER INSERT ON paragraph
            FOR EACH ROW EXECUTE FUNCTION {TABLE}_pending()""",
    f"DROP TRIGGER IF EXISTS {TABLE}_au ON paragraph",
    f"""CREATE TRIGGER {TABLE}_au AFTER UPDATE OF text ON paragraph
            FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION {TABLE}_pending()""",
]


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def split(tokens: str) -> list[str]:
    """The index words of a :func:`.tokens.index_text` stream (or of one query token)."""
    return TOKEN.findall(tokens)


def tsvector_literal(paragraph_text: str) -> tuple[str, int]:
    """``(tsvector literal, token count)`` for a paragraph's text: ``"'a':1,3 'b':2"``."""
    words = split(index_text(paragraph_text or ""))
    positions: dict[str, list[int]] = {}
    for i, word in enumerate(words, 1):
        if len(word.encode("utf-8")) > MAX_TOKEN_BYTES:
            continue
        found = positions.setdefault(word, [])
        if len(found) < MAX_POSITIONS_PER_TOKEN:
            found.append(min(i, MAX_POSITION))
    literal = " ".join(_lexeme(w) + ":" + ",".join(map(str, sorted(set(p)))) for w, p in positions.items())
    return literal, len(words)


def install_index(connection: Connection) -> None:
    """Create the table, its indexes and triggers (idempotent), then index every paragraph."""
    for statement in _DDL:
        connection.execute(text(statement))
    rebuild_index(connection)


def drop_index(connection: Connection) -> None:
    """Drop the index table, its triggers and function (downgrade)."""
    connection.execute(text(f"DROP TRIGGER IF EXISTS {TABLE}_ai ON paragraph"))
    connection.execute(text(f"DROP TRIGGER IF EXISTS {TABLE}_au ON paragraph"))
    connection.execute(text(f"DROP FUNCTION IF EXISTS {TABLE}_pending()"))
    connection.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))


def rebuild_index(connection: Connection) -> int:
    """Mark every paragraph for indexing and index them all; returns the paragraph count."""
    connection.execute(text(f"""INSERT INTO {TABLE}(paragraph_id, tokens, length)
                                SELECT id, NULL, 0 FROM paragraph
                                ON CONFLICT (paragraph_id) DO UPDATE SET tokens = NULL, length = 0"""))
    catch_up(connection)
    return connection.execute(text("SELECT count(*) FROM paragraph")).scalar_one()


def index_paragraphs(connection: Connection, paragraphs) -> None:
    """Write the tokens of ``paragraphs`` (``(paragraph id, text)`` pairs) in the caller's transaction."""
    rows = []
    for pid, paragraph_text in paragraphs:
        literal, length = tsvector_literal(paragraph_text)
        rows.append({"id": pid, "v": literal, "n": length})
    if rows:
        changed()
        connection.execute(text(f"UPDATE {TABLE} SET tokens = CAST(:v AS tsvector), length = :n "
                                f"WHERE paragraph_id = :id"), rows)


def catch_up(connection: Connection, batch: int = 2000) -> int:
    """Index the paragraphs a writer left unindexed (``tokens`` NULL); returns how many.

    Rows another transaction is indexing are skipped (``SKIP LOCKED``), so
    concurrent searches do not wait on each other.
    """
    done = 0
    while True:
        rows = connection.execute(text(
            f"""SELECT f.paragraph_id, p.text FROM {TABLE} f JOIN paragraph p ON p.id = f.paragraph_id
                WHERE f.tokens IS NULL LIMIT :batch FOR UPDATE OF f SKIP LOCKED"""), {"batch": batch}).all()
        if not rows:
            return done
        index_paragraphs(connection, rows)
        done += len(rows)
        if len(rows) < batch:
            return done


def bulk_index(connection: Connection, paragraphs, progress=None) -> int:
    """Index ``paragraphs`` (an iterable of ``(paragraph id, text)``, every paragraph of the
    library) at once: the table is emptied, filled by ``COPY`` and its indexes built afterwards
    (PostgreSQL manual §14.4 "Populating a Database": load, then index).  For a library loaded
    with the triggers off (a benchmark's copy of an SQLite library); ``progress(done)`` is called
    every 10,000 paragraphs.  Returns how many paragraphs were indexed."""
    connection.execute(text(f"DROP INDEX IF EXISTS ix_{TABLE}_tokens"))
    connection.execute(text(f"DROP INDEX IF EXISTS ix_{TABLE}_pending"))
    connection.execute(text(f"TRUNCATE {TABLE}"))
    changed()
    done = 0
    with connection.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f"COPY {TABLE} (paragraph_id, tokens, length) FROM STDIN") as copy:
            for pid, paragraph_text in paragraphs:
                literal, length = tsvector_literal(paragraph_text)
                copy.write_row((pid, literal, length))
                done += 1
                if progress and done % 10000 == 0:
                    progress(done)
    connection.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
    for statement in _DDL[1:3]:
        connection.execute(text(statement))
    return done


def index_bytes(connection: Connection) -> int:
    """Bytes the index table takes with its GIN index and TOAST (``pg_total_relation_size``)."""
    return connection.execute(text(f"SELECT pg_total_relation_size('{TABLE}')")).scalar_one()


def has_pending(connection: Connection) -> bool:
    """True when some paragraph waits for its tokens (cheap: a partial index)."""
    return connection.execute(text(f"SELECT EXISTS (SELECT 1 FROM {TABLE} WHERE tokens IS NULL)")).scalar_one()


# -- queries ------------------------------------------------------------------


def _words(term: Term) -> list[str]:
    return [w for token in term.tokens.tokens for w in split(token)]


def _phrase(term: Term, *, exact: bool = False) -> str | None:
    """One term as a tsquery phrase (``'a' <-> 'b':*``); ``None`` if it has no index word."""
    words = _words(term)
    if not words:
        return None
    prefix = term.tokens.prefix and not (exact and term.tokens.auto)
    parts = [_lexeme(w) for w in words]
    if prefix:
        parts[-1] += ":*"
    return "(" + " <-> ".join(parts) + ")"


def _excluded(query: Query) -> str:
    phrases = [p for p in (_phrase(t) for t in query.excluded) if p]
    return (" & !(" + " | ".join(phrases) + ")") if phrases else ""


def match_expression(query: Query, *, exact: bool = False) -> str | None:
    """The tsquery for ``query`` (every word quoted, so no user text is syntax), or ``None``."""
    groups = []
    for group in query.groups:
        alternatives = [p for p in (_phrase(t, exact=exact) for t in group) if p]
        if alternatives:
            groups.append("(" + " | ".join(alternatives) + ")")
    if not groups:
        return None
    return "(" + " & ".join(groups) + ")" + _excluded(query)


def ranked_expressions(query: Query) -> list[str]:
    """The tsqueries of the result tiers, as :func:`.sqlite_fts.ranked_expressions` (each without the
    one before it): side by side as typed, as typed anywhere, with longer words."""
    exact = match_expression(query, exact=True)
    if exact is None:
        return []
    tiers = []
    if len(query.groups) >= 2 and all(len(g) == 1 for g in query.groups):
        phrases = [_phrase(g[0], exact=True) for g in query.groups]
        if all(phrases):
            tiers.append("(" + " <-> ".join(phrases) + ")" + _excluded(query))
    tiers.append(exact)
    if any(t.tokens.auto for t in query.positive_terms):
        tiers.append(match_expression(query))
    return [tier if i == 0 else f"({tier}) & !({tiers[i - 1]})" for i, tier in enumerate(tiers)]


def _rank_terms(query: Query) -> list[tuple[str, bool]]:
    """The distinct ``(word, is prefix)`` pairs BM25 sums over: every positive term's words."""
    out: dict[tuple[str, bool], None] = {}
    for term in query.positive_terms:
        words = _words(term)
        for i, word in enumerate(words):
            out[(word, term.tokens.prefix and i == len(words) - 1)] = None
    return list(out)


# -- corpus statistics: N, average length, per-term counts, cached ----------------
#
# Counting them per query scans the whole table (``count(*)``, ``avg(length)``: 30 ms at
# 200,000 paragraphs, five times that at a million) and a term's paragraphs (a GIN bitmap and
# its heap pages).  They change only when ``paragraph_fts`` does, so they are kept per engine
# (one database) together with a *generation*: this process's own index writes
# (:func:`index_paragraphs`, :func:`bulk_index`, :func:`catch_up`) and the table's cumulative
# statistics counters (``pg_stat_get_tuples_inserted/updated/deleted``, PostgreSQL manual §28.2),
# which show other processes' committed writes (and deletions by ``ON DELETE CASCADE``) within
# about a second (the server flushes a backend's counters at most once a second).  A new
# generation drops the cache.


class _Cache:
    """One database's statistics at one generation."""

    __slots__ = ("generation", "total", "average", "analyzed", "counts")

    def __init__(self, generation, total: int, average: float, analyzed: bool) -> None:
        self.generation, self.total, self.average, self.analyzed = generation, total, average, analyzed
        self.counts: dict[tuple[str, bool], int] = {}


_caches: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_local_writes = itertools.count()
_local_generation = [0]


def changed() -> None:
    """Drop every cached statistic of this process (an index write happened)."""
    _local_generation[0] = next(_local_writes) + 1


def _cache(connection: Connection) -> _Cache:
    counters = connection.execute(text(
        f"SELECT pg_stat_get_tuples_inserted(r), pg_stat_get_tuples_updated(r), pg_stat_get_tuples_deleted(r) "
        f"FROM (SELECT CAST('{TABLE}' AS regclass) AS r) t")).one()
    generation = (_local_generation[0], *counters)
    cache = _caches.get(connection.engine)
    if cache is None or cache.generation != generation:
        total, average, analyzed = connection.execute(text(
            f"SELECT count(*), avg(length), (SELECT bool_or(most_common_elems IS NOT NULL) FROM pg_stats "
            f"WHERE schemaname = current_schema() AND tablename = '{TABLE}' AND attname = 'tokens') "
            f"FROM {TABLE}")).one()
        cache = _Cache(generation, int(total), float(average or 0.0), bool(analyzed))
        _caches[connection.engine] = cache
    return cache


def _counts(connection: Connection, terms: list[tuple[str, bool]], cache: _Cache | None = None) -> list[int]:
    """How many paragraphs hold each ``(word, is prefix)`` term (the GIN index counts; cached)."""
    if not terms:
        return []
    cache = cache or _cache(connection)
    missing = {t: _lexeme(t[0]) + (":*" if t[1] else "") for t in dict.fromkeys(terms) if t not in cache.counts}
    if cache.analyzed and cache.total > COUNT_CAP:  # a frequent term: the estimate, no bitmap of it
        for term, query in list(missing.items()):
            estimate = _estimate(connection, query)
            if estimate >= COUNT_CAP:
                cache.counts[term] = estimate
                del missing[term]
    if missing:
        queries = list(missing.values())
        selects = ", ".join(f"(SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE tokens @@ CAST(:q{i} AS tsquery) "
                            f"LIMIT :cap) c)" for i in range(len(queries)))
        counts = connection.execute(text(f"SELECT {selects}"), {
            "cap": COUNT_CAP, **{f"q{i}": q for i, q in enumerate(queries)}}).one()
        for term, query, n in zip(missing, queries, counts):
            cache.counts[term] = max(int(n), _estimate(connection, query)) if n >= COUNT_CAP else int(n)
    return [cache.counts[t] for t in terms]


#: A term's paragraphs are counted up to this many.  A term the planner expects in more (its
#: statistics, once ``ANALYZE`` has run, know the frequent lexemes) or found in more takes the
#: planner's estimate: counting it would build the GIN bitmap of all its paragraphs (``and`` at a
#: million paragraphs: half a million), 10–30 ms the first time.
COUNT_CAP = 1000


def _estimate(connection: Connection, query: str) -> int:
    """The planner's estimate of how many paragraphs match the tsquery ``query`` (a frequent
    term's: ``ANALYZE`` keeps a tsvector column's most common lexemes with their frequencies,
    PostgreSQL manual §14.2 and ``ts_typanalyze.c``).  The literal is quoted here, as EXPLAIN takes
    no parameters that would reach the estimate."""
    literal = "'" + query.replace("'", "''") + "'"
    plan = connection.execute(text(
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE tokens @@ CAST({literal.replace(':', chr(92) + ':')} "
        f"AS tsquery)")).scalar_one()
    if isinstance(plan, str):
        import json

        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _idfs(connection: Connection, terms: list[tuple[str, bool]], total: int,
          cache: _Cache | None = None) -> list[float]:
    """FTS5's IDF per term: ``ln((N − n + 0.5)/(n + 0.5))``, at least 1e-6 (``fts5_aux.c``).

    ``total`` (N) was counted by an earlier statement: under READ COMMITTED a writer may have
    committed paragraphs in between, so a term can now be in more paragraphs than N counted;
    N is then at least the largest count (as FTS5, which reads both at once, always has)."""
    counts = _counts(connection, terms, cache)
    total = max([total, *counts])
    return [max(1e-6, math.log((total - n + 0.5) / (n + 0.5))) for n in counts]


def _score_sql(terms: list[tuple[str, bool]], idfs: list[float], average: float, params: dict) -> str:
    """SQL for a row's BM25 (higher is better) over alias ``f``; binds its values into ``params``.

    One pass over the row's ``tsvector``: each term's frequency is a filtered sum over its
    lexemes (a prefix term sums every lexeme it starts), then each term adds
    ``idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · length / avg))``; a term the row lacks adds 0."""
    if not terms:
        return "0.0"
    params["avg"] = average or 1.0
    frequencies, parts = [], []
    for i, ((word, prefix), idf) in enumerate(zip(terms, idfs)):
        params[f"w{i}"], params[f"idf{i}"] = word, idf
        test = f"starts_with(u.lexeme, CAST(:w{i} AS text))" if prefix else f"u.lexeme = CAST(:w{i} AS text)"
        frequencies.append(f"sum(coalesce(cardinality(u.positions), 1)) FILTER (WHERE {test}) AS tf{i}")
        parts.append(f"coalesce(CAST(:idf{i} AS float8) * t.tf{i} * {K1 + 1} / (t.tf{i} + {K1} * ({1 - B} + {B} "
                     f"* f.length / CAST(:avg AS float8))), 0)")
    return (f"(SELECT {' + '.join(parts)} FROM (SELECT {', '.join(frequencies)} "
            f"FROM unnest(f.tokens) u) t)")


def filter_sql(filters) -> tuple[str, dict]:
    """The SQL condition (over ``p`` paragraph, ``d`` document) and parameters for a
    :class:`~briefdesk.core.search.SearchFilters`; ``""`` when nothing filters (:mod:`.filter_sql`)."""
    return shared_filter_sql(filters)


def _run(connection: Connection, sql: str, params: dict):
    """Execute; a database error becomes a plain :class:`SearchError` naming no database."""
    try:
        with connection.begin_nested():
            return connection.execute(text(sql), params).all()
    except DBAPIError as exc:
        log.warning("search failed: %s (tsquery %r)", exc.orig, params.get("match"))
        raise SearchError(_("This search cannot be run. Put the words in quotes, "
                            "or leave out the signs between them.")) from exc


#: How much of a tier is ranked (beyond the page asked for).  Scoring a paragraph reads its
#: tsvector (about 20 µs each), so a tier of tens of thousands of matches cannot be scored in
#: 30 ms: of at most ``WINDOW`` matching paragraphs (in the index's order: a bitmap scan, by
#: place in the table), the ``CANDIDATES`` shortest — BM25's length normalisation favours them
#: at equal term frequency — are scored and ranked.  A tier with at most ``CANDIDATES`` matches
#: is ranked whole, exactly as before.
CANDIDATES = 200
WINDOW = 3000


def search(connection: Connection, query: Query, *, filters=None, limit: int = 50,
           offset: int = 0) -> list[tuple[int, float]]:
    """Paragraph ids matching ``query``, best first, as ``(paragraph_id, −BM25)`` pairs (smaller is
    better, as :func:`.sqlite_fts.search`): ``limit`` of them after skipping ``offset``, tier by tier.

    Raises :class:`SearchError` (never a database error).
    """
    tiers = ranked_expressions(query)
    if not tiers or limit <= 0:
        return []
    where, params = filter_sql(filters)
    cache = _cache(connection)
    terms = _rank_terms(query)
    score = _score_sql(terms, _idfs(connection, terms, cache.total, cache), cache.average, params)
    source = f"{TABLE} f"
    if where:
        source += " JOIN paragraph p ON p.id = f.paragraph_id JOIN document d ON d.id = p.document_id"
    condition = "f.tokens @@ CAST(:match AS tsquery)" + (f" AND {where}" if where else "")
    candidates = (f"SELECT w.paragraph_id FROM (SELECT f.paragraph_id, f.length FROM {source} "
                  f"WHERE {condition} LIMIT :window) w ORDER BY w.length, w.paragraph_id LIMIT :candidates")
    sql = (f"SELECT f.paragraph_id, {score} AS score FROM ({candidates}) c "
           f"JOIN {TABLE} f ON f.paragraph_id = c.paragraph_id "
           f"ORDER BY score DESC, f.paragraph_id LIMIT :limit OFFSET :offset")
    count_sql = f"SELECT count(*) FROM {source} WHERE {condition}"

    def fetch(expression: str, need: int, skip: int) -> list[tuple[int, float]]:
        rows = _run(connection, sql, dict(params, match=expression, limit=need, offset=skip,
                                          candidates=CANDIDATES + need + skip,
                                          window=WINDOW + need + skip))
        return [(row[0], -float(row[1])) for row in rows]

    def count(expression: str) -> int:
        return _run(connection, count_sql, dict(params, match=expression))[0][0]

    return page_through(tiers, fetch, count, limit, offset)


#: tokens kept for a similarity query: the rarest ones, at most this many (as on SQLite)
SIMILAR_TOKENS = 16


def similar_candidates(connection: Connection, tokens: str, *, language: str | None = None,
                       exclude_document: int | None = None, limit: int,
                       languages: Sequence[str] = (), kinds: Sequence[str] = (),
                       keep: int | None = None) -> list[int]:
    """Ids of paragraphs sharing the rarest of ``tokens`` (an :func:`.tokens.index_text` stream),
    best BM25 first, at most ``limit``, filtered by language(s), document and document kinds
    as :func:`.sqlite_fts.similar_candidates` is, keeping the ``keep`` rarest tokens."""
    distinct = sorted(set(t for t in split(tokens) if len(t) > 1 or not t.isascii()))
    if not distinct:
        return []
    cache = _cache(connection)
    total, average = cache.total, cache.average
    frequency = dict(zip(distinct, _counts(connection, [(t, False) for t in distinct], cache)))
    present = [t for t in distinct if frequency[t] > 0]
    if not present:
        return []
    present.sort(key=lambda t: (frequency[t], t))
    rare = [(t, False) for t in present[:keep or SIMILAR_TOKENS]]
    params: dict = {"limit": limit, "match": " | ".join(_lexeme(t) for t, _p in rare)}
    score = _score_sql(rare, _idfs(connection, rare, total, cache), average, params)
    where, conditions = candidate_sql(language, languages, kinds, exclude_document)
    params.update(conditions)
    sql = (f"SELECT f.paragraph_id FROM {TABLE} f JOIN paragraph p ON p.id = f.paragraph_id "
           f"JOIN document d ON d.id = p.document_id "
           f"WHERE f.tokens @@ CAST(:match AS tsquery)" + "".join(f" AND {w}" for w in where) +
           f" ORDER BY {score} DESC, f.paragraph_id LIMIT :limit")
    return [row[0] for row in _run(connection, sql, params)]
