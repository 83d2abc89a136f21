"""Faults named in words, damage noticed, backups to go back to (issue 12, points 4 and 5).

Each fault is made for real: a schema revision stamped as a newer version's,
a file or folder made read-only (``chattr +i``, since the tests run as root
and root ignores ``chmod``; skipped, saying why, where chattr is refused),
a full disk (SQLite's ``max_page_count``: the library may not grow, which
SQLite reports as ``SQLITE_FULL`` exactly as for a full disk), a lock held
by another connection's write transaction, and 4 KB of random bytes written
over the middle of the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from briefdesk.core import backup, integrity, settings
from briefdesk.core.errors import (
    AlreadyStored,
    LibraryDamaged,
    LibraryFull,
    LibraryLocked,
    LibraryNewer,
    LibraryReadOnly,
    StoreError,
    user_message,
)
from briefdesk.core.importer import Importer, ImportStatus, read_document
from briefdesk.core.library import Library
from tests.faults import (
    HEAD,
    FIXTURES,
    INTERNALS,
    build_library,
    damage,
    downgrade,
    fresh_copy,
    immutable,
    is_root,
    page_count,
    stamp,
)

DECISION = FIXTURES / "text" / "decision_en.txt"
NEW_TEXT = "Decision 14/77. Testing\n\nThe Conference of the Parties,\n\n1. Decides to test the store;\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_library(tmp_path_factory.mktemp("built"))


@pytest.fixture
def lib_path(built, tmp_path) -> Path:
    return fresh_copy(built, tmp_path / "data")


def _store(library: Library, text: str = NEW_TEXT, name: str = "new.txt") -> int:
    path = Path(name)
    parsed = read_document(path, text.encode())
    return library.add(parsed, content_hash=hashlib.sha256(text.encode()).hexdigest(), source_name=name)


def _plain(message: str) -> None:
    for internal in INTERNALS:
        assert internal not in message, (internal, message)


# -- a newer library --------------------------------------------------------------------------------

def test_a_library_from_a_newer_version_is_named_and_left_untouched(lib_path):
    stamp(lib_path, "0099")
    before = lib_path.read_bytes()
    with pytest.raises(LibraryNewer) as caught:
        Library(lib_path)
    message = str(caught.value)
    assert f"made by a newer BriefDesk (schema 0099); this is {HEAD}" in message
    assert caught.value.theirs == "0099" and caught.value.ours == HEAD
    _plain(message)
    assert lib_path.read_bytes() == before
    assert not backup.list_backups(lib_path)  # nothing taken, nothing migrated


# -- read-only ----------------------------------------------------------------------------------------

def test_a_library_opened_read_only_reads_and_refuses_writes_in_words(lib_path):
    library = Library(lib_path, read_only=True)
    assert library.read_only and library.count() == 7
    assert library.search("cooperation")  # the index is read through the mode=ro connection
    before = lib_path.read_bytes()
    with pytest.raises(LibraryReadOnly) as caught:
        _store(library)
    assert "is read-only" in str(caught.value)
    _plain(str(caught.value))
    library.close()
    assert lib_path.read_bytes() == before


def test_a_read_only_file_is_opened_for_reading(lib_path):
    immutable(lib_path)
    try:
        library = Library(lib_path)
        assert library.read_only and library.count() == 7
        with pytest.raises(LibraryReadOnly):
            _store(library)
        library.close()
    finally:
        immutable(lib_path, on=False)


@pytest.mark.skipif(is_root(), reason="root ignores chmod; the chattr tests cover read-only files for root")
def test_a_chmod_read_only_file_is_opened_for_reading(lib_path):
    lib_path.chmod(0o444)
    try:
        library = Library(lib_path)
        assert library.read_only and library.count() == 7
        library.close()
    finally:
        lib_path.chmod(0o644)


def test_a_read_only_folder_still_reads_its_library(lib_path):
    folder = lib_path.parent
    immutable(folder)
    try:
        library = Library(lib_path)
        assert library.read_only and library.count() == 7
        assert library.search("cooperation")
        with pytest.raises(LibraryReadOnly):
            _store(library)
        library.close()
    finally:
        immutable(folder, on=False)


def test_a_library_folder_that_cannot_be_made_is_named(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as caught:
        Library(blocker / "sub" / "lib.sqlite")
    assert "does not exist and cannot be created" in str(caught.value)
    assert str(blocker / "sub") in str(caught.value)


def test_a_missing_library_in_a_read_only_folder_is_named(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    immutable(folder)
    try:
        with pytest.raises(StoreError) as caught:
            Library(folder / "lib.sqlite")
        assert "cannot be written to create one" in str(caught.value)
    finally:
        immutable(folder, on=False)


# -- disk full, locked ------------------------------------------------------------------------------

def limit_growth(library: Library) -> None:
    """Let the library not grow by a page: SQLite then reports SQLITE_FULL, as on a full disk."""
    pages = page_count(library.path)

    @event.listens_for(library.engine, "connect")
    def _limit(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    library.engine.dispose()


def test_a_full_disk_is_named_and_nothing_is_half_stored(lib_path):
    library = Library(lib_path, backups=False)
    limit_growth(library)
    with pytest.raises(LibraryFull) as caught:
        _store(library, NEW_TEXT * 200)
    assert "the disk holding" in str(caught.value) and "is full" in str(caught.value)
    _plain(str(caught.value))
    assert library.count() == 7
    result = Importer(library).import_file(DECISION.with_name("note_zh.txt"))
    assert result.status is ImportStatus.DUPLICATE  # reads still work
    library.close()


def test_a_locked_library_is_named_and_the_write_goes_through_afterwards(lib_path, monkeypatch):
    import briefdesk.core.library as library_module

    monkeypatch.setattr(library_module, "BUSY_TIMEOUT_S", 0.2)
    library = Library(lib_path, backups=False)
    other = sqlite3.connect(lib_path)
    other.execute("BEGIN IMMEDIATE")  # another program's write transaction
    try:
        with pytest.raises(LibraryLocked) as caught:
            _store(library)
        assert "locked by another program" in str(caught.value)
        _plain(str(caught.value))
        assert library.count() == 7  # reading is not blocked (WAL)
    finally:
        other.rollback()
        other.close()
    assert _store(library) > 0
    library.close()


# -- the same file imported by two processes ---------------------------------------------------------

def test_a_file_stored_meanwhile_by_another_process_is_a_duplicate(lib_path, monkeypatch):
    library = Library(lib_path, backups=False)
    real = library.find_by_hash
    calls = []

    def not_yet_then_real(digest):
        """The importer's look-up misses (the other process has not committed yet); later ones see it."""
        calls.append(digest)
        return None if len(calls) == 1 else real(digest)

    monkeypatch.setattr(library, "find_by_hash", not_yet_then_real)
    result = Importer(library).import_file(DECISION)
    assert result.status is ImportStatus.DUPLICATE and result.document_id is not None
    assert result.symbol == "14/30" and len(calls) == 2
    monkeypatch.setattr(library, "find_by_hash", lambda digest: None)
    with pytest.raises(StoreError) as caught:  # a unique clash whose row cannot be found: worded, not SQL
        library.add(read_document(DECISION), content_hash=hashlib.sha256(DECISION.read_bytes()).hexdigest(),
                    source_name=DECISION.name)
    assert not isinstance(caught.value, AlreadyStored)
    _plain(str(caught.value))
    library.close()


