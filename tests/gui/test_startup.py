"""The window ``briefdesk`` opens is painted first and opens its library after (issue 13, point 2):
:func:`briefdesk.gui.app.main_window` on a :class:`~briefdesk.core.lazy_library.LazyLibrary`.
What is imported before the first paint is checked in ``tests/core/test_startup_imports.py``;
the time it takes is ``bench/startup.py``."""

from __future__ import annotations

import pytest

from briefdesk.core.errors import BriefDeskError
from briefdesk.core.importer import Importer
from briefdesk.core.lazy_library import LazyLibrary
from briefdesk.core.library import Library
from briefdesk.gui import app as gui_app
from briefdesk.gui.mainwindow import MainWindow

TIMEOUT = 60_000


@pytest.fixture
def stored(tmp_path, corpus):
    """A library file holding two seed documents (closed)."""
    location = tmp_path / "library.sqlite"
    library = Library(location)
    results = Importer(library).import_paths(sorted((corpus / "seeds").glob("00*.txt"))[:2])
    library.close()
    return location, [r.document_id for r in results]


def test_the_window_is_painted_then_opens_its_library_and_fills_the_tree(qtbot, stored):
    location, ids = stored
    window = gui_app.main_window(str(location))
    qtbot.addWidget(window)
    library = window.library
    assert isinstance(library, LazyLibrary) and not library.is_open  # building the window did not open it
    assert window.windowTitle() == f"BriefDesk — {location}"  # its location is known without opening
    assert not window.library_ready and window.refresh_task is None
    recovered = []
    window.when_library_open(lambda: recovered.append(True))

    window.show()  # the first paint starts the opening, on a worker
    qtbot.waitUntil(lambda: window.library_ready, timeout=TIMEOUT)
    assert library.is_open and library.display_location == str(location)
    qtbot.waitUntil(lambda: window.refresh_task is not None and window.refresh_task.done, timeout=TIMEOUT)
    assert sorted(window.library_model.document_ids()) == sorted(ids)
    assert recovered == [True]  # what waited for the library ran once it was open
    # the parts built once the library is open are there, in their docks and menus
    assert window.pack_dock.widget() is window.pack_editor
    assert window.unresolved_dock.widget() is window.unresolved_panel
    assert window.pack_editor.new_action in window.packs_menu.actions()
    qtbot.waitUntil(lambda: not window.busy, timeout=TIMEOUT)
    library.close()


def test_a_library_that_cannot_be_opened_closes_the_window_and_says_why(qtbot, tmp_path, monkeypatch):
    broken = tmp_path / "not-a-library.sqlite"
    broken.write_bytes(b"this is not an SQLite database, " * 200)
    shown, exits = [], []
    from briefdesk.gui.qt import QMessageBox

    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(gui_app.application(), "exit", lambda status=0: exits.append(status))
    window = gui_app.main_window(str(broken))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT)
    assert exits == [1] and not window.isVisible()
    assert str(broken) in shown[0]  # the message names the file
    assert not window.library_ready and not window.library.is_open
    with pytest.raises(BriefDeskError):  # and every later use says the same
        window.library.count()


def test_a_window_on_a_library_that_cannot_be_opened_shows_the_error(qtbot, tmp_path):
    broken = tmp_path / "not-a-library.sqlite"
    broken.write_bytes(b"this is not an SQLite database, " * 200)
    window = MainWindow(LazyLibrary(broken, update_citations=False))  # nothing connected to library_failed
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=TIMEOUT)
    assert str(broken) in window.last_error.text()
    window.last_error.close()
    window.close()  # closing before the library is open is fine


def test_a_window_closed_before_its_library_opened_builds_and_loads_nothing_more(qtbot, stored):
    location, _ids = stored
    window = gui_app.main_window(str(location))
    qtbot.addWidget(window)
    window.show()
    window.close()  # at once: the opening, if the first paint started it, finishes on its worker
    qtbot.waitUntil(lambda: window.library_open_task is None or window.library_open_task.done, timeout=TIMEOUT)
    qtbot.wait(50)
    assert not window.library_ready and window.refresh_task is None and not hasattr(window, "pack_editor")
    window.library.close()


def test_urgent_work_runs_on_the_worker_that_keeps_the_gui_threads_priority(qtbot):
    import os
    import sys
    import threading

    from briefdesk.gui.tasks import run_task

    results = []

    def work(progress, abort):
        tid = threading.get_native_id()
        return threading.current_thread().name, os.getpriority(os.PRIO_PROCESS, tid)

    run_task(work, on_done=results.append, urgent=True)
    run_task(work, on_done=results.append)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=TIMEOUT)
    by_name = {name.split("_")[0]: nice for name, nice in results}
    assert set(by_name) == {"briefdesk-urgent", "briefdesk-task"}
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert by_name["briefdesk-urgent"] == own  # the library opens at the window's priority
    if sys.platform.startswith("linux"):
        assert by_name["briefdesk-task"] > own  # the rest runs lowered


