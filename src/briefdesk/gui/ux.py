"""What the main window adds for finding one's way (issue 13): Help › User Guide (F1) and
Keyboard Shortcuts, File › Open Recent and Preferences…, View › Zoom In/Out/Reset
(Ctrl+= / Ctrl+- / Ctrl+0) and Back to Results (Alt+Left), and a window that remembers its
layout per library (:mod:`.window_state`).

Kept out of :mod:`.mainwindow`: the window calls :func:`install` once built, tells
:class:`WindowExtras` what it shows (:meth:`~WindowExtras.document_shown`,
:meth:`~WindowExtras.draft_editor_opened`) and calls :meth:`~WindowExtras.save` on close.
"""

from __future__ import annotations

from ..core import settings
from ..core.i18n import _, format_number
from . import window_state
from .docview import DocumentView
from .fonts import DEFAULT_TEXT_SIZE, set_text_size, text_size
from .qt import QAction, QKeySequence, QMenu, Qt
from .recent import RecentList

#: smallest and largest reading text, in points
MIN_TEXT, MAX_TEXT = 6, 40


class WindowExtras:
    """The actions, menus and remembered state of one :class:`~.mainwindow.MainWindow`."""

    def __init__(self, window) -> None:
        self.window = window
        self.group = window_state.library_group(window.library.display_location)
        self.recent = RecentList(self.group)
        self.guide = None
        self.shortcuts = None
        self.preferences = None
        try:
            self.zoom = int(window_state.value(self.group, "zoom", 0) or 0)
        except (TypeError, ValueError):
            self.zoom = 0
        self._build_actions()
        self._build_menus()
        # a symbol too long for its column keeps both ends (A/RES/…/292), and shows whole in its tooltip
        window.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        window.tree.header().resizeSection(0, 190)
        window.splitter.setSizes([360, 920])  # the centre (document or results page) gets the room
        self.restore()
        self.apply_text_size(announce=False)  # at start: no "Text size" message (nor Babel's number data)

    # -- actions and menus ---------------------------------------------------------------

    def _action(self, text: str, slot, *keys, name: str = "") -> QAction:
        action = QAction(text, self.window)
        if name:
            action.setObjectName(name)
        if keys:
            action.setShortcuts([k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work whatever menu is shown
        return action

    def _build_actions(self) -> None:
        self.guide_action = self._action(_("&User Guide"), self.show_guide, QKeySequence(Qt.Key.Key_F1),
                                          name="userGuideAction")
        self.shortcuts_action = self._action(_("&Keyboard Shortcuts"), self.show_shortcuts, name="shortcutsAction")
        self.preferences_action = self._action(_("&Preferences…"), self.show_preferences, "Ctrl+,",
                                               name="preferencesAction")
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.zoom_in_action = self._action(_("Zoom &In"), lambda: self.set_zoom(self.zoom + 1), "Ctrl+=", "Ctrl++",
                                           name="zoomInAction")
        self.zoom_out_action = self._action(_("Zoom &Out"), lambda: self.set_zoom(self.zoom - 1), "Ctrl+-",
                                            name="zoomOutAction")
        self.zoom_reset_action = self._action(_("&Actual Size"), lambda: self.set_zoom(0), "Ctrl+0",
                                              name="zoomResetAction")
        self.back_action = self._action(_("&Back to Results"), self.back_to_results, "Alt+Left",
                                        name="backToResultsAction")
        self.back_action.setEnabled(False)
        window = self.window
        window.doc_stack.currentChanged.connect(lambda _i: self._update_back())
        window.search_panel.search_started.connect(lambda _r: self._update_back())
        window.search_panel.search_cleared.connect(self._results_cleared)

    def pack_editor_built(self, editor) -> None:
        """Connect the briefing-pack editor (built once the library is open) to File › Open Recent."""
        editor.pack_shown.connect(lambda pack_id, title: self.recent.add("pack", pack_id, title))

    def _build_menus(self) -> None:
        window = self.window
        menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
        file_menu, help_menu = menus[0], menus[-1]
        self.recent_menu = QMenu(_("Open &Recent"), window)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(lambda: self.recent.fill_menu(self.recent_menu, self.open_recent))
        self.recent.fill_menu(self.recent_menu, self.open_recent)
        file_menu.insertMenu(window.quit_action, self.recent_menu)
        file_menu.insertSeparator(window.quit_action)
        file_menu.insertAction(window.quit_action, self.preferences_action)
        file_menu.insertSeparator(window.quit_action)
        window.view_menu.addSeparator()
        for action in (self.back_action, None, self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            if action is None:
                window.view_menu.addSeparator()
            else:
                window.view_menu.addAction(action)
        first = help_menu.actions()[0] if help_menu.actions() else None
        help_menu.insertAction(first, self.guide_action)
        help_menu.insertAction(first, self.shortcuts_action)
        help_menu.insertSeparator(first)

    # -- help ------------------------------------------------------------------------------

    def show_guide(self, section: str = ""):
        """Help › User Guide: open (or raise) the guide, at ``section`` when given."""
        from .guide import GuideWindow

        if self.guide is None:
            self.guide = GuideWindow(self.window)
        self.guide.show()
        self.guide.raise_()
        if section:
            self.guide.show_section(section)
        return self.guide

    def show_shortcuts(self):
        """Help › Keyboard Shortcuts: every shortcut of the main window (and the draft editor, if open)."""
        from .guide import ShortcutsDialog

        windows = [self.window, getattr(self.window, "draft_editor", None)]
        self.shortcuts = ShortcutsDialog([w for w in windows if w is not None], self.window)
        self.shortcuts.open()
        return self.shortcuts

    def show_preferences(self):
        """File › Preferences…: the dialog; OK applies what takes effect at once."""
        from .preferences import PreferencesDialog

        self.preferences = PreferencesDialog(self.window)
        self.preferences.applied.connect(lambda _values: self.apply_text_size())
        self.preferences.open()
        return self.preferences

    # -- recent ----------------------------------------------------------------------------

    def document_shown(self, document_id: int, parsed) -> None:
        """The window shows a document: remember it in File › Open Recent."""
        label = " — ".join(x for x in ((parsed.symbol or f"#{document_id}") + f" [{parsed.language}]",
                                       parsed.title or "") if x)
        self.recent.add("document", document_id, label)
        self._update_back()

    def draft_editor_opened(self, editor) -> None:
        """A draft editor opened: drafts it shows go to File › Open Recent."""
        if not getattr(editor, "_recent_connected", False):
            editor.draft_shown.connect(lambda draft_id, title: self.recent.add("draft", draft_id, title or f"D{draft_id}"))
            editor._recent_connected = True

    def open_recent(self, kind: str, item_id: int) -> None:
        """Open a File › Open Recent entry."""
        window = self.window
        if not window.library_ready:  # chosen in the first instant: once the library is open
            window.when_library_open(lambda: self.open_recent(kind, item_id))
            return
        if kind == "document":
            window.open_document(item_id)
        elif kind == "pack":
            window.pack_dock.show()
            window.pack_editor.open_pack(item_id)
        elif kind == "draft":
            editor = window.open_draft_editor()
            editor.open_draft(item_id)

    # -- results -----------------------------------------------------------------------------

    def _update_back(self) -> None:
        window = self.window
        has_results = bool(window.search_box.text().strip())
        self.back_action.setEnabled(has_results and window.doc_stack.currentWidget() is not window.results_page)

    def back_to_results(self) -> None:
        """View › Back to Results: show the results page again."""
        if self.window.search_box.text().strip():
            self.window.doc_stack.setCurrentWidget(self.window.results_page)

    def _results_cleared(self) -> None:
        window = self.window
        if window.doc_stack.currentWidget() is window.results_page:
            window.doc_stack.setCurrentWidget(window.compare_view if window.doc_view.document_id is not None
                                              else window.doc_placeholder)
        self._update_back()

    # -- text size ----------------------------------------------------------------------------

    def base_size(self) -> float:
        """The text size set in Preferences (points), or the default."""
        try:
            size = float(settings.get("text_size") or 0)
        except (TypeError, ValueError):
            size = 0
        return size if size > 0 else DEFAULT_TEXT_SIZE

    def set_zoom(self, steps: int) -> None:
        """Zoom the reading text ``steps`` points from the set size (0: the set size)."""
        base = self.base_size()
        self.zoom = int(max(MIN_TEXT - base, min(MAX_TEXT - base, steps)))
        self.apply_text_size()
        window_state.set_value(self.group, "zoom", self.zoom)

    def apply_text_size(self, announce: bool = True) -> None:
        """Set every document view's text to the set size plus the zoom (and, with ``announce``,
        say the size in the status bar)."""
        size = max(MIN_TEXT, min(MAX_TEXT, self.base_size() + self.zoom))
        set_text_size(size)
        for view in self.window.findChildren(DocumentView):
            view.apply_text_size()
        if announce:
            self.window.statusBar().showMessage(
                _("Text size: {size} pt").format(size=format_number(text_size())), 3000)

    # -- remembered layout -----------------------------------------------------------------------

    def _parts(self):
        window = self.window
        splitters = {"main": window.splitter, "results": window.results_page.splitter}
        headers = {"tree": window.tree.header(), "hits": window.hits_view.horizontalHeader(),
                   "documents": window.results_page.documents.header()}
        return splitters, headers

    def restore(self) -> bool:
        """Put back the geometry, docks, splitters and columns stored for this library."""
        splitters, headers = self._parts()
        return window_state.restore_layout(self.window, self.group, splitters, headers)

    def save(self) -> None:
        """Store the layout for this library (on close)."""
        splitters, headers = self._parts()
        window_state.save_layout(self.window, self.group, splitters, headers, {"zoom": self.zoom})


def install(window) -> WindowExtras:
    """Add the guide, shortcuts, recent, preferences, zoom and remembered layout to ``window``."""
    return WindowExtras(window)
