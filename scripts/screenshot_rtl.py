"""Take the right-to-left screenshots (issue 14): an Arabic resolution in the Arabic and in the
English interface, with an Arabic search and an excerpt of it in the briefing pack.

Usage (offscreen: ``QT_QPA_PLATFORM=offscreen``, or on a real or virtual X display):
``python scripts/screenshot_rtl.py ar docs/screenshot-rtl-ar-interface.png [docs/screenshot-rtl-ar-draft-editor.png]``
``python scripts/screenshot_rtl.py en docs/screenshot-rtl-en-interface.png``

Imports the first 30 Arabic and 10 English GA-75 resolutions (``akn/ga-75``)
into a temporary library with the interface in the language given, searches
for البعثات السياسية, opens A/RES/75/100 at its first numbered hit and saves the window;
with a third path, starts a draft from that resolution and saves the draft editor there too.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _shots import settler

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> int:
    from briefdesk.core import i18n
    from briefdesk.core.library import Library
    from briefdesk.gui.app import application
    from briefdesk.gui.mainwindow import MainWindow
    from briefdesk.gui.qt import QApplication

    language = sys.argv[1] if len(sys.argv) > 1 else "ar"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / f"screenshot-rtl-{language}-interface.png"
    i18n.set_language(language)
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(Library(Path(tmp) / "library.sqlite"))
        window.resize(1400, 860)
        window.show()
        ga = CORPUS / "akn" / "ga-75"
        files = sorted((ga / "Arabic").glob("*.xml"))[:30] + sorted((ga / "English").glob("*.xml"))[:10]

        settle = settler(app, 120.0)

        task = window.import_paths(files)
        settle(lambda: task.done)
        if window.last_import_summary is not None:
            window.last_import_summary.close()
        window.search_box.setText("البعثات السياسية الخاصة")
        task = window.run_search()
        settle(lambda: task is None or task.done)
        settle(lambda: window.hit_model.rowCount() > 0, 10)
        rows = [r for r in range(window.hit_model.rowCount())
                if (h := window.hit_model.hit_at(r)) is not None and h.symbol == "A/RES/75/100" and h.language == "ar"]
        # a numbered paragraph, so the numbers hanging on the right show
        row = next((r for r in rows if window.hit_model.hit_at(r).paragraph_number), rows[0] if rows else 0)
        window.activate_hit(window.hit_model.index(row, 0))
        settle(lambda: window.open_task is not None and window.open_task.done)
        settle(lambda: False, 0.8)
        window.grab().save(str(out))
        if len(sys.argv) > 3:
            window.open_draft_editor(window.doc_view.document_id)
            editor = window.draft_editor
            editor.resize(1300, 750)
            settle(lambda: editor.laid is not None and bool(editor.laid.paragraphs))
            settle(lambda: editor.idle)
            editor.paragraph_list.setCurrentRow(next((i for i, p in enumerate(editor.laid.paragraphs)
                                                      if p.number), 0))
            settle(lambda: editor.idle)
            settle(lambda: False, 0.5)
            editor.grab().save(sys.argv[3])
            editor.close()
            settle(lambda: editor.idle)
        window.close()
        window.library.close()
    QApplication.processEvents()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
