"""Round trip of the UN AKN corpus through AKN, .docx and PDF; share recovered exactly per format and language.

Usage: ``python bench/roundtrip.py [corpus_dir] [--limit N] [--show N] [--keep DIR]``.

Every file of ``akn/ga-75`` and ``akn/hrc-54`` (or the first N per language)
is read with the AKN reader (the reference), then

* **akn**: the reader's counts of preambular and operative paragraphs and
  footnotes are checked against a plain XPath count of the XML (the rule of
  ``tests/core/test_akn_reader.py``);
* **docx**: written with ``tests/docx_from_akn.py`` and read with
  :func:`read_docx`;
* **pdf**: written as a dressed .docx (``tests/pdf_from_akn.py``: running
  head, page numbers, Arabic right to left), converted by LibreOffice
  headless in ONE ``soffice`` call for the whole run, and read with
  :func:`read_pdf`.

Each result is compared with the reference by :func:`tests.docx_from_akn.compare`
(symbol, date, preambular and operative numbers, footnote count, every
paragraph's text).  Printed: per collection, language and format the share
exact, and seconds per document for reading (and for writing/converting).
The PDF column ``pdf*`` also counts documents whose only differences are
non-breaking hyphens (U+2011) read back as ``-`` (LibreOffice's text layer
maps both to the same character, so no PDF reader can tell them apart) and
invisible format characters (U+200E…), which print nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core.readers.akn import read_akn  # noqa: E402
from briefdesk.core.readers.docx import read_docx  # noqa: E402
from briefdesk.core.readers.pdf import read_pdf  # noqa: E402
from briefdesk.core.document import ParagraphKind  # noqa: E402
from tests.core.test_akn_reader import _xml_counts  # noqa: E402
from tests.docx_from_akn import compare, write_docx  # noqa: E402
from tests.pdf_from_akn import akn_to_pdfs, hyphen_folded  # noqa: E402

LANGS = ["Arabic", "Chinese", "English", "French", "Russian", "Spanish"]


def _safe(fn):
    try:
        return fn(), None
    except Exception as exc:   # a bench reports, it does not stop
        return None, f"error: {type(exc).__name__}: {exc}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--limit", type=int, default=0, help="files per collection and language (0 = all)")
    ap.add_argument("--show", type=int, default=2, help="PDF mismatches shown per language")
    ap.add_argument("--keep", default="", help="folder to keep the .docx and .pdf files in")
    ap.add_argument("--reuse", action="store_true", help="with --keep: read the PDFs made by an earlier run")
    args = ap.parse_args()
    akn_root = Path(args.corpus) / "akn"
    t_start = time.time()
    refs: dict[str, tuple[str, str, Path, object]] = {}
    times: dict[str, list[float]] = defaultdict(list)
    for coll in ("ga-75", "hrc-54"):
        for lang in LANGS:
            files = sorted((akn_root / coll / lang).glob("*.xml"))
            if args.limit:
                files = files[:args.limit]
            for f in files:
                t = time.perf_counter()
                doc, err = _safe(lambda: read_akn(f))
                times["akn"].append(time.perf_counter() - t)
                refs[f"{coll}__{f.stem}"] = (coll, lang, f, doc if err is None else err)
    results: dict[tuple[str, str, str], list] = defaultdict(list)   # (coll, lang, fmt) → diffs per doc
    shown: dict[tuple[str, str], list[str]] = defaultdict(list)
    kinds: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="bd-rt-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        good = [(name, r[3]) for name, r in refs.items() if not isinstance(r[3], str)]
        t = time.perf_counter()
        existing = {name: work / "pdf" / f"{name}.pdf" for name, _d in good}
        if args.reuse and all(p.exists() for p in existing.values()):
            pdfs, convert_s = existing, float("nan")   # PDFs of an earlier --keep run
        else:
            pdfs = akn_to_pdfs(good, work / "pdf")
            convert_s = time.perf_counter() - t
        for name, (coll, lang, f, ref) in refs.items():
            if isinstance(ref, str):
                for fmt in ("akn", "docx", "pdf"):
                    results[(coll, lang, fmt)].append([ref])
                continue
            own = [p for p in ref.paragraphs if p.part is None]
            counts = (sum(p.kind is ParagraphKind.PREAMBULAR for p in own),
                      sum(p.kind is ParagraphKind.OPERATIVE for p in own),
                      sum(len(p.footnotes) for p in ref.paragraphs))
            expected = _xml_counts(f)
            results[(coll, lang, "akn")].append([] if counts == expected else [f"counts {counts} != xml {expected}"])
            out = work / f"{name}.docx"
            t = time.perf_counter()
            _, err = _safe(lambda: write_docx(ref, out))
            times["docx-write"].append(time.perf_counter() - t)
            t = time.perf_counter()
            got, err2 = _safe(lambda: read_docx(out)) if err is None else (None, err)
            times["docx"].append(time.perf_counter() - t)
            results[(coll, lang, "docx")].append([err2] if err2 else compare(ref, got))
            if name not in pdfs:
                results[(coll, lang, "pdf")].append(["error: LibreOffice made no PDF"])
                continue
            t = time.perf_counter()
            got, err = _safe(lambda: read_pdf(pdfs[name]))
            times["pdf"].append(time.perf_counter() - t)
            diffs = [err] if err else compare(ref, got)
            folded = [err] if err else (compare(hyphen_folded(ref), hyphen_folded(got)) if diffs else [])
            results[(coll, lang, "pdf")].append(diffs)
            results[(coll, lang, "pdf*")].append(folded)
            for d in folded:
                kinds[d.split(" ", 1)[0].rstrip(":")] += 1
            if folded and len(shown[(coll, lang)]) < args.show:
                shown[(coll, lang)].append(f"      {f.name}: {'; '.join(folded)[:300]}")
    print(f"{'':7} {'language':8} {'docs':>5} {'akn':>7} {'docx':>7} {'pdf':>7} {'pdf*':>7}")
    totals: Counter = Counter()
    for coll in ("ga-75", "hrc-54"):
        for lang in LANGS:
            row = []
            n = len(results[(coll, lang, "akn")])
            if not n:
                continue
            for fmt in ("akn", "docx", "pdf", "pdf*"):
                ok = sum(1 for d in results[(coll, lang, fmt)] if not d)
                totals[fmt] += ok
                row.append(f"{ok / n:7.1%}")
            totals["n"] += n
            print(f"{coll:7} {lang:8} {n:5} {' '.join(row)}")
            for line in shown[(coll, lang)]:
                print(line)
    n = max(totals["n"], 1)
    print(f"{'all':7} {'':8} {totals['n']:5} " + " ".join(f"{totals[f] / n:7.1%}" for f in ("akn", "docx", "pdf", "pdf*")))
    per = {k: sum(v) / max(len(v), 1) for k, v in times.items()}
    print(f"seconds per document: read akn {per.get('akn', 0):.3f}, read docx {per.get('docx', 0):.3f} "
          f"(write {per.get('docx-write', 0):.3f}), read pdf {per.get('pdf', 0):.3f} "
          f"(LibreOffice conversion {convert_s / max(len(refs), 1):.3f})")
    print("pdf* mismatch kinds:", dict(kinds.most_common()))
    print(f"total {time.time() - t_start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
