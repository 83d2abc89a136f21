"""The library tree shows a document once whatever languages it is held in (issue 14): badges for
the languages, the version opened in the first preferred language, "Read in" another language at
the same paragraph, canonical bodies, Arabic dates in order."""

from __future__ import annotations

import datetime as dt

import pytest

from briefdesk.core import i18n, languages
from briefdesk.core.library import bare
from briefdesk.gui.models import DOCUMENT_ID_ROLE, VERSIONS_ROLE, LibraryModel, _when
from briefdesk.gui.qt import QModelIndex

pytestmark = pytest.mark.corpus

LANGS = {"Arabic": "A", "Chinese": "C", "English": "E", "French": "F", "Russian": "R", "Spanish": "S"}
TIMEOUT = 60_000


def six(corpus, number="100"):
    return [corpus / "akn" / "ga-75" / folder / f"75_{number}_{letter}.xml" for folder, letter in LANGS.items()]


@pytest.fixture
def window(main_window, library, qtbot, corpus):
    i18n.set_language("en")
    w = main_window(library)
    w.import_paths(six(corpus) + six(corpus, "161")[:1])
    qtbot.waitUntil(lambda: w.import_task is not None and w.import_task.done
                    and w.last_import_summary is not None, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not w.busy and w.library_model.rowCount() > 0, timeout=TIMEOUT)
    yield w
    i18n.set_language("en")


def document_rows(model) -> list[QModelIndex]:
    out = []

    def walk(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(DOCUMENT_ID_ROLE) is not None:
                out.append(index)
            walk(index)

    walk(QModelIndex())
    return out


def test_tree_shows_one_row_with_language_badges(window, library):
    model = window.library_model
    assert model.rowCount() == 1 and model.index(0, 0).data() == "General Assembly"
    rows = document_rows(model)
    assert [r.data() for r in rows] == ["A/RES/75/100", "A/RES/75/161"]
    badges = rows[0].siblingAtColumn(3).data()
    assert badges == "ar en es fr ru zh"
    assert rows[1].siblingAtColumn(3).data() == "ar"
    versions = rows[0].data(VERSIONS_ROLE)
    assert set(versions) == {"ar", "en", "es", "fr", "ru", "zh"} and len(model.document_ids()) == 7
    # every language version finds its row
    for doc_id in versions.values():
        assert model.index_of_document(doc_id) == rows[0]
    # the Body filter offers the General Assembly once, named in the interface language
    combo = window.search_panel.filter_bar.combos["body"]
    assert [(combo.itemText(i), combo.itemData(i)) for i in range(1, combo.count())] == [("General Assembly", "ga")]


def test_opening_picks_the_preferred_language(window, library, qtbot, monkeypatch):
    row = window.library_proxy.mapFromSource(document_rows(window.library_model)[0])
    versions = row.data(VERSIONS_ROLE)
    window.tree.setCurrentIndex(row)
    qtbot.waitUntil(lambda: window.doc_view.document_id == versions["en"], timeout=TIMEOUT)
    # a preference list (as Preferences will set it) puts Spanish first
    monkeypatch.setattr(languages, "preference",
                        lambda key, default=None: ["es", "fr"] if key == languages.DOCUMENT_LANGUAGES_KEY else default)
    window.refresh_library()
    qtbot.waitUntil(lambda: not window.busy, timeout=TIMEOUT)
    row = window.library_model.index_of_document(versions["es"])
    assert row.data(DOCUMENT_ID_ROLE) == versions["es"]
    # under the Arabic interface with no preference list, Arabic comes first
    monkeypatch.setattr(languages, "preference", lambda key, default=None: default)
    i18n.set_language("ar")
    rows = LibraryModel.build_rows(library.summaries())
    assert rows.rows[versions["en"]].data(DOCUMENT_ID_ROLE) == versions["ar"]
    assert rows.bodies[0][0].text() == "الجمعية العامة"


def test_switching_language_keeps_the_paragraph(window, library, qtbot):
    row = document_rows(window.library_model)[0]
    versions = row.data(VERSIONS_ROLE)
    english = library.parsed(versions["en"])
    position = next(i for i, p in enumerate(english.paragraphs) if p.kind == "operative" and bare(p.number) == "7")
    task = window.open_document(versions["en"], highlight=position)
    qtbot.waitUntil(lambda: task.done and window.doc_view.document_id == versions["en"], timeout=TIMEOUT)
    window.doc_view.go_to_paragraph(position)
    menu = window.language_switch.menu(window.library_proxy.mapFromSource(row))
    labels = [a.text() for a in menu.actions()]
    assert len(labels) == 6 and "Read in French" in labels
    assert [a.isChecked() for a in menu.actions()] == [a.data() == "en" for a in menu.actions()]
    french_action = next(a for a in menu.actions() if a.data() == "fr")
    french_action.trigger()
    qtbot.waitUntil(lambda: window.doc_view.document_id == versions["fr"], timeout=TIMEOUT)
    french = library.parsed(versions["fr"])
    shown = window.doc_view.highlighted
    assert shown is not None and bare(french.paragraphs[shown].number) == "7"
    assert french.paragraphs[shown].kind == "operative"
    # the tree row stays selected: the French version is the same document
    assert window.tree.currentIndex().data() == "A/RES/75/100"
    # and on to Arabic, still paragraph 7
    window.language_switch.read_in("ar")
    qtbot.waitUntil(lambda: window.doc_view.document_id == versions["ar"], timeout=TIMEOUT)
    arabic = library.parsed(versions["ar"])
    assert bare(arabic.paragraphs[window.doc_view.highlighted].number) == "7"


def test_arabic_dates_keep_their_order():
    try:
        i18n.set_language("ar")
        text = _when(dt.date(2020, 12, 7), None, None)
        assert text.startswith("\u2068") and text.endswith("\u2069")  # isolated from the cell's direction
        inner = text[1:-1]
        assert inner == i18n.format_date(dt.date(2020, 12, 7), format="medium")
        digits = "".join(c for c in inner if c.isdigit())
        assert digits in ("07122020", "٠٧١٢٢٠٢٠")
    finally:
        i18n.set_language("en")
