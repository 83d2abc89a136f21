"""What a United Nations document symbol looks like: the one pattern readers and citations share.

Symbols are slash-separated components (ST/SGB/2019/1, UN Dag Hammarskjöld
Library, "United Nations Document Symbols"): an upper-case series
component that may carry digits or a hyphenated part (``A``, ``CBD``,
``WHA58``, ``IT``, ``UNEP``), then components of letters, digits, dots and
hyphens (``Add.1``, ``L.13``, ``GB-7``, ``CONF.15``), one of which may end
in a parenthesised session (``1514(XV)``).  A full stop ending the
sentence is not part of the symbol (``…/Add.1.``), nor is a closing bracket
around it (``(UNEP/CBD/COP/13/15)``).  A non-breaking hyphen (U+2011, as in
the French ``A/ES‑10/273``) counts as a hyphen; a part in brackets after a
component (``(Sect. 3)``, ``(Part I)``) belongs to the symbol.

Examples: ``A/RES/75/1``, ``A/HRC/54/L.13``, ``CBD/SBI/2/10/Add.1``,
``UNEP/CBD/COP/12/24``, ``IT/GB-7/17/19``, ``WHA58/2005/REC/1``,
``A/79/6 (Sect. 3)/Add.10``, ``NPT/CONF.1995/32 (Part I)``, ``GC.18/INF/4``,
``GC(59)/RES/9``.
"""

from __future__ import annotations

import re
import unicodedata

#: A part of a document set in brackets after a component, as printed: ``(Sect. 3)`` in
#: ``A/79/6 (Sect. 3)/Add.10`` (proposed programme budget, section 3), ``(Part I)``,
#: ``(Parts I and II)``, ``(Vol. I)``, ``(Supp.)``; with or without the space before it.
PART_IN_BRACKETS = (r"\s?\((?:Sect\.|Vol\.|Parts?|Chap\.|Supp\.)(?:\s?[0-9IVXL]+[A-Z]?"
                    r"(?:\s(?:and|et|y|и)\s[0-9IVXL]+)?)?\)")

#: Group 1 is the symbol; one component at least follows the series.  The series may carry a
#: session after a dot or in brackets (``GC.18/INF/4``, UNIDO General Conference;
#: ``GC(59)/RES/9``, IAEA General Conference).
SYMBOL_RE = re.compile(
    r"(?<![A-Za-z0-9/.\-])"
    r"([A-Z][A-Z0-9]*(?:[-\u2011][A-Za-z0-9.]+|\.\d{1,3}|\(\d{1,3}\))?"
    r"(?:/[A-Za-z0-9][A-Za-z0-9.\-\u2011]*(?:\([A-Za-z0-9]+\))?(?:" + PART_IN_BRACKETS + r")?)+)"
    r"(?<!\.)")


def normalise_symbol(symbol: str | None) -> str:
    """A symbol as compared across language versions: NFKC (full-width ``Ａ／ＲＥＳ`` → ``A/RES``),
    upper case, no space around slashes, runs of space as one; ``""`` for none.

    ``"a/res/75/101  a-b"`` → ``"A/RES/75/101 A-B"``.  The language versions of one
    document carry the same symbol (the language is in the file name, not the symbol:
    UN Dag Hammarskjöld Library, "United Nations Document Symbols").
    """
    if not symbol:
        return ""
    text = unicodedata.normalize("NFKC", symbol).upper()
    text = re.sub(r"\s*/\s*", "/", text)
    return re.sub(r"\s+", " ", text).strip()


#: A file name as the Official Document System gives a downloaded document: the symbol with
#: each "/" written "_", then a hyphen and the language's code (``A_RES_73_6-EN.pdf``,
#: ``A_C.4_SR.985-FR.pdf``, ``S_RES_2803_2025-EN.pdf``).
_ODS_FILE_NAME = re.compile(r"^(?P<symbol>[A-Za-z][^\s/\\]*_[^\s/\\]+)-(?P<lang>AR|EN|ES|FR|RU|ZH)$", re.IGNORECASE)


