"""DraftService on the real texts: drafts from the library, numbering, references, undo, brackets,
amendments and versions (issue 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefdesk.core.drafting.check import check
from briefdesk.core.drafting.service import DraftError, DraftService
from briefdesk.core.drafting.snapshot import DraftSnapshot
from briefdesk.core.errors import NotFound
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library


@pytest.fixture
def library(backend):
    lib = Library(backend)
    yield lib
    lib.close()


@pytest.fixture
def seeded(library, seeds: Path):
    Importer(library).import_paths([seeds])
    return library


def by_number(service: DraftService, draft_id: int, number: str):
    return next(p for p in service.view(draft_id).paragraphs if p.number == number)


def test_draft_from_000_keeps_source_body_numbers_and_verbs(seeded):
    service = DraftService(seeded)
    draft = service.from_document("CBD/SBI/2/10")   # the draft COP decision of paragraph 7
    snap = service.snapshot(draft)
    source = seeded.parsed("CBD/SBI/2/10")
    embedded = [p for p in source.paragraphs if p.part == 1]
    assert snap.body_name == "缔约方大会，"
    assert "CBD/SBI/2/10" in snap.source_label
    shown = service.view(draft).paragraphs
    # every paragraph of the embedded decision but the body line, with the numbers it printed
    assert [p.number for p in shown] == [p.number for p in embedded[1:]]
    assert [p.text for p in shown] == [p.text for p in embedded[1:]]
    assert [p.verb for p in shown] == [p.verb for p in embedded[1:]]
    assert sum(len(p.footnotes) for p in shown) == sum(len(p.footnotes) for p in embedded)


def test_reference_follows_its_paragraph_when_a_paragraph_is_inserted_before_11(seeded):
    service = DraftService(seeded)
    draft = service.from_document("CBD/SBI/2/10")
    # in 000's draft decision, operative paragraph 12 cites 上文第11段
    citing = by_number(service, draft, "12.")
    assert "上文第11段" in citing.text
    cited = by_number(service, draft, "11.")
    change = service.insert_paragraph(draft, "请执行秘书编写一份进展报告；", before=cited.id)
    assert by_number(service, draft, "11.").id == change.paragraph_id
    assert by_number(service, draft, "12.").id == cited.id          # the cited paragraph is now 12
    now = by_number(service, draft, "13.")
    assert now.id == citing.id and "上文第12段" in now.text and "第11段" not in now.text
    # undo puts the number back
    service.apply(change.inverse)
    assert "上文第11段" in service.paragraph_text(citing.id)
    # and paragraph 24 still cites 23, which it followed
    assert "上文第23段" in by_number(service, draft, "24.").text


def test_references_in_english_follow_moves_and_become_dangling_on_delete(library):
    service = DraftService(library)
    d = service.new("decision", "en", "Cooperation", "The Conference of the Parties,")
    first = service.insert_paragraph(d, "Requests the Executive Secretary to report;").paragraph_id
    second = service.insert_paragraph(d, "Invites Parties to submit views on the matters listed "
                                         "in paragraph 1 above;").paragraph_id
    sub_a = service.insert_paragraph(d, "on finance;", level=1).paragraph_id
    service.insert_paragraph(d, "on capacity, as set out in sub-paragraph (a) above.", level=1)
    service.move_paragraph(second, first)      # "Invites" (with its sub-paragraphs) moves to the top
    assert service.paragraph_text(second).endswith("paragraph 2 above;")
    last = service.view(d).paragraphs[-1]
    assert last.number == "2." and last.verb == "Requests the Executive Secretary"
    deleted = service.delete_paragraph(first)
    assert "paragraph ?? above" in service.paragraph_text(second)
    assert any(p.code == "reference" for p in service.check(d))
    service.apply(deleted.inverse)
    assert service.paragraph_text(second).endswith("paragraph 2 above;")
    assert sub_a in [p.id for p in service.view(d).paragraphs if p.number == "(a)"]


def test_split_merge_and_their_inverses_keep_ids_and_footnotes(library):
    service = DraftService(library)
    d = service.new("resolution", "en", "T", "The General Assembly,")
    pid = service.insert_paragraph(d, "Decides to convene a meeting; Requests the Secretary-General "
                                      "to report.").paragraph_id
    service.add_footnote(pid, "See A/75/1.", offset=len("Decides to convene a meeting; Requests the Secretary"))
    split = service.split_paragraph(pid, len("Decides to convene a meeting;"))
    second = split.paragraph_id
    assert service.paragraph_text(pid) == "Decides to convene a meeting;"
    assert service.paragraph_text(second) == "Requests the Secretary-General to report."
    view = service.view(d).paragraphs
    assert [p.number for p in view] == ["1.", "2."] and view[1].verb == "Requests the Secretary-General"
    assert view[1].footnotes[0][1:] == ("See A/75/1.", len("Requests the Secretary"))
    merged = service.apply(split.inverse)
    assert len(service.view(d).paragraphs) == 1
    redone = service.apply(merged.inverse)
    assert redone.paragraph_id == second
    assert service.view(d).paragraphs[1].footnotes[0][2] == len("Requests the Secretary")


def test_brackets_alternatives_and_views(library):
    service = DraftService(library)
    d = service.new("decision", "en", "T", "The Conference of the Parties,")
    pid = service.insert_paragraph(d, "Urges Parties to mobilize resources from all sources.").paragraph_id
    text = service.paragraph_text(pid)
    service.add_alternatives(pid, text.index("from all sources"), len(text) - 1, ["from public sources"])
    text = service.paragraph_text(pid)
    assert text == "Urges Parties to mobilize resources [Alt 1 from all sources] [Alt 2 from public sources]."
    service.bracket(pid, text.index("mobilize"), text.index("mobilize") + len("mobilize"))
    all_view = service.view(d, "all").paragraphs[0].text
    assert "[mobilize]" in all_view and "[Alt 2 from public sources]" in all_view
    assert service.view(d, "clean").paragraphs[0].text == "Urges Parties to mobilize resources from all sources."
    assert not [p for p in service.check(d) if p.code == "brackets"]


def test_two_amendments_by_different_parties_appear_in_the_compilation_with_their_sponsors(seeded):
    service = DraftService(seeded)
    draft = service.from_document("CBD/SBI/2/10")
    target = by_number(service, draft, "10.")
    text = target.text
    span = "非正式咨询小组的工作成果"
    start = text.index(span)
    a = service.propose(target.id, "replace", start, start + len(span), "非正式咨询小组的报告",
                        sponsors=["中国"], comment="更准确").amendment_id
    b = service.propose(target.id, "delete", start, start + len(span), sponsors=["挪威", "欧洲联盟"]).amendment_id
    c = service.propose(target.id, "insert", len(text) - 1, new_text="，并提出报告", sponsors=["巴西"]).amendment_id
    compiled = next(p for p in service.view(draft, "compilation").paragraphs if p.id == target.id)
    assert f"[{span}]" in compiled.text
    assert "[非正式咨询小组的报告]（#1 中国）" in compiled.text
    assert "（#2 删除：挪威、欧盟）" in compiled.text   # stored as NOR, EU; printed by CLDR's Chinese names
    assert "[，并提出报告]（#3 巴西）" in compiled.text
    assert {r.amendment_id for r in compiled.runs if r.role == "sponsors"} == {a, b, c}
    # the clean and all views show the text as it stands
    assert next(p for p in service.view(draft, "all").paragraphs if p.id == target.id).text == text
    # accept one, reject the others → Rev.1 carries the accepted text
    service.accept(a)
    service.reject(b)
    service.reject(c)
    info = service.save_version(draft, "after the contact group")
    assert info.label == "Rev.1"
    rev1 = service.view(draft, "compilation", version=1).paragraphs
    assert "非正式咨询小组的报告；" in next(p for p in rev1 if p.id == target.id).text
    assert [x.status for x in service.amendments(draft)] == ["accepted", "rejected", "rejected"]


def test_undo_of_accept_restores_text_and_status(library):
    service = DraftService(library)
    d = service.new("decision", "en", "T", "The Conference of the Parties,")
    pid = service.insert_paragraph(d, "Requests the Executive Secretary to report.").paragraph_id
    aid = service.propose(pid, "insert", len("Requests the Executive Secretary"), new_text=", within available "
                          "resources,", sponsors=["Canada"]).amendment_id
    accepted = service.accept(aid)
    assert service.paragraph_text(pid) == "Requests the Executive Secretary, within available resources, to report."
    service.apply(accepted.inverse)
    assert service.paragraph_text(pid) == "Requests the Executive Secretary to report."
    assert service.amendments(d)[0].status == "proposed"
    withdrawn = service.withdraw(aid)
    assert service.amendments(d) == []
    service.apply(withdrawn.inverse)
    assert service.amendments(d)[0].sponsors == ["CAN"]   # "Canada" stored as its code
    with pytest.raises(DraftError):
        service.propose(pid, "insert", 0, new_text="x", sponsors=[])


def test_check_lists_the_conventions_broken(library):
    service = DraftService(library)
    d = service.new("decision", "zh", "测试", "缔约方大会，")
    pre = service.insert_paragraph(d, "回顾其第XIII/24号决定。", kind="preambular").paragraph_id
    op1 = service.insert_paragraph(d, "请执行秘书编写报告；").paragraph_id
    odd = service.insert_paragraph(d, "希望各方努力；", numbered=False).paragraph_id
    service.insert_paragraph(d, "敦促缔约方执行上文第1段；")
    problems = service.check(d)
    codes = {(p.paragraph_id, p.code) for p in problems}
    assert (pre, "punctuation") in codes                          # preambular ends with 。 not ，
    assert (odd, "numbering") in codes                            # an unnumbered operative paragraph
    assert any(p.code == "punctuation" and p.number == "2." for p in problems)   # last ends with ；
    assert not any(pid == op1 for pid, _ in codes)
    assert check(DraftSnapshot.from_json(service.snapshot(d).to_json())) == problems


def test_versions_freeze_snapshots_and_unknown_refs_raise(library):
    service = DraftService(library)
    d = service.new("resolution", "en", "T", "The Human Rights Council,")
    pid = service.insert_paragraph(d, "Decides to remain seized of the matter.").paragraph_id
    service.save_version(d, "first")
    service.set_text(pid, "Decides to continue its consideration of the matter.")
    service.save_version(d, "second")
    assert [v.label for v in service.versions(d)] == ["Rev.1", "Rev.2"]
    a = service.propose(pid, "replace", len("Decides to "), len("Decides to continue"), "pursue",
                        sponsors=["Cuba"]).amendment_id
    b = service.propose(pid, "insert", len("Decides"), new_text=" also", sponsors=["Chile", "Peru"]).amendment_id
    rev3 = service.next_revision(d, {a: True, b: False}, note="after informals")
    assert (rev3.label, rev3.note) == ("Rev.3", "after informals")
    assert service.view(d, version=3).paragraphs[0].text == "Decides to pursue its consideration of the matter."
    assert service.view(d, version=2).paragraphs[0].text.startswith("Decides to continue")
    assert service.view(d, version=1).paragraphs[0].text == "Decides to remain seized of the matter."
    assert service.resolve(f"D{d}") == d
    with pytest.raises(NotFound):
        service.snapshot(d, version=4)
    with pytest.raises(NotFound):
        service.resolve("D999")


def test_footnote_markers_follow_their_text_through_edits_brackets_and_accept_and_undo(library):
    service = DraftService(library)
    d = service.new("decision", "en", "T", "The Conference of the Parties,")
    text = "Welcomes the report of the informal advisory group on synergies;"
    pid = service.insert_paragraph(d, text).paragraph_id
    service.add_footnote(pid, "CBD/SBI/2/INF/28.", offset=text.index(" on synergies"))

    def marker_follows() -> str:
        p = service.view(d).paragraphs[0]
        return p.text[:p.footnotes[0][2]]

    assert marker_follows().endswith("advisory group")
    edit = service.set_text(pid, "Also welcomes the report of the informal advisory group on synergies;")
    assert marker_follows().endswith("advisory group")
    service.bracket(pid, len("Also welcomes the "), len("Also welcomes the report"))
    assert marker_follows().endswith("advisory group")
    shown = service.paragraph_text(pid)
    aid = service.propose(pid, "replace", shown.index("informal"), shown.index("informal") + len("informal"),
                          "intersessional", sponsors=["Mexico"]).amendment_id
    accepted = service.accept(aid)
    assert marker_follows() == "Also welcomes the [report] of the intersessional advisory group"
    service.apply(accepted.inverse)
    assert marker_follows() == "Also welcomes the [report] of the informal advisory group"
    service.apply(edit.inverse)      # the first edit's undo restores its text and offsets exactly
    assert service.paragraph_text(pid) == text
    assert service.view(d).paragraphs[0].footnotes[0][2] == text.index(" on synergies")


def test_marking_a_shorter_verb_keeps_every_word(tmp_path):
    """Choosing "Requests" for a paragraph whose leading phrase is "Requests the Executive
    Secretary" moves the mark only; choosing another verb replaces the phrase (undoably)."""
    library = Library(tmp_path / "library.sqlite")
    service = DraftService(library)
    d = service.new("decision", "en", "T", "The Conference of the Parties,")
    text = "Requests the Executive Secretary to prepare a report"
    pid = service.insert_paragraph(d, text, verb="Requests the Executive Secretary").paragraph_id
    assert service.snapshot(d).paragraphs[0].verb == "Requests the Executive Secretary"
    service.set_verb(pid, "Requests")
    p = service.snapshot(d).paragraphs[0]
    assert (p.text, p.verb) == (text, "Requests")
    change = service.set_verb(pid, "Invites")
    assert service.paragraph_text(pid) == "Invites the Executive Secretary to prepare a report"
    service.apply(change.inverse)
    assert service.paragraph_text(pid) == text
    library.close()


