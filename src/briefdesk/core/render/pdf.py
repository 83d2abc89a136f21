"""Print-ready A4 PDF of one :class:`~briefdesk.core.document.ParsedDocument`.

Layout follows the look of UN and CBD documents as delegates know it
(UN Editorial Manual, "Resolutions and decisions"; the CBD decision
template): A4 (210 × 297 mm) with 25 mm margins; a title block with the
issuing body on the left and the document symbol and date top right,
then session, venue and dates, agenda item and the title; then the
paragraphs in reading order:

* headings in bold, set apart by space and kept with the next paragraph;
  CJK headings and titles, which have no bold face shipped, are
  emboldened by PDF text render mode 2 (fill, then stroke the outline at
  0.35 pt), which leaves the text extractable as it is;
* numbered paragraphs with a hanging indent: the number sits in the
  indent, the text aligns after it; sub-paragraphs (level 1, 2) sit
  10 mm further in per level;
* the leading ``verb`` of preambular and operative paragraphs emphasised:
  italic for Latin/Cyrillic/Greek scripts (as in UN English texts), bold
  for Arabic, and plain for Chinese (no bold CJK face is shipped and
  ReportLab's paragraph markup has no synthetic bold; Chinese UN texts do
  not italicise verbs either);
* paragraphs of an embedded part (``ParsedParagraph.part``) indented a
  further 10 mm under the part's title, set as a heading;
* footnotes at the **bottom of the page** where their marker stands, under
  a short rule, with superscript markers in the text at
  ``ParsedFootnote.offset`` (a marker with no offset goes at the end of its
  paragraph).  When a paragraph breaks across pages its footnotes go with
  its first piece.  A paragraph's footnotes taller than half the text
  area follow the paragraph in the text flow instead;
* a footer on every page with the symbol and "Page N of M" (through
  :func:`~briefdesk.core.i18n._`); the symbol heads every page after the first;
* a PDF outline (bookmarks): the title, each part, each heading, and each
  section label not introduced by a heading paragraph.

Chinese text is wrapped with ReportLab's ``wordWrap='CJK'`` (line breaks
between any two characters, obeying the kinsoku rules ReportLab knows) and
is set left-aligned so no spacing is inserted between characters: text
extraction gives back the stored characters with only line breaks added.

Arabic paragraphs are right-aligned but not shaped (see :mod:`.fonts`).

Fonts come only from ``resources/fonts`` (see :mod:`.fonts`); every font in
the output is embedded as a TrueType subset.

Shared page machinery.  The briefing-pack (:mod:`.pack_pdf`) and draft
(:mod:`.draft_pdf`) renderers lay out on the same A4 page and use these
public pieces rather than their own copies: the geometry (:data:`PAGE_WIDTH`,
:data:`PAGE_HEIGHT`, :data:`MARGIN`, :data:`INDENT`), :class:`Styles`,
:class:`Para` and :func:`styled_para` (outline entries, Arabic set right to
left, simulated CJK bold), the foot-of-page footnotes (:class:`FootnoteState`
queued by :class:`WithFootnotes`), :func:`draw_runs` for header and footer
lines, :class:`PagedTemplate` with :func:`body_frame` and
:func:`draw_running_head`, :class:`OutlinedCanvas`, and :func:`check_output`
/ :func:`write_output` for the file or stream written.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph,
                                Spacer, Table, TableStyle)
from reportlab.platypus.flowables import HRFlowable

from ..document import (DocumentKind, ParagraphKind, ParsedDocument, ParsedFootnote, ParsedParagraph,
                        cell_footnotes, cell_offsets, is_grid_row, table_grid)
from ..errors import BriefDeskError, Cancelled, ExportError
from ..i18n import N_, _, format_date, format_date_range, translator
from ..readers.structure import agenda_items
from .fonts import Script, font_for, markup, register_fonts, script_of, split_runs
from .rtl import BidiParagraph, has_arabic, visual

#: Characters that must not start a line in Chinese text (clreq, W3C
#: "Requirements for Chinese Text Layout" §3.1.7; GB/T 15834 punctuation).
#: ReportLab's own list (``reportlab.lib.textsplit.ALL_CANNOT_START``) is
#: Japanese-centred and lacks ``，；：？！”’》`` among others.
CHINESE_CANNOT_START = "，。、；：？！）》」』】〕〉］｝”’…·—%‰℃．,.;:?!)]}"


def _extend_line_start_rules() -> None:
    """Add :data:`CHINESE_CANNOT_START` to the list ReportLab's CJK wrap consults."""
    import reportlab.platypus.paragraph as rl_paragraph

    current = rl_paragraph.ALL_CANNOT_START
    extra = "".join(c for c in CHINESE_CANNOT_START if c not in current)
    if extra:
        rl_paragraph.ALL_CANNOT_START = current + extra


_extend_line_start_rules()

