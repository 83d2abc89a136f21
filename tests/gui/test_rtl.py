"""Arabic right to left, everywhere (issue 14, point 2), on the UN's Arabic and English
resolution A/RES/75/100 from the corpus (``akn/ga-75``).

* Under the Arabic interface the application is mirrored: window, menus, docks, dialogs,
  the pack and draft editors.
* In any interface an Arabic document is laid out right to left — in the document view,
  the search results, the pack editor's excerpts and the draft editor: the paragraph's
  block is right to left and aligned right, its number stands right of its text, and the
  closing ``،``/``؛`` (the logical end) at the left end of the last line.
* An English document stays left to right under the Arabic interface.
"""

from __future__ import annotations

import pytest

from briefdesk.core import i18n
from briefdesk.core.direction import interface_is_rtl, is_rtl
from briefdesk.core.packs.service import PackService
from briefdesk.gui.qt import (
    QApplication,
    QDockWidget,
    QStyleOptionViewItem,
    Qt,
    QTextCursor,
)

RTL, LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
WAIT = 60_000


def corpus_files():
    from tests.conftest import corpus_path

    root = corpus_path() / "akn" / "ga-75"
    files = (root / "Arabic" / "75_100_A.xml", root / "English" / "75_100_E.xml",
             root / "Arabic" / "75_101A-B_A.xml")
    if not all(f.is_file() for f in files):
        pytest.skip(f"A/RES/75/100 (Arabic, English) and 75/101 (Arabic) not in the corpus at {root}")
    return files


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A library holding A/RES/75/100 in Arabic and in English, and A/RES/75/101 in Arabic
    (with lettered sub-paragraphs)."""
    from briefdesk.core.importer import Importer
    from briefdesk.core.library import Library
    from briefdesk.gui.tasks import wait_for_tasks

    files = corpus_files()
    lib = Library(tmp_path_factory.mktemp("rtl") / "library.sqlite")
    Importer(lib).import_paths(list(files))
    yield lib
    wait_for_tasks(30.0)
    lib.close()


@pytest.fixture
def language(interface):
    """Set the interface language for one test (``language("ar")``); English again afterwards
    (the ``interface`` fixture of ``conftest.py``)."""
    return interface


def doc_id(library, lang: str) -> int:
    return next(s.id for s in library.summaries() if s.symbol == "A/RES/75/100" and s.language == lang)


def document_view(qtbot):
    """A shown 800×600 document view."""
    from briefdesk.gui.docview import DocumentView

    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    return view


def show_document(view, library, did: int):
    """Show document ``did`` of ``library`` in ``view``; returns its parsed form."""
    from briefdesk.core.library import to_parsed

    parsed = to_parsed(library.document(did))
    view.show_document(did, parsed)
    return parsed


def x_of(widget, position: int) -> int:
    cursor = QTextCursor(widget.document())
    cursor.setPosition(position)
    return widget.cursorRect(cursor).x()


def text_block(widget, text: str):
    """The block of ``widget``'s document whose text starts with ``text``'s first 20 characters."""
    block = widget.document().begin()
    while block.isValid():
        if block.text().startswith(text[:20]):
            return block
        block = block.next()
    raise AssertionError(f"no block starting {text[:20]!r}")


def assert_right_to_left(widget, number_position: int, block, text: str) -> None:
    """The number stands right of the text's first line, the block is right to left and aligned
    right, and the text's last character (``،``, ``؛`` or ``.``) is left of its first."""
    assert block.textDirection() == RTL
    widget.document().documentLayout().blockBoundingRect(block)  # laid out now (Qt lays out lazily)
    layout = block.layout()
    assert layout.lineCount() > 0
    line = layout.lineAt(0)
    frame_width = block.layout().boundingRect().width()
    assert line.naturalTextRect().right() >= frame_width - 2  # flush right
    start = block.position()
    assert x_of(widget, number_position) > x_of(widget, start)  # number right of the text
    assert text[-1] in "،؛.:"
    last_line = layout.lineAt(layout.lineCount() - 1)
    end = start + len(block.text())
    end_x = x_of(widget, end)
    assert end_x < x_of(widget, start)
    assert end_x <= block.layout().position().x() + last_line.naturalTextRect().left() + \
        widget.document().documentMargin() + 30  # the closing mark at the left end of the last line


def test_direction_of_languages():
    assert is_rtl("ar") and is_rtl("ar_EG") and is_rtl("he") and is_rtl("fa")
    assert not any(is_rtl(c) for c in ("en", "fr", "es", "ru", "zh", "", None))
    i18n.set_language("ar")
    try:
        assert interface_is_rtl()
    finally:
        i18n.set_language("en")
    assert not interface_is_rtl()


