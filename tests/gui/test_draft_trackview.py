"""The editor's track-changes view, changes-only comparison and projection (issue 15, points 4 and 6)."""

from __future__ import annotations

import pytest

from briefdesk.core.drafting.service import DraftService
from briefdesk.core.drafting.snapshot import BracketView
from briefdesk.gui.drafting.editor import TRACK_CHANGES
from briefdesk.gui.drafting.trackview import sponsor_colours, track_html
from briefdesk.gui.palette import contrast, sponsor_colour, theme
from briefdesk.gui.qt import QApplication, QColor, QEvent, QPalette, Qt, QTextDocument

WAIT = 15000
TEXT = "Requests the Executive Secretary to report to the Conference of the Parties."
SECOND = "Decides to consider the matter at its seventeenth meeting."


def settle(qtbot, editor) -> None:
    qtbot.waitUntil(lambda: editor.idle, timeout=WAIT)


def _draft(library):
    """A draft with a preambular and two operative paragraphs, and amendments by CAN and EU:
    #1 insert (CAN), #2 delete (EU, NOR), #3 replace (CAN), #4 insert (EU)."""
    service = DraftService(library)
    d = service.new("decision", "en", "Health", "The Conference of the Parties,")
    first = service.insert_paragraph(d, "Recalling decision 15/4,").paragraph_id
    service.set_kind(first, "preambular", 0, False)
    pid = service.insert_paragraph(d, TEXT).paragraph_id
    last = service.insert_paragraph(d, SECOND).paragraph_id
    service.propose(pid, "insert", len("Requests the Executive Secretary"), new_text=", within available resources,",
                    sponsors=["CAN"])
    service.propose(pid, "delete", len("Requests "), len("Requests the"), sponsors=["EU", "NOR"])
    service.propose(pid, "replace", len(TEXT) - 8, len(TEXT) - 1, "COP", sponsors=["CAN"])
    service.propose(last, "insert", len(SECOND) - 1, new_text=" in 2028", sponsors=["EU"])
    return service, d, (first, pid, last)


def _open(qtbot, editor, draft_id):
    editor.open_draft(draft_id)
    qtbot.waitUntil(lambda: editor.laid is not None and editor.idle, timeout=WAIT)


def _choose_view(qtbot, editor, mode) -> None:
    i = editor.view_combo.findData(mode)
    assert i >= 0
    editor.view_combo.setCurrentIndex(i)
    editor.view_combo.activated.emit(i)
    settle(qtbot, editor)


def fragments(document: QTextDocument) -> list[tuple[str, bool, bool, str]]:
    """``(text, underlined, struck out, colour)`` of every text fragment, in order."""
    out = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            f = it.fragment()
            fmt = f.charFormat()
            out.append((f.text(), fmt.fontUnderline(), fmt.fontStrikeOut(), fmt.foreground().color().name()))
            it += 1
        block = block.next()
    return out


