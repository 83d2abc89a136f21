"""Take the screenshots of issue 14, point 5: the main window, the briefing-pack editor and the
draft editor in each of the six interface languages.

Usage (offscreen: ``QT_QPA_PLATFORM=offscreen``, or on a real or virtual X display):
``python scripts/screenshot_languages.py [OUT_DIR] [LANG ...]``  (default ``docs/screenshots``, all six)

For each interface language (one process each, so nothing of one language lingers into the
next) imports A/RES/75/100, 75/101 A-B and 75/102 in all six UN languages from the corpus
(``akn/ga-75``) into a temporary library, opens A/RES/75/100 in the interface language and saves
``<lang>-main.png``; builds a pack in that language with one agenda item holding the
resolution's first three numbered paragraphs, opens it in the pack editor beside the document and
saves ``<lang>-pack.png``; starts a draft from the resolution and saves ``<lang>-draft.png``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from _shots import settler

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
FOLDERS = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian", "es": "Spanish"}
SYMBOLS = ("75_100", "75_101A-B", "75_102")


def corpus_files() -> list[Path]:
    """The three resolutions in the six languages (18 AKN files)."""
    ga = CORPUS / "akn" / "ga-75"
    files = [ga / FOLDERS[lang] / f"{stem}_{FOLDERS[lang][0]}.xml" for lang in LANGUAGES for stem in SYMBOLS]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"not in the corpus: {', '.join(missing)}")
    return files


def build_pack(library, document_id: int, language: str) -> tuple[int, int]:
    """A pack in ``language``: the resolution's title as the pack's and the item's title, and
    its first three numbered operative paragraphs as an excerpt.  Returns (pack id, item id)."""
    from briefdesk.core.packs.service import PackService

    packs = PackService(library)
    summary = next(s for s in library.summaries() if s.id == document_id)
    pid = packs.create(title=summary.title, body=summary.body, session=summary.session, language=language)
    item = packs.add_item(pid, "", summary.title)
    paragraphs = [p.id for p in library.document(document_id).paragraphs
                  if p.number and p.level == 0 and p.part_id is None and p.kind != "heading"][:3]
    packs.add_excerpt(item, document_id, paragraphs)
    return pid, item


def shoot(language: str, out: Path) -> None:
    """The three screenshots of one interface language."""
    from briefdesk.core import i18n
    from briefdesk.core.importer import Importer
    from briefdesk.core.library import Library
    from briefdesk.gui.app import application
    from briefdesk.gui.mainwindow import MainWindow
    from briefdesk.gui.qt import QApplication, Qt

    i18n.set_language(language)
    app = application()  # Qt's words and the layout direction follow the language set

    settle = settler(app, 120.0)

    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "library.sqlite")
        Importer(library).import_paths(corpus_files())
        document_id = next(s.id for s in library.summaries() if s.symbol == "A/RES/75/100" and s.language == language)
        pid, item = build_pack(library, document_id, language)
        window = MainWindow(library)
        window.resize(1500, 860)
        window.show()
        window.splitter.setSizes([560, 690])  # the tree wide enough for titles and language badges
        for column, width in enumerate((180, 105, 180)):
            window.tree.header().resizeSection(column, width)
        settle(lambda: not window.busy)
        window.open_document(document_id)
        settle(lambda: window.doc_view.document_id == document_id and not window.busy)
        settle(lambda: False, 0.8)
        window.grab().save(str(out / f"{language}-main.png"))

        editor = window.pack_editor
        window.resize(1680, 1000)
        window.pack_dock.show()
        window.cited_by_dock.hide()  # the pack editor at its full height
        window.resizeDocks([window.pack_dock], [760], Qt.Orientation.Horizontal)
        window.splitter.setSizes([400, 520])
        for column, width in enumerate((130, 90, 110)):
            window.tree.header().resizeSection(column, width)
        editor.open_pack(pid)
        settle(lambda: not window.busy)
        editor.tabs.setCurrentIndex(1)
        editor.select("item", item)
        settle(lambda: False, 0.8)
        window.grab().save(str(out / f"{language}-pack.png"))

        window.open_draft_editor(document_id)
        draft = window.draft_editor
        draft.resize(1300, 750)
        settle(lambda: draft.laid is not None and bool(draft.laid.paragraphs))
        settle(lambda: draft.idle)
        draft.paragraph_list.setCurrentRow(next((i for i, p in enumerate(draft.laid.paragraphs) if p.number), 0))
        settle(lambda: draft.idle)
        settle(lambda: False, 0.6)
        draft.grab().save(str(out / f"{language}-draft.png"))
        draft.close()
        settle(lambda: draft.idle)
        window.close()
        settle(lambda: not window.busy, 10)
        library.close()
    QApplication.processEvents()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    languages = sys.argv[2:] or list(LANGUAGES)
    out.mkdir(parents=True, exist_ok=True)
    if len(languages) == 1:
        shoot(languages[0], out)
        for kind in ("main", "pack", "draft"):
            print(out / f"{languages[0]}-{kind}.png")
        return 0
    failed = [lang for lang in languages
              if subprocess.run([sys.executable, __file__, str(out), lang]).returncode != 0]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
