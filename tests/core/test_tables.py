"""Tables as tables (issue 11, point 5): rows and cells with their spans from the real
UNFCCC Word draft and a real AKN resolution, through the store and into the PDF export.

Expectations are written from the sources, not from the reader's output:

* the UNFCCC draft converted by LibreOffice (``soffice --headless --convert-to pdf``) and
  looked at with ``pdftoppm``: Table 1 "Submissions" (page 31 of LibreOffice's 49; page 36
  as Word paginates) is nine rows of two cells; Table 2 (page 32) has a header row with
  "Authorization" over the first four columns and "Authorization details" over the seven
  from "Metric" on, "[ITMO unique identifier]" over "[First ID]" and "[Last ID]", and the
  "GHG" / "Non-GHG" rows under "Metric" with empty merged blocks beside them
  (``w:gridSpan`` 5 and 7, ``w:vMerge`` restart then continue in ``word/document.xml``);
* A/RES/75/293 (``akn/ga-75/English``), annex I table A, read from the XML: ``<th
  colspan="2">Posts</th>``, department rows ``<td colspan="6">``, and under "Investigations
  Division" a "Conversion from general temporary assistance" cell and a "United Nations
  Mission in South Sudan" cell with ``rowspan="2"``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from briefdesk.core.document import ParsedDocument, ParsedParagraph, ParagraphKind, is_grid_row, table_grid
from briefdesk.core.library import Library
from briefdesk.core.readers.akn import parse_akn
from briefdesk.core.readers.docx import read_docx
from briefdesk.core.render import export_pdf
from tests.conftest import corpus_path

UNFCCC = "Art_6.2_SBSTA_13a_DD_1stIteration.docx"
TABLE_1 = [
    ["Party", "Party"], ["Version", "X.Y"], ["Reported year", "Year"], ["Date of submission", "dd/mm/yyyy"],
    ["[[Review] Status]", "[(Not) reviewed]"], ["[Status of ]consistency check[s]", "(Not) consistent"],
    ["First year of the NDC implementation period", "Year"],
    ["Last year of the NDC implementation period", "Year"], ["[A6 TER report]", "[link]"]]


@pytest.fixture(scope="module")
def draft() -> ParsedDocument:
    return read_docx(corpus_path() / "real" / "unfccc" / UNFCCC)


@pytest.fixture(scope="module")
def resolution() -> ParsedDocument:
    path = corpus_path() / "akn" / "ga-75" / "English" / "A_RES_75_293-2108996E.xml"
    return parse_akn(path.read_bytes(), path)


def rows_of(doc: ParsedDocument, table: int) -> list:
    return [p for p in doc.paragraphs if p.table == table]


def cell(grid, text: str):
    return next(c for c in grid.cells if c.text == text)


def test_unfccc_table_1_is_nine_rows_of_two_cells(draft) -> None:
    grid = table_grid(rows_of(draft, 0))
    assert (grid.height, grid.width) == (9, 2)
    assert [[c.text for c in grid.cells if c.row == r] for r in range(9)] == TABLE_1
    assert all((c.rows, c.columns, c.column) == (1, 1, i % 2) for i, c in enumerate(grid.cells))
    # the table notes a–e stand in the first cells, after their words
    rows = rows_of(draft, 0)
    assert [(p.cells[0], f.marker) for p in rows for f in p.footnotes] == [
        ("Party", "a"), ("Reported year", "b"), ("[[Review] Status]", "c"),
        ("[Status of ]consistency check[s]", "d"), ("[A6 TER report]", "e")]


def test_unfccc_table_2_keeps_its_merged_cells(draft) -> None:
    rows = rows_of(draft, 1)
    grid = table_grid(rows)
    assert (cell(grid, "Authorization").column, cell(grid, "Authorization").columns) == (0, 4)
    details = cell(grid, "Authorization details")
    assert (details.row, details.column, details.columns) == (0, 5, 7)
    itmo = cell(grid, "[ITMO unique identifier]")
    assert (itmo.row, itmo.column, itmo.columns) == (1, 9, 2)
    assert (cell(grid, "[First ID]").column, cell(grid, "[Last ID]").column) == (9, 10)
    metric = cell(grid, "Metric")
    ghg, non = cell(grid, "GHG"), cell(grid, "Non-GHG")
    assert ghg.column == non.column == metric.column == 5 and non.row == ghg.row + 1
    # the empty blocks beside them are one cell each, two rows high (vMerge), their
    # continuation cells holding no place of their own
    assert [p.spans for p in rows[-2:]] == [[(5, 2), (1, 1), (7, 2)], [(5, 0), (1, 1), (7, 0)]]
    beside = [c for c in grid.cells if c.row == ghg.row and c.text == ""]
    assert [(c.column, c.rows, c.columns) for c in beside] == [(0, 2, 5), (6, 2, 7)]
    assert not [c for c in grid.cells if c.row == non.row and c.text == ""]
    # no cell text is lost or invented: the grid holds every cell the rows hold
    assert sorted(c.text for c in grid.cells if c.text) == sorted(x for p in rows for x in p.cells if x)


def test_every_row_read_is_drawn_as_a_grid(draft, resolution) -> None:
    rows = [p for doc in (draft, resolution) for p in doc.paragraphs if p.table is not None]
    assert len(rows) > 84 and all(is_grid_row(p) for p in rows)
    # a row whose cells do not hold its text's words is drawn as its text, never as a grid
    odd = ParsedParagraph(ParagraphKind.BODY, "Party | Party | Year", table=0, cells=["Party", "Party"])
    assert not is_grid_row(odd)


def test_akn_table_reads_colspan_and_rowspan(resolution) -> None:
    rows = [p for p in resolution.paragraphs if p.table == 0]
    grid = table_grid(rows)
    assert grid.width == 6
    posts = cell(grid, "Posts")
    assert (posts.column, posts.columns) == (2, 2)
    header = [c.text for c in grid.cells if c.row == posts.row + 1]
    assert header == ["Department/office", "Organizational unit", "Number", "Level", "Function", "Status"]
    department = cell(grid, "Department of Operational Support")
    assert (department.column, department.columns) == (0, 6)
    division = cell(grid, "Investigations Division")
    status = next(c for c in grid.cells if c.row == division.row and c.column == 5)
    assert (status.text, status.rows) == ("Conversion from general temporary assistance", 2)
    mission = cell(grid, "United Nations Mission in South Sudan")
    assert (mission.row, mission.column, mission.rows) == (division.row + 1, 1, 2)
    below = [(c.column, c.text) for c in grid.cells if c.row == division.row + 2]
    assert below == [(0, ""), (2, "1"), (3, "NGS"), (4, "Administrative Assistant")]
    # the row's text keeps every cell for search, as before
    assert all(p.text == " | ".join(p.cells) for p in rows)


def test_the_store_keeps_the_grid(backend, draft) -> None:
    library = Library(backend)   # SQLite, and PostgreSQL where a server can start
    try:
        doc_id = library.add(draft, content_hash="unfccc", source_name=UNFCCC)
        back = library.parsed(doc_id)
        assert [(p.table, p.cells, p.spans) for p in back.paragraphs] == [
            (p.table, p.cells, p.spans) for p in draft.paragraphs]
        assert [[c.text for c in table_grid(rows_of(back, 0)).cells if c.row == r] for r in range(9)] == TABLE_1
        # search still finds the words of a cell, in its row
        row = next(i for i, p in enumerate(back.paragraphs) if p.cells == TABLE_1[5])
        assert row in [h.position for h in library.search("consistency check")]
        assert row in [h.position for h in library.search("Not consistent")]
    finally:
        library.close()


def test_a_library_of_the_schema_before_tables_opens_and_keeps_its_rows(tmp_path: Path) -> None:
    from alembic import command

    from briefdesk.core.library import _alembic_config, make_engine

    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0012")
        connection.exec_driver_sql(
            "INSERT INTO document (id, title, body, body_code, session, language, kind, venue, agenda_item,"
            " sponsors, source_name, source_format, content_hash, imported_at) VALUES (1, 'T', '', '', '',"
            " 'en', 'other', '', '', '[]', 'old.docx', 'docx', 'h', '2026-01-01 00:00:00')")
        connection.exec_driver_sql(
            "INSERT INTO paragraph (document_id, position, kind, level, text) "
            "VALUES (1, 0, 'body', 0, 'Party | Party')")
    engine.dispose()
    library = Library(path, backups=False)
    try:
        back = library.parsed(1)
        assert [(p.text, p.table, p.cells, p.spans) for p in back.paragraphs] == [
            ("Party | Party", None, None, None)]
        assert [h.position for h in library.search("Party")] == [0]   # the search index kept
    finally:
        library.close()
    # and back down to 0012: the columns go, the search index's triggers stay
    def triggers(connection) -> list[str]:
        return sorted(connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'paragraph'").scalars())

    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        before = triggers(connection)
        command.downgrade(config, "0012")
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(paragraph)")]
        after = triggers(connection)
    engine.dispose()
    assert "cells" not in columns and "table_index" not in columns
    assert before and after == before


def _layout_lines(pdf: Path) -> list[str]:
    reader = PdfReader(str(pdf))
    text = "\n".join(page.extract_text(extraction_mode="layout") or "" for page in reader.pages)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_pdf_export_draws_table_1_row_by_row(tmp_path: Path, draft) -> None:
    start = next(i for i, p in enumerate(draft.paragraphs) if p.text == "[Annex I")
    end = max(i for i, p in enumerate(draft.paragraphs) if p.table == 0) + 1
    part = ParsedDocument(symbol="SBSTA 61 (annex I)", title="Annex I", language="en",
                          paragraphs=draft.paragraphs[start:end])
    out = tmp_path / "annex.pdf"
    export_pdf(part, out)
    lines = _layout_lines(out)
    markers = {"Party": "a", "Reported year": "b", "[[Review] Status]": "c",
               "[Status of ]consistency check[s]": "d", "[A6 TER report]": "e"}
    found = []
    for first, second in TABLE_1:
        row = [line for line in lines if line.startswith(first) and line.endswith(second)]
        assert len(row) == 1, (first, second, lines)
        # the cells stand side by side on one line, a note's marker after the first cell's
        # words (a raised marker may be extracted onto the line above, as pypdf does for "a")
        between = row[0][len(first):-len(second)].strip()
        above = lines[lines.index(row[0]) - 1].split()[0]
        assert between == markers.get(first, "") or (between == "" and above == markers[first]), row
        found.append(row[0])
    assert [lines.index(x) for x in found] == sorted(lines.index(x) for x in found)   # in order


def test_pdf_export_keeps_every_word_of_a_spanned_table(tmp_path: Path, resolution) -> None:
    rows = [p for p in resolution.paragraphs if p.table == 0]
    part = ParsedDocument(symbol="A/RES/75/293", title="Annex I", language="en", paragraphs=rows)
    out = tmp_path / "table.pdf"
    export_pdf(part, out)
    printed = " ".join(_layout_lines(out)).split()
    for p in rows:
        for word in p.text.replace(" | ", " ").split():
            assert word in printed, word
