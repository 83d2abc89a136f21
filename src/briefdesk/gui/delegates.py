"""A delegate drawing a cell's :data:`~.models.HTML_ROLE` as rich text (bold search hits).

The text of a hit in a right-to-left language (Arabic) is drawn right to left
and aligned right, in any interface; the text of a left-to-right hit stays
left to right under the Arabic interface (:func:`hit_language`).
"""

from __future__ import annotations

from .direction import text_direction
from .models import HIT_ROLE, HTML_ROLE, SIMILAR_ROLE
from .qt import (
    QAbstractItemView,
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QPalette,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QTextDocument,
    QTextOption,
    QTimer,
)


def hit_language(index) -> str | None:
    """The language (ISO 639-1) of the hit shown at ``index`` — a search hit (:data:`~.models.HIT_ROLE`)
    or a similar paragraph (:data:`~.models.SIMILAR_ROLE`) — or None (a landing row, no hit)."""
    for role in (HIT_ROLE, SIMILAR_ROLE):
        language = getattr(index.data(role), "language", None)
        if isinstance(language, str) and language:
            return language
    return None


class RichTextDelegate(QStyledItemDelegate):
    """Paints the HTML of :data:`HTML_ROLE` (falls back to the display text)."""

    #: Margin of the rich text inside its cell (pixels).
    MARGIN = 2

    def _document(self, option: QStyleOptionViewItem, index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(self.MARGIN)
        language = hit_language(index)
        if language is not None:  # the hit's text in its own direction, aligned to its start
            direction = text_direction(language)
            option = QTextOption(doc.defaultTextOption())
            option.setTextDirection(direction)
            option.setAlignment(Qt.AlignmentFlag.AlignAbsolute | (
                Qt.AlignmentFlag.AlignRight if direction == Qt.LayoutDirection.RightToLeft
                else Qt.AlignmentFlag.AlignLeft))
            doc.setDefaultTextOption(option)
        doc.setHtml(index.data(HTML_ROLE) or "")
        return doc

    def paint(self, painter, option, index) -> None:
        if index.data(HTML_ROLE) is None:
            return super().paint(painter, option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        if opt.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text,
                                     opt.palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText))
        rect = opt.rect
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        doc.setTextWidth(rect.width())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        """The height the wrapped text needs at the column's width.

        Estimated with :class:`QFontMetrics` on the plain text set in bold
        (hits are bold, and bold is never narrower), not by laying out the
        rich text: a page of fifty results is measured in a few
        milliseconds on the GUI thread instead of a hundred.
        """
        if index.data(HTML_ROLE) is None:
            return super().sizeHint(option, index)
        width = option.rect.width() if option.rect.width() > 0 else 400
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        font = QFont(option.font)
        font.setBold(True)
        inner = max(width - 2 * self.MARGIN - 2, 20)
        bounds = QFontMetrics(font).boundingRect(QRect(0, 0, inner, 1_000_000),
                                                 int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere), text)
        return QSize(width, bounds.height() + 2 * self.MARGIN + 2)


def results_table(model, rich_column: int, name: str, widths: tuple[int, ...]) -> QTableView:
    """A table of results (search hits, similar paragraphs): ``model``'s ``rich_column`` drawn
    by :class:`RichTextDelegate`, whole rows selected one at a time, wrapped words, no row
    numbers, the last column stretched; ``widths`` are the first columns' widths in pixels.
    The rows' heights follow the rich column's width when it changes (a splitter or dock moved,
    the window laid out after the results came), a moment after it stops changing."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setItemDelegateForColumn(rich_column, RichTextDelegate(view))
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    rows = QTimer(view)
    rows.setSingleShot(True)
    rows.setInterval(80)
    rows.timeout.connect(view.resizeRowsToContents)
    header.sectionResized.connect(lambda column, _old, _new: rows.start() if column == rich_column else None)
    return view
