"""Backups of the library file, restoring one, and rebuilding a damaged library (SQLite files only).

Backups live in a ``backups`` folder next to the library (for the user
library: ``<user data dir>/BriefDesk/backups``), named
``<library>-<kind>-<YYYYMMDD-HHMMSS>.sqlite``, where ``kind`` is

* ``daily``: taken when the library is first opened on a day; the newest
  :func:`.settings.backup_count` (default 7) are kept;
* ``migration``: taken before the schema is migrated to a newer version;
* ``manual``: File › Back Up Library… or ``briefdesk backup`` without a path;
* ``replaced``/``damaged``: the library as it was before a restore or a
  rebuild put another file in its place (nothing is ever deleted by them).

Copies are made with SQLite's online backup API (``sqlite3.Connection.backup``),
which reads a consistent snapshot (the WAL included) while others read and
write, into a temporary file that is renamed into place when complete.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .errors import LibraryDamaged, StoreError, damaged_error, database_error
from .i18n import _
from .integrity import CopyReport, connect_readonly, copy_readable, quick_check
from .paths import database_url

log = logging.getLogger("briefdesk.backup")

KINDS = ("daily", "migration", "manual", "replaced", "damaged")
_NAME = re.compile(r"^(?P<stem>.+)-(?P<kind>" + "|".join(KINDS) + r")-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite$")
_SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: its path, kind (see the module's docstring) and when it was taken (local time)."""

    path: Path
    kind: str
    taken: dt.datetime

    def as_dict(self) -> dict:
        """The JSON form (``briefdesk backup --list --json``): path, kind, taken (ISO, seconds)."""
        return {"path": str(self.path), "kind": self.kind, "taken": self.taken.isoformat(timespec="seconds")}


def library_path(location: str | os.PathLike | None) -> Path:
    """The library file a ``--db`` value names.  Raises :class:`StoreError` for a server URL
    (those are backed up with the server's own tools)."""
    url = database_url(location)
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
        raise StoreError(_("Only a library file can be backed up or restored by BriefDesk; "
                           "use the database server's own tools for {location}.").format(
            location=url.split("://")[0]))
    return Path(url.removeprefix("sqlite:///"))


def backup_folder(library: Path) -> Path:
    """Where the backups of ``library`` are kept: ``<its folder>/backups``."""
    return library.parent / "backups"


