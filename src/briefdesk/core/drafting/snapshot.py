"""A draft (or a frozen version of it) as plain data, and the views it is shown in.

:class:`DraftSnapshot` holds everything a renderer, a comparison or a frozen
:class:`~.models.DraftVersion` needs; :meth:`DraftSnapshot.to_json` /
:meth:`DraftSnapshot.from_json` give the form stored in ``draft_version.snapshot``.

:func:`view` lays a snapshot out for reading, in one of three ways
(:class:`BracketView`), following the practice of negotiating texts:

* ``clean`` — the text as it would read: bracket marks removed, of a group
  of alternatives the first kept, proposals not shown;
* ``all`` — the text with every square bracket and alternative;
* ``compilation`` — the text with brackets and, at its place, every
  amendment still proposed, bracketed and followed by its sponsors:
  insertions ``[new text] (#1 China, EU)``, deletions ``[old text] (#2 delete: Norway)``,
  replacements ``[old text] [new text] (#3 Brazil)``, ``#N`` being the
  amendment's number in the draft.

Each :class:`ViewParagraph` carries its current number, its text with
internal references printed with current numbers, and :class:`Run` pieces
(verb, plain text, proposal, deletion, sponsors) for renderers that set them
apart.  Public API: :class:`DraftSnapshot`, :func:`view`, :class:`DraftView`,
:class:`ViewParagraph`, :class:`Run`, :class:`BracketView`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import asdict, dataclass, field

from .. import parties
from . import brackets, references
from .numbering import Number, number_paragraphs


class BracketView(str, enum.Enum):
    """How brackets and amendments are shown (see the module docstring)."""

    CLEAN = "clean"
    ALL = "all"
    COMPILATION = "compilation"


_DELETE_WORD = {"en": "delete", "zh": "删除", "fr": "supprimer", "es": "suprimir", "ru": "исключить",
                "ar": "حذف"}
_LIST_SEP = {"zh": "、", "ar": "، "}
#: Where a typed or read-back list of sponsors is split: the separators :data:`_LIST_SEP` joins
#: with, the full-width comma, and semicolons.
_SPONSOR_SEP = re.compile(r"\s*[,，、،;；]\s*")


@dataclass
class SnapFootnote:
    """A footnote: ``offset`` in the paragraph's displayed text (``None``: at its end)."""

    id: int
    text: str
    offset: int | None = None


@dataclass
class SnapParagraph:
    """A paragraph as stored (see :class:`~.models.DraftParagraph` for the fields)."""

    id: int
    kind: str
    level: int
    numbered: bool
    text: str
    verb: str | None = None
    footnotes: list[SnapFootnote] = field(default_factory=list)
    source_paragraph_id: int | None = None
    source_symbol: str | None = None
    source_number: str | None = None


@dataclass
class SnapAmendment:
    """An amendment as stored (see :class:`~.models.DraftAmendment`)."""

    id: int
    paragraph_id: int | None
    op: str
    start: int
    end: int
    old_text: str
    new_text: str
    sponsors: list[str]
    comment: str = ""
    status: str = "proposed"
    number: int | None = None
    created: str | None = None    # ISO 8601 UTC (``2026-12-07T04:51:00``), when it was proposed


