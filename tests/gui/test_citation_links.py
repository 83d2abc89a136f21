"""Citations in the window: links that open the cited paragraph, "cited by", unresolved citations.

The library holds the seeds 000 (CBD/SBI/2/10) and 002 (decision XII/6):
000 paragraph 5 cites "第XII/6号决定第21段", paragraph 21 of 002.  Clicks are
real mouse clicks on the document view's viewport.
"""

from __future__ import annotations

import pytest

from briefdesk.core.importer import Importer
from briefdesk.core.library import Library
from briefdesk.gui.docview import citation_url
from briefdesk.gui.mainwindow import TARGET_ROLE, MainWindow
from briefdesk.gui.qt import Qt
from briefdesk.gui.tasks import wait_for_tasks

pytestmark = pytest.mark.corpus
TIMEOUT = 60_000
CITATION = "第XII/6号决定第21段"


@pytest.fixture
def library(tmp_path, seeds):
    lib = Library(tmp_path / "library.sqlite")
    Importer(lib).import_paths([next(seeds.glob("000_*.txt")), next(seeds.glob("002_*.txt"))])
    yield lib
    wait_for_tasks(30.0)
    lib.close()


@pytest.fixture
def window(main_window, library):
    return main_window(library, (1280, 800))


def open_and_wait(qtbot, window, document_id, highlight=None):
    task = window.open_document(document_id, highlight=highlight)
    qtbot.waitUntil(lambda: task.done and window.doc_view.document_id == document_id, timeout=TIMEOUT)


def click_citation(qtbot, window, citation_id):
    """Scroll the citation's link into view and click it with the mouse."""
    view = window.doc_view
    position = view.citation_position(citation_id)
    assert position is not None, "the citation is not a link in the view"
    cursor = view.textCursor()
    cursor.setPosition(position + 1)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    point = view.cursorRect(cursor).center()
    point.setX(point.x() + 2)
    assert view.anchorAt(point) == citation_url(citation_id)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_clicking_a_citation_opens_the_cited_paragraph(qtbot, window, library):
    note, decision = library.resolve("CBD/SBI/2/10"), library.resolve("XII/6")
    open_and_wait(qtbot, window, note)
    (link,) = [c for c in window.doc_view.citations.values() if c.text == CITATION]
    assert link.resolved_document_id == decision
    click_citation(qtbot, window, link.id)
    qtbot.waitUntil(lambda: window.doc_view.document_id == decision and not window.busy, timeout=TIMEOUT)
    para21 = next(i for i, p in enumerate(window.doc_view.parsed.paragraphs) if p.number == "21." and p.level == 0)
    assert window.doc_view.highlighted == para21
    anchor = window.doc_view.anchor_position(f"p{para21}")
    assert anchor is not None and window.doc_view.is_position_visible(anchor)
    assert window.last_error is None


def test_a_citation_of_a_missing_document_says_so(qtbot, window, library):
    note = library.resolve("CBD/SBI/2/10")
    open_and_wait(qtbot, window, note)
    missing = next(c for c in window.doc_view.citations.values()
                   if c.resolved_document_id is None and c.target_symbol == "XIII/7")
    click_citation(qtbot, window, missing.id)
    qtbot.waitUntil(lambda: window.last_citation_message is not None, timeout=TIMEOUT)
    box = window.last_citation_message
    assert "XIII/7" in box.text() and "not in the library" in box.text()
    assert box.icon() == box.Icon.Information and window.last_error is None
    assert window.doc_view.document_id == note  # nothing else opened
    box.close()


def test_the_cited_document_shows_what_cites_it(qtbot, window, library):
    note, decision = library.resolve("CBD/SBI/2/10"), library.resolve("XII/6")
    open_and_wait(qtbot, window, decision)
    view = window.doc_view
    para21 = next(i for i, p in enumerate(view.parsed.paragraphs) if p.number == "21." and p.level == 0)
    assert f"citedby:{para21}" in view.toHtml()  # the margin marker
    tree = window.cited_by_tree
    groups = {tree.topLevelItem(i).data(0, TARGET_ROLE)[1]: tree.topLevelItem(i)
              for i in range(tree.topLevelItemCount())}
    group = groups[para21]
    children = [group.child(i) for i in range(group.childCount())]
    (item,) = [c for c in children if CITATION in c.text(0)]
    assert item.text(0).startswith("CBD/SBI/2/10")
    # clicking the margin marker selects that paragraph's group
    window.show_cited_by_of(para21)
    assert tree.currentItem() is group
    # activating the citing paragraph opens it in the citing document
    tree.itemActivated.emit(item, 0)
    qtbot.waitUntil(lambda: view.document_id == note and not window.busy, timeout=TIMEOUT)
    assert view.parsed.paragraphs[view.highlighted].number == "5."


