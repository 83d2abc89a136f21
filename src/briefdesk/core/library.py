"""The library: one database of documents, opened, migrated and written here.

:class:`Library` is the service the GUI and the CLI share.  It owns the
SQLAlchemy engine; every public method opens its own short session, so a
worker thread may call it while the GUI thread reads (SQLite in WAL mode).
Writes of one document happen in one transaction: a failure leaves the
library exactly as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.pool import QueuePool
from sqlalchemy.orm import Session, selectinload, sessionmaker

from .document import DocumentKind, ParagraphKind, ParsedDocument, ParsedFootnote, ParsedParagraph, ParsedPart
from . import integrity
from .bodies import body_code as canonical_body, body_label
from .errors import AlreadyStored, BriefDeskError, Cancelled, LibraryNewer, LibraryReadOnly, NotFound, \
    StoreError, damaged_error, database_error
from .i18n import _, format_number
from .languages import choose_language, preferred_languages
from .symbols import work_key
from .readers.structure import session_number
from .citations import EXTRACTOR_VERSION, extract_citations, link_target, symbol_aliases, \
    symbol_candidates
from .models import Citation, Document, Footnote, Paragraph, Part, utcnow
from .paths import database_url
from .resources import project_path
from .search import Hit, SearchFilters, SearchService, SimilarHit
from .search.documents import DocumentResult, document_results
from .search import pg_fts, sqlite_fts
from .search.align import AlignItem, align
from .search.agreed import AgreedHit, agreed_language
from .search.landing import Landing, typed_citation


log = logging.getLogger("briefdesk.library")

#: Seconds a write waits for another program's write transaction before it is refused
#: (SQLite's busy timeout; the library is then "locked").
BUSY_TIMEOUT_S = 5.0


def make_engine(url: str | URL) -> Engine:
    """An engine for ``url`` with BriefDesk's connection hooks (SQLite: see :mod:`.search.sqlite_fts`)."""
    if str(url).startswith("sqlite:"):
        engine = create_engine(url, future=True, connect_args={"timeout": BUSY_TIMEOUT_S})
    else:
        engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        sqlite_fts.configure_engine(engine)
    return engine


def readonly_engine(path: Path) -> Engine:
    """An engine that only reads the SQLite file ``path`` (SQLite URI ``mode=ro``, or ``immutable=1``
    where the folder cannot be written), with BriefDesk's functions registered.  Raises ``sqlite3.Error``."""
    target = integrity.readonly_target(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(target, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_S)

    # "sqlite://" with a creator: the connect hook's WAL pragma (a write) is skipped
    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool, future=True)
    sqlite_fts.configure_engine(engine)
    return engine


def _writable(path: Path) -> bool:
    """Whether SQLite could write ``path`` and create its ``-wal`` file beside it: tried, not
    asked (``os.access`` says yes to root even where ``chattr +i`` says no)."""
    try:
        os.close(os.open(path, os.O_RDWR))
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError:
        return False
    return True


#: The newest migration in ``db/versions`` (a test checks it against the scripts).  A
#: library already at this revision opens without importing Alembic (a second of start-up).
HEAD_REVISION = "0013"