#: Page geometry in points (1 pt = 1/72 inch; 1 mm ≈ 2.835 pt).
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 25 * mm
#: Indent step for numbers, sub-paragraph levels and parts.
INDENT = 10 * mm

ProgressFn = Callable[[int, int], None]
AbortFn = Callable[[], bool]


# ---------------------------------------------------------------------------
# styles


@dataclass
class Styles:
    """Paragraph styles for one document, sized for its main script.

    ``body`` 11 pt (justified; left in CJK, right in Arabic), ``heading``
    (kept with next), ``title`` 14 pt, ``meta`` 10 pt, ``symbol`` 12 pt
    right-aligned, ``note`` 8.5 pt for footnotes.  Sizes in points.
    """

    script: Script
    body: ParagraphStyle = field(init=False)
    heading: ParagraphStyle = field(init=False)
    title: ParagraphStyle = field(init=False)
    meta: ParagraphStyle = field(init=False)
    symbol: ParagraphStyle = field(init=False)
    note: ParagraphStyle = field(init=False)

    def __post_init__(self) -> None:
        cjk = self.script == Script.CJK
        rtl = self.script == Script.ARABIC
        base = font_for(self.script)
        size = 11.0
        common = dict(fontName=base, wordWrap="CJK" if cjk else None,
                      alignment=TA_RIGHT if rtl else (TA_LEFT if cjk else TA_JUSTIFY))
        self.body = ParagraphStyle("body", fontSize=size, leading=17 if cjk else 14.5,
                                   spaceAfter=6, bulletFontSize=size, **common)
        self.heading = ParagraphStyle("heading", parent=self.body, spaceBefore=10, spaceAfter=6,
                                      keepWithNext=1, alignment=TA_RIGHT if rtl else TA_LEFT)
        self.title = ParagraphStyle("title", parent=self.body, fontSize=14, leading=20,
                                    spaceBefore=10, spaceAfter=12, alignment=TA_RIGHT if rtl else TA_LEFT)
        self.meta = ParagraphStyle("meta", parent=self.body, fontSize=10, leading=14 if cjk else 12.5,
                                   spaceAfter=0, alignment=TA_RIGHT if rtl else TA_LEFT)
        self.symbol = ParagraphStyle("symbol", parent=self.meta, fontSize=12, leading=16,
                                     alignment=TA_RIGHT)
        self.note = ParagraphStyle("note", parent=self.body, fontSize=8.5, leading=12 if cjk else 10.5,
                                   spaceAfter=2, alignment=TA_RIGHT if rtl else TA_LEFT)


def styled_para(text: str, style: ParagraphStyle, plain: str, **kw) -> Para:
    """A :class:`Para` of markup ``text``, set right to left when ``plain`` is mainly Arabic.

    Left-aligned or justified styles become right-aligned for Arabic; centred ones stay centred.
    """
    para = Para(text, style, **kw)
    if script_of(plain) == Script.ARABIC:
        para.rtl = True
        if style.alignment in (TA_LEFT, TA_JUSTIFY):
            para.style = ParagraphStyle(style.name + "-rtl", parent=style, alignment=TA_RIGHT)
    return para


def text_cuts(text: str, verb: str | None, footnotes, highlights=()) -> tuple[
        int, dict[int, list[str]], list[tuple[int, int]], list[int]]:
    """Where a paragraph's text changes look: ``(verb_end, marks, spans, cuts)``.

    ``verb_end`` is the length of the leading ``verb`` (0 when the text does
    not start with it); ``marks`` maps a character offset to the footnote
    markers standing there (``ParsedFootnote.offset``-like ``footnotes``; no
    offset means the end of the text); ``spans`` are the ``highlights``
    (objects with ``start``/``end`` character offsets) clipped to the text,
    empty ones dropped; ``cuts`` are the sorted distinct offsets where a run
    starts or ends, always including 0 and ``len(text)``.
    """
    vend = len(verb) if verb and text.startswith(verb) else 0
    marks: dict[int, list[str]] = {}
    for fn in footnotes:
        pos = len(text) if fn.offset is None else max(0, min(fn.offset, len(text)))
        marks.setdefault(pos, []).append(fn.marker)
    spans = [(max(0, h.start), min(len(text), h.end)) for h in highlights if h.start < h.end]
    cuts = sorted({0, vend, len(text), *marks, *(a for a, _b in spans), *(b for _a, b in spans)})
    return vend, marks, spans, cuts


