"""File › Back Up Library…, File › Restore Library… and the damaged-library prompt (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefdesk.core import backup, integrity
from briefdesk.core.library import Library
from briefdesk.gui.errors import error_message
from tests.faults import INTERNALS, build_library, damage, fresh_copy

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_library(tmp_path_factory.mktemp("built"))


@pytest.fixture
def lib_path(built, tmp_path) -> Path:
    path = fresh_copy(built, tmp_path / "data")
    Library(path).close()  # today's daily backup
    return path


def test_the_file_menu_has_back_up_and_restore(qtbot, main_window, lib_path):
    library = Library(lib_path)
    window = main_window(library)
    file_menu = window.menuBar().actions()[0].menu()
    names = [a.objectName() for a in file_menu.actions()]
    assert names.index("backUpAction") < names.index("restoreAction")
    target = lib_path.parent / "mine.sqlite"
    task = window.backup_actions.back_up(target)
    qtbot.waitUntil(lambda: task.done, timeout=TIMEOUT)
    assert target.is_file() and "mine.sqlite" in window.statusBar().currentMessage()
    assert Library(target, backups=False).count() == 7


def test_a_damaged_library_prompts_and_restore_reopens_it(qtbot, main_window, lib_path):
    damage(lib_path)
    library = Library(lib_path, update_citations=False)
    assert library.damaged
    window = main_window(library)
    qtbot.waitUntil(lambda: window.backup_actions.last_box is not None, timeout=TIMEOUT)
    box = window.backup_actions.last_box
    assert box.objectName() == "damagedLibraryBox" and "found damage" in box.text()
    buttons = {b.objectName(): b for b in box.buttons()}
    assert {"restoreLatest", "rebuild", "keepReading"} <= buttons.keys()
    assert window.windowTitle().endswith("(read-only)")
    replacement = window.backup_actions.restore(backup.latest_backup(lib_path).path)
    qtbot.waitUntil(lambda: replacement.window is not None, timeout=TIMEOUT)
    new_window = replacement.window
    qtbot.addWidget(new_window)
    qtbot.waitUntil(lambda: not new_window.busy, timeout=TIMEOUT)
    assert not new_window.library.damaged and new_window.library.count() == 7
    assert "Restored the library" in new_window.backup_actions.last_box.text()
    assert integrity.quick_check(lib_path, budget=None).ok is True
    new_window.close()
    new_window.library.close()


def test_rebuild_from_the_prompt(qtbot, main_window, lib_path):
    damage(lib_path)
    window = main_window(Library(lib_path, update_citations=False))
    replacement = window.backup_actions.rebuild()
    qtbot.waitUntil(lambda: replacement.window is not None, timeout=TIMEOUT)
    new_window = replacement.window
    qtbot.addWidget(new_window)
    qtbot.waitUntil(lambda: not new_window.busy, timeout=TIMEOUT)
    assert not new_window.library.damaged and new_window.library.count() > 0
    assert "Rebuilt the library" in new_window.backup_actions.last_box.text()
    new_window.close()
    new_window.library.close()


def test_a_store_error_in_the_window_shows_no_sql():
    import sqlite3

    from sqlalchemy.exc import OperationalError

    exc = OperationalError("INSERT INTO pack (title) VALUES (?)", ("x",),
                           sqlite3.OperationalError("attempt to write a readonly database"))
    message = error_message(exc)
    assert "is read-only" in message
    for internal in INTERNALS:
        assert internal not in message
