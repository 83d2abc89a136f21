"""PDF export: layout content, embedded fonts, glyph coverage, outline, errors.

Documents are built by hand here (texts written for these tests, in the
style of CBD decisions); the PDFs are read back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from briefdesk.core.document import (DocumentKind, ParagraphKind, ParsedDocument, ParsedFootnote,
                                     ParsedPart, ParsedParagraph)
from briefdesk.core.errors import Cancelled, ExportError
from briefdesk.core.i18n import format_date_range
from briefdesk.core.render import export_pdf
from briefdesk.core.render import fonts

P, O, H, B = ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE, ParagraphKind.HEADING, ParagraphKind.BODY

ZH_PREAMBLE = [
    ("回顾", "回顾其关于同其他公约、国际组织和倡议合作的以往各项决定，"),
    ("注意到", "注意到与生物多样性有关的各项公约之间加强协同增效的重要性，"),
    ("欢迎", "欢迎执行秘书为加强合作所作的努力，"),
]
ZH_SECTION_A = [
    ("请", "请执行秘书继续与各项与生物多样性有关的公约的秘书处合作，并向附属履行机构第三次会议报告进展情况；"),
    ("鼓励", "鼓励缔约方在国家一级加强各公约国家联络点之间的协调，以便："),
]
ZH_SUB = ["避免工作重复，提高资源利用的效率；", "在编写国家报告时交流信息和经验；"]
ZH_SECTION_B = [
    ("决定", "决定在其第十五次会议上审议加强合作的备选办法，同时考虑到2020年后全球生物多样性框架的筹备进程；"),
    ("请", "请缔约方、其他国家政府以及相关组织提交关于执行本决定的意见和资料。"),
]


def zh_document() -> ParsedDocument:
    paras = [ParsedParagraph(P, text, verb=verb) for verb, text in ZH_PREAMBLE]
    paras[0].footnotes = [ParsedFootnote("1", "第XIII/24号决定和第XII/6号决定。", offset=13)]
    paras.append(ParsedParagraph(H, "同其他公约的合作", number="A.", section="A"))
    n = 0
    for verb, text in ZH_SECTION_A:
        n += 1
        paras.append(ParsedParagraph(O, text, number=f"{n}.", verb=verb, section="A"))
    for i, text in enumerate(ZH_SUB):
        paras.append(ParsedParagraph(O, text, number=f"({'ab'[i]})", level=1, section="A"))
    paras.append(ParsedParagraph(H, "同国际组织和倡议的合作", number="B.", section="B"))
    for verb, text in ZH_SECTION_B:
        n += 1
        paras.append(ParsedParagraph(O, text, number=f"{n}.", verb=verb, section="B"))
    paras[-2].footnotes = [ParsedFootnote("2", "见CBD/SBI/2/10号文件。", offset=len(paras[-2].text) - 1)]
    return ParsedDocument(
        symbol="CBD/COP/DEC/14/30", title="14/30. 同其他公约、国际组织和倡议的合作",
        body="生物多样性公约缔约方大会", session="第十四次会议", language="zh",
        kind=DocumentKind.DECISION, date=dt.date(2018, 11, 30), start_date=dt.date(2018, 11, 17),
        end_date=dt.date(2018, 11, 29), venue="埃及沙姆沙伊赫", agenda_item="议程项目17",
        source_format="text", paragraphs=paras)


def en_document() -> ParsedDocument:
    paras = [
        ParsedParagraph(P, "Recalling its decisions XIII/24 and XII/6 on cooperation with other "
                        "conventions, international organizations and initiatives,", verb="Recalling",
                        footnotes=[ParsedFootnote("1", "See also the report of the Bureau on its "
                                                  "meeting held on 2 July 2018.", offset=31)]),
        ParsedParagraph(P, "Noting with appreciation the work of the liaison group of the "
                        "biodiversity-related conventions,", verb="Noting with appreciation"),
        ParsedParagraph(H, "Cooperation with other conventions", number="A.", section="A"),
        ParsedParagraph(O, "Requests the Executive Secretary to continue to cooperate with the "
                        "secretariats of the biodiversity-related conventions in order to:",
                        number="1.", verb="Requests", section="A"),
        ParsedParagraph(O, "Avoid duplication of work;", number="(a)", level=1, section="A"),
        ParsedParagraph(O, "Promote synergies at the national level, including through:",
                        number="(b)", level=1, section="A"),
        ParsedParagraph(O, "National biodiversity strategies and action plans;", number="(i)",
                        level=2, section="A"),
        ParsedParagraph(H, "Draft decision for the Conference of the Parties", part=None),
        ParsedParagraph(O, "Invites Parties to submit their views on the options for enhancing "
                        "synergies;", number="1.", verb="Invites", part=0),
        ParsedParagraph(O, "Decides to consider the matter at its sixteenth meeting.",
                        number="2.", verb="Decides", part=0,
                        footnotes=[ParsedFootnote("*", "To be held in 2022.", offset=None)]),
    ]
    return ParsedDocument(
        symbol="CBD/SBI/2/L.9", title="Cooperation with other conventions, international "
        "organizations and initiatives", body="Subsidiary Body on Implementation",
        session="Second meeting", language="en", kind=DocumentKind.RECOMMENDATION,
        date=dt.date(2018, 7, 12), start_date=dt.date(2018, 7, 9), end_date=dt.date(2018, 7, 13),
        venue="Montreal, Canada", agenda_item="17", source_format="text", paragraphs=paras,
        parts=[ParsedPart(DocumentKind.DRAFT_DECISION, "Draft decision 14/-")])


RU_TEXT = ("ссылаясь на свои предыдущие решения о сотрудничестве с другими конвенциями, "
           "международными организациями и инициативами «в области биоразнообразия»,")
AR_TEXT = "إذ يشير إلى مقرراته السابقة بشأن التعاون مع الاتفاقيات الأخرى،"


def ru_ar_document() -> ParsedDocument:
    return ParsedDocument(
        symbol="CBD/COP/DEC/14/30", title="Сотрудничество с другими конвенциями",
        body="Конференция Сторон Конвенции о биологическом разнообразии", language="ru",
        kind=DocumentKind.DECISION, date=dt.date(2018, 11, 30),
        paragraphs=[ParsedParagraph(P, RU_TEXT, verb="ссылаясь"),
                    ParsedParagraph(O, "просит Исполнительного секретаря представить доклад;",
                                    number="1.", verb="просит"),
                    ParsedParagraph(P, AR_TEXT, verb="إذ يشير")])


# ---------------------------------------------------------------------------
# helpers


def _export(doc: ParsedDocument, tmp_path, name: str = "out.pdf"):
    out = tmp_path / name
    pages = export_pdf(doc, out)
    return out, pages, PdfReader(str(out))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _with_markers(p: ParsedParagraph) -> str:
    """The paragraph's text with its footnote markers where the PDF prints them."""
    text = p.text
    for fn in sorted(p.footnotes, key=lambda f: -(len(p.text) if f.offset is None else f.offset)):
        pos = len(p.text) if fn.offset is None else fn.offset
        text = text[:pos] + fn.marker + text[pos:]
    return text