@dataclass
class DraftSnapshot:
    """A whole draft at one moment.  ``version`` is ``0`` for the working text,
    else the :class:`~.models.DraftVersion` number, with its ``label`` (``"Rev.1"``)."""

    draft_id: int
    kind: str
    language: str
    title: str
    body_name: str
    symbol: str
    date: dt.date | None
    numbering: dict
    paragraphs: list[SnapParagraph]
    amendments: list[SnapAmendment] = field(default_factory=list)
    version: int = 0
    label: str = ""
    note: str = ""
    source_label: str = ""
    #: the source as :func:`~.compare.load_side` names it (``"#12"`` or ``"#12:1"``, an embedded part); "" if none
    source_ref: str = ""

    @classmethod
    def from_draft(cls, draft) -> DraftSnapshot:
        """The snapshot of a loaded :class:`~.models.Draft` (paragraphs, footnotes, amendments)."""
        return cls(
            draft_id=draft.id, kind=draft.kind, language=draft.language, title=draft.title,
            body_name=draft.body_name, symbol=draft.symbol, date=draft.date,
            numbering=dict(draft.numbering or {}), source_label=draft.source_label or "",
            source_ref=(f"#{draft.source_document_id}" + (f":{draft.source_part}" if draft.source_part is not None
                                                           else "")) if draft.source_document_id else "",
            paragraphs=[SnapParagraph(p.id, p.kind, p.level, p.numbered, p.text, p.verb,
                                      [SnapFootnote(f.id, f.text, f.offset) for f in p.footnotes],
                                      p.source_paragraph_id, p.source_symbol, p.source_number)
                        for p in draft.paragraphs],
            amendments=[SnapAmendment(a.id, a.paragraph_id, a.op, a.start, a.end, a.old_text, a.new_text,
                                      list(a.sponsors or []), a.comment, a.status, a.number,
                                      a.created_at.replace(microsecond=0).isoformat() if a.created_at else None)
                        for a in draft.amendments])

    def to_json(self) -> dict:
        """A JSON-serialisable dict (dates as ISO strings)."""
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d

    @classmethod
    def from_json(cls, d: dict) -> DraftSnapshot:
        """Inverse of :meth:`to_json`."""
        d = dict(d)
        d["date"] = dt.date.fromisoformat(d["date"]) if d.get("date") else None
        d["paragraphs"] = [SnapParagraph(**{**p, "footnotes": [SnapFootnote(**f) for f in p["footnotes"]]})
                           for p in d["paragraphs"]]
        d["amendments"] = [SnapAmendment(**a) for a in d.get("amendments", [])]
        return cls(**d)

    def numbers(self) -> dict[int, Number]:
        """Current numbers by paragraph id (:func:`.numbering.number_paragraphs`)."""
        return number_paragraphs(self.paragraphs, self.numbering)

    def paragraph(self, pid: int) -> SnapParagraph:
        """The paragraph with id ``pid``; raises ``KeyError``."""
        for p in self.paragraphs:
            if p.id == pid:
                return p
        raise KeyError(pid)


@dataclass
class Run:
    """A piece of a paragraph's text as shown.

    ``role``: ``"verb"`` (set apart), ``"text"``, ``"proposal"`` (a proposed
    insertion or replacement, bracketed), ``"deleted"`` (text proposed for
    deletion, bracketed), ``"sponsors"`` (who proposed the preceding
    proposal); ``amendment_id`` names the amendment of the last three.
    """

    text: str
    role: str = "text"
    amendment_id: int | None = None


@dataclass
class ViewParagraph:
    """One paragraph laid out: ``number`` as printed (``"12."``) or ``None``; ``text`` is
    the concatenation of ``runs``; footnotes as ``(marker, text, offset)`` with markers
    numbered through the draft; ``section`` the label of the enclosing heading."""

    id: int
    kind: str
    level: int
    number: str | None
    text: str
    verb: str | None
    runs: list[Run]
    footnotes: list[tuple[str, str, int | None]]
    section: str | None = None
    #: the citation of the agreed language the text was taken from (:attr:`SnapParagraph.source_symbol`)
    source_symbol: str | None = None
    source_number: str | None = None


@dataclass
class DraftView:
    """A snapshot laid out in one :class:`BracketView`; ``warnings`` (sentences) are added by
    an export that could not render everything (an overlapping amendment as a Word revision)."""

    snapshot: DraftSnapshot
    mode: BracketView
    paragraphs: list[ViewParagraph]
    warnings: list[str] = field(default_factory=list)


