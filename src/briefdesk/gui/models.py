"""Item models of the window: the library tree and the search hits.

* :class:`LibraryModel` — documents grouped by canonical body, then session, one
  row per document whatever languages it is held in; columns symbol, date,
  title, languages held (badges).  :class:`LibrarySortProxy` sorts it by
  symbol (natural order: ``75/9`` before ``75/10``), date or title.
* :class:`HitModel` — an optional "Go to …" row for a typed citation, then
  one row per search hit: symbol, paragraph number, paragraph kind, snippet
  (plain text for display, HTML with the hits highlighted under
  :data:`HTML_ROLE`, drawn by :class:`~.delegates.RichTextDelegate`).
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.bodies import body_label
from ..core.i18n import _, format_date, format_date_range, format_number, isolate, ngettext
from ..core.languages import language_label, sort_languages
from .packs.mime import EXCERPT_MIME, ExcerptRef, excerpt_mime_data
from .palette import theme
from .qt import (
    QAbstractTableModel,
    QFont,
    QModelIndex,
    QSortFilterProxyModel,
    QStandardItem,
    QStandardItemModel,
    Qt,
)
from .tasks import long_lived

if TYPE_CHECKING:  # imported where used: the main window is painted before SQLAlchemy is loaded
    from ..core.library import DocumentSummary, Library, WorkSummary
    from ..core.search import Hit

#: Role holding a document id on document rows (None on group rows).
DOCUMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Role holding the key the proxy sorts by.
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: Role holding the rich-text (HTML) form of a cell.
HTML_ROLE = Qt.ItemDataRole.UserRole + 3
#: Role holding the :class:`Hit` of a row.
HIT_ROLE = Qt.ItemDataRole.UserRole + 4
#: Role holding the landing (a typed citation's target) of the search results' first row.
LANDING_ROLE = Qt.ItemDataRole.UserRole + 5
#: Role holding, on document rows, the document's language versions: ``{language: document id}``.
VERSIONS_ROLE = Qt.ItemDataRole.UserRole + 6
#: Role holding the :class:`~briefdesk.core.search.SimilarHit` of a row of the similar-paragraphs panel.
SIMILAR_ROLE = Qt.ItemDataRole.UserRole + 10


def natural_key(text: str | None) -> str:
    """Sort key comparing digit runs as numbers: ``XII/6`` < ``XII/10``, ``75/9`` < ``75/10``.

    A string (case-folded, each digit run zero-padded to 12 places), so Qt
    compares keys in C++ without calling back into Python: sorting a tree
    of tens of thousands of documents stays well under a frame.
    """
    return _DIGITS.sub(lambda m: m.group().zfill(12), (text or "").casefold())


_DIGITS = re.compile(r"\d+")


@dataclass
class LibraryRows:
    """Library tree items built by :meth:`LibraryModel.build_rows` (on any thread), for
    :meth:`LibraryModel.set_documents`.  ``len()`` is the number of documents (every language
    version); ``works`` are the tree's document rows (one per document, all its languages)."""

    summaries: list[DocumentSummary]
    bodies: list[list[QStandardItem]]
    groups: list[QStandardItem]
    works: list[WorkSummary] = field(default_factory=list)
    rows: dict[int, QStandardItem] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.summaries)


def language_badges(languages) -> str:
    """The languages a document is held in, compactly: ``"ar en es fr ru zh"``
    (:func:`~briefdesk.core.languages.sort_languages`)."""
    return " ".join(sort_languages(languages))


