"""Benchmark: drafting on real texts — edits, comparison, exports, crash journal.

Usage: ``python bench/drafting.py [--corpus ../shared/corpus] [--sample-pdf docs/draft-sample.pdf]``

Works on the largest General Assembly resolution of ``akn/ga-75/English``
(75/239, oceans and the law of the sea, about 400 paragraphs) and on the
draft COP decision embedded in seed 000.  It prints, for this machine and
run only (compare ratios, not absolute times):

* starting a draft from the library (``from_document``);
* one edit that renumbers everything (a paragraph inserted at the top of the
  operative part; all internal references re-rendered) and its undo, and a
  ``set_text`` of one paragraph — median of 20, in milliseconds, each one a
  committed transaction;
* comparing the draft with a revision in which one operative paragraph in
  ten changed and 5 moved, as unrelated texts (no paragraph ids), and, on
  the first 60 paragraphs, BriefDesk's scorer (rapidfuzz) beside the same
  alignment scored with :class:`difflib.SequenceMatcher` ratios, in the same run;
* exporting PDF, .docx and AKN (schema-validated);
* journal records per second (each an ``os.write`` of the paragraph's text)
  and the time a record waits for its ``fsync``.
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core.drafting.compare import compare, document_side, draft_side  # noqa: E402
from briefdesk.core.drafting.export import export_draft  # noqa: E402
from briefdesk.core.drafting.journal import DraftJournal  # noqa: E402
from briefdesk.core.drafting.service import DraftService  # noqa: E402
from briefdesk.core.importer import Importer  # noqa: E402
from briefdesk.core.library import Library  # noqa: E402


def ms(fn, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def sample_pdf(service: DraftService, draft_id: int, out: Path) -> None:
    """The draft COP decision of seed 000 with brackets and two proposals, as printed in the README."""
    view = service.view(draft_id)
    p1 = next(p for p in view.paragraphs if p.number == "1.")
    p2 = next(p for p in view.paragraphs if p.number == "2.")
    span = "其他组织、公约和利益攸关方"
    start = p1.text.index(span)
    service.propose(p1.id, "replace", start, start + len(span), "国际组织和土著人民及地方社区",
                    sponsors=["巴西", "玻利维亚"])
    service.propose(p1.id, "delete", start, start + len(span), sponsors=["欧洲联盟"])
    where = p2.text.index("在资源足够的情况下")
    service.bracket(p2.id, where, where + len("在资源足够的情况下"))
    text = service.paragraph_text(p2.id)
    alt = text.index("审查现有合作")
    service.add_alternatives(p2.id, alt, alt + len("审查现有合作"), ["评估现有合作"])
    service.set_meta(draft_id, symbol="CBD/SBI/2/L.5", date="2018-07-12")
    service.save_version(draft_id, "contact group on cooperation")
    export_draft(service, draft_id, out, version=1, brackets="compilation", watermark=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--sample-pdf", help="also write the README's sample PDF here")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    big = corpus / "akn" / "ga-75" / "English" / "75_239_E.xml"
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "bench.sqlite")
        Importer(library).import_paths([big, corpus / "seeds" / "000_c78bdb84fd83cc2b.txt"])
        service = DraftService(library)
        t, d = ms(lambda: service.from_document("A/RES/75/239"))
        paras = service.view(d).paragraphs
        refs = sum("\ue000" in p.text for p in service.snapshot(d).paragraphs)
        print(f"from_document A/RES/75/239: {len(paras)} paragraphs, {refs} with internal references: {t:.0f} ms")
        first_op = next(p for p in paras if p.kind == "operative")
        t_ins = []
        for _ in range(20):
            a, change = ms(lambda: service.insert_paragraph(d, "Decides to include a new item;", before=first_op.id))
            b, _undo = ms(lambda: service.apply(change.inverse))
            t_ins.append((a, b))
        print(f"insert before operative paragraph 1 (renumbers {len(paras)}): median "
              f"{statistics.median(x for x, _ in t_ins):.1f} ms; its undo {statistics.median(y for _, y in t_ins):.1f} ms")
        target = paras[len(paras) // 2]
        t_set, _ = ms(lambda: service.set_text(target.id, target.text + " "), repeat=20)
        print(f"set_text of one paragraph: median {t_set:.1f} ms")
        t_view, _ = ms(lambda: service.view(d, "compilation"), repeat=5)
        print(f"view (compilation) of the whole draft: median {t_view:.1f} ms")

        service.save_version(d, "base")
        ops = [p for p in service.view(d).paragraphs if p.kind == "operative" and p.level == 0]
        for i, p in enumerate(ops[::10]):
            service.set_text(p.id, p.text.replace(" the ", " the relevant ", 1))
        for p in ops[3:8]:
            service.move_paragraph(p.id, ops[-1].id)
        a_side, b_side = draft_side(service.snapshot(d, 1)), draft_side(service.snapshot(d))
        for side in (a_side, b_side):   # compare as unrelated texts: no paragraph ids to pair by
            side.paragraphs = [type(p)(None, p.number, p.kind, p.level, p.text) for p in side.paragraphs]
        t_full, rows_full = ms(lambda: compare(a_side, b_side), repeat=3)
        status = {k: sum(r.status == k for r in rows_full)
                  for k in ("same", "changed", "moved", "deleted", "inserted")}
        print(f"compare {len(a_side.paragraphs)}×{len(b_side.paragraphs)} paragraphs (no ids to pair by): "
              f"{t_full:.0f} ms; {status}")
        # the scorer against difflib on the first 60 paragraphs of each side, every one edited so that
        # no two are identical (difflib is too slow for all)
        a_side.paragraphs = a_side.paragraphs[:60]
        b_side.paragraphs = [type(p)(None, p.number, p.kind, p.level, p.text + ' x') for p in b_side.paragraphs[:60]]
        t_fuzz, rows = ms(lambda: compare(a_side, b_side), repeat=3)

        def difflib_ratio(x: str, y: str) -> float:
            return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() * 100

        t_diff, rows2 = ms(lambda: compare(a_side, b_side, scorer=difflib_ratio))
        print(f"compare 60×60 paragraphs: rapidfuzz {t_fuzz:.0f} ms vs difflib {t_diff:.0f} ms "
              f"({t_diff / t_fuzz:.1f}×)")
        agree = sum((r.a.text if r.a else None, r.b.text if r.b else None) ==
                    (s.a.text if s.a else None, s.b.text if s.b else None) for r, s in zip(rows, rows2))
        print(f"  same alignment from both scorers: {agree}/{len(rows)} rows")
        t_adopted, rows3 = ms(lambda: compare(draft_side(service.snapshot(d)), document_side(library, "A/RES/75/239")))
        print(f"compare draft with the adopted resolution: {t_adopted:.0f} ms, "
              f"{sum(r.status == 'same' for r in rows3)} paragraphs unchanged")

        out = Path(tmp)
        for suffix in (".pdf", ".docx", ".xml"):
            t, _ = ms(lambda: export_draft(service, d, out / f"draft{suffix}", brackets="all"))
            print(f"export {suffix}: {t:.0f} ms ({(out / f'draft{suffix}').stat().st_size // 1024} KiB)")

        journal = DraftJournal(library.url, d, directory=out / "journal", interval=2.0)
        text = target.text
        n = 2000
        start = time.perf_counter()
        for i in range(n):
            journal.record(target.id, text[: 100 + i % 200])
        rate = n / (time.perf_counter() - start)
        start = time.perf_counter()
        journal.flush()
        print(f"journal: {rate:,.0f} records/s; fsync of what is pending: {(time.perf_counter() - start) * 1000:.1f} ms")
        journal.close(keep=True)

        if args.sample_pdf:
            zh = service.from_document("CBD/SBI/2/10")
            sample_pdf(service, zh, Path(args.sample_pdf))
            print(f"wrote {args.sample_pdf}")
        library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
