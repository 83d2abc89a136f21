"""File › Back Up Library… and File › Restore Library…, and the damaged-library prompt (issue 12).

:class:`BackupActions` belongs to one :class:`~briefdesk.gui.mainwindow.MainWindow`:
it makes the two actions (the window puts them in its File menu) and, once
the window is shown, asks what to do if the library was found damaged —
on opening, or later by the background check when the opening check ran
over its time budget (:mod:`briefdesk.core.integrity`); a timer on the GUI
thread looks at :attr:`Library.damaged`, so no worker touches a widget.

Backing up runs on a worker (the online backup API lets the window keep
reading).  Restoring or rebuilding replaces the library file, so the window
is closed first (its work flushed and stopped), the file is replaced on a
worker while a box says so (a rebuild of a large library takes minutes),
and a new window opens on the library.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import backup
from ..core.errors import BriefDeskError, damaged_error
from ..core.i18n import _
from .errors import error_message, show_error
from .qt import QAction, QApplication, QFileDialog, QMessageBox, QObject, QTimer
from .tasks import run_task, wait_for_tasks

if TYPE_CHECKING:
    from .mainwindow import MainWindow

log = logging.getLogger(__name__)

#: windows opened on a restored or rebuilt library (kept alive here; the first is run()'s)
_windows: list = []


class Replacement:
    """A restore or rebuild under way: ``window`` is the new main window once it is open."""

    def __init__(self) -> None:
        self.window = None


class BackupActions(QObject):
    """The backup actions and the damaged-library prompt of one main window.

    ``back_up_action``/``restore_action`` are the File-menu entries;
    :meth:`check_damage` (called once the window is shown) prompts if the
    library is damaged.  ``last_box`` is the last message box shown (tests).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last_box: QMessageBox | None = None
        self.back_up_action = QAction(_("Back &Up Library…"), window)
        self.back_up_action.setObjectName("backUpAction")
        self.back_up_action.triggered.connect(self.back_up_dialog)
        self.restore_action = QAction(_("&Restore Library…"), window)
        self.restore_action.setObjectName("restoreAction")
        self.restore_action.triggered.connect(self.restore_dialog)
        self._file: Path | None = window.library.path
        for action in (self.back_up_action, self.restore_action):
            action.setEnabled(self._file is not None)
        self._watch = QTimer(self)
        self._watch.setInterval(1000)
        self._watch.timeout.connect(self._poll_damage)
        self._prompted = False

    def install(self) -> BackupActions:
        """Put the two actions in the window's File menu, above Quit, and :meth:`check_damage` once
        the event loop runs (the window is shown by then).  Returns ``self``."""
        quit_action = self.window.quit_action
        for menu in quit_action.associatedObjects():
            if hasattr(menu, "insertAction") and menu is not self.window:
                menu.insertAction(quit_action, self.back_up_action)
                menu.insertAction(quit_action, self.restore_action)
                menu.insertSeparator(quit_action)
                break
        if self.library.read_only:
            self.window.setWindowTitle(self.window.windowTitle() + " " + _("(read-only)"))
        QTimer.singleShot(0, self.check_damage)
        return self

    @property
    def library(self):
        """The window's library (a new window has a new one)."""
        return self.window.library

    # -- back up ---------------------------------------------------------------

    def back_up_dialog(self) -> None:
        """Ask where (default: the backups folder next to the library), then :meth:`back_up`."""
        folder = backup.backup_folder(self._file)
        folder.mkdir(parents=True, exist_ok=True)
        suggested = folder / f"{self._file.stem}-manual-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite"
        path, _filter = QFileDialog.getSaveFileName(self.window, _("Back Up Library"), str(suggested),
                                                    _("BriefDesk library (*.sqlite)"))
        if path:
            self.back_up(Path(path))

    def back_up(self, target: Path):
        """Copy the library to ``target`` on a worker; the status bar says where. Returns the task."""
        self.window.statusBar().showMessage(_("Backing up the library…"))
        return run_task(lambda progress, abort: backup.take_backup(self._file, "manual", target),
                        on_done=self._backed_up, on_error=self._failed, owner=self.window)

    def _backed_up(self, path: Path) -> None:
        self.window.statusBar().showMessage(_("Backed up the library to {path}").format(path=path), 10000)

    def _failed(self, error: BaseException) -> None:
        self.window.statusBar().clearMessage()
        self.last_box = show_error(self.window, error)

    # -- restore and rebuild ------------------------------------------------------

    def restore_dialog(self) -> None:
        """Choose a backup (the backups folder is offered), confirm, then :meth:`restore`."""
        latest = backup.latest_backup(self._file)
        start = latest.path if latest else backup.backup_folder(self._file)
        path, _filter = QFileDialog.getOpenFileName(self.window, _("Restore Library from a Backup"), str(start),
                                                    _("BriefDesk library (*.sqlite)"))
        if not path:
            return
        answer = QMessageBox.question(
            self.window, _("Restore Library"),
            _("Replace the library with the backup {path}? The library as it is now is kept in the "
              "backups folder.").format(path=path))
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(Path(path))

    def restore(self, source: Path) -> Replacement:
        """Put the backup ``source`` in the library's place and reopen it in a new window."""
        return self._replace(lambda: backup.restore(self._file, source),
                             _("Restored the library from {path}").format(path=source))

    def rebuild(self) -> Replacement:
        """Rebuild the damaged library from its readable rows and reopen it in a new window."""
        return self._replace(lambda: backup.rebuild(self._file),
                             _("Rebuilt the library from its readable parts. The damaged file was kept in "
                               "the backups folder."))

    def _replace(self, work, done_message: str) -> Replacement:
        """Close this window and its library, run ``work`` (which replaces the file) on a worker
        while a box says so, then open a new window on the library.

        On failure the library is opened again as it was and the reason shown.
        Returns a :class:`Replacement` whose ``window`` is set once the new window is open.
        """
        from ..core.library import Library
        from .mainwindow import MainWindow

        app = QApplication.instance()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # no window is open while the file is replaced
        location = str(self._file)
        replacement = Replacement()
        self.window.close()
        wait_for_tasks(5.0)
        self.library.close()
        waiting = QMessageBox(QMessageBox.Icon.Information, _("BriefDesk"),
                              _("Working on the library {path}…").format(path=location),
                              QMessageBox.StandardButton.NoButton, None)
        waiting.setObjectName("libraryWorkingBox")
        waiting.show()

        def finish(error: BaseException | None) -> None:  # GUI thread
            waiting.close()
            waiting.deleteLater()
            try:
                try:
                    library = Library(location, update_citations=False)
                except BriefDeskError as exc:
                    QMessageBox.critical(None, _("BriefDesk"), error_message(exc))
                    return
                window = MainWindow(library)
                _windows.append(window)
                window.show()
                actions = window.backup_actions
                if error is not None:
                    actions.last_box = show_error(window, error)
                else:
                    box = QMessageBox(QMessageBox.Icon.Information, _("BriefDesk"), done_message,
                                      QMessageBox.StandardButton.Ok, window)
                    box.setObjectName("libraryReplacedBox")
                    box.open()
                    actions.last_box = box
                replacement.window = window
            finally:
                app.setQuitOnLastWindowClosed(quit_on_close)

        run_task(lambda progress, abort: work(), on_done=lambda _result: finish(None), on_error=finish)
        return replacement

    # -- damage -----------------------------------------------------------------

    def check_damage(self) -> None:
        """Prompt now if the library is damaged; else, while the background check runs, look again
        every second (on the GUI thread)."""
        if self.library.damaged:
            self._prompt()
        elif self.library.check is not None and self.library.check.ok is None:
            self._watch.start()

    def _poll_damage(self) -> None:
        """Stop once the background check has answered (``library.check`` holds its result);
        prompt if it found damage."""
        if self.library.damaged:
            self._watch.stop()
            self._prompt()
        elif self.library.check is None or self.library.check.ok is not None:
            self._watch.stop()  # sound: nothing more to watch for

    def _prompt(self) -> QMessageBox:
        """The damaged-library box: restore the latest backup, rebuild, or go on reading."""
        if self._prompted:
            return self.last_box
        self._prompted = True
        box = QMessageBox(QMessageBox.Icon.Warning, _("BriefDesk"), str(damaged_error(self.library.display_location)),
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("damagedLibraryBox")
        latest = backup.latest_backup(self._file) if self._file is not None else None
        if latest is not None:
            restore = box.addButton(_("Restore Backup of {when}").format(when=f"{latest.taken:%Y-%m-%d %H:%M}"),
                                    QMessageBox.ButtonRole.AcceptRole)
            restore.setObjectName("restoreLatest")
            restore.clicked.connect(lambda: self.restore(latest.path))
        if self._file is not None:
            rebuild = box.addButton(_("Rebuild from Readable Parts"), QMessageBox.ButtonRole.DestructiveRole)
            rebuild.setObjectName("rebuild")
            rebuild.clicked.connect(self.rebuild)
        box.addButton(_("Keep Reading"), QMessageBox.ButtonRole.RejectRole).setObjectName("keepReading")
        box.setInformativeText(_("Until then the library is open for reading only."))
        box.open()
        self.last_box = box
        return box
