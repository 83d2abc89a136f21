"""Citations in a paragraph's text: which decision, resolution, document or article it points to.

:func:`extract_citations` finds every citation in one paragraph's text, in the
six UN languages, with its character span; :func:`symbol_candidates` and
:func:`symbol_aliases` say which stored document symbols a cited symbol may
name.  Storing and resolving against the library is in :mod:`.library`.

Sources of the forms recognised: the way CBD decisions (``第XII/6号决定``,
``decision XII/6``, official symbol ``UNEP/CBD/COP/DEC/XII/6`` until COP 13,
``CBD/COP/DEC/14/30`` from COP 14), General Assembly resolutions
(``resolution 70/1``, ``A/RES/70/1``, ``1514 (XV)`` before the 31st session,
Arabic ``1514 (د-15)``, special sessions ``ES-10/15``, lettered parts ``74/249 B``),
Security Council (``1860 (2009)``, ``S/RES/1860(2009)``), ECOSOC (``2019/21``,
``E/RES/2019/21``), Human Rights Council resolutions (``A/HRC/RES/54/1``) and
ITPGRFA resolutions (``第7/2015号决议``) are cited in the seeds and the AKN
corpus; the AKN files' own ``<a href="https://undocs.org/…">`` links (26,704
of them) were the reference the rules were measured against (98.5% agree).

Decisions made here:

* A bare ``N/M`` with arabic numbers is a citation only after a keyword
  (decision, résolution, 号决定/号决议 …): ``2017/18`` or ``1/12`` alone is
  not one.  ``第 1/12 号决议`` is a resolution ``1/12`` (an UNEA resolution);
  it names no body, so it resolves only against a document stored as ``1/12``
  or ``UNEP/EA.1/RES.12``.
* A bare roman ``XII/6`` is a decision on its own.
* Year ranges (``2011-2020``) and footnote markers never match: every form
  needs a ``/`` or a keyword.
* Lists give one citation per item, also with the adoption date printed
  between items in any of the six languages (``70/1 of 25 September 2015,
  71/2 …``, ``2009年1月8日第1860(2009)号``).  A bare ``N/M`` or ``N (YYYY)``
  within 250 characters after a keyword (with or without its own number) or
  after another such number is of the keyword's kind (``resolution 74/270 of
  2 April 2020 on …, and 74/274``; ``ses résolutions sur … (9/10 du …, 12/11
  du …)``), except a budget period (``2020/21``).
* A range of paragraphs (``第14至16段``, ``paragraphs 3 to 5``) gives each
  paragraph of it (at most 40).
* A paragraph reference is attached to the symbol it follows (``第XII/6号决定第21段``)
  or precedes (``paragraph 21 of decision XII/6``); one in a list of several
  symbols is not attached (it is ambiguous).  A paragraph reference with no
  symbol is a citation only when marked internal (``上文第11段``,
  ``paragraph 11 above``): its target is the citing document itself.
* Treaty articles (``第19.3(g)条``, ``article 8(j)``) name no symbol (which
  treaty is rarely printed); their number is in ``target_paragraph``.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .readers.structure import AR_LETTERS
from .symbols import PART_IN_BRACKETS, SYMBOL_RE

#: Version of the extraction rules below.  Documents store the version that extracted their
#: citations (``document.citations_version``); raise it when the rules change so that
#: :meth:`briefdesk.core.library.Library.reextract_citations` brings stored documents up to date.
EXTRACTOR_VERSION = 5  # 5: A/79/6 (Sect. 3)/Add.10, GC.18/INF/4, GC(59)/RES/9, 2200 ألف (د-21)


class CitationKind(str, enum.Enum):
    """What a citation points to."""

    DECISION = "decision"
    RESOLUTION = "resolution"
    DOCUMENT = "document"
    ARTICLE = "article"


@dataclass(frozen=True)
class CitationRef:
    """One citation found in a text.

    ``start``/``end`` are character offsets into the text (``text[start:end] == self.text``).
    ``target_symbol`` is normalised (``"XII/6"``, ``"A/RES/75/1"``, ``"7/2015"``)
    or ``None`` for articles and internal references.  ``target_paragraph`` is
    ``"21"`` or ``"4 (a)"`` (for articles, the article number ``"8(j)"``);
    ``target_annex`` is a roman numeral (``"II"``).  ``internal`` marks a
    reference to the citing document itself.
    """

    text: str
    start: int
    end: int
    kind: CitationKind
    target_symbol: str | None
    target_paragraph: str | None = None
    target_annex: str | None = None
    internal: bool = False


# -- building blocks ---------------------------------------------------------

_ROMAN = r"[IVXL]{1,7}"
_PREFIX = r"(?:(?:BS|NP|CP)-)?"
#: the lettered part of a resolution ("52/212 B of", "50/70 M号", "74/92A和B号"): a capital standing
#: before what may follow a number, so that "70/1 A new …" is no part
_PART = (r"(?:\s?[A-Z](?:和[A-Z])?"
         r"(?=\s*(?:号|[,;.)،]|$|(?:of|du|de|del|от|and|et|y|и|dated)\b|و|المؤرخ)))?")
_HYPHEN = "[-‑‐]"
#: a decision or resolution number: XII/6, 14/30, BS-VI/5, 7/2015, 2019/21 (ECOSOC), 52/212 B (a
#: lettered part), special sessions ES-10/15 and S-8/1 (Arabic دإط-10/15, دإ-8/1), 1514 (XV) and
#: 1874 (S-IV) (GA before its 31st session; Arabic 1514 (د-15)), 1860 (2009) (Security Council)
#: Arabic letters of a resolution's parts (ألف = A, باء = B …: "2200 ألف (د-21)" is 2200 A (XXI)),
#: the letters :mod:`.readers.structure` numbers sections with
_AR_PART_LETTERS = AR_LETTERS[:8]
_AR_PART = "(?:" + "|".join(_AR_PART_LETTERS) + ")"
_NUMBER = (rf"(?:(?:{_PREFIX}|E?S{_HYPHEN}|دإط?{_HYPHEN})(?:{_ROMAN}|\d{{1,4}})\s*/\s*\d{{1,4}}(?![\d/]){_PART}"
           rf"|\d{{1,4}}(?:\s?[A-ZАВС])?\s*\((?:E?S{_HYPHEN})?(?:[IVXL]+|(?:19|20)\d\d)\)"
           rf"|\d{{1,4}}(?:\s*{_AR_PART})?\s*\(دإ?\s*{_HYPHEN}\s*\d{{1,2}}\))")
#: between the items of a list: "70/1, 71/2 and 72/3", "、", "و", "и"
_LIST_SEP = (r"(?:\s*[,;،，、]\s*(?:(?:and|et|y|e|и|или|or|ou|o)\s+|و\s*|和\s*|及\s*)?"
             r"|\s+(?:and|et|y|e|и|или|or|ou|o|as\s+well\s+as)\s+|\s*(?:و|和|及|与|以及|&)\s*)")
#: "of 18 December 1991", "de 18 de diciembre de 1991", "du 22 novembre 1967", "от 18 декабря 1991 года",
#: "المؤرخ 18 كانون الأول/ديسمبر 1991": the adoption date printed after an item of a list
_OF_DATE = (r"(?:\s*,?\s*(?:of|(?:en\s+date\s+)?du|de|del|dated|от|المؤرخ(?:ة|ين|تين|تان)?|في)\s+"
            r"\d{1,2}(?:er|º)?\s+(?:de\s+)?[^\W\d_]+(?:\s+[^\W\d_]+)?(?:\s*/\s*[^\W\d_]+)?\s+"
            r"(?:de\s+)?\d{4}(?:\s*(?:года|г\.))?)?")
#: a Chinese date before an item: "2009年1月8日第1860(2009)号"
_ZH_DATE = r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*)?"
_ZH_ITEM = rf"{_ZH_DATE}(?:第\s*)?{_NUMBER}(?:\s*号)?"
_ZH_LIST = re.compile(
    rf"(?=[0-9第IVXLBNCES]){_ZH_ITEM}(?:\s*(?:、|，|,|和|及|与|以及)\s*{_ZH_ITEM})*\s*号?\s*(决定|决议)")
_AR = "\u0600-\u06FF"
#: what may stand between two Arabic letters of a word: tatweel (ـ) and short-vowel marks
_AR_GAP = "[\u0640\u064B-\u0652]*"


def _arabic_keyword(stem: str) -> str:
    """``قرار`` → a pattern for its forms (القرار، قرارها، قراري، لقرار، القرارات، قــرار، قرارَيها …)."""
    def loose(word: str) -> str:
        return "".join(letter + _AR_GAP for letter in word)

    suffixes = "|".join(loose(x) for x in ("ات", "ين", "ان", "ا", "ي", "تي"))
    pronouns = "|".join(loose(x) for x in ("ها", "هم", "ه"))
    return (rf"(?<![{_AR}])[وبلف]{{0,2}}(?:{loose('ال')})?{loose(stem)}(?:{suffixes})?(?:{pronouns})?"
            rf"(?![{_AR}])")
_KEYWORDS = {
    CitationKind.DECISION: (rf"decisions?|décisions?|decisi[oó]n(?:es)?|решени[а-я]*"
                            rf"|{_arabic_keyword('مقرر')}"),
    CitationKind.RESOLUTION: (rf"resolutions?|résolutions?|resoluci[oó]n(?:es)?|резолюци[а-я]*"
                              rf"|{_arabic_keyword('قرار')}"),
}
#: a body named between the keyword and the number ("резолюции Совета Безопасности 1860 (2009)",
#: "قرار مجلس الأمن 1860 (2009)")
_BODY_BETWEEN = (r"(?:\s+(?:del\s+Consejo\s+de\s+Seguridad|du\s+Conseil\s+de\s+sécurité"
                 r"|de\s+la\s+Asamblea\s+General|de\s+l['’]Assemblée\s+générale"
                 r"|del\s+Consejo\s+Económico\s+y\s+Social|du\s+Conseil\s+économique\s+et\s+social"
                 r"|del\s+Consejo\s+de\s+Derechos\s+Humanos|du\s+Conseil\s+des\s+droits\s+de\s+l['’]homme"
                 r"|of\s+the\s+(?:Security\s+Council|General\s+Assembly|Economic\s+and\s+Social\s+Council"
                 r"|Human\s+Rights\s+Council)"
                 r"|Совета\s+Безопасности|Генеральной\s+Ассамблеи|Экономического\s+и\s+Социального\s+Совета"
                 r"|Совета\s+по\s+правам\s+человека|Совета|Ассамблеи|مجلس\s+الأمن|الجمعية\s+العامة|الجمعية|المجلس"
                 r"|المجلس\s+الاقتصادي\s+والاجتماعي|مجلس\s+حقوق\s+الإنسان|الأخير))?")
_KEYWORD_LIST = {
    kind: re.compile(rf"(?<![A-Za-z])(?:{words}){_BODY_BETWEEN}\s*(?:No\.\s*|№\s*|رقم\s*)?"
                     rf"({_NUMBER}{_OF_DATE}(?:{_LIST_SEP}{_NUMBER}{_OF_DATE})*)",
                     re.IGNORECASE)
    for kind, words in _KEYWORDS.items()}
_ITEM = re.compile(_NUMBER)
#: a number standing alone later in a paragraph that has already cited resolutions or decisions by
#: keyword ("Recalling its resolution 74/270 of 2 April 2020 on …, and 74/274 of 20 April 2020")
_LATER_ITEM = re.compile(
    rf"(?:(?<=و)|(?<![\w/.\-]))(?:\d{{1,4}}\s*/\s*\d{{1,4}}(?![\d/]){_PART}|\d{{1,4}}\s*\((?:19|20)\d\d\))(?![\w/])")
#: how far (characters) a bare number may stand from the keyword or number before it
_LATER_REACH = 250
#: a keyword alone, with or without a number after it ("the Council's resolutions on … (9/10 du …")
_KEYWORD_WORD = {kind: re.compile(rf"(?<![A-Za-z])(?:{words})", re.IGNORECASE) for kind, words in _KEYWORDS.items()}
#: the same in Chinese: "2020年9月11日…的第74/306号，以及…" (not a general comment, 一般性意见)
_ZH_LATER_ITEM = re.compile(rf"第\s*({_NUMBER})\s*号(?!\s*(?:决定|决议|一般性意见|建议))")
_BARE_ROMAN = re.compile(rf"(?<![A-Za-z0-9/\-]){_PREFIX}{_ROMAN}/\d{{1,3}}(?![\d/])")

#: Regular-expression source of a paragraph number as UN and CBD documents print it
#: (21, 4 (a), 4(a), 4 a), 19.3(g), 4 (a) (ii)): the one paragraph-number grammar, which the
#: search box's typed citations (:mod:`.search.landing`) use too.
PARAGRAPH_NUMBER = r"\d{1,3}(?:\.\d{1,3})*(?:\s*\(?[a-z]{1,4}\))?(?:\s*\([ivx]{1,5}\))?"
_PARA = PARAGRAPH_NUMBER
#: "paragraphs 14 to 16", "第14至16段", "párrafos 3 a 5", "пункты 3–5": every paragraph of the range
_RANGE_SEP = r"\s*(?:至|到|to|à|a|al|по|إلى|-|–|—)\s*"
_PARA_LIST = rf"{_PARA}(?:(?:{_LIST_SEP}|{_RANGE_SEP}){_PARA})*"
_PARA_WORDS = (r"paragraphs?|paras?\.|paragraphes?|párrafos?|пункт[а-я]*|الفقر(?:ة|تان|تين|ات)")
#: "第21段", "第2、3和4段", "第11(b)段", "第11段(b)分段" (the letter after 段 is group 2)
_ZH_PARA_AFTER = re.compile(rf"\s*第\s*({_PARA}(?:\s*(?:、|，|,|和|及|至|到)\s*(?:第\s*)?{_PARA})*)\s*段"
                            r"(?:\s*[(（]([a-z])[)）]\s*(?:分段|项|小段)?)?")
_PARA_AFTER = re.compile(rf",?\s*(?:{_PARA_WORDS})\s+({_PARA_LIST})", re.IGNORECASE)
_PARA_BEFORE = re.compile(
    rf"(?:{_PARA_WORDS})\s+({_PARA_LIST})\s*(?:of|de\s+la|de|del|из|من)?\s*(?:the\s+|la\s+|l[a']\s*)?$",
    re.IGNORECASE)
#: "subparagraph (b) of paragraph 11 of", "l’alinéa b) du paragraphe 11 de la", "el apartado b) del
#: párrafo 11 de la", "подпункт (b) пункта 11": a sub-paragraph named before its paragraph
_SUB_BEFORE = re.compile(
    r"(?:sub-?paragraphs?|alinéas?|apartados?|incisos?|подпункт[а-я]*)\s+\(?([a-z])\)\s*"
    r"(?:of|du|del|de|de\s+la)?\s*(?:the\s+)?"
    rf"(?:{_PARA_WORDS})\s+(\d{{1,3}})\s*(?:of|de\s+la|de|del|из|من)?\s*(?:the\s+|la\s+|l[a'’]\s*)?$",
    re.IGNORECASE)
_ZH_NUMERALS = "一二三四五六七八九十"
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_ANNEX_AFTER = re.compile(
    rf"\s*,?\s*(?:附件\s*([{_ZH_NUMERALS}]|{_ROMAN}|\d+)|(?:annex|annexe|anexo|приложени[а-я]*)\s+({_ROMAN}|\d+)\b)",
    re.IGNORECASE)
_ZH_PARA_LIST = rf"{_PARA}(?:\s*(?:、|，|,|和|及|至)\s*(?:第\s*)?{_PARA})*"
_INTERNAL = [
    re.compile(rf"(?:上文|下文|前文|本文件|本说明)\s*第\s*({_ZH_PARA_LIST})\s*段"),
    re.compile(rf"(?<![A-Za-z])(?:{_PARA_WORDS})\s+({_PARA_LIST})\s*"
               r"(?:above|below|ci-dessus|ci-après|plus haut|supra|infra|выше|ниже|أعلاه|أدناه)", re.IGNORECASE),
]
_ARTICLE = [
    re.compile(r"第\s*(\d{1,3}(?:\.\d{1,3})*(?:\s*\([a-z]\))?)\s*条"),
    re.compile(r"(?<![A-Za-z])(?:articles?|art[ií]culos?|стать[а-я]*|المادة)\s+(\d{1,3}(?:\.\d{1,3})*(?:\s*\(?[a-z]\))?)",
               re.IGNORECASE),
]


# Cheap tests that tell when a pattern cannot match, so most paragraphs skip most patterns.
_DIGIT = re.compile(r"\d")
_KEYWORD_HINT = {
    CitationKind.DECISION: re.compile(rf"d[ée]cisi|решени|م{_AR_GAP}ق{_AR_GAP}ر{_AR_GAP}ر", re.IGNORECASE),
    CitationKind.RESOLUTION: re.compile(rf"r[ée]solu|резолюци|ق{_AR_GAP}ر{_AR_GAP}ا{_AR_GAP}ر", re.IGNORECASE),
}
_INTERNAL_HINTS = [re.compile("段"), re.compile(rf"{_PARA_WORDS}", re.IGNORECASE)]
_ARTICLE_HINTS = [re.compile("条"), re.compile(r"articl|artícul|стать|المادة", re.IGNORECASE)]


_NON_ASCII_HYPHEN = re.compile(r"[‑‐]")
_AR_SESSION = re.compile(r"\((دإ?)-(\d{1,2})\)$")
_WHITESPACE = re.compile(r"\s+")


def _number(raw: str) -> str:
    """A decision or resolution number as stored: spaces dropped, hyphens plain, an Arabic session
    ``(د-15)`` (``(دإ-10)``: emergency special session) written as the roman ``(XV)`` (``(ES-X)``)."""
    value = _NON_ASCII_HYPHEN.sub("-", _squash(raw))
    value = re.sub(r"^دإط-", "ES-", re.sub(r"^دإ-", "S-", value))  # Arabic (emergency) special session
    value = re.sub(r"(?<=\d[A-Z])和[A-Z]$", "", value)  # "74/92A和B": parts A and B, cited as A
    value = re.sub(r"(?<=\d)[АВС](?=\()", lambda m: "ABC"["АВС".index(m.group(0))], value)  # Cyrillic "217 А (III)"
    value = re.sub(rf"(?<=\d){_AR_PART}(?=\()",   # "2200ألف(د-21)": part A
                   lambda m: "ABCDEFGH"[_AR_PART_LETTERS.index(m.group(0))], value)
    m = _AR_SESSION.search(value)
    if m:
        prefix = "ES-" if m.group(1) == "دإ" else ""
        value = value[:m.start()] + f"({prefix}{_roman(int(m.group(2)))})"
    return value


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _squash(value: str) -> str:
    return _WHITESPACE.sub("", value)


def normalise_paragraph(value: str) -> str:
    """``"4(a)"``, ``"4 a)"``, ``"4 (a)"`` → ``"4 (a)"``; ``"21"`` → ``"21"``."""
    m = re.match(r"(\d+(?:\.\d+)*)\s*\(?([a-z]{1,4})?\)?\s*(?:\(([ivx]+)\))?", value.strip())
    if not m:
        return value.strip()
    out = m.group(1)
    if m.group(2):
        out += f" ({m.group(2)})"
    if m.group(3):
        out += f" ({m.group(3)})"
    return out


def _annex(value: str) -> str:
    if value in _ZH_NUMERALS:
        return _ROMANS[_ZH_NUMERALS.index(value)]
    return value.upper()


def _classify_symbol(symbol: str) -> tuple[CitationKind, str] | None:
    """The kind and normalised target of a full symbol, or ``None`` if it is no document symbol.

    A symbol has two slashes at least (``A/RES/75/1``), or is a series of two
    letters or more (not a roman numeral) and a number that is no year
    (``CD/1299``, ``SPLOS/72``).
    """
    symbol = _bracket_parts(_NON_ASCII_HYPHEN.sub("-", symbol).rstrip(".-"))
    if not re.search(r"\d", symbol):
        return None
    m = re.fullmatch(r"[A-Z]{2,}\.\d{1,3}/(Res|Dec)\.\d{1,3}", symbol, re.IGNORECASE)
    if m:   # "GC.18/Res.1": UNIDO General Conference, 18th session, resolution 1
        return (CitationKind.RESOLUTION if m.group(1).lower() == "res" else CitationKind.DECISION), symbol
    if symbol.count("/") < 2:
        m = re.fullmatch(r"([A-Z]{2,})/(\d{1,5})", symbol)
        if not m or re.fullmatch(r"[IVXL]+", m.group(1)) or re.fullmatch(r"(?:19|20)\d\d", m.group(2)):
            return None  # a decision (XII/6) or a year
    m = re.fullmatch(rf"(?:UNEP/)?CBD/COP/DEC/({_ROMAN}|\d{{1,2}})/(\d{{1,3}})", symbol)
    if m:
        return CitationKind.DECISION, f"{m.group(1)}/{m.group(2)}"
    if re.search(r"/RES/", symbol, re.IGNORECASE):
        return CitationKind.RESOLUTION, symbol
    return CitationKind.DOCUMENT, symbol


_PART_LETTERS = "ABCDEFGH"
_BRACKET_PART = re.compile(PART_IN_BRACKETS)


def _bracket_parts(symbol: str) -> str:
    """A part in brackets written as the UN prints it in English, one space before the bracket and
    one after the abbreviation: ``"A/CONF.157/24(Part I)"`` → ``"A/CONF.157/24 (Part I)"``,
    ``"A/79/6(Sect.3)/Add.10"`` (an undocs.org address) → ``"A/79/6 (Sect. 3)/Add.10"``."""
    def one(m: re.Match) -> str:
        inner = _WHITESPACE.sub(" ", m.group(0).strip()[1:-1])
        inner = re.sub(r"^(Sect\.|Vol\.|Parts?|Chap\.|Supp\.)\s?(?=\S)", r"\1 ", inner)
        return f" ({inner})"
    return _BRACKET_PART.sub(one, symbol) if "(" in symbol else symbol


def _variants(target: str) -> list[str]:
    """Other spellings of one document symbol that a library may store: a bracketed part
    without its spaces (``"A/79/6(Sect.3)/Add.10"``), and each symbol of a joint document
    (``"A/48/486-S/26560"`` → ``"A/48/486"``, ``"S/26560"``; ``A/80/434–S/2025/632``), and the
    whole document of a part named last (``"A/CONF.157/24 (Part I)"`` → ``"A/CONF.157/24"``)."""
    out = []
    if "(" in target and _BRACKET_PART.search(target):
        out.append(_BRACKET_PART.sub(lambda m: _squash(m.group(0)), target))
    m = _BRACKET_PART.search(target)
    if m and m.end() == len(target):   # the whole report of which "(Part I)" is a part
        out.append(target[:m.start()])
    parts = re.split(r"[-–—](?=[A-Z]{1,6}/)", target)
    if len(parts) > 1 and all("/" in p for p in parts):
        out += parts
    return out


def symbol_candidates(target: str) -> list[str]:
    """The stored document symbols a cited ``target`` may name, most likely first.

    ``"XII/6"`` → ``["XII/6", "UNEP/CBD/COP/DEC/XII/6", "CBD/COP/DEC/XII/6"]``;
    ``"75/100"`` → ``["75/100", "A/RES/75/100", "A/HRC/RES/75/100", …]``.
    """
    out = [target] + _variants(target)
    if re.fullmatch(rf"{_PREFIX}(?:{_ROMAN}|\d{{1,2}})/\d{{1,3}}", target):
        out += [f"UNEP/CBD/COP/DEC/{target}", f"CBD/COP/DEC/{target}"]
    if re.fullmatch(r"\d{1,4}\((?:19|20)\d\d\)", target):
        return out + [f"S/RES/{target}"]
    if re.fullmatch(r"(?:19|20)\d\d/\d{1,3}", target):
        out += [f"E/RES/{target}", f"E/DEC/{target}"]
    lettered = re.fullmatch(r"((?:E?S-)?\d{1,4}/\d{1,4})([A-Z])", target)
    if lettered:
        # a part of a resolution: stored as "A/RES/75/251 B", within "A/RES/75/101 A-B", and part A
        # often under the bare number ("A/RES/75/250" is part A of 75/250)
        base, letter = lettered.groups()
        out += [f"A/RES/{base} {letter}", f"A/RES/{base}{letter}"]
        out += [f"A/RES/{base} {a}-{b}" for a in _PART_LETTERS for b in _PART_LETTERS if a <= letter <= b and a < b]
        if letter == "A":
            out.append(f"A/RES/{base}")
        return out
    old_part = re.fullmatch(r"(\d{1,4})([A-Z])(\((?:E?S-)?[IVXL]+\))", target)  # 2106 A (XX)
    if old_part:
        return out + [f"A/RES/{old_part.group(1)} {old_part.group(2)} {old_part.group(3)}",
                      f"A/RES/{old_part.group(1)}{old_part.group(3)}"]
    if re.fullmatch(r"(?:E?S-)?\d{1,4}/\d{1,4}|\d{1,4}\((?:E?S-)?[IVXL]+\)", target):
        out += [f"A/RES/{target}", f"A/HRC/RES/{target}"]
        m = re.fullmatch(r"(\d{1,2})/(\d{1,3})", target)
        if m:
            out.append(f"UNEP/EA.{m.group(1)}/RES.{m.group(2)}")
    return out


_UNDOCS = re.compile(r"^https?://(?:www\.)?undocs\.org/+(?:(?:en|fr|es|sp|ru|ar|ch|zh)/+)?([^?#]+)", re.IGNORECASE)


def link_target(href: str) -> tuple[CitationKind, str] | None:
    """The kind and normalised ``target_symbol`` of a link to a UN document, or ``None``.

    ``https://undocs.org/en/A/RES/67/123`` → ``(RESOLUTION, "A/RES/67/123")``;
    ``https://undocs.org/S/RES/2282(2016)`` → ``(RESOLUTION, "S/RES/2282(2016)")``.
    Links elsewhere (``https://www.un.org/…``) give ``None``.  The URL form is
    the UN Official Document System's permanent address, ``undocs.org/[lang/]SYMBOL``.
    """
    m = _UNDOCS.match(href.strip())
    if not m:
        return None
    symbol = m.group(1).strip().rstrip("/")
    if symbol.count("/") < 1:
        return None
    return _classify_symbol(symbol) or (CitationKind.DOCUMENT, symbol)


def symbol_aliases(symbol: str | None) -> set[str]:
    """Every ``target_symbol`` that would name a document stored under ``symbol`` (inverse of
    :func:`symbol_candidates`): ``"A/RES/75/100"`` → ``{"A/RES/75/100", "75/100"}``."""
    if not symbol:
        return set()
    symbol = _bracket_parts(symbol)
    out = {symbol, *_variants(symbol)}
    m = re.fullmatch(r"A/RES/(\d{1,4})\s?(\((?:E?S-)?[IVXL]+\))", symbol.strip(), re.IGNORECASE)
    if m:   # a resolution of the early sessions stored under its bare number is also its part A
        out.add(f"{m.group(1)}A{m.group(2).upper()}")
    for prefix in ("UNEP/CBD/COP/DEC/", "CBD/COP/DEC/", "A/RES/", "A/HRC/RES/", "S/RES/", "E/RES/", "E/DEC/"):
        if symbol.upper().startswith(prefix):
            out.add(symbol[len(prefix):])
    m = re.fullmatch(r"A/RES/((?:E?S-)?\d{1,4}/\d{1,4})(?:\s?([A-Z])(?:-([A-Z]))?)?", symbol.strip(), re.IGNORECASE)
    if m:
        base, first, last = m.group(1), (m.group(2) or "").upper(), (m.group(3) or "").upper()
        letters = [chr(c) for c in range(ord(first), ord(last or first) + 1)] if first else ["A"]
        out |= {f"{base}{letter}" for letter in letters}
    m = re.fullmatch(r"UNEP/EA\.(\d{1,2})/RES\.(\d{1,3})", symbol, re.IGNORECASE)
    if m:
        out.add(f"{m.group(1)}/{m.group(2)}")
    return out


# -- extraction ---------------------------------------------------------------

@dataclass
class _Group:
    start: int
    end: int
    kind: CitationKind
    items: list[tuple[int, int, str]]  # (start, end, normalised symbol)


class _Spans:
    """Non-overlapping character spans, kept sorted: overlap tests in O(log n), so a paragraph
    with tens of thousands of citations (a pasted index) is still read in linear-log time."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < end

    def add(self, start: int, end: int) -> None:
        """Record a span; spans it overlaps are merged with it."""
        i = bisect.bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            i -= 1
            start, end = self.starts[i], max(end, self.ends[i])
            del self.starts[i], self.ends[i]
        while i < len(self.starts) and self.starts[i] < end:
            end = max(end, self.ends[i])
            del self.starts[i], self.ends[i]
        self.starts.insert(i, start)
        self.ends.insert(i, end)


_ORDINAL_BEFORE = re.compile(r"第\s*$")
_ZH_KEYWORD = re.compile("决定|决议")
#: a number that opens with a year: ``2017/18``, ``2020/1`` (never a decision's symbol)
_YEAR_FIRST = re.compile(r"\d{4}/")
_YEAR_PAIR = re.compile(r"(\d{4})/(\d{2}|\d{4})")


def _symbol_groups(text: str) -> list[_Group]:
    groups: list[_Group] = []
    taken = _Spans()

    def keep(group: _Group) -> None:
        if not taken.overlaps(group.start, group.end):
            groups.append(group)
            taken.add(group.start, group.end)

    has_slash = "/" in text
    for m in SYMBOL_RE.finditer(text) if has_slash else ():  # a full UN symbol (two slashes, checked below)
        raw = m.group(0).rstrip(".-")
        classified = _classify_symbol(raw)
        if classified:
            end = m.start() + len(raw)
            keep(_Group(m.start(), end, classified[0], [(m.start(), end, classified[1])]))
    for m in _ZH_LIST.finditer(text) if "号" in text else ():
        kind = CitationKind.DECISION if m.group(1) == "决定" else CitationKind.RESOLUTION
        items = []
        for i in _ITEM.finditer(text, m.start(), m.end()):
            start = i.start()
            before = _ORDINAL_BEFORE.search(text[max(m.start(), start - 3):start])
            if before:
                start -= len(before.group(0))
            items.append((start, i.end(), _number(i.group(0))))
        if not items:
            continue
        if len(items) == 1:
            items = [(items[0][0], m.end(), items[0][2])]
        keep(_Group(items[0][0], m.end(), kind, items))
    hinted = {kind: hint.search(text) is not None for kind, hint in _KEYWORD_HINT.items()}  # searched once
    for kind, pattern in _KEYWORD_LIST.items():
        if not hinted[kind]:
            continue
        for m in pattern.finditer(text):
            base = m.start(1)
            items = [(base + i.start(), base + i.end(), _number(i.group(0))) for i in _ITEM.finditer(m.group(1))]
            if kind is CitationKind.DECISION:  # a decision number is never a year pair
                items = [it for it in items if not _YEAR_FIRST.match(it[2])]
            if items:
                if len(items) == 1:
                    items = [(m.start(), items[0][1], items[0][2])]
                keep(_Group(m.start(), items[-1][1], kind, items))
    for m in _BARE_ROMAN.finditer(text) if has_slash else ():
        keep(_Group(m.start(), m.end(), CitationKind.DECISION, [(m.start(), m.end(), m.group(0))]))
    # Bare numbers later in a paragraph: after a keyword (with or without its own number) or
    # after the previous such number, within _LATER_REACH characters.
    anchors = sorted([(g.end, g.kind) for g in groups if g.kind in (CitationKind.DECISION, CitationKind.RESOLUTION)]
                     + [(m.end(), kind) for kind, pattern in _KEYWORD_WORD.items()
                        if hinted[kind] for m in pattern.finditer(text)])
    if anchors:
        later = [(m.start(), m.end(), m.group(0)) for m in _LATER_ITEM.finditer(text, anchors[0][0])]
        if "号" in text:
            later += [(m.start(), m.end(), m.group(1)) for m in _ZH_LATER_ITEM.finditer(text, anchors[0][0])]
        ends = [a[0] for a in anchors]
        last: tuple[int, CitationKind] | None = None
        for start, end, raw in sorted(later):
            i = bisect.bisect_right(ends, start) - 1
            anchor = anchors[i] if i >= 0 else None
            if last is not None and (anchor is None or last[0] > anchor[0]):
                anchor = last
            if anchor is None or start - anchor[0] > _LATER_REACH:
                continue
            value = _number(raw)
            if _is_not_a_citation(value, anchor[1]):
                continue
            keep(_Group(start, end, anchor[1], [(start, end, value)]))
            last = (end, anchor[1])
    if "号" in text:
        # Chinese puts the keyword last: "…的第62/214号、…的第70/286号和…的第74/181号决议"
        keywords = [(m.start(), CitationKind.DECISION if m.group(0) == "决定" else CitationKind.RESOLUTION)
                    for m in _ZH_KEYWORD.finditer(text)]
        starts = [k[0] for k in keywords]
        for m in _ZH_LATER_ITEM.finditer(text):
            i = bisect.bisect_left(starts, m.end())
            if i == len(keywords) or keywords[i][0] - m.end() > _LATER_REACH:
                continue
            value = _number(m.group(1))
            if not _is_not_a_citation(value, keywords[i][1]):
                keep(_Group(m.start(), m.end(), keywords[i][1], [(m.start(), m.end(), value)]))
    return sorted(groups, key=lambda g: g.start)


def _is_not_a_citation(value: str, kind: CitationKind) -> bool:
    """A number found without a keyword that is a budget period or year pair, not a symbol:
    ``2017/18``, ``2020/2021`` (and, for decisions, any ``YYYY/N``)."""
    m = _YEAR_PAIR.fullmatch(value)
    if m and int(m.group(2)) % 100 == (int(m.group(1)) + 1) % 100:
        return True
    return kind is CitationKind.DECISION and _YEAR_FIRST.match(value) is not None


_PARA_RE = re.compile(_PARA)
_RANGE_ONLY = re.compile(rf"{_RANGE_SEP}(?:第\s*)?$", re.IGNORECASE)
#: the longest range of paragraphs spelled out one by one ("paragraphs 1 to 30")
_MAX_RANGE = 40


def _paragraphs_in(match: re.Match, group: int = 1) -> list[tuple[int, int, str]]:
    """Each paragraph named in ``match.group(group)``, with a range (``14 至 16``) expanded."""
    base = match.start(group)
    text = match.group(group)
    out: list[tuple[int, int, str]] = []
    previous = None
    for p in _PARA_RE.finditer(text):
        value = normalise_paragraph(p.group(0))
        if (previous is not None and previous[2].isdigit() and value.isdigit()
                and 0 < int(value) - int(previous[2]) <= _MAX_RANGE
                and _RANGE_ONLY.fullmatch(text[previous[1] - base:p.start()])):
            out += [(previous[0], base + p.end(), str(n)) for n in range(int(previous[2]) + 1, int(value))]
        item = (base + p.start(), base + p.end(), value)
        out.append(item)
        previous = item
    return out


def _untaken(patterns: list[re.Pattern], hints: list[re.Pattern], text: str, taken: _Spans) -> Iterator[re.Match]:
    """Matches of ``patterns`` (each tried only where its hint occurs) that overlap no span of
    ``taken``; each is added to ``taken`` as it is yielded."""
    for pattern, hint in zip(patterns, hints):
        if not hint.search(text):
            continue
        for m in pattern.finditer(text):
            if not taken.overlaps(m.start(), m.end()):
                taken.add(m.start(), m.end())
                yield m


def extract_citations(text: str, language: str = "") -> list[CitationRef]:
    """Every citation in one paragraph's ``text``, in reading order.

    ``language`` (ISO 639-1) is accepted for callers' clarity; the patterns of
    all six UN languages are tried on every text, since documents quote across
    languages (English symbols in Chinese text).  A list of symbols gives one
    citation per symbol; ``paragraphs 3 and 4`` of one symbol give two.
    Never raises on any text.
    """
    del language  # every language's forms are tried; see the docstring
    if not _DIGIT.search(text):
        return []  # every citation form carries a number
    out: list[CitationRef] = []
    taken = _Spans()
    for g in _symbol_groups(text):
        paragraphs: list[tuple[int, int, str]] = []
        annex = None
        end = g.end
        if len(g.items) == 1:
            m = _ZH_PARA_AFTER.match(text, g.end) or _PARA_AFTER.match(text, g.end)
            if m:
                paragraphs = _paragraphs_in(m)
                if m.re is _ZH_PARA_AFTER and m.group(2) and len(paragraphs) == 1 and paragraphs[0][2].isdigit():
                    paragraphs = [(paragraphs[0][0], m.end(), f"{paragraphs[0][2]} ({m.group(2)})")]
                end = m.end()
            else:
                offset = max(0, g.start - 80)
                sub = _SUB_BEFORE.search(text, offset, g.start)
                before = None if sub else _PARA_BEFORE.search(text[max(0, g.start - 60):g.start])
                if sub:
                    paragraphs = [(sub.start(), sub.end(), f"{sub.group(2)} ({sub.group(1).lower()})")]
                elif before:
                    offset = max(0, g.start - 60)
                    paragraphs = [(offset + before.start(), offset + e, v) for _s, e, v in _paragraphs_in(before)]
            a = _ANNEX_AFTER.match(text, end)
            if a:
                annex = _annex(a.group(1) or a.group(2))
                end = a.end()
        taken.add(g.start, end)
        for s, e, symbol in g.items:
            if len(g.items) == 1:
                s, e = min([g.start] + [p[0] for p in paragraphs]), end
            targets = [p[2] for p in paragraphs] or [None]
            for target in targets:
                out.append(CitationRef(text[s:e], s, e, g.kind, symbol, target, annex))
    for m in _untaken(_INTERNAL, _INTERNAL_HINTS, text, taken):
        for _s, _e, v in _paragraphs_in(m):
            out.append(CitationRef(m.group(0), m.start(), m.end(), CitationKind.DOCUMENT, None, v,
                                   internal=True))
    for m in _untaken(_ARTICLE, _ARTICLE_HINTS, text, taken):
        out.append(CitationRef(m.group(0), m.start(), m.end(), CitationKind.ARTICLE, None,
                               _squash(m.group(1))))
    return sorted(out, key=lambda c: (c.start, c.end))
