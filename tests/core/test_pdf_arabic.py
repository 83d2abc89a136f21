"""Arabic in PDF export: letters shaped (joined), lines right to left, numbers hanging at the right.

A real Arabic GA resolution (AKN, ../shared/corpus/akn/ga-75/Arabic) is read
by the AKN reader and exported; the PDF is read back with pdfminer.six
(characters with their x positions).  pdfminer gives each glyph the
character ReportLab drew it for, so shaped text comes back as Arabic
Presentation Forms-B (U+FE70–U+FEFF).  Reading a line's characters by
increasing x gives its visual order; NFKC folds the presentation forms back
to letters and the bidi algorithm turns the visual line back into logical
order, which must hold the source's words.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from bidi.algorithm import get_display
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextLine

from briefdesk.core.render import export_pdf
from briefdesk.core.render.fonts import markup
from briefdesk.core.render.rtl import shape, visual, visual_runs

HARAKAT = re.compile("[\u064b-\u065f\u0670]")


def _lines(el):
    if isinstance(el, LTTextLine):
        yield el
        return
    if hasattr(el, "__iter__"):
        for child in el:
            yield from _lines(child)


def _page_lines(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, its text lines as (x0, x1, characters sorted by x)."""
    pages = []
    for page in extract_pages(str(pdf)):
        out = []
        for line in _lines(page):
            chars = sorted((c for c in line if isinstance(c, LTChar)), key=lambda c: c.x0)
            out.append((line.x0, line.x1, "".join(c.get_text() for c in chars)))
        pages.append(out)
    return pages


def _norm(text: str) -> str:
    return " ".join(HARAKAT.sub("", unicodedata.normalize("NFKC", text)).split())


def _logical(visual_line: str) -> str:
    """A visual (left-to-right drawn) RTL line back in logical order.

    Reordered before NFKC, so a lam-alef ligature glyph expands to lam, alef in logical order.
    """
    return _norm(get_display(visual_line, base_dir="R"))


@pytest.fixture
def arabic_resolution(corpus, tmp_path):
    from briefdesk.core.readers.akn import read_akn

    path = corpus / "akn" / "ga-75" / "Arabic" / "75_130_A.xml"
    if not path.is_file():
        pytest.skip(f"{path} not in this corpus")
    doc = read_akn(path)
    out = tmp_path / "ar.pdf"
    pages = export_pdf(doc, out)
    return doc, out, pages


def test_shape_joins_letters_and_leaves_other_scripts_alone():
    assert shape("Decision 14/1") == "Decision 14/1"
    assert shape("第14/1号决定") == "第14/1号决定"
    shaped = shape("الجمعية العامة")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in shaped if not c.isspace())
    assert unicodedata.normalize("NFKC", shaped) == "الجمعية العامة"
    assert len(shape("لا")) == 1  # lam-alef ligature
    # markup of non-Arabic text is what it was: one font tag per run, text untouched
    assert "Decision 14/1" in markup("Decision 14/1")


def test_visual_runs_keep_numbers_whole_across_fonts():
    # the slash comes from another face than the Arabic digits around it
    runs = [(shape("قرارها 70"), "ar"), ("/", "latin"), (shape("1 المؤرخ"), "ar")]
    vis = visual_runs(runs)
    drawn = "".join(t for t, _ in vis)
    assert "70/1" in drawn
    assert _norm(drawn).startswith("المؤرخ"[::-1])  # the last logical word is drawn leftmost
    assert sorted(drawn) == sorted("".join(t for t, _ in runs))
    assert visual("(د-3)").startswith("(")  # brackets mirrored (UAX #9 L4)


