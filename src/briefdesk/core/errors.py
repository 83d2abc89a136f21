"""The one exception hierarchy of BriefDesk.

Every error that can reach a user derives from :class:`BriefDeskError` and
carries a message already fit to show (translated through
:func:`briefdesk.core.i18n._`).  The GUI's single error function and the CLI
print ``str(error)``; no traceback ever reaches a user.
"""

from __future__ import annotations

from pathlib import Path


class BriefDeskError(Exception):
    """Base of every error BriefDesk reports to a user."""


class ReadError(BriefDeskError):
    """A file could not be read or parsed.

    ``path`` names the file; ``line`` or ``page`` (1-based) locate the fault
    where known.  ``str()`` gives ``"<file>, line N: <reason>"``.
    """

    def __init__(self, path: str | Path | None, reason: str, *, line: int | None = None,
                 page: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.reason = reason
        self.line = line
        self.page = page
        super().__init__(self._message())

    @property
    def detail(self) -> str:
        """The reason with its place in the file but not the file's name: ``"line 126: <reason>"``.

        For lists that already name each file (the import summary).
        """
        from .i18n import _

        where = []
        if self.line is not None:
            where.append(_("line {n}").format(n=self.line))
        if self.page is not None:
            where.append(_("page {n}").format(n=self.page))
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def _message(self) -> str:
        if self.path is None:
            return self.detail
        located = self.line is not None or self.page is not None
        return f"{self.path.name}{', ' if located else ': '}{self.detail}"


class UnsupportedFormat(ReadError):
    """No reader recognises the file's content."""


class StoreError(BriefDeskError):
    """The library database could not be opened, migrated or written."""


class NotFound(BriefDeskError):
    """A reference (symbol, id) names nothing in the library."""


class SearchError(BriefDeskError):
    """A query could not be run; the message says why in plain words."""


class ExportError(BriefDeskError):
    """A document could not be rendered or written."""


class Cancelled(BriefDeskError):
    """Long work stopped because its ``abort`` callable returned true."""


class LibraryNewer(StoreError):
    """The library was made by a newer BriefDesk: its schema revision is unknown to this one.

    The file is left untouched.  ``theirs``/``ours`` are the schema revisions.
    """

    def __init__(self, message: str, *, theirs: str, ours: str) -> None:
        super().__init__(message)
        self.theirs = theirs
        self.ours = ours


class LibraryReadOnly(StoreError):
    """A write was refused because the library file or its folder cannot be written."""


class NotPermitted(StoreError):
    """The team library's server refused a write that the user's role does not allow (PostgreSQL
    ``insufficient_privilege``, SQLSTATE 42501; roles: :mod:`.pg_roles`)."""


class LibraryFull(StoreError):
    """A write failed because the disk holding the library is full (SQLite ``SQLITE_FULL``)."""


class LibraryLocked(StoreError):
    """A write waited for another program's transaction longer than the busy timeout."""


class LibraryDamaged(StoreError):
    """The library file is damaged (SQLite ``SQLITE_CORRUPT``/``SQLITE_NOTADB`` or a failed
    ``PRAGMA quick_check``).  BriefDesk stops writing to it; see :mod:`.backup`."""


class EditConflict(StoreError):
    """Someone else changed the same pack or draft first (a team library: issue 16).

    Raised by the pack and drafting services when the row they were about to write had moved
    on since it was read: ``retryable`` is true when the call can simply run again on what is
    stored now (an amendment, a new agenda item: nothing the user saw is overwritten), false
    when it would overwrite what someone else wrote (a paragraph's text, a pack's meeting
    fields): then the message names the item and nothing was written.  See :mod:`.concurrency`.
    """

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class AlreadyStored(StoreError):
    """A document with the same content hash was stored meanwhile (by another process).

    ``document_id``/``symbol`` name the stored one; the importer reports a duplicate.
    """

    def __init__(self, message: str, *, document_id: int, symbol: str | None) -> None:
        super().__init__(message)
        self.document_id = document_id
        self.symbol = symbol


#: SQLite primary result codes (sqlite3.h) that name a fault the user can act on.
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_CORRUPT, _SQLITE_FULL = 5, 6, 8, 11, 13
_SQLITE_PERM, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 3, 14, 26

#: The classes :func:`database_error` chooses among; their messages are already plain.
CLASSIFIED = (LibraryNewer, LibraryReadOnly, LibraryFull, LibraryLocked, LibraryDamaged, AlreadyStored)


def _driver_error(exc: BaseException) -> BaseException:
    """The DB-API exception under an SQLAlchemy wrapper (``exc.orig``), else ``exc`` itself."""
    return getattr(exc, "orig", None) or exc


def is_database_error(exc: BaseException | None) -> bool:
    """Whether ``exc`` is a database driver's or SQLAlchemy's error (not yet in words)."""
    if exc is None:
        return False
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, (SQLAlchemyError, sqlite3.Error))


