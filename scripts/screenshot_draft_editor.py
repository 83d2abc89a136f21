"""Take the README's screenshots of the draft editor and of a draft exported to PDF.

Usage (on a real or virtual X display, e.g. ``xvfb-run -s "-screen 0 1400x900x24"``):
``python scripts/screenshot_draft_editor.py [docs/]``

Imports seed 000 (CBD/SBI/2/10) into a temporary library, starts a draft from
its embedded draft COP decision, inserts a paragraph before paragraph 11,
brackets a span, records two amendments by different Parties, saves the
window as ``screenshot-draft-editor.png`` and the compilation exported to PDF
as ``draft-pdf.png`` (first page, via ``pdftoppm``).
"""

from __future__ import annotations

import subprocess
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
    from briefdesk.gui.qt import QApplication

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "library.sqlite")
        [result] = Importer(library).import_paths([next((CORPUS / "seeds").glob("000*"))])
        service = DraftService(library)
        draft_id = service.from_document(result.document_id)
        laid = service.view(draft_id)
        eleven = next(p for p in laid.paragraphs if p.number == "11.")
        service.insert_paragraph(draft_id, "请执行秘书在资源允许的情况下，支持缔约方开展能力建设活动；",
                                 before=eleven.id)
        target = next(p for p in service.view(draft_id).paragraphs if p.number == "4.")
        text = target.text
        phrase = "开展协作与合作" if "开展协作与合作" in text else text[len(text) // 2:len(text) // 2 + 6]
        cut = text.index(phrase)
        service.bracket(target.id, cut, cut + len(phrase))
        service.propose(target.id, "insert", len(service.paragraph_text(target.id)) - 1, None,
                        "并酌情考虑区域差异", sponsors=["中国", "巴西"], comment="非正式磋商中提出")
        service.propose(target.id, "delete", 0, 2, sponsors=["挪威"])
        editor = DraftEditor(library, journal_directory=Path(tmp) / "journal")
        editor.resize(1400, 860)
        editor.show()

        settle = settler(app, 30.0)

        editor.open_draft(draft_id)
        settle(lambda: editor.laid is not None and editor.idle)
        row = next(i for i, p in enumerate(editor.laid.paragraphs) if p.id == target.id)
        editor.paragraph_list.setCurrentRow(row)
        settle(lambda: editor.idle)
        settle(lambda: False, 0.5)
        editor.grab().save(str(out / "screenshot-draft-editor.png"))
        pdf = Path(tmp) / "draft.pdf"
        editor.watermark_box.setChecked(True)
        editor.export(pdf)
        settle(lambda: editor.last_export is not None)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(out / "draft-pdf")], check=True)
        editor.close()
        settle(lambda: editor.queue.idle)
        library.close()
    QApplication.processEvents()
    print(out / "screenshot-draft-editor.png", out / "draft-pdf.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