class LibraryModel(QStandardItemModel):
    """Canonical body → session → one row per document (issue 14): the language versions of a
    document are one row, opened in the first preferred language held
    (:func:`~briefdesk.core.languages.preferred_languages`), with the languages held as badges
    in the last column.  Rebuilt by :meth:`set_documents`."""

    COLUMNS = ("symbol", "date", "title", "languages")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._set_headers()
        self.documents: list[DocumentSummary] = []
        self.works: list[WorkSummary] = []
        #: document id (any language version) → the column-0 item of its row
        self._rows: dict[int, QStandardItem] = {}

    def _set_headers(self) -> None:
        self.setHorizontalHeaderLabels([_("Symbol"), _("Date"), _("Title"), _("Languages")])

    @classmethod
    def build_rows(cls, summaries: list[DocumentSummary], *,
                   preferred: list[str] | None = None) -> LibraryRows:
        """The tree's items for ``summaries``, grouped into documents (:func:`group_works`: one row
        per document, shown in the first of ``preferred`` held), canonical bodies named in the
        interface language and sessions, not yet in any model.

        Safe on a worker thread (items are plain data; no font, no model):
        the window builds them there, so adopting tens of thousands of
        documents with :meth:`set_documents` costs the GUI thread one
        insertion per body.
        """
        from ..core.library import group_works

        works = group_works(list(summaries), preferred=preferred)
        bodies: dict[str, list[QStandardItem]] = {}
        sessions: dict[tuple[str, str], QStandardItem] = {}
        groups: list[QStandardItem] = []
        rows: dict[int, QStandardItem] = {}
        when = functools.lru_cache(maxsize=None)(_when)
        for w in works:
            s = w.version
            if w.body_code not in bodies:
                bodies[w.body_code] = cls._group_row(body_label(w.body_code) or _("(no body)"))
                groups.append(bodies[w.body_code][0])
            key = (w.body_code, w.session_key)
            if key not in sessions:
                row = cls._group_row(w.session or _("(no session)"))
                bodies[w.body_code][0].appendRow(row)
                sessions[key] = row[0]
                groups.append(row[0])
            cells = cls._document_row(s, when(s.date, s.start_date, s.end_date), w)
            sessions[key].appendRow(cells)
            for doc_id in w.versions.values():
                rows[doc_id] = cells[0]
        return LibraryRows(list(summaries), list(bodies.values()), groups, works, rows)

    @classmethod
    def load(cls, library: Library) -> LibraryRows:
        """Read the library's documents and build the tree's items (:meth:`build_rows`), on a
        worker thread, without cyclic-GC pauses (:func:`.tasks.long_lived`)."""
        with long_lived():
            return cls.build_rows(library.summaries())

    def set_documents(self, summaries: list[DocumentSummary] | LibraryRows) -> None:
        """Replace the rows with ``summaries`` grouped by body and session (or with rows
        :meth:`build_rows` made beforehand, which the model then owns)."""
        rows = summaries if isinstance(summaries, LibraryRows) else self.build_rows(summaries)
        self.clear()  # one reset: removeRows took 0.4 s for 21,000 documents, clear() 0.02 s
        self._set_headers()
        self.documents = rows.summaries
        self.works = rows.works
        self._rows = rows.rows
        bold = QFont()
        bold.setBold(True)
        for item in rows.groups:
            item.setFont(bold)
        for row in rows.bodies:
            self.invisibleRootItem().appendRow(row)

    @classmethod
    def _group_row(cls, label: str) -> list[QStandardItem]:
        key = natural_key(label)
        items = []
        for text in [label] + [""] * (len(cls.COLUMNS) - 1):
            item = QStandardItem(text)
            item.setEditable(False)
            item.setData(key, SORT_ROLE)
            items.append(item)
        items[0].setToolTip(label)  # a long body or session name, whole
        return items

    @staticmethod
    def _document_row(s: DocumentSummary, when: str, work: WorkSummary | None = None) -> list[QStandardItem]:
        symbol = s.symbol or f"#{s.id}"
        languages = work.languages if work is not None else [s.language]
        versions = dict(work.versions) if work is not None else {s.language: s.id}
        dated = s.date or s.start_date or s.end_date
        cells = [
            (symbol, natural_key(symbol)),
            (when, dated.isoformat() if dated else ""),
            (s.title, s.title.casefold()),
            (language_badges(languages), " ".join(languages)),
        ]
        items = []
        for text, key in cells:
            item = QStandardItem(text)
            item.setEditable(False)
            item.setData(key, SORT_ROLE)
            item.setData(s.id, DOCUMENT_ID_ROLE)
            item.setData(versions, VERSIONS_ROLE)
            item.setToolTip(f"{symbol} — {s.title}" if s.title else symbol)  # a cut symbol or title, whole
            items.append(item)
        items[-1].setToolTip(_("Held in: {languages}. Shown in: {language}.").format(
            languages=", ".join(language_label(c) for c in languages), language=language_label(s.language)))
        return items

    def index_of_document(self, document_id: int) -> QModelIndex:
        """The index (column 0) of the row showing ``document_id`` (any of its language versions),
        or an invalid index."""
        item = self._rows.get(document_id)
        if item is not None and item.model() is self:
            return item.index()
        matches = self.match(self.index(0, 0), DOCUMENT_ID_ROLE, document_id, 1,
                             Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return matches[0] if matches else QModelIndex()

    def document_ids(self) -> list[int]:
        """Ids of every document in the tree, every language version of each row, in model order."""
        ids = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.rowCount(parent)):
                index = self.index(row, 0, parent)
                doc_id = index.data(DOCUMENT_ID_ROLE)
                if doc_id is not None:
                    versions = index.data(VERSIONS_ROLE) or {}
                    ids.extend([doc_id] + sorted(v for v in versions.values() if v != doc_id))
                walk(index)

        walk(QModelIndex())
        return ids


