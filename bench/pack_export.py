"""Benchmark: export a briefing pack of 300+ A4 pages, beside LibreOffice converting the same content.

Usage: ``python bench/pack_export.py [--corpus ../shared/corpus] [--docs N] [--runs R] [--lo-runs L]
[--profile] [--keep DIR]``

Set-up (not timed): imports ``N`` General Assembly resolutions of
``akn/ga-75`` in Chinese and the same ``N`` in English into a scratch
library, and builds one pack (language zh) with an agenda item per ten
resolutions, each item with its rich-text sections and every resolution as
a whole-document excerpt, a highlight and a note on every fifth one.

Timed, in the same run:

* **BriefDesk**: :func:`briefdesk.core.render.pack_pdf.export_pack_pdf`
  (cover, contents with page numbers, footnotes, outline — everything),
  ``R`` runs in one process; the median counts, and the first run (fonts
  loaded from disk, per-process caches empty) is printed too;
* **LibreOffice**: the same content written as .docx with python-docx
  (cover, contents list, a page break per item, numbered paragraphs with
  italic verbs, footnote texts, header and footer with PAGE/NUMPAGES
  fields), converted by ``soffice --headless --convert-to pdf``, ``L``
  times (median).  The .docx writing is not counted.  LibreOffice's user
  profile is made by an untimed conversion first (a user's installation
  has one).  Its start-up and shut-down are measured by converting a
  one-line .docx ``L`` times (median) and printed both ways: conversion
  time *with* start-up (what a user waits for) and *without* it (the
  conversion alone: the fair engine comparison).  The .docx is, if
  anything, easier than the PDF: its contents list has no page numbers
  and its footnotes are plain paragraphs, not page-foot notes.

Prints pages, wall-clock seconds, pages per second and CPU seconds for both
(LibreOffice's from ``getrusage(RUSAGE_CHILDREN)``), the speed ratios both
ways, and the load average at start and end.  CPU time is printed because
the development machine is shared: under load wall time measures the
neighbours as much as the code.
``--profile`` prints the top of a cProfile of one BriefDesk export.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core.importer import Importer  # noqa: E402
from briefdesk.core.library import Library  # noqa: E402
from briefdesk.core.packs.richtext import to_plain  # noqa: E402
from briefdesk.core.packs.service import PackService, PackView  # noqa: E402
from briefdesk.core.render.pack_pdf import export_pack_pdf, item_label, source_reference  # noqa: E402


def pick(corpus: Path, n: int) -> list[Path]:
    """``n`` resolutions present in both Chinese and English (same number), biggest variety first."""
    zh = {p.name.rsplit("_", 1)[0]: p for p in (corpus / "akn/ga-75/Chinese").glob("*.xml")}
    en = {p.name.rsplit("_", 1)[0]: p for p in (corpus / "akn/ga-75/English").glob("*.xml")}
    common = sorted(set(zh) & set(en), key=lambda k: (len(k), k))
    chosen = common[:: max(1, len(common) // n)][:n]
    return [zh[k] for k in chosen] + [en[k] for k in chosen]


def build_pack(lib: Library, files: list[Path]) -> int:
    results = Importer(lib).import_paths(files)
    ids = [r.document_id for r in results if r.document_id]
    packs = PackService(lib)
    pid = packs.create(title="UNGA 75 — 资料汇编", body="联合国大会", session="第七十五届会议",
                       start_date="2020-09-15", end_date="2021-09-13", venue="纽约",
                       delegation="中国代表团", language="zh", classification="内部", version="1")
    for start in range(0, len(ids), 10):
        chunk = ids[start:start + 10]
        item = packs.add_item(pid, str(start // 10 + 1), f"决议汇编 {start // 10 + 1}",
                              background="<p>本项目汇集大会第七十五届会议的相关决议。<b>注意</b>各决议之间的联系。</p>",
                              talking_points="- 支持协商一致\n- 强调多边主义\n- 重申既定立场",
                              lines_to_take="1. 可以接受\n2. 需进一步协商")
        for k, doc_id in enumerate(chunk):
            ex = packs.add_excerpt(item, doc_id)
            if k % 5 == 0:
                view = packs.get(pid).excerpt(ex)
                para = next((p for p in view.paragraphs if p.kind == "operative" and len(p.text) > 20), None)
                if para is not None:
                    packs.add_highlight(para.id, 0, 12)
                    packs.set_note(para.id, "- 关注本段\n- 与往年决议比较")
    return pid


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _tiny_docx(path: Path) -> None:
    """A one-line .docx: converting it measures LibreOffice's start-up and shut-down."""
    import docx

    d = docx.Document()
    d.add_paragraph("BriefDesk")
    d.save(str(path))


