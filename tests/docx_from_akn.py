"""Test helper: write a :class:`ParsedDocument` (from the AKN reader) as a real .docx.

The file is made the way Word makes one, so that reading it back exercises
the .docx reader on real WordprocessingML:

* a masthead as UN documents print it: the symbol alone on a line, the
  adoption line (``Resolution adopted by the General Assembly on
  10 December 2020``, in the document's language), then the title;
* paragraphs in order; the leading verb set apart in italics (bold for
  Chinese); numbers Word cannot generate are typed, followed by a tab;
* numbered paragraphs with Word *automatic* numbering: ``w:abstractNum``
  definitions (decimal ``%1.``, lowerLetter ``(%2)``, lowerRoman ``(%3)``
  by default, or the printed pattern of the source, e.g. ``%2)``) and
  ``w:num`` instances with ``w:startOverride`` wherever Word's counters
  would not give the printed number by themselves; numbers that no Word
  format can print (``1 bis``) are typed;
* paragraphs beneath a numbered one (``level`` 1, 2) indented by half an
  inch per level, whether numbered or not, as Word lists are;
* table rows (AKN ``<table>`` rows, read as ``" | "``-joined BODY paragraphs)
  as real Word tables, one cell per cell;
* an annex label (``Annex``, ``附件``, ``المرفق``) above each annex, as the UN
  prints it (:func:`layout`);
* footnotes in a real footnotes part (``/word/footnotes.xml`` with the
  separator notes -1 and 0, relationship and content-type override) and
  ``w:footnoteReference`` runs at each note's offset; a marker that is not
  the next number (``*``) is written as a custom mark.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from lxml import etree

from briefdesk.core.document import ParagraphKind, ParsedDocument, ParsedFootnote
from briefdesk.core.render.draft_docx import Footnotes
from briefdesk.core.scripts import CJK_WIDE


_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
    "ar": ["كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
           "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
           "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر"],
}


def adoption_line(doc: ParsedDocument) -> str | None:
    """The masthead line naming the adoption date, as the UN prints it per language."""
    if doc.date is None:
        return None
    d, lang, body = doc.date, doc.language, doc.body
    if lang == "zh":
        return f"{body}{d.year}年{d.month}月{d.day}日通过的决议"
    month = _MONTHS.get(lang, _MONTHS["en"])[d.month - 1]
    return {
        "en": f"Resolution adopted by the {body} on {d.day} {month} {d.year}",
        "fr": f"Résolution adoptée par {body} le {d.day} {month} {d.year}",
        "es": f"Resolución aprobada por {body} el {d.day} de {month} de {d.year}",
        "ru": f"Резолюция, принятая {body} {d.day} {month} {d.year} года",
        "ar": f"قرار اتخذته {body} في {d.day} {month} {d.year}",
    }.get(lang, f"Resolution adopted by the {body} on {d.day} {month} {d.year}")


_ANNEX = {"en": "Annex", "fr": "Annexe", "es": "Anexo", "ru": "Приложение", "zh": "附件", "ar": "المرفق"}
_ZH_NUMS = "一二三四五六七八九十"
_AR_ORDINAL = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"]
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def annex_label(doc: ParsedDocument, part: int) -> str:
    """The line the UN prints above annex ``part`` (0-based): ``Annex``, or ``Annex II`` when
    there are several (``附件二``, ``المرفق الثاني``), in the document's language."""
    word = _ANNEX.get(doc.language, "Annex")
    if len(doc.parts) <= 1 or part >= 10:
        return word
    if doc.language == "zh":
        return word + _ZH_NUMS[part]
    if doc.language == "ar":
        return f"{word} {_AR_ORDINAL[part]}"
    return f"{word} {_ROMANS[part]}"


def layout(doc: ParsedDocument) -> list[tuple[str, object]]:
    """What :func:`write_docx` writes, in order: ``("line", text)`` for the masthead lines and
    annex labels, ``("para", paragraph)`` for each paragraph of ``doc``."""
    out: list[tuple[str, object]] = [("line", line) for line in masthead_lines(doc)]
    current = None
    for p in doc.paragraphs:
        if p.part is not None and p.part != current and p.part < len(doc.parts):
            out.append(("line", annex_label(doc, p.part)))
        current = p.part
        out.append(("para", p))
    return out


_NUM = re.compile(r"^([^\w]*)(\d{1,3}|[a-z]{1,3}|[A-Z]{1,3})([^\w]*)$")
_ROMAN_RE = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_DEFAULT = [("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)")]


