"""The window's search as a delegate uses it, on real documents.

One library per module (forty Chinese General Assembly resolutions, the
English and French versions of A/RES/75/100 and the CBD seeds), opened in a
fresh :class:`MainWindow` per test.  Typing goes through real key events
(and input-method commits for Chinese); searches run on the real task
helper, so tests wait with ``qtbot.waitUntil``.
"""

from __future__ import annotations

import re
import threading
import time

import pytest

from briefdesk.core.document import ParagraphKind
from briefdesk.core.importer import Importer, ImportStatus
from briefdesk.core.library import Library
from briefdesk.core.search import SearchFilters
from briefdesk.gui.docview import paragraph_anchor
from briefdesk.gui.models import HIT_ROLE, HTML_ROLE, LANDING_ROLE, HitModel, spans_html
from briefdesk.gui.qt import QApplication, QDate, QInputMethodEvent, QPoint, Qt
from briefdesk.gui.search_panel import DEBOUNCE_MS, PAGE_SIZE, language_name
from briefdesk.gui.tasks import wait_for_tasks

pytestmark = pytest.mark.corpus

TIMEOUT = 60_000


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    from tests.conftest import corpus_path

    corpus = corpus_path()
    ga = corpus / "akn" / "ga-75"
    chinese = sorted((ga / "Chinese").glob("*.xml"))[:40]
    paths = chinese + [ga / "English" / "75_100_E.xml", ga / "French" / "75_100_F.xml",
                       *sorted((corpus / "seeds").glob("00[02]_*.txt"))]
    lib = Library(tmp_path_factory.mktemp("search-gui") / "library.sqlite")
    results = Importer(lib).import_paths(paths)
    assert all(r.status is ImportStatus.IMPORTED for r in results), [r.describe() for r in results]
    yield lib
    wait_for_tasks(30.0)
    lib.close()


@pytest.fixture
def window(main_window, library):
    return main_window(library, (1400, 900))


def commit(box, text: str) -> None:
    """Type ``text`` the way an input method commits it (Chinese), one commit per character."""
    box.setFocus()
    for ch in text:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(box, event)


def wait_results(qtbot, panel, text: str) -> None:
    qtbot.waitUntil(lambda: panel.request is not None and panel.request.text == text and not panel.busy
                    and not panel.debounce.isActive(), timeout=TIMEOUT)


def test_typing_searches_once_after_a_pause_and_highlights_every_hit(qtbot, window, library, monkeypatch):
    panel = window.search_panel
    calls = []
    real = library.search
    monkeypatch.setattr(library, "search", lambda text, **kw: calls.append(text) or real(text, **kw))
    assert panel.debounce.interval() == DEBOUNCE_MS and 150 <= DEBOUNCE_MS <= 250
    qtbot.keyClicks(window.search_box, "sustainable")  # faster than the debounce: one search
    assert calls == [] and panel.debounce.isActive()
    wait_results(qtbot, panel, "sustainable")
    assert calls == ["sustainable"]
    assert panel.isVisible() and panel.hits
    for hit in panel.hits:
        spans = [hit.snippet.text[a:b].casefold() for a, b in hit.snippet.spans]
        assert spans and all(s.startswith("sustainab") for s in spans)
    # Every span is painted highlighted: as many highlight runs as spans, each with the span's text.
    row = 0
    hit = panel.hit_model.index(row, 0).data(HIT_ROLE)
    html = panel.hit_model.index(row, HitModel.SNIPPET_COLUMN).data(HTML_ROLE)
    marked = re.findall(r"<span style=\"background-color:[^\"]+; font-weight:bold\">(.*?)</span>", html)
    assert marked == [hit.snippet.text[a:b] for a, b in hit.snippet.spans]
    assert panel.hit_model.index(row, 2).data() in ("preambular", "operative", "body", "heading")

    # Chinese, typed through the input method character by character: every occurrence highlighted.
    window.search_box.clear()
    commit(window.search_box, "发展")
    wait_results(qtbot, panel, "发展")
    assert panel.hits and all("发展" in h.snippet.text for h in panel.hits)
    for h in panel.hits:
        assert [h.snippet.text[a:b] for a, b in h.snippet.spans] == ["发展"] * h.snippet.text.count("发展")
    assert "发展</span>" in panel.hit_model.index(0, HitModel.SNIPPET_COLUMN).data(HTML_ROLE)

    # ↓ goes from the box to the first result; Enter there opens it at its paragraph.
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert panel.hits_view.hasFocus() and panel.hits_view.currentIndex().row() == 0
    qtbot.keyClick(panel.hits_view, Qt.Key.Key_Return)
    first = panel.hits[0]
    qtbot.waitUntil(lambda: window.doc_view.document_id == first.document_id
                    and window.doc_view.highlighted == first.position, timeout=TIMEOUT)
    # The document marks every 发展 it prints, the hit's paragraph included.
    view = window.doc_view
    marked = window.compare_view.marked_words()
    assert marked and set(marked) == {"发展"}
    assert len(marked) == view.toPlainText().count("发展")
    anchor = view.anchor_position(paragraph_anchor(first.position))
    following = view.anchor_position(paragraph_anchor(first.position + 1)) or len(view.toPlainText())
    assert any(anchor <= s.cursor.selectionStart() < following for s in view.extraSelections())
    # A document opened from the tree carries no marks.
    other = next(s.id for s in library.summaries() if s.id != first.document_id)
    window.open_document(other)
    qtbot.waitUntil(lambda: window.doc_view.document_id == other, timeout=TIMEOUT)
    assert window.compare_view.marked_words() == []


