"""Drive the real main window on a temporary library: import, browse, search, open, export.

Imports go through ``MainWindow.import_paths`` (what File › Import calls
after its dialog) or through the menu action itself with the dialog patched;
work runs on the real task helper, so tests wait with ``qtbot.waitUntil``.
"""

from __future__ import annotations

import re

import pytest

from briefdesk.core.bodies import body_label
from briefdesk.core.document import ParagraphKind
from briefdesk.core.i18n import _
from briefdesk.core.importer import ImportStatus, collect_files, read_document
from briefdesk.gui.docview import paragraph_anchor
from briefdesk.gui.models import DOCUMENT_ID_ROLE, HTML_ROLE, HitModel, natural_key
from briefdesk.gui.qt import QApplication, QDropEvent, QInputMethodEvent, QFileDialog, QMimeData, QPointF, Qt, QUrl

pytestmark = pytest.mark.corpus

AKN_ZH = ("75_101A-B_C.xml", "75_161_C.xml", "75_100_C.xml")
TIMEOUT = 60_000


@pytest.fixture
def window(main_window, library):
    w = main_window(library)  # the library list loads off the GUI thread
    yield w
    for task in (w.import_task, w.search_task, w.export_task):
        if task is not None and not task.done:
            task.cancel()


def wait_import(qtbot, window):
    qtbot.waitUntil(lambda: window.import_task is not None and window.import_task.done
                    and window.last_import_summary is not None, timeout=TIMEOUT)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_empty_library_shows_how_to_import(window):
    assert window.is_empty_shown
    text = window.empty_label.text()
    assert "Import" in text and "briefdesk import PATH" in text and "drag" in text
    assert window.windowTitle() == f"BriefDesk — {window.library.display_location}"
    assert not window.export_action.isEnabled()


def test_import_browse_search_open_export(qtbot, window, library, corpus, seeds, tmp_path, monkeypatch):
    paths = [next(seeds.glob("000_*.txt")), next(seeds.glob("002_*.txt"))]
    paths += [corpus / "akn" / "ga-75" / "Chinese" / name for name in AKN_ZH[:2]]
    window.import_paths(paths)
    assert window.progress_bar.isVisible() and window.cancel_button.isVisible()
    wait_import(qtbot, window)

    results = window.last_import_results
    assert [r.status for r in results] == [ImportStatus.IMPORTED] * len(paths), [r.describe() for r in results]
    assert "{n} documents imported".format(n=len(paths)) in window.last_import_summary.text()
    assert not window.progress_bar.isVisible()

    # The library tree shows every imported document, grouped by body and session.
    assert not window.is_empty_shown
    assert sorted(window.library_model.document_ids()) == sorted(r.document_id for r in results)
    # the count stays in the status bar, whatever message comes and goes
    count = window.count_label.text()
    assert count.endswith("in the library") and count.split()[0] == str(len(library.works()))
    window.statusBar().showMessage("something else", 10)
    qtbot.wait(50)
    assert window.count_label.isVisible() and window.count_label.text() == count
    for w in library.works():
        s = w.version
        index = window.library_model.index_of_document(s.id)
        assert index.data() == (s.symbol or f"#{s.id}")
        # the session as the reader's language names it: one group whatever the documents write (issue 14)
        assert index.parent().data() == (w.session or "(no session)")
        assert index.parent().parent().data() == (body_label(s.body_code) or "(no body)")  # canonical

    # Search 森林 as a delegate would type it; the debounce runs it off the GUI thread.
    # Chinese is typed through an input method: its commit string lands in the box.
    window.search_box.setFocus()
    typed = QInputMethodEvent()
    typed.setCommitString("森林")
    QApplication.sendEvent(window.search_box, typed)
    assert window.search_box.text() == "森林"
    qtbot.waitUntil(lambda: window.search_panel.hit_model.rowCount() > 0, timeout=TIMEOUT)
    assert window.results_panel.isVisible()
    hits = window.search_panel.hits
    assert all("森林" in h.snippet.text for h in hits)
    snippet = window.search_panel.hit_model.index(0, HitModel.SNIPPET_COLUMN).data(HTML_ROLE)
    assert re.search(r"<span[^>]*font-weight:bold[^>]*>森林</span>", snippet)
    assert {h.document_id for h in hits} <= {r.document_id for r in results}

    # Activating the first hit opens its document at that paragraph, highlighted and in view.
    first = window.search_panel.hit_model.index(0, 0)
    window.search_panel.hits_view.activated.emit(first)
    qtbot.waitUntil(lambda: window.open_task is not None and window.open_task.done, timeout=TIMEOUT)
    hit = hits[0]
    view = window.doc_view
    assert view.document_id == hit.document_id and view.highlighted == hit.position
    parsed = library.parsed(hit.document_id)
    assert parsed.symbol and parsed.symbol in view.toPlainText()
    position = view.anchor_position(paragraph_anchor(hit.position))
    assert position is not None
    qtbot.waitUntil(lambda: view.is_position_visible(position), timeout=5000)
    paragraph = parsed.paragraphs[hit.position]
    cut = min([f.offset for f in paragraph.footnotes if f.offset is not None] + [len(paragraph.text)])
    shown = squeeze(view.toPlainText()[position:position + len(paragraph.text) + 200])
    assert squeeze(paragraph.text[:cut]) in shown
    # The tree follows: the opened document is the current row.
    assert window.tree.currentIndex().data(DOCUMENT_ID_ROLE) == hit.document_id

    # File › Export PDF… with the save dialog answered.
    pytest.importorskip("briefdesk.core.render.pdf")
    from pypdf import PdfReader

    target = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.export_action.isEnabled()
    window.export_action.trigger()
    qtbot.waitUntil(lambda: window.last_export is not None or window.last_error is not None, timeout=TIMEOUT)
    assert window.last_error is None, window.last_error.text()
    written, pages = window.last_export
    assert written == target and pages >= 1
    reader = PdfReader(str(target))
    assert len(reader.pages) == pages
    pdf_text = squeeze("".join(page.extract_text() or "" for page in reader.pages))
    operative = parsed.numbered(ParagraphKind.OPERATIVE)[0]
    assert squeeze(operative.text[:60]) in pdf_text
    assert str(pages) in window.statusBar().currentMessage()