def test_two_processes_importing_one_folder_fail_nothing(tmp_path):
    db = tmp_path / "two.sqlite"
    Library(db, backups=False).close()
    command = [sys.executable, "-m", "briefdesk.cli", "import", str(FIXTURES / "text"), "--json", "--db", str(db)]
    import json
    import os

    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    results = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
        results += json.loads(out)
    statuses = [r["status"] for r in results]
    assert "failed" not in statuses
    assert statuses.count("imported") == 7 and statuses.count("duplicate") == 7
    library = Library(db, backups=False)
    assert library.count() == 7
    library.close()


def test_a_raw_store_error_is_worded_without_sql():
    exc = IntegrityError("INSERT INTO document (symbol) VALUES (?)", ("x",),
                         sqlite3.IntegrityError("UNIQUE constraint failed: document.symbol"))
    message = user_message(exc)
    assert message and "could not read or write" in message
    _plain(message)
    wrapped = StoreError(f"Cannot save the draft: {exc}")
    wrapped.__cause__ = exc
    _plain(user_message(wrapped))


# -- damage ---------------------------------------------------------------------------------------

def test_a_damaged_library_is_noticed_and_not_written(lib_path):
    Library(lib_path).close()  # today's daily backup
    damage(lib_path)
    library = Library(lib_path)
    assert library.damaged and library.read_only
    assert library.check.ok is False and library.check.problems
    with pytest.raises(LibraryDamaged) as caught:
        _store(library)
    assert "found damage" in str(caught.value)
    _plain(str(caught.value))
    library.close()


