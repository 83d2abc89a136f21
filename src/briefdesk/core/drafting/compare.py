"""Compare two texts paragraph by paragraph: two versions of a draft, two drafts, or a
draft and the decision finally adopted.

Alignment: paragraphs with the same draft paragraph id are paired first
(versions of one draft); the rest are paired by similarity of their text
(rapidfuzz ``fuzz.ratio``, 0–100, on the text without spaces), best pairs
first, above :data:`THRESHOLD`.  So paragraphs are aligned even when they
moved; a pair whose order differs from the others' (outside the longest
run kept in order) is marked ``moved``.  Unpaired paragraphs are
``deleted`` (only in A) or ``inserted`` (only in B), placed after the pair
they followed.

Inside a pair, insertions and deletions are marked with :mod:`difflib` on
characters for Chinese (which has no spaces between words) and on words
(runs of letters or digits, spaces, single punctuation marks) otherwise.

Public API: :class:`Side`, :class:`SideParagraph`, :class:`AlignedPair`, :class:`DiffOp`,
:func:`compare`, :func:`changed_pairs`, :func:`inline_diff`, :func:`wdiff`, :func:`draft_side`, :func:`document_side`,
:func:`load_side`, :data:`THRESHOLD`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from ..errors import NotFound
from ..i18n import _
from .snapshot import BracketView, DraftSnapshot, view

if TYPE_CHECKING:
    from ..library import Library

#: Lowest similarity (rapidfuzz ratio, 0–100) at which two paragraphs are paired.
THRESHOLD = 55.0


@dataclass(frozen=True)
class SideParagraph:
    """One paragraph of a compared text: ``key`` is the draft paragraph id (``None`` for
    library paragraphs), ``number`` as printed, ``text`` without the number."""

    key: int | None
    number: str | None
    kind: str
    level: int
    text: str


@dataclass
class Side:
    """A text to compare: a ``label`` to show, its ``language`` and paragraphs in order."""

    label: str
    language: str
    paragraphs: list[SideParagraph] = field(default_factory=list)


@dataclass(frozen=True)
class DiffOp:
    """A piece of a paired paragraph: ``tag`` ``"equal"``, ``"delete"`` (only in A) or ``"insert"`` (only in B)."""

    tag: str
    text: str


@dataclass
class AlignedPair:
    """One row of the comparison: ``a``/``b`` (``None`` where the paragraph is only on one side),
    ``score`` 0–100, ``moved``, and the inside ``ops`` for pairs."""

    a: SideParagraph | None
    b: SideParagraph | None
    score: float = 0.0
    moved: bool = False
    ops: list[DiffOp] = field(default_factory=list)

    @property
    def status(self) -> str:
        """``"same"``, ``"changed"``, ``"moved"``, ``"deleted"`` or ``"inserted"``."""
        if self.b is None:
            return "deleted"
        if self.a is None:
            return "inserted"
        if self.moved:
            return "moved"
        return "same" if all(op.tag == "equal" for op in self.ops) else "changed"

    def as_dict(self) -> dict:
        """JSON form (``briefdesk draft compare --json``)."""
        def side(p):
            return None if p is None else {"number": p.number, "kind": p.kind, "level": p.level, "text": p.text}
        return {"status": self.status, "score": round(self.score, 1), "a": side(self.a), "b": side(self.b),
                "ops": [[op.tag, op.text] for op in self.ops]}


_WORDS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")


def tokens(text: str, language: str) -> list[str]:
    """Characters for Chinese, words/spaces/punctuation otherwise."""
    return list(text) if language == "zh" else _WORDS.findall(text)


def inline_diff(a: str, b: str, language: str) -> list[DiffOp]:
    """Insertions and deletions turning ``a`` into ``b`` (adjacent pieces of one tag merged)."""
    if a == b:
        return [DiffOp("equal", a)] if a else []
    ta, tb = tokens(a, language), tokens(b, language)
    ops: list[DiffOp] = []

    def add(tag: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1].tag == tag:
            ops[-1] = DiffOp(tag, ops[-1].text + text)
        else:
            ops.append(DiffOp(tag, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(ta[i1:i2]))
        else:
            add("delete", "".join(ta[i1:i2]))
            add("insert", "".join(tb[j1:j2]))
    return ops


def wdiff(ops: list[DiffOp]) -> str:
    """The ops as one line in the convention of GNU wdiff: deleted words ``[-like this-]``,
    inserted ones ``{+like this+}``."""
    return "".join(op.text if op.tag == "equal" else
                   (f"[-{op.text}-]" if op.tag == "delete" else f"{{+{op.text}+}}") for op in ops)


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


def _lis(values: list[int]) -> set[int]:
    """Indices (into ``values``) of one longest increasing subsequence."""
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tails_idx.append(i)
        else:
            tails[k] = v
            tails_idx[k] = i
        prev[i] = tails_idx[k - 1] if k else -1
    out: set[int] = set()
    i = tails_idx[-1] if tails_idx else -1
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def compare(a: Side, b: Side, *, threshold: float = THRESHOLD,
            scorer: Callable[[str, str], float] | None = None) -> list[AlignedPair]:
    """Align the paragraphs of ``a`` and ``b`` (see the module docstring); rows in B's order.

    Pairs by id first, then identical texts (nearest position first), then by
    similarity: ``rapidfuzz.process.extract`` with ``fuzz.ratio`` over all remaining
    pairs, or ``scorer(text_a, text_b) -> 0..100`` when given (benchmarks compare
    :mod:`difflib` this way).
    """
    pa, pb = a.paragraphs, b.paragraphs
    match: dict[int, tuple[int, float]] = {}
    used_b: set[int] = set()
    keys_b = {p.key: j for j, p in enumerate(pb) if p.key is not None}
    for i, p in enumerate(pa):
        if p.key is not None and p.key in keys_b:
            j = keys_b[p.key]
            match[i] = (j, fuzz.ratio(_norm(p.text), _norm(pb[j].text)))
            used_b.add(j)
    by_text: dict[str, list[int]] = {}
    for j, p in enumerate(pb):
        if j not in used_b:
            by_text.setdefault(_norm(p.text), []).append(j)
    for i, p in enumerate(pa):
        if i in match:
            continue
        free = [j for j in by_text.get(_norm(p.text), []) if j not in used_b]
        if free and _norm(p.text):
            j = min(free, key=lambda j: abs(i / max(len(pa), 1) - j / max(len(pb), 1)))
            match[i] = (j, 100.0)
            used_b.add(j)
    rest_a = [i for i in range(len(pa)) if i not in match]
    rest_b = [j for j in range(len(pb)) if j not in used_b]
    scored = []
    if rest_a and rest_b:
        texts_a = [_norm(pa[i].text) for i in rest_a]
        texts_b = [_norm(pb[j].text) for j in rest_b]
        for x, i in enumerate(rest_a):
            if scorer is None:
                hits = [(y, score) for _choice, score, y in process.extract(
                    texts_a[x], texts_b, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)]
            else:
                hits = [(y, scorer(texts_a[x], texts_b[y])) for y in range(len(texts_b))]
            for y, score in hits:
                j = rest_b[y]
                if (pa[i].kind == "heading") != (pb[j].kind == "heading") or not score or score < threshold:
                    continue
                scored.append((score, -abs(i / max(len(pa), 1) - j / max(len(pb), 1)), i, j))
    scored.sort(reverse=True)
    for score, _near, i, j in scored:
        if i in match or j in used_b:
            continue
        match[i] = (j, score)
        used_b.add(j)
    by_b = sorted(match.items(), key=lambda kv: kv[1][0])
    in_order = _lis([i for i, _ in by_b])
    moved = {by_b[k][0] for k in range(len(by_b)) if k not in in_order}
    language = b.language or a.language
    rows: list[tuple[tuple, AlignedPair]] = []
    for i, (j, score) in match.items():
        rows.append(((j, 0, i), AlignedPair(pa[i], pb[j], score, i in moved,
                                            inline_diff(pa[i].text, pb[j].text, language))))
    for j in range(len(pb)):
        if j not in used_b:
            rows.append(((j, 0, -1), AlignedPair(None, pb[j], 0.0)))
    for i in range(len(pa)):
        if i in match:
            continue
        before = [match[k][0] for k in range(i) if k in match and k not in moved]
        rows.append(((before[-1] if before else -1, 1, i), AlignedPair(pa[i], None, 0.0)))
    rows.sort(key=lambda r: r[0])
    return [r[1] for r in rows]


def changed_pairs(pairs: list[AlignedPair]) -> list[AlignedPair]:
    """The rows of a comparison that are not ``same`` (changed, moved, deleted or inserted),
    in their order: the changes-only view hides the others."""
    return [p for p in pairs if p.status != "same"]


def draft_side(snapshot: DraftSnapshot, label: str | None = None) -> Side:
    """A draft or version as a :class:`Side` (the ``all`` view: brackets shown)."""
    laid = view(snapshot, BracketView.ALL)
    name = label or (f"D{snapshot.draft_id}" + (f" {snapshot.label}" if snapshot.label else ""))
    return Side(name, snapshot.language, [SideParagraph(p.id, p.number, p.kind, p.level, p.text)
                                          for p in laid.paragraphs])


def document_side(library: Library, ref: str | int, part: int | None = None) -> Side:
    """A library document as a :class:`Side`: its own paragraphs, or those of embedded
    part ``part`` (``None``: for a note or report with embedded drafts, the last draft).
    Raises :class:`NotFound`."""
    doc = library.document(ref)
    if part is None and doc.kind in ("note", "report", "other") and doc.parts:
        drafts = [i for i, p in enumerate(doc.parts) if p.kind.startswith("draft")]
        part = (drafts or [len(doc.parts) - 1])[-1]
    if part is not None and not 0 <= part < len(doc.parts):
        raise NotFound(_("Document {ref} has no part {n}.").format(ref=doc.symbol or doc.id, n=part))
    wanted = doc.parts[part].id if part is not None else None
    label = (doc.symbol or f"#{doc.id}") + (f":{part}" if part is not None else "")
    return Side(label, doc.language, [SideParagraph(None, p.number, p.kind if p.kind != "body" else "preambular",
                                                    p.level, p.text)
                                      for p in doc.paragraphs if p.part_id == wanted])


_DRAFT_REF = re.compile(r"^[Dd](\d+)(?:@(?:[Rr]ev\.?)?(\d+))?$")


def load_side(library: Library, ref: str) -> Side:
    """The :class:`Side` a command-line reference names.

    * ``D12`` — draft 12 as it stands; ``D12@2`` or ``D12@Rev.2`` — its version 2;
    * ``SYMBOL`` or ``#ID`` — a library document; ``SYMBOL:N`` — its embedded part N.

    Raises :class:`NotFound`.
    """
    from .service import DraftService

    m = _DRAFT_REF.match(ref.strip())
    if m:
        service = DraftService(library)
        draft_id = service.resolve(m.group(1))
        return draft_side(service.snapshot(draft_id, int(m.group(2)) if m.group(2) else None))
    base, sep, part = ref.rpartition(":")
    if sep and part.isdigit():
        return document_side(library, base, int(part))
    return document_side(library, ref)
