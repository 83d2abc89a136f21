"""The main window: library tree, document view, search, import and PDF export, citations.

Everything slow (import, search, export) runs through :func:`.tasks.run_task`;
every error reaches the user through :func:`.errors.show_error`, except
search errors, which show quietly above the results.  Menu actions open
their dialogs and then call one public method (:meth:`MainWindow.import_paths`,
:meth:`MainWindow.export_pdf`, :meth:`MainWindow.run_search`) that tests
drive directly.  Search lives in :mod:`.search_panel`, the side-by-side
language view in :mod:`.compare_view`, similar paragraphs in :mod:`.similar_panel`,
the briefing-pack editor in :mod:`.packs.editor` (a dock) and the draft editor in
:mod:`.drafting.editor` (its own window).

Citations: a citation link in the document view opens the cited document at
the cited paragraph (:meth:`MainWindow.follow_citation`), or says that the
cited document is not in the library; the "Cited by" panel lists, paragraph
by paragraph, the paragraphs of other documents that cite the one shown;
View › Unresolved Citations lists what the library is missing.
"""

from __future__ import annotations

import gc
import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..core.errors import Cancelled
from ..core.i18n import _, format_number, ngettext
from ..core.lazy_library import LazyLibrary
from .direction import apply_interface_direction
from .errors import show_error
# what the frame needs (names are taken from .qt when first asked for; the panels' own, ``Qt``
# and its enums included, are imported where the panels are built, after the first paint)
from .qt import QAction, QKeySequence, QMainWindow, QTimer
from .tasks import Task, run_task

if TYPE_CHECKING:  # the window is painted before these (SQLAlchemy, the ORM, search, the panels) are imported
    from ..core.document import ParsedDocument
    from ..core.importer import ImportResult
    from ..core.library import CitationLink, DocumentSummary, Library
    from ..core.search import Hit
    from .models import LibraryRows
    from .qt import QMenu, QMessageBox, QModelIndex, QTreeWidgetItem, QWidget

log = logging.getLogger(__name__)

#: What a worker imports while the library opens (:meth:`MainWindow.open_library`), so the
#: window's import of it on the GUI thread (:meth:`MainWindow._build_pack_editor`) finds it loaded.
_OPENING_IMPORTS = ("briefdesk.core.packs.service",)


def bare(number: str | None) -> str:
    """:func:`.core.library.bare` (imported when first called: the window paints without it)."""
    from ..core.library import bare as library_bare

    return library_bare(number)

#: Item data role holding ``(document_id, paragraph_position)`` in the citation panels:
#: ``Qt.ItemDataRole.UserRole + 7``, written as a number so that importing this module does not
#: take ``Qt`` (its enums) before the first paint (a test checks it is the same).
TARGET_ROLE = 0x0100 + 7

#: The panels' modules, imported one per turn of the event loop after a staged window's first
#: paint (each with what it imports and not imported before), before the panels are built.
_PANEL_MODULES = (".models", ".delegates", ".docview", ".search_panel")

#: What :meth:`MainWindow.ensure_panels` builds: asking a staged window for one of them before
#: its first paint builds them at once (:meth:`MainWindow.__getattr__`).
_PANEL_PARTS = frozenset({
    "search_panel", "search_box", "tree", "library_model", "library_proxy", "language_switch",
    "results_panel", "hits_view", "hit_model", "doc_view", "doc_placeholder", "doc_stack", "compare_view",
    "results_page", "splitter", "empty_label", "stack", "pack_dock", "show_pack_action", "cited_by_tree",
    "cited_by_dock", "unresolved_dock", "unresolved_action", "similar_panel", "similar_dock", "ux",
    "progress_label", "progress_bar", "cancel_button",
})


@dataclass
class OpenedDocument:
    """What the document view shows, loaded together off the GUI thread."""

    parsed: ParsedDocument
    citations: list[CitationLink] = field(default_factory=list)
    cited_by: list[CitationLink] = field(default_factory=list)
    #: Stored ids of ``parsed.paragraphs``, in order (excerpts dragged to a briefing pack carry them).
    paragraph_ids: list[int] = field(default_factory=list)

    def cited_by_counts(self) -> dict[int, int]:
        """Paragraph position → number of citing paragraphs (of other documents)."""
        counts: dict[int, set[int]] = {}
        for link in self.cited_by:
            if link.resolved_position is not None:
                counts.setdefault(link.resolved_position, set()).add(link.citing_paragraph_id)
        return {position: len(ids) for position, ids in counts.items()}


def _para_label(number: str | None) -> str:
    return _("para. {n}").format(n=bare(number)) if number else _("para. —")


def summarize_import(results: list[ImportResult]) -> tuple[str, str]:
    """``(headline, details)`` for an import: counts, then one line per failure."""
    from ..core.importer import ImportStatus

    imported = sum(r.status is ImportStatus.IMPORTED for r in results)
    duplicates = sum(r.status is ImportStatus.DUPLICATE for r in results)
    failed = [r for r in results if r.status is ImportStatus.FAILED]
    # one template, so each language sets its own list punctuation (zh: "，" and "。")
    headline = _("{imported}, {duplicates}, {failed}.").format(
        imported=ngettext("{n} document imported", "{n} documents imported", imported).format(n=format_number(imported)),
        duplicates=ngettext("{n} duplicate skipped", "{n} duplicates skipped", duplicates).format(n=format_number(duplicates)),
        failed=ngettext("{n} file failed", "{n} files failed", len(failed)).format(n=format_number(len(failed))))
    details = "\n".join(r.describe() for r in failed)
    return headline, details


