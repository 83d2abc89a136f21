"""Internal references (``上文第11段``, ``paragraph 11 above``, ``sub-paragraph (b)``)
stored as references to paragraph ids, so that they follow their paragraph.

In a stored paragraph text each cited number is a token
``"\\ue000<id>\\ue001"`` (two Unicode private-use characters around the
target paragraph's id).  :func:`render` prints each token as the target's
current bare number (``"12"``, ``"b"``); :func:`link` does the reverse on
text as a user sees and types it, recognising reference phrases in the six
UN languages (the phrasing of the UN Editorial Manual and of CBD decisions):

* zh ``上文第11段``, ``下文第11和12段``, ``上文第11(b)段``, ``(b)分段``;
* en ``paragraph 11 above``, ``paragraphs 3 and 4 below``, ``paragraph 11 (b) above``,
  ``subparagraph (b) above`` / ``sub-paragraph (b)``;
* fr ``paragraphe 11 ci-dessus``, ``alinéa b) ci-dessus``;
* es ``párrafo 11 supra``/``anterior``, ``apartado b)``;
* ru ``пункте 11 выше``, ``подпункте b) выше``;
* ar ``الفقرة 11 أعلاه``;
* sections: ``上文A节``, ``section A above``, ``section A ci-dessus``, ``sección A supra``,
  ``разделе A выше``, ``الفرع A أعلاه``.

A sub-paragraph cited alone is looked up under the numbered paragraph
that contains the citing paragraph (the nearest level-0 paragraph at or
before it).  A number that names no paragraph is left as typed.

Public API: :func:`render`, :func:`link`, :func:`targets`, :func:`to_raw_offset`, :func:`remap`,
:data:`TOKEN`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from .numbering import Number

OPEN, CLOSE = "\ue000", "\ue001"
#: A stored reference token; group 1 is the target paragraph id.
TOKEN = re.compile(f"{OPEN}(\\d+){CLOSE}")
#: What :func:`render` prints for a reference whose paragraph no longer exists.
DANGLING = "??"

_NUM = r"\d{1,3}"
_SUB = r"[(（]\s*[a-z]{1,3}\s*[)）]|(?<![A-Za-z])[a-z]{1,3}\)"
_ITEM = rf"{_NUM}(?:\s*(?:{_SUB}))?"
_SEP = r"\s*(?:,|，|、|and|et|y|и|و|和|及|至|to|à|a|–|-)\s*(?:第\s*)?"
_LIST = rf"{_ITEM}(?:{_SEP}{_ITEM})*"

_PARA_PHRASES = [
    re.compile(rf"(?:上文|下文|前文|上述|本决定|本决议)\s*第\s*({_LIST})\s*段"),
    re.compile(rf"(?<![A-Za-z-])(?:paragraphs?|paras?\.)\s+({_LIST})\s+(?:above|below)", re.IGNORECASE),
    re.compile(rf"(?<![A-Za-z])paragraphes?\s+({_LIST})\s+(?:ci-dessus|ci-après|plus\s+haut)", re.IGNORECASE),
    re.compile(rf"(?<![A-Za-z])párrafos?\s+({_LIST})\s+(?:supra|infra|anterior|precedente|siguiente)",
               re.IGNORECASE),
    re.compile(rf"пункт[а-я]*\s+({_LIST})\s+(?:выше|ниже)", re.IGNORECASE),
    re.compile(rf"الفقر(?:ة|تين|تان|ات)\s+({_LIST})\s+(?:أعلاه|أدناه)"),
]
_SUB_LIST = rf"(?:{_SUB})(?:{_SEP}(?:{_SUB}))*"
_SUB_PHRASES = [
    re.compile(rf"(?:上文|下文)?\s*({_SUB_LIST})\s*(?:分段|项)"),
    re.compile(rf"(?<![A-Za-z])sub-?paragraphs?\s+({_SUB_LIST})", re.IGNORECASE),
    re.compile(rf"(?<![A-Za-z])alinéas?\s+({_SUB_LIST})", re.IGNORECASE),
    re.compile(rf"(?<![A-Za-z])(?:apartados?|incisos?)\s+({_SUB_LIST})", re.IGNORECASE),
    re.compile(rf"подпункт[а-я]*\s+({_SUB_LIST})", re.IGNORECASE),
]
_SECTION_PHRASES = [
    re.compile(r"(?:上文|下文|本决定)\s*第?\s*([A-Z])\s*(?:节|部分)"),
    re.compile(r"(?<![A-Za-z])(?:sections?|section)\s+([A-Z])\s+(?:above|below|ci-dessus|ci-après)"),
    re.compile(r"(?<![A-Za-z])secci[oó]n\s+([A-Z])\s+(?:supra|infra|anterior)"),
    re.compile(r"раздел[а-я]*\s+([A-Z])\s+(?:выше|ниже)"),
    re.compile(r"الفرع\s+([A-Z])\s+(?:أعلاه|أدناه)"),
]
_NUM_RX = re.compile(_NUM)
_SUB_RX = re.compile(r"[a-z]{1,3}")


def render(raw: str, numbers: Mapping[int, Number]) -> str:
    """``raw`` with every token printed as its target's current bare number (:data:`DANGLING` if gone)."""
    return TOKEN.sub(lambda m: numbers[int(m.group(1))].bare if int(m.group(1)) in numbers else DANGLING, raw)


