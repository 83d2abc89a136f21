"""Automatic numbering of a draft's paragraphs.

Numbers follow UN and CBD practice (UN Editorial Manual, "Resolutions and
decisions"; CBD "Guidelines for drafting decisions"): operative paragraphs
are numbered 1, 2, 3 … continuously through the sections of a decision;
sub-paragraphs are lettered (a), (b) … under each numbered paragraph and
restart after it; sub-sub-paragraphs are (i), (ii) …; section headings are
lettered A, B, C …  Preambular paragraphs are not numbered (their
sub-paragraphs are lettered).  Patterns come from the draft's ``numbering``
(a source's ``1)`` or ``（a）`` are kept); see :data:`DEFAULT_PATTERNS`.

Public API: :func:`number_paragraphs`, :func:`roman`, :func:`letters`,
:func:`patterns_for`, :data:`DEFAULT_PATTERNS`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

#: Printed number patterns: ``{n}`` arabic, ``{a}`` letter, ``{i}`` roman, ``{A}`` capital letter.
DEFAULT_PATTERNS: dict[str, str] = {
    "operative": "{n}.", "sub": "({a})", "subsub": "({i})", "section": "{A}.",
}


class Numberable(Protocol):
    """What numbering needs of a paragraph (a ``DraftParagraph`` row or a snapshot paragraph)."""

    id: int
    kind: str
    level: int
    numbered: bool


@dataclass(frozen=True)
class Number:
    """A paragraph's number: ``printed`` with its punctuation (``"12."``, ``"（b）"``)
    and ``bare`` as cited in a reference (``"12"``, ``"b"``)."""

    printed: str
    bare: str


def roman(n: int) -> str:
    """Lower-case roman numeral of ``n`` ≥ 1 (``4`` → ``"iv"``)."""
    out = []
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    """Letter label of ``n`` ≥ 1 as the UN letters sub-paragraphs: a … z, then aa, bb … (``27`` → ``"aa"``)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _fill(pattern: str, n: int) -> Number:
    values = {"n": str(n), "a": letters(n), "i": roman(n), "A": letters(n).upper()}
    key = re.search(r"\{([naiA])\}", pattern)
    bare = values[key.group(1)] if key else str(n)
    return Number(pattern.format(**values), bare)


def patterns_for(numbering: dict | None) -> dict[str, str]:
    """The draft's patterns with defaults for missing keys."""
    out = dict(DEFAULT_PATTERNS)
    out.update({k: v for k, v in (numbering or {}).items() if k in DEFAULT_PATTERNS and v})
    return out


def number_paragraphs(paragraphs: Sequence[Numberable], numbering: dict | None = None) -> dict[int, Number]:
    """Numbers of ``paragraphs`` (in reading order) by paragraph id.

    Paragraphs with ``numbered`` false get none (and do not count).  A
    level-1 paragraph is lettered under the last level-0 paragraph, a level-2
    paragraph is a roman numeral under the last level-1; counters of deeper
    levels restart after a shallower paragraph.
    """
    pats = patterns_for(numbering)
    out: dict[int, Number] = {}
    operative = section = 0
    sub = subsub = 0
    for p in paragraphs:
        if p.kind == "heading":
            sub = subsub = 0
            if p.numbered and p.level == 0:
                section += 1
                out[p.id] = _fill(pats["section"], section)
            continue
        if p.level <= 0:
            sub = subsub = 0
            if p.kind == "operative" and p.numbered:
                operative += 1
                out[p.id] = _fill(pats["operative"], operative)
        elif p.level == 1:
            subsub = 0
            if p.numbered:
                sub += 1
                out[p.id] = _fill(pats["sub"], sub)
        else:
            if p.numbered:
                subsub += 1
                out[p.id] = _fill(pats["subsub"], subsub)
    return out


_PATTERN_OF = [
    (re.compile(r"^\d+\.$"), "{n}."), (re.compile(r"^\d+\)$"), "{n})"), (re.compile(r"^\d+$"), "{n}"),
    (re.compile(r"^\([a-z]+\)$"), "({a})"), (re.compile(r"^（[a-z]+）$"), "（{a}）"), (re.compile(r"^[a-z]+\)$"), "{a})"),
    (re.compile(r"^\([ivxl]+\)$"), "({i})"), (re.compile(r"^（[ivxl]+）$"), "（{i}）"), (re.compile(r"^[ivxl]+\)$"), "{i})"),
    (re.compile(r"^[A-Z]\.$"), "{A}."), (re.compile(r"^[A-Z]$"), "{A}"),
]


def pattern_of(printed: str | None) -> str | None:
    """The pattern a printed number follows (``"1)"`` → ``"{n})"``, ``"（a）"`` → ``"（{a}）"``), or ``None``."""
    if not printed:
        return None
    text = printed.strip()
    if re.fullmatch(r"[(（]?[ivxl]{2,}[)）]", text):      # (ii), (iv): roman, not letters
        for rx, pat in _PATTERN_OF[6:9]:
            if rx.match(text):
                return pat
    for rx, pat in _PATTERN_OF:
        if rx.match(text):
            return pat
    return None
