"""Word tracked changes and comments read back as amendments to a draft (issue 15, point 3).

A .docx that comes back from a facilitator or a delegation, from Word or
LibreOffice, carries each proposal as a revision (ECMA-376 Part 1 §17.13.5):
``w:ins`` (inserted text), ``w:del`` (deleted text, in ``w:delText``),
``w:moveTo``/``w:moveFrom`` (read as insertion/deletion), each with its
``w:author`` and ``w:date``; comments (``/word/comments.xml``, §17.13.4) are
anchored by ``w:commentRangeStart``/``w:commentRangeEnd``.

:func:`read_revisions` turns them into :class:`ProposedAmendment` s without
changing anything:

* a paragraph's text *as it stood* is its ordinary text plus its deleted
  text (inserted text left out); it is matched to the draft paragraph with the
  same text (the first not yet matched, in order), else to the most similar
  one (:data:`MATCH_RATIO`, ``rapidfuzz.fuzz.ratio`` as in
  :mod:`.compare` and the search's similar paragraphs), the revision's offsets carried over by the
  matching blocks of the two texts;
* a deletion immediately followed by an insertion by the same author is one
  replacement (as Word writes a replacement); neighbouring revisions of one
  kind by one author on one date are one (LibreOffice splits them by run);
* the author is split into sponsors by :func:`.snapshot.split_sponsors`, each stored as a
  code where :func:`briefdesk.core.parties.to_codes` places it (names in any UN language)
  (commas of any script and semicolons; the export joins them with ``", "``);
* a comment becomes the comment of the first revision that begins within its
  range (Word and LibreOffice place the range marks differently);
* a revision already in the draft (same paragraph, kind, span, texts and
  sponsors) is marked ``duplicate`` (re-importing a file adds nothing twice).

What cannot be placed (a revision in a paragraph not found in the draft, a
whole paragraph inserted, a comment on no revision) is named in
:attr:`WordRevisions.warnings`; the caller shows the proposals and warnings
and asks before :func:`apply_revisions` — declining changes nothing.

Public API: :func:`read_revisions`, :func:`apply_revisions`,
:class:`ProposedAmendment`, :class:`WordRevisions`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from rapidfuzz import fuzz

from .. import parties
from ..errors import ReadError
from ..i18n import _
from ..readers.docx import _check_package, _parser
from .snapshot import BracketView, split_sponsors

if TYPE_CHECKING:
    from .service import DraftService

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Lowest similarity (``rapidfuzz.fuzz.ratio``, 0–100) at which a paragraph of the file is matched
#: to a draft paragraph whose text differs.
MATCH_RATIO = 85.0
_PASS_THROUGH = {_W + t for t in ("hyperlink", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple", "bdo",
                                  "dir")}


@dataclass
class ProposedAmendment:
    """A Word revision read as an amendment to one paragraph of the draft.

    ``start``/``end`` are offsets in the paragraph's shown text (as
    :meth:`~.service.DraftService.propose` takes them); ``paragraph_number``
    is its printed number (``"12."``) or ``None``; ``date`` the revision's
    ``w:date`` (naive UTC) or ``None``; ``duplicate`` whether the draft
    already has this amendment.
    """

    paragraph_id: int
    paragraph_number: str | None
    op: str
    start: int
    end: int
    old_text: str
    new_text: str
    sponsors: list[str]
    comment: str = ""
    date: dt.datetime | None = None
    duplicate: bool = False


@dataclass
class WordRevisions:
    """What a .docx proposes: the amendments, and sentences on what could not be placed."""

    proposals: list[ProposedAmendment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Rev:
    kind: str            # "ins" or "del"
    offset: int          # in the paragraph's text as it stood
    text: str
    author: str
    date: str
    comments: list[str]


def _text_of(el) -> str:
    out = []
    for t in el.iter(_W + "t", _W + "delText", _W + "tab"):
        out.append("\t" if t.tag == _W + "tab" else (t.text or ""))
    return "".join(out)


def _walk_paragraph(p) -> tuple[str, list[_Rev], set[str]]:
    """(text as it stood, revisions in order, ids of comments anchored in the paragraph).

    A comment belongs to the first revision that begins after its range starts
    and before it ends (Word puts ``w:commentRangeStart`` before the revision,
    LibreOffice inside it); one that ends first is on plain text.
    """
    base: list[str] = []
    revs: list[_Rev] = []
    pending: list[str] = []
    anchored: set[str] = set()

    def length() -> int:
        return sum(len(x) for x in base)

    def starts_and_ends(el) -> None:
        for x in el.iter(_W + "commentRangeStart", _W + "commentRangeEnd"):
            cid = x.get(_W + "id")
            if x.tag == _W + "commentRangeStart":
                pending.append(cid)
                anchored.add(cid)
            elif cid in pending:
                pending.remove(cid)

    def visit(el) -> None:
        for child in el:
            tag = child.tag
            if tag == _W + "pPr" or tag == _W + "rPr":
                continue
            if tag in (_W + "ins", _W + "moveTo", _W + "del", _W + "moveFrom"):
                kind = "ins" if tag in (_W + "ins", _W + "moveTo") else "del"
                text = _text_of(child)
                for x in child.iter(_W + "commentRangeStart"):
                    pending.append(x.get(_W + "id"))
                    anchored.add(x.get(_W + "id"))
                if text:
                    revs.append(_Rev(kind, length(), text, child.get(_W + "author") or "",
                                     child.get(_W + "date") or "", list(pending)))
                    pending.clear()
                    if kind == "del":
                        base.append(text)
                for x in child.iter(_W + "commentRangeEnd"):
                    if x.get(_W + "id") in pending:
                        pending.remove(x.get(_W + "id"))
            elif tag in (_W + "commentRangeStart", _W + "commentRangeEnd"):
                starts_and_ends(child)
            elif tag == _W + "r":
                for x in child:
                    if x.tag == _W + "t":
                        base.append(x.text or "")
                    elif x.tag == _W + "tab":
                        base.append("\t")
            elif tag in _PASS_THROUGH:
                visit(child)

    visit(p)
    return "".join(base), revs, anchored


def _merge(revs: list[_Rev]) -> list[dict]:
    """Revisions as amendments: del+ins by one author → replace; split pieces joined."""
    out: list[dict] = []
    for r in revs:
        last = out[-1] if out else None
        if last and last["author"] == r.author:
            if r.kind == "ins" and last["op"] in ("delete", "replace") and r.offset == last["end"] and (
                    last["op"] == "delete" or last["new_text"]):
                last["op"] = "replace"
                last["new_text"] += r.text
                last["comments"] = list(dict.fromkeys(last["comments"] + r.comments))
                continue
            if r.kind == "ins" and last["op"] == "insert" and r.offset == last["start"] and r.date == last["date"]:
                last["new_text"] += r.text
                continue
            if r.kind == "del" and last["op"] == "delete" and r.offset == last["end"] and r.date == last["date"]:
                last["old_text"] += r.text
                last["end"] += len(r.text)
                continue
        if r.kind == "ins":
            out.append({"op": "insert", "start": r.offset, "end": r.offset, "old_text": "", "new_text": r.text,
                        "author": r.author, "date": r.date, "comments": list(r.comments)})
        else:
            out.append({"op": "delete", "start": r.offset, "end": r.offset + len(r.text), "old_text": r.text,
                        "new_text": "", "author": r.author, "date": r.date, "comments": list(r.comments)})
    return out


def _comments(z: zipfile.ZipFile) -> dict[str, str]:
    if "word/comments.xml" not in z.namelist():
        return {}
    root = etree.fromstring(z.read("word/comments.xml"), _parser())
    out = {}
    for c in root.iter(_W + "comment"):
        paras = ["".join(t.text or "" for t in p.iter(_W + "t")) for p in c.iter(_W + "p")]
        out[c.get(_W + "id")] = "\n".join(paras).strip()
    return out


def _date(value: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        d = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if d.tzinfo is not None:
        d = d.astimezone(dt.UTC).replace(tzinfo=None)
    return d


def _map(a: str, b: str) -> Callable[[int], int]:
    """Offsets in ``a`` carried to ``b`` by their matching blocks."""
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()

    def at(offset: int) -> int:
        for i, j, n in blocks:
            if i <= offset <= i + n:
                return j + (offset - i)
        before = [(i, j, n) for i, j, n in blocks if i + n <= offset]
        if before:
            i, j, n = before[-1]
            return min(j + n, len(b))
        return 0
    return at


def read_revisions(path: str | Path, service: DraftService, draft_id: int) -> WordRevisions:
    """The tracked changes and comments of the .docx at ``path`` as proposed amendments to
    draft ``draft_id`` (see the module docstring).  Changes nothing.

    Raises :class:`ReadError` (naming the file) for what is not a readable .docx,
    :class:`~.errors.NotFound` for an unknown draft.
    """
    path = Path(path)
    _check_package(path)
    try:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/document.xml"), _parser())
            comments = _comments(z)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError) as exc:
        raise ReadError(path, _("the tracked changes cannot be read: {error}").format(error=exc)) from exc
    laid = service.view(draft_id, BracketView.ALL)
    paragraphs = [p for p in laid.paragraphs]
    existing = {(a.paragraph_id, a.op, a.start, a.end, a.old_text if a.op != "insert" else "",
                 a.new_text, tuple(a.sponsors)) for a in service.amendments(draft_id)}
    result = WordRevisions()
    used_comments: set[str] = set()
    all_anchored: set[str] = set()
    cursor = 0
    body = root.find(_W + "body")
    for p in (body.iter(_W + "p") if body is not None else []):
        base, revs, anchored = _walk_paragraph(p)
        all_anchored |= anchored
        if not revs:
            continue
        if not base.strip():
            result.warnings.append(_("A paragraph inserted whole as a tracked change was not imported: "
                                     "“{text}”.").format(text=_short(" ".join(r.text for r in revs))))
            continue
        target, mapper = _find(paragraphs, base, cursor)
        if target is None:
            result.warnings.append(_("No paragraph of the draft matches “{text}”; its {n} tracked changes were "
                                     "not imported.").format(text=_short(base), n=len(revs)))
            continue
        cursor = paragraphs.index(target) + 1
        for m in _merge(revs):
            start, end = mapper(m["start"]), mapper(m["end"])
            old = target.text[start:end] if m["op"] != "insert" else ""
            if m["op"] != "insert" and old != m["old_text"]:
                found = _nearest(target.text, m["old_text"], start)
                if found is None:
                    result.warnings.append(_("The deleted words “{old}” are not in paragraph {number} of the draft; "
                                             "that change was not imported.").format(
                        old=_short(m["old_text"]), number=target.number or "—"))
                    continue
                start, end, old = found, found + len(m["old_text"]), m["old_text"]
            sponsors = parties.to_codes(split_sponsors(m["author"])) or [_("unknown author")]
            texts = [comments[c] for c in m["comments"] if comments.get(c)]
            used_comments.update(m["comments"])
            proposal = ProposedAmendment(target.id, target.number, m["op"], start, end, old, m["new_text"],
                                         sponsors, "\n".join(texts), _date(m["date"]))
            proposal.duplicate = (proposal.paragraph_id, proposal.op, start, end, old, proposal.new_text,
                                  tuple(sponsors)) in existing
            result.proposals.append(proposal)
    for cid in sorted(all_anchored - used_comments, key=lambda x: int(x) if x and x.isdigit() else 0):
        if comments.get(cid):
            result.warnings.append(_("A comment on no tracked change was not imported: “{text}”.").format(
                text=_short(comments[cid])))
    return result


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _nearest(text: str, needle: str, near: int) -> int | None:
    hits = [m.start() for m in re.finditer(re.escape(needle), text)] if needle else []
    return min(hits, key=lambda h: abs(h - near)) if hits else None


def _find(paragraphs, base: str, cursor: int):
    """The draft paragraph whose text is ``base`` (first from ``cursor``, then anywhere), else
    the most similar above :data:`MATCH_RATIO`; with the offset mapping.  ``(None, None)``."""
    stripped = base.strip()
    order = paragraphs[cursor:] + paragraphs[:cursor]
    for p in order:
        if p.text == base:
            return p, lambda o: o
        if p.text == stripped:
            lead = len(base) - len(base.lstrip())
            size = len(p.text)
            return p, lambda o, lead=lead, size=size: min(max(o - lead, 0), size)
    best, ratio = None, 0.0
    for p in order:
        if not p.text:
            continue
        r = fuzz.ratio(stripped, p.text, score_cutoff=MATCH_RATIO)
        if r > ratio:
            best, ratio = p, r
    if best is None:  # nothing reached MATCH_RATIO (score_cutoff gives 0 below it)
        return None, None
    return best, _map(base, best.text)


def apply_revisions(service: DraftService, proposals: list[ProposedAmendment]) -> list[int]:
    """Record ``proposals`` (those not ``duplicate``) as amendments, each with its sponsors,
    comment and date, numbered in the order of their dates (then of the document; Word keeps
    no amendment numbers, so they are the target draft's next ones); returns the new
    amendment ids.  Raises :class:`~.service.DraftError` for a span no longer in its paragraph."""
    ids = []
    oldest = dt.datetime.min
    for p in sorted(proposals, key=lambda p: p.date or oldest):
        if p.duplicate:
            continue
        change = service.propose(p.paragraph_id, p.op, p.start, p.end, p.new_text, sponsors=p.sponsors,
                                 comment=p.comment, created=p.date)
        ids.append(change.amendment_id)
    return ids
