"""The drafting service: the one API through which the GUI and the CLI edit drafts.

:class:`DraftService` wraps a :class:`~briefdesk.core.library.Library`.  Every
call runs in its own transaction and commits before it returns, so a draft is
saved as it is edited; a failing call changes nothing.

Undo and redo: every mutating call returns a :class:`Change` whose
``inverse`` is an :class:`Op`; ``service.apply(change.inverse)`` undoes the
call and returns a :class:`Change` whose ``inverse`` redoes it.  A
``QUndoCommand`` therefore keeps one ``Op`` and swaps it at each undo/redo.

Offsets given to and returned by the service are in a paragraph's text *as
shown* (:meth:`DraftService.paragraph_text`: internal references printed with
their current numbers), not in the stored text.

Errors: :class:`~briefdesk.core.errors.NotFound` for an unknown draft,
paragraph, footnote, amendment or version; :class:`DraftError` (a
:class:`~briefdesk.core.errors.BriefDeskError`) for an edit that makes no
sense (an offset outside the text, merging paragraphs that do not follow each
other, an amendment without sponsors…); :class:`~briefdesk.core.errors.StoreError`
when the database refuses the write.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from .. import parties
from ..concurrency import refusal_of, retry_methods
from ..errors import BriefDeskError, EditConflict, NotFound, StoreError
from ..i18n import _
from ..languages import default_document_language
from ..models import utcnow
from . import brackets as bracket_marks
from . import references
from .models import Draft, DraftAmendment, DraftFootnote, DraftParagraph, DraftVersion
from .numbering import DEFAULT_PATTERNS, Number, number_paragraphs, pattern_of
from .snapshot import BracketView, DraftSnapshot, DraftView, SnapAmendment, view
from .verbs import leading_verb

if TYPE_CHECKING:
    from ..library import Library


class DraftError(BriefDeskError):
    """An edit of a draft that cannot be made; the message says why."""


class DraftKind(str, enum.Enum):
    """What is being drafted."""

    DECISION = "decision"
    RECOMMENDATION = "recommendation"
    RESOLUTION = "resolution"


PARAGRAPH_KINDS = ("heading", "preambular", "operative")
AMENDMENT_OPS = ("insert", "delete", "replace")


@dataclass(frozen=True)
class Op:
    """A service call to make later: ``getattr(service, name)(**kwargs)`` (see :meth:`DraftService.apply`)."""

    name: str
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """What a mutating call did: the draft, the paragraph/amendment/footnote it created or
    touched (``None`` if none), and the :class:`Op` that undoes it."""

    draft_id: int
    inverse: Op
    paragraph_id: int | None = None
    amendment_id: int | None = None
    footnote_id: int | None = None


@dataclass(frozen=True)
class DraftSummary:
    """A row of the drafts list."""

    id: int
    kind: str
    language: str
    title: str
    symbol: str
    body_name: str
    source_label: str
    paragraph_count: int
    version_count: int
    updated_at: dt.datetime

    def as_dict(self) -> dict:
        """JSON form (``briefdesk draft list --json``)."""
        d = dict(self.__dict__)
        d["updated_at"] = self.updated_at.isoformat(timespec="seconds")
        return d


@dataclass(frozen=True)
class VersionInfo:
    """A frozen version: ``number`` 1, 2, …, ``label`` (``"Rev.1"``), ``date``, ``note``."""

    id: int
    draft_id: int
    number: int
    label: str
    date: dt.date
    note: str


_SYMBOL_HINT = re.compile(r"草案|[Dd]raft|[Pp]rojet|[Pp]royecto|[Пп]роект|مشروع|/L\.\d|\bL\.\d")
_BODY_END = ("，", ",", "،")
_REV_LABEL = re.compile(r"Rev\.\d+")
_ZH_DRAFT_AND_TITLE = re.compile(r"^(.*?(?:决议|决定|建议)草案)\s*(\S.+)$")


class DraftService:
    """Drafts stored in ``library`` (see the module docstring for transactions, undo and offsets)."""

    #: Op names :meth:`apply` accepts (the public mutating calls and their private inverses).
    OPS = frozenset({
        "set_meta", "insert_paragraph", "delete_paragraph", "move_paragraph", "split_paragraph",
        "merge_paragraphs", "set_text", "set_verb", "set_kind", "add_footnote", "delete_footnote",
        "set_footnote", "bracket", "add_alternatives", "propose", "withdraw", "accept", "reject",
        "_restore_paragraph", "_set_raw", "_restore_amendment", "_set_status", "_restore_footnote",
        "_unmerge", "_remerge", "support", "_set_sponsors", "use_agreed", "_set_sourced",
    })

    def __init__(self, library: Library) -> None:
        self.library = library
        self.sessions = library.sessions
        if not inspect(library.engine).has_table(Draft.__tablename__):
            # a library migrated by a build in which revision 0006 was still an empty placeholder
            raise StoreError(_("The library {url} has no drafting tables: it was migrated by a development "
                               "build. Open a new library, or re-import into one.").format(
                url=library.display_location))

    # ------------------------------------------------------------------ helpers

    def _write(self):
        return _Txn(self.sessions)

    @staticmethod
    def _draft(s: Session, draft_id: int) -> Draft:
        draft = s.get(Draft, draft_id)
        if draft is None:
            raise NotFound(_("No draft {ref}.").format(ref=f"D{draft_id}"))
        return draft

    @staticmethod
    def _paragraph(s: Session, pid: int) -> DraftParagraph:
        p = s.get(DraftParagraph, pid)
        if p is None:
            raise NotFound(_("No paragraph {id} in any draft.").format(id=pid))
        return p

    @staticmethod
    def _amendment(s: Session, aid: int) -> DraftAmendment:
        a = s.get(DraftAmendment, aid)
        if a is None:
            raise NotFound(_("No amendment {id}.").format(id=aid))
        return a

    @staticmethod
    def _numbers(draft: Draft) -> dict[int, Number]:
        return number_paragraphs(draft.paragraphs, draft.numbering)

    @staticmethod
    def _resequence(draft: Draft) -> None:
        for i, p in enumerate(draft.paragraphs):
            p.position = i
        draft.updated_at = utcnow()

    def _link(self, draft: Draft, citing: DraftParagraph | None, text: str,
              numbers: dict[int, Number] | None = None, previous: str | None = None) -> str:
        """Stored form of ``text`` (as shown) for paragraph ``citing``: reference numbers → tokens.
        ``previous`` (the stored text being replaced) keeps the references left unchanged."""
        numbers = numbers if numbers is not None else self._numbers(draft)
        keep = references.carried(previous, numbers, text) if previous else []
        paras = list(draft.paragraphs)
        by_bare = {}
        for p in paras:
            n = numbers.get(p.id)
            if n and p.level == 0 and p.kind == "operative":
                by_bare.setdefault(n.bare, p.id)
        context: DraftParagraph | None = None
        if citing is not None and citing in paras:
            for p in paras[:paras.index(citing) + 1]:
                if p.level == 0 and p.kind != "heading":
                    context = p

        def children(parent_id: int) -> dict[str, int]:
            out: dict[str, int] = {}
            start = next((i for i, p in enumerate(paras) if p.id == parent_id), None)
            if start is None:
                return out
            for p in paras[start + 1:]:
                if p.level == 0:
                    break
                if p.level == 1 and p.id in numbers:
                    out.setdefault(numbers[p.id].bare, p.id)
            return out

        sections = {numbers[p.id].bare: p.id for p in paras if p.kind == "heading" and p.id in numbers}

        def resolve(kind: str, label: str, parent: str | None) -> int | None:
            if kind == "para":
                return by_bare.get(label)
            if kind == "section":
                return sections.get(label)
            parent_id = by_bare.get(parent) if parent else (context.id if context else None)
            return children(parent_id).get(label) if parent_id is not None else None

        return references.link(text, resolve, keep)

    def _shown(self, p: DraftParagraph, numbers: dict[int, Number]) -> str:
        return references.render(p.text, numbers)

    @staticmethod
    def _row(p: DraftParagraph) -> dict:
        return {"id": p.id, "kind": p.kind, "level": p.level, "numbered": p.numbered, "text": p.text,
                "verb": p.verb, "source_paragraph_id": p.source_paragraph_id,
                "source_symbol": p.source_symbol, "source_number": p.source_number,
                "footnotes": [{"id": f.id, "text": f.text, "offset": f.offset} for f in p.footnotes]}

    def _retext(self, s: Session, draft: Draft, p: DraftParagraph, raw: str,
                offsets: dict | None = None) -> None:
        """Give ``p`` the stored text ``raw``: footnote markers follow the text around them
        (or take ``offsets``, ``{footnote id: offset}``, when an undo restores them) and
        pending amendments are re-anchored."""
        numbers = self._numbers(draft)
        old_shown = self._shown(p, numbers)
        p.text = raw
        new_shown = self._shown(p, numbers)
        for f in p.footnotes:
            if offsets is not None and str(f.id) in {str(k) for k in offsets}:
                f.offset = {str(k): v for k, v in offsets.items()}[str(f.id)]
            elif f.offset is not None and old_shown != new_shown:
                f.offset = _map_offset(old_shown, new_shown, f.offset)
        s.flush()
        self._reanchor(s, p)

    @staticmethod
    def _offsets(p: DraftParagraph) -> dict[str, int | None]:
        return {str(f.id): f.offset for f in p.footnotes}

    def _reanchor(self, s: Session, p: DraftParagraph) -> None:
        """Move pending amendments of ``p`` to where their text now stands (nearest match)."""
        for a in s.scalars(select(DraftAmendment).where(DraftAmendment.paragraph_id == p.id,
                                                         DraftAmendment.status == "proposed")):
            _reanchor(a, p.text)

    # ------------------------------------------------------------------ reading

    def resolve(self, ref: str | int) -> int:
        """The draft id ``ref`` names: ``12``, ``"12"``, ``"D12"``, ``"#12"``.  Raises :class:`NotFound`."""
        text = str(ref).strip().lstrip("#")
        if text[:1] in "Dd" and text[1:].isdigit():
            text = text[1:]
        if text.isdigit():
            with self.sessions() as s:
                if s.get(Draft, int(text)) is not None:
                    return int(text)
        raise NotFound(_("No draft {ref}.").format(ref=str(ref)))

    def drafts(self) -> list[DraftSummary]:
        """Every draft, most recently edited first."""
        counts = (select(DraftParagraph.draft_id, func.count(DraftParagraph.id).label("n"))
                  .group_by(DraftParagraph.draft_id).subquery())
        versions = (select(DraftVersion.draft_id, func.count(DraftVersion.id).label("v"))
                    .group_by(DraftVersion.draft_id).subquery())
        stmt = (select(Draft, func.coalesce(counts.c.n, 0), func.coalesce(versions.c.v, 0))
                .outerjoin(counts, counts.c.draft_id == Draft.id)
                .outerjoin(versions, versions.c.draft_id == Draft.id)
                .order_by(Draft.updated_at.desc(), Draft.id.desc()))
        with self.sessions() as s:
            return [DraftSummary(d.id, d.kind, d.language, d.title, d.symbol, d.body_name, d.source_label,
                                 n, v, d.updated_at) for d, n, v in s.execute(stmt)]

    def _load(self, s: Session, draft_id: int) -> Draft:
        draft = s.scalars(select(Draft).where(Draft.id == draft_id).options(
            selectinload(Draft.paragraphs).selectinload(DraftParagraph.footnotes),
            selectinload(Draft.amendments))).one_or_none()
        if draft is None:
            raise NotFound(_("No draft {ref}.").format(ref=f"D{draft_id}"))
        return draft

    def snapshot(self, draft_id: int, version: int | None = None) -> DraftSnapshot:
        """The working text (``version`` ``None`` or 0) or frozen version ``version`` (1, 2, …)."""
        with self.sessions() as s:
            if version:
                row = s.scalars(select(DraftVersion).where(DraftVersion.draft_id == draft_id,
                                                           DraftVersion.number == version)).one_or_none()
                if row is None:
                    self._draft(s, draft_id)
                    raise NotFound(_("Draft {ref} has no version {n}.").format(ref=f"D{draft_id}", n=version))
                snap = DraftSnapshot.from_json(row.snapshot)
                snap.version, snap.label, snap.note = row.number, row.label, row.note
                snap.date = row.date
                return snap
            return DraftSnapshot.from_draft(self._load(s, draft_id))

    def view(self, draft_id: int, mode: BracketView | str = BracketView.ALL,
             version: int | None = None) -> DraftView:
        """The draft laid out in ``mode`` (``clean``, ``all``, ``compilation``; :func:`.snapshot.view`)."""
        return view(self.snapshot(draft_id, version), mode)

    def paragraph_text(self, pid: int) -> str:
        """The paragraph's text as shown (references with current numbers, brackets as typed)."""
        with self.sessions() as s:
            p = self._paragraph(s, pid)
            return self._shown(p, self._numbers(self._load(s, p.draft_id)))

    def versions(self, draft_id: int) -> list[VersionInfo]:
        """The frozen versions of a draft, oldest first."""
        with self.sessions() as s:
            self._draft(s, draft_id)
            return [VersionInfo(v.id, v.draft_id, v.number, v.label, v.date, v.note)
                    for v in s.scalars(select(DraftVersion).where(DraftVersion.draft_id == draft_id)
                                       .order_by(DraftVersion.number))]

    def amendments(self, draft_id: int, status: str | None = None, sponsor: str | None = None) -> list[SnapAmendment]:
        """Amendments of a draft in the order proposed (by ``number``), optionally of one
        ``status`` and backed by ``sponsor`` (a code, or a name in any of the six languages:
        :func:`briefdesk.core.parties.backs`); offsets are in the paragraph's shown text.
        ``sponsors`` are as stored: codes (:mod:`briefdesk.core.parties`), free text where
        no code matched."""
        snap = self.snapshot(draft_id)
        numbers = snap.numbers()
        out = []
        for a in snap.amendments:
            if status and a.status != status:
                continue
            if sponsor and sponsor.strip() and not parties.backs(a.sponsors, sponsor):
                continue
            if a.paragraph_id is not None:
                raw = snap.paragraph(a.paragraph_id).text
                a.start = references.to_shown_offset(raw, numbers, min(a.start, len(raw)))
                a.end = references.to_shown_offset(raw, numbers, min(a.end, len(raw)))
            out.append(a)
        return out

    # ------------------------------------------------------------------ creating

    def new(self, kind: DraftKind | str, language: str | None, title: str, body_name: str, *,
            symbol: str = "", numbering: dict | None = None) -> int:
        """Start an empty draft; returns its id.  ``language`` ``None`` or ``""`` is the interface
        language (:func:`..languages.default_document_language`).  ``numbering`` overrides
        :data:`.numbering.DEFAULT_PATTERNS` (e.g. ``{"operative": "{n})"}``)."""
        kind = DraftKind(kind).value
        language = language or default_document_language()
        with self._write() as s:
            draft = Draft(kind=kind, language=language, title=title, body_name=body_name, symbol=symbol,
                          numbering={**DEFAULT_PATTERNS, **(numbering or {})}, source_label="")
            s.add(draft)
            s.flush()
            return draft.id

    def delete_draft(self, draft_id: int) -> None:
        """Remove a draft with its paragraphs, amendments and versions (not undoable)."""
        with self._write() as s:
            s.delete(self._draft(s, draft_id))

    def from_document(self, document_id: int | str, part: int | None = None, *, language: str | None = None) -> int:
        """Start a draft from a decision text in the library, keeping a link to its source.

        ``document_id`` is an id or a symbol (:meth:`Library.resolve`).  ``part``
        is the index of an embedded text (the draft COP decision inside CBD/SBI/2/10
        is part 1); ``None`` takes the document's own paragraphs for a decision,
        resolution or draft, and otherwise its last embedded draft.  Leading
        headings become the symbol line (a heading naming a draft: ``第**/2017
        号决议草案``) and the title; the adopting body's line (``缔约方大会，``,
        ``The Human Rights Council,``) becomes ``body_name``; the source's
        number patterns (``1)``, ``（a）``) are kept; references such as
        ``上文第11段`` are linked to the paragraphs they cite.
        ``language`` chooses the language version of a symbol (default: the user's first
        preferred language the library holds).
        Raises :class:`NotFound` (no such document or part) or :class:`DraftError`
        (the text has no paragraphs).
        """
        doc = self.library.document(document_id, language=language)
        parsed_kind = doc.kind
        part_ids = [p.id for p in doc.parts]
        if part is None:
            if parsed_kind in ("note", "report", "other") and doc.parts:
                drafts_ = [i for i, p in enumerate(doc.parts) if p.kind.startswith("draft")]
                part = (drafts_ or [len(doc.parts) - 1])[-1]
        if part is not None and not 0 <= part < len(part_ids):
            raise NotFound(_("Document {ref} has no part {n}.").format(ref=doc.symbol or doc.id, n=part))
        wanted = part_ids[part] if part is not None else None
        rows = [p for p in doc.paragraphs if p.part_id == wanted]
        if not rows:
            raise DraftError(_("That text has no paragraphs to draft from."))
        symbol, titles, body_name = "", [], ""
        while rows and rows[0].kind == "heading" and rows[0].number is None:
            text = rows.pop(0).text.strip()
            if not symbol and _SYMBOL_HINT.search(text):
                joined = _ZH_DRAFT_AND_TITLE.match(text)   # "第.../2013 号决议草案与《…》的关系"
                symbol = joined.group(1) if joined else text
                if joined:
                    titles.append(joined.group(2))
            else:
                titles.append(text)
        if rows and rows[0].kind in ("body", "preambular") and not rows[0].verb and rows[0].number is None \
                and rows[0].text.strip().endswith(_BODY_END) and len(rows[0].text) < 80:
            body_name = rows.pop(0).text.strip()
        kind_of = {"decision": "decision", "draft_decision": "decision", "resolution": "resolution",
                   "draft_resolution": "resolution", "recommendation": "recommendation",
                   "draft_recommendation": "recommendation"}
        source_kind = doc.parts[part].kind if part is not None else parsed_kind
        # an embedded draft's own heading is its title; else the subject of the document that carries
        # it (a part's "title" is the sentence introducing it: "建议缔约方大会……通过措辞大致如下的决定")
        title = " ".join(titles) or doc.title
        if not body_name and doc.body:
            body_name = doc.body + ("，" if doc.language == "zh" else ",")
        numbering = dict(DEFAULT_PATTERNS)
        for key, level, kinds in (("operative", 0, ("operative",)), ("sub", 1, ("operative", "preambular")),
                                  ("subsub", 2, ("operative", "preambular")), ("section", 0, ("heading",))):
            found = next((pattern_of(p.number) for p in rows if p.level == level and p.kind in kinds
                          and pattern_of(p.number)), None)
            if found and (key != "sub" or "{a}" in found) and (key != "subsub" or "{i}" in found):
                numbering[key] = found
        label = " · ".join(x for x in (doc.symbol or "", (doc.parts[part].title if part is not None else doc.title))
                           if x)
        with self._write() as s:
            draft = Draft(kind=kind_of.get(source_kind, "decision"), language=doc.language or "en",
                          title=title, body_name=body_name, symbol=symbol, date=None, numbering=numbering,
                          source_document_id=doc.id, source_part=part, source_label=label)
            s.add(draft)
            s.flush()
            for i, p in enumerate(rows):
                kind = p.kind if p.kind in PARAGRAPH_KINDS else "preambular"
                numbered = p.number is not None if kind == "heading" else (
                    p.level > 0 or (kind == "operative" and p.number is not None))
                row = DraftParagraph(draft_id=draft.id, position=i, kind=kind, level=min(p.level, 2),
                                     numbered=numbered, text=p.text, verb=p.verb, source_paragraph_id=p.id)
                row.footnotes = [DraftFootnote(position=j, text=f.text, offset=f.offset)
                                 for j, f in enumerate(p.footnotes)]
                draft.paragraphs.append(row)
            s.flush()
            numbers = self._numbers(draft)
            for row in draft.paragraphs:
                row.text = self._link(draft, row, row.text, numbers)
            return draft.id

    # ------------------------------------------------------------------ undo

    def apply(self, op: Op) -> Change:
        """Run ``op`` (an ``inverse`` from a :class:`Change`); returns its own :class:`Change`."""
        if op.name not in self.OPS:
            raise DraftError(_("Unknown drafting operation {name}.").format(name=op.name))
        return getattr(self, op.name)(**op.kwargs)

    # ------------------------------------------------------------------ metadata

    def set_meta(self, draft_id: int, **fields: Any) -> Change:
        """Change ``title``, ``body_name``, ``symbol``, ``kind``, ``language``, ``date`` or ``numbering``."""
        allowed = {"title", "body_name", "symbol", "kind", "language", "date", "numbering"}
        bad = set(fields) - allowed
        if bad:
            raise DraftError(_("Unknown draft field {name}.").format(name=", ".join(sorted(bad))))
        with self._write() as s:
            draft = self._draft(s, draft_id)
            old = {}
            for key, value in fields.items():
                if key == "kind":
                    value = DraftKind(value).value
                if key == "date" and isinstance(value, str):
                    value = dt.date.fromisoformat(value)
                old[key] = getattr(draft, key)
                setattr(draft, key, value)
            self._resequence(draft)
            return Change(draft_id, Op("set_meta", {"draft_id": draft_id, **old}))

    # ------------------------------------------------------------------ paragraphs

    def insert_paragraph(self, draft_id: int, text: str = "", *, before: int | None = None,
                         kind: str = "operative", level: int = 0, verb: str | None = None,
                         numbered: bool | None = None) -> Change:
        """Insert a paragraph before paragraph ``before`` (``None``: at the end).

        ``text`` is as the user typed it (references such as ``上文第11段`` are
        linked to the paragraphs they name now); ``verb`` defaults to the palette
        phrase or known opener that begins it; ``numbered`` defaults to true for
        operative paragraphs, sub-paragraphs and headings.  ``change.paragraph_id``
        is the new paragraph.
        """
        if kind not in PARAGRAPH_KINDS:
            raise DraftError(_("Unknown paragraph kind {kind}.").format(kind=kind))
        with self._write() as s:
            draft = self._load(s, draft_id)
            index = len(draft.paragraphs) if before is None else _index(draft, before)
            if numbered is None:
                numbered = kind != "preambular" or level > 0
            p = DraftParagraph(draft_id=draft_id, position=index, kind=kind, level=max(0, min(level, 2)),
                               numbered=numbered, text="")
            draft.paragraphs.insert(index, p)
            s.flush()
            p.text = self._link(draft, p, text)
            p.verb = None if kind == "heading" else (
                verb if verb and text.startswith(verb) else leading_verb(text, draft.language))
            self._resequence(draft)
            return Change(draft_id, Op("delete_paragraph", {"pid": p.id}), paragraph_id=p.id)

    def delete_paragraph(self, pid: int) -> Change:
        """Delete one paragraph (its sub-paragraphs stay).  References to it become dangling
        until undone; its amendments are kept (without a paragraph) for the undo."""
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            index = draft.paragraphs.index(p)
            row = self._row(p)
            amendments = [a.id for a in s.scalars(select(DraftAmendment).where(DraftAmendment.paragraph_id == pid))]
            draft.paragraphs.remove(p)
            s.flush()
            self._resequence(draft)
            return Change(draft.id, Op("_restore_paragraph", {"draft_id": draft.id, "index": index, "row": row,
                                                              "amendments": amendments}), paragraph_id=pid)

    def _restore_paragraph(self, draft_id: int, index: int, row: dict, amendments: list[int]) -> Change:
        with self._write() as s:
            draft = self._load(s, draft_id)
            p = DraftParagraph(id=row["id"], draft_id=draft_id, position=index, kind=row["kind"],
                               level=row["level"], numbered=row["numbered"], text=row["text"], verb=row["verb"],
                               source_paragraph_id=row["source_paragraph_id"],
                               source_symbol=row.get("source_symbol"), source_number=row.get("source_number"))
            p.footnotes = [DraftFootnote(id=f["id"], position=i, text=f["text"], offset=f["offset"])
                           for i, f in enumerate(row["footnotes"])]
            draft.paragraphs.insert(min(index, len(draft.paragraphs)), p)
            s.flush()
            for aid in amendments:
                a = s.get(DraftAmendment, aid)
                if a is not None:
                    a.paragraph_id = p.id
            self._resequence(draft)
            return Change(draft_id, Op("delete_paragraph", {"pid": p.id}), paragraph_id=p.id)

    def move_paragraph(self, pid: int, before: int | None) -> Change:
        """Move a paragraph, with the sub-paragraphs beneath it, before paragraph ``before``
        (``None``: to the end).  Numbers and references follow."""
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            paras = list(draft.paragraphs)
            start = paras.index(p)
            end = start + 1
            while end < len(paras) and paras[end].level > p.level:
                end += 1
            block = paras[start:end]
            if before is not None and any(b.id == before for b in block):
                raise DraftError(_("A paragraph cannot be moved inside itself."))
            old_next = paras[end].id if end < len(paras) else None
            rest = paras[:start] + paras[end:]
            index = len(rest) if before is None else next(
                (i for i, q in enumerate(rest) if q.id == before), None)
            if index is None:
                raise NotFound(_("No paragraph {id} in this draft.").format(id=before))
            new = rest[:index] + block + rest[index:]
            for i, q in enumerate(new):
                q.position = i
            s.flush()
            s.expire(draft, ["paragraphs"])
            self._resequence(draft)
            return Change(draft.id, Op("move_paragraph", {"pid": pid, "before": old_next}), paragraph_id=pid)

    def split_paragraph(self, pid: int, offset: int) -> Change:
        """Split a paragraph at ``offset`` (in its shown text): the text after it, stripped of
        leading spaces, becomes a new paragraph of the same kind and level just after it,
        with the footnotes and amendments that stand there.  ``change.paragraph_id`` is the new one."""
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            numbers = self._numbers(draft)
            shown = self._shown(p, numbers)
            if not 0 <= offset <= len(shown):
                raise DraftError(_("Offset {n} is outside the paragraph.").format(n=offset))
            raw_at = references.to_raw_offset(p.text, numbers, offset)
            tail = p.text[raw_at:]
            drop = len(tail) - len(tail.lstrip())
            new_id = self._split_raw(s, draft, p, raw_at, offset, drop, None)
            return Change(draft.id, Op("_remerge", {"pid": pid, "next_pid": new_id, "separator": p_sep(shown, offset, drop)}),
                          paragraph_id=new_id)

    def _split_raw(self, s: Session, draft: Draft, p: DraftParagraph, raw_at: int, shown_at: int, drop: int,
                   restore: dict | None) -> int:
        head, tail = p.text[:raw_at], p.text[raw_at + drop:]
        index = draft.paragraphs.index(p) + 1
        q = DraftParagraph(id=restore["id"] if restore else None, draft_id=draft.id, position=index,
                           kind=restore["kind"] if restore else p.kind,
                           level=restore["level"] if restore else p.level,
                           numbered=restore["numbered"] if restore else p.numbered, text=tail)
        q.verb = restore["verb"] if restore else leading_verb(references.TOKEN.sub("", tail), draft.language)
        q.source_paragraph_id = restore.get("source_paragraph_id") if restore else None
        draft.paragraphs.insert(index, q)
        s.flush()
        for f in list(p.footnotes):
            if f.offset is not None and f.offset > shown_at:
                f.offset -= shown_at + drop
                f.paragraph = q
        for a in s.scalars(select(DraftAmendment).where(DraftAmendment.paragraph_id == p.id)):
            if a.start >= raw_at:
                a.paragraph_id = q.id
                a.start -= raw_at + drop
                a.end -= raw_at + drop
        p.text = head
        if p.verb and not head.startswith(p.verb):
            p.verb = None
        self._resequence(draft)
        return q.id

    def merge_paragraphs(self, pid: int, next_pid: int, separator: str | None = None) -> Change:
        """Append paragraph ``next_pid`` (which must follow ``pid``) to ``pid`` and delete it.

        ``separator`` defaults to a space (nothing in Chinese).  Footnotes and
        amendments of the second move to the first.
        """
        return self._remerge(pid, next_pid, separator)

    def _remerge(self, pid: int, next_pid: int, separator: str | None = None) -> Change:
        with self._write() as s:
            p = self._paragraph(s, pid)
            q = self._paragraph(s, next_pid)
            draft = self._load(s, p.draft_id)
            paras = draft.paragraphs
            if q.draft_id != p.draft_id or paras.index(q) != paras.index(p) + 1:
                raise DraftError(_("Only a paragraph and the one that follows it can be merged."))
            if separator is None:
                separator = "" if draft.language == "zh" else " "
            numbers = self._numbers(draft)
            shown_len = len(self._shown(p, numbers))
            raw_len = len(p.text)
            restore = self._row(q)
            for f in list(q.footnotes):
                f.offset = None if f.offset is None else f.offset + shown_len + len(separator)
                f.position = len(p.footnotes)
                f.paragraph = p
            for a in s.scalars(select(DraftAmendment).where(DraftAmendment.paragraph_id == q.id)):
                a.paragraph_id = p.id
                a.start += raw_len + len(separator)
                a.end += raw_len + len(separator)
            p.text = p.text + separator + q.text
            s.flush()
            paras.remove(q)
            s.delete(q)
            s.flush()
            self._resequence(draft)
            return Change(draft.id, Op("_unmerge", {"pid": pid, "raw_at": raw_len, "shown_at": shown_len,
                                                    "drop": len(separator), "restore": restore}),
                          paragraph_id=pid)

    def _unmerge(self, pid: int, raw_at: int, shown_at: int, drop: int, restore: dict) -> Change:
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            sep = p.text[raw_at:raw_at + drop]
            new_id = self._split_raw(s, draft, p, raw_at, shown_at, drop, restore)
            return Change(draft.id, Op("_remerge", {"pid": pid, "next_pid": new_id, "separator": sep}),
                          paragraph_id=new_id)

    def set_text(self, pid: int, text: str, *, expected: str | None = None) -> Change:
        """Replace a paragraph's text with ``text`` as the user sees it.

        References are re-linked against the current numbers; the verb is kept
        if the text still begins with it, else taken from the palette.  Pending
        amendments are re-anchored to where their text now stands.

        ``expected``: the paragraph's text (as shown) that the user started from; where
        someone else has changed it since (a team library), raises
        :class:`~briefdesk.core.errors.EditConflict` naming the paragraph and writes nothing.
        """
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            if expected is not None:
                numbers = self._numbers(draft)
                shown = self._shown(p, numbers)
                if shown != expected:
                    number = numbers.get(p.id)
                    raise EditConflict(_("Someone else changed paragraph {number} of {draft} since you opened "
                                         "it; your text was not saved. Reload the draft and make your change "
                                         "again.").format(number=number.bare if number else f"“{shown[:40]}…”",
                                                          draft=f"D{draft.id}"))
            old = {"pid": pid, "text": p.text, "verb": p.verb, "offsets": self._offsets(p)}
            self._retext(s, draft, p, self._link(draft, p, text, previous=p.text))
            if p.kind == "heading":
                p.verb = None
            elif not (p.verb and text.startswith(p.verb)):
                p.verb = leading_verb(text, draft.language)
            self._resequence(draft)
            return Change(draft.id, Op("_set_raw", old), paragraph_id=pid)

    def _set_raw(self, pid: int, text: str, verb: str | None, offsets: dict | None = None) -> Change:
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            old = {"pid": pid, "text": p.text, "verb": p.verb, "offsets": self._offsets(p)}
            self._retext(s, draft, p, text, offsets)
            p.verb = verb
            self._resequence(draft)
            return Change(p.draft_id, Op("_set_raw", old), paragraph_id=pid)

    def use_agreed(self, pid: int, text: str, *, symbol: str, number: str | None = None,
                   paragraph_id: int | None = None, verb: str | None = None) -> Change:
        """Put agreed language into paragraph ``pid``: its text becomes ``text`` (an adopted
        paragraph's words, exactly), and its citation — ``symbol`` and ``number`` as cited
        (``"A/RES/75/1"``, ``"4 (a)"``), ``paragraph_id`` the library paragraph — is recorded on
        it (:attr:`.models.DraftParagraph.source_symbol`).  The words are stored as they are,
        references included: a "paragraph 3 above" of the adopted text is not linked to the
        draft's paragraphs.  ``verb`` is the adopted paragraph's leading phrase if it begins the
        text, else the palette's.  Undoable like any edit.  Raises :class:`NotFound`,
        :class:`DraftError` for an empty text or symbol."""
        if not text.strip() or not symbol.strip():
            raise DraftError(_("Agreed language needs its text and the symbol it is cited by."))
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            old = self._sourced(p)
            self._retext(s, draft, p, text)
            p.verb = None if p.kind == "heading" else (
                verb if verb and text.startswith(verb) else leading_verb(text, draft.language))
            p.source_paragraph_id, p.source_symbol, p.source_number = paragraph_id, symbol, number
            self._resequence(draft)
            return Change(draft.id, Op("_set_sourced", old), paragraph_id=pid)

    def _sourced(self, p: DraftParagraph) -> dict:
        return {"pid": p.id, "text": p.text, "verb": p.verb, "offsets": self._offsets(p),
                "source_paragraph_id": p.source_paragraph_id, "source_symbol": p.source_symbol,
                "source_number": p.source_number}

    def _set_sourced(self, pid: int, text: str, verb: str | None, offsets: dict | None,
                     source_paragraph_id: int | None, source_symbol: str | None, source_number: str | None) -> Change:
        """Inverse of :meth:`use_agreed`: stored text, verb, footnote offsets and citation as they were."""
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            old = self._sourced(p)
            self._retext(s, draft, p, text, offsets)
            p.verb = verb
            p.source_paragraph_id, p.source_symbol, p.source_number = (source_paragraph_id, source_symbol,
                                                                       source_number)
            self._resequence(draft)
            return Change(draft.id, Op("_set_sourced", old), paragraph_id=pid)

    def set_verb(self, pid: int, verb: str | None) -> Change:
        """Make ``verb`` the paragraph's leading phrase, replacing the old one in its text
        (``None`` removes the mark, not the words).  In alphabetic languages a space follows it.
        Where the text already begins with ``verb`` (``"Requests"`` in a paragraph marked
        ``"Requests the Executive Secretary"``), only the mark moves: no word is removed."""
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            old = {"pid": pid, "text": p.text, "verb": p.verb, "offsets": self._offsets(p)}
            if verb and not p.text.startswith(verb):
                rest = p.text[len(p.verb):] if p.verb and p.text.startswith(p.verb) else p.text
                if draft.language != "zh" and rest and not rest.startswith(" "):
                    rest = " " + rest
                self._retext(s, draft, p, verb + rest)
            p.verb = verb or None
            self._resequence(draft)
            return Change(draft.id, Op("_set_raw", old), paragraph_id=pid)

    def set_kind(self, pid: int, kind: str | None = None, level: int | None = None,
                 numbered: bool | None = None) -> Change:
        """Change a paragraph's kind (``heading``/``preambular``/``operative``), level (0–2) or
        whether it is numbered; numbers of the draft follow."""
        if kind is not None and kind not in PARAGRAPH_KINDS:
            raise DraftError(_("Unknown paragraph kind {kind}.").format(kind=kind))
        with self._write() as s:
            p = self._paragraph(s, pid)
            old = {"pid": pid, "kind": p.kind, "level": p.level, "numbered": p.numbered}
            if kind is not None:
                p.kind = kind
            if level is not None:
                p.level = max(0, min(level, 2))
            if numbered is not None:
                p.numbered = numbered
            self._resequence(self._draft(s, p.draft_id))
            return Change(p.draft_id, Op("set_kind", old), paragraph_id=pid)

    # ------------------------------------------------------------------ footnotes

    def add_footnote(self, pid: int, text: str, offset: int | None = None) -> Change:
        """Add a footnote whose marker stands after character ``offset`` of the shown text
        (``None``: at the end).  ``change.footnote_id`` is the new footnote."""
        with self._write() as s:
            p = self._paragraph(s, pid)
            f = DraftFootnote(text=text, offset=offset, position=0)
            p.footnotes.append(f)
            p.footnotes.sort(key=lambda x: (x.offset if x.offset is not None else 10 ** 9, x.id or 10 ** 9))
            for i, x in enumerate(p.footnotes):
                x.position = i
            s.flush()
            self._resequence(self._draft(s, p.draft_id))
            return Change(p.draft_id, Op("delete_footnote", {"fid": f.id}), paragraph_id=pid, footnote_id=f.id)

    def delete_footnote(self, fid: int) -> Change:
        """Remove a footnote."""
        with self._write() as s:
            f = s.get(DraftFootnote, fid)
            if f is None:
                raise NotFound(_("No footnote {id}.").format(id=fid))
            p = f.paragraph
            row = {"pid": p.id, "fid": f.id, "text": f.text, "offset": f.offset}
            p.footnotes.remove(f)
            s.flush()
            self._resequence(self._draft(s, p.draft_id))
            return Change(p.draft_id, Op("_restore_footnote", row), paragraph_id=p.id, footnote_id=fid)

    def _restore_footnote(self, pid: int, fid: int, text: str, offset: int | None) -> Change:
        with self._write() as s:
            p = self._paragraph(s, pid)
            p.footnotes.append(DraftFootnote(id=fid, text=text, offset=offset, position=len(p.footnotes)))
            p.footnotes.sort(key=lambda x: (x.offset if x.offset is not None else 10 ** 9, x.id or 10 ** 9))
            for i, x in enumerate(p.footnotes):
                x.position = i
            s.flush()
            return Change(p.draft_id, Op("delete_footnote", {"fid": fid}), paragraph_id=pid, footnote_id=fid)

    def set_footnote(self, fid: int, text: str) -> Change:
        """Replace a footnote's text."""
        with self._write() as s:
            f = s.get(DraftFootnote, fid)
            if f is None:
                raise NotFound(_("No footnote {id}.").format(id=fid))
            old = f.text
            f.text = text
            return Change(f.paragraph.draft_id, Op("set_footnote", {"fid": fid, "text": old}),
                          paragraph_id=f.paragraph_id, footnote_id=fid)

    # ------------------------------------------------------------------ brackets

    def bracket(self, pid: int, start: int, end: int) -> Change:
        """Put square brackets around ``start:end`` of the shown text (brackets may nest)."""
        return self._edit_span(pid, start, end, lambda span, lang: f"[{span}]")

    def add_alternatives(self, pid: int, start: int, end: int, alternatives: list[str]) -> Change:
        """Replace ``start:end`` by ``[Alt 1 <that text>] [Alt 2 …] …`` with the given further
        formulations, labelled in the draft's language (:func:`.brackets.alternatives_text`)."""
        if not alternatives:
            raise DraftError(_("Give at least one alternative formulation."))
        return self._edit_span(pid, start, end,
                               lambda span, lang: bracket_marks.alternatives_text([span, *alternatives], lang))

    def _edit_span(self, pid: int, start: int, end: int, make) -> Change:
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            numbers = self._numbers(draft)
            shown = self._shown(p, numbers)
            if not 0 <= start <= end <= len(shown):
                raise DraftError(_("The span {start}–{end} is outside the paragraph.").format(start=start, end=end))
            old = {"pid": pid, "text": p.text, "verb": p.verb, "offsets": self._offsets(p)}
            a = references.to_raw_offset(p.text, numbers, start)
            b = references.to_raw_offset(p.text, numbers, end)
            new_mid = make(p.text[a:b], draft.language)
            self._retext(s, draft, p, p.text[:a] + new_mid + p.text[b:])
            if p.verb and not p.text.startswith(p.verb):
                p.verb = None
            self._resequence(draft)
            return Change(draft.id, Op("_set_raw", old), paragraph_id=pid)

    # ------------------------------------------------------------------ amendments

    def propose(self, pid: int, op: str, start: int, end: int | None = None, new_text: str = "", *,
                sponsors: list[str], comment: str = "", created: dt.datetime | None = None) -> Change:
        """Record an amendment on ``start:end`` of the paragraph's shown text.

        ``op`` ``"insert"`` (``new_text`` at ``start``), ``"delete"`` or
        ``"replace"``; ``sponsors`` one or more Parties or groups, stored as codes where
        :func:`briefdesk.core.parties.to_codes` places them (``"European Union"`` → ``"EU"``) and
        as typed where not; ``created``
        (naive UTC) when it was proposed, default now (an imported Word revision
        keeps its own date).  The amendment gets the draft's next number (one
        more than the highest in the draft; a number changes never after).
        ``change.amendment_id`` is the new amendment.
        """
        if op not in AMENDMENT_OPS:
            raise DraftError(_("Unknown amendment {op}: insert, delete or replace.").format(op=op))
        sponsors = parties.to_codes(sponsors)
        if not sponsors:
            raise DraftError(_("An amendment needs at least one sponsor."))
        end = start if op == "insert" or end is None else end
        if op != "delete" and not new_text:
            raise DraftError(_("An insertion or replacement needs its new text."))
        with self._write() as s:
            p = self._paragraph(s, pid)
            draft = self._load(s, p.draft_id)
            numbers = self._numbers(draft)
            shown = self._shown(p, numbers)
            if not 0 <= start <= end <= len(shown) or (op != "insert" and start == end):
                raise DraftError(_("The span {start}–{end} is outside the paragraph.").format(start=start, end=end))
            a = references.to_raw_offset(p.text, numbers, start)
            b = references.to_raw_offset(p.text, numbers, end)
            row = DraftAmendment(draft_id=draft.id, paragraph_id=pid, op=op, start=a, end=b,
                                 old_text=p.text[a:b], new_text=new_text if op != "delete" else "",
                                 anchor=p.text[max(0, a - 12):a], sponsors=sponsors, comment=comment,
                                 status="proposed", number=self._next_number(s, draft.id))
            if created is not None:
                row.created_at = created
            s.add(row)
            s.flush()
            self._resequence(draft)
            return Change(draft.id, Op("withdraw", {"aid": row.id}), paragraph_id=pid, amendment_id=row.id)

    @staticmethod
    def _next_number(s: Session, draft_id: int) -> int:
        """One more than the highest number among the draft's amendments (withdrawn, accepted and
        rejected ones count; only an amendment removed outright by undo frees its number)."""
        top = s.scalar(select(func.max(DraftAmendment.number)).where(DraftAmendment.draft_id == draft_id))
        return (top or 0) + 1

    def support(self, aid: int, sponsors: list[str]) -> Change:
        """Add Parties or groups as supporters of amendment ``aid`` (any status): they join its
        sponsors after those already there, as codes where :func:`briefdesk.core.parties.to_codes`
        places them; one already backing it is not added twice.  Raises :class:`DraftError` if
        none is given; undo restores the former list."""
        added = parties.to_codes(sponsors)
        if not added:
            raise DraftError(_("Name at least one Party or group to add."))
        with self._write() as s:
            a = self._amendment(s, aid)
            old = list(a.sponsors or [])
            a.sponsors = old + [x for x in added if x not in old]
            return Change(a.draft_id, Op("_set_sponsors", {"aid": aid, "sponsors": old}),
                          paragraph_id=a.paragraph_id, amendment_id=aid)

    def _set_sponsors(self, aid: int, sponsors: list[str]) -> Change:
        with self._write() as s:
            a = self._amendment(s, aid)
            old = list(a.sponsors or [])
            a.sponsors = list(sponsors)
            return Change(a.draft_id, Op("_set_sponsors", {"aid": aid, "sponsors": old}),
                          paragraph_id=a.paragraph_id, amendment_id=aid)

    def mark_withdrawn(self, aid: int) -> Change:
        """Mark a proposed amendment ``withdrawn`` by its sponsors: it keeps its number and stays
        in the list, and leaves the compilation (undo makes it ``proposed`` again)."""
        return self._close_proposed(aid, "withdrawn")

    def withdraw(self, aid: int) -> Change:
        """Remove an amendment (a sponsor withdraws it)."""
        with self._write() as s:
            a = self._amendment(s, aid)
            row = {c: getattr(a, c) for c in ("id", "draft_id", "paragraph_id", "op", "start", "end", "old_text",
                                               "new_text", "anchor", "sponsors", "comment", "status", "number",
                                               "created_at")}
            s.delete(a)
            return Change(row["draft_id"], Op("_restore_amendment", {"row": row}), paragraph_id=row["paragraph_id"],
                          amendment_id=aid)

    def _restore_amendment(self, row: dict) -> Change:
        with self._write() as s:
            s.add(DraftAmendment(**row))
            return Change(row["draft_id"], Op("withdraw", {"aid": row["id"]}), paragraph_id=row["paragraph_id"],
                          amendment_id=row["id"])

    def accept(self, aid: int) -> Change:
        """Accept a proposed amendment: its change is made in the text (other pending
        amendments of the paragraph are re-anchored) and its status becomes ``accepted``."""
        with self._write() as s:
            a = self._amendment(s, aid)
            if a.status != "proposed":
                raise DraftError(_("Amendment {id} is already {status}.").format(id=aid, status=a.status))
            if a.paragraph_id is None:
                raise DraftError(_("The paragraph of amendment {id} was deleted.").format(id=aid))
            p = self._paragraph(s, a.paragraph_id)
            draft = self._load(s, p.draft_id)
            old = {"aid": aid, "status": "proposed", "text": p.text, "verb": p.verb, "offsets": self._offsets(p)}
            _reanchor(a, p.text)
            a.status = "accepted"
            self._retext(s, draft, p, p.text[:a.start] + a.new_text + p.text[a.end:])
            if not (p.verb and p.text.startswith(p.verb)):
                p.verb = leading_verb(self._shown(p, self._numbers(draft)), draft.language)
            self._resequence(draft)
            return Change(draft.id, Op("_set_status", old), paragraph_id=p.id, amendment_id=aid)

    def reject(self, aid: int) -> Change:
        """Reject a proposed amendment (the text is unchanged)."""
        return self._close_proposed(aid, "rejected")

    def _close_proposed(self, aid: int, status: str) -> Change:
        """Set a proposed amendment's ``status`` (the text is unchanged); undo makes it ``proposed``
        again.  Raises :class:`DraftError` if it is not proposed."""
        with self._write() as s:
            a = self._amendment(s, aid)
            if a.status != "proposed":
                raise DraftError(_("Amendment {id} is already {status}.").format(id=aid, status=a.status))
            a.status = status
            return Change(a.draft_id, Op("_set_status", {"aid": aid, "status": "proposed"}),
                          paragraph_id=a.paragraph_id, amendment_id=aid)

    def _set_status(self, aid: int, status: str, text: str | None = None, verb: str | None = None,
                    offsets: dict | None = None) -> Change:
        with self._write() as s:
            a = self._amendment(s, aid)
            old: dict[str, Any] = {"aid": aid, "status": a.status}
            a.status = status
            if text is not None and a.paragraph_id is not None:
                p = self._paragraph(s, a.paragraph_id)
                old.update(text=p.text, verb=p.verb, offsets=self._offsets(p))
                self._retext(s, self._load(s, p.draft_id), p, text, offsets)
                p.verb = verb
            elif a.paragraph_id is not None:
                s.flush()
                self._reanchor(s, self._paragraph(s, a.paragraph_id))
            return Change(a.draft_id, Op("_set_status", old), paragraph_id=a.paragraph_id, amendment_id=aid)

    # ------------------------------------------------------------------ versions

    def save_version(self, draft_id: int, note: str = "", *, label: str | None = None,
                     date: dt.date | None = None) -> VersionInfo:
        """Freeze the working text as the next version (``Rev.1``, ``Rev.2`` … unless
        ``label`` is given: the revisions are counted, not versions kept under other labels such
        as a synchronisation's "Other copy"), dated ``date`` (default today).  Not undoable."""
        with self._write() as s:
            draft = self._load(s, draft_id)
            number = (s.scalar(select(func.max(DraftVersion.number)).where(DraftVersion.draft_id == draft_id))
                      or 0) + 1
            if label is None:
                labels = s.scalars(select(DraftVersion.label).where(DraftVersion.draft_id == draft_id)).all()
                label = f"Rev.{1 + sum(1 for x in labels if _REV_LABEL.fullmatch(x))}"
            snap = DraftSnapshot.from_draft(draft)
            when = date or dt.date.today()
            row = DraftVersion(draft_id=draft_id, number=number, label=label, date=when,
                               note=note, snapshot=snap.to_json())
            s.add(row)
            s.flush()
            return VersionInfo(row.id, draft_id, number, row.label, when, note)

    def next_revision(self, draft_id: int, decisions: dict[int, bool], note: str = "") -> VersionInfo:
        """Accept (``True``) or reject (``False``) the amendments named in ``decisions``
        one by one, in the order given, then freeze the result as the next version."""
        for aid, accepted in decisions.items():
            (self.accept if accepted else self.reject)(aid)
        return self.save_version(draft_id, note)

    # ------------------------------------------------------------------ comparison

    def compare(self, a: str, b: str):
        """Paragraph-by-paragraph comparison of two texts named as on the command line
        (``"D3"``, ``"D3@1"`` for its Rev.1, a symbol, ``"#12"``, ``"SYMBOL:PART"``):
        a list of :class:`.compare.AlignedPair` in B's order (:func:`.compare.compare`)."""
        from .compare import compare, load_side

        return compare(load_side(self.library, a), load_side(self.library, b))

    # ------------------------------------------------------------------ checks

    def check(self, draft_id: int, version: int | None = None, *, agreed: float | None = None):
        """Problems with the drafting conventions (:func:`.check.check`); with ``agreed`` (a
        ``fuzz.ratio`` threshold, e.g. :data:`..search.agreed.NEAR_IDENTICAL`), also the operative
        paragraphs that differ from near-identical agreed language of the library
        (:func:`.agreed.agreed_problems`), each after the problems of its paragraph."""
        from .check import check

        snap = self.snapshot(draft_id, version)
        problems = check(snap)
        if agreed is None:
            return problems
        from .agreed import agreed_problems

        order = {p.id: i for i, p in enumerate(snap.paragraphs)}
        merged = problems + agreed_problems(self.library, snap, threshold=agreed)
        return sorted(merged, key=lambda p: order.get(p.paragraph_id, len(order)))  # stable: conventions first

    # ------------------------------------------------------------------ team copies

    def uid_of(self, draft_id: int) -> str:
        """The draft's identity in every copy of the library (:attr:`.models.Draft.uid`)."""
        with self.sessions() as s:
            return self._draft(s, draft_id).uid or ""

    def by_uid(self) -> dict[str, int]:
        """Every draft's ``uid`` → its id here."""
        with self.sessions() as s:
            return {uid: i for i, uid in s.execute(select(Draft.id, Draft.uid)) if uid}

    def version_rows(self, draft_id: int) -> list[dict]:
        """The draft's frozen versions as plain dicts (``number``, ``label``, ``date`` ISO,
        ``note``, ``snapshot``), oldest first: what a copy of the draft carries."""
        with self.sessions() as s:
            rows = s.scalars(select(DraftVersion).where(DraftVersion.draft_id == draft_id)
                             .order_by(DraftVersion.number)).all()
            return [{"number": r.number, "label": r.label, "date": r.date.isoformat(), "note": r.note,
                     "snapshot": r.snapshot} for r in rows]

    def put_snapshot(self, snap: DraftSnapshot, versions: list[dict], uid: str, *,
                     updated_at: dt.datetime | None = None) -> int:
        """Store ``snap`` (a draft of another library) as the draft ``uid`` here, with its
        ``versions`` (:meth:`version_rows`), replacing the draft of that uid if there is one, in
        one transaction: a copy interrupted at any point leaves the old one whole.  Paragraph ids
        in references are re-mapped (:func:`.references.remap`) and amendment offsets with them;
        the link to a source document of the other library is kept as its label only.
        The draft keeps its id here (``D3`` stays ``D3`` after a synchronisation): its
        contents are replaced, not the row.  Returns the draft's id here."""
        with self._write() as s:
            draft = s.scalars(select(Draft).where(Draft.uid == uid).options(
                selectinload(Draft.paragraphs), selectinload(Draft.amendments),
                selectinload(Draft.versions))).one_or_none()
            if draft is None:
                draft = Draft(uid=uid)
                s.add(draft)
            else:
                for children in (draft.amendments, draft.versions, draft.paragraphs):
                    children.clear()      # delete-orphan: gone with this transaction
                    s.flush()
            for key, value in dict(kind=snap.kind, language=snap.language, title=snap.title,
                                   body_name=snap.body_name, symbol=snap.symbol, date=snap.date,
                                   numbering=dict(snap.numbering), source_label=snap.source_label,
                                   source_document_id=None, source_part=None,
                                   updated_at=updated_at or utcnow()).items():
                setattr(draft, key, value)
            s.flush()
            rows = []
            for i, p in enumerate(snap.paragraphs):
                row = DraftParagraph(draft_id=draft.id, position=i, kind=p.kind, level=p.level, numbered=p.numbered,
                                     text=p.text, verb=p.verb, source_symbol=p.source_symbol,
                                     source_number=p.source_number)
                row.footnotes = [DraftFootnote(position=j, text=f.text, offset=f.offset)
                                 for j, f in enumerate(p.footnotes)]
                draft.paragraphs.append(row)
                rows.append(row)
            s.flush()
            ids = {p.id: row.id for p, row in zip(snap.paragraphs, rows)}
            moves = {}
            for p, row in zip(snap.paragraphs, rows):
                row.text, moves[p.id] = references.remap(p.text, ids)
            for a in snap.amendments:
                move = moves.get(a.paragraph_id, lambda offset: offset)
                text = next((row.text for p, row in zip(snap.paragraphs, rows) if p.id == a.paragraph_id), "")
                start, end = move(a.start), move(a.end)
                s.add(DraftAmendment(
                    draft_id=draft.id, paragraph_id=ids.get(a.paragraph_id), op=a.op, start=start, end=end,
                    old_text=a.old_text, new_text=a.new_text, anchor=text[max(0, start - 12):start],
                    sponsors=list(a.sponsors), comment=a.comment, status=a.status, number=a.number,
                    created_at=dt.datetime.fromisoformat(a.created) if a.created else utcnow()))
            for v in versions:
                s.add(DraftVersion(draft_id=draft.id, number=v["number"], label=v["label"],
                                   date=dt.date.fromisoformat(v["date"]), note=v["note"], snapshot=v["snapshot"]))
            s.flush()
            return draft.id

    def add_version(self, draft_id: int, snap: DraftSnapshot, *, label: str, note: str = "") -> VersionInfo:
        """Keep ``snap`` (another line of this draft, e.g. the one edited offline) as a frozen
        version of the draft, numbered after the others, without changing the working text."""
        with self._write() as s:
            self._draft(s, draft_id)
            number = (s.scalar(select(func.max(DraftVersion.number)).where(DraftVersion.draft_id == draft_id))
                      or 0) + 1
            when = dt.date.today()
            row = DraftVersion(draft_id=draft_id, number=number, label=label, date=when, note=note,
                               snapshot=snap.to_json())
            s.add(row)
            s.flush()
            return VersionInfo(row.id, draft_id, number, label, when, note)


