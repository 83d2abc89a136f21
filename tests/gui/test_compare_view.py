"""Same paragraph in other languages, side by side, and similar paragraphs — in the real window.

The library holds A/RES/75/100 in Chinese, English and French (three AKN
files of the UN) and other Chinese resolutions of the 75th session, some of
which re-adopt paragraphs of 75/100 with small changes.
"""

from __future__ import annotations

import pytest

from briefdesk.core.importer import Importer, ImportStatus
from briefdesk.core.library import Library
from briefdesk.gui.compare_view import paragraph_starts
from briefdesk.gui.docview import paragraph_anchor
from briefdesk.gui.models import HTML_ROLE
from briefdesk.gui.qt import QPoint
from briefdesk.gui.similar_panel import SimilarModel, changed_spans
from briefdesk.gui.tasks import wait_for_tasks

pytestmark = pytest.mark.corpus

TIMEOUT = 60_000
CHINESE = ("75_100_C.xml", "75_12_C.xml", "75_101A-B_C.xml", "75_102_C.xml", "75_103_C.xml", "75_175_C.xml",
           "75_45_C.xml")


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    from tests.conftest import corpus_path

    ga = corpus_path() / "akn" / "ga-75"
    paths = [ga / "Chinese" / n for n in CHINESE] + [ga / "English" / "75_100_E.xml",
                                                     ga / "French" / "75_100_F.xml"]
    lib = Library(tmp_path_factory.mktemp("compare-gui") / "library.sqlite")
    results = Importer(lib).import_paths(paths)
    assert all(r.status is ImportStatus.IMPORTED for r in results), [r.describe() for r in results]
    yield lib
    wait_for_tasks(30.0)
    lib.close()


@pytest.fixture
def window(main_window, library):
    return main_window(library, (1500, 900))


def number(parsed, position: int) -> str:
    return (parsed.paragraphs[position].number or "").strip().rstrip(".")


def position_of(parsed, wanted: str) -> int:
    return next(i for i, p in enumerate(parsed.paragraphs)
                if p.kind.value == "operative" and p.level == 0 and number(parsed, i) == wanted)


def open_at(qtbot, window, document_id: int, position: int | None):
    window.open_document(document_id, highlight=position)
    qtbot.waitUntil(lambda: window.doc_view.document_id == document_id and not window.busy, timeout=TIMEOUT)


def point_of(view, position: int) -> QPoint:
    """A viewport point inside paragraph ``position`` (scrolled into view first)."""
    view.go_to_paragraph(position)
    cursor = view.textCursor()
    cursor.setPosition(view.anchor_position(paragraph_anchor(position)) + 1)
    return view.cursorRect(cursor).center()


