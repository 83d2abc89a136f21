"""The PDF reader on the real ODS files of ``corpus/real/un-ods``: a per-file table.

Usage: ``python bench/pdf_real.py [corpus_dir]``.

Per file: the symbol and kind read, seconds, and

* **structure**: against the structure written by hand from the page images
  (``tests/fixtures/real_expected/*.json``): ``exact`` or what differs
  (``—`` where none was written);
* **text**: whether the letters and digits of the text layer (poppler's
  ``pdftotext``) are those stored plus those named as page furniture
  (``kept``), else how many were lost or added;
* **furniture**: whether a paragraph still holds page furniture (a masthead
  ``Distr.:`` line, a job number, a barcode, ``Please recycle``);
* **tables**: the tables read as tables (``readers/pdf_tables.py``), each as
  rows × columns (``33×5``), ``—`` for none;
* the reader's warnings, or the reason a file was refused.

Ends with the README row: documents read exactly, per kind, out of those
with a text layer and a written expectation.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core.errors import ReadError  # noqa: E402
from briefdesk.core.importer import symbol_from_name  # noqa: E402
from briefdesk.core.readers.pdf import read_pdf  # noqa: E402

EXPECTED = ROOT / "tests" / "fixtures" / "real_expected"
FURNITURE = re.compile(r"Distr\.:\s*General|\b\d{2}-\d{5}\s*\(E\)|\*\d{7}\*|Please recycle")


def alnum(text: str) -> Counter:
    """Letters and digits of ``text`` (NFKC), counted."""
    return Counter(c for c in unicodedata.normalize("NFKC", text) if c.isalnum())


def kept_alnum(doc, furniture: list[str]) -> Counter:
    """Letters and digits the reader kept: paragraph numbers and texts, each footnote marker
    where it stands and each note once, plus the lines it named as page furniture."""
    stored: list[str] = []
    notes: dict[str, str] = {}
    for p in doc.paragraphs:
        stored += [p.number or "", p.text]
        for f in p.footnotes:
            stored.append(f.marker)
            notes[f.marker] = f.text
    stored += [f"{m} {t}" for m, t in notes.items() if t]
    return alnum(" ".join(stored) + " " + " ".join(furniture))


def _differences(doc, exp: dict) -> list[str]:
    out = []
    for key in ("symbol", "body", "session", "agenda_item", "title", "date_source"):
        if getattr(doc, key) != exp[key]:
            out.append(f"{key} {getattr(doc, key)!r}")
    if doc.kind.value != exp["kind"]:
        out.append(f"kind {doc.kind.value}")
    for key in ("date", "issue_date"):
        got = getattr(doc, key)
        if (got.isoformat() if got else None) != exp[key]:
            out.append(f"{key} {got}")
    got = doc.paragraphs
    want = exp["paragraphs"]
    if len(got) != len(want):
        out.append(f"{len(got)} paragraphs, not {len(want)}")
    for i, (p, (kind, number, first, last, markers)) in enumerate(zip(got, want)):
        if (p.kind.value, p.number, [f.marker for f in p.footnotes]) != (kind, number, markers) \
                or not p.text.startswith(first) or not p.text.endswith(last):
            out.append(f"paragraph {i + 1} ({p.text[:30]}…)")
            break
    notes = {f.marker: f.text for p in got for f in p.footnotes}
    if notes != exp.get("footnotes", {}):
        out.append("footnote texts")
    return out


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    folder = corpus / "real" / "un-ods"
    if not folder.is_dir():
        print(f"no corpus at {folder}")
        return 1
    expected = {json.loads(p.read_text(encoding="utf-8"))["file"]: json.loads(p.read_text(encoding="utf-8"))
                for p in EXPECTED.glob("*.json")}
    has_pdftotext = shutil.which("pdftotext") is not None
    exact: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    text_ok = layered = 0
    print("| file | symbol | kind | s | structure (hand-written) | text | furniture | tables | warnings |")
    print("|---|---|---|---|---|---|---|---|---|")
    n_tables = n_rows = 0
    for path in sorted(folder.glob("*.pdf")):
        furniture: list[str] = []
        t = time.perf_counter()
        try:
            doc = symbol_from_name(read_pdf(path, furniture=furniture), path)   # as an import stores it
        except ReadError as exc:
            print(f"| {path.name} | | | | refused: {exc.reason} | | | | |")
            continue
        secs = time.perf_counter() - t
        layered += 1
        exp = expected.get(path.name)
        if exp is not None:
            diff = _differences(doc, exp)
            exact[exp["kind"]][1] += 1
            if not diff:
                exact[exp["kind"]][0] += 1
            structure = "exact" if not diff else "; ".join(diff)
        else:
            structure = "—"
        text = "—"
        if has_pdftotext:
            layer = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                                   text=True).stdout
            got, want = kept_alnum(doc, furniture), alnum(layer)
            lost, added = sum((want - got).values()), sum((got - want).values())
            text = "kept" if not lost and not added else f"{lost} lost, {added} added"
            text_ok += not lost and not added
        furn = sum(1 for p in doc.paragraphs if FURNITURE.search(p.text))
        warn = "; ".join(w.split(";")[0] for w in doc.warnings)
        tables: dict[int, list] = defaultdict(list)
        for p in doc.paragraphs:
            if p.table is not None:
                tables[p.table].append(p)
        n_tables += len(tables)
        n_rows += sum(len(rows) for rows in tables.values())
        shapes = ", ".join(f"{len(rows)}×{max(len(p.cells or []) for p in rows)}" for rows in tables.values())
        print(f"| {path.name} | {doc.symbol or ''} | {doc.kind.value} | {secs:.1f} | {structure} | {text} | "
              f"{'none' if not furn else f'{furn} paragraphs'} | {shapes or '—'} | {warn} |")
    total = [sum(v[0] for v in exact.values()), sum(v[1] for v in exact.values())]
    per_kind = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(exact.items()))
    print()
    print(f"real PDFs: {total[0]} of {total[1]} hand-checked documents read exactly ({per_kind}); "
          f"{text_ok} of {layered} files with a text layer keep every letter and digit; "
          f"{n_tables} tables read as tables ({n_rows} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
