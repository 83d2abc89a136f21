"""View › Unresolved Citations: the documents the library cites but does not hold.

One row per missing document (its symbol as cited, how many citations and citing
documents), the most cited first; inside it, one row per language it is cited in, with
the citation as printed there.  Activating a row opens the first citing paragraph
(``open_requested(document_id, position)``).  The counts come from
:func:`.core.unresolved.unresolved_groups` (aggregated in SQL) on a worker thread
(:func:`.tasks.run_task`); the view reads them through a model of its own, so showing
them is one model reset on the GUI thread.
"""

from __future__ import annotations

from ..core.i18n import N_, _, format_number, ngettext
from ..core.unresolved import UnresolvedGroup, unresolved_groups
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

#: Role holding ``(document_id, position)`` of the first citing paragraph of a row.
PLACE_ROLE = Qt.ItemDataRole.UserRole + 31

_TOP = 0  # internal id of a missing document's row; a form's row holds its group's index + 1


class UnresolvedModel(QAbstractItemModel):
    """Missing documents (top rows) and their language forms (child rows), read straight from
    the :class:`UnresolvedGroup` list: no item objects, so 6,500 documents and 36,000 forms
    (the whole corpus) cost a list, not 170 MB of items, and show at once."""

    HEADERS = (N_("Missing document"), N_("Citations"), N_("Citing documents"), N_("Cited as"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.groups: list[UnresolvedGroup] = []
        self._languages: dict[str, str] = {}

    def set_groups(self, groups: list[UnresolvedGroup]) -> None:
        self.beginResetModel()
        self.groups = groups
        self.endResetModel()

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

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self.groups[parent.row()].forms)
        return 0

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
                return (group.symbol, format_number(group.citations), format_number(group.documents),
                        ", ".join(f.language for f in group.forms))[column]
            if role == PLACE_ROLE:
                first = min(group.forms, key=lambda f: (f.document_id, f.position))
                return (first.document_id, first.position)
        else:
            form = self.groups[index.internalId() - 1].forms[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return (self._language(form.language), format_number(form.citations),
                        format_number(form.documents), form.text)[column]
            if role == PLACE_ROLE:
                return (form.document_id, form.position)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class UnresolvedPanel(QWidget):
    """The list of missing documents; :meth:`refresh` reloads it off the GUI thread."""

    open_requested = Signal(int, int)  # document id, paragraph position

    def __init__(self, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.task: Task | None = None
        self.groups: list[UnresolvedGroup] = []
        self.status = QLabel()
        self.status.setObjectName("unresolvedStatus")
        self.status.setWordWrap(True)
        self.model = UnresolvedModel(self)
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
        """Count and list the missing documents again (worker thread), then show them."""
        library = self.library

        def work(progress, abort):
            return unresolved_groups(library)

        def done(groups) -> None:
            self.show_groups(groups)

        def failed(error: BaseException) -> None:
            self.status.setText("")
            show_error(self, error)

        self.status.setText(_("Loading…"))
        self.task = run_task(work, on_done=done, on_error=failed, owner=self)
        return self.task

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

    def _activated(self, index) -> None:
        place = index.data(PLACE_ROLE) if index.isValid() else None
        if place:
            self.open_requested.emit(place[0], place[1])
