"""Starting the desktop application: :func:`run`."""

from __future__ import annotations

import logging
import os
import sys

from ..core import i18n
from ..core.errors import BriefDeskError
from ..core.i18n import _
from .errors import error_message
from ..core.resources import resource_path
from .direction import apply_interface_direction
from .qt import QApplication, QIcon
from .fonts import install_fonts
from .qt_language import apply_qt_language
from .tasks import wait_for_tasks

log = logging.getLogger(__name__)


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


#: Interface languages whose words need the shipped fonts (Chinese, Arabic) from the first paint on
SHIPPED_FONT_LANGUAGES = frozenset({"zh", "ar"})


def application(*, fonts: bool = True) -> QApplication:
    """The process's QApplication, created on first call, in the interface language in force
    (:func:`follow_interface_language`: right to left when it is), with the shipped fonts
    registered (:func:`.fonts.install_fonts`).

    ``fonts=False`` (the start-up, :func:`main_window`): the fonts are left to the caller, which
    registers them before the first paint only if the interface language needs them; the main
    window registers them on the turn after (:meth:`.mainwindow.MainWindow.ensure_panels`), as
    does the first document font (registering the nine files took about 5 ms)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("BriefDesk")
        app.setOrganizationName("BriefDesk")
        app.setDesktopFileName("briefdesk")  # the .desktop entry packaging/linux/install.sh writes
        app.setWindowIcon(app_icon())
    if fonts:
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


def main_window(location: str | None = None):
    """The main window on the library at ``location`` (None: the user library), built and not
    yet shown: what :func:`run` shows (and ``bench/startup.py`` times).

    The library is a :class:`.core.lazy_library.LazyLibrary`: the window is painted first and
    opens it on a worker after its first paint (:meth:`.mainwindow.MainWindow.open_library`),
    so neither SQLAlchemy nor the file's check holds up the window (issue 13).  Once it is
    open, the draft-recovery check runs.  If it cannot be opened, the window closes, the
    reason is shown in a dialog and the event loop ends with status 1.
    """
    from ..core.lazy_library import LazyLibrary
    from .mainwindow import MainWindow

    app = application(fonts=False)
    apply_interface_language()
    if i18n.current_language() in SHIPPED_FONT_LANGUAGES:  # the menus' words need them from the first paint
        install_fonts()
    # citations are updated by the window, off the GUI thread
    # staged: the frame is painted first, its panels built on the next turn of the event loop
    window = MainWindow(LazyLibrary(location, update_citations=False), staged=True)

    def failed(exc: BaseException) -> None:
        window.hide()
        if not isinstance(exc, BriefDeskError):
            log.error("the library could not be opened", exc_info=(type(exc), exc, exc.__traceback__))
        from .qt import QMessageBox

        QMessageBox.critical(None, _("BriefDesk"), error_message(exc))
        app.exit(1)

    window.library_failed = failed
    window.when_library_open(window.check_draft_recovery)
    return window


def run(location: str | None = None) -> int:
    """Open the library at ``location`` (None: the user library) in the main window
    (:func:`main_window`).

    Returns the process exit status: 0 after a normal quit, 1 when the
    library cannot be opened (the reason is shown in a dialog).
    """
    window = main_window(location)
    window.show()
    status = application(fonts=False).exec()  # (the window registers the fonts)
    wait_for_tasks(5.0)
    window.library.close()
    return status
