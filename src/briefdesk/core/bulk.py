"""Importing many files at the speed of the parser: workers read, one writer stores.

:func:`prepare` runs in worker processes (``concurrent.futures.ProcessPoolExecutor``):
it reads one file, hashes it, parses it with the reader its content calls for
(:func:`.importer.read_document`), extracts the citations of every paragraph and
footnote (:func:`.library.cited_with_notes`, the same rules as
:meth:`.library.Library.add`) and computes each paragraph's search-index tokens
(:func:`.search.sqlite_fts.index_text`).  What comes back is a picklable
:class:`Prepared`, or the reason the file could not be read.

:class:`BulkWriter` runs in the importing process and stores prepared documents
with SQLAlchemy Core, many files per transaction.  It keeps in memory what
:class:`.library._Resolver` would otherwise query once per citation: the library's
symbols (to resolve citations) and content hashes (to skip duplicates), so a file
costs a handful of statements.  A transaction that fails is rolled back and its
files written again one per transaction, so a file that cannot be stored leaves
nothing behind and the others are still imported.  What lands is what
:meth:`.library.Library.add` stores, row for row (tests/core/test_parallel_import.py).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from .citations import EXTRACTOR_VERSION, symbol_aliases, symbol_candidates
from .document import ParsedDocument
from .errors import BriefDeskError, ReadError, StoreError
from .i18n import _
from .models import Citation, Document, Footnote, Paragraph, Part
from .library import cited_document, document_fields, footnote_fields, paragraph_fields, part_fields


@dataclass
class Prepared:
    """One file read, parsed and ready to store (built in a worker, pickled back).

    ``citations[i]`` are the citation rows of paragraph ``i`` (Core insert values without
    ``paragraph_id``; a citation printed in a footnote carries the footnote's index in
    the paragraph under ``"_footnote"``); ``tokens[i]`` is paragraph ``i``'s index text.
    """

    path: Path
    content_hash: str
    parsed: ParsedDocument
    citations: list[list[dict]] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)


@dataclass
class Unreadable:
    """A file that could not be read or parsed, and why (a sentence for the user)."""

    path: Path
    reason: str
    content_hash: str | None = None


def prepare(path: Path) -> Prepared | Unreadable:
    """Read, hash, parse and pre-digest one file (runs in a worker process; never raises
    for bad input, the result says why it failed — the same reasons as
    :meth:`.importer.Importer.import_file`)."""
    from .importer import read_document
    from .library import _row, cited_with_notes
    from .search.sqlite_fts import index_text

    try:
        data = path.read_bytes()
    except OSError as exc:
        return Unreadable(path, exc.strerror or str(exc))
    digest = hashlib.sha256(data).hexdigest()
    try:
        parsed = read_document(path, data)
        if not parsed.paragraphs:
            raise ReadError(path, _("no text was found in the file"))
        citations: list[list[dict]] = []
        for p in parsed.paragraphs:
            rows = []
            for citation, note in cited_with_notes(p.text, parsed.language or "", list(p.links),
                                                   [f.text for f in p.footnotes]):
                row = _row(citation, Citation.__table__)
                row["_footnote"] = note
                rows.append(row)
            citations.append(rows)
        tokens = [index_text(p.text or "") for p in parsed.paragraphs]
    except BriefDeskError as exc:
        return Unreadable(path, exc.detail if isinstance(exc, ReadError) else str(exc), digest)
    except (ValueError, LookupError, UnicodeError, RecursionError) as exc:
        return Unreadable(path, _("the file could not be understood ({detail})").format(detail=exc), digest)
    return Prepared(path, digest, parsed, citations, tokens)


def _defaults(table) -> dict:
    """The scalar column defaults of ``table`` (what the ORM fills in for a missing value)."""
    return {c.key: c.default.arg for c in table.columns
            if not c.primary_key and c.default is not None and c.default.is_scalar}


_DOC_DEFAULTS = _defaults(Document.__table__)
_PARA_DEFAULTS = _defaults(Paragraph.__table__)
_NOTE_DEFAULTS = _defaults(Footnote.__table__)
_PART_DEFAULTS = _defaults(Part.__table__)


class BulkWriter:
    """Stores :class:`Prepared` documents into one library, many per transaction.

    Use :meth:`write_batch` with the prepared documents of a batch; it returns, per
    document, ``("imported", id, symbol)``, ``("duplicate", id, symbol)`` or
    ``("failed", None, reason)``.
    """

    def __init__(self, library) -> None:
        self.library = library
        self.engine = library.engine
        self._next_ids: dict[str, int] | None = None
        self._load()

    # -- what the writer remembers of the library -------------------------------

    def _load(self) -> None:
        """Read the library's symbols and content hashes (one query each)."""
        self.symbols: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        self.hashes: dict[str, tuple[int, str | None]] = {}
        with self.engine.connect() as conn:
            for doc_id, symbol, language, content_hash in conn.execute(
                    select(Document.id, Document.symbol, Document.language, Document.content_hash)):
                if symbol is not None:
                    self.symbols[symbol].append((doc_id, language, symbol))
                self.hashes[content_hash] = (doc_id, symbol)
        self.paragraphs: dict[tuple[int, int | None], list] = {}
        self.resolved: dict[tuple[str, str], int | None] = {}

    def _remember(self, doc_id: int, symbol: str | None, language: str, content_hash: str) -> None:
        if symbol is not None:
            self.symbols[symbol].append((doc_id, language, symbol))
            self.resolved.clear()  # a cited symbol may now name this document
        self.hashes[content_hash] = (doc_id, symbol)

    # -- resolution (the rules of library._Resolver, on remembered rows) ---------

    def _document(self, target_symbol: str, language: str) -> int | None:
        key = (target_symbol, language)
        if key not in self.resolved:
            candidates = symbol_candidates(target_symbol)
            rows = [row for c in dict.fromkeys(candidates) for row in self.symbols.get(c, ())]
            self.resolved[key] = cited_document(rows, candidates, language)
        return self.resolved[key]

    def _resolver(self, conn: Connection):
        from .library import _Resolver

        resolver = _Resolver(conn)  # type: ignore[arg-type]  (it only calls .execute)
        resolver._paragraphs = self.paragraphs
        resolver.document = self._document  # type: ignore[method-assign]
        return resolver

    # -- writing ------------------------------------------------------------------

    def write_batch(self, batch: list[Prepared]) -> list[tuple[str, int | None, str | None]]:
        """Store ``batch`` in one transaction; on a database error, one transaction per file.

        Returns one outcome per document, in order (see the class docstring).
        """
        try:
            with self.engine.begin() as conn:
                self._next_ids = None
                return [self._write(conn, p) for p in batch]
        except SQLAlchemyError:
            self._load()
        outcomes = []
        for p in batch:
            try:
                with self.engine.begin() as conn:
                    self._next_ids = None
                    outcomes.append(self._write(conn, p))
            except SQLAlchemyError as exc:
                self._load()
                reason = str(StoreError(_("Cannot store {name}: {reason}").format(name=p.path.name, reason=exc)))
                outcomes.append(("failed", None, reason))
        return outcomes

    def _insert(self, conn: Connection, table, rows: list[dict]) -> list[int]:
        """Insert ``rows`` into ``table``; their ids, in order.

        On SQLite the ids are given here (the table's largest id + 1, …; what SQLite would
        choose, read once per transaction after the transaction holds the write lock), so the
        rows go in one ``executemany``; ``INSERT … RETURNING`` in parameter order costs one
        statement per row there.  Other databases use ``RETURNING``.
        """
        if not rows:
            return []
        if self.engine.dialect.name != "sqlite":
            return list(conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                     rows).scalars())
        if self._next_ids is None:
            self._next_ids = {}
        if table.name not in self._next_ids:
            self._next_ids[table.name] = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        first = self._next_ids[table.name]
        ids = list(range(first, first + len(rows)))
        self._next_ids[table.name] = first + len(rows)
        conn.execute(insert(table), [dict(row, id=i) for row, i in zip(rows, ids)])
        return ids

    def _write(self, conn: Connection, p: Prepared) -> tuple[str, int | None, str | None]:
        existing = self.hashes.get(p.content_hash)
        if existing is not None:
            return ("duplicate", existing[0], existing[1])
        parsed = p.parsed
        language = parsed.language or ""
        doc_row = dict(_DOC_DEFAULTS)
        doc_row.update(document_fields(parsed, content_hash=p.content_hash, source_name=p.path.name),
                       citations_version=EXTRACTOR_VERSION)
        doc_id = conn.execute(insert(Document.__table__).returning(Document.__table__.c.id), doc_row).scalar_one()
        part_ids: list[int] = []
        if parsed.parts:
            table = Part.__table__
            rows = [dict(_PART_DEFAULTS, document_id=doc_id, **part_fields(part, i))
                    for i, part in enumerate(parsed.parts)]
            part_ids = self._insert(conn, table, rows)
        table = Paragraph.__table__
        rows = [dict(_PARA_DEFAULTS, document_id=doc_id, **paragraph_fields(q, i),
                     part_id=part_ids[q.part] if q.part is not None else None)
                for i, q in enumerate(parsed.paragraphs)]
        from .search import sqlite_fts

        with sqlite_fts.primed_tokens(dict(zip((q.text for q in parsed.paragraphs), p.tokens))):
            ids = self._insert(conn, table, rows)
        note_ids: list[list[int]] = [[] for _ in ids]
        notes = [dict(_NOTE_DEFAULTS, paragraph_id=pid, **footnote_fields(f, i))
                 for pid, q in zip(ids, parsed.paragraphs) for i, f in enumerate(q.footnotes)]
        if notes:
            ftable = Footnote.__table__
            flat = iter(self._insert(conn, ftable, notes))
            note_ids = [[next(flat) for _ in q.footnotes] for q in parsed.paragraphs]
        self._remember(doc_id, parsed.symbol, language, p.content_hash)
        resolver = self._resolver(conn)
        citation_rows = []
        for pid, part_index, notes_of, found in zip(
                ids, (q.part for q in parsed.paragraphs), note_ids, p.citations):
            part_id = part_ids[part_index] if part_index is not None else None
            for row in found:
                row = dict(row)
                note = row.pop("_footnote")
                row["paragraph_id"] = pid
                row["footnote_id"] = notes_of[note] if note is not None else None
                citation = SimpleNamespace(**row)
                resolver.resolve(citation, doc_id, language, part_id)
                row["resolved_document_id"] = citation.resolved_document_id
                row["resolved_paragraph_id"] = citation.resolved_paragraph_id
                citation_rows.append(row)
        if citation_rows:
            conn.execute(insert(Citation.__table__), citation_rows)
        self._resolve_waiting(conn, resolver, parsed.symbol)
        return ("imported", doc_id, parsed.symbol)

    def _resolve_waiting(self, conn: Connection, resolver, symbol: str | None) -> None:
        """Resolve earlier documents' unresolved citations of the document just stored."""
        aliases = symbol_aliases(symbol)
        if not aliases:
            return
        # Selected by symbol only, the resolved ones dropped here: with "resolved_document_id IS
        # NULL" in the query SQLite walks that index, every unresolved citation of the library
        # (90,000 in the corpus: 70 ms a file), instead of the few citing this symbol.
        cited = conn.execute(
            select(Citation.id, Citation.internal, Citation.target_symbol, Citation.target_paragraph,
                   Citation.resolved_document_id, Document.id.label("citing_id"), Document.language)
            .join(Paragraph, Paragraph.id == Citation.paragraph_id)
            .join(Document, Document.id == Paragraph.document_id)
            .where(Citation.target_symbol.in_(aliases))).all()
        updates = []
        for row in (r for r in cited if r.resolved_document_id is None):
            citation = SimpleNamespace(internal=row.internal, target_symbol=row.target_symbol,
                                       target_paragraph=row.target_paragraph, resolved_document_id=None,
                                       resolved_paragraph_id=None)
            resolver.resolve(citation, row.citing_id, row.language)
            if citation.resolved_document_id is not None:
                updates.append({"cid": row.id, "rd": citation.resolved_document_id,
                                "rp": citation.resolved_paragraph_id})
        if updates:
            table = Citation.__table__
            conn.execute(update(table).where(table.c.id == bindparam("cid"))
                         .values(resolved_document_id=bindparam("rd"), resolved_paragraph_id=bindparam("rp")),
                         updates)


