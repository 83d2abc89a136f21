"""Take docs/screenshot-tables.png: a table of a real Word draft shown as a grid (issue 11).

Usage (on a real or virtual X display, or ``QT_QPA_PLATFORM=offscreen``):
``python scripts/screenshot_tables.py [docs/screenshot-tables.png] [docs/screenshot-tables-spans.png]``

Imports the UNFCCC draft ``../shared/corpus/real/unfccc/Art_6.2_SBSTA_13a_DD_1stIteration.docx``
into a temporary library, opens it at Table 1 ("Submissions", annex I) and saves the
window; then at the first table with merged cells (Table 2 of annex I) for the second image.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _shots import settler

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT.parent / "shared" / "corpus" / "real" / "unfccc" / "Art_6.2_SBSTA_13a_DD_1stIteration.docx"


def main() -> int:
    from briefdesk.core.library import Library
    from briefdesk.gui.app import application
    from briefdesk.gui.mainwindow import MainWindow
    from briefdesk.gui.qt import QApplication

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot-tables.png"
    spans_out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "screenshot-tables-spans.png"
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(Library(Path(tmp) / "library.sqlite"))
        window.resize(1280, 800)
        window.show()
        settle = settler(app)
        task = window.import_paths([DRAFT])
        settle(lambda: task.done)
        doc_id = window.library.summaries()[0].id
        parsed = window.library.parsed(doc_id)
        for table, path in ((0, out), (1, spans_out)):
            first = next(i for i, p in enumerate(parsed.paragraphs) if p.table == table)
            task = window.open_document(doc_id, max(first - 1, 0))
            settle(lambda: task.done)
            settle(lambda: False, 0.5)
            window.grab().save(str(path))
            print(path)
        window.close()
        window.library.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
