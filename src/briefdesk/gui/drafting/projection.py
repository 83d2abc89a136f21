"""Projection (issue 15, point 6): the draft on the screen in the room, following the editor.

:class:`ProjectionWindow` is a separate top-level window, full screen on the screen chosen
(:func:`open_projection` asks which when there are several), showing the draft's clean
text or its compilation with sponsors in large type, with the paragraph under discussion —
the one the editor's cursor is in — shaded and scrolled into view.  It follows the editor:
when the cursor moves to another paragraph, or the draft is edited, the projection moves
and re-renders with it.  Esc closes it; a right click switches between the clean text and
the compilation.

Rendering is the editor's preview (:func:`.editor.view_html`) of
:func:`briefdesk.core.drafting.snapshot.view` on the snapshot the editor already holds: a
pure, in-memory layout of one draft (a few milliseconds), so it runs on the GUI thread.
"""

from __future__ import annotations

from ...core.drafting.snapshot import BracketView, DraftSnapshot, DraftView, view
from ...core.i18n import _, format_number
from ..qt import (
    QAction,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QKeySequence,
    QMenu,
    Qt,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

#: Lines of body text a projected screen holds, top to bottom: sets the type size.
LINES_PER_SCREEN = 26
#: The smallest type size, in pixels, whatever the screen.
MIN_PIXEL_SIZE = 22


def projection_modes() -> dict[BracketView, str]:
    """The texts a projection can show, as the interface names them."""
    return {BracketView.CLEAN: _("Clean text"), BracketView.COMPILATION: _("Compilation with sponsors")}


class ProjectionWindow(QWidget):
    """The projected draft of ``editor`` (a :class:`~.editor.DraftEditor`), full screen on
    ``screen`` (a ``QScreen``; default: the editor's), in ``mode`` (clean or compilation).

    Attributes tests read: ``mode``, ``highlighted`` (the paragraph id shaded), ``browser``
    (the :class:`QTextBrowser` showing the text), ``laid`` (the view shown)."""

    def __init__(self, editor, screen=None, mode: BracketView = BracketView.COMPILATION) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("projectionWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Projection — BriefDesk"))
        self.editor = editor
        self.mode = mode if mode in projection_modes() else BracketView.COMPILATION
        self.highlighted: int | None = None
        self.laid: DraftView | None = None
        self._snapshot: DraftSnapshot | None = None
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("projectionText")
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.browser.setOpenLinks(False)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(
            lambda point: self.context_menu().popup(self.browser.viewport().mapToGlobal(point)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.close_action = QAction(_("Close projection"), self)
        self.close_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.close_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.close_action.triggered.connect(self.close)
        self.addAction(self.close_action)
        self.mode_actions: dict[BracketView, QAction] = {}
        for key, (mode_, label) in zip(("Ctrl+1", "Ctrl+2"), projection_modes().items()):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, m=mode_: self.set_mode(m))
            self.addAction(action)
            self.mode_actions[mode_] = action
        if screen is not None:
            self.setScreen(screen)
            self.move(screen.geometry().topLeft())
        self._size_type(screen or editor.screen())
        editor.preview_refreshed.connect(self.follow)
        editor.paragraph_list.currentRowChanged.connect(self.follow)
        self.follow()

    def _size_type(self, screen) -> None:
        height = screen.geometry().height() if screen is not None else 1080
        font = self.browser.font()
        font.setPixelSize(max(MIN_PIXEL_SIZE, height // LINES_PER_SCREEN))
        self.browser.setFont(font)
        self.browser.document().setDefaultFont(font)
        margin = max(16, height // 30)
        self.browser.document().setDocumentMargin(margin)

    def context_menu(self) -> QMenu:
        """Right click: the clean text or the compilation, and close."""
        menu = QMenu(self)
        for mode, action in self.mode_actions.items():
            action.setChecked(mode is self.mode)
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.close_action)
        return menu

    def set_mode(self, mode: BracketView) -> None:
        """Show the clean text or the compilation (``mode``)."""
        if mode in projection_modes() and mode is not self.mode:
            self.mode = mode
            self._snapshot = None
            self.follow()

    def follow(self, *_args) -> None:
        """Show the editor's draft as it stands, shading and scrolling to the paragraph its
        cursor is in (called when the editor refreshes or its cursor changes paragraph)."""
        if not self.isVisible() and self.laid is not None:
            return
        laid = getattr(self.editor, "laid", None)
        if self.editor.closed or laid is None:
            self.browser.setHtml("")
            self.laid = None
            return
        from .editor import view_html    # the editor imports this module

        if laid.snapshot is not self._snapshot:
            self._snapshot = laid.snapshot
            self.laid = view(laid.snapshot, self.mode)
        self.highlighted = self.editor.current_pid
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(view_html(self.laid, highlight=self.highlighted))
        self.browser.verticalScrollBar().setValue(scroll)
        if self.highlighted is not None:
            self.browser.scrollToAnchor(f"p{self.highlighted}")

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        for signal in (self.editor.preview_refreshed, self.editor.paragraph_list.currentRowChanged):
            try:
                signal.disconnect(self.follow)
            except (RuntimeError, TypeError):   # the editor went first
                pass
        if getattr(self.editor, "projection", None) is self:
            self.editor.projection = None
        super().closeEvent(event)


def _other_screen(editor):
    """The screen the projection goes to by default: one the editor is not on, if any."""
    screens = QApplication.screens()
    own = editor.screen()
    return next((s for s in screens if s is not own), own)


def open_projection(editor, mode: BracketView = BracketView.COMPILATION) -> QDialog | ProjectionWindow:
    """Project ``editor``'s draft full screen.  With one screen the window opens at once and
    is returned; with several, a dialog (returned, not blocking) asks which screen — the one
    the editor is not on is proposed — and the window opens when it is accepted."""

    def show(screen) -> ProjectionWindow:
        if getattr(editor, "projection", None) is not None:
            editor.projection.close()
        window = ProjectionWindow(editor, screen, mode)
        editor.projection = window
        window.showFullScreen()
        window.follow()
        return window

    screens = QApplication.screens()
    if len(screens) <= 1:
        return show(screens[0] if screens else None)
    dialog = QDialog(editor)
    dialog.setObjectName("projectionScreenDialog")
    dialog.setWindowTitle(_("Project on screen"))
    form = QFormLayout(dialog)
    combo = QComboBox()
    for i, screen in enumerate(screens):
        size = screen.geometry()
        combo.addItem(_("{name} ({width} × {height})").format(
            name=screen.name() or format_number(i + 1), width=format_number(size.width()),
            height=format_number(size.height())), i)
    combo.setCurrentIndex(screens.index(_other_screen(editor)))
    form.addRow(_("Screen:"), combo)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    dialog.accepted.connect(lambda: show(screens[combo.currentData()]))
    dialog.open()
    return dialog


__all__ = ["ProjectionWindow", "open_projection", "projection_modes"]
