"""A delegation's team library and each laptop's offline copy, kept in step (issue 16, point 4).

The team shares one library on a server (PostgreSQL; any library URL or file works).  Before
leaving for the venue, a laptop takes it offline: :func:`clone` copies the team library — or
the documents of chosen bodies and sessions, with every pack and draft — into the laptop's own
SQLite library and records where it came from (:class:`~.models.TeamLink`).  Back on the
network, :func:`sync` brings both sides up to date.  The rules:

* **Documents by content hash** (the SHA-256 of the file they were imported from): each side
  receives those it lacks; a clone's filters keep applying to what comes down.
* **Packs and drafts by identity and content.**  Each has a ``uid`` that is the same in every
  copy, and a :func:`fingerprint` of its content.  The laptop remembers the fingerprint both
  sides agreed on last time (:class:`~.models.TeamSyncState`).  Changed on one side only, the
  changed one is copied over the other.  Changed on both sides:

  - a **pack**: both are kept — the later-edited one under the pack's identity, the other as a
    new pack titled "… (other copy)" on both sides;
  - a **draft**: the later-edited line becomes the draft; the other line's proposed amendments
    are carried onto it as amendments (with their sponsors, comments, dates; numbers follow on),
    the other line is kept whole as a frozen version of the draft, and the result is saved as
    a new revision.  An amendment whose text cannot be found in the later line is not guessed
    at: it stays in that version and the report lists it.

* **Nothing is deleted by a synchronisation.**  A pack or draft present on one side only is
  copied to the other (to delete one for the team, delete it on both).
* **Interruption-safe.**  Every document, pack or draft is written in one transaction on the
  side receiving it (a pack or draft replaces the old copy in that same transaction), and the
  laptop's record of agreement only after.  A synchronisation stopped at any point — a closed
  lid, a killed process, :class:`~.errors.Cancelled` from ``abort`` — is resumed by running it
  again: what both sides already hold equally is recognised by hash or fingerprint, never copied
  twice.

``progress(done, total, label)`` and ``abort()`` are as for import (:mod:`.importer`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from .errors import AlreadyStored, BriefDeskError, Cancelled
from .i18n import _, format_number, ngettext
from .models import Document, TeamLink, TeamSyncState, new_uid, utcnow

ProgressFn = Callable[[int, int, str], None]
AbortFn = Callable[[], bool]

#: keys left out of a pack's fingerprint: ids and times that differ between copies
_LOCAL_KEYS = frozenset({"id", "pack_id", "item_id", "excerpt_id", "paragraph_id", "source_document_id",
                         "source_paragraph_id", "created_at", "updated_at"})


class TeamError(BriefDeskError):
    """A team library cannot be taken offline or synchronised; the message says why."""


@dataclass
class SyncReport:
    """What one :func:`clone` or :func:`sync` did.  Counts are of items copied to the laptop
    (``*_pulled``) and to the team library (``*_pushed``); ``packs_kept_both``: packs changed on
    both sides (both kept); ``drafts_merged``: drafts changed on both sides;
    ``amendments_carried``: amendments carried from one line of a draft to the other;
    ``unplaced``: amendments kept only in a frozen version, each as ``"D3 #4: …"``."""

    team: str
    documents_pulled: int = 0
    documents_pushed: int = 0
    packs_pulled: int = 0
    packs_pushed: int = 0
    packs_kept_both: int = 0
    drafts_pulled: int = 0
    drafts_pushed: int = 0
    drafts_merged: int = 0
    amendments_carried: int = 0
    unplaced: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The report as JSON-ready data (``briefdesk team … --json``)."""
        return dataclasses.asdict(self)

    def describe(self) -> str:
        """One line for a person, in the interface language."""
        return _("Documents: {dp} received, {ds} sent. Packs: {pp} received, {ps} sent, {pb} kept in both "
                 "versions. Drafts: {rp} received, {rs} sent, {rm} merged ({am} amendments carried).").format(
            **{key: format_number(value) for key, value in self._counts().items()})

    def _counts(self) -> dict[str, int]:
        return {"dp": self.documents_pulled, "ds": self.documents_pushed, "pp": self.packs_pulled,
                "ps": self.packs_pushed, "pb": self.packs_kept_both, "rp": self.drafts_pulled,
                "rs": self.drafts_pushed, "rm": self.drafts_merged, "am": self.amendments_carried}


