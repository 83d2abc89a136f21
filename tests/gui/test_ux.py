"""Finding one's way (issue 13, points 5–7): the user guide (F1), the shortcut list, File › Open
Recent, Preferences, the remembered layout, text zoom, a dark palette that stays readable, whole
symbols in the tree, and the results page in the centre — driven on corpus documents."""

from __future__ import annotations

import json
import re

import pytest

from briefdesk.core import i18n, settings
from briefdesk.core.importer import Importer
from briefdesk.gui.guide import GuideWindow, guide_path, shortcut_rows
from briefdesk.gui.palette import BACKGROUNDS, DARK, LIGHT, contrast, theme
from briefdesk.gui.qt import QAction, QApplication, QColor, QKeySequence, QPalette, Qt
from briefdesk.gui.results_page import RESULT_ROLE

pytestmark = pytest.mark.corpus
WAIT = 60_000
RU = ("A_RES_78_283-2410173R.xml", "A_RES_78_185-2326032R.xml", "A_RES_78_10-2323443R.xml")


@pytest.fixture
def filled(library, corpus, seeds):
    folder = corpus / "akn" / "ga-78"
    Importer(library).import_paths([folder / "Russian" / n for n in RU] + [next(seeds.glob("000_*.txt"))])
    return library


def open_doc(qtbot, window, symbol):
    doc_id = window.library.resolve(symbol)
    window.open_document(doc_id)
    qtbot.waitUntil(lambda: window.doc_view.document_id == doc_id and not window.busy, timeout=WAIT)
    return doc_id


# -- 5. guide, shortcuts, recent, preferences ------------------------------------------------------

SECTIONS = ("import", "search", "citations", "unresolved", "parallel", "tables", "packs", "drafting", "sponsors",
            "trackchanges", "agreed", "projection", "export", "library", "team", "backup")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_guide_covers_every_topic_in_english_and_chinese(qtbot, language):
    path = guide_path(language)
    assert path.name == f"{language}.html"
    guide = GuideWindow(language=language)
    qtbot.addWidget(guide)
    text = guide.browser.toPlainText()
    html = path.read_text(encoding="utf-8")
    for anchor in SECTIONS:
        assert f'name="{anchor}"' in html
        assert f'href="#{anchor}"' in html, f"{anchor} is not in the contents"
    for example in ('"traditional knowledge"', "decis*", "-finance", "OR", "XII/6 21", "第XII/6号决定第21段",
                    "briefdesk backup", "briefdesk restore", "library.sqlite", "Ctrl+="):
        assert example in text, example
    if language == "zh":
        assert "检索" in text and "备份" in text and "简报材料" in text
    for example in ("F5", "Ctrl+1", "Ctrl+2", "Esc", "G-77", "briefdesk draft check", "--changes-only", "~/.pgpass"):
        assert example in text, example
    # the guide names the menus and buttons as the interface shows them in its language
    translate = i18n.translator(language)
    for label in ("&Project on Screen…", "Track changes", "Changes only", "Add supporters…", "Agreed language",
                  "Use", "Take &Offline…", "&Synchronise with Team Library", "&Unresolved Citations",
                  "Compilation with sponsors", "Clean text", "Propose &Amendment…", "Comparison"):
        shown = re.sub(r"\(&\w\)", "", translate(label)).replace("&", "")   # 投影(&P)… → 投影…
        assert shown in text, (label, shown)