def write_docx(pack: PackView, path: Path) -> None:
    """The pack's content as a .docx (python-docx), for LibreOffice to convert."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(25))
    style = d.styles["Normal"]
    style.font.name = "Noto Serif"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Droid Sans Fallback")

    def field(paragraph, code: str) -> None:
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), code)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        fld.append(run)
        paragraph._p.append(fld)

    header = sec.header.paragraphs[0]
    header.text = f"{pack.body}{pack.session}"
    footer = sec.footer.paragraphs[0]
    footer.add_run(f"{pack.classification}    第 ")
    field(footer, "PAGE")
    footer.add_run(" 页，共 ")
    field(footer, "NUMPAGES")
    footer.add_run(" 页")

    for line in (pack.classification, pack.delegation, "Briefing pack", pack.body, pack.session, pack.title):
        d.add_paragraph(line)
    d.add_page_break()
    d.add_heading("Contents", level=1)
    for item in pack.items:
        d.add_paragraph(f"{item_label(item, 'zh')}：{item.title}")
        for ex in item.excerpts:
            d.add_paragraph(source_reference(ex, "zh"), style="List Bullet")
    for item in pack.items:
        d.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        d.add_heading(item_label(item, "zh"), level=1)
        d.add_heading(item.title, level=2)
        for name, html in (("Background", item.background), ("Talking points", item.talking_points),
                           ("Lines to take", item.lines_to_take)):
            if html:
                d.add_heading(name, level=3)
                for line in to_plain(html).splitlines():
                    d.add_paragraph(line)
        notes = []
        for ex in item.excerpts:
            d.add_heading(source_reference(ex, "zh"), level=3)
            for p in ex.paragraphs:
                para = d.add_paragraph()
                para.paragraph_format.left_indent = Mm(10 * (p.level + (1 if p.number else 0)))
                if p.number:
                    para.paragraph_format.first_line_indent = Mm(-10)
                    para.add_run(p.number + "\t")
                verb = p.verb if p.verb and p.text.startswith(p.verb) else ""
                if verb:
                    para.add_run(verb).italic = True
                run = para.add_run(p.text[len(verb):])
                run.bold = p.kind == "heading"
                for fn in p.footnotes:
                    para.add_run(fn.marker).font.superscript = True
                for fn in p.footnotes:
                    small = d.add_paragraph(f"{fn.marker} {fn.text}")
                    small.runs[0].font.size = Pt(8.5)
                if p.note:
                    notes.append(p.note)
        for i, note in enumerate(notes, 1):
            d.add_paragraph(f"Note {i}: " + to_plain(note).replace("\n", " "))
    d.save(str(path))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--docs", type=int, default=40, help="resolutions per language (default 40: about 370 pages)")
    ap.add_argument("--runs", type=int, default=5, help="BriefDesk runs; the median counts (default 5)")
    ap.add_argument("--lo-runs", type=int, default=3,
                    help="LibreOffice conversions of the pack and of a one-line .docx; medians count (default 3)")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of one BriefDesk export")
    ap.add_argument("--keep", type=Path, help="copy the PDFs and the .docx to this folder")
    args = ap.parse_args()
    if not (args.corpus / "akn/ga-75").is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        lib = Library(tmp / "bench.sqlite")
        t0 = time.perf_counter()
        pid = build_pack(lib, pick(args.corpus, args.docs))
        pack = PackService(lib).get(pid)
        n_ex = sum(len(i.excerpts) for i in pack.items)
        n_par = sum(len(e.paragraphs) for i in pack.items for e in i.excerpts)
        print(f"set-up: {len(pack.items)} agenda items, {n_ex} excerpts, {n_par} paragraphs "
              f"({time.perf_counter() - t0:.1f} s, not timed)")

        print(f"load average at start: {_load()}")
        times, cpus, pages = [], [], 0
        for _ in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            pages = export_pack_pdf(pack, tmp / "pack.pdf")
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        bd_s, bd_cpu = statistics.median(times), statistics.median(cpus)
        print(f"BriefDesk first export in the process: {times[0]:.2f} s wall, {cpus[0]:.2f} s CPU "
              f"(fonts loaded, caches filled)")
        print(f"BriefDesk   {pages:5d} pages  {bd_s:7.2f} s  {pages / bd_s:7.1f} pages/s   CPU {bd_cpu:6.2f} s  "
              f"(median of {args.runs}; best {min(times):.2f} s wall, {min(cpus):.2f} s CPU)")
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            export_pack_pdf(pack, io.BytesIO())
            prof.disable()
            stats = io.StringIO()
            pstats.Stats(prof, stream=stats).sort_stats("cumulative").print_stats(30)
            print(stats.getvalue())

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            print("LibreOffice   not installed: no comparison")
            return 0
        t = time.perf_counter()
        write_docx(pack, tmp / "pack.docx")
        docx_s = time.perf_counter() - t
        tiny = tmp / "tiny.docx"
        _tiny_docx(tiny)
        profile_dir = tmp / "lo-profile"

        def convert(path: Path) -> tuple[float, float]:
            """Wall and CPU seconds of one ``soffice --headless --convert-to pdf`` of ``path``."""
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run([soffice, f"-env:UserInstallation=file://{profile_dir}", "--headless", "--convert-to",
                            "pdf", "--outdir", str(tmp / "lo"), str(path)], check=True, capture_output=True,
                           timeout=1800)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

        convert(tiny)  # not timed: creates LibreOffice's user profile, as a user's installation has one
        start = [convert(tiny) for _ in range(args.lo_runs)]
        full = [convert(tmp / "pack.docx") for _ in range(args.lo_runs)]
        up_s, up_cpu = statistics.median(w for w, _c in start), statistics.median(c for _w, c in start)
        lo_s, lo_cpu = statistics.median(w for w, _c in full), statistics.median(c for _w, c in full)
        from pypdf import PdfReader

        lo_pages = len(PdfReader(str(tmp / "lo" / "pack.pdf")).pages)
        net_s, net_cpu = lo_s - up_s, lo_cpu - up_cpu
        print(f"LibreOffice {lo_pages:5d} pages  {lo_s:7.2f} s  {lo_pages / lo_s:7.1f} pages/s   CPU {lo_cpu:6.2f} s  "
              f"(median of {args.lo_runs}, start-up included: what a user waits for)")
        print(f"  start-up  (a one-line .docx)  {up_s:7.2f} s                    CPU {up_cpu:6.2f} s  "
              f"(median of {args.lo_runs})")
        print(f"  conversion alone       {lo_pages:5d}  {net_s:7.2f} s  {lo_pages / net_s:7.1f} pages/s   "
              f"CPU {net_cpu:6.2f} s  (the above less start-up: the engine comparison)")
        print(f"  (.docx written by python-docx in {docx_s:.1f} s, not counted; LibreOffice's user profile made "
              f"before timing)")
        for label, lo_w, lo_c in (("with LibreOffice's start-up", lo_s, lo_cpu),
                                  ("conversion alone", net_s, net_cpu)):
            print(f"BriefDesk is {lo_w / bd_s:4.1f}× faster in wall time ({(pages / bd_s) / (lo_pages / lo_w):4.1f}× "
                  f"in pages per second), {lo_c / bd_cpu:4.1f}× in CPU time ({(pages / bd_cpu) / (lo_pages / lo_c):4.1f}× "
                  f"in pages per CPU second): {label}")
        print(f"load average at end: {_load()}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for src in (tmp / "pack.pdf", tmp / "pack.docx", tmp / "lo" / "pack.pdf"):
                shutil.copy(src, args.keep / (src.parent.name + "-" + src.name if src.parent.name == "lo" else src.name))
        lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