def test_spans_never_split_characters_outside_the_basic_plane():
    text = "𠀀𠀁发展中国家𠀂"  # CJK Extension B characters are two UTF-16 units each
    html = spans_html(text, [(3, 5), (7, 8)])
    assert re.findall(r">([^<]+)</span>", html) == ["展中", "𠀂"]
    assert html.startswith("𠀀𠀁发<span")


def test_a_slow_old_query_never_overwrites_a_newer_one(qtbot, window, library, monkeypatch):
    panel = window.search_panel
    real = library.search
    release = threading.Event()

    def search(text, **kw):
        if text == "妇女":
            release.wait(20)  # the first query is slow
        return real(text, **kw)

    monkeypatch.setattr(library, "search", search)
    window.search_box.setText("妇女")
    qtbot.waitUntil(lambda: panel.busy, timeout=TIMEOUT)
    first = panel.task
    window.search_box.setText("海洋")
    wait_results(qtbot, panel, "海洋")
    oceans = [h.paragraph_id for h in panel.hits]
    assert oceans and not first.done
    release.set()
    qtbot.waitUntil(lambda: first.done, timeout=TIMEOUT)
    QApplication.processEvents()
    assert [h.paragraph_id for h in panel.hits] == oceans
    assert panel.request.text == "海洋" and "海洋" in panel.status.text()
    assert all("海洋" in h.snippet.text for h in panel.hits)


def test_the_window_keeps_running_while_a_search_is_slow(qtbot, window, library, monkeypatch):
    from tests.gui.heartbeat import Heartbeat

    panel = window.search_panel
    real = library.search
    monkeypatch.setattr(library, "search", lambda text, **kw: (time.sleep(1.0), real(text, **kw))[1])
    with Heartbeat() as beat:
        panel.run_search("妇女")
        wait_results(qtbot, panel, "妇女")
    assert len(beat.ticks) > 50
    # the window's own gaps (time waiting for a CPU that other processes held is not its doing)
    assert max(beat.own_gaps) < 0.1, max(beat.own_gaps)
    if not beat.oversubscribed:
        assert max(beat.gaps) < 0.1, max(beat.gaps)


def test_load_more_adds_the_next_page(qtbot, window, library):
    panel = window.search_panel
    window.search_box.setText("发展")
    wait_results(qtbot, panel, "发展")
    assert len(panel.hits) == PAGE_SIZE and panel.more_available and panel.more_button.isVisible()
    first_page = [h.paragraph_id for h in panel.hits]
    panel.more_button.click()
    qtbot.waitUntil(lambda: len(panel.hits) > PAGE_SIZE and not panel.busy, timeout=TIMEOUT)
    ids = [h.paragraph_id for h in panel.hits]
    assert ids[:PAGE_SIZE] == first_page and len(set(ids)) == len(ids)
    expected = library.search("发展", limit=PAGE_SIZE, offset=PAGE_SIZE)
    assert ids[PAGE_SIZE:] == [h.paragraph_id for h in expected]
    assert panel.hit_model.rowCount() == len(ids)


