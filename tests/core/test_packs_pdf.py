"""Briefing pack PDF: a Chinese pack for CBD SBI-2 from the seeds, checked through the PDF's text and outline."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from briefdesk.core.errors import Cancelled, ExportError
from briefdesk.core.i18n import N_, format_date_range, translator
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library
from briefdesk.core.packs.service import PackService, bare
from briefdesk.core.render.pack_pdf import export_pack_pdf, item_label, source_reference


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_id(lib: Library, prefix: str) -> int:
    return next(s.id for s in lib.summaries() if lib.document(s.id).source_name.startswith(prefix))


def numbered(lib: Library, document_id: int, numbers: list[str], *, part: int | None = None) -> list[int]:
    doc = lib.document(document_id)
    part_id = doc.parts[part].id if part is not None else None
    return [p.id for p in doc.paragraphs
            if p.level == 0 and p.kind != "heading" and bare(p.number) in numbers and p.part_id == part_id]


@pytest.fixture
def sbi2(library, seeds):
    """The Chinese SBI-2 pack: items 11 and 3 from the documents issued under them, excerpts from
    000 (CBD/SBI/2/10), 002 (decision XII/6) and 004 (CBD/WG2020/2/…), highlights, notes with lists."""
    Importer(library).import_paths([seeds])
    packs = PackService(library)
    pid = packs.create(title="SBI-2 简报", body="执行问题附属机构", session="第二次会议",
                       start_date="2018-07-09", end_date="2018-07-13", venue="加拿大蒙特利尔",
                       delegation="中国代表团", language="zh", classification="内部", version="3")
    sbi, xii6, wg = seed_id(library, "000"), seed_id(library, "002"), seed_id(library, "004")
    (e11,) = packs.agenda_from_document(sbi)
    (e3,) = packs.agenda_from_document(wg)
    i11 = packs.add_item(pid, e11.number, e11.title, background="<p>背景：<b>协同增效</b>。</p>",
                         talking_points="- 强调合作\n- 支持路线图", lines_to_take="1. 可以接受第5段\n2. 保留第7段")
    i3 = packs.add_item(pid, e3.number, e3.title, objectives="<p>我方<b>支持</b>框架进程。</p>")
    x1 = packs.add_excerpt(i11, sbi, numbered(library, sbi, ["4", "5", "6"]))
    x2 = packs.add_excerpt(i11, xii6, numbered(library, xii6, ["19", "20", "21"]))
    packs.add_excerpt(i11, sbi, numbered(library, sbi, ["1", "2", "3"], part=1))
    x4 = packs.add_excerpt(i3, wg, section="二")
    view = packs.get(pid)
    p5 = view.excerpt(x1).paragraphs[1]
    packs.add_highlight(p5.id, 0, 10)
    packs.set_note(p5.id, "注意：\n- 支持本段\n- 但需修改措辞")
    packs.set_note(view.excerpt(x2).paragraphs[2].id, "<p>与CBD/SBI/2/10第5段相关：</p><ol><li>森林</li><li>协作</li></ol>")
    packs.set_note(view.excerpt(x4).paragraphs[1].id, "- 关注协商结果")
    return packs, pid


def pdftotext(path, *args: str) -> list[str]:
    """Page texts by poppler's pdftotext (reading order, or ``-layout``)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    out = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, check=True, text=True).stdout
    return out.split("\f")[:-1]


def outline_entries(reader: PdfReader):
    out = []

    def walk(nodes, level):
        for node in nodes:
            if isinstance(node, list):
                walk(node, level + 1)
            else:
                out.append((level, node.title, reader.get_destination_page_number(node) + 1))
    walk(reader.outline, 0)
    return out


