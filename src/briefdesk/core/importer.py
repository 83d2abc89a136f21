"""Importing files into the library: file → reader → structure parser → store and index.

The reader is chosen by the file's content, not its name: Akoma Ntoso XML
by its root element, .docx by its ZIP members, PDF by its ``%PDF-`` header,
anything else as text (UTF-8, UTF-16 or GB18030).  Each file is read and
parsed before the database is touched, then written in one transaction, so
a file that fails leaves the library unchanged and the other files still
import.  Long work reports through ``progress(done, total, name)`` and stops
between files when ``abort()`` returns true: what was fully imported stays,
nothing is half-imported.
"""

from __future__ import annotations

import enum
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .document import ParsedDocument
from .errors import AlreadyStored, BriefDeskError, Cancelled, ReadError
from .i18n import _
from .library import Library

_log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int, str], None]
AbortFn = Callable[[], bool]

#: File name endings never imported when walking folders (ours or the system's).
_SKIP_SUFFIXES = {".sqlite", ".db", ".pyc", ".png", ".jpg", ".jpeg", ".gif", ".zip", ".exe", ".dll", ".so"}


class ImportStatus(str, enum.Enum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass(frozen=True)
class ImportResult:
    """What happened to one file: its status, the document id, or the reason it failed.

    ``warnings`` are the reader's sentences about text it kept but could not
    place (:attr:`ParsedDocument.warnings`); a file imported with warnings
    is still imported.
    """

    path: Path
    status: ImportStatus
    document_id: int | None = None
    symbol: str | None = None
    reason: str = ""
    warnings: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line for the user: ``name: imported as XII/6``."""
        if self.status is ImportStatus.IMPORTED:
            line = _("{name}: imported as {ref}").format(name=self.path.name, ref=self.symbol or f"#{self.document_id}")
            for warning in self.warnings:
                line += "\n  " + _("warning: {detail}").format(detail=warning)
            return line
        if self.status is ImportStatus.DUPLICATE:
            return _("{name}: skipped, already in the library ({ref})").format(
                name=self.path.name, ref=self.symbol or f"#{self.document_id}")
        return _("{name}: failed: {reason}").format(name=self.path.name, reason=self.reason)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders recursively (sorted, hidden entries skipped) into a list of files.

    Raises :class:`ReadError` for a path that does not exist.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts) \
                        and child.suffix.lower() not in _SKIP_SUFFIXES:
                    files.append(child)
        elif path.is_file():
            files.append(path)
        else:
            raise ReadError(path, _("no such file or folder"))
    return files


#: Header of an OLE compound file: an old binary .doc, or a password-encrypted .docx.
_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(data: bytes) -> str:
    """``"akn"``, ``"docx"``, ``"pdf"`` or ``"text"``, from the first bytes of a file."""
    head = data[:4096]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"PK\x03\x04", _OLE_HEADER)):
        return "docx"  # the .docx reader also explains an encrypted or old binary Word file
    from .readers.akn import looks_like_akn

    if looks_like_akn(head):
        return "akn"
    return "text"


def read_document(path: Path, data: bytes | None = None) -> ParsedDocument:
    """Read and parse one file with the reader its content calls for.

    Raises :class:`ReadError` (or a subclass) naming the file, and nothing
    else: any other exception a reader or its parsing library raises on
    content it did not foresee (``zlib.error``, ``AssertionError``,
    ``KeyError``, ``MemoryError``, …) is logged with its traceback
    (:mod:`briefdesk.core.logs`) and becomes a :class:`ReadError` whose
    reason names the exception, so one bad file never stops a batch.
    """
    try:
        return _read_document(path, data)
    except BriefDeskError:
        raise
    except Exception as exc:  # noqa: BLE001 - the safety net of issue 12: a reader bug refuses one file
        _log.error("reading %s failed unexpectedly", path, exc_info=True)
        if isinstance(exc, MemoryError):
            reason = _("the file needs more memory than is available")
        elif isinstance(exc, RecursionError):
            reason = _("the file is nested too deeply to be read")
        else:
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            reason = _("the file could not be understood ({detail}); the details were written to the log").format(
                detail=detail[:200])
        raise ReadError(path, reason) from exc


def _read_document(path: Path, data: bytes | None) -> ParsedDocument:
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(path, exc.strerror or str(exc)) from exc
    if not data.strip():
        raise ReadError(path, _("the file is empty"))
    fmt = sniff_format(data)
    if fmt == "akn":
        from .readers.akn import parse_akn

        return parse_akn(data, path)
    if fmt == "docx":
        from .readers.docx import read_docx

        return symbol_from_name(read_docx(path), path)
    if fmt == "pdf":
        from .readers.pdf import read_pdf

        return symbol_from_name(read_pdf(path, data), path)
    from .readers.text import decode_text, parse_text

    return parse_text(decode_text(data, path), path)


def symbol_from_name(doc: ParsedDocument, path: Path) -> ParsedDocument:
    """A PDF or Word file that prints no symbol its reader could read (text recognition lost
    or garbled the masthead: ``T/P'm.11/142``) takes the symbol its ODS file name spells
    (:func:`.symbols.symbol_from_file_name`), and says so in its warnings."""
    if not doc.symbol:
        from .symbols import symbol_from_file_name

        symbol = symbol_from_file_name(path.name)
        if symbol:
            doc.symbol = symbol
            doc.warnings.append(_("no document symbol could be read in the text; {symbol} is taken from "
                                  "the file name, as the Official Document System names its files").format(
                symbol=symbol))
    return doc


class Importer:
    """Imports files into one :class:`Library`."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def import_file(self, path: Path) -> ImportResult:
        """Import one file; never raises for bad input (the result says why it failed)."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            return ImportResult(path, ImportStatus.FAILED, reason=exc.strerror or str(exc))
        digest = hashlib.sha256(data).hexdigest()
        existing = self.library.find_by_hash(digest)
        if existing is not None:
            return ImportResult(path, ImportStatus.DUPLICATE, *existing)
        try:
            parsed = read_document(path, data)
            if not parsed.paragraphs:
                raise ReadError(path, _("no text was found in the file"))
            doc_id = self.library.add(parsed, content_hash=digest, source_name=path.name)
        except AlreadyStored as exc:  # stored by another process meanwhile: a duplicate, not a failure
            return ImportResult(path, ImportStatus.DUPLICATE, exc.document_id, exc.symbol)
        except BriefDeskError as exc:
            reason = exc.detail if isinstance(exc, ReadError) else str(exc)
            return ImportResult(path, ImportStatus.FAILED, reason=reason)
        except (ValueError, LookupError, UnicodeError, RecursionError) as exc:
            # read_document already turns a reader's unforeseen error into ReadError; this is
            # citation extraction in Library.add tripping on the text (bulk.prepare does the same).
            return ImportResult(path, ImportStatus.FAILED,
                                reason=_("the file could not be understood ({detail})").format(detail=exc))
        return ImportResult(path, ImportStatus.IMPORTED, doc_id, parsed.symbol,
                            warnings=tuple(parsed.warnings))

    def import_paths(self, paths: Iterable[str | Path], *, progress: ProgressFn | None = None,
                     abort: AbortFn | None = None, workers: int | None = None) -> list[ImportResult]:
        """Import every file under ``paths``; returns one result per file handled.

        Raises :class:`Cancelled` (carrying the results so far in
        ``.results``) when ``abort()`` returns true; files already imported stay.
        ``workers`` reader processes parse while this process stores
        (:func:`.bulk.import_files`; the same rows land); ``None`` chooses
        (:func:`.bulk.default_workers`: one per CPU for 16 files or more), 1 reads
        and stores each file here in turn.
        """
        files = collect_files(paths)
        from .bulk import default_workers, import_files

        workers = default_workers(len(files)) if workers is None else workers
        if workers > 1:
            return import_files(self.library, files, workers=workers, progress=progress, abort=abort)
        results: list[ImportResult] = []
        for i, path in enumerate(files):
            if abort is not None and abort():
                cancelled = Cancelled(_("Import cancelled after {n} of {total} files.").format(n=i, total=len(files)))
                cancelled.results = results  # type: ignore[attr-defined]
                raise cancelled
            if progress is not None:
                progress(i, len(files), path.name)
            results.append(self.import_file(path))
        if progress is not None:
            progress(len(files), len(files), "")
        return results
