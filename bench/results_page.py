"""What the results page's document list costs beside the paragraph search it sits over.

    python -m bench.results_page --db LIBRARY.sqlite [--runs 5]

For each query: the median time of ``Library.search`` (the first page of paragraphs: the
baseline, measured in the same run) and of ``document_results`` (every matching document,
paragraph counts, title and symbol matches), and their ratio.  The first document-list call
also folds every title once (cached after): it is reported separately as "cold".
"""

from __future__ import annotations

import argparse
import statistics
import time

from briefdesk.core.library import Library
from briefdesk.core.search.documents import _tokens, document_results

QUERIES = ("Положение внутренне перемещенных", "climate change", "A/RES/78/283", "生物多样性", "décision",
           "women", "التنمية المستدامة", "refugees -Palestine")


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    library = Library(args.db)
    dialect = library.engine.dialect.name
    print(f"{library.count()} documents")
    _tokens.cache_clear()
    start = time.perf_counter()
    document_results(library.sessions, QUERIES[0], dialect=dialect)
    print(f"cold first document list (folds every title): {time.perf_counter() - start:.3f} s")
    print(f"{'query':<36} {'paragraphs s':>12} {'documents s':>12} {'ratio':>6}  first document")
    for query in QUERIES:
        base = timed(lambda: library.search(query, limit=50), args.runs)
        docs = timed(lambda: document_results(library.sessions, query, dialect=dialect), args.runs)
        first = document_results(library.sessions, query, dialect=dialect)[:1]
        label = (f"{first[0].symbol} [{first[0].language}] {first[0].matches} ¶"
                 + (" (title)" if first[0].title_match else " (symbol)" if first[0].symbol_match else "")
                 if first else "—")
        print(f"{query:<36} {base:>12.4f} {docs:>12.4f} {docs / base if base else 0:>6.1f}  {label}")
    library.close()


if __name__ == "__main__":
    main()
