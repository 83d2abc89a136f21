"""Language-aware structure parsing shared by the text, .docx and PDF readers.

Readers turn a file into a list of :class:`RawParagraph` (one per paragraph
in reading order, extractor noise already removed, footnote markers left in
the text as :func:`footnote_token` placeholders) and call
:func:`parse_structure`, which

1. splits each paragraph's printed number from its text, in the six UN
   languages: ``1.``, ``1)``, Arabic ``1 -``, ``(a)``, ``（a）``, ``a)``, ``aa)``,
   ``(i)``, ``（一）``, ``㈠``, ``(أ)``, ``’1‘``, Russian ``а)``, ``A.``, ``А.``,
   ``II.``, ``四.``, ``四、``, ``第一章``, ``أولا -``, ``ألف -``, bullets, and any of
   these typed before a tab; a number a reader found apart (Word list
   numbering) is typed the same way;
2. classifies it as heading, body, preambular or operative paragraph and nests
   sub-paragraphs (``(a)`` level 1, ``(i)`` level 2) under their parent, or
   at the level its indent shows (:attr:`RawParagraph.indent`);
3. tracks the enclosing section (``A``, ``II``), annexes, embedded drafts and
   decisions a report quotes (:class:`~briefdesk.core.document.ParsedPart`);
4. keeps table rows as rows (:attr:`RawParagraph.cells`), also the cells a PDF
   converter flattened into one short line each;
5. finds the leading verb (:mod:`.verbs`), normalises white space, turns
   footnote placeholders into :class:`~briefdesk.core.document.ParsedFootnote`
   with offsets into the clean text;
6. reads the title page: symbol, title, body, session, dates, venue, agenda
   item, language and document kind.

Conventions followed are those of UN and CBD documents (UN Editorial Manual,
"Resolutions and other formal texts"; CBD "Guidelines for drafting
decisions"): preambular paragraphs are unnumbered, follow the name of the body
(``缔约方大会，`` / ``The Conference of the Parties,``) and end with a comma;
operative paragraphs are numbered, except a resolution's only one, and end
with a semicolon or full stop; sections are lettered or numbered in Roman,
Chinese or Arabic ordinals; annexes are not the text adopted.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..document import (DocumentKind, ParagraphKind, ParsedDocument, ParsedFootnote,
                        ParsedParagraph, ParsedPart)
from ..scripts import CJK_WIDE, HAN, has_han, letter_counts
from ..symbols import SYMBOL_RE
from .verbs import leading_verb, verb_role

__all__ = [
    "RawParagraph", "footnote_token", "strip_tokens", "parse_structure", "detect_language",
    "display_width", "is_body_name", "is_body_line", "first_date", "recognised_date", "agenda_line",
    "agenda_items",
]

FN_OPEN = "\ue000"
FN_CLOSE = "\ue001"
_TOKEN_RE = re.compile(f"{FN_OPEN}([^{FN_CLOSE}]*){FN_CLOSE}")


def footnote_token(marker: str) -> str:
    """Placeholder for footnote ``marker`` inside a :class:`RawParagraph` text."""
    return f"{FN_OPEN}{marker}{FN_CLOSE}"


def strip_tokens(text: str) -> str:
    """``text`` without footnote placeholders."""
    return _TOKEN_RE.sub("", text)


@dataclass
class RawParagraph:
    """One paragraph as a reader found it, before structure parsing.

    ``text`` may carry footnote placeholders made by :func:`footnote_token`;
    ``notes`` maps each marker to its footnote text.  ``heading`` is a hint
    from the source's styles (e.g. a Word heading style), ``None`` if unknown.
    """

    text: str
    notes: dict[str, str] = field(default_factory=dict)
    heading: bool | None = None
    #: the paragraph's number as printed, when the source keeps it apart from
    #: the text (Word automatic numbering: ``"1."``, ``"(a)"``, ``"1 -"``,
    #: ``"а)"``); ``None`` to split a typed number from ``text``.
    number: str | None = None
    #: for one row of a table: the cell texts (``text`` holds them joined by
    #: ``" | "``) and the table's index in the document; ``None`` otherwise.
    cells: list[str] | None = None
    table: int | None = None
    #: left indent of the paragraph in the source's unit (Word: twips), when
    #: known: an unnumbered paragraph indented like the sub-paragraphs before it
    #: continues them at their level.
    indent: int | None = None
    #: for a table row: each cell's ``(columns, rows)`` span, as
    #: :attr:`~briefdesk.core.document.ParsedParagraph.spans`; ``None`` when all are 1 × 1.
    spans: list[tuple[int, int]] | None = None


def display_width(text: str) -> int:
    """Width in columns: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# ---------------------------------------------------------------- language