@pytest.mark.corpus
def test_arabic_resolution_shaped_and_right_to_left(arabic_resolution):
    doc, out, pages = arabic_resolution
    lines = _page_lines(out)
    assert len(lines) == pages > 1
    letters = [c for page in lines for _, _, t in page for c in t
               if 0x0621 <= ord(c) <= 0x064A or 0xFE70 <= ord(c) <= 0xFEFF]
    shaped = sum(1 for c in letters if ord(c) >= 0xFE70)
    assert letters and shaped / len(letters) > 0.99, (shaped, len(letters))

    logical = [_logical(t) for page in lines for _, _, t in page]
    flat = " ".join(logical)
    # the opening words of every paragraph, read back in logical order from x positions
    found = 0
    checked = 0
    for p in doc.paragraphs:
        words = _norm(p.text).split()[:3]
        if len(words) < 3 or not all(re.search("[\u0621-\u064a]", w) for w in words):
            continue
        checked += 1
        phrase = " ".join(words)
        if phrase in flat:
            found += 1
            # drawn left to right as is, the phrase is not there: the page really is RTL
            assert phrase not in " ".join(_norm(t) for page in lines for _, _, t in page)
    assert checked > 40 and found == checked, (found, checked)
    assert "قرارها 70/1" in flat  # a resolution number inside Arabic keeps its order

    # right aligned: body lines end at the right edge of their column
    first = lines[0]
    rights = [x1 for x0, x1, t in first if re.search("[\ufe70-\ufeff]", t)]
    right_edge = max(rights)
    assert sum(1 for x in rights if abs(x - right_edge) < 1.5) >= 5
    # operative numbers hang at the right margin, right of their paragraph's text
    numbered = [p for p in doc.paragraphs if p.number]
    assert numbered
    number_boxes = [(x0, x1) for page in lines for x0, x1, t in page
                    if re.fullmatch(r"-\s*\d+", t.strip())]
    assert len(number_boxes) >= len(numbered) - 2
    assert all(abs(x1 - right_edge) < 1.5 for _, x1 in number_boxes), number_boxes


@pytest.fixture
def arabic_library(corpus, tmp_path):
    from briefdesk.core.importer import Importer
    from briefdesk.core.library import Library

    path = corpus / "akn" / "ga-75" / "Arabic" / "75_130_A.xml"
    if not path.is_file():
        pytest.skip(f"{path} not in this corpus")
    lib = Library(tmp_path / "library.sqlite")
    Importer(lib).import_paths([path])
    (summary,) = lib.summaries()
    yield lib, lib.document(summary.id)
    lib.close()


def _check_rtl_paragraphs(pdf: Path, texts: list[str]) -> list[list[tuple[float, float, str]]]:
    lines = _page_lines(pdf)
    flat = " ".join(_logical(t) for page in lines for _, _, t in page)
    drawn = " ".join(_norm(t) for page in lines for _, _, t in page)
    for text in texts:
        phrase = " ".join(_norm(text).split()[:4])
        assert phrase in flat, phrase
        assert phrase not in drawn, phrase
    assert any(0xFE70 <= ord(c) <= 0xFEFF for page in lines for _, _, t in page for c in t)
    return lines


@pytest.mark.corpus
def test_arabic_pack_excerpt_right_to_left(arabic_library, tmp_path):
    from briefdesk.core.packs.service import PackService
    from briefdesk.core.render.pack_pdf import export_pack_pdf

    lib, doc = arabic_library
    packs = PackService(lib)
    pid = packs.create(title="الصحة العالمية", body="الجمعية العامة", session="الدورة 75", language="ar")
    item = packs.add_item(pid, "131", "الصحة العالمية والسياسة الخارجية")
    chosen = [p for p in doc.paragraphs if p.number and p.level == 0][:3]
    assert len(chosen) == 3
    packs.add_excerpt(item, doc.id, [p.id for p in chosen])
    from briefdesk.core.render.pack_pdf import source_reference
    [excerpt] = packs.get(pid).items[0].excerpts
    reference = source_reference(excerpt, "ar")
    assert "-," not in reference and " -" not in reference.split(",", 1)[1], reference   # 1 -, 2 -, 3 - → 1–3
    out = tmp_path / "pack.pdf"
    export_pack_pdf(packs.get(pid), out)
    lines = _check_rtl_paragraphs(out, [p.text for p in chosen] + ["الصحة العالمية والسياسة الخارجية"])
    # the excerpt's numbers hang at the right edge of the text column
    last = lines[-1]
    text_right = max(x1 for _, x1, t in last if re.search("[\ufe70-\ufeff]", t))
    numbers = [x1 for _, x1, t in last if re.fullmatch(r"-\s*\d+", t.strip())]
    assert len(numbers) == 3 and all(abs(x - text_right) < 1.5 for x in numbers), (numbers, text_right)


@pytest.mark.corpus
def test_arabic_draft_right_to_left(arabic_library, tmp_path):
    from briefdesk.core.drafting.export import export_draft
    from briefdesk.core.drafting.service import DraftService

    lib, doc = arabic_library
    drafts = DraftService(lib)
    draft_id = drafts.from_document(doc.id)
    out = tmp_path / "draft.pdf"
    export_draft(drafts, draft_id, out)
    texts = [p.text for p in doc.paragraphs if len(_norm(p.text).split()) >= 4][:20]
    _check_rtl_paragraphs(out, texts)
