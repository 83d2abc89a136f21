"""Benchmark: the checks and copies of issue 12 on the corpus library, beside plain baselines.

Usage: ``python bench/integrity.py [--corpus ../shared/corpus] [--db LIB.sqlite] [--limit N]``

Builds (or, with an existing ``--db``, reuses) a library of the whole corpus,
then times, in the same run:

* ``PRAGMA quick_check`` (run on every open; its budget is
  :data:`briefdesk.core.integrity.OPEN_CHECK_BUDGET_S`) against the full
  ``PRAGMA integrity_check`` and against reading every paragraph row;
* a backup with SQLite's online backup API against a plain file copy;
* opening the library (check included) against opening it without the
  check (the baseline).

Numbers are this machine's and this run's; compare the ratios.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core import backup, integrity
from briefdesk.core.importer import Importer, collect_files
from briefdesk.core.library import Library


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--db", type=Path, help="library to build or reuse (default: a temporary file)")
    parser.add_argument("--limit", type=int, help="import at most this many files")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-integrity-"))
    db = args.db or work / "corpus.sqlite"
    if not db.exists():
        files = collect_files([args.corpus / "akn", args.corpus / "real", args.corpus / "seeds"])
        files = [f for f in files if f.suffix.lower() not in (".md",)][: args.limit]
        library = Library(db, backups=False)
        start = time.perf_counter()
        Importer(library).import_paths(files)
        print(f"built {db}: {len(files)} files in {time.perf_counter() - start:.0f} s")
        library.close()
    size = db.stat().st_size
    library = Library(db, backups=False)
    print(f"library: {library.count()} documents, {size / 2**20:.0f} MiB")
    library.close()

    quick = integrity.quick_check(db, budget=None)
    t_quick = timed(lambda: integrity.quick_check(db, budget=None))

    def full_check() -> None:
        with sqlite3.connect(db) as c:
            c.execute("PRAGMA integrity_check").fetchall()

    def read_rows() -> None:
        with sqlite3.connect(db) as c:
            for _row in c.execute("SELECT * FROM paragraph"):
                pass

    t_full = timed(full_check, 1)
    t_rows = timed(read_rows)
    print(f"quick_check: {t_quick:.2f} s (ok={quick.ok}; open budget {integrity.OPEN_CHECK_BUDGET_S:.1f} s)"
          f" | integrity_check {t_full:.2f} s (ratio {t_quick / t_full:.2f})"
          f" | reading every paragraph {t_rows:.2f} s (ratio {t_quick / t_rows:.2f})")

    target = work / "copy.sqlite"
    t_backup = timed(lambda: backup.copy_database(db, target))
    t_copy = timed(lambda: shutil.copyfile(db, work / "plain.sqlite"))
    print(f"online backup: {t_backup:.2f} s | file copy {t_copy:.2f} s (ratio {t_backup / t_copy:.1f})")

    t_open = timed(lambda: Library(db, backups=False, update_citations=False).close())
    real_check = integrity.quick_check
    integrity.quick_check = lambda path, budget=None: integrity.CheckResult(True)  # the baseline: no check
    try:
        t_base = timed(lambda: Library(db, backups=False, update_citations=False).close())
    finally:
        integrity.quick_check = real_check
    print(f"open with check: {t_open:.2f} s | open without it {t_base:.2f} s (ratio {t_open / t_base:.1f})")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
