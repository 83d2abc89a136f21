"""PostgreSQL beside SQLite (issue 16): migrations both ways, the index kept in step, the same tokens.

The PostgreSQL cases run on the session's throwaway server (:mod:`tests.pg`)
and skip, saying why, where PostgreSQL is not installed.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from briefdesk.core.library import Library, _alembic_config, make_engine
from briefdesk.core.search import pg_fts
from briefdesk.core.search.tokens import index_text

OP = ParagraphKind.OPERATIVE.value


def _doc(symbol: str, language: str, texts: list[str]) -> ParsedDocument:
    return ParsedDocument(symbol=symbol, title=symbol, body="COP", session="twelfth meeting",
                          language=language, kind=DocumentKind.DECISION.value,
                          paragraphs=[ParsedParagraph(text=t, kind=OP, number=f"{i + 1}.")
                                      for i, t in enumerate(texts)])


def _tables(connection) -> set[str]:
    return set(sa.inspect(connection).get_table_names())


def test_migrations_run_up_and_down_on_both_backends(backend):
    library = Library(backend)
    library.add(_doc("XII/6", "en", ["Welcomes the work of the forest partners"]),
                content_hash="a", source_name="a.txt")
    postgres = library.engine.dialect.name == "postgresql"
    library.close()
    engine = make_engine(backend if isinstance(backend, str) else "sqlite:///" + str(backend))
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            assert ("paragraph_fts" in _tables(connection)) is True  # FTS5 on SQLite, ours on PostgreSQL
            config.attributes["connection"] = connection
            command.downgrade(config, "0007")
            if postgres:
                assert "paragraph_fts" not in _tables(connection)
            command.downgrade(config, "base")
            assert not {"document", "paragraph"} & _tables(connection)
            command.upgrade(config, "head")
            assert {"document", "paragraph", "paragraph_fts"} <= _tables(connection)
    finally:
        engine.dispose()
    library = Library(backend)
    try:
        library.add(_doc("XII/6", "en", ["Welcomes the work of the forest partners"]),
                    content_hash="a", source_name="a.txt")
        assert [h.position for h in library.search("forest")] == [0]
    finally:
        library.close()


@pytest.fixture
def pg_library(pg_server):
    url = pg_server.fresh_database()
    library = Library(url)
    yield library
    library.close()
    pg_server.drop_database(url)


def test_the_pg_index_holds_the_sqlite_tokens(pg_library):
    texts = ["请执行秘书加强与森林合作伙伴关系成员的协作", "Décide de renforcer la coopération, A/RES/70/1",
             "إِنَّ الْجَمْعِيَّةَ الْعَامَّةَ", "Развития стран ＡＢＣ１ e-mail x_y"]
    pg_library.add(_doc("XII/6", "mul", texts), content_hash="t", source_name="t.txt")
    with pg_library.engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT p.text, f.length, array_to_string(tsvector_to_array(f.tokens), ' ') FROM paragraph_fts f "
            "JOIN paragraph p ON p.id = f.paragraph_id ORDER BY p.position")).all()
    for text, length, lexemes in rows:
        words = pg_fts.split(index_text(text))
        assert length == len(words)
        assert set(lexemes.split()) == set(words)
    assert set(rows[0][2].split()) >= {"森林", "协作", "作"}
    assert set(rows[1][2].split()) >= {"decide", "cooperation", "res", "70", "1"}
    assert set(rows[2][2].split()) == {"ان", "الجمعية", "العامة"}
    assert set(rows[3][2].split()) >= {"развития", "abc1", "e", "mail", "x", "y"}


def test_the_pg_index_follows_every_writer(pg_library):
    doc_id = pg_library.add(_doc("XII/6", "en", ["Welcomes the forest partners"]),
                            content_hash="w", source_name="w.txt")
    with pg_library.engine.begin() as connection:  # another writer: plain SQL, no Python tokens
        pid = connection.execute(sa.text("SELECT id FROM paragraph WHERE document_id = :d"), {"d": doc_id}).scalar()
        connection.execute(sa.text("UPDATE paragraph SET text = 'Welcomes the mangrove partners' WHERE id = :p"),
                           {"p": pid})
        connection.execute(sa.text("INSERT INTO paragraph (document_id, position, kind, level, text) "
                                   "SELECT :d, 1, kind, level, 'Notes the coral reefs' FROM paragraph WHERE id = :p"),
                           {"d": doc_id, "p": pid})
        assert pg_fts.has_pending(connection)
    assert pg_library.search("forest") == []
    assert [h.position for h in pg_library.search("mangrove")] == [0]
    assert [h.position for h in pg_library.search("coral reefs")] == [1]
    with pg_library.engine.connect() as connection:
        assert not pg_fts.has_pending(connection)
    pg_library.delete(doc_id)
    with pg_library.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM paragraph_fts")).scalar() == 0
    assert pg_library.reindex() == 0


def test_pg_ranking_is_bm25_like(pg_library):
    pg_library.add(_doc("XII/6", "en", [
        "forest " + "and other matters of the convention " * 12,
        "forest partners",
        "forest partners of the convention on biological diversity and its protocols",
        "forest forest partners of the convention on biological diversity and its protocols",
    ]), content_hash="r", source_name="r.txt")
    hits = pg_library.search("forest")
    # shorter first; at the same length more occurrences first (BM25, k1 = 1.2, b = 0.75)
    order = [h.position for h in hits]
    assert sorted(order) == [0, 1, 2, 3] and order[-1] == 0
    assert order.index(1) < order.index(2) and order.index(3) < order.index(2)
    assert all(a.score <= b.score for a, b in zip(hits, hits[1:]))  # smaller is better, as on SQLite


def _exact_statistics(library) -> tuple[int, float, int]:
    with library.engine.connect() as connection:
        n, average = connection.execute(sa.text("SELECT count(*), avg(length) FROM paragraph_fts")).one()
        forest = connection.execute(sa.text(
            "SELECT count(*) FROM paragraph_fts WHERE tokens @@ CAST('''forest''' AS tsquery)")).scalar()
    return n, float(average), forest


def _cached_statistics(library) -> tuple[int, float, int]:
    with library.engine.connect() as connection:
        cache = pg_fts._cache(connection)
        return cache.total, cache.average, pg_fts._counts(connection, [("forest", False)], cache)[0]


def test_pg_cached_statistics_follow_every_writer(pg_library, pg_server):
    """N, the average length and a term's count are cached between searches; this process's
    writes drop them at once, another process's (here: another engine, plain SQL) within a few
    seconds (the server's statistics counters: here a deletion in plain SQL)."""
    import time

    pg_library.add(_doc("XII/6", "en", ["Welcomes the forest partners", "Notes the coral reefs"]),
                   content_hash="s1", source_name="s1.txt")
    assert pg_library.search("forest") and _cached_statistics(pg_library) == _exact_statistics(pg_library)
    pg_library.add(_doc("XII/7", "en", ["forest forest and more forest of the convention"]),
                   content_hash="s2", source_name="s2.txt")
    assert _cached_statistics(pg_library) == _exact_statistics(pg_library) == (3, pytest.approx(16 / 3), 2)
    import psycopg

    with psycopg.connect(host=str(pg_server.folder), user="postgres",  # another process's write
                         dbname=pg_library.url.split("@/", 1)[1].split("?")[0], autocommit=True) as other:
        other.execute("DELETE FROM document WHERE symbol = 'XII/7'")  # its index rows go by cascade
    deadline = time.monotonic() + 10
    while _cached_statistics(pg_library) != _exact_statistics(pg_library) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _cached_statistics(pg_library) == _exact_statistics(pg_library) == (2, pytest.approx(8 / 2), 1)