def text_markup(text: str, *, verb: str | None, footnotes, bold: bool = False, highlights=(),
                highlight: str | None = None) -> str:
    """ReportLab paragraph markup for a paragraph's ``text``: the leading ``verb`` emphasised
    (italic in Latin scripts, bold in Arabic, plain in CJK — see the module notes), footnote
    markers as superscripts at their offsets, and ``highlights`` (see :func:`text_cuts`) on a
    ``highlight`` background colour (e.g. ``"#FFE866"``)."""
    vend, marks, spans, cuts = text_cuts(text, verb, footnotes, highlights)
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        for m in marks.get(a, []):
            out.append(f"<super>{markup(m)}</super>")
        if b is None:
            break
        seg = text[a:b]
        seg_script = script_of(seg)
        if a < vend and seg_script == Script.LATIN:
            s = markup(seg, bold=bold, italic=True)
        elif a < vend and seg_script == Script.ARABIC:
            s = markup(seg, bold=True)
        else:
            s = markup(seg, bold=bold)
        if highlight and any(x <= a and b <= y for x, y in spans):
            s = f'<span backColor="{highlight}">{s}</span>'
        out.append(s)
    return "".join(out)


def _document_script(document: ParsedDocument) -> Script:
    lang = (document.language or "").lower()[:2]
    if lang in ("zh", "ja", "ko"):
        return Script.CJK
    if lang in ("ar", "fa", "ur"):
        return Script.ARABIC
    if lang:
        return Script.LATIN
    sample = document.title + "".join(p.text for p in document.paragraphs[:20])
    return script_of(sample)


# ---------------------------------------------------------------------------
# flowables


class Para(BidiParagraph):
    """A Paragraph that may carry a PDF outline entry ``(key, title, level)``.

    Arabic paragraphs set ``rtl`` (see :class:`.rtl.BidiParagraph`).
    """

    outline: tuple[str, str, int] | None = None
    #: Simulate bold (fill then stroke the glyph outlines, PDF text render
    #: mode 2, stroke 0.35 pt) for CJK text, which has no bold face shipped.
    fake_bold: bool = False

    def draw(self) -> None:
        if self.outline is not None:
            key, title, level = self.outline
            self.canv.bookmarkHorizontal(key, 0, self.height)
            self.canv.addOutlineEntry(title, key, level=level, closed=False)
        if not self.fake_bold:
            super().draw()
            return
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(0.35)
        canv.setStrokeColor(colors.black)
        canv._code.append("2 Tr")  # text state persists into the paragraph's text objects
        super().draw()
        canv.restoreState()

    def split(self, availWidth, availHeight):  # noqa: N803 (ReportLab's names)
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):
            if isinstance(part, Para):
                part.outline = self.outline if i == 0 else None
                part.fake_bold = self.fake_bold
        return parts


class FootnoteState:
    """Footnotes waiting to be drawn at the bottom of the current page.

    One per build pass.  :class:`WithFootnotes` flowables queue their notes
    in :attr:`notes` as they are drawn; the page template's ``onPageEnd``
    calls :meth:`draw`, and its ``onPage`` resets the frames (``frame._geom()``)
    to give back the space reserved for the previous page's notes.
    """

    SEPARATOR = 9.0  # points: rule plus gap above the first footnote on a page

    def __init__(self) -> None:
        self.notes: list[Paragraph] = []

    def height(self, notes: list[Paragraph], width: float) -> float:
        """Points needed at the page foot for ``notes`` on the current page."""
        h = sum(n.wrap(width, PAGE_HEIGHT)[1] + n.getSpaceAfter() for n in notes)
        return h + (0 if self.notes else self.SEPARATOR)

    def draw(self, canv: Canvas, frame: Frame) -> None:
        """Draw and forget the page's footnotes, bottom-up from the frame's foot."""
        if not self.notes:
            return
        width = frame._width - frame._leftPadding - frame._rightPadding
        x = frame._x1 + frame._leftPadding
        heights = [n.wrap(width, PAGE_HEIGHT)[1] for n in self.notes]
        y = frame._y1 + frame._bottomPadding + sum(heights) + sum(
            n.getSpaceAfter() for n in self.notes[:-1])
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.line(x, y + 3, x + 45 * mm, y + 3)
        canv.restoreState()
        for note, h in zip(self.notes, heights):  # top-down, so text extraction keeps order
            y -= h
            note.drawOn(canv, x, y)
            y -= note.getSpaceAfter()
        self.notes = []


class WithFootnotes(Flowable):
    """A paragraph whose footnotes must sit at the foot of the page it lands on.

    ``wrap`` reports the paragraph's own height when paragraph and footnotes
    both fit, else a height that cannot fit so the frame splits or moves it;
    ``drawOn`` queues the footnotes and raises the frame's bottom by their
    height so the text that follows leaves room for them.
    """

    def __init__(self, para: Paragraph, notes: list[Paragraph], state: FootnoteState) -> None:
        super().__init__()
        self.para = para
        self.notes = notes
        self.state = state
        self._fh = 0.0

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's names)
        return self.para.getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.para.getSpaceAfter()

    def wrap(self, availWidth, availHeight):  # noqa: N803
        w, h = self.para.wrap(availWidth, availHeight)
        self._fh = self.state.height(self.notes, availWidth)
        self.width, self.height = w, h
        if h + self._fh > availHeight:
            return w, h + self._fh
        return w, h

    def split(self, availWidth, availHeight):  # noqa: N803
        fh = self.state.height(self.notes, availWidth)
        if availHeight - fh <= 0:
            return []
        parts = self.para.split(availWidth, availHeight - fh)
        if not parts:
            return []
        return [WithFootnotes(parts[0], self.notes, self.state), *parts[1:]]

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802
        self.para.drawOn(canvas, x, y, _sW)
        frame = getattr(self, "_frame", None)
        self.state.notes.extend(self.notes)
        if frame is not None:
            frame._y1p += self._fh


