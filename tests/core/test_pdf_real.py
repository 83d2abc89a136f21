"""The PDF reader on real ODS files (``corpus/real/un-ods``), against structure written by hand.

The expected structure of each file in ``tests/fixtures/real_expected/`` was
written from the page images (``pdftoppm -r 60 -png``, enlarged where the
print was small), not from the reader's output: symbol as printed, kind,
body, session, agenda item, adoption and issue dates, title, and per
paragraph its kind, number, first and last words and footnote markers.

Also here: no text lost (the text layer's letters and digits are those
stored plus those the reader names as page furniture), no page furniture in
any paragraph, the scanned file refused with its reason.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from briefdesk.core.errors import ReadError
from briefdesk.core.readers.pdf import read_pdf

from ..conftest import corpus_path

EXPECTED = Path(__file__).resolve().parent.parent / "fixtures" / "real_expected"
CASES = sorted(p.name for p in EXPECTED.glob("*.json"))
ODS = "real/un-ods"

#: files of real/un-ods with a text layer (all but the three image-only scans)
TEXT_LAYER = [
    "A_35_789-EN.pdf", "A_40_281-EN.pdf", "A_45_155-EN.pdf", "A_45_189-EN.pdf", "A_45_260-EN.pdf",
    "A_45_311-EN.pdf", "A_45_984-EN.pdf", "A_49_230-EN.pdf", "A_53_568-EN.pdf", "A_53_938-EN.pdf",
    "A_80_434-EN.pdf", "A_80_488-EN.pdf", "A_C.4_SR.985-FR.pdf", "A_RES_73_6-EN.pdf", "S_14938-EN.pdf",
    "S_1996_112-EN.pdf", "S_2012_197-EN.pdf", "S_2013_220-EN.pdf", "S_2014_258-EN.pdf",
    "S_2015_246-EN.pdf", "S_2025_257-EN.pdf", "S_2025_317-EN.pdf", "S_2025_378-EN.pdf",
    "S_Agenda_10026-EN.pdf", "S_PV.10011-EN.pdf", "S_PV.4507-EN.pdf", "S_RES_2803_2025-EN.pdf",
    "T_Pet.11_142-EN.pdf",
]
#: the modern ODS files (2012 on): masthead, job number, barcode, running heads, page numbers
MODERN = ["A_80_434-EN.pdf", "A_80_488-EN.pdf", "A_RES_73_6-EN.pdf", "S_2012_197-EN.pdf",
          "S_2013_220-EN.pdf", "S_2014_258-EN.pdf", "S_2015_246-EN.pdf", "S_2025_257-EN.pdf",
          "S_2025_317-EN.pdf", "S_2025_378-EN.pdf", "S_Agenda_10026-EN.pdf", "S_PV.10011-EN.pdf",
          "S_RES_2803_2025-EN.pdf"]


def _ods(name: str) -> Path:
    return corpus_path() / ODS / name


@pytest.mark.parametrize("case", CASES)
def test_structure_as_written_from_the_page_images(case: str) -> None:
    exp = json.loads((EXPECTED / case).read_text(encoding="utf-8"))
    doc = read_pdf(_ods(exp["file"]))
    assert doc.symbol == exp["symbol"]
    assert doc.kind.value == exp["kind"]
    assert doc.body == exp["body"]
    assert doc.session == exp["session"]
    assert doc.agenda_item == exp["agenda_item"]
    assert (doc.date.isoformat() if doc.date else None) == exp["date"]
    assert doc.date_source == exp["date_source"]
    assert (doc.issue_date.isoformat() if doc.issue_date else None) == exp["issue_date"]
    assert doc.title == exp["title"]
    got = [(p.kind.value, p.number, p.text, [f.marker for f in p.footnotes]) for p in doc.paragraphs]
    want = exp["paragraphs"]
    for i, ((kind, number, text, markers), (wkind, wnumber, first, last, wmarkers)) in enumerate(zip(got, want)):
        where = f"paragraph {i} ({text[:60]!r})"
        assert text.startswith(first), where
        assert text.endswith(last), where
        assert (kind, number, markers) == (wkind, wnumber, wmarkers), where
    assert len(got) == len(want)
    notes = {f.marker: f.text for p in doc.paragraphs for f in p.footnotes}
    assert notes == exp.get("footnotes", {})
    assert doc.warnings == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("name", TEXT_LAYER)
def test_no_text_lost(name: str) -> None:
    """Letters and digits of the text layer (poppler's pdftotext, an independent extractor)
    are those stored (paragraph numbers and texts, each footnote marker where it stands and
    each note once) plus those of the lines the reader names as page furniture.  Letters and
    digits rather than words: a hyphen dropped at a line break or a marker run into its word
    changes the words, never the letters."""
    from bench.pdf_real import alnum, kept_alnum

    path = _ods(name)
    furniture: list[str] = []
    doc = read_pdf(path, furniture=furniture)
    layer = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    got = kept_alnum(doc, furniture)
    want = alnum(layer)
    assert want - got == Counter(), "lost"
    assert got - want == Counter(), "added"


_FURNITURE = [
    re.compile(r"Distr\.:\s*General"),
    re.compile(r"\b\d{2}-\d{5}\s*\(E\)"),     # job number
    re.compile(r"\*\d{7}\*"),                  # barcode
    re.compile(r"Please recycle"),
    re.compile(r"^\d{1,3}/\d{1,3}$|\d{1,3}/\d{1,3} \d{2}-\d{5}|\d{2}-\d{5} \d{1,3}/\d{1,3}"),   # page number
    re.compile(r"^_{5,}|_{5,}$"),              # footnote separator
]


@pytest.mark.parametrize("name", MODERN)
def test_no_page_furniture_in_any_paragraph(name: str) -> None:
    doc = read_pdf(_ods(name))
    symbols = {doc.symbol, *(doc.symbol or "").split("–")}
    for p in doc.paragraphs:
        for pat in _FURNITURE:
            assert not pat.search(p.text), (pat.pattern, p.text[:80])
        assert p.text not in symbols, p.text   # a running head
        for f in p.footnotes:
            assert "\ue000" not in p.text and f.text.strip()


def test_footnote_markers_out_of_the_text() -> None:
    doc = read_pdf(_ods("A_RES_73_6-EN.pdf"))
    p = next(p for p in doc.paragraphs if p.text.startswith("Recognizing that the fiftieth"))
    assert p.text.endswith("carry out space activities,")
    assert [(f.marker, f.offset, f.text) for f in p.footnotes] == [
        ("1", p.text.index("activities,", p.text.index("global governance")) + len("activities,"),
         "See A/AC.105/1137.")]
    # the preamble goes on after each footnote block: nothing turns operative before "1."
    first_op = next(i for i, q in enumerate(doc.paragraphs) if q.number == "1.")
    assert all(q.kind.value == "preambular" for q in doc.paragraphs[5:first_op])


@pytest.mark.parametrize("name", ["A_RES_2758_XXVI-RU-scanned.pdf", "A_47_843-EN.pdf", "A_47_892-EN.pdf"])
def test_scanned_file_refused_with_reason(name: str) -> None:
    """Image-only scans (no glyph on any page; pdftotext finds nothing either)."""
    with pytest.raises(ReadError, match="no text layer"):
        read_pdf(_ods(name))


def test_ocr_layer_and_two_columns_read_with_a_warning() -> None:
    """A 1959 French summary record: page images with a text recognition layer, set in two
    columns; read column by column (left column before right), saying so."""
    doc = read_pdf(_ods("A_C.4_SR.985-FR.pdf"))
    assert any("text recognition" in w for w in doc.warnings)
    assert any("two columns" in w for w in doc.warnings)
    text = "\n".join(p.text for p in doc.paragraphs)
    # page 3: the left column's paragraph 13 ends before the right column's next one starts
    assert "T_Pet" not in text
    # the Official Records masthead above the columns (page 1 image: "Nations Unies /
    # ASSEMBLEE GENERALE / QUATORZIEME SESSION / Documents officiels", "QUATRIEME COMMISSION,
    # 985e SEANCE / Vendredi 4 décembre 1959, à 10 h 50 / NEW YORK"), as text recognition read
    # it ("9g5e"); the running heads ("652 Assemblée générale - Quatorzième session - …",
    # "985ème séance - 4 décembre 1959 653"), page 1's foot and the printer's line are furniture
    assert (doc.body, doc.session, doc.date.isoformat(), doc.date_source, doc.title) == (
        "Assemblée générale", "QUATORZIEME SESSION", "1959-12-04", "meeting", "QUATRIEME COMMISSION, 9g5e SEANCE")
    assert not re.search(r"Documents officiels|Quatorzième session - Quatrième|décembre 1959 65\d|77402", text)
    # paragraph 5 goes on over the page break ("… de com-" / "muniquer des renseignements …")
    five = next(p for p in doc.paragraphs if p.number == "5.")
    assert "muniquer des renseignements qui ne peuvent être fournis que volontairement." in five.text


#: files whose text layer is text recognition's, as their page images show: pages scanned in
#: bands (A/35/789, A/40/281, S/14938), Acrobat Capture's recognised words in fonts with the
#: words it was unsure of left as images (A/45/155 … A/45/984), a page image under hidden
#: text (A/C.4/SR.985, T/PET.11/142)
RECOGNISED = ["A_35_789-EN.pdf", "A_40_281-EN.pdf", "A_45_155-EN.pdf", "A_45_189-EN.pdf", "A_45_260-EN.pdf",
              "A_45_311-EN.pdf", "A_45_984-EN.pdf", "A_C.4_SR.985-FR.pdf", "S_14938-EN.pdf", "T_Pet.11_142-EN.pdf"]


@pytest.mark.parametrize("name", TEXT_LAYER)
def test_text_recognition_layer_said(name: str) -> None:
    """Every file whose words come from text recognition says so; no born-digital file does."""
    doc = read_pdf(_ods(name))
    said = any("text recognition" in w for w in doc.warnings)
    assert said == (name in RECOGNISED), doc.warnings


@pytest.mark.parametrize("name,symbol", [
    # T/PET.11/142 (1951): page 1's text layer has no masthead at all, page 2's foot reads
    # "T/P'm.11/142"; A/C.4/SR.985 (1959) prints its symbol at the foot of page 1, read
    # "A/C,4/SR.985". The ODS file names spell them.
    ("T_Pet.11_142-EN.pdf", "T/PET.11/142"),   # as the page prints it, in the UN's case
    ("A_C.4_SR.985-FR.pdf", "A/C.4/SR.985"),
])
def test_symbol_lost_by_text_recognition_taken_from_the_ods_file_name(name: str, symbol: str) -> None:
    from briefdesk.core.importer import read_document

    assert read_pdf(_ods(name)).symbol is None
    doc = read_document(_ods(name))
    assert doc.symbol == symbol
    assert any("file name" in w and symbol in w for w in doc.warnings)
    if name.startswith("T_Pet"):
        # its title line is not in the text layer; specks over the stamp (",,.·..:") are no title
        assert doc.title == ""
    # a file whose symbol is printed keeps the printed one and no such warning
    printed = read_document(_ods("S_RES_2803_2025-EN.pdf"))
    assert printed.symbol == "S/RES/2803 (2025)" and not any("file name" in w for w in printed.warnings)


def test_two_column_verbatim_record_read_column_by_column() -> None:
    doc = read_pdf(_ods("S_PV.4507-EN.pdf"))
    assert any("two columns" in w for w in doc.warnings)
    text = " ".join(p.text for p in doc.paragraphs)
    # page 3 (image): the left column's "In that operation, through the generosity of donors"
    # is read whole before the right column's "This same story of food aid preventing famine"
    a = text.index("In that operation, through the generosity")
    b = text.index("This same story of food aid preventing famine")
    assert a < b
    assert "generosity of donors, we were able to mobilize" in text
    # page 11 (image), the last: both columns end part-way down the page; still read column by
    # column, as the pages before it
    assert any("pages 2–11" in w for w in doc.warnings)
    assert ("I very much hope that Mrs. Bertini’s successor will engage with the Economic and Social "
            "Council to take them forward. The President (spoke in Russian): As we agreed, I will now "
            "suspend the meeting") in text


#: typed documents of 1982–1999 (the masthead "Distr. / GENERAL / symbols / date /
#: ORIGINAL: ENGLISH", the session block in capitals): whose text layer is text recognition's
#: (Acrobat Capture) in all but A/49/230, A/53/568, A/53/938 and S/1996/112
TYPED = ["A_40_281-EN.pdf", "A_45_155-EN.pdf", "A_45_189-EN.pdf", "A_45_260-EN.pdf", "A_45_311-EN.pdf",
         "A_45_984-EN.pdf", "A_49_230-EN.pdf", "A_53_568-EN.pdf", "A_53_938-EN.pdf", "S_14938-EN.pdf",
         "S_1996_112-EN.pdf"]
_TYPED_FURNITURE = [
    re.compile(r"^Distr\.|\bDistr\.\s*GENERAL\b"),
    re.compile(r"\bORIGINAL\W{0,2}\s+[A-Z]{4,}"),
    re.compile(r"\b\d{2}-\d{5}\b.{0,16}\(\s*E\s*\)"),      # job number
    re.compile(r"^Pa[gq]e \d+$|\bEnglish Page \d+\b"),     # running head
    re.compile(r"^-{3,}$"),                                # end mark
]


@pytest.mark.parametrize("name", TYPED)
def test_typed_layout_furniture_in_no_paragraph(name: str) -> None:
    doc = read_pdf(_ods(name))
    assert doc.symbol and doc.issue_date is not None
    for p in doc.paragraphs:
        for pat in _TYPED_FURNITURE:
            assert not pat.search(p.text), (pat.pattern, p.text[:80])


@pytest.mark.parametrize("name,symbol,session,agenda,issued", [
    # written from the page images; the text layer is text recognition's, which misreads the
    # masthead's symbol ("A/45/155J": a tick drawn beside it; "A / 4 5 / 3 1 1") where the
    # running heads of page 2 read it right
    ("A_40_281-EN.pdf", "A/40/281–S/17146", "Fortieth session, Fortieth year", "33", "1985-05-03"),
    ("A_45_155-EN.pdf", "A/45/155–S/21174", "Forty-fifth session, Forty-fifth year", "23, 35 and 78",
     "1990-02-28"),
    ("A_45_260-EN.pdf", "A/45/260–S/21280", "Forty-fifth session, Forty-fifth year", "23 and 77", "1990-04-30"),
    ("A_45_311-EN.pdf", "A/45/311–S/21356", "Forty-fifth session, Forty-fifth year", "23, 35 and 77",
     "1990-06-13"),
    ("S_14938-EN.pdf", "S/14938", "", "", "1982-04-02"),
    # the date of issue typed "2 April 1990", read "2 Aprii 1990" by text recognition
    ("A_45_189-EN.pdf", "A/45/189–S/21225", "Forty-fifth session, Forty-fifth year", "35 and 112",
     "1990-04-02"),
])
def test_typed_masthead_read_through_text_recognition(name, symbol, session, agenda, issued) -> None:
    doc = read_pdf(_ods(name))
    assert (doc.symbol, doc.session, doc.agenda_item, doc.issue_date.isoformat()) == (
        symbol, session, agenda, issued)
    assert doc.body == ("Security Council" if symbol.startswith("S/") else "General Assembly, Security Council")
    if agenda:
        # the typed asterisk after "preliminary list*" carries the note under the page's text
        item = next(p for p in doc.paragraphs if "of the" in p.text and p.text.startswith("Item"))
        assert [f.marker for f in item.footnotes] == ["*"] and "/50" in item.footnotes[0].text.replace(" ", "")
        assert "*" not in item.text


@pytest.mark.parametrize("name,title,session", [
    # page 1 (images): "Security Council / Eightieth year / 10011th meeting", the list of
    # members with dot leaders, then "Agenda" and the item
    ("S_PV.10011-EN.pdf", "Women and peace and security", "Eightieth year"),
    ("S_PV.4507-EN.pdf", "Food aid in the context of conflict settlement: Afghanistan and other crisis areas",
     "Fifty-seventh year"),
])
def test_meeting_record_titled_by_its_agenda_item(name: str, title: str, session: str) -> None:
    doc = read_pdf(_ods(name))
    assert (doc.title, doc.session, doc.body) == (title, session, "Security Council")


def test_report_summary_box_is_not_masthead() -> None:
    """S/2025/317, page 1: the rule closing the masthead is the one under "Original: English";
    the box drawn round the summary below the title is not (title and kind from the page)."""
    doc = read_pdf(_ods("S_2025_317-EN.pdf"))
    assert (doc.title, doc.kind.value) == ("Children and armed conflict in South Sudan", "report")
    assert [p.text for p in doc.paragraphs[:3]] == [
        "Children and armed conflict in South Sudan", "Report of the Secretary-General", "Summary"]


@pytest.mark.parametrize("name,note", [
    # page 1 (image): the masthead's symbol carries the marker ("S/2012/197***"), the note is
    # at the foot of page 1
    ("S_2012_197-EN.pdf", "*** Third reissue for technical reasons (17 April 2012)."),
    ("S_2014_258-EN.pdf", "* Reissued for technical reasons on 15 April 2014."),
    ("S_14938-EN.pdf", "** Second reissue for technical reasons."),
])
def test_reissue_note_on_the_masthead_symbol_kept_without_a_warning(name: str, note: str) -> None:
    doc = read_pdf(_ods(name))
    assert [p.text for p in doc.paragraphs if "reissue" in p.text.lower()] == [note]
    assert not any("could not be attached" in w for w in doc.warnings)


@pytest.mark.parametrize("name,first,last", [
    # page 1 (images): each a paragraph of five or six typed lines, whose text recognition
    # layer parts the lines at a typist's double space after a sentence ("cold blood.  Many")
    ("S_14938-EN.pdf", "Further to the letter of the Permanent Representative", "live in peace with Israel."),
    ("S_14938-EN.pdf", "LETTER DATED 31 MARCH 1982", "THE PRESIDENT OF THE SECURITY OXJNCIL"),
    ("A_45_189-EN.pdf", "From December 1987 to March 1990", "United Nations personnel) is enclosed."),
    # … and over a page break: the typed page is ragged right, and the scanned pages lie at
    # different places (left edges at 68, 48 and 16 points on pages 1–3)
    ("A_45_189-EN.pdf", "These acts are abhorrent within any context", "semi-legitimate"),
    ("A_45_189-EN.pdf", "It would have been appropriate", "preliminary list for the forty-fifth session."),
])
def test_typed_running_text_is_not_cut_at_its_wide_spaces(name: str, first: str, last: str) -> None:
    doc = read_pdf(_ods(name))
    para = next(p for p in doc.paragraphs if p.text.startswith(first))
    assert last in para.text, para.text[:200]


def test_typed_french_masthead_whose_original_line_recognition_lost() -> None:
    """A/35/789 (1980, French, typed): the page image prints "Distr. GENERALE / A/35/789 /
    S/14314 / 29 décembre 1980 / FRANCAIS / ORIGINAL : ANGLAIS/FRANCAIS"; its text layer
    kept only "Distr. GENXRALE" and "FRANCELIS" of it. The masthead still ends where the
    session block opens ("ASSEMBLEE GENERALE" left, "CONSEIL DE SECURITE" right), the symbols
    come from the running heads in their printed order, the title is the centred line."""
    doc = read_pdf(_ods("A_35_789-EN.pdf"))
    assert (doc.symbol, doc.session, doc.title) == (
        "A/35/789–S/14314", "Trente-cinquième session, Trente-cinquième année",
        "Notices biographiques des candidats présentés par des groupes nationaux")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "GENXRALE" not in text and "FRANCELIS" not in text
    assert doc.paragraphs[0].text.startswith("ASSEMBLEE")   # the session block opens the text