def test_f1_opens_the_guide_and_the_shortcut_list_is_collected_from_the_actions(qtbot, main_window, library):
    window = main_window(library)
    actions = {a.objectName(): a for a in window.findChildren(QAction) if a.objectName()}
    assert actions["userGuideAction"].shortcut() == QKeySequence(Qt.Key.Key_F1)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.ux.guide is not None and window.ux.guide.isVisible(), timeout=WAIT)
    assert "BriefDesk" in window.ux.guide.browser.toPlainText()
    window.ux.guide.close()

    dialog = window.ux.show_shortcuts()
    qtbot.addWidget(dialog)
    listed = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    every = {k.toString(QKeySequence.SequenceFormat.NativeText) for a in window.findChildren(QAction)
             for k in a.shortcuts() if not k.isEmpty()}
    assert every and every <= {part for keys in listed for part in keys.split(", ")}
    for keys in ("F1", "Ctrl+F", "Ctrl+O", "Ctrl+E", "Ctrl+=", "Ctrl+-", "Ctrl+0", "Alt+Left", "Ctrl+,"):
        assert any(keys in row for row in listed), keys
    assert ("Zoom In", "Ctrl+=, Ctrl++") in shortcut_rows([window])
    dialog.close()


def test_recent_documents_persist_and_reopen(qtbot, main_window, filled):
    window = main_window(filled)
    first = open_doc(qtbot, window, "A/RES/78/283")
    open_doc(qtbot, window, "A/RES/78/185")
    entries = window.ux.recent.entries()
    assert [e[:2] for e in entries[:2]] == [("document", window.doc_view.document_id), ("document", first)]
    assert entries[1][2].startswith("A/RES/78/283 [ru] — Положение внутренне перемещенных")
    window.close()

    again = main_window(filled)
    menu = again.ux.recent_menu
    menu.aboutToShow.emit()
    action = next(a for a in menu.actions() if a.objectName() == f"recent-document-{first}")
    action.trigger()
    qtbot.waitUntil(lambda: again.doc_view.document_id == first, timeout=WAIT)


def test_recent_packs_and_drafts(qtbot, main_window, filled):
    window = main_window(filled)
    window.pack_editor.new_pack(title="SBI-2 brief")
    qtbot.waitUntil(lambda: any(e[0] == "pack" for e in window.ux.recent.entries()), timeout=WAIT)
    doc_id = filled.resolve("CBD/SBI/2/10")
    editor = window.open_draft_editor(doc_id)
    qtbot.waitUntil(lambda: any(e[0] == "draft" for e in window.ux.recent.entries()), timeout=WAIT)
    kinds = {e[0]: e[2] for e in window.ux.recent.entries()}
    assert kinds["pack"] == "SBI-2 brief" and kinds["draft"]
    editor.close()
    qtbot.waitUntil(lambda: editor.queue.idle, timeout=WAIT)


def test_preferences_are_stored_where_the_command_line_reads_them(qtbot, main_window, filled):
    window = main_window(filled)
    dialog = window.ux.show_preferences()
    assert dialog.backups.value() == 7  # the default
    dialog.interface.setCurrentIndex(dialog.interface.findData("zh"))
    dialog.pack_language.setCurrentIndex(dialog.pack_language.findData("fr"))
    dialog.classification.setText("RESTRICTED")
    dialog.text_size.setValue(15)
    dialog.backups.setValue(10)
    # zh first, then ru: check both, move zh to the top
    for i in range(dialog.documents.count()):
        item = dialog.documents.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in ("zh", "ru"):
            item.setCheckState(Qt.CheckState.Checked)
    row = next(i for i in range(dialog.documents.count())
               if dialog.documents.item(i).data(Qt.ItemDataRole.UserRole) == "zh")
    dialog.documents.setCurrentRow(row)
    while dialog.documents.currentRow() > 0:
        dialog._move(-1)
    dialog.accept()
    stored = json.loads(settings.settings_path().read_text(encoding="utf-8"))
    assert stored["interface_language"] == "zh" and stored["backups_to_keep"] == 10
    assert stored["document_languages"][0] == "zh" and "ru" in stored["document_languages"]
    assert settings.get("backups_to_keep", 7) == 10
    open_doc(qtbot, window, "A/RES/78/283")
    assert window.doc_view.document().defaultFont().pointSizeF() == 15  # the text size, at once
    window.pack_editor.new_pack(title="P")
    qtbot.waitUntil(lambda: window.pack_editor.view is not None and window.pack_editor.view.title == "P",
                    timeout=WAIT)
    assert window.pack_editor.view.language == "fr" and window.pack_editor.view.classification == "RESTRICTED"


