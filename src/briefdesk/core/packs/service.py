"""The briefing-pack service: every read and edit of packs, shared by the GUI and the CLI.

:class:`PackService` wraps a :class:`~briefdesk.core.library.Library`; every
public method opens its own short transaction and commits it (the pack is
saved as you go), so it may be called from a worker thread.

**Undo.**  Every mutating call returns what is needed to invert it, so a
GUI ``QUndoCommand`` can store it:

=====================================  ===========================================================
call                                   inverse
=====================================  ===========================================================
``create(...) -> id``                  ``delete(id)``
``delete(id) -> PackView``             ``restore_pack(view)`` (same ids)
``update_meeting(id, **f) -> old``     ``update_meeting(id, **old)``
``add_item(...) -> id``                ``delete_item(id)``
``update_item(id, **f) -> old``        ``update_item(id, **old)``
``move_item(id, pos) -> old_pos``      ``move_item(id, old_pos)``
``delete_item(id) -> ItemView``        ``restore_item(view)`` (same ids, same position)
``add_excerpt(...) -> id``             ``delete_excerpt(id)``
``move_excerpt(id, item, pos) -> (old_item, old_pos)``  ``move_excerpt(id, *old)``
``delete_excerpt(id) -> ExcerptView``  ``restore_excerpt(view)``
``update_excerpt(id) -> ExcerptView``  ``restore_excerpt(view)`` (replaces the updated one)
``add_highlight(...) -> id``           ``remove_highlight(id)``
``remove_highlight(id) -> HighlightView``  ``restore_highlight(view)``
``set_note(pid, html) -> old_html``    ``set_note(pid, old_html)`` (``""`` removes the note)
=====================================  ===========================================================

Restores re-create rows with the ids they had, so commands further up the
undo stack that hold those ids stay valid.

Errors: :class:`~briefdesk.core.errors.NotFound` for an id that names
nothing; bad arguments (unknown fields, a date that is not ISO 8601, an
empty highlight) raise :class:`~briefdesk.core.errors.BriefDeskError` with
a message fit to show.  Nothing else is raised for user input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..document import ParagraphKind
from ..concurrency import retry_methods
from ..errors import BriefDeskError, EditConflict, NotFound
from ..i18n import _
from ..languages import default_document_language
from ..library import bare
from ..models import Document, Paragraph
from .models import AgendaItem, Excerpt, ExcerptParagraph, Highlight, Note, Pack, utcnow
from .richtext import sanitize

#: Meeting fields of a pack that :meth:`PackService.create` and :meth:`~PackService.update_meeting` take.
MEETING_FIELDS = ("title", "body", "session", "start_date", "end_date", "venue", "delegation",
                  "language", "classification", "version")
#: Rich-text sections of an agenda item, in print order.
ITEM_SECTIONS = ("background", "objectives", "talking_points", "lines_to_take")
ITEM_FIELDS = ("number", "title", *ITEM_SECTIONS)


# ---------------------------------------------------------------------------
# views (plain frozen dataclasses, detached from the database)


@dataclass(frozen=True)
class FootnoteView:
    """A footnote of an excerpt paragraph (see :class:`~briefdesk.core.document.ParsedFootnote`)."""

    marker: str
    text: str
    offset: int | None = None


@dataclass(frozen=True)
class HighlightView:
    """Highlighted ``text[start:end]`` of excerpt paragraph ``paragraph_id`` (characters, end exclusive)."""

    id: int
    paragraph_id: int
    start: int
    end: int


@dataclass(frozen=True)
class ExcerptParagraphView:
    """One paragraph of an excerpt, as imported; ``note`` is sanitized HTML or ``""``."""

    id: int
    position: int
    kind: str
    number: str | None
    level: int
    text: str
    verb: str | None = None
    section: str | None = None
    part_title: str | None = None
    footnotes: tuple[FootnoteView, ...] = ()
    source_paragraph_id: int | None = None
    highlights: tuple[HighlightView, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ExcerptView:
    """An excerpt with its source and paragraphs.

    ``source_line`` is not stored: :func:`source_reference` makes it
    (``"CBD/SBI/2/10, paras 4–6 (zh)"``) in the pack's language.
    """

    id: int
    item_id: int
    position: int
    scope: str
    section: str | None
    source_document_id: int | None
    source_symbol: str | None
    source_language: str
    source_title: str
    source_body: str
    source_kind: str
    source_date: dt.date | None
    content_hash: str
    created_at: dt.datetime
    paragraphs: tuple[ExcerptParagraphView, ...] = ()

    @property
    def numbers(self) -> list[str]:
        """Numbers of the excerpt's top-level numbered paragraphs, bare (``["4", "5", "6"]``)."""
        return [bare(p.number) for p in self.paragraphs
                if p.number and p.level == 0 and p.kind != ParagraphKind.HEADING.value]


@dataclass(frozen=True)
class ItemView:
    """An agenda item with its rich-text sections (sanitized HTML) and excerpts in order."""

    id: int
    pack_id: int
    position: int
    number: str
    title: str
    background: str = ""
    objectives: str = ""
    talking_points: str = ""
    lines_to_take: str = ""
    excerpts: tuple[ExcerptView, ...] = ()


@dataclass(frozen=True)
class PackView:
    """A whole pack, detached: what the editor shows, the PDF prints and ``.briefpack`` carries."""

    id: int
    title: str
    body: str
    session: str
    start_date: dt.date | None
    end_date: dt.date | None
    venue: str
    delegation: str
    language: str
    classification: str
    version: str
    created_at: dt.datetime
    updated_at: dt.datetime
    items: tuple[ItemView, ...] = ()

    def meeting(self) -> dict:
        """The meeting fields (:data:`MEETING_FIELDS`) as a dict."""
        return {name: getattr(self, name) for name in MEETING_FIELDS}

    def excerpt(self, excerpt_id: int) -> ExcerptView:
        """The excerpt with this id; raises :class:`NotFound`."""
        for item in self.items:
            for ex in item.excerpts:
                if ex.id == excerpt_id:
                    return ex
        raise NotFound(_("No excerpt {id} in this pack.").format(id=excerpt_id))


