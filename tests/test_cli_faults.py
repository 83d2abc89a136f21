"""``briefdesk`` faced with store faults and a damaged library (issue 12, points 4 and 5).

The faults are made as in :mod:`tests.core.test_faults`; here the command
must say each one in a sentence on standard error, exit with 1, and print no
SQL, parameters, SQLAlchemy link or traceback.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from briefdesk.cli import main
from briefdesk.core import backup, integrity
from tests.faults import (
    HEAD,
    FIXTURES,
    INTERNALS,
    build_library,
    damage,
    fresh_copy,
    immutable,
    page_count,
    stamp,
)


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def plain(err: str) -> None:
    for internal in INTERNALS:
        assert internal not in err, (internal, err)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_library(tmp_path_factory.mktemp("built"))


@pytest.fixture
def db(built, tmp_path) -> str:
    return str(fresh_copy(built, tmp_path / "data"))


def test_a_newer_library_is_named(db, capsys):
    stamp(Path(db), "0099")
    status, _out, err = run(capsys, "list", "--db", db)
    assert status == 1 and f"made by a newer BriefDesk (schema 0099); this is {HEAD}" in err
    plain(err)


def test_pack_new_on_a_read_only_library_says_so(db, capsys):
    immutable(Path(db))
    try:
        status, out, err = run(capsys, "list", "--db", db)
        assert status == 0 and "14/30" in out and "open for reading only" in err
        status, out, err = run(capsys, "pack", "new", "--title", "SBI-2", "--db", db)
        assert status == 1 and "is read-only" in err
        plain(err)
        status, out, err = run(capsys, "draft", "new", "--title", "X", "--db", db)
        assert status == 1 and "is read-only" in err
        plain(err)
    finally:
        immutable(Path(db), on=False)


def test_a_full_disk_fails_the_file_in_words(db, capsys, monkeypatch):
    import briefdesk.core.library as library_module

    pages = page_count(Path(db))
    real = library_module.make_engine

    def full_disk_engine(url):
        engine = real(url)

        @event.listens_for(engine, "connect")
        def _limit(dbapi_connection, _record) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        return engine

    monkeypatch.setattr(library_module, "make_engine", full_disk_engine)
    text = (FIXTURES / "text" / "decision_en.txt").read_text(encoding="utf-8")
    new = Path(db).parent / "big.txt"
    new.write_text(text.replace("14/30", "14/77") * 40, encoding="utf-8")
    status, out, err = run(capsys, "import", str(new), "--db", db)
    assert status == 1 and "big.txt: failed: Nothing was saved: the disk holding" in out and "is full" in out
    plain(out + err)
    status, out, err = run(capsys, "pack", "new", "--title", "T" * 20000, "--db", db)
    assert status == 1 and "is full" in err
    plain(err)


def test_a_locked_library_is_named(db, capsys, monkeypatch):
    import briefdesk.core.library as library_module

    monkeypatch.setattr(library_module, "BUSY_TIMEOUT_S", 0.2)
    other = sqlite3.connect(db)
    other.execute("BEGIN IMMEDIATE")
    try:
        status, _out, err = run(capsys, "pack", "new", "--title", "SBI-2", "--db", db)
        assert status == 1 and "locked by another program" in err
        plain(err)
    finally:
        other.rollback()
        other.close()
    assert run(capsys, "pack", "new", "--title", "SBI-2", "--db", db)[0] == 0


def test_a_damaged_library_is_said_on_every_command_and_restore_brings_back_the_backup(db, capsys, fixtures):
    status, before, _err = run(capsys, "list", "--json", "--db", db)  # the open takes today's backup
    assert status == 0 and sum(len(d["versions"]) for d in json.loads(before)) == 7  # language versions of 7 documents
    damage(Path(db))
    new_file = Path(db).parent / "new.txt"
    new_file.write_text((fixtures / "text" / "decision_en.txt").read_text(encoding="utf-8").replace(
        "14/30", "14/88"), encoding="utf-8")
    for argv in (["list"], ["search", "cooperation"], ["show", "14/30"], ["import", str(new_file)]):
        status, out, err = run(capsys, *argv, "--db", db)
        assert status == 1, argv
        assert "found damage in" in err and "briefdesk restore --latest" in err, argv
        plain(err)
    assert integrity.quick_check(Path(db), budget=None).ok is False  # nothing was written over it
    status, out, err = run(capsys, "restore", "--latest", "--db", db)
    assert status == 0 and "Restored the library from" in out and "kept as" in out
    status, after, err = run(capsys, "list", "--json", "--db", db)
    assert status == 0 and err == "" and json.loads(after) == json.loads(before)
    status, out, err = run(capsys, "import", str(new_file), "--db", db)
    assert status == 0 and "imported as 14/88" in out


def test_rebuild_from_the_readable_parts(db, capsys):
    damage(Path(db))
    status, out, err = run(capsys, "rebuild", "--json", "--db", db)
    assert status == 0, err
    done = json.loads(out)
    assert done["copied"]["document"] > 0 and done["paragraphs_indexed"] > 0
    assert Path(done["damaged_kept"]).exists()
    status, out, err = run(capsys, "search", "Conference", "--db", db)
    assert status == 0 and err == ""


def test_backup_to_a_path_and_list_and_restore_it(db, capsys, tmp_path):
    target = tmp_path / "mine.sqlite"
    status, out, _err = run(capsys, "backup", str(target), "--db", db)
    assert status == 0 and target.is_file()
    status, out, _err = run(capsys, "backup", "--db", db)
    assert status == 0 and "backups" in out
    status, out, _err = run(capsys, "backup", "--list", "--json", "--db", db)
    assert [b["kind"] for b in json.loads(out)] == ["manual"]
    assert run(capsys, "pack", "new", "--title", "after the backup", "--db", db)[0] == 0
    status, _out, _err = run(capsys, "restore", str(target), "--db", db)
    assert status == 0
    status, out, _err = run(capsys, "pack", "list", "--json", "--db", db)
    assert json.loads(out) == []
    kinds = {b.kind for b in backup.list_backups(Path(db))}
    assert "replaced" in kinds  # the library the restore replaced is kept


def test_restore_without_a_backup_is_a_sentence(tmp_path, capsys):
    status, _out, err = run(capsys, "restore", "--latest", "--db", str(tmp_path / "none.sqlite"))
    assert status == 1 and "There is no backup of" in err
    status, _out, err = run(capsys, "restore", str(tmp_path / "nothing.sqlite"), "--db", str(tmp_path / "l.sqlite"))
    assert status == 1 and "There is no backup" in err


def test_a_library_folder_that_cannot_be_made_is_named(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status, _out, err = run(capsys, "list", "--db", str(blocker / "sub" / "lib.sqlite"))
    assert status == 1 and "does not exist and cannot be created" in err
    plain(err)


def test_a_read_only_folder_still_lists(db, capsys):
    folder = Path(db).parent
    immutable(folder)
    try:
        status, out, err = run(capsys, "search", "cooperation", "--db", db)
        assert status == 0 and "14/30" in out and "open for reading only" in err
        status, out, err = run(capsys, "import", str(FIXTURES / "text"), "--db", db)
        assert status == 0 and "already in the library" in out  # duplicates need no write
    finally:
        immutable(folder, on=False)
