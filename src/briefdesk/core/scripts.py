"""Writing systems of the six UN languages: the one place that names their Unicode ranges.

Ranges follow the Unicode blocks (Unicode 15, chapter 18 "East Asia" and
the block list in ``Blocks.txt``):

* :data:`HAN` — CJK Unified Ideographs, Extension A and the compatibility
  ideographs: the characters of Chinese words;
* :data:`HAN_KANA` — :data:`HAN` plus kana and the supplementary-plane
  ideographs: what the search index cuts into bigrams;
* :data:`CJK_WIDE` — everything set on the CJK grid: ideographs, radicals,
  CJK punctuation (``、。《》``), enclosed forms (``㈠``) and full-width
  forms (``（ａ）``).  No space is written between two such characters, so
  readers drop the spaces extractors put there.

Each constant is a regular-expression character-class body (no brackets).
Font choice (``render/fonts.py``) keeps its own ranges: it asks which
shipped face has a glyph, not which language a letter belongs to.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_KANA = "\u3040-\u30ff" + HAN + "\U00020000-\U0002fa1f"
CJK_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
ARABIC = "\u0600-\u06ff"
CYRILLIC = "\u0400-\u04ff"
LATIN = "A-Za-z\u00c0-\u024f"

_HAN_RE = re.compile(f"[{HAN}]")
_COUNTERS = {name: re.compile(f"[{body}]+") for name, body in
             (("han", HAN), ("arabic", ARABIC), ("cyrillic", CYRILLIC), ("latin", LATIN))}


def has_han(text: str) -> bool:
    """True when ``text`` contains at least one Han character."""
    return _HAN_RE.search(text) is not None


def letter_counts(text: str) -> dict[str, int]:
    """How many letters of ``text`` are Han, Arabic, Cyrillic and Latin.

    Returns ``{"han": n, "arabic": n, "cyrillic": n, "latin": n}``; digits,
    punctuation and other scripts are not counted.
    """
    return {name: sum(map(len, pattern.findall(text))) for name, pattern in _COUNTERS.items()}  # runs, not letters: fewer matches
