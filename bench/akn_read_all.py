"""Benchmark and check: read every AKN file of the corpus with the AKN reader.

Usage: ``python bench/akn_read_all.py [--corpus ../shared/corpus] [--jobs 2] [--only ga-78/*] [--verbose]``

For each collection and language (``akn/ga-78/Chinese``…) prints the number
of files, files refused (``ReadError``, with file and line: not well-formed
XML), other exceptions (bugs), the counts of preambular, operative and heading
paragraphs and footnotes, the files whose structure is *exact* (their counts of
preambular and operative paragraphs and footnotes equal a plain XPath count of
the XML, the rule of ``_xml_counts`` in ``tests/core/test_akn_reader.py``), the
files where any text was *lost* (a word of the XML's body or footnotes missing,
added or out of order in the stored paragraphs and footnotes, the rule of
``tests/core/akn_words.py``; must be 0), the files whose reading carries a
warning (text kept but not placed), and files per second per process.  Exit
status 1 when any file raised something other than ``ReadError`` or lost text.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from briefdesk.core.document import ParagraphKind  # noqa: E402
from tests.core.akn_words import check_file  # noqa: E402
from tests.core.test_akn_reader import _xml_counts  # noqa: E402


def one(path: Path) -> dict:
    """Read one file; its counts, the XML's counts, and the word check."""
    t0 = time.perf_counter()
    out: dict = {"path": path}
    try:
        check = check_file(path, keep_doc=True)
    except Exception:  # a bug: report it, keep going
        out["bug"] = traceback.format_exc()
        return out
    if check.refused:
        out["refused"] = check.refused
        return out
    doc = check.doc
    own = [p for p in doc.paragraphs if p.part is None]
    out["got"] = (sum(p.kind is ParagraphKind.PREAMBULAR for p in own),
                  sum(p.kind is ParagraphKind.OPERATIVE for p in own),
                  sum(len(p.footnotes) for p in doc.paragraphs))
    out["head"] = sum(p.kind is ParagraphKind.HEADING for p in doc.paragraphs)
    out["expected"] = _xml_counts(path)
    out["lost"] = [] if check.ok else (check.body_diff + check.note_diff)[:3]
    out["warnings"] = check.warnings
    out["seconds"] = time.perf_counter() - t0
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    ap.add_argument("--verbose", action="store_true", help="list every count mismatch")
    ap.add_argument("--only", default="*/*", help="collections to read, a glob under akn/ (ga-78/*)")
    args = ap.parse_args()
    akn = args.corpus / "akn"
    folders = sorted(p for p in akn.glob(args.only) if p.is_dir())
    if not folders:
        print(f"no corpus at {akn}", file=sys.stderr)
        return 2
    files = [f for folder in folders for f in sorted(folder.glob("*.xml"))]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(one, files, chunksize=16))
    wall = time.perf_counter() - t0
    by_folder: dict[Path, list[dict]] = defaultdict(list)
    for r in results:
        by_folder[r["path"].parent].append(r)
    header = (f"{'collection':20} {'files':>5} {'refused':>7} {'bug':>3} {'pre':>6} {'oper':>6} "
              f"{'head':>5} {'notes':>6} {'exact':>11} {'lost':>4} {'warn':>4} {'files/s':>7}")
    print(header)
    print("-" * len(header))
    total = Counter()
    notes_out: list[str] = []
    for folder in folders:
        rows = by_folder[folder]
        c = Counter()
        for r in rows:
            c["files"] += 1
            if "bug" in r:
                c["bug"] += 1
                notes_out.append(f"BUG {r['path']}:\n{r['bug']}")
                continue
            if "refused" in r:
                c["refused"] += 1
                notes_out.append(f"    refused: {r['refused']}")
                continue
            c["read"] += 1
            c["pre"], c["oper"], c["notes"] = (c["pre"] + r["got"][0], c["oper"] + r["got"][1],
                                               c["notes"] + r["got"][2])
            c["head"] += r["head"]
            c["seconds"] += r["seconds"]
            if r["got"] == r["expected"]:
                c["exact"] += 1
            elif args.verbose or c["shown"] < 3:
                c["shown"] += 1
                notes_out.append(f"    count differs: {folder.parent.name}/{folder.name}/{r['path'].name}: "
                                 f"xml {r['expected']} reader {r['got']}")
            if r["lost"]:
                c["lost"] += 1
                notes_out.append(f"    TEXT LOST: {r['path']}: " + " | ".join(r["lost"]))
            if r["warnings"]:
                c["warn"] += 1
        total.update({k: v for k, v in c.items() if k != "shown"})
        name = f"{folder.parent.name}/{folder.name}"
        exact = f"{c['exact']}/{c['read']}"
        print(f"{name:20} {c['files']:5} {c['refused']:7} {c['bug']:3} {c['pre']:6} {c['oper']:6} "
              f"{c['head']:5} {c['notes']:6} {exact:>11} {c['lost']:4} {c['warn']:4} "
              f"{c['files'] / c['seconds'] if c['seconds'] else 0:7.0f}")
    print("-" * len(header))
    exact = f"{total['exact']}/{total['read']}"
    print(f"{'all':20} {total['files']:5} {total['refused']:7} {total['bug']:3} {total['pre']:6} "
          f"{total['oper']:6} {total['head']:5} {total['notes']:6} {exact:>11} {total['lost']:4} "
          f"{total['warn']:4} {total['files'] / total['seconds'] if total['seconds'] else 0:7.0f}")
    print(f"exact structure: {total['exact'] / max(total['read'], 1):.2%} of the files read; "
          f"files with text lost: {total['lost']}; wall time {wall:.0f} s with {args.jobs} processes")
    for line in notes_out:
        print(line)
    return 1 if total["bug"] or total["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
