"""Parties and negotiating groups as data (issue 15, point 1): who can sponsor an amendment.

The list (``resources/parties.json``, read once) holds:

* the 193 **UN Member States**, each under its ISO 3166-1 alpha-3 code
  (``"CHN"``, ``"NOR"``); source: United Nations, *Member States*;
* other **Parties and observers**: the Cook Islands (``"COK"``) and Niue
  (``"NIU"``), the Holy See (``"VAT"``) and the State of Palestine (``"PSE"``),
  non-member observer States at the UN, and the European Union (``"EU"``, the
  exceptionally reserved ISO 3166-1 code);
* which of them are Parties to the **CBD** (196: the UN Member States but the
  United States, plus the EU, the Cook Islands, Niue and the State of Palestine;
  source: CBD Secretariat, *List of Parties*) and to the **ITPGRFA** (source: FAO
  Legal Office, *List of Contracting Parties*; the data file gives, per range of
  rows, the FAO page and date it was checked against, the other dated sources that
  confirm single rows, the rows corrected and why, and the rows still unchecked);
* the **negotiating groups**, under codes of their own: ``G77`` (Group of 77
  and China), ``AFRICAN_GROUP``, ``GRULAC``, ``ASIA_PACIFIC``, ``CEE`` (Central and
  Eastern Europe, the Eastern European Group), ``WEOG``, ``AOSIS``, ``LDC``, ``LMDC``,
  ``ARAB_GROUP``, ``JUSSCANZ``, ``UMBRELLA``, ``EIG``; and ``EU``, which is both a
  Party and a group.

**Names** in the six UN languages (``ar``, ``en``, ``es``, ``fr``, ``ru``, ``zh``):
states and the EU from CLDR through babel (``babel.Locale(lang).territories``,
keyed by the alpha-2 code); the Holy See, the State of Palestine and the two
Congos (whose CLDR names are the territory, or carry the capital) from UNTERM,
given in the data file; groups from the data file, which says which names are
the UN's and which were translated for BriefDesk.

**Matching** (:func:`match`): a code (``"chn"``), or a name or known alias in any
of the six languages (``"European Union"``, ``"欧洲联盟"``, ``"Union
européenne"``, ``"EU"``), compared without case, accents, punctuation or
spacing; with ``fuzzy=True`` also a close spelling (rapidfuzz, :data:`FUZZY_CUTOFF`).
:func:`search` ranks entries for a picker.  :func:`to_codes` turns a typed or
stored sponsor list into codes, keeping as text what it cannot place (never
dropping one); :func:`label` prints a stored sponsor in a language.

Public API: :class:`Party`, :func:`all_parties`, :func:`get`, :func:`is_code`,
:func:`name`, :func:`label`, :func:`labels`, :func:`match`, :func:`to_codes`,
:func:`search`, :data:`LANGUAGES`, :data:`TREATIES`.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field

from .resources import resource_path

#: The six official UN languages, in which every entry is named.
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
#: The treaties whose Parties the data lists.
TREATIES = ("CBD", "ITPGRFA")

#: Kinds of entry: a State (UN Member or not), an observer State, an organization, a negotiating group.
KINDS = ("state", "observer", "organization", "group")

#: The least rapidfuzz ``ratio`` (0–100) a close spelling needs in :func:`match`; the runner-up
#: must score at least :data:`FUZZY_MARGIN` less, else the spelling is ambiguous and matches nothing.
FUZZY_CUTOFF = 80
FUZZY_MARGIN = 5


@dataclass(frozen=True)
class Party:
    """One entry: ``code`` (``"CHN"``, ``"EU"``, ``"G77"``), ``kind`` (:data:`KINDS`),
    ``names`` by language (all six, none empty), whether a UN Member State
    (``un_member``), the treaties it is a Party to (``treaties``, a subset of
    :data:`TREATIES`), and ``aliases`` (other spellings, for matching only)."""

    code: str
    kind: str
    names: dict[str, str]
    un_member: bool = False
    treaties: frozenset[str] = frozenset()
    aliases: tuple[str, ...] = field(default=())

    def name(self, language: str) -> str:
        """The name in ``language`` (``"zh"``; a regional form such as ``"zh_CN"`` is cut to
        its language), English for a language other than the six."""
        return self.names.get(language.split("_")[0].split("-")[0], self.names["en"])


def _normal(text: str) -> str:
    """``text`` as compared: NFKC, without case, accents, punctuation or spaces
    (``"Côte d’Ivoire"`` → ``"cotedivoire"``, ``"G-77"`` → ``"g77"``)."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


