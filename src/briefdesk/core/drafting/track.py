"""The track-changes view of a draft: each proposed amendment inline, as Word shows revisions.

Where the compilation (:func:`.snapshot.view` in ``compilation``) prints an
amendment as bracketed text followed by its sponsors, the track-changes view
keeps the paragraph readable as one text: the words an amendment would delete
stay in place, marked ``delete``; the words it would insert stand where they
would go, marked ``insert``; everything else is ``unchanged``.  Each marked
piece names its amendment (number and sponsors), so a renderer can underline
insertions, strike deletions, colour both by sponsor and print the amendment
numbers in the margin.

Rules (the same placement as the compilation and the Word export):

* an ``insert`` amendment's text stands at its offset;
* a ``delete`` amendment marks its span of the paragraph as deleted;
* a ``replace`` amendment marks its span as deleted and its new text stands
  right after that span;
* at one offset, the new texts of replacements whose span ends there come
  first, then insertions, each group in the order of the amendments' numbers;
* where the spans of two deleting amendments overlap, each stretch of the
  paragraph is shown once, attributed to the lowest-numbered amendment
  covering it, with the others named in :attr:`TrackSpan.also` — no word of
  the paragraph is dropped or repeated, and no amendment is left out.

Only amendments still ``proposed`` are shown (accepted ones are already in
the text; rejected and withdrawn ones are not under discussion).  Offsets
are those of the paragraph as shown (internal references printed with their
current numbers), in the ``all`` view: square brackets are kept.

Public API: :class:`TrackSpan`, :class:`TrackParagraph`, :func:`track_changes`,
:func:`lead_sponsors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import references
from .snapshot import BracketView, DraftSnapshot, SnapAmendment, view

#: The kinds of :class:`TrackSpan`.
KINDS = ("unchanged", "insert", "delete")


@dataclass(frozen=True)
class TrackSpan:
    """One piece of a paragraph in the track-changes view.

    * ``text``: the characters shown (never empty);
    * ``kind``: ``"unchanged"``, ``"insert"`` (proposed new text) or ``"delete"``
      (text of the paragraph proposed for deletion);
    * ``start``/``end``: for ``unchanged`` and ``delete``, the span's offsets in the
      paragraph as shown (``text == shown[start:end]``); for ``insert``, both are the
      offset where the new text would go;
    * ``amendment``: the amendment's number in the draft (``None`` for ``unchanged``
      text, or an amendment frozen before amendments were numbered);
    * ``amendment_id``: its database id (``None`` for ``unchanged``);
    * ``sponsors``: its sponsors as recorded, lead sponsor first (empty for ``unchanged``);
    * ``also``: numbers of further amendments that delete the same stretch (overlaps);
    * ``verb``: whether the stretch lies within the paragraph's leading verb.
    """

    text: str
    kind: str
    start: int
    end: int
    amendment: int | None = None
    amendment_id: int | None = None
    sponsors: tuple[str, ...] = ()
    also: tuple[int, ...] = ()
    verb: bool = False


@dataclass
class TrackParagraph:
    """One paragraph of the track-changes view: ``id``, ``kind``, ``level``, ``number``
    as printed (``"3."``) or ``None``, ``text`` (the paragraph as shown, ``all`` view),
    its ``spans`` in reading order, ``amendments`` (the numbers of the proposed amendments
    on it, ascending — what the margin prints) and ``footnotes`` as ``(marker, text,
    offset in text or None for the end)``, markers numbered through the draft."""

    id: int
    kind: str
    level: int
    number: str | None
    text: str
    spans: list[TrackSpan]
    amendments: list[int] = field(default_factory=list)
    footnotes: list[tuple[str, str, int | None]] = field(default_factory=list)


def _sort_key(a: SnapAmendment) -> tuple[int, int]:
    return (a.number if a.number is not None else 1 << 30, a.id)


def track_changes(snapshot: DraftSnapshot) -> list[TrackParagraph]:
    """The paragraphs of ``snapshot`` with their proposed amendments inline (see the module
    docstring).  Pure: reads only the snapshot.  Every paragraph is returned, in order; one
    without proposals is one ``unchanged`` span (none if empty)."""
    laid = view(snapshot, BracketView.ALL)
    numbers = snapshot.numbers()
    pending: dict[int, list[SnapAmendment]] = {}
    for a in snapshot.amendments:
        if a.status == "proposed" and a.paragraph_id is not None:
            pending.setdefault(a.paragraph_id, []).append(a)
    raw_text = {p.id: p.text for p in snapshot.paragraphs}
    out: list[TrackParagraph] = []
    for p in laid.paragraphs:
        amendments = sorted(pending.get(p.id, []), key=_sort_key)
        raw = raw_text[p.id]

        def at(offset: int, raw: str = raw) -> int:
            return references.to_shown_offset(raw, numbers, min(max(offset, 0), len(raw)))

        placed = [(at(a.start), at(a.end) if a.op != "insert" else at(a.start), a) for a in amendments]
        spans = _spans(p.text, len(p.verb) if p.verb else 0, placed)
        out.append(TrackParagraph(p.id, p.kind, p.level, p.number, p.text, spans,
                                  [a.number for a in amendments if a.number is not None], list(p.footnotes)))
    return out


def _spans(text: str, verb_end: int, placed: list[tuple[int, int, SnapAmendment]]) -> list[TrackSpan]:
    """Spans of ``text`` with ``placed`` amendments ``(start, end, amendment)`` in shown offsets
    (``placed`` in the order of the amendments' numbers)."""
    n = len(text)
    deleting = [(min(s, n), min(max(e, s), n), a) for s, e, a in placed if a.op in ("delete", "replace")]
    inserting: dict[int, list[tuple[int, SnapAmendment]]] = {}
    for s, e, a in placed:
        if a.op == "insert" and a.new_text:
            inserting.setdefault(min(s, n), []).append((1, a))
        elif a.op == "replace" and a.new_text:
            inserting.setdefault(min(max(e, s), n), []).append((0, a))   # after its deleted span
    cuts = {0, n} | {s for s, _e, _a in deleting} | {e for _s, e, _a in deleting} | set(inserting)
    if 0 < verb_end < n:
        cuts.add(verb_end)
    points = sorted(c for c in cuts if 0 <= c <= n)
    spans: list[TrackSpan] = []

    def insertions(x: int) -> None:
        for _order, a in sorted(inserting.get(x, []), key=lambda t: (t[0], _sort_key(t[1]))):
            spans.append(TrackSpan(a.new_text, "insert", x, x, a.number, a.id, tuple(a.sponsors)))

    for x, y in zip(points, points[1:]):
        insertions(x)
        if y <= x:
            continue
        covering = [a for s, e, a in deleting if s <= x and y <= e and s < e]
        verb = y <= verb_end
        piece = text[x:y]
        if covering:
            lead = covering[0]
            also = tuple(a.number for a in covering[1:] if a.number is not None)
            span = TrackSpan(piece, "delete", x, y, lead.number, lead.id, tuple(lead.sponsors), also, verb)
        else:
            span = TrackSpan(piece, "unchanged", x, y, verb=verb)
        last = spans[-1] if spans else None
        if last is not None and last.kind == span.kind and last.end == x and last.kind != "insert" \
                and (last.amendment_id, last.also, last.verb) == (span.amendment_id, span.also, span.verb):
            spans[-1] = TrackSpan(last.text + piece, last.kind, last.start, y, last.amendment, last.amendment_id,
                                  last.sponsors, last.also, last.verb)
        else:
            spans.append(span)
    insertions(n)     # points end at n: what stands after the last character
    return spans


def lead_sponsors(snapshot: DraftSnapshot) -> list[str]:
    """The lead (first-named) sponsor of each amendment of ``snapshot``, whatever its status,
    each once, in the order of the amendments' numbers: the order a renderer gives out
    sponsor colours in, so a sponsor keeps its colour while amendments are decided."""
    seen: list[str] = []
    for a in sorted(snapshot.amendments, key=_sort_key):
        if a.sponsors and a.sponsors[0] not in seen:
            seen.append(a.sponsors[0])
    return seen