def _stored_revision(engine: Engine) -> str | None:
    """The revision recorded in ``alembic_version`` (a plain query on a connection of its own),
    or ``None`` when there is none (a new file, or not one row)."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return None
    return rows[0][0] if len(rows) == 1 else None


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(project_path("db")))
    return config


@dataclass(frozen=True)
class DocumentSummary:
    """A row of the library list: enough to group, sort and open a document."""

    id: int
    symbol: str | None
    title: str
    body: str
    session: str
    language: str
    kind: str
    date: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    paragraph_count: int
    #: canonical body (:func:`.bodies.body_code`) and the key its language versions share
    body_code: str = ""
    work: str | None = None

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        for key in ("date", "start_date", "end_date"):
            d[key] = d[key].isoformat() if d[key] else None
        return d


@dataclass(frozen=True)
class WorkSummary:
    """One document in all the languages the library holds it in (a row of the tree and of
    ``briefdesk list``): the version shown (``version``, chosen by the preferred languages),
    every version as ``{language: document id}``, and the canonical body and session.

    ``session_key`` groups the works of one session whatever language its name is written in
    (the session names that versions of one work carry are one session); ``session`` is that
    session's name in the first preferred language that names it.
    """

    key: str
    version: DocumentSummary
    versions: dict[str, int]
    body_code: str
    session_key: str
    session: str

    @property
    def id(self) -> int:
        """The id of the version shown."""
        return self.version.id

    @property
    def languages(self) -> list[str]:
        """The languages held, sorted by code (``["ar", "en", "es", "fr", "ru", "zh"]``)."""
        return sorted(self.versions)

    def as_dict(self) -> dict:
        """The JSON form (``briefdesk list --json``): the shown version's fields, its canonical
        ``body_code`` and ``body_name`` (interface language), ``languages`` held and ``versions``."""
        d = self.version.as_dict()
        d.update(work=self.key, body_code=self.body_code, body_name=body_label(self.body_code),
                 session=self.session, languages=self.languages, versions=dict(sorted(self.versions.items())))
        return d


@dataclass(frozen=True)
class CitationLink:
    """One stored citation seen from either end: who cites, what is cited, what it resolved to.

    ``citing_paragraph``/``resolved_paragraph`` are paragraph numbers as printed
    (``"5."``), ``*_position`` their reading-order positions; ``target_paragraph``
    is the paragraph as cited (``"21"``, ``"4 (a)"``).  Resolved fields are
    ``None`` while the cited document is not in the library.  A citation printed
    in a footnote of the citing paragraph has ``footnote_marker`` and
    ``footnote_index`` (its place among the paragraph's footnotes) set, and
    ``start``/``end`` are offsets into the footnote's text.
    """

    id: int
    citing_document_id: int
    citing_symbol: str | None
    citing_paragraph_id: int
    citing_paragraph: str | None
    citing_position: int
    text: str
    start: int
    end: int
    kind: str
    internal: bool
    target_symbol: str | None
    target_paragraph: str | None
    target_annex: str | None
    resolved_document_id: int | None
    resolved_symbol: str | None
    resolved_paragraph_id: int | None
    resolved_paragraph: str | None
    resolved_position: int | None
    href: str | None = None
    footnote_marker: str | None = None
    footnote_index: int | None = None

    def as_dict(self) -> dict:
        """The JSON form (``briefdesk cited-by --json``): the fields above."""
        return dict(self.__dict__)


class Library:
    """An open BriefDesk library.

    ``location`` is a path or SQLAlchemy URL (see :func:`.paths.database_url`);
    ``None`` opens the user's default library.  Opening creates the file
    (and its folder) if needed and migrates it to the newest schema, then
    (unless ``update_citations`` is false, as in the window, which does it in
    the background) extracts the citations of documents stored before
    citations existed or by an older extractor (:meth:`reextract_citations`).

    A library file is first checked (issue 12): a schema newer than this
    BriefDesk's raises :class:`LibraryNewer` before anything is written;
    ``PRAGMA quick_check`` runs within :data:`.integrity.OPEN_CHECK_BUDGET_S`
    (else on a thread, :meth:`on_damage`), and a damaged file opens for
    reading only (:attr:`damaged`); a file or folder that cannot be written,
    or ``read_only=True``, opens for reading only too (:attr:`read_only`).
    A backup is taken before every migration, and with ``backups`` the
    day's rolling backup (:mod:`.backup`).

    Raises :class:`StoreError` (a subclass in words: :func:`.errors.database_error`)
    when the database cannot be opened or migrated.
    """

    def __init__(self, location: str | Path | None = None, *, update_citations: bool = True,
                 read_only: bool = False, backups: bool = True) -> None:
        self.url = database_url(location)
        self._capabilities: frozenset[str] | None = None   # :meth:`capabilities`, once asked
        #: the file of an SQLite library (``None`` for a server or in-memory database)
        self.path: Path | None = (Path(self.url.removeprefix("sqlite:///"))
                                  if self.url.startswith("sqlite:///") and self.url != "sqlite:///:memory:" else None)
        #: reading only was asked for, or the file or its folder cannot be written (damage: :attr:`read_only`)
        self._read_only = read_only
        #: the quick check of the file (``None`` for a new file or a server database); ``ok is None``
        #: while it still runs in the background, then the background check's result
        self.check: integrity.CheckResult | None = None
        self._damage_listeners: list[Callable[[], None]] = []
        try:
            self._open(backups)
        except BriefDeskError:
            raise
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise database_error(exc, location=self.display_location, damaged=self.damaged) from exc
        except OSError as exc:
            raise StoreError(_("Cannot open the library {url}: {reason}").format(
                url=self.display_location, reason=exc.strerror or exc)) from exc
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.search_service = SearchService(self.sessions, self.engine.dialect.name)
        if backups and self.path is not None and not self.read_only:
            self._daily_backup()
        if update_citations and not self.read_only:
            self.reextract_citations()

    def _open(self, backups: bool) -> None:
        """Check (``PRAGMA quick_check``, :mod:`.integrity`), open (read-only where the file cannot be
        written or is damaged), refuse a newer schema, back up, then migrate."""
        path = self.path
        if path is None:
            self.engine = make_engine(self.url)
            self._migrate(backups)
            return
        if not path.parent.is_dir():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(_("The library folder {folder} does not exist and cannot be created: {reason}")
                                 .format(folder=path.parent, reason=exc.strerror or exc)) from exc
        if path.exists():
            self._refuse_newer(integrity.schema_revision(path))  # before anything is written (even WAL mode)
            self.check = integrity.quick_check(path)
            if not self.read_only and not _writable(path):  # a damaged file is read-only already
                log.warning("library %s cannot be written: opened for reading only", path)
                self._read_only = True
        elif self.read_only or not os.access(path.parent, os.W_OK):
            raise StoreError(_("There is no library {path}, and its folder cannot be written to create one.")
                             .format(path=path))
        # URL.create: a "?" or "#" in a folder's name stays part of the path
        self.engine = readonly_engine(path) if self.read_only else make_engine(URL.create("sqlite", database=str(path)))
        self._migrate(backups)
        if self.check is not None and self.check.ok is None:
            integrity.check_in_background(path, self._background_check_done)

    @property
    def read_only(self) -> bool:
        """Whether the library is only read: asked for, a file or folder that cannot be written, or damage."""
        return self._read_only or self.damaged

    @property
    def damage(self) -> integrity.CheckResult | None:
        """What :mod:`.integrity` found wrong, once it found the file damaged (else ``None``)."""
        return self.check if self.check is not None and self.check.ok is False else None

    @property
    def damaged(self) -> bool:
        """Whether the library was found damaged (then it is read-only; see :mod:`.backup`)."""
        return self.damage is not None

    def on_damage(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` (on a worker thread) if a background check finds the library damaged."""
        self._damage_listeners.append(listener)
        if self.damaged:
            listener()

    def _background_check_done(self, result: integrity.CheckResult) -> None:
        if self.damaged:
            return
        self.check = result
        if not self.damaged:
            return
        damaged_error(self.display_location, "; ".join(result.problems))  # logs the detail

        @event.listens_for(self.engine, "connect")
        def _query_only(dbapi_connection, _record) -> None:
            dbapi_connection.execute("PRAGMA query_only=ON")

        self.engine.dispose()  # pooled connections go; new ones refuse writes
        for listener in list(self._damage_listeners):
            listener()

    def store_error(self, exc: BaseException) -> StoreError:
        """A database error met while using this library, in words (:func:`.errors.database_error`)."""
        return database_error(exc, location=self.display_location, damaged=self.damaged)

    def _daily_backup(self) -> None:
        """Today's rolling backup (:func:`.backup.daily_backup`), once the library holds a document;
        a failure is logged, never fatal."""
        from .backup import daily_backup

        try:
            if self.count():
                daily_backup(self.path)
        except (BriefDeskError, SQLAlchemyError, OSError) as exc:
            log.warning("daily backup of %s failed: %s", self.path, exc)

    @property
    def display_location(self) -> str:
        """The library's location as a user would write it (path or URL without password)."""
        if self.url.startswith("sqlite:///"):
            return self.url.removeprefix("sqlite:///")
        return self.engine.url.render_as_string(hide_password=True) if hasattr(self, "engine") else self.url

    def _refuse_newer(self, current: str | None) -> None:
        """Raise :class:`LibraryNewer` when ``current`` is a schema revision this BriefDesk does not know.

        A library at :data:`HEAD_REVISION` (or a new one) is known without loading Alembic."""
        if current is None or current == HEAD_REVISION:
            return
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(_alembic_config())
        if current not in {r.revision for r in script.walk_revisions()}:
            head = script.get_current_head()
            raise LibraryNewer(_("The library {path} was made by a newer BriefDesk (schema {theirs}); this is "
                                 "{ours}. It was left as it is: open it with the newer BriefDesk.").format(
                path=self.display_location, theirs=current, ours=head), theirs=current, ours=head)

    def _migrate(self, backups: bool = True) -> None:
        """Bring the schema to :data:`HEAD_REVISION`: Alembic is imported only when it is behind
        (a second of start-up saved), after a backup of the file as it was."""
        current = _stored_revision(self.engine)
        if current != HEAD_REVISION:
            from alembic import command
            from alembic.runtime.migration import MigrationContext
            from alembic.script import ScriptDirectory

            config = _alembic_config()
            with self.engine.connect() as connection:
                current = MigrationContext.configure(connection).get_current_revision()
            self._refuse_newer(current)
            head = ScriptDirectory.from_config(config).get_current_head()
            if current != head:
                if self.damage is not None:
                    raise damaged_error(self.display_location, "; ".join(self.damage.problems))
                if self.read_only:
                    raise LibraryReadOnly(_("The library {path} must be updated for this version of BriefDesk, "
                                            "but it cannot be written.").format(path=self.display_location))
                if current is not None and self.path is not None:  # always, whatever `backups` says
                    from .backup import take_backup

                    take_backup(self.path, "migration")
                with self.engine.begin() as connection:
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
        if self.engine.dialect.name == "sqlite" and not self.read_only:
            with self.engine.begin() as connection:
                if not sqlite_fts.index_is_current(connection):
                    # an index of an older design (a development build's): rebuild it in this one
                    sqlite_fts.drop_index(connection)
                    sqlite_fts.install_index(connection)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # -- reading ---------------------------------------------------------

    def summaries(self) -> list[DocumentSummary]:
        """Every document, ordered by body, session, date and symbol.  Reads the summary's columns
        only, not whole :class:`Document` entities (on 4,424 documents: 8 MB of memory instead
        of 26, a third of the time; ``bench/memory.py``)."""
        counts = (select(Paragraph.document_id, func.count(Paragraph.id).label("n"))
                  .group_by(Paragraph.document_id).subquery())
        stmt = (select(Document.id, Document.symbol, Document.title, Document.body, Document.session,
                       Document.language, Document.kind, Document.date, Document.start_date, Document.end_date,
                       func.coalesce(counts.c.n, 0), Document.body_code, Document.work)
                .outerjoin(counts, counts.c.document_id == Document.id)
                .order_by(Document.body, Document.session, Document.date, Document.symbol))
        with self.sessions() as s:
            return [DocumentSummary(*row) for row in s.execute(stmt)]

    def works(self, *, preferred: Sequence[str] | None = None, language: str | None = None) -> list[WorkSummary]:
        """Every document once, with all its language versions: :func:`group_works` of
        :meth:`summaries` (``preferred``, ``language``: see there)."""
        return group_works(self.summaries(), preferred=preferred, language=language)

    def capabilities(self) -> frozenset[str]:
        """What the user may do here: ``"read"``, ``"draft"`` (write packs and drafts) and
        ``"import"`` (import and delete documents), as the server's roles allow
        (:func:`.pg_roles.capabilities`; only ``"read"`` when the library is open read-only).
        The application hides what is not allowed; the server refuses it in any case.  Asked
        of the server once per open library (a role granted meanwhile counts from the next
        opening), so windows may ask again without a round trip."""
        from . import pg_roles

        if self.read_only:
            return frozenset({pg_roles.READ})
        if self.engine.dialect.name != "postgresql":
            return pg_roles.EVERYTHING
        if self._capabilities is None:
            with self.engine.connect() as connection:
                self._capabilities = pg_roles.capabilities(connection)
        return self._capabilities

    def count(self) -> int:
        """Number of documents in the library."""
        with self.sessions() as s:
            return s.scalar(select(func.count(Document.id))) or 0

    def paragraph_count(self) -> int:
        """Number of paragraphs in the library (all documents)."""
        with self.sessions() as s:
            return s.scalar(select(func.count(Paragraph.id))) or 0

    def resolve(self, ref: str | int, *, language: str | None = None) -> int:
        """The id of the document ``ref`` names: an id (``12``, ``#12``) or a symbol.

        Symbols compare case-insensitively.  Where several documents share a
        symbol (its language versions), ``language`` chooses; otherwise the
        first imported wins.  Raises :class:`NotFound`.
        """
        text = str(ref).strip()
        with self.sessions() as s:
            if text.lstrip("#").isdigit():
                doc_id = int(text.lstrip("#"))
                if s.get(Document, doc_id) is not None:
                    return doc_id
            stmt = select(Document.id, Document.language).where(
                func.lower(Document.symbol) == text.lower()).order_by(Document.id)
            rows = s.execute(stmt).all()
        if not rows:
            raise NotFound(_("No document {ref} in the library.").format(ref=text))
        if language:
            for doc_id, lang in rows:
                if lang == language:
                    return doc_id
        return rows[0][0]

    def document(self, ref: str | int, *, language: str | None = None) -> Document:
        """The document ``ref`` names with its paragraphs, footnotes and parts loaded (detached)."""
        doc_id = self.resolve(ref, language=language)
        with self.sessions() as s:
            stmt = (select(Document).where(Document.id == doc_id).options(
                selectinload(Document.paragraphs).selectinload(Paragraph.footnotes),
                selectinload(Document.paragraphs).selectinload(Paragraph.part),
                selectinload(Document.paragraphs).selectinload(Paragraph.citations)
                .selectinload(Citation.resolved_paragraph),
                selectinload(Document.paragraphs).selectinload(Paragraph.citations)
                .selectinload(Citation.footnote),
                selectinload(Document.parts)))
            return s.scalars(stmt).one()

    def parsed(self, ref: str | int, *, language: str | None = None) -> ParsedDocument:
        """The stored document as a :class:`ParsedDocument` (what renderers take)."""
        return to_parsed(self.document(ref, language=language))

    def find_by_hash(self, content_hash: str) -> tuple[int, str | None] | None:
        """``(id, symbol)`` of the document imported from a file with this SHA-256, if any."""
        with self.sessions() as s:
            row = s.execute(select(Document.id, Document.symbol)
                            .where(Document.content_hash == content_hash)).first()
        return (row[0], row[1]) if row else None

    # -- writing ---------------------------------------------------------

    def add(self, parsed: ParsedDocument, *, content_hash: str, source_name: str) -> int:
        """Store one parsed document in one transaction; returns its id.

        The document and its parts are written through the ORM; paragraphs,
        footnotes and citations, which are many, through SQLAlchemy Core
        ``executemany`` inserts (paragraph ids come back with ``RETURNING``
        in parameter order), and the search index follows by the store's own
        triggers (:mod:`.search.sqlite_fts`).  Raises :class:`StoreError` if
        the write fails (a subclass in words: read-only, full, locked, damaged;
        :class:`AlreadyStored` when another process stored the same content
        meanwhile); nothing is then stored.  Citations in its paragraphs
        are extracted and resolved in the same transaction, and earlier
        documents' unresolved citations of this one are resolved (see
        :func:`store_citations_of`).
        """
        doc = from_parsed(parsed, content_hash=content_hash, source_name=source_name)
        links = {i: list(p.links) for i, p in enumerate(parsed.paragraphs) if p.links}
        paragraphs = list(doc.paragraphs)
        doc.paragraphs = []
        try:
            with self.sessions.begin() as s:
                s.add(doc)
                s.flush()
                ids, note_ids = insert_paragraphs(s, doc.id, paragraphs)
                if self.engine.dialect.name == "postgresql":  # the tokens, in this transaction
                    pg_fts.index_paragraphs(s.connection(), [(pid, p.text) for pid, p in zip(ids, paragraphs)])
                store_citations_of(s, doc, [
                    CitedParagraph(pid, p.text, p.part.id if p.part is not None else None,
                                   links.get(i, []), list(zip(notes, (f.text for f in p.footnotes))))
                    for i, (pid, p, notes) in enumerate(zip(ids, paragraphs, note_ids))])
                return doc.id
        except IntegrityError as exc:
            existing = self.find_by_hash(content_hash) if "content_hash" in str(exc.orig) else None
            if existing is None:
                raise self.store_error(exc) from exc
            # another process stored the same file between our look-up and our write
            raise AlreadyStored(_("{name} is already in the library.").format(name=source_name),
                                document_id=existing[0], symbol=existing[1]) from exc
        except SQLAlchemyError as exc:
            raise self.store_error(exc) from exc

    def delete(self, ref: str | int) -> None:
        """Remove one document with its paragraphs and footnotes."""
        doc_id = self.resolve(ref)
        try:
            with self.sessions.begin() as s:
                s.delete(s.get(Document, doc_id))
        except SQLAlchemyError as exc:
            raise self.store_error(exc) from exc

    # -- citations -------------------------------------------------------

    def stale_citation_documents(self) -> list[int]:
        """Ids of documents whose citations were never extracted (imported before the library had
        citations) or were extracted by an older :data:`~.citations.EXTRACTOR_VERSION`."""
        with self.sessions() as s:
            return list(s.scalars(select(Document.id).where(
                Document.citations_version.is_(None) | (Document.citations_version < EXTRACTOR_VERSION))
                .order_by(Document.id)))

    def reextract_citations(self, progress: Callable[[int, int], None] | None = None,
                            abort: Callable[[], bool] | None = None, *, every: bool = False) -> int:
        """Extract and resolve again the citations of stale documents (all of them with ``every``).

        Runs when the library opens (a library from before citations, or from an
        older extractor, is brought up to date once) and from ``briefdesk reindex``.
        Each document is one transaction; links the source set (``href``) are
        kept.  ``progress(done, total)`` is called after each document; ``abort()``
        returning true stops between documents (raises :class:`Cancelled`; what
        was done stays).  Returns the number of documents processed.  Raises
        :class:`StoreError` when the database cannot be written.  A library open
        for reading only (:attr:`read_only`) is left as it is: returns 0 unless ``every``.
        """
        if self.read_only and not every:
            return 0
        if every:
            with self.sessions() as s:
                ids = list(s.scalars(select(Document.id).order_by(Document.id)))
        else:
            ids = self.stale_citation_documents()
        for done, doc_id in enumerate(ids, 1):
            if abort is not None and abort():
                raise Cancelled(_("Citation update cancelled after {n} of {total} documents.").format(n=done - 1, total=len(ids)))
            try:
                with self.sessions.begin() as s:
                    doc = s.scalars(select(Document).where(Document.id == doc_id).options(
                        selectinload(Document.paragraphs).selectinload(Paragraph.citations),
                        selectinload(Document.paragraphs).selectinload(Paragraph.footnotes))).one_or_none()
                    if doc is None:  # deleted meanwhile
                        continue
                    cited = []
                    for p in doc.paragraphs:
                        kept = dict.fromkeys((c.start, c.end, c.href) for c in p.citations
                                             if c.href and c.footnote_id is None)
                        cited.append(CitedParagraph(p.id, p.text, p.part_id, list(kept),
                                                    [(f.id, f.text) for f in p.footnotes]))
                        p.citations.clear()
                    s.flush()
                    store_citations_of(s, doc, cited)
            except SQLAlchemyError as exc:
                raise self.store_error(exc) from exc
            if progress is not None:
                progress(done, len(ids))
        return len(ids)

    def _links(self, condition) -> list[CitationLink]:
        citing = Paragraph.__table__.alias("citing")
        cited = Paragraph.__table__.alias("cited")
        source = Document.__table__.alias("source")
        target = Document.__table__.alias("target")
        note = Footnote.__table__.alias("note")
        stmt = (select(Citation, citing.c.document_id, source.c.symbol, citing.c.number, citing.c.position,
                       target.c.symbol, cited.c.number, cited.c.position, note.c.marker, note.c.position)
                .join(citing, citing.c.id == Citation.paragraph_id)
                .outerjoin(note, note.c.id == Citation.footnote_id)
                .join(source, source.c.id == citing.c.document_id)
                .outerjoin(target, target.c.id == Citation.resolved_document_id)
                .outerjoin(cited, cited.c.id == Citation.resolved_paragraph_id)
                .where(condition(citing))
                .order_by(citing.c.document_id, citing.c.position, Citation.position))
        with self.sessions() as s:
            return [CitationLink(
                c.id, doc_id, doc_symbol, c.paragraph_id, number, position, c.text, c.start, c.end, c.kind,
                c.internal, c.target_symbol, c.target_paragraph, c.target_annex, c.resolved_document_id,
                target_symbol, c.resolved_paragraph_id, cited_number, cited_position, c.href,
                note_marker, note_position)
                for c, doc_id, doc_symbol, number, position, target_symbol, cited_number, cited_position,
                note_marker, note_position in s.execute(stmt)]

    def citations(self, ref: str | int, *, language: str | None = None) -> list[CitationLink]:
        """Every citation printed in the document ``ref`` names, in reading order. Raises :class:`NotFound`."""
        doc_id = self.resolve(ref, language=language)
        return self._links(lambda citing: citing.c.document_id == doc_id)

    def cited_by(self, ref: str | int, *, language: str | None = None) -> list[CitationLink]:
        """Paragraph by paragraph, which paragraphs of other documents cite the document ``ref``
        names (ordered by citing document and position).  Raises :class:`NotFound`."""
        doc_id = self.resolve(ref, language=language)
        return self._links(lambda citing: (Citation.resolved_document_id == doc_id)
                           & (citing.c.document_id != doc_id))

    def unresolved_citations(self) -> list[CitationLink]:
        """Citations of a symbol whose document is not (yet) in the library."""
        return self._links(lambda citing: Citation.target_symbol.is_not(None)
                           & Citation.resolved_document_id.is_(None))

    # -- search ----------------------------------------------------------

    def search(self, query: str, *, filters: SearchFilters | None = None, limit: int = 50,
               offset: int = 0) -> list[Hit]:
        """Paragraphs matching ``query``, best first (BM25): ``limit`` hits after skipping ``offset``.

        Syntax and errors: :meth:`.search.SearchService.search` (raises
        :class:`SearchError` with a plain message, never a database error).
        """
        return self.search_service.search(query, filters=self._session_filters(filters), limit=limit,
                                          offset=offset)

    def document_results(self, text_: str, *, filters: SearchFilters | None = None,
                         limit: int = 200) -> list[DocumentResult]:
        """The documents matching ``text_``, best first (the results page):
        :func:`.search.documents.document_results` with this library's filters and dialect.
        Raises :class:`SearchError` when the query has nothing to look for."""
        return document_results(self.sessions, text_, filters=self._session_filters(filters),
                                dialect=self.engine.dialect.name, limit=limit)

    def sessions_of_library(self) -> dict[tuple[str, str], SessionGroup]:
        """Every ``(body_code, session name)`` the library holds → its :class:`SessionGroup`
        (:func:`session_groups` over the language versions of each work)."""
        with self.sessions() as s:
            rows = s.execute(select(Document.id, Document.work, Document.body_code, Document.session,
                                    Document.language)).all()
        return session_groups(work_members(rows).values())

    def _session_filters(self, filters: SearchFilters | None) -> SearchFilters | None:
        """``filters`` with a session name (as any language writes it, or as :meth:`facets` names
        it) widened to every name of that session (the one-document model: ``第十二届会议`` also
        finds the English versions' ``Twelfth meeting``)."""
        if filters is None or not isinstance(filters.session, str) or not filters.session:
            return filters
        order = preferred_languages()
        names = {name for group in self.sessions_of_library().values()
                 if filters.session in group.all_names or filters.session == group.name(order)
                 for name in group.all_names}
        return dataclasses.replace(filters, session=tuple(sorted(names | {filters.session})))

    def facets(self) -> dict[str, list[str]]:
        """The values present in the library, for filter choices, each list sorted.

        Keys are :class:`SearchFilters` field names: ``"body"`` (canonical codes, named by
        :func:`.bodies.body_label`), ``"session"`` (one name per session, in the first preferred
        language that names it: :meth:`sessions_of_library`; a search widens it to all its names),
        ``"kind"`` (document kinds), ``"language"`` (ISO 639-1) and
        ``"paragraph_kind"``.  Empty strings are left out.
        """
        columns = {"body": Document.body_code, "kind": Document.kind, "language": Document.language}
        out: dict[str, list[str]] = {}
        # one entry per session, named in the first preferred language that names it
        order = preferred_languages()
        out["session"] = sorted({group.name(order) for group in self.sessions_of_library().values()} - {""})
        with self.sessions() as s:
            for key, column in columns.items():
                values = s.scalars(select(column).distinct()).all()
                out[key] = sorted(v for v in values if v)
            # paragraphs are many: ask for each kind whether one exists (stops at the first)
            out["paragraph_kind"] = sorted(
                kind.value for kind in ParagraphKind
                if s.scalar(select(Paragraph.id).where(Paragraph.kind == kind.value).limit(1)) is not None)
        return out

    def land(self, text: str, *, language: str | None = None) -> Landing | None:
        """Where ``text`` leads if it is a citation (``XII/6 21``, ``第XII/6号决定第21段``,
        ``decision XII/6 para 21``, ``A/RES/75/100 4``, ``CBD/SBI/2/10``); ``None`` if it is
        not one or names no document in the library.

        The citation is read by :func:`.search.landing.typed_citation` (through
        :func:`.citations.extract_citations`) and resolved like stored citations
        (:class:`_Resolver`): the symbol's candidates (``XII/6`` →
        ``UNEP/CBD/COP/DEC/XII/6``…), then the paragraph number among the
        document's own level-0 paragraphs.  Of several language versions,
        ``language`` wins, else Chinese for a citation typed in Chinese, else
        the first imported.  Never raises for any text.
        """
        typed = typed_citation(text)
        if typed is None:
            return None
        preferred = language or ("zh" if typed.has_han else "")
        with self.sessions() as s:
            resolver = _Resolver(s)
            doc_id = resolver.document(typed.symbol, preferred)
            if doc_id is None:
                return None
            paragraph_id = resolver.paragraph(doc_id, typed.paragraph)
            symbol = s.scalar(select(Document.symbol).where(Document.id == doc_id)) or typed.symbol
            position = (s.scalar(select(Paragraph.position).where(Paragraph.id == paragraph_id))
                        if paragraph_id is not None else None)
        label = (_("{symbol}, para. {number}").format(symbol=symbol, number=typed.paragraph)
                 if paragraph_id is not None else symbol)
        return Landing(doc_id, paragraph_id, position, label)

    def versions(self, document_id: int) -> dict[str, int]:
        """The language versions of a document: ``{language: document id}``, itself included.

        Versions share :attr:`Document.work` (the normalised symbol,
        :func:`.symbols.work_key`); where one language was imported twice the
        first imported wins.  A document without a symbol is its only version.
        Raises :class:`NotFound`.
        """
        with self.sessions() as s:
            doc = s.get(Document, document_id)
            if doc is None:
                raise NotFound(_("No document {ref} in the library.").format(ref=document_id))
            if not doc.work:
                return {doc.language: doc.id}
            rows = s.execute(select(Document.language, Document.id)
                             .where(Document.work == doc.work)
                             .order_by(Document.id)).all()
        out: dict[str, int] = {}
        for lang, doc_id in rows:
            out.setdefault(lang, doc_id)
        out[doc.language] = doc.id
        return out

    def parallel_paragraph(self, paragraph_id: int, language: str) -> tuple[int, int, int] | None:
        """``(document_id, paragraph_id, position)`` of the same paragraph in the ``language``
        version of its document, or ``None`` when there is no such version (or it is empty).

        Paragraphs are aligned by part, kind, level and number, in order, robust
        to differing counts (:func:`.search.align.align`).  Raises :class:`NotFound`
        if the paragraph does not exist.
        """
        with self.sessions() as s:
            doc_id = s.scalar(select(Paragraph.document_id).where(Paragraph.id == paragraph_id))
            if doc_id is None:
                raise NotFound(_("No paragraph {id} in the library.").format(id=paragraph_id))
        target_id = self.versions(doc_id).get(language)
        if target_id is None:
            return None
        source, target = self._align_items(doc_id), self._align_items(target_id)
        index = next(i for i, (pid, _item) in enumerate(source) if pid == paragraph_id)
        if target_id == doc_id:
            return doc_id, paragraph_id, index
        found = align([item for _pid, item in source], [item for _pid, item in target], index)
        if found is None:
            return None
        return target_id, target[found][0], found

    def _align_items(self, document_id: int) -> list[tuple[int, AlignItem]]:
        with self.sessions() as s:
            parts = {pid: i for i, pid in enumerate(s.scalars(
                select(Part.id).where(Part.document_id == document_id).order_by(Part.position)))}
            rows = s.execute(select(Paragraph.id, Paragraph.part_id, Paragraph.kind, Paragraph.level,
                                    Paragraph.number)
                             .where(Paragraph.document_id == document_id).order_by(Paragraph.position)).all()
        return [(r.id, AlignItem(parts.get(r.part_id), r.kind, r.level, r.number)) for r in rows]

    def similar(self, paragraph_id: int, *, limit: int = 20, min_score: float = 70) -> list[SimilarHit]:
        """Paragraphs of other documents, same language, whose text is like this one's (score 0–100,
        best first); see :meth:`.search.SearchService.similar`.  Raises :class:`NotFound`."""
        return self.search_service.similar(paragraph_id, limit=limit, min_score=min_score)

    def agreed(self, text: str, language: str, *, limit: int = 10, min_score: float = 50) -> list[AgreedHit]:
        """Adopted paragraphs (decisions, resolutions, recommendations) closest to ``text``, in the
        draft's ``language`` — found in it or aligned from another language version — best first,
        each with its citation (:func:`.search.agreed.agreed_language`)."""
        return agreed_language(self, text, language, limit=limit, min_score=min_score)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the search index from the stored paragraphs, in its current design (table,
        triggers, vocabulary dropped and created again); returns the paragraph count.

        ``progress(done, total)`` is called at the end.  Other databases than
        SQLite have no index (they scan): returns 0.
        """
        if self.engine.dialect.name == "postgresql":
            with self.engine.begin() as connection:
                n = pg_fts.rebuild_index(connection)
            if progress:
                progress(n, n)
            return n
        if self.engine.dialect.name != "sqlite":
            return 0
        with self.engine.begin() as connection:
            sqlite_fts.drop_index(connection)
            sqlite_fts.install_index(connection)
            n = connection.execute(select(func.count(Paragraph.id))).scalar_one()
        if progress:
            progress(n, n)
        return n


def group_works(rows: list[DocumentSummary], *, preferred: Sequence[str] | None = None,
                language: str | None = None) -> list[WorkSummary]:
    """Every document of ``rows`` once, with all its language versions (see :class:`WorkSummary`),
    ordered by canonical body (named in the interface language), session, date and symbol.

    Versions share :attr:`Document.work` (:func:`.symbols.work_key`); a document without a
    symbol is a work of its own.  The version shown is the first of ``preferred`` (default:
    :func:`.languages.preferred_languages`) that the library holds; with ``language`` only
    works held in that language are given, shown in it.  Where one language was imported twice,
    the first imported is the version and the other is a row of its own (so no document is ever
    out of sight).  Pure (no database): the GUI groups on a worker thread.
    """
    order = list(preferred) if preferred is not None else preferred_languages()
    if language:
        order = [language] + [c for c in order if c != language]
    groups = work_members(rows)
    sessions = session_groups(groups.values())
    out = []
    for key, members in groups.items():
        versions: dict[str, int] = {}
        by_id = {}
        for m in members:
            versions[m.language] = m.id
            by_id[m.id] = m
        if language and language not in versions:
            continue
        shown = by_id[versions[choose_language(versions, order)]]
        group = sessions[(shown.body_code, shown.session)]
        out.append(WorkSummary(key, shown, versions, shown.body_code, group.key, group.name(order)))
    out.sort(key=lambda w: (body_label(w.body_code).casefold(), w.session, w.version.date or dt.date.min,
                            w.version.symbol or ""))
    return out


def work_members(rows: Iterable) -> dict[str, list]:
    """The rows (with ``id``, ``work``, ``language``) grouped as the language versions of one
    work each, keyed by :attr:`Document.work` (``#id`` for a document without a symbol).

    Where one language was imported twice, the first imported is the version and the other is a
    group of its own (so no document is ever out of sight)."""
    groups: dict[str, list] = {}
    for row in sorted(rows, key=lambda r: r.id):
        members = groups.setdefault(row.work or f"#{row.id}", [])
        if any(m.language == row.language for m in members):
            # a second file in a language already held (a re-issue, or a file whose symbol is
            # misprinted: the corpus's 75_269_C.xml says A/RES/75/268): its own row, never hidden
            groups[f"#{row.id}"] = [row]
        else:
            members.append(row)
    return groups


@dataclass(frozen=True)
class SessionGroup:
    """One session of one body, whatever language its documents write its name in.

    ``names`` maps a language to the session's name as that language's documents print it
    (``{"en": "Seventy-fifth session", "zh": "第七十五届会议", …}``; the first seen where a
    language writes it two ways); ``all_names`` has every way it is written; ``number`` is its
    ordinal where a name carries one (:func:`.readers.structure.session_number`); ``key`` is
    the same for every name of the group (the tree groups by it)."""

    key: str
    body_code: str
    names: dict[str, str]
    all_names: tuple[str, ...] = ()
    number: int | None = None

    def name(self, preferred: Sequence[str] | None = None) -> str:
        """The session's name for a reader of the first of ``preferred`` (default
        :func:`.languages.preferred_languages`): as that language's documents write it; else, for
        a numbered session, "Session 12" in the interface language (so an English reader does not
        see ``第十二届会议`` nor a bare ``75``); else as the next preferred language writes it;
        ``""`` for documents without a session."""
        order = list(preferred) if preferred is not None else preferred_languages()
        if self.names:
            language = choose_language(self.names, order)
            text = self.names[language]
            if self.number is None or (order and language == order[0] and not text.strip().isdigit()):
                return text
        if self.number is not None:
            return _("Session {number}").format(number=format_number(self.number))
        return ""


def session_groups(works: Iterable[Sequence]) -> dict[tuple[str, str], SessionGroup]:
    """The sessions of the library as one-document model groups: ``(body_code, session name)``
    → its :class:`SessionGroup`.

    ``works`` are the language versions of each work (objects with ``body_code``, ``session``
    and ``language``, such as :class:`DocumentSummary`).  Names are one session when the versions
    of one work carry them, or when they carry the same number for the same body
    (:func:`.readers.structure.session_number`: ``第十二届会议`` and ``twelfth meeting`` of the
    COP), and so on transitively (union-find).  Pure (no database)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: tuple[str, str], b: tuple[str, str]) -> None:
        parent[find(a)] = find(b)

    members_of = [list(members) for members in works]
    numbers: dict[tuple[str, str], int] = {}
    for members in members_of:
        for m in members:
            name = (m.body_code, m.session)
            find(name)
            if m.session and name not in numbers:
                number = session_number(m.session)
                if number is not None:
                    numbers[name] = number
                    union(name, (m.body_code, f"\x00{number}"))  # the number's own node
        # a version without a session name says nothing of which session the others belong to
        names = [(m.body_code, m.session) for m in members if m.session]
        for name in names[1:]:
            union(name, names[0])
    by_root: dict[tuple[str, str], dict[str, str]] = {}
    written: dict[tuple[str, str], set[str]] = {}
    for members in members_of:
        for m in members:
            root = find((m.body_code, m.session))
            languages = by_root.setdefault(root, {})
            if m.session:
                languages.setdefault(m.language, m.session)
                written.setdefault(root, set()).add(m.session)
    root_number: dict[tuple[str, str], int] = {}
    for name, number in sorted(numbers.items()):
        root_number.setdefault(find(name), number)
    groups = {root: SessionGroup(f"{root[0]}\x1f{root[1]}", root[0], names, tuple(sorted(written.get(root, ()))),
                                 root_number.get(root))
              for root, names in by_root.items()}
    return {name: groups[find(name)] for name in parent if not name[1].startswith("\x00")}