def test_cancel_keeps_only_fully_imported_documents(qtbot, window, library, corpus):
    folder = corpus / "akn" / "ga-75" / "Chinese"
    total = len(collect_files([folder]))
    window.import_paths([folder])
    qtbot.waitUntil(lambda: window.progress_bar.maximum() == total and window.progress_bar.value() >= 3,
                    timeout=TIMEOUT)
    window.cancel_button.click()
    wait_import(qtbot, window)

    results = window.last_import_results
    assert 3 <= len(results) < total
    assert "cancelled" in window.last_import_summary.informativeText()
    imported = [r for r in results if r.status is ImportStatus.IMPORTED]
    assert library.count() == len(imported)
    assert sorted(window.library_model.document_ids()) == sorted(r.document_id for r in imported)
    for r in imported:  # each stored document is whole: every paragraph of its file is there
        assert len(library.parsed(r.document_id).paragraphs) == len(read_document(r.path).paragraphs)


def test_bad_files_are_summarised_not_raised(qtbot, window, library, corpus, tmp_path, monkeypatch):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fake = tmp_path / "minutes.docx"
    fake.write_bytes(b"PK\x03\x04 this is not a zip archive at all")
    good = corpus / "akn" / "ga-75" / "Chinese" / AKN_ZH[0]
    chosen = [str(empty), str(fake), str(good)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (chosen, "")))
    window.import_action.trigger()  # File › Import Files…
    wait_import(qtbot, window)

    box = window.last_import_summary
    assert "1 document imported" in box.text() and "2 files failed" in box.text()
    details = box.detailedText()
    assert f"empty.txt: failed: {_('the file is empty')}" in details
    assert "minutes.docx: failed:" in details
    assert good.name not in details
    assert window.last_error is None
    assert library.count() == 1 and not window.is_empty_shown


def test_dropping_a_file_imports_it(qtbot, window, library, corpus):
    path = corpus / "akn" / "ga-75" / "Chinese" / AKN_ZH[1]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_import(qtbot, window)
    assert library.count() == 1
    assert window.library_model.document_ids() == [window.last_import_results[0].document_id]


def test_tree_sorts_by_symbol_date_and_title(qtbot, window, library, corpus):
    folder = corpus / "akn" / "ga-75" / "Chinese"
    window.import_paths([folder / n for n in ("75_100_C.xml", "75_10_C.xml", "75_9_C.xml", "75_161_C.xml")
                         if (folder / n).is_file()])
    wait_import(qtbot, window)
    proxy = window.library_proxy

    def leaves(column: int) -> list[str]:
        out = []

        def walk(parent):
            for row in range(proxy.rowCount(parent)):
                index = proxy.index(row, 0, parent)
                if index.data(DOCUMENT_ID_ROLE) is not None:
                    out.append(proxy.index(row, column, parent).data(Qt.ItemDataRole.UserRole + 2))
                walk(index)

        walk(proxy.index(-1, -1))
        return out

    summaries = library.summaries()
    assert len(summaries) >= 3
    window.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    keys = leaves(0)
    assert keys == sorted(keys) and keys == sorted(natural_key(s.symbol) for s in summaries)
    window.tree.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    dates = leaves(1)
    assert dates == sorted(dates, reverse=True)
    window.tree.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    titles = leaves(2)
    assert titles == sorted(s.title.casefold() for s in summaries)


def test_search_error_shows_quietly(qtbot, window, library, corpus):
    window.import_paths([corpus / "akn" / "ga-75" / "Chinese" / AKN_ZH[0]])
    wait_import(qtbot, window)
    window.search_box.setText("，。")
    window.run_search()
    qtbot.waitUntil(lambda: window.search_task.done, timeout=TIMEOUT)
    assert window.search_panel.status.text() == _("Type a word or phrase to look for.")
    assert window.search_panel.hit_model.rowCount() == 0 and window.last_error is None


def test_about_names_version_and_un_source(window):
    from briefdesk import __version__

    box = window.show_about()
    assert __version__ in box.text() and "United Nations" in box.text()


def test_natural_key_orders_numbers_as_numbers():
    symbols = ["XII/10", "XII/6", "A/RES/75/100", "A/RES/75/9", "a/res/75/10", "CBD/SBI/2/10"]
    assert sorted(symbols, key=natural_key) == ["A/RES/75/9", "a/res/75/10", "A/RES/75/100", "CBD/SBI/2/10",
                                                "XII/6", "XII/10"]
    assert isinstance(natural_key("75/9"), str)  # compared by Qt itself, no Python callback per comparison