class MainWindow(QMainWindow):
    """BriefDesk's window on one :class:`Library`.

    ``library`` is an open :class:`Library`, or a :class:`.core.lazy_library.LazyLibrary`
    (what :func:`.app.run` passes): then the window is built and painted first, and the
    library is opened on a worker after the first paint (:meth:`open_library`); what needs it
    (the tree's rows, the briefing-pack editor, the Unresolved Citations panel, the backup
    actions) follows when it is open (:meth:`when_library_open`).  If it cannot be opened,
    :attr:`library_failed` is called with the error (``None``: the error is shown).

    ``staged`` (what :func:`.app.main_window` asks for): only the frame is built here (menus,
    their first actions, the status bar and the remembered geometry), so the window is painted
    without importing or building its panels; they are built on the event loop's turn after the
    first paint (:meth:`ensure_panels`), and the library is opened after that.  Anything that
    touches a panel before then (``window.doc_view``…) builds them at once, so the window
    behaves the same either way.  Without ``staged`` everything is built here.
    """

    def __init__(self, library: Library | LazyLibrary, parent: QWidget | None = None, *,
                 staged: bool = False) -> None:
        apply_interface_direction()  # mirrored under a right-to-left interface language (Arabic)
        super().__init__(parent)
        self._panels_built = False
        self.library = library
        self._library_ready = False  # until _library_opened has built what needs the library
        self._when_open: list[Callable[[], None]] = []
        self._painted = False
        self._closed = False
        self.library_open_task: Task | None = None
        #: called (GUI thread) with the error if the library cannot be opened; None: :func:`.errors.show_error`
        self.library_failed: Callable[[BaseException], None] | None = None
        self.import_task: Task | None = None
        self.export_task: Task | None = None
        self.refresh_task: Task | None = None
        self.open_task: Task | None = None
        self.last_import_results: list[ImportResult] | None = None
        self.last_import_summary: QMessageBox | None = None
        self.last_error: QMessageBox | None = None
        self.last_export: tuple[Path, int] | None = None
        self.last_citation_message: QMessageBox | None = None
        self.unresolved_task: Task | None = None
        self.citation_update_task: Task | None = None
        self.opened: OpenedDocument | None = None
        self._open_generation = 0

        self.setObjectName("mainWindow")
        self.setWindowTitle(_("BriefDesk — {location}").format(location=library.display_location))
        self.resize(1280, 800)
        self.setAcceptDrops(True)
        self._build_actions()
        self._build_menus()
        self.statusBar()  # there from the first paint; its widgets come with the panels
        if staged:  # the size it had last time on this library, from the first paint on
            from . import window_state

            window_state.restore_geometry(self, window_state.library_group(library.display_location))
        else:
            self.ensure_panels()

    # -- the panels (built after the first paint when staged) --------------------

    @property
    def panels_built(self) -> bool:
        """Whether the panels (tree, document view, search, docks, …) are built."""
        return self._panels_built

    def __getattr__(self, name: str):
        # Only for names not found the usual way: a panel of a staged window asked for before it was
        # built (after the first paint) builds the panels now, so callers never see them missing.
        state = self.__dict__
        if name in _PANEL_PARTS and not state.get("_panels_built", True) and not state.get("_building", False):
            self.ensure_panels()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _panel_stages(self) -> list[Callable[[], None]]:
        """The panels in the order they are built, each stage needing only the ones before it
        (a staged window builds one per turn of the event loop after its first paint, so the
        window is not held for all of them at once)."""
        return [self._build_shortcuts, *(lambda name=name: importlib.import_module(name, __package__)
                                          for name in _PANEL_MODULES),
                self._build_search, self._build_central, self._build_docks, self._build_extras]

    def ensure_panels(self) -> None:
        """Build the panels (search, library tree, document and compare views, results page,
        docks), the toolbar and :mod:`.ux` (guide, recent, preferences, zoom, remembered layout),
        importing their modules, unless built already; then, if the library is open, what needs it."""
        while not self._panels_built:
            self._build_next_stage()

    def _build_next_stage(self) -> None:
        """Build the next stage of :meth:`_panel_stages` (the last one marks the panels built)."""
        stages = self.__dict__.setdefault("_stages", self._panel_stages())
        self._building = True
        try:
            stages.pop(0)()
        finally:
            self._building = False
        if not stages:
            self._panels_built = True
            if not isinstance(self.library, LazyLibrary) or self.library.is_open:
                self._library_opened()
            else:  # not known to be empty: the (empty) tree until its rows come, not "Your library is empty"
                self.stack.setCurrentWidget(self.splitter)

    def _build_shortcuts(self) -> None:
        from .fonts import install_fonts

        install_fonts()  # the shipped fonts, as the interface font's fallbacks (once; at start for zh/ar)
        self._set_shortcuts()  # the first use of Qt's namespace: its enums are built here (about 20 ms)
        self._build_status_bar()

    def _build_search(self) -> None:
        from .search_panel import SearchPanel

        self.search_panel = SearchPanel(self.library)
        self.search_panel.open_requested.connect(self.open_document)
        self.search_panel.similar_requested.connect(self.show_similar)
        self.search_box = self.search_panel.search_box
        self._build_toolbar()

    def _build_docks(self) -> None:
        self._build_pack_dock()
        self._build_citation_docks()

    def _build_extras(self) -> None:
        from .ux import install  # guide, shortcuts, recent, preferences, zoom, remembered layout

        self.ux = install(self)

    def _after_first_paint(self) -> None:
        """A staged window, once painted: the panels, one stage per turn of the event loop, then
        (on the next turn) the library."""
        if self._closed:
            return
        if not self._panels_built:
            self._build_next_stage()
        if not self._panels_built:
            QTimer.singleShot(0, self._after_first_paint)
        elif not self._library_ready:
            QTimer.singleShot(0, self.open_library)

    # -- opening the library ---------------------------------------------------

    @property
    def library_ready(self) -> bool:
        """Whether the library is open and the parts of the window that need it are built."""
        return self._library_ready

    def when_library_open(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` once the library is open (now, if it is)."""
        if self._library_ready:
            callback()
        else:
            self._when_open.append(callback)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if not self._panels_built:  # staged: the panels once the frame is on screen, then the library
                QTimer.singleShot(0, self._after_first_paint)
            elif not self._library_ready:
                QTimer.singleShot(0, self.open_library)  # once the first paint is on screen

    def open_library(self) -> Task | None:
        """Open the window's :class:`.core.lazy_library.LazyLibrary` on a worker (importing there
        what the window will need next), then build what needs it (:meth:`_library_opened`).
        Called after the first paint; returns the task (None when open or opening already)."""
        if self._library_ready or self.library_open_task is not None:
            return None
        library = self.library

        def work(progress, abort):
            import importlib

            opened = library.open()
            opened.capabilities()     # a team library's roles: asked here, not on the GUI thread
            for name in _OPENING_IMPORTS:
                importlib.import_module(name)
            return opened

        def failed(error: BaseException) -> None:
            if self.library_failed is not None:
                self.library_failed(error)
            else:
                self.last_error = show_error(self, error)

        def done(_library) -> None:
            if not self._closed:  # closed meanwhile: nothing more to build or load
                self._library_opened(staged=True)

        # urgent: at the GUI thread's priority, as when the library was opened on it (the window waits)
        self.library_open_task = run_task(work, on_done=done, on_error=failed, owner=self, urgent=True)
        return self.library_open_task

    def _library_opened(self, staged: bool = False) -> None:
        """Build the parts that need the open library, and start loading the tree (off the GUI
        thread).  ``staged`` (after the first paint): the pack editor, then the rest, in two turns
        of the event loop, so the window does not stop for both at once."""
        # the panels before the tree's reading starts: built alongside it, they took four times
        # as long (the GIL shared with it) and the window stalled for 0.2 s
        self._build_pack_editor()
        if staged:
            QTimer.singleShot(0, self._library_opened_rest)
        else:
            self._library_opened_rest()

    def _library_opened_rest(self) -> None:
        if self._closed:
            return
        self._build_unresolved_panel()
        self._library_ready = True
        self.refresh_library()
        self.update_citations()
        from .backup_actions import BackupActions

        self.backup_actions = BackupActions(self).install()  # File › Back Up/Restore; damaged-library prompt
        from .team_actions import TeamActions  # File › Team; what a team role may not do, hidden

        self.team_actions = TeamActions(self).install()
        callbacks, self._when_open = self._when_open, []
        for callback in callbacks:
            callback()

    # -- construction --------------------------------------------------------

    def _build_actions(self) -> None:
        self.import_action = QAction(_("&Import Files…"), self)
        self.import_action.triggered.connect(self.import_files_dialog)
        self.import_folder_action = QAction(_("Import &Folder…"), self)
        self.import_folder_action.triggered.connect(self.import_folder_dialog)
        self.export_action = QAction(_("&Export PDF…"), self)
        self.export_action.setEnabled(False)
        self.export_action.triggered.connect(self.export_pdf_dialog)
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(_("&About BriefDesk"), self)
        self.about_action.triggered.connect(self.show_about)
        self.draft_editor_action = QAction(_("&Draft Editor"), self)
        self.draft_editor_action.triggered.connect(lambda: self.open_draft_editor())
        self.draft_from_document_action = QAction(_("Start Draft from This &Document"), self)
        self.draft_from_document_action.setEnabled(False)
        self.draft_from_document_action.triggered.connect(
            lambda: self.open_draft_editor(self.doc_view.document_id))
        self.find_action = QAction(_("&Search"), self)
        self.find_action.triggered.connect(lambda: (self.search_box.setFocus(), self.search_box.selectAll()))
        self.addAction(self.find_action)

    def _set_shortcuts(self) -> None:
        """The frame's actions' shortcuts (set with the panels: ``QAction.setShortcut`` builds
        ``Qt``'s enums, which the first paint does not need)."""
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.view_menu = self.menuBar().addMenu(_("&View"))
        drafts_menu = self.menuBar().addMenu(_("D&rafts"))
        drafts_menu.addAction(self.draft_editor_action)
        drafts_menu.addAction(self.draft_from_document_action)
        self.packs_menu = self.menuBar().addMenu(_("&Packs"))
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        from .qt import QToolBar

        bar = QToolBar(_("Main"), self)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.addAction(self.import_action)
        bar.addAction(self.export_action)
        bar.addSeparator()
        bar.addWidget(self.search_box)
        self.addToolBar(bar)

    def _build_central(self) -> None:
        from .qt import QAbstractItemView, QHeaderView, QLabel, QSplitter, QStackedWidget, Qt, QTreeView

        from .compare_view import CompareView
        from .docview import DocumentView
        from .models import LibraryModel, LibrarySortProxy
        from .results_page import ResultsPage
        from .versions import LanguageSwitch

        self.library_model = LibraryModel(self)
        self.library_proxy = LibrarySortProxy(self)
        self.library_proxy.setSourceModel(self.library_model)
        self.tree = QTreeView()
        self.tree.setObjectName("libraryTree")
        self.tree.setModel(self.library_proxy)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.resizeSection(0, 150)
        header.resizeSection(1, 135)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setIndentation(14)
        self.tree.selectionModel().currentChanged.connect(self._tree_current_changed)
        self.language_switch = LanguageSwitch(self)  # the tree's "Read in" each language held

        self.results_panel = self.search_panel
        self.hits_view = self.search_panel.hits_view
        self.hit_model = self.search_panel.hit_model
        self.hits_view.setDragEnabled(True)  # hits drag into a briefing pack
        self.hits_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.hits_view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.search_panel.extend_hit_menu = self._add_pack_actions

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.tree)

        self.doc_view = DocumentView()
        self.doc_placeholder = QLabel(_("Select a document on the left, or search above."))
        self.doc_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.doc_stack = QStackedWidget()
        self.doc_stack.addWidget(self.doc_placeholder)
        self.compare_view = CompareView(self.library, self.doc_view)
        self.compare_view.open_requested.connect(self.open_document)
        self.compare_view.similar_requested.connect(self.show_similar)
        self.search_panel.words_requested.connect(self.compare_view.mark_words)
        self.doc_stack.addWidget(self.compare_view)
        # search results take the centre; a document chosen there opens in their place (View › Back to Results)
        self.results_page = ResultsPage(self.library, self.search_panel)
        self.results_page.document_requested.connect(lambda doc_id, pos: self.open_document(doc_id, highlight=pos))
        self.search_panel.search_started.connect(lambda _request: self.doc_stack.setCurrentWidget(self.results_page))
        self.doc_stack.addWidget(self.results_page)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.doc_stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 780])

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyLibraryMessage")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.empty_label.setText(
            "<h2>{title}</h2><p>{how}</p><ul style='text-align:left'><li>{menu}</li><li>{drag}</li>"
            "<li>{cli}</li></ul>".format(
                title=_("Your library is empty"),
                how=_("Import meeting documents (text, Word or Akoma Ntoso XML) to read and search them:"),
                menu=_("File › Import Files… or File › Import Folder…"),
                drag=_("drag files or folders onto this window"),
                cli=_("or on the command line: <code>briefdesk import PATH</code>")))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.splitter)
        self.setCentralWidget(self.stack)

    def _dock(self, title: str, name: str, area: str, widget=None, *, hidden: bool = True):
        """A dock of this window: ``title`` shown, ``name`` its object name (the remembered layout
        finds it by it), docked at ``area`` (``"right"`` or ``"bottom"``), holding ``widget``."""
        from .qt import QDockWidget, Qt

        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        if widget is not None:
            dock.setWidget(widget)
        where = Qt.DockWidgetArea.RightDockWidgetArea if area == "right" else Qt.DockWidgetArea.BottomDockWidgetArea
        self.addDockWidget(where, dock)
        if hidden:
            dock.hide()
        return dock

    def _build_pack_dock(self) -> None:
        """The dock of the briefing-pack editor (hidden; built with the editor once the library is
        open: :meth:`_build_pack_editor`) and its toggle in the Packs menu."""
        self.pack_dock = self._dock(_("Briefing pack"), "packDock", "right")
        self.show_pack_action = self.pack_dock.toggleViewAction()
        self.show_pack_action.setText(_("Show &Pack Editor"))
        self.packs_menu.addAction(self.show_pack_action)

    def _build_pack_editor(self) -> None:
        """The briefing-pack editor in its dock beside the document, and the Packs menu."""
        from .packs.editor import PackEditor

        self.pack_editor = PackEditor(self.library)
        self.pack_editor.open_document_id = lambda: self.doc_view.document_id
        self.pack_editor.status.connect(
            lambda text: self.statusBar().showMessage(text, 10000) if text else self.statusBar().clearMessage())
        self.doc_view.excerpt_requested.connect(self.add_to_pack)
        self.pack_editor.source_requested.connect(lambda doc_id, pos: self.open_document(doc_id, highlight=pos))
        self.pack_dock.setWidget(self.pack_editor)
        editor = self.pack_editor
        self.ux.pack_editor_built(editor)
        for action in (None, editor.new_action, editor.import_action, None,
                       editor.undo_action, editor.redo_action, None, editor.add_item_action, editor.agenda_action,
                       None, editor.preview_action, editor.print_action, editor.export_pdf_action,
                       editor.export_pack_action, None, editor.check_action, editor.update_all_action, None,
                       editor.delete_pack_action):
            if action is None:
                self.packs_menu.addSeparator()
            else:
                self.packs_menu.addAction(action)
        editor.new_action.triggered.connect(self.pack_dock.show)
        editor.import_action.triggered.connect(self.pack_dock.show)

    def add_to_pack(self, ref) -> None:
        """Add a library excerpt (:class:`~.packs.mime.ExcerptRef`) to the open pack's current item."""
        if not self._library_ready:  # nothing can be shown (or dragged) before it is open
            return
        self.pack_dock.show()
        self.pack_editor.add_excerpts([ref])

    def hits_context_menu(self, index: QModelIndex) -> QMenu | None:
        """The context menu of a search hit (:meth:`.SearchPanel.hit_menu`, with "Add to pack")."""
        from .models import HIT_ROLE

        if index.data(HIT_ROLE) is None:
            return None
        return self.search_panel.hit_menu(self.hits_view.visualRect(index).center())

    def _add_pack_actions(self, menu: QMenu, hit: Hit) -> None:
        """Add to a hit's context menu: its paragraph, its section or its whole document to the pack."""
        from .models import HitModel
        from .packs.mime import ExcerptRef

        sub = menu.addMenu(_("Add to pack"))
        sub.setObjectName("addToPackMenu")
        number = (hit.paragraph_number or "").rstrip(".")
        action = sub.addAction(_("Paragraph {number}").format(number=number) if number else _("This paragraph"))
        action.setObjectName("addParagraph")
        action.triggered.connect(lambda: self.add_to_pack(HitModel.excerpt_ref(hit)))
        action = sub.addAction(_("Its section"))
        action.setObjectName("addSection")
        action.triggered.connect(lambda: self.add_to_pack(
            ExcerptRef(hit.document_id, "section", (hit.position,), symbol=hit.symbol)))
        action = sub.addAction(_("Whole document"))
        action.setObjectName("addDocument")
        action.triggered.connect(lambda: self.add_to_pack(ExcerptRef(hit.document_id, "document", symbol=hit.symbol)))

    def _build_citation_docks(self) -> None:
        from .qt import QTreeWidget

        self.doc_view.citation_activated.connect(self.follow_citation)
        self.doc_view.cited_by_activated.connect(self.show_cited_by_of)

        self.cited_by_tree = QTreeWidget()
        self.cited_by_tree.setObjectName("citedByTree")
        self.cited_by_tree.setHeaderHidden(True)
        self.cited_by_tree.setWordWrap(True)
        self.cited_by_tree.itemActivated.connect(self._cited_by_item_activated)
        self.cited_by_tree.itemClicked.connect(self._cited_by_item_activated)
        self.cited_by_dock = self._dock(_("Cited by"), "citedByDock", "right", self.cited_by_tree, hidden=False)
        self.cited_by_dock.toggleViewAction().setText(_("&Cited By"))
        self.view_menu.addAction(self.cited_by_dock.toggleViewAction())

        self.unresolved_dock = self._dock(_("Unresolved citations"), "unresolvedDock", "bottom")
        self.unresolved_action = self.unresolved_dock.toggleViewAction()
        self.unresolved_action.setText(_("&Unresolved Citations"))
        self.unresolved_dock.visibilityChanged.connect(
            lambda visible: self.refresh_unresolved() if visible else self.unresolved_panel.release())
        self.view_menu.addAction(self.unresolved_action)

        from .similar_panel import SimilarPanel

        self.similar_panel = SimilarPanel(self.library)
        self.similar_panel.open_requested.connect(self.open_document)
        self.similar_dock = self._dock(_("Similar paragraphs"), "similarDock", "bottom", self.similar_panel)

    def _build_unresolved_panel(self) -> None:
        """The Unresolved Citations panel in its dock (built once the library is open)."""
        from .unresolved_panel import UnresolvedPanel

        self.unresolved_panel = UnresolvedPanel(self.library)
        self.unresolved_panel.open_requested.connect(lambda doc_id, position: self.open_document(doc_id, highlight=position))
        self.unresolved_view = self.unresolved_panel.view
        self.unresolved_status = self.unresolved_panel.status
        self.unresolved_dock.setWidget(self.unresolved_panel)
        if self.unresolved_dock.isVisible():  # the remembered layout showed it
            self.refresh_unresolved()

    def _build_status_bar(self) -> None:
        from .qt import QLabel, QProgressBar, QPushButton

        bar = self.statusBar()
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(260)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_import)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            bar.addPermanentWidget(widget)
            widget.hide()
        # how many documents the library holds: always there (a message with a timeout was gone
        # after 5 s, and any other message hid it)
        self.count_label = QLabel()
        self.count_label.setObjectName("libraryCount")
        bar.addPermanentWidget(self.count_label)

    # -- library ---------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while an import, search, export, citation update or briefing-pack work (writes included) runs."""
        if not self._panels_built:  # staged, not painted yet: only the library's opening can run
            return self.library_open_task is not None and not self.library_open_task.done
        tasks = (self.import_task, self.search_task, self.export_task, self.refresh_task, self.open_task,
                 self.unresolved_task, self.citation_update_task,
                 self.search_panel.facets_task, self.compare_view.versions_task, self.compare_view.side_task,
                 self.compare_view.map_task, self.similar_panel.task, self.results_page.task,
                 self.library_open_task)
        return any(t is not None and not t.done for t in tasks) or (self._library_ready and self.pack_editor.busy)

    def refresh_library(self, then: Callable[[], None] | None = None) -> Task:
        """Reload the library tree from the database off the GUI thread, then call ``then()``."""
        from .models import LibraryModel

        library = self.library

        def done(summaries: LibraryRows) -> None:  # items built on the worker, adopted here
            self._show_summaries(summaries)
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            self.last_error = show_error(self, error)
            if then is not None:
                then()

        # urgent: the tree is what the window waits for (at start, and after an import)
        self.refresh_task = run_task(lambda progress, abort: LibraryModel.load(library), on_done=done, on_error=failed,
                                     urgent=True)
        self.search_panel.load_facets()
        return self.refresh_task

    def _show_summaries(self, summaries: list[DocumentSummary] | LibraryRows) -> None:
        columns = self.tree.header().saveState()  # the model's reset would put every column back to 100 px
        self.library_model.set_documents(summaries)
        self.tree.header().restoreState(columns)
        self.tree.expandAll()
        # What is loaded now (modules, the tree's items) lives as long as the window: keep it out of
        # the cyclic collector's full passes, which hold the GIL, so stop the GUI thread, for 0.2 s
        # and more once the library is large (gc.freeze; refcounting still frees these objects).
        gc.freeze()
        self.stack.setCurrentWidget(self.splitter if summaries else self.empty_label)
        works = len(self.library_model.works) or len(summaries)  # a document in six languages is one
        message = ngettext("{n} document in the library", "{n} documents in the library", works).format(n=format_number(works))
        if works != len(summaries):
            message += " " + ngettext("({n} language version)", "({n} language versions)", len(summaries)).format(
                n=format_number(len(summaries)))
        self.count_label.setText(message)   # (the status bar is built with the panels, before the library opens)

    @property
    def is_empty_shown(self) -> bool:
        return self.stack.currentWidget() is self.empty_label

    def _tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        from .models import DOCUMENT_ID_ROLE, VERSIONS_ROLE

        doc_id = current.data(DOCUMENT_ID_ROLE) if current.isValid() else None
        versions = (current.data(VERSIONS_ROLE) or {}) if current.isValid() else {}
        if doc_id is not None and self.doc_view.document_id not in (doc_id, *versions.values()):
            self.open_document(doc_id)  # the version in the first preferred language held

    def open_document(self, document_id: int, highlight: int | None = None, *, keep_scroll: bool = False) -> Task:
        """Load the document ``document_id`` off the GUI thread, then show it scrolled to
        paragraph ``highlight`` if given (or, with ``keep_scroll``, where the view was).
        Only the latest request is shown."""
        self._open_generation += 1
        generation = self._open_generation
        library = self.library

        def load(progress, abort) -> OpenedDocument:
            from ..core.library import to_parsed

            doc = library.document(document_id)  # what library.parsed() reads, with the paragraph ids
            return OpenedDocument(to_parsed(doc), library.citations(document_id), library.cited_by(document_id),
                                  [p.id for p in doc.paragraphs])

        def done(opened: OpenedDocument) -> None:
            if generation == self._open_generation:
                scroll = self.doc_view.verticalScrollBar().value()
                self._show_document(document_id, opened, highlight)
                if keep_scroll:
                    self.doc_view.verticalScrollBar().setValue(scroll)

        def failed(error: BaseException) -> None:
            if generation == self._open_generation:
                self.last_error = show_error(self, error)

        self.open_task = run_task(load, on_done=done, on_error=failed)
        return self.open_task

    def _show_document(self, document_id: int, opened: OpenedDocument, highlight: int | None) -> None:
        self.opened = opened
        self.doc_stack.setCurrentWidget(self.compare_view)
        self.doc_view.show_document(document_id, opened.parsed, highlight=highlight,
                                    paragraph_ids=opened.paragraph_ids,
                                    citations=opened.citations, cited_by=opened.cited_by_counts())
        self.compare_view.primary_shown(document_id)
        self.ux.document_shown(document_id, opened.parsed)
        self._fill_cited_by(opened)
        self.export_action.setEnabled(True)
        self.draft_from_document_action.setEnabled(True)
        source = self.library_model.index_of_document(document_id)
        if source.isValid():
            index = self.library_proxy.mapFromSource(source)
            self.tree.selectionModel().blockSignals(True)
            self.tree.setCurrentIndex(index)
            self.tree.selectionModel().blockSignals(False)
            self.tree.scrollTo(index)
            self.tree.viewport().update()

    # -- citations -------------------------------------------------------------

    def follow_citation(self, citation: CitationLink) -> Task | None:
        """Open what ``citation`` cites, at the cited paragraph (highlighted) when known.

        A citation of a document that is not in the library opens nothing: a
        message says so (it is not an error).  Returns the opening task, if any.
        """
        if citation.resolved_document_id is None:
            text = _("“{citation}” cites {symbol}, which is not in the library yet. "
                     "Import it and this citation will open it.").format(
                citation=citation.text, symbol=citation.target_symbol or citation.text)
            from .qt import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Information, _("Not in the library"), text,
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("citationNotInLibrary")
            self.statusBar().showMessage(text, 10000)
            self.last_citation_message = box
            box.open()
            return None
        if citation.resolved_document_id == self.doc_view.document_id and citation.resolved_position is not None:
            self.doc_view.highlighted = citation.resolved_position
        return self.open_document(citation.resolved_document_id, highlight=citation.resolved_position)

    def update_citations(self) -> Task:
        """Extract, off the GUI thread, the citations of documents stored before the library had
        them (or by an older extractor); then refresh what shows citations."""
        library = self.library

        def done(count: int) -> None:
            if not count:
                return
            self.statusBar().showMessage(ngettext("Citations updated in {n} document",
                                                  "Citations updated in {n} documents", count).format(n=format_number(count)), 10000)
            if self.unresolved_dock.isVisible():
                self.refresh_unresolved()
            if self.doc_view.document_id is not None:
                self.open_document(self.doc_view.document_id, highlight=self.doc_view.highlighted, keep_scroll=True)

        def failed(error: BaseException) -> None:
            if not isinstance(error, Cancelled):
                self.last_error = show_error(self, error)

        def progress(done_count: int, total: int) -> None:
            self.statusBar().showMessage(_("Updating citations ({n} of {total} documents)…").format(
                n=done_count, total=total))

        self.citation_update_task = run_task(
            lambda progress, abort: library.reextract_citations(progress, abort),
            on_done=done, on_error=failed, on_progress=progress)
        return self.citation_update_task

    def _fill_cited_by(self, opened: OpenedDocument) -> None:
        from .qt import QTreeWidgetItem

        tree = self.cited_by_tree
        tree.clear()
        groups: dict[int | None, QTreeWidgetItem] = {}
        for link in opened.cited_by:
            key = link.resolved_position
            group = groups.get(key)
            if group is None:
                label = (_("Paragraph {n}").format(n=bare(link.resolved_paragraph)) if link.resolved_paragraph
                         else _("The whole document"))
                group = QTreeWidgetItem([label])
                group.setData(0, TARGET_ROLE, (link.resolved_document_id, key))
                groups[key] = group
            where = link.citing_symbol or f"#{link.citing_document_id}"
            para = f", {_para_label(link.citing_paragraph)}" if link.citing_paragraph else ""
            item = QTreeWidgetItem([f"{where}{para} — «{link.text}»"])
            item.setToolTip(0, _("Open {symbol} at this paragraph").format(symbol=where))
            item.setData(0, TARGET_ROLE, (link.citing_document_id, link.citing_position))
            group.addChild(item)
        ordered = sorted(groups.items(), key=lambda kv: (kv[0] is not None, kv[0] or 0))
        tree.addTopLevelItems([item for _key, item in ordered])
        if not groups:
            empty = QTreeWidgetItem([_("No other document in the library cites this one.")])
            empty.setDisabled(True)
            tree.addTopLevelItem(empty)
        tree.expandAll()
        self.cited_by_dock.setWindowTitle(
            ngettext("Cited by ({n})", "Cited by ({n})", len(opened.cited_by)).format(n=format_number(len(opened.cited_by))))

    def show_cited_by_of(self, position: int) -> None:
        """Show and select, in the "Cited by" panel, the paragraphs that cite paragraph ``position``."""
        self.cited_by_dock.show()
        for i in range(self.cited_by_tree.topLevelItemCount()):
            item = self.cited_by_tree.topLevelItem(i)
            target = item.data(0, TARGET_ROLE)
            if target and target[1] == position:
                self.cited_by_tree.setCurrentItem(item)
                self.cited_by_tree.scrollToItem(item)
                return

    def _cited_by_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = item.data(0, TARGET_ROLE)
        if not target:
            return
        document_id, position = target
        if item.parent() is None:  # a paragraph of the shown document
            if position is not None:
                self.doc_view.go_to_paragraph(position)
            return
        self.open_document(document_id, highlight=position)

    def refresh_unresolved(self) -> Task | None:
        """Reload the "Unresolved citations" list off the GUI thread (:mod:`.unresolved_panel`);
        None until the library is open (the panel is filled then)."""
        if getattr(self, "unresolved_panel", None) is None:
            return None
        self.unresolved_task = self.unresolved_panel.refresh()
        return self.unresolved_task

    # -- import ----------------------------------------------------------------

    def import_files_dialog(self) -> None:
        """File › Import Files…: choose files, then :meth:`import_paths`."""
        from .qt import QFileDialog

        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Import documents"), "",
            _("Meeting documents (*.txt *.docx *.xml *.akn *.pdf);;All files (*)"))
        if paths:
            self.import_paths(paths)

    def import_folder_dialog(self) -> None:
        """File › Import Folder…: choose a folder, then :meth:`import_paths`."""
        from .qt import QFileDialog

        path = QFileDialog.getExistingDirectory(self, _("Import a folder of documents"))
        if path:
            self.import_paths([path])

    def import_paths(self, paths: Iterable[str | Path]) -> Task | None:
        """Import files and folders in the background, with progress and Cancel.

        Returns the running :class:`Task`, or ``None`` when an import is
        already running.  At the end a summary box opens and the tree refreshes.
        """
        if self.import_task is not None and not self.import_task.done:
            self.statusBar().showMessage(_("An import is already running."), 5000)
            return None
        from ..core.importer import Importer

        paths = [Path(p) for p in paths]
        importer = Importer(self.library)
        self.import_action.setEnabled(False)
        self.import_folder_action.setEnabled(False)
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText(_("Importing…"))
        self.cancel_button.setEnabled(True)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.show()
        self.import_task = run_task(
            lambda progress, abort: importer.import_paths(paths, progress=progress, abort=abort),
            on_done=self._import_done, on_error=self._import_failed, on_progress=self._import_progress)
        return self.import_task

    def cancel_import(self) -> None:
        """Stop the running import after the file in hand; what was imported stays."""
        if self.import_task is not None and not self.import_task.done:
            self.import_task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(_("Cancelling…"))

    def _import_progress(self, done: int, total: int, name: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        if name and not (self.import_task and self.import_task.cancelled):
            self.progress_label.setText(_("Importing {name} ({n} of {total})").format(
                name=name, n=done + 1, total=total))

    def _import_finished(self, then: Callable[[], None]) -> None:
        """Hide the progress widgets, refresh the tree, then ``then()`` (the summary)."""
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            widget.hide()
        self.import_action.setEnabled(True)
        self.import_folder_action.setEnabled(True)
        self.refresh_library(then=then)

    def _import_done(self, results: list[ImportResult]) -> None:
        self._import_finished(lambda: self.show_import_summary(results))
        self.pack_editor.check_stale(quiet=True)  # a re-import may have changed excerpted texts
        if self.unresolved_dock.isVisible():
            self.refresh_unresolved()
        if self.doc_view.document_id is not None:  # new documents may cite it or resolve its citations
            self.open_document(self.doc_view.document_id, highlight=self.doc_view.highlighted, keep_scroll=True)

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._import_finished(lambda: self.show_import_summary(getattr(error, "results", []),
                                                                   note=str(error)))
        else:
            self._import_finished(lambda: setattr(self, "last_error", show_error(self, error)))

    def show_import_summary(self, results: list[ImportResult], note: str = "") -> QMessageBox:
        """Open (non-blocking) the end-of-import box: counts, and each failure with its reason."""
        self.last_import_results = list(results)
        from ..core.importer import ImportStatus

        headline, details = summarize_import(results)
        failed = any(r.status is ImportStatus.FAILED for r in results)
        from .qt import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information,
                          _("Import finished"), headline, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("importSummary")
        if note:
            box.setInformativeText(note)
        if details:
            box.setDetailedText(details)
        self.statusBar().showMessage(headline, 10000)
        self.last_import_summary = box
        box.open()
        return box

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- search ----------------------------------------------------------------

    @property
    def search_task(self) -> Task | None:
        """The running (or last) search."""
        return self.search_panel.task

    @property
    def last_hits(self) -> list[Hit]:
        """The hits the results list shows (after the landing row, if any)."""
        return self.search_panel.hits

    def activate_hit(self, index: QModelIndex) -> None:
        """Open the result in ``index`` at its paragraph (what a click or Enter does)."""
        self.search_panel.activate(index)

    def run_search(self, text: str | None = None) -> Task | None:
        """Search the library for ``text`` (default: the search box) off the GUI thread."""
        return self.search_panel.run_search(text)

    def show_similar(self, paragraph_id: int, label: str, text: str = "") -> Task:
        """Open the similar-paragraphs panel on the paragraph ``paragraph_id`` (named ``label``)."""
        self.similar_dock.show()
        return self.similar_panel.show_similar(paragraph_id, label, text)

    # -- export ----------------------------------------------------------------

    def export_pdf_dialog(self) -> None:
        """File › Export PDF…: choose where, then :meth:`export_pdf`."""
        from .qt import QFileDialog

        parsed = self.doc_view.parsed
        if parsed is None:
            return
        name = (parsed.symbol or _("document")).replace("/", "-").replace(" ", "_") + ".pdf"
        path, _filter = QFileDialog.getSaveFileName(self, _("Export PDF"), str(Path.home() / name),
                                                    _("PDF files (*.pdf)"))
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.export_pdf(path)

    def export_pdf(self, path: str | Path) -> Task | None:
        """Write the shown document as PDF to ``path`` in the background."""
        parsed = self.doc_view.parsed
        if parsed is None:
            return None
        target = Path(path)
        self.export_action.setEnabled(False)
        self.statusBar().showMessage(_("Exporting {name}…").format(name=target.name))

        def work(progress, abort):
            from ..core.render.pdf import export_pdf

            return export_pdf(parsed, target, progress=progress, abort=abort)

        def done(pages: int) -> None:
            self.export_action.setEnabled(True)
            self.last_export = (target, pages)
            self.statusBar().showMessage(
                ngettext("Wrote {path} ({n} page)", "Wrote {path} ({n} pages)", pages).format(
                    path=target, n=pages), 15000)

        def failed(error: BaseException) -> None:
            self.export_action.setEnabled(True)
            self.statusBar().clearMessage()
            self.last_error = show_error(self, error)

        self.export_task = run_task(work, on_done=done, on_error=failed)
        return self.export_task

    # -- help ------------------------------------------------------------------

    def about_text(self) -> str:
        from .docview import un_acknowledgement

        return "<h3>BriefDesk {version}</h3><p>{what}</p><p>{un}</p>".format(
            version=__version__,
            what=_("An offline library of meeting documents for delegations: read, search "
                   "and export decisions, resolutions and drafts."),
            un=_("United Nations resolutions in Akoma Ntoso come from the UNxml project's public "
                 "repositories. {ack}").format(ack=un_acknowledgement()))

    def show_about(self) -> QMessageBox:
        from .qt import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, _("About BriefDesk"), self.about_text(),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("aboutBox")
        box.open()
        return box

    def open_draft_editor(self, document_id: int | None = None):
        """Drafts › Draft Editor (or Start Draft from This Document): open the draft editor,
        starting a draft from ``document_id``'s decision text when given."""
        from .qt import Qt

        from .drafting.editor import open_draft_editor

        self.draft_editor = open_draft_editor(self.library, self, document_id=document_id)
        self.draft_editor.setWindowFlag(Qt.WindowType.Window, True)
        self.ux.draft_editor_opened(self.draft_editor)
        self.draft_editor.show()
        return self.draft_editor

    def check_draft_recovery(self) -> Task:
        """At start: if drafting text was typed but not stored before BriefDesk last stopped
        (a crash or a killed process), open the draft editor, which offers it back."""
        library = self.library

        def work(progress, abort):
            from ..core.drafting.journal import pending_recovery  # here: the drafting code loads off the GUI thread
            from ..core.drafting.service import DraftService

            return pending_recovery(DraftService(library))

        def done(items) -> None:
            self.pending_draft_recovery = items
            if items:
                self.open_draft_editor()

        return run_task(work, on_done=done,
                        on_error=lambda error: log.warning("draft recovery check failed: %s", error))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._closed = True
        if not self._panels_built:  # closed before its first paint (staged): nothing shown, nothing to save
            super().closeEvent(event)
            return
        self.ux.save()  # geometry, panels, splitters, columns, zoom: for this library
        if self._library_ready:
            self.pack_editor.flush()  # the pack is saved as you go: typing not yet saved is saved now
            self.pack_editor.cancel_tasks()  # an export or preview under way stops
        for task in (self.import_task, self.export_task, self.search_task, self.citation_update_task,
                     self.compare_view.side_task):
            if task is not None and not task.done:
                task.cancel()
        super().closeEvent(event)