def test_open_paragraph_in_english_beside_chinese_and_keep_in_step(qtbot, window, library):
    zh = library.resolve("A/RES/75/100", language="zh")
    en = library.resolve("A/RES/75/100", language="en")
    assert zh != en
    parsed_zh = library.parsed(zh)
    four = position_of(parsed_zh, "4")
    open_at(qtbot, window, zh, four)
    compare = window.compare_view
    assert compare.versions == library.versions(zh) and set(compare.versions) == {"zh", "en", "fr"}
    assert compare.open_in_button.isEnabled()
    assert [a.data() for a in compare.open_in_menu.actions()] == ["en", "fr"]
    assert not compare.side.isVisible()

    # The context menu on paragraph 4 offers the other languages and similar paragraphs.
    menu = compare.context_menu(point_of(window.doc_view, four))
    titles = [a.text() for a in menu.actions()]
    assert "Similar paragraphs" in titles
    submenu = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == "Open this paragraph in")
    english = next(a for a in submenu.actions() if a.data() == "en")
    assert english.text().startswith("English")
    english.trigger()
    qtbot.waitUntil(lambda: compare.side_by_side, timeout=TIMEOUT)

    side = compare.side
    assert side.document_id == en and side.parsed.language == "en"
    assert side.highlighted is not None and number(side.parsed, side.highlighted) == "4"
    assert side.parsed.paragraphs[side.highlighted].text.startswith("Acknowledges the importance")
    assert compare.splitter.sizes()[1] > 200 and window.doc_view.width() > 200
    qtbot.waitUntil(lambda: side.is_position_visible(side.anchor_position(paragraph_anchor(side.highlighted))),
                    timeout=5000)
    # The whole map follows in a second step; it is the library's own alignment, paragraph by paragraph.
    qtbot.waitUntil(lambda: compare.pair.complete, timeout=TIMEOUT)
    ids = [p.id for p in library.document(zh).paragraphs]
    assert compare.pair.forward == {i: library.parallel_paragraph(pid, "en")[2] for i, pid in enumerate(ids)}
    # Every operative paragraph maps to the one with the same number.
    for a, b in compare.pair.forward.items():
        if parsed_zh.paragraphs[a].kind.value == "operative" and parsed_zh.paragraphs[a].level == 0:
            assert number(side.parsed, b) == number(parsed_zh, a)

    # Moving in the Chinese text moves the English one to the same paragraph, and back.
    eight = 8  # a preambular paragraph in the middle, so both views can bring it to the top
    window.doc_view.go_to_paragraph(eight)
    qtbot.waitUntil(lambda: compare.primary_locator.top() == eight, timeout=5000)
    qtbot.waitUntil(lambda: compare.side_locator.top() == compare.pair.forward[eight], timeout=5000)
    assert side.parsed.paragraphs[compare.side_locator.top()].kind.value == "preambular"
    assert side.parsed.paragraphs[compare.side_locator.top()].text.startswith("Encouraging enhanced exchanges")
    fourteen = 14
    side.go_to_paragraph(fourteen)
    qtbot.waitUntil(lambda: compare.primary_locator.top() == compare.pair.backward[fourteen], timeout=5000)
    assert parsed_zh.paragraphs[compare.primary_locator.top()].kind.value == "preambular"
    window.doc_view.verticalScrollBar().setValue(0)
    qtbot.waitUntil(lambda: side.verticalScrollBar().value() == 0, timeout=5000)

    # The toolbar's "Open in…" menu switches the side view to French at the current paragraph.
    window.doc_view.go_to_paragraph(four)
    fr_action = next(a for a in compare.open_in_menu.actions() if a.data() == "fr")
    fr_action.trigger()
    qtbot.waitUntil(lambda: side.parsed is not None and side.parsed.language == "fr" and not window.busy,
                    timeout=TIMEOUT)
    assert number(side.parsed, side.highlighted) == "4"

    # Opening the English version as the main document keeps French beside it, at the same paragraph.
    six_en = position_of(side_en := library.parsed(en), "6")
    open_at(qtbot, window, en, six_en)
    qtbot.waitUntil(lambda: side.document_id == compare.versions.get("fr") and side.highlighted is not None
                    and not window.busy, timeout=TIMEOUT)
    assert side.parsed.language == "fr" and number(side.parsed, side.highlighted) == "6"
    assert window.doc_view.parsed.language == "en" and side_en.symbol == side.parsed.symbol
    assert [a.data() for a in compare.open_in_menu.actions()] == ["fr", "zh"]

    # Opening a document with no French version closes the side view.
    other = library.resolve("A/RES/75/12")
    open_at(qtbot, window, other, None)
    qtbot.waitUntil(lambda: not compare.side_by_side, timeout=TIMEOUT)
    assert not compare.open_in_button.isEnabled()
    compare.close_side()
    assert not side.isVisible()


def test_paragraph_table_covers_every_paragraph(qtbot, window, library):
    zh = library.resolve("A/RES/75/100", language="zh")
    open_at(qtbot, window, zh, None)
    starts = paragraph_starts(window.doc_view)
    assert [p for _c, p in starts] == list(range(len(window.doc_view.parsed.paragraphs)))
    assert [c for c, _p in starts] == sorted(c for c, _p in starts)


