"""Turning text into index tokens, the same way for paragraphs and for queries.

Rules (chosen for the six UN languages):

* Text is folded: Unicode compatibility decomposition (NFKD, so full-width
  ``ＡＢＣ１`` is ``ABC1``), combining marks removed (Latin accents, Cyrillic
  breve, Arabic harakat), Arabic tatweel removed, then case-folded.  So
  ``Décision`` matches ``decision`` and ``مُؤْتَمَر`` matches ``مؤتمر``.
* Runs of Han ideographs (and kana) are written as overlapping bigrams, each
  run closed by its last character alone: ``生物多样性`` →
  ``生物 物多 多样 样性 性``.  Every character thus starts exactly one token,
  so a two-character word is one token, a longer word a phrase of adjacent
  bigrams, and a single character a prefix query.  This is the classic
  CJK bigram index (as in Lucene's CJKAnalyzer); unlike a trigram index it
  finds two-character words such as ``森林``.
* Everything else is left for SQLite's ``unicode61`` tokenizer (or the LIKE
  fallback) to split on punctuation and spaces.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..scripts import HAN_KANA

_CJK_RUN = re.compile(f"[{HAN_KANA}]+")
_TATWEEL = "\u0640"


def _drop_class() -> str:
    """A regex character class of the combining marks of the Basic Multilingual Plane and
    the tatweel, as code point ranges (a regex drops them several times faster than
    ``str.translate`` with a table)."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        if unicodedata.combining(chr(cp)) or chr(cp) == _TATWEEL:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b != a else "") for a, b in ranges) + "]+"


_DROP_BMP = re.compile(_drop_class())
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def fold(text: str) -> str:
    """Fold case, width and diacritics: ``"Décision ＸＩＩ"`` → ``"decision xii"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    if _ASTRAL.search(decomposed):
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c) and c != _TATWEEL)
    else:
        stripped = _DROP_BMP.sub("", decomposed)
    return unicodedata.normalize("NFC", stripped).casefold()


def _bigrams(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run))]


def index_text(text: str) -> str:
    """The token stream indexed for ``text``: folded, CJK runs as bigrams, space-separated."""
    folded = fold(text)
    return _CJK_RUN.sub(lambda m: " " + " ".join(_bigrams(m.group())) + " ", folded)


@dataclass(frozen=True)
class TermTokens:
    """The tokens of one query term, to be matched as a phrase.

    ``prefix`` is true when the last token must be matched as a prefix (a
    term ending in a lone CJK character, or one the user ended with ``*``).
    """

    tokens: tuple[str, ...]
    prefix: bool = False
    #: the prefix was added by :data:`AUTO_PREFIX_LETTERS`, not typed (``*``) nor forced by CJK
    auto: bool = False


_WORD = re.compile(r"\w+")


#: an unquoted word of at least this many letters (not CJK) also finds longer words: ``decision``
#: finds ``decisions``, ``développement`` finds ``développements`` (prefix matching instead of stemming)
AUTO_PREFIX_LETTERS = 4


def term_tokens(term: str, *, auto_prefix: bool = False) -> TermTokens:
    """Tokens of one query term (a word or a quoted phrase).

    The term is tokenised like indexed text, except at its end: a trailing
    CJK run of two or more characters drops its closing single character
    (the document's run may go on), and a trailing lone CJK character becomes
    a prefix.  With ``auto_prefix`` (unquoted words), a last token of at least
    :data:`AUTO_PREFIX_LETTERS` letters in an alphabetic script (Latin,
    Cyrillic, Arabic…) is a prefix too.  Punctuation is dropped; a term of
    punctuation only gives no tokens.
    """
    folded = fold(term.strip())
    prefix = folded.endswith("*")
    folded = folded.rstrip("*")
    tokens: list[str] = []
    pos = 0
    runs = list(_CJK_RUN.finditer(folded))
    for m in runs:
        tokens.extend(_WORD.findall(folded[pos:m.start()]))
        tokens.extend(_bigrams(m.group()))
        pos = m.end()
    tail = _WORD.findall(folded[pos:])
    tokens.extend(tail)
    if runs and not tail and runs[-1].end() == len(folded.rstrip()):
        run = runs[-1].group()
        if len(run) >= 2:
            tokens.pop()  # the closing lone character
        else:
            prefix = True
    tokens = [t for t in tokens if t]
    auto = False
    if auto_prefix and not prefix and tail and tokens and len(tokens[-1]) >= AUTO_PREFIX_LETTERS \
            and tokens[-1].isalpha():
        prefix = auto = True
    return TermTokens(tuple(tokens), prefix, auto)