def test_chinese_sbi2_pack_prints_cover_contents_excerpts_notes_and_footers(sbi2, tmp_path):
    packs, pid = sbi2
    pack = packs.get(pid)
    t = translator("zh")
    out = tmp_path / "sbi2.pdf"
    seen = []
    pages = export_pack_pdf(pack, out, progress=lambda done, total: seen.append((done, total)))
    reader = PdfReader(str(out))
    assert pages == len(reader.pages) >= 6
    assert seen[-1][0] == seen[-1][1] and all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))
    texts = pdftotext(out)
    assert len(texts) == pages
    flat = [squash(x) for x in texts]

    # cover: delegation, label, meeting, dates in Chinese, venue, version, classification
    cover = flat[0]
    for expected in ("中国代表团", t(N_("Briefing pack")), "执行问题附属机构", "第二次会议", "2018年7月9日至13日",
                     "加拿大蒙特利尔", "SBI-2简报", squash(t(N_("Version {version}")).format(version="3")), "内部"):
        assert squash(expected) in cover, expected
    assert format_date_range(pack.start_date, pack.end_date, locale="zh") == "2018年7月9日至13日"

    # contents on page 2: every item and excerpt with the page it starts on
    contents = squash(pdftotext(out, "-layout", "-f", "2", "-l", "2")[0])
    assert squash(t(N_("Contents"))) in contents
    entries = []
    for item in pack.items:
        label = item_label(item, "zh")
        entries.append((0, f"{label}：{item.title}", squash(item.title)))
        for ex in item.excerpts:
            entries.append((1, source_reference(ex, "zh"), None))
    paras = translator("zh")(N_("paras {numbers}"))       # the pack's own language labels its references
    assert paras != "paras {numbers}"
    assert [e[1] for e in entries][:2] == ["议程项目11：与其他公约、国际组织和伙伴关系的合作",
                                           "CBD/SBI/2/10, {} (zh)".format(paras.format(numbers="4–6"))]
    assert "XII/6, {} (zh)".format(paras.format(numbers="19–21")) in [e[1] for e in entries]
    toc_pages = []
    for level, text, _title in entries:
        m = re.search(re.escape(squash(text)) + r"[.\s]*(\d+)", contents)
        assert m, text
        toc_pages.append(int(m.group(1)))
    # the page each heading is on is the page the contents gives
    for (level, text, title), page in zip(entries, toc_pages):
        body = flat[page - 1]
        assert squash(text if level else title) in body, (text, page)
    # each agenda item starts on a new page, after the last page of the previous item
    item_pages = [p for (level, *_), p in zip(entries, toc_pages) if level == 0]
    assert item_pages[0] == 3 and item_pages[1] > max(toc_pages[:len(pack.items[0].excerpts) + 1])
    assert squash(item_label(pack.items[1], "zh")) not in flat[item_pages[1] - 2].split("第")[0]

    # outline: contents, items, excerpts under their items, pointing at the same pages
    outline = outline_entries(reader)
    assert outline[0][1] == t(N_("Contents")) and outline[0][2] == 2
    assert [(lvl, title) for lvl, title, _ in outline[1:]] == [(lvl, text) for lvl, text, _ in entries]
    assert [page for *_, page in outline[1:]] == toc_pages

    # every excerpt's text, as imported (footnote markers sit between the pieces)
    everything = "".join(flat)
    for item in pack.items:
        for ex in item.excerpts:
            for p in ex.paragraphs:
                cuts = sorted({0, len(p.text), *(f.offset for f in p.footnotes if f.offset is not None)})
                for a, b in zip(cuts, cuts[1:]):
                    assert squash(p.text[a:b]) in everything, (ex.source_symbol, p.number)
                for fn in p.footnotes:
                    assert squash(fn.text) in everything
    # agenda-item sections and notes, lists included, as printed text
    for snippet in ("背景：协同增效。", "•强调合作", "1.可以接受第5段", "2.保留第7段", "我方支持框架进程。",
                    "•支持本段", "•但需修改措辞", "1.森林", "2.协作", "•关注协商结果"):
        assert snippet in everything, snippet
    notes_heading = squash(t(N_("Notes on {item}")).format(item="议程项目11"))
    note1 = squash(t(N_("Note {n}")).format(n=1))
    first_note_page = next(i for i, x in enumerate(flat) if note1 + "5." in x or note1 in x)
    assert notes_heading in "".join(flat[first_note_page:item_pages[1] - 1])

    # running header and footer on every page after the cover
    total = len(reader.pages)
    for n, page in enumerate(flat[1:], start=2):
        assert "内部" in page
        assert squash(t(N_("Page {page} of {pages}")).format(page=n, pages=total)) in page
        assert "执行问题附属机构第二次会议" in page
    assert squash(t(N_("Page {page} of {pages}")).format(page=1, pages=total)) not in flat[0]

    # all fonts embedded (TrueType subsets), Chinese included; the excerpts' Chinese face is a
    # composite font (Type0, Identity-H) whose descendant CIDFontType2 carries the embedded file
    faces, composite = set(), set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0":
                assert font["/Encoding"] == "/Identity-H" and "/ToUnicode" in font, font["/BaseFont"]
                cid = font["/DescendantFonts"][0].get_object()
                assert cid["/Subtype"] == "/CIDFontType2"
                composite.add(str(font["/BaseFont"]).split("+")[-1])
                font = cid
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
            faces.add(str(font["/BaseFont"]).split("+")[-1])
    assert {"DroidSansFallback", "NotoSerif-Regular"} <= faces
    assert composite == {"DroidSansFallback"}
    assert reader.metadata.title == "SBI-2 简报"


