"""Print a draft (or a version of it) as a PDF laid out as an official draft.

A4 with 25 mm margins, as :mod:`.pdf` (whose page machinery this module
reuses: bottom-of-page footnotes, CJK-aware paragraphs, mixed-script runs
from :mod:`.fonts`, every font embedded as a subset).  The layout follows the
drafts circulated at UN and CBD meetings (UN Editorial Manual, "Resolutions
and decisions"; CBD ``L.`` documents):

* top right, the symbol line in bold, the date and the version label
  (``Rev.1``) beneath; a rule;
* the kind of text (``Draft decision`` / ``决定草案``) and the title in bold;
* the body's name (``The Conference of the Parties,``) with its name emphasised;
* paragraphs with automatic numbers in a hanging indent (sub-paragraphs
  10 mm further in per level), section headings in bold, the leading verb
  emphasised — italic in Latin and Cyrillic scripts, bold in Arabic, and
  in Chinese set in 楷体 (AR PL UKai, :func:`.fonts.kai_markup`) with no space
  after it, as the official Chinese texts print it;
* brackets as the chosen view shows them (:mod:`..drafting.snapshot`): in the
  ``compilation``, proposals in bold, text proposed for deletion struck
  through, sponsors in italics;
* footnotes at the foot of the page where their marker stands;
* on every page the symbol and "Page N of M"; optionally a light "DRAFT"
  watermark across each page (in the draft's language).

Public API: :func:`export_draft_pdf`.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus.flowables import HRFlowable

from ..drafting.snapshot import DraftView, Run, ViewParagraph, kind_line, names_a_draft
from ..errors import BriefDeskError, ExportError
from ..i18n import N_, _, format_date, translator
from .fonts import Script, font_for, kai_markup, markup, register_fonts, script_of, split_runs
from .pdf import (INDENT, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, FootnoteState, PagedTemplate, Para, Styles,
                  WithFootnotes, draw_running_head, draw_runs, styled_para, write_output)


#: The watermark word in the draft's language (the text's language, not the interface's).
WATERMARK = {"en": "DRAFT", "zh": "草案", "fr": "PROJET", "es": "PROYECTO", "ru": "ПРОЕКТ", "ar": "مشروع"}


def _script(language: str) -> Script:
    return {"zh": Script.CJK, "ar": Script.ARABIC}.get(language, Script.LATIN)


def _run_markup(run: Run, script: Script) -> str:
    text = run.text
    if run.role == "verb":
        if script == Script.CJK:
            return kai_markup(text)
        return markup(text, bold=script == Script.ARABIC, italic=script != Script.ARABIC)
    if run.role == "proposal":
        return markup(text, bold=True)
    if run.role == "deleted":
        return f"<strike>{markup(text)}</strike>"
    if run.role == "sponsors":
        return f'<font size="9">{markup(text, italic=True)}</font>'
    return markup(text)


def _paragraph_markup(p: ViewParagraph, script: Script) -> str:
    """Runs with styles and superscript footnote markers at their offsets."""
    marks: dict[int, list[str]] = {}
    for marker, _text, offset in p.footnotes:
        marks.setdefault(len(p.text) if offset is None else max(0, min(offset, len(p.text))), []).append(marker)
    out: list[str] = []
    pos = 0
    for run in p.runs:
        start, end = pos, pos + len(run.text)
        cuts = sorted({start, end} | {o for o in marks if start < o < end})
        for a, b in zip(cuts, cuts[1:]):
            piece = Run(p.text[a:b], run.role, run.amendment_id)
            out.append(_run_markup(piece, script))
            if b < len(p.text) or run is p.runs[-1]:
                for m in marks.pop(b, []):
                    out.append(f"<super>{markup(m)}</super>")
        pos = end
    for pos_, ms in sorted(marks.items()):
        out.extend(f"<super>{markup(m)}</super>" for m in ms)
    return "".join(out)


class _DraftTemplate(PagedTemplate):
    def __init__(self, buffer, laid: DraftView, *, state: FootnoteState, watermark: bool, **kw) -> None:
        super().__init__(buffer, state=state, **kw)
        self.laid = laid
        self.watermark = watermark
        self.addPageTemplates([self.content_page()])

    def _on_page(self, canv: Canvas, doc) -> None:
        snap = self.laid.snapshot
        if self.watermark:
            word = WATERMARK.get(snap.language, WATERMARK["en"])
            canv.saveState()
            canv.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.18))
            canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            canv.rotate(45)
            face = split_runs(word, bold=True)[0][1]
            canv.setFont(face, 96)
            canv.drawCentredString(0, -30, word)
            canv.restoreState()
        if self.page > 1 and snap.symbol:
            draw_running_head(canv, snap.symbol)

    def _on_page_end(self, canv: Canvas, doc) -> None:
        snap = self.laid.snapshot
        y = MARGIN - 28
        left = " ".join(x for x in (snap.symbol, snap.label) if x)
        if left:
            draw_runs(canv, MARGIN, y, left, 8)
        # "Page N of M" is drawn by _PagedCanvas once M is known (one layout pass, not two)


def _story(laid: DraftView, state: FootnoteState) -> list:
    snap = laid.snapshot
    script = _script(snap.language)
    st = Styles(script)
    rtl = script == Script.ARABIC
    story: list = []
    right = ParagraphStyle("right", parent=st.meta, alignment=TA_RIGHT)
    if snap.symbol:
        story.append(Paragraph(markup(snap.symbol, bold=True), st.symbol))
    when = format_date(snap.date, locale=snap.language) if snap.date else ""
    for line in (when, snap.label):
        if line:
            story.append(styled_para(markup(line), right, line))
    story.append(HRFlowable(width="100%", thickness=1.2, color=colors.black, spaceBefore=4, spaceAfter=10))
    kind = "" if names_a_draft(snap.symbol) or names_a_draft(snap.title) else kind_line(snap.kind, snap.language)
    for line, style in ((kind, st.heading), (snap.title, st.title)):
        if line:
            para = styled_para(markup(line, bold=True), style, line)
            para.fake_bold = script == Script.CJK
            story.append(para)
    if snap.body_name:
        name = snap.body_name.rstrip(",，، ")
        story.append(styled_para(_run_markup(Run(name, "verb"), script) + markup(snap.body_name[len(name):]),
                           ParagraphStyle("bodyname", parent=st.body, firstLineIndent=INDENT if not rtl else 0,
                                          spaceBefore=4), snap.body_name))
    for p in laid.paragraphs:
        heading = p.kind == "heading"
        base = st.heading if heading else st.body
        left = p.level * INDENT
        ar = script_of(p.text) == Script.ARABIC
        if ar:  # mirrored: the number hangs at the right margin (drawn by rtl.BidiParagraph)
            kw = dict(leftIndent=0, firstLineIndent=0, bulletIndent=left, alignment=TA_RIGHT,
                      rightIndent=left + INDENT if p.number else left)
        elif p.number:
            kw = dict(bulletIndent=left, leftIndent=left + INDENT, firstLineIndent=0,
                      bulletFontName=split_runs(p.number)[0][1])
        else:
            kw = dict(leftIndent=left, firstLineIndent=0 if heading or rtl else INDENT)
        if script_of(p.text) == Script.CJK:
            kw.update(wordWrap="CJK", alignment=TA_LEFT)
        style = ParagraphStyle(f"p{p.level}{bool(p.number)}{heading}", parent=base, **kw)
        text = markup(p.text, bold=True) if heading else _paragraph_markup(p, script)
        if ar:
            para = styled_para(text, style, p.text)
            para.rtl_bullet = p.number or None
        else:
            para = Para(text, style, bulletText=p.number or None)
        para.fake_bold = heading and script == Script.CJK
        if p.footnotes:
            notes = [styled_para(f"<super>{markup(m)}</super> {markup(t)}",
                           ParagraphStyle("n", parent=st.note, wordWrap="CJK" if script_of(t) == Script.CJK
                                          else st.note.wordWrap), t)
                     for m, t, _o in p.footnotes]
            story.append(WithFootnotes(para, notes, state))
        else:
            story.append(para)
    story.append(Spacer(1, 6))
    return story


def _paged_canvas(label: str):
    """A canvas class that keeps every page and, on save, writes ``label`` ("Page {page} of
    {pages}") at the foot of each, so the total is known after a single layout pass."""

    class _PagedCanvas(Canvas):
        def __init__(self, *args, **kw) -> None:
            super().__init__(*args, **kw)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                draw_runs(self, PAGE_WIDTH - MARGIN, MARGIN - 28, label.format(page=number, pages=total), 8,
                          align="right")
                Canvas.showPage(self)
            Canvas.save(self)

    return _PagedCanvas


def _build(laid: DraftView, watermark: bool) -> tuple[bytes, int]:
    state = FootnoteState()
    buffer = io.BytesIO()
    snap = laid.snapshot
    doc = _DraftTemplate(buffer, laid, state=state, watermark=watermark,
                         title=" ".join((snap.title or snap.symbol or "").split()), subject=snap.symbol,
                         creator="BriefDesk", author="", producer="BriefDesk (ReportLab)",
                         lang=snap.language or None, initialFontName=font_for(Script.LATIN))
    label = translator(snap.language)(N_("Page {page} of {pages}"))
    doc.build(_story(laid, state), canvasmaker=_paged_canvas(label))
    return buffer.getvalue(), doc.page


def export_draft_pdf(laid: DraftView, out: Path, *, watermark: bool = False) -> int:
    """Write ``laid`` as an A4 PDF to ``out`` (written only when complete); returns the page count.

    Raises :class:`ExportError` if the fonts cannot be loaded, the layout fails
    or the file cannot be written.
    """
    register_fonts()
    try:
        data, pages = _build(laid, watermark)
    except BriefDeskError:
        raise
    except Exception as exc:  # ReportLab layout errors
        raise ExportError(_("The PDF could not be laid out: {reason}").format(reason=exc)) from exc
    write_output(out, data)
    return pages
