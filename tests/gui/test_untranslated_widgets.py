"""Every user-visible string is marked for translation (issue 14, point 1): under the Chinese
interface, the main window (on an empty library), the pack editor and the draft editor are
built and every string they show is collected — widget texts, tooltips, status tips,
placeholders, window and menu titles, tab texts, item-view headers, group-box titles, combo
items and every QAction.  A string left in English is one with a run of Latin words that is not
data or a fixed token (file extensions, PDF, AKN, URLs, shortcuts such as Ctrl+F, language
codes, the name BriefDesk, document symbols such as A/RES/…).
"""

from __future__ import annotations

import re

import pytest

from briefdesk.gui.qt import (
    QAbstractItemView,
    QAction,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QModelIndex,
    QTabWidget,
    QTextEdit,
    QWidget,
    Qt,
)

from PySide6.QtWidgets import QAbstractButton, QTabBar  # not re-exported by gui/qt.py

WAIT = 60_000

# tokens that are data or fixed names, in any interface
ALLOWED = re.compile(
    r"""(?x)
      https?://\S+ | (?:~|\.{0,2})/[\w./\-]+ | www\.\S+ | \S+@\S+\.\S+         # addresses
    | \*?\.[A-Za-z0-9]{1,9}\b                          # file extensions (*.pdf, .docx)
    | \b(?:Ctrl|Shift|Alt|Meta|Esc|Del|Delete|Backspace|Return|Enter|Tab|Home|End|PgUp|PgDown|Ins|Space|F\d{1,2})\b(?:\+\S*)?
    | \b[A-Z]{1,6}(?:/[A-Za-z0-9.\-]+)+                # document symbols A/RES/75/100, CBD/SBI/2/10
    | \b(?:BriefDesk|PDF|AKN|XML|HTML|JSON|DOCX|Word|UN|UNTERM|CBD|SBI|SBSTTA|COP|GA|HRC|ITPGRFA|OK|ID|URL|UTF-8|ODF|RTF|LaTeX|SQLite|CSV|ZIP|Akoma\ Ntoso|briefpack|Qt)\b
    | \b(?:en|fr|es|ru|ar|zh)\b                        # language codes
    | \b(?:English|Français|Español)\b               # language names written in their own language
    | \b[A-Z]{2,}\b                                   # acronyms and markings (RESTRICTED)
    | \b[IVXLC]+\b                                     # roman numerals
    | \b[A-Za-z]\b                                     # single letters (a), (b), list markers
    | \b\w*\d\w*\b                                     # anything with a digit
    | %\(\w+\)[sd] | \{\w*\}                           # placeholders never filled
    """
)
WORD = re.compile(r"[A-Za-z]{2,}")


def leftover_english(text: str) -> bool:
    """Whether ``text`` still shows Latin words once data and fixed tokens are taken out."""
    text = re.sub(r"<code>.*?</code>", " ", text)  # commands typed as shown (briefdesk import)
    text = re.sub(r"<[^>]*>", " ", text)  # markup of rich-text labels
    return bool(WORD.search(ALLOWED.sub(" ", text.replace("&", ""))))


def strings_of(root: QWidget) -> list[tuple[str, str]]:
    """Every user-visible string of ``root`` and its children, as (where, text) pairs."""
    found: list[tuple[str, str]] = []

    def add(where: str, text: str | None) -> None:
        if isinstance(text, str) and text.strip():
            found.append((where, text))

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = f"{type(w).__name__}({w.objectName()})"
        if w.isWindow():
            add(f"{name}.windowTitle", w.windowTitle())
        add(f"{name}.toolTip", w.toolTip())
        add(f"{name}.statusTip", w.statusTip())
        add(f"{name}.whatsThis", w.whatsThis())
        add(f"{name}.accessibleName", w.accessibleName())
        if isinstance(w, (QLabel, QAbstractButton)):
            add(f"{name}.text", w.text())
        if isinstance(w, QGroupBox):
            add(f"{name}.title", w.title())
        if isinstance(w, (QLineEdit, QTextEdit)):
            add(f"{name}.placeholder", w.placeholderText())
        if isinstance(w, QComboBox):
            if w.isEditable() and w.lineEdit() is not None:
                add(f"{name}.placeholder", w.lineEdit().placeholderText())
            for i in range(w.count()):
                add(f"{name}.item[{i}]", w.itemText(i))
        if isinstance(w, QMenu):
            add(f"{name}.title", w.title())
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(f"{name}.tab[{i}]", w.tabText(i))
                add(f"{name}.tabToolTip[{i}]", w.tabToolTip(i))
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                add(f"{name}.tab[{i}]", w.tabText(i))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                count = model.columnCount(QModelIndex())
            except TypeError:  # a list model hides columnCount: one column
                count = 1
            for orientation in (Qt.Orientation.Horizontal,):
                for i in range(count):
                    add(f"{name}.header[{i}]", model.headerData(i, orientation, Qt.ItemDataRole.DisplayRole))
                    add(f"{name}.headerTip[{i}]", model.headerData(i, orientation, Qt.ItemDataRole.ToolTipRole))
    actions = set(root.findChildren(QAction))
    for w in widgets:
        actions.update(w.actions())
    for a in actions:
        where = f"QAction({a.objectName() or a.text()})"
        add(f"{where}.text", a.text())
        add(f"{where}.iconText", a.iconText())
        if a.toolTip() != a.text().replace("&", ""):
            add(f"{where}.toolTip", a.toolTip())
        add(f"{where}.statusTip", a.statusTip())
        if a.menu() is not None:
            add(f"{where}.menu", a.menu().title())
    return [(where, str(text)) for where, text in found]


