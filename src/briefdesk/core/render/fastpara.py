"""A fast paragraph flowable for long texts: line breaking on cached glyph widths, no markup parsing.

ReportLab's ``Paragraph`` parses markup into fragments and, for Chinese,
measures and splits text character by character through several layers
(``cjkFragSplit``, ``breakLinesCJK``); a 300-page pack spent most of its
time there and in :func:`~.fonts.split_runs`.  :class:`FastPara` takes
already-styled text instead — a string plus a style per character
(face, size, rise, highlight) — and:

* chooses faces with :class:`FaceCache`, the rule of :func:`~.fonts.split_runs`
  (script first, a neutral character taking the script before it, then the
  first shipped face that has the glyph) memoised per character;
* breaks lines greedily on widths memoised per face and character, with the
  line-breaking rules the PDF export already follows: a break is allowed
  between any two Chinese characters except before a character of
  :data:`~.pdf.CHINESE_CANNOT_START` / ReportLab's ``ALL_CANNOT_START`` or
  after one of ``ALL_CANNOT_END`` (opening brackets and quotes: clreq §3.1.7),
  and after a space in Latin text (a word longer than the line is cut);
* draws each line in one text object, justifying Latin lines (not the last)
  by spreading the spare width over the spaces with the PDF word-spacing
  operator ``Tw`` (ReportLab puts the space at code 32 in every TrueType
  subset, which is where ``Tw`` applies), and Chinese lines left
  aligned so no space is inserted between characters (text extraction then
  gives back the stored characters), as :mod:`.pdf` does;
* splits between lines at a page break without re-measuring.

It gives the same look as the ``Paragraph`` styles of :mod:`.pdf` (hanging
number in the indent, sub-paragraph indents) for the text of excerpts; the
few headings and rich-text sections still use ``Paragraph``.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from itertools import groupby
from operator import itemgetter
from dataclasses import dataclass

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.textsplit import ALL_CANNOT_END
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.flowables import Flowable

from .cidfont import cid_font
from .fonts import Script, char_script, face_for_char, font_for
from .rtl import visual

# Read at import time of .pdf, which extends ReportLab's list with Chinese punctuation.
from . import pdf as _pdf  # noqa: F401  (extends ALL_CANNOT_START)
import reportlab.platypus.paragraph as _rl_paragraph

CANNOT_START = frozenset(_rl_paragraph.ALL_CANNOT_START) | frozenset(_pdf.CHINESE_CANNOT_START)
CANNOT_END = frozenset(ALL_CANNOT_END)


_SPACE, _CJK, _NO_START, _NO_END = 1, 2, 4, 8
_FLAGS: dict[str, int] = {}


def _flags(ch: str) -> int:
    f = _FLAGS.get(ch)
    if f is None:
        f = (_SPACE if ch == " " else 0) | (_CJK if _is_cjk(ch) else 0) | (
            _NO_START if ch in CANNOT_START else 0) | (_NO_END if ch in CANNOT_END else 0)
        _FLAGS[ch] = f
    return f


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF \
        or 0xAC00 <= o <= 0xD7FF or 0xFE30 <= o <= 0xFE4F


@dataclass(frozen=True)
class Style:
    """How one character is set: registered ``face``, ``size`` (pt), ``rise`` (pt, superscripts),
    ``back`` (background colour of a highlight, or ``None``)."""

    face: str
    size: float
    rise: float = 0.0
    back: str | None = None


class FaceCache:
    """Per-character face choice (the rule of :func:`~.fonts.split_runs`), memoised."""

    def __init__(self) -> None:
        self._code_tables: dict[tuple[Script, bool, bool], _FaceCodes] = {}
        self._classes = _ScriptClasses()

    def script_of(self, text: str) -> Script:
        """:func:`~.fonts.script_of`: counted on the string of script classes (see :meth:`face_codes`)."""
        return _dominant(text.translate(self._classes))

    def faces(self, text: str, *, bold: bool = False, italic: bool = False,
              classes: str | None = None) -> list[str]:
        """The face of every character of ``text`` (a list as long as ``text``): :meth:`face_codes`
        decoded."""
        return list(map(_FACE_OF_CODE.__getitem__, self.face_codes(text, bold=bold, italic=italic,
                                                                   classes=classes)))

    def faces_script(self, text: str) -> tuple[list[str], Script]:
        """:meth:`faces` (regular style) and :meth:`script_of` of ``text``, classifying it once."""
        classes = text.translate(self._classes)
        return self.faces(text, classes=classes), _dominant(classes)

    def codes_script(self, text: str) -> tuple[str, Script]:
        """:meth:`face_codes` (regular style) and :meth:`script_of` of ``text``, classifying it once."""
        classes = text.translate(self._classes)
        return self.face_codes(text, classes=classes), _dominant(classes)

    def face_codes(self, text: str, *, bold: bool = False, italic: bool = False, classes: str | None = None) -> str:
        """The face of every character of ``text`` as a string of one-letter face codes
        (:func:`code_runs` reads it), made by ``str.translate`` with a per-script table: no list
        per character.

        The text is mapped to a string of script classes (``str.translate``; ``classes`` when the
        caller has it already), cut into runs by a regular expression (a run is a letter of one
        script with the neutral characters after it; neutral characters before the first letter
        join it), and each run's characters are looked up in that script's memoised code table.
        Text of one script (the usual case) is one run.
        """
        if not text:
            return ""
        if classes is None:
            classes = text.translate(self._classes)
        has_c, has_l, has_a = "C" in classes, "L" in classes, "A" in classes
        if has_c + has_l + has_a <= 1:
            script = Script.CJK if has_c else Script.ARABIC if has_a else Script.LATIN
            return text.translate(self._code_table(script, bold, italic))
        return "".join(text[a:b].translate(self._code_table(_CLASS_SCRIPT.get(m.group().lstrip("N")[:1],
                                                                               Script.LATIN), bold, italic))
                       for m in _RUN.finditer(classes) for a, b in (m.span(),))

    def face_runs(self, text: str, *, bold: bool = False, italic: bool = False) -> list[tuple[int, int, str]]:
        """``[(start, end, face)]``: :meth:`face_codes` as runs of one face."""
        return code_runs(self.face_codes(text, bold=bold, italic=italic))

    def _code_table(self, script: Script, bold: bool, italic: bool) -> _FaceCodes:
        key = (script, bold, italic)
        table = self._code_tables.get(key)
        if table is None:
            table = self._code_tables[key] = _FaceCodes(script, bold, italic)
        return table


def _dominant(classes: str) -> Script:
    """The script most letters of a class string belong to; ties and no letters give Latin
    (the rule of :func:`~.fonts.script_of`)."""
    latin, cjk, arabic = classes.count("L"), classes.count("C"), classes.count("A")
    best = max(latin, cjk, arabic)
    if best == latin:
        return Script.LATIN
    return Script.CJK if best == cjk else Script.ARABIC


_FACE_OF_CODE: dict[str, str] = {}  # one-letter face code → face (codes are process-wide)
_CODE_OF_FACE: dict[str, str] = {}
_CODES_LOCK = threading.Lock()


class _FaceCodes(dict):
    """``str.translate`` table of one script and style: code point → one-letter code of the face
    :func:`~.fonts.face_for_char` chooses for it, computed on first sight."""

    def __init__(self, script: Script, bold: bool, italic: bool) -> None:
        super().__init__()
        self.bold, self.italic = bold, italic
        self.preferred = font_for(script, bold=bold, italic=italic)

    def __missing__(self, cp: int) -> str:
        face = face_for_char(chr(cp), self.preferred, bold=self.bold, italic=self.italic)
        with _CODES_LOCK:  # exports may run in several threads; a new face gets one code
            code = _CODE_OF_FACE.get(face)
            if code is None:
                code = chr(0x41 + len(_CODE_OF_FACE))
                _FACE_OF_CODE[code] = face
                _CODE_OF_FACE[face] = code
        self[cp] = code
        return code


_SAME = re.compile(r"(.)\1*", re.S)


def code_runs(codes: str) -> list[tuple[int, int, str]]:
    """``[(start, end, face)]`` of a string of face codes (:meth:`FaceCache.face_codes`)."""
    if not codes:
        return []
    if codes.count(codes[0]) == len(codes):
        return [(0, len(codes), _FACE_OF_CODE[codes[0]])]
    return [(m.start(), m.end(), _FACE_OF_CODE[m.group()[0]]) for m in _SAME.finditer(codes)]


class _ScriptClasses(dict):
    """``str.translate`` table: code point → ``"C"`` (CJK), ``"L"`` (Latin, Cyrillic, Greek…),
    ``"A"`` (Arabic) or ``"N"`` (neutral), computed on first sight (:func:`~.fonts.char_script`)."""

    def __missing__(self, cp: int) -> str:
        s = char_script(chr(cp))
        cls = "N" if s is None else {Script.CJK: "C", Script.ARABIC: "A"}.get(s, "L")
        self[cp] = cls
        return cls


_RUN = re.compile(r"N*(?:C[CN]*|L[LN]*|A[AN]*)|N+")
_CLASS_SCRIPT = {"C": Script.CJK, "L": Script.LATIN, "A": Script.ARABIC}


class _WidthTable(dict):
    """Character → advance width in points of one face and size; a character not seen yet is
    measured (``pdfmetrics.stringWidth``) on first lookup, so ``map(table.__getitem__, text)``
    never misses."""

    def __init__(self, face: str, size: float) -> None:
        super().__init__()
        self.face, self.size = face, size

    def __missing__(self, ch: str) -> float:
        w = self[ch] = pdfmetrics.stringWidth(ch, self.face, self.size)
        return w


class _Widths:
    """Glyph widths in points, memoised per style and character."""

    def __init__(self) -> None:
        self._tables: dict[tuple[str, float], _WidthTable] = {}

    def table(self, face: str, size: float) -> _WidthTable:
        key = (face, size)
        t = self._tables.get(key)
        if t is None:
            t = self._tables[key] = _WidthTable(face, size)
        return t


WIDTHS = _Widths()


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


#: Faces set as one Identity-H composite font (:mod:`.cidfont`) rather than ReportLab's 256-glyph
#: TrueType subsets: the Chinese face, whose text would otherwise switch subsets almost every
#: character.  Latin faces stay simple fonts, where ``Tw`` justifies.
CID_FACES = frozenset({font_for(Script.CJK)})


class _Encoding:
    """How one simple (256-glyph subset) face encodes characters on one canvas.

    ``codes``: character → (subset, byte) as ``TTFont.splitString`` assigned it; ``escapes``:
    a ``str.translate`` table from a character to its byte as written in a PDF string
    (escaped), for characters whose byte is not the character itself; ``others``: the
    characters not in subset 0 (text without them is one string in subset 0); ``names``:
    subset → resource name.
    """

    __slots__ = ("font", "codes", "escapes", "others", "names")

    def __init__(self, font) -> None:
        self.font = font
        self.codes: dict[str, tuple[int, bytes]] = {}
        self.escapes: dict[int, str] = {}
        self.others: set[str] = set()
        self.names: dict[int, str] = {}


class _TextOps:
    """PDF text operators for one paragraph, written straight into the canvas's page stream.

    Same output as a ReportLab text object (``Tm``, ``Tf``, ``Ts``, ``Tj`` with the TrueType
    subset's internal font name), without its per-call font lookups and re-encoding: each
    character's (subset, byte) is looked up once per document and face (``font.splitString``
    assigns them) and memoised on the canvas.  Faces of :data:`CID_FACES` are shown through
    their :class:`~.cidfont.CIDTrueType` (two-byte codes, one ``Tj`` per run).
    """

    def __init__(self, canv) -> None:
        self.canv = canv
        self.doc = canv._doc
        self.code = ["BT"]
        self.font: tuple | None = None
        self.rise = 0.0
        encs = canv.__dict__.get("_bd_enc")
        if encs is None:
            encs = canv._bd_enc = {}
        self.encs = encs

    def at(self, x: float, y: float) -> None:
        self.code.append(f"1 0 0 1 {fp_str(x, y)} Tm")

    def show(self, text: str, face: str, size: float, rise: float, word_space: float = 0.0) -> None:
        """Show ``text`` in ``face`` at ``size`` pt raised ``rise`` pt; ``word_space`` is the ``Tw`` in
        force (points added after each space), which :data:`CID_FACES` apply themselves."""
        if rise != self.rise:
            self.code.append(f"{fp_str(rise)} Ts")
            self.rise = rise
        if face in CID_FACES:
            cid = cid_font(self.canv, face)
            self.cid_font(cid, size)
            self.code.append(cid.show_op(text, size, word_space))
            return
        enc = self._encoding(face, text)
        if enc.others.isdisjoint(text):  # all in the first subset: one string, escaped by translate
            self.simple_font(enc, 0, size)
            self.code.append(f"({text.translate(enc.escapes)}) Tj")
            return
        append = self.code.append
        escape = self.canv._escape
        cs = list(map(enc.codes.__getitem__, text))
        for subset, group in groupby(cs, key=_FIRST):
            self.simple_font(enc, subset, size)
            append(f"({escape(b''.join(map(_SECOND, group)))}) Tj")

    def _encoding(self, face: str, text: str) -> _Encoding:
        """The :class:`_Encoding` of a simple (subset) face on this canvas, with every character of
        ``text`` given its code."""
        enc = self.encs.get(face)
        if enc is None:
            enc = self.encs[face] = _Encoding(pdfmetrics.getFont(face))
        codes = enc.codes
        missing = set(text).difference(codes)
        if missing:
            doc, escape = self.doc, self.canv._escape
            for ch in sorted(missing, key=text.index):  # in order of first use, as ReportLab would
                ((subset, byte),) = enc.font.splitString(ch, doc)
                codes[ch] = (subset, byte)
                escaped = escape(byte)
                if escaped != ch:
                    enc.escapes[ord(ch)] = escaped
                if subset:
                    enc.others.add(ch)
        return enc

    def subset_name(self, enc: _Encoding, subset: int) -> str:
        """The resource name (``/F1+0``) of ``subset`` of a simple face."""
        name = enc.names.get(subset)
        if name is None:
            name = enc.names[subset] = enc.font.getSubsetInternalName(subset, self.doc)
        return name

    def simple_font(self, enc: _Encoding, subset: int, size: float) -> None:
        """Select ``subset`` of a simple face at ``size`` pt, unless it is the current font."""
        key = (enc, subset, size)
        if self.font != key:
            self.code.append(f"{self.subset_name(enc, subset)} {fp_str(size)} Tf")
            self.font = key

    def cid_font(self, cid, size: float) -> None:
        """Select the composite font ``cid`` (:class:`~.cidfont.CIDTrueType`) at ``size`` pt, unless
        it is the current font."""
        key = (cid.face, -1, size)
        if self.font != key:
            self.code.append(f"{cid.name} {fp_str(size)} Tf")
            self.font = key

    def finish(self) -> None:
        if self.rise:
            self.code.append("0 Ts")
        self.code.append("ET")
        self.canv._code.append("\n".join(self.code))


class FastPara(Flowable):
    """One paragraph of already-styled text.

    ``text`` and ``runs`` (``(start, end, style)``: consecutive, covering the
    text, ``style`` an index into ``style_table`` of :class:`Style`) give the
    content; ``bullet`` is ``(text, Style)`` set at
    ``bullet_indent`` on the first line (a paragraph number).  Geometry in
    points: ``left_indent``, ``first_indent`` (added on the first line),
    ``leading``, ``space_before``/``space_after``.  ``justify`` spreads Latin
    lines; ``keep_with_next`` as in ReportLab.
    """

    def __init__(self, text: str, runs: list[tuple[int, int, int]], style_table: list[Style], *, leading: float,
                 left_indent: float = 0.0, first_indent: float = 0.0, bullet: tuple[str, Style] | None = None,
                 bullet_indent: float = 0.0, space_before: float = 0.0, space_after: float = 0.0,
                 justify: bool = False, keep_with_next: bool = False) -> None:
        super().__init__()
        self.text = text
        self._runs = runs or [(0, len(text), 0)]
        self.table = style_table
        self.leading = leading
        self.left_indent = left_indent
        self.first_indent = first_indent
        self.bullet = bullet
        self.bullet_indent = bullet_indent
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.justify = justify
        self.keepWithNext = keep_with_next
        self._lines: list[tuple[int, int, float]] | None = None  # (start, end, width)
        self._for_width: float | None = None
        self._cum: list[float] | None = None  # cumulative widths (see _measure)
        self._encoded: list | None = None  # per style run: (CIDTrueType, hex codes) or None (see draw_at)
        self._first = True  # this piece holds the paragraph's first line
        self._last = True   # … and its last

    # -- layout -------------------------------------------------------------

    def _measure(self) -> None:
        """Style runs and cumulative widths of the text (once per paragraph).

        ``_cum[k]`` is the width of ``text[:k]`` in points; break classes are looked up only where
        a break is considered (:meth:`_allowed`)."""
        text, runs, table = self.text, self._runs, self.table
        tables = [WIDTHS.table(table[sid].face, table[sid].size).__getitem__ for _a, _b, sid in runs] \
            if table else []
        self._run_starts = [r[0] for r in runs]
        self._cum = list(itertools.accumulate(
            itertools.chain.from_iterable(map(t, text[a:b]) for t, (a, b, _sid) in zip(tables, runs)),
            initial=0.0))

    def _allowed(self, k: int) -> bool:
        """Whether a line may break before character ``k`` (clreq kinsoku; after a space in Latin)."""
        text = self.text
        f = _FLAGS.get(text[k])
        if f is None:
            f = _flags(text[k])
        pf = _FLAGS.get(text[k - 1])
        if pf is None:
            pf = _flags(text[k - 1])
        return not (f & (_SPACE | _NO_START)) and not (pf & _NO_END) and bool((pf & (_SPACE | _CJK)) or (f & _CJK))

    def _break(self, avail: float) -> list[tuple[int, int, float]]:
        """Greedy line breaks for a column ``avail`` points wide: ``[(start, end, width)]``.

        Each line takes as many characters as fit (bisection on cumulative widths), then backs
        up to the last place a break is allowed; spaces may overhang the margin and are trimmed.
        """
        if self._cum is None:
            self._measure()
        text, cum, allowed = self.text, self._cum, self._allowed
        n = len(text)
        lines: list[tuple[int, int, float]] = []
        start = 0
        limit = avail - self.left_indent - self.first_indent
        rest = avail - self.left_indent
        while start < n:
            e = bisect.bisect_right(cum, cum[start] + limit, start) - 1  # chars start..e-1 fit
            nl = text.find("\n", start, min(n, e + 1))
            if nl != -1:
                lines.append((start, nl, cum[nl] - cum[start]))
                start, limit = nl + 1, rest
                continue
            if e >= n:
                break
            e = max(e, start + 1)
            k = e
            while k < n and text[k] == " ":
                k += 1
            if k >= n:
                break
            b = k
            while b > start and not allowed(b):
                # between the last space before b - 1 and b, ASCII text allows no break (a break
                # needs a space or a CJK character before it, or a CJK character after it): jump
                sp = text.rfind(" ", start, b - 1)
                b = sp + 1 if sp != -1 and text[sp + 1:b].isascii() else b - 1
            end = b if b > start else k if text[e] == " " else e
            trail = end
            while trail > start and text[trail - 1] == " ":
                trail -= 1
            lines.append((start, trail, cum[trail] - cum[start]))
            while end < n and text[end] == " ":
                end += 1
            start, limit = end, rest
        if start < n or not lines:
            trail = n
            while trail > start and text[trail - 1] == " ":
                trail -= 1
            lines.append((start, trail, cum[trail] - cum[start]))
        return lines

    def wrap(self, availWidth, availHeight):  # noqa: N803
        if self._lines is None or abs(self._for_width - availWidth) > 1e-6:  # the frame's width may differ by rounding
            self._lines = self._break(availWidth)
            self._for_width = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def _piece(self, lines, first: bool, last: bool) -> FastPara:
        p = type(self).__new__(type(self))  # a noted paragraph stays noted (its first piece shows the mark)
        Flowable.__init__(p)
        p.__dict__.update({k: v for k, v in self.__dict__.items() if k not in ("canv",)})
        p._lines = lines
        p._first, p._last = first, last
        p.spaceBefore = self.spaceBefore if first else 0.0
        p.spaceAfter = self.spaceAfter if last else 0.0
        p.height = len(lines) * self.leading
        return p

    def split(self, availWidth, availHeight):  # noqa: N803
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.leading)
        lines = self._lines
        if fit <= 0 or len(lines) <= 1:
            return []
        if fit >= len(lines):
            return [self]
        return [self._piece(lines[:fit], self._first, False), self._piece(lines[fit:], False, self._last)]

    # -- drawing --------------------------------------------------------------

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 (ReportLab's name)
        """Draw at (``x``, ``y``) in page coordinates without ReportLab's save/translate/restore of
        the graphics state around every flowable: the text is placed with absolute ``Tm``
        operators and the highlights with absolute rectangles (same output, far fewer operators)."""
        self.canv = canvas
        try:
            self.draw_at(x, y)
        finally:
            del self.canv

    def draw(self) -> None:
        self.draw_at(0.0, 0.0)

    def draw_at(self, ox: float, oy: float) -> None:
        """Draw the paragraph with its lower left corner at (``ox``, ``oy``) points of ``self.canv``."""
        canv = self.canv
        text, table = self.text, self.table
        leading = self.leading
        y = self.height + oy
        size0 = table[self._runs[0][2]].size if table else 10.0
        lift = (leading - size0) * 0.5 + size0 * 0.12  # baseline above the line's foot (descender room)
        t = _TextOps(canv)
        code = t.code
        show = t.show
        backs = []
        cum = self._cum
        runs = self._runs
        run_starts = self._run_starts
        left = self.left_indent + ox
        spaces_stretch = self.justify
        marked = any(table[sid].back for _a, _b, sid in runs)
        encoded = self._encoded
        if encoded is None:  # each run's codes, once per paragraph, sliced line by line below
            encoded = self._encoded = []
            # (composite?, current-font key, Tf operator, hex codes | translate table, rise)
            for a, b, sid in runs:
                st = table[sid]
                if st.face in CID_FACES:
                    cid = cid_font(canv, st.face)
                    encoded.append((True, (cid.face, -1, st.size), f"{cid.name} {fp_str(st.size)} Tf",
                                    cid.hex(text[a:b]), st.rise))
                else:
                    enc = t._encoding(st.face, text[a:b])
                    if enc.others.isdisjoint(text[a:b]):
                        encoded.append((False, (enc, 0, st.size), f"{t.subset_name(enc, 0)} {fp_str(st.size)} Tf",
                                        enc.escapes, st.rise))
                    else:
                        encoded.append(None)

        if self._first and self.bullet is not None:
            btext, bst = self.bullet
            t.at(self.bullet_indent + ox, y - leading + lift)
            show(btext, bst.face, bst.size, 0.0)
        last_k = len(self._lines) - 1
        if len(runs) == 1 and encoded[0] is not None and not marked and not table[runs[0][2]].rise \
                and not (encoded[0][0] and spaces_stretch):
            self._draw_one_run(t, encoded[0], table[runs[0][2]].size, left, y, lift)
            return
        for k, (start, end, width) in enumerate(self._lines):
            y -= leading
            base = y + lift
            x = left + (self.first_indent if (k == 0 and self._first) else 0.0)
            spare = 0.0
            if spaces_stretch and not (self._last and k == last_k):
                spaces = text.count(" ", start, end)
                if spaces:
                    spare = max(0.0, (self._for_width + ox - x - width) / spaces)
            r = bisect.bisect_right(run_starts, start) - 1
            code.append(f"1 0 0 1 {fp_str(x, base)} Tm")  # one position per line: each Tj advances
            if spare:
                code.append(f"{fp_str(spare)} Tw")  # every TrueType subset has the space at code 32
            i = start
            while i < end:
                a, rend, sid = runs[r]
                enc = encoded[r]
                j = rend if rend < end else end
                r += 1
                st = table[sid]
                if marked:  # x only matters for highlight rectangles
                    w = cum[j] - cum[i]
                    if spare:
                        w += spare * text.count(" ", i, j)
                    if st.back:
                        backs.append((x, base - st.size * 0.22, w, st.size * 1.12, st.back))
                    x += w
                if enc is not None and not (enc[0] and spare and " " in text[i:j]):
                    if enc[4] != t.rise:
                        code.append(f"{fp_str(enc[4])} Ts")
                        t.rise = enc[4]
                    if t.font != enc[1]:
                        code.append(enc[2])
                        t.font = enc[1]
                    if enc[0]:  # composite font: four hex digits per character
                        code.append(f"<{enc[3][4 * (i - a):4 * (j - a)]}> Tj")
                    else:  # simple font, all in subset 0: escaped by translate (Tw stretches code 32)
                        code.append(f"({text[i:j].translate(enc[3])}) Tj")
                else:
                    show(text[i:j], st.face, st.size, st.rise, spare)
                i = j
            if spare:
                code.append("0 Tw")
        if backs:
            canv.saveState()
            for bx, by, bw, bh, colour in backs:
                canv.setFillColor(colour)
                canv.rect(bx, by, bw, bh, stroke=0, fill=1)
            canv.restoreState()
        t.finish()


    def _draw_one_run(self, t: _TextOps, enc: tuple, size: float, left: float, y: float, lift: float) -> None:
        """:meth:`draw_at` for the usual paragraph: one style run, encoded whole, no highlight or
        rise (and, in a composite font, not justified): a position and a string per line."""
        text, leading, lines = self.text, self.leading, self._lines
        append = t.code.append
        if t.font != enc[1]:
            append(enc[2])
            t.font = enc[1]
        hexes = escapes = enc[3]
        justify = self.justify
        right = self._for_width + left - self.left_indent
        last_k = len(lines) - 1 if self._last else -1
        first = self.first_indent if self._first else 0.0
        for k, (start, end, width) in enumerate(lines):
            y -= leading
            x = left + first if k == 0 else left
            append(f"1 0 0 1 {fp_str(x, y + lift)} Tm")
            if enc[0]:
                append(f"<{hexes[4 * start:4 * end]}> Tj")
                continue
            spare = 0.0
            if justify and k != last_k:
                spaces = text.count(" ", start, end)
                if spaces:
                    spare = max(0.0, (right - x - width) / spaces)
            if spare:
                append(f"{fp_str(spare)} Tw ({text[start:end].translate(escapes)}) Tj 0 Tw")
            else:
                append(f"({text[start:end].translate(escapes)}) Tj")
        t.finish()


#: The process-wide face cache (what it memoises depends only on the shipped fonts).
FACES = FaceCache()


def line_ops(canv, x: float, y: float, text: str, size: float, *, align: str = "left", bold: bool = False,
             fill: str = "0 g") -> str:
    """PDF operators (a ``q … Q`` block) that set one line of mixed-script ``text`` at (``x``,
    ``y``) points, left or right aligned, in the faces :data:`FACES` chooses (``bold``: the bold
    faces), filled with ``fill`` (a PDF colour operator, black by default).

    :func:`~.pdf.draw_runs` without ReportLab's per-run text objects, for running heads and
    footers, and for text added to a page's content stream after the page was laid out (the
    footer's "Page N of M" once M is known); the fonts are the document's, available on every
    page.
    """
    text = visual(text)  # Arabic shaped and put in drawing order, as draw_runs does
    runs = [(face, text[a:b]) for a, b, face in FACES.face_runs(text, bold=bold)]
    if align == "right":
        x -= sum(WIDTHS.table(face, size)[ch] for face, run in runs for ch in run)
    t = _TextOps(canv)
    t.at(x, y)
    for face, run in runs:
        t.show(run, face, size, 0.0)
    t.code.append("ET")
    return f"q {fill} 0 Tw 0 Ts\n" + "\n".join(t.code) + "\nQ"
