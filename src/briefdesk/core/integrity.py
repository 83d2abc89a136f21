"""Is the library file sound, and what can be saved from it if not (SQLite only).

This is the one module that runs SQLite's integrity checks and reads a
damaged file row by row (DEVELOPERS.md: SQLite's own SQL stays in the module
that owns the concern; the search index's is in :mod:`.search.sqlite_fts`).

* :func:`quick_check` runs ``PRAGMA quick_check`` (SQLite §pragma_quick_check:
  b-tree structure, record formats, NOT NULL/CHECK; O(N), not the O(N log N)
  index cross-check of ``integrity_check``) on a read-only connection of
  its own, within a time budget; :func:`check_in_background` finishes a check
  that ran over it on a thread.
* :func:`copy_readable` is the heart of "rebuild from the good parts"
  (like the ``sqlite3`` shell's ``.recover``, but with BriefDesk's own
  schema as the target): every table is read in rowid order, a batch at a
  time; where a batch cannot be read the rows are tried one by one, then in
  growing steps, so one damaged page costs only the rows on it.  Rows whose
  parent was lost (``PRAGMA foreign_key_check``) are dropped after the copy.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .search.sqlite_fts import FTS_TABLE, VOCAB_TABLE

log = logging.getLogger("briefdesk.integrity")

#: How long :func:`quick_check` may run when a library is opened before it goes on in the background.
OPEN_CHECK_BUDGET_S = 1.0


@dataclass(frozen=True)
class CheckResult:
    """What :func:`quick_check` found.

    ``ok`` is ``True`` (sound), ``False`` (damaged: ``problems`` lists SQLite's
    own lines, for the log) or ``None`` (not finished within the budget).
    ``seconds`` is the time spent.
    """

    ok: bool | None
    problems: tuple[str, ...] = ()
    seconds: float = 0.0


def readonly_uri(path: str | Path, *, immutable: bool = False) -> str:
    """The SQLite URI that opens ``path`` for reading only (``mode=ro``; ``immutable=1`` where asked:
    no locks, no ``-shm`` file, for a file in a folder that cannot be written)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"  # percent-encoded; file:///C:/… on Windows
    return uri + "&immutable=1" if immutable else uri