def document_fields(parsed: ParsedDocument, *, content_hash: str, source_name: str) -> dict:
    """The ``document`` row's values for one parsed document: what it says of itself, its
    canonical body (:func:`.bodies.body_code`) and the key its language versions share
    (:func:`.symbols.work_key`).  The one definition both writers use (:func:`from_parsed`
    and the bulk importer, :mod:`.bulk`)."""
    body_code = canonical_body(parsed.symbol, parsed.body or "")
    return dict(
        symbol=parsed.symbol, title=parsed.title or "", body=parsed.body or "",
        session=parsed.session or "", language=parsed.language or "",
        kind=DocumentKind(parsed.kind).value, date=parsed.date, start_date=parsed.start_date,
        end_date=parsed.end_date, venue=parsed.venue or "", agenda_item=parsed.agenda_item or "",
        draft_symbol=parsed.draft_symbol, sponsors=list(parsed.sponsors), source_name=source_name,
        source_format=parsed.source_format or "", content_hash=content_hash, imported_at=utcnow(),
        body_code=body_code, work=work_key(parsed.symbol, body_code))


def part_fields(part: ParsedPart, position: int) -> dict:
    """The ``part`` row's own values for the ``position``-th part of a parsed document (shared
    like :func:`document_fields`)."""
    return dict(position=position, kind=DocumentKind(part.kind).value, title=part.title or "")


