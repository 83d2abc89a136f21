"""Take the README's screenshot of the main window with the reference corpus loaded.

Usage (on a real or virtual X display, e.g. ``xvfb-run -s "-screen 0 1400x900x24"``):
``python scripts/screenshot.py [docs/screenshot-main.png]``

Imports ``../shared/corpus/seeds`` and the first 60 Chinese GA resolutions
into a temporary library, searches for 森林, opens the first hit and saves
the window as PNG.
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
    from briefdesk.gui.qt import QApplication

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot-main.png"
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(Library(Path(tmp) / "library.sqlite"))
        window.resize(1280, 800)
        window.show()
        files = sorted((CORPUS / "seeds").glob("*.txt")) + sorted((CORPUS / "akn/ga-75/Chinese").glob("*.xml"))[:60]

        settle = settler(app)

        task = window.import_paths(files)
        settle(lambda: task.done)
        window.search_box.setText("森林")
        task = window.run_search()
        settle(lambda: task is None or task.done)
        settle(lambda: window.hit_model.rowCount() > 0, 5)
        window.activate_hit(window.hit_model.index(0, 0))
        settle(lambda: window.open_task is not None and window.open_task.done)
        settle(lambda: False, 0.5)
        window.grab().save(str(out))
        window.close()
        window.library.close()
    QApplication.processEvents()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