def test_a_deletion_ending_in_a_space_does_not_glue_its_sponsors_to_the_next_word(tmp_path):
    library = Library(tmp_path / "library.sqlite")
    service = DraftService(library)
    d = service.new("decision", "en", "T", "The Conference of the Parties,")
    text = "Decides to establish an expert group with temporary terms of reference"
    pid = service.insert_paragraph(d, text).paragraph_id
    start = text.index("an expert")
    service.propose(pid, "delete", start, text.index("with"), sponsors=["NOR", "ISL"])
    compiled = service.view(d, "compilation").paragraphs[0].text
    assert "[an expert group ] (#1 delete: Norway, Iceland) with temporary" in compiled
    library.close()


def test_spaces_typed_around_an_inserted_text_go_outside_its_brackets(library):
    """An insertion typed as " and in all six languages" prints "[and in all six languages]"
    after one space, as a compilation sets it; the amendment keeps the text as typed."""
    service = DraftService(library)
    d = service.new("resolution", "en", "T", "The General Assembly,")
    pid = service.insert_paragraph(d, "Requests the Secretary-General to publish the report.").paragraph_id
    at = len("Requests the Secretary-General to publish the report")
    aid = service.propose(pid, "insert", at, new_text=" and in all six languages", sponsors=["EU"]).amendment_id
    compiled = service.view(d, "compilation").paragraphs[0].text
    assert "publish the report [and in all six languages] (#1 " in compiled
    assert "[ and" not in compiled
    assert next(a for a in service.amendments(d) if a.id == aid).new_text == " and in all six languages"