def paragraph_fields(p: ParsedParagraph, position: int) -> dict:
    """The ``paragraph`` row's own values (without its document and part) for the
    ``position``-th paragraph of a parsed document (shared like :func:`document_fields`)."""
    table = p.table is not None and p.cells is not None
    return dict(position=position, kind=ParagraphKind(p.kind).value, number=p.number, level=p.level,
                text=p.text, verb=p.verb, section=p.section,
                table_index=p.table if table else None, cells=list(p.cells) if table else None,
                cell_spans=[[c, r] for c, r in p.spans] if table and p.spans is not None else None)


def footnote_fields(f: ParsedFootnote, position: int) -> dict:
    """The ``footnote`` row's own values (without its paragraph) for the ``position``-th footnote
    of a parsed paragraph (shared like :func:`document_fields`)."""
    return dict(position=position, marker=f.marker, text=f.text, offset=f.offset)


def from_parsed(parsed: ParsedDocument, *, content_hash: str, source_name: str) -> Document:
    """Build the ORM rows for one parsed document (not yet added to a session)."""
    doc = Document(**document_fields(parsed, content_hash=content_hash, source_name=source_name))
    parts = [Part(**part_fields(p, i)) for i, p in enumerate(parsed.parts)]
    doc.parts = parts
    for position, p in enumerate(parsed.paragraphs):
        paragraph = Paragraph(**paragraph_fields(p, position),
                              part=parts[p.part] if p.part is not None else None)
        paragraph.footnotes = [Footnote(**footnote_fields(f, i)) for i, f in enumerate(p.footnotes)]
        doc.paragraphs.append(paragraph)
    return doc


