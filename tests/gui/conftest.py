"""GUI test hygiene: background work ends and deferred deletions run before the next test."""

from __future__ import annotations

import pytest

from briefdesk.core import i18n
from briefdesk.gui.app import follow_interface_language
from briefdesk.gui.qt import QApplication, QEvent
from briefdesk.gui.tasks import wait_for_tasks


@pytest.fixture(autouse=True)
def _settle_qt(qapp):
    yield
    wait_for_tasks(30.0)
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    follow_interface_language()  # Qt's words and the layout direction follow the language in force, not the last test


@pytest.fixture
def interface():
    """Set the interface language for one test (``interface("zh")``), Qt's words and the layout
    direction with it; English again afterwards."""
    def choose(code: str) -> None:
        i18n.set_language(code)
        follow_interface_language()

    yield choose
    i18n.set_language("en")
    follow_interface_language()


@pytest.fixture
def library(tmp_path):
    """An empty library in the test's own directory, closed once its background work has ended
    (modules needing one filled with documents override this fixture)."""
    from briefdesk.core.library import Library

    lib = Library(tmp_path / "library.sqlite")
    yield lib
    wait_for_tasks(30.0)
    lib.close()


@pytest.fixture
def main_window(qtbot):
    """Open the main window on a library: ``main_window(library, size=(w, h))`` shows it and waits
    for its first load off the GUI thread; after the test, waits until its background work ends."""
    from briefdesk.gui.mainwindow import MainWindow

    opened = []

    def open_window(library, size=(1280, 800)):
        window = MainWindow(library)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitUntil(lambda: not window.busy, timeout=60_000)
        opened.append(window)
        return window

    yield open_window
    for window in opened:
        qtbot.waitUntil(lambda: not window.busy, timeout=60_000)


@pytest.fixture
def editor(qtbot, library, tmp_path):
    """A shown, active draft editor on ``library`` with its journal in the test's directory;
    after the test, waits until its journal has closed off the GUI thread."""
    from briefdesk.gui.drafting.editor import DraftEditor

    wait = 15000
    window = DraftEditor(library, journal_directory=tmp_path / "journal")
    qtbot.addWidget(window, before_close_func=lambda w: qtbot.waitUntil(lambda: w.idle, timeout=wait))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window
    qtbot.waitUntil(lambda: window.queue.idle, timeout=wait)   # the journal closes off the GUI thread