_LATIN_WORDS = {
    "en": {"the", "of", "and", "to", "in", "for", "on", "with", "that", "by", "its", "is"},
    "fr": {"le", "la", "les", "des", "de", "du", "et", "en", "sur", "pour", "aux", "une"},
    "es": {"el", "la", "los", "las", "de", "del", "y", "en", "para", "con", "por", "una"},
}


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s main language: zh, ar, ru, en, fr or es.

    Script decides first (Han, Arabic, Cyrillic letters against Latin ones);
    Latin text is told apart by its most frequent function words.  Returns
    ``""`` for text without letters.
    """
    n = letter_counts(text)
    # a Han character carries about as much as a short word: weigh it so
    scores = {"zh": n["han"] * 3, "ar": n["arabic"], "ru": n["cyrillic"], "latin": n["latin"]}
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        return ""
    if best != "latin":
        return best
    words = Counter(w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", text))
    counts = {lang: sum(words[w] for w in ws) for lang, ws in _LATIN_WORDS.items()}
    # "de", "la", "en" are shared: weigh the discriminating words
    counts["en"] += 2 * (words["the"] + words["of"] + words["and"])
    counts["fr"] += 2 * (words["les"] + words["des"] + words["et"] + words["du"])
    counts["es"] += 2 * (words["los"] + words["las"] + words["del"] + words["y"])
    return max(counts, key=counts.get)


# ---------------------------------------------------------------- numbers

_ROMAN_SUB = re.compile(r"^(?=[ivxl]+$)l?x{0,3}(ix|iv|v?i{0,3})$")
_ZH_NUMERAL = "一二三四五六七八九十"
#: Arabic ordinals that number chapters in UN Arabic texts ("أولا -", "ثانيا -"), in order.
AR_ORDINALS = ["أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا",
               "عاشرا", "حادي عشر", "ثاني عشر", "ثالث عشر", "رابع عشر", "خامس عشر",
               "سادس عشر", "سابع عشر", "ثامن عشر", "تاسع عشر", "عشرون",
               "حادي وعشرون", "ثاني وعشرون", "ثالث وعشرون", "رابع وعشرون", "خامس وعشرون",
               "سادس وعشرون", "سابع وعشرون", "ثامن وعشرون", "تاسع وعشرون", "ثلاثون"]
#: Arabic letter names that letter sections in UN Arabic texts ("ألف -", "باء -"), in order.
AR_LETTERS = ["ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء", "كاف",
              "لام", "ميم", "نون", "سين", "عين", "فاء", "صاد", "قاف", "راء", "شين", "تاء"]
_AR_ORD = "|".join(sorted((re.escape(w).replace(r"\ ", " ") for w in AR_ORDINALS), key=len, reverse=True))
_AR_LET = "|".join(AR_LETTERS)
_AR_CHARS = "\u0621-\u064a\u0640\u066e-\u06d3\ufb50-\ufdff\ufe70-\ufefc"
_SP = r"[ \t\u3000\u00a0]"
_NUM_PATTERNS = [
    ("arabic", re.compile(rf"^(\d{{1,3}}){_SP}*[.．](?![\d.]){_SP}*")),
    # Arabic UN texts number paragraphs "12 -"
    ("arabic", re.compile(rf"^(\d{{1,3}}){_SP}*[-–](?:{_SP}+(?=\D)|(?=[\u0621-\u064a]))")),
    ("paren_arabic", re.compile(rf"^(\d{{1,3}})[)）]{_SP}*")),
    ("sub", re.compile(rf"^[（(]([a-z]{{1,2}}|[ivxl]{{1,5}})[)）]{_SP}*")),
    ("sub", re.compile(rf"^([a-z]|([a-z])\2|[ivx]{{1,5}})[).]{_SP}+")),
    # Russian "а)", Arabic "(أ)", "(هـ)", "(أ أ)", Chinese "（一）"
    ("sub", re.compile(rf"^([а-яё])\){_SP}+")),
    ("sub", re.compile(rf"^[（(]([{_AR_CHARS}](?: ?[{_AR_CHARS}]){{0,2}})[)）]{_SP}*")),
    ("subsub", re.compile(rf"^[（(]([{_ZH_NUMERAL}]{{1,3}})[)）]{_SP}*")),
    # the (i) level of Chinese ("㈠") and Arabic ("’1‘") texts
    ("subsub", re.compile(rf"^([\u3220-\u3229]){_SP}*")),
    ("subsub", re.compile(rf"^[’‘']([0-9]{{1,2}})[‘’']{_SP}*")),
    ("roman", re.compile(rf"^([IVX]{{1,6}})[.．]{_SP}*(?=\S)")),
    ("roman", re.compile(rf"^({_AR_ORD}){_SP}*[-–]{_SP}+(?=\S)")),
    # an Arabic ordinal of two words ("حادي عشر") typed before a tab, as Word users type one
    ("roman", re.compile(rf"^({_AR_ORD})\t+(?=\S)")),
    # ... and run into the title's definite article where a PDF's text layer lost the tab
    # ("رابع عشرالدورة": no Arabic word continues an ordinal with "ال")
    ("roman", re.compile(rf"^({_AR_ORD})(?=ال[\u0621-\u064a])")),
    ("roman", re.compile(rf"^第([{_ZH_NUMERAL}百零〇\d]{{1,4}})(?:章|节|部分|篇)(?![章节部分篇]){_SP}*(?=\S)")),
    ("cap", re.compile(rf"^([A-ZА-ЯЁ])[.．]{_SP}*(?=\S)")),
    ("cap", re.compile(rf"^({_AR_LET}){_SP}*[-–]{_SP}+(?=\S)")),
    ("zhnum", re.compile(rf"^([{_ZH_NUMERAL}]{{1,3}}){_SP}*[.．、]{_SP}*")),
    ("bullet", re.compile(rf"^([•▪◦‣●■➢►]){_SP}+")),
]
_DECISION_LINE = re.compile(r"^((?:[IVXLC]+|\d{1,2})/\d{1,3})(?:[.．]|\s+[-–])\s*(\S.*)$")
#: A number typed before a tab, as Word users and converters type one ("IV\tNews", "أولا\tمقدمة").
_TAB_NUMBER = re.compile(r"^([^\s()（）]{1,10}[)）]?|[(（][^()（）\t]{1,8}[)）])\t+(?=\S)")


_GIVEN_NUMBER = [
    ("subsub", re.compile(r"^\W*([\u3220-\u3229])\W*$")),
    ("subsub", re.compile(r"^[’‘']([0-9]{1,2})[‘’']$")),
    ("arabic", re.compile(r"^\W*(\d{1,3})\W*$")),
    ("roman", re.compile(r"^\W*([IVX]{1,6})\W*$")),
    ("roman", re.compile(rf"^\W*({_AR_ORD})\W*$")),
    ("zhnum", re.compile(rf"^\W*([{_ZH_NUMERAL}]{{1,3}})\W*$")),
    ("cap", re.compile(rf"^\W*({_AR_LET})\W*$")),
    ("cap", re.compile(r"^\W*([A-ZА-ЯЁ])\W*$")),
    ("annex", re.compile(r"^\W*(المرفق|الملحق|附件|附录|Annex|Annexe|Anexo|Appendix|Приложение)\W*$",
                         re.IGNORECASE)),
    ("sub", re.compile(rf"^\W*((?![{HAN}])[^\W\d_](?: ?(?![{HAN}])[^\W\d_]){{0,2}})\W*$")),
    ("bullet", re.compile(r"^([•·▪◦‣●○■□➢►*\-–—])$")),
]


def given_number(number: str) -> tuple[str | None, str]:
    """(type, label) of a number a reader found apart from the text (see RawParagraph.number):
    ``"IV."`` -> ``("roman", "IV")``, ``"(b)"`` -> ``("sub", "b")``, ``"ألف"`` -> ``("cap", "ألف")``;
    ``(None, "")`` when it is no number the structure pass knows.  Types are those of
    :func:`split_number`, plus ``"annex"``.  Public so that readers (AKN ``<num>``) type
    numbers by the same rules as the structure pass."""
    printed, ntype, label, _rest = split_number(number.strip() + " x", tab=False)
    if printed is not None and re.sub(r"\s+", "", printed) == re.sub(r"\s+", "", number):
        return ntype, label
    for ntype, pat in _GIVEN_NUMBER:
        m = pat.match(number.strip())
        if m:
            return ntype, m.group(1)
    return None, ""


def split_number(text: str, tab: bool = True) -> tuple[str | None, str | None, str, str]:
    """(number as printed, type, label, rest of text) of a number typed at the start of
    ``text``: ``"12. Urges"`` -> ``("12.", "arabic", "12", "Urges")``; ``(None, None, "", text)``
    when none is (a decision symbol line such as ``"15/4. Title"`` is not numbered).

    Types: ``arabic``, ``paren_arabic``, ``sub`` ((a), (i)), ``subsub`` (（一）, ㈠, ’1‘),
    ``roman`` (IV., أولا -, 第一章), ``cap`` (A., ألف -), ``zhnum`` (一、), ``bullet``; the
    numbering of UN documents in the six languages (UN Editorial Manual).
    ``tab``: also take a short token typed before a tab as the number when
    :func:`given_number` can tell its type.  Public: the one grammar of typed
    paragraph numbers, which other readers (AKN) use too.
    """
    if _DECISION_LINE.match(text):
        return None, None, "", text
    for ntype, pat in _NUM_PATTERNS:
        m = pat.match(text)
        if m and text[m.end():].strip():
            printed = re.sub(r"\s+", " ", m.group(0).strip())
            printed = re.sub(r"\s*([.．)）、])", r"\1", re.sub(r"([（(])\s*", r"\1", printed))
            if printed[:-1].rstrip().isdigit() and printed.endswith(("-", "–")):
                pass   # the UN's Arabic "12 -" as typed ("12-", "12 –")
            elif ntype in ("roman", "cap") and m.group(1) in AR_ORDINALS + AR_LETTERS:
                printed = m.group(0).strip()
            return printed, ntype, m.group(1), text[m.end():]
    m = _TAB_NUMBER.match(text) if tab else None
    if m and text[m.end():].strip():
        ntype, label = given_number(m.group(1))
        # a Han word before a tab is a table cell, not a number (Chinese numerals are zhnum)
        if ntype is not None and (ntype != "sub" or (len(label) <= 3 and not has_han(label))):
            return m.group(1), ntype, label, text[m.end():]
    return None, None, "", text


# ---------------------------------------------------------------- vocabulary

_SENTENCE_END = tuple("。；;：:，,.!?！？、،؛؟")
_BODY_NOUNS = re.compile(
    r"(缔约方大会|缔约方会议|大会|管理机构|理事机构|附属机构|工作组|委员会|理事会|执行局|"
    r"Conference|Assembly|Council|Governing Body|GOVERNING BODY|Body|Meeting of the Parties|Working Group|"
    r"Commission|Committee|Conférence|Assemblée|Conseil|Organe|Conferencia|Asamblea|Consejo|"
    r"Órgano|Конференция|Ассамблея|Совет|Орган|مؤتمر|الجمعية|مجلس|الهيئة)")
#: a line that ends with the body's name ("缔约方大会", "the Conference of the Parties")
_BODY_NOUN_END = re.compile(_BODY_NOUNS.pattern + r"$")
_DRAFT_TITLE = re.compile(
    r"((?P<zh>决议|决定|建议)草案|draft (?P<en>decision|resolution|recommendation)|"
    r"projet de (?P<fr>décision|résolution|recommandation)|"
    r"proyecto de (?P<es>decisión|resolución|recomendación)|"
    r"проект (?P<ru>решения|резолюции|рекомендации)|مشروع (?P<ar>مقرر|قرار|توصية))",
    re.IGNORECASE)
_ANNOUNCE = re.compile(
    r"(通过[^。；]{0,30}?(?:如下|以下|下列)的?(?P<zh>决定|建议|决议)|"
    r"(?:adopt|approve)[^.;]{0,120}?(?P<en>decision|recommendation|resolution)[^.;]{0,60}|"
    r"(?:adopter|approuver)[^.;]{0,120}?(?P<fr>décision|recommandation|résolution)[^.;]{0,60}|"
    r"(?:aprobar|adoptar)[^.;]{0,120}?(?P<es>decisión|recomendación|resolución)[^.;]{0,60}|"
    r"(?:принять|утвердить)[^.;]{0,120}?(?P<ru>решени\w*|рекомендаци\w*|резолюци\w*)[^.;]{0,60})"
    r"[:：]\s*$", re.IGNORECASE)
_KIND_WORDS = [
    (DocumentKind.DRAFT_DECISION, ("决定", "decision", "décision", "decisión", "решени", "مقرر")),
    (DocumentKind.DRAFT_RESOLUTION, ("决议", "resolution", "résolution", "resolución", "резолюци", "قرار")),
    (DocumentKind.DRAFT_RECOMMENDATION, ("建议", "recommendation", "recommandation",
                                         "recomendación", "рекомендац", "توصية")),
]
_APPENDIX = re.compile(r"^\[?(附录|附件|Annex|Appendix|Annexe|Anexo|Apéndice|Приложение|Добавление|المرفق|التذييل)"
                       r"(?![a-zà-ÿа-я])", re.IGNORECASE)


def annex_heading(text: str) -> bool:
    """Whether ``text`` (an unnumbered paragraph) is an annex or appendix heading
    (``Annex``, ``Annexe I``, ``附件二``, ``المرفق الأول``, ``Приложение``): it opens
    with the word and is a heading of at most 60 columns (:func:`heading_shape`).
    What follows it is not the text adopted (UN Editorial Manual, "Annexes").
    Public so that the AKN reader ends an operative part at the same line."""
    plain = text.strip()
    if re.match(r"^(?:ANNEX|Annex|Annexe|ANNEXE|Anexo|ANEXO)\s+[\dIVX]{1,4}\s*[-–—:]\s+\S", plain):
        # a numbered annex with its title run in ("ANNEX 1 - President … Plan to End the Gaza
        # Conflict", S/RES/2803 (2025)): a heading of a line or two
        return heading_shape(plain, 120)
    return bool(_APPENDIX.match(plain)) and heading_shape(plain, 60)


def _draft_kind(word: str) -> DocumentKind:
    word = word.lower()
    for kind, words in _KIND_WORDS:
        if any(word.startswith(w) for w in words):
            return kind
    return DocumentKind.DRAFT_DECISION


def _first_group(m: re.Match) -> str:
    return next(v for k, v in m.groupdict().items() if v)


def is_body_name(text: str) -> bool:
    """``缔约方大会，`` / ``The Conference of the Parties,``: a short line naming the body."""
    t = text.strip()
    if not t or t[-1] not in ",，،" or display_width(t) > 100:
        return False
    inner = t[:-1]
    if any(p in inner for p in "。；;：:，"):
        return False
    if has_han(inner):
        return bool(_BODY_NOUN_END.search(inner)) and len(inner) <= 30
    return len(inner.split()) <= 16 and bool(_BODY_NOUNS.search(inner))


_ARTICLE = re.compile(r"^(?:The|La|Le|L[’']|El|إن)\s*", re.IGNORECASE)


def is_body_line(text: str) -> bool:
    """:func:`is_body_name`, or the body's name alone without the comma (``大会``,
    ``The General Assembly``) as some resolutions print it before their paragraphs."""
    return is_body_name(text) or _bare_body_name(text)


def _bare_body_name(text: str) -> bool:
    """The body's name on a line of its own without the comma (``大会``, ``The General Assembly``,
    ``إن الجمعية العامة``, ``Генеральная Ассамблея``): at most five words, or twelve Han characters."""
    t = text.strip()
    if not t or t.endswith(_SENTENCE_END) or any(c.isdigit() for c in t):
        return False
    if has_han(t):
        return len(t) <= 12 and is_body_name(t + "，")
    return len(_ARTICLE.sub("", t).split()) <= 4 and t[0].upper() == t[0] and is_body_name(t + ",")


_END_OPERATIVE = re.compile(r"[.。](?:[\s”’\"»)）]|%s[^%s]*%s)*$" % (FN_OPEN, FN_CLOSE, FN_CLOSE))
_END_CLAUSE = re.compile(r"[;；؛](?:[\s”’\"»)）]|%s[^%s]*%s)*$" % (FN_OPEN, FN_CLOSE, FN_CLOSE))


def unnumbered_operative(text: str, lang: str) -> bool:
    """Whether an unnumbered paragraph of a decision is operative, not preambular
    (``lang``: ISO 639-1 code of the text).

    UN and CBD practice (UN Editorial Manual, "Resolutions"): preambular
    paragraphs end with a comma; the operative part of a resolution with a
    single operative paragraph is not numbered and ends with a full stop;
    operative paragraphs other than the last end with a semicolon.
    A paragraph ending with a full stop or a semicolon (``；``, ``؛``) whose
    verb is not of the preambular form, or opening with an operative verb
    form (:func:`~.verbs.verb_role`), is operative: a Chinese ``核准…；``
    after a section heading (75/245 C), whose verb has one form for both parts.
    """
    text = text.strip().rstrip("\u200e\u200f\u061c\u200b")
    role = verb_role(text, lang)
    if (_END_OPERATIVE.search(text) or _END_CLAUSE.search(text)) and role != "preambular":
        return True
    if text.endswith((",", "，", "،")):
        return False
    return role == "operative"


#: Display columns up to which a line carrying a chapter number (``II``, ``二十``, ``حادي عشر``)
#: and no sentence end is still a heading: UN budget and fisheries resolutions print
#: chapter titles of up to about 400 columns ("II. Implementation of the 1995 Agreement
#: for the Implementation of the Provisions …", 75/89).
NUMBERED_HEADING_LIMIT = 500


def heading_shape(text: str, limit: int = 120) -> bool:
    """Whether ``text`` has the shape of a heading: not empty, not ending like a sentence
    (full stop, comma, colon, semicolon... in any of the six languages) and at most
    ``limit`` display columns (:func:`display_width`; a Han character counts two)."""
    t = text.strip().rstrip("\u200e\u200f\u061c\u200b")
    return bool(t) and not t.endswith(_SENTENCE_END) and display_width(t) <= limit


# ---------------------------------------------------------------- whitespace

_CJK_SPACE = re.compile(f"(?<=[{CJK_WIDE}])[ \t\u3000]+(?=[{CJK_WIDE}{FN_OPEN}])")
_CJK_SPACE2 = re.compile(f"(?<=[{CJK_WIDE}{FN_CLOSE}])[ \t\u3000]+(?=[{CJK_WIDE}])")


_SPACES = re.compile(r"[ \u00a0\u3000]+")
_TAB_SPACES = re.compile(r"[ \t]*\t[ \t]*")
_SPACE_BEFORE_NOTE = re.compile(f"\\s+(?={FN_OPEN})")


def _normalise(text: str) -> str:
    text = text.replace("\r", " ").replace("\n", " ")
    text = _SPACES.sub(" ", text)
    text = _TAB_SPACES.sub("\t", text)
    text = _SPACE_BEFORE_NOTE.sub("", text)
    text = _CJK_SPACE.sub("", text)
    text = _CJK_SPACE2.sub("", text)
    return text.strip()


def _footnotes(text: str, notes: dict[str, str]) -> tuple[str, list[ParsedFootnote]]:
    out, found, pos = [], [], 0
    length = 0
    for m in _TOKEN_RE.finditer(text):
        chunk = text[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        marker = m.group(1)
        found.append(ParsedFootnote(marker=marker, text=notes.get(marker, "").strip(), offset=length))
        pos = m.end()
    out.append(text[pos:])
    clean = "".join(out)
    # trailing space left where a marker stood at the end
    stripped = clean.rstrip()
    for fn in found:
        fn.offset = min(fn.offset, len(stripped))
    return stripped, found


# ---------------------------------------------------------------- structure

@dataclass
class _Item:
    raw: RawParagraph
    text: str            # without number, tokens kept
    number: str | None
    ntype: str | None
    label: str


@dataclass
class _Context:
    """Numbering and section state of the document or of one part."""

    expected: int = 1
    chapter: str | None = None
    chapter_num: int = 0
    letter: str | None = None
    sub_num: int = 0
    in_decision: bool = False
    seen_operative: bool = False


def parse_structure(raw: list[RawParagraph], *, source_format: str = "", language: str | None = None,
                    running_symbols: Counter | None = None) -> ParsedDocument:
    """Build a :class:`ParsedDocument` from paragraphs in reading order.

    ``raw``: paragraphs with footnote placeholders (see :class:`RawParagraph`).
    ``language``: ISO 639-1 code, detected from the text when ``None``.
    ``running_symbols``: symbols seen in page headers or footers, most frequent
    first (a PDF's running head names its own symbol).  Never raises on odd
    input: unrecognised paragraphs become ``BODY``.  Raises :class:`ReadError`
    (without a file name) when ``raw`` is over :func:`briefdesk.core.limits.check_paragraphs`.
    """
    from .. import limits

    limits.check_paragraphs([r.text for r in raw])
    items: list[_Item] = []
    for r in raw:
        text = r.text.strip().lstrip("\ufeff")
        if not strip_tokens(text).strip():
            if items and r.notes:   # a lone marker: attach to the previous paragraph
                items[-1].raw.notes.update(r.notes)
                items[-1].text += text
            continue
        if r.cells is not None:
            number, ntype, label, rest = None, "row", "", text
        elif r.number and r.number.strip():
            number, rest = r.number.strip(), text
            ntype, label = given_number(number)
            if ntype is None and any(c.isalpha() for c in number):
                # a word no numbering scheme prints (a table's first cell): it is text
                sep = "" if has_han(number[-1:]) and has_han(text[:1]) else " "
                text = rest = number + sep + text
                number = None
        else:
            number, ntype, label, rest = split_number(text)
        items.append(_Item(RawParagraph(text, dict(r.notes), r.heading, r.number, r.cells, r.table,
                                        r.indent, r.spans), rest.strip(), number, ntype, label))

    all_text = strip_tokens("\n".join(i.raw.text for i in items))
    lang = language or detect_language(all_text)
    doc = ParsedDocument(language=lang, source_format=source_format)
    _read_title_page(doc, items)
    if doc.date is None and doc.start_date is not None:
        doc.date, doc.date_source = doc.start_date, "meeting"
    decision_doc = doc.kind in (DocumentKind.DECISION, DocumentKind.RESOLUTION,
                                DocumentKind.RECOMMENDATION)
    _mark_flattened_tables(items, len(_header_items(items)))

    body_ctx = _Context()
    ctx = body_ctx
    part_stack: list[tuple[int, _Context]] = []   # (part index, context saved on entry)
    pending: tuple[DocumentKind, str, str | None] | None = None   # announced draft
    pending_age = 0
    quoting: int | None = None    # part holding paragraphs a report quotes from a decision
    last_level0: ParsedParagraph | None = None
    last_letter: str | None = None
    series: str | None = None     # "letter" or "roman": how the current (a)/(i) list runs
    in_annex = False
    indent_level: dict[int, tuple[int, ParagraphKind]] = {}   # indent → (level, kind) of numbered paragraphs
    paragraphs: list[ParsedParagraph] = []

    def current_part() -> int | None:
        return part_stack[-1][0] if part_stack else None

    def close_parts() -> None:
        nonlocal ctx
        while part_stack:
            _, saved = part_stack.pop()
            ctx = saved

    def open_part(kind: DocumentKind, title: str, nested: bool) -> None:
        nonlocal ctx
        if not nested:
            close_parts()
        doc.parts.append(ParsedPart(kind=kind, title=title))
        part_stack.append((len(doc.parts) - 1, ctx))
        ctx = _Context(in_decision=True)

    for idx, item in enumerate(items):
        text = item.text
        plain = strip_tokens(text).strip()
        nxt = items[idx + 1] if idx + 1 < len(items) else None
        kind: ParagraphKind
        level = 0
        number = item.number
        pending_age += 1
        if quoting is not None and part_stack and part_stack[-1][0] == quoting and (
                (item.number is None and heading_shape(plain))
                or (item.ntype not in ("sub", "subsub", "bullet")
                    and not leading_verb(plain, lang) and not heading_shape(plain, 0))):
            close_parts()      # the quotation ends where paragraphs stop opening with a verb
            quoting = None
        if pending and pending_age > 3:
            pending = None

        after_table = idx > 0 and items[idx - 1].ntype == "row"
        if item.ntype == "row":
            clean, notes = _footnotes(_normalise(text), item.raw.notes)
            paragraphs.append(ParsedParagraph(
                kind=ParagraphKind.BODY, text=clean, section=ctx.letter or ctx.chapter,
                part=current_part(), footnotes=notes, table=item.raw.table,
                cells=[_normalise(strip_tokens(c)) for c in item.raw.cells],
                spans=list(item.raw.spans) if item.raw.spans is not None else None))
            continue
        if (item.number is None and annex_heading(plain)) or item.ntype == "annex":
            # an annex or appendix: what follows is not the text adopted
            close_parts()
            ctx.letter, ctx.chapter = None, None
            ctx.in_decision = ctx.seen_operative = False
            in_annex = True
        # --- embedded drafts: a title line followed by the body's name
        if item.number is None and heading_shape(plain, 160) and not is_body_name(plain):
            m = _DRAFT_TITLE.search(plain)
            if m and any(is_body_name(strip_tokens(n.raw.text)) for n in items[idx + 1:idx + 4]):
                title = plain
                if nxt and nxt.number is None and heading_shape(strip_tokens(nxt.text)) \
                        and not is_body_name(strip_tokens(nxt.text)):
                    title = f"{plain} {strip_tokens(nxt.text).strip()}"
                open_part(_draft_kind(_first_group(m)), title, nested=False)
                pending = None

        if item.number is None and (is_body_name(plain) or (
                (decision_doc or part_stack) and not in_annex and _bare_body_name(plain)
                and nxt is not None and not heading_shape(strip_tokens(nxt.text), 1000))):
            if pending is not None:
                pkind, ptitle, parent_no = pending
                nested = bool(part_stack)
                if nested and parent_no:
                    parent = doc.parts[part_stack[-1][0]]
                    ptitle = _nested_title(ptitle, parent_no, parent, lang)
                open_part(pkind, ptitle, nested=nested)
                pending = None
            elif not part_stack and decision_doc:
                ctx.in_decision = True
            ctx.seen_operative = False
            kind = ParagraphKind.PREAMBULAR
        elif _DECISION_LINE.match(plain):
            kind = ParagraphKind.HEADING
        elif item.ntype == "annex":
            kind = ParagraphKind.HEADING
        elif item.ntype in ("roman", "zhnum") and not _next_letter(item, ctx) and (display_width(plain) <= 160
                                                   or heading_shape(plain, NUMBERED_HEADING_LIMIT)):
            kind = ParagraphKind.HEADING
            if not _chapter_of_part(part_stack, ctx, item.label):
                close_parts()
            ctx.chapter, ctx.letter, ctx.sub_num = item.label, None, 0
            ctx.chapter_num = _chapter_int(item.label) or ctx.chapter_num + 1
            ctx.in_decision = (decision_doc or bool(part_stack)) and ctx.in_decision and not in_annex
            ctx.seen_operative = False
        elif (item.ntype == "cap" or _next_letter(item, ctx)) and heading_shape(plain, 200):
            kind = ParagraphKind.HEADING
            ctx.letter, ctx.sub_num = item.label, 0
            ctx.seen_operative = False
        elif item.ntype == "arabic" and heading_shape(plain) and (
                int(item.label) != ctx.expected or (nxt is not None and nxt.number == item.number)):
            kind = ParagraphKind.HEADING
            n = int(item.label)
            if ctx.letter is None or (n == ctx.chapter_num + 1 and n != ctx.sub_num + 1):
                if part_stack and not ctx.in_decision:
                    close_parts()
                ctx.chapter, ctx.chapter_num, ctx.letter, ctx.sub_num = item.label, n, None, 0
            else:
                ctx.sub_num = n
        elif item.ntype in ("arabic", "paren_arabic"):
            kind = ParagraphKind.OPERATIVE if ctx.in_decision else ParagraphKind.BODY
            ctx.expected = int(item.label) + 1
            if ctx.in_decision:
                ctx.seen_operative = True
        elif item.ntype == "bullet":
            # a bulleted item: beneath the numbered paragraph it follows
            level = 1 if last_level0 is not None and last_level0.number is not None else 0
            kind = last_level0.kind if last_level0 is not None and last_level0.kind != ParagraphKind.HEADING \
                else (ParagraphKind.OPERATIVE if ctx.in_decision else ParagraphKind.BODY)
        elif item.ntype == "subsub":
            level = 2 if series == "letter" else 1
            kind = last_level0.kind if last_level0 is not None and last_level0.kind != ParagraphKind.HEADING \
                else (ParagraphKind.OPERATIVE if ctx.in_decision else ParagraphKind.BODY)
        elif item.ntype == "sub":
            label = item.label
            continuing = (series == "letter" and len(label) == 1 and last_letter is not None
                          and len(last_letter) == 1 and ord(label) == ord(last_letter) + 1)
            if _ROMAN_SUB.match(label) and not continuing:
                if series == "letter":
                    level = 2
                else:
                    level, series = 1, "roman"
            else:
                level, series, last_letter = 1, "letter", label
            kind = last_level0.kind if last_level0 is not None and last_level0.kind != ParagraphKind.HEADING \
                else (ParagraphKind.OPERATIVE if ctx.in_decision else ParagraphKind.BODY)
        elif item.ntype in ("cap", "arabic"):   # long lettered/numbered line: a paragraph
            kind = ParagraphKind.OPERATIVE if ctx.in_decision else ParagraphKind.BODY
        else:
            heading_like = item.raw.heading or (item.raw.heading is None and heading_shape(plain))
            if after_table and not item.raw.heading and not annex_heading(plain):
                # the note beneath a table ("Abbreviations: …"); not the next annex's heading
                # ("Annex II" at the top of the page after a table that ends an annex)
                kind = ParagraphKind.BODY
            elif ctx.in_decision and not ctx.seen_operative and not heading_shape(plain, 120):
                after = strip_tokens(nxt.text).strip() if nxt is not None else ""
                if nxt is not None and nxt.number is None and after.rstrip("\u200f").endswith((",", "，", "،")):
                    operative = False   # the preamble goes on
                elif plain.endswith((":", "：")) and _opens_numbered(items, idx):
                    operative = True    # "Adopts the following declaration:" then "1."
                elif nxt is not None and nxt.ntype == "arabic" and nxt.label == "1":
                    operative = False   # the operative part starts at "1."
                elif plain.endswith((":", "：")) and (last := _list_end(items, idx)) is not None:
                    # "敦促…：" then (a)…(f): the list's last item ends as the part it
                    # belongs to ends ("。"/"；" operative, "，" preambular)
                    operative = unnumbered_operative(last, lang)
                else:
                    operative = unnumbered_operative(plain, lang)
                if operative:
                    kind = ParagraphKind.OPERATIVE
                    ctx.seen_operative = True
                else:
                    kind = ParagraphKind.PREAMBULAR
            elif heading_like or (ctx.in_decision and item.raw.heading is None
                                  and heading_shape(plain, 300)):
                # operative text ends with ";" or "."; a line without is a heading
                kind = ParagraphKind.HEADING
            elif ctx.in_decision:
                # the operative part goes on: an unnumbered operative paragraph
                # (a resolution's only one) or the continuation of a numbered one
                kind = ParagraphKind.OPERATIVE if ctx.seen_operative else ParagraphKind.PREAMBULAR
            else:
                kind = ParagraphKind.BODY

        ind = item.raw.indent
        if ind is not None and number is not None and kind != ParagraphKind.HEADING:
            indent_level[ind] = (level, kind)
            for deeper in [k for k in indent_level if k > ind]:
                del indent_level[deeper]
        elif ind is not None and number is None and (
                kind in (ParagraphKind.OPERATIVE, ParagraphKind.PREAMBULAR, ParagraphKind.BODY)
                or (kind == ParagraphKind.HEADING and ctx.in_decision and not item.raw.heading)) \
                and indent_level and not is_body_name(plain) \
                and (indent_level.get(ind, (0, kind))[0] > 0 or ind > max(indent_level)):
            if ind in indent_level:
                level, kind = indent_level[ind]   # continues the sub-paragraph above it
            else:                                 # an unnumbered item beneath it
                level, kind = indent_level[max(indent_level)]
                level += 1
        if level == 0 and kind != ParagraphKind.HEADING and number is not None:
            last_letter, series = None, None
        verb = None
        if kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE) and level == 0 \
                and not is_body_name(plain):
            verb = leading_verb(strip_tokens(text), lang)
        clean, notes = _footnotes(_normalise(text), item.raw.notes)
        if verb is not None:
            verb = _normalise(verb)
            if not clean.startswith(verb):
                verb = None
        para = ParsedParagraph(kind=kind, text=clean, number=number, level=level, verb=verb,
                               section=ctx.letter or ctx.chapter, part=current_part(),
                               footnotes=notes)
        paragraphs.append(para)
        if level == 0 and number is not None and kind != ParagraphKind.HEADING:
            last_level0 = para
        elif level == 0 and kind != ParagraphKind.HEADING:
            last_level0 = para

        # --- a report quoting a decision ("管理机构通过第 7/2015 号决议：" then "4. 请…")
        if quoting is None and not decision_doc and not part_stack and not ctx.in_decision and nxt is not None \
                and kind != ParagraphKind.HEADING:
            qkind = _quotation_intro(plain)
            nxt_plain = strip_tokens(nxt.text).strip()
            if qkind is not None and nxt.ntype not in ("sub", "subsub", "roman", "zhnum", "cap") \
                    and not heading_shape(nxt_plain) and leading_verb(nxt_plain, lang):
                doc.parts.append(ParsedPart(kind=qkind, title=_clean_title(plain)))
                part_stack.append((len(doc.parts) - 1, ctx))
                ctx = _Context(in_decision=True, seen_operative=True)
                quoting = len(doc.parts) - 1

        # --- an announcement ("…通过如下建议：") opens a part at the next body name
        m = _ANNOUNCE.search(plain)
        if m:
            pending = (_draft_kind(_first_group(m)), _clean_title(plain), number)
            pending_age = 0

    doc.paragraphs = paragraphs
    _find_symbol(doc, items, running_symbols)
    return doc


_QUOTED = re.compile(
    r"(?:第\s*[\w*./\-]+\s*号\s*(?P<zh>决议|决定|建议)|[“\"]?(?P<zh2>决定|决议)\s*[IVXLC\d]+/\d+|"
    r"(?P<en>decision|resolution|recommendation)\s+[IVXLC\d]+/\d+|"
    r"(?P<fr>décision|résolution|recommandation)\s+[IVXLC\d]+/\d+|"
    r"(?P<es>decisión|resolución|recomendación)\s+[IVXLC\d]+/\d+|"
    r"(?P<ru>решени\w*|резолюци\w*)\s+[IVXLC\d]+/\d+)", re.IGNORECASE)


def _next_letter(item: _Item, ctx: _Context) -> bool:
    """Whether a "roman" ``I.``, ``V.``, ``X.`` is the letter after section ``H.``, ``U.``, ``W.``."""
    return (item.ntype == "roman" and ctx.letter is not None and len(item.label) == 1
            and len(ctx.letter) == 1 and ord(item.label) == ord(ctx.letter) + 1)


def _chapter_of_part(part_stack: list[tuple[int, _Context]], ctx: _Context, label: str) -> bool:
    """Whether chapter heading ``label`` belongs to the embedded draft being read.

    A draft decision has chapters of its own (the UNFCCC draft texts: ``I.``,
    ``II.`` … between its preamble and its last operative paragraph): a heading
    that continues the draft's chapters stays in it.  The draft's first chapter
    must be ``I.`` and must not continue the chapters of the text around the
    draft (a note's ``II.`` after a draft proposed in its chapter ``I.``), which
    it then resumes.
    """
    if not part_stack:
        return False
    n = _chapter_int(label)
    outer = part_stack[-1][1]
    if n is None or n != ctx.chapter_num + 1:
        return False
    return ctx.chapter_num > 0 or not (outer.chapter_num and n == outer.chapter_num + 1)


def _quotation_intro(text: str) -> DocumentKind | None:
    """The kind of text a report paragraph introduces when it quotes a decision or resolution.

    The introduction names the decision (``第 7/2015 号决议``, ``决定 XI/2``,
    ``decision XII/6``) and ends with a colon (``管理机构通过第 7/2015 号决议：``),
    or, when short, with a comma or the body's name (``在第 8/2011 号决议中，管理机构``);
    or it names the session of the body that adopted it and ends with a comma
    (``《公约》第十一届缔约方大会，``).
    Returns ``DECISION``, ``RESOLUTION`` or ``RECOMMENDATION``, else ``None``.
    """
    t = text.strip()
    m = _QUOTED.search(t)
    if m and (t.endswith((":", "：")) or (display_width(t) <= 120 and (
            t.endswith((",", "，")) or _BODY_NOUN_END.search(t)))):
        word = next(v for v in m.groupdict().values() if v).lower()
    elif t.endswith((",", "，")) and display_width(t) <= 80 and _BODY_NOUNS.search(t) \
            and re.search(r"第[一二三四五六七八九十\d]+[届次]", t):
        word = "决定"
    else:
        return None
    if word.startswith(("决议", "resol", "résol", "резол")):
        return DocumentKind.RESOLUTION
    if word.startswith(("建议", "recom")):
        return DocumentKind.RECOMMENDATION
    return DocumentKind.DECISION


def _mark_flattened_tables(items: list[_Item], start: int) -> None:
    """Turn runs of table cells that a PDF converter flattened into one short line each into
    table rows (one cell per line), so that they are not read as a string of headings.

    A run is at least 8 consecutive paragraphs after the title page (from ``start``), each
    at most 30 columns wide and without a sentence end, at least 70 % of them unnumbered (a
    list of numbered agenda items stays a list), 24 columns wide on average.  The run's
    lines keep their text as printed (numbers included) as cells of one table.
    """
    def cell_like(item: _Item) -> bool:
        t = _normalise(strip_tokens(item.raw.text))
        return (item.raw.cells is None and not item.raw.heading and bool(t)
                and display_width(t) <= 30 and not t.endswith(_SENTENCE_END)
                and not _APPENDIX.match(t) and not _DRAFT_TITLE.search(t) and not is_body_line(t))

    tables = max((i.raw.table for i in items if i.raw.table is not None), default=-1) + 1
    i = start
    while i < len(items):
        j = i
        while j < len(items) and cell_like(items[j]):
            j += 1
        run = items[i:j]
        if len(run) >= 8 and sum(1 for x in run if x.number is None) >= 0.7 * len(run) and \
                sum(display_width(_normalise(strip_tokens(x.raw.text))) for x in run) <= 24 * len(run):
            for x in run:
                text = _normalise(x.raw.text)
                x.raw.cells, x.raw.table = [strip_tokens(text)], tables
                x.number, x.ntype, x.label, x.text = None, "row", "", text
            tables += 1
        i = max(j, i + 1)


def _list_end(items: list[_Item], idx: int) -> str | None:
    """Plain text of the last item of the run of sub-paragraphs ((a), (i), ㈠, bullets)
    that follows paragraph ``idx``; ``None`` when no sub-paragraph follows it."""
    last = None
    for nxt in items[idx + 1:]:
        if nxt.ntype not in ("sub", "subsub", "bullet"):
            break
        last = nxt
    return strip_tokens(last.text).strip() if last is not None else None


def _opens_numbered(items: list[_Item], idx: int) -> bool:
    """True when paragraph ``idx`` is followed, past at most one heading, by a paragraph numbered 1."""
    for nxt in items[idx + 1:idx + 3]:
        if nxt.ntype == "arabic":
            return nxt.label == "1"
        if nxt.number is not None or not heading_shape(strip_tokens(nxt.text)):
            return False
    return False


def _clean_title(text: str) -> str:
    return _normalise(strip_tokens(text)).rstrip(":： ")


def _nested_title(title: str, parent_no: str, parent: ParsedPart, lang: str) -> str:
    """Title of a draft carried by paragraph ``parent_no`` of another part."""
    no = parent_no.rstrip(".．)")
    if lang == "zh":
        return f"{title}（{parent.title}第{no}段）"
    return f"{title} (paragraph {no} of: {parent.title})"


# ---------------------------------------------------------------- numerals

_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _zh_int(text: str) -> int | None:
    """Value of a Chinese numeral up to 99 (``四`` → 4, ``二十一`` → 21), or None."""
    if not text or any(c not in _ZH_DIGITS for c in text):
        return None
    if "十" not in text:
        return _ZH_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(units, 0) if units else 0)


def _chapter_int(label: str) -> int | None:
    """Value of a chapter number: Chinese, Roman or an Arabic ordinal (``أولا`` → 1)."""
    if label in AR_ORDINALS:
        return AR_ORDINALS.index(label) + 1
    return _zh_int(label) or _roman_int(label)


def _roman_int(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not text or any(c not in values for c in text.upper()):
        return None
    total = 0
    for a, b in zip(text.upper(), text.upper()[1:] + " "):
        v = values[a]
        total += -v if b != " " and values.get(b, 0) > v else v
    return total


_ZH_ORD = {"第一": 1, "第二": 2}


# ---------------------------------------------------------------- title page

_SESSION_ZH = re.compile(r"^(.*?)(第[一二三四五六七八九十百零〇\d]+(?:届|次)(?:特别|常会)?(?:会议|常会))\s*$")
_SESSION_EN = re.compile(
    r"^(?:(.*?)[,，]\s*)?((?:[A-Z][a-z]+(?:-[a-z]+)?|\d+(?:st|nd|rd|th)) (?:special |regular )?"
    r"(?:meeting|session))\s*$")
#: Session or meeting lines in French, Spanish, Russian and Arabic ("Quatorzième réunion",
#: "Decimocuarta reunión", "Семьдесят пятая сессия", "الاجتماع الرابع عشر").
_SESSION_OTHER = re.compile(
    r"^(?:(.*?)[,，]\s*)?((?:[\w-]+\s+){0,2}(?:session|réunion|período de sesiones|reunión|"
    r"сессия|совещание)(?:\s+extraordinaire|\s+extraordinaria|\s+extraordinario)?|"
    r"(?:الدورة|الاجتماع)(?:\s+[\u0600-\u06ff]+){1,4})\s*$", re.IGNORECASE)

_EN_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_EN_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
             "seventeenth", "eighteenth", "nineteenth"]
_EN_TENS = ["", "", "twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]
_FR_UNITS = ["", "unième", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième",
             "huitième", "neuvième"]
_FR_TEENS = ["dixième", "onzième", "douzième", "treizième", "quatorzième", "quinzième", "seizième",
             "dix-septième", "dix-huitième", "dix-neuvième"]
_FR_TENS = ["", "", "vingt", "trente", "quarante", "cinquante", "soixante", "soixante", "quatre-vingt",
            "quatre-vingt"]


def _ordinal_words() -> dict[str, int]:
    """English and French ordinal words 1–99 (``twelfth``, ``seventy-fifth``, ``douzième``,
    ``soixante-quinzième``, ``premier``/``première``) → their value."""
    words: dict[str, int] = {"premier": 1, "première": 1}
    for n in range(1, 100):
        tens, units = divmod(n, 10)
        if n < 10:
            en, fr = _EN_UNITS[n], _FR_UNITS[n] if n > 1 else "premier"
        elif n < 20:
            en, fr = _EN_TEENS[units], _FR_TEENS[units]
        else:
            en = _EN_TENS[tens] + ("ieth" if not units else "y-" + _EN_UNITS[units])
            base = _FR_TENS[tens]
            rest = n - (60 if tens == 7 else 80 if tens == 9 else tens * 10)
            if rest == 0:
                fr = (base[:-1] if base.endswith("e") else base) + ("ième" if tens != 8 else "ième")
            elif rest == 1 and tens not in (8, 9):
                fr = f"{base}-et-unième"
            elif rest < 10:
                fr = f"{base}-{_FR_UNITS[rest]}"
            else:
                fr = f"{base}-{_FR_TEENS[rest - 10]}" if not (tens == 7 and rest == 11) else f"{base}-et-onzième"
        words[en] = n
        words[fr] = n
    return words


_ORDINAL_WORDS = _ordinal_words()
_SESSION_NUMBER_ZH = re.compile(r"第([一二三四五六七八九十\d]+)[届次]")
_SESSION_NUMBER_DIGITS = re.compile(r"^\s*(\d{1,3})(?:st|nd|rd|th|e|ème|re)?\b")
_SESSION_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def session_number(name: str | None) -> int | None:
    """The ordinal of a session or meeting as its name is written: ``75`` → 75,
    ``第十二届会议`` → 12, ``第75届会议`` → 75, ``Seventy-fifth session`` → 75,
    ``twelfth meeting`` → 12, ``douzième réunion`` → 12, ``75th session`` → 75; of several
    ordinals the largest (``second part of the fifteenth meeting`` → 15); ``None`` where
    the name carries no number this grammar reads (Spanish, Russian and Arabic ordinal words are
    not read: their sessions group through their documents' other language versions).

    The session lines themselves are found by the title-page rules above (``_SESSION_*``)."""
    if not name:
        return None
    m = _SESSION_NUMBER_ZH.search(name)
    if m:
        text = m.group(1)
        return int(text) if text.isdigit() else _zh_int(text)
    m = _SESSION_NUMBER_DIGITS.match(name)
    if m:
        return int(m.group(1))
    # "soixante et onzième" is also written "soixante-et-onzième"; of several ordinals
    # ("second part of the fifteenth meeting") the session's is the largest
    words = _SESSION_WORD.findall(re.sub(r"\s+et\s+", "-et-", name.casefold()))
    return max((_ORDINAL_WORDS[w] for w in words if w in _ORDINAL_WORDS), default=None)


#: an agenda item's number, or several as printed (``Agenda items 39, 40 and 84``)
_ITEM_NO = r"\d+(?:\.\d+)*[a-z]?"
_ITEM_LIST = rf"{_ITEM_NO}(?:,\s*{_ITEM_NO})*(?:,?\s+and\s+{_ITEM_NO})?"
_AGENDA = re.compile(
    r"(?:(?:临时|暂定)?议程(?:项目|议题)\s*|(?:provisional )?agenda item\s+|"
    r"point\s+|tema\s+|пункт\s+|البند\s+)(\d+(?:\.\d+)*)|"
    rf"^(?:provisional )?agenda items\s+({_ITEM_LIST})$", re.IGNORECASE)
def agenda_line(text: str) -> str | None:
    """The agenda item or items a line names, as printed (``"Agenda item 30"`` → ``"30"``,
    ``"Items 23, 35 and 78 of the preliminary list"`` → ``"23, 35 and 78"``,
    ``"议程项目11"`` → ``"11"``), or ``None`` (the grammar of :data:`_AGENDA`, :data:`_AGENDA2`)."""
    m = _AGENDA.search(text) or _AGENDA2.search(text)
    return next(g for g in m.groups() if g) if m else None


def agenda_items(text: str) -> list[str]:
    """The agenda item numbers in an agenda item as stored: ``"23, 35 and 78"`` →
    ``["23", "35", "78"]``, ``"3.1"`` → ``["3.1"]``; text that is not a list of item numbers
    (``"provisional agenda item 4 (b)"``) → ``[text]``, so that one item stays one."""
    text = text.strip()
    if re.fullmatch(_ITEM_LIST, text, re.IGNORECASE):
        return re.findall(_ITEM_NO, text)
    return [text] if text else []


#: the session block of a typed document of the 1980s–1990s: ``Item 38 of the preliminary
#: list*`` (the preliminary list of items of the coming session), ``Items 23, 35 and 78 of
#: the provisional agenda``
#: (the qualifier as read may be damaged by text recognition: ``prelim'nary``)
_AGENDA2 = re.compile(rf"\bItems?\s+({_ITEM_LIST})\s+of the (?:\S+\s+){{0,2}}?(?:agenda|list)\b",
                      re.IGNORECASE)
_DATE_ZH = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*(?:[至到－—–\-~～]\s*"
    r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日)?")
_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], 1)}
_DATE_EN = re.compile(
    r"(\d{1,2})\s*(?:([A-Z][a-z]+)\s*(?:(\d{4})\s*)?)?[-–—]\s*(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})"
    r"|(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})")
_NOTE_LINE = re.compile(r"(的说明|Note by|Note du|Nota de|Записка)")
_REPORT_WORD = re.compile(r"(报告|^Report\b|\bReport of|\bReport on|Rapport|Informe|Доклад)")


def is_report_title(title: str) -> bool:
    """Whether a document's title names a report (``Report of the Secretary-General on …``);
    a title typed in capitals (``REPORT OF THE SECRETARY-GENERAL ON …``, typed documents of
    the 1980s–1990s) is read as written in sentence case."""
    return bool(_REPORT_WORD.search(title) or (title.isupper() and _REPORT_WORD.search(title.capitalize())))
_ADOPTED = [
    (re.compile(r"通过的决定|Decision adopted by|Décision adoptée|Decisión adoptada"), DocumentKind.DECISION),
    (re.compile(r"通过的决议|Resolution adopted by|Résolution adoptée|Resolución aprobada"),
     DocumentKind.RESOLUTION),
    (re.compile(r"通过的建议|Recommendation adopted by|Recommandation adoptée"), DocumentKind.RECOMMENDATION),
    # a Security Council resolution ("Resolution 2803 (2025)", "Adopted by the Security Council at
    # its 10046th meeting, on 17 November 2025") and an ITPGRFA one ("RESOLUTION 1/2023")
    (re.compile(r"^Adopted by the Security Council at its|^Resolution \d{1,4} \(\d{4}\)$|"
                r"^(?:RESOLUTION|Resolution) \d{1,2}/\d{4}$"), DocumentKind.RESOLUTION),
    # Russian and Arabic mastheads ("Резолюция, принятая …", "قرار اتخذته …", "مقرر اعتمده …")
    (re.compile(r"Резолюция,?\s+принятая|قرار\s+اتخذت?ه"), DocumentKind.RESOLUTION),
    (re.compile(r"Решение,?\s+принятое|مقرر\s+(?:اتخذه|اعتمده|اعتمدته)|Decisión adoptada"),
     DocumentKind.DECISION),
    (re.compile(r"Рекомендация,?\s+принятая|توصية\s+(?:اعتمدها|اعتمدتها)|Recomendación aprobada"),
     DocumentKind.RECOMMENDATION),
]
#: Month names of adoption lines in French, Spanish, Russian (genitive) and
#: Arabic (the name after the slash of the UN's "كانون الأول/ديسمبر").
_MONTH_WORDS = {name: i for names in (
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
     "octobre", "novembre", "décembre"],
    ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
     "octubre", "noviembre", "diciembre"],
    ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
     "октября", "ноября", "декабря"],
    ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيه", "يوليه", "أغسطس", "سبتمبر",
     "أكتوبر", "نوفمبر", "ديسمبر"]) for i, name in enumerate(names, 1)}
_DATE_WORDS = re.compile(r"(\d{1,2})(?:er|º)?\s+(?:de\s+)?(\D{3,30}?)\s+(?:de\s+)?(\d{4})")


_ISSUE_MONTH = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*$|^\s*([A-Z][a-z]+)\s+(\d{4})\s*$")


def _issue_month(line: str) -> dt.date | None:
    """First day of the month of a title-page line that is only a month (``2013年6月``,
    ``June 2013``): documents of FAO and CBD print their issue date so."""
    m = _ISSUE_MONTH.match(line)
    if not m:
        return None
    if m.group(1):
        return _date(int(m.group(1)), int(m.group(2)), 1)
    month = _MONTHS.get(m.group(3).lower())
    return _date(int(m.group(4)), month, 1) if month else None


_ADOPTING_BODY = [
    re.compile(r"adopted by the (.+?) on \d", re.IGNORECASE),
    re.compile(r"adoptée? par (?:l[’']|la |le )?(.+?) le \d", re.IGNORECASE),
    re.compile(r"aprobad[ao] por (?:la |el )?(.+?) el \d", re.IGNORECASE),
    re.compile(r"принят(?:ая|ое|ый)\s+(.+?)\s+\d"),
    re.compile(r"اتخذت?ه\s+(.+?)\s+في\s+\d"),
    re.compile(r"^(.+?)\d{4}\s*年.*通过的(?:决定|决议|建议)$"),
]


def _adopting_body(line: str) -> str | None:
    """The body named by an adoption line (``Resolution adopted by the General Assembly on …``
    → ``General Assembly``; ``大会2020年12月10日通过的决议`` → ``大会``), as printed."""
    for pat in _ADOPTING_BODY:
        m = pat.search(line)
        if m and display_width(m.group(1)) <= 80:
            return m.group(1).strip()
    return None


def _adoption_date(line: str) -> dt.date | None:
    """Date of an adoption line (``Resolution adopted by … on 10 December 2020``), any UN language."""
    start, _end, _span = _parse_dates(line)
    if start:
        return start
    m = _DATE_WORDS.search(line)
    if m:
        month = _MONTH_WORDS.get(m.group(2).rsplit("/", 1)[-1].strip().lower())
        if month:
            return _date(int(m.group(3)), month, int(m.group(1)))
    return None


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_MONTH_ALT = "|".join(sorted((re.escape(n) for n in _MONTH_WORDS), key=len, reverse=True))
_AR_MONTH_PREFIX = r"(?:[\u0600-\u06ff]+(?: [\u0600-\u06ff]+)?/)?"
_DATE_OTHER = re.compile(
    rf"(?P<d1>\d{{1,2}})(?:er|º)?\s*(?:(?:de\s+)?{_AR_MONTH_PREFIX}(?P<m1>{_MONTH_ALT})\s*"
    rf"(?:(?:de\s+)?(?P<y1>\d{{4}})\s*)?)?(?:[-–—]|\s+(?:a|au|al|по|إلى)\s+)\s*"
    rf"(?P<d2>\d{{1,2}})(?:er|º)?\s+(?:de\s+)?{_AR_MONTH_PREFIX}(?P<m2>{_MONTH_ALT})\s+(?:de\s+)?(?P<y2>\d{{4}})"
    rf"|(?P<d0>\d{{1,2}})(?:er|º)?\s+(?:de\s+)?{_AR_MONTH_PREFIX}(?P<m0>{_MONTH_ALT})\s+(?:de\s+)?(?P<y0>\d{{4}})",
    re.IGNORECASE)


def first_date(text: str) -> dt.date | None:
    """The date written in ``text`` (the start of a range), in the six languages; ``None`` if
    none is written or it is no calendar date (the rules of :func:`_parse_dates`)."""
    return _parse_dates(text)[0]


#: a date as typed in an English or French masthead: day, a word, a four-digit year
_DATE_LOOSE = re.compile(r"\b(\d{1,2})\s+([^\W\d_]{3,10})\s+((?:1[89]|20)\d\d)\b")


def recognised_date(text: str) -> dt.date | None:
    """The date in a line read by text recognition, whose month name may have one letter
    misread (``2 Aprii 1990``: ``l`` read as ``i``); ``None`` when there is none.

    A written date (:func:`first_date`) wins.  Otherwise a day, a word and a year
    (``\\d{1,2} word \\d{4}``) are a date when the word is one edit (insertion, deletion or
    substitution; Levenshtein distance) from the name of exactly one month, of four or more
    letters, in English, French, Spanish or Russian (:data:`_MONTHS`, :data:`_MONTH_WORDS`): the error text
    recognition makes most on typewritten pages, one glyph for another.  Use it only on text
    that recognition produced (a masthead's date of issue), never on born-digital text.
    """
    from rapidfuzz.distance import Levenshtein

    date = first_date(text)
    if date is not None:
        return date
    for m in _DATE_LOOSE.finditer(text):
        word = m[2].lower()
        months = {n for name, n in (*_MONTHS.items(), *_MONTH_WORDS.items())
                  if len(name) >= 4 and Levenshtein.distance(word, name, score_cutoff=1) <= 1}
        if len(months) == 1:
            found = _date(int(m[3]), months.pop(), int(m[1]))
            if found is not None:
                return found
    return None


def _parse_dates(text: str) -> tuple[dt.date | None, dt.date | None, tuple[int, int] | None]:
    """(start, end, span in text) of a meeting date or date range, in the six languages
    (``2018年7月9日至13日``, ``17-29 November 2018``, ``17-29 novembre 2018``,
    ``17 a 29 de noviembre de 2018``, ``17–29 ноября 2018 года``,
    ``17-29 تشرين الثاني/نوفمبر 2018``)."""
    m = _DATE_ZH.search(text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        start = _date(y, mo, d)
        end = start
        if m[6]:
            end = _date(int(m[4] or y), int(m[5] or mo), int(m[6]))
        return start, end, m.span()
    m = _DATE_EN.search(text)
    if m:
        if m[7]:
            mo = _MONTHS.get(m[8].lower())
            d0 = _date(int(m[9]), mo, int(m[7])) if mo else None
            return d0, d0, m.span()
        mo2 = _MONTHS.get(m[5].lower())
        mo1 = _MONTHS.get(m[2].lower()) if m[2] else mo2
        if mo1 and mo2:
            y2 = int(m[6])
            return _date(int(m[3] or y2), mo1, int(m[1])), _date(y2, mo2, int(m[4])), m.span()
    m = _DATE_OTHER.search(text)
    if m:
        span = m.span()
        if text[span[1]:].lstrip().startswith(("года", "г.")):   # Russian "2018 года"
            rest = text[span[1]:]
            span = (span[0], span[1] + len(rest) - len(rest.lstrip()) + (4 if rest.lstrip().startswith("года") else 2))
        if m["d0"]:
            mo = _MONTH_WORDS.get(m["m0"].lower())
            d0 = _date(int(m["y0"]), mo, int(m["d0"])) if mo else None
            return d0, d0, span
        mo2 = _MONTH_WORDS.get(m["m2"].lower())
        mo1 = _MONTH_WORDS.get(m["m1"].lower()) if m["m1"] else mo2
        if mo1 and mo2:
            y2 = int(m["y2"])
            return _date(int(m["y1"] or y2), mo1, int(m["d1"])), _date(y2, mo2, int(m["d2"])), span
    return None, None, None


def _header_items(items: list[_Item]) -> list[str]:
    """Texts of the title page: leading short lines before the first paragraph."""
    out = []
    for item in items[:25]:
        plain = _normalise(strip_tokens(item.raw.text))
        if item.number is not None and not _DECISION_LINE.match(plain) and item.ntype != "arabic":
            break
        if item.number is not None and item.ntype == "arabic" and not heading_shape(plain):
            break
        if is_body_name(plain) or display_width(plain) > 200:
            break
        out.append(plain)
    return out


def _read_title_page(doc: ParsedDocument, items: list[_Item]) -> None:
    header = _header_items(items)
    meta_last = -1
    pre_session: list[str] = []
    for i, line in enumerate(header):
        if doc.date is None and display_width(line) <= 200 and any(p.search(line) for p, _ in _ADOPTED):
            adopted = _adoption_date(line)
            if adopted:   # the date of adoption, not of a meeting
                doc.date, doc.date_source = adopted, "adopted"
                meta_last = i
                if not doc.body:
                    doc.body = _adopting_body(line) or ""
                continue
        m = _SESSION_ZH.match(line) or _SESSION_EN.match(line) or _SESSION_OTHER.match(line)
        if m and not doc.session and display_width(line) <= 80:
            doc.session = m.group(2).strip()
            body = (m.group(1) or "").strip(" ,，")
            if not body:
                body = "".join(pre_session) if doc.language == "zh" else " ".join(pre_session)
            doc.body = body
            meta_last = i
            continue
        item = agenda_line(line)
        if item and not doc.agenda_item and display_width(line) <= 80:
            doc.agenda_item = item
            meta_last = i
            pre_session = []
            continue
        start, end, span = _parse_dates(line)
        if start and doc.start_date is None and display_width(line) <= 100:
            rest = (line[:span[0]] + " " + line[span[1]:]).strip(" ,，;；،")
            doc.start_date, doc.end_date = start, end
            if rest and len(rest) <= 60:
                doc.venue = rest.strip()
            meta_last = i
            continue
        if start:   # a second date on its own line: the date of issue
            if doc.date is None and span == (0, len(line)):
                doc.date, doc.date_source = start, "issued"
            continue
        issued = _issue_month(line)
        if issued and doc.date is None:
            doc.date, doc.date_source = issued, "issued"
            continue
        if not doc.session and not _DECISION_LINE.match(line):
            if not _symbol_line(line):
                pre_session.append(line)

    for line in header:
        for pat, kind in _ADOPTED:
            if pat.search(line):
                doc.kind = kind
        m = _DECISION_LINE.match(line)
        if m:
            doc.symbol = m.group(1)
            doc.title = m.group(2).strip()
            if doc.kind == DocumentKind.OTHER:
                doc.kind = DocumentKind.DECISION
    if not doc.title:
        for line in header[meta_last + 1:]:
            if _NOTE_LINE.search(line) or _symbol_line(line) or any(
                    p.search(line) for p, _ in _ADOPTED):
                continue
            if _parse_dates(line)[0] or re.fullmatch(r"[\d\s年月]+", line):
                continue
            doc.title = line
            break
    if doc.kind == DocumentKind.OTHER:
        if doc.title and _REPORT_WORD.search(doc.title):
            doc.kind = DocumentKind.REPORT
        elif any(_NOTE_LINE.search(line) for line in header):
            doc.kind = DocumentKind.NOTE
        elif any(_REPORT_WORD.search(line) for line in header):
            doc.kind = DocumentKind.REPORT


_PART_LETTERS = re.compile(r"\s+([A-Z](?:\s*[-–]\s*[A-Z])?)$")


def _symbol_line(line: str) -> str | None:
    """The symbol when ``line`` is a document symbol alone, else ``None``.

    A resolution adopted in parts carries the parts' letters after a space
    (``A/RES/75/101 A-B``, ``A/RES/75/245 B``); they belong to the symbol.
    """
    line = _normalise(line)
    if SYMBOL_RE.fullmatch(line):
        return line
    m = _PART_LETTERS.search(line)
    if m and SYMBOL_RE.fullmatch(line[:m.start()]):
        letters = re.sub(r"\s+", "", m.group(1)).replace("–", "-")
        return line[:m.start()] + " " + letters
    return None


def _find_symbol(doc: ParsedDocument, items: list[_Item], running: Counter | None) -> None:
    """Find the document's own symbol without guessing.

    In order: a symbol already read (decision ``XII/6``); a symbol standing
    alone on the title page; the most frequent symbol of running heads; the
    symbol in the footnote of the first preambular paragraph of a proposed
    recommendation or draft when it cites "the note/report of the Executive
    Secretary" (CBD practice: ``注意到执行秘书关于…的报告[脚注: CBD/SBI/2/10]``);
    the base of ``…/Add.N`` symbols cited at least twice.  Otherwise ``None``.
    """
    if doc.symbol:
        return
    for line in _header_items(items):
        if _symbol_line(line):
            doc.symbol = _symbol_line(line)
            return
    if running:
        sym, count = running.most_common(1)[0]
        if count >= 2:
            doc.symbol = sym
            return
    cites_own = re.compile(r"(执行秘书|秘书)(关于|的)[^，。]*(报告|说明)|"
                           r"(note|report) (by|of) the Executive Secretary|"
                           r"(note|rapport) (de la|du) Secrétaire exécutif", re.IGNORECASE)
    for p in doc.paragraphs:
        if p.part is not None and p.kind == ParagraphKind.PREAMBULAR and cites_own.search(p.text):
            for fn in p.footnotes:
                m = SYMBOL_RE.search(fn.text)
                if m and "/Add." not in m.group(1) and "/INF/" not in m.group(1):
                    doc.symbol = m.group(1).rstrip(".。")
                    return
    text = "\n".join(strip_tokens(i.raw.text) + " " + " ".join(i.raw.notes.values()) for i in items)
    bases = Counter(m.group(1).rsplit("/Add.", 1)[0] for m in SYMBOL_RE.finditer(text)
                    if re.search(r"/Add\.\d+$", m.group(1)))
    if bases:
        base, count = bases.most_common(1)[0]
        if count >= 2:
            doc.symbol = base
