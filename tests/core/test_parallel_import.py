"""Importing with worker processes stores exactly what the one-process import stores
(issue 13, point 4): the same documents, parts, paragraphs, footnotes, citations (resolved
to the same paragraphs), the same search index (its vocabulary, term by term) and the same
search results, whether the files go in one batch or in many; a cancelled import leaves
whole documents only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from briefdesk.core import bulk
from briefdesk.core.errors import Cancelled
from briefdesk.core.importer import Importer, ImportStatus
from briefdesk.core.library import Library
from briefdesk.core.models import Citation, Document, Footnote, Paragraph, Part
from briefdesk.core.search import sqlite_fts

QUERIES = ["sustainable development", "women", "发展", "развития", "التنمية", "Secretary-General", "75/1"]


def _files(corpus):
    """37 files: eleven resolutions in up to six languages; 75/233 cites 75/1 and comes before it (its
    citation resolves when 75/1 arrives), the others cite their own paragraphs."""
    root = corpus / "akn" / "ga-75"
    stems = ["75_233", "75_1", "75_121", "75_132", "75_134", "75_139", "75_169", "75_212", "75_145", "75_100", "75_102"]
    files = [p for lang in ("English", "French", "Chinese", "Russian", "Arabic", "Spanish")
             for stem in stems for p in sorted((root / lang).glob(f"{stem}_*.xml"))]
    return files[:37]


def _snapshot(library: Library) -> dict:
    with library.engine.connect() as c:
        docs = {d.id: (d.symbol, d.language) for d in c.execute(select(Document))}
        paras = {p.id: (docs[p.document_id], p.position) for p in c.execute(select(Paragraph))}
        parts = {p.id: (docs[p.document_id], p.position) for p in c.execute(select(Part))}
        notes = {f.id: (paras[f.paragraph_id], f.position) for f in c.execute(select(Footnote))}

        def plain(row, skip=("id", "imported_at")):
            return tuple((k, v) for k, v in row._mapping.items() if k not in skip)

        return {
            "documents": sorted(plain(d) for d in c.execute(select(Document))),
            "parts": sorted((parts[p.id], plain(p, ("id", "document_id"))) for p in c.execute(select(Part))),
            "paragraphs": sorted((paras[p.id], plain(p, ("id", "document_id", "part_id")),
                                  parts.get(p.part_id)) for p in c.execute(select(Paragraph))),
            "footnotes": sorted((notes[f.id], plain(f, ("id", "paragraph_id"))) for f in c.execute(select(Footnote))),
            "citations": sorted((paras[x.paragraph_id], x.position,
                                 plain(x, ("id", "paragraph_id", "footnote_id", "resolved_document_id",
                                           "resolved_paragraph_id")),
                                 notes.get(x.footnote_id), docs.get(x.resolved_document_id),
                                 paras.get(x.resolved_paragraph_id)) for x in c.execute(select(Citation))),
            "search": {q: [(docs[h.document_id], paras[h.paragraph_id]) for h in library.search(q, limit=30)]
                       for q in QUERIES},
        } | ({} if c.dialect.name != "sqlite" else {
            # the index itself: every term, in how many paragraphs and how often; tokens per paragraph
            "index": (sorted(sqlite_fts.document_frequencies(c).items()),
                      sorted(tuple(r) for r in c.execute(sa.text(f"SELECT term, doc, cnt FROM {sqlite_fts.VOCAB_TABLE}"))),
                      round(sqlite_fts.average_tokens(c), 9)),
            "index is current": sqlite_fts.index_is_current(c),
        })


@pytest.mark.corpus
@pytest.mark.parametrize("batch_files", [64, 4])
def test_parallel_import_stores_what_the_sequential_import_stores(corpus, tmp_path, monkeypatch, batch_files):
    """With 64 files a batch, all the files go in one transaction (earlier citations of a later
    file resolved inside the batch); with 4, across ten batches."""
    monkeypatch.setattr(bulk, "BATCH_FILES", batch_files)
    files = _files(corpus)
    empty = tmp_path / "empty.xml"
    empty.write_text("")
    files = files + files[:2] + [empty]
    assert len(files) == 40
    one = Library(tmp_path / "one.sqlite")
    two = Library(tmp_path / "two.sqlite")
    seq = Importer(one).import_paths(files, workers=1)
    par = Importer(two).import_paths(files, workers=2)
    assert [(r.path, r.status, r.symbol, r.reason, r.warnings) for r in seq] == \
           [(r.path, r.status, r.symbol, r.reason, r.warnings) for r in par]
    assert [r.status for r in par[-3:]] == [ImportStatus.DUPLICATE, ImportStatus.DUPLICATE, ImportStatus.FAILED]
    a, b = _snapshot(one), _snapshot(two)
    resolved = [c for c in a["citations"] if c[4] is not None]
    assert any(c[4][0] == "A/RES/75/1" for c in resolved) and any(c[4][0] != "A/RES/75/1" for c in resolved)
    assert a["index is current"] and len(a["index"][0]) > 10000
    for key in a:
        assert a[key] == b[key], key
    # the insert trigger is back: a document added one by one afterwards is indexed by it
    extra = min((corpus / "akn" / "ga-75" / "English").glob("75_103_*.xml"))
    Importer(two).import_paths([extra], workers=1)
    Importer(one).import_paths([extra], workers=1)
    assert _snapshot(one)["index"] == _snapshot(two)["index"]
    one.close()
    two.close()


@pytest.mark.corpus
def test_a_batch_that_cannot_be_stored_is_stored_file_by_file(corpus, tmp_path, monkeypatch):
    files = _files(corpus)[:6]
    library = Library(tmp_path / "lib.sqlite")
    prepared = [bulk.prepare(f) for f in files]
    writer = bulk.BulkWriter(library)
    real = writer._write

    def failing(conn, batch):
        outcomes = real(conn, batch)
        if any(p is prepared[3] for p in batch):  # written, then the database fails: the rows must go
            raise __import__("sqlalchemy").exc.OperationalError("insert", {}, Exception("disk I/O error"))
        return outcomes

    monkeypatch.setattr(writer, "_write", failing)
    outcomes = writer.write_batch(prepared)
    assert [o[0] for o in outcomes] == ["imported"] * 3 + ["failed"] + ["imported"] * 2
    assert "disk I/O error" in outcomes[3][2]
    assert library.count() == 5  # the failed file left nothing behind
    with library.engine.connect() as c:
        stored = {row[0] for row in c.execute(select(Paragraph.document_id))}
        assert sqlite_fts.index_is_current(c)  # the rolled-back batch brought its trigger back
        indexed = sqlite_fts.average_tokens(c)
    assert len(stored) == 5
    # the library holds what importing the five good files one by one holds, index included
    one = Library(tmp_path / "one.sqlite")
    Importer(one).import_paths([f for i, f in enumerate(files) if i != 3], workers=1)
    with one.engine.connect() as c:
        assert round(sqlite_fts.average_tokens(c), 9) == round(indexed, 9)
    one.close()
    library.close()


@pytest.mark.corpus
def test_parallel_import_can_be_cancelled(corpus, tmp_path):
    files = _files(corpus)[:20]
    library = Library(tmp_path / "lib.sqlite")
    seen = []

    def progress(done, total, name):
        seen.append(done)

    with pytest.raises(Cancelled) as info:
        Importer(library).import_paths(files, workers=2, progress=progress, abort=lambda: len(seen) >= 5)
    assert len(info.value.results) == 5
    assert library.count() == 5
    # whole documents only: the five files before the abort, each exactly as a one-by-one
    # import of those five stores it (paragraphs, footnotes, citations, index); none after
    one = Library(tmp_path / "one.sqlite")
    Importer(one).import_paths(files[:5], workers=1)
    a, b = _snapshot(one), _snapshot(library)
    for key in a:
        assert a[key] == b[key], key
    one.close()
    library.close()


@pytest.mark.corpus
def test_parallel_import_on_postgresql_stores_what_the_sequential_import_stores(corpus, pg_server):
    """On PostgreSQL the writer takes its ids from ``RETURNING`` and leaves the index to the
    trigger and the catch-up before a search: the same rows and search results land."""
    files = _files(corpus)[:16]
    urls = [pg_server.fresh_database() for _ in range(2)]
    libraries = [Library(url) for url in urls]
    try:
        one, two = libraries
        Importer(one).import_paths(files, workers=1)
        Importer(two).import_paths(files, workers=2)
        a, b = _snapshot(one), _snapshot(two)
        assert len(a["documents"]) == 16 and any(hits for hits in a["search"].values())
        for key in a:
            assert a[key] == b[key], key
    finally:
        for library, url in zip(libraries, urls):
            library.close()
            pg_server.drop_database(url)