def test_filters_come_from_the_library_and_narrow_the_results(qtbot, window, library):
    panel = window.search_panel
    bar = panel.filter_bar
    facets = library.facets()
    for key, combo in bar.combos.items():
        offered = [combo.itemData(i) for i in range(1, combo.count())]
        assert offered == [v for v in facets[key] if v]
    assert {"zh", "en", "fr"} <= set(facets["language"])
    assert bar.combos["language"].itemText(bar.combos["language"].findData("zh")) == language_name("zh")
    assert language_name("zh").startswith("中文")

    window.search_box.setText("missions")  # "special political missions", "missions politiques spéciales"
    wait_results(qtbot, panel, "missions")
    assert {h.language for h in panel.hits} == {"en", "fr"}
    bar.set_value("language", "fr")
    wait_results(qtbot, panel, "missions")
    assert panel.request.filters == SearchFilters(language="fr")
    assert panel.hits and {h.language for h in panel.hits} == {"fr"}
    bar.set_value("language", "en")
    bar.set_value("paragraph_kind", ParagraphKind.OPERATIVE.value)
    wait_results(qtbot, panel, "missions")
    assert panel.hits and all(h.language == "en" and h.paragraph_kind == "operative" for h in panel.hits)
    assert all(h.paragraph_number for h in panel.hits)
    assert "(filtered)" in panel.status.text()

    # Body and session: the CBD decision of the seeds, typed in Chinese.
    bar.set_value("language", None)
    bar.set_value("paragraph_kind", None)
    cbd = next(s for s in library.summaries() if s.symbol and "XII/6" in s.symbol)
    bar.set_value("body", cbd.body_code)  # the canonical body (issue 14), named in the interface language
    assert cbd.body_code == "cbd-cop" and bar.combos["body"].currentText().startswith("Conference of the Parties")
    # one entry per session, whatever language its documents print its name in (issue 14)
    group = library.sessions_of_library()[(cbd.body_code, cbd.session)]
    offered = [bar.combos["session"].itemData(i) for i in range(1, bar.combos["session"].count())]
    assert offered.count(group.name()) == 1
    bar.set_value("session", group.name())
    window.search_box.setText("生物多样性")
    wait_results(qtbot, panel, "生物多样性")
    assert panel.hits and {h.document_id for h in panel.hits} == {cbd.id}

    # A date range: the General Assembly's 75th-session resolutions are dated December 2020 or later.
    bar.set_value("body", None)
    bar.set_value("session", None)
    window.search_box.setText("发展")
    bar.set_dates(None, __import__("datetime").date(2019, 12, 31))
    wait_results(qtbot, panel, "发展")
    dated = {s.id: s.date or s.start_date for s in library.summaries()}
    assert panel.request.filters.date_to.year == 2019
    assert panel.hits and {h.symbol for h in panel.hits} <= {s.symbol for s in library.summaries()
                                                             if s.body != "大会"}
    assert all(dated[h.document_id] is not None and dated[h.document_id].year <= 2019 for h in panel.hits)
    bar.date_to.setDate(QDate(1945, 1, 1))  # back to "any date"
    # A filter at "any date" opens its calendar on this month, not in 1945.
    edit = bar.date_from
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible, timeout=5000)
    assert (calendar.yearShown(), calendar.monthShown()) == (QDate.currentDate().year(), QDate.currentDate().month())
    calendar.window().hide()
    assert edit.date() == QDate(1945, 1, 1)
    wait_results(qtbot, panel, "发展")
    assert panel.request.filters == SearchFilters() and len(panel.hits) == PAGE_SIZE


@pytest.mark.parametrize("typed", ["XII/6 21", "第XII/6号决定第21段", "decision XII/6 para 21"])
def test_a_typed_citation_lands_on_enter(qtbot, window, library, typed):
    panel = window.search_panel
    window.search_box.setFocus()
    window.search_box.setText(typed)
    wait_results(qtbot, panel, typed)
    landing = panel.landing
    assert landing is not None and panel.hit_model.index(0, 0).data(LANDING_ROLE) == landing
    assert panel.hit_model.index(0, 0).data().startswith("Go to ") and "XII/6" in landing.label
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    view = window.doc_view
    qtbot.waitUntil(lambda: view.document_id == landing.document_id and view.highlighted == landing.position,
                    timeout=TIMEOUT)
    paragraph = view.parsed.paragraphs[landing.position]
    assert paragraph.number.strip().rstrip(".") == "21" and paragraph.kind == ParagraphKind.OPERATIVE
    assert "XII/6" in (view.parsed.symbol or "")
    position = view.anchor_position(paragraph_anchor(landing.position))
    qtbot.waitUntil(lambda: view.is_position_visible(position), timeout=5000)


def test_enter_before_the_debounce_fires_still_lands(qtbot, window, library):
    panel = window.search_panel
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "A/RES/75/100 4")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # at once, no pause
    view = window.doc_view
    qtbot.waitUntil(lambda: view.parsed is not None and view.highlighted is not None, timeout=TIMEOUT)
    assert view.parsed.symbol == "A/RES/75/100"
    assert view.parsed.paragraphs[view.highlighted].number.strip().rstrip(".") == "4"
    assert panel.landing.document_id == view.document_id


def test_the_landing_row_opens_like_enter(qtbot, window, library):
    panel = window.search_panel
    window.search_box.setText("CBD/SBI/2/10")
    wait_results(qtbot, panel, "CBD/SBI/2/10")
    assert panel.landing is not None
    panel.hits_view.activated.emit(panel.hit_model.index(0, 0))
    qtbot.waitUntil(lambda: window.doc_view.document_id == panel.landing.document_id, timeout=TIMEOUT)
    assert window.doc_view.parsed.symbol == "CBD/SBI/2/10"


def test_odd_input_gives_results_or_a_plain_message(qtbot, window):
    panel = window.search_panel
    for text in ['"', "(", "NEAR(", "*", "-", "AND", '"关爱海岸', "[brackets]", "-森林"]:
        window.search_box.setText(text)
        panel.run_search()
        wait_results(qtbot, panel, text)
        assert window.last_error is None
        message = panel.status.text()
        assert message and "sqlite" not in message.casefold() and "fts5" not in message.casefold(), message