def _roman_value(s: str) -> int:
    vals = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        total += -vals[a] if b != " " and vals[b] > vals[a] else vals[a]
    return total


def _auto_number(number: str, level: int, prev_label: str | None):
    """(numFmt, lvlText, value) for a printed number Word can generate, else ``None``."""
    m = _NUM.match(number)
    if m is None and level <= 2:
        from briefdesk.core.readers.docx import ABJAD, RUSSIAN

        for fmt, seq in (("arabicAbjad", ABJAD), ("russianLower", RUSSIAN)):
            mm = re.match(rf"^([^\w]*)([{seq}])([^\w]*)$", number)
            if mm and "%" not in mm.group(1) + mm.group(3):
                return fmt, f"{mm.group(1)}%{level + 1}{mm.group(3)}", seq.index(mm.group(2)) + 1
    if not m or level > 2:
        return None
    pre, label, post = m.groups()
    if "%" in pre + post:
        return None
    if label.isdigit():
        return "decimal", f"{pre}%{level + 1}{post}", int(label)
    low = label.lower()
    continuing_letters = prev_label is not None and len(prev_label) == 1 and len(low) == 1 \
        and ord(low) == ord(prev_label.lower()) + 1
    prev_roman = prev_label is not None and bool(_ROMAN_RE.match(prev_label.lower()))
    if _ROMAN_RE.match(low) and not continuing_letters and (level == 2 or prev_label is None or prev_roman):
        fmt = "lowerRoman" if label.islower() else "upperRoman"
        return fmt, f"{pre}%{level + 1}{post}", _roman_value(low)
    if len(set(low)) == 1:
        value = (ord(low[0]) - ord("a") + 1) + 26 * (len(low) - 1)
        fmt = "lowerLetter" if label.islower() else "upperLetter"
        return fmt, f"{pre}%{level + 1}{post}", value
    return None


class _Lists:
    """Numbering definitions and instances written into the numbering part.

    Keeps Word's counters (ECMA-376 §17.9: a level counts, deeper levels
    restart) for every ``w:num`` it made, so that a new instance with a
    ``w:startOverride`` is created only where the printed number needs one.
    """

    def __init__(self, numbering_el) -> None:
        self.el = numbering_el
        self.abstract: dict[tuple, int] = {}
        self.next_abstract, self.next_num = 100, 100
        self.current: dict[int, int] = {}         # level → numId last used at that level
        self.sig_of: dict[int, tuple] = {}
        self.counters: dict[int, dict[int, int]] = {}
        self.starts: dict[int, dict[int, int]] = {}

    def _abstract_id(self, sig: tuple) -> int:
        if sig not in self.abstract:
            aid = self.next_abstract
            self.next_abstract += 1
            an = etree.SubElement(self.el, qn("w:abstractNum"))
            an.set(qn("w:abstractNumId"), str(aid))
            mlt = etree.SubElement(an, qn("w:multiLevelType"))
            mlt.set(qn("w:val"), "multilevel")
            for il, (fmt, text) in enumerate(sig):
                lvl = etree.SubElement(an, qn("w:lvl"))
                lvl.set(qn("w:ilvl"), str(il))
                for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text),
                                 ("w:lvlJc", "left")):
                    e = etree.SubElement(lvl, qn(tag))
                    e.set(qn("w:val"), val)
            # every abstractNum must precede the first w:num (schema order)
            first_num = self.el.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(an)
            self.abstract[sig] = aid
        return self.abstract[sig]

    def _new_num(self, sig: tuple, level: int, start: int) -> int:
        nid = self.next_num
        self.next_num += 1
        num = etree.SubElement(self.el, qn("w:num"))
        num.set(qn("w:numId"), str(nid))
        a = etree.SubElement(num, qn("w:abstractNumId"))
        a.set(qn("w:val"), str(self._abstract_id(sig)))
        ov = etree.SubElement(num, qn("w:lvlOverride"))
        ov.set(qn("w:ilvl"), str(level))
        so = etree.SubElement(ov, qn("w:startOverride"))
        so.set(qn("w:val"), str(start))
        self.sig_of[nid] = sig
        self.counters[nid] = {}
        self.starts[nid] = {level: start}
        return nid

    def _next_value(self, nid: int, level: int) -> int:
        c = self.counters[nid]
        return c[level] + 1 if level in c else self.starts[nid].get(level, 1)

    def _count(self, nid: int, level: int) -> None:
        c = self.counters[nid]
        c[level] = self._next_value(nid, level)
        for deeper in [d for d in c if d > level]:
            del c[deeper]

    def attach(self, paragraph, level: int, fmt: str, text: str, value: int) -> None:
        sig = list(_DEFAULT)
        sig[level] = (fmt, text)
        sig = tuple(sig)
        nid = self.current.get(level)
        if nid is None or self.sig_of[nid][level] != (fmt, text) or self._next_value(nid, level) != value:
            nid = self._new_num(sig, level, value)
            self.current[level] = nid
        self._count(nid, level)
        ppr = paragraph._p.get_or_add_pPr()
        numpr = etree.SubElement(ppr, qn("w:numPr"))
        il = etree.SubElement(numpr, qn("w:ilvl"))
        il.set(qn("w:val"), str(level))
        ni = etree.SubElement(numpr, qn("w:numId"))
        ni.set(qn("w:val"), str(nid))


