"""View › Unresolved Citations groups by the missing document, its language forms inside
(issue 13, point 3), and loads off the GUI thread."""

from __future__ import annotations

import pytest

from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from briefdesk.core.library import Library
from briefdesk.core.unresolved import unresolved_groups
from briefdesk.gui.tasks import wait_for_tasks
from briefdesk.gui.unresolved_panel import PLACE_ROLE

TIMEOUT = 60_000

TEXTS = {  # one resolution in three languages citing 74/1 (twice in English) and 73/5
    "en": ["Recalling its resolution 74/1 of 10 October 2019 and resolution 73/5,",
           "Decides to review resolution 74/1 at its next session;"],
    "fr": ["Rappelant sa résolution 74/1,", "Décide de poursuivre l'examen de la question;"],
    "zh": ["回顾其第74/1号决议，", "决定继续审议该问题；"],
}


def _resolution(language: str, symbol: str = "A/RES/75/900") -> ParsedDocument:
    first, second = TEXTS[language]
    return ParsedDocument(symbol=symbol, title="Test", body="General Assembly", session="75", language=language,
                          kind=DocumentKind.RESOLUTION,
                          paragraphs=[ParsedParagraph(ParagraphKind.PREAMBULAR, first),
                                      ParsedParagraph(ParagraphKind.OPERATIVE, second, "1.")])


@pytest.fixture
def library(tmp_path):
    lib = Library(tmp_path / "library.sqlite")
    for i, language in enumerate(TEXTS):
        lib.add(_resolution(language), content_hash=f"h{i}", source_name=f"{language}.xml")
    yield lib
    wait_for_tasks(30.0)
    lib.close()


def test_groups_count_citations_and_documents_per_symbol_and_language(library):
    groups = unresolved_groups(library)
    assert [(g.symbol, g.citations, g.documents) for g in groups] == [("74/1", 4, 3), ("73/5", 1, 1)]
    forms = {f.language: f for f in groups[0].forms}
    assert sorted(forms) == ["en", "fr", "zh"]
    assert (forms["en"].citations, forms["en"].documents, forms["en"].text) == (2, 1, "resolution 74/1")
    assert forms["zh"].text == "第74/1号决议" and forms["fr"].text == "résolution 74/1"
    assert forms["zh"].document_id == library.resolve("A/RES/75/900", language="zh")
    assert forms["zh"].position == 0
    # the flat list it replaces had one row per citation
    assert len(library.unresolved_citations()) == 5


def test_the_panel_shows_one_row_per_missing_document_and_opens_a_citing_paragraph(qtbot, main_window, library):
    window = main_window(library)
    window.unresolved_action.trigger()
    qtbot.waitUntil(lambda: window.unresolved_task is not None and window.unresolved_task.done, timeout=TIMEOUT)
    model = window.unresolved_panel.model
    assert model.rowCount() == 2
    top = model.index(0, 0)
    assert [model.index(0, c).data() for c in range(4)] == ["74/1", "4", "3", "en, fr, zh"]
    assert model.rowCount(top) == 3
    assert [model.index(r, 3, top).data() for r in range(3)] == ["resolution 74/1", "résolution 74/1", "第74/1号决议"]
    assert model.index(2, 0, top).data().endswith("(zh)")
    assert model.index(2, 0, top).parent() == top
    assert "2" in window.unresolved_status.text()
    zh = model.index(2, 0, top)
    target = zh.data(PLACE_ROLE)
    window.unresolved_view.activated.emit(zh)
    qtbot.waitUntil(lambda: window.doc_view.document_id == target[0] and not window.busy, timeout=TIMEOUT)
    assert window.doc_view.highlighted == 0


def test_the_list_loads_off_the_gui_thread(qtbot, main_window, library, monkeypatch):
    import threading

    from briefdesk.gui import unresolved_panel

    threads = []
    real = unresolved_panel.unresolved_groups
    monkeypatch.setattr(unresolved_panel, "unresolved_groups",
                        lambda lib: threads.append(threading.current_thread()) or real(lib))
    window = main_window(library)
    task = window.refresh_unresolved()
    qtbot.waitUntil(lambda: task.done, timeout=TIMEOUT)
    assert threads and threads[0] is not threading.main_thread()
    assert window.unresolved_panel.model.rowCount() == 2