@pytest.fixture(autouse=True)
def _fresh_settings(tmp_path, monkeypatch):
    monkeypatch.setenv(settings.ENV_CONFIG_DIR, str(tmp_path / "config"))
    yield
    from briefdesk.gui import fonts

    fonts.set_text_size(fonts.DEFAULT_TEXT_SIZE)


# -- 6. remembered layout, zoom, dark palette, whole symbols -------------------------------------------------

def test_layout_and_zoom_are_restored_for_the_library(qtbot, main_window, filled):
    window = main_window(filled, size=(760, 560))
    window.splitter.setSizes([300, 460])
    window.tree.header().resizeSection(2, 333)
    window.cited_by_dock.hide()
    open_doc(qtbot, window, "A/RES/78/283")
    size = window.doc_view.document().defaultFont().pointSizeF()
    window.ux.zoom_in_action.trigger()
    window.ux.zoom_in_action.trigger()
    assert window.doc_view.document().defaultFont().pointSizeF() == size + 2
    window.ux.zoom_out_action.trigger()
    assert window.doc_view.document().defaultFont().pointSizeF() == size + 1
    sizes = window.splitter.sizes()
    window.close()

    again = main_window(filled, size=(640, 480))  # the fixture resizes; the stored geometry is put back
    again.ux.restore()
    assert (again.width(), again.height()) == (760, 560)
    assert again.splitter.sizes() == sizes and again.tree.header().sectionSize(2) == 333
    assert not again.cited_by_dock.isVisible()
    open_doc(qtbot, again, "A/RES/78/283")
    assert again.doc_view.document().defaultFont().pointSizeF() == size + 1
    again.ux.zoom_reset_action.trigger()
    assert again.doc_view.document().defaultFont().pointSizeF() == size


def test_the_tree_shows_symbols_whole_or_in_a_tooltip(qtbot, main_window, filled):
    window = main_window(filled)
    index = window.library_proxy.mapFromSource(window.library_model.index_of_document(filled.resolve("A/RES/78/283")))
    assert index.data() == "A/RES/78/283"
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("A/RES/78/283 — Положение внутренне")
    assert window.tree.textElideMode() == Qt.TextElideMode.ElideMiddle
    metrics = window.tree.fontMetrics()
    indent = window.tree.indentation() * 3
    assert window.tree.header().sectionSize(0) - indent >= metrics.horizontalAdvance("A/RES/78/283")


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#262626"),
                         (QPalette.ColorRole.Text, "#e6e6e6"), (QPalette.ColorRole.Button, "#333333"),
                         (QPalette.ColorRole.ButtonText, "#e6e6e6"), (QPalette.ColorRole.Highlight, "#2f65ca"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.Link, "#8cb8ff")):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=["light", "dark"])
def test_every_drawn_colour_keeps_the_contrast(colours):
    text, base = ("#e6e6e6", "#1e1e1e") if colours is DARK else ("#000000", "#ffffff")
    for name, colour in colours.items():
        if name in BACKGROUNDS:
            assert contrast(text, colour) >= 4.5, name
        elif name == "warning_text":
            assert contrast(colour, colours["warning_background"]) >= 4.5
        else:
            assert contrast(colour, base) >= 4.5, name
            assert contrast(colour, colours["highlight"]) >= 4.5 or name in ("part_title",), name


def pixels(image):
    """Colour → count, over an image (QImage), sampling every other pixel."""
    counts: dict[str, int] = {}
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            name = QColor(image.pixel(x, y)).name()
            counts[name] = counts.get(name, 0) + 1
    return counts


