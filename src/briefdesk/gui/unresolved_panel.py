"""View › Unresolved Citations: the documents the library cites but does not hold.

One row per missing document (its symbol as cited, how many citations and citing
documents), the most cited first; inside it, one row per language it is cited in, with
the citation as printed there.  Activating a row opens the first citing paragraph
(``open_requested(document_id, position)``).

Everything is read off the GUI thread (:func:`.tasks.run_task`), in SQL
(:mod:`.core.unresolved`): the list is one aggregate query grouped by symbol, shown by
one model reset; the language forms of a missing document are asked for when its row is
expanded (the model's ``canFetchMore``/``fetchMore``), and the place of a citing
paragraph when a row is activated.  So opening the view on the corpus library (6,641
missing documents, 92,000 citations) reads 6,641 small rows, not 36,000 forms or
92,000 citations (``bench/unresolved.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from ..core.i18n import N_, _, format_number, ngettext
from ..core.unresolved import UnresolvedForm, UnresolvedGroup, paragraph_place, unresolved_forms, unresolved_groups
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


class UnresolvedModel(QAbstractItemModel):
    """Missing documents (top rows) and their language forms (child rows), read straight from
    the :class:`UnresolvedGroup` list: no item objects.  A group's forms are fetched when
    the view expands it: :meth:`fetchMore` calls ``load_forms(generation, row, symbol)``
    (set by the panel), whose answer comes back through :meth:`add_forms`; an answer for
    an older list (another :meth:`set_groups` since) is dropped."""

    HEADERS = (N_("Missing document"), N_("Citations"), N_("Citing documents"), N_("Cited as"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.groups: list[UnresolvedGroup] = []
        self.forms: dict[int, list[UnresolvedForm]] = {}  # group row → its forms, once fetched
        self.pending: set[int] = set()  # group rows whose forms are being fetched
        self.generation = 0
        self.load_forms: Callable[[int, int, str], None] | None = None
        self._languages: dict[str, str] = {}

    def set_groups(self, groups: list[UnresolvedGroup]) -> None:
        """Show ``groups``, forgetting the forms fetched for the previous list (one model reset)."""
        self.beginResetModel()
        self.generation += 1
        self.groups = groups
        self.forms = {}
        self.pending = set()
        self.endResetModel()

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
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index=QModelIndex()):  # noqa: B008
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def _is_group(self, parent) -> bool:
        return parent.isValid() and parent.internalId() == _TOP and parent.column() == 0

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        if not parent.isValid():
            return len(self.groups)
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
        return (self._is_group(parent) and parent.row() not in self.forms and parent.row() not in self.pending
                and self.load_forms is not None)

    def fetchMore(self, parent) -> None:  # noqa: N802 - Qt override
        if self.canFetchMore(parent):
            row = parent.row()
            self.pending.add(row)
            self.load_forms(self.generation, row, self.groups[row].symbol)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

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
                return (group.symbol, format_number(group.citations), format_number(group.documents), "")[column]
            if role == PARAGRAPH_ROLE:
                return group.paragraph_id
        else:
            form = self.forms[index.internalId() - 1][index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return (self._language(form.language), format_number(form.citations),
                        format_number(form.documents), form.text)[column]
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
        self.view.header().setResizeContentsPrecision(200)  # widths from the first rows, not all 6,000
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.view)

    def refresh(self) -> Task:
        """Count and list the missing documents again (worker thread), then show them."""
        library = self.library

        def work(progress, abort):
            return unresolved_groups(library)

        def done(groups) -> None:
            self.show_groups(groups)

        self.status.setText(_("Loading…"))
        self.task = run_task(work, on_done=done, on_error=self._failed, owner=self)
        return self.task

    def _failed(self, error: BaseException) -> None:
        self.status.setText("")
        show_error(self, error)

    def show_groups(self, groups: list[UnresolvedGroup]) -> None:
        """Show ``groups`` (one model reset)."""
        self.groups = groups
        self.model.set_groups(groups)
        for column in range(3):
            self.view.resizeColumnToContents(column)
        citations = sum(g.citations for g in groups)
        if groups:
            self.status.setText(
                ngettext("{n} document cited in the library is missing from it",
                         "{n} documents cited in the library are missing from it", len(groups)).format(
                    n=format_number(len(groups)))
                + " · " + ngettext("{n} citation", "{n} citations", citations).format(n=format_number(citations)))
        else:
            self.status.setText(_("Every citation resolves to a document in the library."))

    def _load_forms(self, generation: int, row: int, symbol: str) -> None:
        """Fetch the language forms of ``symbol`` (group ``row``) off the GUI thread (the model asks)."""
        library = self.library

        def work(progress, abort):
            return unresolved_forms(library, symbol)

        def failed(error: BaseException) -> None:
            self.model.pending.discard(row)
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
