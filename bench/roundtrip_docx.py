"""Round trip AKN → .docx → read_docx on the UN corpus; per-language share recovered exactly.

Usage: ``python bench/roundtrip_docx.py [corpus_dir] [--show N]``.  Every file
of ``akn/ga-75`` and ``akn/hrc-54`` is read with the AKN reader, written as
a Word file with real automatic numbering and footnotes
(``tests/docx_from_akn.py``), read back with :func:`read_docx` and compared
(:func:`tests.docx_from_akn.compare`).  Prints, per collection and language,
how many documents came back exactly, and the first mismatches with reasons.

Stable names other round trips import (the PDF one does):

* ``tests.docx_from_akn.compare(akn, got) -> list[str]`` — differences between
  the AKN reading and a re-read document (symbol, date, preambular and
  operative numbers and levels, footnote count, each paragraph's text with
  white space normalised, CJK-aware), ``[]`` when exact;
* ``tests.docx_from_akn.layout(akn)`` — the lines written above and between
  the paragraphs (masthead, annex labels), which ``compare`` sets aside;
* ``tests.docx_from_akn.write_docx(akn, path)`` and ``adoption_line(akn)``.

``--format text`` makes the round trip through plain text instead (numbers
typed, footnotes as Word's text export writes them: ``write_text``), which
exercises the path PDF and pasted text take.  ``--lang English`` limits the
run to one language; ``--list FILE`` writes the
names of the documents not recovered exactly, one per line.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core.readers.akn import read_akn  # noqa: E402
from briefdesk.core.readers.docx import read_docx  # noqa: E402
from briefdesk.core.readers.text import read_text  # noqa: E402
from tests.docx_from_akn import compare, write_docx, write_text  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--show", type=int, default=3, help="mismatches shown per language")
    ap.add_argument("--lang", help="only this language folder (English, Chinese, …)")
    ap.add_argument("--format", choices=("docx", "text"), default="docx",
                    help="round trip through a Word file (default) or plain text with typed numbers")
    ap.add_argument("--list", help="write the names of inexact documents to this file")
    args = ap.parse_args()
    akn_root = Path(args.corpus) / "akn"
    total_ok = total = 0
    reasons: Counter = Counter()
    inexact: list[str] = []
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / ("rt.docx" if args.format == "docx" else "rt.txt")
        write, read = (write_docx, read_docx) if args.format == "docx" else (write_text, read_text)
        for coll in ("ga-75", "hrc-54"):
            for lang_dir in sorted((akn_root / coll).iterdir()):
                if args.lang and lang_dir.name != args.lang:
                    continue
                files = sorted(lang_dir.glob("*.xml"))
                ok, shown = 0, []
                for f in files:
                    try:
                        akn = read_akn(f)
                        write(akn, out)
                        diffs = compare(akn, read(out))
                    except Exception as exc:   # a bench reports, it does not stop
                        diffs = [f"error: {type(exc).__name__}: {exc}"]
                    if not diffs:
                        ok += 1
                    else:
                        inexact.append(f"{coll}/{lang_dir.name}/{f.name}")
                        for d in diffs:
                            reasons[d.split(" ", 1)[0].rstrip(":")] += 1
                        if len(shown) < args.show:
                            shown.append(f"    {f.name}: {'; '.join(diffs)}")
                total_ok += ok
                total += len(files)
                share = ok / len(files) if files else 0
                print(f"{coll:7} {lang_dir.name:8} {ok:4}/{len(files):<4} exact ({share:.1%})")
                for line in shown:
                    print(line)
    print(f"all     {total_ok}/{total} exact ({total_ok / max(total, 1):.1%}) in {time.time() - t0:.0f} s")
    print("mismatch kinds:", dict(reasons.most_common()))
    if args.list:
        Path(args.list).write_text("".join(name + "\n" for name in inexact), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