def test_arabic_document_is_right_to_left_in_the_english_interface(qtbot, library, language):
    language("en")
    view = document_view(qtbot)
    parsed = show_document(view, library, doc_id(library, "ar"))
    assert view.layoutDirection() == LTR  # the widget follows the interface
    numbered = [i for i, p in enumerate(parsed.paragraphs) if p.number and len(p.text) > 80]
    assert len(numbered) >= 5
    for i in numbered:
        p = parsed.paragraphs[i]
        number_at = view.anchor_position(f"p{i}")
        block = text_block(view, p.text)
        assert number_at > block.position()  # mirrored: the number cell follows the text cell
        assert view.document().findBlock(number_at).textDirection() == RTL
        assert block.blockFormat().alignment() & Qt.AlignmentFlag.AlignRight
        assert_right_to_left(view, number_at, block, p.text)
    # a preambular paragraph ending with its comma: the comma at the left end of the line
    pre = next(p for p in parsed.paragraphs if not p.number and p.text.endswith("،") and len(p.text) > 40)
    block = text_block(view, pre.text)
    assert x_of(view, block.position() + len(block.text())) < x_of(view, block.position())


def test_arabic_sub_paragraphs_hang_further_from_the_right(qtbot, library, language):
    from briefdesk.gui.docview import LEVEL_INDENT

    language("en")
    did = next(s.id for s in library.summaries() if s.language == "ar" and "75/101" in (s.symbol or ""))
    view = document_view(qtbot)
    parsed = show_document(view, library, did)
    top = [i for i, p in enumerate(parsed.paragraphs) if p.number and p.level == 0 and len(p.text) > 60]
    sub = [i for i, p in enumerate(parsed.paragraphs) if p.number and p.level == 1 and len(p.text) > 60]
    assert top and sub
    number_x = {i: x_of(view, view.anchor_position(f"p{i}")) for i in top + sub}
    text_x = {i: x_of(view, text_block(view, parsed.paragraphs[i].text).position()) for i in top + sub}
    # every sub-paragraph's number and text stand LEVEL_INDENT further left than an operative's
    parent = top[0]
    assert len({text_x[j] for j in top}) == 1  # the texts of one level line up
    for i in sub:
        assert number_x[parent] - number_x[i] >= LEVEL_INDENT - 20  # (digits of "10 -" shift its start)
        assert text_x[parent] - text_x[i] >= LEVEL_INDENT - 12
        assert number_x[i] > text_x[i]


def test_english_document_stays_left_to_right_in_the_arabic_interface(qtbot, library, language):
    language("ar")
    view = document_view(qtbot)
    assert view.layoutDirection() == RTL  # mirrored widget (scroll bar on the left) ...
    parsed = show_document(view, library, doc_id(library, "en"))
    i = next(i for i, p in enumerate(parsed.paragraphs) if p.number and len(p.text) > 80)
    block = text_block(view, parsed.paragraphs[i].text)
    number_at = view.anchor_position(f"p{i}")
    assert block.textDirection() == LTR  # ... but the English text reads left to right
    assert number_at < block.position()
    assert x_of(view, number_at) < x_of(view, block.position())
    assert x_of(view, block.position() + len(block.text())) > x_of(view, block.position())


def test_arabic_interface_mirrors_window_menus_docks_dialogs_and_editors(qtbot, library, language,
                                                                         main_window):
    from briefdesk.gui.qt import QMessageBox

    language("ar")
    assert QApplication.layoutDirection() == RTL
    window = main_window(library)
    assert window.layoutDirection() == RTL
    assert window.menuBar().layoutDirection() == RTL
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    assert menus and all(m.layoutDirection() == RTL for m in menus)
    docks = window.findChildren(QDockWidget)
    assert docks and all(d.layoutDirection() == RTL for d in docks)
    assert window.pack_editor.layoutDirection() == RTL
    assert window.search_panel.layoutDirection() == RTL
    box = QMessageBox(window)
    assert box.layoutDirection() == RTL
    box.deleteLater()
    # an Arabic resolution opened in the Arabic interface: right to left in a mirrored view
    window.open_document(doc_id(library, "ar"))
    qtbot.waitUntil(lambda: window.doc_view.document_id == doc_id(library, "ar"), timeout=WAIT)
    parsed = window.doc_view.parsed
    i = next(i for i, p in enumerate(parsed.paragraphs) if p.number and len(p.text) > 80)
    assert_right_to_left(window.doc_view, window.doc_view.anchor_position(f"p{i}"),
                         text_block(window.doc_view, parsed.paragraphs[i].text), parsed.paragraphs[i].text)
    # the draft editor and its dialogs
    window.open_draft_editor(doc_id(library, "ar"))
    editor = window.draft_editor
    qtbot.waitUntil(lambda: editor.laid is not None and bool(editor.laid.paragraphs), timeout=WAIT)
    qtbot.waitUntil(lambda: editor.idle, timeout=WAIT)
    assert editor.layoutDirection() == RTL and editor.menuBar().layoutDirection() == RTL
    # every line of the preview's Arabic paragraphs inside the view, none scrolled past its left edge
    editor.resize(1300, 750)
    QApplication.processEvents()
    preview = editor.preview
    numbered = next(p for p in editor.laid.paragraphs if p.number and len(p.text) > 200)
    assert text_block(preview, numbered.number).textDirection() == RTL
    block, lefts = preview.document().begin(), []
    while block.isValid():
        preview.document().documentLayout().blockBoundingRect(block)
        layout = block.layout()
        for k in range(layout.lineCount() if block.text() else 0):
            line = layout.lineAt(k)  # a right-to-left line's logical end is its left end
            lefts.append(x_of(preview, block.position() + line.textStart() + max(line.textLength() - 1, 0)))
        block = block.next()
    assert len(lefts) > 30 and min(lefts) >= 0
    dialog = editor.new_draft_dialog()
    assert dialog.layoutDirection() == RTL
    dialog.reject()
    editor.close()
    qtbot.waitUntil(lambda: editor.idle, timeout=WAIT)


