"""The searchable picker of Parties and groups in the amendment dialog, and supporters added
later from the Amendments tab (issue 15, point 1)."""

from __future__ import annotations

from briefdesk.core.drafting.service import DraftService
from briefdesk.gui.drafting.sponsor_picker import SponsorPicker
from briefdesk.gui.qt import QApplication, Qt

WAIT = 15000


def settle(qtbot, editor) -> None:
    qtbot.waitUntil(lambda: editor.idle, timeout=WAIT)


def _codes(picker):
    return [picker.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(picker.results.count())]


def test_picker_finds_in_any_language_and_picks_several(qtbot):
    picker = SponsorPicker("zh")
    qtbot.addWidget(picker)
    assert "G77" in _codes(picker) and len(_codes(picker)) == picker.results.count() > 200
    picker.search.insert("Union européenne")   # typed (QTest's key clicks are ASCII only)
    assert _codes(picker)[0] == "EU" and picker.results.item(0).text().startswith("欧盟")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.selected() == ["EU"] and picker.search.text() == ""
    picker.search.insert("欧洲联盟")                     # the same Party, in Chinese: not twice
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.selected() == ["EU"]
    qtbot.keyClicks(picker.search, "g-77, Friends of the Chair")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.selected() == ["EU", "G77", "Friends of the Chair"]   # unknown to the list: kept as typed
    qtbot.keyClicks(picker.search, "Chine")
    assert _codes(picker)[0] == "CHN"
    picker.results.item(0).setCheckState(Qt.CheckState.Checked)        # ticking a row
    assert picker.selected() == ["EU", "G77", "Friends of the Chair", "CHN"]
    picker.search.clear()
    eu = _codes(picker).index("EU")
    assert picker.results.item(eu).checkState() == Qt.CheckState.Checked
    picker.results.item(eu).setCheckState(Qt.CheckState.Unchecked)      # unticking
    assert picker.selected() == ["G77", "Friends of the Chair", "CHN"]
    assert picker.chosen.text().endswith("77国集团和中国、Friends of the Chair、中国")


def test_amendment_dialog_stores_codes_and_supporters_join_later(qtbot, editor, library):
    service = DraftService(library)
    d = service.new("decision", "fr", "T", "La Conférence des Parties,")
    service.insert_paragraph(d, "Prie la Secrétaire exécutive de faire rapport.")
    editor.refresh()
    settle(qtbot, editor)
    editor.open_draft(d)
    settle(qtbot, editor)
    editor.paragraph_list.setCurrentRow(0)
    settle(qtbot, editor)
    dialog = editor.amendment_dialog()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=WAIT)
    dialog.new_text.insert("Également, ")
    dialog.sponsors.insert("Unión Europea")
    qtbot.keyClick(dialog.sponsors, Qt.Key.Key_Return)
    dialog.sponsors.insert("挪威")                       # left typed: OK takes it too
    assert dialog.picker.chosen.text().endswith("Union européenne")     # names in the draft's language
    dialog.accept()
    settle(qtbot, editor)
    [a] = service.amendments(d)
    assert a.sponsors == ["EU", "NOR"]
    qtbot.waitUntil(lambda: editor.amendments_list.count() == 1, timeout=WAIT)
    assert "Union européenne, Norvège" in editor.amendments_list.item(0).text()

    editor.amendments_list.setCurrentRow(0)
    supporters = editor.supporters_dialog()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is supporters, timeout=WAIT)
    qtbot.keyClicks(supporters.picker.search, "Group of 77")
    qtbot.keyClick(supporters.picker.search, Qt.Key.Key_Return)
    supporters.accept()
    settle(qtbot, editor)
    assert service.amendments(d)[0].sponsors == ["EU", "NOR", "G77"]
    qtbot.waitUntil(lambda: "Groupe des 77 et la Chine" in editor.preview.toPlainText(), timeout=WAIT)
    editor.undo()
    settle(qtbot, editor)
    assert service.amendments(d)[0].sponsors == ["EU", "NOR"]