def sponsor_text(sponsors: list[str], language: str) -> str:
    """Stored sponsors as printed in ``language``: each code named in that language
    (:func:`briefdesk.core.parties.label`; free text as typed), joined as the language
    lists them (``"European Union, Norway"``, ``"欧盟、挪威"``, ``"الاتحاد الأوروبي، النرويج"``).
    :func:`split_sponsors` splits such a line back."""
    return _LIST_SEP.get(language, ", ").join(parties.labels(sponsors, language))


_sponsor_text = sponsor_text


def split_sponsors(text: str) -> list[str]:
    """The sponsors named in ``text`` (``"EU, NOR"``, ``"中国、巴西"``, ``"مصر، الأردن"``, ``"EU; NOR"``):
    split at commas (``,``, ``，``, ``、``, ``،``) and semicolons, blanks dropped."""
    return [s for s in _SPONSOR_SEP.split(text.strip()) if s]


def _number_mark(a: SnapAmendment) -> str:
    """The amendment's number as the compilation prints it before its sponsors (``#3 ``);
    empty for amendments frozen in versions saved before amendments were numbered."""
    return f"#{a.number} " if a.number else ""


def _paren(text: str, language: str) -> str:
    return f"（{text}）" if language == "zh" else f" ({text})"


def view(snapshot: DraftSnapshot, mode: BracketView | str = BracketView.ALL) -> DraftView:
    """Lay ``snapshot`` out in ``mode`` (``"clean"``, ``"all"`` or ``"compilation"``)."""
    mode = BracketView(mode)
    numbers = snapshot.numbers()
    lang = snapshot.language
    pending: dict[int, list[SnapAmendment]] = {}
    if mode is BracketView.COMPILATION:
        for a in snapshot.amendments:
            if a.status == "proposed" and a.paragraph_id is not None:
                pending.setdefault(a.paragraph_id, []).append(a)
    out: list[ViewParagraph] = []
    marker = 0
    section: str | None = None
    for p in snapshot.paragraphs:
        shown = references.render(p.text, numbers)
        number = numbers.get(p.id)
        if p.kind == "heading" and p.level == 0:
            section = number.bare if number else None
        verb = p.verb if p.verb and shown.startswith(p.verb) else None
        notes_at = [(f.offset if f.offset is not None else None, f.text) for f in p.footnotes]
        if mode is BracketView.CLEAN:
            text = brackets.clean(shown)
            if text != shown:
                notes_at = [(len(brackets.clean(shown[:o])) if o is not None else None, t) for o, t in notes_at]
            runs = _plain_runs(text, verb)
        elif mode is BracketView.ALL or not pending.get(p.id):
            text, runs = shown, _plain_runs(shown, verb)
        else:
            runs, notes_at = _compilation_runs(p, shown, verb, numbers, pending[p.id], lang, notes_at)
            text = "".join(r.text for r in runs)
        footnotes = []
        for offset, note in notes_at:
            marker += 1
            footnotes.append((str(marker), note, offset))
        out.append(ViewParagraph(p.id, p.kind, p.level, number.printed if number else None, text,
                                 verb if verb and text.startswith(verb) else None, runs, footnotes,
                                 section if p.kind != "heading" else (number.bare if number else None),
                                 p.source_symbol, p.source_number))
    return DraftView(snapshot, mode, out)


def _plain_runs(text: str, verb: str | None) -> list[Run]:
    if verb and text.startswith(verb):
        rest = text[len(verb):]
        return [Run(verb, "verb")] + ([Run(rest)] if rest else [])
    return [Run(text)] if text else []


#: punctuation that closes up to the word before it (no space before it in a compilation)
_CLOSING = frozenset(",.;:!?)]}»”’،؛")


