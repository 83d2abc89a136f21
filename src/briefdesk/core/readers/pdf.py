"""Reader for PDF files with a text layer (meeting documents as printed to PDF).

Library: **pdfminer.six**, used at its lowest level (``PDFPageAggregator``
with ``laparams=None``: no layout analysis).  Each page gives its glyphs
(``LTChar``: text, bounding box, font size) and its drawn lines and
rectangles, which is what footnote detection needs (a small raised marker in
the body, a short rule above the page-bottom notes) and what Arabic needs (one
glyph may stand for several characters, the lam-alef ligature, and must be
moved as one when visual order is turned back into logical order).  Measured
on LibreOffice PDFs of the AKN corpus (2-core machine): a 14-page Russian
resolution takes 2.1 s raw with pdfminer, 1.3 s with pypdf's
``extract_text`` (which gives no glyph sizes or rules, and puts its own
spaces), 3.3 s with pdfplumber (pdfminer plus its own objects for every
glyph).  pdfminer also refuses encrypted files with a typed exception and
recovers from a damaged cross-reference table.

What is done with the glyphs (document understanding, ours):

* lines: glyphs grouped by baseline; a raised glyph at most 75 % of the
  line's size is a footnote marker (kept as a
  :func:`~.structure.footnote_token`); spaces are put where the gap between
  glyphs is wider than 15 % of the font size (PDFs often draw no space glyph,
  Chinese ones between Han characters and digits never do); a number before
  a tab (a wide gap with no space glyph) is set apart; on a right-to-left
  page every line is turned from visual into logical order with the Unicode
  bidirectional algorithm (python-bidi), glyph by glyph; Arabic presentation
  forms are read as letters;
* page furniture: lines in the top or bottom 12 % of a page whose text (digits
  masked) repeats on other pages, page numbers (``3``, ``- 3 -``, ``3/12``,
  ``Page 3``, ``第3页``), and document symbols at the top of pages after the
  first are dropped; the symbols are counted and handed to the structure pass
  as the document's running symbol;
* footnotes: lines below a short horizontal rule at the foot of a page (up to
  80 % of its height when a note's marker follows the rule), or
  the block of smaller-type lines at the foot starting with a marker, are
  footnotes; each starts with its marker (``1 A/75/74``), unmarked lines
  continue the previous note (also across pages);
* paragraphs: a new paragraph starts where the gap between lines is wider
  than the usual line pitch, where a line starts with a number followed by a
  tab-wide gap (Word numbering); over a page break, by the room left on the
  last line, a space drawn at its end, and UAX #14's unbreakable units; each
  paragraph carries its indent (``RawParagraph.indent``).  Lines are joined: a
  line-end hyphen is dropped when the joined word occurs elsewhere in the
  document or the hyphen is soft (U+00AD), and kept otherwise (real compounds
  such as ``self-governing``); no space inside brackets; next to dashes and
  after the Arabic conjunction before a number as the document itself writes
  them; Chinese lines join with no space unless one was drawn; others with one.

Refused with :class:`ReadError` naming the file: encrypted files (a user
password), files whose cross-reference table and objects cannot be read,
truncated files (no ``%%EOF``), pages that fail to parse (with the page
number), and files with no text layer (scanned images).

Public API: :func:`read_pdf`.
"""

from __future__ import annotations

import bisect
import io
import re
import statistics
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import limits
from ..document import ParsedDocument
from ..errors import ReadError
from ..i18n import _
from ..symbols import SYMBOL_RE
from .pdf_layout import apply_masthead, line_words, strip_ods_furniture
from .pdf_tables import find_tables
from .structure import (AR_ORDINALS, FN_CLOSE, FN_OPEN, RawParagraph, detect_language, footnote_token,
                        parse_structure, split_number, strip_tokens)
from . import pdfguard
from .verbs import VERBS, verb_role

__all__ = ["read_pdf"]

#: Upper bound on pages read, so a hostile file cannot keep the importer busy for ever.
MAX_PAGES = limits.PDF_PAGES


@dataclass
class _Glyph:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    order: int = 0   # drawing order on the page


@dataclass
class _Line:
    glyphs: list[_Glyph]
    y0: float
    y1: float
    size: float
    x0: float = 0.0
    x1: float = 0.0
    text: str = ""            # logical order, markers as footnote tokens
    plain: str = ""           # text without markers
    markers: list[str] = field(default_factory=list)
    number: str | None = None  # a leading number set apart by a tab-wide gap
    rtl: bool = False
    text_edge: float | None = None   # where the text after a set-apart number starts (its right edge if rtl)
    alone: bool = False       # a paragraph of its own (a line of the session block under an ODS masthead)
    cont: bool = False        # continues the paragraph of the line before (an indented line of that block)
    title: bool = False       # a line of a typed document's title (centred under the session block)
    cells: int = 1            # runs of text split by tab-wide gaps (a table's row has three or more)
    spaces: list[_Glyph] = field(default_factory=list)   # the space glyphs drawn on the line
    spaces_drawn: bool = False   # the page draws its spaces (a wide gap with none is a tab)
    table: int | None = None  # the index of the table (pdf_tables) the line is in
    row: list[str] | None = None   # the cells of its row, on the first line of a table's row


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    rules: list[tuple[float, float, float]]   # (x0, x1, y) of short horizontal rules
    overprint: list[str] = field(default_factory=list)   # glyphs drawn twice over, read once
    columns: bool = False   # set in two columns, read column by column (lines not top to bottom)
    scanned: bool = False   # a page image under the text: the text layer is text recognition's
    typed_notes: bool = False   # a typed page: notes may follow a typed marker with no rule above
    gutter: float | None = None   # x of the gutter between its two columns (``columns``)


# ---------------------------------------------------------------- opening

def _open(path: Path, data: bytes):
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFException
    from pdfminer.psparser import PSException

    if not data.lstrip()[:1024].lstrip(b"\x00").startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise ReadError(path, _("not a PDF file (no %PDF header)"))
    if b"%%EOF" not in data[-2048:]:
        raise ReadError(path, _("the PDF is truncated or damaged (it has no end-of-file marker)"))
    try:
        return PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect as exc:
        raise ReadError(path, _("the PDF is encrypted with a password; save an unprotected copy")) from exc
    except PDFEncryptionError as exc:
        raise ReadError(path, _("the PDF is encrypted in a way that cannot be read ({error})").format(
            error=exc)) from exc
    except (PSException, PDFException, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OverflowError, AssertionError, zlib.error, UnicodeError) as exc:
        raise ReadError(path, _("the PDF is damaged and cannot be opened ({error})").format(
            error=type(exc).__name__)) from exc


#: programs that make a PDF's text layer by text recognition (OCR), as they name themselves
#: in the document information's ``Creator`` or ``Producer``: Adobe Acrobat Capture (the UN's
#: digitisation of typed documents, 1998–2001, whose pages are the recognised words set in
#: fonts, with the words it was unsure of left as small images), Acrobat's "Paper Capture",
#: ABBYY FineReader, OmniPage, Readiris, Tesseract, OCRmyPDF
_OCR_PROGRAMS = re.compile(r"\bCapture\b|FineReader|OmniPage|Readiris|Tesseract|OCRmyPDF|\bOCR\b",
                           re.IGNORECASE)


def _made_by_text_recognition(doc) -> bool:
    """Whether the document information of the pdfminer ``PDFDocument`` ``doc`` names a
    text-recognition program as its ``Creator`` or ``Producer`` (:data:`_OCR_PROGRAMS`)."""
    from pdfminer.pdftypes import PDFException, resolve1
    from pdfminer.psparser import PSException

    for info in getattr(doc, "info", None) or []:
        for key in ("Creator", "Producer"):
            try:
                value = resolve1(info.get(key))
            except (PDFException, PSException, ValueError, TypeError, KeyError, AttributeError, RecursionError):
                continue   # a damaged information dictionary says nothing
            if isinstance(value, bytes):
                value = value.decode("latin-1", "replace")
            if isinstance(value, str) and _OCR_PROGRAMS.search(value):
                return True
    return False


