"""The search panel: search as you type, filters, paging, and landing on a typed citation.

:class:`SearchPanel` owns the search box (the main window puts it in its
toolbar), a :class:`FilterBar`, a status line, the results table and a
"Load more" button.  Typing restarts a single-shot :class:`QTimer`
(:data:`DEBOUNCE_MS`); when it fires, :meth:`SearchPanel.run_search` sends
``Library.land(text)`` and ``Library.search(text, filters=…, limit=…,
offset=0)`` to a worker through :func:`.tasks.run_task`.  Each search takes
a new *generation* number and a result is shown only if its generation is
still the newest, so a slow old query never overwrites a newer one and the
GUI thread never waits for the database.

A typed citation (``XII/6 21``, ``第XII/6号决定第21段``, ``A/RES/75/100 4``)
that lands shows as the first row, "Go to XII/6 ¶21"; Enter in the box (or
activating that row) asks the window to open the document at that
paragraph through :attr:`SearchPanel.open_requested`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.bodies import body_label
from ..core.errors import SearchError
from ..core.i18n import _, format_number, ngettext
from .delegates import results_table
from .docview import kind_label
from .errors import error_message
from .models import HIT_ROLE, LANDING_ROLE, HitModel, paragraph_kind_label
from .qt import (
    QComboBox,
    QDate,
    QDateEdit,
    QEvent,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QModelIndex,
    QObject,
    QPushButton,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .tasks import Task, run_task

if TYPE_CHECKING:  # imported where used: the main window is painted before SQLAlchemy is loaded
    from ..core.library import Library
    from ..core.search import Hit, SearchFilters

log = logging.getLogger(__name__)

#: Milliseconds of quiet typing before a search starts.
DEBOUNCE_MS = 200
#: Hits fetched per page ("Load more" fetches the next page).
PAGE_SIZE = 50
#: The earliest date a date filter offers; a date edit at this value means "no limit".
NO_DATE = QDate(1945, 1, 1)


def language_name(code: str) -> str:
    """The language's own name for itself (``zh`` → ``中文``, ``fr`` → ``français``), CLDR via Babel;
    the code itself when Babel does not know it."""
    from babel import Locale  # here: the facets' names are read on a worker, after the first paint

    try:
        name = Locale.parse(code).get_display_name()
    except Exception:  # noqa: BLE001 - an unknown or empty code shows as typed
        return code
    return f"{name} ({code})" if name else code


@dataclass(frozen=True)
class SearchRequest:
    """One search as sent to the worker: what was typed, the filters, the page."""

    text: str
    filters: SearchFilters
    offset: int = 0


class FilterBar(QWidget):
    """Combo boxes for body, session, document kind, language and paragraph kind, and a date range.

    Filled by :meth:`set_facets` from ``Library.facets()``; :meth:`filters`
    gives the :class:`SearchFilters` they describe; :attr:`changed` fires
    whenever the user changes one.
    """

    changed = Signal()

    #: facet key → (filter field, label)
    FIELDS = (("body", "body"), ("session", "session"), ("kind", "kind"),
              ("language", "language"), ("paragraph_kind", "paragraph_kind"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchFilters")
        self.combos: dict[str, QComboBox] = {}
        self._language_names: dict[str, str] = {}
        anything = {"body": _("Any body"), "session": _("Any session"), "kind": _("Any kind"),
                    "language": _("Any language"), "paragraph_kind": _("Any paragraph")}
        tips = {"body": _("Body"), "session": _("Session"), "kind": _("Document kind"),
                "language": _("Language"), "paragraph_kind": _("Paragraph kind (preambular or operative)")}
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        for key, _field in self.FIELDS:
            combo = QComboBox(self)
            combo.setObjectName(f"filter_{key}")
            combo.addItem(anything[key], None)
            combo.setToolTip(tips[key])
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
            self.combos[key] = combo
        for key in ("body", "session", "kind"):
            top.addWidget(self.combos[key], 1)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        for key in ("language", "paragraph_kind"):
            bottom.addWidget(self.combos[key], 1)
        self.date_from = self._date_edit("filter_date_from", _("From"))
        self.date_to = self._date_edit("filter_date_to", _("To"))
        bottom.addWidget(self.date_from)
        bottom.addWidget(self.date_to)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(bottom)

    def _date_edit(self, name: str, label: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setMaximumDate(QDate(2100, 12, 31))
        edit.setSpecialValueText(_("{label}: any date").format(label=label))
        edit.setDate(NO_DATE)
        edit.setToolTip(_("{label} (meeting or adoption date)").format(label=label))
        edit.dateChanged.connect(lambda _date: self.changed.emit())
        edit.calendarWidget().installEventFilter(_CalendarOpensNow(edit))
        return edit

    def set_facets(self, facets: dict[str, list[str]], language_names: dict[str, str] | None = None) -> None:
        """Offer the values the library holds; a value already chosen stays chosen if still offered.
        ``language_names``: :func:`language_name` of the languages, when already known (the
        window reads them with the facets, on a worker: Babel loads a locale's data for each)."""
        self._language_names = language_names or {}
        for key, combo in self.combos.items():
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in facets.get(key, []):
                if value in (None, ""):
                    continue
                combo.addItem(self._label(key, value), value)
            index = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
            if chosen is not None and index < 0:
                self.changed.emit()

    def _label(self, key: str, value: str) -> str:
        if key == "language":
            return self._language_names.get(value) or language_name(value)
        if key == "kind":
            return kind_label(value)
        if key == "paragraph_kind":
            return paragraph_kind_label(value)
        if key == "body":
            return body_label(value)  # canonical: named in the interface language
        return value

    def set_value(self, key: str, value: str | None) -> None:
        """Choose ``value`` in the combo for facet ``key`` (None: any). Raises KeyError for an unknown key
        and ValueError when the value is not offered."""
        combo = self.combos[key]
        index = 0 if value is None else combo.findData(value)
        if index < 0:
            raise ValueError(value)
        combo.setCurrentIndex(index)

    def set_dates(self, start: dt.date | None, end: dt.date | None) -> None:
        """Limit the search to documents dated from ``start`` to ``end`` (either None: open)."""
        self.date_from.setDate(QDate(start.year, start.month, start.day) if start else NO_DATE)
        self.date_to.setDate(QDate(end.year, end.month, end.day) if end else NO_DATE)

    @staticmethod
    def _date(edit: QDateEdit) -> dt.date | None:
        return None if edit.date() == NO_DATE else edit.date().toPython()

    def filters(self) -> SearchFilters:
        """The :class:`SearchFilters` chosen (fields left at "any" are not passed)."""
        from ..core.search import SearchFilters

        values = {key: combo.currentData() for key, combo in self.combos.items()}
        values["date_from"] = self._date(self.date_from)
        values["date_to"] = self._date(self.date_to)
        return SearchFilters(**{k: v for k, v in values.items() if v is not None})

    @property
    def active(self) -> bool:
        """True when any filter narrows the search."""
        from ..core.search import SearchFilters

        return self.filters() != SearchFilters()


class _CalendarOpensNow(QObject):
    """A date filter left at "any date" opens its calendar at this month, not at :data:`NO_DATE`."""

    def __init__(self, edit: QDateEdit) -> None:
        super().__init__(edit)
        self.edit = edit

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and self.edit.date() == NO_DATE:
            today = QDate.currentDate()
            watched.setCurrentPage(today.year(), today.month())
        return False


class _SearchBoxKeys(QObject):
    """Down arrow in the search box moves to the results."""

    def __init__(self, panel: SearchPanel) -> None:
        super().__init__(panel)
        self.panel = panel

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            view = self.panel.hits_view
            if self.panel.hit_model.rowCount():
                view.setFocus()
                view.setCurrentIndex(self.panel.hit_model.index(0, 0))
                return True
        return False


class SearchPanel(QWidget):
    """Search as you type over one :class:`Library`.

    :attr:`search_box` is created here but laid out by the owner (the main
    window's toolbar).  Signals to the owner:

    * :attr:`open_requested` ``(document_id, position)`` — open a document at
      a paragraph (position in reading order; None: at its top, for a
      citation of a whole document);
    * :attr:`words_requested` ``(document_id, words)`` — just before opening a
      hit, the matched words as that hit writes them, for the document view
      to mark;
    * :attr:`similar_requested` ``(paragraph_id, label, text)`` — list the
      paragraphs like a hit's (its context menu).

    Public state for the window and tests: :attr:`hits`, :attr:`landing`,
    :attr:`task`, :attr:`request` (what the shown results answer),
    :attr:`generation`, :attr:`more_available`.
    """

    open_requested = Signal(int, object)
    similar_requested = Signal(int, str, str)
    words_requested = Signal(int, list)
    #: a first page is being searched (:class:`SearchRequest`): the results page reads its documents
    search_started = Signal(object)
    #: the box was emptied
    search_cleared = Signal()
    #: a first page of results (or its error) is shown, for this :class:`SearchRequest`
    first_page_shown = Signal(object)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setObjectName("searchPanel")
        self.hits: list[Hit] = []
        self.landing = None
        self.task: Task | None = None
        self.facets_task: Task | None = None
        self.request: SearchRequest | None = None
        self.generation = 0
        self.more_available = False
        self._go_when_done = False
        #: Called with ``(menu, hit)`` to add the owner's actions to a result's context menu.
        self.extend_hit_menu = None

        self.search_box = QLineEdit()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(
            _("Search paragraphs or go to a citation (e.g. 森林, \"climate change\", -oceans, XII/6 21)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(460)
        self.search_box.installEventFilter(_SearchBoxKeys(self))
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(self._text_changed)
        self.search_box.returnPressed.connect(self.submit)

        self.filter_bar = FilterBar(self)
        self.filter_bar.changed.connect(self._filters_changed)
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.hit_model = HitModel(self)
        self.hits_view = results_table(self.hit_model, HitModel.SNIPPET_COLUMN, "searchResults", (125, 44, 78))
        self.hits_view.activated.connect(self.activate)
        self.hits_view.clicked.connect(self.activate)
        self.hits_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.hits_view.customContextMenuRequested.connect(
            lambda point: self.hit_menu(point).popup(self.hits_view.viewport().mapToGlobal(point)))
        self.more_button = QPushButton(_("Load more"))
        self.more_button.setObjectName("loadMore")
        self.more_button.clicked.connect(self.load_more)
        self.more_button.hide()
        self.hits_view.verticalScrollBar().valueChanged.connect(self._scrolled)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.hits_view, 1)
        layout.addWidget(self.more_button)

    # -- facets ------------------------------------------------------------

    def load_facets(self) -> Task:
        """Fill the filter combos from ``Library.facets()``, read off the GUI thread."""
        library = self.library

        def failed(error: BaseException) -> None:
            log.error("cannot read search facets", exc_info=(type(error), error, error.__traceback__))

        def work(progress, abort) -> tuple[dict[str, list[str]], dict[str, str]]:
            facets = library.facets()
            # the languages' names here: Babel's data for each language costs the GUI thread 50 ms
            return facets, {code: language_name(code) for code in facets.get("language", []) if code}

        self.facets_task = run_task(work, on_done=lambda result: self.filter_bar.set_facets(*result),
                                    on_error=failed, owner=self)
        return self.facets_task

    # -- searching -----------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a search (or a next page) runs."""
        return self.task is not None and not self.task.done

    def _text_changed(self, text: str) -> None:
        if text.strip():
            self.debounce.start()
        else:
            self.debounce.stop()
            self.generation += 1  # whatever is still running is for a query that is gone
            self.clear()

    def _filters_changed(self) -> None:
        if self.search_box.text().strip():
            self.debounce.start()

    def clear(self) -> None:
        """Empty the results (the box was cleared)."""
        self.hits, self.landing, self.request = [], None, None
        self.hit_model.set_results([])
        self.search_cleared.emit()
        self.more_available = False
        self.more_button.hide()
        self.status.clear()

    def current_request(self, offset: int = 0) -> SearchRequest:
        """What the box and the filters ask for now."""
        return SearchRequest(self.search_box.text(), self.filter_bar.filters(), offset)

    def run_search(self, text: str | None = None) -> Task | None:
        """Search for ``text`` (default: the box) with the chosen filters, off the GUI thread.

        Returns the running :class:`Task`, or None for blank text.  Results
        reach the table only if no newer search has started meanwhile.
        """
        self.debounce.stop()
        if isinstance(text, str) and text != self.search_box.text():
            self.search_box.blockSignals(True)
            self.search_box.setText(text)
            self.search_box.blockSignals(False)
        request = self.current_request()
        if not request.text.strip():
            return None
        self.generation += 1
        generation = self.generation
        if self.task is not None and not self.task.done:
            self.task.cancel()
        self.show()
        self.status.setText(_("Searching…"))
        self.task = self._start(request, generation, first_page=True)
        self.search_started.emit(request)
        return self.task

    def load_more(self) -> Task | None:
        """Fetch the next page of the shown results and add it below them (None: nothing more)."""
        if self.request is None or not self.more_available or self.busy:
            return None
        request = SearchRequest(self.request.text, self.request.filters, len(self.hits))
        self.more_button.setEnabled(False)
        self.task = self._start(request, self.generation, first_page=False)
        return self.task

    def _start(self, request: SearchRequest, generation: int, *, first_page: bool) -> Task:
        library = self.library

        def work(progress, abort):
            landing = library.land(request.text) if first_page else None
            try:
                hits = library.search(request.text, filters=request.filters, limit=PAGE_SIZE,
                                      offset=request.offset)
            except SearchError:
                if landing is None:
                    raise
                hits = []
            return landing, hits

        return run_task(work, on_done=lambda result: self._done(generation, request, first_page, *result),
                        on_error=lambda exc: self._failed(generation, request, exc), owner=self)

    def _done(self, generation: int, request: SearchRequest, first_page: bool, landing, hits: list[Hit]) -> None:
        if generation != self.generation:
            return  # a newer search is under way: this answer is stale
        self.more_available = len(hits) >= PAGE_SIZE
        self.more_button.setEnabled(True)
        self.more_button.setVisible(self.more_available)
        if first_page:
            self.request, self.landing, self.hits = request, landing, list(hits)
            self.hit_model.set_results(self.hits, landing)
            self.hits_view.resizeRowsToContents()
            self.hits_view.scrollToTop()
        else:
            first = self.hit_model.rowCount()
            self.hit_model.append_hits(hits)
            self.hits = list(self.hit_model.hits)
            for row in range(first, self.hit_model.rowCount()):
                self.hits_view.resizeRowToContents(row)
        self._show_count()
        if first_page:
            self.first_page_shown.emit(request)
        if first_page and self._go_when_done:
            self._go_when_done = False
            if landing is not None:
                self.go_to_landing()

    def _show_count(self) -> None:
        text, n = self.request.text, len(self.hits)
        if n == 0:
            message = _("No paragraph matches “{query}”.").format(query=text)
        elif self.more_available:
            message = ngettext("The best {n} paragraph matching “{query}”; more below.",
                               "The best {n} paragraphs matching “{query}”; more below.", n).format(
                n=n, query=text)
        else:
            message = ngettext("{n} paragraph matches “{query}”.",
                               "{n} paragraphs match “{query}”.", n).format(n=format_number(n), query=text)
        if self.landing is not None:
            message = _("{place} — press Enter to go there. {results}").format(
                place=self.landing.label, results=message if n else "")
        if self.filter_bar.active:
            message += " " + _("(filtered)")
        self.status.setText(message.strip())

    def _failed(self, generation: int, request: SearchRequest, error: BaseException) -> None:
        if generation != self.generation:
            return
        self._go_when_done = False
        self.more_button.setEnabled(True)
        if not isinstance(error, SearchError):
            log.error("search failed", exc_info=(type(error), error, error.__traceback__))
        if request.offset == 0:  # the message answers this request; a failed next page keeps the list
            self.request, self.hits, self.landing = request, [], None
            self.hit_model.set_results([])
            self.more_available = False
            self.more_button.hide()
        self.status.setText(error_message(error))
        if request.offset == 0:
            self.first_page_shown.emit(request)

    def _scrolled(self, value: int) -> None:
        bar = self.hits_view.verticalScrollBar()
        if value and value == bar.maximum() and self.more_available:
            self.load_more()

    # -- going places --------------------------------------------------------

    def submit(self) -> None:
        """Enter in the search box: go to the typed citation if it lands, else search now."""
        if self.request is not None and self.request == self.current_request() and not self.busy \
                and not self.debounce.isActive():
            if self.landing is not None:
                self.go_to_landing()
            elif self.hits:
                self.hits_view.setFocus()
                self.hits_view.setCurrentIndex(self.hit_model.index(0, 0))
            return
        self._go_when_done = True
        self.run_search()

    def go_to_landing(self) -> bool:
        """Ask for the landed citation's document at its paragraph; False when nothing landed."""
        if self.landing is None:
            return False
        self.open_requested.emit(self.landing.document_id, self.landing.position)
        return True

    def activate(self, index: QModelIndex) -> None:
        """Open the row's hit (or the landing row's citation) at its paragraph."""
        if not index.isValid():
            return
        if index.data(LANDING_ROLE) is not None:
            self.go_to_landing()
            return
        hit = index.data(HIT_ROLE)
        if hit is not None:
            found = {hit.snippet.text[a:b].casefold(): hit.snippet.text[a:b] for a, b in hit.snippet.spans}
            words = sorted(found.values(), key=len, reverse=True)  # one of each, whatever its case
            self.words_requested.emit(hit.document_id, words)
            self.open_requested.emit(hit.document_id, hit.position)

    def hit_menu(self, point) -> QMenu:
        """The context menu of the result under ``point`` (viewport coordinates): open it, or list
        the paragraphs similar to it."""
        menu = QMenu(self.hits_view)
        menu.setObjectName("hitContextMenu")
        index = self.hits_view.indexAt(point)
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is None:
            return menu
        menu.addAction(_("Open"), lambda: self.activate(index))
        menu.addAction(_("Similar paragraphs"), lambda: self.request_similar(hit))
        if self.extend_hit_menu is not None:
            self.extend_hit_menu(menu, hit)
        return menu

    def request_similar(self, hit: Hit) -> Task:
        """Read the hit's whole paragraph off the GUI thread, then emit :attr:`similar_requested`."""
        library = self.library
        number = (hit.paragraph_number or "").strip().rstrip(".")
        symbol = hit.symbol or "#{id}".format(id=hit.document_id)
        label = _("{symbol}, para. {number}").format(symbol=symbol, number=number) if number else symbol

        def work(progress, abort):
            paragraphs = library.parsed(hit.document_id).paragraphs
            return paragraphs[hit.position].text if 0 <= hit.position < len(paragraphs) else ""

        return run_task(work, on_done=lambda text: self.similar_requested.emit(hit.paragraph_id, label, text),
                        on_error=lambda exc: self.status.setText(error_message(exc)), owner=self)
