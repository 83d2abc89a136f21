"""No word lost by the .docx and text readers (issue 11, point 1).

For each source, the words of its text (.docx: every ``w:t`` of the body, its
tables, footnotes and endnotes; text: the file's text) must all be in the
stored document, in order, less what the reader names as furniture
(:mod:`tests.text_coverage`).  Text a reader keeps but cannot place is kept as
a paragraph and named in ``ParsedDocument.warnings``, which ``briefdesk
import`` prints per file.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from lxml import etree

from briefdesk.cli import main
from briefdesk.core.document import ParagraphKind, ParsedDocument, ParsedFootnote, ParsedParagraph
from briefdesk.core.readers.akn import read_akn
from briefdesk.core.readers.docx import read_docx
from briefdesk.core.readers.text import decode_text, parse_text, read_text
from tests.docx_from_akn import write_docx, write_text
from tests.text_coverage import docx_source_text, lost_words

SEEDS = ["000_c78bdb84fd83cc2b.txt", "001_c53eabebd7935b96.txt", "002_260c79862227ae61.txt",
         "003_2e68a47e790e60bb.txt", "004_82fe3d8a924f99b3.txt"]


def test_the_check_finds_a_lost_word_a_lost_note_and_words_out_of_order() -> None:
    doc = ParsedDocument(paragraphs=[
        ParsedParagraph(ParagraphKind.OPERATIVE, "Requests the Executive Secretary to report;", "1.",
                        footnotes=[ParsedFootnote("2", "See decision XII/6.", 8)]),
        ParsedParagraph(ParagraphKind.OPERATIVE, "Decides to remain seized of the matter.", "2.")])
    source = ("1. Requests 2 the Executive Secretary to report;\n2. Decides to remain seized of the matter.\n"
              "2 See decision XII/6.")
    assert lost_words(source, doc) == []
    (lost,) = lost_words(source.replace("remain", "remain actively"), doc)
    assert lost.startswith("'actively' in …") and "remain actively seized" in lost
    assert len(lost_words(source + " [Brackets]", doc)) == 3
    assert len(lost_words(source.replace("XII/6.", "XII/6 and XIII/1."), doc)) == 3
    # furniture is allowed out, word for word
    assert lost_words(source + " [bookmark: _Hlk1]", doc, ["[bookmark: _Hlk1]"]) == []
    swapped = ("2. Decides to remain seized of the matter.\n"
               "1. Requests 2 the Executive Secretary to report;\n2 See decision XII/6.")
    assert lost_words(swapped, doc) != []


@pytest.mark.parametrize("name", SEEDS)
def test_seeds_lose_no_word(seeds: Path, name: str) -> None:
    path = seeds / name
    furniture: list[str] = []
    doc = read_text(path, furniture=furniture)
    source = decode_text(path.read_bytes(), path)
    assert lost_words(source, doc, furniture) == []
    # what the reader names as furniture stands in the file, as it says
    assert all(item in source for item in furniture)
    if name.startswith(("000", "004")):      # Word extraction: its anchors and note syntax
        assert any(item.startswith("[bookmark:") for item in furniture)
        assert any(item.startswith("[footnoteRef:") for item in furniture)


def test_no_word_lost_once_stored(corpus: Path, tmp_path: Path) -> None:
    """What the library keeps (read back from the database) still has every word."""
    from briefdesk.core.importer import Importer
    from briefdesk.core.library import Library

    files = [corpus / "seeds" / name for name in SEEDS]
    files.append(corpus / "real" / "unfccc" / "Art_6.2_SBSTA_13a_DD_1stIteration.docx")
    library = Library(tmp_path / "library.sqlite")
    try:
        results = Importer(library).import_paths(files)
        assert [r.status.value for r in results] == ["imported"] * len(files)
        for path, result in zip(files, results):
            furniture: list[str] = []
            if path.suffix == ".docx":
                read_docx(path, furniture=furniture)
                source = docx_source_text(path)
            else:
                read_text(path, furniture=furniture)
                source = decode_text(path.read_bytes(), path)
            stored = library.parsed(result.document_id)
            assert lost_words(source, stored, furniture) == [], path.name
    finally:
        library.close()


def test_seed_001_keeps_a_foot_note_without_mark_and_says_so(seeds: Path) -> None:
    doc = read_text(seeds / "001_c53eabebd7935b96.txt")
    assert doc.warnings == ["A note at the foot of a page whose mark is not in the text was kept "
                            "as a paragraph where it stands."]
    assert any(p.text.startswith("* 各公约秘书处酌情参与。") for p in doc.paragraphs)


def _akn_sample(corpus: Path, per_language: int = 1) -> list[Path]:
    files = []
    for collection in ("ga-75", "ga-78", "hrc-54"):
        for lang in sorted(p for p in (corpus / "akn" / collection).iterdir() if p.is_dir()):
            found = sorted(lang.glob("*.xml"))
            files += found[len(found) // 3::max(1, len(found) // 3)][:per_language]
    return files


def test_docx_and_text_made_from_akn_lose_no_word(corpus: Path, tmp_path: Path) -> None:
    sample = _akn_sample(corpus)
    assert len(sample) >= 15
    for path in sample:
        akn = read_akn(path)
        made = write_docx(akn, tmp_path / (path.stem + ".docx"))
        furniture: list[str] = []
        doc = read_docx(made, furniture=furniture)
        assert lost_words(docx_source_text(made), doc, furniture) == [], path.name
        typed = write_text(akn, tmp_path / (path.stem + ".txt"))
        furniture = []
        doc = read_text(typed, furniture=furniture)
        assert lost_words(typed.read_text("utf-8"), doc, furniture) == [], path.name


# ---------------------------------------------------------------- kept, not placed: warnings

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return "{%s}%s" % (W, tag)


def _boxed_and_nested(path: Path) -> Path:
    """A .docx with a text box anchored in a paragraph and a table nested in a cell."""
    d = docx.Document()
    d.add_paragraph("The Conference of the Parties,")
    anchor = d.add_paragraph("1. Requests the secretariat to report [on progress];")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Outer cell"
    inner = table.cell(0, 1).add_table(rows=2, cols=2)
    for r, row in enumerate(inner.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"inner {r}{c}"
    box = etree.fromstring(
        f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
        f'<w:txbxContent><w:p><w:r><w:t>Boxed note {{Option A}}</w:t></w:r></w:p></w:txbxContent>'
        f'</v:textbox></v:shape></w:pict></w:r>')
    anchor._p.append(box)
    d.save(str(path))
    return path


def test_text_box_and_nested_table_are_kept_with_warnings(tmp_path: Path) -> None:
    path = _boxed_and_nested(tmp_path / "boxed.docx")
    doc = read_docx(path)
    texts = [p.text for p in doc.paragraphs]
    assert texts.index("Boxed note {Option A}") == texts.index(
        "Requests the secretariat to report [on progress];") + 1
    (row,) = [p for p in doc.paragraphs if p.table is not None]
    assert row.cells == ["Outer cell", "inner 00 | inner 01 / inner 10 | inner 11"]
    assert doc.warnings == [
        "Text in a text box was kept as paragraphs after the paragraph it is anchored to; "
        "its place on the page is not known.",
        "A table inside a table cell was kept as text of that cell."]
    assert lost_words(docx_source_text(path), doc) == []


def test_tracked_deletions_are_named_as_furniture(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph("Decides to act")
    deleted = etree.fromstring(f'<w:del xmlns:w="{W}" w:id="1" w:author="x"><w:r><w:t> quickly</w:t></w:r></w:del>')
    p._p.append(deleted)
    p.add_run(" now.")
    path = tmp_path / "tracked.docx"
    d.save(str(path))
    furniture: list[str] = []
    doc = read_docx(path, furniture=furniture)
    assert [x.text for x in doc.paragraphs] == ["Decides to act now."]
    assert furniture == [" quickly"]
    assert lost_words(docx_source_text(path), doc) != []
    assert lost_words(docx_source_text(path), doc, furniture) == []


def test_word_footnote_without_reference_is_kept_as_a_paragraph() -> None:
    text = ("The Conference of the Parties,\n"
            "1. Requests the secretariat to report[footnoteRef:1];\n"
            "[1: See CBD/COP/15/2.]\n"
            "[2: A note whose reference was lost in conversion.]\n"
            "2. Decides to remain seized of the matter.\n")
    furniture: list[str] = []
    doc = parse_text(text, furniture=furniture)
    assert doc.warnings == ["A footnote whose reference mark is missing was kept as a paragraph "
                            "where its text stands."]
    assert any("A note whose reference was lost in conversion." in p.text for p in doc.paragraphs)
    assert [f.text for p in doc.paragraphs for f in p.footnotes] == ["See CBD/COP/15/2."]
    assert lost_words(text, doc, furniture) == []


def test_briefdesk_import_prints_the_warning_per_file(tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _boxed_and_nested(inbox / "boxed.docx")
    (inbox / "clean.txt").write_text("The Conference of the Parties,\n1. Decides to act.\n", "utf-8")
    status = main(["import", str(inbox), "--db", str(tmp_path / "lib.sqlite")])
    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    at = next(i for i, line in enumerate(lines) if line.startswith("boxed.docx: imported"))
    assert lines[at + 1].strip() == ("warning: Text in a text box was kept as paragraphs after the "
                                     "paragraph it is anchored to; its place on the page is not known.")
    assert lines[at + 2].strip().startswith("warning: A table inside a table cell")
    clean_at = next(i for i, line in enumerate(lines) if line.startswith("clean.txt: imported"))
    assert not any("warning" in line for line in lines[clean_at:clean_at + 2])
    # --json carries them too
    status = main(["import", str(_boxed_and_nested(tmp_path / "again.docx")), "--json",
                   "--db", str(tmp_path / "lib2.sqlite")])
    (result,) = json.loads(capsys.readouterr().out)
    assert status == 0 and result["status"] == "imported" and len(result["warnings"]) == 2