def _pages(path: Path, data: bytes) -> list[_Page]:
    import zlib

    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTLine, LTRect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import PDFException
    from pdfminer.psparser import PSException

    doc = _open(path, data)
    recognised = _made_by_text_recognition(doc)
    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[_Page] = []
    errors = (PSException, PDFException, ValueError, KeyError, TypeError, AttributeError,
              IndexError, AssertionError, RecursionError, OverflowError, zlib.error, UnicodeError)
    it = iter(PDFPage.create_pages(doc))
    n = 0
    while True:
        n += 1
        try:
            page = next(it)
        except StopIteration:
            break
        except errors as exc:
            raise ReadError(path, _("the page tree is damaged ({error})").format(
                error=type(exc).__name__), page=n) from exc
        if n > MAX_PAGES:
            raise ReadError(path, _("the PDF has more than {n} pages").format(n=MAX_PAGES))
        try:
            interpreter.process_page(page)
            layout = device.get_result()
        except errors as exc:
            raise ReadError(path, _("the page cannot be read ({error})").format(
                error=type(exc).__name__), page=n) from exc
        glyphs: list[_Glyph] = []
        undecodable = [0]
        image_area = [0.0]
        rules: list[tuple[float, float, float]] = []

        def collect(items) -> None:
            for el in items:
                if isinstance(el, LTChar):
                    t = el.get_text()
                    if t.startswith("(cid:") or (t and unicodedata.category(t[0]) == "Cc" and t != " "):
                        undecodable[0] += 1
                        continue
                    if len(t) == 1 and (el.adv == 0 or el.width < 0.01) \
                            and unicodedata.bidirectional(t) not in ("AL", "R") \
                            and unicodedata.category(t) not in ("Mn", "Me", "Cf", "Zs"):
                        # a glyph that takes no room but decodes as a letter ("€", "ƒ"): a mark whose
                        # code the font's ToUnicode map leaves out (LibreOffice does so for some
                        # Arabic vowel marks), read through the font's 8-bit encoding
                        undecodable[0] += 1
                        continue
                    if t and el.upright and not t.isspace() or t == " ":
                        base = el.matrix[5]   # the baseline: bounding boxes depend on each font's descent
                        glyphs.append(_Glyph(t, el.x0, el.x1, base, base + el.size, el.size, len(glyphs)))
                elif isinstance(el, (LTRect, LTLine, LTCurve)):
                    if el.height <= 2.0 and 20 <= el.width:
                        rules.append((el.x0, el.x1, (el.y0 + el.y1) / 2))
                elif isinstance(el, LTImage):
                    # a page scanned in bands (strips of 2,256 × 115 pixels) is one image in parts
                    image_area[0] += el.width * el.height
                elif isinstance(el, LTFigure):
                    collect(el)

        collect(layout)
        if undecodable[0] > 20 and undecodable[0] > len(glyphs):
            raise ReadError(path, _("the text layer cannot be decoded (its fonts have no Unicode mapping)"),
                            page=n)
        x0, y0, x1, y1 = layout.bbox
        overprint: list[str] = []
        gutter = _gutter(glyphs, x1 - x0)
        if gutter is None and pages and pages[-1].gutter is not None:
            gutter = _gutter(glyphs, x1 - x0, near=pages[-1].gutter)   # a record's last page
        if gutter is None:
            lines = _lines([g for g in glyphs if g.text != " "], [g for g in glyphs if g.text == " "], overprint)
        else:
            # two columns: lines crossing the gutter (a running head), then the left column, then
            # the right one, each top to bottom
            crossing = {round(g.y0) for g in glyphs if g.x0 < gutter < g.x1 and g.text != " "
                        and g.x1 - g.x0 < 1.5 * g.size}
            # the top line of the page set apart above both columns (a running head whose words
            # leave the gutter empty: "652 Assemblée générale — Quatorzième session — …")
            inked = [g for g in glyphs if g.text != " "]
            top = max(inked, key=lambda g: g.y0)
            head = [g for g in inked if abs(g.y0 - top.y0) < 0.5 * top.size]
            below = [g.y0 for g in inked if g.y0 < top.y0 - 0.5 * top.size]
            if any(g.x1 <= gutter for g in head) and any(g.x0 >= gutter for g in head) and below \
                    and top.y0 - max(below) > 1.5 * top.size:   # wider than a line pitch
                crossing.update(round(g.y0) for g in head)
            span = [g for g in glyphs if round(g.y0) in crossing]
            rest = [g for g in glyphs if round(g.y0) not in crossing]
            lines = []
            for part in (span, [g for g in rest if (g.x0 + g.x1) / 2 <= gutter],
                         [g for g in rest if (g.x0 + g.x1) / 2 > gutter]):
                lines += _lines([g for g in part if g.text != " "], [g for g in part if g.text == " "], overprint)
        pages.append(_Page(n, x1 - x0, y1 - y0, lines, rules, overprint, gutter is not None,
                           recognised or image_area[0] >= 0.6 * (x1 - x0) * (y1 - y0), gutter=gutter))
    if not pages:
        raise ReadError(path, _("the PDF has no pages"))
    return pages


# ---------------------------------------------------------------- lines