def test_restore_brings_back_the_latest_backup(lib_path):
    Library(lib_path).close()
    (daily,) = backup.list_backups(lib_path)
    assert daily.kind == "daily" and daily.taken.date() == dt.date.today()
    damage(lib_path)
    kept = backup.restore(lib_path, backup.latest_backup(lib_path).path)
    assert kept is not None and kept.exists() and "replaced" in kept.name
    library = Library(lib_path)
    assert not library.damaged and library.count() == 7
    assert integrity.quick_check(lib_path, budget=None).ok is True
    library.close()


def test_restore_refuses_a_damaged_or_foreign_file_and_changes_nothing(lib_path, tmp_path):
    bad = fresh_copy(lib_path, tmp_path / "other", "bad.sqlite")
    damage(bad)
    before = lib_path.read_bytes()
    with pytest.raises(LibraryDamaged):
        backup.restore(lib_path, bad)
    foreign = tmp_path / "other" / "foreign.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    with pytest.raises(StoreError, match="not a BriefDesk library"):
        backup.restore(lib_path, foreign)
    assert lib_path.read_bytes() == before


def test_rebuild_keeps_the_readable_rows_and_indexes_them_again(lib_path):
    damage(lib_path)
    assert integrity.quick_check(lib_path, budget=None).ok is False
    done = backup.rebuild(lib_path)
    assert done.damaged_kept is not None and done.damaged_kept.exists()
    assert integrity.quick_check(lib_path, budget=None).ok is True
    library = Library(lib_path)
    assert not library.damaged
    assert 0 < library.count() <= 7 and done.report.copied["document"] == library.count()
    assert done.paragraphs > 0 and library.search("Conference")
    assert _store(library) > 0  # writable again
    library.close()


def test_a_check_over_budget_finishes_in_the_background(lib_path, monkeypatch):
    monkeypatch.setattr(integrity, "OPEN_CHECK_BUDGET_S", 0.0)
    result = integrity.quick_check(lib_path, budget=0.0)
    assert result.ok is None  # interrupted by the progress handler
    library = Library(lib_path, backups=False)
    told = []
    library.on_damage(lambda: told.append(True))
    library._background_check_done(integrity.CheckResult(False, ("*** page 31: btreeInitPage() error 11",)))
    assert told == [True] and library.damaged and library.read_only
    with pytest.raises(LibraryDamaged):
        _store(library)
    library.close()


# -- backups ----------------------------------------------------------------------------------------

def test_a_backup_is_taken_before_every_migration(lib_path):
    library = Library(lib_path, backups=False)
    downgrade(library.engine, "0005")
    library.close()
    Library(lib_path, backups=False).close()  # migrates 0005 → 0006
    (taken,) = [b for b in backup.list_backups(lib_path) if b.kind == "migration"]
    with sqlite3.connect(taken.path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)
        assert connection.execute("SELECT count(*) FROM document").fetchone() == (7,)
    connection.close()


def test_daily_backups_roll_and_keep_the_count_set(lib_path):
    folder = backup.backup_folder(lib_path)
    folder.mkdir()
    for days in range(1, 10):
        day = dt.date.today() - dt.timedelta(days=days)
        (folder / f"lib-daily-{day:%Y%m%d}-080000.sqlite").write_bytes(b"old")
    (folder / "lib-manual-20200101-080000.sqlite").write_bytes(b"mine")
    made = backup.daily_backup(lib_path, keep=3)
    assert made is not None
    daily = [b for b in backup.list_backups(lib_path) if b.kind == "daily"]
    assert len(daily) == 3 and daily[0].path == made
    assert backup.daily_backup(lib_path, keep=3) is None  # one a day
    settings.set(settings.BACKUP_COUNT, 2)
    try:
        assert settings.backup_count() == 2
        backup.daily_backup(lib_path)
        assert len([b for b in backup.list_backups(lib_path) if b.kind == "daily"]) == 2
    finally:
        settings.set(settings.BACKUP_COUNT, 7)
    assert (folder / "lib-manual-20200101-080000.sqlite").exists()  # only daily ones roll