def cited_document(rows: Sequence[tuple[int, str, str]], candidates: list[str], language: str) -> int | None:
    """The id of the document a cited symbol names, from the ``(id, language, symbol)`` rows
    stored under its :func:`.citations.symbol_candidates` ``candidates``: the citing
    ``language``'s first, then the earlier candidate, then the older document; ``None`` for
    no rows.  The one rule both writers use (:class:`_Resolver` and the bulk importer)."""
    if not rows:
        return None
    return min(rows, key=lambda r: (r[1] != language, candidates.index(r[2]), r[0]))[0]


class _Resolver:
    """Resolves citations inside one transaction.

    Lookups are remembered for the transaction: one query per cited symbol
    (and language) and one per cited document's paragraph list, however many
    citations name them; a note citing decision XII/6 forty times reads
    XII/6's paragraphs once.
    """

    def __init__(self, s: Session) -> None:
        self.s = s
        self._documents: dict[tuple[str, str], int | None] = {}
        self._paragraphs: dict[tuple[int, int | None], list] = {}
        #: per paragraph list: (the list, {bare level-0 number: indices of the rows so numbered})
        self._numbered: dict[tuple[int, int | None], tuple[list, dict[str, list[int]]]] = {}

    def resolve(self, citation: Citation | CitationRow, citing_id: int, citing_language: str,
                citing_part_id: int | None = None) -> None:
        """Set ``citation``'s resolved document and paragraph where the library has them.

        An internal reference (``上文第11段``) printed inside an embedded text (a draft
        decision in a note, ``citing_part_id``) means that text's own paragraph 11.
        """
        if citation.internal:
            target_id: int | None = citing_id
        elif citation.target_symbol:
            target_id = self.document(citation.target_symbol, citing_language)
        else:
            return
        if target_id is None:
            return
        citation.resolved_document_id = target_id
        part = citing_part_id if citation.internal else None
        citation.resolved_paragraph_id = self.paragraph(target_id, citation.target_paragraph, part)

    def document(self, target_symbol: str, language: str) -> int | None:
        """The document a cited symbol names, preferring the citing document's language."""
        key = (target_symbol, language)
        if key not in self._documents:
            candidates = symbol_candidates(target_symbol)
            rows = self.s.execute(select(Document.id, Document.language, Document.symbol)
                                  .where(Document.symbol.in_(candidates))).all()
            self._documents[key] = cited_document(rows, candidates, language)
        return self._documents[key]

    def paragraph(self, document_id: int, cited: str | None, part_id: int | None = None) -> int | None:
        """The id of paragraph ``cited`` (``"21"``, ``"4 (a)"``) of a document, or ``None``.

        The number is looked up among the document's own paragraphs (or, with
        ``part_id``, those of that embedded part) at level 0, operative ones
        first, then any other non-heading one; ``(a)`` is the first level-1
        paragraph so numbered under it.  Where sections restart the numbering,
        the first match wins.
        """
        if not cited:
            return None
        key = (document_id, part_id)
        if key not in self._paragraphs:
            where_part = Paragraph.part_id.is_(None) if part_id is None else Paragraph.part_id == part_id
            self._paragraphs[key] = self.s.execute(
                select(Paragraph.id, Paragraph.number, Paragraph.level, Paragraph.kind)
                .where(Paragraph.document_id == document_id, where_part)
                .order_by(Paragraph.position)).all()
        rows = self._paragraphs[key]
        numbered = self._numbered.get(key)
        if numbered is None or numbered[0] is not rows:  # the level-0 numbers, once per paragraph list
            by_number: dict[str, list[int]] = {}
            for i, r in enumerate(rows):
                if r.level == 0 and r.number and r.kind != ParagraphKind.HEADING.value:
                    by_number.setdefault(bare(r.number), []).append(i)
            numbered = self._numbered[key] = (rows, by_number)
        head, _sep, sub = cited.partition(" (")
        top = list(numbered[1].get(head, ()))
        top.sort(key=lambda i: rows[i].kind != ParagraphKind.OPERATIVE.value)
        if not top:
            return None
        index = top[0]
        if not sub:
            return rows[index].id
        letter = sub.split(")")[0]
        for r in rows[index + 1:]:
            if r.level == 0 and r.number:
                break
            if r.level == 1 and r.number and bare(r.number) == letter:
                return r.id
        return rows[index].id


