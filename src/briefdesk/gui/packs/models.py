"""The pack outline: agenda items and, beneath each, its excerpts, in print order.

:class:`OutlineModel` is rebuilt from a
:class:`~briefdesk.core.packs.service.PackView` after every write
(:meth:`OutlineModel.set_pack`).  It never moves rows itself: a drop on
:class:`OutlineView` is turned into a request (move an item, move an
excerpt, add excerpts from the library) that the editor pushes as an undo
command; the model then shows the stored result.

Internal drags carry :data:`OUTLINE_MIME` (``{"kind": "item"|"excerpt", "id": n}``);
drags from the library carry :data:`~.mime.EXCERPT_MIME`.
"""

from __future__ import annotations

import json
import re

from ...core.i18n import _
from ...core.packs.service import ExcerptView, ItemView, PackView, StaleExcerpt
from ..palette import theme
from ..qt import (
    QAbstractItemView,
    QByteArray,
    QColor,
    QFontMetrics,
    QMimeData,
    QModelIndex,
    QRect,
    QSize,
    QStandardItem,
    QStandardItemModel,
    QStyledItemDelegate,
    Qt,
    QTreeView,
    Signal,
)
from .mime import EXCERPT_MIME, excerpt_refs

#: MIME type of a row dragged inside the outline.
OUTLINE_MIME = "application/x-briefdesk-pack-row"
#: Role: ``"item"`` or ``"excerpt"``.
KIND_ROLE = Qt.ItemDataRole.UserRole + 21
#: Role: the item's or excerpt's id.
ID_ROLE = Qt.ItemDataRole.UserRole + 22



def source_line(excerpt: ExcerptView, language: str) -> str:
    """What an excerpt is, exactly as the PDF prints it above the excerpt, in the pack's ``language``:
    ``CBD/SBI/2/10, paras 5–7 (zh)`` (see :func:`briefdesk.core.render.pack_pdf.source_reference`)."""
    from ...core.render.pack_pdf import source_reference

    return source_reference(excerpt, language)


def item_label(item: ItemView) -> str:
    """``11. Cooperation with other conventions`` (or just the title / number)."""
    number = item.number.strip()
    if number and item.title:
        return f"{number}{'' if re.search(r'[.。]$', number) else '.'} {item.title}"
    return number or item.title or _("(untitled item)")


class OutlineModel(QStandardItemModel):
    """Items (top level) and excerpts (children) of one pack."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels([_("Agenda items and excerpts")])
        self.pack: PackView | None = None
        self.stale: dict[int, StaleExcerpt] = {}

    def set_pack(self, pack: PackView | None, stale: dict[int, StaleExcerpt] | None = None) -> None:
        """Show ``pack`` (None: empty); ``stale`` maps excerpt ids to what changed in their source."""
        self.pack = pack
        if stale is not None:
            self.stale = dict(stale)
        self.removeRows(0, self.rowCount())
        if pack is None:
            return
        for item in pack.items:
            row = QStandardItem(item_label(item))
            row.setData("item", KIND_ROLE)
            row.setData(item.id, ID_ROLE)
            row.setEditable(False)
            row.setToolTip(item_label(item))
            row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                         | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
            font = row.font()
            font.setBold(True)
            row.setFont(font)
            for ex in item.excerpts:
                child = QStandardItem(source_line(ex, pack.language))
                child.setData("excerpt", KIND_ROLE)
                child.setData(ex.id, ID_ROLE)
                child.setEditable(False)
                child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                               | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
                tip = source_line(ex, pack.language) + "\n" + ex.source_title
                if ex.id in self.stale:
                    child.setText("⚠ " + child.text())
                    child.setForeground(QColor(theme().unresolved_link))  # a stale excerpt: amber, as a missing citation
                    tip = _("The library's copy of this source has changed since it was excerpted.") + "\n" + tip
                child.setToolTip(tip)
                row.appendRow(child)
            self.appendRow(row)

    def index_of(self, kind: str, row_id: int) -> QModelIndex:
        """The index of the item or excerpt with ``row_id``, or an invalid index."""
        for r in range(self.rowCount()):
            top = self.index(r, 0)
            if kind == "item" and top.data(ID_ROLE) == row_id:
                return top
            if kind == "excerpt":
                for c in range(self.rowCount(top)):
                    child = self.index(c, 0, top)
                    if child.data(ID_ROLE) == row_id:
                        return child
        return QModelIndex()

    # -- drag and drop: the model only packs and unpacks the payloads --------

    def flags(self, index: QModelIndex):
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return super().flags(index)

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [OUTLINE_MIME, EXCERPT_MIME]

    def supportedDropActions(self):  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self):  # noqa: N802 - Qt override
        return Qt.DropAction.MoveAction

    def mimeData(self, indexes):  # noqa: N802 - Qt override
        index = next((i for i in indexes if i.isValid()), None)
        mime = QMimeData()
        if index is not None:
            payload = {"kind": index.data(KIND_ROLE), "id": index.data(ID_ROLE)}
            mime.setData(OUTLINE_MIME, QByteArray(json.dumps(payload).encode("utf-8")))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        return data.hasFormat(OUTLINE_MIME) or data.hasFormat(EXCERPT_MIME)

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        return False  # the view turns drops into undo commands; rows never move here


def outline_payload(mime: QMimeData) -> dict | None:
    """The ``{"kind", "id"}`` of a row dragged inside the outline, or None."""
    if mime is None or not mime.hasFormat(OUTLINE_MIME):
        return None
    try:
        payload = json.loads(bytes(mime.data(OUTLINE_MIME).data()).decode("utf-8"))
        return {"kind": str(payload["kind"]), "id": int(payload["id"])}
    except (ValueError, KeyError, TypeError):
        return None


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the view's width (long Chinese titles are not cut)."""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint(option, index)
        view = self.parent()
        depth = 2 if index.parent().isValid() else 1
        width = max(view.viewport().width() - view.indentation() * depth - 8, 60)
        text = index.data() or ""
        font = index.data(Qt.ItemDataRole.FontRole) or option.font
        rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100000),
                                               int(Qt.TextFlag.TextWordWrap), text)
        return QSize(min(hint.width(), width), max(hint.height(), rect.height() + 4))


