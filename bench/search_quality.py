"""Benchmark: can a delegate find a paragraph by typing a distinctive piece of it?

Usage: ``python bench/search_quality.py [--samples 500] [--db LIBRARY]``

Imports the real corpus (``akn/ga-75`` in six languages and the seeds) into
a temporary library (or opens ``--db``), draws ``--samples`` paragraphs at
random (seeded), and from each takes a distinctive piece: 2–6 consecutive
words (Chinese: 2–6 consecutive Han characters), the window of that length
whose index tokens are rarest in the library (largest sum of
``log(N / document frequency)``), the length itself drawn at random.  The
piece is typed as a delegate would type it — the words separated by
spaces, without quotes — and the paragraph counts as found when it is among
the first five hits (a hit with exactly the same text, i.e. the same
paragraph repeated word for word in another resolution, counts too: the
delegate finds what they were looking for).  Prints the share found per
language and overall, and the misses.

Aim (issue 4): at least 98 % in the top five.

``--backend both`` (issue 16) imports the corpus into PostgreSQL too (a
throwaway local server, :mod:`tests.pg`, or ``--pg-url``) and searches the
same samples there, side by side; aim: recall@5 within one point of SQLite's.

Then it checks parallel paragraphs: for 300 numbered paragraphs of the GA
resolutions drawn at random (seeded), :meth:`Library.parallel_paragraph`
into each other language version, counting the answers whose number and
level are those of the source paragraph (compared without punctuation).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.synthetic import real_files  # noqa: E402
from briefdesk.core.errors import SearchError  # noqa: E402
from briefdesk.core.importer import Importer  # noqa: E402
from briefdesk.core.library import Library  # noqa: E402
from briefdesk.core.search.query import parse_query  # noqa: E402
from briefdesk.core.models import Document, Paragraph  # noqa: E402
from briefdesk.core.search import sqlite_fts  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from briefdesk.core.search.tokens import index_text  # noqa: E402

SEED = 500
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
#: a word as a delegate types it: letters and digits with their combining marks (Arabic shadda, accents)
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])*")


def pieces(text: str, language: str, length: int) -> list[str]:
    """Every window of ``length`` words (Chinese: Han characters) of ``text``, as typed."""
    if language == "zh":
        return [run[i:i + length] for run in _HAN_RUN.findall(text) for i in range(len(run) - length + 1)]
    words = _WORD.findall(text)
    return [" ".join(words[i:i + length]) for i in range(len(words) - length + 1)]


def _open_postgresql(url: str | None, stack) -> Library:
    """A library on PostgreSQL: ``url``, or a new database on a throwaway local server (tests/pg.py)."""
    if url:
        return Library(url)
    from tests.pg import start_server

    server = start_server()
    stack.callback(server.stop)
    server.admin("CREATE DATABASE quality")
    return Library(server.url("quality"))


def draw_samples(library: Library, count: int):
    """``count`` samples ``(paragraph id, text, language, piece, paragraphs holding the piece)``, drawn
    (seeded) from an SQLite ``library`` through its index's vocabulary, and the random generator
    (the parallel-paragraph check goes on drawing from it)."""
    with library.engine.connect() as connection:
        rows = connection.execute(select(Paragraph.id, Paragraph.text, Document.language)
                                  .join(Document).order_by(Paragraph.id)).all()
        total = len(rows)
        frequency = sqlite_fts.document_frequencies(connection)

    def rarity(piece: str) -> float:
        return sum(math.log(total / frequency.get(t, 1)) for t in index_text(piece).split())

    def occurrences(piece: str) -> int:
        """Paragraphs holding the piece's words in this order (an exact phrase search, counted)."""
        match = sqlite_fts.match_expression(parse_query('"' + piece + '"'))
        with library.engine.connect() as connection:
            return sqlite_fts.count_matches(connection, match)

    rng = random.Random(SEED)
    out = []
    while len(out) < count:
        pid, text, language = rng.choice(rows)
        length = rng.randint(2, 6)
        candidates = pieces(text, language, length)
        if not candidates:
            continue
        # the rarest windows by their tokens, then the one occurring in the fewest paragraphs
        shortlist = sorted(set(candidates), key=rarity, reverse=True)[:12]
        piece = min(shortlist, key=lambda c: (occurrences(c), -rarity(c)))
        out.append((pid, text, language, piece, occurrences(piece)))
    return out, rng


def _places(library: Library) -> dict[int, tuple[str, int]]:
    """``{paragraph id: (document content hash, position)}``: the same paragraph in any library."""
    with library.engine.connect() as connection:
        return {pid: (h, pos) for pid, h, pos in connection.execute(
            select(Paragraph.id, Document.content_hash, Paragraph.position).join(Document))}