def bare(number: str | None) -> str:
    """A paragraph number without punctuation: ``"21."`` → ``"21"``, ``"(a)"``/``"（a）"`` → ``"a"``,
    and the Arabic style ``"21 -"`` → ``"21"`` (as :mod:`.readers.structure` stores it); ``""`` for none."""
    return (number or "").strip().strip("().）（、 -–").strip()


@dataclass(slots=True)
class CitationRow:
    """One citation row before it is stored: the :class:`.models.Citation` columns as plain
    attributes (no ORM state, so extraction is cheap and the row pickles to an import worker's
    parent).  ``paragraph_id``, ``footnote_id`` and the resolved ids are filled in by the writer."""

    text: str
    start: int
    end: int
    kind: str
    internal: bool = False
    target_symbol: str | None = None
    target_paragraph: str | None = None
    target_annex: str | None = None
    href: str | None = None
    position: int = 0
    paragraph_id: int | None = None
    footnote_id: int | None = None
    resolved_document_id: int | None = None
    resolved_paragraph_id: int | None = None


def paragraph_citations(text: str, language: str, links: list[tuple[int, int, str]] | None = None) -> list[CitationRow]:
    """The :class:`CitationRow` rows (not yet stored or resolved) for one paragraph's ``text``.

    Citations come from :func:`.citations.extract_citations`.  ``links`` are the
    ``(start, end, href)`` links the source set on the text (AKN ``<a href>``):
    a citation overlapping a link takes its ``href``; a link to a UN document
    (:func:`.citations.link_target`) that no extracted citation covers becomes a
    citation of its own, so the source's own cross-references are never lost.
    """
    links = list(links or [])
    rows: list[CitationRow] = []
    used: set[int] = set()
    for ref in extract_citations(text, language):
        href = None
        for i, (start, end, link) in enumerate(links):
            if start < ref.end and ref.start < end:
                href = href or link
                used.add(i)
        rows.append(CitationRow(
            text=ref.text, start=ref.start, end=ref.end, kind=ref.kind.value, internal=ref.internal,
            target_symbol=ref.target_symbol, target_paragraph=ref.target_paragraph,
            target_annex=ref.target_annex, href=href))
    for i, (start, end, link) in enumerate(links):
        target = link_target(link)
        if i in used or target is None or not (0 <= start < end <= len(text)):
            continue
        if any(r.href == link and r.start <= start and end <= r.end for r in rows):
            continue  # one citation, several links (a symbol split over two <a>)
        rows.append(CitationRow(text=text[start:end], start=start, end=end, kind=target[0].value, internal=False,
                                target_symbol=target[1], href=link))
    rows.sort(key=lambda r: (r.start, r.end))
    for position, row in enumerate(rows):
        row.position = position
    return rows