def _fonts_of(reader: PdfReader) -> list[tuple[str, bool]]:
    found = []
    for page in reader.pages:
        res = page["/Resources"].get_object()
        for _, ref in (res.get("/Font") or {}).items():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font.get("/BaseFont")), embedded))
    return found


def _outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                titles.append(it.title)
    walk(reader.outline)
    return titles


# ---------------------------------------------------------------------------
# fonts


def test_fonts_load_from_resources_only():
    from briefdesk.core.resources import resource_path

    fonts.register_fonts()
    fonts.register_fonts()  # idempotent
    for filename in fonts.FONT_FILES.values():
        assert resource_path("fonts", filename).is_file()
    total = sum(resource_path("fonts", f).stat().st_size for f in fonts.FONT_FILES.values())
    assert total < 8 * 1024 * 1024
    assert (resource_path("fonts", "README.md")).is_file()


@pytest.mark.parametrize("text", [
    "".join(t for _, t in ZH_PREAMBLE + ZH_SECTION_A + ZH_SECTION_B) + "".join(ZH_SUB)
    + "第XIII/24号决定“生物多样性”（2018年）：《关于〈公约〉的宣言》",
    RU_TEXT + " Ёё Щщ № 14/30 — «…»",
    AR_TEXT,
])
def test_every_character_has_a_glyph(text):
    """No tofu: each character's chosen face has it in its TrueType cmap."""
    from reportlab.pdfbase import pdfmetrics

    runs = fonts.split_runs(text)
    assert "".join(r for r, _ in runs) == text
    for run, face in runs:
        cmap = pdfmetrics.getFont(face).face.charToGlyph
        missing = [c for c in run if not c.isspace() and ord(c) not in cmap]
        assert not missing, (face, missing)


def test_font_choice_by_script():
    assert fonts.font_for("生物多样性") == "DroidSansFallback"
    assert fonts.font_for("Конференция") == "NotoSerif-Regular"
    assert fonts.font_for("Conference", italic=True) == "NotoSerif-Italic"
    assert fonts.font_for("مؤتمر", bold=True) == "NotoNaskhArabic-Bold"
    markup = fonts.markup("决定 <14/30> & more")
    assert 'name="DroidSansFallback"' in markup and "&lt;14/30&gt;" in markup and "&amp;" in markup


