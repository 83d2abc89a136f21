"""The document pane with a second language side by side, kept in step.

:class:`CompareView` holds the window's :class:`~.docview.DocumentView`
(the *primary* view) and a second one (the *side* view) in a splitter,
under a small toolbar: "Open in ▾" lists the other language versions of the
shown document (``Library.versions``), "Similar paragraphs" asks for
paragraphs like the current one, and "Close" hides the side view.  The
primary view's context menu adds the same actions for the paragraph under
the mouse.

Opening a language loads, off the GUI thread, the other version and the
counterpart of the paragraph asked for (``Library.parallel_paragraph``),
shows it scrolled to and shading that paragraph, then computes the whole
paragraph map with the same alignment (:func:`..core.search.align.align`)
in a second background step.

Opened from a search hit, the primary view also marks the matched words
wherever they occur (:meth:`CompareView.mark_words`), with Qt's extra
selections, so the document's own HTML is left as the document view made it.  When the user scrolls either view, the other is scrolled so its
top paragraph is the counterpart of this one's top paragraph.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.document import ParagraphKind, ParsedDocument
from ..core.i18n import _
from .docview import DocumentView
from .errors import show_error
from .palette import theme
from .qt import (
    QAction,
    QColor,
    QMenu,
    QPoint,
    QSplitter,
    Qt,
    QTextCharFormat,
    QTextEdit,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .search_panel import language_name
from .tasks import Task, run_task

if TYPE_CHECKING:  # imported where used: the main window is painted before SQLAlchemy is loaded
    from ..core.library import Library

log = logging.getLogger(__name__)


def paragraph_starts(view: DocumentView) -> list[tuple[int, int]]:
    """``(character position, paragraph position)`` of every paragraph anchor (``p{i}``) in the
    text ``view`` shows, in reading order (from the anchors the view found when it rendered)."""
    return sorted((at, int(name[1:])) for name, at in view.anchors.items()
                  if name.startswith("p") and name[1:].isdigit())


class ParagraphLocator:
    """Which paragraph of a :class:`DocumentView` is at a point, or at the top of the viewport.

    The anchor table (:func:`paragraph_starts`) is rebuilt whenever the view
    shows another document.
    """

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self._key: tuple | None = None
        self._starts: list[tuple[int, int]] = []
        self._chars: list[int] = []

    def _table(self) -> list[tuple[int, int]]:
        key = (self.view.document_id, id(self.view.parsed), self.view.highlighted)
        if key != self._key:
            self._key = key
            self._starts = paragraph_starts(self.view)
            self._chars = [c for c, _p in self._starts]
        return self._starts

    def at_character(self, position: int) -> int | None:
        """The paragraph containing character ``position`` (the last one starting at or before it)."""
        starts = self._table()
        if not starts:
            return None
        i = bisect_right(self._chars, position) - 1
        return starts[max(i, 0)][1]

    def at_point(self, point: QPoint) -> int | None:
        """The paragraph under ``point`` (viewport coordinates), or None for an empty view."""
        if self.view.parsed is None:
            return None
        return self.at_character(self.view.cursorForPosition(point).position())

    def top(self) -> int | None:
        """The paragraph at the top of the visible area."""
        return self.at_point(QPoint(24, 6))


@dataclass
class SideBySide:
    """The state of a comparison: which document is beside which, and the paragraph maps.

    ``forward[i]`` is the side document's paragraph for primary paragraph
    ``i`` (``None``: no counterpart); ``backward`` the reverse.
    """

    language: str
    document_id: int
    primary_id: int
    forward: dict[int, int | None] = field(default_factory=dict)
    backward: dict[int, int] = field(default_factory=dict)
    #: False until the whole map is computed (at first only the paragraph asked for is known)
    complete: bool = False


def nearest(mapping: dict[int, int | None], position: int) -> int | None:
    """``mapping[position]``, or that of the nearest earlier position that has a counterpart."""
    for p in range(position, -1, -1):
        value = mapping.get(p)
        if value is not None:
            return value
    return None


class CompareView(QWidget):
    """The document pane: primary view, optional side view in another language, toolbar.

    :attr:`open_requested` ``(document_id, position or None)`` asks the window
    to open a document; :attr:`similar_requested` ``(paragraph_id, label, text)``
    asks for the paragraphs similar to one.
    """

    open_requested = Signal(int, object)
    similar_requested = Signal(int, str, str)

    def __init__(self, library: Library, primary: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareView")
        self.library = library
        self.primary = primary
        self.side = DocumentView()
        self.side.setObjectName("sideDocumentView")
        self.side.hide()
        self.primary_locator = ParagraphLocator(primary)
        self.side_locator = ParagraphLocator(self.side)
        #: language → document id of the shown document's versions (itself included)
        self.versions: dict[str, int] = {}
        #: paragraph ids of the primary document, by position
        self.paragraph_ids: list[int] = []
        self.pair: SideBySide | None = None
        self.versions_task: Task | None = None
        self.side_task: Task | None = None
        self.map_task: Task | None = None
        self._versions_generation = 0
        self._side_generation = 0
        self._syncing = False
        self._pending_words: tuple[int, list[str]] | None = None

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("compareToolBar")
        self.open_in_button = QToolButton(self.toolbar)
        self.open_in_button.setObjectName("openInButton")
        self.open_in_button.setText(_("Open in…"))
        self.open_in_button.setToolTip(_("Show this document in another language beside it, at the same paragraph"))
        self.open_in_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.open_in_menu = QMenu(self.open_in_button)
        self.open_in_button.setMenu(self.open_in_menu)
        self.open_in_button.setEnabled(False)
        self.toolbar.addWidget(self.open_in_button)
        self.similar_action = QAction(_("Similar paragraphs"), self)
        self.similar_action.setToolTip(_("Paragraphs like the current one in other documents and sessions"))
        self.similar_action.triggered.connect(lambda: self.request_similar(self.current_paragraph()))
        self.similar_action.setEnabled(False)
        self.toolbar.addAction(self.similar_action)
        self.close_side_action = QAction(_("Close side view"), self)
        self.close_side_action.triggered.connect(self.close_side)
        self.close_side_action.setVisible(False)
        self.toolbar.addAction(self.close_side_action)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(primary)
        self.splitter.addWidget(self.side)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)

        primary.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        primary.customContextMenuRequested.connect(
            lambda point: self.context_menu(point).popup(primary.viewport().mapToGlobal(point)))
        primary.verticalScrollBar().valueChanged.connect(lambda _v: self._follow(from_side=False))
        self.side.verticalScrollBar().valueChanged.connect(lambda _v: self._follow(from_side=True))

    # -- marking the searched words ---------------------------------------------

    #: At most this many occurrences are marked in one document.
    MAX_MARKS = 2000

    def mark_words(self, document_id: int, words: list[str]) -> None:
        """Mark ``words`` (as written in the text; compared case-insensitively) wherever they occur
        when ``document_id`` is next shown in the primary view.  Showing another document clears
        the marks."""
        self._pending_words = (document_id, [w for w in words if w.strip()])

    def _apply_marks(self, document_id: int) -> None:
        pending, self._pending_words = self._pending_words, None
        words = pending[1] if pending is not None and pending[0] == document_id else []
        selections = []
        document = self.primary.document()
        mark = QTextCharFormat()
        mark.setBackground(QColor(theme().mark))  # deeper than the shaded paragraph it sits in
        for word in words:
            cursor = document.find(word, 0)
            while not cursor.isNull() and len(selections) < self.MAX_MARKS:
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = mark
                selections.append(selection)
                cursor = document.find(word, cursor)
        self.primary.setExtraSelections(selections)

    def marked_words(self) -> list[str]:
        """The text of every marked occurrence in the primary view, in the order marked."""
        return [s.cursor.selectedText() for s in self.primary.extraSelections()]

    # -- the shown document --------------------------------------------------

    def primary_shown(self, document_id: int) -> Task:
        """The window showed ``document_id`` in the primary view: learn its language versions and
        paragraph ids off the GUI thread; a side view already open follows in the same language."""
        self._apply_marks(document_id)
        self._versions_generation += 1
        generation = self._versions_generation
        self.versions, self.paragraph_ids = {}, []
        self.open_in_button.setEnabled(False)
        self.similar_action.setEnabled(False)
        library = self.library

        def work(progress, abort):
            versions = library.versions(document_id)
            ids = [p.id for p in library.document(document_id).paragraphs]
            return versions, ids

        def done(result) -> None:
            if generation != self._versions_generation:
                return
            self.versions, self.paragraph_ids = result
            self._fill_open_in_menu()
            self.similar_action.setEnabled(bool(self.paragraph_ids))
            if self.pair is not None and self.pair.primary_id != document_id:
                if self.pair.language in self.versions and self.versions[self.pair.language] != document_id:
                    self.open_in(self.pair.language, self.primary.highlighted)
                else:
                    self.close_side()

        def failed(error: BaseException) -> None:
            if generation == self._versions_generation:
                log.error("cannot read language versions", exc_info=(type(error), error, error.__traceback__))

        self.versions_task = run_task(work, on_done=done, on_error=failed, owner=self)
        return self.versions_task

    def other_languages(self) -> list[str]:
        """Languages of the shown document's other versions: the preferred ones first, in the
        order of Preferences (:func:`.preferences.preferred_order`), then by code."""
        from .preferences import preferred_order

        own = self.primary.parsed.language if self.primary.parsed is not None else None
        return preferred_order([lang for lang, doc in self.versions.items()
                                if doc != self.primary.document_id and lang != own])

    def _fill_open_in_menu(self) -> None:
        self.open_in_menu.clear()
        for action in self.language_actions(lambda: self.current_paragraph()):
            self.open_in_menu.addAction(action)
        self.open_in_button.setEnabled(not self.open_in_menu.isEmpty())

    def language_actions(self, position_of, parent=None) -> list[QAction]:
        """One action per other language; triggering it opens that version at ``position_of()``."""
        actions = []
        for language in self.other_languages():
            action = QAction(language_name(language), parent or self.open_in_menu)
            action.setData(language)
            action.triggered.connect(lambda _checked=False, lang=language: self.open_in(lang, position_of()))
            actions.append(action)
        return actions

    def current_paragraph(self) -> int | None:
        """The paragraph the user is at: the highlighted one if in view, else the top visible one."""
        if self.primary.parsed is None:
            return None
        top = self.primary_locator.top()
        highlighted = self.primary.highlighted
        if highlighted is not None:
            anchor = self.primary.anchor_position(f"p{highlighted}")
            if anchor is not None and self.primary.is_position_visible(anchor):
                return highlighted
        return top

    def paragraph_label(self, position: int) -> str:
        """``A/RES/75/100, para. 4`` for the primary document's paragraph at ``position``."""
        parsed = self.primary.parsed
        symbol = (parsed.symbol if parsed else None) or _("(no symbol)")
        number = parsed.paragraphs[position].number if parsed and 0 <= position < len(parsed.paragraphs) else None
        if number:
            return _("{symbol}, para. {number}").format(symbol=symbol, number=number.strip().rstrip("."))
        return symbol

    # -- context menu --------------------------------------------------------

    def context_menu(self, point: QPoint) -> QMenu:
        """The primary view's context menu at ``point`` (viewport coordinates): the standard
        entries (copy, select all…), then "Open paragraph in" each other language and
        "Similar paragraphs" for the paragraph under the mouse."""
        scrolled = QPoint(self.primary.horizontalScrollBar().value(), self.primary.verticalScrollBar().value())
        menu = self.primary.createStandardContextMenu(point + scrolled)  # document coordinates
        menu.setObjectName("documentContextMenu")
        position = self.primary_locator.at_point(point)
        if position is None:
            return menu
        menu.addSeparator()
        languages = QMenu(_("Open this paragraph in"), menu)
        languages.setObjectName("openParagraphIn")
        for action in self.language_actions(lambda p=position: p, languages):
            languages.addAction(action)
        languages.setEnabled(not languages.isEmpty())
        menu.addMenu(languages)
        similar = menu.addAction(_("Similar paragraphs"))
        similar.setObjectName("similarParagraphs")
        similar.setEnabled(0 <= position < len(self.paragraph_ids))
        similar.triggered.connect(lambda _checked=False, p=position: self.request_similar(p))
        return menu

    def request_similar(self, position: int | None) -> bool:
        """Ask for the paragraphs similar to the primary document's paragraph at ``position``."""
        if position is None or not 0 <= position < len(self.paragraph_ids):
            return False
        parsed = self.primary.parsed
        text = parsed.paragraphs[position].text if parsed and position < len(parsed.paragraphs) else ""
        self.similar_requested.emit(self.paragraph_ids[position], self.paragraph_label(position), text)
        return True

    # -- side by side --------------------------------------------------------

    def open_in(self, language: str, position: int | None = None) -> Task | None:
        """Show the ``language`` version beside the primary document, scrolled to and shading the
        counterpart of paragraph ``position`` (None: the top one).  None if there is no such version."""
        document_id = self.versions.get(language)
        primary_id = self.primary.document_id
        if document_id is None or primary_id is None:
            return None
        if position is None:
            position = self.current_paragraph()
        self._side_generation += 1
        generation = self._side_generation
        ids = list(self.paragraph_ids)
        primary_parsed = self.primary.parsed
        library = self.library

        def work(progress, abort):
            parsed = library.parsed(document_id)
            target = None
            if position is not None and 0 <= position < len(ids):
                found = library.parallel_paragraph(ids[position], language)
                target = found[2] if found is not None and found[0] == document_id else None
            return parsed, target

        def done(result: tuple[ParsedDocument, int | None]) -> None:
            if generation != self._side_generation or self.primary.document_id != primary_id:
                return
            parsed, target = result
            forward = {position: target} if position is not None else {}
            self.pair = SideBySide(language, document_id, primary_id, forward,
                                   {target: position} if target is not None else {})
            self.side.show()
            if not any(self.splitter.sizes()[1:]):
                half = max(self.splitter.width() // 2, 200)
                self.splitter.setSizes([half, half])
            self._syncing = True
            try:
                self.side.show_document(document_id, parsed, highlight=target)
                if position is not None:
                    self.primary.go_to_paragraph(position)
            finally:
                self._syncing = False
            self.close_side_action.setVisible(True)
            self._map_paragraphs(generation, primary_parsed, parsed)

        def failed(error: BaseException) -> None:
            if generation == self._side_generation:
                show_error(self, error)

        if self.side_task is not None and not self.side_task.done:
            self.side_task.cancel()
        self.side_task = run_task(work, on_done=done, on_error=failed, owner=self)
        return self.side_task

    def _map_paragraphs(self, generation: int, primary: ParsedDocument, side: ParsedDocument) -> Task:
        """Second step of :meth:`open_in`, off the GUI thread: the whole paragraph map, by the
        alignment ``Library.parallel_paragraph`` uses (:func:`..core.search.align.align`, on the
        paragraphs' part, kind, level and number), so scrolling can follow paragraph by paragraph."""

        from ..core.search.align import AlignItem, align

        def items(doc: ParsedDocument) -> list[AlignItem]:
            return [AlignItem(p.part, ParagraphKind(p.kind).value, p.level, p.number) for p in doc.paragraphs]

        def work(progress, abort):
            source, target = items(primary), items(side)
            forward: dict[int, int | None] = {}
            for i in range(len(source)):
                if abort():
                    break
                forward[i] = align(source, target, i)
            return forward

        def done(forward: dict[int, int | None]) -> None:
            if generation != self._side_generation or self.pair is None:
                return
            forward.update(self.pair.forward)  # the paragraph asked for keeps the library's answer
            backward: dict[int, int] = {}
            for a, b in sorted(forward.items()):
                if b is not None:
                    backward.setdefault(b, a)
            self.pair.forward, self.pair.backward = forward, backward
            self.pair.complete = True

        self.map_task = run_task(work, on_done=done, owner=self)
        return self.map_task

    def close_side(self) -> None:
        """Hide the side view; the primary view keeps the whole width."""
        self._side_generation += 1
        self.pair = None
        self.side.hide()
        self.close_side_action.setVisible(False)

    @property
    def side_by_side(self) -> bool:
        """True while a second language is shown beside the primary document."""
        return self.pair is not None and self.side.isVisible()

    def _follow(self, *, from_side: bool) -> None:
        """Keep the views in step: scroll the other view to the counterpart of this one's top paragraph."""
        if self._syncing or not self.side_by_side:
            return
        if self.primary.document_id != self.pair.primary_id or self.side.document_id != self.pair.document_id:
            return
        source, target = (self.side_locator, self.primary) if from_side else (self.primary_locator, self.side)
        mapping = self.pair.backward if from_side else self.pair.forward
        top = source.top()
        if top is None:
            return
        counterpart = nearest(mapping, top)
        if counterpart is None:
            return
        self._syncing = True
        try:
            if source.view.verticalScrollBar().value() == 0:
                target.verticalScrollBar().setValue(0)
            else:
                target.go_to_paragraph(counterpart)
        finally:
            self._syncing = False
