"""Assemble a briefing pack in the real window the way a delegate does, then export and print it.

Everything goes through the widgets: the Packs menu action, typing into
the meeting form and the item's rich-text fields (with the list button),
drags from the search results and the document view delivered to the
outline as Qt delivers them (drag-enter, drag-move, drop events carrying
the views' own QMimeData), the Undo and Redo buttons, reordering by
dragging outline rows, highlighting selected words, a paragraph note, the
export action with its save dialog answered, and the preview's print to
a PDF printer.  The stored pack is checked through PackService; the PDF
through pypdf.
"""

from __future__ import annotations

import re

import pytest

from briefdesk.core.library import Library
from briefdesk.core.packs.service import PackService, bare
from briefdesk.gui.mainwindow import MainWindow
from briefdesk.gui.packs.mime import EXCERPT_MIME, excerpt_refs
from briefdesk.gui.qt import (
    QApplication,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFileDialog,
    QPoint,
    QPointF,
    QPrinter,
    QPushButton,
    Qt,
    QTextCursor,
    QToolButton,
)
from briefdesk.gui.tasks import wait_for_tasks

pytestmark = pytest.mark.corpus

TIMEOUT = 60_000


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def window(main_window, library):
    return main_window(library, (1500, 950))


def settle(qtbot, window):
    qtbot.waitUntil(lambda: not window.busy, timeout=TIMEOUT)
    editor = window.pack_editor
    assert editor.last_error is None, editor.last_error.text()


def export_through_dialog(qtbot, window, monkeypatch, action, target) -> None:
    """Trigger the pack editor's export ``action`` with its save dialog answered ``target``; wait
    until the export has reported and the window settled (no error)."""
    editor = window.pack_editor
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    action.trigger()
    qtbot.waitUntil(lambda: editor.last_export is not None or editor.last_error is not None, timeout=TIMEOUT)
    settle(qtbot, window)