def targets(raw: str) -> list[int]:
    """Ids of the paragraphs ``raw`` refers to, in order."""
    return [int(m.group(1)) for m in TOKEN.finditer(raw)]


def remap(raw: str, ids: Mapping[int, int]) -> tuple[str, Callable[[int], int]]:
    """``raw`` with each token's paragraph id replaced by ``ids[id]`` (a draft copied into another
    library, whose paragraphs have new ids: :mod:`..team`), and a function that moves an offset
    in ``raw`` to the same place in the new text (token ids may change length).  A token whose
    id ``ids`` lacks is kept as it is."""
    pieces: list[str] = []
    moves: list[tuple[int, int]] = []      # (end of a token in raw, length change so far)
    at, delta = 0, 0
    for m in TOKEN.finditer(raw):
        old = int(m.group(1))
        new = ids.get(old, old)
        pieces.append(raw[at:m.start()])
        pieces.append(f"{OPEN}{new}{CLOSE}")
        delta += len(str(new)) - len(m.group(1))
        moves.append((m.end(), delta))
        at = m.end()
    pieces.append(raw[at:])

    def move(offset: int) -> int:
        shift = 0
        for end, change in moves:
            if end <= offset:
                shift = change
        return offset + shift

    return "".join(pieces), move


def unresolved(raw: str) -> list[str]:
    """Numbers cited in reference phrases of ``raw`` that name no paragraph (were never
    linked, e.g. ``paragraph 40 above`` in a 30-paragraph text), in order."""
    found: list[tuple[int, str]] = []

    def note(kind: str, label: str, parent: str | None) -> None:
        found.append((len(found), label))
        return None

    link(raw, note)
    return [label for _i, label in found]


def to_raw_offset(raw: str, numbers: Mapping[int, Number], offset: int) -> int:
    """The offset in ``raw`` of character ``offset`` of :func:`render` ``(raw)``.

    An offset inside a rendered number maps to the token's start.
    """
    shown = 0
    pos = 0
    for m in TOKEN.finditer(raw):
        plain = m.start() - pos
        if offset <= shown + plain:
            return pos + (offset - shown)
        shown += plain
        pid = int(m.group(1))
        width = len(numbers[pid].bare) if pid in numbers else len(DANGLING)
        if offset < shown + width:
            return m.start()
        shown += width
        pos = m.end()
    return pos + (offset - shown)