class OutlineView(QTreeView):
    """The outline tree; reordering by drag and dropping library paragraphs in.

    Signals (the editor turns each into one undo command):

    * ``item_moved(item_id, position)`` — final 0-based position;
    * ``excerpt_moved(excerpt_id, item_id, position)`` — final position in that item;
    * ``excerpts_dropped(refs, item_id, position)`` — :class:`~.mime.ExcerptRef` list
      dropped from the library; ``item_id`` None when the pack has no item yet.
    """

    item_moved = Signal(int, int)
    excerpt_moved = Signal(int, int, int)
    excerpts_dropped = Signal(object, object, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("packOutline")
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(_WrappingDelegate(self))
        self.header().setStretchLastSection(True)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # rows re-wrap to the new width

    def _accepts(self, mime) -> bool:
        return mime is not None and (mime.hasFormat(OUTLINE_MIME) or mime.hasFormat(EXCERPT_MIME))

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._accepts(event.mimeData()):
            super().dragEnterEvent(event)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._accepts(event.mimeData()):
            super().dragMoveEvent(event)
            event.setDropAction(Qt.DropAction.MoveAction if outline_payload(event.mimeData())
                                else Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def drop_target(self, pos) -> tuple[int | None, int | None, int]:
        """Where a drop at viewport point ``pos`` lands: ``(item_row, excerpt_row, insert)``.

        ``item_row`` is the agenda item's row (None on an empty pack);
        ``excerpt_row`` is the excerpt row under the point (None on an item
        row); ``insert`` is 0 to insert before the row under the point, 1
        after it, 2 onto it (into an item, at its end).
        """
        model = self.model()
        index = self.indexAt(pos)
        if not index.isValid():
            count = model.rowCount()
            return (count - 1 if count else None), None, 1
        rect = self.visualRect(index)
        y = pos.y() - rect.top()
        if index.parent().isValid():
            return index.parent().row(), index.row(), 0 if y < rect.height() / 2 else 1
        if y < rect.height() / 4:
            return index.row(), None, 0
        if y > rect.height() * 3 / 4:
            return index.row(), None, 1
        return index.row(), None, 2

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        mime = event.mimeData()
        pos = event.position().toPoint()
        item_row, excerpt_row, insert = self.drop_target(pos)
        model = self.model()
        payload = outline_payload(mime)
        refs = excerpt_refs(mime) if payload is None else []
        if payload is None and not refs:
            event.ignore()
            return
        # Never MoveAction: a move would make the source view delete its rows itself.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.stop_auto_scroll()
        if item_row is None:
            if refs:
                self.excerpts_dropped.emit(refs, None, 0)
            return
        item_index = model.index(item_row, 0)
        item_id = item_index.data(ID_ROLE)
        excerpt_count = model.rowCount(item_index)
        if excerpt_row is None:
            excerpt_position = excerpt_count if insert != 0 else 0
        else:
            excerpt_position = excerpt_row + insert
        if refs:
            self.excerpts_dropped.emit(refs, item_id, excerpt_position)
            return
        if payload["kind"] == "item":
            source = model.index_of("item", payload["id"])
            if not source.isValid():
                return
            # before an item row's upper quarter, else after that item
            insertion = item_row if insert == 0 and excerpt_row is None else item_row + 1
            final = insertion - 1 if insertion > source.row() else insertion
            if final != source.row():
                self.item_moved.emit(payload["id"], final)
        else:
            source = model.index_of("excerpt", payload["id"])
            if not source.isValid():
                return
            same_item = source.parent().row() == item_row
            final = excerpt_position
            if same_item and excerpt_position > source.row():
                final -= 1
            if not same_item or final != source.row():
                self.excerpt_moved.emit(payload["id"], item_id, final)

    def stop_auto_scroll(self) -> None:
        """Qt leaves auto-scroll running after a drop it did not handle; stop it."""
        self.setState(QAbstractItemView.State.NoState)
