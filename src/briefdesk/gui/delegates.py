"""A delegate drawing a cell's :data:`~.models.HTML_ROLE` as rich text (bold search hits)."""

from __future__ import annotations

from .models import HTML_ROLE
from .qt import (
    QAbstractTextDocumentLayout,
    QPalette,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextDocument,
)


class RichTextDelegate(QStyledItemDelegate):
    """Paints the HTML of :data:`HTML_ROLE` (falls back to the display text)."""

    def _document(self, option: QStyleOptionViewItem, index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
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
        if index.data(HTML_ROLE) is None:
            return super().sizeHint(option, index)
        doc = self._document(option, index)
        width = option.rect.width() if option.rect.width() > 0 else 400
        doc.setTextWidth(width)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))
