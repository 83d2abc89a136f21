"""Aligned comparison of drafts, versions and adopted texts (issue 6)."""

from __future__ import annotations

from pathlib import Path

from briefdesk.core.drafting.compare import compare, document_side, draft_side, inline_diff, load_side
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library


def _id_of(library: Library, source_name: str) -> int:
    with library.sessions() as s:
        from briefdesk.core.models import Document
        return next(d.id for d in s.query(Document) if d.source_name.startswith(source_name))


def test_001_and_003_appendix_3_drafts_align_the_paragraphs_they_share(library, seeds: Path):
    Importer(library).import_paths([seeds / "001_c53eabebd7935b96.txt", seeds / "003_2e68a47e790e60bb.txt"])
    a = document_side(library, _id_of(library, "001"))      # 第**/2017 号决议草案 (appendix 3)
    b = load_side(library, f"#{_id_of(library, '003')}")    # 第.../2013 号决议草案 (appendix 3)
    rows = compare(a, b)
    pairs = {(r.a.number, r.b.number): r for r in rows if r.a and r.b}
    # the body line, and the operative paragraphs the 2017 text carried over from 2013
    body = next(r for r in rows if r.a and r.a.text == "管理机构，")
    assert body.b.text == "管理机构，" and body.status == "same"
    last = pairs[("16)", "11.")]
    assert last.status == "changed"
    assert [(op.tag, op.text) for op in last.ops if op.tag != "equal"] == [("insert", "合作"), ("delete", "的合作")] \
        or {op.text for op in last.ops if op.tag != "equal"} <= {"的", "合作", "的合作"}
    assert ("13)", "10.") in pairs
    # every paragraph of both texts appears exactly once, in B's order for B
    assert sorted(id(r.a) for r in rows if r.a) == sorted(id(p) for p in a.paragraphs)
    assert [r.b for r in rows if r.b] == b.paragraphs
    # unshared paragraphs are marked, not forced into pairs
    assert any(r.status == "deleted" and r.a.number == "1)" for r in rows)
    assert any(r.status == "inserted" and r.b.number == "1." for r in rows)


def test_chinese_is_compared_by_character_others_by_word():
    zh = inline_diff("要求秘书继续汇报合作情况。", "要求秘书每年汇报合作情况。", "zh")
    assert [(o.tag, o.text) for o in zh if o.tag != "equal"] == [("delete", "继续"), ("insert", "每年")]
    en = inline_diff("Requests the Secretary to report annually.", "Requests the Secretary to report biennially.",
                     "en")
    assert [(o.tag, o.text) for o in en if o.tag != "equal"] == [("delete", "annually"), ("insert", "biennially")]


def test_versions_align_by_paragraph_id_and_moves_are_marked(library, corpus: Path):
    Importer(library).import_paths([corpus / "akn" / "hrc-54" / "English" / "A_HRC_RES_54_1E.xml"])
    service = DraftService(library)
    d = service.from_document("A/HRC/RES/54/1")
    service.save_version(d, "as adopted")
    paras = service.view(d).paragraphs
    ops = [p for p in paras if p.kind == "operative" and p.level == 0]
    service.move_paragraph(ops[-1].id, ops[0].id)                    # "Decides to remain seized" first
    changed = ops[3]
    service.set_text(changed.id, changed.text.replace("Requests", "Also requests", 1)
                     if changed.text.startswith("Requests") else "Strongly " + changed.text)
    rows = compare(draft_side(service.snapshot(d, 1)), draft_side(service.snapshot(d)))
    assert len([r for r in rows if r.a and r.b]) == len(paras)
    assert [r.status for r in rows if r.b and r.b.key == ops[-1].id] == ["moved"]
    assert [r.status for r in rows if r.b and r.b.key == changed.id] == ["changed"]
    # other changes are only the numbers of internal references ("paragraph 22 above" → 23), which
    # followed their paragraphs when the last one moved to the top
    others = [r for r in rows if r.status == "changed" and r.b.key != changed.id]
    assert others and all(op.text.isdigit() for r in others for op in r.ops if op.tag != "equal")
    assert sum(r.status == "same" for r in rows) == len(paras) - 2 - len(others)
    assert [r.status for r in service.compare(f"D{d}@1", f"D{d}")] == [r.status for r in rows]
    # the draft against the resolution finally adopted in the library
    adopted = service.compare(f"D{d}", "A/HRC/RES/54/1")
    assert sum(r.status == "same" for r in adopted) >= len(paras) - 3
    assert any(r.status == "changed" and r.a.key == changed.id for r in adopted)
