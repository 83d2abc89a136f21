"""Benchmark and check: read every AKN file of the corpus with the AKN reader.

Usage: ``python bench/akn_read_all.py [--corpus ../shared/corpus] [--verbose]``

For each collection and language (``akn/ga-75/Chinese``…) prints the number
of files, read failures (``ReadError``, with file and line), other
exceptions (bugs), the counts of preambular, operative and heading
paragraphs and footnotes, files whose counts differ from a plain XPath count
of the XML (the rule of ``tests/core/test_akn_reader.py``), and files per
second.  Exit status 1 when any file raised something other than
``ReadError``.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from briefdesk.core.document import ParagraphKind  # noqa: E402
from briefdesk.core.errors import ReadError  # noqa: E402
from briefdesk.core.readers.akn import read_akn  # noqa: E402
from tests.core.test_akn_reader import _xml_counts  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--verbose", action="store_true", help="list every count mismatch")
    args = ap.parse_args()
    akn = args.corpus / "akn"
    if not akn.is_dir():
        print(f"no corpus at {akn}", file=sys.stderr)
        return 2
    crashed = 0
    header = f"{'collection':24} {'files':>5} {'fail':>4} {'bug':>3} {'pre':>6} {'oper':>6} " \
             f"{'head':>5} {'notes':>6} {'diff':>4} {'files/s':>8}"
    print(header)
    print("-" * len(header))
    for folder in sorted(p for p in akn.glob("*/*") if p.is_dir()):
        files = sorted(folder.glob("*.xml"))
        c: Counter[str] = Counter()
        failures, mismatches = [], []
        t0 = time.perf_counter()
        for path in files:
            try:
                doc = read_akn(path)
            except ReadError as exc:
                failures.append(str(exc))
                continue
            except Exception:  # a bug: report it, keep going
                crashed += 1
                c["bug"] += 1
                print(f"BUG {path}:\n{traceback.format_exc()}", file=sys.stderr)
                continue
            own = [p for p in doc.paragraphs if p.part is None]
            got = (sum(p.kind is ParagraphKind.PREAMBULAR for p in own),
                   sum(p.kind is ParagraphKind.OPERATIVE for p in own),
                   sum(len(p.footnotes) for p in doc.paragraphs))
            c["pre"] += got[0]
            c["oper"] += got[1]
            c["notes"] += got[2]
            c["head"] += sum(p.kind is ParagraphKind.HEADING for p in doc.paragraphs)
            expected = _xml_counts(path)
            if expected != got:
                mismatches.append(f"{path.name}: xml {expected} reader {got}")
        secs = time.perf_counter() - t0
        name = f"{folder.parent.name}/{folder.name}"
        print(f"{name:24} {len(files):5} {len(failures):4} {c['bug']:3} {c['pre']:6} "
              f"{c['oper']:6} {c['head']:5} {c['notes']:6} {len(mismatches):4} "
              f"{len(files) / secs if secs else 0:8.0f}")
        for f in failures:
            print(f"    read error: {f}")
        for m in mismatches if args.verbose else mismatches[:3]:
            print(f"    count differs: {m}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
