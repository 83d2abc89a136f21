"""Aligning the paragraphs of two language versions of one document.

Language versions of a UN document carry the same structure (sections,
preambular and operative paragraphs, the same numbers) but not always the
same paragraph count: a reader may split or join a paragraph in one
language, a heading may be present in one version only.  :func:`align`
maps a paragraph index of one version to an index of the other:

1. each paragraph gets a signature — its part, kind, level and bare number
   (``"21."`` → ``"21"``; unnumbered preambular paragraphs compare by kind
   and level only);
2. :class:`difflib.SequenceMatcher` finds the longest runs of equal
   signatures (the classic longest-matching-block alignment), so a heading
   missing on one side shifts nothing after it;
3. a paragraph outside any run goes to the paragraph of the other version
   with the same signature (or, failing that, the same number and level)
   nearest to where linear interpolation between the aligned neighbours
   before and after it puts it; an unnumbered one goes where interpolation
   puts it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class AlignItem:
    """What alignment compares of one paragraph. ``part`` is the part's index (``None``: the main text)."""

    part: int | None
    kind: str
    level: int
    number: str | None


_EDGES = re.compile(r"^[\s(（\[]+|[\s.)）\]、．:\-–—]+$")


def bare_number(number: str | None) -> str | None:
    """A printed paragraph number without punctuation, brackets or dash: ``"21."``, ``"21 -"`` (Arabic
    documents) → ``"21"``; ``"(a)"`` → ``"a"``; ``"4 (a)"`` → ``"4 a"``."""
    if not number:
        return None
    core = _EDGES.sub("", number.strip()).lower()
    return " ".join(core.replace("(", " ").replace(")", " ").split()) or None


def _signature(item: AlignItem) -> tuple:
    return (item.part is not None, item.kind, item.level, bare_number(item.number))


def align(source: Sequence[AlignItem], target: Sequence[AlignItem], index: int) -> int | None:
    """The index in ``target`` of the paragraph at ``index`` in ``source``; ``None`` if ``target`` is empty.

    Raises :class:`IndexError` if ``index`` is outside ``source``.
    """
    if not 0 <= index < len(source):
        raise IndexError(index)
    if not target:
        return None
    a = [_signature(s) for s in source]
    b = [_signature(t) for t in target]
    pairs: list[tuple[int, int]] = []
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        pairs.extend((block.a + k, block.b + k) for k in range(block.size))
    exact = dict(pairs)
    if index in exact:
        return exact[index]
    # Interpolate between the aligned neighbours (or the ends of both sequences).
    anchors = [(-1, -1)] + pairs + [(len(a), len(b))]
    keys = [p[0] for p in anchors]
    after = bisect_right(keys, index)
    (a0, b0), (a1, b1) = anchors[after - 1], anchors[after]
    share = (index - a0) / (a1 - a0)
    guess = min(max(round(b0 + share * (b1 - b0)), 0), len(b) - 1)
    number = a[index][3]
    if number is None:
        return guess
    same = [j for j, sig in enumerate(b) if sig == a[index]] or \
        [j for j, sig in enumerate(b) if sig[3] == number and sig[2] == a[index][2] and sig[0] == a[index][0]]
    return min(same, key=lambda j: abs(j - guess)) if same else guess
