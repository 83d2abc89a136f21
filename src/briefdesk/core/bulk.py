"""Importing many files at the speed of the parser: workers read, one writer stores.

:func:`prepare` runs in worker processes (``concurrent.futures.ProcessPoolExecutor``):
it reads one file, hashes it, parses it with the reader its content calls for
(:func:`.importer.read_document`), extracts the citations of every paragraph and
footnote (:func:`.library.cited_with_notes`, the same rules as
:meth:`.library.Library.add`), computes each paragraph's search-index entry
(:func:`.search.sqlite_fts.index_entry`) and lays everything out as plain insert rows
(:func:`.library.document_fields` and its siblings, the one definition of each column).
What comes back is a picklable :class:`Prepared`, or the reason the file could not be read.

:class:`BulkWriter` runs in the importing process and stores a batch of prepared
documents in one transaction with SQLAlchemy Core: one ``executemany`` per table for
the whole batch (documents, parts, paragraphs, footnotes, citations), the SQLite search
index written in bulk in the same transaction (:func:`.search.sqlite_fts.index_rows`,
its trigger suspended meanwhile), and link resolution done once per batch: the
library's symbols and content hashes are held in memory (read once), and earlier
documents' unresolved citations of the batch's documents are read with one query.
Citations resolve as if the files had been stored one after the other, in order
(what the one-by-one import does), so what lands is what :meth:`.library.Library.add`
stores, row for row (tests/core/test_parallel_import.py).  A transaction that fails is
rolled back and its files written again one per transaction, so a file that cannot be
stored leaves nothing behind and the others are still imported.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from .citations import EXTRACTOR_VERSION, symbol_aliases, symbol_candidates
from .errors import BriefDeskError, ReadError, StoreError
from .i18n import _
from .library import (
    _Resolver,
    cited_document,
    document_fields,
    footnote_fields,
    paragraph_fields,
    part_fields,
)
from .models import Citation, Document, Footnote, Paragraph, Part


@dataclass
class Prepared:
    """One file read, parsed and laid out as insert rows (built in a worker, pickled back).

    ``document`` is the ``document`` row (without id); ``parts`` the ``part`` rows (without
    ``document_id``); ``paragraphs`` the ``paragraph`` rows (without ids; ``part_id`` holds
    the index of the paragraph's part in ``parts``, or ``None``); ``footnotes[i]`` and
    ``citations[i]`` the rows of paragraph ``i``'s footnotes and citations (a citation
    printed in a footnote carries the footnote's index in the paragraph under
    ``"_footnote"``, else ``None``); ``index[i]`` is paragraph ``i``'s search-index entry
    ``(column, tokens)``.
    """

    path: Path
    content_hash: str
    symbol: str | None
    language: str
    warnings: tuple[str, ...]
    document: dict
    parts: list[dict] = field(default_factory=list)
    paragraphs: list[dict] = field(default_factory=list)
    footnotes: list[list[dict]] = field(default_factory=list)
    citations: list[list[dict]] = field(default_factory=list)
    index: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Unreadable:
    """A file that could not be read or parsed, and why (a sentence for the user)."""

    path: Path
    reason: str
    content_hash: str | None = None


def _defaults(table) -> dict:
    """The scalar column defaults of ``table`` (what the ORM fills in for a missing value)."""
    return {c.key: c.default.arg for c in table.columns
            if not c.primary_key and c.default is not None and c.default.is_scalar}


_DOC_DEFAULTS = _defaults(Document.__table__)
_PARA_DEFAULTS = _defaults(Paragraph.__table__)
_NOTE_DEFAULTS = _defaults(Footnote.__table__)
_PART_DEFAULTS = _defaults(Part.__table__)
_CITATION_COLUMNS = tuple(c.key for c in Citation.__table__.columns if not c.primary_key)


def prepare(path: Path) -> Prepared | Unreadable:
    """Read, hash, parse and lay out one file as insert rows (runs in a worker process; never
    raises for bad input, the result says why it failed — the same reasons as
    :meth:`.importer.Importer.import_file`)."""
    from .importer import read_document
    from .library import cited_with_notes
    from .search.sqlite_fts import index_entry

    try:
        data = path.read_bytes()
    except OSError as exc:
        return Unreadable(path, exc.strerror or str(exc))
    digest = hashlib.sha256(data).hexdigest()
    try:
        parsed = read_document(path, data)
        if not parsed.paragraphs:
            raise ReadError(path, _("no text was found in the file"))
        language = parsed.language or ""
        document = dict(_DOC_DEFAULTS)
        document.update(document_fields(parsed, content_hash=digest, source_name=path.name),
                        citations_version=EXTRACTOR_VERSION)
        parts = [dict(_PART_DEFAULTS, **part_fields(part, i)) for i, part in enumerate(parsed.parts)]
        paragraphs, footnotes, citations = [], [], []
        for i, q in enumerate(parsed.paragraphs):
            paragraphs.append(dict(_PARA_DEFAULTS, **paragraph_fields(q, i), part_id=q.part))
            footnotes.append([dict(_NOTE_DEFAULTS, **footnote_fields(f, k)) for k, f in enumerate(q.footnotes)])
            rows = []
            for citation, note in cited_with_notes(q.text, language, list(q.links), [f.text for f in q.footnotes]):
                row = {key: getattr(citation, key) for key in _CITATION_COLUMNS}
                row["_footnote"] = note
                rows.append(row)
            citations.append(rows)
        index = [index_entry(q.text or "") for q in parsed.paragraphs]
    except BriefDeskError as exc:
        return Unreadable(path, exc.detail if isinstance(exc, ReadError) else str(exc), digest)
    except (ValueError, LookupError, UnicodeError, RecursionError) as exc:
        return Unreadable(path, _("the file could not be understood ({detail})").format(detail=exc), digest)
    return Prepared(path, digest, parsed.symbol, language, tuple(parsed.warnings), document, parts,
                    paragraphs, footnotes, citations, index)


def prepare_many(paths: list[Path]) -> list[Prepared | Unreadable]:
    """:func:`prepare` of each path, in order (one task of a worker process)."""
    return [prepare(path) for path in paths]


#: a stored paragraph as :meth:`.library._Resolver.paragraph` reads it
_StoredParagraph = namedtuple("_StoredParagraph", "id number level kind part_id")


class _BatchResolver(_Resolver):
    """:class:`.library._Resolver` over the writer's memory: documents from its symbols,
    paragraphs of the batch's own documents from their rows (``batch_paragraphs``: document
    id → (paragraph ids, paragraph rows), in position order), others from the database,
    remembered across batches."""

    def __init__(self, conn: Connection, writer: BulkWriter, batch_paragraphs: dict[int, list]) -> None:
        super().__init__(conn)  # type: ignore[arg-type]  (it only calls .execute)
        self._paragraphs = writer.paragraphs
        self._writer = writer
        self._batch = batch_paragraphs

    def document(self, target_symbol: str, language: str) -> int | None:
        return self._writer._document(target_symbol, language)

    def paragraph(self, document_id: int, cited: str | None, part_id: int | None = None) -> int | None:
        key = (document_id, part_id)
        if cited and key not in self._paragraphs and document_id in self._batch:
            ids, rows = self._batch[document_id]
            self._paragraphs[key] = [_StoredParagraph(pid, row["number"], row["level"], row["kind"], row["part_id"])
                                     for pid, row in zip(ids, rows) if row["part_id"] == part_id]
        return super().paragraph(document_id, cited, part_id)


class BulkWriter:
    """Stores :class:`Prepared` documents into one library, a batch per transaction.

    Use :meth:`write_batch` with the prepared documents of a batch; it returns, per
    document, ``("imported", id, symbol)``, ``("duplicate", id, symbol)`` or
    ``("failed", None, reason)``.
    """

    def __init__(self, library) -> None:
        self.library = library
        self.engine = library.engine
        self.sqlite = self.engine.dialect.name == "sqlite"
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
        self.candidates: dict[str, list[str]] = {}
        self.resolved_by: dict[str, list[tuple[str, str]]] = defaultdict(list)

    def _remember(self, doc_id: int, symbol: str | None, language: str, content_hash: str) -> None:
        if symbol is not None:
            self.symbols[symbol].append((doc_id, language, symbol))
            for key in self.resolved_by.pop(symbol, ()):  # cited symbols that may now name this document
                self.resolved.pop(key, None)
        self.hashes[content_hash] = (doc_id, symbol)

    def _document(self, target_symbol: str, language: str) -> int | None:
        """The rule of :meth:`.library._Resolver.document`, on the remembered symbols."""
        key = (target_symbol, language)
        if key not in self.resolved:
            candidates = self.candidates.get(target_symbol)
            if candidates is None:
                candidates = self.candidates[target_symbol] = symbol_candidates(target_symbol)
            rows = [row for c in dict.fromkeys(candidates) for row in self.symbols.get(c, ())]
            self.resolved[key] = cited_document(rows, candidates, language)
            for c in candidates:  # forgotten when a document with one of these symbols arrives
                self.resolved_by[c].append(key)
        return self.resolved[key]

    # -- writing ------------------------------------------------------------------

    def write_batch(self, batch: list[Prepared]) -> list[tuple[str, int | None, str | None]]:
        """Store ``batch`` in one transaction; on a database error, one transaction per file.

        Returns one outcome per document, in order (see the class docstring).
        """
        try:
            with self.engine.begin() as conn:
                return self._write(conn, batch)
        except SQLAlchemyError:
            self._load()
            if len(batch) == 1:
                return self._failed(batch[0], _exc_reason())
        outcomes = []
        for p in batch:
            try:
                with self.engine.begin() as conn:
                    outcomes += self._write(conn, [p])
            except SQLAlchemyError:
                self._load()
                outcomes += self._failed(p, _exc_reason())
        return outcomes

    @staticmethod
    def _failed(p: Prepared, reason: str) -> list[tuple[str, None, str]]:
        return [("failed", None, str(StoreError(_("Cannot store {name}: {reason}").format(
            name=p.path.name, reason=reason))))]

    def _insert(self, conn: Connection, table, rows: list[dict], *, returning: bool = False) -> list[int]:
        """Insert ``rows`` into ``table``; their ids, in order.

        On SQLite, unless ``returning``, the ids are given here (the table's largest id + 1,
        …: what SQLite would choose), so the rows go in one ``executemany``; this needs the
        write lock, which the batch's first insert (the documents, ``returning``) took.
        ``INSERT … RETURNING`` in parameter order costs one statement per row there.  Other
        databases always use ``RETURNING``.
        """
        if not rows:
            return []
        if returning or not self.sqlite:
            return list(conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                     rows).scalars())
        first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + len(rows)))
        for row, i in zip(rows, ids):
            row["id"] = i
        executemany(conn, table, rows)
        return ids

    def _write(self, conn: Connection, batch: list[Prepared]) -> list[tuple[str, int | None, str | None]]:
        """Write ``batch`` in the open transaction ``conn``; the outcomes, in order.  A file whose
        content is in the library, or earlier in the batch, is a duplicate of that document."""
        new: list[Prepared] = []
        first_of: dict[str, int] = {}
        outcomes: list = []
        for p in batch:
            existing = self.hashes.get(p.content_hash)
            if existing is not None:
                outcomes.append(("duplicate", existing[0], existing[1]))
            elif p.content_hash in first_of:
                outcomes.append(("duplicate-in-batch", first_of[p.content_hash], None))
            else:
                first_of[p.content_hash] = len(new)
                outcomes.append(("imported", len(new), None))
                new.append(p)
        if new:
            doc_ids = self._store(conn, new)
        for i, (status, ref, _detail) in enumerate(outcomes):
            if status == "imported":
                outcomes[i] = ("imported", doc_ids[ref], new[ref].symbol)
            elif status == "duplicate-in-batch":
                outcomes[i] = ("duplicate", doc_ids[ref], new[ref].symbol)
        return outcomes

    def _store(self, conn: Connection, new: list[Prepared]) -> list[int]:
        """Insert the rows of ``new`` (no duplicates among them), resolve and store their
        citations, and resolve earlier documents' citations of them; the documents' ids."""
        doc_ids = self._insert(conn, Document.__table__, [dict(p.document) for p in new], returning=True)
        parts = [dict(row, document_id=d) for p, d in zip(new, doc_ids) for row in p.parts]
        flat_parts = iter(self._insert(conn, Part.__table__, parts))
        part_ids = [[next(flat_parts) for _row in p.parts] for p in new]
        paragraphs = []
        for p, d, pids in zip(new, doc_ids, part_ids):
            for row in p.paragraphs:
                row = dict(row, document_id=d)
                if row["part_id"] is not None:
                    row["part_id"] = pids[row["part_id"]]
                paragraphs.append(row)
        if self.sqlite:  # the index written here, in bulk, instead of by the insert trigger
            from .search import sqlite_fts

            with sqlite_fts.trigger_suspended(conn):
                paragraph_ids = self._insert(conn, Paragraph.__table__, paragraphs)
                sqlite_fts.index_rows(conn, [(pid, *entry) for pid, entry in
                                             zip(paragraph_ids, (e for p in new for e in p.index))])
        else:
            paragraph_ids = self._insert(conn, Paragraph.__table__, paragraphs)
        notes, at = [], 0
        para_ids: list[list[int]] = []
        for p in new:
            ids = paragraph_ids[at:at + len(p.paragraphs)]
            at += len(p.paragraphs)
            para_ids.append(ids)
            for pid, rows in zip(ids, p.footnotes):
                notes += [dict(row, paragraph_id=pid) for row in rows]
        flat_notes = iter(self._insert(conn, Footnote.__table__, notes))
        note_ids = [[[next(flat_notes) for _row in rows] for rows in p.footnotes] for p in new]
        batch_paragraphs = {d: (ids, paragraphs[start:start + len(ids)])
                            for d, ids, start in zip(doc_ids, para_ids, _starts(para_ids))}
        citations = self._resolve(conn, new, doc_ids, part_ids, para_ids, note_ids, batch_paragraphs)
        executemany(conn, Citation.__table__, citations)
        return doc_ids

    def _resolve(self, conn: Connection, new: list[Prepared], doc_ids: list[int], part_ids: list[list[int]],
                 para_ids: list[list[int]], note_ids: list[list[list[int]]], batch_paragraphs: dict) -> list[dict]:
        """Resolve the batch's citations and earlier ones of the batch's documents, document by
        document in batch order, as the one-by-one import does: each document's own citations
        against the library as it stands once the document is in, then the still-unresolved
        citations of its symbol's aliases (:func:`.citations.symbol_aliases`) among those
        stored before it.  Writes the earlier citations it resolves; returns the batch's
        citation rows."""
        aliases = {p.symbol: symbol_aliases(p.symbol) for p in new if p.symbol is not None}
        waiting: dict[str, list[SimpleNamespace]] = defaultdict(list)
        wanted = sorted({a for found in aliases.values() for a in found})
        for start in range(0, len(wanted), 500):
            # by symbol only (its index); the resolved ones are dropped here: with
            # "resolved_document_id IS NULL" in the query SQLite walks every unresolved citation
            for row in conn.execute(
                    select(Citation.id, Citation.internal, Citation.target_symbol, Citation.target_paragraph,
                           Citation.resolved_document_id, Document.id.label("citing_id"), Document.language)
                    .join(Paragraph, Paragraph.id == Citation.paragraph_id)
                    .join(Document, Document.id == Paragraph.document_id)
                    .where(Citation.target_symbol.in_(wanted[start:start + 500]))):
                if row.resolved_document_id is None:
                    waiting[row.target_symbol].append(SimpleNamespace(
                        id=row.id, internal=row.internal, target_symbol=row.target_symbol,
                        target_paragraph=row.target_paragraph, resolved_document_id=None,
                        resolved_paragraph_id=None, citing_id=row.citing_id, citing_language=row.language))
        resolver = _BatchResolver(conn, self, batch_paragraphs)
        rows: list[dict] = []
        for p, doc_id, parts, ids, notes in zip(new, doc_ids, part_ids, para_ids, note_ids):
            self._remember(doc_id, p.symbol, p.language, p.content_hash)
            for pid, paragraph, notes_of, found in zip(ids, p.paragraphs, notes, p.citations):
                part_id = parts[paragraph["part_id"]] if paragraph["part_id"] is not None else None
                for row in found:
                    citation = SimpleNamespace(**row)
                    del citation._footnote
                    citation.paragraph_id = pid
                    citation.footnote_id = notes_of[row["_footnote"]] if row["_footnote"] is not None else None
                    resolver.resolve(citation, doc_id, p.language, part_id)
                    rows.append(vars(citation))
                    if citation.target_symbol is not None and citation.resolved_document_id is None:
                        waiting[citation.target_symbol].append(SimpleNamespace(
                            row=citation, internal=citation.internal, target_symbol=citation.target_symbol,
                            target_paragraph=citation.target_paragraph, resolved_document_id=None,
                            resolved_paragraph_id=None, citing_id=doc_id, citing_language=p.language))
            for alias in aliases.get(p.symbol, ()):
                for w in waiting.get(alias, ()):
                    if w.resolved_document_id is None:
                        resolver.resolve(w, w.citing_id, w.citing_language)
        updates = []
        for found in waiting.values():
            for w in found:
                if w.resolved_document_id is None:
                    continue
                if hasattr(w, "row"):  # a citation of this batch, not yet stored
                    w.row.resolved_document_id = w.resolved_document_id
                    w.row.resolved_paragraph_id = w.resolved_paragraph_id
                else:
                    updates.append({"cid": w.id, "rd": w.resolved_document_id, "rp": w.resolved_paragraph_id})
        if updates:
            table = Citation.__table__
            conn.execute(update(table).where(table.c.id == bindparam("cid"))
                         .values(resolved_document_id=bindparam("rd"), resolved_paragraph_id=bindparam("rp")),
                         updates)
        return rows


def executemany(conn: Connection, table, rows: list[dict]) -> None:
    """``conn.execute(insert(table), rows)`` without SQLAlchemy's work per row: the same
    ``INSERT`` (compiled once for the connection's dialect and the rows' keys, which all rows
    share), its parameters laid out here with the columns' own bind processors, and handed to
    the driver's ``executemany`` (``Connection.exec_driver_sql``).  Half the cost of a Core
    ``executemany`` of plain dicts at tens of thousands of rows."""
    if not rows:
        return
    keys = list(rows[0])
    dialect = conn.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    names = list(compiled.positiontup) if compiled.positional else keys
    processors = [(i, p) for i, name in enumerate(names)
                  if (p := table.c[name].type.bind_processor(dialect)) is not None]
    pick = itemgetter(*names)
    if compiled.positional:
        params: list = [pick(row) for row in rows] if len(names) > 1 else [(pick(row),) for row in rows]
        if processors:
            params = [list(values) for values in params]
            for values in params:
                for i, process in processors:
                    values[i] = process(values[i])
            params = [tuple(values) for values in params]
    else:
        params = [{name: row[name] for name in names} for row in rows]
        for values in params:
            for i, process in processors:
                values[names[i]] = process(values[names[i]])
    conn.exec_driver_sql(str(compiled), params)


def _starts(groups: list[list]) -> list[int]:
    """The offset of each group in the groups laid end to end."""
    out, at = [], 0
    for g in groups:
        out.append(at)
        at += len(g)
    return out


def _exc_reason() -> str:
    import sys

    return str(sys.exc_info()[1])


#: Files stored per transaction, and the longest a transaction stays open (seconds):
#: readers (the window's tree) see progress at least this often.
BATCH_FILES = 64
BATCH_SECONDS = 1.0
#: Files a worker reads per task (fewer messages between the processes).
CHUNK_FILES = 8
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
    writer: BulkWriter
    batch: list[Prepared] = []
    started = time.monotonic()

    def flush() -> None:
        nonlocal batch, started
        if batch:
            for p, (status, doc_id, detail) in zip(batch, writer.write_batch(batch)):
                index = positions[id(p)]
                if status == "imported":
                    results[index] = ImportResult(p.path, ImportStatus.IMPORTED, doc_id, detail,
                                                  warnings=p.warnings)
                elif status == "duplicate":
                    results[index] = ImportResult(p.path, ImportStatus.DUPLICATE, doc_id, detail)
                else:
                    results[index] = ImportResult(p.path, ImportStatus.FAILED, reason=detail or "")
        batch = []
        started = time.monotonic()

    positions: dict[int, int] = {}
    # files go to the workers CHUNK_FILES at a time (one message each way per chunk), and
    # two batches are read ahead, so the workers keep reading while the writer stores one
    chunks = [files[k:k + CHUNK_FILES] for k in range(0, total, CHUNK_FILES)]
    window = max(workers * 2, 2 * BATCH_FILES // CHUNK_FILES)
    context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(i18n._locale,)) as pool:
        futures = [pool.submit(prepare_many, chunk) for chunk in chunks[:window]]
        writer = BulkWriter(library)  # reads the library's symbols while the workers start
        chunk: list = []
        try:
            for i, path in enumerate(files):
                if abort is not None and abort():
                    flush()
                    cancelled = Cancelled(_("Import cancelled after {n} of {total} files.").format(n=i, total=total))
                    cancelled.results = results  # type: ignore[attr-defined]
                    raise cancelled
                if progress is not None:
                    progress(i, total, path.name)
                if i % CHUNK_FILES == 0:
                    k = i // CHUNK_FILES
                    chunk = futures[k].result()
                    futures[k] = None  # type: ignore[call-overload]  (let the results go)
                    if k + window < len(chunks):
                        futures.append(pool.submit(prepare_many, chunks[k + window]))
                outcome = chunk[i % CHUNK_FILES]
                chunk[i % CHUNK_FILES] = None
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
