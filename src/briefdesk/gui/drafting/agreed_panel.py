"""Agreed language at hand: the adopted paragraphs closest to the one being written (issue 15, point 5).

:class:`AgreedPanel` lives in a dock of the draft editor
(:func:`dock_agreed_panel`).  While a paragraph is edited it asks
``Library.agreed(text, language)`` (:mod:`briefdesk.core.search.agreed`) off
the GUI thread (:func:`..tasks.run_task`), a moment after typing pauses
(:data:`DEBOUNCE_MS`; an answer to an older text is dropped), and lists the
closest paragraphs of adopted decisions, resolutions and recommendations in
the draft's language, best first: how alike (0–100), the citation (symbol and
paragraph), and the text with what differs from the paragraph being written
highlighted.  A match found in another language version is shown in the
draft's language, marked with the language it was found in.

One click on "Use" (or Enter / a double click on a row) puts that text into
the paragraph, with its citation recorded on it
(:meth:`~briefdesk.core.drafting.service.DraftService.use_agreed`), as one
undoable edit.  The panel says which text the paragraph was taken from.
"""

from __future__ import annotations

import logging

from ...core.drafting import brackets
from ...core.i18n import _, format_number, ngettext
from ...core.languages import language_label
from ...core.library import Library
from ...core.search.agreed import AgreedHit, citation_label
from ..delegates import results_table
from ..errors import error_message
from ..models import HTML_ROLE, RowsModel, spans_html
from ..palette import theme
from ..qt import (
    QColor,
    QDockWidget,
    QLabel,
    QModelIndex,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..similar_panel import changed_spans
from ..tasks import Task, run_task

log = logging.getLogger(__name__)

#: Milliseconds of no typing after which the panel asks again.
DEBOUNCE_MS = 350

#: Fewest letters (after folding, without spaces) worth looking for; Chinese counts each character.
MIN_LETTERS = 8

#: How many paragraphs the panel lists.
LIMIT = 10

#: Role holding a row's :class:`~briefdesk.core.search.agreed.AgreedHit`.
AGREED_ROLE = Qt.ItemDataRole.UserRole + 41


class AgreedModel(RowsModel):
    """Rows of :class:`AgreedHit`: "Use", score, citation, text (what differs from the draft highlighted)."""

    USE_COLUMN = 0
    TEXT_COLUMN = 3

    def __init__(self, parent=None) -> None:
        super().__init__(["", _("Score"), _("Agreed language"), _("Text")], parent)
        self.hits: list[AgreedHit] = []
        self._html: list[str] = []

    def set_hits(self, hits: list[AgreedHit], source_text: str) -> None:
        """Show ``hits``, each with what it changes from ``source_text`` (the paragraph being written);
        a hit aligned from another language is shown unmarked (its words cannot be compared)."""
        self.beginResetModel()
        self.hits = list(hits)
        self._html = [spans_html(h.text, [] if h.aligned else changed_spans(source_text, h.text)) for h in self.hits]
        self.endResetModel()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        column = index.column()
        if role == AGREED_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            where = hit.citation
            if hit.aligned:
                where += "\n" + _("found in the {language} version").format(language=language_label(hit.matched_language))
            return (_("Use"), format_number(hit.score), where, hit.text)[column]
        if role == HTML_ROLE and column == self.TEXT_COLUMN:
            return self._html[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Put this text into the paragraph, citing {citation}").format(citation=hit.citation) \
                if column == self.USE_COLUMN else hit.title
        if role == Qt.ItemDataRole.ForegroundRole and column == self.USE_COLUMN:
            return QColor(theme().resolved_link)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 1):
            return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        return None


class AgreedPanel(QWidget):
    """Lists the agreed language closest to a paragraph being written (see the module docstring).

    :meth:`set_text` gives it the paragraph's text and the draft's language
    (it asks after :data:`DEBOUNCE_MS`); :meth:`query_now` asks at once.
    :attr:`use_requested` ``(AgreedHit)`` is emitted when the user picks a row.
    """

    use_requested = Signal(object)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreedPanel")
        self.library = library
        self.task: Task | None = None
        self.text = ""
        self.language = ""
        self.asked: tuple[str, str] | None = None
        self._generation = 0
        self._pending = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.query_now)
        self.source = QLabel()
        self.source.setObjectName("agreedSource")
        self.source.setWordWrap(True)
        self.source.hide()
        self.status = QLabel()
        self.status.setObjectName("agreedStatus")
        self.status.setWordWrap(True)
        self.model = AgreedModel(self)
        self.view = results_table(self.model, AgreedModel.TEXT_COLUMN, "agreedResults", (48, 52, 150))
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self.use)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.source)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        self.status.setText(_("Agreed language like the paragraph being written is listed here."))

    @property
    def hits(self) -> list[AgreedHit]:
        """The paragraphs listed, closest first."""
        return self.model.hits

    @property
    def idle(self) -> bool:
        """True when no question is waiting or under way (tests wait for it)."""
        return not self.timer.isActive() and not self._pending

    def set_source(self, symbol: str | None, number: str | None) -> None:
        """Say which agreed language the paragraph was taken from (``None``: none recorded)."""
        self.source.setVisible(bool(symbol))
        if symbol:
            self.source.setText(_("This paragraph cites agreed language: {citation}").format(
                citation=citation_label(symbol, number)))

    def set_text(self, text: str, language: str) -> None:
        """The paragraph now reads ``text`` in a draft in ``language``: ask again once typing pauses."""
        self.text, self.language = text, language
        self.timer.start()

    def query_now(self) -> Task | None:
        """Ask for the agreed language like the current text now (off the GUI thread); ``None``
        when there is nothing to ask (too short, or already asked)."""
        self.timer.stop()
        text, language = brackets.clean(self.text).strip(), self.language
        if (text, language) == self.asked:
            return None
        self._generation += 1
        generation = self._generation
        self.asked = (text, language)
        if sum(c.isalnum() for c in text) < MIN_LETTERS or not language:
            self.model.set_hits([], "")
            self.status.setText(_("Type a few words to see agreed language like them."))
            self._pending = False
            return None
        self._pending = True
        library = self.library

        def done(hits: list[AgreedHit]) -> None:
            if generation != self._generation:
                return
            self._pending = False
            self.model.set_hits(hits, text)
            self.view.resizeRowsToContents()
            if hits:
                self.status.setText(ngettext("{n} adopted paragraph like this one, closest first:",
                                             "{n} adopted paragraphs like this one, closest first:",
                                             len(hits)).format(n=format_number(len(hits))))
            else:
                self.status.setText(_("No adopted paragraph in the library is like this one."))

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._pending = False
            self.status.setText(error_message(error))
            log.warning("agreed language failed: %s", error)

        self.task = run_task(lambda progress, abort: library.agreed(text, language, limit=LIMIT),
                             on_done=done, on_error=failed, owner=self)
        return self.task

    def _clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() == AgreedModel.USE_COLUMN:
            self.use(index)

    def use(self, index: QModelIndex) -> None:
        """Ask for the row's text to be put into the paragraph (:attr:`use_requested`)."""
        hit = index.data(AGREED_ROLE) if index.isValid() else None
        if hit is not None:
            self.use_requested.emit(hit)