def cited_with_notes(text: str, language: str, links: list[tuple[int, int, str]] | None,
                     notes: list[str]) -> list[tuple[CitationRow, int | None]]:
    """The citations of one paragraph (:func:`paragraph_citations` of ``text`` with its ``links``)
    then those printed in its footnotes (``notes``, their texts in order), each with the index of
    its footnote (``None`` for the paragraph's own); ``position`` numbered in that order.  The one
    rule both writers use (:func:`store_citations_of` and the bulk importer, :mod:`.bulk`)."""
    found: list[tuple[CitationRow, int | None]] = [(c, None) for c in paragraph_citations(text, language, links)]
    for index, note in enumerate(notes):  # citations printed in its footnotes come after
        found += [(c, index) for c in paragraph_citations(note, language)]
    for position, (citation, _note) in enumerate(found):
        citation.position = position
    return found


def _row(obj, table, **values) -> dict:
    """The column values of a transient ORM object as a Core insert row (scalar defaults applied)."""
    row = {}
    for column in table.columns:
        if column.primary_key:
            continue
        if column.key in values:
            row[column.key] = values[column.key]
            continue
        value = getattr(obj, column.key, None)
        if value is None and column.default is not None and column.default.is_scalar:
            value = column.default.arg
        row[column.key] = value
    return row