def p_sep(shown: str, offset: int, drop: int) -> str:
    """The characters a split removed at ``offset`` (to put them back on merge)."""
    return shown[offset:offset + drop]


def _map_offset(old: str, new: str, offset: int) -> int:
    """Where a footnote marker standing after character ``offset - 1`` of ``old`` stands in
    ``new`` (difflib opcodes): it follows the character it followed, so text typed just
    after it comes after it; if that character was changed, it follows the replacement."""
    import difflib

    if offset <= 0:
        return 0
    before = min(offset, len(old)) - 1
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if i1 <= before < i2:
            return j1 + before - i1 + 1 if tag == "equal" else j2
    return len(new)


def _index(draft: Draft, pid: int) -> int:
    for i, p in enumerate(draft.paragraphs):
        if p.id == pid:
            return i
    raise NotFound(_("No paragraph {id} in this draft.").format(id=pid))


def _reanchor(a: DraftAmendment, text: str) -> None:
    """Point ``a`` at the occurrence of its text (or, for an insertion, of its anchor)
    nearest to where it stood; leave it if nothing matches."""
    if a.op == "insert":
        if not a.anchor:
            a.start = a.end = min(a.start, len(text)) if a.start else 0
            return
        hits = [m.end() for m in re.finditer(re.escape(a.anchor), text)]
        if hits:
            a.start = a.end = min(hits, key=lambda h: abs(h - a.start))
        return
    if text[a.start:a.end] == a.old_text:
        return
    hits = [m.start() for m in re.finditer(re.escape(a.old_text), text)] if a.old_text else []
    if hits:
        a.start = min(hits, key=lambda h: abs(h - a.start))
        a.end = a.start + len(a.old_text)


class _Txn:
    """``with`` a write transaction; database errors become :class:`StoreError`."""

    def __init__(self, sessions) -> None:
        self._ctx = sessions.begin()

    def __enter__(self) -> Session:
        return self._ctx.__enter__()

    def __exit__(self, et, ev, tb):
        try:
            self._ctx.__exit__(et, ev, tb)
        except SQLAlchemyError as exc:
            raise _worded(exc) from exc
        if isinstance(ev, SQLAlchemyError):
            raise _worded(ev) from ev
        return False


def _worded(exc: SQLAlchemyError) -> StoreError:
    """The error a failed draft write raises: a conflict with another writer
    (:mod:`..concurrency`), a write the user's role does not allow, or the database's reason."""
    return refusal_of(exc) or StoreError(_("Cannot save the draft: {reason}").format(reason=exc))


#: every call that writes runs again on what is stored now when another writer got there first
#: (:mod:`..concurrency`): all of them say what to do, not what the result must be, except
#: ``set_text`` with ``expected``, which refuses instead
retry_methods(DraftService, sorted(DraftService.OPS | {"new", "delete_draft", "from_document", "save_version",
                                                      "next_revision"}))