def dock_agreed_panel(editor) -> QDockWidget:
    """Dock an :class:`AgreedPanel` in draft ``editor`` (a :class:`~.editor.DraftEditor`) and wire it:
    the paragraph being edited (typed, loaded or chosen) is its question; "Use" puts the text into
    that paragraph with its citation, one undoable edit.  Returns the dock (``editor.agreed_panel``
    is the panel)."""
    panel = AgreedPanel(editor.library, editor)
    dock = QDockWidget(_("Agreed language"), editor)
    dock.setObjectName("agreedDock")
    dock.setWidget(panel)
    editor.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    editor.agreed_panel = panel

    def paragraph_changed() -> None:
        laid = editor.laid
        p = next((q for q in laid.paragraphs if q.id == editor.current_pid), None) if laid else None
        panel.set_source(p.source_symbol if p else None, p.source_number if p else None)
        if laid is not None and dock.isVisible():
            panel.set_text(editor.para_edit.toPlainText(), laid.snapshot.language)

    def use(hit: AgreedHit) -> None:
        pid, service = editor.current_pid, editor.service
        if pid is None:
            return
        editor.push(_("Use agreed language"), lambda: service.use_agreed(
            pid, hit.text, symbol=hit.symbol or f"#{hit.document_id}", number=hit.number,
            paragraph_id=hit.paragraph_id, verb=hit.verb))

    editor.para_edit.textChanged.connect(paragraph_changed)
    editor.paragraph_list.currentRowChanged.connect(lambda _row: paragraph_changed())
    editor.draft_shown.connect(lambda _id, _title: QTimer.singleShot(0, panel, paragraph_changed))  # once shown
    dock.visibilityChanged.connect(lambda visible: paragraph_changed() if visible else None)
    panel.use_requested.connect(use)
    return dock


__all__ = ["AgreedModel", "AgreedPanel", "DEBOUNCE_MS", "dock_agreed_panel"]
