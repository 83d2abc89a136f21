"""Internal references in six languages, numbering patterns, brackets and the verb palette (issue 6)."""

from __future__ import annotations

import pytest

from briefdesk.core.drafting import brackets, references
from briefdesk.core.drafting.numbering import Number, number_paragraphs, pattern_of
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.drafting.verbs import LANGUAGES, PALETTE, in_palette, leading_verb
from briefdesk.core.library import Library

PARAS = {"11": 101, "12": 102, "3": 103, "4": 104}
SUBS = {("b", "11"): 201, ("b", None): 202, ("a", None): 203}


def resolve(kind, label, parent):
    if kind == "section":
        return 301 if label == "B" else None
    return PARAS.get(label) if kind == "para" else SUBS.get((label, parent))


NUMBERS = {101: Number("11.", "11"), 102: Number("12.", "12"), 103: Number("3.", "3"), 104: Number("4.", "4"),
           201: Number("(b)", "b"), 202: Number("(b)", "b"), 203: Number("(a)", "a"), 301: Number("B.", "B")}


@pytest.mark.parametrize("text, targets", [
    ("请执行秘书为上文第11段概述的原因继续支持", [101]),
    ("邀请缔约方执行下文第11和12段", [101, 102]),
    ("如上文第11(b)段所述", [101, 201]),
    ("依照上文(b)分段", [202]),
    ("Invites Parties to implement paragraph 11 above;", [101]),
    ("as set out in paragraphs 3 and 4 above", [103, 104]),
    ("referred to in paragraph 11 (b) above", [101, 201]),
    ("in accordance with sub-paragraph (b) above", [202]),
    ("visés au paragraphe 11 ci-dessus", [101]),
    ("mentionnés à l’alinéa b) ci-dessus", [202]),
    ("mencionados en el párrafo 11 supra", [101]),
    ("a que se refiere el apartado a) anterior", [203]),
    ("упомянутых в пункте 11 выше", [101]),
    ("в подпункте b) выше", [202]),
    ("المشار إليها في الفقرة 11 أعلاه", [101]),
    ("依照上文B节", [301]),
    ("the actions in section B below", [301]),
    ("les mesures de la section B ci-dessus", [301]),
])
def test_references_in_six_languages_become_ids_and_render_back(text, targets):
    raw = references.link(text, resolve)
    assert references.targets(raw) == targets
    assert references.render(raw, NUMBERS) == text
    renumbered = {pid: Number(n.printed, str(int(n.bare) + 1)) if n.bare.isdigit() else n
                  for pid, n in NUMBERS.items()}
    if 101 in targets:
        assert "12" in references.render(raw, renumbered).replace("12段", "12").replace("12 ", "12")


def test_plain_numbers_are_not_references():
    for text in ("第XII/6号决定第21段", "decision 14/30, paragraph 11", "2011-2020年", "article 11 above all"):
        assert references.targets(references.link(text, resolve)) == []


def test_offsets_map_between_stored_and_shown_text():
    raw = references.link("see paragraph 11 above and paragraph 3 above.", resolve)
    shown = references.render(raw, NUMBERS)
    for offset in range(len(shown) + 1):
        back = references.to_raw_offset(raw, NUMBERS, offset)
        if shown[offset - 1:offset + 1].isdigit() if 0 < offset < len(shown) else False:
            continue   # inside a rendered number
        assert references.to_shown_offset(raw, NUMBERS, back) == offset


def test_numbering_patterns_from_sources_and_automatic_numbers():
    assert [pattern_of(x) for x in ("1.", "1)", "（a）", "(iv)", "A.")] == ["{n}.", "{n})", "（{a}）", "({i})", "{A}."]

    class P:
        def __init__(self, id, kind, level, numbered=True):
            self.id, self.kind, self.level, self.numbered = id, kind, level, numbered

    paras = [P(1, "preambular", 0, False), P(2, "preambular", 1), P(3, "heading", 0), P(4, "operative", 0),
             P(5, "operative", 1), P(6, "operative", 2), P(7, "operative", 2), P(8, "operative", 1),
             P(9, "heading", 0), P(10, "operative", 0), P(11, "operative", 1)]
    got = {k: v.printed for k, v in number_paragraphs(paras, {"operative": "{n})"}).items()}
    assert got == {2: "(a)", 3: "A.", 4: "1)", 5: "(a)", 6: "(i)", 7: "(ii)", 8: "(b)", 9: "B.", 10: "2)",
                   11: "(a)"}


