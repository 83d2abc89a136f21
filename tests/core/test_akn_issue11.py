"""Issue 11, point 4: the AKN defects found on later sessions, each on a file with the pattern."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefdesk.core.document import ParagraphKind
from briefdesk.core.readers.akn import read_akn
from briefdesk.core.readers.verbs import verb_role

P, O, H = ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE, ParagraphKind.HEADING


def _ga78(corpus: Path, lang: str, name: str):
    return read_akn(corpus / "akn" / "ga-78" / lang / name)


def _from(doc, start: str, n: int):
    i = next(i for i, p in enumerate(doc.paragraphs) if p.text.startswith(start))
    return doc.paragraphs[i:i + n]


@pytest.mark.parametrize("lang, suffix, intro", [
    ("English", "E", "Convinced that the Convention"), ("French", "F", "Convaincue que"),
    ("Spanish", "S", "Convencida de que"), ("Russian", "R", "будучи убеждена"),
    ("Arabic", "A", "واقتناعا منها"), ("Chinese", "C", "深信在生效26年后")])
def test_preamble_container_list_is_kept(corpus: Path, lang: str, suffix: str, intro: str) -> None:
    """78/29: ``<container><blockList>`` in the preamble — the introduction ending with a colon
    and its items (a)–(e) were dropped whole; now a preambular paragraph and five
    preambular sub-paragraphs, before the next preambular paragraph."""
    doc = _ga78(corpus, lang, f"A_RES_78_29-2324537{suffix}.xml")
    run = _from(doc, intro, 7)
    assert [(p.kind, p.level) for p in run] == [(P, 0)] + [(P, 1)] * 5 + [(P, 0)]
    assert run[0].text.rstrip().endswith((":", "："))
    assert all(p.number for p in run[1:6])
    if lang == "English":
        assert run[1].text == "International peace and security,"
        assert run[6].text.startswith("Noting the efforts")


def test_preamble_list_with_paragraph_one_is_operative(corpus: Path) -> None:
    """78/254 A–C C: ``正式决定，对于2024年：`` and item ``1.`` in a preamble container list: the
    lead-in and operative paragraph 1 (its text was lost), as the other languages print them."""
    doc = _ga78(corpus, "Chinese", "A_RES_78_254AC-2326242C.xml")
    run = _from(doc, "正式决定，对于2024年：", 2)
    assert [(p.kind, p.number, p.level) for p in run] == [(O, None, 0), (O, "1.", 0)]
    assert run[1].text == "核准批款共计3 588 431 600美元，用于下列用途："
    english = read_akn(corpus / "akn" / "ga-78" / "English" / "A_RES_78_254AC-2326242E.xml")
    assert [p.number for p in english.paragraphs if p.kind is O and p.level == 0][:1] == [None]
    doc = _ga78(corpus, "Chinese", "A_RES_78_256-2326250C.xml")
    run = _from(doc, "正式决定：", 6)
    assert [(p.kind, p.number, p.level) for p in run] == [
        (O, None, 0), (O, "1.", 0), (O, "2.", 0), (O, "3.", 0), (O, "(a)", 1), (O, "(b)", 1)]


def test_last_preamble_list_with_operative_lead_in(corpus: Path) -> None:
    """78/80 B C: the preamble's last container list ``敦促…：`` (a)–(e) is operative paragraph
    ``Urges …:`` and its sub-paragraphs, as the English ``<mainBody>`` has it."""
    doc = _ga78(corpus, "Chinese", "A_RES_78_80AB-2324937C.xml")
    run = _from(doc, "敦促所有国家", 6)
    assert [(p.kind, p.level) for p in run] == [(O, 0)] + [(O, 1)] * 5
    english = read_akn(corpus / "akn" / "ga-78" / "English" / "A_RES_78_80AB-2324937E.xml")
    assert [(p.kind, p.level) for p in _from(english, "Urges all countries", 2)] == [(O, 0), (O, 1)]


def test_section_label_in_a_p_and_subheading(corpus: Path) -> None:
    """78/253 E: ``<section><p><num>I</num></p><subheading>…</subheading>``: the subheading
    was lost; 78/69 E: ``<paragraph><p><num>XIII</num></p></paragraph>``: the label was lost."""
    doc = _ga78(corpus, "English", "A_RES_78_253-2326236E.xml")
    [head, recalling] = _from(doc, "Enterprise resource planning project, Umoja", 2)
    assert (head.kind, head.number, head.section) == (H, "I", "I")
    assert recalling.kind is P and recalling.section == "I"
    doc = _ga78(corpus, "English", "A_RES_78_69-2324917E.xml")
    [head, para] = _from(doc, "Regional cooperation", 2)
    assert (head.kind, head.number) == (H, "XIII")
    assert (para.kind, para.number, para.section) == (O, "333.", "XIII")


def test_number_printed_alone_stays_before_the_heading(corpus: Path) -> None:
    """78/128 A: ``12 -`` with empty content, then the annex heading: the number stays where it
    is printed (it was moved after the heading)."""
    doc = _ga78(corpus, "Arabic", "A_RES_78_128-2325871A.xml")
    i = next(i for i, p in enumerate(doc.paragraphs) if p.text == "المرفق الثاني")
    assert doc.paragraphs[i - 1].number == "12 -" and doc.paragraphs[i - 1].text == ""
    assert doc.paragraphs[i - 2].number == "11 -"


def test_subheading_before_num(fixtures: Path) -> None:
    """A ``<subheading>`` placed before ``<num>`` (later sessions; the corpus has none, so a
    hand-written fixture): a heading of its own, and the paragraph keeps its number and stays
    operative (it was numbered as a heading and the paragraph became a heading)."""
    doc = read_akn(fixtures / "akn" / "subheading_before_num.xml")
    assert [(p.kind, p.number, p.text) for p in doc.paragraphs[2:]] == [
        (H, None, "Financing of the Mission"),
        (O, "1.", "Decides to appropriate the amount requested;"),
        (H, None, "Reporting"),
        (O, "2.", "Requests the Secretary-General to report at its next session."),
    ]
    assert doc.warnings == []


def test_collection_takes_date_and_language_from_components(fixtures: Path, corpus: Path) -> None:
    """A multi-part collection (``A/RES/99/236 A-B``) whose own ``<meta>`` names neither the
    adoption date nor the language takes them from its components."""
    doc = read_akn(fixtures / "akn" / "collection_meta_in_components.xml")
    assert (doc.symbol, doc.date, doc.language) == ("A/RES/99/236 A-B", dt.date(2031, 12, 22), "fr")
    for lang, code in [("English", "en"), ("Chinese", "zh"), ("Arabic", "ar")]:
        real = _ga78(corpus, lang, f"A_RES_78_80AB-2324937{lang[0]}.xml")
        assert (real.symbol, real.date, real.language) == ("A/RES/78/80 A-B", dt.date(2023, 12, 7), code)


def test_footnote_links_are_kept(corpus: Path) -> None:
    """``<a href>`` inside an ``<authorialNote>`` is kept on the footnote, with its span (78/253 E
    note 1: ``A/78/505``); over a whole file, as many as the XML has."""
    path = corpus / "akn" / "ga-78" / "English" / "A_RES_78_253-2326236E.xml"
    doc = read_akn(path)
    note = next(f for p in doc.paragraphs for f in p.footnotes if f.marker == "1")
    assert note.text == "A/78/505."
    assert note.links == [(0, 8, "https://undocs.org/en/A/78/505")]
    kept = sum(len(f.links) for p in doc.paragraphs for f in p.footnotes)
    xml = path.read_text(encoding="utf-8")
    import re
    in_notes = sum(n.count("<a href=") for n in re.findall(r"<authorialNote.*?</authorialNote>", xml, re.DOTALL))
    assert kept == in_notes > 50
    for p in doc.paragraphs:
        for f in p.footnotes:
            for start, end, href in f.links:
                assert 0 <= start < end <= len(f.text)


@pytest.mark.parametrize("text, lang, role", [
    ("Approuve le budget", "fr", "operative"), ("Confirme que", "fr", "operative"),
    ("Approuvant le budget", "fr", "preambular"), ("Est consciente que", "fr", "operative"),
    ("Se déclare profondément préoccupée", "fr", "operative"), ("Se félicitant de", "fr", "preambular"),
    ("Déclarant que", "fr", "preambular"), ("Désireuse de", "fr", "preambular"),
    ("Persuadée que", "fr", "preambular"), ("Tout en réaffirmant", "fr", "preambular"),
    ("Reiterating its call", "en", "preambular"), ("Recalls its resolution", "en", "operative"),
    ("Conocedora de", "es", "preambular"), ("Decepcionada por", "es", "preambular"),
    ("Comprometiéndose a", "es", "preambular"), ("Aprueba el", "es", "operative"),
    ("Invita a", "es", "operative"),
])
def test_verb_role_forms(text: str, lang: str, role: str) -> None:
    """Verb forms that were misread (``Reiterating its`` as operative, ``Est consciente`` and
    ``Se déclare … préoccupée`` as preambular, ``Conocedora`` as operative)."""
    assert verb_role(text, lang) == role


def test_heading_style_on_a_numbered_sentence_is_operative(corpus: Path) -> None:
    """78/34 A: ``<paragraph class="TitleH1"><num>7 -</num>`` holding ``تقرر أن تدرج …`` is
    operative paragraph 7, as printed and as the other languages mark it (it was a heading)."""
    doc = _ga78(corpus, "Arabic", "A_RES_78_34-2324534A.xml")
    last = doc.paragraphs[-1]
    assert (last.kind, last.number, last.verb) == (O, "7 -", "تقرر")
    english = _ga78(corpus, "English", "A_RES_78_34-2324534E.xml")
    assert [p.number for p in english.paragraphs if p.kind is O][-1] == "7."


def test_preamble_line_without_sentence_end_is_a_heading(corpus: Path) -> None:
    """78/149 E: ``Countries in special situations`` (bold) and ``* * *`` set as preamble
    ``<p>``s are headings, not preambular paragraphs."""
    doc = _ga78(corpus, "English", "A_RES_78_149-2325913E.xml")
    [head] = [p for p in doc.paragraphs if p.text == "Countries in special situations"]
    assert head.kind is H
    assert [p.kind for p in doc.paragraphs if p.text == "* * *"] == [H]