def insert_paragraphs(s: Session, document_id: int, paragraphs: list[Paragraph]) -> tuple[list[int], list[list[int]]]:
    """Insert transient paragraphs (from :func:`from_parsed`; their parts already flushed) and their
    footnotes with Core ``executemany``; returns the paragraph ids in the given order and, for
    each paragraph, the ids of its footnotes in order (``RETURNING`` in parameter order)."""
    if not paragraphs:
        return [], []
    table = Paragraph.__table__
    rows = [_row(p, table, document_id=document_id, part_id=p.part.id if p.part is not None else None)
            for p in paragraphs]
    result = s.connection().execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    ids = list(result.scalars())
    notes = [_row(f, Footnote.__table__, paragraph_id=pid)
             for pid, p in zip(ids, paragraphs) for f in p.footnotes]
    note_ids: list[list[int]] = [[] for _ in paragraphs]
    if notes:
        ftable = Footnote.__table__
        flat = iter(s.connection().execute(
            insert(ftable).returning(ftable.c.id, sort_by_parameter_order=True), notes).scalars())
        note_ids = [[next(flat) for _ in p.footnotes] for p in paragraphs]
    return ids, note_ids


@dataclass(frozen=True)
class CitedParagraph:
    """What citation extraction needs of one stored paragraph: its id, text, part id, the
    ``(start, end, href)`` links its source set, and its footnotes as ``(footnote id, text)``."""

    paragraph_id: int
    text: str
    part_id: int | None = None
    links: list[tuple[int, int, str]] = field(default_factory=list)
    footnotes: list[tuple[int, str]] = field(default_factory=list)


def store_citations_of(s: Session, doc: Document, paragraphs: list[CitedParagraph]) -> None:
    """Extract (:func:`paragraph_citations`), store (Core ``executemany``) and resolve the
    citations of one stored document's paragraphs, then resolve other documents'
    unresolved citations of it (by :func:`.citations.symbol_aliases`).

    Citations in a paragraph's footnotes are stored with the paragraph, after its
    own, with ``footnote_id`` set.  Marks ``doc`` as extracted by the current
    :data:`~.citations.EXTRACTOR_VERSION`.
    """
    resolver = _Resolver(s)
    rows = []
    with s.no_autoflush:
        for paragraph in paragraphs:
            for citation, note in cited_with_notes(paragraph.text, doc.language, paragraph.links,
                                                   [text for _id, text in paragraph.footnotes]):
                if note is not None:
                    citation.footnote_id = paragraph.footnotes[note][0]
                citation.paragraph_id = paragraph.paragraph_id
                resolver.resolve(citation, doc.id, doc.language, paragraph.part_id)
                rows.append(_row(citation, Citation.__table__))
    if rows:
        s.connection().execute(insert(Citation.__table__), rows)
    doc.citations_version = EXTRACTOR_VERSION
    s.flush()
    aliases = symbol_aliases(doc.symbol)
    if not aliases:
        return
    # by symbol only (its index), the resolved ones skipped here: with "resolved_document_id IS
    # NULL" in the query SQLite walks every unresolved citation of the library instead
    cited = s.execute(select(Citation, Document.id, Document.language)
                      .join(Paragraph, Paragraph.id == Citation.paragraph_id)
                      .join(Document, Document.id == Paragraph.document_id)
                      .where(Citation.target_symbol.in_(aliases))).all()
    for citation, citing_id, citing_language in cited:
        if citation.resolved_document_id is None:
            resolver.resolve(citation, citing_id, citing_language)
    s.flush()


def to_parsed(doc: Document) -> ParsedDocument:
    """The inverse of :func:`from_parsed`, for renderers and exports."""
    part_index = {part.id: i for i, part in enumerate(doc.parts)}
    return ParsedDocument(
        symbol=doc.symbol, title=doc.title, body=doc.body, session=doc.session,
        language=doc.language, kind=DocumentKind(doc.kind), date=doc.date,
        start_date=doc.start_date, end_date=doc.end_date, venue=doc.venue,
        agenda_item=doc.agenda_item, source_format=doc.source_format,
        draft_symbol=doc.draft_symbol, sponsors=list(doc.sponsors or []),
        parts=[ParsedPart(DocumentKind(p.kind), p.title) for p in doc.parts],
        paragraphs=[ParsedParagraph(
            kind=ParagraphKind(p.kind), text=p.text, number=p.number, level=p.level, verb=p.verb,
            section=p.section, part=part_index.get(p.part_id) if p.part_id is not None else None,
            footnotes=[ParsedFootnote(f.marker, f.text, f.offset) for f in p.footnotes],
            **table_fields(p))
            for p in doc.paragraphs])


def table_fields(p: Paragraph) -> dict:
    """``table``, ``cells`` and ``spans`` of a :class:`~.document.ParsedParagraph` for stored
    paragraph ``p``: empty (``{}``) unless it is a table row with its cells (stored from
    migration 0010 on); spans that do not match the cells are left out (every cell 1 × 1)."""
    if p.table_index is None or not isinstance(p.cells, list):
        return {}
    cells = [str(c) for c in p.cells]
    spans = p.cell_spans
    ok = isinstance(spans, list) and len(spans) == len(cells) and all(
        isinstance(x, list) and len(x) == 2 and all(isinstance(n, int) for n in x) for x in spans)
    return dict(table=p.table_index, cells=cells,
                spans=[(c, r) for c, r in spans] if ok else None)


def document_as_dict(doc: Document) -> dict:
    """The JSON form of ``briefdesk show --json`` (see issue 2 for the fields)."""
    def iso(value):
        return value.isoformat() if value else None

    return {
        "id": doc.id, "symbol": doc.symbol, "title": doc.title, "body": doc.body,
        "session": doc.session, "language": doc.language, "kind": doc.kind,
        "date": iso(doc.date), "start_date": iso(doc.start_date), "end_date": iso(doc.end_date),
        "venue": doc.venue, "agenda_item": doc.agenda_item, "draft_symbol": doc.draft_symbol,
        "sponsors": list(doc.sponsors or []), "source_name": doc.source_name,
        "source_format": doc.source_format,
        "parts": [{"kind": p.kind, "title": p.title} for p in doc.parts],
        "paragraphs": [{
            "position": p.position, "kind": p.kind, "number": p.number, "level": p.level,
            "text": p.text, "verb": p.verb, "section": p.section,
            "table": p.table_index, "cells": p.cells, "spans": p.cell_spans,
            "part": next((i for i, part in enumerate(doc.parts) if part.id == p.part_id), None),
            "footnotes": [f.text for f in p.footnotes],
            "footnote_markers": [f.marker for f in p.footnotes],
        } for p in doc.paragraphs],
        "citations": [{
            "paragraph_position": p.position, "paragraph_number": p.number,
            "text": c.text, "start": c.start, "end": c.end, "kind": c.kind, "internal": c.internal,
            "target_symbol": c.target_symbol, "paragraph": c.target_paragraph, "annex": c.target_annex,
            "resolved_document_id": c.resolved_document_id,
            "resolved_paragraph": c.resolved_paragraph.number if c.resolved_paragraph else None,
            "resolved_paragraph_position": c.resolved_paragraph.position if c.resolved_paragraph else None,
            "href": c.href,
            "footnote": c.footnote.marker if c.footnote_id is not None and c.footnote else None,
        } for p in doc.paragraphs for c in p.citations],
    }