# ---------------------------------------------------------------------------
# building the story


class _StoryBuilder:
    """Turns a ParsedDocument into a list of flowables for one build pass."""

    def __init__(self, document: ParsedDocument, styles: Styles, state: FootnoteState) -> None:
        self.doc = document
        self.st = styles
        self.state = state
        self.cjk = styles.script == Script.CJK
        self.locale = document.language or "en"  # i18n maps it to CLDR (UN English: en_GB)
        self.t = translator(document.language)
        self.masthead = document.has_masthead()
        self._keys = 0
        self._last_level = -1
        self.story: list[Flowable] = []

    # -- helpers -----------------------------------------------------------

    def _outline(self, title: str, level: int) -> tuple[str, str, int]:
        level = max(0, min(level, self._last_level + 1))
        self._last_level = level
        self._keys += 1
        return (f"bd{self._keys}", " ".join(title.split())[:200], level)

    def _note_flowables(self, footnotes: list[ParsedFootnote]) -> list[Paragraph]:
        notes = []
        for fn in footnotes:
            text = f"<super>{markup(fn.marker)}</super> {markup(fn.text)}"
            style = self.st.note
            if script_of(fn.text) == Script.CJK and style.wordWrap != "CJK":
                style = ParagraphStyle("noteCJK", parent=style, wordWrap="CJK", alignment=TA_LEFT)
            notes.append(styled_para(text, style, fn.text))
        return notes

    def _style_for(self, base: ParagraphStyle, *, number: str | None, level: int, extra: float,
                   text: str) -> ParagraphStyle:
        left = extra + level * INDENT
        kw: dict = {}
        script = script_of(text)
        if script == Script.ARABIC:
            # mirrored: the number hangs at the right margin (drawn by BidiParagraph)
            kw.update(alignment=TA_RIGHT, leftIndent=0, firstLineIndent=0, bulletIndent=left,
                      rightIndent=left + INDENT if number else left)
            return ParagraphStyle(f"{base.name}-{level}-{bool(number)}-{extra}-rtl", parent=base, **kw)
        if number:
            kw.update(bulletIndent=left, leftIndent=left + INDENT, firstLineIndent=0,
                      bulletFontName=split_runs(number)[0][1])
        else:
            kw.update(leftIndent=left, bulletIndent=left)
            if base is self.st.body and level == 0 and self.doc.kind != DocumentKind.NOTE:
                kw["firstLineIndent"] = 2 * base.fontSize if self.cjk else INDENT
        if script == Script.CJK and base.wordWrap != "CJK":
            kw.update(wordWrap="CJK", alignment=TA_LEFT)
        return ParagraphStyle(f"{base.name}-{level}-{bool(number)}-{extra}", parent=base, **kw)

    # -- parts of the story ------------------------------------------------

    def title_block(self) -> None:
        d, st = self.doc, self.st
        left = [styled_para(markup(d.body, bold=True), st.meta, d.body)] if d.body else []
        right = []
        if d.symbol:
            right.append(Paragraph(markup(d.symbol, bold=True), st.symbol))
        if d.date:
            date = format_date(d.date, locale=self.locale)
            right.append(styled_para(markup(date), ParagraphStyle("date", parent=st.meta, alignment=TA_RIGHT),
                               date))
        width = PAGE_WIDTH - 2 * MARGIN
        if left or right:
            cells, widths = [left or [Spacer(1, 1)], right or [Spacer(1, 1)]], [width * 0.6, width * 0.4]
            if self.st.script == Script.ARABIC:  # mirrored: body at the right, symbol and date at the left
                cells, widths = cells[::-1], widths[::-1]
                for p in right:
                    p.style = ParagraphStyle(p.style.name + "-rtl", parent=p.style, alignment=TA_LEFT)
            table = Table([cells], colWidths=widths)
            table.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), font_for(Script.LATIN)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]))
            self.story.append(table)
        self.story.append(HRFlowable(width="100%", thickness=1.2, color=colors.black,
                                     spaceBefore=2, spaceAfter=8))
        title = d.title or d.symbol or self.t(N_("Untitled document"))
        if self.masthead:
            # The document prints its own masthead (body, session, dates, title):
            # repeating it from the metadata would show it twice.
            self.story.append(_OutlineMark(self._outline(title, 0)))
            return
        lines = []
        if d.session:
            session = d.session.strip()
            lines.append(self.t(N_("Session {session}")).format(session=session) if session.isdigit() else session)
        where = ", ".join(x for x in (d.venue, format_date_range(d.start_date, d.end_date,
                                                                  locale=self.locale)) if x)
        if where:
            lines.append(where)
        if d.agenda_item:
            item = d.agenda_item.strip()
            if not item[:1].isdigit():
                lines.append(item)
            elif len(agenda_items(item)) > 1:      # "Agenda items 23, 35 and 78"
                lines.append(self.t(N_("Agenda items {items}")).format(items=item))
            else:
                lines.append(self.t(N_("Agenda item {item}")).format(item=item))
        for line in lines:
            self.story.append(styled_para(markup(line), st.meta, line))
        para = styled_para(markup(title, bold=True), st.title, title)
        para.fake_bold = script_of(title) == Script.CJK
        para.outline = self._outline(title, 0)
        self.story.append(para)

    def paragraphs(self) -> None:
        current_part: int | None = None
        current_section: str | None = None
        parts = self.doc.parts
        paragraphs = self.doc.paragraphs
        i = -1
        while i + 1 < len(paragraphs):
            i += 1
            p = paragraphs[i]
            part = p.part if p.part is not None and 0 <= p.part < len(parts) else None
            if part != current_part:
                current_part = part
                if part is not None:
                    self._part_heading(part)
                else:
                    self.story.append(Spacer(1, 6))
            extra = INDENT if current_part is not None else 0.0
            base_level = 2 if current_part is not None else 1
            outline = None
            if p.kind == ParagraphKind.HEADING:
                label = f"{p.number} {p.text}" if p.number else p.text
                outline = self._outline(label, base_level)
                current_section = p.section or current_section
            elif p.section and p.section != current_section:
                current_section = p.section
                outline = self._outline(self.t(N_("Section {label}")).format(label=p.section), base_level)
            if is_grid_row(p):
                rows = [p]
                while i + 1 < len(paragraphs) and paragraphs[i + 1].table == p.table \
                        and is_grid_row(paragraphs[i + 1]) and paragraphs[i + 1].part == p.part:
                    i += 1
                    rows.append(paragraphs[i])
                self._table(rows, extra, outline)
                continue
            self._paragraph(p, extra, outline)

    def _part_heading(self, index: int) -> None:
        part = self.doc.parts[index]
        kind_labels = {
            DocumentKind.DRAFT_DECISION: self.t(N_("Draft decision")),
            DocumentKind.DRAFT_RESOLUTION: self.t(N_("Draft resolution")),
            DocumentKind.DRAFT_RECOMMENDATION: self.t(N_("Draft recommendation")),
            DocumentKind.DECISION: self.t(N_("Decision")),
            DocumentKind.RESOLUTION: self.t(N_("Resolution")),
            DocumentKind.RECOMMENDATION: self.t(N_("Recommendation")),
        }
        title = part.title or kind_labels.get(part.kind, self.t(N_("Annexed text")))
        style = ParagraphStyle("part", parent=self.st.heading, leftIndent=INDENT, spaceBefore=14,
                               fontSize=self.st.heading.fontSize + 1)
        if script_of(title) == Script.ARABIC:
            style = ParagraphStyle("part-rtl", parent=style, leftIndent=0, rightIndent=INDENT,
                                   alignment=TA_RIGHT)
        para = styled_para(markup(title, bold=True), style, title)
        para.fake_bold = script_of(title) == Script.CJK
        para.outline = self._outline(title, 1)
        self.story.append(para)

    def _paragraph(self, p: ParsedParagraph, extra: float, outline) -> None:
        heading = p.kind == ParagraphKind.HEADING
        base = self.st.heading if heading else self.st.body
        style = self._style_for(base, number=p.number, level=max(0, p.level), extra=extra, text=p.text)
        verb = p.verb if p.kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE) else None
        text = text_markup(p.text, verb=verb, footnotes=p.footnotes, bold=heading)
        if script_of(p.text) == Script.ARABIC:
            para = styled_para(text, style, p.text)
            para.rtl_bullet = p.number or None
        else:
            para = Para(text, style, bulletText=p.number or None)
        para.outline = outline
        para.fake_bold = heading and script_of(p.text) == Script.CJK
        if not p.footnotes:
            self.story.append(para)
            return
        notes = self._note_flowables(p.footnotes)
        body_height = PAGE_HEIGHT - 2 * MARGIN
        if self.state.height(notes, PAGE_WIDTH - 2 * MARGIN) > body_height / 2:
            self.story.append(para)
            self.story.extend(notes)  # too tall for the page foot: keep them in the flow
        else:
            self.story.append(WithFootnotes(para, notes, self.state))

    def _table(self, rows: list[ParsedParagraph], extra: float, outline) -> None:
        """The rows of one table as a ReportLab :class:`Table` on the grid of
        :func:`~briefdesk.core.document.table_grid`: spans as ``SPAN``, 0.5 pt rules, each
        cell a paragraph at 9 pt (8 pt past six columns) with its footnote markers; columns
        as wide as their longest single-column text up to the text width, narrowed in
        proportion when they do not fit; mirrored for Arabic.  The rows' footnotes go to
        the foot of the page where the table starts (or after it, when too tall)."""
        grid = table_grid(rows)
        if not grid.cells:
            return
        avail = PAGE_WIDTH - 2 * MARGIN - extra
        rtl = self.st.script == Script.ARABIC
        size = 9.0 if grid.width <= 6 else 8.0
        style = ParagraphStyle(f"cell-{size}", parent=self.st.body, fontSize=size,
                               leading=size * (1.5 if self.cjk else 1.25), spaceAfter=0,
                               firstLineIndent=0, leftIndent=0, alignment=TA_RIGHT if rtl else TA_LEFT)
        pad = 3.0
        data: list[list] = [["" for _ in range(grid.width)] for _ in range(grid.height)]
        natural = [0.0] * grid.width
        least = [0.0] * grid.width
        commands: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        offsets = [cell_offsets(p) for p in rows]
        notes_of = [cell_footnotes(p, o) for p, o in zip(rows, offsets)]
        for c in grid.cells:
            p = rows[c.paragraph]
            start = offsets[c.paragraph][c.index]
            notes = [replace(p.footnotes[k], offset=p.footnotes[k].offset - start
                             if p.footnotes[k].offset is not None
                             and start <= p.footnotes[k].offset <= start + len(c.text) else None)
                     for k in notes_of[c.paragraph][c.index]]
            column = grid.width - c.column - c.columns if rtl else c.column
            para = styled_para(text_markup(c.text, verb=None, footnotes=notes), style, c.text)
            data[c.row][column] = para
            if c.columns == 1:
                natural[column] = max(natural[column], stringWidth(c.text, style.fontName, size) + 2 * pad + 2)
                word = max((stringWidth(w, style.fontName, size) for w in c.text.split()), default=0)
                least[column] = max(least[column], word + 2 * pad + 2)
            if c.columns > 1 or c.rows > 1:
                commands.append(("SPAN", (column, c.row), (column + c.columns - 1, c.row + c.rows - 1)))
        widths = _column_widths(natural, least, avail)
        table = Table(data, colWidths=widths, hAlign="RIGHT" if rtl else "LEFT", splitByRow=1)
        table.setStyle(TableStyle(commands))
        if outline is not None:
            self.story.append(_OutlineMark(outline))
        self.story.append(Spacer(1, 4))
        footnotes = [f for p in rows for f in p.footnotes]
        if not footnotes:
            self.story.append(table)
        else:
            notes = self._note_flowables(footnotes)
            if self.state.height(notes, PAGE_WIDTH - 2 * MARGIN) > (PAGE_HEIGHT - 2 * MARGIN) / 2:
                self.story.append(table)
                self.story.extend(notes)
            else:
                self.story.append(WithFootnotes(table, notes, self.state))
        self.story.append(Spacer(1, 8))

    def build(self) -> list[Flowable]:
        self.title_block()
        self.paragraphs()
        return self.story