def _when(date, start, end) -> str:
    """The date column of a document row: its date, else its meeting's dates, through Babel for the
    interface locale and wrapped in Unicode isolates (:func:`~briefdesk.core.i18n.isolate`), so an
    Arabic ``07/12/2020`` (with right-to-left marks after day and month) keeps its order in
    the tree instead of reading ``072020/12/``."""
    return isolate(format_date(date, format="medium") if date else format_date_range(start, end))


class LibrarySortProxy(QSortFilterProxyModel):
    """Sorts the library tree by the :data:`SORT_ROLE` key of the clicked column.

    Every key is a string (:func:`natural_key`, ISO dates, case-folded
    titles), compared by Qt itself.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)


def paragraph_kind_label(kind: str | None) -> str:
    """The translated name of a paragraph kind value (``"operative"`` → ``operative``)."""
    labels = {"heading": _("heading"), "body": _("body"), "preambular": _("preambular"),
              "operative": _("operative")}
    return labels.get(kind or "", kind or "")


def spans_html(text: str, spans, *, clipped_start: bool = False, clipped_end: bool = False) -> str:
    """``text`` as HTML with every ``(start, end)`` span (code-point offsets) highlighted.

    The spans are applied to the Python string before escaping, so offsets
    never meet Qt's UTF-16 indices: a Chinese or astral-plane character is
    never cut in half.  Overlapping or out-of-range spans are clipped.
    """
    out, pos = [], 0
    for start, end in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if end <= start:
            continue
        out += [html.escape(text[pos:start]),
                f'<span style="background-color:{theme().hit}; font-weight:bold">',
                html.escape(text[start:end]), "</span>"]
        pos = end
    out.append(html.escape(text[pos:]))
    return ("…" if clipped_start else "") + "".join(out) + ("…" if clipped_end else "")


def snippet_html(hit: Hit) -> str:
    """The hit's snippet as HTML with every matched span highlighted (bold on yellow)."""
    s = hit.snippet
    return spans_html(s.text, s.spans, clipped_start=s.clipped_start, clipped_end=s.clipped_end)


class RowsModel(QAbstractTableModel):
    """A flat table: one row per item of :attr:`hits`, columns named by :attr:`_headers` (set by
    the subclass, which answers :meth:`data`).  The similar-paragraph and agreed-language
    panels use it."""

    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self.hits: list = []
        self._headers = headers

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802,B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802,B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


