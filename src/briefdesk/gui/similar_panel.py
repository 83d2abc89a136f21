"""Similar paragraphs: the same paragraph re-adopted, with small changes, in other documents and sessions.

:class:`SimilarPanel` asks ``Library.similar(paragraph_id)`` off the GUI
thread and lists the answers best first: score (rapidfuzz ratio, 0–100),
document, body and session, date, paragraph number, and the paragraph's text
with what differs from the chosen paragraph highlighted (a
:class:`difflib.SequenceMatcher` over words, and over single characters in
Chinese, which has no spaces).  Activating a row asks the window to open
that document at that paragraph (:attr:`SimilarPanel.open_requested`).
"""

from __future__ import annotations

import difflib
import logging
import re
from typing import TYPE_CHECKING

from ..core.i18n import _, format_date, format_number, ngettext
from .delegates import results_table
from .errors import error_message
from .models import HTML_ROLE, SIMILAR_ROLE, RowsModel, spans_html
from .qt import (
    QLabel,
    QModelIndex,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from .tasks import Task, run_task

if TYPE_CHECKING:  # imported where used: the main window is painted before SQLAlchemy is loaded
    from ..core.library import Library
    from ..core.search import SimilarHit

log = logging.getLogger(__name__)

# One token: a Han, kana or hangul character alone, a run of other letters/digits, a run of spaces,
# or one other sign.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]|[^\W\u3040-\u30ff\u3400-\u9fff"
                    r"\uac00-\ud7af\uf900-\ufaff]+|\s+|[^\w\s]")

_JOINER = re.compile(r"[^\w\s]?")


def changed_spans(source: str, other: str) -> list[tuple[int, int]]:
    """``(start, end)`` character spans of ``other`` that are not in ``source`` (inserted or replaced
    words; single characters in Chinese and Japanese), by :class:`difflib.SequenceMatcher`.

    Spaces at the ends of a span are left out; two changes apart by at most
    one unchanged sign (the ``/`` of ``73/13``) make one span.
    """
    a = [m.group().casefold() for m in _TOKEN.finditer(source)]
    b_matches = list(_TOKEN.finditer(other))
    b = [m.group().casefold() for m in b_matches]
    spans: list[tuple[int, int]] = []
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag not in ("replace", "insert") or j2 <= j1:
            continue
        start, end = b_matches[j1].start(), b_matches[j2 - 1].end()
        piece = other[start:end]
        if not piece.strip():
            continue
        start += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        # "74/91" → "73/13" is one change, not two around an unchanged "/"
        if spans and _JOINER.fullmatch(other[spans[-1][1]:start]):
            start = spans.pop()[0]
        spans.append((start, end))
    return spans


class SimilarModel(RowsModel):
    """Rows of :class:`SimilarHit`: score, document, session, date, paragraph, text (changes highlighted)."""

    TEXT_COLUMN = 5

    def __init__(self, parent=None) -> None:
        super().__init__([_("Score"), _("Document"), _("Session"), _("Date"), _("Para."), _("Text")], parent)
        self.hits: list[SimilarHit] = []
        self.source_text = ""
        self._html: list[str] = []

    def set_hits(self, hits: list[SimilarHit], source_text: str = "") -> None:
        """Show ``hits``; with ``source_text`` (the paragraph they are like), mark what each changes."""
        self.beginResetModel()
        self.hits, self.source_text = list(hits), source_text
        self._html = [spans_html(h.text, changed_spans(source_text, h.text) if source_text else [])
                      for h in self.hits]
        self.endResetModel()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        column = index.column()
        if role == SIMILAR_ROLE:
            return hit
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_number(hit.score),
                    f"{hit.symbol or '#' + str(hit.document_id)} [{hit.language}]",
                    " ".join(x for x in (hit.body, hit.session) if x),
                    format_date(hit.date, format="medium") if hit.date else "",
                    hit.paragraph_number or "—",
                    hit.text)[column]
        if role == HTML_ROLE and column == self.TEXT_COLUMN:
            return self._html[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return None


class SimilarPanel(QWidget):
    """Lists the paragraphs similar to one; :meth:`show_similar` fills it off the GUI thread."""

    open_requested = Signal(int, object)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("similarPanel")
        self.library = library
        self.task: Task | None = None
        self.paragraph_id: int | None = None
        self._generation = 0
        self.status = QLabel()
        self.status.setObjectName("similarStatus")
        self.status.setWordWrap(True)
        self.model = SimilarModel(self)
        self.view = results_table(self.model, SimilarModel.TEXT_COLUMN, "similarResults", (48, 150, 130, 90, 44))
        self.view.activated.connect(self.activate)
        self.view.clicked.connect(self.activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

    @property
    def hits(self) -> list[SimilarHit]:
        """The similar paragraphs shown, most alike first."""
        return self.model.hits

    def show_similar(self, paragraph_id: int, label: str, source_text: str = "") -> Task:
        """List the paragraphs similar to ``paragraph_id`` (named ``label`` in the header); where
        ``source_text`` is given, highlight what each differs by."""
        self._generation += 1
        generation = self._generation
        self.paragraph_id = paragraph_id
        self.model.set_hits([])
        self.status.setText(_("Looking for paragraphs like {place}…").format(place=label))
        library = self.library

        def done(hits: list[SimilarHit]) -> None:
            if generation != self._generation:
                return
            self.model.set_hits(hits, source_text)
            self.view.resizeRowsToContents()
            if hits:
                self.status.setText(ngettext("{n} paragraph like {place}, most alike first:",
                                             "{n} paragraphs like {place}, most alike first:", len(hits)).format(
                    n=len(hits), place=label))
            else:
                self.status.setText(_("No paragraph in other documents is like {place}.").format(place=label))

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.status.setText(error_message(error))
                log.warning("similar paragraphs failed: %s", error)

        self.task = run_task(lambda progress, abort: library.similar(paragraph_id), on_done=done, on_error=failed,
                             owner=self)
        return self.task

    def activate(self, index: QModelIndex) -> None:
        """Open the row's paragraph."""
        hit = index.data(SIMILAR_ROLE) if index.isValid() else None
        if hit is not None:
            self.open_requested.emit(hit.document_id, hit.position)