def _column_widths(natural: list[float], least: list[float], avail: float) -> list[float]:
    """Column widths (points) within ``avail`` for columns whose text is ``natural`` wide on
    one line and needs ``least`` (its longest word): as natural when they fit; else each
    keeps its longest word and shares what is left in proportion to what it has beyond it;
    else (the words alone do not fit) the least widths narrowed in proportion.  A column
    with no single-column text of its own gets 8 mm (less when the page has not room)."""
    n = len(natural)
    floor = min(8 * mm, avail / n)
    least = [max(w, floor) for w in least]
    natural = [max(w, m) for w, m in zip(natural, least)]
    if sum(natural) <= avail:
        return natural
    if sum(least) <= avail:
        beyond = sum(w - m for w, m in zip(natural, least))
        room = avail - sum(least)
        return [m + (w - m) * room / beyond for w, m in zip(natural, least)]
    return [m * avail / sum(least) for m in least]


class _OutlineMark(Flowable):
    """A zero-size flowable that only sets a bookmark (outline entry) where it stands."""

    def __init__(self, outline: tuple[str, str, int]) -> None:
        super().__init__()
        self.outline = outline

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        key, title, level = self.outline
        self.canv.bookmarkHorizontal(key, 0, 0)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)


# ---------------------------------------------------------------------------
# document template