def list_backups(library: Path) -> list[BackupInfo]:
    """The backups of ``library`` found in :func:`backup_folder`, newest first."""
    folder = backup_folder(library)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            m = _NAME.match(path.name)
            if m and m["stem"] == library.stem:
                found.append(BackupInfo(path, m["kind"], dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def latest_backup(library: Path) -> BackupInfo | None:
    """The newest daily, manual or migration backup of ``library`` (not the ``replaced``/``damaged`` ones)."""
    return next((b for b in list_backups(library) if b.kind in ("daily", "manual", "migration")), None)


def copy_database(source: Path, target: Path) -> Path:
    """Copy the database ``source`` to ``target`` with the online backup API (atomic: a
    temporary file renamed into place).  Raises :class:`StoreError` in words."""
    target = Path(target)
    part = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        src = connect_readonly(source)
        try:
            dst = sqlite3.connect(str(part))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file: no -wal to keep with it
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(part, target)
    except (sqlite3.Error, OSError) as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            log.warning("backup of %s to %s failed: %s", source, target, exc)
            raise StoreError(_("Cannot write the backup {path}: {reason}").format(
                path=target, reason=exc.strerror or exc)) from exc
        raise database_error(exc, location=str(source)) from exc
    return target


def _new_name(library: Path, kind: str, when: dt.datetime | None = None) -> Path:
    folder = backup_folder(library)
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{library.stem}-{kind}-{stamp}.sqlite"
    n = 2
    while path.exists():
        path = folder / f"{library.stem}-{kind}-{stamp}-{n}.sqlite"
        n += 1
    return path


def take_backup(library: Path, kind: str = "manual", target: Path | None = None) -> Path:
    """Back up ``library`` to ``target`` (a file, or a folder to put it in), else into
    :func:`backup_folder` as ``kind``; returns the backup's path."""
    if target is None:
        target = _new_name(library, kind)
    elif Path(target).is_dir():
        target = Path(target) / _new_name(library, kind).name
    path = copy_database(library, Path(target))
    log.info("backed up %s to %s", library, path)
    return path


def daily_backup(library: Path, keep: int | None = None, today: dt.date | None = None) -> Path | None:
    """Take today's daily backup of ``library`` unless there is one; keep the newest ``keep``
    (default: :func:`.settings.backup_count`) daily backups.  Returns the new backup or ``None``."""
    from . import settings

    keep = settings.backup_count() if keep is None else max(1, keep)
    today = today or dt.date.today()
    daily = [b for b in list_backups(library) if b.kind == "daily"]
    made = None
    if not any(b.taken.date() == today for b in daily):
        made = take_backup(library, "daily")
        daily = [b for b in list_backups(library) if b.kind == "daily"]
    for old in daily[keep:]:
        old.path.unlink(missing_ok=True)
        log.info("removed old daily backup %s", old.path)
    return made


def _move_aside(library: Path, kind: str) -> Path | None:
    """Move ``library`` and its ``-wal``/``-shm`` files into the backups folder as ``kind``."""
    if not library.exists():
        return None
    kept = _new_name(library, kind)
    kept.parent.mkdir(parents=True, exist_ok=True)
    os.replace(library, kept)
    for side in _SIDE_FILES:
        extra = library.with_name(library.name + side)
        if extra.exists():
            os.replace(extra, kept.with_name(kept.name + side))
    return kept


def restore(library: Path, backup: Path) -> Path | None:
    """Put the backup ``backup`` in the place of ``library`` (which no one may have open).

    The backup is checked first (``PRAGMA quick_check``; it must hold a
    BriefDesk library); the library it replaces is kept in the backups folder
    as ``replaced`` (its path is returned, ``None`` if there was none).
    Raises :class:`StoreError`/:class:`LibraryDamaged` in words; then nothing changed.
    """
    backup = Path(backup)
    if not backup.is_file():
        raise StoreError(_("There is no backup {path}.").format(path=backup))
    checked = quick_check(backup, budget=None)
    if checked.ok is False:
        raise damaged_error(str(backup), "; ".join(checked.problems))
    try:
        connection = connect_readonly(backup)
        try:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise database_error(exc, location=str(backup)) from exc
    if not {"alembic_version", "document"} <= tables:
        raise StoreError(_("{path} is not a BriefDesk library.").format(path=backup))
    part = library.with_name(library.name + ".restoring")
    copy_database(backup, part)
    try:
        kept = _move_aside(library, "replaced")
        os.replace(part, library)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise StoreError(_("Cannot restore {path}: {reason}").format(path=library, reason=exc.strerror or exc)) from exc
    log.warning("restored %s from %s (the previous file kept as %s)", library, backup, kept)
    return kept


@dataclass(frozen=True)
class RebuildResult:
    """What :func:`rebuild` did: rows saved per table (:class:`.integrity.CopyReport`), where the
    damaged file was kept, and the number of paragraphs indexed again."""

    report: CopyReport
    damaged_kept: Path | None
    paragraphs: int


def rebuild(library: Path) -> RebuildResult:
    """Rebuild the damaged ``library`` (which no one may have open) from its readable rows.

    A new library of the current schema is made next to it, every readable
    row is copied into it (:func:`.integrity.copy_readable`), the search
    index is rebuilt, and the new file takes the library's place; the damaged
    file is kept in the backups folder as ``damaged``.  Raises :class:`StoreError`.
    """
    from .library import Library
    from .search import sqlite_fts

    fresh = library.with_name(library.stem + ".rebuilding.sqlite")
    for extra in ("", *_SIDE_FILES):
        fresh.with_name(fresh.name + extra).unlink(missing_ok=True)
    new = Library(fresh, update_citations=False, backups=False)
    with new.engine.begin() as connection:
        sqlite_fts.drop_index(connection)
    new.close()
    try:
        report = copy_readable(library, fresh)
    except sqlite3.Error as exc:
        raise database_error(exc, location=str(library)) from exc
    new = Library(fresh, update_citations=False, backups=False)  # finds no index: installs and fills it
    paragraphs = new.paragraph_count()
    new.close()
    connection = sqlite3.connect(str(fresh))
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    kept = _move_aside(library, "damaged")
    os.replace(fresh, library)
    for side in _SIDE_FILES:
        fresh.with_name(fresh.name + side).unlink(missing_ok=True)
    return RebuildResult(report, kept, paragraphs)


__all__ = ["BackupInfo", "LibraryDamaged", "RebuildResult", "backup_folder", "copy_database", "daily_backup",
           "latest_backup", "library_path", "list_backups", "rebuild", "restore", "take_backup"]