def test_search_results_draw_an_arabic_snippet_right_to_left(qtbot, library, language):
    from briefdesk.gui.delegates import RichTextDelegate
    from briefdesk.gui.models import HitModel

    language("en")
    hits = library.search("الأمين العام", limit=10) + library.search("Secretary-General", limit=10)
    model = HitModel()
    model.set_hits(hits)
    delegate = RichTextDelegate()
    option = QStyleOptionViewItem()
    seen = set()
    for row, hit in enumerate(hits):
        doc = delegate._document(option, model.index(row, HitModel.SNIPPET_COLUMN))
        doc.setTextWidth(600)
        doc.documentLayout().documentSize()  # lays the text out
        block = doc.begin()
        assert block.layout().lineCount() > 0
        line = block.layout().lineAt(0)
        if hit.language == "ar":
            assert block.textDirection() == RTL
            assert line.naturalTextRect().right() > 590 and line.naturalTextRect().left() > 0
        else:
            assert block.textDirection() == LTR and line.naturalTextRect().left() <= delegate.MARGIN + 1
        seen.add(hit.language)
    assert seen == {"ar", "en"}


def test_pack_excerpt_of_an_arabic_resolution_hangs_its_numbers_on_the_right(qtbot, library, language):
    from briefdesk.gui.packs.excerptview import NUMBER_WIDTH, ExcerptBrowser

    language("en")
    did = doc_id(library, "ar")
    ids = [p.id for p in library.document(did).paragraphs if p.number and len(p.text) > 150][:3]
    packs = PackService(library)
    pid = packs.create(title="RTL", language="en")
    item = packs.add_item(pid, "1", "Special political missions")
    excerpt = packs.add_excerpt(item, did, ids)
    view = packs.get(pid).excerpt(excerpt)
    browser = ExcerptBrowser()
    qtbot.addWidget(browser)
    browser.resize(700, 500)
    browser.show()
    browser.set_excerpt(view)
    QApplication.processEvents()
    for index, p in enumerate(view.paragraphs):
        start = browser._paragraph_views[index]
        block = browser.document().findBlock(start)
        browser.document().documentLayout().blockBoundingRect(block)
        assert block.textDirection() == RTL and block.text().startswith(p.number + "\t")
        text_at = start + len(p.number) + 1
        assert x_of(browser, start) > x_of(browser, text_at)  # the number right of the text
        # wrapped lines start where the first line's text does, NUMBER_WIDTH in from the number
        layout = block.layout()
        assert layout.lineCount() > 1
        first_right = x_of(browser, text_at)
        second = layout.lineAt(1)
        second_right = x_of(browser, start + second.textStart())
        assert abs(first_right - second_right) <= 4
        assert x_of(browser, start) - first_right >= NUMBER_WIDTH - 20
        assert x_of(browser, start + len(block.text())) < first_right  # the closing mark at the left


def test_arabic_draft_is_edited_right_to_left_in_the_english_interface(qtbot, library, language, tmp_path):
    from briefdesk.gui.drafting.editor import DraftEditor

    language("en")
    editor = DraftEditor(library, journal_directory=tmp_path / "journal")
    qtbot.addWidget(editor, before_close_func=lambda w: qtbot.waitUntil(lambda: w.idle, timeout=WAIT))
    editor.show()
    assert editor.layoutDirection() == LTR
    editor.new_from_document(doc_id(library, "ar"))
    qtbot.waitUntil(lambda: editor.laid is not None and bool(editor.laid.paragraphs), timeout=WAIT)
    qtbot.waitUntil(lambda: editor.idle, timeout=WAIT)
    assert editor.laid.snapshot.language == "ar"
    for widget in (editor.para_edit, editor.paragraph_list, editor.title_edit):
        assert widget.layoutDirection() == RTL
    assert editor.para_edit.document().defaultTextOption().textDirection() == RTL
    assert editor.para_edit.document().begin().textDirection() == RTL
    numbered = next(p for p in editor.laid.paragraphs if p.number and len(p.text) > 80)
    block = text_block(editor.preview, numbered.number)
    assert block.textDirection() == RTL
    start = block.position()
    assert x_of(editor.preview, start) > x_of(editor.preview, start + len(numbered.number) + 3)
    editor.close()