def body_frame(frame_id: str = "body") -> Frame:
    """The text frame of an A4 page: inside the :data:`MARGIN` on every side, no padding."""
    return Frame(MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=frame_id)


def draw_running_head(canv: Canvas, text: str, *, rtl: bool = False) -> None:
    """The running head of pages after the first: ``text`` (the symbol) in bold 9 pt at the
    outer edge (right; left when ``rtl``) above a 0.5 pt rule across the text width."""
    draw_runs(canv, MARGIN if rtl else PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN + 14, text, 9,
              align="left" if rtl else "right", bold=True)
    canv.setLineWidth(0.5)
    canv.line(MARGIN, PAGE_HEIGHT - MARGIN + 10, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN + 10)


class PagedTemplate(BaseDocTemplate):
    """A4 document template shared by the PDF renderers: :data:`MARGIN` on every side,
    footnotes at the page foot (``state``), ``abort()`` polled before every flowable and
    page (raising :class:`Cancelled`), ``tick()`` called after every flowable.

    Subclasses add their page templates: :meth:`content_page` (which releases the footnote
    space at the start of each page and draws ``state`` at its end, around the subclass's
    ``_on_page``/``_on_page_end``), or their own over :func:`body_frame`.  Extra ``kw`` go to
    ReportLab (PDF metadata).
    """

    def __init__(self, buffer: BinaryIO, *, state: FootnoteState, abort: AbortFn | None = None,
                 tick: Callable[[], None] | None = None, **kw) -> None:
        super().__init__(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN, bottomMargin=MARGIN, **kw)
        self.state = state
        self.abort = abort
        self.tick = tick

    def _check_abort(self) -> None:
        if self.abort is not None and self.abort():
            raise Cancelled(_("PDF export was cancelled."))

    def handle_flowable(self, flowables):
        self._check_abort()
        super().handle_flowable(flowables)
        if self.tick is not None:
            self.tick()

    def handle_pageBegin(self):  # noqa: N802 (ReportLab's name)
        self._check_abort()
        super().handle_pageBegin()

    def content_page(self, template_id: str = "page") -> PageTemplate:
        """A page template over :func:`body_frame` with footnotes at the page foot: at the start of
        each page :meth:`release_footnote_space`, then ``_on_page``; at its end ``state`` is drawn
        (:meth:`FootnoteState.draw`), then ``_on_page_end`` (running heads and footers, which
        subclasses override)."""
        return PageTemplate(template_id, [body_frame()], onPage=self._begin_content_page,
                            onPageEnd=self._end_content_page)

    def _begin_content_page(self, canv: Canvas, doc) -> None:
        self.release_footnote_space()
        self._on_page(canv, doc)

    def _end_content_page(self, canv: Canvas, doc) -> None:
        self.state.draw(canv, self.frame)
        self._on_page_end(canv, doc)

    def _on_page(self, canv: Canvas, doc) -> None:
        """What a content page shows before its text (nothing here)."""

    def _on_page_end(self, canv: Canvas, doc) -> None:
        """What a content page shows after its text and footnotes (nothing here)."""

    def release_footnote_space(self) -> None:
        """At the start of a page: give the frames back the room reserved for the previous page's footnotes."""
        for frame in self.pageTemplate.frames:
            frame._geom()