def drag_to(widget, mime, point) -> QDropEvent:
    """Deliver a drag of ``mime`` onto ``widget`` at ``point`` as Qt does: enter, move, drop."""
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, move)
    assert move.isAccepted()
    drop = QDropEvent(QPointF(point), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return drop


def outline_row_point(editor, kind: str, row_id: int, where: str = "middle"):
    index = editor.outline_model.index_of(kind, row_id)
    assert index.isValid()
    rect = editor.outline.visualRect(index)
    assert rect.isValid()
    y = {"top": rect.top() + 1, "middle": rect.center().y(), "bottom": rect.bottom() - 1}[where]
    return QPoint(rect.center().x(), y)


def test_assemble_a_pack_by_hand_undo_reorder_export_and_print(qtbot, window, library, seeds, tmp_path,
                                                                monkeypatch):
    from pypdf import PdfReader

    window.import_paths([next(seeds.glob("000_*.txt")), next(seeds.glob("002_*.txt"))])
    qtbot.waitUntil(lambda: window.last_import_summary is not None, timeout=TIMEOUT)
    window.last_import_summary.close()
    settle(qtbot, window)
    editor = window.pack_editor
    service = PackService(library)

    # Packs › New Pack… opens the dock on the meeting form.
    assert not window.pack_dock.isVisible()
    assert editor.new_action in window.packs_menu.actions()
    editor.new_action.trigger()
    settle(qtbot, window)
    assert window.pack_dock.isVisible() and editor.view is not None
    pack_id = editor.pack_id
    title = editor.fields["title"]
    title.selectAll()
    qtbot.keyClicks(title, "SBI-2 briefing")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    classification = editor.fields["classification"]
    classification.setFocus()
    qtbot.keyClicks(classification, "RESTRICTED")
    qtbot.keyClick(classification, Qt.Key.Key_Return)
    settle(qtbot, window)
    stored = service.get(pack_id)
    assert (stored.title, stored.classification) == ("SBI-2 briefing", "RESTRICTED")
    assert editor.pack_combo.currentText() == "SBI-2 briefing"

    # Add an agenda item with the button and name it.
    editor.tabs.setCurrentIndex(1)
    add_button = editor.findChild(QPushButton, "addItemButton")
    qtbot.mouseClick(add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    [item] = service.get(pack_id).items
    assert editor.detail.currentWidget() is editor.item_page
    editor.item_number.setFocus()
    qtbot.keyClicks(editor.item_number, "11")
    qtbot.keyClick(editor.item_number, Qt.Key.Key_Return)
    editor.item_title.setFocus()
    editor.item_title.selectAll()
    qtbot.keyClicks(editor.item_title, "Cooperation with other conventions")
    qtbot.keyClick(editor.item_title, Qt.Key.Key_Return)

    # Notes with a bulleted list, typed into "Background" with the list button.
    background = editor.sections["background"]
    background.edit.setFocus()
    qtbot.keyClicks(background.edit, "Our position rests on two points:")
    qtbot.keyClick(background.edit, Qt.Key.Key_Return)
    qtbot.mouseClick(_tool_button(background, background.bullet_action), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(background.edit, "support synergies")
    qtbot.keyClick(background.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(background.edit, "avoid duplication")
    editor.item_title.setFocus()  # leaving the field commits the typing
    settle(qtbot, window)
    item = service.get(pack_id).items[0]
    assert (item.number, item.title) == ("11", "Cooperation with other conventions")
    assert "<ul><li>support synergies</li><li>avoid duplication</li></ul>" in item.background
    assert "Our position rests on two points:" in item.background

    # Search, then drag the first hit onto the item in the outline.
    window.search_box.setText("协同增效")
    window.run_search()
    qtbot.waitUntil(lambda: window.hit_model.rowCount() > 0, timeout=TIMEOUT)
    hit = window.last_hits[0]
    mime = window.hit_model.mimeData([window.hit_model.index(0, 0)])
    assert mime.hasFormat(EXCERPT_MIME)
    drop = drag_to(editor.outline.viewport(), mime, outline_row_point(editor, "item", item.id))
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
    settle(qtbot, window)
    [excerpt] = service.get(pack_id).items[0].excerpts
    source = library.document(hit.document_id)
    source_paragraph = next(p for p in source.paragraphs if p.id == hit.paragraph_id)
    assert [p.text for p in excerpt.paragraphs] == [source_paragraph.text]
    assert excerpt.source_symbol == hit.symbol and excerpt.source_language == "zh"
    # The editor opens the new excerpt, its source line and text exactly as imported.
    assert editor.detail.currentWidget() is editor.excerpt_page
    assert hit.symbol in editor.excerpt_source.text()
    shown = source_paragraph.text          # as imported, with its footnote markers where it prints them
    for note in sorted(source_paragraph.footnotes, key=lambda f: -(f.offset if f.offset is not None else len(shown))):
        at = note.offset if note.offset is not None else len(shown)
        shown = shown[:at] + note.marker + shown[at:]
    assert shown in editor.excerpt_browser.toPlainText()

    # Undo (the button) removes it, Redo puts it back with the same id.
    undo_button = editor.findChild(QToolButton, "undoButton")
    qtbot.mouseClick(undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert service.get(pack_id).items[0].excerpts == ()
    editor.redo_action.trigger()
    settle(qtbot, window)
    assert [e.id for e in service.get(pack_id).items[0].excerpts] == [excerpt.id]

    # Open decision XII/6, select operative paragraphs 20-21 and drag the selection in.
    decision = next(s for s in library.summaries() if s.symbol == "XII/6")
    task = window.open_document(decision.id)
    qtbot.waitUntil(lambda: task.done and window.doc_view.parsed is not None, timeout=TIMEOUT)
    parsed = window.doc_view.parsed
    wanted = [i for i, p in enumerate(parsed.paragraphs) if bare(p.number) in ("20", "21") and p.level == 0]
    assert len(wanted) == 2
    view = window.doc_view
    cursor = view.textCursor()
    cursor.setPosition(view._starts[wanted[0]] + 1)
    cursor.setPosition(view._starts[wanted[1]] + 3, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.selected_positions() == wanted
    selection = view.createMimeDataFromSelection()
    [ref] = excerpt_refs(selection)
    assert ref.positions == tuple(wanted) and ref.document_id == decision.id
    stored = library.document(decision.id).paragraphs
    assert ref.paragraph_ids == tuple(stored[i].id for i in wanted)  # the drag names the stored paragraphs
    drag_to(editor.outline.viewport(), selection, outline_row_point(editor, "excerpt", excerpt.id, "bottom"))
    settle(qtbot, window)
    first, second = service.get(pack_id).items[0].excerpts
    assert first.id == excerpt.id
    assert [bare(p.number) for p in second.paragraphs] == ["20", "21"]
    assert [p.text for p in second.paragraphs] == [parsed.paragraphs[i].text for i in wanted]

    # Reorder: drag the decision's excerpt above the first one.
    mime = editor.outline_model.mimeData([editor.outline_model.index_of("excerpt", second.id)])
    drag_to(editor.outline.viewport(), mime, outline_row_point(editor, "excerpt", excerpt.id, "top"))
    settle(qtbot, window)
    assert [e.id for e in service.get(pack_id).items[0].excerpts] == [second.id, excerpt.id]

    # A second item, added from the document's agenda item (seed 000 is issued under item 11 ...
    # already there), then typed, dragged above the first: the order is stored.
    editor.select("item", item.id)
    editor.add_item("3", "Review of progress")
    settle(qtbot, window)
    items = service.get(pack_id).items
    assert [i.number for i in items] == ["11", "3"]
    mime = editor.outline_model.mimeData([editor.outline_model.index_of("item", items[1].id)])
    drag_to(editor.outline.viewport(), mime, outline_row_point(editor, "item", items[0].id, "top"))
    settle(qtbot, window)
    assert [i.number for i in service.get(pack_id).items] == ["3", "11"]
    editor.undo()
    settle(qtbot, window)
    assert [i.number for i in service.get(pack_id).items] == ["11", "3"]
    editor.redo()
    settle(qtbot, window)
    assert [i.number for i in service.get(pack_id).items] == ["3", "11"]
    assert [outline.data() for outline in (editor.outline_model.index(r, 0) for r in range(2))] == \
        ["3. Review of progress", "11. Cooperation with other conventions"]

    # Highlight words of paragraph 21 and note on it.
    editor.select("excerpt", second.id)
    qtbot.waitUntil(lambda: editor.excerpt_browser.excerpt is not None
                    and editor.excerpt_browser.excerpt.id == second.id, timeout=TIMEOUT)
    para21 = second.paragraphs[1]
    words = para21.text[2:8]
    editor.excerpt_browser.select_text(1, 2, 8)
    assert editor.excerpt_browser.textCursor().selectedText() == words
    qtbot.mouseClick(editor.highlight_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    stored21 = service.get(pack_id).excerpt(second.id).paragraphs[1]
    assert [(h.start, h.end) for h in stored21.highlights] == [(2, 8)]
    assert editor.excerpt_browser.current_paragraph == 1
    note = editor.note_editor
    note.edit.setFocus()
    qtbot.keyClicks(note.edit, "Ask the secretariat for the 2019 report")
    editor.outline.setFocus()
    settle(qtbot, window)
    assert "Ask the secretariat for the 2019 report" in service.get(pack_id).excerpt(second.id).paragraphs[1].note
    editor.undo()
    settle(qtbot, window)
    assert service.get(pack_id).excerpt(second.id).paragraphs[1].note == ""
    editor.redo()
    settle(qtbot, window)

    # Packs › Export Pack as PDF… with the save dialog answered.
    target = tmp_path / "pack.pdf"
    export_through_dialog(qtbot, window, monkeypatch, editor.export_pdf_action, target)
    written, pages = editor.last_export
    reader = PdfReader(str(target))
    assert written == target and len(reader.pages) == pages >= 3
    text = squeeze("".join(page.extract_text() or "" for page in reader.pages))
    for p in (source_paragraph, *second.paragraphs):
        assert squeeze(p.text)[:40] in text
    assert "supportsynergies" in text and "RESTRICTED" in text
    assert "Ask the secretariat for the 2019 report".replace(" ", "") in text

    # Preview renders the PDF's pages; printing sends each of them to the printer (a PDF printer here).
    editor.preview()
    qtbot.waitUntil(lambda: editor.preview_dialog is not None and 0 in editor.preview_dialog.images,
                    timeout=TIMEOUT)
    dialog = editor.preview_dialog
    assert dialog.page_count == pages and dialog.print_button.isEnabled()
    page1 = dialog.images[0]
    assert abs(page1.width() / page1.height() - 210 / 297) < 0.01  # A4
    # the whole first page is in view, rendered at the size it is shown
    shown = dialog.strip.page_rect(0)
    assert abs(page1.width() - shown.width()) <= 2 and abs(page1.height() - shown.height()) <= 2
    assert shown.height() <= dialog.scroll.viewport().height()
    # scrolled to the end, the last page is shown, rendered, and named in the status line
    bar = dialog.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: pages - 1 in dialog.images, timeout=TIMEOUT)
    assert dialog.current_page() == pages
    assert dialog.status.text() == "Page {n} of {total}".format(n=pages, total=pages)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    task = dialog.print_to(printer)
    qtbot.waitUntil(lambda: task.done, timeout=TIMEOUT)
    assert dialog.printed == pages and len(PdfReader(str(printed)).pages) == pages
    temporary = dialog.pdf_path.parent
    dialog.reject()
    qtbot.waitUntil(lambda: not temporary.exists(), timeout=TIMEOUT)  # its temporary PDF leaves the disk


def _tool_button(editor, action):
    return next(b for b in editor.findChildren(QToolButton) if b.defaultAction() is action)


def seeded_pack(library, seeds) -> tuple[int, int, int]:
    """(pack id, item id, excerpt id): a Chinese SBI-2 pack with paragraphs 4-5 of CBD/SBI/2/10,
    made through the service (these tests are about what the window does with it)."""
    from briefdesk.core.importer import Importer

    Importer(library).import_paths([seeds / "000_c78bdb84fd83cc2b.txt", seeds / "002_260c79862227ae61.txt"])
    packs = PackService(library)
    pid = packs.create(title="SBI-2", body="执行问题附属机构", session="第二次会议", start_date="2018-07-09",
                       end_date="2018-07-13", language="zh", classification="内部")
    sbi = next(s.id for s in library.summaries() if s.symbol == "CBD/SBI/2/10")
    item = packs.add_item(pid, "11", "与其他公约的合作", talking_points="- 支持协同增效\n- 避免重复")
    ids = [p.id for p in library.document(sbi).paragraphs if bare(p.number) in ("4", "5") and p.level == 0
           and p.part_id is None and p.kind != "heading"]
    return pid, item, packs.add_excerpt(item, sbi, ids)


def test_meeting_form_shows_dates_in_the_pack_language_and_undoes(qtbot, window, library, seeds):
    pid, _item, _ex = seeded_pack(library, seeds)
    editor = window.pack_editor
    editor.refresh_packs()
    settle(qtbot, window)
    editor.pack_combo.setCurrentIndex(editor.pack_combo.findData(pid))
    editor.pack_combo.activated.emit(editor.pack_combo.currentIndex())  # as a user's choice
    settle(qtbot, window)
    assert editor.pack_id == pid
    assert editor.dates_label.text() == "2018年7月9日至13日"
    assert editor.fields["classification"].text() == "内部"
    language = editor.fields["language"]
    language.setCurrentIndex(language.findData("en"))
    language.activated.emit(language.currentIndex())
    settle(qtbot, window)
    assert PackService(library).get(pid).language == "en"
    assert editor.dates_label.text() == "9–13 July 2018"
    editor.undo()
    settle(qtbot, window)
    assert PackService(library).get(pid).language == "zh"
    assert language.currentData() == "zh" and editor.dates_label.text() == "2018年7月9日至13日"
    # the × beside the last day empties it
    editor.tabs.setCurrentIndex(0)
    qtbot.mouseClick(editor.findChild(QToolButton, "clear_end_date"), Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert PackService(library).get(pid).end_date is None and editor.dates_label.text() == "2018年7月9日"
    editor.undo()
    settle(qtbot, window)
    assert str(PackService(library).get(pid).end_date) == "2018-07-13"


def test_context_menus_add_a_section_a_paragraph_and_a_whole_document(qtbot, window, library, seeds):
    pid, item, _ex = seeded_pack(library, seeds)
    editor = window.pack_editor
    editor.open_pack(pid)
    settle(qtbot, window)
    editor.select("item", item)
    decision = next(s for s in library.summaries() if s.symbol == "XII/6")
    task = window.open_document(decision.id)
    qtbot.waitUntil(lambda: task.done and window.doc_view.parsed is not None, timeout=TIMEOUT)
    view, parsed = window.doc_view, window.doc_view.parsed
    in_b = next(i for i, p in enumerate(parsed.paragraphs) if p.section == "B" and p.number)
    menu = view.add_to_pack_menu(view._starts[in_b] + 2)
    actions = {a.objectName(): a for a in menu.findChildren(type(editor.new_action))}
    actions["addSection"].trigger()
    settle(qtbot, window)
    excerpts = PackService(library).get(pid).items[0].excerpts
    assert excerpts[-1].scope == "section" and excerpts[-1].section == "B"
    assert [p.text for p in excerpts[-1].paragraphs] == [p.text for p in parsed.paragraphs if p.section == "B"]
    actions["addDocument"].trigger()
    settle(qtbot, window)
    whole = PackService(library).get(pid).items[0].excerpts[-1]
    assert whole.scope == "document" and len(whole.paragraphs) == len(parsed.paragraphs)

    window.search_box.setText("协同增效")
    window.run_search()
    qtbot.waitUntil(lambda: window.hit_model.rowCount() > 0, timeout=TIMEOUT)
    hit = window.last_hits[0]
    menu = window.hits_context_menu(window.hit_model.index(0, 0))
    next(a for a in menu.findChildren(type(editor.new_action)) if a.objectName() == "addParagraph").trigger()
    settle(qtbot, window)
    last = PackService(library).get(pid).items[0].excerpts[-1]
    assert [p.source_paragraph_id for p in last.paragraphs] == [hit.paragraph_id]
    # a hit in section B of XII/6: "Its section" takes all of section B
    in_section = next(h for h in window.last_hits if h.document_id == decision.id
                      and parsed.paragraphs[h.position].section)
    row = window.last_hits.index(in_section)
    menu = window.hits_context_menu(window.hit_model.index(row, 0))
    next(a for a in menu.findChildren(type(editor.new_action)) if a.objectName() == "addSection").trigger()
    settle(qtbot, window)
    section = parsed.paragraphs[in_section.position].section
    last = PackService(library).get(pid).items[0].excerpts[-1]
    assert last.scope == "section" and last.section == section
    assert [p.text for p in last.paragraphs] == [p.text for p in parsed.paragraphs if p.section == section]
    # four adds, four undo steps
    assert editor.undo_stack.count() == 4
    for _ in range(4):
        editor.undo()
    settle(qtbot, window)
    assert len(PackService(library).get(pid).items[0].excerpts) == 1


def test_agenda_items_from_a_provisional_agenda_in_one_undo_step(qtbot, window, library, seeds, fixtures):
    pid, _item, _ex = seeded_pack(library, seeds)
    window.import_paths([fixtures / "packs" / "provisional-agenda-sbi2.txt"])
    qtbot.waitUntil(lambda: window.last_import_summary is not None, timeout=TIMEOUT)
    settle(qtbot, window)
    agenda = next(s for s in library.summaries() if s.title == "临时议程")
    task = window.open_document(agenda.id)
    qtbot.waitUntil(lambda: task.done and window.doc_view.document_id == agenda.id, timeout=TIMEOUT)
    editor = window.pack_editor
    editor.open_pack(pid)
    settle(qtbot, window)
    editor.agenda_action.trigger()
    settle(qtbot, window)
    items = PackService(library).get(pid).items
    numbers = [i.number for i in items]
    assert numbers[0] == "11" and sorted(numbers[1:], key=int) == [str(n) for n in range(1, 15) if n != 11]
    assert next(i for i in items if i.number == "3").title.startswith("审查《公约》")
    assert editor.undo_stack.count() == 1
    editor.undo()
    settle(qtbot, window)
    assert [i.number for i in PackService(library).get(pid).items] == ["11"]


def test_stale_excerpt_is_marked_and_updated_from_the_reimported_source(qtbot, window, library, seeds, tmp_path):
    pid, _item, ex = seeded_pack(library, seeds)
    editor = window.pack_editor
    editor.open_pack(pid)
    settle(qtbot, window)
    original = PackService(library).get(pid).excerpt(ex)
    assert editor.stale == {}
    # The secretariat reissues the note with paragraph 5 reworded.
    old5 = original.paragraphs[1].text
    text = (seeds / "000_c78bdb84fd83cc2b.txt").read_text(encoding="utf-8")
    opening = old5[:16]
    assert text.count(opening) == 1
    new5 = opening + "（修订）" + old5[16:]
    changed = tmp_path / "000-reissued.txt"
    changed.write_text(text.replace(opening, opening + "（修订）"), encoding="utf-8")
    window.import_paths([changed])
    qtbot.waitUntil(lambda: window.last_import_summary is not None, timeout=TIMEOUT)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: ex in editor.stale, timeout=TIMEOUT)  # the import finishing re-checks
    assert editor.stale[ex].changed == ("5",)
    assert editor.outline_model.index_of("excerpt", ex).data().startswith("⚠")
    editor.select("excerpt", ex)
    qtbot.waitUntil(lambda: editor.detail.currentWidget() is editor.excerpt_page, timeout=TIMEOUT)
    assert not editor.stale_box.isHidden() and "5" in editor.stale_label.text()
    qtbot.mouseClick(editor.update_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert PackService(library).get(pid).excerpt(ex).paragraphs[1].text == new5
    assert ex not in editor.stale and editor.stale_box.isHidden()
    assert new5 in editor.excerpt_browser.toPlainText()
    editor.undo()
    settle(qtbot, window)
    assert PackService(library).get(pid).excerpt(ex).paragraphs[1].text == old5
    assert ex in editor.stale and editor.update_all_action.isEnabled()
    # Packs › Update All Changed Excerpts: the same, for every excerpt that differs, as one step
    editor.update_all_action.trigger()
    settle(qtbot, window)
    assert PackService(library).get(pid).excerpt(ex).paragraphs[1].text == new5
    assert editor.stale == {} and not editor.update_all_action.isEnabled()


def test_share_as_briefpack_and_open_it_in_a_library_without_the_sources(qtbot, window, library, seeds, tmp_path,
                                                                        monkeypatch):
    import zipfile

    pid, _item, ex = seeded_pack(library, seeds)
    editor = window.pack_editor
    editor.open_pack(pid)
    settle(qtbot, window)
    shared = tmp_path / "sbi2.briefpack"
    export_through_dialog(qtbot, window, monkeypatch, editor.export_pack_action, shared)
    assert zipfile.is_zipfile(shared)
    texts = [p.text for p in PackService(library).get(pid).excerpt(ex).paragraphs]

    other = Library(tmp_path / "colleague.sqlite")
    colleague = MainWindow(other)
    qtbot.addWidget(colleague)
    colleague.show()
    try:
        qtbot.waitUntil(lambda: not colleague.busy, timeout=TIMEOUT)
        their = colleague.pack_editor
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(shared), "")))
        their.import_action.trigger()
        qtbot.waitUntil(lambda: their.view is not None or their.last_error is not None, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: not colleague.busy, timeout=TIMEOUT)
        assert their.last_error is None, their.last_error.text()
        assert colleague.pack_dock.isVisible()
        [item] = their.view.items
        their.select("excerpt", item.excerpts[0].id)
        qtbot.waitUntil(lambda: their.excerpt_browser.excerpt is not None, timeout=TIMEOUT)
        shown = their.excerpt_browser.toPlainText()
        assert all(t in shown for t in texts)
        assert "CBD/SBI/2/10" in their.excerpt_source.text()

        # An archive with an unsafe member name is refused with its reason; no pack is added.
        bad = tmp_path / "evil.briefpack"
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr("../outside.txt", "x")
        count = len(PackService(other).list())
        their.last_error = None
        their.import_briefpack(bad)
        qtbot.waitUntil(lambda: their.last_error is not None, timeout=TIMEOUT)
        assert "outside.txt" in their.last_error.text() or "unsafe" in their.last_error.text().lower()
        assert len(PackService(other).list()) == count
    finally:
        qtbot.waitUntil(lambda: not colleague.busy, timeout=TIMEOUT)
        colleague.close()
        wait_for_tasks(30.0)
        other.close()


def test_ctrl_z_in_a_notes_field_undoes_the_typing_through_the_pack_stack(qtbot, window, library, seeds):
    pid, item, _ex = seeded_pack(library, seeds)
    editor = window.pack_editor
    window.pack_dock.show()
    editor.open_pack(pid)
    settle(qtbot, window)
    editor.select("item", item)
    settle(qtbot, window)
    talking = editor.sections["talking_points"]
    before = PackService(library).get(pid).items[0].talking_points
    assert "<li>支持协同增效</li>" in before and "支持协同增效" in talking.edit.toPlainText()
    reloads = dict(editor.writer.reloads)
    talking.edit.setFocus()
    talking.edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(talking.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(talking.edit, "reserve our position")
    qtbot.keyClick(talking.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert PackService(library).get(pid).items[0].talking_points == before
    assert "reserve our position" not in talking.edit.toPlainText()
    # typing and its undo read back that item only, never the whole pack
    assert editor.writer.reloads["pack"] == reloads["pack"] and editor.writer.reloads["items"] > reloads["items"]
    qtbot.keyClick(talking.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, window)
    assert "<li>reserve our position</li>" in PackService(library).get(pid).items[0].talking_points
    assert "reserve our position" in talking.edit.toPlainText()


def test_closing_the_window_saves_what_is_being_typed(qtbot, library, seeds):
    pid, item, _ex = seeded_pack(library, seeds)
    w = MainWindow(library)
    qtbot.addWidget(w)
    w.show()
    editor = w.pack_editor
    w.pack_dock.show()
    editor.open_pack(pid)
    qtbot.waitUntil(lambda: not w.busy, timeout=TIMEOUT)
    editor.select("item", item)
    lines = editor.sections["lines_to_take"]
    lines.edit.setFocus()
    qtbot.keyClicks(lines.edit, "hold firm on paragraph 7")
    assert lines.dirty  # not yet committed when the window closes
    w.close()
    assert "hold firm on paragraph 7" in PackService(library).get(pid).items[0].lines_to_take
    qtbot.waitUntil(lambda: not w.busy, timeout=TIMEOUT)


def test_paragraphs_dropped_on_the_item_page_join_that_item(qtbot, window, library, seeds):
    pid, item, _ex = seeded_pack(library, seeds)
    editor = window.pack_editor
    window.pack_dock.show()
    editor.open_pack(pid)
    settle(qtbot, window)
    editor.select("item", item)
    window.search_box.setText("森林")
    window.run_search()
    qtbot.waitUntil(lambda: window.hit_model.rowCount() > 2, timeout=TIMEOUT)
    mime = window.hit_model.mimeData([window.hit_model.index(0, 0), window.hit_model.index(1, 2)])
    # dropped over the "Background" field, as a hand would: the field lets the item page take it
    background = editor.sections["background"]
    before = background.edit.toPlainText()
    drop = drag_to(background.edit.viewport(), mime, background.edit.viewport().rect().center())
    assert drop.isAccepted()
    assert background.edit.toPlainText() == before  # not pasted into the notes
    settle(qtbot, window)
    excerpts = PackService(library).get(pid).items[0].excerpts
    assert [e.paragraphs[0].source_paragraph_id for e in excerpts[1:]] == [h.paragraph_id for h in window.last_hits[:2]]
    assert editor.undo_stack.count() == 1  # two excerpts, one drop, one undo step
    # dropped on an open excerpt (over its text): the new excerpt follows it in its item
    editor.select("excerpt", excerpts[0].id)
    qtbot.waitUntil(lambda: editor.excerpt_browser.excerpt is not None
                    and editor.excerpt_browser.excerpt.id == excerpts[0].id, timeout=TIMEOUT)
    mime = window.hit_model.mimeData([window.hit_model.index(2, 0)])
    viewport = editor.excerpt_browser.viewport()
    assert drag_to(viewport, mime, viewport.rect().center()).isAccepted()
    settle(qtbot, window)
    after = PackService(library).get(pid).items[0].excerpts
    assert after[1].paragraphs[0].source_paragraph_id == window.last_hits[2].paragraph_id
    assert [e.id for e in after[2:]] == [e.id for e in excerpts[1:]]


def test_delete_pack_after_asking(qtbot, window, library, seeds, monkeypatch):
    from briefdesk.gui.qt import QMessageBox

    pid, _item, _ex = seeded_pack(library, seeds)
    keep = PackService(library).create(title="COP-14", language="en")
    editor = window.pack_editor
    editor.open_pack(pid)
    settle(qtbot, window)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No))
    editor.delete_pack_action.trigger()
    settle(qtbot, window)
    assert "SBI-2" in asked[0] and {p.id for p in PackService(library).list()} == {pid, keep}
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    editor.delete_pack_action.trigger()
    settle(qtbot, window)
    assert [p.id for p in PackService(library).list()] == [keep]
    assert editor.pack_id is None and not editor.tabs.isEnabled()
    assert [editor.pack_combo.itemData(i) for i in range(editor.pack_combo.count())] == [keep]


def test_excerpt_view_maps_selections_to_the_stored_text_around_numbers_verbs_and_footnotes(qtbot, library, seeds):
    """What is selected in the excerpt view is highlighted in the text as imported: paragraph
    numbers, footnote markers and notes shown in the view are not part of it."""
    from briefdesk.core.importer import Importer
    from briefdesk.gui.packs.excerptview import ExcerptBrowser

    Importer(library).import_paths([seeds / "002_260c79862227ae61.txt"])
    [summary] = library.summaries()
    doc = library.document(summary.id)
    with_note = [p for p in doc.paragraphs if p.footnotes and 0 < (p.footnotes[0].offset or 0) < len(p.text)]
    numbered = next(p for p in doc.paragraphs if p.number and p.level == 0 and len(p.text) > 30)
    packs = PackService(library)
    pid = packs.create(title="t", language="zh")
    item = packs.add_item(pid, "29", "合作")
    ex = packs.add_excerpt(item, summary.id, [with_note[0].id, numbered.id])
    view = packs.get(pid).excerpt(ex)
    first = view.paragraphs[0]
    packs.set_note(first.id, "<ul><li>请核对</li></ul>")
    view = packs.get(pid).excerpt(ex)
    browser = ExcerptBrowser()
    qtbot.addWidget(browser)
    browser.set_excerpt(view)
    shown = browser.toPlainText()
    marker = first.footnotes[0]
    assert first.text[:marker.offset] + marker.marker in shown  # the marker is shown where it stands
    assert "✎ • 请核对" in shown or "✎ 请核对" in shown
    assert f"{marker.marker}\t{marker.text}" in shown  # the footnote itself, under the paragraphs
    # a selection across the footnote marker covers the text on both sides of it, not the marker
    start, end = max(marker.offset - 3, 0), min(marker.offset + 2, len(first.text))
    browser.select_text(0, start, end)
    assert browser.selected_ranges() == [(0, start, end)]
    assert marker.marker in browser.textCursor().selectedText()
    # a selection from the first paragraph into the second (past the note and the number)
    browser.select_text(0, len(first.text) - 2, len(first.text))
    a = browser.textCursor().selectionStart()
    browser.select_text(1, 0, 5)
    cursor = browser.textCursor()
    cursor.setPosition(a)
    cursor.setPosition(browser.textCursor().selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    browser.setTextCursor(cursor)
    assert browser.selected_ranges() == [(0, len(first.text) - 2, len(first.text)), (1, 0, 5)]
    assert browser.current_paragraph == 1
    # clicking on the number of paragraph 2 puts the cursor in paragraph 2
    number_at = shown.index(view.paragraphs[1].number)
    cursor.setPosition(number_at)
    browser.setTextCursor(cursor)
    assert browser.current_paragraph == 1 and browser.text_position(number_at)[0] in (0, 1)
    # in the footnotes the cursor is in no paragraph (no note to write there)
    cursor.setPosition(shown.index(marker.text))
    browser.setTextCursor(cursor)
    assert browser.current_paragraph is None


def _content(view):
    """A pack view without its timestamps (what undo and redo must restore exactly, ids included)."""
    import dataclasses

    def strip(obj):
        if dataclasses.is_dataclass(obj):
            return {f.name: strip(getattr(obj, f.name)) for f in dataclasses.fields(obj)
                    if f.name not in ("created_at", "updated_at")}
        if isinstance(obj, tuple):
            return tuple(strip(x) for x in obj)
        return obj

    return strip(view)


def test_undo_everything_then_redo_everything_restores_the_pack_exactly(qtbot, window, library, seeds):
    from briefdesk.core.importer import Importer
    from briefdesk.gui.packs.commands import NoteCommand
    from briefdesk.gui.packs.mime import ExcerptRef

    Importer(library).import_paths([seeds / "000_c78bdb84fd83cc2b.txt", seeds / "002_260c79862227ae61.txt"])
    service = PackService(library)
    pid = service.create(title="SBI-2", language="zh")
    editor = window.pack_editor
    editor.open_pack(pid)
    settle(qtbot, window)
    empty = _content(service.get(pid))
    docs = {s.symbol: s.id for s in library.summaries()}

    editor.add_item("11", "合作")
    settle(qtbot, window)
    editor.add_item("3", "审查")
    settle(qtbot, window)
    first, second = (i.id for i in service.get(pid).items)
    editor.add_excerpts([ExcerptRef(docs["XII/6"], "section", section="B", positions=())], first)
    settle(qtbot, window)
    editor.add_excerpts([ExcerptRef(docs["CBD/SBI/2/10"], "paragraphs", (12, 13)),
                         ExcerptRef(docs["XII/6"], "document")], second)
    settle(qtbot, window)
    view = service.get(pid)
    moved = view.items[1].excerpts[0].id
    editor._excerpt_moved(moved, first, 0)
    settle(qtbot, window)
    editor._item_moved(second, 0)
    settle(qtbot, window)
    editor.select("excerpt", moved)
    qtbot.waitUntil(lambda: editor.excerpt_browser.excerpt is not None
                    and editor.excerpt_browser.excerpt.id == moved, timeout=TIMEOUT)
    editor.excerpt_browser.select_text(0, 0, 4)
    editor.highlight_selection()
    settle(qtbot, window)
    editor.undo_stack.push(NoteCommand(editor, moved, service.get(pid).excerpt(moved).paragraphs[0].id,
                                       "<ul><li>核对</li></ul>"))
    settle(qtbot, window)
    editor.show_meeting_values({"classification": "内部"})
    editor._field_edited("classification")
    settle(qtbot, window)
    whole = service.get(pid).items[1].excerpts[-1].id
    editor.select("excerpt", whole)
    settle(qtbot, window)
    editor.delete_selected()
    settle(qtbot, window)
    editor.select("item", first)
    settle(qtbot, window)
    editor.delete_selected()
    settle(qtbot, window)
    final = _content(service.get(pid))
    assert final != empty and len(final["items"]) == 1

    steps = editor.undo_stack.count()
    assert steps == 11  # 2 items, 2 drops (one of two excerpts), 2 moves, highlight, note, meeting, 2 deletes
    for _ in range(steps):
        editor.undo()
    settle(qtbot, window)
    assert _content(service.get(pid)) == empty
    for _ in range(steps):
        editor.redo()
    settle(qtbot, window)
    assert _content(service.get(pid)) == final
    # and the window shows the stored pack
    assert editor.outline_model.rowCount() == 1 and editor.fields["classification"].text() == "内部"


def test_from_agenda_without_an_open_document_asks_which_one(qtbot, window, library, seeds, fixtures, monkeypatch):
    from briefdesk.gui.qt import QInputDialog

    pid, _item, _ex = seeded_pack(library, seeds)
    window.import_paths([fixtures / "packs" / "provisional-agenda-sbi2.txt"])
    qtbot.waitUntil(lambda: window.last_import_summary is not None, timeout=TIMEOUT)
    settle(qtbot, window)
    assert window.doc_view.document_id is None
    editor = window.pack_editor
    editor.open_pack(pid)
    settle(qtbot, window)
    offered = []

    def choose(parent, title, label, items, current, editable):
        offered.extend(items)
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    editor.agenda_action.trigger()
    settle(qtbot, window)
    assert "临时议程" in offered[0]  # the agenda is offered first
    assert len(offered) == len(library.summaries())
    assert len(PackService(library).get(pid).items) == 14


def test_print_pack_goes_through_the_print_dialog_and_prints_the_chosen_pages(qtbot, window, library, seeds,
                                                                              tmp_path, monkeypatch):
    from pypdf import PdfReader

    from briefdesk.gui.qt import QDialog, QPrintDialog

    pid, _item, _ex = seeded_pack(library, seeds)
    editor = window.pack_editor
    editor.open_pack(pid)
    settle(qtbot, window)
    printed = tmp_path / "printer.pdf"
    chosen = {}

    def answer(dialog):  # the user picks pages 2-3 and presses Print; the printer here writes a PDF
        printer = dialog.printer()
        chosen["range"] = (dialog.minPage(), dialog.maxPage())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", answer)
    editor.print_action.trigger()  # Packs › Print Pack…: export, preview, then the print dialog
    qtbot.waitUntil(lambda: editor.preview_dialog is not None and editor.preview_dialog.printed is not None,
                    timeout=TIMEOUT)
    dialog = editor.preview_dialog
    assert chosen["range"] == (1, dialog.page_count) and dialog.page_count >= 3
    assert dialog.printed == 2 and len(PdfReader(str(printed)).pages) == 2
    dialog.reject()


def test_a_failed_write_is_reported_and_leaves_the_pack_and_no_stale_undo(qtbot, window, library, seeds):
    from briefdesk.gui.packs.mime import ExcerptRef

    pid, item, _ex = seeded_pack(library, seeds)
    editor = window.pack_editor
    editor.open_pack(pid)
    settle(qtbot, window)
    before = _content(PackService(library).get(pid))
    gone = max(s.id for s in library.summaries()) + 1  # a document no longer in the library
    editor.add_excerpts([ExcerptRef(gone, "document", symbol="XII/6")], item)
    qtbot.waitUntil(lambda: editor.last_error is not None and not window.busy, timeout=TIMEOUT)
    assert f"#{gone}" in editor.last_error.text()
    assert _content(PackService(library).get(pid)) == before
    assert editor.undo_stack.count() == 0 and not editor.undo_action.isEnabled()


def test_closing_the_window_stops_an_export_under_way(qtbot, library, seeds, tmp_path):
    pid, _item, _ex = seeded_pack(library, seeds)
    w = MainWindow(library)
    qtbot.addWidget(w)
    w.show()
    editor = w.pack_editor
    editor.open_pack(pid)
    qtbot.waitUntil(lambda: not w.busy, timeout=TIMEOUT)
    target = tmp_path / "pack.pdf"
    task = editor.export_pdf(target)
    w.close()
    assert task.cancelled
    qtbot.waitUntil(lambda: task.done, timeout=TIMEOUT)
    assert not target.exists() or editor.last_export is not None  # stopped, or it had already finished


def test_show_in_library_opens_the_source_at_the_excerpted_paragraph(qtbot, window, library, seeds):
    pid, _item, ex = seeded_pack(library, seeds)
    editor = window.pack_editor
    window.pack_dock.show()
    editor.open_pack(pid)
    settle(qtbot, window)
    editor.select("excerpt", ex)
    qtbot.waitUntil(lambda: editor.excerpt_browser.excerpt is not None, timeout=TIMEOUT)
    excerpt = editor.excerpt_browser.excerpt
    editor.excerpt_browser.select_text(1, 2, 2)  # the cursor in paragraph 5
    qtbot.mouseClick(editor.source_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.doc_view.document_id == excerpt.source_document_id
                    and not window.busy, timeout=TIMEOUT)
    shown = window.doc_view.parsed.paragraphs[window.doc_view.highlighted]
    assert shown.text == excerpt.paragraphs[1].text and bare(shown.number) == "5"


def test_switching_packs_while_typing_saves_the_typing_to_the_pack_left(qtbot, window, library, seeds):
    pid, item, _ex = seeded_pack(library, seeds)
    other = PackService(library).create(title="COP-14", language="en")
    editor = window.pack_editor
    window.pack_dock.show()
    editor.refresh_packs()
    editor.open_pack(pid)
    settle(qtbot, window)
    editor.select("item", item)
    objectives = editor.sections["objectives"]
    objectives.edit.setFocus()
    qtbot.keyClicks(objectives.edit, "support the draft")
    assert objectives.dirty
    editor.pack_combo.setCurrentIndex(editor.pack_combo.findData(other))
    editor.pack_combo.activated.emit(editor.pack_combo.currentIndex())
    settle(qtbot, window)
    assert editor.pack_id == other and editor.view.items == ()
    assert "support the draft" in PackService(library).get(pid).items[0].objectives
    assert editor.undo_stack.count() == 0


def test_rich_text_field_formats_as_typed_and_commits_once_per_pause(qtbot):
    from briefdesk.core.packs.richtext import sanitize
    from briefdesk.gui.packs.richedit import RichTextEditor

    editor = RichTextEditor("Talking points")
    qtbot.addWidget(editor)
    editor.show()
    commits = []
    editor.committed.connect(lambda old, new: commits.append(new))
    editor.set_html("<p>Loaded</p>")
    assert commits == [] and not editor.dirty  # loading is not an edit
    editor.edit.setFocus()
    editor.edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.edit, " and ")
    qtbot.keyClick(editor.edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.edit, "firm")
    qtbot.keyClick(editor.edit, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(editor.italic_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.edit, " always")
    assert editor.dirty and commits == []
    qtbot.waitUntil(lambda: len(commits) == 1, timeout=5000)  # one commit after the pause
    assert sanitize(commits[0]) == "<p>Loaded and <b>firm</b><i> always</i></p>"
    qtbot.keyClick(editor.edit, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # italic off again
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    qtbot.mouseClick(_tool_button(editor, editor.number_action), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.edit, "first")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.edit, "second")
    editor.commit()
    assert sanitize(commits[-1]).endswith("<ol><li>first</li><li>second</li></ol>")
    editor.commit()  # nothing new: no commit
    assert len(commits) == 3  # the list button commits at once, then the typing after it
