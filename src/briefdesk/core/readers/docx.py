"""Reader for Word 2007+ documents (.docx, Office Open XML WordprocessingML).

The package is opened with python-docx (relationships, styles); the parts it
does not model (numbering counters, footnotes, endnotes) are read with lxml.
What Word shows is rebuilt, then handed to the shared structure pass
(:func:`~briefdesk.core.readers.structure.parse_structure`) so a .docx gets the
same understanding as a plain-text file:

* paragraphs in body order (``w:body`` children, content controls opened);
  headers and footers are separate parts and are never read; the paragraphs
  of a text box follow the paragraph it is anchored to (with a warning: its
  place on the page is not known); tracked deletions and field codes are
  dropped; paragraphs whose whole text is a negotiating text's label
  (``Option 2``, ``{Tracking arrangements}``, :mod:`.labels`) are headings;
* tables: one paragraph per row (``BODY``, never numbered), cell texts
  joined by ``" | "`` and kept one by one in ``ParsedParagraph.cells``, rows
  of one table sharing ``ParsedParagraph.table``; merged cells (``w:gridSpan``,
  ``w:vMerge``) give ``ParsedParagraph.spans``, a vertically merged cell read
  once, where it starts (the empty cells it covers hold rows 0); a table nested
  in a cell is read into that cell's text (rows joined by ``" / "``, with a warning);
* the left indent (``w:ind``, the paragraph's own or its list level's, indents
  within a point of one another taken as one) is passed on, so that an unnumbered paragraph indented like a sub-paragraph
  continues it (``RawParagraph.indent``);
* list numbers as Word prints them: the paragraph's ``w:numPr`` (or its
  style's) names a ``w:num``, whose ``w:abstractNum`` level gives ``w:start``,
  ``w:numFmt`` and ``w:lvlText`` (``"%1."``, ``"(%2)"``); ``w:lvlOverride``
  / ``w:startOverride`` restart a list at the first paragraph of that
  ``w:num``.  Counters follow ECMA-376 Part 1 §17.9: a level counts up,
  deeper levels restart after it (unless their ``w:lvlRestart`` is 0); all
  ``w:num`` entries that share an abstract definition share its counters, as
  Word and LibreOffice print them (the UNFCCC draft numbers its chapters in
  one instance and their sections ``A.``, ``B.`` in another, which restart
  under each chapter).  The number is put before the text,
  as a typed number would be, for the structure pass to split off;
* a leading italic or bold run (the UN sets the verb of a resolution paragraph
  in italics; Chinese conversions may bold it) becomes the paragraph's verb
  when it is a prefix of the paragraph's text;
* footnotes and endnotes (``w:footnoteReference``/``w:endnoteReference``
  ``w:id`` → ``word/footnotes.xml``/``endnotes.xml``) are attached at the
  position of their reference.  Footnote markers are numbered 1, 2, … in
  order of reference (Word's default), endnote markers i, ii, …; a
  ``w:customMarkFollows`` reference takes the symbol typed after it.

Public API: :func:`read_docx`.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import limits
from ..document import ParagraphKind, ParsedDocument, add_warning
from ..errors import ReadError
from ..i18n import _
from .labels import editorial_label
from .structure import RawParagraph, footnote_token, parse_structure, strip_tokens

__all__ = ["read_docx"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{%s}" % W
_MAX_UNCOMPRESSED = 512 * 1024 * 1024   # refuse zip bombs before inflating them


def _q(name: str) -> str:
    return _W + name


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, recover=False)


# ---------------------------------------------------------------- package checks

def _check_package(path: Path) -> None:
    """Refuse what is not a readable .docx, with a reason naming the file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadError(path, _("the file cannot be read: {error}").format(
            error=exc.strerror or exc)) from exc
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(path, _("encrypted or old .doc format: save it as .docx without a password"))
    if not head.startswith(b"PK"):
        raise ReadError(path, _("not a Word document (not a ZIP archive)"))
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if "word/document.xml" not in names:
                raise ReadError(path, _("a ZIP archive without word/document.xml, not a Word document"))
            if sum(i.file_size for i in z.infolist()) > _MAX_UNCOMPRESSED:
                raise ReadError(path, _("the archive is too large once unpacked"))
            limits.check_zip(z.infolist(), path)
            bad = z.testzip()
            if bad is not None:
                raise ReadError(path, _("the archive is damaged ({member})").format(member=bad))
            data = z.read("word/document.xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
        raise ReadError(path, _("the archive is truncated or damaged: {error}").format(error=exc)) from exc
    except NotImplementedError as exc:   # unsupported compression method
        raise ReadError(path, _("the archive uses an unsupported compression: {error}").format(
            error=exc)) from exc
    try:
        etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        raise ReadError(path, _("word/document.xml is not well-formed XML: {error}").format(
            error=getattr(exc, "msg", None) or exc), line=line if line and line > 0 else None) from exc


# ---------------------------------------------------------------- numbering

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_ZH_DIGITS = "零一二三四五六七八九"


def _roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    """Word's lowerLetter: a…z, aa…zz, aaa… (the letter repeated)."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _zh(n: int) -> str:
    if n < 10:
        return _ZH_DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[units] if units else "")
    return str(n)


#: Word's arabicAbjad and russianLower sequences (the UN's Arabic "(أ)", "(ب)", "(ج)"…
#: and Russian "а)", "б)"… sub-paragraph letters).
ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"


#: Word formats that are a fixed series of signs (ECMA-376 Part 1, §17.18.59 ST_NumberFormat);
#: past its end a series falls back to decimal, as Word does.
_SERIES = {
    "ideographTraditional": "甲乙丙丁戊己庚辛壬癸",
    "ideographZodiac": "子丑寅卯辰巳午未申酉戌亥",
    "decimalEnclosedCircle": "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",
    "decimalEnclosedCircleChinese": "①②③④⑤⑥⑦⑧⑨⑩",
    "decimalEnclosedParen": "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇",
    "decimalEnclosedFullstop": "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛",
    "ideographEnclosedCircle": "㊀㊁㊂㊃㊄㊅㊆㊇㊈㊉",
}
#: Word's arabicAlpha: the Arabic alphabet in its usual order.
ARABIC_ALPHA = "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word number format ``fmt`` (ECMA-376 ST_NumberFormat, common values): decimal,
    letters, Roman, Arabic abjad and alphabetical, Russian, Chinese counting and legal, heavenly
    stems (ideographTraditional), enclosed and full-width digits, ordinal; else decimal."""
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("arabicAbjad", "russianLower", "russianUpper"):
        seq = ABJAD if fmt == "arabicAbjad" else RUSSIAN
        letter = seq[(n - 1) % len(seq)] * ((n - 1) // len(seq) + 1) if n > 0 else str(n)
        return letter.upper() if fmt == "russianUpper" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"):
        return _zh(n)
    if fmt in _SERIES and 1 <= n <= len(_SERIES[fmt]):
        return _SERIES[fmt][n - 1]
    if fmt == "arabicAlpha" and n > 0:
        return ARABIC_ALPHA[(n - 1) % len(ARABIC_ALPHA)] * ((n - 1) // len(ARABIC_ALPHA) + 1)
    if fmt == "chineseLegalSimplified" and 1 <= n <= 10:
        return "壹贰叁肆伍陆柒捌玖拾"[n - 1]
    if fmt == "ideographDigital":
        return str(n).translate(str.maketrans("0123456789", "〇一二三四五六七八九"))
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None   # w:lvlRestart: None = after any higher level, 0 = never
    legal: bool = False
    indent: int | None = None    # w:pPr/w:ind left (twips) of the level


def _val(el, name: str) -> str | None:
    child = el.find(_q(name)) if el is not None else None
    return child.get(_q("val")) if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl, base: _Level | None = None) -> _Level:
    b = base or _Level()
    restart = _val(lvl, "lvlRestart")
    return _Level(start=_int(_val(lvl, "start"), b.start),
                  fmt=_val(lvl, "numFmt") or b.fmt,
                  text=_val(lvl, "lvlText") if _val(lvl, "lvlText") is not None else b.text,
                  restart=_int(restart, 0) if restart is not None else b.restart,
                  legal=lvl.find(_q("isLgl")) is not None or b.legal,
                  indent=_indent(lvl.find(_q("pPr"))) if _indent(lvl.find(_q("pPr"))) is not None
                  else b.indent)


def _indent(ppr) -> int | None:
    """Left indent in twips of a ``w:pPr`` (``w:ind`` ``w:left`` or ``w:start``), or ``None``."""
    ind = ppr.find(_q("ind")) if ppr is not None else None
    if ind is None:
        return None
    value = ind.get(_q("left")) or ind.get(_q("start"))
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class _Numbering:
    """Word list numbering: definitions from the numbering part, counters as the body is read."""

    def __init__(self, root, style_numpr: dict[str, tuple[str | None, int | None]]) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}      # abstractNum id → numStyleLink style id
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self.style_numpr = style_numpr
        self.counters: dict[object, dict[int, int]] = {}
        self.started: set[str] = set()            # w:num ids whose overrides were applied
        if root is None:
            return
        for an in root.iter(_q("abstractNum")):
            aid = an.get(_q("abstractNumId"))
            self.abstract[aid] = {_int(lvl.get(_q("ilvl")), 0): _level(lvl) for lvl in an.iter(_q("lvl"))}
            link = _val(an, "numStyleLink")
            if link:
                self.style_link[aid] = link
        for num in root.iter(_q("num")):
            nid = num.get(_q("numId"))
            aid = _val(num, "abstractNumId")
            lvls: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for ov in num.iter(_q("lvlOverride")):
                il = _int(ov.get(_q("ilvl")), 0)
                so = _val(ov, "startOverride")
                if so is not None:
                    starts[il] = _int(so, 1)
                lvl = ov.find(_q("lvl"))
                if lvl is not None:
                    lvls[il] = lvl
            self.nums[nid] = (aid, lvls, starts)

    def _levels(self, nid: str, depth: int = 0) -> dict[int, _Level]:
        aid, over, _starts = self.nums.get(nid, (None, {}, {}))
        base = dict(self.abstract.get(aid, {}))
        link = self.style_link.get(aid)
        if link and depth < 3:   # the definition lives with the numbering style
            snid, _ = self.style_numpr.get(link, (None, None))
            if snid and snid != nid:
                base = self._levels(snid, depth + 1)
        for il, lvl in over.items():
            base[il] = _level(lvl, base.get(il))
        return base

    def indent(self, nid: str | None, ilvl: int) -> int | None:
        """Left indent (twips) that list ``nid`` gives level ``ilvl``, or ``None``."""
        if not nid or nid == "0" or nid not in self.nums:
            return None
        lvl = self._levels(nid).get(ilvl)
        return lvl.indent if lvl is not None else None

    def number(self, nid: str | None, ilvl: int) -> str | None:
        """Count one paragraph of list ``nid`` at level ``ilvl``; return its printed number."""
        if not nid or nid == "0" or nid not in self.nums:
            return None
        levels = self._levels(nid)
        lvl = levels.get(ilvl)
        if lvl is None:
            return None
        _aid, _over, starts = self.nums[nid]
        counters = self.counters.setdefault(_aid, {})
        if starts and nid not in self.started:
            # the first paragraph of an instance with w:startOverride restarts its
            # level (and the deeper ones) at the override
            self.started.add(nid)
            for il, value in starts.items():
                if il >= ilvl:
                    counters[il] = value - 1

        def start_of(il: int) -> int:
            return levels[il].start if il in levels else 1

        for higher in range(ilvl):
            # a level counted before the levels above it gives them their start, so the
            # next paragraph at a level above counts on from there (Word prints "1.1"
            # then "2."; LibreOffice the same)
            if higher in levels and higher not in counters:
                counters[higher] = start_of(higher)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start_of(ilvl)
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart != 0 and (restart is None or restart - 1 >= ilvl):
                del counters[deeper]
        if lvl.fmt == "bullet":
            # Word draws the level's glyph, often from a symbol font (Symbol U+F0B7,
            # Wingdings "§"): shown as the bullet it stands for
            return "•"

        def sub(m: re.Match) -> str:
            il = int(m.group(1)) - 1
            value = counters.get(il, start_of(il))
            fmt = levels[il].fmt if il in levels else "decimal"
            if lvl.legal and fmt != "none":
                fmt = "decimal"
            return format_number(value, fmt)

        printed = re.sub(r"%([1-9])", sub, lvl.text).strip()
        return printed or None


# ---------------------------------------------------------------- styles

def _styles(document) -> tuple[set[str], dict[str, tuple[str | None, int | None]]]:
    """(ids of heading styles, style id → (numId, ilvl) along its basedOn chain)."""
    headings: set[str] = set()
    numpr: dict[str, tuple[str | None, int | None]] = {}
    try:
        root = document.styles.element
    except (KeyError, ValueError, AttributeError):
        return headings, numpr
    raw: dict[str, tuple[str | None, str | None, int | None, bool]] = {}
    for st in root.iter(_q("style")):
        sid = st.get(_q("styleId"))
        if not sid:
            continue
        name = (_val(st, "name") or "").lower()
        ppr = st.find(_q("pPr"))
        np = ppr.find(_q("numPr")) if ppr is not None else None
        nid = _val(np, "numId") if np is not None else None
        il = _int(_val(np, "ilvl"), 0) if np is not None and _val(np, "ilvl") is not None else None
        outline = _val(ppr, "outlineLvl") if ppr is not None else None
        heading = name.startswith("heading") or name == "title" or (outline is not None and outline != "9")
        raw[sid] = (_val(st, "basedOn"), nid, il, heading)
    for sid in raw:
        seen, cur, nid, il, heading = set(), sid, None, None, False
        while cur in raw and cur not in seen:
            seen.add(cur)
            based, n, i, h = raw[cur]
            nid = nid if nid is not None else n
            il = il if il is not None else i
            heading = heading or h
            cur = based
        if heading:
            headings.add(sid)
        if nid is not None:
            numpr[sid] = (nid, il)
    return headings, numpr


# ---------------------------------------------------------------- notes

def _related_root(document, suffix: str):
    for rel in document.part.rels.values():
        if rel.is_external or not (rel.reltype or "").endswith("/" + suffix):   # Type may be missing
            continue
        try:
            return etree.fromstring(rel.target_part.blob, _parser())
        except (etree.XMLSyntaxError, ValueError):
            return None
    return None


def _notes(root, tag: str) -> dict[str, str]:
    """Note id → text (separators and continuation notices skipped)."""
    out: dict[str, str] = {}
    if root is None:
        return out
    for note in root.iter(_q(tag)):
        if note.get(_q("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paras = [_plain_text(p) for p in note.iter(_q("p"))]
        out[note.get(_q("id"))] = re.sub(r"\s+", " ", " ".join(t for t in paras if t.strip())).strip()
    return out


def _note_props(pr, base: tuple[str, int, str]) -> tuple[str, int, str]:
    """(numFmt, numStart, numRestart) of a ``w:footnotePr``/``w:endnotePr``, over ``base``."""
    if pr is None:
        return base
    return (_val(pr, "numFmt") or base[0], _int(_val(pr, "numStart"), base[1]),
            _val(pr, "numRestart") or base[2])


def _note_markers(body, settings) -> dict:
    """Note reference element → marker as Word prints it.

    Word numbers footnotes and endnotes by order of reference, in the format,
    start and restart rule of the section the reference stands in (``w:sectPr``
    ``w:footnotePr``/``w:endnotePr``, defaults in ``settings.xml``; ECMA-376
    Part 1 §17.11): footnotes ``1, 2, …`` and endnotes ``i, ii, …`` unless a
    section says otherwise (the UNFCCC draft letters its table notes ``a, b, …``
    and restarts them in each section).  A section ends at a paragraph whose
    ``w:pPr`` carries a ``w:sectPr``; the body's last ``w:sectPr`` governs the
    rest.  A ``w:customMarkFollows`` reference is not counted.  Restarting on
    each page cannot be known without laying out pages: counted on.
    """
    defaults = {"footnote": ("decimal", 1, "continuous"), "endnote": ("lowerRoman", 1, "continuous")}
    if settings is not None:
        for kind in defaults:
            defaults[kind] = _note_props(settings.find(_q(kind + "Pr")), defaults[kind])
    sections: list[tuple[list, object]] = []     # (references in the section, its sectPr)
    refs: list = []
    pending = None          # (sectPr, its paragraph): the section ends after that paragraph
    for el in body.iter(_q("footnoteReference"), _q("endnoteReference"), _q("sectPr")):
        if pending is not None and not (el.tag != _q("sectPr") and any(
                a is pending[1] for a in el.iterancestors(_q("p")))):
            sections.append((refs, pending[0]))
            refs, pending = [], None
        if el.tag != _q("sectPr"):
            refs.append(el)
            continue
        parent = el.getparent()
        if parent is not None and parent.tag == _q("pPr") and parent.getparent() is not None:
            pending = (el, parent.getparent())
        else:
            sections.append((refs, el))
            refs = []
    if pending is not None:
        sections.append((refs, pending[0]))
        refs = []
    if refs:
        sections.append((refs, None))
    out: dict = {}
    counts = {"footnote": 0, "endnote": 0}
    for refs, sect in sections:
        props = {k: _note_props(sect.find(_q(k + "Pr")) if sect is not None else None, v)
                 for k, v in defaults.items()}
        for kind, (_fmt, start, restart) in props.items():
            if restart == "eachSect":
                counts[kind] = 0
        for el in refs:
            kind = "endnote" if el.tag == _q("endnoteReference") else "footnote"
            if el.get(_q("customMarkFollows")) in ("1", "true", "on"):
                continue
            fmt, start, _restart = props[kind]
            out[el] = format_number(start + counts[kind], fmt)
            counts[kind] += 1
    return out


# ---------------------------------------------------------------- text of a paragraph

_SKIP = {_q("del"), _q("moveFrom"), _q("instrText"), _q("delText"), _q("rPr"), _q("pPr"),
         _q("txbxContent"), _q("footnoteRef"), _q("endnoteRef"), "{%s}Fallback" % MC,
         _q("drawing"), _q("pict"), _q("object")}


def _plain_text(p) -> str:
    """Text of a paragraph (inside a note), without references."""
    return "".join(seg for seg, _emph in _segments(p, None))


def _emphasis(run) -> bool:
    rpr = run.find(_q("rPr"))
    if rpr is None:
        return False
    for name in ("i", "b", "iCs", "bCs"):
        el = rpr.find(_q(name))
        if el is not None and el.get(_q("val"), "true") not in ("0", "false", "off"):
            return True
    return False


def _segments(p, refs):
    """(text, emphasised) pieces of paragraph ``p`` in order.

    ``refs(kind, ref_element, run)`` returns the token for a note reference
    (``None`` to drop it); with ``refs=None`` references are dropped.
    """
    out: list[tuple[str, bool]] = []
    skip_next_text = [False]
    in_field_code = [False]

    def walk(el, emph: bool) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _q("r"):
                walk(child, _emphasis(child))
            elif tag == _q("fldChar"):
                kind = child.get(_q("fldCharType"))
                in_field_code[0] = kind == "begin" or (in_field_code[0] and kind != "separate"
                                                       and kind != "end")
            elif in_field_code[0]:
                continue
            elif tag == _q("t"):
                text = child.text or ""
                if skip_next_text[0]:
                    skip_next_text[0] = False
                    continue
                out.append((text, emph))
            elif tag == _q("tab") or tag == _q("ptab"):
                out.append(("\t", emph))
            elif tag in (_q("br"), _q("cr")):
                out.append((" ", emph))
            elif tag == _q("noBreakHyphen"):
                out.append(("-", emph))
            elif tag == _q("softHyphen"):
                continue
            elif tag in (_q("footnoteReference"), _q("endnoteReference")):
                if refs is not None:
                    token = refs(tag == _q("endnoteReference"), child)
                    if token:
                        out.append((token, False))
                    if child.get(_q("customMarkFollows")) in ("1", "true", "on"):
                        skip_next_text[0] = True
            else:
                walk(child, emph)

    walk(p, False)
    return out


_NUMBER_LIKE = re.compile(r"^\s*(?:\S{1,6}\s+)?$")


def _verb_hint(segments: list[tuple[str, bool]]) -> str | None:
    """The leading italic or bold phrase, when it does not make the whole paragraph."""
    lead, i = [], 0
    before = []
    while i < len(segments) and not segments[i][1]:
        before.append(segments[i][0])
        i += 1
    if i == len(segments) or not _NUMBER_LIKE.match("".join(before)):
        return None
    while i < len(segments) and (segments[i][1] or not segments[i][0].strip()):
        lead.append(segments[i][0])
        i += 1
    rest = "".join(s for s, _e in segments[i:]).strip()
    verb = re.sub(r"\s+", " ", "".join(lead)).strip().rstrip(",，、:：;")
    if not verb or not rest or len(verb) > 60:
        return None
    return verb


# ---------------------------------------------------------------- reading

#: Indents closer than this (twips; 20 twips = 1 pt) are one margin on the page.
_INDENT_SLACK = 20


@dataclass
class _Body:
    numbering: _Numbering
    headings: set[str]
    footnotes: dict[str, str]
    endnotes: dict[str, str]
    paragraphs: list[RawParagraph] = field(default_factory=list)
    verbs: list[str | None] = field(default_factory=list)
    fn_count: int = 0
    en_count: int = 0
    tables: int = 0
    indents: list[int] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def ref(self, endnote: bool, el) -> str | None:
        nid = el.get(_q("id"))
        custom = el.get(_q("customMarkFollows")) in ("1", "true", "on")
        if endnote:
            self.en_count += 0 if custom else 1
            marker = self.markers.get(el) or _roman(self.en_count)
            text = self.endnotes.get(nid, "")
        else:
            self.fn_count += 0 if custom else 1
            marker = self.markers.get(el) or str(self.fn_count)
            text = self.footnotes.get(nid, "")
        if custom:
            nxt = el.getparent().find(_q("t")) if el.getparent() is not None else None
            marker = (nxt.text or "").strip() if nxt is not None and (nxt.text or "").strip() else "*"
        self._notes[marker] = text
        return footnote_token(marker)

    _notes: dict[str, str] = field(default_factory=dict)
    #: note reference element → its marker as printed (:func:`_note_markers`)
    markers: dict = field(default_factory=dict)

    def paragraph(self, p) -> None:
        self._notes = {}
        ppr = p.find(_q("pPr"))
        style = _val(ppr, "pStyle") if ppr is not None else None
        np = ppr.find(_q("numPr")) if ppr is not None else None
        nid, il = (self.numbering.style_numpr.get(style, (None, None)) if style else (None, None))
        if np is not None:
            nid = _val(np, "numId") or nid
            il = _int(_val(np, "ilvl"), il or 0) if _val(np, "ilvl") is not None else il
        if ppr is not None and ppr.find(_q("rPr")) is not None and \
                ppr.find(_q("rPr")).find(_q("del")) is not None and not "".join(p.itertext()).strip():
            return   # a paragraph mark deleted with tracked changes
        segs = _segments(p, self.ref)
        number = self.numbering.number(nid, il or 0) if nid else None
        text = "".join(s for s, _e in segs)
        verb = _verb_hint(segs)
        heading = True if style in self.headings or (
            number is None and editorial_label(strip_tokens(text))) else None
        indent = _indent(ppr)
        if indent is None and nid:
            indent = self.numbering.indent(nid, il or 0)
        indent = self.snap(indent)
        self.paragraphs.append(RawParagraph(text, dict(self._notes), heading, number, indent=indent))
        self.verbs.append(verb)
        self.removed(p)
        for box in _boxes(p):
            # a text box anchored here: its paragraphs follow, where the reader can tell
            before = len(self.paragraphs)
            self.block(box)
            if len(self.paragraphs) > before:
                self.warn(_("Text in a text box was kept as paragraphs after the paragraph "
                            "it is anchored to; its place on the page is not known."))

    def removed(self, el) -> None:
        """Record the text of tracked deletions and moves away under ``el`` as furniture."""
        for gone in el.iter(_q("del"), _q("moveFrom")):
            self.furniture.extend(t.text for t in gone.iter(_q("t"), _q("delText")) if t.text)

    def warn(self, sentence: str) -> None:
        add_warning(self.warnings, sentence)

    def snap(self, indent: int | None) -> int | None:
        """``indent`` (twips), or an indent already seen within :data:`_INDENT_SLACK` of it.

        Drafts edited by many hands carry indents one or two twips apart
        (1134 and 1135, i.e. 2 cm) for what the page shows as one margin.
        """
        if indent is None:
            return None
        for seen in self.indents:
            if abs(seen - indent) <= _INDENT_SLACK:
                return seen
        self.indents.append(indent)
        return indent

    def table(self, tbl) -> None:
        index = self.tables
        self.tables += 1
        rows: list[tuple[RawParagraph, list[tuple[int, str | None]]]] = []
        for tr in tbl.iter(_q("tr")):
            if tr.getparent() is not None and tr.getparent().getparent() is not None and \
                    _nearest(tr, _q("tbl")) is not tbl:
                continue   # a row of a nested table: read with its cell
            self._notes = {}
            tcs = _row_cells(tr)
            cells = [self.cell_text(tc) for tc in tcs]
            text = " | ".join(cells)
            if text.replace("|", "").strip():
                raw = RawParagraph(text, dict(self._notes), None, cells=cells, table=index)
                self.paragraphs.append(raw)
                self.verbs.append(None)
                rows.append((raw, [_cell_merge(tc) for tc in tcs]))
        _set_spans(rows)

    def cell_text(self, tc) -> str:
        """The text of table cell ``tc`` (or of a text box in one): its paragraphs joined
        by a space, then the text boxes anchored in them; a table nested in it gives
        its rows, cells joined by ``" | "`` and rows by ``" / "``."""
        parts = []
        for child in tc.iter(_q("p"), _q("tbl")):
            if _container(child) is not tc:
                continue      # inside a nested table or text box: read with it
            if child.tag == _q("p"):
                parts.append("".join(s for s, _e in _segments(child, self.ref)).strip())
                self.removed(child)
                parts.extend(self.cell_text(box) for box in _boxes(child))
            else:
                rows = []
                for tr in child.iter(_q("tr")):
                    if _nearest(tr, _q("tbl")) is child:
                        rows.append(" | ".join(self.cell_text(c) for c in _row_cells(tr)))
                parts.append(" / ".join(r for r in rows if r.replace("|", "").strip()))
                self.warn(_("A table inside a table cell was kept as text of that cell."))
        return " ".join(x for x in parts if x)

    def block(self, parent) -> None:
        for child in parent:
            if child.tag == _q("p"):
                self.paragraph(child)
            elif child.tag == _q("tbl"):
                self.table(child)
            elif child.tag in (_q("sdt"), _q("sdtContent"), _q("customXml"), _q("ins"),
                               _q("moveTo")):
                self.block(child)
            elif child.tag == "{%s}AlternateContent" % MC:
                choice = child.find("{%s}Choice" % MC)
                if choice is not None:
                    self.block(choice)


def _container(el):
    """The nearest table cell or text box holding ``el``, or ``None``."""
    up = el.getparent()
    while up is not None and up.tag not in (_q("tc"), _q("txbxContent")):
        up = up.getparent()
    return up


def _boxes(p) -> list:
    """The text boxes (``w:txbxContent``) anchored in paragraph ``p``, not those nested
    in another box, nor the copies in ``mc:Fallback``."""
    out = []
    for box in p.iter(_q("txbxContent")):
        up = box.getparent()
        while up is not None and up is not p and up.tag != _q("txbxContent") \
                and up.tag != "{%s}Fallback" % MC:
            up = up.getparent()
        if up is p:
            out.append(box)
    return out


def _row_cells(tr) -> list:
    """The ``w:tc`` cells of row ``tr``, also those inside content controls (``w:sdt``)."""
    out = []
    for child in tr:
        if child.tag == _q("tc"):
            out.append(child)
        elif child.tag in (_q("sdt"), _q("sdtContent"), _q("customXml")):
            out.extend(_row_cells(child))
    return out


def _cell_merge(tc) -> tuple[int, str | None]:
    """``(w:gridSpan, w:vMerge)`` of cell ``tc``: the grid columns it covers (1 when not
    given) and its vertical merge: ``"restart"`` (a merge starts here), ``"continue"``
    (covered by the cell above; ECMA-376 Part 1 §17.4.85: ``w:vMerge`` without a value)
    or ``None``."""
    tcpr = tc.find(_q("tcPr"))
    columns = max(1, _int(_val(tcpr, "gridSpan"), 1)) if tcpr is not None else 1
    vmerge = tcpr.find(_q("vMerge")) if tcpr is not None else None
    merge = None if vmerge is None else (
        "restart" if vmerge.get(_q("val")) == "restart" else "continue")
    return columns, merge


def _set_spans(rows: list[tuple[RawParagraph, list[tuple[int, str | None]]]]) -> None:
    """Give the rows of one table (those kept, in order) their cells' ``(columns, rows)``
    spans (:attr:`~briefdesk.core.document.ParsedParagraph.spans`): a ``vMerge`` restart
    covers the rows below it whose cell at the same grid column continues the merge;
    a continuing cell gets rows 0 when its text is empty, else it stays a cell of its own
    (no text is hidden).  Left ``None`` when every cell is one by one."""
    starts: list[list[int]] = []          # grid column where each cell starts, per row
    for _raw, merges in rows:
        col, row_starts = 0, []
        for columns, _merge in merges:
            row_starts.append(col)
            col += columns
        starts.append(row_starts)
    spans = [[[columns, 1] for columns, _m in merges] for _raw, merges in rows]
    for r, (raw, merges) in enumerate(rows):
        for i, (_columns, merge) in enumerate(merges):
            if merge == "continue" and not (raw.cells[i] or "").strip() and r > 0:
                spans[r][i][1] = 0
    for r, (_raw, merges) in enumerate(rows):
        for i, (_columns, merge) in enumerate(merges):
            if merge != "restart":
                continue
            below = r + 1
            while below < len(rows):
                at = [j for j, c in enumerate(starts[below]) if c == starts[r][i]]
                if not at or spans[below][at[0]][1] != 0:
                    break
                below += 1
            spans[r][i][1] = below - r
    for (raw, _merges), row in zip(rows, spans):
        if any(c != [1, 1] for c in row):
            raw.spans = [(c, d) for c, d in row]


def _nearest(el, tag: str):
    cur = el.getparent()
    while cur is not None and cur.tag != tag:
        cur = cur.getparent()
    return cur


def read_docx(path: Path, furniture: list[str] | None = None) -> ParsedDocument:
    """Read the Word (.docx) file at ``path`` into a :class:`ParsedDocument`.

    ``source_format`` is ``"docx"``; structure and title-page metadata come
    from :func:`~briefdesk.core.readers.structure.parse_structure` (see this
    module's docstring for what is read from the file).

    ``furniture``, when given, receives the text the reader leaves out on
    purpose: tracked deletions and text moved away (``w:del``, ``w:moveFrom``).
    Text kept but not placed with certainty (text boxes, tables nested in a
    cell) is named in the document's ``warnings``.

    Raises :class:`ReadError` naming the file when it is not a ZIP archive,
    lacks ``word/document.xml``, is truncated or damaged, has malformed XML in
    ``document.xml``, is encrypted or an old binary .doc (OLE header
    ``D0 CF 11 E0``), or holds no text.
    """
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    _check_package(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError,
            zlib.error) as exc:
        raise ReadError(path, _("the Word document cannot be opened: {error}").format(error=exc)) from exc
    except (AttributeError, TypeError) as exc:   # python-docx meets a part or relationship missing an attribute
        raise ReadError(path, _("the Word document cannot be opened: a part or relationship of the package "
                                "lacks a required attribute (PartName, Target)")) from exc
    headings, style_numpr = _styles(document)
    body = _Body(numbering=_Numbering(_related_root(document, "numbering"), style_numpr),
                 headings=headings,
                 footnotes=_notes(_related_root(document, "footnotes"), "footnote"),
                 endnotes=_notes(_related_root(document, "endnotes"), "endnote"))
    root_body = document.element.find(_q("body"))
    if root_body is not None:
        try:
            settings = document.settings.element
        except (KeyError, ValueError, AttributeError):
            settings = None
        body.markers = _note_markers(root_body, settings)
        body.block(root_body)
    if not any(p.text.strip() for p in body.paragraphs):
        raise ReadError(path, _("the Word document contains no text"))
    doc = parse_structure(body.paragraphs, source_format="docx")
    _apply_verbs(doc, body)
    doc.warnings.extend(w for w in body.warnings if w not in doc.warnings)
    if furniture is not None:
        furniture.extend(body.furniture)
    return doc


def _apply_verbs(doc: ParsedDocument, body: _Body) -> None:
    """Prefer the phrase the document sets apart over the verb lists' guess.

    Paragraphs the structure pass dropped (empty ones) are skipped by text.
    """
    # Compared without footnote placeholders: a reference in the first words must not hide the hint.
    hints = [(re.sub(r"\s+", " ", strip_tokens(p.text)).strip(), v) for p, v in zip(body.paragraphs, body.verbs)]
    j = 0
    for para in doc.paragraphs:
        while j < len(hints) and para.text[:20] and para.text[:20] not in hints[j][0]:
            j += 1
        if j >= len(hints):
            break
        verb = hints[j][1]
        j += 1
        if verb and para.kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE) \
                and para.level == 0 and para.text.startswith(verb):
            para.verb = verb
