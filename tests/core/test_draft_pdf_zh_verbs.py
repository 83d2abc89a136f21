"""Chinese verbs as the UN prints them (issue 15, point 7): in 楷体 (AR PL UKai, embedded),
with no space after them, in the draft PDF."""

from __future__ import annotations

from pypdf import PdfReader

from briefdesk.core.drafting.export import export_draft
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library
from briefdesk.core.render.fonts import KAI, kai_markup


def test_kai_markup_sets_han_in_kai_and_digits_elsewhere():
    marked = kai_markup("回顾第14/1号")
    assert f'<font name="{KAI}">回顾</font>' in marked and "14/1" in marked
    assert f'<font name="{KAI}">14' not in marked


def test_chinese_draft_pdf_sets_verbs_in_kai_without_a_space(tmp_path, seeds):
    lib = Library(tmp_path / "lib.sqlite")
    try:
        Importer(lib).import_paths([seeds / "000_c78bdb84fd83cc2b.txt"])
        service = DraftService(lib)
        draft = service.from_document("CBD/SBI/2/10")
        p12 = next(p for p in service.view(draft).paragraphs if p.number == "12.")
        out = export_draft(service, draft, tmp_path / "d.pdf")
        reader = PdfReader(str(out))
        text = "".join(page.extract_text() for page in reader.pages)
        flat = "".join(text.split())
        assert p12.verb == "请" and "请执行秘书和缔约方在现有资源内" in text   # no space after the verb
        assert "请 执行秘书" not in text and "回顾 " not in text
        assert "12.请执行秘书" in flat
        fonts = {f.get_object()["/BaseFont"] for page in reader.pages
                 for f in (page["/Resources"].get("/Font") or {}).values()}
        assert any("UKai" in str(name) for name in fonts)     # AR PL UKai CN, embedded as a subset
    finally:
        lib.close()
