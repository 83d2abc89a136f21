"""Helpers for the fault tests (issue 12): a small library built once, faults made on purpose."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
from pathlib import Path

import pytest

from briefdesk.core.backup import copy_database

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    from briefdesk.core.library import _alembic_config

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


#: the schema revision this BriefDesk writes (the head of db/versions)
HEAD = _head_revision()

#: what no message shown to a user may contain (issue 12: SQL, parameters, SQLAlchemy's links)
INTERNALS = ("[SQL", "[parameters", "sqlalche.me", "INSERT", "SELECT", "UNIQUE constraint", "sqlite3.",
             "Traceback", "Something went wrong")


def build_library(folder: Path) -> Path:
    """A library of the text fixtures (seven documents), made once per test session by the caller."""
    from briefdesk.core.importer import Importer
    from briefdesk.core.library import Library

    path = folder / "built.sqlite"
    library = Library(path, backups=False)
    Importer(library).import_paths([FIXTURES / "text"])
    library.close()
    return path


def fresh_copy(built: Path, folder: Path, name: str = "lib.sqlite") -> Path:
    """A copy of the built library at ``folder/name`` (SQLite's backup API, so WAL content comes along)."""
    folder.mkdir(parents=True, exist_ok=True)
    return copy_database(built, folder / name)


def damage(path: Path, seed: int = 12) -> None:
    """Write 4 KB of (seeded) random bytes over the middle of the file, as issue 12's campaign did.

    The page hit is moved forward past any page of SQLite's own schema table (``dbstat``): with
    the schema itself unreadable nothing can be opened at all, which is its own test, not this one.
    """
    data = random.Random(seed).randbytes(4096)
    size = path.stat().st_size
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        schema = {n for (n,) in connection.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")}
    connection.close()
    page = size // 2 // page_size + 1
    while page in schema:
        page += 1
    with open(path, "r+b") as f:
        f.seek((page - 1) * page_size)
        f.write(data)


def stamp(path: Path, revision: str) -> None:
    """Set the schema revision recorded in the library (as a newer BriefDesk would have)."""
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


def immutable(path: Path, on: bool = True) -> None:
    """``chattr +i`` (even root cannot write), or skip saying why where chattr is refused."""
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot make {path} read-only for root here (chattr: {done.stderr.strip()})")


def page_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        n = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.close()
    return n


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _alembic(engine, step: str, revision: str) -> None:
    from alembic import command

    from briefdesk.core.library import _alembic_config

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, step)(config, revision)


def downgrade(engine, revision: str) -> None:
    """Migrate the database of ``engine`` down to ``revision`` (Alembic, one transaction)."""
    _alembic(engine, "downgrade", revision)


def upgrade(engine, revision: str = "head") -> None:
    """Migrate the database of ``engine`` up to ``revision`` (Alembic, one transaction)."""
    _alembic(engine, "upgrade", revision)