#: the components a UN symbol writes in upper and lower case (UN Dag Hammarskjöld Library,
#: "United Nations Document Symbols": the modifiers ``Add.``, ``Corr.``, ``Rev.``,
#: ``Amend.``, ``Summary``, ``Excerpt``; and as the corpus's symbols write them ``Res.``,
#: ``Dec.``, ``Decl.``, ``Sub.``, ``Agenda``, ``OzL.Pro.``); every other run of letters is
#: written in capitals
_MIXED_CASE = {w.lower(): w for w in ("Add", "Corr", "Rev", "Amend", "Res", "Dec", "Decl", "Sub", "OzL", "Pro")}
#: … of which these also stand alone, with no dot and number after them (``A/RES/75/1`` has
#: ``RES`` in capitals, ``IT/GB-7/17/Res.2`` the modifier ``Res.``)
_MIXED_ALONE = {w.lower(): w for w in ("Summary", "Excerpt", "Agenda")}


def symbol_case(symbol: str) -> str:
    """``symbol`` in the case the UN writes it: runs of letters in capitals, the modifiers of
    :data:`_MIXED_CASE` (before a dot) and :data:`_MIXED_ALONE` as written there
    (``t/Pet.11/142`` → ``T/PET.11/142``,
    ``a/res/75/1/add.1`` → ``A/RES/75/1/Add.1``, ``S/Agenda/10026`` unchanged)."""
    def case(m: re.Match) -> str:
        word = m.group(0).lower()
        if word in _MIXED_ALONE:
            return _MIXED_ALONE[word]
        if word in _MIXED_CASE and symbol[m.end():m.end() + 1] == ".":
            return _MIXED_CASE[word]
        return word.upper()

    return re.sub(r"[^\W\d_]+", case, symbol)


def symbol_from_file_name(name: str) -> str | None:
    """The symbol an ODS file name spells (the name without its extension:
    ``A_C.4_SR.985-FR`` → ``A/C.4/SR.985``), or ``None`` when ``name`` is not named so.

    ODS writes each ``/`` of the symbol as ``_`` and adds ``-`` and the language code
    (``AR``, ``EN``, ``ES``, ``FR``, ``RU``, ``ZH``); a Security Council resolution's year in
    brackets is written as one more component (``S_RES_2803_2025`` is ``S/RES/2803 (2025)``,
    the resolution's symbol since 1993).  The case is the UN's (:func:`symbol_case`: ODS
    names ``T_Pet.11_142-EN.pdf`` the document printed ``T/PET.11/142``).  The result must be
    a whole symbol by :data:`SYMBOL_RE`.  A reader uses it only when the document itself
    prints no symbol it can read (a page whose text recognition lost it).
    """
    stem = name.rsplit("/", 1)[-1]
    if "." in stem and stem.rsplit(".", 1)[1].lower() in ("pdf", "doc", "docx", "txt", "xml"):
        stem = stem.rsplit(".", 1)[0]
    m = _ODS_FILE_NAME.match(stem)
    if not m:
        return None
    symbol = symbol_case(m["symbol"].replace("_", "/"))
    year = re.fullmatch(r"(S/RES/\d+)/((?:19|20)\d\d)", symbol, re.IGNORECASE)
    if year:
        symbol = f"{year[1]} ({year[2]})"
        return symbol if SYMBOL_RE.fullmatch(year[1]) else None
    return symbol if SYMBOL_RE.fullmatch(symbol) else None


#: A symbol with no series component (``XII/6``, ``14/30``, ``75/100``): meaningful only with its body.
_BARE = re.compile(r"(?:[IVXL]+|\d+)/\d+[A-Z]?")
#: Series under which a body's decisions are also cited: ``UNEP/CBD/COP/DEC/XII/6`` is ``XII/6``.
_DECISION_SERIES = re.compile(r"(?:UNEP/)?CBD/(?:COP|CP/MOP|NP/MOP|COP-MOP|COP/MOP)/DEC/")


def work_key(symbol: str | None, body_code: str = "") -> str | None:
    """The key shared by the language versions of one document, or ``None`` (no symbol: a work
    of its own).

    The normalised symbol (:func:`normalise_symbol`); a bare decision number (``XII/6``,
    ``14/30``), which only its body makes unique, is prefixed with the body's code
    (``"cbd-cop:XII/6"``), and so is a CBD decision symbol reduced to that number
    (``UNEP/CBD/COP/DEC/XII/6`` → ``"cbd-cop:XII/6"``).
    """
    norm = normalise_symbol(symbol)
    if not norm:
        return None
    m = _DECISION_SERIES.match(norm)
    if m and _BARE.fullmatch(norm[m.end():]):
        return f"{body_code or 'cbd-cop'}:{norm[m.end():]}"
    if _BARE.fullmatch(norm):
        return f"{body_code}:{norm}"
    return norm