def test_a_new_library_is_created_after_the_first_paint_then_says_it_is_empty(qtbot, tmp_path):
    location = tmp_path / "new" / "library.sqlite"
    window = gui_app.main_window(str(location))
    qtbot.addWidget(window)
    assert not location.exists() and not window.is_empty_shown  # not known to be empty yet
    window.show()
    qtbot.waitUntil(lambda: window.refresh_task is not None and window.refresh_task.done, timeout=TIMEOUT)
    assert location.is_file()  # created (and migrated) on the worker
    assert window.is_empty_shown and "briefdesk import PATH" in window.empty_label.text()
    qtbot.waitUntil(lambda: not window.busy, timeout=TIMEOUT)
    window.library.close()


def test_a_lazy_library_answers_where_it_is_without_opening(tmp_path):
    library = LazyLibrary(tmp_path / "lib.sqlite")
    assert library.path == (tmp_path / "lib.sqlite").resolve() and library.display_location == str(library.path)
    assert "not opened yet" in repr(library) and not (tmp_path / "lib.sqlite").exists()
    server = LazyLibrary("postgresql+psycopg://user:secret@host/db")
    assert server.path is None and "secret" not in repr(server)
    library.close()  # closing what was never opened does not open it
    assert not library.is_open and not (tmp_path / "lib.sqlite").exists()
    assert library.count() == 0 and library.is_open  # the first use opens it (here: creates it)
    library.close()


def test_the_window_briefdesk_opens_paints_its_frame_then_builds_its_panels(qtbot, stored):
    """``main_window`` builds the frame only (menus, status bar); the first paint builds the panels
    on the next turn of the event loop, then the library opens and the tree fills."""
    from briefdesk.gui.qt import QKeySequence

    location, ids = stored
    window = gui_app.main_window(str(location))
    qtbot.addWidget(window)
    assert not window.panels_built and window.centralWidget() is None
    assert len(window.menuBar().actions()) == 5  # File, View, Drafts, Packs, Help: there from the first paint
    assert window.import_action.shortcut().isEmpty()  # shortcuts come with the panels (Qt's enums)
    window.show()
    qtbot.waitUntil(lambda: window.panels_built, timeout=TIMEOUT)
    assert window.centralWidget() is window.stack
    assert window.import_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert window.export_action.shortcut() == QKeySequence("Ctrl+E")
    view, help_menu = window.view_menu.actions(), window.menuBar().actions()[-1].menu().actions()
    assert window.cited_by_dock.toggleViewAction() in view and window.ux.zoom_in_action in view
    assert window.ux.guide_action in help_menu and window.about_action in help_menu
    qtbot.waitUntil(lambda: window.refresh_task is not None and window.refresh_task.done, timeout=TIMEOUT)
    assert sorted(window.library_model.document_ids()) == sorted(ids)
    qtbot.waitUntil(lambda: not window.busy, timeout=TIMEOUT)
    window.library.close()


def test_a_panel_asked_for_before_the_first_paint_builds_the_panels_at_once(qtbot, stored):
    location, _ids = stored
    window = MainWindow(LazyLibrary(location, update_citations=False), staged=True)
    qtbot.addWidget(window)
    assert not window.panels_built
    assert not hasattr(window, "pack_editor") and not hasattr(window, "no_such_part")  # neither builds them
    assert not window.panels_built and not window.busy
    assert window.doc_view.document_id is None  # a panel: built now
    assert window.panels_built and window.centralWidget() is window.stack
    assert window.stack.currentWidget() is window.splitter  # not known to be empty before the library opens
    window.show()
    qtbot.waitUntil(lambda: window.library_ready, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.busy, timeout=TIMEOUT)
    window.library.close()


def test_the_staged_window_comes_back_at_its_size_with_its_layout(qtbot, stored):
    """The geometry is put back before the first paint; splitters, columns and open panels once
    the panels are built (issue 13, point 6)."""
    location, _ids = stored
    first = gui_app.main_window(str(location))
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: first.library_ready, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not first.busy, timeout=TIMEOUT)
    first.resize(760, 560)
    first.splitter.setSizes([300, 460])
    first.tree.header().resizeSection(2, 333)
    first.cited_by_dock.hide()
    qtbot.wait(50)
    sizes = first.splitter.sizes()
    first.close()
    first.library.close()

    again = gui_app.main_window(str(location))
    qtbot.addWidget(again)
    assert not again.panels_built and (again.width(), again.height()) == (760, 560)  # before the first paint
    again.show()
    qtbot.waitUntil(lambda: again.panels_built, timeout=TIMEOUT)
    assert again.splitter.sizes() == sizes and again.tree.header().sectionSize(2) == 333
    assert not again.cited_by_dock.isVisible()
    qtbot.waitUntil(lambda: again.library_ready, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not again.busy, timeout=TIMEOUT)
    again.library.close()


def test_the_citation_role_written_as_a_number_is_qts():
    from briefdesk.gui.mainwindow import TARGET_ROLE
    from briefdesk.gui.qt import Qt

    assert TARGET_ROLE == Qt.ItemDataRole.UserRole + 7