def test_english_pack_dates_labels_and_highlight(library, seeds, tmp_path):
    Importer(library).import_paths([seeds])
    packs = PackService(library)
    pid = packs.create(title="SBI-2", body="Subsidiary Body on Implementation", session="Second meeting",
                       start_date="2018-07-09", end_date="2018-07-13", venue="Montreal, Canada",
                       language="en", classification="RESTRICTED")
    item = packs.add_item(pid, "11", "Cooperation with other conventions",
                          background="<p><b>Bold</b> and <i>italic</i> and <u>under</u></p>")
    xii6 = seed_id(library, "002")
    packs.add_excerpt(item, xii6, numbered(library, xii6, ["21"]))
    out = tmp_path / "en.pdf"
    export_pack_pdf(packs.get(pid), out)
    reader = PdfReader(str(out))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "9–13 July 2018" in text
    assert "Agenda item 11" in text and "XII/6, para 21 (zh)" in text and "RESTRICTED" in text
    assert "Page 3 of 3" in text


def test_cancel_leaves_no_file_and_bad_target_is_an_export_error(sbi2, tmp_path):
    packs, pid = sbi2
    out = tmp_path / "x.pdf"
    calls = []
    with pytest.raises(Cancelled):
        export_pack_pdf(packs.get(pid), out, abort=lambda: len(calls) > 20 or calls.append(1))
    assert not out.exists()
    with pytest.raises(ExportError):
        export_pack_pdf(packs.get(pid), tmp_path / "missing" / "x.pdf")
    with pytest.raises(ExportError):
        export_pack_pdf(packs.get(pid), tmp_path)


# -- the fast line breaker -----------------------------------------------------

from reportlab.pdfbase.pdfmetrics import stringWidth  # noqa: E402

from briefdesk.core.render.fastpara import _CJK, _NO_END, _NO_START, _SPACE, FastPara, _flags  # noqa: E402
from briefdesk.core.render.pack_pdf import _PackStory, _PackStyles  # noqa: E402
from briefdesk.core.render.pdf import FootnoteState  # noqa: E402


def stepwise_breaks(self, avail: float) -> list[tuple[int, int]]:
    """Reference: the same greedy rule, one character at a time."""
    text = self.text
    n = len(text)
    styles = [sid for a, b, sid in self._runs for _k in range(a, b)]
    assert len(styles) == n
    widths = [stringWidth(ch, self.table[sid].face, self.table[sid].size) for ch, sid in zip(text, styles)]
    flags = [_flags(ch) for ch in text]
    lines: list[tuple[int, int, float]] = []
    start = 0
    x = 0.0
    brk = -1  # last index before which a break is allowed on this line
    limit = avail - self.left_indent - self.first_indent
    i = 0
    pf = 0  # flags of the previous character on this line
    while i < n:
        ch = text[i]
        if ch == "\n":
            lines.append((start, i, x))
            start, x, brk, pf = i + 1, 0.0, -1, 0
            limit = avail - self.left_indent
            i += 1
            continue
        f = flags[i]
        if i > start and not (f & (_SPACE | _NO_START)) and not (pf & _NO_END) and (
                (pf & (_SPACE | _CJK)) or (f & _CJK)):
            brk = i
        w = widths[i]
        if x + w > limit and i > start and not (f & _SPACE):
            end = brk if brk > start else i
            trail = end
            while trail > start and text[trail - 1] == " ":
                trail -= 1
            lines.append((start, trail, sum(widths[start:trail])))
            while end < n and text[end] == " ":
                end += 1
            start = end
            limit = avail - self.left_indent
            brk = -1
            x = sum(widths[start:i])
            pf = flags[i - 1] if i > start else 0
            continue  # re-examine character i on the new line
        x += w
        pf = f
        i += 1
    if start < n or not lines:
        trail = n
        while trail > start and text[trail - 1] == " ":
            trail -= 1
        lines.append((start, trail, sum(widths[start:trail])))
    return [line[:2] for line in lines]



