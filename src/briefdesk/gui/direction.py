"""Right to left in the GUI: the interface's layout direction and a document's text direction.

* :func:`apply_interface_direction` mirrors the whole application
  (``QApplication.setLayoutDirection``) when the interface language is right
  to left (:func:`briefdesk.core.direction.interface_is_rtl`): menus, docks,
  dialogs, the pack and draft editors, shortcuts in menus.  Called when the
  application and each top-level window are built, so a language chosen with
  ``i18n.set_language`` before that holds.
* :func:`text_direction` / :func:`set_text_direction` give a text widget the
  direction of the document it shows (an Arabic document right to left in
  any interface, an English one left to right even under the Arabic one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.direction import interface_is_rtl, is_rtl
from .qt import QApplication, QTextOption

if TYPE_CHECKING:
    from .qt import Qt


def interface_direction() -> Qt.LayoutDirection:
    """``RightToLeft`` when the interface language in force is right to left, else ``LeftToRight``."""
    from .qt import Qt

    return Qt.LayoutDirection.RightToLeft if interface_is_rtl() else Qt.LayoutDirection.LeftToRight


def apply_interface_direction() -> bool:
    """Set the application's layout direction from the interface language (a no-op without a
    QApplication); returns whether it is right to left.

    A left-to-right application under a left-to-right language is left alone without taking
    ``Qt`` from :mod:`.qt`: the main window's first paint does not need Qt's enums (issue 13)."""
    rtl = interface_is_rtl()
    app = QApplication.instance()
    if app is not None and app.isRightToLeft() != rtl:
        app.setLayoutDirection(interface_direction())
    return rtl


def text_direction(language: str | None) -> Qt.LayoutDirection:
    """The text direction of a document in ``language`` (ISO 639-1): ``RightToLeft`` for Arabic."""
    from .qt import Qt

    return Qt.LayoutDirection.RightToLeft if is_rtl(language) else Qt.LayoutDirection.LeftToRight


def set_text_direction(widget, language: str | None) -> Qt.LayoutDirection:
    """Show the text of ``widget`` (a QTextEdit, QPlainTextEdit, QTextBrowser, QLineEdit or list)
    in the direction of ``language``: the widget's layout direction, and for a text editor its
    document's default text direction, so paragraphs start on the right for Arabic.  Returns it."""
    direction = text_direction(language)
    widget.setLayoutDirection(direction)
    document = getattr(widget, "document", None)
    if callable(document):
        doc = document()
        option = QTextOption(doc.defaultTextOption())
        option.setTextDirection(direction)
        doc.setDefaultTextOption(option)
    return direction


def wrap_without_horizontal_scroll(widget) -> None:
    """Keep the text of ``widget`` (a QTextEdit or QTextBrowser wrapping at its width) in view
    without a horizontal scroll bar, whatever the direction.

    Qt measures a right-to-left block with a hanging number (a right margin and a negative
    first-line indent, as the excerpt view and the draft preview lay them out) up to the
    indent wider than it is drawn, so the editor offers a few pixels of horizontal scrolling;
    in a mirrored widget the text then starts scrolled by that much, cut at its edge.  The
    text wraps at the widget's width, so there is nothing to scroll to: the bar is hidden and
    the view kept at its start (the right end of the range in a right-to-left widget).
    """
    from .qt import Qt

    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    bar = widget.horizontalScrollBar()

    def pin(low: int, high: int) -> None:
        bar.setValue(high if widget.isRightToLeft() else low)

    bar.rangeChanged.connect(pin)