@functools.cache
def _data() -> dict:
    with open(resource_path("parties.json"), encoding="utf-8") as f:
        return json.load(f)


def _cldr_names(iso2: str) -> dict[str, str]:
    from babel import Locale

    return {lang: Locale(lang).territories.get(iso2, "") for lang in LANGUAGES}


@functools.cache
def all_parties() -> tuple[Party, ...]:
    """Every entry: the UN Member States (by English name), then the other Parties and
    observers, then the negotiating groups (in the order of the data file)."""
    data = _data()
    overrides = data["names"]
    aliases = data["aliases"]
    treaty_sets = {t: set(data["treaties"][t]["parties"]) for t in TREATIES}

    def treaties(code: str) -> frozenset[str]:
        return frozenset(t for t in TREATIES if code in treaty_sets[t])

    def names(code: str, iso2: str) -> dict[str, str]:
        return dict(overrides[code]) if code in overrides else _cldr_names(iso2)

    states = [Party(code, "state", names(code, iso2), True, treaties(code), tuple(aliases.get(code, ())))
              for code, iso2 in data["un_member_states"]["codes"].items()]
    states.sort(key=lambda p: _normal(p.names["en"]))
    others = [Party(code, info["kind"], names(code, info["iso2"]), False, treaties(code),
                    tuple(aliases.get(code, ()))) for code, info in data["other_entities"].items()]
    groups = [Party(code, "group", dict(g["names"]), False, frozenset(), tuple(g.get("aliases", ())))
              for code, g in data["groups"]["items"].items()]
    return tuple(states + others + groups)


@functools.cache
def _by_code() -> dict[str, Party]:
    return {p.code: p for p in all_parties()}


def get(code: str) -> Party | None:
    """The entry with ``code`` (exact, upper case as stored), or ``None``."""
    return _by_code().get(code)


def is_code(sponsor: str) -> bool:
    """Whether a stored sponsor is a code of the list (else it is free text kept as typed)."""
    return sponsor in _by_code()


def name(code: str, language: str) -> str:
    """The name of ``code`` in ``language``; raises ``KeyError`` for an unknown code."""
    return _by_code()[code].name(language)


def label(sponsor: str, language: str) -> str:
    """A stored sponsor as printed in ``language``: the name of a code, free text as it is."""
    party = _by_code().get(sponsor)
    return party.name(language) if party else sponsor


def labels(sponsors: list[str], language: str) -> list[str]:
    """:func:`label` of each sponsor, in order."""
    return [label(s, language) for s in sponsors]


@functools.cache
def _index() -> tuple[dict[str, str], tuple[str, ...]]:
    """Normalised code, name or alias → code, and the keys for fuzzy matching.  A key two
    entries share is ambiguous and matches neither (the EU as group and Party is one entry)."""
    seen: dict[str, set[str]] = {}
    for p in all_parties():
        for text in (p.code, *p.names.values(), *p.aliases):
            key = _normal(text)
            if key:
                seen.setdefault(key, set()).add(p.code)
    index = {key: next(iter(codes)) for key, codes in seen.items() if len(codes) == 1}
    return index, tuple(index)


def match(text: str, *, fuzzy: bool = False) -> str | None:
    """The code ``text`` names, or ``None``.

    Exact after normalisation (a code, a name in any of the six languages, an alias:
    ``"EU"``, ``"European Union"``, ``"欧洲联盟"``, ``"Union européenne"`` → ``"EU"``);
    with ``fuzzy``, else the closest spelling scoring at least :data:`FUZZY_CUTOFF`
    (rapidfuzz ``ratio`` on the normalised forms; ``"Norwey"`` → ``"NOR"``), unless another
    entry comes within :data:`FUZZY_MARGIN` of it."""
    key = _normal(text)
    if not key:
        return None
    index, keys = _index()
    if key in index:
        return index[key]
    if not fuzzy or len(key) < 4:
        return None
    from rapidfuzz import fuzz, process

    best = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8)
    if not best:
        return None
    codes = [(index[k], score) for k, score, _i in best]
    rivals = [score for code, score in codes if code != codes[0][0]]
    return codes[0][0] if not rivals or rivals[0] <= codes[0][1] - FUZZY_MARGIN else None