def check(strings: list[tuple[str, str]]) -> None:
    left = sorted({f"{where}: {text!r}" for where, text in strings if leftover_english(text)})
    with_latin = [t for _, t in strings if WORD.search(t)]
    print(f"{len(strings)} strings checked, {len(with_latin)} with Latin letters, {len(left)} left in English")
    assert not left, "strings not translated:\n" + "\n".join(left)


def main_window_strings(qtbot, library, main_window, language: str) -> list[tuple[str, str]]:
    """The strings of the main window on ``library``, then with a pack of one agenda item open in
    its pack editor, and of its menus."""
    from briefdesk.core.packs.service import PackService

    window = main_window(library)
    window.pack_dock.show()
    strings = strings_of(window)
    packs = PackService(library)
    pid = packs.create(title="生物多样性简报", language=language)
    item = packs.add_item(pid, "11", "合作")
    window.pack_editor.open_pack(pid)
    qtbot.waitUntil(lambda: not window.busy, timeout=WAIT)
    window.pack_editor.tabs.setCurrentIndex(1)
    window.pack_editor.select("item", item)
    strings += strings_of(window)
    for menu in window.findChildren(QMenu):
        strings += strings_of(menu)
    return strings


def draft_editor_strings(qtbot, library, tmp_path, language: str) -> list[tuple[str, str]]:
    """The strings of the draft editor empty, then with a draft of one paragraph open, and of its
    dialogs and menus."""
    from briefdesk.gui.drafting.editor import DraftEditor

    editor = DraftEditor(library, journal_directory=tmp_path / "journal")
    qtbot.addWidget(editor, before_close_func=lambda w: qtbot.waitUntil(lambda: w.idle, timeout=WAIT))
    editor.show()
    qtbot.waitUntil(lambda: editor.idle, timeout=WAIT)
    dialog = editor.new_draft_dialog()
    strings = strings_of(editor) + strings_of(dialog)
    dialog.reject()
    editor.new_draft("decision", language, "生物多样性与健康", "缔约方大会，")
    qtbot.waitUntil(lambda: editor.draft_id is not None and editor.laid is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: editor.idle, timeout=WAIT)
    editor.insert_after()
    qtbot.waitUntil(lambda: editor.idle and bool(editor.laid.paragraphs), timeout=WAIT)
    strings += strings_of(editor)
    for make in (editor.alternatives_dialog, editor.amendment_dialog, editor.footnote_dialog, editor.compare_dialog):
        dialog = make()
        strings += strings_of(dialog)
        dialog.reject()
    for menu in editor.findChildren(QMenu):
        strings += strings_of(menu)
    return strings


def test_token_filter():
    assert not leftover_english("导出 PDF (*.pdf)")
    assert not leftover_english("A/RES/75/100 Ctrl+F BriefDesk https://undocs.org")
    assert leftover_english("Agenda item")
    assert leftover_english("打开 file")


def test_main_window_and_pack_editor_are_translated(qtbot, library, main_window, interface):
    interface("zh")
    check(main_window_strings(qtbot, library, main_window, "zh"))


def test_draft_editor_is_translated(qtbot, library, interface, tmp_path):
    interface("zh")
    check(draft_editor_strings(qtbot, library, tmp_path, "zh"))


def shown_in_english(strings: list[tuple[str, str]], language: str) -> list[str]:
    """Strings shown exactly as their English message although the ``language`` catalogue does
    not keep them as they are (a translation missing, or not applied)."""
    from babel.messages.pofile import read_po

    from briefdesk.core.resources import resource_path

    with open(resource_path("translations", f"{language}.po"), "rb") as f:
        catalogue = read_po(f)
    english = {}
    for message in catalogue:
        if message.id and isinstance(message.id, str):
            english[message.id.replace("&", "")] = message.string.replace("&", "") if message.string else ""
    left = set()
    for where, text in strings:
        bare = re.sub(r"\(&?\w\)", "", text).replace("&", "")
        if bare in english and english[bare] != bare and leftover_english(bare):
            left.add(f"{where}: {text!r}")
    return sorted(left)


@pytest.mark.parametrize("language", ["fr", "es", "ru", "ar"])
def test_no_english_message_shown_in_other_interfaces(qtbot, library, main_window, interface, tmp_path,
                                                      language):
    """In the interfaces in Latin script the scan cannot tell English from French by its letters;
    there no widget may show an English message that the catalogue translates differently."""
    interface(language)
    strings = main_window_strings(qtbot, library, main_window, language)
    strings += draft_editor_strings(qtbot, library, tmp_path, language)
    left = shown_in_english(strings, language)
    print(f"{language}: {len(strings)} strings checked, {len(left)} shown in English")
    assert not left, f"English messages in the {language} interface:\n" + "\n".join(left)
    if language in ("ru", "ar"):  # not in Latin script: no Latin words at all, as in Chinese
        check(strings)
