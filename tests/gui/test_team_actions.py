"""File › Team (issue 16): take the team library offline and synchronise from the window, off
the GUI thread, with a report; on a team library, what the user's role may not do is hidden."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from briefdesk.cli import main
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.library import Library
from briefdesk.gui.qt import QApplication, QMenu

from ..core.test_team import _doc, _team_library

WAIT = 60_000


def test_take_offline_then_synchronise_from_the_file_menu(qtbot, main_window, library, tmp_path):
    hub_path = tmp_path / "team.sqlite"
    _team_library(hub_path).close()
    window = main_window(library)
    actions = window.team_actions
    menu = window.findChild(QMenu, "teamMenu")
    assert menu is not None and [a.objectName() for a in menu.actions()] == ["takeOfflineAction", "syncTeamAction"]
    assert window.import_action.isVisible()       # a library of one's own: everything allowed

    actions.take_offline(str(hub_path))
    qtbot.waitUntil(lambda: actions.last_report is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: not window.busy, timeout=WAIT)
    assert actions.last_report.documents_pulled == 6 and library.count() == 6
    assert "Documents: 6 received" in actions.last_box.text()
    assert len(DraftService(library).drafts()) == 1
    actions.last_box.close()

    hub = Library(hub_path, update_citations=False)
    hub.add(_doc(30), content_hash="hash-30", source_name="30.txt")
    hub.close()
    actions.last_report = None
    actions.synchronise()
    qtbot.waitUntil(lambda: actions.last_report is not None, timeout=WAIT)
    assert actions.last_report.documents_pulled == 1 and library.count() == 7
    actions.last_box.close()
    QApplication.processEvents()


def test_a_reader_does_not_see_import(qtbot, main_window, pg_server):
    url = pg_server.fresh_database()
    owner = Library(url, update_citations=False)
    drafts = DraftService(owner)
    d = drafts.new("decision", "en", "Resource mobilization", "The Conference of the Parties,")
    drafts.insert_paragraph(d, "Requests the Executive Secretary to prepare a report")
    from briefdesk.core.packs.service import PackService

    PackService(owner).create(title="COP 17", language="en")
    owner.close()
    pg_server.login_roles("bd_dora")
    assert main(["team", "roles", "--db", url, "--grant", "bd_dora", "reader"]) == 0
    reader = Library(make_url(url).set(username="bd_dora").render_as_string(hide_password=False),
                     update_citations=False)
    try:
        window = main_window(reader)
        assert not window.import_action.isVisible() and not window.import_folder_action.isVisible()
        # the draft and pack editors open to read: what writes is hidden, the fields read-only
        from briefdesk.gui.drafting.editor import DraftEditor
        from briefdesk.gui.packs.editor import PackEditor

        editor = DraftEditor(reader)
        qtbot.addWidget(editor)
        editor.show()
        editor.open_draft(d)
        qtbot.waitUntil(lambda: editor.laid is not None, timeout=WAIT)
        qtbot.waitUntil(lambda: editor.idle, timeout=WAIT)
        assert not editor.amend_action.isVisible() and not editor.insert_action.isVisible()
        assert editor.para_edit.isReadOnly() and editor.export_action.isEnabled()
        packs = PackEditor(reader)
        qtbot.addWidget(packs)
        packs.show()
        qtbot.waitUntil(lambda: packs.view is not None or len(packs.packs) == 1, timeout=WAIT)
        assert not packs.add_item_action.isVisible() and not packs.new_action.isVisible()
        assert packs.fields["title"].isReadOnly()
        owner_window = main_window(Library(url, update_citations=False))
        assert owner_window.import_action.isVisible()
        owner_window.library.close()
    finally:
        reader.close()
        pg_server.drop_database(url)