def test_a_backup_is_a_consistent_library_taken_while_open(lib_path, tmp_path):
    library = Library(lib_path, backups=False)
    _store(library)
    target = backup.take_backup(lib_path, target=tmp_path / "copy.sqlite")
    library.close()
    copy = Library(target, backups=False)
    assert copy.count() == 8
    copy.close()


# -- atomic imports -------------------------------------------------------------------------------

def test_an_import_killed_at_any_moment_leaves_only_whole_documents(corpus, tmp_path):
    """SIGKILL an importing process three times, at seeded moments once it stores: every stored document has all
    the paragraphs its file parses into, the file passes quick_check, and the next import goes on."""
    import json
    import os
    import random
    import signal
    import time

    files = sorted((corpus / "akn" / "ga-75" / "English").glob("*.xml"))[:40] + sorted((corpus / "seeds").glob("*.txt"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in files:
        (inbox / f.name).symlink_to(f)
    db = tmp_path / "killed.sqlite"
    Library(db, backups=False).close()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    command = [sys.executable, "-m", "briefdesk.cli", "import", str(inbox), "--db", str(db)]
    rng = random.Random(20)

    def stored_count() -> int:
        with sqlite3.connect(db, timeout=10) as connection:
            n = connection.execute("SELECT count(*) FROM document").fetchone()[0]
        connection.close()
        return n

    for _ in range(3):
        before = stored_count()
        run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + 120
        while stored_count() == before and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the process is importing: kill it at a seeded moment from now
        time.sleep(rng.uniform(0.0, 0.5))
        run.send_signal(signal.SIGKILL)
        run.wait()
    assert integrity.quick_check(db, budget=None).ok is True
    library = Library(db, backups=False)
    by_hash = {hashlib.sha256(f.read_bytes()).hexdigest(): f for f in files}
    stored = library.summaries()
    assert stored  # the kills came after some documents were stored
    for summary in stored:
        doc = library.document(summary.id)
        source = by_hash[doc.content_hash]
        assert len(doc.paragraphs) == len(read_document(source).paragraphs), source.name
    library.close()
    done = subprocess.run(command + ["--json"], capture_output=True, text=True, env=env, timeout=600, check=False)
    results = json.loads(done.stdout)
    assert [r for r in results if r["status"] == "failed"] == []
    assert sum(r["status"] == "duplicate" for r in results) == len(stored)


def test_a_folder_name_with_url_signs_holds_the_library(tmp_path):
    """``?`` and ``#`` in a folder's name are part of the path, not a URL's query or fragment."""
    folder = tmp_path / "odd ?#name"
    library = Library(folder / "lib.sqlite", backups=False)
    Importer(library).import_file(DECISION)
    library.close()
    assert (folder / "lib.sqlite").is_file() and not (tmp_path / "odd ").exists()
    reader = Library(folder / "lib.sqlite", read_only=True)
    assert reader.count() == 1 and reader.search("cooperation")
    reader.close()


def test_a_really_full_disk_is_named(built, tmp_path):
    """A 2 MiB tmpfs filled to the brim (where this process may mount one: root in a container
    with CAP_SYS_ADMIN); elsewhere skipped, saying why (the max_page_count test covers SQLITE_FULL)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or done.returncode})")
    try:
        path = fresh_copy(built, mount)
        library = Library(path, backups=False)
        with open(mount / "filler", "wb") as filler:  # take every free byte
            try:
                while True:
                    filler.write(b"\0" * 65536)
                    filler.flush()
            except OSError:
                pass
        with pytest.raises(StoreError) as caught:
            _store(library, NEW_TEXT * 200)
        assert isinstance(caught.value, LibraryFull), caught.value
        _plain(str(caught.value))
        assert library.count() == 7
        library.close()
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)
