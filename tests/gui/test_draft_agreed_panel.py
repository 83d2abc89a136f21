"""The agreed-language panel of the draft editor (issue 15, point 5): while a paragraph is typed,
the adopted paragraph it retouches is listed first; one click on "Use" puts its text into the
paragraph with the citation recorded."""

from __future__ import annotations

import pytest

from briefdesk.core.library import Library
from briefdesk.gui.drafting.agreed_panel import AgreedModel
from briefdesk.gui.models import HTML_ROLE
from briefdesk.gui.qt import QApplication, Qt
from tests.core.test_draft_agreed import build, changed, operative

WAIT = 15000


@pytest.fixture
def library(tmp_path):
    from briefdesk.gui.tasks import wait_for_tasks

    lib = build(tmp_path / "library.sqlite")
    yield lib
    wait_for_tasks(30.0)
    lib.close()


def settle(qtbot, editor) -> None:
    qtbot.waitUntil(lambda: editor.idle and editor.agreed_panel.idle, timeout=WAIT)


def test_panel_lists_the_original_first_and_use_records_the_citation(qtbot, editor, library: Library):
    pid, text = operative(library, "A/RES/75/102", "en", "3.")
    assert editor.agreed_dock.isVisible()
    editor.new_draft("resolution", "en", "Oceans", "The General Assembly,")
    qtbot.waitUntil(lambda: editor.draft_id is not None and editor.laid is not None, timeout=WAIT)
    settle(qtbot, editor)
    editor.para_edit.setFocus()
    qtbot.keyClick(editor.para_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, editor)

    retouched = changed(text)
    qtbot.keyClicks(editor.para_edit, retouched)     # typed: the panel asks once typing pauses
    panel = editor.agreed_panel
    qtbot.waitUntil(lambda: bool(panel.hits), timeout=WAIT)
    settle(qtbot, editor)
    assert panel.hits[0].paragraph_id == pid
    assert panel.model.index(0, 2).data() == "A/RES/75/102, para. 3"
    assert "<" in panel.model.index(0, AgreedModel.TEXT_COLUMN).data(HTML_ROLE)   # the changed words marked

    # One click on "Use" puts the agreed text in, with its citation; undo takes it back.
    rect = panel.view.visualRect(panel.model.index(0, AgreedModel.USE_COLUMN))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: editor.laid.paragraphs[0].text == text, timeout=WAIT)
    settle(qtbot, editor)
    p = editor.laid.paragraphs[0]
    assert (p.source_symbol, p.source_number) == ("A/RES/75/102", "3")
    assert editor.para_edit.toPlainText() == text
    snap = editor.service.snapshot(editor.draft_id)
    assert snap.paragraphs[0].source_paragraph_id == pid
    qtbot.waitUntil(lambda: panel.source.isVisible(), timeout=WAIT)
    assert "A/RES/75/102, para. 3" in panel.source.text()

    editor.undo()
    qtbot.waitUntil(lambda: editor.laid.paragraphs[0].text == retouched, timeout=WAIT)
    settle(qtbot, editor)
    assert editor.laid.paragraphs[0].source_symbol is None
    QApplication.processEvents()
