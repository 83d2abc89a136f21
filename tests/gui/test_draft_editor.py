"""The draft editor, driven as a delegate drives it: by keyboard, with undo, brackets,
an amendment by Parties, a version and an export (issue 6)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from briefdesk.core.drafting.journal import DraftJournal
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.library import Library
from briefdesk.gui.drafting.editor import DraftEditor
from briefdesk.gui.qt import QApplication, QInputMethodEvent, QMessageBox, Qt, QTextCursor

WAIT = 15000


def settle(qtbot, editor) -> None:
    qtbot.waitUntil(lambda: editor.idle, timeout=WAIT)


def ime_type(widget, text: str) -> None:
    """Type Chinese as an input method does: the composed phrase is committed to the widget
    (QTest's key clicks carry Latin-1 only)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def texts(editor) -> list[tuple[str | None, str]]:
    return [(p.number, p.text) for p in editor.laid.paragraphs]


def test_write_a_draft_by_keyboard_with_undo_brackets_amendment_and_export(qtbot, editor, tmp_path):
    editor.new_draft("decision", "en", "Biodiversity and health", "The Conference of the Parties,")
    qtbot.waitUntil(lambda: editor.draft_id is not None and editor.laid is not None, timeout=WAIT)
    settle(qtbot, editor)
    assert editor.laid.paragraphs == []

    # First paragraph: Ctrl+Return, type it, make it preambular from the kind box by keyboard.
    editor.para_edit.setFocus()
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, editor)
    assert len(editor.laid.paragraphs) == 1
    qtbot.keyClicks(editor.para_edit, "Recalling decision 14/4 on health and biodiversity,")
    editor.para_kind.setFocus()
    qtbot.keyClick(editor.para_kind, Qt.Key.Key_Home)
    settle(qtbot, editor)
    first = editor.laid.paragraphs[0]
    assert first.kind == "preambular" and first.number is None
    assert first.text == "Recalling decision 14/4 on health and biodiversity,"
    assert first.verb == "Recalling"

    # Two operative paragraphs, numbered automatically.
    editor.para_edit.setFocus()
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, editor)
    assert editor.laid.paragraphs[1].kind == "preambular"      # the new one follows the current kind
    editor.para_kind.setFocus()
    qtbot.keyClick(editor.para_kind, Qt.Key.Key_Down)
    editor.para_edit.setFocus()
    qtbot.keyClicks(editor.para_edit, "Requests the Executive Secretary to prepare a report;")
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.para_edit, "Decides to consider the matter at its sixteenth meeting.")
    settle(qtbot, editor)
    assert texts(editor) == [
        (None, "Recalling decision 14/4 on health and biodiversity,"),
        ("1.", "Requests the Executive Secretary to prepare a report;"),
        ("2.", "Decides to consider the matter at its sixteenth meeting."),
    ]

    # Undo takes back the typing of paragraph 2, redo brings it back.
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, editor)
    assert texts(editor)[2] == ("2.", "")
    assert editor.para_edit.toPlainText() == ""
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, editor)
    assert texts(editor)[2] == ("2.", "Decides to consider the matter at its sixteenth meeting.")

    # Bracket "a report" in paragraph 1: select it by keyboard, Ctrl+[.
    qtbot.keyClick(editor.paragraph_list, Qt.Key.Key_Up)
    assert editor.para_edit.toPlainText() == "Requests the Executive Secretary to prepare a report;"
    editor.para_edit.setFocus()
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_End)
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_Left)
    for _ in range(2):
        qtbot.keyClick(editor.para_edit, Qt.Key.Key_Left,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.para_edit.textCursor().selectedText() == "a report"
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, editor)
    assert texts(editor)[1] == ("1.", "Requests the Executive Secretary to prepare [a report];")

    # An amendment by two Parties replacing "prepare".
    text = editor.para_edit.toPlainText()
    cursor = editor.para_edit.textCursor()
    start = text.index("prepare")
    cursor.setPosition(start)
    cursor.setPosition(start + len("prepare"), QTextCursor.MoveMode.KeepAnchor)
    editor.para_edit.setTextCursor(cursor)
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                    and QApplication.activeModalWidget().objectName() == "amendmentDialog", timeout=WAIT)
    dialog = QApplication.activeModalWidget()
    assert dialog.op.currentIndex() == 2          # a selection: replace
    qtbot.keyClicks(dialog.new_text, "commission")
    qtbot.keyClicks(dialog.sponsors, "Norway, Brazil")
    qtbot.keyClick(dialog.sponsors, Qt.Key.Key_Return)     # the picker takes both
    assert dialog.picker.selected() == ["NOR", "BRA"]
    qtbot.keyClick(dialog.sponsors, Qt.Key.Key_Return)     # the field empty: OK
    settle(qtbot, editor)
    amendments = DraftService(editor.library).amendments(editor.draft_id)
    assert [(a.op, a.old_text, a.new_text, a.sponsors) for a in amendments] == [
        ("replace", "prepare", "commission", ["NOR", "BRA"])]
    preview = editor.preview.toPlainText()
    assert "[prepare] [commission] (#1 Norway, Brazil)" in preview
    assert "[a report]" in preview

    # A version, then the compilation exported to PDF.
    editor.save_version("after informals")
    settle(qtbot, editor)
    assert [v.label for v in editor.versions] == ["Rev.1"]
    out = tmp_path / "draft.pdf"
    editor.export(out)
    settle(qtbot, editor)
    assert editor.last_export == out
    pdf_text = " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(out).pages)
    assert "Recalling decision 14/4" in pdf_text
    assert "(#1 Norway, Brazil)" in pdf_text
    assert "[a report]" in pdf_text