def test_similar_paragraphs_across_resolutions(qtbot, window, library):
    zh = library.resolve("A/RES/75/100", language="zh")
    parsed = library.parsed(zh)
    one = position_of(parsed, "1")  # 表示注意到秘书长依照第74/91号决议提出的报告；
    open_at(qtbot, window, zh, one)
    compare = window.compare_view
    menu = compare.context_menu(point_of(window.doc_view, one))
    similar = next(a for a in menu.actions() if a.text() == "Similar paragraphs")
    assert similar.isEnabled()
    similar.trigger()
    panel = window.similar_panel
    qtbot.waitUntil(lambda: panel.task is not None and panel.task.done and bool(panel.hits), timeout=TIMEOUT)
    assert window.similar_dock.isVisible()
    hits = panel.hits
    assert hits == library.similar(compare.paragraph_ids[one])
    assert all(h.document_id != zh and h.language == "zh" and h.score >= 70 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert "A/RES/75/12" in {h.symbol for h in hits}
    assert "A/RES/75/100, para. 1" in panel.status.text()

    # The differences are highlighted, the shared words are not.
    row = next(i for i, h in enumerate(hits) if h.symbol == "A/RES/75/12")
    html = panel.model.index(row, SimilarModel.TEXT_COLUMN).data(HTML_ROLE)
    changed = [hits[row].text[a:b] for a, b in changed_spans(parsed.paragraphs[one].text, hits[row].text)]
    assert changed and all(c in html for c in changed)
    assert "秘书长" not in "".join(changed)
    assert panel.model.index(row, 0).data() == str(hits[row].score).removesuffix(".0")

    # Clicking a row opens that paragraph.
    panel.view.clicked.emit(panel.model.index(row, 1))
    qtbot.waitUntil(lambda: window.doc_view.document_id == hits[row].document_id, timeout=TIMEOUT)
    assert window.doc_view.highlighted == hits[row].position


def test_changed_spans_mark_only_what_differs():
    source = "Takes note of the report of the Secretary-General submitted pursuant to resolution 74/91;"
    other = "Takes note with appreciation of the report of the Secretary-General submitted pursuant to resolution 73/13;"
    assert [other[a:b] for a, b in changed_spans(source, other)] == ["with appreciation", "73/13"]
    text = "表示注意到秘书长依照第73/13号决议提交的报告，"
    spans = changed_spans("表示注意到秘书长依照第74/91号决议提出的报告；", text)
    assert [text[a:b] for a, b in spans] == ["73/13", "交", "，"]
    assert changed_spans(text, text) == []


def test_similar_paragraphs_from_a_search_result(qtbot, window, library):
    panel = window.search_panel
    window.search_box.setText("秘书长依照")
    qtbot.waitUntil(lambda: panel.request is not None and panel.request.text == "秘书长依照" and not panel.busy
                    and not panel.debounce.isActive(), timeout=TIMEOUT)
    row = next(i for i, h in enumerate(panel.hits) if h.symbol == "A/RES/75/100")
    hit = panel.hits[row]
    index = panel.hit_model.index(row, 0)
    panel.hits_view.scrollTo(index)
    menu = panel.hit_menu(panel.hits_view.visualRect(index).center())
    assert [a.text() for a in menu.actions()] == ["Open", "Similar paragraphs", "Add to pack"]
    menu.actions()[1].trigger()
    similar = window.similar_panel
    qtbot.waitUntil(lambda: similar.paragraph_id == hit.paragraph_id and similar.task.done and not window.busy,
                    timeout=TIMEOUT)
    assert similar.hits == library.similar(hit.paragraph_id) and similar.hits
    assert similar.model.source_text == library.parsed(hit.document_id).paragraphs[hit.position].text
    assert "A/RES/75/100, para. 1" in similar.status.text()
    assert panel.hit_menu(QPoint(-5, -5)).isEmpty()
