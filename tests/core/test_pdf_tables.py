"""Tables in PDFs read as tables (``readers/pdf_tables.py``): rows of cells sharing a table index.

The expected cells below were written from the page images (``pdftoppm -r 60
-png``: S/2012/197 page 24, S/2013/220 page 24, S/2015/246 page 18, S/1996/112
pages 17–19), not from the reader's output.  The small PDFs of
``tests/fixtures/published_pdfs.py`` (``report_with_table``, an ODS annex table;
``staffing_table_over_two_pages``, a budget table without rules over a page
break) are MADE, NOT REAL, set with reportlab, so the rules are tested without
the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefdesk.core.document import ParagraphKind, is_grid_row, table_grid
from briefdesk.core.readers.pdf import read_pdf

from ..conftest import corpus_path
from .test_pdf_real import TEXT_LAYER

pytest.importorskip("reportlab")

from ..fixtures.published_pdfs import (REPORT_TABLE, STAFFING_TABLE, report_with_table,  # noqa: E402
                                       staffing_table_over_two_pages)

ODS = "real/un-ods"


def _tables(doc) -> dict[int, list]:
    out: dict[int, list] = {}
    for p in doc.paragraphs:
        if p.table is not None:
            out.setdefault(p.table, []).append(p)
    return out


def _check_rows(rows) -> None:
    """Rows as the .docx reader gives them: body, unnumbered, text = cells joined by " | "
    (spaces normalised by the structure pass, as for .docx: an empty cell leaves "| |")."""
    for p in rows:
        assert p.kind == ParagraphKind.BODY and p.number is None
        assert p.text.split() == " | ".join(p.cells).split()
        assert is_grid_row(p)


def test_made_report_table_read_as_rows_of_cells(tmp_path: Path) -> None:
    doc = read_pdf(report_with_table(tmp_path / "report.pdf"))
    tables = _tables(doc)
    assert list(tables) == [0]
    rows = tables[0]
    assert [p.cells for p in rows] == REPORT_TABLE
    _check_rows(rows)
    # the wrapped name ("Bolivarian Republic of" / "Venezuela", the other columns empty) is one row
    assert rows[3].cells[0] == "Bolivarian Republic of Venezuela"
    # the header's raised markers are footnotes of its row, their notes under the table
    assert sorted({(f.marker, f.text) for f in rows[0].footnotes}) == [
        ("a", "Authorized strength is 40."), ("b", "Authorized strength is 6.")]
    grid = table_grid(rows)
    assert (grid.width, grid.height) == (5, 6)
    # numbered paragraphs with the number set apart by a tab, three of them one line each, are no
    # table; the caption over the table is its heading
    numbered = [(p.number, p.text) for p in doc.paragraphs if p.number]
    assert numbered[1:4] == [("2.", "Observers are deployed."), ("3.", "Troops are deployed."),
                             ("4.", "Police are deployed.")]
    caption = doc.paragraphs[doc.paragraphs.index(rows[0]) - 1]
    assert (caption.kind, caption.text) == (ParagraphKind.HEADING, "Contributions as at 31 March 2099")


def test_made_table_over_a_page_break_is_one_table(tmp_path: Path) -> None:
    doc = read_pdf(staffing_table_over_two_pages(tmp_path / "staffing.pdf"))
    tables = _tables(doc)
    assert list(tables) == [0]
    # cells wrapped over three lines are one cell each; the cell cut by the page break
    # ("Benefits Assistant" / "(Operations)") is one cell of one row
    assert [p.cells for p in tables[0]] == STAFFING_TABLE
    _check_rows(tables[0])
    numbered = [p.number for p in doc.paragraphs if p.number]
    assert numbered == ["43.", "44."]


#: S/2012/197, annex, page 24 (from the page image)
S_2012_197 = [
    ["Country", "Military observers", "Troops", "Civilian police", "Total"],
    ["Argentina", "3", "0", "0", "3"], ["Austria", "2", "0", "0", "2"],
    ["Bangladesh", "9", "20", "0", "29"], ["Brazil", "10", "0", "0", "10"], ["Chad", "0", "0", "1", "1"],
    ["China", "7", "0", "0", "7"], ["Croatia", "6", "0", "0", "6"], ["Djibouti", "2", "0", "0", "2"],
    ["Egypt", "23", "0", "1", "24"], ["El Salvador", "3", "0", "0", "3"], ["France", "13", "0", "0", "13"],
    ["Ghana", "10", "7", "0", "17"], ["Guinea", "5", "0", "0", "5"], ["Honduras", "12", "0", "0", "12"],
    ["Hungary", "6", "0", "0", "6"], ["Ireland", "3", "0", "0", "3"], ["Italy", "5", "0", "0", "5"],
    ["Jordan", "0", "0", "2", "2"], ["Malawi", "3", "0", "0", "3"], ["Malaysia", "12", "0", "0", "12"],
    ["Mongolia", "4", "0", "0", "4"], ["Nepal", "5", "0", "0", "5"], ["Nigeria", "8", "0", "0", "8"],
    ["Pakistan", "11", "0", "0", "11"], ["Paraguay", "5", "0", "0", "5"], ["Poland", "1", "0", "0", "1"],
    ["Republic of Korea", "4", "0", "0", "4"], ["Russian Federation", "18", "0", "0", "18"],
    ["Sri Lanka", "3", "0", "0", "3"], ["Uruguay", "1", "0", "0", "1"], ["Yemen", "9", "0", "1", "10"],
    ["Total", "203", "27", "5", "235"],
]


def test_annex_table_of_a_report_s_2012_197() -> None:
    doc = read_pdf(corpus_path() / ODS / "S_2012_197-EN.pdf")
    tables = _tables(doc)
    assert list(tables) == [0]
    rows = tables[0]
    assert [p.cells for p in rows] == S_2012_197
    _check_rows(rows)
    assert sorted({f.marker for f in rows[0].footnotes}) == ["a", "b"]
    assert [(f.marker, f.text) for f in rows[-1].footnotes] == [
        ("c", "Actual strength on the ground, for military and civilian police, including the Force Commander.")]
    before = doc.paragraphs[doc.paragraphs.index(rows[0]) - 1]
    assert (before.kind, before.text) == (ParagraphKind.HEADING, "Contributions as at 31 March 2012")


@pytest.mark.parametrize("name, rows, first, mongolia, total", [
    # (S/2013/220 prints "46" observers and a total of "6" for Mongolia, as on the page)
    ("S_2013_220-EN.pdf", 34, ["Argentina", "1", "–", "–", "1"], ["Mongolia", "46", "–", "–", "6"],
     ["Total", "183", "26", "6", "215"]),
    ("S_2015_246-EN.pdf", 35, ["Argentina", "3", "0", "1", "4"], ["Mongolia", "4", "0", "0", "4"],
     ["Total", "179", "27", "6", "212"]),
])
def test_annex_tables_of_later_reports(name, rows, first, mongolia, total) -> None:
    doc = read_pdf(corpus_path() / ODS / name)
    tables = _tables(doc)
    assert list(tables) == [0]
    got = [p.cells for p in tables[0]]
    assert len(got) == rows
    assert got[0] == ["Country", "Military observers", "Troops", "Civilian police", "Total"]
    assert got[1] == first and mongolia in got and got[-1] == total
    _check_rows(tables[0])


#: S/1996/112, annex II, page 18: a ruled grid whose cells wrap over up to three lines
S_1996_112_ANNEX_II = [
    ["Nationality", "Operational military forces", "Support military forces", "Force headquarters", "Total"],
    ["Bahamas", "", "", "1", "1"],
    ["Bangladesh", "Infantry 847", "", "15", "862"],
    ["Canada", "", "Aviation Engineer 447 Transport", "23", "470"],
    ["Djibouti", "Infantry 198", "", "2", "200"],
    ["France", "", "", "1", "1"], ["Guyana", "", "", "1", "1"], ["Honduras", "", "", "2", "2"],
    ["India", "", "", "1", "1"], ["Ireland", "", "", "2", "2"], ["Jamaica", "", "", "1", "1"],
    ["Nepal", "Infantry 409", "", "2", "411"], ["Netherlands", "Infantry 151", "", "2", "153"],
    ["Pakistan", "Infantry 844", "", "12", "856"],
    ["Trinidad and Tobago", "", "", "1", "1"],
    ["United States of America", "Infantry, Military Police, Special Operations Forces 1 271",
     "Aviation Engineer 534 Medical", "48", "1 853"],
    ["Total", "3 720", "981", "114", "4 815"],
]


def test_typed_tables_of_a_1996_report() -> None:
    doc = read_pdf(corpus_path() / ODS / "S_1996_112-EN.pdf")
    tables = _tables(doc)
    assert list(tables) == [0, 1, 2]
    costs, military, police = ([p.cells for p in tables[i]] for i in range(3))
    # annex I: two columns, the figures right-aligned; the title and "(In thousands of United
    # States dollars)" above it are headings, not rows
    assert len(costs) == 20
    assert costs[0] == ["Military personnel", "21 670"] and costs[-1] == ["Total", "56 100"]
    assert ["Assistance for disarmament and demobilization", "0"] in costs
    assert military == S_1996_112_ANNEX_II
    assert police == [["Algeria", "15"], ["Benin", "34"], ["Canada", "92"], ["Djibouti", "14"],
                      ["France", "92"], ["Mali", "24"], ["Nepal", "53"], ["Russian Federation", "5"],
                      ["Togo", "20"], ["Total", "349"]]
    for i in range(3):
        _check_rows(tables[i])
    headings = [p.text for p in doc.paragraphs if p.kind == ParagraphKind.HEADING]
    for text in ("Annex I", "(In thousands of United States dollars)", "Annex II", "Annex III"):
        assert text in headings


TABLED = {"S_2012_197-EN.pdf", "S_2013_220-EN.pdf", "S_2015_246-EN.pdf", "S_1996_112-EN.pdf"}


@pytest.mark.parametrize("name", sorted(set(TEXT_LAYER) - TABLED))
def test_no_table_where_the_page_has_none(name: str) -> None:
    """Numbered paragraphs (``1.   Text``), the two-column records read column by column
    (S/PV.4507, A/C.4/SR.985), the typed letters of the 1980s–1990s with their wide gaps (the
    numbered list of names of A/45/189), text recognition's uneven spacing (A/35/789): no
    table; none of these pages prints one."""
    doc = read_pdf(corpus_path() / ODS / name)
    assert not any(p.table is not None for p in doc.paragraphs)