# ---------------------------------------------------------------------------
# export


def test_chinese_decision(tmp_path):
    doc = zh_document()
    out, pages, reader = _export(doc, tmp_path)
    assert pages == len(reader.pages) > 0
    text = _text(reader)
    flat = _squash(text)
    for p in doc.paragraphs:
        assert _squash(_with_markers(p)) in flat, p.text
        if p.number:
            assert _squash(p.number + _with_markers(p)) in flat
        for fn in p.footnotes:
            assert _squash(fn.text) in flat
    assert "2018年11月17日至29日" in text
    assert "CBD/COP/DEC/14/30" in text
    # no spaces inserted inside a CJK line
    line = next(ln for ln in text.splitlines() if "执行秘书为加强" in ln)
    assert re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", line) is None, line
    titles = _outline_titles(reader)
    assert titles[0] == doc.title
    assert "A. 同其他公约的合作" in titles and "B. 同国际组织和倡议的合作" in titles
    assert all(emb for _, emb in _fonts_of(reader)), _fonts_of(reader)
    assert any("DroidSansFallback" in name for name, _ in _fonts_of(reader))
    meta = reader.metadata
    assert meta.title == doc.title and meta.subject == doc.symbol and meta.creator == "BriefDesk"
    assert _squash(_footer(doc, 1, pages)) == _squash("第 1 页，共 %d 页" % pages)
    assert _squash(_footer(doc, 1, pages)) in _squash(text)  # page furniture in the document's language


def test_english_recommendation_with_part(tmp_path):
    doc = en_document()
    out, pages, reader = _export(doc, tmp_path)
    text = _text(reader)
    norm = " ".join(text.split())
    for p in doc.paragraphs:
        assert " ".join(_with_markers(p).split()) in norm, p.text
        for fn in p.footnotes:
            assert fn.text in norm
    # UN English dates (British order), formatted for the document's language
    assert format_date_range(doc.start_date, doc.end_date, locale="en_GB") in norm
    assert "12 July 2018" in norm
    assert "Agenda item 17" in norm
    assert "Draft decision 14/-" in _outline_titles(reader)
    assert "A. Cooperation with other conventions" in _outline_titles(reader)
    assert all(emb for _, emb in _fonts_of(reader))
    # the verb is set in the italic face
    names = {name for name, _ in _fonts_of(reader)}
    assert any("NotoSerif-Italic" in n for n in names) and any("NotoSerif-Bold" in n for n in names)
    assert f"Page {pages} of {pages}" in norm


def _footer(doc, page: int, pages: int) -> str:
    """The "page N of M" footer as printed on ``doc``: in the document's own language."""
    from briefdesk.core.i18n import translator

    return translator(doc.language)("Page {page} of {pages}").format(page=page, pages=pages)


def test_russian_and_arabic_fonts(tmp_path):
    doc = ru_ar_document()
    out, pages, reader = _export(doc, tmp_path)
    norm = " ".join(_text(reader).split())
    assert " ".join(RU_TEXT.split()) in norm
    found = _fonts_of(reader)
    assert found and all(emb for _, emb in found), found
    names = {name for name, _ in found}
    assert any("NotoNaskhArabic-Bold" in n for n in names)  # the Arabic verb, emphasised
    assert any("NotoSerif-Italic" in n for n in names)  # the Russian verbs
    assert not any("DroidSansFallback" in n for n in names)  # no CJK face for non-CJK text


def test_long_document_footnotes_on_their_page(tmp_path):
    doc = zh_document()
    base = [p for p in doc.paragraphs if p.kind == O and p.level == 0]
    paras = list(doc.paragraphs)
    for i in range(60):
        src = base[i % len(base)]
        fns = [ParsedFootnote(str(10 + i), f"第{i}号脚注：见附属机构的有关建议。", offset=4)] if i % 7 == 0 else []
        paras.append(ParsedParagraph(O, src.text * 2, number=f"{i + 10}.", verb=src.verb,
                                     section="B", footnotes=fns))
    doc.paragraphs = paras
    out, pages, reader = _export(doc, tmp_path)
    assert pages >= 3
    for p in paras:
        for fn in p.footnotes:
            # the footnote text is on the same page as the paragraph's start
            hit = [i for i, pg in enumerate(reader.pages) if _squash(fn.text) in _squash(pg.extract_text())]
            assert len(hit) == 1, fn.text
            marked = _squash(_with_markers(p))[:12]
            assert marked in _squash(reader.pages[hit[0]].extract_text())
    for i in range(pages):
        assert _squash(_footer(doc, i + 1, pages)) in _squash(reader.pages[i].extract_text())