def test_unresolved_citations_list_what_is_missing(qtbot, window, library):
    window.unresolved_action.trigger()
    qtbot.waitUntil(lambda: window.unresolved_task is not None and window.unresolved_task.done, timeout=TIMEOUT)
    model = window.unresolved_panel.model
    missing = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    assert len(missing) == model.rowCount() == len({c.target_symbol for c in library.unresolved_citations()}) > 0
    assert "XIII/7" in missing and "XII/6" not in missing
    group = model.index(missing["XIII/7"], 0)
    window.unresolved_view.expand(group)  # its forms are fetched when it opens
    qtbot.waitUntil(lambda: model.rowCount(group) > 0, timeout=TIMEOUT)
    form = model.index(0, 0, group)  # cited in Chinese, by CBD/SBI/2/10
    window.unresolved_view.activated.emit(form)
    qtbot.waitUntil(lambda: window.doc_view.document_id == library.resolve("CBD/SBI/2/10") and not window.busy,
                    timeout=TIMEOUT)


def test_the_window_updates_old_documents_citations_in_the_background(qtbot, tmp_path, seeds):
    """A library from before citations: the window opens it without extracting on the GUI thread,
    then extracts in the background, and the citation link appears."""
    from briefdesk.core.readers.text import read_text
    from tests.core.test_citations import _old_library

    _old_library(tmp_path / "old.sqlite", [read_text(seeds / "000_c78bdb84fd83cc2b.txt"),
                                          read_text(seeds / "002_260c79862227ae61.txt")])
    lib = Library(tmp_path / "old.sqlite", update_citations=False)
    try:
        assert len(lib.stale_citation_documents()) == 2
        w = MainWindow(lib)
        qtbot.addWidget(w)
        qtbot.waitUntil(lambda: w.citation_update_task.done and not w.busy, timeout=TIMEOUT)
        assert lib.stale_citation_documents() == []
        open_and_wait(qtbot, w, lib.resolve("CBD/SBI/2/10"))
        assert any(c.text == CITATION and c.resolved_document_id == lib.resolve("XII/6")
                   for c in w.doc_view.citations.values())
    finally:
        wait_for_tasks(30.0)
        lib.close()


def test_citations_in_footnotes_are_links_too(qtbot, window, library):
    """Decision XII/6's footnote 1 cites UNEP/CBD/COP/12/24; footnote 2 resolution 66/288."""
    open_and_wait(qtbot, window, library.resolve("XII/6"))
    in_notes = [c for c in window.doc_view.citations.values() if c.footnote_marker is not None]
    assert {c.target_symbol for c in in_notes} >= {"UNEP/CBD/COP/12/24", "66/288"}
    html = window.doc_view.toHtml()
    for c in in_notes:
        assert window.doc_view.citation_position(c.id) is not None, c.text
    # the paragraph text itself carries no link of a footnote's citation
    note = next(c for c in in_notes if c.target_symbol == "66/288")
    para = window.doc_view.parsed.paragraphs[note.citing_position]
    assert "66/288" not in para.text and "66/288" in para.footnotes[note.footnote_index].text
    assert html.count(f"cite:{note.id}") == 1


def test_an_internal_reference_scrolls_within_the_document(qtbot, window, library):
    """"上文第11段" in the draft decision of CBD/SBI/2/10 opens the draft's own paragraph 11."""
    note = library.resolve("CBD/SBI/2/10")
    open_and_wait(qtbot, window, note)
    view = window.doc_view
    link = next(c for c in view.citations.values() if c.internal and c.text == "上文第11段")
    click_citation(qtbot, window, link.id)
    qtbot.waitUntil(lambda: view.highlighted == link.resolved_position and not window.busy, timeout=TIMEOUT)
    assert view.document_id == note
    target, citing = view.parsed.paragraphs[link.resolved_position], view.parsed.paragraphs[link.citing_position]
    assert target.number == "11." and target.part == citing.part is not None
    assert view.is_position_visible(view.anchor_position(f"p{link.resolved_position}"))