def readonly_target(path: str | Path) -> str:
    """The URI that opens ``path`` for reading (:func:`readonly_uri`), tried: ``immutable=1`` when
    the WAL index cannot be created beside a file in a read-only folder.  Raises ``sqlite3.Error``."""
    try:
        connection = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc):
            raise
        return readonly_uri(path, immutable=True)
    return readonly_uri(path)


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only ``sqlite3`` connection to ``path`` (:func:`readonly_target`).  Raises ``sqlite3.Error``."""
    connection = sqlite3.connect(readonly_target(path), uri=True)
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return connection


def schema_revision(path: str | Path) -> str | None:
    """The schema revision recorded in the library file (``alembic_version``), read without
    writing anything; ``None`` where there is none or it cannot be read (opening will say why)."""
    try:
        connection = connect_readonly(path)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return row[0] if row else None


def quick_check(path: str | Path, budget: float | None = OPEN_CHECK_BUDGET_S) -> CheckResult:
    """Run ``PRAGMA quick_check`` on the file at ``path`` within ``budget`` seconds (``None``: no limit).

    Never raises: a file SQLite cannot read as a database is damaged
    (``ok=False``); one that cannot be opened at all (missing, unreadable)
    counts as sound here, since opening it will say why.
    """
    start = time.monotonic()
    try:
        connection = connect_readonly(path)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
            return CheckResult(True, (), time.monotonic() - start)
        return CheckResult(False, (str(exc),), time.monotonic() - start)
    try:
        if budget is not None:
            deadline = start + budget
            connection.set_progress_handler(lambda: time.monotonic() > deadline, 1_000)
        try:
            rows = [r[0] for r in connection.execute("PRAGMA quick_check(20)")]
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                return CheckResult(None, (), time.monotonic() - start)
            return CheckResult(False, (str(exc),), time.monotonic() - start)
        except sqlite3.DatabaseError as exc:
            return CheckResult(False, (str(exc),), time.monotonic() - start)
    finally:
        connection.close()
    ok = rows == ["ok"]
    return CheckResult(ok, () if ok else tuple(rows), time.monotonic() - start)


def check_in_background(path: str | Path, on_done: Callable[[CheckResult], None]) -> threading.Thread:
    """Run :func:`quick_check` without a budget on a daemon thread; ``on_done(result)`` is called
    on that thread (a window must pass it on to its own thread)."""
    def work() -> None:
        result = quick_check(path, budget=None)
        log.info("background quick_check of %s: %s in %.1f s", path, result.ok, result.seconds)
        on_done(result)

    thread = threading.Thread(target=work, name="briefdesk-quick-check", daemon=True)
    thread.start()
    return thread


@dataclass
class CopyReport:
    """What :func:`copy_readable` saved: rows copied and read failures per table, orphans dropped."""

    copied: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)
    orphans: int = 0

    @property
    def total(self) -> int:
        """Rows copied in all tables."""
        return sum(self.copied.values())


_BATCH = 500
#: consecutive rowids tried one by one after an unreadable batch before the steps grow
_SINGLE_STEPS = 2_000
_MAX_ROWID = 2 ** 63 - 1


def _index_tables(name: str) -> bool:
    """Whether ``name`` is the search index or one of its FTS5 shadow tables (rebuilt, never copied)."""
    return name.startswith(FTS_TABLE) or name == VOCAB_TABLE


def copy_readable(source: str | Path, target: str | Path,
                  progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy every row that can still be read from the damaged library ``source`` into ``target``.

    ``target`` must be a library of the same schema, migrated and empty, with
    its search index dropped (:func:`.search.sqlite_fts.drop_index`): rows go
    in as they were, ids included, and the index is rebuilt afterwards by the
    caller.  ``alembic_version`` is the target's own.  ``progress(table,
    rows so far)`` is called per batch.  Raises ``sqlite3.Error`` only when
    the target cannot be written or the source not opened at all.
    """
    report = CopyReport()
    src = connect_readonly(source)
    dst = sqlite3.connect(str(target))
    try:
        dst.execute("PRAGMA foreign_keys=OFF")
        tables = [r[0] for r in dst.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:
            if table == "alembic_version" or _index_tables(table):
                continue
            copied, failures = _copy_table(src, dst, table, progress)
            report.copied[table] = copied
            if failures:
                report.unreadable[table] = failures
        dst.commit()
        report.orphans = _drop_orphans(dst)
        dst.commit()
    finally:
        src.close()
        dst.close()
    log.warning("rebuilt %s from %s: %s", target, source, report)
    return report


def _columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')]


def _copy_table(src, dst, table: str, progress) -> tuple[int, int]:
    try:
        theirs = set(_columns(src, table))
    except sqlite3.DatabaseError as exc:
        log.warning("table %s unreadable: %s", table, exc)
        return 0, 1
    columns = [c for c in _columns(dst, table) if c in theirs]
    if not columns:
        return 0, 0
    names = ", ".join(f'"{c}"' for c in columns)
    select = f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT ?'
    insert = f'INSERT OR IGNORE INTO "{table}" (rowid, {names}) VALUES ({", ".join("?" * (len(columns) + 1))})'
    last, copied, failures, misses = 0, 0, 0, 0  # BriefDesk's ids start at 1
    while True:
        try:
            rows = src.execute(select, (last, _BATCH if misses == 0 else 1)).fetchall()
        except sqlite3.DatabaseError:
            failures += 1
            misses += 1
            step = 1 if misses <= _SINGLE_STEPS else 2 ** min(62, (misses - _SINGLE_STEPS) // 8)
            if last >= _MAX_ROWID - step:
                break
            last += step
            continue
        misses = 0
        if not rows:
            break
        dst.executemany(insert, rows)
        copied += len(rows)
        last = rows[-1][0]
        if progress is not None:
            progress(table, copied)
    return copied, failures


def _drop_orphans(dst: sqlite3.Connection) -> int:
    """Delete rows whose foreign key names a row that was lost, until none is left; returns how many."""
    dropped = 0
    while True:
        rows = dst.execute("PRAGMA foreign_key_check").fetchall()
        if not rows:
            return dropped
        before = dropped
        for table, rowid, _parent, _fk in rows:
            if rowid is not None:
                dst.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
                dropped += 1
        if dropped == before:
            return dropped