@dataclass(frozen=True)
class PackSummary:
    """A row of the pack list."""

    id: int
    title: str
    body: str
    session: str
    start_date: dt.date | None
    end_date: dt.date | None
    language: str
    version: str
    updated_at: dt.datetime
    item_count: int

    def as_dict(self) -> dict:
        """JSON form (``briefdesk pack list --json``); dates ISO 8601."""
        d = asdict(self)
        for key in ("start_date", "end_date", "updated_at"):
            d[key] = d[key].isoformat() if d[key] else None
        return d


@dataclass(frozen=True)
class StaleExcerpt:
    """An excerpt whose source in the library now reads differently.

    ``current_document_id`` is the library document it would be updated
    from (the newest import with the same symbol and language, or the
    same document); ``changed`` the bare numbers (or positions ``"#3"``
    for unnumbered paragraphs) of excerpt paragraphs that differ, were
    removed (``removed``) or are new (``added``).
    """

    excerpt_id: int
    item_id: int
    source_symbol: str | None
    current_document_id: int
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgendaEntry:
    """An agenda item proposed from an imported document: ``number`` (``"11"``) and ``title``."""

    number: str
    title: str


# ---------------------------------------------------------------------------
# helpers


def paragraph_record(p) -> dict:
    """The stored content of a paragraph (library or excerpt) as a JSON-able dict: the fields
    :func:`excerpt_hash` covers (kind, number, level, text, verb, section, footnotes)."""
    footnotes = p.footnotes
    if footnotes and not isinstance(footnotes[0], dict):
        footnotes = [{"marker": f.marker, "text": f.text, "offset": f.offset} for f in footnotes]
    return {"kind": p.kind if isinstance(p.kind, str) else p.kind.value, "number": p.number,
            "level": p.level, "text": p.text, "verb": p.verb, "section": p.section,
            "footnotes": [dict(f) for f in footnotes or []]}


