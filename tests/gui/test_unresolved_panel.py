"""View › Unresolved Citations groups by the missing document, its language forms inside
(issue 13, point 3), and loads off the GUI thread: the list first, a row's forms when it is
expanded, a citing paragraph's place when a row is activated."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict

import pytest

from briefdesk.core.document import (
    DocumentKind,
    ParagraphKind,
    ParsedDocument,
    ParsedParagraph,
)
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library
from briefdesk.core.unresolved import (
    paragraph_place,
    unresolved_forms,
    unresolved_groups,
)
from briefdesk.gui.tasks import wait_for_tasks
from briefdesk.gui.unresolved_panel import PARAGRAPH_ROLE
from tests.gui.heartbeat import Heartbeat

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


@pytest.fixture
def corpus_library(tmp_path, corpus):
    """Three General Assembly resolutions of the 75th session in their six languages (18 AKN files)."""
    lib = Library(tmp_path / "corpus.sqlite")
    folder = corpus / "akn" / "ga-75"
    files = sorted(path for number in ("75_100", "75_101A-B", "75_200") for path in folder.glob(f"*/{number}_?.xml"))
    assert len(files) == 18
    Importer(lib).import_paths(files)
    yield lib
    wait_for_tasks(30.0)
    lib.close()


def expand(qtbot, panel, row: int):
    """Expand group ``row`` in the view and wait for its forms to arrive; returns its index."""
    model = panel.model
    top = model.index(row, 0)
    panel.view.expand(top)
    qtbot.waitUntil(lambda: row in model.forms, timeout=TIMEOUT)
    return model.index(row, 0)


def test_groups_count_citations_and_documents_per_symbol_and_forms_per_language(library):
    groups = unresolved_groups(library)
    assert [(g.symbol, g.citations, g.documents) for g in groups] == [("74/1", 4, 3), ("73/5", 1, 1)]
    forms = {f.language: f for f in unresolved_forms(library, "74/1")}
    assert sorted(forms) == ["en", "fr", "zh"]
    assert (forms["en"].citations, forms["en"].documents, forms["en"].text) == (2, 1, "resolution 74/1")
    assert forms["zh"].text == "第74/1号决议" and forms["fr"].text == "résolution 74/1"
    assert paragraph_place(library, forms["zh"].paragraph_id) == (library.resolve("A/RES/75/900", language="zh"), 0)
    assert paragraph_place(library, groups[0].paragraph_id) == (library.resolve("A/RES/75/900", language="en"), 0)
    assert unresolved_forms(library, "99/99") == []
    # the flat list it replaces had one row per citation
    assert len(library.unresolved_citations()) == 5


def test_the_panel_shows_one_row_per_missing_document_and_opens_a_citing_paragraph(qtbot, main_window, library):
    window = main_window(library)
    window.unresolved_action.trigger()
    qtbot.waitUntil(lambda: window.unresolved_task is not None and window.unresolved_task.done, timeout=TIMEOUT)
    panel = window.unresolved_panel
    model = panel.model
    assert model.rowCount() == 2
    assert [model.index(0, c).data() for c in range(3)] == ["74/1", "4", "3"]
    assert model.hasChildren(model.index(0, 0)) and model.rowCount(model.index(0, 0)) == 0  # not fetched yet
    top = expand(qtbot, panel, 0)
    assert model.rowCount(top) == 3
    assert [model.index(r, 3, top).data() for r in range(3)] == ["resolution 74/1", "résolution 74/1", "第74/1号决议"]
    assert model.index(2, 0, top).data().endswith("(zh)")
    assert model.index(2, 0, top).parent() == top
    assert model.rowCount(model.index(1, 0)) == 0  # the other group is still unfetched
    assert "2" in window.unresolved_status.text()
    zh = model.index(2, 0, top)
    window.unresolved_view.activated.emit(zh)
    zh_document = library.resolve("A/RES/75/900", language="zh")
    qtbot.waitUntil(lambda: window.doc_view.document_id == zh_document and not window.busy, timeout=TIMEOUT)
    assert window.doc_view.highlighted == 0


@pytest.mark.corpus
def test_real_resolutions_one_row_per_cited_symbol_with_its_language_forms(qtbot, main_window, corpus_library):
    """On real AKN files, the panel agrees with the flat list of unresolved citations counted by hand."""
    library = corpus_library
    language = {s.id: s.language for s in library.summaries()}
    links = library.unresolved_citations()
    assert links, "the chosen resolutions cite documents outside the library"
    citations = Counter(link.target_symbol for link in links)
    documents = defaultdict(set)
    by_language: dict[str, Counter] = defaultdict(Counter)
    for link in links:
        documents[link.target_symbol].add(link.citing_document_id)
        by_language[link.target_symbol][language[link.citing_document_id]] += 1

    window = main_window(library)
    window.unresolved_action.trigger()
    qtbot.waitUntil(lambda: window.unresolved_task is not None and window.unresolved_task.done, timeout=TIMEOUT)
    panel = window.unresolved_panel
    model = panel.model
    symbols = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert sorted(symbols) == sorted(citations)  # one row per cited symbol, each once
    counts = [citations[s] for s in symbols]
    assert counts == sorted(counts, reverse=True)  # the most cited first
    for row, symbol in enumerate(symbols):
        assert model.index(row, 1).data() == str(citations[symbol])
        assert model.index(row, 2).data() == str(len(documents[symbol]))
    multilingual = [row for row, s in enumerate(symbols) if len(by_language[s]) > 1]
    assert multilingual, "a symbol cited by several language versions"
    for row in multilingual[:3] + [len(symbols) - 1]:
        top = expand(qtbot, panel, row)
        forms = [model.index(r, 0, top) for r in range(model.rowCount(top))]
        symbol = symbols[row]
        assert [f.data(PARAGRAPH_ROLE) is not None for f in forms] == [True] * len(by_language[symbol])
        assert {language: int(model.index(r, 1, top).data())
                for r, language in enumerate(f.language for f in model.forms[row])} == by_language[symbol]
        for r, form in enumerate(model.forms[row]):
            assert model.index(r, 3, top).data() == form.text
            assert any(link.text == form.text and link.target_symbol == symbol for link in links)


def test_the_window_keeps_running_while_the_list_and_the_forms_load(qtbot, main_window, library, monkeypatch):
    """The queries run on worker threads: while one is held there, the GUI thread's 10 ms timer
    keeps ticking and the panel says it is loading; once let go, the rows appear."""
    from briefdesk.gui import unresolved_panel

    threads = []
    gate = threading.Event()

    def held(real):
        def run(*args, **kwargs):
            threads.append(threading.current_thread())
            assert gate.wait(30), "the test never let the query go"
            return real(*args, **kwargs)
        return run

    monkeypatch.setattr(unresolved_panel, "unresolved_groups", held(unresolved_groups))
    monkeypatch.setattr(unresolved_panel, "unresolved_forms", held(unresolved_forms))
    window = main_window(library)
    with Heartbeat() as beat:
        window.unresolved_action.trigger()
        qtbot.wait(300)
        assert not window.unresolved_task.done
        assert window.unresolved_status.text() == "Loading…"
    assert len(beat.ticks) >= 5, beat.gaps  # the timer ran (a loaded machine may delay it, not stop it)
    assert max(beat.own_gaps) < 0.1, beat.own_gaps
    gate.set()
    qtbot.waitUntil(lambda: window.unresolved_task.done, timeout=TIMEOUT)
    assert window.unresolved_panel.model.rowCount() == 2
    gate.clear()
    panel = window.unresolved_panel
    with Heartbeat() as beat:
        panel.view.expand(panel.model.index(0, 0))
        qtbot.waitUntil(lambda: panel.forms_task is not None, timeout=TIMEOUT)
        qtbot.wait(300)
        assert not panel.forms_task.done and panel.model.rowCount(panel.model.index(0, 0)) == 0
    assert len(beat.ticks) >= 5 and max(beat.own_gaps) < 0.1, beat.own_gaps
    gate.set()
    qtbot.waitUntil(lambda: panel.forms_task.done, timeout=TIMEOUT)
    assert panel.model.rowCount(panel.model.index(0, 0)) == 3
    assert len(threads) == 2 and all(t is not threading.main_thread() for t in threads)


def test_hiding_the_panel_lets_the_list_go_and_showing_it_reads_it_again(qtbot, main_window, library):
    window = main_window(library)
    window.unresolved_action.trigger()
    qtbot.waitUntil(lambda: window.unresolved_task.done, timeout=TIMEOUT)
    panel = window.unresolved_panel
    assert panel.model.rowCount() == 2
    window.unresolved_action.trigger()  # hide
    assert not window.unresolved_dock.isVisible()
    assert panel.model.rowCount() == 0 and panel.groups == []
    window.unresolved_action.trigger()  # show again
    qtbot.waitUntil(lambda: window.unresolved_task.done and panel.model.rowCount() == 2, timeout=TIMEOUT)
    assert panel.model.index(0, 2).data() == "3"


def test_an_answer_for_a_list_hidden_meanwhile_is_dropped(qtbot, main_window, library):
    window = main_window(library)
    window.unresolved_action.trigger()
    window.unresolved_action.trigger()  # hidden before the worker answers
    qtbot.waitUntil(lambda: window.unresolved_task.done, timeout=TIMEOUT)
    wait_for_tasks(30.0)
    qtbot.wait(50)
    assert window.unresolved_panel.model.rowCount() == 0


def test_the_model_keeps_qt_s_rules_through_batches_and_fetched_forms(qtmodeltester, library, monkeypatch):
    """Qt's own model checker over more groups than one batch, with the forms of some fetched."""
    from briefdesk.core.unresolved import UnresolvedForm, UnresolvedGroup
    from briefdesk.gui import unresolved_panel
    from briefdesk.gui.qt import QModelIndex
    from briefdesk.gui.unresolved_panel import UnresolvedModel

    monkeypatch.setattr(unresolved_panel, "BATCH", 7)
    model = UnresolvedModel()
    asked = []
    model.load_forms = lambda generation, row, symbol: asked.append((generation, row, symbol))
    groups = unresolved_groups(library)
    forms = unresolved_forms(library, groups[0].symbol)
    many = [UnresolvedGroup(f"{g.symbol}-{i}", g.citations, g.documents, g.paragraph_id)
            for i in range(10) for g in groups]
    model.set_groups(many)
    assert model.rowCount() == 7 and model.canFetchMore(QModelIndex())
    model.add_forms(model.generation, 0, forms)
    model.add_forms(model.generation, 3, [])
    model.add_forms(model.generation - 1, 4, forms)  # an answer for an older list: dropped
    assert model.rowCount(model.index(0, 0)) == 3 and not model.hasChildren(model.index(3, 0))
    assert model.rowCount(model.index(4, 0)) == 0 and model.canFetchMore(model.index(4, 0))
    model.fetchMore(model.index(4, 0))
    assert asked == [(model.generation, 4, many[4].symbol)] and not model.canFetchMore(model.index(4, 0))
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore(QModelIndex()):  # the view asks for more as the list is scrolled
        model.fetchMore(QModelIndex())
    assert model.rowCount() == len(many) == 20
    assert isinstance(model.forms[0][0], UnresolvedForm)