def test_track_changes_view_underlines_insertions_strikes_deletions_numbers_in_margin(qtbot, editor, library):
    service, d, (_first, pid, last) = _draft(library)
    _open(qtbot, editor, d)
    _choose_view(qtbot, editor, TRACK_CHANGES)
    doc = editor.preview.document()
    parts = fragments(doc)
    marked = {text: (under, strike, colour) for text, under, strike, colour in parts if under or strike}
    can, eu = sponsor_colours(service.snapshot(d)).values()
    assert can != eu
    assert marked[", within available resources,"] == (True, False, can)     # #1 CAN insert
    assert marked["the"] == (False, True, eu)                                 # #2 EU, NOR delete
    assert marked["Parties"] == (False, True, can)                            # #3 CAN replace: the old …
    assert marked["COP"] == (True, False, can)                                # … and the new
    assert marked[" in 2028"] == (True, False, eu)                            # #4 EU insert
    # nothing else is marked: the unchanged text is plain, and all of it is there, in order
    assert set(marked) == {", within available resources,", "the", "Parties", "COP", " in 2028"}
    plain = doc.toPlainText()
    assert "Requests the Executive Secretary, within available resources, to report to the Conference of the " \
           "PartiesCOP." in plain
    # the margin beside each paragraph carries its amendments' numbers, in the sponsor's colour
    for number, paragraph_text, colour in (("#1", TEXT[:20], can), ("#2", TEXT[:20], eu), ("#3", TEXT[:20], can),
                                           ("#4", SECOND[:20], eu)):
        cursor = doc.find(number)
        assert not cursor.isNull(), number
        table = cursor.currentTable()
        cell = table.cellAt(cursor)
        assert cell.column() == 0
        beside = table.cellAt(cell.row(), 1)
        text_cursor = doc.find(paragraph_text)
        assert table.cellAt(text_cursor).row() == cell.row(), number
        assert beside.firstCursorPosition().position() <= text_cursor.position()
        assert cursor.charFormat().foreground().color().name() == colour
    # the verb stays as the preview sets it, the legend names the sponsors
    assert "Sponsors:" in plain and "■ CAN" in plain and "■ EU" in plain
    # export in this view is the compilation
    assert editor.bracket_mode() is BracketView.COMPILATION
    # an accepted amendment leaves the marks: its words are plain text now
    accepted = next(a for a in service.amendments(d) if a.number == 4)
    service.accept(accepted.id)
    editor.refresh()
    settle(qtbot, editor)
    assert " in 2028" not in {t for t, u, s, _c in fragments(editor.preview.document()) if u or s}
    assert "#4" not in editor.preview.toPlainText()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_sponsor_colours_are_readable_and_distinct_in_light_and_dark_palettes(qapp, library, dark):
    palette = QPalette(QApplication.palette())
    if dark:
        palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    else:
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    base = palette.color(QPalette.ColorRole.Base)
    colours = [sponsor_colour(i, palette) for i in range(12)]
    assert len(set(colours)) == 12
    assert all(contrast(c, base) >= 4.5 for c in colours), colours
    hues_light = [QColor(sponsor_colour(i, palette)).hslHueF() for i in range(4)]
    assert all(h >= 0 for h in hues_light)
    # the rendered view takes its colours from the palette given
    service, d, _ids = _draft(library)
    from briefdesk.core.drafting.track import track_changes

    snap = service.snapshot(d)
    html = track_html(snap, track_changes(snap), palette)
    for colour in sponsor_colours(snap, palette).values():
        assert colour in html
    assert theme(palette).dark is dark


def test_changes_only_comparison_hides_unchanged_pairs_and_counts_changes(qtbot, editor, library):
    service, d, (first, pid, last) = _draft(library)
    service.save_version(d, "before")
    service.set_text(last, SECOND.replace("seventeenth", "eighteenth"))
    _open(qtbot, editor, d)
    editor.compare(f"D{d}@1", f"D{d}")
    qtbot.waitUntil(lambda: getattr(editor, "last_comparison", None) is not None, timeout=WAIT)
    settle(qtbot, editor)
    panel = editor.comparison_panel
    assert editor.tabs.currentWidget() is panel
    assert panel.count_label.text() == "1 of 3 paragraph pairs changed"
    assert "Recalling decision 15/4" in editor.comparison.toPlainText()
    assert not panel.changes_only.isChecked()
    qtbot.mouseClick(panel.changes_only, Qt.MouseButton.LeftButton)
    assert panel.changes_only.isChecked()
    shown = editor.comparison.toPlainText()
    assert "Recalling decision 15/4" not in shown and TEXT not in shown
    assert "eighteenth" in shown and "seventeenth" in shown and "changed" in shown
    assert panel.count_label.text() == "1 of 3 paragraph pairs changed"
    panel.changes_only.setChecked(False)
    assert "Recalling decision 15/4" in editor.comparison.toPlainText()


def _shaded(browser) -> list[str]:
    """The text of the blocks shaded as the paragraph under discussion."""
    out = []
    block = browser.document().begin()
    while block.isValid():
        if block.blockFormat().background().color().name() == theme().highlight \
                and block.blockFormat().background().style() != Qt.BrushStyle.NoBrush:
            out.append(block.text())
        block = block.next()
    return out