def test_undo_of_a_structural_edit_restores_numbering(qtbot, editor, library):
    service = DraftService(library)
    draft_id = service.new("decision", "zh", "生物多样性与卫生", "缔约方大会，")
    for text in ("请执行秘书编写一份报告；", "决定在第十六次会议上审议此事。"):
        service.insert_paragraph(draft_id, text)
    editor.refresh()
    settle(qtbot, editor)
    editor.open_draft(draft_id)
    qtbot.waitUntil(lambda: editor.laid is not None and len(editor.laid.paragraphs) == 2, timeout=WAIT)
    settle(qtbot, editor)
    editor.paragraph_list.setCurrentRow(0)
    editor.para_edit.setFocus()
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, editor)
    for phrase in ("欢迎", "各缔约方", "提交的资料", "；"):
        ime_type(editor.para_edit, phrase)
    settle(qtbot, editor)
    assert [(p.number, p.text) for p in editor.laid.paragraphs] == [
        ("1.", "请执行秘书编写一份报告；"), ("2.", "欢迎各缔约方提交的资料；"), ("3.", "决定在第十六次会议上审议此事。")]
    for _ in range(2):                              # the typing, then the new paragraph
        editor.undo()
        settle(qtbot, editor)
    assert [(p.number, p.text) for p in editor.laid.paragraphs] == [
        ("1.", "请执行秘书编写一份报告；"), ("2.", "决定在第十六次会议上审议此事。")]


def test_typing_left_in_the_journal_is_offered_back(qtbot, library, tmp_path):
    service = DraftService(library)
    draft_id = service.new("decision", "en", "Oceans", "The Conference of the Parties,")
    pid = service.insert_paragraph(draft_id, "Requests the Executive Secretary;").paragraph_id
    journal = DraftJournal(library.url, draft_id, directory=tmp_path / "journal")
    journal.record(pid, "Requests the Executive Secretary to report on coastal ecosystems;")
    journal.flush()
    journal.close(keep=True)        # as if the process had been killed: nothing marked committed

    window = DraftEditor(library, journal_directory=tmp_path / "journal")
    qtbot.addWidget(window)
    window.show()
    window.check_recovery()
    qtbot.waitUntil(lambda: window.recovery_box is not None, timeout=WAIT)
    assert "coastal ecosystems" in window.recovery_box.detailedText()
    window.recovery_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.idle and window.laid is not None, timeout=WAIT)
    assert service.paragraph_text(pid) == "Requests the Executive Secretary to report on coastal ecosystems;"
    assert window.draft_id == draft_id
    assert window.laid.paragraphs[0].text.endswith("coastal ecosystems;")
    window.close()
    qtbot.waitUntil(lambda: window.queue.idle, timeout=WAIT)


@pytest.mark.corpus
def test_start_a_draft_from_the_document_open_in_the_main_window(qtbot, library, seeds, tmp_path, monkeypatch):
    """Drafts › Start Draft from This Document on CBD/SBI/2/10 (seed 000) edits the draft COP
    decision embedded in its proposed recommendation, numbered as the source numbers it."""
    from briefdesk.core.importer import Importer
    from briefdesk.gui.mainwindow import MainWindow

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    [result] = Importer(library).import_paths([next(seeds.glob("000*"))])
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    window.open_document(result.document_id)
    qtbot.waitUntil(lambda: window.draft_from_document_action.isEnabled(), timeout=WAIT)
    window.draft_from_document_action.trigger()
    editor = window.draft_editor
    assert isinstance(editor, DraftEditor) and editor.isVisible()
    qtbot.waitUntil(lambda: editor.laid is not None and editor.idle, timeout=WAIT)
    snap = editor.laid.snapshot
    assert snap.body_name == "缔约方大会，"
    assert snap.source_label.startswith("CBD/SBI/2/10")
    numbers = [p.number for p in editor.laid.paragraphs if p.kind == "operative" and p.level == 0]
    assert numbers[:3] == ["1.", "2.", "3."] and len(numbers) >= 11
    assert any("第11段" in p.text for p in editor.laid.paragraphs)
    editor.close()
    qtbot.waitUntil(lambda: editor.queue.idle, timeout=WAIT)