def test_stream_output_and_progress():
    buf = io.BytesIO()
    calls = []
    pages = export_pdf(en_document(), buf, progress=lambda d, t: calls.append((d, t)))
    assert pages == len(PdfReader(io.BytesIO(buf.getvalue())).pages)
    assert calls and calls[-1][0] == calls[-1][1]
    assert all(0 <= d <= t for d, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_cancelled(tmp_path):
    out = tmp_path / "c.pdf"
    with pytest.raises(Cancelled):
        export_pdf(zh_document(), out, abort=lambda: True)
    assert not out.exists()
    count = iter(range(1000))
    with pytest.raises(Cancelled):
        export_pdf(zh_document(), out, abort=lambda: next(count) > 5)
    assert not out.exists()


def test_unwritable_path(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export_pdf(en_document(), tmp_path / "missing" / "x.pdf")
    with pytest.raises(ExportError):
        export_pdf(en_document(), tmp_path)  # a folder
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        export_pdf(en_document(), blocker / "x.pdf")  # parent is a file
    closed = io.BytesIO()
    closed.close()
    with pytest.raises(ExportError):
        export_pdf(en_document(), closed)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.access(ro, os.W_OK):  # running as root: permissions do not bite
            pytest.skip("permissions not enforced for this user")
        with pytest.raises(ExportError, match="permission"):
            export_pdf(en_document(), ro / "x.pdf")
    finally:
        ro.chmod(0o700)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_and_pdftotext_agree(tmp_path):
    out, pages, _ = _export(zh_document(), tmp_path)
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all(" yes " in row.split("Identity-H")[-1] or row.split()[-5] == "yes"
                        for row in rows), listing
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    # every paragraph without a marker comes back whole; all characters come back
    doc = zh_document()
    for p in doc.paragraphs:
        if not p.footnotes:
            assert _squash(p.text) in _squash(text), p.text
    from collections import Counter
    wanted = Counter(_squash("".join(_with_markers(p) for p in doc.paragraphs)))
    got = Counter(_squash(text))
    assert not wanted - got


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["Chinese/75_130_C.xml", "English/75_130_E.xml"])
def test_real_resolution_round_trip(corpus, tmp_path, name):
    """A real GA resolution (23 footnotes) read by the AKN reader comes back whole."""
    from briefdesk.core.readers.akn import read_akn

    path = corpus / "akn" / "ga-75" / name
    if not path.is_file():
        pytest.skip(f"{path} not in this corpus")
    doc = read_akn(path)
    out, pages, reader = _export(doc, tmp_path)
    assert pages == len(reader.pages) > 1
    flat = _squash(_text(reader))
    for p in doc.paragraphs:
        for fn in p.footnotes:
            assert _squash(fn.marker + fn.text) in flat, fn.text
    # the running text, page furniture and footnote areas taken out, reads as the document
    body = ""
    for i, page in enumerate(reader.pages):
        text = _squash(page.extract_text())
        for p in doc.paragraphs:
            for fn in p.footnotes:
                text = text.replace(_squash(fn.marker + fn.text), "")
        text = text.replace(_squash(_footer(doc, i + 1, pages)), "").replace(_squash(doc.symbol), "")
        body += text
    for p in doc.paragraphs:
        assert _squash((p.number or "") + _with_markers(p)) in body, p.text[:60]
    assert all(emb for _, emb in _fonts_of(reader))
    from reportlab.pdfbase import pdfmetrics

    for p in doc.paragraphs:
        for run, face in fonts.split_runs(p.text):
            cmap = pdfmetrics.getFont(face).face.charToGlyph
            assert all(c.isspace() or ord(c) in cmap for c in run), (face, run)


def test_several_agenda_items_are_printed_as_items(tmp_path):
    """A document for several agenda items ("Items 23, 35 and 78 of the provisional agenda")
    prints "Agenda items 23, 35 and 78"; one item stays "Agenda item 3.1"."""
    from dataclasses import replace

    from briefdesk.core.readers.structure import agenda_items

    assert agenda_items("23, 35 and 78") == ["23", "35", "78"]
    assert agenda_items("3.1") == ["3.1"] and agenda_items("4 (b)") == ["4 (b)"]
    several = replace(en_document(), agenda_item="23, 35 and 78")
    _out, _pages, reader = _export(several, tmp_path, "several.pdf")
    assert "Agenda items 23, 35 and 78" in _text(reader)
    one = replace(en_document(), agenda_item="3.1")
    _out, _pages, reader = _export(one, tmp_path, "one.pdf")
    assert "Agenda item 3.1" in _text(reader) and "Agenda items" not in _text(reader)
