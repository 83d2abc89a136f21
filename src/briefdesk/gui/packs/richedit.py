"""A small rich-text editor for an agenda item's sections and paragraph notes.

:class:`RichTextEditor` is a :class:`QTextEdit` with a tool row for bold,
italic, bulleted list and numbered list (the formatting a briefing note
uses, and all that :func:`briefdesk.core.packs.richtext.sanitize` keeps).
Its own undo is off: edits reach the pack's one :class:`QUndoStack`
through :attr:`RichTextEditor.committed`, emitted after a pause in typing
(:data:`COMMIT_DELAY_MS`) or when the editor loses focus, with the HTML
before and after.
"""

from __future__ import annotations

from ...core.i18n import _
from ..fonts import document_font
from .mime import EXCERPT_MIME
from ..qt import (
    QAction,
    QFont,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QTextCharFormat,
    QTextEdit,
    QTextListFormat,
    QTimer,
    QToolButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: Pause in typing after which an edit is committed (milliseconds).
COMMIT_DELAY_MS = 700


class RichTextEditor(QWidget):
    """A titled rich-text field; :meth:`set_html` loads it, :attr:`committed` reports edits.

    ``committed(old_html, new_html)`` is emitted once per burst of typing
    (and on focus loss), never for :meth:`set_html` itself.
    """

    committed = Signal(str, str)
    #: The Undo / Redo keys pressed in the field (the pack's stack undoes, not the field).
    undo_requested = Signal()
    redo_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None = None, *, name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(name or "richTextEditor")
        self.edit = _Edit(self)
        self.edit.setObjectName((name or "richText") + "Edit")
        self.edit.setUndoRedoEnabled(False)  # undo goes through the pack's QUndoStack
        self.edit.setAcceptRichText(True)
        self.edit.document().setDefaultFont(document_font())
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self._html = ""
        #: The stored (sanitised) HTML this editor was last loaded from (the editor tracks it for reloads).
        self.stored = ""
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_DELAY_MS)
        self._timer.timeout.connect(self.commit)
        self.edit.textChanged.connect(self._changed)
        self.edit.focus_lost.connect(self.commit)
        self.edit.format_requested.connect(
            lambda what: self.toggle_bold() if what == "bold" else self.toggle_italic())
        self.edit.undo_requested.connect(self.undo_requested)
        self.edit.redo_requested.connect(self.redo_requested)

        self.label = QLabel(f"<b>{title}</b>")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addStretch(1)
        self.bold_action = self._action(_("Bold"), "B", QKeySequence.StandardKey.Bold, self.toggle_bold, row)
        self.italic_action = self._action(_("Italic"), "I", QKeySequence.StandardKey.Italic,
                                          self.toggle_italic, row)
        self.bullet_action = self._action(_("Bulleted list"), "•", None,
                                          lambda: self.toggle_list(QTextListFormat.Style.ListDisc), row)
        self.number_action = self._action(_("Numbered list"), "1.", None,
                                          lambda: self.toggle_list(QTextListFormat.Style.ListDecimal), row)
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        self.bold_button.setFont(bold_font)
        italic_font = QFont(self.font())
        italic_font.setItalic(True)
        self.italic_button.setFont(italic_font)
        self.edit.currentCharFormatChanged.connect(self._sync_buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.edit, 1)

    def _action(self, tip: str, text: str, shortcut, slot, row: QHBoxLayout) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setCheckable(slot in (self.toggle_bold, self.toggle_italic))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.edit.addAction(action)
        action.triggered.connect(slot)
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(button)
        attribute = {"B": "bold_button", "I": "italic_button"}.get(text)
        if attribute:
            setattr(self, attribute, button)
        return action

    # -- content -------------------------------------------------------------

    def html(self) -> str:
        """The editor's content as Qt HTML (sanitised by the service on save)."""
        return self.edit.toHtml() if self.edit.toPlainText().strip() or self.edit.textCursor().currentList() \
            else ""

    def set_html(self, html: str) -> None:
        """Show ``html`` without emitting :attr:`committed`; pending edits are committed first."""
        self._timer.stop()
        self._loading = True
        try:
            self.edit.setHtml(html or "")
        finally:
            self._loading = False
        self._html = self.html()

    @property
    def dirty(self) -> bool:
        """True while typed text waits to be committed."""
        try:
            return self._timer.isActive()
        except RuntimeError:  # the editor is being destroyed
            return False

    def _changed(self) -> None:
        if not self._loading:
            self._timer.start()

    def commit(self) -> None:
        """Emit :attr:`committed` now if the text changed since the last commit or load."""
        self._timer.stop()
        new = self.html()
        if new != self._html:
            old, self._html = self._html, new
            self.committed.emit(old, new)

    # -- formatting ----------------------------------------------------------

    def _merge(self, fmt: QTextCharFormat) -> None:
        """Apply ``fmt`` to the selection, or without one to what is typed next."""
        self.edit.mergeCurrentCharFormat(fmt)
        self._changed()

    def toggle_bold(self) -> None:
        """Bold on or off for the selection (or for what is typed next)."""
        fmt = QTextCharFormat()
        bold = self.edit.fontWeight() <= QFont.Weight.Normal
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self._merge(fmt)

    def toggle_italic(self) -> None:
        """Italic on or off for the selection (or for what is typed next)."""
        fmt = QTextCharFormat()
        fmt.setFontItalic(not self.edit.fontItalic())
        self._merge(fmt)

    def toggle_list(self, style: QTextListFormat.Style) -> None:
        """Make the selected paragraphs a list of ``style``, or take them out of it if already one."""
        cursor = self.edit.textCursor()
        current = cursor.currentList()
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            block_format = cursor.blockFormat()
            for i in range(current.count() - 1, -1, -1):
                current.remove(current.item(i))
            block_format.setIndent(0)
            cursor.setBlockFormat(block_format)
        else:
            list_format = QTextListFormat()
            list_format.setStyle(style)
            list_format.setIndent(1)
            cursor.createList(list_format)
        cursor.endEditBlock()
        self.commit()

    def _sync_buttons(self, fmt: QTextCharFormat) -> None:
        self.bold_action.setChecked(fmt.fontWeight() > QFont.Weight.Normal)
        self.italic_action.setChecked(fmt.fontItalic())


