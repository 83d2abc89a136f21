"""View › Unresolved Citations: the documents the library cites but does not hold.

One row per missing document (its symbol as cited, how many citations and citing
documents), the most cited first; inside it, one row per language it is cited in, with
the citation as printed there.  Activating a row opens the first citing paragraph
(``open_requested(document_id, position)``).

Everything is read off the GUI thread (:func:`.tasks.run_task`), in SQL
(:mod:`.core.unresolved`): the list is one aggregate query grouped by symbol, shown by
one model reset as soon as it comes (a progress report of the task), its "Citing
documents" column filled by a second query that follows; the language forms of a missing document are asked for when its row is
expanded (the model's ``canFetchMore``/``fetchMore``), and the place of a citing
paragraph when a row is activated.  So opening the view on the corpus library (6,641
missing documents, 92,000 citations) reads 6,641 small rows, not 36,000 forms or
92,000 citations (``bench/unresolved.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.i18n import N_, _, format_number, ngettext
from ..core.unresolved import (
    UnresolvedForm,
    UnresolvedGroup,
    citing_documents,
    paragraph_place,
    unresolved_forms,
    unresolved_groups,
)
from .errors import show_error
from .qt import (
    QAbstractItemModel,
    QAbstractItemView,
    QLabel,
    QModelIndex,
    Qt,
    QTreeView,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .search_panel import language_name
from .tasks import Task, run_task

#: Role holding the id of the first citing paragraph of a row (an ``int``).
PARAGRAPH_ROLE = Qt.ItemDataRole.UserRole + 31

_TOP = 0  # internal id of a missing document's row; a form's row holds its group's index + 1

#: Missing documents shown at a time: the first rows appear at once, the next ones as the list is
#: scrolled to its end (the view calls ``fetchMore`` on the root), so the GUI thread never lays out
#: all 6,641 rows of the corpus library in one go.
BATCH = 500


class UnresolvedModel(QAbstractItemModel):
    """Missing documents (top rows) and their language forms (child rows), read straight from
    the :class:`UnresolvedGroup` list: no item objects.  The top rows come :data:`BATCH` at a
    time (:attr:`shown` of :attr:`groups`; :meth:`fetchMore` on the root shows more).  A
    group's forms are fetched when the view expands it: :meth:`fetchMore` on its row calls
    ``load_forms(generation, row, symbol)`` (set by the panel), whose answer comes back
    through :meth:`add_forms`; an answer for an older list (another :meth:`set_groups`
    since) is dropped."""

    HEADERS = (N_("Missing document"), N_("Citations"), N_("Citing documents"), N_("Cited as"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.groups: list[UnresolvedGroup] = []
        self.documents: dict[str, int] = {}  # citing documents by symbol, when counted apart
        self.shown = 0
        self.forms: dict[int, list[UnresolvedForm]] = {}  # group row → its forms, once fetched
        self.pending: set[int] = set()  # group rows whose forms are being fetched
        self.generation = 0
        self.load_forms: Callable[[int, int, str], None] | None = None
        self._languages: dict[str, str] = {}
        self._numbers: dict[int, str] = {}

    def set_groups(self, groups: list[UnresolvedGroup]) -> None:
        """Show ``groups``, forgetting the forms fetched for the previous list (one model reset)."""
        self.beginResetModel()
        self.generation += 1
        self.groups = groups
        self.documents = {}
        self.shown = min(len(groups), BATCH)
        self.forms = {}
        self.pending = set()
        self._numbers, self._languages = {}, {}  # in the interface language of now
        self.endResetModel()

    def set_documents(self, documents: dict[str, int]) -> None:
        """Fill the "Citing documents" column of groups listed without it (``symbol → count``)."""
        self.documents = documents
        if self.shown:
            self.dataChanged.emit(self.index(0, 2), self.index(self.shown - 1, 2))

    def group_documents(self, group: UnresolvedGroup) -> int | None:
        """The citing documents of ``group``, ``None`` while not counted yet."""
        return group.documents if group.documents is not None else self.documents.get(group.symbol)

    def add_forms(self, generation: int, row: int, forms: list[UnresolvedForm]) -> None:
        """The forms of group ``row`` of list ``generation`` have come: insert them as its children."""
        if generation != self.generation or row in self.forms:
            return
        self.pending.discard(row)
        parent = self.index(row, 0)
        if forms:
            self.beginInsertRows(parent, 0, len(forms) - 1)
            self.forms[row] = forms
            self.endInsertRows()
        else:  # every citation of it resolved meanwhile: nothing inside
            self.forms[row] = forms
            self.dataChanged.emit(parent, parent)

    def index(self, row: int, column: int, parent=QModelIndex()):  # noqa: B008 - Qt's signature
        # bounds checked here rather than by hasIndex(), which calls back into rowCount()
        if row < 0 or not 0 <= column < len(self.HEADERS):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < self.shown else QModelIndex()
        if self._is_group(parent) and row < len(self.forms.get(parent.row(), ())):
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index=QModelIndex()):  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def _is_group(self, parent) -> bool:
        return parent.isValid() and parent.internalId() == _TOP and parent.column() == 0

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        if not parent.isValid():
            return self.shown
        if self._is_group(parent):
            return len(self.forms.get(parent.row(), ()))
        return 0

    def hasChildren(self, parent=QModelIndex()) -> bool:  # noqa: N802, B008 - Qt override
        if not parent.isValid():
            return bool(self.groups)
        if self._is_group(parent):
            return parent.row() not in self.forms or bool(self.forms[parent.row()])
        return False

    def canFetchMore(self, parent) -> bool:  # noqa: N802 - Qt override
        if not parent.isValid():
            return self.shown < len(self.groups)
        return (self._is_group(parent) and parent.row() not in self.forms and parent.row() not in self.pending
                and self.load_forms is not None)

    def fetchMore(self, parent) -> None:  # noqa: N802 - Qt override
        if not parent.isValid():
            if self.shown < len(self.groups):
                more = min(len(self.groups), self.shown + BATCH)
                self.beginInsertRows(QModelIndex(), self.shown, more - 1)
                self.shown = more
                self.endInsertRows()
        elif self.canFetchMore(parent):
            row = parent.row()
            self.pending.add(row)
            self.load_forms(self.generation, row, self.groups[row].symbol)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def number_text(self, n: int) -> str:
        """``n`` formatted for the interface language (babel), remembered until the next list."""
        if n not in self._numbers:
            self._numbers[n] = format_number(n)
        return self._numbers[n]

    def _language(self, code: str) -> str:
        if code not in self._languages:
            self._languages[code] = language_name(code) if code else _("(no language)")
        return self._languages[code]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == _TOP:
            group = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                if column == 2:
                    documents = self.group_documents(group)
                    return "" if documents is None else self.number_text(documents)
                return (group.symbol, self.number_text(group.citations), "", "")[column]
            if role == PARAGRAPH_ROLE:
                return group.paragraph_id
        else:
            form = self.forms[index.internalId() - 1][index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return (self._language(form.language), self.number_text(form.citations),
                        self.number_text(form.documents), form.text)[column]
            if role == PARAGRAPH_ROLE:
                return form.paragraph_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class UnresolvedPanel(QWidget):
    """The list of missing documents (the presenter of :class:`UnresolvedModel`): :meth:`refresh`
    reloads it off the GUI thread; expanding a row fetches its forms (:attr:`forms_task`),
    activating one finds its citing paragraph (:attr:`place_task`) and emits
    :attr:`open_requested`."""

    open_requested = Signal(int, int)  # document id, paragraph position

    def __init__(self, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.task: Task | None = None
        self.forms_task: Task | None = None
        self.place_task: Task | None = None
        self.groups: list[UnresolvedGroup] = []
        self._generation = 0  # of refresh(); an answer for an older one is dropped
        self.status = QLabel()
        self.status.setObjectName("unresolvedStatus")
        self.status.setWordWrap(True)
        self.model = UnresolvedModel(self)
        self.model.load_forms = self._load_forms
        self.view = QTreeView()
        self.view.setObjectName("unresolvedCitations")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.header().setStretchLastSection(True)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.view)

    def refresh(self) -> Task:
        """Count and list the missing documents again (worker thread), show them as soon as they
        are listed, then fill in their citing documents (the task is done then)."""
        library = self.library
        if self.task is not None:
            self.task.cancel()
        self._generation += 1
        generation = self._generation

        def work(progress, abort):
            progress(unresolved_groups(library, count_documents=False))
            return None if abort() else citing_documents(library)

        def listed(groups: list[UnresolvedGroup]) -> None:
            if generation == self._generation:
                self.show_groups(groups)

        def counted(documents: dict[str, int] | None) -> None:
            if generation == self._generation and documents is not None:
                self.model.set_documents(documents)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.status.setText("")
                show_error(self, error)

        self.status.setText(_("Loading…"))
        self.task = run_task(work, on_done=counted, on_error=failed, on_progress=listed, owner=self)
        return self.task

    def show_groups(self, groups: list[UnresolvedGroup]) -> None:
        """Show ``groups`` (one model reset)."""
        self.groups = groups
        self.model.set_groups(groups)
        self._fit_columns()
        citations = sum(g.citations for g in groups)
        if groups:
            self.status.setText(
                ngettext("{n} document cited in the library is missing from it",
                         "{n} documents cited in the library are missing from it", len(groups)).format(
                    n=format_number(len(groups)))
                + " · " + ngettext("{n} citation", "{n} citations", citations).format(n=format_number(citations)))
        else:
            self.status.setText(_("Every citation resolves to a document in the library."))

    def release(self) -> None:
        """Forget the list (the panel is hidden; :meth:`refresh` reads it again when it shows), and
        drop the answer of a refresh still running."""
        if self.task is not None:
            self.task.cancel()
        self._generation += 1  # what a refresh still running answers is dropped
        self.groups = []
        self.model.set_groups([])
        self.status.setText("")

    def _fit_columns(self) -> None:
        """Size the three first columns to their header and the rows shown, from font metrics
        (``resizeColumnToContents`` asks the model for every role of every row: 0.1 s)."""
        metrics = self.view.fontMetrics()
        header = self.view.header()
        pad = 3 * metrics.averageCharWidth()  # the cell's margins
        shown = self.model.groups[:self.model.shown]
        number = metrics.horizontalAdvance(self.model.number_text(max((g.citations for g in shown), default=0)))
        widest = [max((metrics.horizontalAdvance(g.symbol) for g in shown), default=0) + self.view.indentation(),
                  number, number]  # a symbol has no more citing documents than citations
        for column, width in enumerate(widest):
            self.view.setColumnWidth(column, max(header.sectionSizeHint(column), width + pad))

    def _load_forms(self, generation: int, row: int, symbol: str) -> None:
        """Fetch the language forms of ``symbol`` (group ``row``) off the GUI thread (the model asks)."""
        library = self.library

        def work(progress, abort):
            return unresolved_forms(library, symbol)

        def failed(error: BaseException) -> None:
            if generation == self.model.generation:
                self.model.pending.discard(row)  # opening the row again asks again
            show_error(self, error)

        self.forms_task = run_task(work, on_done=lambda forms: self.model.add_forms(generation, row, forms),
                                   on_error=failed, owner=self)

    def _activated(self, index) -> None:
        paragraph_id = index.data(PARAGRAPH_ROLE) if index.isValid() else None
        if paragraph_id is None:
            return
        library = self.library

        def work(progress, abort):
            return paragraph_place(library, paragraph_id)

        self.place_task = run_task(work, on_done=lambda place: self.open_requested.emit(*place),
                                   on_error=lambda error: show_error(self, error), owner=self)
