"""The main window: library tree, document view, search, import and PDF export.

Everything slow (import, search, export) runs through :func:`.tasks.run_task`;
every error reaches the user through :func:`.errors.show_error`, except
search errors, which show quietly above the results.  Menu actions open
their dialogs and then call one public method (:meth:`MainWindow.import_paths`,
:meth:`MainWindow.export_pdf`, :meth:`MainWindow.run_search`) that tests
drive directly.  Search lives in :mod:`.search_panel`, the side-by-side
language view in :mod:`.compare_view`, similar paragraphs in :mod:`.similar_panel`.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import __version__
from ..core.errors import Cancelled
from ..core.i18n import _, ngettext
from ..core.importer import Importer, ImportResult, ImportStatus
from ..core.document import ParsedDocument
from ..core.library import DocumentSummary, Library
from .compare_view import CompareView
from .docview import DocumentView, un_acknowledgement
from .errors import show_error
from .models import DOCUMENT_ID_ROLE, LibraryModel, LibraryRows, LibrarySortProxy
from .qt import (
    QAbstractItemView,
    QAction,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QModelIndex,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    Qt,
    QToolBar,
    QTreeView,
    QWidget,
)
from .search_panel import SearchPanel
from .similar_panel import SimilarPanel
from .tasks import Task, run_task

log = logging.getLogger(__name__)


def summarize_import(results: list[ImportResult]) -> tuple[str, str]:
    """``(headline, details)`` for an import: counts, then one line per failure."""
    imported = sum(r.status is ImportStatus.IMPORTED for r in results)
    duplicates = sum(r.status is ImportStatus.DUPLICATE for r in results)
    failed = [r for r in results if r.status is ImportStatus.FAILED]
    # one template, so each language sets its own list punctuation (zh: "，" and "。")
    headline = _("{imported}, {duplicates}, {failed}.").format(
        imported=ngettext("{n} document imported", "{n} documents imported", imported).format(n=imported),
        duplicates=ngettext("{n} duplicate skipped", "{n} duplicates skipped", duplicates).format(n=duplicates),
        failed=ngettext("{n} file failed", "{n} files failed", len(failed)).format(n=len(failed)))
    details = "\n".join(r.describe() for r in failed)
    return headline, details


class MainWindow(QMainWindow):
    """BriefDesk's window on one open :class:`Library`."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.import_task: Task | None = None
        self.export_task: Task | None = None
        self.refresh_task: Task | None = None
        self.open_task: Task | None = None
        self.last_import_results: list[ImportResult] | None = None
        self.last_import_summary: QMessageBox | None = None
        self.last_error: QMessageBox | None = None
        self.last_export: tuple[Path, int] | None = None
        self._open_generation = 0
        self.search_panel = SearchPanel(library)
        self.search_panel.open_requested.connect(self.open_document)
        self.search_panel.similar_requested.connect(self.show_similar)
        self.search_box = self.search_panel.search_box

        self.setObjectName("mainWindow")
        self.setWindowTitle(_("BriefDesk — {location}").format(location=library.display_location))
        self.resize(1280, 800)
        self.setAcceptDrops(True)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self._build_status_bar()
        self.refresh_library()

    # -- construction --------------------------------------------------------

    def _build_actions(self) -> None:
        self.import_action = QAction(_("&Import Files…"), self)
        self.import_action.setShortcut(QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self.import_files_dialog)
        self.import_folder_action = QAction(_("Import &Folder…"), self)
        self.import_folder_action.triggered.connect(self.import_folder_dialog)
        self.export_action = QAction(_("&Export PDF…"), self)
        self.export_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_E))
        self.export_action.setEnabled(False)
        self.export_action.triggered.connect(self.export_pdf_dialog)
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction(_("&About BriefDesk"), self)
        self.about_action.triggered.connect(self.show_about)
        self.find_action = QAction(_("&Search"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(lambda: (self.search_box.setFocus(), self.search_box.selectAll()))
        self.addAction(self.find_action)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar(_("Main"), self)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.addAction(self.import_action)
        bar.addAction(self.export_action)
        bar.addSeparator()
        bar.addWidget(self.search_box)
        self.addToolBar(bar)

    def _build_central(self) -> None:
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

        self.results_panel = self.search_panel
        self.results_panel.hide()

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.tree)
        left.addWidget(self.search_panel)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 1)

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

        self.similar_panel = SimilarPanel(self.library)
        self.similar_panel.open_requested.connect(self.open_document)
        self.similar_dock = QDockWidget(_("Similar paragraphs"), self)
        self.similar_dock.setObjectName("similarDock")
        self.similar_dock.setWidget(self.similar_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.similar_dock)
        self.similar_dock.hide()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(260)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_import)
        for widget in (self.progress_label, self.progress_bar, self.cancel_button):
            bar.addPermanentWidget(widget)
            widget.hide()

    # -- library ---------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while an import, search or export runs."""
        tasks = (self.import_task, self.search_task, self.export_task, self.refresh_task, self.open_task,
                 self.search_panel.facets_task, self.compare_view.versions_task, self.compare_view.side_task,
                 self.compare_view.map_task,
                 self.similar_panel.task)
        return any(t is not None and not t.done for t in tasks)

    def refresh_library(self, then: Callable[[], None] | None = None) -> Task:
        """Reload the library tree from the database off the GUI thread, then call ``then()``."""
        library = self.library

        def done(summaries: LibraryRows) -> None:  # items built on the worker, adopted here
            self._show_summaries(summaries)
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            self.last_error = show_error(self, error)
            if then is not None:
                then()

        self.refresh_task = run_task(lambda progress, abort: LibraryModel.load(library), on_done=done, on_error=failed)
        self.search_panel.load_facets()
        return self.refresh_task

    def _show_summaries(self, summaries: list[DocumentSummary] | LibraryRows) -> None:
        self.library_model.set_documents(summaries)
        self.tree.expandAll()
        # What is loaded now (modules, the tree's items) lives as long as the window: keep it out of
        # the cyclic collector's full passes, which hold the GIL, so stop the GUI thread, for 0.2 s
        # and more once the library is large (gc.freeze; refcounting still frees these objects).
        gc.freeze()
        self.stack.setCurrentWidget(self.splitter if summaries else self.empty_label)
        self.statusBar().showMessage(
            ngettext("{n} document in the library", "{n} documents in the library", len(summaries)).format(
                n=len(summaries)), 5000)

    @property
    def is_empty_shown(self) -> bool:
        return self.stack.currentWidget() is self.empty_label

    def _tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        doc_id = current.data(DOCUMENT_ID_ROLE) if current.isValid() else None
        if doc_id is not None and doc_id != self.doc_view.document_id:
            self.open_document(doc_id)

    def open_document(self, document_id: int, highlight: int | None = None) -> Task:
        """Load the document ``document_id`` off the GUI thread, then show it scrolled to
        paragraph ``highlight`` if given.  Only the latest request is shown."""
        self._open_generation += 1
        generation = self._open_generation
        library = self.library

        def done(parsed: ParsedDocument) -> None:
            if generation == self._open_generation:
                self._show_document(document_id, parsed, highlight)

        def failed(error: BaseException) -> None:
            if generation == self._open_generation:
                self.last_error = show_error(self, error)

        self.open_task = run_task(lambda progress, abort: library.parsed(document_id),
                                  on_done=done, on_error=failed)
        return self.open_task

    def _show_document(self, document_id: int, parsed: ParsedDocument, highlight: int | None) -> None:
        self.doc_stack.setCurrentWidget(self.compare_view)
        self.doc_view.show_document(document_id, parsed, highlight=highlight)
        self.compare_view.primary_shown(document_id)
        self.export_action.setEnabled(True)
        source = self.library_model.index_of_document(document_id)
        if source.isValid():
            index = self.library_proxy.mapFromSource(source)
            self.tree.selectionModel().blockSignals(True)
            self.tree.setCurrentIndex(index)
            self.tree.selectionModel().blockSignals(False)
            self.tree.scrollTo(index)
            self.tree.viewport().update()

    # -- import ----------------------------------------------------------------

    def import_files_dialog(self) -> None:
        """File › Import Files…: choose files, then :meth:`import_paths`."""
        paths, _filter = QFileDialog.getOpenFileNames(
            self, _("Import documents"), "",
            _("Meeting documents (*.txt *.docx *.xml *.akn *.pdf);;All files (*)"))
        if paths:
            self.import_paths(paths)

    def import_folder_dialog(self) -> None:
        """File › Import Folder…: choose a folder, then :meth:`import_paths`."""
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

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self._import_finished(lambda: self.show_import_summary(getattr(error, "results", []),
                                                                   note=str(error)))
        else:
            self._import_finished(lambda: setattr(self, "last_error", show_error(self, error)))

    def show_import_summary(self, results: list[ImportResult], note: str = "") -> QMessageBox:
        """Open (non-blocking) the end-of-import box: counts, and each failure with its reason."""
        self.last_import_results = list(results)
        headline, details = summarize_import(results)
        failed = any(r.status is ImportStatus.FAILED for r in results)
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
        return "<h3>BriefDesk {version}</h3><p>{what}</p><p>{un}</p>".format(
            version=__version__,
            what=_("An offline library of meeting documents for delegations: read, search "
                   "and export decisions, resolutions and drafts."),
            un=_("United Nations resolutions in Akoma Ntoso come from the UNxml project's public "
                 "repositories. {ack}").format(ack=un_acknowledgement()))

    def show_about(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, _("About BriefDesk"), self.about_text(),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("aboutBox")
        box.open()
        return box

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        for task in (self.import_task, self.export_task, self.search_task, self.compare_view.side_task):
            if task is not None and not task.done:
                task.cancel()
        super().closeEvent(event)
