"""Every edit of a briefing pack as a :class:`QUndoCommand`, written through the PackService.

The pack editor has one :class:`QUndoStack`; each edit pushes one command.
A command's :meth:`~PackCommand.redo` and :meth:`~PackCommand.undo` never
touch the database on the GUI thread: they hand a job to the editor's
:class:`PackWriter`, which runs jobs **one at a time, in the order
pushed**, through a :class:`~briefdesk.gui.tasks.SerialQueue`, then reads back
what they changed (off the GUI thread too): the agenda items a command
names (:meth:`PackCommand.touched`), or the whole
:class:`~briefdesk.core.packs.service.PackView`, and hands it to the editor.  Order
matters: an undo queued behind its redo must see the id that redo
created, so jobs read ids from their command when they run, not when they
are queued.

Inverses follow the table in :mod:`briefdesk.core.packs.service`: an add
is undone by a delete that returns a view, and redone by restoring that
view with the same ids, so commands higher on the stack that hold those
ids stay valid.  Every job writes and commits at once: the pack is saved
as you go.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from ...core.errors import BriefDeskError
from ...core.i18n import _
from ...core.packs.service import ExcerptView, HighlightView, ItemView, PackService
from ..qt import QObject, QUndoCommand, Signal
from ..tasks import SerialQueue
from .mime import ExcerptRef

log = logging.getLogger(__name__)

Job = Callable[[PackService], Any]


#: What a job asks to reload once the queue is empty: True (the whole pack), False
#: (nothing), or a callable giving, after the job ran, the ids of the agenda items it
#: changed (None from it: the whole pack).
Reload = bool | Callable[[], "set[int] | None"]


class PackWriter(QObject):
    """Runs pack jobs serially off the GUI thread (a :class:`~briefdesk.gui.tasks.SerialQueue`);
    reloads after each burst of jobs.

    After the queue empties, what the burst changed is read back off the
    GUI thread: the agenda items the jobs name (``items_reloaded(list of
    ItemView)``, cheap: an edit of one item's notes reads that item only),
    or the whole pack (``reloaded(PackView)``) when a job changed the
    meeting or the list of items.  ``failed(exception)`` for a job that
    raised; the queue goes on and the whole pack is reloaded so the editor
    shows what is stored.
    """

    reloaded = Signal(object)
    items_reloaded = Signal(object)
    failed = Signal(object)

    def __init__(self, service: PackService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.pack_id: int | None = None
        self._queue = SerialQueue(owner=self, on_idle=self._reload_changed)
        self._reload_all = False
        self._reload_items: set[int] = set()
        self.jobs_run = 0
        self.reloads = {"pack": 0, "items": 0}

    @property
    def idle(self) -> bool:
        """True when no job or reload is queued or running."""
        return self._queue.idle and not self._reload_all and not self._reload_items

    def submit(self, job: Job, then: Callable[[Any], None] | None = None, *, reload: Reload = True) -> None:
        """Queue ``job(service)``; ``then(result)`` runs on the GUI thread after it."""
        service = self.service
        self._queue.submit(lambda: job(service), lambda result: self._done(then, reload, result), self._failed)

    def reload(self) -> None:
        """Queue a reload of the whole pack."""
        self._reload_all = True
        if self._queue.idle:
            self._reload_changed()

    def _reload_changed(self) -> None:  # the queue is empty: read back what the burst changed
        service = self.service
        if self.pack_id is None:
            self._reload_all, self._reload_items = False, set()
        elif self._reload_all:
            self._reload_all, self._reload_items = False, set()
            pack_id = self.pack_id
            self.reloads["pack"] += 1
            self._queue.submit(lambda: service.get(pack_id), self._reloaded, self._failed)
        elif self._reload_items:
            ids, self._reload_items = sorted(self._reload_items), set()
            self.reloads["items"] += 1
            self._queue.submit(lambda: [service.item(i) for i in ids], self._items_reloaded, self._failed)

    def _done(self, then: Callable[[Any], None] | None, reload: Reload, result: Any) -> None:
        self.jobs_run += 1
        scope = reload() if callable(reload) else reload
        if scope is True or scope is None:
            self._reload_all = True
        elif scope:
            self._reload_items |= set(scope)
        if then is not None:
            then(result)

    def _reloaded(self, view) -> None:
        if view is not None and view.id == self.pack_id:
            self.reloaded.emit(view)

    def _items_reloaded(self, items) -> None:
        if items and all(i.pack_id == self.pack_id for i in items):
            self.items_reloaded.emit(items)

    def _failed(self, error: BaseException) -> None:
        self._reload_all = self.pack_id is not None
        self.failed.emit(error)


def _item_of(editor, excerpt_id: int) -> set[int] | None:
    """``{id}`` of the agenda item holding excerpt ``excerpt_id`` in the editor's pack, or None."""
    try:
        return {editor.view.excerpt(excerpt_id).item_id}
    except (AttributeError, BriefDeskError):
        return None


class PackCommand(QUndoCommand):
    """Base of the pack's commands: :meth:`apply`/:meth:`revert` run on a worker, in order.

    Subclasses implement :meth:`apply` (first and later redos) and
    :meth:`revert` (undo), both given the :class:`PackService`; they may
    store on ``self`` what the inverse needs.  :meth:`after` runs on the GUI
    thread once the job is done (``undone`` says which way), to show what
    changed (``focus``: ``("item", id)`` or ``("excerpt", id)``).
    """

    def __init__(self, editor, text: str) -> None:
        super().__init__(text)
        self.editor = editor
        self.applied = 0  # how many times apply() has run (0 before the first redo)
        self.focus: tuple[str, int] | None = None

    def redo(self) -> None:
        self.editor.writer.submit(self._apply, lambda _r: self.after(undone=False), reload=self.touched)

    def undo(self) -> None:
        self.editor.writer.submit(self.revert, lambda _r: self.after(undone=True), reload=self.touched)

    def touched(self) -> set[int] | None:
        """Ids of the agenda items the last apply/revert changed, or None for the whole pack
        (the meeting, or which items there are and their order)."""
        return None

    def _apply(self, service: PackService) -> None:
        self.apply(service)
        self.applied += 1

    def apply(self, service: PackService) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def revert(self, service: PackService) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def after(self, *, undone: bool) -> None:
        if self.focus is not None:
            self.editor.select(*self.focus)


class MeetingCommand(PackCommand):
    """Change meeting fields of the pack (``values``: :data:`~briefdesk.core.packs.service.MEETING_FIELDS`)."""

    def __init__(self, editor, pack_id: int, values: dict) -> None:
        super().__init__(editor, _("Change {fields}").format(fields=", ".join(editor.field_label(k) for k in values)))
        self.pack_id, self.values = pack_id, dict(values)
        self.old: dict | None = None

    def apply(self, service: PackService) -> None:
        old = service.update_meeting(self.pack_id, **self.values)
        if self.old is None:
            self.old = old

    def revert(self, service: PackService) -> None:
        service.update_meeting(self.pack_id, **(self.old or {}))

    def after(self, *, undone: bool) -> None:
        self.editor.show_meeting_values(self.old if undone else self.values)


class AddItemCommand(PackCommand):
    """Add an agenda item (``number``, ``title``) at ``position`` (None: last)."""

    def __init__(self, editor, pack_id: int, number: str, title: str, position: int | None = None) -> None:
        super().__init__(editor, _("Add agenda item {number}").format(number=number or title))
        self.pack_id, self.number, self.title, self.position = pack_id, number, title, position
        self.item_id: int | None = None
        self.removed: ItemView | None = None

    def apply(self, service: PackService) -> None:
        if self.removed is None:
            self.item_id = service.add_item(self.pack_id, self.number, self.title, position=self.position)
        else:
            self.item_id = service.restore_item(self.removed)
        self.focus = ("item", self.item_id)

    def revert(self, service: PackService) -> None:
        self.removed = service.delete_item(self.item_id)

    def after(self, *, undone: bool) -> None:
        if not undone:
            super().after(undone=undone)


class DeleteItemCommand(PackCommand):
    """Delete an agenda item with its excerpts."""

    def __init__(self, editor, item_id: int, label: str) -> None:
        super().__init__(editor, _("Delete agenda item {number}").format(number=label))
        self.item_id = item_id
        self.removed: ItemView | None = None
        self.focus = ("item", item_id)

    def apply(self, service: PackService) -> None:
        self.removed = service.delete_item(self.item_id)

    def revert(self, service: PackService) -> None:
        service.restore_item(self.removed)

    def after(self, *, undone: bool) -> None:
        if undone:
            super().after(undone=undone)


class MoveItemCommand(PackCommand):
    """Move an agenda item to ``position`` (final 0-based index)."""

    def __init__(self, editor, item_id: int, position: int, label: str) -> None:
        super().__init__(editor, _("Move agenda item {number}").format(number=label))
        self.item_id, self.position = item_id, position
        self.old_position: int | None = None
        self.focus = ("item", item_id)

    def apply(self, service: PackService) -> None:
        self.old_position = service.move_item(self.item_id, self.position)

    def revert(self, service: PackService) -> None:
        service.move_item(self.item_id, self.old_position)


class ItemFieldCommand(PackCommand):
    """Change one field of an agenda item: ``number``, ``title`` or a rich-text section (HTML)."""

    def __init__(self, editor, item_id: int, field: str, value: str) -> None:
        super().__init__(editor, _("Edit {field}").format(field=editor.field_label(field)))
        self.item_id, self.field, self.value = item_id, field, value
        self.old: str | None = None
        self.focus = ("item", item_id)

    def apply(self, service: PackService) -> None:
        old = service.update_item(self.item_id, **{self.field: self.value})[self.field]
        if self.old is None:
            self.old = old

    def revert(self, service: PackService) -> None:
        service.update_item(self.item_id, **{self.field: self.old or ""})

    def touched(self) -> set[int]:
        return {self.item_id}

    def after(self, *, undone: bool) -> None:
        if self.applied > 1 or undone:  # the first redo: the editor already shows the text
            self.editor.show_item_field(self.item_id, self.field, self.old if undone else self.value)
            super().after(undone=undone)


class AddExcerptCommand(PackCommand):
    """Copy library paragraphs (an :class:`~.mime.ExcerptRef`) into agenda item ``item_id``."""

    def __init__(self, editor, item_id: int, ref: ExcerptRef, position: int | None = None) -> None:
        what = ref.symbol or _("document")
        super().__init__(editor, _("Add excerpt from {symbol}").format(symbol=what))
        self.item_id, self.ref, self.position = item_id, ref, position
        self.excerpt_id: int | None = None
        self.removed: ExcerptView | None = None

    def apply(self, service: PackService) -> None:
        if self.removed is not None:
            self.excerpt_id = service.restore_excerpt(self.removed)
        else:
            ids, section = paragraph_choice(service, self.ref)
            self.excerpt_id = service.add_excerpt(self.item_id, self.ref.document_id, ids, section,
                                                  position=self.position)
        self.focus = ("excerpt", self.excerpt_id)

    def revert(self, service: PackService) -> None:
        self.removed = service.delete_excerpt(self.excerpt_id)

    def after(self, *, undone: bool) -> None:
        self.editor.select(*(("item", self.item_id) if undone else self.focus))

    def touched(self) -> set[int]:
        return {self.item_id}


def paragraph_choice(service: PackService, ref: ExcerptRef) -> tuple[list[int] | None, str | None]:
    """``(paragraph_ids, section)`` for :meth:`PackService.add_excerpt` from a reference (worker thread).

    A section goes by name (the excerpt's scope is then "section") when it
    is named without paragraphs, when a paragraph's section is asked for (a
    search hit's *Its section*), or when the paragraphs given are exactly
    those of that name.  Otherwise the paragraphs go by stored id: the ids
    the drag carried (search hits and the document view know them), else
    the reading-order positions looked up here.
    """
    if ref.scope == "document":
        return None, None
    if ref.scope == "section" and ref.section and not ref.positions:
        return None, ref.section  # the section by name: every paragraph labelled so
    doc = None
    if ref.scope == "section" or not ref.paragraph_ids:
        doc = service.library.document(ref.document_id)
        paragraphs = sorted(doc.paragraphs, key=lambda p: p.position)
        if ref.scope == "section" and not ref.section:  # "the section of this paragraph"
            at = next((p for p in paragraphs if ref.positions and p.position == ref.positions[0]), None)
            if at is None or not at.section:
                raise BriefDeskError(_("This paragraph is in no section of {symbol}.").format(
                    symbol=doc.symbol or doc.title))
            return None, at.section
        if ref.scope == "section":
            named = [p.position for p in paragraphs if p.section == ref.section]
            if named == sorted(ref.positions):
                return None, ref.section
    if ref.paragraph_ids:
        return list(ref.paragraph_ids), None
    by_position = {p.position: p.id for p in paragraphs}
    missing = [pos for pos in ref.positions if pos not in by_position]
    if missing or not ref.positions:
        raise BriefDeskError(_("The chosen paragraphs are no longer in the library; open the document again."))
    return [by_position[pos] for pos in ref.positions], None


class DeleteExcerptCommand(PackCommand):
    """Remove an excerpt (with its highlights and notes) from its item."""

    def __init__(self, editor, excerpt_id: int, label: str) -> None:
        super().__init__(editor, _("Remove excerpt {source}").format(source=label))
        self.excerpt_id = excerpt_id
        self.removed: ExcerptView | None = None

    def apply(self, service: PackService) -> None:
        self.removed = service.delete_excerpt(self.excerpt_id)
        self.focus = ("item", self.removed.item_id)

    def revert(self, service: PackService) -> None:
        service.restore_excerpt(self.removed)
        self.focus = ("excerpt", self.excerpt_id)

    def touched(self) -> set[int] | None:
        return {self.removed.item_id} if self.removed is not None else None


class MoveExcerptCommand(PackCommand):
    """Move an excerpt to ``position`` (final index) in item ``item_id`` (the same or another)."""

    def __init__(self, editor, excerpt_id: int, item_id: int, position: int, label: str) -> None:
        super().__init__(editor, _("Move excerpt {source}").format(source=label))
        self.excerpt_id, self.item_id, self.position = excerpt_id, item_id, position
        self.old: tuple[int, int] | None = None
        self.focus = ("excerpt", excerpt_id)

    def apply(self, service: PackService) -> None:
        self.old = service.move_excerpt(self.excerpt_id, self.item_id, self.position)

    def revert(self, service: PackService) -> None:
        service.move_excerpt(self.excerpt_id, *self.old)

    def touched(self) -> set[int] | None:
        return {self.item_id, self.old[0]} if self.old is not None else None


class UpdateExcerptCommand(PackCommand):
    """Re-copy a stale excerpt from the library's current source (undo puts the old text back)."""

    def __init__(self, editor, excerpt_id: int, label: str) -> None:
        super().__init__(editor, _("Update excerpt {source}").format(source=label))
        self.excerpt_id = excerpt_id
        self.before: ExcerptView | None = None
        self.after_update: ExcerptView | None = None
        self.focus = ("excerpt", excerpt_id)

    def apply(self, service: PackService) -> None:
        if self.after_update is None:
            self.before = service.update_excerpt(self.excerpt_id)
        else:
            service.restore_excerpt(self.after_update)

    def revert(self, service: PackService) -> None:
        self.after_update = service.get(self.editor.pack_id).excerpt(self.excerpt_id)
        service.restore_excerpt(self.before)

    def touched(self) -> set[int] | None:
        return {self.before.item_id} if self.before is not None else None

    def after(self, *, undone: bool) -> None:
        self.editor.schedule_stale_check()
        super().after(undone=undone)


class HighlightCommand(PackCommand):
    """Highlight ``text[start:end]`` of excerpt paragraph ``paragraph_id``."""

    def __init__(self, editor, excerpt_id: int, paragraph_id: int, start: int, end: int) -> None:
        super().__init__(editor, _("Highlight"))
        self.paragraph_id, self.start, self.end = paragraph_id, start, end
        self.highlight_id: int | None = None
        self.removed: HighlightView | None = None
        self.item_ids = _item_of(editor, excerpt_id)
        self.focus = ("excerpt", excerpt_id)

    def apply(self, service: PackService) -> None:
        if self.removed is None:
            self.highlight_id = service.add_highlight(self.paragraph_id, self.start, self.end)
        else:
            self.highlight_id = service.restore_highlight(self.removed)

    def revert(self, service: PackService) -> None:
        self.removed = service.remove_highlight(self.highlight_id)

    def touched(self) -> set[int] | None:
        return self.item_ids


class RemoveHighlightCommand(PackCommand):
    """Remove the highlights ``highlight_ids`` (undo puts them back with their ids)."""

    def __init__(self, editor, excerpt_id: int, highlight_ids: Sequence[int]) -> None:
        super().__init__(editor, _("Remove highlight"))
        self.highlight_ids = list(highlight_ids)
        self.removed: list[HighlightView] = []
        self.item_ids = _item_of(editor, excerpt_id)
        self.focus = ("excerpt", excerpt_id)

    def apply(self, service: PackService) -> None:
        self.removed = [service.remove_highlight(h) for h in self.highlight_ids]

    def revert(self, service: PackService) -> None:
        for view in self.removed:
            service.restore_highlight(view)

    def touched(self) -> set[int] | None:
        return self.item_ids


class NoteCommand(PackCommand):
    """Set (or with ``""`` remove) the note on excerpt paragraph ``paragraph_id``."""

    def __init__(self, editor, excerpt_id: int, paragraph_id: int, html: str) -> None:
        super().__init__(editor, _("Edit note"))
        self.paragraph_id, self.html = paragraph_id, html
        self.old: str | None = None
        self.item_ids = _item_of(editor, excerpt_id)
        self.focus = ("excerpt", excerpt_id)

    def apply(self, service: PackService) -> None:
        old = service.set_note(self.paragraph_id, self.html)
        if self.old is None:
            self.old = old

    def revert(self, service: PackService) -> None:
        service.set_note(self.paragraph_id, self.old or "")

    def touched(self) -> set[int] | None:
        return self.item_ids

    def after(self, *, undone: bool) -> None:
        if self.applied > 1 or undone:
            super().after(undone=undone)
            self.editor.show_note(self.paragraph_id, self.old if undone else self.html)
