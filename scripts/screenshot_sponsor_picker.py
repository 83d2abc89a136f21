"""Take the screenshot of the amendment dialog's picker of Parties and groups (issue 15, point 1).

Usage: ``QT_QPA_PLATFORM=offscreen python scripts/screenshot_sponsor_picker.py [docs/]``

Imports seed 000 (CBD/SBI/2/10, Chinese) into a temporary library, starts a draft
from its embedded draft COP decision, selects a span of paragraph 4, opens the
amendment dialog, picks the European Union (typed as ``Union européenne``) and
China (typed as ``CHN``), then types ``uni`` to show the matches, and saves the
dialog as ``screenshot-sponsor-picker.png``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _shots import settler

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> int:
    from briefdesk.core.drafting.service import DraftService
    from briefdesk.core.importer import Importer
    from briefdesk.core.library import Library
    from briefdesk.gui.app import application
    from briefdesk.gui.drafting.editor import DraftEditor
    from briefdesk.gui.qt import QApplication, QTextCursor

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "library.sqlite")
        [result] = Importer(library).import_paths([next((CORPUS / "seeds").glob("000*"))])
        service = DraftService(library)
        draft_id = service.from_document(result.document_id)
        target = next(p for p in service.view(draft_id).paragraphs if p.number == "4.")
        editor = DraftEditor(library, journal_directory=Path(tmp) / "journal")
        editor.resize(1400, 860)
        editor.show()
        settle = settler(app, 30.0)
        editor.open_draft(draft_id)
        settle(lambda: editor.laid is not None and editor.idle)
        row = next(i for i, p in enumerate(editor.laid.paragraphs) if p.id == target.id)
        editor.paragraph_list.setCurrentRow(row)
        settle(lambda: editor.idle)
        cursor = editor.para_edit.textCursor()
        cursor.setPosition(0)
        cursor.setPosition(2, QTextCursor.MoveMode.KeepAnchor)
        editor.para_edit.setTextCursor(cursor)
        dialog = editor.amendment_dialog()
        settle(lambda: QApplication.activeModalWidget() is dialog, 5.0)
        dialog.op.setCurrentIndex(1)
        dialog.comment.setText("在非正式磋商中提出")
        for typed in ("Union européenne", "CHN"):
            dialog.picker.search.setText(typed)
            dialog.picker.add_typed()
        dialog.picker.search.setText("uni")
        dialog.resize(760, 560)
        settle(lambda: False, 0.5)
        dialog.grab().save(str(out / "screenshot-sponsor-picker.png"))
        dialog.reject()
        editor.close()
        settle(lambda: editor.queue.idle)
        library.close()
    QApplication.processEvents()
    print(out / "screenshot-sponsor-picker.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