def _runs(paragraph, text: str, verb: str | None, footnotes, notes: Footnotes, emph: str) -> None:
    """Write ``text`` with the verb emphasised and footnote references at their offsets."""
    verb_end = len(verb) if verb and text.startswith(verb) else 0
    cuts = sorted({0, len(text), verb_end} | {min(max(f.offset or 0, 0), len(text)) for f in footnotes
                                              if f.offset is not None})
    pending = [f for f in footnotes if f.offset is None]
    by_offset: dict[int, list] = {}
    for f in footnotes:
        if f.offset is not None:
            by_offset.setdefault(min(max(f.offset, 0), len(text)), []).append(f)
    for a, b in zip(cuts, cuts[1:] + [None]):
        for f in by_offset.get(a, []):
            notes.reference(paragraph, f.text, f.marker)
        if b is not None and b > a:
            run = paragraph.add_run(text[a:b])
            if b <= verb_end:
                setattr(run, emph, True)
    for f in pending:
        notes.reference(paragraph, f.text, f.marker)


def _is_row(p) -> bool:
    """A table row: marked so (``table``), or as the AKN reader gives one (a BODY paragraph
    whose cells are joined by ``" | "``)."""
    return p.table is not None or (p.kind == ParagraphKind.BODY and p.number is None and p.level == 0
                                   and " | " in p.text)


def write_docx(doc: ParsedDocument, path: Path) -> Path:
    """Write ``doc`` to ``path`` as a .docx (see the module docstring); returns ``path``."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(10)
    lists = _Lists(document.part.numbering_part.element)
    notes = Footnotes(document)
    emph = "bold" if doc.language == "zh" else "italic"
    prev_label: dict[int, str | None] = {}
    table = None          # (Word table, number of columns, table index) being written
    for what, p in layout(doc):
        if what == "para" and _is_row(p):
            cells = p.cells if p.cells is not None else p.text.split(" | ")
            if table is None or table[1] != len(cells) or table[2] != p.table:
                table = (document.add_table(rows=0, cols=len(cells)), len(cells), p.table)
            row = table[0].add_row()
            start = 0
            for cell, text in zip(row.cells, cells):
                end = start + len(text)
                inside = [ParsedFootnote(f.marker, f.text, f.offset - start) for f in p.footnotes
                          if f.offset is not None and start <= f.offset <= end]
                _runs(cell.paragraphs[0], text, None, inside, notes, emph)
                start = end + 3
            continue
        table = None
        if what == "line":
            document.add_paragraph(p)
            continue
        para = document.add_paragraph()
        if p.level > 0:   # indented as Word indents list levels, numbered or not
            para.paragraph_format.left_indent = Twips(720 * p.level)
        auto = None
        if p.number:
            auto = _auto_number(p.number, p.level, prev_label.get(p.level))
        if p.number and auto is None:
            para.add_run(p.number)
            para.add_run("\t")
        if auto is not None:
            lists.attach(para, p.level, *auto)
        if p.number:
            m = _NUM.match(p.number)
            prev_label[p.level] = m.group(2) if m else None
            for deeper in [k for k in prev_label if k > p.level]:
                del prev_label[deeper]
        _runs(para, p.text, p.verb, p.footnotes, notes, emph)
    notes.finish()
    document.save(str(path))
    return path


def write_text(doc: ParsedDocument, path: Path) -> Path:
    """Write ``doc`` to ``path`` as plain UTF-8 text the way Word's text export gives it.

    One line per paragraph (:func:`layout`), the number typed before the text
    and a tab (Arabic ``1 -`` as printed), footnote references ``[footnoteRef:N]`` at
    their offsets with the note's text as ``[N: …]`` after them, as in the
    corpus seed 000.  Table rows keep their cells joined by ``" | "``.
    """
    lines = []
    for what, p in layout(doc):
        if what == "line":
            lines.append(p)
            continue
        text, out, pos = p.text, [], 0
        for f in sorted((f for f in p.footnotes if f.offset is not None), key=lambda f: f.offset):
            cut = min(max(f.offset, 0), len(text))
            out.append(text[pos:cut])
            out.append(f"[footnoteRef:{f.marker}][{f.marker}: {f.text}]")
            pos = cut
        out.append(text[pos:])
        for f in p.footnotes:
            if f.offset is None:
                out.append(f"[footnoteRef:{f.marker}][{f.marker}: {f.text}]")
        body = "".join(out)
        lines.append(f"{p.number}\t{body}" if p.number else body)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- comparison

def masthead_lines(doc: ParsedDocument) -> list[str]:
    """The masthead lines :func:`write_docx` puts above the text (non-empty only)."""
    return [line for line in (doc.symbol or "", adoption_line(doc) or "", doc.title) if line]


def _ws(text: str) -> str:
    """White space normalised: runs become one space; none is kept next to a CJK character
    (Chinese sets no space between words, so a space there is typesetting, not text)."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(f"(?<=[{CJK_WIDE}]) | (?=[{CJK_WIDE}])", "", text)


