"""Take docs/screenshot-citations.png: a citation followed, "Cited by" and unresolved citations.

Usage (on a real or virtual X display): ``xvfb-run -a -s "-screen 0 1400x900x24"
python scripts/screenshot_citations.py [docs/screenshot-citations.png]``

Imports the seeds and twenty English GA resolutions into a temporary library,
opens CBD/SBI/2/10, follows its citation "第XII/6号决定第21段" to paragraph 21
of decision XII/6, and shows the unresolved citations below.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _shots import settler

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> int:
    from briefdesk.core.library import Library
    from briefdesk.gui.app import application
    from briefdesk.gui.mainwindow import MainWindow
    from briefdesk.gui.qt import QApplication, Qt

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot-citations.png"
    app = application()

    settle = settler(app)

    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "library.sqlite")
        window = MainWindow(library)
        window.resize(1400, 880)
        window.show()
        files = sorted((CORPUS / "seeds").glob("*.txt")) + sorted((CORPUS / "akn/ga-75/English").glob("*.xml"))[:20]
        task = window.import_paths(files)
        settle(lambda: task.done and window.last_import_summary is not None)
        window.last_import_summary.close()
        settle(lambda: not window.busy)
        task = window.open_document(library.resolve("CBD/SBI/2/10"))
        settle(lambda: task.done)
        link = next(c for c in window.doc_view.citations.values() if c.text == "第XII/6号决定第21段")
        window.follow_citation(link)
        settle(lambda: window.doc_view.document_id == link.resolved_document_id and not window.busy)
        window.unresolved_action.trigger()
        settle(lambda: window.unresolved_task is not None and window.unresolved_task.done)
        window.resizeDocks([window.unresolved_dock], [190], Qt.Orientation.Vertical)
        window.resizeDocks([window.cited_by_dock], [330], Qt.Orientation.Horizontal)
        window.show_cited_by_of(window.doc_view.highlighted)
        window.doc_view.go_to_paragraph(window.doc_view.highlighted)
        settle(lambda: False, 0.7)
        window.grab().save(str(out))
        window.close()
        library.close()
    QApplication.processEvents()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