def test_nested_brackets_and_alternatives():
    text = "Urges [Parties [and other Governments]] to act [Alt 1 now] [Alt 2 by 2030]."
    spans = brackets.parse(text)
    assert [(text[s.start:s.end], len(s.children)) for s in spans] == [
        ("[Parties [and other Governments]]", 1), ("[Alt 1 now]", 0), ("[Alt 2 by 2030]", 0)]
    assert [s.alternative for s in spans] == [None, 1, 2]
    assert brackets.clean(text) == "Urges Parties and other Governments to act now."
    assert brackets.unbalanced("a [b [c] d") == [2]
    assert brackets.alternatives_text(["现在", "到2030年"], "zh") == "[备选案文1 现在] [备选案文2 到2030年]"


def test_palette_has_six_languages_and_is_used_by_the_check():
    assert all(set(v.forms) == set(LANGUAGES) and all(v.forms.values()) for v in PALETTE)
    recalling = next(v for v in PALETTE if v.key == "recalling")
    assert [recalling.form(x) for x in ("en", "zh", "fr", "es", "ru", "ar")] == [
        "Recalling", "回顾", "Rappelant", "Recordando", "Ссылаясь на", "إذ تشير إلى"]
    assert leading_verb("Requests the Executive Secretary to report", "en") == "Requests the Executive Secretary"
    assert leading_verb("请执行秘书编写报告", "zh") == "请执行秘书"
    assert in_palette("Rappelant", "fr") and not in_palette("Demolishes", "en")
    # as official texts set verbs apart (HRC resolutions of the corpus)
    assert all(in_palette(v, "en") for v in ("Guided", "Expressing alarm", "Strongly condemns",
                                              "Requests the Office of the High Commissioner"))
    assert not in_palette("Invite", "en")       # a slip for "Invites" is reported
    assert in_palette("又表示注意到", "zh") and not in_palette("鉴于", "zh")


def test_a_dangling_reference_survives_an_edit_elsewhere_and_comes_back_on_undo(tmp_path):
    library = Library(tmp_path / "lib.sqlite")
    service = DraftService(library)
    d = service.new("decision", "fr", "Coopération", "La Conférence des Parties,")
    first = service.insert_paragraph(d, "Prie la Secrétaire exécutive de faire rapport;").paragraph_id
    second = service.insert_paragraph(d, "Invite les Parties à appliquer le paragraphe 1 ci-dessus.").paragraph_id
    deleted = service.delete_paragraph(first)
    shown = service.paragraph_text(second)
    assert "paragraphe ?? ci-dessus" in shown
    service.set_text(second, shown.replace("Invite les Parties", "Invite instamment les Parties"))
    assert any(p.code == "reference" for p in service.check(d))
    service.apply(deleted.inverse)
    assert service.paragraph_text(second) == "Invite instamment les Parties à appliquer le paragraphe 1 ci-dessus."
    verbs = {p.paragraph_id for p in service.check(d) if p.code == "verb"}
    assert verbs == set()
    odd = service.insert_paragraph(d, "Démolit les obstacles visés au paragraphe 40 ci-dessus;").paragraph_id
    assert [p.message for p in service.check(d) if p.code == "reference" and p.paragraph_id == odd] == [
        "A reference names paragraph 40, which this text does not have."]
    assert odd in {p.paragraph_id for p in service.check(d) if p.code == "verb"}
    library.close()


def test_a_section_reference_follows_when_a_section_is_inserted_before_it(tmp_path):
    library = Library(tmp_path / "lib.sqlite")
    service = DraftService(library)
    d = service.new("decision", "zh", "合作", "缔约方大会，")
    first = service.insert_paragraph(d, "同其他公约的合作", kind="heading").paragraph_id
    service.insert_paragraph(d, "请执行秘书提出报告；")
    service.insert_paragraph(d, "同国际组织的合作", kind="heading")
    citing = service.insert_paragraph(d, "邀请缔约方执行上文A节。").paragraph_id
    service.insert_paragraph(d, "一般事项", kind="heading", before=first)
    assert service.paragraph_text(citing) == "邀请缔约方执行上文B节。"
    assert [p.number for p in service.view(d).paragraphs if p.kind == "heading"] == ["A.", "B.", "C."]
    library.close()
