"""What a delegate types in the search box, parsed into terms.

Grammar (deliberately forgiving: any string parses):

* words separated by spaces must all match (``AND`` between them may be
  written, and means the same);
* an unquoted word of four letters or more in an alphabetic script also
  finds longer words it begins (``decision`` finds ``decisions``; see
  :data:`.tokens.AUTO_PREFIX_LETTERS`); a quoted one is exact;
* ``"a quoted phrase"`` matches the words in that order (an unclosed quote
  runs to the end);
* ``OR`` (upper case) between two terms matches either;
* ``-word`` or ``NOT word`` excludes paragraphs containing it;
* a trailing ``*`` makes a word a prefix (``decis*``).

A word given twice counts once (``a OR a OR b`` is ``a OR b``; ``a a`` is
``a``), whatever its case or accents: FTS5's time grows faster than the
number of terms, and ``a OR a OR … b`` with 2,000 terms took minutes
(issue 12).  How many distinct terms a search may hold is
:data:`briefdesk.core.limits.QUERY_TERMS`, checked by the search service.

Characters that mean something to a database (``(``, ``NEAR(``, ``:``,
``^``) are ordinary text here; the backends quote every term themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tokens import TermTokens, term_tokens


@dataclass(frozen=True)
class Term:
    """One word or phrase as typed (``text``) and its index tokens."""

    text: str
    tokens: TermTokens

    @property
    def needle(self) -> str:
        """What to highlight: the text, ending in ``*`` when it is matched as a prefix."""
        return self.text.rstrip("*") + ("*" if self.tokens.prefix else "")


@dataclass
class Query:
    """A parsed query: ``groups`` are ANDed; the terms inside a group are ORed.

    ``excluded`` terms must not match.  ``empty`` is true when nothing
    searchable remains (only punctuation, or only exclusions).
    """

    raw: str
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups

    @property
    def term_count(self) -> int:
        """How many terms the query holds (positive and excluded), after repeats are dropped."""
        return sum(len(g) for g in self.groups) + len(self.excluded)

    @property
    def positive_terms(self) -> list[Term]:
        """Every term that should be highlighted in a hit."""
        return [t for g in self.groups for t in g]


_LEXEME = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(text: str) -> Query:
    """Parse ``text``; never raises.  Terms without word characters are dropped."""
    query = Query(raw=text)
    pending_or = False
    negate_next = False
    last_positive = False  # OR joins two positive terms only
    for m in _LEXEME.finditer(text):
        minus, phrase, word = m.group(1), m.group(2), m.group(3)
        if word is not None:
            if word == "OR":
                pending_or = last_positive
                continue
            if word == "NOT":
                negate_next = True
                continue
            if word in ("AND", "&&", "&"):
                continue
            negate = word.startswith("-") and len(word) > 1
            raw = word[1:] if negate else word
        else:
            negate = bool(minus)
            raw = phrase or ""
        negate = negate or negate_next
        negate_next = False
        tokens = term_tokens(raw, auto_prefix=word is not None)
        if not tokens.tokens:
            pending_or = last_positive = False
            continue
        term = Term(raw, tokens)
        last_positive = not negate
        if negate:
            query.excluded.append(term)
        elif pending_or:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        pending_or = False
    return _deduplicated(query)


def _key(term: Term) -> TermTokens:
    return term.tokens


def _deduplicated(query: Query) -> Query:
    """``query`` with repeated terms dropped: inside an OR group, among exclusions, and whole groups
    that repeat an earlier one (``a AND a``); the meaning is unchanged."""
    groups: list[list[Term]] = []
    seen_groups: set[frozenset] = set()
    for group in query.groups:
        kept: list[Term] = []
        keys: set = set()
        for term in group:
            if _key(term) not in keys:
                keys.add(_key(term))
                kept.append(term)
        signature = frozenset(keys)
        if signature not in seen_groups:
            seen_groups.add(signature)
            groups.append(kept)
    excluded: list[Term] = []
    keys = set()
    for term in query.excluded:
        if _key(term) not in keys:
            keys.add(_key(term))
            excluded.append(term)
    query.groups, query.excluded = groups, excluded
    return query
