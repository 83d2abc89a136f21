"""The one way errors reach the user in the window: :func:`show_error`.

A :class:`~briefdesk.core.errors.BriefDeskError` carries a message already
fit to show; anything else is a bug, so the user gets a plain translated
sentence and the details go to the log.  Never a traceback in a dialog.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..core.errors import BriefDeskError, user_message
from ..core.i18n import _
from ..core.logs import internal_error_message

if TYPE_CHECKING:  # taken from .qt when an error is shown (the start-up paints without them)
    from .qt import QMessageBox, QWidget

log = logging.getLogger(__name__)


def error_message(error: BaseException) -> str:
    """The sentence the user sees for ``error``: a BriefDesk error's own, a database error in words
    (:func:`~briefdesk.core.errors.user_message`: no SQL, parameters or links; those go to the log),
    else the internal-error sentence."""
    return user_message(error) or internal_error_message()


def show_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """Show ``error`` in a window-modal message box (non-blocking) and log it.

    Returns the box (already open) so callers and tests can inspect it.
    """
    if isinstance(error, BriefDeskError):
        log.warning("%s", error)
    else:
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    from .qt import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, _("BriefDesk"), error_message(error),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.open()
    return box