def _number(number: str | None) -> str | None:
    """A printed number with its white space normalised away (Arabic ``1 -`` and ``1-`` alike)."""
    return re.sub(r"\s+", "", number) if number is not None else None


def _kind(p) -> ParagraphKind:
    from briefdesk.core.readers.structure import is_body_line

    # AKN calls the enacting formula ("The General Assembly,") BODY; the text
    # structure pass counts it with the preamble it opens.
    if p.number is None and p.kind in (ParagraphKind.BODY, ParagraphKind.PREAMBULAR) and is_body_line(p.text):
        return ParagraphKind.BODY
    return p.kind


def compare(akn: ParsedDocument, got: ParsedDocument) -> list[str]:
    """Differences between an AKN document and its .docx round trip, as short reasons.

    Checked: symbol, date, the numbers (white space aside) and levels of
    preambular and operative paragraphs, the footnote count, and each
    paragraph's text (white space normalised) after the masthead, the annex
    labels (:func:`layout`) set aside.  An empty list means the round trip
    recovered the document.

    Stable API: ``bench/roundtrip_docx.py`` and the PDF round trip import
    ``compare``, ``write_docx`` and ``layout`` from here.
    """
    out: list[str] = []
    if got.symbol != akn.symbol:
        out.append(f"symbol {got.symbol!r} != {akn.symbol!r}")
    if got.date != akn.date:
        out.append(f"date {got.date} != {akn.date}")
    body = [g for g, (what, _p) in zip(got.paragraphs, layout(akn)) if what == "para"]
    body += got.paragraphs[len(layout(akn)):]
    for label, kind in (("preambular", ParagraphKind.PREAMBULAR), ("operative", ParagraphKind.OPERATIVE)):
        a = [(_number(p.number), p.level) for p in akn.paragraphs if _kind(p) == kind]
        b = [(_number(p.number), p.level) for p in body if _kind(p) == kind]
        if a != b:
            diff = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            out.append(f"{label}: {len(b)} paragraphs != {len(a)}; first difference at {diff}: "
                       f"{b[diff] if diff < len(b) else None} != {a[diff] if diff < len(a) else None}")
    fa = sum(len(p.footnotes) for p in akn.paragraphs)
    fb = sum(len(p.footnotes) for p in body)
    if fa != fb:
        out.append(f"footnotes {fb} != {fa}")
    ta, tb = [_ws(p.text) for p in akn.paragraphs], [_ws(p.text) for p in body]
    if ta != tb:
        diff = next((i for i, (x, y) in enumerate(zip(ta, tb)) if x != y), min(len(ta), len(tb)))
        out.append(f"texts ({len(tb)} != {len(ta)} paragraphs) differ at {diff}: "
                   f"{(tb[diff] if diff < len(tb) else None)!r:.80} != {(ta[diff] if diff < len(ta) else None)!r:.80}")
    return out