#: Files stored per transaction, and the longest a transaction stays open (seconds):
#: readers (the window's tree) see progress at least this often.
BATCH_FILES = 64
BATCH_SECONDS = 1.0
#: Below this many files the import stays in this process (starting workers costs ~0.5 s).
PARALLEL_MIN_FILES = 16


def default_workers(n_files: int) -> int:
    """How many worker processes an import of ``n_files`` files uses: one per CPU (at most 8),
    or 1 (no workers) for a few files or a single CPU."""
    import os

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 1 if n_files < PARALLEL_MIN_FILES or cpus < 2 else min(cpus, 8)


def _init_worker(language: str) -> None:
    from .i18n import set_language

    set_language(language)


def import_files(library, files: list[Path], *, workers: int, progress=None, abort=None) -> list:
    """Import ``files`` with ``workers`` reader processes and one writer (this process).

    Returns one :class:`.importer.ImportResult` per file, in order.  ``progress(done,
    total, name)`` is called before each file is stored and once at the end; when
    ``abort()`` returns true the files already handed to the writer are stored, the
    rest are not read, and :class:`.errors.Cancelled` is raised carrying the results
    so far in ``.results``.
    """
    import multiprocessing
    import time
    from concurrent.futures import ProcessPoolExecutor

    from . import i18n
    from .errors import Cancelled
    from .importer import ImportResult, ImportStatus

    total = len(files)
    results: list[ImportResult] = []
    writer = BulkWriter(library)
    batch: list[Prepared] = []
    started = time.monotonic()

    def flush() -> None:
        nonlocal batch, started
        if batch:
            for p, (status, doc_id, detail) in zip(batch, writer.write_batch(batch)):
                index = positions[id(p)]
                if status == "imported":
                    results[index] = ImportResult(p.path, ImportStatus.IMPORTED, doc_id, detail,
                                                  warnings=tuple(p.parsed.warnings))
                elif status == "duplicate":
                    results[index] = ImportResult(p.path, ImportStatus.DUPLICATE, doc_id, detail)
                else:
                    results[index] = ImportResult(p.path, ImportStatus.FAILED, reason=detail or "")
        batch = []
        started = time.monotonic()

    positions: dict[int, int] = {}
    window = workers * 4
    context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(i18n._locale,)) as pool:
        futures = [pool.submit(prepare, path) for path in files[:window]]
        try:
            for i, path in enumerate(files):
                if abort is not None and abort():
                    flush()
                    cancelled = Cancelled(_("Import cancelled after {n} of {total} files.").format(n=i, total=total))
                    cancelled.results = results  # type: ignore[attr-defined]
                    raise cancelled
                if progress is not None:
                    progress(i, total, path.name)
                outcome = futures[i].result()
                futures[i] = None  # type: ignore[call-overload]  (let the result go)
                if i + window < total:
                    futures.append(pool.submit(prepare, files[i + window]))
                if isinstance(outcome, Unreadable):
                    known = writer.hashes.get(outcome.content_hash) if outcome.content_hash else None
                    if known is not None:
                        results.append(ImportResult(path, ImportStatus.DUPLICATE, *known))
                    else:
                        results.append(ImportResult(path, ImportStatus.FAILED, reason=outcome.reason))
                    continue
                positions[id(outcome)] = len(results)
                results.append(None)  # type: ignore[arg-type]  (filled in by flush)
                batch.append(outcome)
                if len(batch) >= BATCH_FILES or time.monotonic() - started >= BATCH_SECONDS:
                    flush()
            flush()
        finally:
            for future in futures:
                if future is not None:
                    future.cancel()
    if progress is not None:
        progress(total, total, "")
    return results