CHILD = r'''
import sys, time
from pathlib import Path
from briefdesk.core.library import Library
from briefdesk.core.drafting.service import DraftService
from briefdesk.gui.app import application
from briefdesk.gui.drafting.editor import DraftEditor
from briefdesk.gui.qt import Qt
from PySide6.QtTest import QTest

app = application()
library = Library(Path(sys.argv[1]))
service = DraftService(library)
draft_id = service.new("decision", "en", "Marine and coastal biodiversity", "The Conference of the Parties,")
service.insert_paragraph(draft_id, "Welcomes the report;")
editor = DraftEditor(library)
editor.show()
editor.open_draft(draft_id)
deadline = time.monotonic() + 30
while (editor.laid is None or not editor.idle) and time.monotonic() < deadline:
    app.processEvents(); time.sleep(0.01)
editor.para_edit.setFocus()
QTest.keyClick(editor.para_edit, Qt.Key.Key_End)
QTest.keyClicks(editor.para_edit, " and requests the Executive Secretary to circulate it")
print("typed", flush=True)
time.sleep(60)          # killed here, before the pause that would store the text
'''


def test_typing_survives_sigkill_and_is_offered_at_next_start(qtbot, tmp_path):
    """A process editing a draft is killed (SIGKILL) right after typing; the next start of
    the window offers the typed text back and restores it on Yes."""
    import os
    import signal
    import subprocess
    import sys

    from briefdesk.gui.mainwindow import MainWindow

    path = tmp_path / "library.sqlite"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert child.stdout.readline().strip() == "typed"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert child.returncode == -signal.SIGKILL

    library = Library(path)
    service = DraftService(library)
    [summary] = service.drafts()
    pid = service.view(summary.id).paragraphs[0].id
    assert service.paragraph_text(pid) == "Welcomes the report;"        # the typing never reached the store
    window = MainWindow(library)
    qtbot.addWidget(window)
    window.show()
    window.check_draft_recovery()
    qtbot.waitUntil(lambda: getattr(window, "draft_editor", None) is not None
                    and window.draft_editor.recovery_box is not None, timeout=WAIT)
    editor = window.draft_editor
    editor.recovery_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: editor.idle and editor.laid is not None, timeout=WAIT)
    expected = "Welcomes the report; and requests the Executive Secretary to circulate it"
    assert service.paragraph_text(pid) == expected
    assert editor.laid.paragraphs[0].text == expected
    editor.close()
    qtbot.waitUntil(lambda: editor.queue.idle, timeout=WAIT)
    library.close()


def test_typing_over_a_paragraph_someone_else_changed_is_refused_not_lost(qtbot, editor, library):
    """A team library (issue 16): another delegate changed the paragraph after this editor showed
    it; what is typed here is not written over theirs, the error says so, and the text typed
    stays in the box (and in the journal) to be made again."""
    service = DraftService(library)
    draft_id = service.new("decision", "en", "Resource mobilization", "The Conference of the Parties,")
    pid = service.insert_paragraph(draft_id, "Requests the Executive Secretary to prepare a report").paragraph_id
    editor.refresh()
    settle(qtbot, editor)
    editor.open_draft(draft_id)
    qtbot.waitUntil(lambda: editor.laid is not None and editor.draft_id == draft_id, timeout=WAIT)
    settle(qtbot, editor)
    assert editor.current_pid == pid

    other = Library(library.url, update_citations=False)
    try:
        DraftService(other).set_text(pid, "Requests the Executive Secretary to prepare a report by COP 17")
    finally:
        other.close()
    editor.para_edit.setFocus()
    editor.para_edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.para_edit, " in all six languages")
    editor.commit_text()
    qtbot.waitUntil(lambda: editor.last_error is not None, timeout=WAIT)
    settle(qtbot, editor)
    assert "Someone else changed paragraph 1" in editor.last_error.text()
    assert service.paragraph_text(pid) == "Requests the Executive Secretary to prepare a report by COP 17"
    editor.last_error.close()
