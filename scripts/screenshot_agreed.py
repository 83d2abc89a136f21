"""Take the screenshot of the draft editor's agreed-language panel (issue 15, point 5).

Usage: ``QT_QPA_PLATFORM=offscreen python scripts/screenshot_agreed.py [docs/]``

Imports six General Assembly resolutions of the 75th session in English and
two of them in Chinese from the corpus into a temporary library, starts an
English draft, and types into its first paragraph operative paragraph 3 of
A/RES/75/102 retouched ("Requests" for "Also requests", "three months" for
"six months"); once the panel has answered, saves the window as
``screenshot-agreed-language.png``.  Then, in a Chinese draft, pastes the
English of the same paragraph and saves the panel, which offers the Chinese
text aligned from the English, as ``screenshot-agreed-language-zh.png``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from _shots import settler

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from briefdesk.core.drafting.service import DraftService
    from briefdesk.gui.app import application
    from briefdesk.gui.drafting.editor import DraftEditor
    from briefdesk.gui.qt import QApplication
    from tests.core.test_draft_agreed import build, operative

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    app = application()
    settle = settler(app, 30.0)
    with tempfile.TemporaryDirectory() as tmp:
        library = build(Path(tmp) / "library.sqlite")
        _pid, text = operative(library, "A/RES/75/102", "en", "3.")
        service = DraftService(library)
        english = service.new("resolution", "en", "Information and communications technologies for "
                              "sustainable development", "The General Assembly,")
        service.insert_paragraph(english, "Recalling its resolution 74/197 of 19 December 2019,", kind="preambular")
        service.insert_paragraph(english, "")
        chinese = service.new("resolution", "zh", "信息和通信技术促进可持续发展", "大会，")
        service.insert_paragraph(chinese, "")
        editor = DraftEditor(library, journal_directory=Path(tmp) / "journal")
        editor.resize(1400, 900)
        editor.show()
        panel = editor.agreed_panel

        editor.open_draft(english)
        settle(lambda: editor.laid is not None and editor.idle)
        editor.paragraph_list.setCurrentRow(1)
        settle(lambda: editor.idle)
        retouched = text.replace("six months", "three months").replace("Also requests", "Requests")
        editor.para_edit.setPlainText(retouched)
        settle(lambda: bool(panel.hits) and panel.idle and editor.idle)
        panel.view.selectRow(0)
        settle(lambda: False, 0.5)
        editor.grab().save(str(out / "screenshot-agreed-language.png"))

        editor.open_draft(chinese)
        settle(lambda: editor.laid is not None and editor.idle and editor.laid.snapshot.language == "zh")
        editor.paragraph_list.setCurrentRow(0)
        settle(lambda: editor.idle)
        editor.para_edit.setPlainText(text)
        settle(lambda: bool(panel.hits) and panel.hits[0].language == "zh" and panel.idle and editor.idle)
        settle(lambda: False, 0.5)
        editor.agreed_dock.grab().save(str(out / "screenshot-agreed-language-zh.png"))
        editor.close()
        settle(lambda: editor.queue.idle)
        library.close()
    QApplication.processEvents()
    print(out / "screenshot-agreed-language.png", out / "screenshot-agreed-language-zh.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
