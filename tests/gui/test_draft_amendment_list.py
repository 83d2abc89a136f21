"""The editor's amendment list: number and paragraph on each line, filtered by sponsor and
status, Withdraw keeping the amendment numbered (issue 15, point 2)."""

from __future__ import annotations

from briefdesk.core.drafting.service import DraftService

WAIT = 15000


def settle(qtbot, editor) -> None:
    qtbot.waitUntil(lambda: editor.idle, timeout=WAIT)


def _lines(editor):
    return [editor.amendments_list.item(i).text() for i in range(editor.amendments_list.count())]


def test_amendment_list_numbers_filters_and_withdraws(qtbot, editor, library):
    service = DraftService(library)
    d = service.new("decision", "en", "T", "The Conference of the Parties,")
    pid = service.insert_paragraph(d, "Requests the Executive Secretary to report.").paragraph_id
    service.propose(pid, "insert", len("Requests the Executive Secretary"), new_text=", within resources,",
                    sponsors=["CAN"])
    service.propose(pid, "delete", 0, len("Requests"), sponsors=["EU", "NOR"], comment="no verb")
    editor.refresh()
    settle(qtbot, editor)
    editor.open_draft(d)
    qtbot.waitUntil(lambda: editor.amendments_list.count() == 2, timeout=WAIT)
    lines = _lines(editor)
    assert lines[0].startswith("#1 ¶ 1. · Canada: insert")
    assert lines[1].startswith("#2 ¶ 1. · European Union, Norway: delete")
    assert lines[1].endswith("\nno verb")
    editor.amendment_filter.sponsor.setText("nor")
    qtbot.waitUntil(lambda: editor.amendments_list.count() == 1, timeout=WAIT)
    assert _lines(editor)[0].startswith("#2 ")
    editor.amendment_filter.sponsor.clear()
    qtbot.waitUntil(lambda: editor.amendments_list.count() == 2, timeout=WAIT)
    editor.amendments_list.setCurrentRow(0)
    editor.decide_amendment("withdraw")
    settle(qtbot, editor)
    qtbot.waitUntil(lambda: "(withdrawn)" in _lines(editor)[0], timeout=WAIT)
    status = editor.amendment_filter.status
    status.setCurrentIndex(status.findData("withdrawn"))
    qtbot.waitUntil(lambda: editor.amendments_list.count() == 1, timeout=WAIT)
    assert _lines(editor)[0].startswith("#1 ")