def test_a_dark_palette_stays_readable(qtbot, main_window, filled, tmp_path):
    app = QApplication.instance()
    old = app.palette()
    app.setPalette(dark_palette())
    try:
        window = main_window(filled)
        doc_id = filled.resolve("CBD/SBI/2/10")
        window.open_document(doc_id)
        qtbot.waitUntil(lambda: window.doc_view.document_id == doc_id and not window.busy, timeout=WAIT)
        in_part = next(i for i, p in enumerate(window.doc_view.parsed.paragraphs) if p.part is not None)
        window.open_document(doc_id, highlight=in_part + 1)  # shaded, inside the shaded part
        qtbot.waitUntil(lambda: window.doc_view.highlighted == in_part + 1 and not window.busy, timeout=WAIT)
        colours = theme()
        assert colours.dark
        html = window.doc_view.toHtml()
        assert colours.highlight in html and colours.part_background in html  # the shaded part
        image = window.doc_view.viewport().grab().toImage()
        seen = pixels(image)
        text = QColor(colours.text)
        for background in (colours.highlight, colours.part_background):
            assert seen.get(background, 0) > 200, background  # drawn, from the rendered pixels
            assert contrast(text, background) >= 4.5
        # no light fill from a fixed colour under a dark palette: the most frequent colours (backgrounds) are dark
        for name, _n in sorted(seen.items(), key=lambda kv: -kv[1])[:3]:
            assert QColor(name).lightness() < 100, name
    finally:
        app.setPalette(old)


# -- 7. the results page -------------------------------------------------------------------------------

def test_results_page_in_the_centre_title_first_with_counts(qtbot, main_window, filled):
    window = main_window(filled)
    open_doc(qtbot, window, "A/RES/78/185")
    window.run_search("Положение внутренне перемещенных")
    page = window.results_page
    qtbot.waitUntil(lambda: not window.busy and page.documents.topLevelItemCount() > 0, timeout=WAIT)
    assert window.doc_stack.currentWidget() is page and page.isVisible()
    assert page.width() > 600 and page.width() > window.tree.width()  # the centre, not a column under the tree
    first = page.documents.topLevelItem(0)
    assert first.text(0) == "A/RES/78/283 [ru]" and first.font(0).bold()
    assert first.data(0, RESULT_ROLE).title_match
    others = [page.documents.topLevelItem(i) for i in range(1, page.documents.topLevelItemCount())]
    assert others and all(item.text(2).split()[0].isdigit() for item in others)
    hit_counts = [window.hit_model.index(r, 0).data() for r in range(window.hit_model.rowCount())]
    assert hit_counts and all("matching paragraph" in label for label in hit_counts)
    assert "by its title or symbol" in page.heading.text()

    page._activated(first)  # the document opens in place of the page
    qtbot.waitUntil(lambda: window.doc_view.document_id == filled.resolve("A/RES/78/283") and not window.busy,
                    timeout=WAIT)
    assert window.doc_stack.currentWidget() is window.compare_view
    assert window.ux.back_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.doc_stack.currentWidget() is page

    window.search_box.clear()  # an empty box: back to the document
    assert window.doc_stack.currentWidget() is window.compare_view
    assert page.documents.topLevelItemCount() == 0


def test_a_symbol_typed_lists_its_document_first(qtbot, main_window, filled):
    window = main_window(filled)
    window.run_search("A/RES/78/10")
    page = window.results_page
    qtbot.waitUntil(lambda: not window.busy and page.documents.topLevelItemCount() > 0, timeout=WAIT)
    assert page.documents.topLevelItem(0).data(0, RESULT_ROLE).symbol == "A/RES/78/10"
    assert page.documents.topLevelItem(0).data(0, RESULT_ROLE).symbol_match


def test_the_interface_language_chosen_applies_at_start_unless_the_environment_sets_one(monkeypatch):
    from briefdesk.core import i18n
    from briefdesk.gui.app import apply_interface_language

    settings.set("interface_language", "zh")
    monkeypatch.setenv("BRIEFDESK_LANG", "en")
    assert apply_interface_language() is None
    monkeypatch.delenv("BRIEFDESK_LANG")
    try:
        assert apply_interface_language() == "zh"
        assert i18n._("Preferences") == "首选项"
    finally:
        i18n.set_language("en")