def database_error(exc: BaseException, *, location: str | None = None, damaged: bool = False) -> StoreError:
    """The :class:`StoreError` subclass, in words, for a database error ``exc``.

    ``exc`` is an SQLAlchemy error or a ``sqlite3.Error``.  The SQL, its
    parameters and SQLAlchemy's help link go to the log (``briefdesk.store``),
    never into the message.  SQLite result codes choose the class: READONLY/PERM
    → :class:`LibraryReadOnly`, FULL → :class:`LibraryFull`, BUSY/LOCKED →
    :class:`LibraryLocked`, CORRUPT/NOTADB → :class:`LibraryDamaged` (also any
    refused write when ``damaged``, since a damaged library is opened for
    reading only); other drivers' errors are recognised by their text.
    ``location`` (a path) is named in the message where given.
    """
    import logging

    from .i18n import _
    from .logs import log_path

    logging.getLogger("briefdesk.store").warning("database error: %s", exc, exc_info=exc)
    orig = _driver_error(exc)
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(orig).lower()
    where = location or _("the library")
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return damaged_error(where, str(orig))
    if primary in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in text or "read-only" in text:
        if damaged:
            return damaged_error(where, str(orig))
        return LibraryReadOnly(_(
            "Nothing was saved: {library} is read-only. Check the permissions of the file and its folder, "
            "or copy the library to a folder you can write to.").format(library=where))
    if primary == _SQLITE_FULL or "disk is full" in text or "no space left" in text:
        return LibraryFull(_(
            "Nothing was saved: the disk holding {library} is full. Free some space and try again.").format(
            library=where))
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text or "lock timeout" in text:
        return LibraryLocked(_(
            "Nothing was saved: {library} is locked by another program that is writing to it. "
            "Try again when it has finished.").format(library=where))
    if getattr(orig, "sqlstate", None) == "42501" or "permission denied" in text:
        return NotPermitted(_(
            "Nothing was saved: your account may not make this change in {library}. Ask the delegation's "
            "librarian for the drafter role (packs and drafts) or the librarian role (import and delete)."
        ).format(library=where))
    if primary == _SQLITE_CANTOPEN or "unable to open" in text:
        return StoreError(_("BriefDesk cannot open {library}: the file or its folder is missing or not readable.")
                          .format(library=where))
    return StoreError(_("BriefDesk could not read or write {library}. The details were written to {log}.").format(
        library=where, log=log_path()))


def damaged_error(location: str, detail: str = "") -> LibraryDamaged:
    """The :class:`LibraryDamaged` error for the library at ``location``; ``detail`` is logged only."""
    import logging

    from .i18n import _

    if detail:
        logging.getLogger("briefdesk.store").error("library %s is damaged: %s", location, detail)
    return LibraryDamaged(_(
        "BriefDesk found damage in {library} and will not write to it. Restore the latest backup, "
        "or rebuild the library from its readable parts.").format(library=location))


def user_message(exc: BaseException) -> str | None:
    """The sentence to show for ``exc``, or ``None`` when it is not BriefDesk's to word (a bug).

    A database error (raw, or inside a :class:`StoreError` that quoted it) is
    worded by :func:`database_error`, so no SQL reaches the user.
    """
    if isinstance(exc, CLASSIFIED):
        return str(exc)
    if is_database_error(exc):
        return str(database_error(exc))
    if isinstance(exc, StoreError) and is_database_error(exc.__cause__):
        return str(database_error(exc.__cause__))
    if isinstance(exc, BriefDeskError):
        return str(exc)
    return None
