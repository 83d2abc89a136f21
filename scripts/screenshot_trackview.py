"""Screenshots of the draft editor's track-changes view (light and dark palettes) and of the
projection window (issue 15, points 4 and 6).

Usage: ``python scripts/screenshot_trackview.py [docs/]`` — offscreen by default, with two
virtual screens (a 1400 × 900 laptop and a 1280 × 720 projector) so the projection goes
through the "which screen" question as it does in a room.

Imports Human Rights Council resolution A/HRC/RES/54/1 (English, from the corpus) into a
temporary library, starts a draft from it, records amendments by three sponsors on
paragraphs 22–24 (an insertion, a deletion, a replacement, one overlapping another), and saves
``screenshot-trackview.png``, ``screenshot-trackview-dark.png`` and ``screenshot-projection.png``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SCREENS = {"synchronousWindowSystemEvents": True, "windowFrameMargins": False, "screens": [
    {"name": "Laptop", "x": 0, "y": 0, "width": 1400, "height": 900, "logicalDpi": 96, "logicalBaseDpi": 96,
     "dpr": 1},
    {"name": "Projector", "x": 1400, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1}]}


def main() -> int:
    tmp = tempfile.TemporaryDirectory()
    config = Path(tmp.name) / "screens.json"
    config.write_text(json.dumps(SCREENS), encoding="utf-8")
    os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={config}")

    from _shots import settler

    from briefdesk.core.drafting.service import DraftService
    from briefdesk.core.importer import Importer
    from briefdesk.core.library import Library
    from briefdesk.gui.app import application
    from briefdesk.gui.drafting.editor import TRACK_CHANGES, DraftEditor
    from briefdesk.gui.qt import QApplication, QColor, QPalette

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = application()
    settle = settler(app, 30.0)
    library = Library(Path(tmp.name) / "library.sqlite")
    Importer(library).import_paths([CORPUS / "akn" / "hrc-54" / "English" / "A_HRC_RES_54_1E.xml"])
    service = DraftService(library)
    draft_id = service.from_document("A/HRC/RES/54/1")
    paras = {p.number: p for p in service.view(draft_id).paragraphs if p.number}

    def propose(number: str, op: str, old: str, new: str = "", sponsors=("EU",), comment: str = "") -> None:
        p = paras[number]
        at = p.text.index(old) if old else len(p.text) - 1
        service.propose(p.id, op, at, at + len(old) if op != "insert" else None, new, sponsors=list(sponsors),
                        comment=comment)

    propose("22.", "replace", "one year", "two years", ["European Union"], "as in 2022")
    propose("22.", "insert", "", " within existing resources", ["Pakistan", "Egypt"])
    propose("23.", "delete", "with the support of other relevant special procedure mandate holders and treaty "
            "bodies and ", sponsors=["Pakistan"])
    propose("23.", "replace", "treaty bodies", "United Nations treaty bodies", ["Norway", "Iceland"])
    propose("24.", "insert", "", " and subject to the availability of resources", ["Pakistan"])
    propose("24.", "replace", "additional", "adequate", ["Brazil"])

    editor = DraftEditor(library, journal_directory=Path(tmp.name) / "journal")
    editor.resize(1400, 860)
    editor.show()
    editor.open_draft(draft_id)
    settle(lambda: editor.laid is not None and editor.idle)
    index = editor.view_combo.findData(TRACK_CHANGES)
    editor.view_combo.setCurrentIndex(index)
    editor.view_combo.activated.emit(index)
    settle(lambda: editor.idle)
    row = next(i for i, p in enumerate(editor.laid.paragraphs) if p.number == "22.")
    editor.paragraph_list.setCurrentRow(row)
    settle(lambda: editor.idle)
    editor.preview.scrollToAnchor(f"p{paras['22.'].id}")
    settle(lambda: False, 0.5)
    editor.grab().save(str(out / "screenshot-trackview.png"))

    light = QApplication.palette()
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#262626"),
                         (QPalette.ColorRole.Text, "#e6e6e6"), (QPalette.ColorRole.Button, "#333333"),
                         (QPalette.ColorRole.ButtonText, "#e6e6e6"), (QPalette.ColorRole.Highlight, "#2f65ca"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.Link, "#8cb8ff")):
        dark.setColor(role, QColor(colour))
    app.setPalette(dark)
    editor.refresh()
    settle(lambda: editor.idle)
    editor.preview.scrollToAnchor(f"p{paras['22.'].id}")
    settle(lambda: False, 0.5)
    editor.grab().save(str(out / "screenshot-trackview-dark.png"))
    app.setPalette(light)
    editor.refresh()
    settle(lambda: editor.idle)

    dialog = editor.project()                 # two screens: which one? the projector is proposed
    settle(lambda: False, 0.3)
    dialog.accept()
    settle(lambda: editor.projection is not None and editor.projection.isVisible())
    window = editor.projection
    settle(lambda: False, 0.5)
    print("projection on", window.screen().name(), window.geometry())
    window.grab().save(str(out / "screenshot-projection.png"))
    window.close()
    editor.close()
    settle(lambda: editor.queue.idle)
    library.close()
    QApplication.processEvents()
    print(out / "screenshot-trackview.png", out / "screenshot-trackview-dark.png", out / "screenshot-projection.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
