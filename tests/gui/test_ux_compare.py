"""The draft editor's Compare dialog compares with the library text chosen from its list (issue 13, point 8)."""

from __future__ import annotations

from briefdesk.core.drafting.service import DraftService
from briefdesk.core.importer import Importer
from briefdesk.gui.drafting.editor import DraftEditor
from briefdesk.gui.qt import QComboBox

WAIT = 15000


def test_compare_with_the_source_document_chosen_from_the_list(qtbot, library, seeds, tmp_path):
    [result] = Importer(library).import_paths([next(seeds.glob("000*"))])  # CBD/SBI/2/10 (zh)
    draft_id = DraftService(library).from_document(result.document_id, part=1)
    editor = DraftEditor(library, journal_directory=tmp_path / "journal")
    qtbot.addWidget(editor, before_close_func=lambda w: qtbot.waitUntil(lambda: w.idle, timeout=WAIT))
    editor.show()
    editor.open_draft(draft_id)
    qtbot.waitUntil(lambda: editor.laid is not None and editor.idle, timeout=WAIT)
    refs = dict((ref, label) for label, ref in editor.compare_refs())
    assert refs[f"#{result.document_id}:1"].startswith("CBD/SBI/2/10")

    dialog = editor.compare_dialog()
    earlier, later = dialog.findChildren(QComboBox)
    earlier.setCurrentIndex(earlier.findData(f"#{result.document_id}:1"))  # the source, from the list
    later.setCurrentIndex(later.findData(f"D{draft_id}"))  # the working text
    dialog.accept()
    qtbot.waitUntil(lambda: getattr(editor, "last_comparison", None) is not None, timeout=WAIT)
    assert getattr(editor, "last_error", None) is None
    pairs = editor.last_comparison
    assert len(pairs) >= 11  # the embedded decision's paragraphs, aligned with the draft's
    assert "CBD/SBI/2/10:1" in editor.comparison.toPlainText()
    editor.close()
    qtbot.waitUntil(lambda: editor.queue.idle, timeout=WAIT)