def test_fast_line_breaks_equal_a_stepwise_greedy_reference(sbi2, corpus, library):
    """FastPara breaks lines by bisection on cumulative widths; it must give exactly the lines the
    plain one-character-at-a-time greedy rule gives (Chinese seeds and an English GA resolution)."""
    packs, pid = sbi2
    en = next((corpus / "akn" / "ga-75" / "English").glob("75_1_E.xml"))
    Importer(library).import_paths([en])
    item = packs.add_item(pid, "9", "UN75")
    packs.add_excerpt(item, library.resolve("A/RES/75/1", language="en"))
    pack = packs.get(pid)
    story = _PackStory(pack, _PackStyles(pack.language), FootnoteState()).build()
    paras = [f for f in story if isinstance(f, FastPara)] + [
        f.para for f in story if isinstance(getattr(f, "para", None), FastPara)]
    assert len(paras) > 30 and any(p.justify for p in paras) and any(not p.justify for p in paras)
    for para in paras:
        for width in (453.5, 260.0, 90.0):
            fast = [line[:2] for line in para._break(width)]
            assert fast == stepwise_breaks(para, width), (para.text[:40], width)
            covered = "".join(para.text[a:b] for a, b in fast)
            assert covered.replace(" ", "") == para.text.replace(" ", "").replace("\n", "")


def test_face_choice_equals_split_runs(library, seeds, corpus):
    """FaceCache.faces (class string + regular expression) chooses, character by character, the
    face fonts.split_runs chooses, on the seeds and on Arabic, Russian and English resolutions."""
    from briefdesk.core.render.fastpara import FaceCache
    from briefdesk.core.render.fonts import register_fonts, script_of, split_runs

    register_fonts()
    akn = corpus / "akn" / "ga-75"
    Importer(library).import_paths([seeds, akn / "Arabic" / "75_1_A.xml", akn / "Russian" / "75_1_R.xml",
                                    akn / "English" / "75_1_E.xml"])
    cache = FaceCache()
    texts = [p.text for s in library.summaries() for p in library.document(s.id).paragraphs]
    texts += ["", "123 (4)", "第XII/6号决定 (decision) 第21段", "«Résolution» 75/1 — 联合国 ٧٥/١"]
    assert len(texts) > 500
    for text in texts:
        for italic in (False, True):
            expected = [face for run, face in split_runs(text, italic=italic) for _ in run]
            assert cache.faces(text, italic=italic) == expected, text[:40]
        assert cache.faces_script(text) == (cache.faces(text), script_of(text)), text[:40]
        for italic in (False, True):
            expected = [face for run, face in split_runs(text, italic=italic) for _ in run]
            assert [f for a, b, f in cache.face_runs(text, italic=italic) for _k in range(a, b)] == expected
        assert cache.script_of(text) == script_of(text), text[:40]


def test_export_pauses_the_cyclic_collector_only_while_it_runs(sbi2, tmp_path):
    """The collector is off during layout (export_pack_pdf pauses it for speed) and back in the
    state it was in afterwards, also after a failed export."""
    import gc

    from briefdesk.core.render import pack_pdf

    packs, pid = sbi2
    seen = []
    original = pack_pdf._PackStory.build

    def build(self):
        seen.append(gc.isenabled())
        return original(self)

    pack_pdf._PackStory.build = build
    try:
        assert gc.isenabled()
        export_pack_pdf(packs.get(pid), tmp_path / "a.pdf")
        assert seen == [False] and gc.isenabled()
        with pytest.raises(Cancelled):
            export_pack_pdf(packs.get(pid), tmp_path / "b.pdf", abort=lambda: True)
        assert gc.isenabled()
        gc.disable()
        try:
            export_pack_pdf(packs.get(pid), tmp_path / "c.pdf")
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        pack_pdf._PackStory.build = original
