"""Starting the desktop application: :func:`run`."""

from __future__ import annotations

import sys

from ..core.errors import BriefDeskError
from ..core.i18n import _
from .errors import error_message
from .direction import apply_interface_direction
from .qt import QApplication, QMessageBox
from .fonts import install_fonts
from .tasks import wait_for_tasks


def application() -> QApplication:
    """The process's QApplication, created on first call, laid out right to left when the
    interface language is (:func:`.direction.apply_interface_direction`)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("BriefDesk")
        app.setOrganizationName("BriefDesk")
    install_fonts()
    apply_interface_direction()
    return app


def run(location: str | None = None) -> int:
    """Open the library at ``location`` (None: the user library) in the main window.

    Returns the process exit status: 0 after a normal quit, 1 when the
    library cannot be opened (the reason is shown in a dialog).
    """
    from ..core.library import Library
    from .mainwindow import MainWindow

    app = application()
    try:
        library = Library(location, update_citations=False)  # the window updates them off the GUI thread
    except BriefDeskError as exc:
        QMessageBox.critical(None, _("BriefDesk"), error_message(exc))
        return 1
    window = MainWindow(library)
    window.show()
    window.check_draft_recovery()
    status = app.exec()
    wait_for_tasks(5.0)
    library.close()
    return status