def to_shown_offset(raw: str, numbers: Mapping[int, Number], raw_offset: int) -> int:
    """Inverse of :func:`to_raw_offset`: the rendered offset of ``raw_offset``."""
    return len(render(raw[:raw_offset], numbers)) if not _cuts_token(raw, raw_offset) else \
        len(render(raw[:raw.rfind(OPEN, 0, raw_offset)], numbers))


def _cuts_token(raw: str, offset: int) -> bool:
    return any(m.start() < offset < m.end() for m in TOKEN.finditer(raw))


Resolver = Callable[[str, str | None], int | None]
"""``resolve(kind, label)``: ``kind`` ``"para"`` with a bare number (``"11"``) or ``"sub"`` with a
letter (``"b"``) and, for ``"sub"``, the bare number of the paragraph it is under (``None``: the
citing paragraph's own) → the paragraph id, or ``None``."""


def carried(old_raw: str, numbers: Mapping[int, Number], new_text: str) -> list[tuple[int, int, int]]:
    """References of ``old_raw`` that stand unchanged in ``new_text`` (an edit of its rendering):
    ``(start, end, id)`` spans of ``new_text``.  Keeps a reference whose paragraph is gone
    (shown as :data:`DANGLING`) when the user edits another part of the paragraph, so that
    undoing the deletion brings it back."""
    import difflib

    shown, spans, pos = [], [], 0
    length = 0
    for m in TOKEN.finditer(old_raw):
        plain = old_raw[pos:m.start()]
        shown.append(plain)
        length += len(plain)
        pid = int(m.group(1))
        label = numbers[pid].bare if pid in numbers else DANGLING
        spans.append((length, length + len(label), pid))
        shown.append(label)
        length += len(label)
        pos = m.end()
    shown.append(old_raw[pos:])
    old = "".join(shown)
    if not spans:
        return []
    out = []
    blocks = difflib.SequenceMatcher(None, old, new_text, autojunk=False).get_matching_blocks()
    for start, end, pid in spans:
        for a, b, size in blocks:
            if a <= start and end <= a + size:
                out.append((b + start - a, b + end - a, pid))
                break
    return out


def link(text: str, resolve: Callable[..., int | None], keep: list[tuple[int, int, int]] = ()) -> str:
    """Turn the reference numbers in ``text`` (as a user sees it) into tokens.

    ``resolve(kind, label, parent)`` maps ``("para", "11", None)``,
    ``("sub", "b", "11")``/``("sub", "b", None)`` and ``("section", "A", None)`` to a
    paragraph id or ``None``.
    ``keep``: spans already known to be references (:func:`carried`), which win.
    """
    spans: list[tuple[int, int, int]] = list(keep)

    def add(start: int, end: int, pid: int | None) -> None:
        if pid is not None and not any(s < end and start < e for s, e, _ in spans):
            spans.append((start, end, pid))

    for rx in _PARA_PHRASES:
        for m in rx.finditer(text):
            base = m.start(1)
            chunk = m.group(1)
            last_para: str | None = None
            for item in re.finditer(rf"({_NUM})|({_SUB})", chunk):
                if item.group(1):
                    last_para = item.group(1)
                    add(base + item.start(1), base + item.end(1), resolve("para", last_para, None))
                else:
                    letter = _SUB_RX.search(item.group(2))
                    s = base + item.start(2) + letter.start()
                    add(s, s + len(letter.group()), resolve("sub", letter.group(), last_para))
    for rx in _SECTION_PHRASES:
        for m in rx.finditer(text):
            add(m.start(1), m.end(1), resolve("section", m.group(1), None))
    for rx in _SUB_PHRASES:
        for m in rx.finditer(text):
            base = m.start(1)
            for letter in _SUB_RX.finditer(m.group(1)):
                add(base + letter.start(), base + letter.end(), resolve("sub", letter.group(), None))
    if not spans:
        return text
    out, pos = [], 0
    for start, end, pid in sorted(spans):
        out.append(text[pos:start])
        out.append(f"{OPEN}{pid}{CLOSE}")
        pos = end
    out.append(text[pos:])
    return "".join(out)
