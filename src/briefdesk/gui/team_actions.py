"""File › Team › Take Offline… and Synchronise, and what a team role hides (issue 16).

:class:`TeamActions` belongs to one :class:`~briefdesk.gui.mainwindow.MainWindow`.  Taking a
team library offline (:func:`briefdesk.core.team.clone`) and synchronising
(:func:`briefdesk.core.team.sync`) run on a worker (:func:`.tasks.run_task`) behind a progress
dialog whose Cancel stops them where they are (running again goes on from there); the report
and any error come back to the GUI thread.  On a team library whose role does not allow
importing (:meth:`briefdesk.core.library.Library.capabilities`), the import actions are hidden.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from ..core import pg_roles, team
from ..core.i18n import _
from .errors import show_error
from .qt import (QAction, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QMenu, QMessageBox, QObject,
                 QProgressDialog, Qt)
from .tasks import run_task

if TYPE_CHECKING:
    from .mainwindow import MainWindow


class TakeOfflineDialog(QDialog):
    """Asks for the team library's address and, optionally, the bodies and sessions to take
    (comma-separated; empty: all).  :meth:`values` gives ``(url, bodies, sessions)``."""

    def __init__(self, parent=None, url: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Take the Team Library Offline"))
        self.setObjectName("takeOfflineDialog")
        form = QFormLayout(self)
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("postgresql+psycopg://ana@db.example.org/delegation")
        self.url.setToolTip(_("No password here: BriefDesk finds it in ~/.pgpass."))
        self.bodies = QLineEdit()
        self.bodies.setPlaceholderText("cbd-cop, cbd-sbi")
        self.sessions = QLineEdit()
        form.addRow(_("Team library:"), self.url)
        form.addRow(_("Only these bodies:"), self.bodies)
        form.addRow(_("Only these sessions:"), self.sessions)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, list[str], list[str]]:
        def split(text: str) -> list[str]:
            return [piece.strip() for piece in text.split(",") if piece.strip()]

        return self.url.text().strip(), split(self.bodies.text()), split(self.sessions.text())


class TeamActions(QObject):
    """The Team submenu of one main window.  ``last_box`` is the last message box shown and
    ``last_report`` the last :class:`~briefdesk.core.team.SyncReport` (tests)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last_box: QMessageBox | None = None
        self.last_report: team.SyncReport | None = None
        self.progress: QProgressDialog | None = None
        self._stop = threading.Event()
        self.take_offline_action = QAction(_("Take &Offline…"), window)
        self.take_offline_action.setObjectName("takeOfflineAction")
        self.take_offline_action.triggered.connect(self.take_offline_dialog)
        self.sync_action = QAction(_("&Synchronise with Team Library"), window)
        self.sync_action.setObjectName("syncTeamAction")
        self.sync_action.triggered.connect(self.synchronise)

    def install(self) -> TeamActions:
        """Put File › Team above Quit, and hide what the user's team role does not allow.
        Returns ``self``."""
        quit_action = self.window.quit_action
        for menu in quit_action.associatedObjects():
            if hasattr(menu, "insertMenu") and menu is not self.window:
                submenu = QMenu(_("&Team"), menu)
                submenu.setObjectName("teamMenu")
                submenu.addAction(self.take_offline_action)
                submenu.addAction(self.sync_action)
                menu.insertMenu(quit_action, submenu)
                break
        library = self.window.library
        can = library.capabilities()
        for action in (self.window.import_action, self.window.import_folder_action):
            action.setVisible(pg_roles.IMPORT in can)
        self.take_offline_action.setEnabled(library.path is not None and not library.read_only)
        self.sync_action.setEnabled(self.take_offline_action.isEnabled())
        return self

    # -- the work ------------------------------------------------------------------

    def take_offline_dialog(self) -> None:
        """Ask for the team library, then :meth:`take_offline`."""
        dialog = TakeOfflineDialog(self.window, team.linked_team(self.window.library) or "")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            url, bodies, sessions = dialog.values()
            if url:
                self.take_offline(url, bodies, sessions)

    def take_offline(self, url: str, bodies=(), sessions=()):
        """Copy the team library at ``url`` into this one (:func:`~briefdesk.core.team.clone`) on a
        worker; returns the task."""
        from ..core.library import Library

        library = self.window.library

        def work(progress, abort):
            hub = Library(url, update_citations=False)
            try:
                return team.clone(hub, library, bodies=bodies, sessions=sessions, progress=progress, abort=abort)
            finally:
                hub.close()

        return self._run(work, _("Taking the team library offline…"))

    def synchronise(self):
        """Bring this library and its team library up to date (:func:`~briefdesk.core.team.sync`) on
        a worker; returns the task."""
        library = self.window.library
        return self._run(lambda progress, abort: team.sync(library, progress=progress, abort=abort),
                         _("Synchronising with the team library…"))

    def _run(self, work, label: str):
        self._stop.clear()
        self.progress = QProgressDialog(label, _("Cancel"), 0, 0, self.window)
        self.progress.setObjectName("teamProgress")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self._stop.set)
        for action in (self.take_offline_action, self.sync_action):
            action.setEnabled(False)
        return run_task(lambda progress, abort: work(progress, lambda: self._stop.is_set() or abort()),
                        on_done=self._done, on_error=self._failed, on_progress=self._progressed,
                        owner=self.window)

    def _progressed(self, done: int, total: int, label: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(min(done, total))
            self.progress.setLabelText(label)

    def _finish(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        for action in (self.take_offline_action, self.sync_action):
            action.setEnabled(True)
        self.window.refresh_library()

    def _done(self, report: team.SyncReport) -> None:
        self._finish()
        self.last_report = report
        text = report.describe()
        if report.unplaced:
            text += "\n\n" + "\n".join(_("Kept in a version only (its text was not found): {amendment}").format(
                amendment=line) for line in report.unplaced)
        box = QMessageBox(QMessageBox.Icon.Information, _("BriefDesk"), text, QMessageBox.StandardButton.Ok,
                          self.window)
        box.setObjectName("teamReportBox")
        box.open()
        self.last_box = box

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.last_box = show_error(self.window, error)
