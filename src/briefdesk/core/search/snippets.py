"""Snippets with highlighted hits, computed on the stored text in Python.

Highlighting works on folded text (see :func:`.tokens.fold`) mapped back to
the original characters, so ``decision`` highlights ``Décision`` and the
span offsets point into the text a delegate sees.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from .tokens import fold


@dataclass(frozen=True)
class Snippet:
    """A window of a paragraph's text with the hits marked.

    ``spans`` are ``(start, end)`` character offsets into ``text``.
    ``clipped_start``/``clipped_end`` say whether text was cut before or
    after the window (shown as an ellipsis).
    """

    text: str
    spans: tuple[tuple[int, int], ...]
    clipped_start: bool = False
    clipped_end: bool = False

    def marked(self, before: str = "«", after: str = "»", ellipsis: str = "…") -> str:
        """The snippet as one string with each hit between ``before`` and ``after``."""
        out, pos = [], 0
        for start, end in self.spans:
            out += [self.text[pos:start], before, self.text[start:end], after]
            pos = end
        out.append(self.text[pos:])
        return (ellipsis if self.clipped_start else "") + "".join(out) + (ellipsis if self.clipped_end else "")


class _Folds(dict):
    """Per-character folds, ``{code point: folded string}``, filled as ``str.translate`` meets them."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: re.Pattern | None = None  # the characters met that do not fold to exactly one
        self._uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))
        self[code] = folded
        if len(folded) != 1:
            self._uneven.add(chr(code))
            self.uneven = re.compile("[" + "".join(re.escape(c) for c in sorted(self._uneven)) + "]")
        return folded


_FOLDS = _Folds()


def _folded_with_map(text: str) -> tuple[str, list[int] | None]:
    """``text`` folded character by character, and where each original character's fold ends in the
    folded text (``ends[i]``; ``None`` when every character folds to exactly one, so indices agree).

    Everything runs in C (``translate``, a regular expression, ``map``,
    ``accumulate``): snippets are made for every hit of every search.
    """
    folded = text.translate(_FOLDS)
    if len(folded) == len(text) and (_FOLDS.uneven is None or not _FOLDS.uneven.search(text)):
        return folded, None
    return folded, list(accumulate(map(len, map(_FOLDS.__getitem__, map(ord, text)))))


#: the rest of a word after a prefix: letters of alphabetic scripts (CJK has no word ends to find)
_WORD_REST = re.compile(r"[^\W\d_\u3040-\u9fff\uf900-\ufaff]*")


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` offsets in ``text`` of every needle, folded.

    A needle ending in ``*`` is a prefix: its span runs to the end of the
    word it begins (for alphabetic scripts; a CJK prefix marks just itself).
    A phrase that does not occur as typed (other spacing or punctuation
    between its words) has its words marked one by one.  A one-letter needle
    is marked only where it is a word of its own, never inside a word
    (the index matched the token ``a``, not the ``a`` of ``made``).
    """
    folded, ends = _folded_with_map(text)
    spans: list[tuple[int, int]] = []

    def mark(needle: str, prefix: bool) -> bool:
        whole = _whole_word(needle, prefix)
        start = folded.find(needle) if whole is None else _search_from(whole, folded, 0)
        found = start != -1
        while start != -1:
            end = start + len(needle)
            if prefix and needle[-1].isalpha() and not _is_cjk(needle[-1]):
                end = _WORD_REST.match(folded, end).end()
            if ends is None:
                spans.append((start, end))
            else:  # the marks folding dropped after the last letter belong to the hit
                last = bisect_right(ends, end - 1) + 1
                while last < len(text) and (unicodedata.combining(text[last]) or text[last] == "\u0640"):
                    last += 1
                spans.append((bisect_right(ends, start), last))
            start = folded.find(needle, end) if whole is None else _search_from(whole, folded, end)
        return found

    for raw in set(needles):
        prefix = raw.strip().endswith("*")
        needle = fold(raw.strip().rstrip("*"))
        if not needle:
            continue
        if not mark(needle, prefix) and " " in needle:
            words = needle.split()
            for i, word in enumerate(words):
                mark(word, prefix and i == len(words) - 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


#: a letter or digit of an alphabetic script (CJK characters are tokens of their own in the index)
_ALNUM = r"[^\W_\u3040-\u9fff\uf900-\ufaff]"


def _whole_word(needle: str, prefix: bool) -> re.Pattern | None:
    """For a one-letter needle (``a``, ``5``, ``я``), the pattern of it as a word of its own (or a word's
    start when ``prefix``): the index matches whole tokens, so the ``a`` inside ``made`` is no hit."""
    if len(needle) != 1 or _is_cjk(needle) or not needle.isalnum():
        return None
    return re.compile(f"(?<!{_ALNUM}){re.escape(needle)}" + ("" if prefix else f"(?!{_ALNUM})"))


def _search_from(pattern: re.Pattern, text: str, pos: int) -> int:
    m = pattern.search(text, pos)
    return m.start() if m else -1


def _is_cjk(char: str) -> bool:
    return "\u3040" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or char >= "\U00020000"


def make_snippet(text: str, needles: list[str], width: int = 160) -> Snippet:
    """A window of about ``width`` characters around the first hit of any needle."""
    spans = find_spans(text, needles)
    if len(text) <= width:
        return Snippet(text, tuple(spans))
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    inside = tuple((s - start, min(e, end) - start) for s, e in spans if s >= start and s < end)
    return Snippet(text[start:end], inside, start > 0, end < len(text))
