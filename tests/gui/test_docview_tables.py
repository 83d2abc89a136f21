"""The document view shows a table as a grid (issue 11, point 5): the real UNFCCC draft's
Table 1 (nine rows of two cells) and Table 2 with its merged cells, as Qt lays them out."""

from __future__ import annotations

import pytest

from briefdesk.core.document import ParsedDocument
from briefdesk.core.readers.docx import read_docx
from briefdesk.gui.docview import DocumentView, paragraph_anchor
from briefdesk.gui.qt import QTextCursor
from tests.core.test_tables import TABLE_1, UNFCCC
from tests.conftest import corpus_path


@pytest.fixture(scope="module")
def annex() -> tuple[ParsedDocument, int, int]:
    """The annex of the UNFCCC draft, with the positions of the first rows of tables 0 and 1."""
    draft = read_docx(corpus_path() / "real" / "unfccc" / UNFCCC)
    start = next(i for i, p in enumerate(draft.paragraphs) if p.text == "[Annex I")
    end = max(i for i, p in enumerate(draft.paragraphs) if p.table == 1) + 1
    paragraphs = draft.paragraphs[start:end]
    doc = ParsedDocument(symbol="SBSTA 61", title="Annex I", language="en", paragraphs=paragraphs)
    first = [next(i for i, p in enumerate(paragraphs) if p.table == t) for t in (0, 1)]
    return doc, first[0], first[1]


def _table_at(view: DocumentView, position: int):
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.anchor_position(paragraph_anchor(position)))
    return cursor.currentTable()


def _cell_text(table, row: int, column: int) -> str:
    cell = table.cellAt(row, column)
    cursor = cell.firstCursorPosition()
    cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
    return " ".join(cursor.selectedText().split())


def test_table_1_is_a_grid_of_nine_rows_and_two_columns(qtbot, annex) -> None:
    doc, first, _second = annex
    view = DocumentView()
    qtbot.addWidget(view)
    view.show_document(1, doc)
    table = _table_at(view, first)
    assert table is not None and (table.rows(), table.columns()) == (9, 2)
    shown = [[_cell_text(table, r, c) for c in range(2)] for r in range(9)]
    # the table notes' markers follow the first cell's words (superscript links)
    marks = {0: "a", 2: "b", 4: "c", 5: "d", 8: "e"}
    assert shown == [[first_cell + marks.get(r, ""), second] for r, (first_cell, second) in enumerate(TABLE_1)]
    # every row keeps its own anchor, in its first cell: search hits land on the row
    for r in range(9):
        assert _table_at(view, first + r) is not None
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.anchor_position(paragraph_anchor(first + r)))
        assert table.cellAt(cursor).row() == r


def test_table_2_merges_cells_as_the_page(qtbot, annex) -> None:
    doc, _first, second = annex
    view = DocumentView()
    qtbot.addWidget(view)
    view.show_document(1, doc)
    table = _table_at(view, second)
    head = table.cellAt(0, 0)
    assert (_cell_text(table, 0, 0), head.columnSpan(), head.rowSpan()) == ("Authorization", 4, 1)
    details = table.cellAt(0, 5)
    assert (_cell_text(table, 0, 5), details.columnSpan()) == ("Authorization details", 7)
    ghg_row = next(r for r in range(table.rows()) if _cell_text(table, r, 5) == "GHG")
    assert _cell_text(table, ghg_row + 1, 5) == "Non-GHG"
    block = table.cellAt(ghg_row, 0)
    assert (block.rowSpan(), block.columnSpan()) == (2, 5)
    assert (table.cellAt(ghg_row, 6).rowSpan(), table.cellAt(ghg_row, 6).columnSpan()) == (2, 7)