def to_codes(sponsors: list[str]) -> list[str]:
    """Each sponsor as a code where :func:`match` (exact) places it, else kept as typed
    (stripped); blanks dropped, repeats removed, order kept.  Never drops a sponsor."""
    out: list[str] = []
    for s in sponsors:
        s = (s or "").strip()
        if not s:
            continue
        code = match(s) or s
        if code not in out:
            out.append(code)
    return out


_WORD = re.compile(r"\w+")
_NO_MATCH = 100


def _rank(key: str, texts) -> int:
    """How well normalised ``key`` matches one of ``texts``: 0 equal, 1 a prefix, 2 the start
    of a word, 3 inside, :data:`_NO_MATCH` not at all."""
    forms = [_normal(t) for t in texts]
    if key in forms:
        return 0
    if any(f.startswith(key) for f in forms):
        return 1
    if any(_normal(w).startswith(key) for t in texts for w in _WORD.findall(t.casefold())):
        return 2
    if any(key in f for f in forms):
        return 3
    return _NO_MATCH // 2


def search(query: str, language: str = "en", *, limit: int | None = None,
           kinds: tuple[str, ...] | None = None, treaty: str | None = None) -> list[Party]:
    """Entries for a picker, best first: ``query`` typed in any of the six languages
    (or a code) is looked for in every name and alias.

    Ranking: exact code or name, then a name starting with the query, then one with a
    word starting with it, then containing it — a match on the code or a name before the
    same on an alias only — then (queries of 4 characters or more) close spellings
    (rapidfuzz ``partial_ratio`` ≥ 80); ties by name in ``language``.
    An empty query lists everything (groups first, then by name).  ``kinds`` and
    ``treaty`` (``"CBD"``, ``"ITPGRFA"``) narrow the list."""
    pool = [p for p in all_parties()
            if (kinds is None or p.kind in kinds) and (treaty is None or treaty in p.treaties
                                                       or p.kind == "group")]
    key = _normal(query)
    if not key:
        ranked = sorted(pool, key=lambda p: (p.kind != "group", _normal(p.name(language))))
        return ranked[:limit] if limit else ranked
    scored: list[tuple[int, str, Party]] = []
    fuzzy_pool: list[Party] = []
    for p in pool:
        # a match on the code or a name counts before one on an alias only
        best = min((_rank(key, texts) * 2 + extra for texts, extra in
                    (((p.code, *p.names.values()), 0), (p.aliases, 1)) if texts), default=_NO_MATCH)
        if best >= _NO_MATCH:
            fuzzy_pool.append(p)
            continue
        scored.append((best, _normal(p.name(language)), p))
    if len(key) >= 4 and fuzzy_pool:
        from rapidfuzz import fuzz

        for p in fuzzy_pool:
            best = max(fuzz.partial_ratio(key, _normal(t)) for t in (*p.names.values(), *p.aliases))
            if best >= 80:
                scored.append((_NO_MATCH + (100 - int(best)), _normal(p.name(language)), p))
    scored.sort(key=lambda t: (t[0], t[1]))
    out = [p for _r, _n, p in scored]
    return out[:limit] if limit else out


def backs(sponsors: list[str], query: str, *, language: str = "en", partial: bool = False) -> bool:
    """Whether an amendment with stored ``sponsors`` is backed by whoever ``query`` names:
    the code :func:`match` finds for it (``"EU"``, ``"欧洲联盟"`` → ``"EU"``), or a stored
    free-text sponsor equal to it (without case).  With ``partial`` (a filter being typed),
    also when ``query`` is part of a sponsor's name in ``language`` or English
    (``"norw"`` → Norway).  An empty query backs everything."""
    query = query.strip()
    if not query:
        return True
    code = match(query)
    folded = query.casefold()
    for s in sponsors:
        if s == code or s.casefold() == folded:
            return True
        if partial and any(folded in label(s, lang).casefold() for lang in (language, "en")):
            return True
    return False
