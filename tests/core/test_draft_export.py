"""Draft exports on the real texts: .docx and AKN round trips through BriefDesk's own readers
(Chinese and English), schema validation, and the PDF as printed (issue 6)."""

from __future__ import annotations


import pytest
from pypdf import PdfReader

from briefdesk.core.drafting.export import export_draft
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.errors import ExportError
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library
from briefdesk.core.readers.akn import read_akn
from briefdesk.core.readers.docx import read_docx
from briefdesk.core.render.draft_akn import draft_to_akn, validate_akn


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """A library with a Chinese draft (000's draft COP decision, edited: a paragraph inserted,
    a sub-paragraph added, a footnote) and an English one (HRC resolution 54/1)."""
    from tests.conftest import corpus_path

    corpus = corpus_path()
    lib = Library(tmp_path_factory.mktemp("lib") / "library.sqlite")
    Importer(lib).import_paths([corpus / "seeds" / "000_c78bdb84fd83cc2b.txt",
                                corpus / "akn" / "hrc-54" / "English" / "A_HRC_RES_54_1E.xml"])
    service = DraftService(lib)
    zh = service.from_document("CBD/SBI/2/10")
    p11 = next(p for p in service.view(zh).paragraphs if p.number == "11.")
    new = service.insert_paragraph(zh, "请执行秘书就上文第10段所述工作编写进展报告：", before=p11.id).paragraph_id
    service.insert_paragraph(zh, "说明各缔约方的意见；", before=p11.id, level=1)
    service.insert_paragraph(zh, "提交执行问题附属机构第三次会议；", before=p11.id, level=1)
    service.add_footnote(new, "CBD/SBI/2/INF/28。", offset=len("请执行秘书就上文第10段所述工作编写进展报告"))
    en = service.from_document("A/HRC/RES/54/1")
    yield lib, service, zh, en
    lib.close()


def _body(parsed, view):
    """Paragraphs of a re-imported file from the body's name on, as (kind, number, level, verb, text)."""
    texts = [p.text for p in parsed.paragraphs]
    start = texts.index(view.snapshot.body_name) + 1
    return [(p.kind.value, p.number, p.level, p.verb, p.text, [(f.text, f.offset) for f in p.footnotes])
            for p in parsed.paragraphs[start:]]


def _expected(view):
    return [(p.kind, p.number, p.level, p.verb, p.text, [(t, o) for _m, t, o in p.footnotes])
            for p in view.paragraphs]


@pytest.mark.parametrize("which", ["zh", "en"])
def test_docx_round_trip_gives_the_same_paragraphs_numbers_and_verbs(drafts, which, tmp_path):
    lib, service, zh, en = drafts
    draft = zh if which == "zh" else en
    out = export_draft(service, draft, tmp_path / "draft.docx")
    view = service.view(draft)
    back = read_docx(out)
    assert back.language == which
    assert _body(back, view) == _expected(view)
    # real Word numbering, not typed numbers
    import zipfile
    document_xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert document_xml.count("<w:numPr>") == sum(1 for p in view.paragraphs if p.number)
    import re
    typed = [p.number for p in view.paragraphs if p.number
             and re.search(rf"<w:t[^>]*>{re.escape(p.number)}", document_xml)]
    assert typed == []                                   # no number is typed into the text
    footnotes = zipfile.ZipFile(out).read("word/footnotes.xml").decode()
    assert footnotes.count("<w:footnote ") == 2 + sum(len(p.footnotes) for p in view.paragraphs)


@pytest.mark.parametrize("which", ["zh", "en"])
def test_akn_round_trip_and_schema(drafts, which, tmp_path):
    lib, service, zh, en = drafts
    draft = zh if which == "zh" else en
    view = service.view(draft)
    assert validate_akn(draft_to_akn(view)) == []
    out = export_draft(service, draft, tmp_path / "draft.xml")
    back = read_akn(out)
    assert back.language == which
    assert back.paragraphs[0].text == view.snapshot.body_name
    assert _body(back, view) == _expected(view)
    # AKN4UN shape: verbs in italic spans, numbered operative paragraphs
    xml = out.read_text(encoding="utf-8")
    assert '<span class="italic">' in xml and "<num>" in xml and "<authorialNote" in xml


def test_round_trip_follows_the_inserted_paragraph_and_its_reference(drafts, tmp_path):
    lib, service, zh, _en = drafts
    back = read_docx(export_draft(service, zh, tmp_path / "d.docx"))
    by_number = {p.number: p for p in back.paragraphs if p.level == 0 and p.number}
    assert by_number["11."].text.startswith("请执行秘书就上文第10段所述工作")
    assert "上文第12段" in by_number["13."].text                               # 000's own paragraph 12
    assert [p.number for p in back.paragraphs if p.level == 1][:2] == ["（a）", "（b）"]


def test_pdf_prints_symbol_numbers_brackets_sponsors_and_pages(drafts, tmp_path):
    lib, service, _zh, en = drafts
    service.set_meta(en, symbol="A/HRC/54/L.16")
    last = service.view(en).paragraphs[-1]
    service.propose(last.id, "insert", len("Decides"), new_text=" to remain actively",
                    sponsors=["Norway", "European Union"])
    service.bracket(last.id, len("Decides to remain "), len("Decides to remain seized"))
    out = export_draft(service, en, tmp_path / "draft.pdf", brackets="compilation", watermark=True)
    reader = PdfReader(str(out))
    text = "\n".join(page.extract_text() for page in reader.pages)
    pages = len(reader.pages)
    assert "A/HRC/54/L.16" in text and "Draft resolution" in text
    assert f"Page {pages} of {pages}" in text
    assert "(#1 Norway, European Union)" in text and "[seized]" in text
    assert "29." in text and "The Human Rights Council," in text
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add((font.get_object()["/BaseFont"], "/FontFile2" in font.get_object().get("/FontDescriptor", {})))
    assert fonts and all(embedded for _name, embedded in fonts)
    clean = PdfReader(str(export_draft(service, en, tmp_path / "clean.pdf", brackets="clean")))
    clean_text = "\n".join(page.extract_text() for page in clean.pages)
    assert "Norway" not in clean_text and "[seized]" not in clean_text


def test_export_refuses_unknown_suffix_and_missing_folder(drafts, tmp_path):
    _lib, service, zh, _en = drafts
    with pytest.raises(ExportError):
        export_draft(service, zh, tmp_path / "draft.odt")
    with pytest.raises(ExportError):
        export_draft(service, zh, tmp_path / "missing" / "draft.pdf")


def test_chinese_pdf_prints_the_renumbered_draft_with_its_footnotes(drafts, tmp_path):
    lib, service, zh, _en = drafts
    service.set_meta(zh, symbol="CBD/SBI/2/L.5")
    out = export_draft(service, zh, tmp_path / "zh.pdf", brackets="all")
    reader = PdfReader(str(out))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "决定草案" in text and "缔约方大会，" in text and "CBD/SBI/2/L.5" in text
    # 000's paragraph 12, now 13 after the insertion, cites the paragraph now numbered 12
    assert "13.请执行秘书和缔约方在现有资源内为上文第12段概述的原因" in text.replace(" ", "")
    assert "（a）" in text and "CBD/SBI/2/INF/28。" in text
    pages = len(reader.pages)
    assert f"第{pages}页，共{pages}页" in text.replace(" ", "")       # the footer, in the draft's language