def evaluate(library: Library, samples, places: dict[int, tuple[str, int]]):
    """Search every sample's piece in ``library``: ``(found per language, shared per language, misses)``."""
    here = {place: pid for pid, place in _places(library).items()}
    found: dict[str, list[bool]] = defaultdict(list)
    shared: dict[str, list[bool]] = defaultdict(list)  # the piece occurs in more than 5 paragraphs
    misses = []
    times: list[float] = []
    for pid, text, language, piece, occurring in samples:
        target = here.get(places[pid])
        started = time.perf_counter()
        try:
            hits = library.search(piece, limit=5)
        except SearchError:
            hits = []
        times.append(1000 * (time.perf_counter() - started))
        ok = any(h.paragraph_id == target for h in hits)
        if not ok and hits:
            with library.engine.connect() as connection:
                same = connection.execute(select(func.count(Paragraph.id)).where(
                    Paragraph.id.in_([h.paragraph_id for h in hits]), Paragraph.text == text)).scalar()
            ok = bool(same)
        found[language].append(ok)
        shared[language].append(occurring > 5)
        if not ok:
            misses.append((language, piece, pid, occurring))
    times.sort()
    print(f"  {library.engine.dialect.name}: search time median {times[len(times) // 2]:.1f} ms, "
          f"p95 {times[int(0.95 * (len(times) - 1))]:.1f} ms over {len(times)} searches", flush=True)
    return found, shared, misses


def report(name: str, found, shared, misses, verbose: bool) -> None:
    every = [v for values in found.values() for v in values]
    print(f"\n[{name}]\n{'language':<10}{'samples':>8}{'top 5':>9}{'piece in >5 paragraphs':>25}")
    for language in sorted(found):
        values = found[language]
        print(f"{language:<10}{len(values):>8}{sum(values) / len(values):>9.1%}{sum(shared[language]):>25}")
    every_shared = sum(sum(v) for v in shared.values())
    print(f"{'all':<10}{len(every):>8}{sum(every) / len(every):>9.1%}{every_shared:>25}")
    misses_shared = sum(1 for m in misses if m[3] > 5)
    print(f"\n{len(misses)} misses, of which {misses_shared} are pieces found in more than five paragraphs "
          f"(no ranking can put all of them in a top five)")
    for language, piece, pid, n in misses[: None if verbose else 15]:
        print(f"  miss [{language}] {piece!r} (paragraph {pid}; the piece occurs in {n} paragraphs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--db", type=Path, help="a library already holding the real corpus")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="sqlite",
                        help="where to search: SQLite (default), PostgreSQL, or both side by side "
                             "(the samples are always drawn from the SQLite library)")
    parser.add_argument("--pg-url", help="a PostgreSQL library holding the real corpus (default: import it "
                                         "into a throwaway local server)")
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        if args.db:
            library = Library(args.db)
        else:
            library = Library(Path(tmp) / "quality.sqlite")
            print("importing the real corpus…", flush=True)
            Importer(library).import_paths(real_files())
        samples, rng = draw_samples(library, args.samples)
        places = _places(library)
        results = []
        if args.backend in ("sqlite", "both"):
            results.append(("SQLite", *evaluate(library, samples, places)))
        if args.backend in ("postgresql", "both"):
            pg = _open_postgresql(args.pg_url, stack)
            if not args.pg_url:
                print("importing the real corpus into PostgreSQL…", flush=True)
                Importer(pg).import_paths(real_files())
            results.append(("PostgreSQL", *evaluate(pg, samples, places)))
            pg.close()
        parallel = check_parallel(library, rng) if args.backend != "postgresql" else {}
        library.close()
    for name, found, shared, misses in results:
        report(name, found, shared, misses, args.verbose)
    if len(results) == 2:
        a, b = ([v for values in r[1].values() for v in values] for r in results)
        print(f"\nrecall@5: SQLite {sum(a) / len(a):.1%}, PostgreSQL {sum(b) / len(b):.1%} "
              f"(difference {100 * (sum(b) / len(b) - sum(a) / len(a)):+.1f} points)")
    if parallel:
        print("\nparallel paragraphs (same number and level in the other version):")
        for language in sorted(parallel):
            values = parallel[language]
            print(f"  into {language}: {sum(values) / len(values):.1%} of {len(values)}")
    return 0


def check_parallel(library: Library, rng: random.Random, samples: int = 300) -> dict[str, list[bool]]:
    """``{target language: [answer has the source's number and level, …]}``."""
    from briefdesk.core.search.align import bare_number

    with library.engine.connect() as connection:
        rows = connection.execute(select(Paragraph.id, Paragraph.number, Paragraph.level).join(Document)
                                  .where(Document.symbol.like("A/RES/%"), Paragraph.number.is_not(None))
                                  .order_by(Paragraph.id)).all()
    out: dict[str, list[bool]] = defaultdict(list)
    for pid, number, level in rng.sample(rows, min(samples, len(rows))):
        for language in ("ar", "en", "es", "fr", "ru", "zh"):
            found = library.parallel_paragraph(pid, language)
            if found is None or found[1] == pid:
                continue
            paragraph = library.document(found[0]).paragraphs[found[2]]
            out[language].append(bare_number(paragraph.number) == bare_number(number) and paragraph.level == level)
    return out


if __name__ == "__main__":
    sys.exit(main())
