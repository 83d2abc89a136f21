"""CBD decisions, Security Council resolutions and ITPGRFA resolutions recognised by their mastheads.

The corpus has no CBD or ITPGRFA PDF: these PDFs are MADE, NOT REAL, set by
``tests/fixtures/published_pdfs.py`` (reportlab) in the published layouts
(symbol, date of issue and ``Original:`` top right above a rule; the adoption
line; the decision or resolution line; footnotes under a short rule; running
heads and page numbers).  The real Security Council resolution of the corpus
(S/RES/2803 (2025)) is tested in ``test_pdf_real.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefdesk.core.document import DocumentKind, ParagraphKind
from briefdesk.core.readers.pdf import read_pdf

pytest.importorskip("reportlab")

from ..fixtures.published_pdfs import cbd_decision, itpgrfa_resolution, sc_resolution  # noqa: E402


def _kinds(doc) -> list[tuple[str, str | None]]:
    return [(p.kind.value, p.number) for p in doc.paragraphs
            if p.kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE)]


def test_cbd_decision(tmp_path: Path) -> None:
    furniture: list[str] = []
    doc = read_pdf(cbd_decision(tmp_path / "cbd.pdf"), furniture=furniture)
    assert doc.symbol == "CBD/COP/DEC/15/99"
    assert doc.kind == DocumentKind.DECISION
    assert doc.body == "Conference of the Parties to the Convention on Biological Diversity"
    assert doc.session == "Fifteenth meeting"
    assert doc.agenda_item == "9"
    assert doc.title == "Cooperation with other conventions"
    assert doc.issue_date == dt.date(2022, 12, 19) and doc.date == dt.date(2022, 12, 19)
    assert _kinds(doc) == [("preambular", None)] * 4 + [("operative", "1."), ("operative", "2."),
                                                         ("operative", "3.")]
    rec = next(p for p in doc.paragraphs if p.text.startswith("Recalling decision 14/30"))
    assert [(f.marker, f.text) for f in rec.footnotes] == [("1", "See CBD/COP/DEC/14/30.")]
    assert rec.text.endswith("adopted in that decision,")
    noting = next(p for p in doc.paragraphs if p.text.startswith("Noting the report"))
    assert [(f.marker, f.text) for f in noting.footnotes] == [("2", "CBD/SBI/3/10.")]
    # paragraph 3 runs over the page break whole; running head and page numbers are furniture
    assert doc.paragraphs[-1].text.endswith("at its sixteenth meeting.")
    assert {"CBD/COP/DEC/15/99", "Page 1", "Page 2"} <= set(furniture)
    assert not any(p.text.startswith(("Page ", "CBD/COP/DEC/")) for p in doc.paragraphs)
    assert doc.warnings == []


def test_security_council_resolution(tmp_path: Path) -> None:
    furniture: list[str] = []
    doc = read_pdf(sc_resolution(tmp_path / "sc.pdf"), furniture=furniture)
    assert doc.symbol == "S/RES/2999 (2026)"
    assert doc.kind == DocumentKind.RESOLUTION
    assert doc.body == "Security Council"
    assert doc.title == "Resolution 2999 (2026)"
    assert (doc.date, doc.date_source) == (dt.date(2026, 1, 5), "adopted")
    assert doc.issue_date == dt.date(2026, 1, 5)
    assert _kinds(doc) == [("preambular", None)] * 3 + [("operative", "1."), ("operative", "2."),
                                                         ("operative", "3.")]
    assert "26-00001 (E)" in furniture
    assert "*2600001* Please recycle" in furniture   # barcode and "Please recycle" share a baseline


def test_itpgrfa_resolution(tmp_path: Path) -> None:
    doc = read_pdf(itpgrfa_resolution(tmp_path / "it.pdf"))
    assert doc.symbol == "IT/GB-10/23/Res.9"
    assert doc.kind == DocumentKind.RESOLUTION
    assert doc.body.startswith("Governing Body of the International Treaty")
    assert doc.session == "Tenth session"
    assert doc.title == "IMPLEMENTATION OF THE FUNDING STRATEGY"
    assert doc.issue_date == dt.date(2023, 11, 25)
    assert _kinds(doc) == [("preambular", None)] * 3 + [("operative", "1."), ("operative", "2.")]


def test_unplaced_footnote_kept_with_a_warning(tmp_path: Path) -> None:
    """A note under the rule whose marker the text does not carry is kept as a body paragraph
    at the end, and the reader says so; nothing is dropped."""
    from ..fixtures.published_pdfs import _Writer

    w = _Writer(tmp_path / "orphan.pdf", "X/1")
    w.y = 700
    w.paragraph("The Committee met on 3 May and adopted its report without a vote.", indent=False)
    w.footnotes([("7", "A note whose marker is not in the text.")])
    w.save()
    doc = read_pdf(tmp_path / "orphan.pdf")
    assert doc.paragraphs[-1].kind == ParagraphKind.BODY
    assert doc.paragraphs[-1].text == "7 A note whose marker is not in the text."
    assert len(doc.warnings) == 1 and "footnote" in doc.warnings[0]


def test_typed_layout_of_the_period(tmp_path: Path) -> None:
    """The typed masthead of the 1980s–2000s (MADE, NOT REAL here; real ones are in
    test_pdf_real.py): masthead, session block, centred title, running head and the
    agenda item's note under the text."""
    from ..fixtures.published_pdfs import typed_cbd_note

    furniture: list[str] = []
    doc = read_pdf(typed_cbd_note(tmp_path / "typed.pdf"), furniture=furniture)
    assert doc.symbol == "UNEP/CBD/COP/8/99"
    assert doc.issue_date == dt.date(2006, 3, 15)
    assert (doc.session, doc.agenda_item) == ("Eighth meeting", "25.4")
    assert doc.title == "COOPERATION WITH OTHER CONVENTIONS"
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "CONFERENCE OF THE PARTIES TO THE CONVENTION ON BIOLOGICAL DIVERSITY"
    item = next(p for p in doc.paragraphs if p.text.startswith("Item 25.4"))
    assert item.text == "Item 25.4 of the provisional agenda"
    assert [(f.marker, f.text) for f in item.footnotes] == [("*", "UNEP/CBD/COP/8/1.")]
    assert [p.number for p in doc.paragraphs if p.number] == ["1.", "2.", "3."]
    assert {"Distr.", "ORIGINAL: ENGLISH", "Page 2"} <= set(furniture)
    assert any(f.endswith("GENERAL") for f in furniture)   # (on the baseline of the "CBD" logo)
    assert not any(t.startswith(("UNEP/CBD/COP/8/99", "Page ", "ORIGINAL")) for t in texts)
    assert doc.warnings == []
    assert doc.body == "Conference of the Parties to the Convention on Biological Diversity"


def test_printed_official_records_meeting_record(tmp_path) -> None:
    """A summary record as the Official Records printed it (made, not real): the masthead
    above the two columns, page 1's foot and page 2's running head and printer's line are
    furniture; body, session, meeting date, title and symbol come from them."""
    from ..fixtures.published_pdfs import SUMMARY_RECORD, printed_summary_record

    furniture: list[str] = []
    doc = read_pdf(printed_summary_record(tmp_path / "record.pdf"), furniture=furniture)
    assert (doc.symbol, doc.body, doc.session, doc.date.isoformat(), doc.date_source, doc.title) == (
        "A/C.4/SR.985", "General Assembly", "FOURTEENTH SESSION", "1959-12-04", "meeting",
        "FOURTH COMMITTEE, 985th MEETING")
    assert "652 General Assembly - Fourteenth Session - Fourth Committee" in furniture
    assert "77402-July 1960-950" in furniture
    # every paragraph whole and in column order, none holding furniture
    assert [(p.number, p.text) for p in doc.paragraphs] == [
        (t.split(" ", 1)[0], t.split(" ", 1)[1]) for t in SUMMARY_RECORD]
