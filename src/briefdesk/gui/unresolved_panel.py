"""View › Unresolved Citations: the documents the library cites but does not hold.

One row per missing document (its symbol as cited, how many citations and citing
documents), the most cited first; inside it, one row per language it is cited in, with
the citation as printed there.  Activating a row opens the first citing paragraph
(``open_requested(document_id, position)``).  The counts come from
:func:`.core.unresolved.unresolved_groups` (aggregated in SQL) and the rows are built
on a worker thread (:func:`.tasks.run_task`); the GUI thread only adopts them.
"""

from __future__ import annotations

from ..core.i18n import _, format_number, ngettext
from ..core.unresolved import UnresolvedGroup, unresolved_groups
from .errors import show_error
from .qt import (
    QAbstractItemView,
    QLabel,
    QStandardItem,
    QStandardItemModel,
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


def build_rows(groups: list[UnresolvedGroup]) -> list[list[QStandardItem]]:
    """The view's rows for ``groups`` (any thread: the items belong to no model yet)."""
    rows = []
    for group in groups:
        cells = [QStandardItem(group.symbol), QStandardItem(format_number(group.citations)),
                 QStandardItem(format_number(group.documents)),
                 QStandardItem(", ".join(f.language for f in group.forms))]
        first = min(group.forms, key=lambda f: (f.document_id, f.position))
        for form in group.forms:
            child = [QStandardItem(language_name(form.language) if form.language else _("(no language)")),
                     QStandardItem(format_number(form.citations)), QStandardItem(format_number(form.documents)),
                     QStandardItem(form.text)]
            for item in child:
                item.setEditable(False)
                item.setData((form.document_id, form.position), PLACE_ROLE)
            cells[0].appendRow(child)
        for item in cells:
            item.setEditable(False)
            item.setData((first.document_id, first.position), PLACE_ROLE)
        for item in cells[1:3]:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        rows.append(cells)
    return rows


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
        self.model = QStandardItemModel(0, 4, self)
        self._set_headers()
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

    def _set_headers(self) -> None:
        self.model.setHorizontalHeaderLabels(
            [_("Missing document"), _("Citations"), _("Citing documents"), _("Cited as")])

    def refresh(self) -> Task:
        """Count and list the missing documents again (worker thread), then show them."""
        library = self.library

        def work(progress, abort):
            groups = unresolved_groups(library)
            return groups, build_rows(groups)

        def done(result) -> None:
            self.show_groups(*result)

        def failed(error: BaseException) -> None:
            self.status.setText("")
            show_error(self, error)

        self.status.setText(_("Loading…"))
        self.task = run_task(work, on_done=done, on_error=failed)
        return self.task

    def show_groups(self, groups: list[UnresolvedGroup], rows: list[list[QStandardItem]] | None = None) -> None:
        """Show ``groups`` (with rows :func:`build_rows` made beforehand, which the model then owns)."""
        self.groups = groups
        self.model.clear()  # one reset, then one insertion of every row
        self._set_headers()
        root = self.model.invisibleRootItem()
        for row in rows if rows is not None else build_rows(groups):
            root.appendRow(row)
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
        place = index.siblingAtColumn(0).data(PLACE_ROLE) if index.isValid() else None
        if place:
            self.open_requested.emit(place[0], place[1])