def _gutter(glyphs: list[_Glyph], width: float, near: float | None = None) -> float | None:
    """x of the gutter of a page set in two columns, or ``None``.

    A gutter is a band at least 8 points wide in the middle third of the page
    that the glyphs of at least 80 % of the lines holding text on both sides
    leave empty, with at least 30 % of the glyphs on each side (the French
    summary records of the 1950s, A/C.4/SR.985).

    ``near``: the gutter of the page before.  The last page of a record set in two
    columns often has a short right column (the text ends part-way down it): with the
    page before's gutter, three lines with text on both sides and 5 % of the glyphs on
    the right are enough, where the band lies within 8 points of that gutter.
    """
    text = [g for g in glyphs if g.text != " "]
    if len(text) < 200:
        return None
    # rows: bands one glyph high, so that two columns whose baselines do not line up (text
    # recognition's, A/C.4/SR.985 page 2) still share rows
    band = max(statistics.median(g.y1 - g.y0 for g in text), 1.0)
    rows: dict[int, list[_Glyph]] = {}
    for g in text:
        rows.setdefault(int(g.y0 // band), []).append(g)
    step = 2.0
    lo, hi = width / 3, 2 * width / 3
    bins = [lo + i * step for i in range(int((hi - lo) / step))]
    both = [r for r in rows.values() if min(g.x0 for g in r) < lo and max(g.x1 for g in r) > hi]
    if len(both) < (3 if near is not None else 10):
        return None
    n_bins = len(bins)
    free = [len(both)] * n_bins
    for r in both:
        covered = set()
        for g in r:
            if g.x1 > lo and g.x0 < hi:
                covered.update(range(max(0, int((g.x0 - lo) // step)), min(n_bins, int((g.x1 - lo) // step) + 1)))
        for i in covered:
            free[i] -= 1
    best, run, start = None, 0, 0
    for i, n in enumerate(free):
        if n >= 0.8 * len(both):
            if run == 0:
                start = i
            run += 1
            if run * step >= 8 and (best is None or run > best[1]):
                best = (start, run)
        else:
            run = 0
    if best is None:
        return None
    x = bins[best[0]] + best[1] * step / 2
    left = sum(1 for g in text if g.x1 <= x)
    if near is not None:
        if abs(x - near) > 8 or not 0.3 * len(text) <= left <= 0.95 * len(text):
            return None
    elif not (0.3 * len(text) <= left <= 0.7 * len(text)):
        return None
    # columns of running text fill both sides of their lines; a table's rows (a name, then
    # figures) leave most of one side empty
    full = sum(1 for r in both
               if sum(g.x1 - g.x0 for g in r if g.x1 <= x) >= 0.15 * width
               and sum(g.x1 - g.x0 for g in r if g.x0 >= x) >= 0.15 * width)
    return x if full >= 0.5 * len(both) else None


_RTL_CLASSES = {"R", "AL"}
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def _lines(glyphs: list[_Glyph], spaces: list[_Glyph], overprint: list[str] | None = None) -> list[_Line]:
    """Group glyphs into lines by baseline, top to bottom; raised small glyphs are markers.

    ``overprint`` receives the text of glyphs drawn a second time over themselves (bold by
    overprinting), which are read once."""
    if not glyphs:
        return []
    sizes = Counter(round(g.size, 1) for g in glyphs)
    body_size = sizes.most_common(1)[0][0]
    glyphs = sorted(glyphs, key=lambda g: (-g.y0, g.x0))
    def is_mark(g: _Glyph) -> bool:
        return unicodedata.category(g.text[:1]) in ("Mn", "Me")

    big = [g for g in glyphs if (g.size > 0.75 * body_size or not _is_marker_text(g.text)) and not is_mark(g)]
    small = [g for g in glyphs if not (g.size > 0.75 * body_size or not _is_marker_text(g.text))]
    marks = [g for g in glyphs if is_mark(g)]
    lines: list[_Line] = []
    for g in sorted(big, key=lambda g: -g.y0):
        tol = 0.3 * g.size
        for line in lines[-4:]:
            if abs(line.y0 - g.y0) <= tol:
                line.glyphs.append(g)
                line.y1 = max(line.y1, g.y1)
                break
        else:
            lines.append(_Line([g], g.y0, g.y1, g.size))
    for g in small:   # raised marker: joins the line whose glyphs it overlaps
        host = None
        for line in lines:
            if line.y0 - 0.2 * line.size <= g.y0 <= line.y1 and g.y1 > line.y0 + 0.3 * (line.y1 - line.y0):
                host = line
                break
        if host is None:
            lines.append(_Line([g], g.y0, g.y1, g.size))
        else:
            g.size = -g.size   # negative size flags a marker glyph
            host.glyphs.append(g)
    letters = Counter(unicodedata.bidirectional(g.text[:1]) for g in glyphs)
    page_rtl = letters["R"] + letters["AL"] > letters["L"]
    for g in marks:   # combining marks sit above or below their letter's baseline
        host = min(lines, key=lambda ln: abs(ln.y0 - g.y0), default=None)
        if host is not None and abs(host.y0 - g.y0) <= host.size:
            host.glyphs.append(g)
    by_y = sorted(spaces, key=lambda s: s.y0)   # the page's spaces by baseline, for each line's
    space_y0 = [s.y0 for s in by_y]
    for line in lines:
        _attach_marks(line)
        normal = [g.size for g in line.glyphs if g.size > 0]
        line.size = statistics.median(normal) if normal else abs(line.glyphs[0].size)
        line.glyphs.sort(key=lambda g: g.x0)
        kept: list[_Glyph] = []
        for g in line.glyphs:
            # the same glyph drawn again on (or a hair beside) itself: bold by overprinting
            # (S/1996/112 draws "UNITED NATIONS" twice); it is one letter on the page
            tol = max(0.25 * (g.x1 - g.x0), 0.3)
            if any(h.text == g.text and h.size == g.size and h.y0 == g.y0 and abs(h.x0 - g.x0) < tol
                   and abs(h.x1 - g.x1) < tol for h in kept[-2:]):
                if overprint is not None:
                    overprint.append(g.text)
                continue
            kept.append(g)
        line.glyphs = kept
        line.x0 = min(g.x0 for g in line.glyphs)
        line.x1 = max(g.x1 for g in line.glyphs)
        tol = 0.3 * line.size
        line_spaces = [s for s in by_y[bisect.bisect_left(space_y0, line.y0 - tol):
                                        bisect.bisect_right(space_y0, line.y0 + tol)]
                       if abs(s.y0 - line.y0) <= tol]
        line.spaces, line.spaces_drawn = line_spaces, bool(spaces)
        _compose(line, line_spaces, page_rtl, bool(spaces))
    lines.sort(key=lambda ln: -ln.y0)
    return [ln for ln in lines if ln.plain.strip() or ln.markers]


def _attach_marks(line: _Line) -> None:
    """Merge combining marks (Arabic shadda, tanwin; Latin accents drawn apart) into their base glyph."""
    bases = [g for g in line.glyphs if unicodedata.category(g.text[:1]) not in ("Mn", "Me")]
    if len(bases) == len(line.glyphs) or not bases:
        return
    by_order = sorted(line.glyphs, key=lambda g: g.order)
    rtl = sum(1 for g in bases if unicodedata.bidirectional(g.text[:1]) in _RTL_CLASSES) > len(bases) / 2
    if rtl:   # drawn left to right, a right-to-left mark comes just before its letter
        by_order.reverse()
    host: _Glyph | None = None
    attached: dict[int, list[str]] = {}
    for g in by_order:
        if unicodedata.category(g.text[:1]) in ("Mn", "Me"):
            if host is None:
                mid = (g.x0 + g.x1) / 2
                host = min(bases, key=lambda b: min(abs(b.x0 - mid), abs(b.x1 - mid)))
            attached.setdefault(id(host), []).append(g.text)
        else:
            host = g
    for b in bases:
        # several marks on one letter (shadda and kasra) keep the order they were drawn in,
        # which is the order they were typed in
        marks = attached.get(id(b), [])
        b.text += "".join(reversed(marks) if rtl else marks)
    line.glyphs = bases


def _is_marker_text(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9*†‡§a-z]+", text))


# a number set apart: one short token ("11.", "(a)", "خامسا", "المرفق"), or an Arabic ordinal
# of two words ("حادي عشر", "ثاني وعشرون": structure.AR_ORDINALS), optionally dashed
_NUMBER_SHAPE = re.compile(r"^(?:[(（]?[\w\u0600-\u06ff]{1,7}(?:\s?bis|\s?ter)?[)）.．]?|(?:"
                           + "|".join(re.escape(w) for w in sorted(AR_ORDINALS, key=len, reverse=True)
                                      if " " in w) + r"))(?:\s*[-–])?$")
# placeholders of Arabic letter class for glyphs of several characters and markers
_POOL = [chr(c) for c in range(0xFB50, 0xFBB2)]
# ... and of left-to-right class (private use) for Latin ligatures
_POOL_L = [chr(c) for c in range(0xF100, 0xF200)]


def _compose(line: _Line, spaces: list[_Glyph], page_rtl: bool = False, spaces_drawn: bool = False) -> None:
    """Text of ``line`` in logical order, with spaces, markers and a set-apart number.

    ``spaces_drawn``: the page draws space glyphs, so a gap wider than a space with none
    in it is a tab (a number set apart before its text).
    """
    strong = Counter(unicodedata.bidirectional(c) for g in line.glyphs if g.size > 0 for c in g.text)
    rtl_n = strong["R"] + strong["AL"]
    # on a right-to-left page every line is set right to left, also one of Latin letters and
    # digits ("،1954", a footnote "9 A/64/884." drawn as ".A/64/884 9"): the Unicode bidi
    # algorithm with a right-to-left paragraph direction gives its logical order
    line.rtl = rtl_n > strong["L"] or page_rtl
    # the digits of one marker (``10``) are drawn as separate raised glyphs
    merged: list[_Glyph] = []
    for g in line.glyphs:
        if merged and g.size < 0 and merged[-1].size < 0 and g.x0 - merged[-1].x1 < 0.3 * abs(g.size):
            last = merged[-1]
            merged[-1] = _Glyph(last.text + g.text, last.x0, g.x1, last.y0, last.y1, last.size, last.order)
        else:
            merged.append(g)
    line.glyphs = merged
    if line.rtl:
        _move_overlapping_punctuation(line)
    # visual segments split at tab-wide gaps
    segments: list[list[object]] = [[]]
    prev: _Glyph | None = None
    edge = 0.0
    # the line's spaces by their left edge: each gap looks only at those that can lie in it
    all_spaces = sorted(spaces, key=lambda s: s.x0)
    space_x0 = [s.x0 for s in all_spaces]
    widest = max((s.x1 - s.x0 for s in all_spaces), default=0.0)
    for g in line.glyphs:
        if prev is not None:
            lo = min(edge - 0.5, prev.x1 - 0.5 - widest, (prev.x0 + prev.x1) / 2 - widest)
            hi = max(g.x0 + 0.5, (g.x0 + g.x1) / 2)
            near = all_spaces[bisect.bisect_left(space_x0, lo):bisect.bisect_right(space_x0, hi)]
            gap = g.x0 - edge
            size = max(abs(prev.size), abs(g.size), 1.0)
            if prev.size > 0 and g.size > 0 and (gap > 1.5 * size or (
                    # a tab: a gap wider than a space where the PDF draws its spaces, with none in it
                    spaces_drawn and gap > 0.8 * size
                    and not any(edge - 0.5 <= s.x0 and s.x1 <= g.x0 + 0.5 for s in near))):
                segments.append([])
            elif unicodedata.category(g.text[:1]) in ("Mn", "Me"):
                pass   # a combining mark (Arabic shadda, fatha) never follows a space
            elif gap > (0.35 if prev.text[-1:] in "()[]（）" or g.text[:1] in "()[]（）" else 0.18) * size \
                    or any(prev.x1 - 0.5 <= s.x0 and s.x1 <= g.x0 + 0.5
                           # a space glyph drawn into a kerned gap ("A Trump": it overlaps the T)
                           or prev.x1 - 0.5 <= (s.x0 + s.x1) / 2 <= g.x0 + 0.5 for s in near) \
                    and gap > 0.05 * size \
                    or line.rtl and gap < 0.05 * size and any((prev.x0 + prev.x1) / 2 < (s.x0 + s.x1) / 2 < (g.x0 + g.x1) / 2
                                        for s in near):
                # (right to left, LibreOffice may draw a number over the space before it:
                # the space glyph then lies between the two glyphs' centres)
                # never a space before a marker: in a right-to-left line it is drawn to the
                # left of its word, so the space to drop is the one after it
                if (g.size > 0) if not line.rtl else (prev.size > 0):
                    segments[-1].append(" ")
        segments[-1].append(g)
        edge = max(edge, g.x1) if prev is not None else g.x1
        prev = g
    if line.rtl:
        segments.reverse()
    texts, markers = [], []
    edges: list[float | None] = []
    for seg in segments:
        subst: dict[str, str] = {}
        chars: list[str] = []
        pool, pool_l = iter(_POOL), iter(_POOL_L)
        for item in seg:
            if isinstance(item, str):
                chars.append(item)
                continue
            if item.size < 0:
                markers.append(item.text)
                if line.rtl:
                    ph = next(pool, "\ufb50")
                    subst[ph] = footnote_token(item.text)
                    chars.append(ph)
                elif chars and chars[-1].endswith("\ue001") and subst == {}:
                    # digits of one marker drawn as separate glyphs
                    prev_tok = chars.pop()
                    marker = prev_tok[1:-1] + item.text
                    markers[-2:] = [marker]
                    chars.append(footnote_token(marker))
                else:
                    chars.append(footnote_token(item.text))
            elif line.rtl and len(item.text) > 1:
                # a glyph of several characters moves as one: a lam-alef on an Arabic
                # placeholder, a Latin ligature ("ff" in "Waffen") on a left-to-right one
                latin = unicodedata.bidirectional(item.text[0]) == "L"
                ph = next(pool_l, "\uf100") if latin else next(pool, "\ufb50")
                subst[ph] = item.text
                chars.append(ph)
            else:
                chars.append(item.text)
        text = "".join(chars)
        if line.rtl:
            from bidi import get_display

            # digits in Arabic text are Arabic numbers (Unicode bidi rule W2: a number after an
            # Arabic letter); in visual order that letter may stand after them, so say so
            # explicitly with Arabic-Indic placeholders, except in Latin words ("A/75/74")
            text = _as_arabic_numbers(text)
            text = get_display(text, base_dir="R").translate(_FROM_ARABIC_INDIC)
            for ph, orig in subst.items():
                text = text.replace(ph, orig)
            # LibreOffice draws a comma or semicolon ending a line after a number between the
            # number and the word before it; read back it would precede the number
            text = re.sub(r"(^|\s)([،؛])(\d[\d/.]*)(\s*)$", r"\1\3\2\4", text)
        texts.append(text.strip())
        glyphs = [g for g in seg if isinstance(g, _Glyph)]
        edges.append((max(g.x1 for g in glyphs) if line.rtl else min(g.x0 for g in glyphs)) if glyphs else None)
    kept = [(t, e) for t, e in zip(texts, edges) if t]
    texts = [t for t, _e in kept]
    line.cells = len(texts)
    if len(texts) > 1 and (first := strip_tokens(texts[0])) and _NUMBER_SHAPE.match(first):
        line.number = texts[0]
        texts = texts[1:]
        line.text_edge = kept[1][1]
        m = re.fullmatch(r"(\d+)\s*-", line.number)
        if line.rtl and m:   # the UN's Arabic numbering "1 -" (LibreOffice draws no space)
            line.number = f"{m.group(1)} -"
        if line.rtl and re.fullmatch(r"[(（]?ا[)）]?", line.number):
            # the first letter of the abjad sequence is alef with hamza (أ ب ج د), as the UN
            # prints it; LibreOffice's arabicAbjad numbering draws a bare alef
            line.number = line.number.replace("ا", "أ")
    line.text = _unpresent(" ".join(texts))
    if line.number is not None:
        line.number = _unpresent(line.number)
    # a space glyph after the last letter: the line was broken at a space ("age- | and")
    if not line.rtl and line.glyphs and any(s.x0 >= line.glyphs[-1].x1 - 0.5 for s in spaces):
        line.text += " "
    line.markers = markers
    line.plain = strip_tokens(line.text)


_PRESENTATION = re.compile("[\ufb50-\ufdfb\ufe80-\ufefc]+")


def _unpresent(text: str) -> str:
    """Arabic presentation forms (a glyph's shape: ``ﻫ`` U+FEEB, initial heh) as the letters they
    show (``ه``): some ToUnicode maps (LibreOffice's, for list numbers) give the shapes."""
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


_TO_ARABIC_INDIC = str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
_FROM_ARABIC_INDIC = str.maketrans("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "0123456789")


_WORD_OR_SPACE = re.compile(r"\S+|\s+")
_DIGIT = re.compile(r"\d")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _as_arabic_numbers(text: str) -> str:
    """Digits of a visual right-to-left line as Arabic-Indic placeholders, except in Latin
    words (``A/75/74``) and in numbers between Latin words (``Decl. 8 (XXXII)``), which
    belong to the left-to-right run around them (bidi rule W7)."""
    def strong(chars) -> str | None:
        for c in chars:
            d = unicodedata.bidirectional(c)
            if d in ("L", "R", "AL"):
                return "L" if d == "L" else "R"
        return None

    out = []
    for m in _WORD_OR_SPACE.finditer(text):
        word = m.group(0)
        if not _DIGIT.search(word) or _LATIN_LETTER.search(word) or \
                strong(reversed(text[:m.start()])) == "L" == strong(text[m.end():]):
            out.append(word)
        else:
            out.append(word.translate(_TO_ARABIC_INDIC))
    return "".join(out)


_RTL_END = "،؛.:"


def _move_overlapping_punctuation(line: _Line) -> None:
    """Put a line-final Arabic comma or semicolon that LibreOffice drew over a word back at the end.

    LibreOffice sometimes draws the punctuation ending a right-to-left line on
    top of the line's last word (its glyph overlaps a letter); read in visual
    order it would land inside the word.  It belongs at the line's left end.
    """
    glyphs = line.glyphs
    for i, g in enumerate(glyphs):
        if g.text not in _RTL_END or i == 0:
            continue
        width = max(g.x1 - g.x0, 0.1)
        overlaps = [h for h in glyphs[max(0, i - 2):i + 3] if h is not g and h.size > 0
                    and min(g.x1, h.x1) - max(g.x0, h.x0) > 0.3 * width]
        if overlaps:
            glyphs.pop(i)
            first = glyphs[0]
            glyphs.insert(0, _Glyph(g.text, first.x0 - width, first.x0, g.y0, g.y1, g.size, g.order))
            return


_TOKEN = re.compile(f"{FN_OPEN}[^{FN_CLOSE}]*{FN_CLOSE}")   # a footnote_token


# ---------------------------------------------------------------- page furniture

_PAGE_NO = re.compile(r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}(?:\s*/\s*\d{1,4})?|(?:page|página|стр\.?|"
                      r"صفحة)\s*\d{1,4}(?:\s*(?:of|de|из|sur)\s*\d{1,4})?|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?)$",
                      re.IGNORECASE)


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text)).strip()


def _furniture(pages: list[_Page], removed: list[str] | None = None) -> Counter:
    """Remove running heads, footers and page numbers in place; count the symbols they carry.

    ``removed`` receives the text of each line taken off."""
    running: Counter = Counter()
    zone_text: Counter = Counter()
    for page in pages:
        seen = set()
        for ln in page.lines:
            if ln.y0 > page.height * 0.88 or ln.y1 < page.height * 0.12:
                key = ("top" if ln.y0 > page.height / 2 else "bottom", _mask(ln.plain))
                if key not in seen:
                    seen.add(key)
                    zone_text[key] += 1
    multi = len(pages) >= 2
    for page in pages:
        keep = []
        for ln in page.lines:
            top, bottom = ln.y0 > page.height * 0.88, ln.y1 < page.height * 0.12
            plain = ln.plain.strip()
            if top or bottom:
                key = ("top" if top else "bottom", _mask(ln.plain))
                sym = SYMBOL_RE.fullmatch(plain) if plain else None
                words = plain.split()
                sym_in = [w for w in words if SYMBOL_RE.fullmatch(w)]
                first_masthead = page.number == 1 and top and bool(sym_in)
                if _PAGE_NO.match(plain) or (multi and zone_text[key] >= 2 and not first_masthead) or \
                        (top and sym is not None and page.number > 1):
                    for w in sym_in:
                        running[w] += 1
                    if sym is not None and not sym_in:
                        running[plain] += 1
                    if removed is not None:
                        removed.append(line_words(ln))
                    continue
            keep.append(ln)
        page.lines = keep
    return running


# ---------------------------------------------------------------- footnotes

def _split_footnotes(page: _Page, body_size: float) -> list[_Line]:
    """Take the page-bottom footnote lines off ``page.lines`` and return them."""
    if not page.lines:
        return []
    rule_y = None
    for x0, x1, y in page.rules:
        width = x1 - x0
        # a table's border is drawn in segments, at one height or with others above and below
        # it; a footnote separator is one short rule on its own
        table_border = sum(1 for a, b, yy in page.rules if abs(yy - y) < 2 or (
            min(b, x1) - max(a, x0) > 0.5 * width and abs(yy - y) < 0.3 * page.height)) > 1
        # a rule drawn under a line's words underlines them (a typed heading, a title), it
        # does not separate notes
        underline = any(ln.y0 - 4 <= y <= ln.y0 + 2 and x0 >= ln.x0 - 3 and x1 <= ln.x1 + 3
                        for ln in page.lines)
        if width < page.width * 0.5 and y < page.height * 0.8 and not table_border and not underline:
            below = [ln for ln in page.lines if ln.y1 <= y + 1]
            if below and all(ln.y1 <= y + 1 or ln.y0 >= y for ln in page.lines) and \
                    (y < page.height * 0.5 or _starts_note(below[0])):
                # (notes may fill more than half a page; higher up, the rule must be
                # followed by a note's marker, not be a table's border)
                rule_y = max(rule_y or y, y)
    typed_at = None
    if rule_y is None and page.typed_notes:
        # a typed page whose separator was not kept (a scan): the notes start at a line opening
        # with a typed asterisk ("*  A/45/50.") after a gap wider than a blank line
        for i in range(len(page.lines) - 1, 0, -1):
            ln = page.lines[i]
            if ln.y1 < page.height * 0.4 and _TYPED_STAR.match(strip_tokens(ln.text)) \
                    and page.lines[i - 1].y0 - ln.y0 > 2.5 * ln.size:
                typed_at = i
                break
    if rule_y is not None:
        notes = [ln for ln in page.lines if ln.y1 <= rule_y + 1]
    elif typed_at is not None:
        notes = page.lines[typed_at:]
    else:
        # smaller type at the foot starting with a marker
        notes = []
        for ln in reversed(page.lines):
            if ln.size < body_size * 0.92 and ln.y1 < page.height * 0.4:
                notes.insert(0, ln)
            else:
                break
        # the block starts at the first line that opens with a raised marker or a number set
        # apart; smaller lines above it are not notes (the rows of a table set in small type)
        strong = next((i for i, ln in enumerate(notes) if (ln.markers and ln.text.startswith(FN_OPEN))
                       or (ln.number is not None and _NOTE_MARK.fullmatch(ln.number))), None)
        if strong is not None:
            notes = notes[strong:]
        elif not notes or not re.match(r"^\d{1,3}\s", notes[0].text) and notes[0].number is None:
            notes = []
    if notes:
        ids = {id(n) for n in notes}
        page.lines = [ln for ln in page.lines if id(ln) not in ids]
    return notes


#: a footnote marker set apart before a note's text (``1``, ``*``, ``†``), and one typed with a space
_NOTE_MARK = re.compile(r"[\d*†‡]{1,3}")
_TYPED_NOTE_MARK = re.compile(r"^([\d*†‡]{1,3})\s+(?=\S)")
_TYPED_STAR = re.compile(r"^[*†‡]{1,3}\s+(?=\S)")


def _starts_note(line: _Line) -> bool:
    """Whether ``line`` starts with a footnote marker (raised, set apart, or a number and a space)."""
    if line.markers and line.text.startswith("\ue000"):
        return True
    if line.number is not None and _NOTE_MARK.fullmatch(line.number):
        return True
    return bool(_TYPED_NOTE_MARK.match(strip_tokens(line.text)))


#: a note's text that does not end there: "… Supplement No." before its number, or no full stop
_UNFINISHED_NOTE = re.compile(r"(?:\bNos?\.|[^.;)\]”»。])\s*$")


def _note_entries(lines: list[_Line], notes: dict[str, str], order: list[str | None],
                  unplaced: list[str] | None = None) -> None:
    """Read footnote lines into ``notes`` (marker → text, in ``order``); a line before any
    marker (nothing to continue) goes to ``unplaced``, never dropped."""
    for ln in lines:
        text = ln.text
        marker = None
        if ln.number is not None and not _NOTE_MARK.fullmatch(ln.number):
            text = ln.number + " " + text   # a word set apart (a table's first cell) is text
        if ln.markers and ln.text.startswith("\ue000"):
            m = _TOKEN.match(text)
            marker = m.group(0)[1:-1]
            text = text[m.end():]
        elif ln.number is not None and _NOTE_MARK.fullmatch(ln.number):
            marker = ln.number
        else:
            m = _TYPED_NOTE_MARK.match(strip_tokens(text))
            last = next((o for o in reversed(order) if o is not None), None)
            # a number typed at a line's start opens the next note ("23 (A/75/23)." after note 22
            # is the end of note 22's "Supplement No." broken before its number)
            if m and last is not None and last.isdigit() and m.group(1).isdigit() \
                    and int(m.group(1)) != int(last) + 1 \
                    and _UNFINISHED_NOTE.search(notes.get(last, "")):
                m = None
            if m and (not order or m.group(1) not in notes):
                marker, text = m.group(1), strip_tokens(text)[m.end():]
        text = strip_tokens(text).strip()
        if marker is not None and marker in notes and unplaced is not None:
            # a marker used twice (numbered per page): the second note is kept apart, not lost
            unplaced.append(f"{marker} {text}")
            order.append(None)
        elif marker is not None:
            notes[marker] = text
            order.append(marker)
        elif order and order[-1] is None and unplaced:
            unplaced[-1] = _join(unplaced[-1], text, set())
        elif order:
            notes[order[-1]] = _join(notes[order[-1]], text, set())
        elif text and unplaced is not None:
            unplaced.append(text)


# ---------------------------------------------------------------- paragraphs

def _join(a: str, b: str, vocabulary: set[str], glue: bool = False) -> str:
    """Join two lines of one paragraph: undo hyphenation; no space between Han lines.

    ``glue``: Chinese text, whose lines break anywhere (inside ``72/209``, between
    ``(伊黎伊斯兰国)`` and ``(达伊沙)``): no space unless the line ended with a drawn one.
    """
    if not a:
        return b
    if not b:
        return a
    if a.endswith("\u00ad"):
        return a[:-1] + b
    if a.endswith(" "):
        return a + b.lstrip()
    if glue:
        # except where the UN's Chinese sets a space: between digit groups ("2 000万") and
        # before a part letter ("72/266 A号")
        if a[-1].isdigit() and (re.match(r"\d{3}(?!\d)", b) or re.match(r"[A-Z](?![A-Za-z])", b)):
            return a + " " + b
        return a + b
    if a[-1] in "([{（《" or b[0] in ")]}）》":
        return a + b   # a line broken inside brackets ("2044 (|2012)"): no space there
    m = re.search(r"(\w+)-$", a)
    if m and b[:1].isalnum():
        word = m.group(1) + re.match(r"\w*", b).group(0)
        if b[:1].islower() and word.lower() in vocabulary:
            return a[:-1] + b   # hyphenation: the whole word occurs elsewhere
        return a + b            # a compound broken at its hyphen (Secretary-General, COVID-19)
    if _WIDE.match(a[-1:]) or _WIDE.match(b[:1]):
        wide_a, wide_b = bool(_WIDE.match(a[-1:])), bool(_WIDE.match(b[:1]))
        if (wide_a and wide_b) or (wide_a and not b[:1].isalnum()) or (wide_b and not a[-1:].isalnum()) \
                or (wide_b and re.match(r"[\u3000-\u303f\uff00-\uffef]", b[:1])) \
                or (wide_a and re.match(r"[\u3000-\u303f\uff00-\uffef]", a[-1:])):
            return a + b
    return a + " " + b


def _listed_opener(text: str, language: str) -> bool:
    """Whether ``text`` starts with a verb of :data:`.verbs.VERBS` (whole word; any prefix in Chinese)."""
    low = text.lower()
    for verb in VERBS.get(language, []):
        v = verb.lower()
        if low.startswith(v) and (language == "zh" or len(low) == len(v) or not low[len(v)].isalnum()):
            return True
    return False


def _first_word_width(line: _Line) -> float:
    """Width of the line's first word (rightmost for right-to-left lines), in points."""
    glyphs = line.glyphs[::-1] if line.rtl else line.glyphs
    if not glyphs:
        return 0.0
    start = glyphs[0]
    end = start
    for g in glyphs[1:]:
        gap = (end.x0 - g.x1) if line.rtl else (g.x0 - end.x1)
        if gap > 0.18 * abs(g.size):
            break
        # a Han character is a word by itself, but punctuation that may not begin a line
        # goes with the character before it ("号、"), and punctuation that may not end one
        # with what follows it ("《2015"; Unicode line breaking, UAX #14 rules LB13, LB14)
        if (_WIDE.match(g.text[:1]) or _WIDE.match(end.text[:1])) and g.text[:1] not in _NO_LINE_START \
                and end.text[-1:] not in _NO_LINE_END:
            break
        end = g
    return abs(end.x0 - start.x1) if line.rtl else end.x1 - start.x0


_DASH = "–—"
_SPACED_DASH = re.compile(rf"\s[{_DASH}]\s")                                      # "rights — including"
_ATTACHED_DASH = re.compile(rf"(?<=[^\s\d])[{_DASH}]\s|\s[{_DASH}](?=[^\s\d])")   # "humanos —incluidos"
#: punctuation that may not begin a line (UAX #14 classes CL, CP, IS, EX, and Chinese closing marks)
_NO_LINE_START = "、，。；：？！）」』》〉】〕’”,.;:?!)]}"
#: punctuation that may not end a line (UAX #14 class OP, Chinese opening marks)
_NO_LINE_END = "（「『《〈【〔‘“([{"


def _dash_style(lines: list[tuple[_Page, _Line]]) -> dict[str, bool]:
    """How the document sets dashes, learnt from inside its lines.

    ``spaces_drawn``: the PDF draws the space a line is broken at (LibreOffice
    does, when it fits before the margin), so a line that ends without one,
    with room for it, was broken at no space.  ``attached``: a dash between
    words mostly touches one of them (Spanish ``humanos —incluidos``, closing
    ``mandatos— tengan``) rather than standing between two spaces
    (``rights — including``).
    """
    ltr = [ln for _p, ln in lines if not ln.rtl]
    spaced = attached = 0
    for ln in ltr:
        t = ln.plain.strip()
        spaced += len(_SPACED_DASH.findall(t))
        attached += len(_ATTACHED_DASH.findall(t))
    ends = sum(1 for ln in ltr if ln.text.endswith(" "))
    return {"spaces_drawn": bool(ltr) and ends >= 0.2 * len(ltr), "attached": attached > spaced}


def _glued_at_dash(prev: _Line, ln: _Line, right: float, style: dict[str, bool]) -> bool:
    """Whether a left-to-right line break next to a dash had no space (``8–|10``, ``humanos —|incluidos``).

    Where the PDF draws the space a line breaks at and there was room for it,
    its absence shows the break was at no space; where there was no room, the
    document's own dash style decides (:func:`_dash_style`).
    """
    a, b = prev.plain, ln.plain.lstrip()
    if prev.rtl or ln.rtl or a.endswith(" ") or not a or not b:
        return False
    if not (a[-1] in _DASH or b[0] in _DASH):
        return False
    if style["spaces_drawn"] and right - prev.x1 >= 0.3 * prev.size:
        return True
    if a[-1] in _DASH:   # "x –|10" or "humanos —|incluidos": the dash opens what follows
        return a[-2:-1].isdigit() or style["attached"]
    return style["attached"] and b[1:2] == " "   # "mandatos|— tengan": a closing dash


def _split_line(line: _Line, x: float) -> tuple[_Line | None, _Line | None]:
    """``line``'s glyphs left and right of ``x`` as two lines (either ``None`` when empty)."""
    out: list[_Line | None] = []
    for part in ([g for g in line.glyphs if g.x0 < x], [g for g in line.glyphs if g.x0 >= x]):
        if not part:
            out.append(None)
            continue
        if len(part) == len(line.glyphs):
            out.append(line)
            continue
        left = max(g.x1 for g in line.glyphs if g.x0 < x)
        right = min(g.x0 for g in line.glyphs if g.x0 >= x)
        if right - left < 2 * line.size:   # one line running across the middle, not two columns
            return line, None
        new = _Line(part, line.y0, line.y1, line.size, min(g.x0 for g in part), max(g.x1 for g in part))
        _compose(new, [], line.rtl)
        out.append(new)
    return out[0], out[1]


def _symbol_line(text: str) -> bool:
    """A masthead line holding a document symbol alone, with its part letters (``A/RES/75/245 B``,
    ``A/RES/75/101 A-B``)."""
    m = SYMBOL_RE.match(text.strip())
    return m is not None and re.fullmatch(r"(?:\s+[A-Z](?:-[A-Z])?)?", text.strip()[m.end():]) is not None


#: a text ending with the Arabic conjunction "و" as a word of its own
_ENDS_WITH_WAW = re.compile(r"(?:^|\s)و$")


def _paragraphs(lines: list[tuple[_Page, _Line]], vocabulary: set[str], language: str) -> list[RawParagraph]:
    """Cut the body lines (all pages, reading order) into paragraphs."""
    if not lines:
        return []
    pitches = []
    for (pa, a), (pb, b) in zip(lines, lines[1:]):
        if pa is pb and a.y0 > b.y0:
            pitches.append(round(a.y0 - b.y0, 1))
    # the line pitch inside paragraphs: the smallest pitch that recurs (paragraph gaps are wider)
    sizes = statistics.median(ln.size for _p, ln in lines)
    counts = Counter(round(x * 2) / 2 for x in pitches if 0.9 * sizes <= x <= 2.0 * sizes)
    pitch = min(counts) if counts else 1.2 * sizes
    pitch = max((x for x in counts if x <= pitch + 1.0), default=pitch)
    right = max(ln.x1 for _p, ln in lines)
    left = min(ln.x0 for _p, ln in lines)
    dashes = _dash_style(lines)
    # a space drawn at a line's end tells a line broken at a space from a paragraph's last
    # line only where paragraphs' last lines have none; ODS PDFs draw one after every line
    finals = [a for (pa, a), (pb, b) in zip(lines, lines[1:]) if pa is pb and a.y0 - b.y0 > pitch * 1.35
              and not a.rtl]
    end_space_tells = not finals or sum(1 for a in finals if a.text.endswith(" ")) <= 0.5 * len(finals)
    # the Arabic conjunction "و" before a number: written on to it ("و21/17", the Human Rights
    # Council) or apart ("و 2044", the General Assembly); a line break between them takes the
    # document's own usage, learnt inside its lines
    rtl_text = " ".join(ln.plain for _p, ln in lines if ln.rtl)
    waw_attached = len(re.findall(r"(?:^|\s)و\d", rtl_text)) > len(re.findall(r"(?:^|\s)و \d", rtl_text))
    # the text margins: the edge most lines start at (left to right) or end at (right to left)
    margin_l = Counter(round(ln.x0) for _p, ln in lines if not ln.rtl).most_common(1)
    margin_r = Counter(round(ln.x1) for _p, ln in lines if ln.rtl).most_common(1)

    # each page's left margin: the edge most of its lines start at (a scanned page sits where the
    # sheet lay on the scanner: A/45/189's pages start at 68, 48 and 16 points); one pass
    edges: dict[int, Counter] = {}
    for p, ln in lines:
        if not ln.rtl:
            edges.setdefault(p.number, Counter())[round(ln.x0)] += 1

    def page_margin(page: _Page) -> float:
        counted = edges.get(page.number)
        return counted.most_common(1)[0][0] if counted else left

    def indent(ln: _Line) -> int:
        """The line's indent from its margin in twips, on a 4.5-point grid (as Word's
        ``w:ind``, which :attr:`RawParagraph.indent` carries for .docx)."""
        # a numbered paragraph is indented where its text starts, the number hanging before it
        if ln.rtl:
            pts = (margin_r[0][0] if margin_r else right) - (ln.text_edge or ln.x1)
        else:
            pts = (ln.text_edge or ln.x0) - (margin_l[0][0] if margin_l else left)
        return max(0, round(pts / 4.5)) * 90

    out: list[RawParagraph] = []
    text, number, prev, prev_page = "", None, None, None
    ind, big = 0, False
    for page, ln in lines:
        if ln.table is not None:
            # a line of a table (pdf_tables): its row is one paragraph of cells, given on the
            # row's first line; the row's other lines are in its cells
            if prev is not None and (text or number):
                out.append(_raw(text, number, ind, big))
            text, number = "", None
            if ln.row is not None:
                out.append(RawParagraph(" | ".join(ln.row), {}, None, None, cells=list(ln.row), table=ln.table))
            prev, prev_page = ln, page
            continue
        if prev is not None and prev.table is not None:
            prev = None   # a table ends: what follows starts a paragraph
        # a table's row (three or more runs split by tab-wide gaps: "Austria  3  0  0  3") is a
        # paragraph of its own, as are the lines before and after it
        # (so is a line with dot leaders: a table of contents, a meeting record's members)
        # (not on a typed or recognised page, where a typist's double space after a sentence and
        # text recognition's uneven spacing part running text into runs: "cold blood.  Many were
        # burned alive"; a table there is one pdf_tables finds by its aligned gutters)
        row = _row(ln, typed=page.typed_notes or page.scanned)
        prev_row = prev is not None and _row(prev, typed=prev_page.typed_notes or prev_page.scanned)
        new = prev is None or ln.number is not None or ((ln.alone or prev.alone) and not ln.cont) \
            or row or prev_row
        if prev is not None and not new:
            if page is prev_page:
                gap = prev.y0 - ln.y0
                new = gap > pitch * 1.35 or gap < 0
            else:
                # across a page: a new paragraph unless the previous line ran to the margin
                room = (prev.x0 - left) if prev.rtl else (right - prev.x1)
                # a line that ends with a drawn space was broken at it: the paragraph goes on
                # a paragraph number typed at the top of the page after a sentence's end opens
                # a paragraph even when the last line ran to the margin ("… future Gaza." / "11. A")
                typed = split_number(ln.plain.strip(), tab=False)[1] in ("arabic", "sub", "roman") \
                    and bool(re.search(r"[.;:。；：]$", prev.plain.strip()))
                new = typed or not (end_space_tells and prev.text.endswith(" ")) and (room > _first_word_width(ln) + 0.5 * prev.size or \
                    (bool(re.search(r"[,;:.，；：。،؛]$", prev.plain.strip()))
                     and (_listed_opener(ln.plain.strip(), language)
                          or (not ln.plain.strip()[:1].islower()
                              and verb_role(ln.plain.strip(), language) is not None))))
            if new and page is not prev_page and page.typed_notes and prev_page.typed_notes and not typed \
                    and ln.number is None and not ln.alone and not prev.alone and not prev.title \
                    and abs(ln.x0 - page_margin(page)) < ln.size \
                    and not re.search(r"[.;:!?][\"'”’)]?$", prev.plain.strip()):
                # a typed page is set ragged right, so the last line before the break says nothing
                # by its length: a paragraph typed on starts the next page at the margin after a
                # line that ends no sentence ("… against the Nazis during" / "World War II) is");
                # a new one is indented, numbered or follows a sentence's end
                new = False
            if not new and page is not prev_page and page.typed_notes and ln.x0 > left + 4 * ln.size \
                    and abs((ln.x0 + ln.x1) / 2 - (left + right) / 2) < 2 * ln.size:
                # a typed page: a line centred at the top of the next page is a heading ("ANNEX")
                new = True
            if not new and abs(ln.size - prev.size) > 1.5:
                new = True
            if not new and len(out) == 0 and prev_page.number == 1 and _symbol_line(text):
                # the masthead symbol stands alone, also when the next line (an Arabic
                # adoption line in a larger face) follows at less than a paragraph gap
                new = True
        if ln.cont and prev is not None and prev.alone:
            new = False   # an indented line of the session block continues its item
        if new and prev is not None:
            out.append(_raw(text, number, ind, big))
            text, number = "", None
        if new:
            number, ind = ln.number, indent(ln)
            big = ln.size >= sizes + 1.5 or ln.title
        if prev is not None and not new and (_glued_at_dash(prev, ln, right, dashes) or (
                waw_attached and prev.rtl and _ENDS_WITH_WAW.search(text) and ln.plain.lstrip()[:1].isdigit())):
            text = text.rstrip() + ln.text.lstrip()
        else:
            text = _join(text, ln.text, vocabulary, glue=language == "zh")
        prev, prev_page = ln, page
    if text or number:
        out.append(_raw(text, number, ind, big))
    return out


#: dot leaders between an entry and its page or its holder ("France . . . . . Mr. Levitte")
_LEADER_DOTS = re.compile(r"(?:\.[ \t\u00a0]{0,3}){8,}")


def _cell_text(line: _Line, glyphs: list[_Glyph]) -> str:
    """The text of some of ``line``'s glyphs (a table cell's part of it), composed as a line is:
    spaces, footnote markers as tokens, a word set apart kept before the rest."""
    if not glyphs:
        return ""
    if len(glyphs) == len(line.glyphs):
        return line_words_raw(line)
    x0, x1 = min(g.x0 for g in glyphs), max(g.x1 for g in glyphs)
    part = _Line(list(glyphs), line.y0, line.y1, line.size, x0, x1)
    spaces = [s for s in line.spaces if x0 - 0.5 <= s.x0 and s.x1 <= x1 + 0.5]
    _compose(part, spaces, line.rtl, line.spaces_drawn)
    return line_words_raw(part)


def line_words_raw(line: _Line) -> str:
    """A line's text with a number set apart before it, footnote tokens kept."""
    return f"{line.number} {line.text}".strip() if line.number else line.text


def _replace_in_cells(raw: RawParagraph, old: str, new: str) -> None:
    """Make in a table row's cells the change made in its text (the first ``old`` becomes ``new``)."""
    for i, cell in enumerate(raw.cells or []):
        if old in cell:
            raw.cells[i] = cell.replace(old, new, 1)
            return


def _mark_tables(pages: list[_Page], vocabulary: set[str], language: str) -> None:
    """Find the tables of each page's body lines (:mod:`.pdf_tables`) and mark their lines:
    ``table`` on every line, ``row`` (the row's cells) on the first line of each row.
    Pages read column by column are left alone (their lines are not in page order).

    A table that ends a page and one that starts the next, with as many columns and their
    blank bands between columns overlapping, are one table going on over the page break
    (they share an index); when the first row on the new page leaves its first column
    empty, or its last column under a row that fills it, it is the rest of the last row of
    the page before (a cell wrapped over the break), and its cells join that row's."""
    def join(a: str, b: str) -> str:
        return _join(a, b, vocabulary, glue=language == "zh")

    index = 0
    last = None   # (index, gutters, the first line of its last row) of a table ending the page before
    for page in pages:
        if page.columns or len(page.lines) < 3:
            last = None
            continue
        found = find_tables(page.lines, page.rules, _cell_text, join, continued=last is not None)
        for table in found:
            if last is not None and table.lines[0] is page.lines[0] and len(table.gutters) == len(last[1]) \
                    and all(a0 < b1 and b0 < a1 for (a0, a1), (b0, b1) in zip(table.gutters, last[1])):
                at = last[0]   # the table of the page before goes on
                head, (row_lines, cells) = last[2], table.rows[0]
                if head.row is not None and len(head.row) == len(cells) and (
                        not cells[0] or (not cells[-1] and head.row[-1])):
                    head.row = [join(a, b) if b else a for a, b in zip(head.row, cells)]
                    for ln in row_lines:
                        ln.table = at   # (read with the row above: no paragraph of their own)
                    table.rows = table.rows[1:]
            else:
                at = index
                index += 1
            for ln in table.lines:
                ln.table = at
            for row_lines, cells in table.rows:
                row_lines[0].row = cells
        tail = found[-1] if found else None
        last = (tail.lines[0].table, tail.gutters, tail.rows[-1][0][0] if tail.rows else None) \
            if tail is not None and tail.lines[-1] is page.lines[-1] and tail.rows else None


def _row(line: _Line, typed: bool = False) -> bool:
    """Whether ``line`` stands alone: a table's row (three or more runs split by tab-wide
    gaps; not on a ``typed`` page: a typed or text-recognition page, whose running text has
    gaps as wide) or an entry with dot leaders."""
    return not line.rtl and ((line.cells >= 3 and not typed) or bool(_LEADER_DOTS.search(line.plain)))


def _raw(text: str, number: str | None, indent: int, big: bool = False) -> RawParagraph:
    """A paragraph for the structure pass; its indent is given unless its number is typed
    in its text (``’1‘ …``), whose place on the line LibreOffice and Word set differently.

    ``big``: set in a larger face than the body text (ODS titles and headings: 12 or 14
    points against 10); an unnumbered one that does not end like a sentence is a heading.
    """
    typed = number is None and split_number(strip_tokens(text).strip(), tab=False)[0] is not None
    plain = strip_tokens(text).strip()
    heading = True if big and number is None and not typed and plain and len(plain) <= 300 \
        and not re.search(r"[.,;:。，；：،؛]$", plain) else None
    return RawParagraph(text, {}, heading, number, indent=None if typed else indent)


def _page_list(numbers: list[int]) -> str:
    """``[1, 2, 3, 5]`` → ``"1–3, 5"``."""
    out, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return ", ".join(out)


def read_pdf(path: Path, data: bytes | None = None, *, furniture: list[str] | None = None) -> ParsedDocument:
    """Read the PDF at ``path`` (or its bytes ``data``) into a :class:`ParsedDocument`.

    ``source_format`` is ``"pdf"``; structure and metadata come from
    :func:`~.structure.parse_structure`, with the symbols of running heads
    as ``running_symbols`` (see this module's docstring for what is done).

    Raises :class:`ReadError` naming the file (and the page where known) when
    the file is not a PDF, is truncated or damaged, is encrypted with a
    password, or has no text layer (an image-only scan).

    ``furniture``, when given, receives the text of every line taken off as
    page furniture (masthead, running heads, page numbers, job numbers,
    barcodes, footnote separators), so that the words of the text layer are
    those stored plus those (tests/core/test_pdf_real.py).  Text the reader
    cannot place (a footnote line before any marker, a note whose marker is
    not in the text) is kept as a body paragraph and named in
    :attr:`ParsedDocument.warnings`.
    """
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(path, _("the file cannot be read: {error}").format(
                error=exc.strerror or exc)) from exc
    limits.check_file_size(len(data), limits.PDF_FILE_BYTES, path)
    pdfguard.install()
    pages = _pages(path, data)
    if not any(p.lines for p in pages):
        raise ReadError(path, _("the PDF has no text layer (scanned images only); "
                                "run it through text recognition first"))
    sizes = Counter(round(ln.size, 1) for p in pages for ln in p.lines for _g in ln.glyphs)
    body_size = sizes.most_common(1)[0][0]
    removed: list[str] = furniture if furniture is not None else []
    for page in pages:
        if page.overprint:
            removed.append("".join(page.overprint))
    masthead = strip_ods_furniture(pages, removed, _split_line)
    for page in pages:
        if page.scanned or page.typed_notes:
            for ln in page.lines:
                # text recognition and typewriters space words unevenly: a wide gap after a
                # line's first word sets a number apart only when it is one ("1.", "(a)",
                # "II."), not "aimed"
                if ln.number is not None and split_number(
                        strip_tokens(ln.number) + " x", tab=False)[0] is None \
                        and not _NOTE_MARK.fullmatch(ln.number):
                    ln.text = f"{ln.number} {ln.text}"
                    ln.plain = strip_tokens(ln.text)
                    ln.number, ln.text_edge = None, None
    # an ODS document's furniture is known by its layout (pdf_layout); the generic rule (text
    # repeated at the top or foot of pages) would take a footnote's run of symbols for a footer
    running = _furniture(pages, removed) if masthead is None else Counter()
    notes: dict[str, str] = {}
    order: list[str | None] = []
    unplaced: list[str] = []
    body: list[tuple[_Page, _Line]] = []
    for page in pages:
        foot = _split_footnotes(page, body_size)
        _note_entries(foot, notes, order, unplaced)
        body.extend((page, ln) for ln in page.lines)
    vocabulary = {w.lower() for _p, ln in body for w in re.findall(r"\w+", ln.plain)}
    language = detect_language(" ".join(ln.plain for _p, ln in body[:400]))
    _mark_tables(pages, vocabulary, language)
    raw = _paragraphs(body, vocabulary, language)
    used: set[str] = set()
    for r in raw:
        for m in _TOKEN.findall(r.text):
            marker = m[1:-1]
            half = marker[:len(marker) // 2]
            if marker not in notes and len(marker) % 2 == 0 and marker == half * 2 and half in notes:
                # LibreOffice draws a CJK text's two-digit anchor twice over ("1010" for note 10)
                r.text = r.text.replace(m, footnote_token(half), 1)
                _replace_in_cells(r, m, footnote_token(half))
                marker = half
            elif marker not in notes and (not re.fullmatch(r"[\d*†‡]+", marker) or (
                    marker in ("2", "3") and re.search(rf"\b(?:km|m|cm|mm|ha|ft|CO|NO|SO){re.escape(m)}", r.text))):
                # raised text no note answers to is text: a power after a unit ("km2" for km²), small
                # letters of a text-recognition layer ("UJ" "rl" "ent")
                r.text = r.text.replace(m, marker, 1)
                _replace_in_cells(r, m, marker)
                continue
            r.notes[marker] = notes.get(marker, "")
            used.add(marker)
    for marker in notes:
        if marker in used or not re.fullmatch(r"[*†‡]{1,3}", marker):
            continue
        # a typed page's marker is an asterisk typed after its word ("preliminary list*"), on the
        # line, not raised: the first one standing alone after a word or a closing sign
        typed = re.compile(rf"(?<=[\w.,;:)”’\]]){re.escape(marker)}(?![*†‡])")
        for r in raw:
            m = typed.search(r.text)
            if m and r.text[max(0, m.start() - 1)] not in "*†‡":
                if r.cells is not None:
                    _replace_in_cells(r, m.group(0), footnote_token(marker))
                r.text = r.text[:m.start()] + footnote_token(marker) + r.text[m.end():]
                r.notes[marker] = notes[marker]
                used.add(marker)
                break
    warnings: list[str] = []
    # a footnote whose marker the text does not carry, and footnote lines before any marker:
    # kept as body paragraphs at the end, and said so
    unused = [m for m in dict.fromkeys(order) if m is not None and m not in used]
    # a reissue's note ("*** Third reissue for technical reasons (17 April 2012).") answers the
    # marker after the document's symbol in the masthead ("S/2012/197***"), which went with
    # the masthead: a note on the whole document, kept as a paragraph at the end
    on_symbol = [m for m in unused if re.fullmatch(r"[*†‡]{1,3}", m) and any(
        re.search(rf"/\w[\w./-]*(?<![*†‡]){re.escape(m)}(?:\s|$)", line) for line in removed)]
    unused = [m for m in unused if m not in on_symbol]
    raw.extend(RawParagraph(f"{m} {notes[m]}".strip()) for m in on_symbol)
    if unused or unplaced:
        raw.extend(RawParagraph(t) for t in unplaced + [f"{m} {notes[m]}".strip() for m in unused])
        warnings.append(_("{n} footnote line(s) could not be attached to a marker in the text; "
                          "they are kept as body paragraphs at the end").format(n=len(unplaced) + len(unused)))
    if not any(strip_tokens(r.text).strip() for r in raw):
        raise ReadError(path, _("the PDF has no text layer (scanned images only); "
                                "run it through text recognition first"))
    scanned = [p.number for p in pages if p.scanned and p.lines]
    # (one page or a list of them: a choice of words, not a grammatical number, so two messages)
    if len(scanned) == 1:
        warnings.append(_("page {page} is a scanned image whose text layer comes from text recognition: "
                          "the text may hold recognition errors; check it against the page").format(
            page=scanned[0]))
    elif scanned:
        warnings.append(_("pages {pages} are scanned images whose text layer comes from text recognition: "
                          "the text may hold recognition errors; check it against the pages").format(
            pages=_page_list(scanned)))
    columns = [p.number for p in pages if p.columns]
    if len(columns) == 1:
        warnings.append(_("page {page} is set in two columns; it was read column by column").format(
            page=columns[0]))
    elif columns:
        warnings.append(_("pages {pages} are set in two columns; they were read column by column").format(
            pages=_page_list(columns)))
    doc = parse_structure(raw, source_format="pdf", running_symbols=running or None)
    apply_masthead(doc, masthead)
    if doc.title and not re.search(r"[^\W\d_]{2}", doc.title):
        doc.title = ""   # specks read as text (",,.·..:" over T/PET.11/142's stamp): no word, no title
    doc.warnings.extend(warnings)
    return doc
