"""Benchmark: search latency on the real corpus and on a generated million-paragraph library,
beside a full ``LIKE`` scan of the same data in the same run.

Usage::

    python bench/search_scale.py                       # real corpus, then 1,000,000 paragraphs
    python bench/search_scale.py --paragraphs 200000   # a smaller generated library
    python bench/search_scale.py --real-only
    python bench/search_scale.py --postgresql          # the same libraries on PostgreSQL too

For each library it prints the build (import) time, the file size beside
the raw UTF-8 size of the paragraph text, the index size (SQLite ``dbstat``),
then for each query group — Chinese one-, two- and four-character words,
English words, English phrases, citations — the median and 95th-percentile
latency of :meth:`Library.search` (first page of 50, ranked by BM25, with
snippets) or :meth:`Library.land` (citations), beside a ``LIKE`` scan that
reads every paragraph (``SELECT id FROM paragraph WHERE text LIKE …`` with
no ``LIMIT``), and their ratio.  Each latency is given twice: wall-clock time, and the
CPU time of this process (``time.process_time``: SQLite runs in-process),
which is what one core does for the query when other programs share the
machine — the 2-core development machine is shared by several builds, so
wall time there includes waiting for a core.  The generated library is cached
(:mod:`bench.synthetic`); its build time is printed from its note.

Targets (issue 4): p95 under 30 ms at one million paragraphs, at least 100×
faster than the scan, library file under 3× the raw text.

``--postgresql`` (issue 16): each library is also copied into a throwaway
PostgreSQL server (:func:`tests.pg.start_server`, its cluster cached under
``$BRIEFDESK_BENCH_CACHE`` beside the generated library, so the copy is made
once; :mod:`bench.pg_library`) and measured the same way, then the two
tables are printed side by side with PostgreSQL/SQLite ratios.  There the
"file" is the database (``pg_database_size``), the index is the
``paragraph_fts`` table with its GIN index, and the CPU time is this
process's plus the server processes' (read from ``/proc``: the query runs in
the server).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.synthetic import build_library, cached_path, real_files  # noqa: E402
from briefdesk.core.search import pg_fts  # noqa: E402
from briefdesk.core.importer import Importer  # noqa: E402
from briefdesk.core.library import Library  # noqa: E402
from briefdesk.core.models import Paragraph  # noqa: E402
from briefdesk.core.search import sqlite_fts  # noqa: E402
from briefdesk.core.search.query import parse_query  # noqa: E402
from sqlalchemy import LargeBinary, cast, func, select  # noqa: E402

GROUPS = {
    "zh 1 char": ["森", "海", "权", "债", "疫"],
    "zh 2 chars": ["森林", "发展", "妇女", "海洋", "协同", "难民"],
    "zh 4 chars": ["气候变化", "生物多样", "国际合作", "人道主义", "粮食安全"],
    "en words": ["sustainable", "women", "ocean", "biodiversity", "Secretary-General", "refugees"],
    "en phrases": ['"human rights"', '"climate change"', '"international cooperation"',
                   '"Food and Agriculture Organization"', '"small island developing States"'],
    "other languages": ["développement", "развития", "التنمية", "desarrollo sostenible"],
    "citations": ["A/RES/75/100 4", "XII/6 21", "第XII/6号决定第21段", "decision XII/6 para 21", "CBD/SBI/2/10"],
}
REPEAT = 7


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def like_scan(library: Library, text: str) -> int:
    """Ids of paragraphs whose text contains every positive term: a full scan, no LIMIT."""
    query = parse_query(text)
    terms = [t.text.rstrip("*") for t in query.positive_terms] or [text]
    with library.engine.connect() as connection:
        rows = connection.execute(select(Paragraph.id).where(*[Paragraph.text.like(f"%{t}%") for t in terms])).all()
    return len(rows)


def sizes(library: Library, path: Path | None) -> dict:
    postgresql = library.engine.dialect.name == "postgresql"
    with library.engine.connect() as connection:
        octets = func.octet_length(Paragraph.text) if postgresql else func.length(cast(Paragraph.text, LargeBinary))
        raw = connection.execute(select(func.sum(octets), func.count(Paragraph.id))).one()
        index = (pg_fts.index_bytes if postgresql else sqlite_fts.index_bytes)(connection)
        size = (connection.execute(select(func.pg_database_size(func.current_database()))).scalar_one()
                if postgresql else path.stat().st_size)
    return {"raw": raw[0] or 0, "paragraphs": raw[1], "index": index, "file": size}


class ServerClock:
    """CPU seconds of this process and of a PostgreSQL server's processes (Linux ``/proc``: each
    process's ``schedstat``, nanoseconds on a CPU; ``stat``'s clock ticks are 10 ms, too coarse)."""

    def __init__(self, data: Path) -> None:
        self.postmaster = str(int((data / "postmaster.pid").read_text().split()[0]))
        self.known: dict[str, bool] = {}  # pid → is the server's (read once per process)

    def _is_server(self, pid: str) -> bool:
        if pid not in self.known:
            try:
                parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
            except (OSError, IndexError):
                return False
            self.known[pid] = pid == self.postmaster or parent == self.postmaster
        return self.known[pid]

    def __call__(self) -> float:
        total = 0
        for pid in os.listdir("/proc"):
            if pid.isdigit() and self._is_server(pid):
                try:
                    total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
                except (OSError, IndexError, ValueError):
                    continue
        return time.process_time() + total / 1e9


def measure(library: Library, path: Path | None, title: str, build_seconds: float | None,
            clock=time.process_time) -> dict:
    s = sizes(library, path)
    print(f"\n== {title}: {s['paragraphs']:,} paragraphs"
          + (f", built in {build_seconds:.0f} s" if build_seconds else ""))
    print(f"file {s['file'] / 1e6:.0f} MB = {s['file'] / s['raw']:.2f}x the raw text ({s['raw'] / 1e6:.0f} MB); "
          f"index {s['index'] / 1e6:.0f} MB")
    print(f"{'group':<18}{'hits':>6}{'median':>9}{'p95':>8}{'cpu med':>9}{'cpu p95':>9}"
          f"{'scan med':>10}{'scan p95':>10}{'ratio':>7}{'cpu ratio':>10}")
    every, every_cpu, every_scan, every_scan_cpu = [], [], [], []
    out = {"sizes": s, "groups": {}}
    for group, queries in GROUPS.items():
        times, cpu, scan_times, scan_cpu, hits = [], [], [], [], 0
        for q in queries:
            for _ in range(REPEAT):
                started, started_cpu = time.perf_counter(), clock()
                if group == "citations":
                    hits += library.land(q) is not None
                else:
                    hits += len(library.search(q, limit=50))
                times.append(time.perf_counter() - started)
                cpu.append(clock() - started_cpu)
            for _ in range(2):
                started, started_cpu = time.perf_counter(), clock()
                like_scan(library, q)
                scan_times.append(time.perf_counter() - started)
                scan_cpu.append(clock() - started_cpu)
        every += times
        every_cpu += cpu
        every_scan += scan_times
        every_scan_cpu += scan_cpu
        out["groups"][group] = _row(group, hits // REPEAT, times, cpu, scan_times, scan_cpu)
    out["all"] = _row("all", "", every, every_cpu, every_scan, every_scan_cpu)
    return out


def _row(name, hits, times, cpu, scan_times, scan_cpu) -> dict:
    m, p = statistics.median(times), percentile(times, 0.95)
    cm, cp = statistics.median(cpu), percentile(cpu, 0.95)
    sm, sp = statistics.median(scan_times), percentile(scan_times, 0.95)
    scm = statistics.median(scan_cpu)
    print(f"{name:<18}{hits:>6}{m * 1000:>7.1f}ms{p * 1000:>6.1f}ms{cm * 1000:>7.1f}ms{cp * 1000:>7.1f}ms"
          f"{sm * 1000:>8.0f}ms{sp * 1000:>8.0f}ms{sm / m:>6.0f}x{scm / max(cm, 1e-4):>9.0f}x")
    return {"median_ms": m * 1000, "p95_ms": p * 1000, "cpu_median_ms": cm * 1000, "cpu_p95_ms": cp * 1000,
            "scan_median_ms": sm * 1000, "scan_p95_ms": sp * 1000, "scan_cpu_median_ms": scm * 1000}


def side_by_side(title: str, sqlite: dict, postgresql: dict) -> None:
    """Print the two backends' results for one library in one table, with PostgreSQL/SQLite ratios."""
    a, b = sqlite["sizes"], postgresql["sizes"]
    print(f"\n== {title}, side by side: SQLite | PostgreSQL (ratio PostgreSQL/SQLite)")
    print(f"library {a['file'] / 1e6:.0f} MB | {b['file'] / 1e6:.0f} MB ({b['file'] / a['file']:.2f}x); "
          f"index {a['index'] / 1e6:.0f} MB | {b['index'] / 1e6:.0f} MB ({b['index'] / max(a['index'], 1):.2f}x)")
    print(f"{'group':<18}{'median':>16}{'':>7}{'p95':>16}{'':>7}{'cpu p95':>16}{'':>7}{'scan median':>18}")
    rows = [*sqlite["groups"].items(), ("all", sqlite["all"])]
    for name, s in rows:
        p = postgresql["all"] if name == "all" else postgresql["groups"][name]
        cells = []
        for key in ("median_ms", "p95_ms", "cpu_p95_ms"):
            cells.append(f"{s[key]:>7.1f} |{p[key]:>6.1f}ms ({p[key] / max(s[key], 0.01):>4.1f}x)")
        cells.append(f"{s['scan_median_ms']:>7.0f} |{p['scan_median_ms']:>6.0f}ms")
        print(f"{name:<18}" + " ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--real-only", action="store_true")
    parser.add_argument("--synthetic-only", action="store_true")
    parser.add_argument("--path", type=Path, help="where the generated library is (cached)")
    parser.add_argument("--reindex", action="store_true",
                        help="time a rebuild of the generated library's index (briefdesk reindex) first")
    parser.add_argument("--postgresql", action="store_true",
                        help="also copy each library into a throwaway PostgreSQL server and measure it there")
    args = parser.parse_args()
    server = None
    if args.postgresql:
        sys.path.insert(0, str(ROOT / "tests"))
        from bench.pg_library import load
        from tests.pg import start_server

        folder = (args.path or cached_path(args.paragraphs)).parent / "postgresql"
        server = start_server(folder, settings=("shared_buffers=512MB", "max_wal_size=4GB"))
    try:
        if not args.synthetic_only:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "real.sqlite"
                library = Library(path)
                started = time.perf_counter()
                Importer(library).import_paths(real_files())
                title = "real corpus (akn/ga-75, six languages, and seeds)"
                lite = measure(library, path, title, time.perf_counter() - started)
                library.close()
                if server:
                    url, seconds = load(server, path, "bench_real")
                    library = Library(url, backups=False)
                    pg = measure(library, None, title + " on PostgreSQL", seconds, ServerClock(server.data))
                    library.close()
                    side_by_side(title, lite, pg)
        if not args.real_only:
            path = args.path or cached_path(args.paragraphs)
            started = time.perf_counter()
            build_library(path, args.paragraphs,
                          lambda done, total: print(f"  building: {done:,}/{total:,}", end="\r", flush=True))
            note = json.loads(path.with_name(path.name + ".json").read_text())
            library = Library(path)
            if args.reindex:
                started, started_cpu = time.perf_counter(), time.process_time()
                n = library.reindex()
                print(f"\nreindex of {n:,} paragraphs: {time.perf_counter() - started:.0f} s "
                      f"({time.process_time() - started_cpu:.0f} s CPU)")
            title = f"generated library ({path.name})"
            lite = measure(library, path, title, note.get("seconds") or time.perf_counter() - started)
            library.close()
            if server:
                url, seconds = load(server, path, f"bench_{args.paragraphs}")
                library = Library(url, backups=False)
                pg = measure(library, None, title + " on PostgreSQL", seconds, ServerClock(server.data))
                library.close()
                side_by_side(title, lite, pg)
    finally:
        if server:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
