"""Item models of the window: the library tree and the search hits.

* :class:`LibraryModel` — documents grouped by body, then session; columns
  symbol, date, title, language.  :class:`LibrarySortProxy` sorts it by
  symbol (natural order: ``75/9`` before ``75/10``), date or title.
* :class:`HitModel` — one row per search hit: symbol, paragraph number,
  snippet (plain text for display, HTML with the hits in bold under
  :data:`HTML_ROLE`, drawn by :class:`~.delegates.RichTextDelegate`).
"""

from __future__ import annotations

import html
import re

from ..core.i18n import _, format_date, format_date_range
from ..core.library import DocumentSummary
from ..core.search import Hit
from .packs.mime import EXCERPT_MIME, ExcerptRef, excerpt_mime_data
from .qt import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, QStandardItem, QStandardItemModel, Qt

#: Role holding a document id on document rows (None on group rows).
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Role holding the key the proxy sorts by.
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: Role holding the rich-text (HTML) form of a cell.
HTML_ROLE = Qt.ItemDataRole.UserRole + 3
#: Role holding the :class:`Hit` of a row.
HIT_ROLE = Qt.ItemDataRole.UserRole + 4


def natural_key(text: str | None) -> tuple:
    """Sort key comparing digit runs as numbers: ``XII/6`` < ``XII/10``, ``75/9`` < ``75/10``."""
    parts = re.split(r"(\d+)", (text or "").casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


class LibraryModel(QStandardItemModel):
    """Body → session → document rows, rebuilt by :meth:`set_documents`."""

    COLUMNS = ("symbol", "date", "title", "language")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels([_("Symbol"), _("Date"), _("Title"), _("Lang.")])
        self.documents: list[DocumentSummary] = []

    def set_documents(self, summaries: list[DocumentSummary]) -> None:
        """Replace the rows with ``summaries`` grouped by body and session."""
        self.removeRows(0, self.rowCount())
        self.documents = list(summaries)
        bodies: dict[str, QStandardItem] = {}
        sessions: dict[tuple[str, str], QStandardItem] = {}
        for s in self.documents:
            body_name = s.body or _("(no body)")
            if body_name not in bodies:
                bodies[body_name] = self._group_row(self.invisibleRootItem(), body_name)
            key = (body_name, s.session)
            if key not in sessions:
                sessions[key] = self._group_row(bodies[body_name], s.session or _("(no session)"))
            sessions[key].appendRow(self._document_row(s))

    def _group_row(self, parent: QStandardItem, label: str) -> QStandardItem:
        item = QStandardItem(label)
        item.setEditable(False)
        item.setData(natural_key(label), SORT_ROLE)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        rest = []
        for _col in range(1, len(self.COLUMNS)):
            blank = QStandardItem("")
            blank.setEditable(False)
            blank.setData(natural_key(label), SORT_ROLE)
            rest.append(blank)
        parent.appendRow([item, *rest])
        return item

    @staticmethod
    def _document_row(s: DocumentSummary) -> list[QStandardItem]:
        when = format_date(s.date, format="medium") if s.date else format_date_range(s.start_date, s.end_date)
        symbol = s.symbol or f"#{s.id}"
        cells = [
            (symbol, natural_key(symbol)),
            (when, (s.date or s.start_date or s.end_date).isoformat() if (s.date or s.start_date or s.end_date) else ""),
            (s.title, s.title.casefold()),
            (s.language, s.language),
        ]
        items = []
        for text, key in cells:
            item = QStandardItem(text)
            item.setEditable(False)
            item.setData(key, SORT_ROLE)
            item.setData(s.id, DOCUMENT_ID_ROLE)
            item.setToolTip(s.title)
            items.append(item)
        return items

    def index_of_document(self, document_id: int) -> QModelIndex:
        """The index (column 0) of the document row with ``document_id``, or an invalid index."""
        matches = self.match(self.index(0, 0), DOCUMENT_ID_ROLE, document_id, 1,
                             Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return matches[0] if matches else QModelIndex()

    def document_ids(self) -> list[int]:
        """Ids of every document row, in model order."""
        ids = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.rowCount(parent)):
                index = self.index(row, 0, parent)
                doc_id = index.data(DOCUMENT_ID_ROLE)
                if doc_id is not None:
                    ids.append(doc_id)
                walk(index)

        walk(QModelIndex())
        return ids


class LibrarySortProxy(QSortFilterProxyModel):
    """Sorts the library tree by the :data:`SORT_ROLE` key of the clicked column."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802 - Qt override
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return super().lessThan(left, right)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


def snippet_html(hit: Hit) -> str:
    """The hit's snippet as HTML with every matched span in bold."""
    s = hit.snippet
    out, pos = [], 0
    for start, end in s.spans:
        out += [html.escape(s.text[pos:start]), "<b>", html.escape(s.text[start:end]), "</b>"]
        pos = end
    out.append(html.escape(s.text[pos:]))
    return ("…" if s.clipped_start else "") + "".join(out) + ("…" if s.clipped_end else "")


class HitModel(QAbstractTableModel):
    """Search hits: columns document symbol, paragraph number, snippet."""

    SNIPPET_COLUMN = 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self._headers = [_("Document"), _("Para."), _("Text")]

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802,B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802,B008
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: QModelIndex):
        """Rows are selectable and drag out as excerpt references (into a briefing pack)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [EXCERPT_MIME, "text/plain"]

    @staticmethod
    def excerpt_ref(hit: Hit) -> ExcerptRef:
        """The excerpt reference of one hit: its paragraph."""
        return ExcerptRef(hit.document_id, "paragraphs", (hit.position,), (hit.paragraph_id,),
                          symbol=hit.symbol, text=hit.snippet.marked("", "", "…"))

    def mimeData(self, indexes):  # noqa: N802 - Qt override
        """The hits of ``indexes`` (one per row) as :data:`EXCERPT_MIME` and plain text."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return excerpt_mime_data([self.excerpt_ref(self.hits[r]) for r in rows])

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        column = index.column()
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{hit.symbol or '#' + str(hit.document_id)} [{hit.language}]"
            if column == 1:
                return hit.paragraph_number or "—"
            return hit.snippet.marked("", "", "…")
        if role == HTML_ROLE and column == self.SNIPPET_COLUMN:
            return snippet_html(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.title
        return None