def pass_undo_keys(edit, event) -> bool:
    """Re-emit an Undo or Redo key press as ``edit.undo_requested`` / ``edit.redo_requested``
    (the pack's undo stack takes them, not the QTextEdit's own); True when ``event`` was one."""
    if event.matches(QKeySequence.StandardKey.Undo):
        edit.undo_requested.emit()
    elif event.matches(QKeySequence.StandardKey.Redo):
        edit.redo_requested.emit()
    else:
        return False
    event.accept()
    return True


class _Edit(QTextEdit):
    """A :class:`QTextEdit` that says when it loses focus, and hands Undo/Redo keys to the pack.

    A QTextEdit claims the Undo and Redo shortcuts for itself even with its
    own undo off, so the keys are caught here and re-emitted.
    """

    focus_lost = Signal()
    undo_requested = Signal()
    redo_requested = Signal()
    format_requested = Signal(str)

    # Library paragraphs dropped here become excerpts of the item (the page around takes
    # them), not pasted text: ignoring the drag passes it up to the parent widgets.
    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(EXCERPT_MIME):
            event.ignore()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(EXCERPT_MIME):
            event.ignore()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(EXCERPT_MIME):
            event.ignore()
        else:
            super().dropEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Bold and italic keys also when the window is not active (a shortcut would not fire then)
        if event.matches(QKeySequence.StandardKey.Bold):
            event.accept()
            self.format_requested.emit("bold")
        elif event.matches(QKeySequence.StandardKey.Italic):
            event.accept()
            self.format_requested.emit("italic")
        elif not pass_undo_keys(self, event):
            super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.focus_lost.emit()