class _DocTemplate(PagedTemplate):
    """A4 template with footer, footnote area, abort checks and progress."""

    def __init__(self, buffer: BinaryIO, document: ParsedDocument, *, total_pages: int | None,
                 state: FootnoteState, abort: AbortFn | None, tick: Callable[[], None],
                 **kw) -> None:
        super().__init__(buffer, state=state, abort=abort, tick=tick, **kw)
        self.document = document
        self.total_pages = total_pages
        self.addPageTemplates([self.content_page()])

    def _on_page(self, canv: Canvas, doc) -> None:
        if self.page > 1 and self.document.symbol:
            # the running symbol stands at the outer edge: right in LTR documents, left in Arabic
            draw_running_head(canv, self.document.symbol,
                              rtl=_document_script(self.document) == Script.ARABIC)

    def _on_page_end(self, canv: Canvas, doc) -> None:
        y = MARGIN - 28
        rtl = _document_script(self.document) == Script.ARABIC  # mirrored footer
        if self.document.symbol:
            draw_runs(canv, PAGE_WIDTH - MARGIN if rtl else MARGIN, y, self.document.symbol, 8,
                      align="right" if rtl else "left")
        total = self.total_pages if self.total_pages is not None else self.page
        label = translator(self.document.language)(N_("Page {page} of {pages}")).format(
            page=self.page, pages=total)
        draw_runs(canv, MARGIN if rtl else PAGE_WIDTH - MARGIN, y, label, 8,
                  align="left" if rtl else "right")


