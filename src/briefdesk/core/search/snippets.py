"""Snippets with highlighted hits, computed on the stored text in Python.

Highlighting works on folded text (see :func:`.tokens.fold`) mapped back to
the original characters, so ``decision`` highlights ``Décision`` and the
span offsets point into the text a delegate sees.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

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


#: per-character folds, filled as characters are met: ``{code point: folded string}``
_FOLDS: dict[int, str] = {}
#: the code points met so far that do not fold to exactly one character (``ß``, combining marks)
_UNEVEN: set[int] = set()


def _folded_with_map(text: str) -> tuple[str, list[int] | None]:
    """``text`` folded character by character, and the index in ``text`` of each folded character
    (``None`` when every character folds to exactly one, so indices are unchanged)."""
    codes = set(map(ord, text))
    for code in codes - _FOLDS.keys():
        folded = fold(chr(code))
        _FOLDS[code] = folded
        if len(folded) != 1:
            _UNEVEN.add(code)
    folded = text.translate(_FOLDS)
    if codes.isdisjoint(_UNEVEN):
        return folded, None
    origin: list[int] = []
    for i, c in enumerate(text):
        origin.extend([i] * len(_FOLDS[ord(c)]))
    return folded, origin


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` offsets in ``text`` of every needle, folded.

    A needle ending in ``*`` is a prefix: its span runs to the end of the
    word it begins (for alphabetic scripts; a CJK prefix marks just itself).
    A phrase that does not occur as typed (other spacing or punctuation
    between its words) has its words marked one by one.
    """
    folded, origin = _folded_with_map(text)
    spans: list[tuple[int, int]] = []

    def mark(needle: str, prefix: bool) -> bool:
        start = folded.find(needle)
        found = start != -1
        while start != -1:
            end = start + len(needle)
            if prefix and needle[-1].isalpha() and not _is_cjk(needle[-1]):
                while end < len(folded) and folded[end].isalpha() and not _is_cjk(folded[end]):
                    end += 1
            if origin is None:
                spans.append((start, end))
            else:  # the marks folding dropped after the last letter belong to the hit
                last = origin[end - 1] + 1
                while last < len(text) and (unicodedata.combining(text[last]) or text[last] == "\u0640"):
                    last += 1
                spans.append((origin[start], last))
            start = folded.find(needle, end)
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
