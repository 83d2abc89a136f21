"""The search results page in the centre of the window, like a library app's.

Above, the matching *documents*: those whose symbol or title matches the query
first (in bold), then by how many of their paragraphs match, each row saying
that number.  Below, the :class:`.SearchPanel` (filters and the best
paragraphs), each paragraph row also saying how many paragraphs of its
document match.  Choosing a document or a paragraph opens the document in
place of the page; the window's Back to Results (Alt+Left) returns to it.

Documents come from :func:`briefdesk.core.search.documents.document_results`,
read off the GUI thread whenever the search panel starts a search.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ..core.errors import SearchError
from ..core.i18n import _, format_number, ngettext
from .qt import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    Qt,
    QTimer,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .search_panel import SearchPanel, SearchRequest
from .tasks import Task, run_task

if TYPE_CHECKING:  # imported where used: the main window is painted before SQLAlchemy is loaded
    from ..core.library import Library

log = logging.getLogger(__name__)

#: how long after the paragraphs are shown the document list is read (ms): they paint first
PAINT_FIRST_MS = 40

#: item data role holding a row's :class:`~briefdesk.core.search.documents.DocumentResult`
RESULT_ROLE = Qt.ItemDataRole.UserRole + 11


class ResultsPage(QWidget):
    """Documents matching the search (above) over the matching paragraphs (below: ``panel``).

    ``document_requested(document_id, position_or_None)`` asks the window to open a document.
    ``results`` is the last list of document results shown.
    """

    document_requested = Signal(int, object)

    def __init__(self, library: Library, panel: SearchPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsPage")
        self.library = library
        self.panel = panel
        self.results = []
        self.task: Task | None = None
        self.generation = 0

        self.heading = QLabel()
        self.heading.setObjectName("documentResultsHeading")
        self.heading.setWordWrap(True)
        self.documents = QTreeWidget()
        self.documents.setObjectName("documentResults")
        self.documents.setRootIsDecorated(False)
        self.documents.setUniformRowHeights(True)
        self.documents.setAlternatingRowColors(True)
        self.documents.setColumnCount(3)
        self.documents.setHeaderLabels([_("Document"), _("Title"), _("Matching paragraphs")])
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.documents.header()
        header.setStretchLastSection(False)
        header.resizeSection(0, 170)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.documents.itemActivated.connect(self._activated)
        self.documents.itemClicked.connect(self._activated)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.documents, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("resultsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([240, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.splitter)
        panel.hits_view.horizontalHeader().resizeSection(0, 180)  # symbol, then "N matching paragraphs"
        # the document list is read once the paragraphs are shown: the two never compete for the
        # worker threads and the GIL, so the paragraphs come as fast as before
        panel.search_started.connect(self._pending)
        panel.first_page_shown.connect(self._after_paragraphs)
        panel.search_cleared.connect(self.clear)

    @property
    def busy(self) -> bool:
        """True while the document list is being read."""
        return self.task is not None and not self.task.done

    def clear(self) -> None:
        """Empty the page (the search box was cleared)."""
        self.generation += 1
        self.results = []
        self.documents.clear()
        self.heading.clear()
        self.panel.hit_model.set_document_counts({})

    def _pending(self, request: SearchRequest) -> None:
        """A search started: the list says so, and the last search's counts are dropped."""
        self.generation += 1  # an answer still coming is for another query
        self.heading.setText(_("Searching…"))
        self.panel.hit_model.set_document_counts({})

    def _after_paragraphs(self, request: SearchRequest) -> None:
        """The paragraphs are in the list: read the documents once they are painted (a moment
        later), unless another search has started by then."""
        generation = self.generation
        QTimer.singleShot(PAINT_FIRST_MS, lambda: self.search(request) if generation == self.generation else None)

    def search(self, request: SearchRequest) -> Task:
        """Read the documents matching ``request`` off the GUI thread; only the newest answer shows."""
        self.generation += 1
        generation = self.generation
        library = self.library

        def work(progress, abort):
            return library.document_results(request.text, filters=request.filters)

        def done(results) -> None:
            if generation == self.generation:
                self.show_results(request.text, results)

        def failed(error: BaseException) -> None:
            if generation == self.generation:
                self.show_results(request.text, [])
                if not isinstance(error, SearchError):  # the paragraph list below says what went wrong
                    log.error("document results failed", exc_info=(type(error), error, error.__traceback__))

        if self.task is not None and not self.task.done:
            self.task.cancel()
        self.task = run_task(work, on_done=done, on_error=failed, owner=self)
        return self.task

    def show_results(self, query: str, results) -> None:
        """Fill the document list (and give the paragraph list its per-document counts)."""
        self.results = list(results)
        self.documents.clear()
        bold_items = []
        items = []
        for r in self.results:
            symbol = r.symbol or f"#{r.document_id}"
            count = ngettext("{n} paragraph", "{n} paragraphs", r.matches).format(n=format_number(r.matches))
            item = QTreeWidgetItem([f"{symbol} [{r.language}]", r.title, count])
            item.setData(0, RESULT_ROLE, r)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            why = (_("The symbol matches") if r.symbol_match else _("The title matches") if r.title_match else "")
            tip = f"{symbol} — {r.title}" + (f"\n{why}" if why else "") + f"\n{count}"
            for c in range(3):
                item.setToolTip(c, tip)
            if why:
                bold_items.append(item)
            items.append(item)
        self.documents.addTopLevelItems(items)
        for item in bold_items:  # a title or symbol match: first, and in bold
            font = item.font(0)
            font.setBold(True)
            for c in range(3):
                item.setFont(c, font)
        counts = {r.document_id: r.matches for r in self.results}
        self.panel.hit_model.set_document_counts(counts)
        titled = len(bold_items)
        text = ngettext("{n} document matches “{query}”", "{n} documents match “{query}”",
                        len(self.results)).format(n=format_number(len(self.results)), query=query)
        if titled:
            text += " · " + ngettext("{n} by its title or symbol", "{n} by their title or symbol",
                                     titled).format(n=format_number(titled))
        self.heading.setText(text)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        result = item.data(0, RESULT_ROLE)
        if result is None:
            return
        # land on the best paragraph of this document among the hits shown, if there is one
        position = next((h.position for h in self.panel.hits if h.document_id == result.document_id), None)
        self.document_requested.emit(result.document_id, position)
