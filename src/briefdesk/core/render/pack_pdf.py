"""Print-ready A4 PDF of a briefing pack (:class:`~briefdesk.core.packs.service.PackView`).

Layout, in print order:

* **cover** — classification marking at the top and foot of the page, the
  delegation, "Briefing pack", the meeting (body, session), its dates as
  one range in the pack's language through :func:`~briefdesk.core.i18n.format_date_range`
  (``2018年7月9日至13日`` / ``9–13 July 2018``), venue, the pack's title
  and version;
* **contents** — agenda items (level 0) and their excerpts (level 1) with
  the physical page number each starts on (the cover is page 1), linked to
  it.  The pack is laid out **once**: the contents' page numbers are PDF
  form XObjects drawn where they belong and defined after the last page,
  when the numbers are known (PDF 1.7 §8.10; ReportLab's ``doForm`` allows
  a form to be defined later), and each footer's "Page N of M" is added to
  the end of its page's content stream then (ReportLab writes pages only
  when the document is saved), instead of ReportLab's
  ``TableOfContents``/``multiBuild``, which lays everything out at least
  twice.  The contents' length is known before layout (its entries are),
  so nothing after it moves;
* **each agenda item on a new page** — "Agenda item 11" and its title, the
  delegation's sections (background, objectives and position, talking
  points, lines to take) typeset from their restricted HTML
  (:func:`~briefdesk.core.packs.richtext.to_flowables`), then its excerpts;
* **excerpts typeset like the official text** (the same rules as
  :mod:`.pdf`, UN Editorial Manual): a source line in bold,
  ``CBD/SBI/2/10, paras 4–6 (zh)`` (:func:`source_reference`), the source's
  title, then the paragraphs with hanging numbers, sub-paragraph indents,
  the leading verb emphasised (italic in Latin scripts), embedded parts
  under their title, footnotes at the foot of the page where their marker
  stands, and highlighted words on a yellow ground;
* **notes as endnotes per agenda item, marked in the margin.**  A note is a
  delegation's rich text (often several lines with lists); a 25 mm margin
  cannot hold that without shrinking the official text's measure, which
  would make the excerpt wrap differently from the document delegates hold
  in the room.  So the annotated paragraph gets a small "Note N" in the
  left margin (where a reader's eye meets it) and the note itself is
  printed in full, with lists, under "Notes on agenda item 11" at the end
  of that item — a page or two away, and in the same item when one item is
  printed or handed over alone.  Margin notes were rejected for length,
  per-page footnotes because they would mix with the source's own
  footnotes;
* running **header** on every page after the cover: the meeting on the
  left, the current agenda item on the right, over a rule;
* **footer**: the classification marking on the left, "Page N of M" (in
  the pack's language) on the right; N and M count physical pages;
* a **PDF outline** (bookmarks): contents, each agenda item, each excerpt
  under its item.

Labels are translated with :func:`~briefdesk.core.i18n.translator` for the
pack's language.  Fonts come only from ``resources/fonts`` and are
embedded as TrueType subsets (:mod:`.fonts`); the excerpts' Chinese face as
one Identity-H composite font (:mod:`.cidfont`) rather than a dozen
256-glyph subsets; Chinese is wrapped as in :mod:`.pdf`.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (CondPageBreak, Flowable, NextPageTemplate, PageBreak,
                                PageTemplate, Paragraph, Spacer)
from reportlab.platypus.flowables import HRFlowable

from ..errors import BriefDeskError, ExportError
from ..i18n import N_, _, format_date_range, translator
from ..packs.richtext import to_flowables
from ..packs.service import ExcerptParagraphView, ExcerptView, ItemView, PackView, bare
from .fastpara import FACES, FastPara, code_runs, line_ops
from .fastpara import Style as FastStyle
from .fonts import Script, font_for, markup, register_fonts, script_of, split_runs
from .rtl import BidiParagraph
from .pdf import (INDENT, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, AbortFn, FootnoteState, OutlinedCanvas, PagedTemplate,
                  Para, ProgressFn, WithFootnotes, body_frame, check_output, draw_runs, styled_para, text_cuts,
                  text_markup, write_output)

#: Background of highlighted words (a pale marker yellow that photocopies light grey).
HIGHLIGHT = "#FFE866"
#: Width of the left-margin area where "Note N" marks stand.
NOTE_MARK_GAP = 3 * mm


# ---------------------------------------------------------------------------
# labels


def _ranges(numbers: list[str]) -> str:
    """``["4", "5", "6", "9"]`` → ``"4–6, 9"`` (integers in runs collapse; others listed)."""
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
            run.clear()

    for n in numbers:
        if n.isdigit() and (not run or int(n) == run[-1] + 1):
            run.append(int(n))
        else:
            flush()
            if n.isdigit():
                run.append(int(n))
            else:
                out.append(n)
    flush()
    return ", ".join(out)


def source_reference(excerpt: ExcerptView, language: str) -> str:
    """The source line printed above an excerpt, in ``language`` (the pack's).

    ``CBD/SBI/2/10, paras 4–6 (zh)``; ``XII/6, Section B (zh)``; a whole
    document is its symbol alone.  A source without a symbol (seeds 003,
    004) is named by its title.  Paragraphs all from one embedded text (the
    draft decision inside CBD/SBI/2/10) add its title, cut at 24 characters.  Numbers are the excerpt's top-level
    paragraph numbers, runs collapsed (``4–6, 9``).
    """
    t = translator(language)
    name = excerpt.source_symbol or excerpt.source_title or t(N_("Untitled document"))
    numbers = excerpt.numbers
    if excerpt.scope == "section" and excerpt.section:
        where = t(N_("Section {label}")).format(label=excerpt.section)
    elif excerpt.scope == "paragraphs" and numbers:
        label = N_("para {numbers}") if len(numbers) == 1 else N_("paras {numbers}")
        where = t(label).format(numbers=_ranges(numbers))
    else:
        where = ""
    parts = {p.part_title for p in excerpt.paragraphs}
    if len(parts) == 1 and None not in parts:  # all from one embedded text (a draft decision)
        title = " ".join(parts.pop().split())
        name = f"{name}, {title if len(title) <= 24 else title[:23] + '…'}"
    lang = f" ({excerpt.source_language})" if excerpt.source_language else ""
    return f"{name}, {where}{lang}" if where else f"{name}{lang}"


def item_label(item: ItemView, language: str) -> str:
    """``Agenda item 11`` / ``议程项目11`` (the title not included)."""
    t = translator(language)
    return t(N_("Agenda item {item}")).format(item=item.number) if item.number else t(N_("Agenda item"))


def meeting_line(pack: PackView) -> str:
    """The meeting as the running header names it: body and session (``执行问题附属机构 第二次会议``)."""
    sep = "" if script_of(pack.body + pack.session) == Script.CJK else ", "
    return sep.join(x for x in (pack.body.strip(), pack.session.strip()) if x) or pack.title


# ---------------------------------------------------------------------------
# flowables


class _Marker(Flowable):
    """Zero-size flowable: sets the running header's item, a bookmark, and a contents entry.

    ``toc`` is ``(level, markup, key)`` for the table of contents (None: no entry);
    ``outline`` ``(key, title, level)`` for the PDF outline.
    """

    def __init__(self, *, item: str | None = None, toc: tuple[int, str, str] | None = None,
                 outline: tuple[str, str, int] | None = None) -> None:
        super().__init__()
        self.item = item
        self.toc = toc
        self.outline = outline

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        if self.outline is not None:
            key, title, level = self.outline
            self.canv.bookmarkHorizontal(key, 0, 0)
            self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)


class _NoteMark(Para):
    """A paragraph with "Note N" set in the left margin beside its first line."""

    mark: str | None = None

    def draw(self) -> None:
        super().draw()
        if self.mark:
            canv = self.canv
            size = 7.5
            first = self.style.leading
            canv.saveState()
            canv.setFillColor(colors.HexColor("#8a1c1c"))
            draw_runs(canv, -NOTE_MARK_GAP, self.height - first + 2, self.mark, size, align="right", bold=True)
            canv.restoreState()

    def split(self, availWidth, availHeight):  # noqa: N803
        parts = super().split(availWidth, availHeight)
        for i, part in enumerate(parts):
            if isinstance(part, _NoteMark):
                part.mark = self.mark if i == 0 else None
        return parts


class _FastNoted(FastPara):
    """A :class:`~.fastpara.FastPara` with "Note N" set in the left margin beside its first line."""

    mark: str | None = None

    def draw_at(self, ox: float, oy: float) -> None:
        super().draw_at(ox, oy)
        if self.mark and self._first:
            canv = self.canv
            canv.saveState()
            canv.setFillColor(colors.HexColor("#8a1c1c"))
            size0 = self.table[self._runs[0][2]].size if self.table else 10.0
            draw_runs(canv, ox - NOTE_MARK_GAP,
                      oy + self.height - self.leading + (self.leading - size0) * 0.5 + size0 * 0.12,
                      self.mark, 7.5, align="right", bold=True)
            canv.restoreState()


class _TocEntry(BidiParagraph):
    """A contents line; its page number and dot leader are drawn by the template's ``bdTocEnd``
    callback at the end of the text, as a form filled in once the page is known."""

    def draw(self) -> None:
        self.canv._bd_toc_width = self.width
        super().draw()


# ---------------------------------------------------------------------------
# styles


class _PackStyles:
    """Styles of one pack, sized for the pack's script; excerpt styles follow each paragraph's script."""

    def __init__(self, language: str) -> None:
        self.cjk = (language or "")[:2] in ("zh", "ja", "ko")
        cjk = self.cjk
        base = font_for(Script.CJK if cjk else Script.LATIN)
        common = dict(fontName=base, wordWrap="CJK" if cjk else None, alignment=TA_LEFT)
        self.body = ParagraphStyle("pk-body", fontSize=10.5, leading=16 if cjk else 14, spaceAfter=5, **common)
        self.section = ParagraphStyle("pk-section", parent=self.body, fontSize=11.5, leading=17,
                                      spaceBefore=10, spaceAfter=5, keepWithNext=1)
        self.item = ParagraphStyle("pk-item", parent=self.body, fontSize=16, leading=22, spaceAfter=4,
                                   keepWithNext=1)
        self.item_title = ParagraphStyle("pk-item-title", parent=self.body, fontSize=13, leading=19,
                                         spaceAfter=10, keepWithNext=1)
        self.source = ParagraphStyle("pk-source", parent=self.body, fontSize=11, leading=16,
                                     spaceBefore=12, spaceAfter=1, keepWithNext=1)
        self.source_title = ParagraphStyle("pk-source-title", parent=self.body, fontSize=9, leading=13,
                                           textColor=colors.HexColor("#444444"), spaceAfter=2, keepWithNext=1)
        self.note = ParagraphStyle("pk-note", parent=self.body, fontSize=9, leading=13 if cjk else 11.5,
                                   spaceAfter=3)
        self.footnote = ParagraphStyle("pk-fn", parent=self.body, fontSize=8.5, leading=12 if cjk else 10.5,
                                       spaceAfter=2)
        self.cover_small = ParagraphStyle("pk-cover-s", parent=self.body, fontSize=12, leading=18,
                                          alignment=TA_CENTER, spaceAfter=4)
        self.cover_big = ParagraphStyle("pk-cover-b", parent=self.body, fontSize=24, leading=34,
                                        alignment=TA_CENTER, spaceAfter=14)
        self.cover_title = ParagraphStyle("pk-cover-t", parent=self.body, fontSize=17, leading=25,
                                          alignment=TA_CENTER, spaceAfter=10)
        self.toc_heading = ParagraphStyle("pk-toc-h", parent=self.item, spaceAfter=14)
        # excerpt paragraphs: the official-text look of .pdf
        self.ex_body = ParagraphStyle("pk-ex", fontName=base, fontSize=10.5, leading=16 if cjk else 13.5,
                                      spaceAfter=5, bulletFontSize=10.5, wordWrap="CJK" if cjk else None,
                                      alignment=TA_LEFT)
        self.ex_heading = ParagraphStyle("pk-ex-h", parent=self.ex_body, spaceBefore=8, spaceAfter=5,
                                         keepWithNext=1)
        self._cache: dict[tuple, ParagraphStyle] = {}

    def excerpt_style(self, *, heading: bool, numbered: bool, level: int, extra: float, script: Script,
                      number_face: str | None) -> ParagraphStyle:
        key = (heading, numbered, level, extra, script, number_face)
        style = self._cache.get(key)
        if style is not None:
            return style
        base = self.ex_heading if heading else self.ex_body
        left = extra + level * INDENT
        kw: dict = {}
        if script == Script.ARABIC:
            # mirrored: the number hangs at the right margin (drawn by rtl.BidiParagraph)
            kw.update(leftIndent=0, firstLineIndent=0, bulletIndent=left,
                      rightIndent=left + INDENT if numbered else left)
        elif numbered:
            kw.update(bulletIndent=left, leftIndent=left + INDENT, firstLineIndent=0,
                      bulletFontName=number_face or base.fontName)
        else:
            kw.update(leftIndent=left, bulletIndent=left)
        if script == Script.CJK:
            kw.update(wordWrap="CJK", alignment=TA_LEFT)
        elif script == Script.ARABIC:
            kw.update(wordWrap=None, alignment=TA_RIGHT)
        else:
            kw.update(wordWrap=None, alignment=TA_LEFT)
        style = ParagraphStyle(f"pk-ex-{len(self._cache)}", parent=base, **kw)
        self._cache[key] = style
        return style

    def toc_levels(self) -> list[ParagraphStyle]:
        face = font_for(Script.LATIN)
        return [
            ParagraphStyle("pk-toc0", fontName=face, fontSize=11, leading=16, leftIndent=0,
                           firstLineIndent=0, rightIndent=12 * mm, spaceBefore=6,
                           wordWrap="CJK" if self.cjk else None),
            ParagraphStyle("pk-toc1", fontName=face, fontSize=9.5, leading=13.5, leftIndent=8 * mm,
                           firstLineIndent=0, rightIndent=12 * mm, spaceBefore=1,
                           wordWrap="CJK" if self.cjk else None),
        ]


# ---------------------------------------------------------------------------
# story


class _PackStory:
    """Builds the flowables of one pack."""

    def __init__(self, pack: PackView, styles: _PackStyles, state: FootnoteState) -> None:
        self.pack = pack
        self.st = styles
        self.state = state
        self.lang = pack.language or "en"
        self.t = translator(self.lang)
        self.story: list[Flowable] = []
        self._keys = 0
        self.faces = FACES  # memoised per process: the shipped fonts never change
        self.style_table: list[FastStyle] = []
        self._style_ids: dict[tuple, int] = {}
        self.toc_styles = styles.toc_levels()

    def key(self) -> str:
        self._keys += 1
        return f"pk{self._keys}"

    def heading(self, text: str, style: ParagraphStyle, *, bold: bool = True) -> Para:
        para = styled_para(markup(text, bold=bold), style, text)
        para.fake_bold = bold and script_of(text) == Script.CJK
        return para

    # -- cover and contents -----------------------------------------------

    def cover(self) -> None:
        p, st, t = self.pack, self.st, self.t
        self.story.append(Spacer(1, 40 * mm))
        if p.delegation:
            self.story.append(styled_para(markup(p.delegation), st.cover_small, p.delegation))
        self.story.append(Spacer(1, 8 * mm))
        self.story.append(self.heading(t(N_("Briefing pack")), st.cover_big))
        meeting = [x for x in (p.body, p.session) if x]
        for line in meeting:
            self.story.append(self.heading(line, st.cover_title))
        dates = format_date_range(p.start_date, p.end_date, locale=self.lang)
        where = "，".join(x for x in (dates, p.venue) if x) if self.st.cjk else ", ".join(
            x for x in (p.venue, dates) if x)
        if where:
            self.story.append(styled_para(markup(where), st.cover_small, where))
        if p.title and p.title not in meeting:
            self.story.append(Spacer(1, 10 * mm))
            self.story.append(styled_para(markup(p.title), st.cover_title, p.title))
        if p.version:
            self.story.append(Spacer(1, 6 * mm))
            self.story.append(Paragraph(markup(t(N_("Version {version}")).format(version=p.version)),
                                        st.cover_small))
        self.story.append(NextPageTemplate("content"))
        self.story.append(PageBreak())

    def contents(self) -> None:
        title = self.t(N_("Contents"))
        key = self.key()
        self.story.append(_Marker(item=title, outline=(key, title, 0)))
        self.story.append(self.heading(title, self.st.toc_heading))
        for level, text, key in self._toc_entries:
            entry = _TocEntry(f'{text}<onDraw name="bdTocEnd" label="{level}:{key}"/>',
                              self.toc_styles[min(level, len(self.toc_styles) - 1)])
            entry.rtl = script_of(re.sub("<[^>]*>", "", text)) == Script.ARABIC  # left-aligned, read RTL
            self.story.append(entry)

    # -- items ----------------------------------------------------------------

    def items(self) -> None:
        self._toc_entries: list[tuple[int, str, str]] = []
        for item in self.pack.items:
            self.item(item)

    def item(self, item: ItemView) -> None:
        st, t = self.st, self.t
        label = item_label(item, self.lang)
        full = f"{label}{'：' if self.st.cjk else ': '}{item.title}" if item.title else label
        key = self.key()
        toc_text = markup(full)
        self._toc_entries.append((0, toc_text, key))
        self.story.append(PageBreak())
        self.story.append(_Marker(item=label, toc=(0, toc_text, key), outline=(key, full, 0)))
        self.story.append(self.heading(label, st.item))
        if item.title:
            self.story.append(self.heading(item.title, st.item_title))
        self.story.append(HRFlowable(width="100%", thickness=0.8, color=colors.black, spaceBefore=0,
                                     spaceAfter=6))
        sections = ((N_("Background"), item.background), (N_("Objectives and position"), item.objectives),
                    (N_("Talking points"), item.talking_points), (N_("Lines to take"), item.lines_to_take))
        for name, html in sections:
            flow = to_flowables(html, st.body)
            if flow:
                self.story.append(self.heading(t(name), st.section))
                self.story.extend(flow)
        notes: list[tuple[str, str, str]] = []  # (mark, where, html)
        if item.excerpts:
            self.story.append(self.heading(t(N_("Texts")), st.section))
        for excerpt in item.excerpts:
            self.excerpt(excerpt, notes)
        if notes:
            self.story.append(CondPageBreak(40 * mm))
            self.story.append(self.heading(t(N_("Notes on {item}")).format(item=label), st.section))
            for mark, where, html in notes:
                self.story.append(self.heading(f"{mark} — {where}", ParagraphStyle(
                    "pk-note-h", parent=st.note, spaceBefore=4, keepWithNext=1)))
                self.story.extend(to_flowables(html, ParagraphStyle("pk-note-b", parent=st.note,
                                                                    leftIndent=6 * mm)))

    def excerpt(self, ex: ExcerptView, notes: list) -> None:
        st = self.st
        ref = source_reference(ex, self.lang)
        key = self.key()
        toc_text = markup(ref)
        self._toc_entries.append((1, toc_text, key))
        self.story.append(_Marker(toc=(1, toc_text, key), outline=(key, ref, 1)))
        self.story.append(self.heading(ref, st.source))
        if ex.source_title and ex.source_title != ex.source_symbol:
            title = " ".join(ex.source_title.split())
            self.story.append(styled_para(markup(title), st.source_title, title))
        self.story.append(HRFlowable(width="100%", thickness=0.4, color=colors.HexColor("#888888"),
                                     spaceBefore=1, spaceAfter=5))
        part: str | None = None
        for p in ex.paragraphs:
            if p.part_title != part:
                part = p.part_title
                if part:
                    style = ParagraphStyle("pk-part", parent=st.ex_heading, leftIndent=INDENT,
                                           spaceBefore=10)
                    self.story.append(self.heading(part, style))
            mark = None
            if p.note:
                mark = self.t(N_("Note {n}")).format(n=len(notes) + 1)
                where = ex.source_symbol or ex.source_title
                if p.number:
                    para_label = self.t(N_("para {numbers}")).format(numbers=bare(p.number))
                    where = f"{where} {para_label}"
                notes.append((mark, where, p.note))
            self.paragraph(p, INDENT if part else 0.0, mark, ex.source_kind)

    def paragraph(self, p: ExcerptParagraphView, extra: float, mark: str | None, source_kind: str = "") -> None:
        heading = p.kind == "heading"
        codes, script = self.faces.codes_script(p.text) if p.text else ("", Script.LATIN)
        if heading or script == Script.ARABIC:
            self._markup_paragraph(p, extra, mark, heading, script)
            return
        para = self._fast(p, extra, script, source_kind, codes)
        para.mark = mark
        if not p.footnotes:
            self.story.append(para)
            return
        notes = [self._footnote(fn.marker, fn.text) for fn in p.footnotes]
        if self.state.height(notes, PAGE_WIDTH - 2 * MARGIN) > (PAGE_HEIGHT - 2 * MARGIN) / 2:
            self.story.append(para)
            self.story.extend(notes)
        else:
            self.story.append(WithFootnotes(para, notes, self.state))

    def _footnote(self, marker: str, text: str) -> FastPara:
        """A footnote as set at the page foot: superscript marker, then the text (footnote size)."""
        st = self.st.footnote
        size = st.fontSize
        runs = [(a, b, self._style_id(f, size * 0.62, size * 0.38)) for a, b, f in self.faces.face_runs(marker)]
        body = " " + text
        n = len(marker)
        runs += [(n + a, n + b, self._style_id(f, size)) for a, b, f in self.faces.face_runs(body)]
        return FastPara(marker + body, runs, self.style_table, leading=st.leading, space_after=st.spaceAfter,
                        justify=self.faces.script_of(text) == Script.LATIN)

    def _style_id(self, face: str, size: float, rise: float = 0.0, back: str | None = None) -> int:
        key = (face, size, rise, back)
        sid = self._style_ids.get(key)
        if sid is None:
            sid = self._style_ids[key] = len(self.style_table)
            self.style_table.append(FastStyle(face, size, rise, back))
        return sid

    def _fast(self, p: ExcerptParagraphView, extra: float, script: Script, source_kind: str,
              codes_all: str) -> _FastNoted:
        """The paragraph as a :class:`~.fastpara.FastPara`: verb emphasised (italic in Latin
        scripts), highlights on a yellow ground, footnote markers as superscripts."""
        st = self.st.ex_body
        size = st.fontSize
        text = p.text
        verb = p.verb if p.kind in ("preambular", "operative") else None
        vend, marks, spans, cuts = text_cuts(text, verb, p.footnotes, p.highlights)
        out: list[str] = []
        runs: list[tuple[int, int, int]] = []
        pos = 0  # offset in the printed text (markers included)

        def add(a: int, b: int, sid: int) -> None:
            if runs and runs[-1][2] == sid:
                runs[-1] = (runs[-1][0], b, sid)
            else:
                runs.append((a, b, sid))

        for a, b in zip(cuts, cuts[1:] + [None]):
            for m in marks.get(a, []):
                for s0, s1, face in self.faces.face_runs(m):
                    add(pos + s0, pos + s1, self._style_id(face, size * 0.62, size * 0.38))
                out.append(m)
                pos += len(m)
            if b is None or a == b:
                continue
            seg = text[a:b]
            italic = a < vend and script == Script.LATIN
            back = HIGHLIGHT if any(x <= a and b <= y for x, y in spans) else None
            codes = self.faces.face_codes(seg, italic=True) if italic else codes_all[a:b]
            for s0, s1, face in code_runs(codes):
                add(pos + s0, pos + s1, self._style_id(face, size, 0.0, back))
            out.append(seg)
            pos += len(seg)
        left = extra + max(0, p.level) * INDENT
        cjk = script == Script.CJK
        bullet = None
        first = 0.0
        if p.number:
            bullet = (p.number, FastStyle(self.faces.face_runs(p.number)[0][2], size))
            body_left = left + INDENT
        else:
            body_left = left
            if p.level == 0 and p.kind in ("body", "preambular") and source_kind != "note":
                first = 2 * size if cjk else INDENT
        return _FastNoted("".join(out), runs, self.style_table, leading=st.leading, left_indent=body_left,
                          first_indent=first, bullet=bullet, bullet_indent=left, space_after=st.spaceAfter,
                          justify=not cjk)

    def _markup_paragraph(self, p: ExcerptParagraphView, extra: float, mark: str | None, heading: bool,
                          script: Script) -> None:
        """Headings (bold, kept with the next paragraph) and Arabic (right-aligned) through ReportLab's
        ``Paragraph``."""
        number_face = split_runs(p.number)[0][1] if p.number else None
        style = self.st.excerpt_style(heading=heading, numbered=bool(p.number), level=max(0, p.level),
                                      extra=extra, script=script, number_face=number_face)
        verb = p.verb if p.kind in ("preambular", "operative") else None
        body = text_markup(p.text, verb=verb, footnotes=p.footnotes, bold=heading, highlights=p.highlights,
                           highlight=HIGHLIGHT)
        if script == Script.ARABIC:
            para = _NoteMark(body, style)
            para.rtl, para.rtl_bullet = True, p.number or None
        else:
            para = _NoteMark(body, style, bulletText=p.number or None)
        para.fake_bold = heading and script == Script.CJK
        para.mark = mark
        if p.footnotes:
            notes = [styled_para(f"<super>{markup(fn.marker)}</super> {markup(fn.text)}", self.st.footnote, fn.text)
                     for fn in p.footnotes]
            self.story.append(WithFootnotes(para, notes, self.state))
        else:
            self.story.append(para)

    def build(self) -> list[Flowable]:
        """Cover, contents, items.  Items are built before the contents so that the contents can
        be seeded with their entries (see :meth:`contents`)."""
        self.cover()
        cover, self.story = self.story, []
        self.items()
        items, self.story = self.story, cover
        self.contents()
        self.story.extend(items)
        return self.story


# ---------------------------------------------------------------------------
# document template


class _PackDocTemplate(PagedTemplate):
    """Cover and content page templates; header, footer, footnotes, contents entries, abort, progress."""

    def __init__(self, buffer: BinaryIO, pack: PackView, *, state: FootnoteState, toc_styles: list,
                 abort: AbortFn | None, tick: Callable[[], None], **kw) -> None:
        super().__init__(buffer, state=state, abort=abort, tick=tick, **kw)
        self.pack = pack
        self.toc_styles = toc_styles
        self.key_pages: dict[str, int] = {}   # contents key → page it starts on
        self.toc_dots: dict[str, tuple[float, int]] = {}  # key → (leader start from the right edge, level)
        self.last_page = 0
        self.t = translator(pack.language or "en")
        self.current_item = ""
        self._meeting: str | None = None  # the running head's meeting line, fitted
        self.addPageTemplates([
            PageTemplate("cover", [body_frame("cover")], onPageEnd=self._cover_end),
            self.content_page("content"),
        ])

    def beforeDocument(self) -> None:  # noqa: N802
        self.current_item = ""

    def handle_documentBegin(self) -> None:  # noqa: N802
        super().handle_documentBegin()
        self.canv.setNamedCB("bdTocEnd", self._toc_end)

    def _toc_end(self, canv: Canvas, kind: str, label: str) -> None:
        """At the end of a contents line: place the form that will hold its leader and page number."""
        x, y = canv._curr_tx_info["cur_x"], canv._curr_tx_info["cur_y"]
        width = canv._bd_toc_width
        level, _sep, label = label.partition(":")
        self.toc_dots[label] = (x - width, int(level))
        canv.saveState()
        canv.translate(width, y)
        canv.doForm(f"bdtoc{label}")
        canv.restoreState()
        canv.linkRect("", label, (0, y - 3, width, y + 10), relative=1)

    def fill_forms(self) -> None:
        """Once every page is laid out: each page's "Page N of M", added to the end of its content
        stream (pages are written only at save), and the contents' page numbers and leaders, as
        the forms the contents pages already show (PDF form XObjects may be defined after the
        pages that use them).  One layout pass is enough."""
        canv = self.canv
        total = self.last_page
        pages = canv._doc.Pages.pages
        for page in range(2, total + 1):
            label = self.t(N_("Page {page} of {pages}")).format(page=page, pages=total)
            pages[page - 1].stream += line_ops(canv, PAGE_WIDTH - MARGIN, MARGIN - 28, label, 8.5,
                                               align="right") + "\n"
        face = font_for(Script.LATIN)
        dot = " . "
        for key, (start, level) in self.toc_dots.items():
            style = self.toc_styles[min(level, len(self.toc_styles) - 1)]
            fsize = style.fontSize
            number = str(self.key_pages.get(key, ""))
            numw = stringWidth(number, face, fsize)
            dotw = stringWidth(dot, face, fsize)
            canv.beginForm(f"bdtoc{key}", lowerx=-PAGE_WIDTH, lowery=-10, upperx=10, uppery=30)
            canv.setFont(face, fsize)
            n = int((-numw - 2 - start - 2) / dotw) if dotw else 0
            if n > 0:
                canv.drawString(-numw - 2 - n * dotw, 0, dot * n)
            canv.drawRightString(0, 0, number)
            canv.endForm()

    def afterFlowable(self, flowable) -> None:  # noqa: N802
        if isinstance(flowable, _Marker):
            if flowable.item is not None:
                self.current_item = flowable.item
            if flowable.toc is not None:
                self.key_pages[flowable.toc[2]] = self.page

    def _classification(self, canv: Canvas, y: float, size: float, *, center: bool = False) -> None:
        mark = self.pack.classification.strip()
        if not mark:
            return
        if center:
            x, align = PAGE_WIDTH / 2 + _width(mark, size, bold=True) / 2, "right"
        else:
            x, align = MARGIN, "left"
        canv._code.append(line_ops(canv, x, y, mark, size, align=align, bold=True, fill=_MARK_FILL))

    def _cover_end(self, canv: Canvas, doc) -> None:
        self._classification(canv, PAGE_HEIGHT - MARGIN + 6, 14, center=True)
        self._classification(canv, MARGIN - 20, 14, center=True)

    def _on_page_end(self, canv: Canvas, doc) -> None:
        self.last_page = self.page
        top = PAGE_HEIGHT - MARGIN + 14
        if self._meeting is None:
            self._meeting = _fit(meeting_line(self.pack), 8.5, (PAGE_WIDTH - 2 * MARGIN) * 0.55)
        canv._code.append(line_ops(canv, MARGIN, top, self._meeting, 8.5))
        if self.current_item:
            canv._code.append(line_ops(
                canv, PAGE_WIDTH - MARGIN, top, _fit(self.current_item, 8.5, (PAGE_WIDTH - 2 * MARGIN) * 0.4, bold=True),
                8.5, align="right", bold=True))
        canv.setLineWidth(0.5)
        canv.line(MARGIN, PAGE_HEIGHT - MARGIN + 10, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN + 10)
        y = MARGIN - 28
        self._classification(canv, y, 8.5)
        # "Page N of M" is added to the page once M is known (fill_forms)


#: Fill colour of the classification marking (#9b1111) as a PDF operator.
_MARK_FILL = "0.607843 0.066667 0.066667 rg"


def _width(text: str, size: float, *, bold: bool = False) -> float:
    return sum(stringWidth(r, f, size) for r, f in split_runs(text, bold=bold))


@functools.lru_cache(maxsize=256)
def _fit(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """``text`` cut with ``…`` to fit ``width`` points at ``size`` (memoised: headers repeat)."""
    text = " ".join(text.split())
    if _width(text, size, bold=bold) <= width:
        return text
    lo, hi = 0, len(text)  # longest prefix that fits with the ellipsis
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _width(text[:mid] + "…", size, bold=bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…"


# ---------------------------------------------------------------------------
# public API


_gc_lock = threading.Lock()
_gc_holds = 0  # exports running
_gc_was_enabled = True  # the collector's state when the first of them began


@contextlib.contextmanager
def _cyclic_gc_paused():
    """Pause Python's cyclic garbage collector while an export runs.

    An export allocates a few hundred thousand short-lived objects (flowables, lines, strings);
    each allocation burst makes the collector walk every tracked object of the process, the
    open library's included, which cost 7–10 % of an export's CPU time.  Memory is still freed
    by reference counting; cycles are collected once the last concurrent export ends and the
    collector is enabled again (only if it was enabled before)."""
    global _gc_holds, _gc_was_enabled
    with _gc_lock:
        if _gc_holds == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holds += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holds -= 1
            if _gc_holds == 0 and _gc_was_enabled:
                gc.enable()


def export_pack_pdf(pack: PackView, out: Path | str | BinaryIO, progress: ProgressFn | None = None,
                    abort: AbortFn | None = None) -> int:
    """Write ``pack`` as a print-ready A4 PDF to ``out``; return its page count.

    ``out`` is a path (written only once the whole PDF is made: a cancelled
    or failed export leaves no file) or a binary stream.  ``progress(done,
    total)`` reports layout steps (one per flowable, one layout pass);
    ``abort()`` is polled before every flowable and stops the
    export with :class:`Cancelled`.  PDF metadata: title = pack title (or
    meeting), subject = meeting, creator ``"BriefDesk"``, language = pack's.

    Raises :class:`ExportError` when fonts cannot be loaded, layout fails or
    ``out`` cannot be written; :class:`Cancelled` as above.
    """
    check_output(out)
    with _cyclic_gc_paused():
        return _export(pack, out, progress, abort)


def _export(pack: PackView, out: Path | str | BinaryIO, progress: ProgressFn | None,
            abort: AbortFn | None) -> int:
    register_fonts()
    styles = _PackStyles(pack.language)
    state = FootnoteState()
    builder = _PackStory(pack, styles, state)
    try:
        story = builder.build()
    except BriefDeskError:
        raise
    except Exception as exc:
        raise ExportError(_("The PDF could not be laid out: {reason}").format(reason=exc)) from exc
    steps = max(1, len(story))
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(min(done, steps - 1), steps)

    buffer = io.BytesIO()
    title = pack.title or meeting_line(pack)
    doc = _PackDocTemplate(buffer, pack, state=state, toc_styles=builder.toc_styles, abort=abort, tick=tick,
                           title=title, subject=meeting_line(pack), creator="BriefDesk", author=pack.delegation,
                           producer="BriefDesk (ReportLab)", lang=pack.language or None,
                           displayDocTitle=True, initialFontName=font_for(Script.LATIN))
    a85 = rl_config.useA85
    rl_config.useA85 = 0  # binary (Flate) streams: 20 % smaller and faster than ASCII85 text
    try:
        doc._doSave = 0  # save after the forms are filled in
        doc.build(story, canvasmaker=OutlinedCanvas)
        doc.fill_forms()
        doc.canv.save()
    except BriefDeskError:
        raise
    except Exception as exc:  # ReportLab layout errors and the like
        raise ExportError(_("The PDF could not be laid out: {reason}").format(reason=exc)) from exc
    finally:
        rl_config.useA85 = a85
    data = buffer.getvalue()
    write_output(out, data)
    if progress is not None:
        progress(steps, steps)
    return doc.page