def test_projection_follows_the_editors_paragraph_and_escape_closes_it(qtbot, editor, library):
    service, d, (first, pid, last) = _draft(library)
    _open(qtbot, editor, d)
    editor.paragraph_list.setFocus()
    editor.paragraph_list.setCurrentRow(1)
    assert editor.current_pid == pid
    qtbot.keyClick(editor, Qt.Key.Key_F5)           # the shortcut (one screen: no question asked)
    window = editor.projection
    assert window is not None and window.isWindow() and window.parent() is None
    qtbot.waitExposed(window)
    assert window.isFullScreen()
    assert window.mode is BracketView.COMPILATION and window.highlighted == pid
    assert window.browser.font().pixelSize() >= 22
    [shaded] = _shaded(window.browser)
    assert shaded.startswith("1.") and "(#3 Canada)" in shaded   # the compilation, with its sponsors named

    editor.paragraph_list.setCurrentRow(2)            # the cursor moves on: the projection follows
    assert window.highlighted == last
    [shaded] = _shaded(window.browser)
    assert "seventeenth meeting" in shaded

    service.set_text(last, SECOND.replace("seventeenth", "eighteenth"))   # the text is edited
    editor.refresh()
    settle(qtbot, editor)
    [shaded] = _shaded(window.browser)
    assert "eighteenth meeting" in shaded

    window.set_mode(BracketView.CLEAN)               # the clean text: no proposals
    assert "(#" not in window.browser.toPlainText() and "Parties." in window.browser.toPlainText()
    [shaded] = _shaded(window.browser)
    assert "eighteenth meeting" in shaded

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.projection is None, timeout=WAIT)
    editor.paragraph_list.setCurrentRow(0)            # nothing follows a closed projection


def test_project_menu_entry_is_in_the_draft_menu_and_closing_the_editor_closes_the_projection(
        qtbot, editor, library):
    draft_menu = next(m.menu() for m in editor.menuBar().actions() if m.text() == "&Draft")
    assert editor.project_action in draft_menu.actions()
    assert editor.project_action.text() == "&Project on Screen…"
    assert editor.project_action.shortcut().toString() == "F5"
    assert not editor.project_action.isEnabled()          # no draft open yet
    _service, d, _ids = _draft(library)
    _open(qtbot, editor, d)
    editor.paragraph_list.setCurrentRow(0)
    assert editor.project_action.isEnabled()
    editor.project_action.trigger()
    window = editor.projection
    qtbot.waitExposed(window)
    assert window.highlighted == editor.current_pid and window.mode is BracketView.COMPILATION
    window.close()
    _choose_view(qtbot, editor, BracketView.CLEAN.value)   # the preview shows the clean text: so does projection
    assert editor.preview_mode() is BracketView.CLEAN and editor.bracket_mode() is BracketView.CLEAN
    assert "(#" not in editor.preview.toPlainText()
    window = editor.project()
    qtbot.waitExposed(window)
    assert window.mode is BracketView.CLEAN and "(#" not in window.browser.toPlainText()
    closed = []
    window.destroyed.connect(lambda: closed.append(True))
    editor.close()
    qtbot.waitUntil(lambda: editor.projection is None and editor.queue.idle, timeout=WAIT)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)     # the window is gone
    assert closed == [True]


def test_an_arabic_draft_has_its_margin_on_the_right(qtbot, editor, library):
    service = DraftService(library)
    d = service.new("decision", "ar", "الصحة", "إن مؤتمر الأطراف،")
    pid = service.insert_paragraph(d, "يطلب إلى الأمين التنفيذي أن يقدم تقريرا؛").paragraph_id
    service.propose(pid, "insert", len("يطلب إلى الأمين التنفيذي"), new_text=" بحسب الموارد", sponsors=["مصر"])
    _open(qtbot, editor, d)
    _choose_view(qtbot, editor, TRACK_CHANGES)
    doc = editor.preview.document()
    number, text = doc.find("#1"), doc.find("الأمين التنفيذي")
    table = number.currentTable()
    assert table.cellAt(number).column() == 1 and table.cellAt(text).column() == 0
    assert editor.preview.cursorRect(number).left() > editor.preview.cursorRect(text).left()
    assert text.block().textDirection() == Qt.LayoutDirection.RightToLeft
    assert " بحسب الموارد" in {t for t, u, _s, _c in fragments(doc) if u}