def team_address(location: str | Path) -> str:
    """How the laptop records a team library: a URL without its password (passwords stay in
    libpq's ``.pgpass`` or the system keyring, never in a library), or a file's absolute path."""
    text = str(location)
    try:
        url = make_url(text)
    except ArgumentError:
        return str(Path(text).expanduser().resolve())
    if url.drivername.startswith("sqlite"):
        return str(Path(url.database).expanduser().resolve()) if url.database else text
    bare = URL.create(url.drivername, username=url.username, host=url.host, port=url.port,
                      database=url.database, query=url.query)   # ``URL.set(password=None)`` keeps it
    return bare.render_as_string(hide_password=False)


def fingerprint(content: object) -> str:
    """SHA-256 (hex) of the canonical JSON of ``content`` with the keys that differ between copies
    of one pack left out (ids, times); what :func:`pack_content` and :func:`draft_content` give."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in _LOCAL_KEYS}
        if isinstance(value, (list, tuple)):
            return [strip(v) for v in value]
        return value

    data = json.dumps(strip(content), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def pack_content(view) -> dict:
    """A :class:`~.packs.service.PackView` as data (for :func:`fingerprint`)."""
    return dataclasses.asdict(view)


def draft_content(snap, versions: Sequence[dict]) -> dict:
    """A draft (its :class:`~.drafting.snapshot.DraftSnapshot` and frozen ``versions``) as data
    that is the same in every copy: paragraphs as shown (references printed with their numbers,
    so paragraph ids do not count), amendments in number order, versions by number."""
    from .drafting import references

    numbers = snap.numbers()
    index = {p.id: i for i, p in enumerate(snap.paragraphs)}
    return {
        "meta": [snap.kind, snap.language, snap.title, snap.body_name, snap.symbol,
                 snap.date.isoformat() if snap.date else None, snap.numbering, snap.source_label],
        "paragraphs": [[p.kind, p.level, p.numbered, references.render(p.text, numbers), p.verb,
                        [[f.text, f.offset] for f in p.footnotes], p.source_symbol, p.source_number]
                       for p in snap.paragraphs],
        "amendments": [[index.get(a.paragraph_id), a.op, a.old_text, a.new_text, list(a.sponsors), a.comment,
                        a.status, a.number, a.created] for a in sorted(snap.amendments, key=lambda a: a.number or 0)],
        "versions": [[v["number"], v["label"], v["date"], v["note"]] for v in versions],
    }


def clone(team, laptop, *, bodies: Iterable[str] = (), sessions: Iterable[str] = (),
          progress: ProgressFn | None = None, abort: AbortFn | None = None) -> SyncReport:
    """Take the team library ``team`` (a :class:`~.library.Library`) offline into ``laptop``'s:
    the documents of ``bodies`` (canonical codes, :mod:`.bodies`) and ``sessions`` (a session's
    name in any language, or as the library's session filter names it; empty: all), and every pack and draft (packs and drafts already in ``laptop`` follow
    the rules of :func:`sync`; its documents stay where they are until the first
    :func:`sync`); records the link for :func:`sync`.
    Raises :class:`Cancelled` when ``abort`` says so (run it again to go on),
    :class:`~.errors.StoreError` when a side cannot be written."""
    address = team_address(team.url)
    with laptop.sessions.begin() as s:
        link = s.scalar(select(TeamLink).where(TeamLink.url == address))
        if link is None:
            s.add(TeamLink(url=address, bodies=sorted(set(bodies)), sessions=sorted(set(sessions))))
        else:
            link.bodies, link.sessions = sorted(set(bodies)), sorted(set(sessions))
    return _synchronise(laptop, team, address, push=False, progress=progress, abort=abort)


def linked_team(laptop) -> str | None:
    """The address of the team library ``laptop`` is an offline copy of (the one taken offline
    last if several), or ``None``."""
    with laptop.sessions() as s:
        return s.scalar(select(TeamLink.url).order_by(TeamLink.id.desc()))


def sync(laptop, team=None, *, progress: ProgressFn | None = None, abort: AbortFn | None = None) -> SyncReport:
    """Bring ``laptop`` and its team library up to date both ways (the module's rules).  ``team``:
    a :class:`~.library.Library` (default: the one :func:`linked_team` names, opened here).
    Raises :class:`TeamError` when the laptop's library was never taken offline from a team
    library, :class:`Cancelled` when ``abort`` says so (run it again to go on)."""
    from .library import Library

    opened = None
    if team is None:
        address = linked_team(laptop)
        if address is None:
            raise TeamError(_("This library is not an offline copy of a team library: take one offline "
                              "first (briefdesk team clone URL)."))
        team = opened = Library(address, update_citations=False)
    try:
        address = team_address(team.url)
        with laptop.sessions.begin() as s:
            if s.scalar(select(TeamLink).where(TeamLink.url == address)) is None:
                s.add(TeamLink(url=address, bodies=[], sessions=[]))
        return _synchronise(laptop, team, address, push=True, progress=progress, abort=abort)
    finally:
        if opened is not None:
            opened.close()


# ---------------------------------------------------------------------------------------------


class _Run:
    """One clone or synchronisation: both libraries, the link, progress."""

    def __init__(self, laptop, team, address: str, push: bool, progress, abort) -> None:
        self.laptop, self.team, self.push = laptop, team, push
        self.progress, self.abort = progress, abort
        with laptop.sessions() as s:
            link = s.scalar(select(TeamLink).where(TeamLink.url == address))
            self.link_id, self.bodies, self.sessions = link.id, set(link.bodies or ()), set(link.sessions or ())
        self.report = SyncReport(team=address)
        self.done, self.total = 0, 0

    def step(self, label: str) -> None:
        if self.abort is not None and self.abort():
            raise Cancelled(_("Synchronisation stopped; run it again to go on where it stopped."))
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, label)

    # -- agreement records (in the laptop's library) --------------------------------------------

    def agreed(self, kind: str) -> dict[str, str]:
        with self.laptop.sessions() as s:
            return {uid: fp for uid, fp in s.execute(select(TeamSyncState.uid, TeamSyncState.fingerprint).where(
                TeamSyncState.link_id == self.link_id, TeamSyncState.kind == kind))}

    def record(self, kind: str, uid: str, fp: str) -> None:
        with self.laptop.sessions.begin() as s:
            row = s.scalar(select(TeamSyncState).where(TeamSyncState.link_id == self.link_id,
                                                       TeamSyncState.kind == kind, TeamSyncState.uid == uid))
            if row is None:
                s.add(TeamSyncState(link_id=self.link_id, kind=kind, uid=uid, fingerprint=fp))
            else:
                row.fingerprint = fp


def _synchronise(laptop, team, address: str, *, push: bool, progress, abort) -> SyncReport:
    from .drafting.service import DraftService
    from .packs.service import PackService

    run = _Run(laptop, team, address, push, progress, abort)
    pull_docs, push_docs = _document_plan(run)
    packs = (PackService(laptop), PackService(team))
    drafts = (DraftService(laptop), DraftService(team))
    pack_uids = set(packs[0].by_uid()) | set(packs[1].by_uid())
    draft_uids = set(drafts[0].by_uid()) | set(drafts[1].by_uid())
    run.total = len(pull_docs) + len(push_docs) + len(pack_uids) + len(draft_uids)
    for source_id, content_hash, name in pull_docs:
        run.step(name)
        run.report.documents_pulled += _copy_document(team, laptop, source_id, content_hash, name)
    for source_id, content_hash, name in push_docs:
        run.step(name)
        run.report.documents_pushed += _copy_document(laptop, team, source_id, content_hash, name)
    _sync_kind(run, _Packs, *packs)
    _sync_kind(run, _Drafts, *drafts)
    with laptop.sessions.begin() as s:
        s.get(TeamLink, run.link_id).synced_at = utcnow()
    return run.report


def _document_plan(run: _Run) -> tuple[list, list]:
    """Documents to copy down (those of the link's bodies and sessions) and, when pushing, up:
    ``(id on the side that has it, content hash, source name)`` each, by content hash."""
    def rows(library):
        with library.sessions() as s:
            return s.execute(select(Document.id, Document.content_hash, Document.source_name, Document.body_code,
                                    Document.session).order_by(Document.id)).all()

    mine, theirs = rows(run.laptop), rows(run.team)
    sessions = set(run.sessions)
    if sessions:   # a session named in any language is the session in every language (issue 14)
        for group in run.team.sessions_of_library().values():
            if sessions & set(group.all_names) or group.name() in run.sessions:
                sessions |= set(group.all_names)
    have_mine = {r.content_hash for r in mine}
    have_theirs = {r.content_hash for r in theirs}
    pull = [(r.id, r.content_hash, r.source_name) for r in theirs if r.content_hash not in have_mine
            and (not run.bodies or r.body_code in run.bodies) and (not sessions or r.session in sessions)]
    push = [(r.id, r.content_hash, r.source_name) for r in mine if r.content_hash not in have_theirs] \
        if run.push else []
    return pull, push


def _copy_document(source, target, document_id: int, content_hash: str, name: str) -> int:
    """Copy one document as stored (:meth:`.library.Library.parsed`) in one transaction; 1 if
    copied, 0 if the target has it already (same content hash)."""
    if target.find_by_hash(content_hash) is not None:
        return 0
    try:
        target.add(source.parsed(document_id), content_hash=content_hash, source_name=name)
    except AlreadyStored:
        return 0
    return 1


@dataclass
class _Copy:
    """One side's copy of a pack or draft: what :func:`_sync_kind` compares and writes over the
    other side (``data``: a :class:`~.packs.service.PackView`, or a draft's snapshot and
    versions)."""

    id: int
    title: str
    fingerprint: str
    updated_at: dt.datetime
    data: object


class _Packs:
    """How :func:`_sync_kind` reads, writes and reconciles packs."""

    kind = "pack"

    @staticmethod
    def load(service, pack_id: int) -> _Copy:
        view = service.get(pack_id)
        return _Copy(pack_id, view.title, fingerprint(pack_content(view)), view.updated_at, view)

    @staticmethod
    def put(service, copy: _Copy, uid: str) -> None:
        service.put_view(copy.data, uid)

    @staticmethod
    def both(run: _Run, uid: str, mine, theirs, here: _Copy, there: _Copy) -> None:
        """Changed on both sides: the later-edited one keeps the identity, the other becomes a
        pack of its own on both sides."""
        later, earlier = (here, there) if here.updated_at >= there.updated_at else (there, here)
        copy = dataclasses.replace(earlier.data, title=_("{title} (other copy)").format(title=earlier.title))
        copy_uid = new_uid()
        for service in (mine, theirs):
            service.put_view(copy, copy_uid)
            service.put_view(later.data, uid)
        run.report.packs_kept_both += 1
        run.record("pack", copy_uid, fingerprint(pack_content(copy)))
        run.record("pack", uid, later.fingerprint)


class _Drafts:
    """How :func:`_sync_kind` reads, writes and reconciles drafts."""

    kind = "draft"

    @staticmethod
    def load(service, draft_id: int) -> _Copy:
        snap, versions = service.snapshot(draft_id), service.version_rows(draft_id)
        return _Copy(draft_id, snap.title, fingerprint(draft_content(snap, versions)),
                     _updated(service, draft_id), (snap, versions))

    @staticmethod
    def put(service, copy: _Copy, uid: str) -> None:
        snap, versions = copy.data
        service.put_snapshot(snap, versions, uid, updated_at=copy.updated_at)

    @staticmethod
    def both(run: _Run, uid: str, mine, theirs, here: _Copy, there: _Copy) -> None:
        _merge_draft(run, uid, mine, theirs, here, there)


def _sync_kind(run: _Run, items, mine, theirs) -> None:
    """Bring the packs or drafts (``items``: :class:`_Packs` or :class:`_Drafts`) of both sides
    up to date by uid (the module's rules): copied where missing; changed on one side since the
    sides last agreed, copied over the other; changed on both, ``items.both``."""
    agreed = run.agreed(items.kind)
    here_ids, there_ids = mine.by_uid(), theirs.by_uid()
    for uid in sorted(set(here_ids) | set(there_ids)):
        here = items.load(mine, here_ids[uid]) if uid in here_ids else None
        there = items.load(theirs, there_ids[uid]) if uid in there_ids else None
        run.step((there or here).title)
        base = agreed.get(uid)
        if here is not None and there is not None and here.fingerprint == there.fingerprint:
            if base != here.fingerprint:
                run.record(items.kind, uid, here.fingerprint)
        elif there is None or base == there.fingerprint:      # only here, or changed here only
            items.put(theirs, here, uid)
            _count(run.report, f"{items.kind}s_pushed")
            run.record(items.kind, uid, here.fingerprint)
        elif here is None or base == here.fingerprint:        # only there, or changed there only
            items.put(mine, there, uid)
            _count(run.report, f"{items.kind}s_pulled")
            run.record(items.kind, uid, there.fingerprint)
        else:
            items.both(run, uid, mine, theirs, here, there)


def _count(report: SyncReport, name: str) -> None:
    setattr(report, name, getattr(report, name) + 1)


def _updated(service, draft_id: int) -> dt.datetime:
    from .drafting.models import Draft

    with service.sessions() as s:
        return s.get(Draft, draft_id).updated_at


def _merge_draft(run: _Run, uid: str, mine, theirs, here: _Copy, there: _Copy) -> None:
    """A draft edited on both sides (``mine``/``theirs``: the two :class:`DraftService`, with
    ``here``/``there`` their copies): the later line becomes the draft, the other's proposed
    amendments are carried onto it, the other line is kept as a frozen version, and the result
    is saved as a new revision and copied over the other side."""
    from .drafting import references

    if here.updated_at >= there.updated_at:
        later, latest, receiver, other, other_side = mine, here, theirs, there, _("the team library")
    else:
        later, latest, receiver, other, other_side = theirs, there, mine, here, _("the offline copy")
    later_id, (later_snap, _versions), (other_snap, _other_versions) = latest.id, latest.data, other.data
    kept = later.add_version(later_id, other_snap, label=_("Other copy"), note=_(
        "The line edited in {side}, kept whole when both were synchronised.").format(side=other_side))
    have = {(a.op, a.old_text, a.new_text, tuple(a.sponsors)) for a in later_snap.amendments}
    later_numbers = later_snap.numbers()
    shown_later = [references.render(p.text, later_numbers) for p in later_snap.paragraphs]
    other_numbers = other_snap.numbers()
    carried = 0
    for a in sorted(other_snap.amendments, key=lambda a: a.number or 0):
        if a.status != "proposed" or (a.op, a.old_text, a.new_text, tuple(a.sponsors)) in have:
            continue
        placed = _place(a, other_snap, other_numbers, later_snap, shown_later)
        if placed is None:
            run.report.unplaced.append(f"D{later_id} #{a.number}: {a.op} “{a.old_text}” → “{a.new_text}” "
                                       f"({', '.join(a.sponsors)}; {kept.label})")
            continue
        pid, start, end = placed
        later.propose(pid, a.op, start, end, a.new_text, sponsors=list(a.sponsors), comment=a.comment,
                      created=dt.datetime.fromisoformat(a.created) if a.created else None)
        carried += 1
    later.save_version(later_id, ngettext("Synchronised: {n} amendment carried from {side}.",
                                          "Synchronised: {n} amendments carried from {side}.", carried).format(
        n=carried, side=other_side))
    merged, versions = later.snapshot(later_id), later.version_rows(later_id)
    receiver.put_snapshot(merged, versions, uid, updated_at=_updated(later, later_id))
    run.report.drafts_merged += 1
    run.report.amendments_carried += carried
    run.record("draft", uid, fingerprint(draft_content(merged, versions)))


def _place(a, other_snap, other_numbers, later_snap, shown_later: list[str]) -> tuple[int, int, int] | None:
    """Where amendment ``a`` of the other line goes in the later line: ``(paragraph id, start,
    end)`` in shown text, or ``None`` when its paragraph or text cannot be found.  Its paragraph
    is the later line's paragraph with the same shown text, else the one at the same place;
    its span is found by its old text (a deletion or replacement) or by the dozen characters
    before it (an insertion)."""
    from .drafting import references

    index = next((i for i, p in enumerate(other_snap.paragraphs) if p.id == a.paragraph_id), None)
    if index is None:
        return None
    source = other_snap.paragraphs[index]
    shown_source = references.render(source.text, other_numbers)
    candidates = [i for i, text in enumerate(shown_later) if text == shown_source]
    if not candidates and index < len(shown_later):
        candidates = [index]
    for i in candidates:
        text = shown_later[i]
        if a.op == "insert":
            at = references.to_shown_offset(source.text, other_numbers, a.start)
            before = shown_source[max(0, at - 12):at]
            found = text.find(before) if before else 0
            if found >= 0 and (before or at == 0):
                start = found + len(before)
                return later_snap.paragraphs[i].id, start, start
        elif a.old_text:
            old = references.render(a.old_text, other_numbers)
            found = text.find(old)
            if found >= 0:
                return later_snap.paragraphs[i].id, found, found + len(old)
    return None
