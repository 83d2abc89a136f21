"""A copy of an SQLite library on a throwaway PostgreSQL server, for the search benchmarks (issue 16).

``load(server, sqlite_path, database)`` creates ``database`` on ``server``
(:func:`tests.pg.start_server`), migrates it to the schema head through
:class:`Library`, copies every table's rows from the SQLite library with
``COPY`` (triggers and foreign-key checks off meanwhile:
``session_replication_role = replica``), then builds the search index at once
(:func:`briefdesk.core.search.pg_fts.bulk_index`) and runs ``VACUUM ANALYZE``.
The same rows, the same ids: both backends answer the same library.

The copy is cached: the database's comment names the SQLite file, its size
and modification time, so a second run with the same file reuses it.
This is benchmark code, not the product's: the product's writers go through
:meth:`Library.add` and the index triggers.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from sqlalchemy import JSON, create_engine, select, text

from briefdesk.core.library import Library
from briefdesk.core.models import Base
from briefdesk.core.search import pg_fts

SKIP = {"alembic_version", pg_fts.TABLE}


def _stamp(sqlite_path: Path) -> str:
    st = sqlite_path.stat()
    return json.dumps({"file": str(sqlite_path), "size": st.st_size, "mtime": int(st.st_mtime), "v": 1})


def _comment(server, database: str) -> str | None:
    import psycopg

    with psycopg.connect(host=str(server.folder), user="postgres", dbname="postgres") as c:
        row = c.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                        (database,)).fetchone()
    return None if row is None else (row[0] or "")


def load(server, sqlite_path: Path, database: str, log=print) -> tuple[str, float | None]:
    """The URL of ``database`` holding a copy of the library at ``sqlite_path``, and the seconds
    the copy took (``None`` when a cached copy was reused)."""
    stamp = _stamp(sqlite_path)
    url = server.url(database)
    existing = _comment(server, database)
    if existing == stamp:
        return url, None
    started = time.perf_counter()
    if existing is not None:
        server.admin(f"DROP DATABASE {database} WITH (FORCE)")
    server.admin(f"CREATE DATABASE {database}")
    Library(url, backups=False).close()  # the schema, by the migrations
    source = create_engine(f"sqlite:///{sqlite_path}")
    target = create_engine(url)
    with source.connect() as src, target.begin() as dst:
        dst.execute(text("SET session_replication_role = replica"))
        names = set(dst.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
        raw = dst.connection.driver_connection
        for table in Base.metadata.sorted_tables:
            if table.name in SKIP or table.name not in names:
                continue
            columns = [c.name for c in table.columns]
            json_columns = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
            dst.execute(text(f'TRUNCATE "{table.name}" CASCADE'))
            n = 0
            with raw.cursor() as cursor:
                with cursor.copy(f'COPY "{table.name}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN') as copy:
                    for row in src.execute(select(*table.columns)).yield_per(5000):
                        row = list(row)
                        for i in json_columns:
                            if row[i] is not None:
                                row[i] = json.dumps(row[i])
                        copy.write_row(row)
                        n += 1
            if "id" in columns and n:
                dst.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                 f"(SELECT max(id) FROM \"{table.name}\"))"))
            log(f"  {table.name}: {n:,} rows ({time.perf_counter() - started:.0f} s)")
        paragraphs = src.execute(text("SELECT id, text FROM paragraph")).yield_per(5000)
        n = pg_fts.bulk_index(dst, paragraphs, lambda done: print(f"  indexing: {done:,}", end="\r", flush=True))
        log(f"  search index: {n:,} paragraphs ({time.perf_counter() - started:.0f} s)")
    source.dispose()
    target.dispose()
    import psycopg

    with psycopg.connect(host=str(server.folder), user="postgres", dbname=database, autocommit=True) as c:
        c.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    server.admin(f"COMMENT ON DATABASE {database} IS '{stamp}'")
    log(f"  copied into PostgreSQL in {seconds:.0f} s")
    return url, seconds
