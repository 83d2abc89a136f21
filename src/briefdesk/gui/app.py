"""Starting the desktop application: :func:`run`."""

from __future__ import annotations

import os
import sys

from ..core.errors import BriefDeskError
from ..core.i18n import _
from .errors import error_message
from ..core.resources import resource_path
from .direction import apply_interface_direction
from .qt import QApplication, QIcon, QMessageBox
from .fonts import install_fonts
from .qt_language import apply_qt_language
from .tasks import wait_for_tasks


def app_icon() -> QIcon:
    """The application icon (``resources/icons``, drawn in ``packaging/icons/briefdesk.svg``)."""
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        path = resource_path("icons", f"briefdesk-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


def follow_interface_language() -> None:
    """Make Qt follow the interface language in force (call after ``i18n.set_language``): Qt's
    own words (calendar, dock buttons) and month names (:func:`.qt_language.apply_qt_language`)
    and the layout direction (:func:`.direction.apply_interface_direction`)."""
    apply_qt_language()
    apply_interface_direction()


def application() -> QApplication:
    """The process's QApplication, created on first call, in the interface language in force
    (:func:`follow_interface_language`: right to left when it is)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("BriefDesk")
        app.setOrganizationName("BriefDesk")
        app.setDesktopFileName("briefdesk")  # the .desktop entry packaging/linux/install.sh writes
        app.setWindowIcon(app_icon())
    install_fonts()
    follow_interface_language()
    return app


def apply_interface_language() -> str | None:
    """Install the interface language chosen in Preferences (``interface_language``), unless
    ``BRIEFDESK_LANG`` sets one, and Qt's words and direction with it
    (:func:`follow_interface_language`); returns the language installed, or None (the
    system's stays)."""
    if os.environ.get("BRIEFDESK_LANG"):
        return None
    from ..core import settings
    from ..core.i18n import set_language

    chosen = settings.get("interface_language")
    if not chosen:
        return None
    installed = set_language(chosen)
    follow_interface_language()
    return installed


def run(location: str | None = None) -> int:
    """Open the library at ``location`` (None: the user library) in the main window.

    Returns the process exit status: 0 after a normal quit, 1 when the
    library cannot be opened (the reason is shown in a dialog).
    """
    from ..core.library import Library
    from .mainwindow import MainWindow

    app = application()
    apply_interface_language()
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