def _compilation_runs(p: SnapParagraph, shown: str, verb: str | None, numbers, amendments: list[SnapAmendment],
                      lang: str, notes_at):
    """Runs of a paragraph with its proposed amendments in place, and footnote offsets shifted."""
    def at(raw_offset: int) -> int:
        return references.to_shown_offset(p.text, numbers, min(max(raw_offset, 0), len(p.text)))

    spans = sorted(((at(a.start), at(a.end) if a.op != "insert" else at(a.start), a) for a in amendments),
                   key=lambda t: (t[0], t[1], t[2].id))
    clusters: list[list] = []
    for s, e, a in spans:
        if clusters and s < clusters[-1][1] or (clusters and s == clusters[-1][0] and s == clusters[-1][1]):
            clusters[-1][1] = max(clusters[-1][1], e)
            clusters[-1][2].append(a)
        else:
            clusters.append([s, e, [a]])
    runs: list[Run] = []
    pos = 0
    added: list[tuple[int, int]] = []   # (shown offset, characters added there)
    for s, e, group in clusters:
        if s > pos:
            runs.extend(_plain_runs(shown[pos:s], verb if pos == 0 else None))
        before = sum(len(r.text) for r in runs)
        if e > s:
            old = shown[s:e]
            deleting = [a for a in group if a.op == "delete"]
            runs.append(Run(f"[{old}]", "deleted" if deleting and len(deleting) == len(group) else "text",
                            deleting[0].id if deleting else None))
            for a in deleting:
                colon = "：" if lang == "zh" else ": "
                runs.append(Run(_paren(f"{_number_mark(a)}{_DELETE_WORD.get(lang, 'delete')}{colon}"
                                       f"{_sponsor_text(a.sponsors, lang)}", lang), "sponsors", a.id))
        for a in group:
            if a.op == "delete":
                continue
            sep = "" if lang == "zh" or not runs or runs[-1].text.endswith(" ") else " "
            # the spaces typed around an inserted text go outside its brackets: "[and in all six
            # languages]", not "[ and in all six languages]" (the words stay as typed)
            words = a.new_text.strip() or a.new_text
            runs.append(Run(f"{sep}[{words}]", "proposal", a.id))
            runs.append(Run(_paren(_number_mark(a) + _sponsor_text(a.sponsors, lang), lang), "sponsors", a.id))
        following = shown[e:e + 1]
        if (lang != "zh" and following and not following.isspace() and following not in _CLOSING
                and runs and runs[-1].role == "sponsors"):
            # the space before the next word was inside the brackets: the sponsors' parenthesis
            # must not run into that word ("(#4 Norway, Iceland)with")
            runs[-1] = Run(runs[-1].text + " ", runs[-1].role, runs[-1].amendment_id)
        after = sum(len(r.text) for r in runs)
        added.append((e, after - before - (e - s)))
        pos = e
    if pos < len(shown):
        runs.extend(_plain_runs(shown[pos:], verb if pos == 0 else None))
    shifted = []
    for offset, note in notes_at:
        if offset is None:
            shifted.append((None, note))
        else:
            shifted.append((offset + sum(n for where, n in added if where <= offset), note))
    return runs, shifted


_KIND_LINES = {
    "decision": {"en": "Draft decision", "zh": "决定草案", "fr": "Projet de décision", "es": "Proyecto de decisión",
                 "ru": "Проект решения", "ar": "مشروع مقرر"},
    "resolution": {"en": "Draft resolution", "zh": "决议草案", "fr": "Projet de résolution",
                   "es": "Proyecto de resolución", "ru": "Проект резолюции", "ar": "مشروع قرار"},
    "recommendation": {"en": "Draft recommendation", "zh": "建议草案", "fr": "Projet de recommandation",
                       "es": "Proyecto de recomendación", "ru": "Проект рекомендации", "ar": "مشروع توصية"},
}


def kind_line(kind: str, language: str) -> str:
    """The line naming what the text is, in the draft's language (``"决定草案"``, ``"Draft resolution"``),
    as official drafts print it above the title."""
    forms = _KIND_LINES.get(kind, _KIND_LINES["decision"])
    return forms.get(language, forms["en"])


def names_a_draft(line: str) -> bool:
    """Whether ``line`` already says it is a draft (``第**/2017 号决议草案``, ``Draft decision XIV/…``)."""
    return any(form.lower() in line.lower() for forms in _KIND_LINES.values() for form in forms.values())