@functools.lru_cache(maxsize=512)
def _line_runs(text: str, size: float, bold: bool) -> tuple[tuple[tuple[str, str, float], ...], float]:
    """``((run, face, width), …), total width`` of one header or footer line (memoised: they repeat
    on every page)."""
    runs = tuple((r, f, stringWidth(r, f, size))
                 for r, f in split_runs(visual(text) if has_arabic(text) else text, bold=bold))
    return runs, sum(w for *_x, w in runs)


def draw_runs(canv: Canvas, x: float, y: float, text: str, size: float, *,
              align: str = "left", bold: bool = False) -> None:
    """Draw one line of mixed-script ``text`` at (x, y) points, left or right aligned.

    Arabic is shaped and put in visual order (:func:`.rtl.visual`).
    """
    runs, width = _line_runs(text, size, bold)
    if align == "right":
        x -= width
    for run, face, w in runs:
        canv.setFont(face, size)
        canv.drawString(x, y, run)
        x += w


# ---------------------------------------------------------------------------
# public API


def _build(document: ParsedDocument, total_pages: int | None, abort: AbortFn | None,
           tick: Callable[[], None]) -> tuple[bytes, int]:
    styles = Styles(_document_script(document))
    state = FootnoteState()
    story = _StoryBuilder(document, styles, state).build()
    buffer = io.BytesIO()
    title = " ".join((document.title or document.symbol or "").split())
    doc = _DocTemplate(buffer, document, total_pages=total_pages, state=state, abort=abort,
                       tick=tick, title=title, subject=document.symbol or "", creator="BriefDesk",
                       author="", producer="BriefDesk (ReportLab)",
                       lang=(document.language or None), displayDocTitle=True,
                       initialFontName=font_for(Script.LATIN))
    doc.build(story, canvasmaker=OutlinedCanvas)
    return buffer.getvalue(), doc.page


class OutlinedCanvas(Canvas):
    """A canvas whose PDF opens with the outline (bookmarks) pane shown (pass as ``canvasmaker``)."""

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.showOutline()


def check_output(out: Path | str | BinaryIO) -> None:
    """Fail early, before any layout, if the PDF cannot be written to ``out``.

    ``out`` is a file path or a binary stream (streams are not checked).
    Raises :class:`ExportError` when the path is a folder, its folder does
    not exist, or either is not writable.  Shared by every PDF renderer.
    """
    if not isinstance(out, (str, os.PathLike)):
        return
    path = Path(out)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ExportError(_("Cannot write the PDF to {path}: it is a folder.").format(path=path))
    if not parent.is_dir():
        raise ExportError(_("Cannot write the PDF to {path}: the folder {folder} does not exist.")
                          .format(path=path, folder=parent))
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ExportError(_("Cannot write the PDF to {path}: permission denied.").format(path=path))


def write_output(out: Path | str | BinaryIO, data: bytes) -> None:
    """Write the finished PDF ``data`` to ``out`` (a file path, written in one go, or a binary stream).

    Raises :class:`ExportError` with the system's reason when writing fails.
    """
    if isinstance(out, (str, os.PathLike)):
        try:
            Path(out).write_bytes(data)
        except OSError as exc:
            raise ExportError(_("Cannot write the PDF to {path}: {reason}").format(
                path=out, reason=exc.strerror or exc)) from exc
    else:
        try:
            out.write(data)
        except (OSError, ValueError) as exc:
            raise ExportError(_("Cannot write the PDF: {reason}").format(reason=exc)) from exc


def export_pdf(document: ParsedDocument, out: Path | BinaryIO, *,
               progress: ProgressFn | None = None, abort: AbortFn | None = None) -> int:
    """Write ``document`` as a print-ready A4 PDF to ``out``; return its page count.

    ``out`` is a file path (written only once the whole PDF is made, so a
    cancelled or failed export leaves no partial file) or a binary stream
    opened for writing.  ``progress(done, total)`` is called as flowables are
    laid out (``done`` ≤ ``total``; units are layout steps over two passes —
    one to count pages for "Page N of M", one to write).  ``abort()`` is
    polled before every flowable and page; when it returns true the export
    stops with :class:`Cancelled`.

    The PDF's metadata: title = document title, subject = symbol,
    creator = ``"BriefDesk"``, language = ``document.language``.

    Raises :class:`ExportError` when the fonts cannot be loaded, the layout
    fails, or ``out`` cannot be written (missing folder, no permission, a
    directory given as file); :class:`Cancelled` as above.
    """
    check_output(out)
    register_fonts()

    steps = max(1, 2 * (len(document.paragraphs) + 8))
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(min(done, steps - 1), steps)

    try:
        _data, pages = _build(document, None, abort, tick)
        done = max(done, steps // 2)
        data, pages2 = _build(document, pages, abort, tick)
    except BriefDeskError:
        raise
    except Exception as exc:  # ReportLab layout errors and the like
        raise ExportError(_("The PDF could not be laid out: {reason}").format(reason=exc)) from exc

    write_output(out, data)
    if progress is not None:
        progress(steps, steps)
    return pages2