class HitModel(QAbstractTableModel):
    """Search results: an optional landing row (a typed citation), then one row per hit.

    Columns: document symbol and language, paragraph number, paragraph kind,
    snippet (plain text for display, HTML with the hits highlighted under
    :data:`HTML_ROLE`).  Row 0 is the landing when :attr:`landing` is set:
    its :data:`LANDING_ROLE` holds the landing, its :data:`HIT_ROLE` None.
    """

    SNIPPET_COLUMN = 3

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self.landing = None
        self._headers = [_("Document"), _("Para."), _("Kind"), _("Text")]
        #: document id → how many of its paragraphs match (shown under the symbol; the results page sets it)
        self.document_counts: dict[int, int] = {}

    def set_document_counts(self, counts: dict[int, int]) -> None:
        """Say under each hit's symbol how many paragraphs of its document match."""
        self.document_counts = dict(counts)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))

    def set_results(self, hits: list[Hit], landing=None) -> None:
        """Replace every row: ``landing`` (or None) first, then ``hits``."""
        self.beginResetModel()
        self.hits = list(hits)
        self.landing = landing
        self.endResetModel()

    def set_hits(self, hits: list[Hit]) -> None:
        """Replace the rows with ``hits`` and no landing."""
        self.set_results(hits, None)

    def append_hits(self, hits: list[Hit]) -> None:
        """Add ``hits`` after the rows already there (the next page)."""
        known = {h.paragraph_id for h in self.hits}
        fresh = [h for h in hits if h.paragraph_id not in known]
        if not fresh:
            return
        first = self.rowCount()
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self.hits.extend(fresh)
        self.endInsertRows()

    @property
    def offset(self) -> int:
        """Rows before the first hit (1 with a landing row, else 0)."""
        return 1 if self.landing is not None else 0

    def hit_at(self, row: int) -> Hit | None:
        """The hit shown in ``row`` (None for the landing row or a row out of range)."""
        i = row - self.offset
        return self.hits[i] if 0 <= i < len(self.hits) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802,B008
        return 0 if parent.isValid() else len(self.hits) + self.offset

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802,B008
        return 0 if parent.isValid() else 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: QModelIndex):
        """Hit rows are selectable and drag out as excerpt references (into a briefing pack);
        the landing row is selectable only."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.hit_at(index.row()) is None:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
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
        hits = [self.hit_at(r) for r in rows]
        return excerpt_mime_data([self.excerpt_ref(h) for h in hits if h is not None])

    def _landing_data(self, column: int, role):
        landing = self.landing
        if role == LANDING_ROLE:
            return landing
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return _("Go to {place}").format(place=landing.label)
            if column == self.SNIPPET_COLUMN:
                return _("Press Enter to open the cited paragraph.")
            return ""
        if role == HTML_ROLE and column == self.SNIPPET_COLUMN:
            return "<i>{}</i>".format(html.escape(_("Press Enter to open the cited paragraph.")))
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Go to {place}").format(place=landing.label)
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = index.column()
        if self.landing is not None and index.row() == 0:
            return self._landing_data(column, role)
        hit = self.hit_at(index.row())
        if hit is None:
            return None
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                label = f"{hit.symbol or '#' + str(hit.document_id)} [{hit.language}]"
                n = self.document_counts.get(hit.document_id)
                if n:
                    label += "\n" + ngettext("{n} matching paragraph", "{n} matching paragraphs", n).format(n=format_number(n))
                return label
            if column == 1:
                return hit.paragraph_number or "—"
            if column == 2:
                return paragraph_kind_label(hit.paragraph_kind)
            return hit.snippet.marked("", "", "…")
        if role == HTML_ROLE and column == self.SNIPPET_COLUMN:
            return snippet_html(hit)
        if role == Qt.ItemDataRole.ToolTipRole:
            symbol = hit.symbol or f"#{hit.document_id}"
            return f"{symbol} — {hit.title}" if hit.title else symbol
        return None
