"""Benchmark: import all of akn/ga-75 beside a bare lxml parse, and search it beside a plain LIKE scan.

Usage: ``python bench/import_search.py [--corpus ../shared/corpus] [--limit N] [--workers N]
[--sequential] [--no-search]``

Import: files per second, wall and CPU (this process and the worker processes), of the
import with worker processes (``Importer.import_paths(workers=N)``, default one per CPU)
beside a bare ``lxml.etree.fromstring`` of the same files in this process, in the same run;
``--sequential`` adds the one-process import (``workers=1``).  Goal (issue 13): at least
150 files/s wall over akn/ga-75 on the 2-core machine.

Search: for a fixed set of queries
(Chinese one-, two- and four-character words, English, French, Russian,
Arabic words and a phrase) the median and 95th-percentile latency of the
FTS5 index and of the portable ``LIKE`` scan over the same paragraphs, in
the same run, with their ratio.  Numbers are from this machine and run only;
compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core.importer import Importer, ImportStatus, collect_files  # noqa: E402
from briefdesk.core.library import Library  # noqa: E402
from briefdesk.core.models import Paragraph  # noqa: E402
from briefdesk.core.search import SearchService  # noqa: E402
from lxml import etree  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

QUERIES = ["森", "森林", "可持续发展", "发展", "妇女", "sustainable", "women", "\"human rights\"",
           "développement", "развития", "التنمية", "Secretary-General", "气候变化 发展"]
REPEAT = 15


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


SPLIT: dict[str, tuple[float, float]] = {}


def measure(fn, name: str = "") -> tuple[float, float, object]:
    """Wall seconds, CPU seconds (this process and its finished children) and the result of ``fn()``;
    the CPU of this process and of the children is kept apart in ``SPLIT[name]``."""
    def cpu() -> tuple[float, float]:
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime

    start, (me0, kids0) = time.perf_counter(), cpu()
    result = fn()
    wall, (me1, kids1) = time.perf_counter() - start, cpu()
    SPLIT[name] = (me1 - me0, kids1 - kids0)
    return wall, (me1 - me0) + (kids1 - kids0), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--limit", type=int, default=0, help="import only the first N files (0: all)")
    parser.add_argument("--workers", type=int, default=0, help="reader processes (0: one per CPU)")
    parser.add_argument("--sequential", action="store_true", help="also time the one-process import")
    parser.add_argument("--no-search", action="store_true", help="only the import")
    args = parser.parse_args()
    folder = args.corpus / "akn" / "ga-75"
    if not folder.is_dir():
        print(f"corpus not found at {folder}", file=sys.stderr)
        return 2
    files = collect_files([folder])
    if args.limit:
        files = files[: args.limit]
    from briefdesk.core.bulk import default_workers

    workers = args.workers or max(2, default_workers(len(files)))
    print(f"{len(files)} AKN files from {folder}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    lenient = etree.XMLParser(recover=True)  # a few corpus files are not well-formed; the reader recovers too
    rows = [("bare lxml parse (1 process)",
             *measure(lambda: sum(etree.fromstring(f.read_bytes(), lenient) is not None for f in files)))]
    with tempfile.TemporaryDirectory() as tmp:
        if args.sequential:
            one = Library(Path(tmp) / "one.sqlite")
            wall, cpu, _ = measure(lambda: Importer(one).import_paths(files, workers=1))
            rows.append(("import, 1 process", wall, cpu, _))
            one.close()
        library = Library(Path(tmp) / "bench.sqlite")
        name = f"import, {workers} workers + writer"
        wall, cpu, results = measure(lambda: Importer(library).import_paths(files, workers=workers), name)
        rows.append((name, wall, cpu, results))
        ok = sum(r.status is ImportStatus.IMPORTED for r in results)
        failed = [r for r in results if r.status is ImportStatus.FAILED]
        with library.engine.connect() as conn:
            paragraphs = conn.execute(select(func.count(Paragraph.id))).scalar()
        base = len(files) / rows[0][1]
        print(f"{'':<34}{'wall':>8}{'files/s':>9}{'CPU':>8}{'files/CPU-s':>13}{'vs lxml':>9}")
        for name, wall, cpu, _r in rows:
            print(f"{name:<34}{wall:>7.1f}s{len(files) / wall:>9.1f}{cpu:>7.1f}s{len(files) / cpu:>13.1f}"
                  f"{(len(files) / wall) / base:>8.2f}x")
        rate = len(files) / rows[-1][1]
        writer_cpu, workers_cpu = SPLIT[name]
        n = len(files)
        print(f"CPU per file: writer (this process) {writer_cpu / n * 1000:.2f} ms, "
              f"workers {workers_cpu / n * 1000:.2f} ms (start-up included), together {(writer_cpu + workers_cpu) / n * 1000:.2f} ms; "
              f"on {os.cpu_count()} idle cores that is at most "
              f"{n / max((writer_cpu + workers_cpu) / (os.cpu_count() or 1), writer_cpu):.0f} files/s")
        print(f"imported {ok}, failed {len(failed)}; {paragraphs} paragraphs. "
              f"Goal >= 150 files/s wall: {rate:.0f} files/s, {'met' if rate >= 150 else 'not met'}; "
              f"load average now {os.getloadavg()[0]:.1f}")
        for r in failed[:5]:
            print("  failed:", r.describe())
        if args.no_search:
            library.close()
            return 0

        scan = SearchService(library.sessions, dialect="scan")
        print(f"\n{'query':<22}{'hits':>6}{'fts median':>12}{'fts p95':>10}{'scan median':>13}{'scan p95':>10}{'ratio':>8}")
        all_fts, all_scan = [], []
        for q in QUERIES:
            fts_times, scan_times, n = [], [], 0
            for _ in range(REPEAT):
                t, hits = timed(lambda: library.search(q, limit=20))
                fts_times.append(t)
                n = len(hits)
                t, _hits = timed(lambda: scan.search(q, limit=20))
                scan_times.append(t)
            all_fts += fts_times
            all_scan += scan_times
            fm, fp = statistics.median(fts_times), percentile(fts_times, 0.95)
            sm, sp = statistics.median(scan_times), percentile(scan_times, 0.95)
            print(f"{q:<22}{n:>6}{fm * 1000:>10.2f}ms{fp * 1000:>8.2f}ms{sm * 1000:>11.2f}ms"
                  f"{sp * 1000:>8.2f}ms{sm / fm:>7.1f}x")
        fm, fp = statistics.median(all_fts), percentile(all_fts, 0.95)
        sm, sp = statistics.median(all_scan), percentile(all_scan, 0.95)
        print(f"\nall queries: FTS median {fm * 1000:.2f} ms, p95 {fp * 1000:.2f} ms; "
              f"LIKE scan median {sm * 1000:.2f} ms, p95 {sp * 1000:.2f} ms; "
              f"median ratio {sm / fm:.1f}x, p95 ratio {sp / fp:.1f}x")
        library.close()
    return 0


if __name__ == "__main__":  # the guard also keeps the worker processes from running the bench
    sys.exit(main())
