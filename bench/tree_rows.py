"""Rows of the library tree before and after issue 14, on a library (e.g. the whole ``akn/`` corpus).

Usage: ``python bench/tree_rows.py LIBRARY.sqlite``.  Prints, for the tree as it was
(one top-level row per body as written in each language, one row per language
version) and as it is (:class:`briefdesk.gui.models.LibraryModel`: canonical
bodies, one row per document), the number of top-level rows, of document rows,
and of rows per resolution (how many rows one symbol takes), with the time to
build the tree's items in each way (same run, same machine).
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from briefdesk.core.i18n import set_language  # noqa: E402
from briefdesk.core.library import Library  # noqa: E402
from briefdesk.gui.models import LibraryModel  # noqa: E402


def main() -> int:
    set_language(os.environ.get("BRIEFDESK_LANG", "en"))
    library = Library(sys.argv[1], update_citations=False)
    summaries = library.summaries()

    t0 = time.perf_counter()
    before_bodies = Counter(s.body or "(no body)" for s in summaries)
    before_per_symbol = Counter(s.symbol.casefold() for s in summaries if s.symbol)
    t1 = time.perf_counter()
    rows = LibraryModel.build_rows(summaries)
    t2 = time.perf_counter()
    after_per_symbol = Counter((w.version.symbol or "").casefold() for w in rows.works if w.version.symbol)

    def spread(counter: Counter) -> str:
        dist = Counter(counter.values())
        return ", ".join(f"{n} row{'s' if n > 1 else ''}: {k}" for n, k in sorted(dist.items()))

    print(f"documents: {len(summaries)}")
    print(f"before: top-level rows {len(before_bodies)}; document rows {len(summaries)}; "
          f"rows per symbol ({len(before_per_symbol)} symbols) {spread(before_per_symbol)}")
    print("        top-level: " + "; ".join(f"{b} ({n})" for b, n in before_bodies.most_common()))
    print(f"after:  top-level rows {len(rows.bodies)}; document rows {len(rows.works)}; "
          f"rows per symbol ({len(after_per_symbol)} symbols) {spread(after_per_symbol)}")
    print("        top-level: " + "; ".join(item[0].text() for item in rows.bodies))
    langs = Counter(len(w.versions) for w in rows.works)
    print("        languages per row: " + ", ".join(f"{k}: {n}" for k, n in sorted(langs.items())))
    print(f"grouping time: before {1000 * (t1 - t0):.1f} ms (counting only), after {1000 * (t2 - t1):.1f} ms "
          f"(building every item)")
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
