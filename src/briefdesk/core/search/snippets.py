"""Snippets with highlighted hits, computed on the stored text in Python.

Highlighting works on folded text (see :func:`.tokens.fold`) mapped back to
the original characters, so ``decision`` highlights ``Décision`` and the
span offsets point into the text a delegate sees.
"""

from __future__ import annotations

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


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(text):
        f = fold(c)
        chars.append(f)
        origin.extend([i] * len(f))
    return "".join(chars), origin


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` offsets in ``text`` of every needle, folded."""
    folded, origin = _folded_with_map(text)
    spans: list[tuple[int, int]] = []
    for needle in {fold(n.strip().rstrip("*")) for n in needles}:
        if not needle:
            continue
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(needle, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


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