def excerpt_hash(records: Iterable[dict]) -> str:
    """SHA-256 (hex) of paragraph records (:func:`paragraph_record`) in order, as canonical JSON."""
    data = json.dumps(list(records), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _fn_views(footnotes) -> tuple[FootnoteView, ...]:
    return tuple(FootnoteView(f.get("marker", ""), f.get("text", ""), f.get("offset"))
                 for f in footnotes or [])


def _excerpt_tree() -> tuple:
    """Eager loads under an excerpt for :func:`_excerpt_view` (one query per level, not per row).
    Built on use, not at import: building loader options configures every mapper, which the
    window's first paint does not need (issue 13)."""
    return (selectinload(Excerpt.paragraphs).selectinload(ExcerptParagraph.highlights),
            selectinload(Excerpt.paragraphs).selectinload(ExcerptParagraph.note))


def _newest(s: Session, ex) -> int | None:
    """The id of the newest library import of an excerpt's source symbol (case-insensitive) in its
    language, or ``None`` (also when the excerpt has no symbol)."""
    if not ex.source_symbol:
        return None
    return s.scalar(select(Document.id).where(
        func.lower(Document.symbol) == ex.source_symbol.lower(), Document.language == ex.source_language)
        .order_by(Document.imported_at.desc(), Document.id.desc()))


def _get(s: Session, model, ident: int, message: str, options=()):
    """``s.get(model, ident)`` (with loader ``options``) or :class:`NotFound` with ``message``
    (already translated, ``{id}`` filled in here)."""
    obj = s.get(model, ident, options=list(options))
    if obj is None:
        raise NotFound(message.format(id=ident))
    return obj


def _excerpt_view(ex: Excerpt) -> ExcerptView:
    return ExcerptView(
        id=ex.id, item_id=ex.item_id, position=ex.position, scope=ex.scope, section=ex.section,
        source_document_id=ex.source_document_id, source_symbol=ex.source_symbol,
        source_language=ex.source_language, source_title=ex.source_title, source_body=ex.source_body,
        source_kind=ex.source_kind, source_date=ex.source_date, content_hash=ex.content_hash,
        created_at=ex.created_at,
        paragraphs=tuple(ExcerptParagraphView(
            id=p.id, position=p.position, kind=p.kind, number=p.number, level=p.level, text=p.text,
            verb=p.verb, section=p.section, part_title=p.part_title, footnotes=_fn_views(p.footnotes),
            source_paragraph_id=p.source_paragraph_id,
            highlights=tuple(HighlightView(h.id, p.id, h.start, h.end) for h in p.highlights),
            note=p.note.text if p.note is not None else "") for p in ex.paragraphs))


def _item_view(item: AgendaItem) -> ItemView:
    return ItemView(id=item.id, pack_id=item.pack_id, position=item.position, number=item.number,
                    title=item.title, background=item.background, objectives=item.objectives,
                    talking_points=item.talking_points, lines_to_take=item.lines_to_take,
                    excerpts=tuple(_excerpt_view(e) for e in item.excerpts))


def _pack_view(pack: Pack) -> PackView:
    return PackView(id=pack.id, title=pack.title, body=pack.body, session=pack.session,
                    start_date=pack.start_date, end_date=pack.end_date, venue=pack.venue,
                    delegation=pack.delegation, language=pack.language,
                    classification=pack.classification, version=pack.version,
                    created_at=pack.created_at, updated_at=pack.updated_at,
                    items=tuple(_item_view(i) for i in pack.items))


def _excerpt_rows(view: ExcerptView, item_id: int, position: int, *, keep_ids: bool = True) -> Excerpt:
    """ORM rows re-created from an :class:`ExcerptView` (ids kept when ``keep_ids``)."""
    ex = Excerpt(item_id=item_id, position=position, scope=view.scope, section=view.section,
                 source_document_id=view.source_document_id, source_symbol=view.source_symbol,
                 source_language=view.source_language, source_title=view.source_title,
                 source_body=view.source_body, source_kind=view.source_kind, source_date=view.source_date,
                 content_hash=view.content_hash, created_at=view.created_at)
    if keep_ids:
        ex.id = view.id
    for p in view.paragraphs:
        row = ExcerptParagraph(position=p.position, kind=p.kind, number=p.number, level=p.level, text=p.text,
                               verb=p.verb, section=p.section, part_title=p.part_title,
                               footnotes=[asdict(f) for f in p.footnotes],
                               source_paragraph_id=p.source_paragraph_id)
        if keep_ids:
            row.id = p.id
        row.highlights = [Highlight(id=h.id if keep_ids else None, start=h.start, end=h.end)
                          for h in p.highlights]
        if p.note:
            row.note = Note(text=p.note)
        ex.paragraphs.append(row)
    return ex


def _renumber(rows: Sequence) -> None:
    for i, row in enumerate(rows):
        row.position = i




# ---------------------------------------------------------------------------
# the service


class PackService:
    """Briefing packs in ``library``'s database (see the module docstring for undo)."""

    def __init__(self, library) -> None:
        self.library = library
        self.sessions = library.sessions

    # -- reading -----------------------------------------------------------

    def list(self) -> list[PackSummary]:
        """Every pack, most recently edited first."""
        counts = (select(AgendaItem.pack_id, func.count(AgendaItem.id).label("n"))
                  .group_by(AgendaItem.pack_id).subquery())
        stmt = (select(Pack, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.pack_id == Pack.id)
                .order_by(Pack.updated_at.desc(), Pack.id.desc()))
        with self.sessions() as s:
            return [PackSummary(p.id, p.title, p.body, p.session, p.start_date, p.end_date, p.language,
                                p.version, p.updated_at, n) for p, n in s.execute(stmt)]

    def get(self, pack_id: int) -> PackView:
        """The whole pack as a :class:`PackView`; raises :class:`NotFound`."""
        with self.sessions() as s:
            return _pack_view(self._pack(s, pack_id, options=[
                selectinload(Pack.items).selectinload(AgendaItem.excerpts).options(*_excerpt_tree())]))

    def resolve(self, ref: str | int) -> int:
        """The id of the pack ``ref`` names: an id (``3``, ``#3``) or a title (case-insensitive,
        newest first).  Raises :class:`NotFound`."""
        text = str(ref).strip()
        with self.sessions() as s:
            if text.lstrip("#").isdigit() and s.get(Pack, int(text.lstrip("#"))) is not None:
                return int(text.lstrip("#"))
            found = s.scalar(select(Pack.id).where(func.lower(Pack.title) == text.lower())
                             .order_by(Pack.id.desc()))
        if found is None:
            raise NotFound(_("No briefing pack {ref} in the library.").format(ref=text))
        return found

    def item(self, item_id: int) -> ItemView:
        """One agenda item with its excerpts; raises :class:`NotFound`."""
        with self.sessions() as s:
            return _item_view(self._item(s, item_id, options=[
                selectinload(AgendaItem.excerpts).options(*_excerpt_tree())]))

    # -- internal lookups --------------------------------------------------

    def _pack(self, s: Session, pack_id: int, options=()) -> Pack:
        return _get(s, Pack, pack_id, _("No briefing pack {id} in the library."), options)

    def _item(self, s: Session, item_id: int, options=()) -> AgendaItem:
        return _get(s, AgendaItem, item_id, _("No agenda item {id} in the pack."), options)

    def _excerpt(self, s: Session, excerpt_id: int) -> Excerpt:
        return _get(s, Excerpt, excerpt_id, _("No excerpt {id} in the pack."))

    def _paragraph(self, s: Session, paragraph_id: int) -> ExcerptParagraph:
        return _get(s, ExcerptParagraph, paragraph_id, _("No excerpt paragraph {id} in the pack."))

    @staticmethod
    def _touch(s: Session, pack_id: int) -> None:
        pack = s.get(Pack, pack_id)
        if pack is not None:
            pack.updated_at = utcnow()

    # -- packs ---------------------------------------------------------------

    @staticmethod
    def _meeting_values(values: dict) -> dict:
        unknown = set(values) - set(MEETING_FIELDS)
        if unknown:
            raise BriefDeskError(_("Unknown pack fields: {names}").format(names=", ".join(sorted(unknown))))
        out = {}
        for key, value in values.items():
            if key in ("start_date", "end_date"):
                if isinstance(value, str) and value:
                    try:
                        value = dt.date.fromisoformat(value)
                    except ValueError as exc:
                        raise BriefDeskError(_("{field} is not a date (YYYY-MM-DD): {value}").format(
                            field=key, value=value)) from exc
                out[key] = value or None
            else:
                out[key] = "" if value is None else str(value)
        if "language" in out and not out["language"]:
            out["language"] = default_document_language()
        return out

    def create(self, **meeting) -> int:
        """Create a pack from meeting fields (:data:`MEETING_FIELDS`; dates as ``date`` or ISO
        strings; ``language`` defaults to the interface language,
        :func:`.languages.default_document_language`); returns its id."""
        values = self._meeting_values(meeting)
        with self.sessions.begin() as s:
            pack = Pack(**{"language": default_document_language(), **values})
            s.add(pack)
            s.flush()
            return pack.id

    def update_meeting(self, pack_id: int, *, expected: dict | None = None, **meeting) -> dict:
        """Change meeting fields; returns their previous values (pass them back to undo).

        ``expected``: the values of those fields that the user started from (as
        :meth:`meeting` gave them); where someone else has changed one since (a team library),
        raises :class:`~briefdesk.core.errors.EditConflict` naming the pack and writes nothing."""
        values = self._meeting_values(meeting)
        wanted = self._meeting_values(expected) if expected else {}
        with self.sessions.begin() as s:
            pack = self._pack(s, pack_id)
            old = {key: getattr(pack, key) for key in values}
            if any(getattr(pack, key) != value for key, value in wanted.items()):
                raise EditConflict(_("Someone else changed the meeting details of pack “{title}” since you "
                                     "opened it; your changes were not saved. Reload the pack and make them "
                                     "again.").format(title=pack.title))
            for key, value in values.items():
                setattr(pack, key, value)
            pack.updated_at = utcnow()
            return old

    def delete(self, pack_id: int) -> PackView:
        """Delete a pack with everything in it; returns the full :class:`PackView` for :meth:`restore_pack`."""
        view = self.get(pack_id)
        with self.sessions.begin() as s:
            s.delete(self._pack(s, pack_id))
        return view

    def restore_pack(self, view: PackView, *, keep_ids: bool = True) -> int:
        """Re-create a pack from a :class:`PackView` (with the same ids unless ``keep_ids`` is false,
        as when importing a shared pack); returns its id."""
        with self.sessions.begin() as s:
            pack = Pack(**{k: getattr(view, k) for k in MEETING_FIELDS},
                        created_at=view.created_at, updated_at=view.updated_at)
            if keep_ids:
                pack.id = view.id
            s.add(pack)
            s.flush()
            for item in view.items:
                s.add(self._item_rows(item, pack.id, item.position, keep_ids=keep_ids))
            s.flush()
            return pack.id

    @staticmethod
    def _item_rows(view: ItemView, pack_id: int, position: int, *, keep_ids: bool) -> AgendaItem:
        item = AgendaItem(pack_id=pack_id, position=position,
                          **{k: getattr(view, k) for k in ITEM_FIELDS})
        if keep_ids:
            item.id = view.id
        for ex in view.excerpts:
            item.excerpts.append(_excerpt_rows(ex, 0, ex.position, keep_ids=keep_ids))
        return item

    # -- sharing ---------------------------------------------------------------

    def export_briefpack(self, pack_id: int, path: str | Path) -> Path:
        """Write the pack as a ``.briefpack`` share file (see :mod:`.share`); returns the path.
        Raises :class:`NotFound`, :class:`~briefdesk.core.errors.ExportError`."""
        from .share import write_briefpack

        return write_briefpack(self.get(pack_id), path)

    def import_briefpack(self, path: str | Path) -> int:
        """Add the pack in a ``.briefpack`` file to the library as a new pack; returns its id.

        Only database rows are written (see :mod:`.share` for what is refused, with a
        :class:`~briefdesk.core.errors.ReadError`).  Excerpts whose source (same symbol and
        language) is in this library are linked to it, so :meth:`stale_excerpts` can compare them.
        """
        from .share import read_briefpack

        view = read_briefpack(path)
        with self.sessions() as s:
            items = []
            for item in view.items:
                excerpts = []
                for ex in item.excerpts:
                    excerpts.append(replace(ex, source_document_id=_newest(s, ex)))
                items.append(replace(item, excerpts=tuple(excerpts)))
        return self.restore_pack(replace(view, items=tuple(items)), keep_ids=False)

    # -- agenda items ------------------------------------------------------

    def add_item(self, pack_id: int, number: str = "", title: str = "", *, position: int | None = None,
                 **sections: str) -> int:
        """Add an agenda item at ``position`` (default: last); ``sections`` are
        :data:`ITEM_SECTIONS` as HTML or plain text (sanitized).  Returns its id."""
        bad = set(sections) - set(ITEM_SECTIONS)
        if bad:
            raise BriefDeskError(_("Unknown agenda item fields: {names}").format(names=", ".join(sorted(bad))))
        with self.sessions.begin() as s:
            pack = self._pack(s, pack_id)
            items = list(pack.items)
            position = len(items) if position is None else max(0, min(position, len(items)))
            item = AgendaItem(number=str(number or ""), title=title or "",
                              **{k: sanitize(sections.get(k, "")) for k in ITEM_SECTIONS})
            items.insert(position, item)
            pack.items = items
            _renumber(items)
            pack.updated_at = utcnow()
            s.flush()
            return item.id

    def update_item(self, item_id: int, **fields_) -> dict:
        """Change fields of an item (:data:`ITEM_FIELDS`; sections sanitized); returns the previous values."""
        bad = set(fields_) - set(ITEM_FIELDS)
        if bad:
            raise BriefDeskError(_("Unknown agenda item fields: {names}").format(names=", ".join(sorted(bad))))
        with self.sessions.begin() as s:
            item = self._item(s, item_id)
            old = {k: getattr(item, k) for k in fields_}
            for k, v in fields_.items():
                setattr(item, k, sanitize(v) if k in ITEM_SECTIONS else str(v or ""))
            self._touch(s, item.pack_id)
            return old

    def move_item(self, item_id: int, position: int) -> int:
        """Move an item to ``position`` (0-based, clamped); returns its old position."""
        with self.sessions.begin() as s:
            item = self._item(s, item_id)
            pack = item.pack
            items = list(pack.items)
            old = items.index(item)
            items.pop(old)
            items.insert(max(0, min(position, len(items))), item)
            _renumber(items)
            pack.updated_at = utcnow()
            return old

    def delete_item(self, item_id: int) -> ItemView:
        """Delete an item with its excerpts; returns its :class:`ItemView` for :meth:`restore_item`."""
        view = self.item(item_id)
        with self.sessions.begin() as s:
            item = self._item(s, item_id)
            pack = item.pack
            pack.items.remove(item)  # delete-orphan deletes it
            s.flush()
            _renumber(pack.items)
            pack.updated_at = utcnow()
        return view

    def restore_item(self, view: ItemView) -> int:
        """Put a deleted item back where it was, with its ids and excerpts; returns its id."""
        with self.sessions.begin() as s:
            pack = self._pack(s, view.pack_id)
            items = list(pack.items)
            item = self._item_rows(view, pack.id, view.position, keep_ids=True)
            items.insert(max(0, min(view.position, len(items))), item)
            pack.items = items
            _renumber(items)
            pack.updated_at = utcnow()
            s.flush()
            return item.id

    # -- excerpts ------------------------------------------------------------

    def _select(self, doc: Document, paragraph_ids: Sequence[int] | None,
                section: str | None) -> tuple[str, list[Paragraph]]:
        paras = list(doc.paragraphs)
        if paragraph_ids is not None:
            wanted = set(paragraph_ids)
            chosen = [p for p in paras if p.id in wanted]
            missing = wanted - {p.id for p in chosen}
            if missing:
                raise NotFound(_("Paragraphs {ids} are not in document {ref}.").format(
                    ids=", ".join(str(i) for i in sorted(missing)), ref=doc.symbol or f"#{doc.id}"))
            return "paragraphs", chosen
        if section is not None:
            chosen = [p for p in paras if p.section == section]
            if not chosen:
                raise NotFound(_("Document {ref} has no section {section}.").format(
                    ref=doc.symbol or f"#{doc.id}", section=section))
            return "section", chosen
        return "document", paras

    def _document(self, s: Session, document_id: int) -> Document:
        doc = s.scalars(select(Document).where(Document.id == document_id).options(
            selectinload(Document.paragraphs).selectinload(Paragraph.footnotes),
            selectinload(Document.paragraphs).selectinload(Paragraph.part))).one_or_none()
        if doc is None:
            raise NotFound(_("No document {ref} in the library.").format(ref=f"#{document_id}"))
        return doc

    @staticmethod
    def _paragraph_rows(chosen: Sequence[Paragraph]) -> list[ExcerptParagraph]:
        rows = []
        for i, p in enumerate(chosen):
            rec = paragraph_record(p)
            rows.append(ExcerptParagraph(
                position=i, source_paragraph_id=p.id, kind=rec["kind"], number=p.number, level=p.level,
                text=p.text, verb=p.verb, section=p.section,
                part_title=(p.part.title or p.part.kind) if p.part is not None else None,
                footnotes=rec["footnotes"]))
        return rows

    def add_excerpt(self, item_id: int, document_id: int, paragraph_ids: Sequence[int] | None = None,
                    section: str | None = None, *, position: int | None = None) -> int:
        """Copy paragraphs of a library document into an agenda item; returns the excerpt's id.

        ``paragraph_ids`` (library :class:`~briefdesk.core.models.Paragraph` ids, kept in reading
        order) chooses paragraphs; else ``section`` (``"A"``) takes every paragraph of that section;
        else the whole document.  Raises :class:`NotFound` for an unknown item, document, paragraph
        or section.
        """
        with self.sessions.begin() as s:
            item = self._item(s, item_id)
            doc = self._document(s, document_id)
            scope, chosen = self._select(doc, paragraph_ids, section)
            rows = self._paragraph_rows(chosen)
            ex = Excerpt(scope=scope, section=section if scope == "section" else None,
                         source_document_id=doc.id, source_symbol=doc.symbol, source_language=doc.language,
                         source_title=doc.title, source_body=doc.body, source_kind=doc.kind,
                         source_date=doc.date or doc.start_date,
                         content_hash=excerpt_hash(paragraph_record(r) for r in rows))
            ex.paragraphs = rows
            excerpts = list(item.excerpts)
            position = len(excerpts) if position is None else max(0, min(position, len(excerpts)))
            excerpts.insert(position, ex)
            item.excerpts = excerpts
            _renumber(excerpts)
            self._touch(s, item.pack_id)
            s.flush()
            return ex.id

    def move_excerpt(self, excerpt_id: int, item_id: int, position: int) -> tuple[int, int]:
        """Move an excerpt to ``position`` in item ``item_id`` (the same or another item of the pack);
        returns ``(old_item_id, old_position)``."""
        with self.sessions.begin() as s:
            ex = self._excerpt(s, excerpt_id)
            source = ex.item
            target = self._item(s, item_id)
            if target.pack_id != source.pack_id:
                raise BriefDeskError(_("An excerpt can only move within its pack."))
            old = (source.id, list(source.excerpts).index(ex))
            dest = [e for e in target.excerpts if e.id != ex.id]
            ex.item = target  # re-parent (the backref moves it between the collections)
            _renumber([e for e in source.excerpts if e.id != ex.id])
            dest.insert(max(0, min(position, len(dest))), ex)
            target.excerpts = dest
            _renumber(dest)
            self._touch(s, target.pack_id)
            return old

    def delete_excerpt(self, excerpt_id: int) -> ExcerptView:
        """Delete an excerpt; returns its :class:`ExcerptView` for :meth:`restore_excerpt`."""
        with self.sessions.begin() as s:
            ex = self._excerpt(s, excerpt_id)
            view = _excerpt_view(ex)
            item = ex.item
            item.excerpts.remove(ex)  # delete-orphan deletes it
            s.flush()
            _renumber(item.excerpts)
            self._touch(s, item.pack_id)
            return view

    def restore_excerpt(self, view: ExcerptView) -> int:
        """Put an excerpt back as ``view`` records it (same ids, item, position, highlights, notes);
        an excerpt with that id still present (after :meth:`update_excerpt`) is replaced.  Returns its id."""
        with self.sessions.begin() as s:
            item = self._item(s, view.item_id)
            current = s.get(Excerpt, view.id)
            if current is not None:
                current.item.excerpts.remove(current)
                s.flush()
            excerpts = list(item.excerpts)
            ex = _excerpt_rows(view, item.id, view.position)
            excerpts.insert(max(0, min(view.position, len(excerpts))), ex)
            item.excerpts = excerpts
            _renumber(excerpts)
            self._touch(s, item.pack_id)
            s.flush()
            return ex.id

    # -- highlights and notes ---------------------------------------------

    def add_highlight(self, paragraph_id: int, start: int, end: int) -> int:
        """Highlight ``text[start:end]`` of an excerpt paragraph (clamped to the text); returns its id.
        Raises :class:`BriefDeskError` for an empty range."""
        with self.sessions.begin() as s:
            p = self._paragraph(s, paragraph_id)
            start, end = max(0, min(start, end)), min(len(p.text), max(start, end))
            if start >= end:
                raise BriefDeskError(_("Choose some text to highlight."))
            h = Highlight(start=start, end=end)
            p.highlights.append(h)
            self._touch(s, p.excerpt.item.pack_id)
            s.flush()
            return h.id

    def remove_highlight(self, highlight_id: int) -> HighlightView:
        """Remove a highlight; returns it for :meth:`restore_highlight`."""
        with self.sessions.begin() as s:
            h = s.get(Highlight, highlight_id)
            if h is None:
                raise NotFound(_("No highlight {id} in the pack.").format(id=highlight_id))
            view = HighlightView(h.id, h.paragraph_id, h.start, h.end)
            self._touch(s, h.paragraph.excerpt.item.pack_id)
            s.delete(h)
            return view

    def restore_highlight(self, view: HighlightView) -> int:
        """Re-create a removed highlight with its id; returns the id."""
        with self.sessions.begin() as s:
            p = self._paragraph(s, view.paragraph_id)
            p.highlights.append(Highlight(id=view.id, start=view.start, end=view.end))
            self._touch(s, p.excerpt.item.pack_id)
            return view.id

    def set_note(self, paragraph_id: int, html: str | None) -> str:
        """Set the note on an excerpt paragraph (HTML or plain text, sanitized; empty removes it);
        returns the previous note's HTML (``""`` when there was none)."""
        clean = sanitize(html)
        with self.sessions.begin() as s:
            p = self._paragraph(s, paragraph_id)
            old = p.note.text if p.note is not None else ""
            if not clean:
                p.note = None
            elif p.note is None:
                p.note = Note(text=clean)
            else:
                p.note.text = clean
            self._touch(s, p.excerpt.item.pack_id)
            return old

    # -- staleness -----------------------------------------------------------

    def _current_source(self, s: Session, ex: Excerpt) -> Document | None:
        """The library document an excerpt now reads from: the newest import with the same symbol
        and language, else the source document itself (``None`` when neither is there)."""
        newest = _newest(s, ex)
        if newest is not None:
            return self._document(s, newest)
        if ex.source_document_id is not None:
            return self._document(s, ex.source_document_id)
        return None

    @staticmethod
    def _keys(paragraphs: Sequence) -> list[tuple]:
        """A key per paragraph that survives re-import: (part, section, enclosing number, number, n-th)."""
        keys, seen = [], {}
        top = None
        for p in paragraphs:
            part = getattr(p, "part_title", None)
            if part is None and getattr(p, "part", None) is not None:
                part = p.part.title or p.part.kind
            if p.level == 0:
                top = bare(p.number) or None
            base = (part, p.section, top if p.level else None, bare(p.number), p.kind if not p.number else "")
            seen[base] = seen.get(base, 0) + 1
            keys.append(base + (seen[base],))
        return keys

    def _reselect(self, ex: Excerpt, doc: Document) -> list[Paragraph]:
        """The paragraphs of ``doc`` that correspond to what ``ex`` took."""
        paras = list(doc.paragraphs)
        if ex.scope == "document":
            return paras
        if ex.scope == "section":
            return [p for p in paras if p.section == ex.section]
        if ex.source_document_id == doc.id:
            ids = [p.source_paragraph_id for p in ex.paragraphs]
            by_id = {p.id: p for p in paras}
            if all(i in by_id for i in ids):
                return [by_id[i] for i in ids]
        source_keys = self._keys(ex.paragraphs)
        doc_keys = self._keys(paras)
        index = {k: p for k, p in zip(doc_keys, paras)}
        return [index[k] for k in source_keys if k in index]

    def _compare(self, ex: Excerpt, doc: Document) -> StaleExcerpt | None:
        chosen = self._reselect(ex, doc)
        records = [paragraph_record(p) for p in chosen]
        if excerpt_hash(records) == ex.content_hash and (doc.id == ex.source_document_id or records):
            return None
        old = {k: paragraph_record(p) for k, p in zip(self._keys(ex.paragraphs), ex.paragraphs)}
        new = {k: paragraph_record(p) for k, p in zip(self._keys(chosen), chosen)}
        label = lambda k, rec: bare(rec["number"]) or f"#{k[-1]}"  # noqa: E731
        changed = tuple(label(k, old[k]) for k in old if k in new and old[k] != new[k])
        removed = tuple(label(k, old[k]) for k in old if k not in new)
        added = tuple(label(k, new[k]) for k in new if k not in old)
        if not (changed or removed or added):
            return None
        return StaleExcerpt(ex.id, ex.item_id, ex.source_symbol, doc.id, changed, removed, added)

    def stale_excerpts(self, pack_id: int) -> list[StaleExcerpt]:
        """Excerpts of the pack whose source now reads differently in the library (after a changed
        re-import), in pack order.  Excerpts whose source is gone are not listed (they cannot be
        updated; they still print as stored)."""
        out = []
        with self.sessions() as s:
            pack = self._pack(s, pack_id)
            for item in pack.items:
                for ex in item.excerpts:
                    doc = self._current_source(s, ex)
                    if doc is None:
                        continue
                    stale = self._compare(ex, doc)
                    if stale is not None:
                        out.append(stale)
        return out

    def update_excerpt(self, excerpt_id: int) -> ExcerptView:
        """Re-copy an excerpt from its current source (see :meth:`stale_excerpts`); returns the
        excerpt as it was, for :meth:`restore_excerpt`.  Highlights and notes stay on the
        paragraphs that still correspond (highlights clipped to the new text).  Raises
        :class:`NotFound` when the source is no longer in the library."""
        with self.sessions.begin() as s:
            ex = self._excerpt(s, excerpt_id)
            old_view = _excerpt_view(ex)
            doc = self._current_source(s, ex)
            if doc is None:
                raise NotFound(_("The source of this excerpt ({ref}) is no longer in the library.").format(
                    ref=ex.source_symbol or ex.source_title))
            chosen = self._reselect(ex, doc)
            rows = self._paragraph_rows(chosen)
            carried = {k: p for k, p in zip(self._keys(ex.paragraphs), ex.paragraphs)}
            for key, row in zip(self._keys(chosen), rows):
                before = carried.get(key)
                if before is None:
                    continue
                row.highlights = [Highlight(start=h.start, end=min(h.end, len(row.text)))
                                  for h in before.highlights if h.start < len(row.text)]
                if before.note is not None:
                    row.note = Note(text=before.note.text)
            for p in list(ex.paragraphs):
                s.delete(p)
            s.flush()
            ex.paragraphs = rows
            ex.source_document_id = doc.id
            ex.source_title, ex.source_body, ex.source_kind = doc.title, doc.body, doc.kind
            ex.source_date = doc.date or doc.start_date
            ex.content_hash = excerpt_hash(paragraph_record(r) for r in rows)
            self._touch(s, ex.item.pack_id)
            return old_view

    # -- choosing paragraphs by number -------------------------------------------

    def select_paragraphs(self, document_id: int, numbers: Sequence[str] | None = None, *,
                          section: str | None = None, part: int | None = None) -> list[int]:
        """Library paragraph ids for paragraphs ``numbers`` (bare: ``["4", "5", "6"]``) of a document,
        each with the sub-paragraphs that follow it, in reading order.

        ``part`` (0-based index into the document's embedded parts) looks in that part, else the
        document's own paragraphs; ``section`` (``"B"``) restricts to that section.  Where the
        numbering restarts, the first paragraph with a number wins (as citations resolve).
        ``numbers=None`` takes every paragraph of the section or part.  Raises :class:`NotFound`
        for a number the document does not have.
        """
        with self.sessions() as s:
            doc = self._document(s, document_id)
            part_id = None
            if part is not None:
                if not 0 <= part < len(doc.parts):
                    raise NotFound(_("Document {ref} has no part {n}.").format(
                        ref=doc.symbol or f"#{doc.id}", n=part + 1))
                part_id = doc.parts[part].id
            paras = [p for p in doc.paragraphs if p.part_id == part_id
                     and (section is None or p.section == section)]
            if numbers is None:
                return [p.id for p in paras]
            wanted = [bare(n) for n in numbers]
            chosen: list[int] = []
            taken: set[str] = set()
            current = None
            for p in paras:
                if p.level == 0 and p.number:
                    n = bare(p.number)
                    current = n if (n in wanted and n not in taken and p.kind != ParagraphKind.HEADING.value) else None
                    if current is not None:
                        taken.add(n)
                        chosen.append(p.id)
                elif p.level == 0 and p.kind == ParagraphKind.HEADING.value:
                    current = None
                elif current is not None and p.level > 0:
                    chosen.append(p.id)
            missing = [n for n in wanted if n not in taken]
            if missing:
                raise NotFound(_("Document {ref} has no paragraph {numbers}.").format(
                    ref=doc.symbol or f"#{doc.id}", numbers=", ".join(missing)))
            return chosen

    def add_excerpt_ref(self, item_id: int, ref: str, *, language: str | None = None) -> int:
        """Add an excerpt named by a reference such as ``XII/6 paras 19-21``,
        ``CBD/SBI/2/10 para 3``, ``XII/6 section B``, ``CBD/SBI/2/10 part 2 paras 1-3``,
        ``#4`` (see :func:`parse_reference`); returns the excerpt's id.  The document is the one
        in ``language`` (the reference's ``(zh)`` first) where several share the symbol.
        Raises :class:`NotFound`, :class:`BriefDeskError` for a reference that does not parse."""
        parsed = parse_reference(ref)
        doc_id = self.library.resolve(parsed.symbol, language=parsed.language or language)
        if parsed.numbers is None and parsed.part is None:
            if parsed.section is not None:
                return self.add_excerpt(item_id, doc_id, section=parsed.section)
            return self.add_excerpt(item_id, doc_id)
        ids = self.select_paragraphs(doc_id, parsed.numbers, section=parsed.section, part=parsed.part)
        return self.add_excerpt(item_id, doc_id, ids)

    # -- agenda from a document ----------------------------------------------

    def agenda_from_document(self, document_id: int) -> list[AgendaEntry]:
        """Agenda items proposed from an imported document (nothing is written; add them with
        :meth:`add_item`).

        A provisional agenda (its title or first headings say ``agenda``/``议程``/``ordre du jour``/
        ``programa``/``повестка``, and it has numbered items) gives one entry per top-level numbered
        paragraph: ``("11", "Cooperation with other conventions")``.  Any other meeting document
        gives the item it is issued under, from its ``agenda_item`` and title (seed 000: ``("11",
        "与其他公约、国际组织和伙伴关系的合作")``); one issued under several items (``23, 35 and
        78``) gives one entry each, titled by the items' titles printed under the agenda line
        when one is printed per item, else by the document's title.  Raises :class:`NotFound`.
        """
        with self.sessions() as s:
            doc = self._document(s, document_id)
            head = " ".join([doc.title] + [p.text for p in doc.paragraphs[:8] if p.number is None])
            entries = []
            if looks_like_agenda(head) and not doc.agenda_item.strip():
                for p in doc.paragraphs:
                    if p.number and p.level == 0 and p.kind != ParagraphKind.HEADING.value:
                        entries.append(AgendaEntry(bare(p.number), p.text.strip().rstrip(".。;；")))
                if entries:
                    return entries
            number = doc.agenda_item.strip()
            if not number:
                raise BriefDeskError(_("Document {ref} names no agenda item.").format(
                    ref=doc.symbol or doc.title or f"#{doc.id}"))
            from ..readers.structure import agenda_items, agenda_line

            items = agenda_items(number)
            if len(items) < 2:
                return [AgendaEntry(number, doc.title.strip())]
            # a document issued under several items ("Agenda items 23, 35 and 78") prints the items'
            # titles one a line under that line, in the order of their numbers: one entry each
            heads = doc.paragraphs[:20]
            at = next((i for i, p in enumerate(heads) if agenda_line(p.text) == number), None)
            titles: list[str] = []
            for p in heads[at + 1:] if at is not None else []:
                if p.kind != ParagraphKind.HEADING.value or p.number is not None or len(titles) == len(items):
                    break
                titles.append(" ".join(p.text.split()))
            if len(titles) != len(items):
                titles = [doc.title.strip()] * len(items)
            return [AgendaEntry(n, t) for n, t in zip(items, titles)]

    # -- team copies ---------------------------------------------------------

    def by_uid(self) -> dict[str, int]:
        """Every pack's ``uid`` (:attr:`.models.Pack.uid`) → its id here."""
        with self.sessions() as s:
            return {uid: i for i, uid in s.execute(select(Pack.id, Pack.uid)) if uid}

    def put_view(self, view: PackView, uid: str) -> int:
        """Store ``view`` (a pack of another library) as the pack ``uid`` here, replacing the
        pack of that uid if there is one, in one transaction: a copy interrupted at any point
        leaves the old one whole.  Excerpts are linked to this library's import of their source
        (same symbol and language) as :meth:`import_briefpack` does.  The pack keeps its id here:
        its contents are replaced, not the row.  Returns the pack's id."""
        with self.sessions.begin() as s:
            pack = s.scalars(select(Pack).where(Pack.uid == uid).options(selectinload(Pack.items))).one_or_none()
            if pack is None:
                pack = Pack(uid=uid)
                s.add(pack)
            else:
                pack.items.clear()        # delete-orphan: gone with this transaction
                s.flush()
            for key in MEETING_FIELDS:
                setattr(pack, key, getattr(view, key))
            pack.created_at, pack.updated_at = view.created_at, view.updated_at
            s.flush()
            for item in view.items:
                excerpts = tuple(replace(ex, source_document_id=_newest(s, ex), paragraphs=tuple(
                    replace(p, source_paragraph_id=None) for p in ex.paragraphs)) for ex in item.excerpts)
                s.add(self._item_rows(replace(item, excerpts=excerpts), pack.id, item.position, keep_ids=False))
            s.flush()
            return pack.id


@dataclass(frozen=True)
class Reference:
    """A parsed excerpt reference: ``symbol`` (or ``#id``), bare paragraph ``numbers`` (None: all),
    ``section`` label, 0-based ``part`` index, ``language`` (ISO 639-1) — see :func:`parse_reference`."""

    symbol: str
    numbers: tuple[str, ...] | None = None
    section: str | None = None
    part: int | None = None
    language: str | None = None


_REF = re.compile(
    r"^\s*(?P<symbol>[^\s,]+),?"
    r"(?:\s+(?:part|annex)\s+(?P<part>\d+))?"
    r"(?:\s+section\s+(?P<section>[^\s,]+))?"
    r"(?:\s*,?\s*(?:paras?\.?|paragraphs?|¶+)\s*(?P<numbers>[0-9a-zA-Z][0-9a-zA-Z\s,\-–—]*?))?"
    r"(?:\s*\((?P<lang>[a-z]{2})\))?\s*$", re.I)


def parse_reference(text: str) -> Reference:
    """Parse an excerpt reference as people write them in a pack spec.

    Grammar (case-insensitive; ``–`` and ``-`` alike)::

        SYMBOL [part N] [section X] [para|paras N[-M][, N…]] [(lang)]

    Examples: ``XII/6 paras 4-6`` → ("XII/6", ("4", "5", "6")); ``CBD/SBI/2/10 para 3``;
    ``XII/6 section B``; ``CBD/SBI/2/10 part 2 paras 1-3`` (the second embedded text);
    ``A/RES/75/1 paras 1, 3-4 (en)``; ``#4`` (a document id).  Ranges expand over integers only.
    Raises :class:`BriefDeskError` for text that does not match.
    """
    m = _REF.match(text or "")
    if not m:
        raise BriefDeskError(_("Cannot read the excerpt reference “{ref}”: write e.g. XII/6 paras 4-6.")
                             .format(ref=text))
    numbers = None
    if m.group("numbers"):
        numbers = []
        for piece in re.split(r"\s*,\s*", m.group("numbers").strip()):
            if not piece:
                continue
            a, sep, b = re.split(r"\s*([-–—])\s*", piece, maxsplit=1) if re.search(
                r"[-–—]", piece) else (piece, "", "")
            if sep:
                if not (a.isdigit() and b.isdigit()) or int(b) < int(a) or int(b) - int(a) > 1000:
                    raise BriefDeskError(_("Cannot read the paragraph range “{range}”.").format(range=piece))
                numbers.extend(str(n) for n in range(int(a), int(b) + 1))
            else:
                numbers.append(bare(piece))
        numbers = tuple(numbers)
    part = int(m.group("part")) - 1 if m.group("part") else None
    if part is not None and part < 0:
        raise BriefDeskError(_("Parts are numbered from 1."))
    return Reference(m.group("symbol"), numbers, m.group("section"), part,
                     m.group("lang").lower() if m.group("lang") else None)


def pack_as_dict(pack: PackView, stale: Iterable[StaleExcerpt] = ()) -> dict:
    """The JSON form of ``briefdesk pack show --json``: meeting fields (dates ISO 8601), ``items``
    with number, title, sections (sanitized HTML) and ``excerpts`` (id, source symbol, language,
    title, scope, section, paragraph ``numbers``, paragraph count, ``stale``)."""
    stale_ids = {s.excerpt_id for s in stale}
    meeting = pack.meeting()
    for key in ("start_date", "end_date"):
        meeting[key] = meeting[key].isoformat() if meeting[key] else None
    return {"id": pack.id, **meeting, "updated_at": pack.updated_at.isoformat(), "items": [{
        "id": item.id, "number": item.number, "title": item.title,
        **{k: getattr(item, k) for k in ITEM_SECTIONS},
        "excerpts": [{"id": ex.id, "source_symbol": ex.source_symbol, "source_language": ex.source_language,
                      "source_title": ex.source_title, "source_document_id": ex.source_document_id,
                      "scope": ex.scope, "section": ex.section, "numbers": ex.numbers,
                      "paragraphs": len(ex.paragraphs), "stale": ex.id in stale_ids}
                     for ex in item.excerpts]} for item in pack.items]}


_AGENDA_TITLE = re.compile(r"agenda|议程|議程|ordre du jour|programa|повестк|جدول الأعمال", re.I)


def looks_like_agenda(title: str) -> bool:
    """True when ``title`` names an agenda in one of the six UN languages ("Provisional agenda",
    "临时议程", "Ordre du jour provisoire", "Programa provisional", "Предварительная повестка дня",
    "جدول الأعمال المؤقت"): the one rule the service and the window use to offer a document's
    agenda items."""
    return bool(_AGENDA_TITLE.search(title or ""))


#: every call that writes runs again on what is stored now when another writer got there first
#: (:mod:`..concurrency`); ``update_meeting`` with ``expected`` refuses instead
retry_methods(PackService, ("update_meeting", "delete", "add_item", "update_item", "move_item", "delete_item",
                            "restore_item", "add_excerpt", "move_excerpt", "delete_excerpt", "restore_excerpt",
                            "add_highlight", "remove_highlight", "restore_highlight", "set_note",
                            "update_excerpt", "add_excerpt_ref"))
