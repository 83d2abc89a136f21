"""Export a draft as a Word document (.docx) with real Word numbering and footnotes.

Written with python-docx; the parts it does not model are written as
WordprocessingML (ECMA-376 Part 1):

* numbering (§17.9): one multi-level ``w:abstractNum`` for the operative
  paragraphs — level 0 ``decimal`` with the draft's pattern (``%1.`` or
  ``%1)``), level 1 ``lowerLetter`` (``(%2)``, ``（%2）``), level 2
  ``lowerRoman`` (``(%3)``) — and one ``w:num`` instance for the whole
  text, so Word counts 1, 2, 3 … through the sections and restarts the
  letters under each paragraph by itself; section headings have their own
  ``upperLetter`` list (``%1.``); lettered preambular sub-paragraphs get an
  instance per group, restarted with ``w:lvlOverride/w:startOverride``;
* footnotes (§17.11): a ``/word/footnotes.xml`` part with the two separator
  notes (ids -1 and 0), related to the document, and a ``w:footnoteReference``
  run at each marker's offset (Word numbers them 1, 2, … itself);
* the leading verb of a paragraph in italics (bold in Chinese, as Chinese
  UN texts set it apart); the symbol line, the title, the kind of draft (``决定草案``,
  ``Draft resolution``) and the body name above the text (in that order the
  structure pass reads the title as the document's title and the text from
  the kind line on as the draft);
* A4 pages by default (``paper="letter"`` for US Letter), 2.5 cm margins;
* named paragraph styles (:data:`STYLES`): ``Draft Symbol``, ``Draft Title``,
  ``Draft Kind``, ``Body Name``, ``Section Heading``, ``Preambular Paragraph``,
  ``Operative Paragraph`` and ``Sub-paragraph`` (sub-paragraphs of either
  kind), each based on ``Normal``, so a facilitator restyles the whole text at once;
* in the ``compilation`` view, each proposed amendment is a Word tracked change
  (insertion/deletion by its sponsors, on its date) with its comment as a Word
  comment (:mod:`.docx_tracked`).

BriefDesk's own reader (:mod:`briefdesk.core.readers.docx`) reads the file
back to the same paragraphs, numbers and verbs (tested).

Public API: :func:`export_docx`; :class:`Footnotes` (a footnotes part for any
python-docx document, also used by the tests' AKN → .docx writer).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

from ..drafting import references
from ..drafting.numbering import patterns_for
from ..drafting.snapshot import BracketView, DraftView, ViewParagraph, kind_line, names_a_draft, sponsor_text, view
from ..errors import ExportError
from ..i18n import _
from .docx_tracked import Placed, RevisionIds, write_tracked_paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _sub(parent, tag: str, **attrs):
    el = etree.SubElement(parent, qn(tag))
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _lvl_text(pattern: str, level: int) -> str:
    """A numbering pattern (``"({a})"``) as a Word ``w:lvlText`` (``"(%2)"``)."""
    out = pattern
    for key in ("{n}", "{a}", "{i}", "{A}"):
        out = out.replace(key, f"%{level + 1}")
    return out


class _Numbering:
    """Abstract definitions and instances added to the document's numbering part."""

    def __init__(self, document, patterns: dict[str, str]) -> None:
        self.el = document.part.numbering_part.element
        self.next_id = 50
        operative = [("decimal", _lvl_text(patterns["operative"], 0)),
                     ("lowerLetter", _lvl_text(patterns["sub"], 1)),
                     ("lowerRoman", _lvl_text(patterns["subsub"], 2))]
        self.operative_abstract = self._abstract(operative)
        self.section_abstract = self._abstract([("upperLetter", _lvl_text(patterns["section"], 0))])
        self.operative = self._num(self.operative_abstract)
        self.section = self._num(self.section_abstract)

    def _abstract(self, levels: list[tuple[str, str]]) -> int:
        aid = self.next_id
        self.next_id += 1
        an = etree.Element(qn("w:abstractNum"))
        an.set(qn("w:abstractNumId"), str(aid))
        _sub(an, "w:multiLevelType", val="multilevel")
        for il, (fmt, text) in enumerate(levels):
            lvl = _sub(an, "w:lvl", ilvl=il)
            _sub(lvl, "w:start", val=1)
            _sub(lvl, "w:numFmt", val=fmt)
            _sub(lvl, "w:lvlText", val=text)
            _sub(lvl, "w:lvlJc", val="left")
            ppr = _sub(lvl, "w:pPr")
            _sub(ppr, "w:ind", left=567 * (il + 1), hanging=567)
        first_num = self.el.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(an)     # abstractNum elements precede num elements (schema order)
        else:
            self.el.append(an)
        return aid

    def _num(self, abstract: int, restart_level: int | None = None) -> int:
        nid = self.next_id
        self.next_id += 1
        num = _sub(self.el, "w:num", numId=nid)
        _sub(num, "w:abstractNumId", val=abstract)
        if restart_level is not None:
            ov = _sub(num, "w:lvlOverride", ilvl=restart_level)
            _sub(ov, "w:startOverride", val=1)
        return nid

    def restarted(self) -> int:
        """A fresh instance of the operative list whose letters restart at (a) (preambular groups)."""
        return self._num(self.operative_abstract, restart_level=1)

    @staticmethod
    def attach(paragraph, num_id: int, level: int) -> None:
        numpr = _sub(paragraph._p.get_or_add_pPr(), "w:numPr")
        _sub(numpr, "w:ilvl", val=level)
        _sub(numpr, "w:numId", val=num_id)


class Footnotes:
    """A document's footnotes part (ECMA-376 §17.11), written by hand (python-docx has no footnote API).

    ``document`` is a python-docx ``Document``.  :meth:`reference` adds a note
    and its superscript reference run; :meth:`finish` (once, after the last
    reference) adds ``/word/footnotes.xml`` with the separator notes -1 and 0
    and relates it to the document; without notes it adds nothing.
    """

    def __init__(self, document) -> None:
        self.document = document
        self.root = etree.Element(qn("w:footnotes"), nsmap={"w": W_NS})
        for fid, kind in ((-1, "separator"), (0, "continuationSeparator")):
            note = _sub(self.root, "w:footnote", type=kind, id=fid)
            _sub(_sub(_sub(note, "w:p"), "w:r"), "w:" + kind)
        self.next_id = 1
        self.count = 0  # notes Word numbers itself (no custom mark)

    def reference(self, paragraph, text: str, marker: str | None = None) -> None:
        """Add a footnote of ``text`` and its reference run at the end of ``paragraph`` (python-docx).

        Word numbers the notes 1, 2, … itself; a ``marker`` that is not the next
        such number (``*``) is written as a custom mark (``w:customMarkFollows``).
        """
        fid = self.next_id
        self.next_id += 1
        note = _sub(self.root, "w:footnote", id=fid)
        p = _sub(note, "w:p")
        r = _sub(p, "w:r")
        _sub(_sub(r, "w:rPr"), "w:vertAlign", val="superscript")
        _sub(r, "w:footnoteRef")
        t = _sub(_sub(p, "w:r"), "w:t")
        t.text = " " + text
        t.set(_XML_SPACE, "preserve")
        run = paragraph.add_run()._r
        _sub(run.get_or_add_rPr(), "w:vertAlign", val="superscript")
        ref = _sub(run, "w:footnoteReference", id=fid)
        if marker is None or marker == str(self.count + 1):
            self.count += 1
        else:
            ref.set(qn("w:customMarkFollows"), "1")
            _sub(run, "w:t").text = marker

    def finish(self) -> None:
        """Add the footnotes part to the package (nothing when no note was added)."""
        if self.next_id == 1:
            return
        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, blob, self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)


def _write_runs(paragraph, p: ViewParagraph, notes: Footnotes, emphasis: str) -> None:
    """The paragraph's runs with styles, and footnote references at their offsets."""
    by_offset: dict[int, list[str]] = {}
    for _marker, text, offset in p.footnotes:
        by_offset.setdefault(len(p.text) if offset is None else min(max(offset, 0), len(p.text)), []).append(text)
    pos = 0
    for run in p.runs:
        start, end = pos, pos + len(run.text)
        cuts = sorted({start, end} | {o for o in by_offset if start < o < end})
        for a, b in zip(cuts, cuts[1:]):
            r = paragraph.add_run(p.text[a:b])
            if run.role == "verb":
                setattr(r.font, emphasis, True)
            elif run.role == "deleted":
                r.font.strike = True
            elif run.role == "sponsors":
                r.font.italic = True
            for text in by_offset.get(b, []) if b < len(p.text) else []:
                notes.reference(paragraph, text)
        pos = end
    for text in by_offset.get(len(p.text), []):
        notes.reference(paragraph, text)
    if not p.runs:
        for text in by_offset.get(0, []):
            notes.reference(paragraph, text)


PAPER = {"a4": (Mm(210), Mm(297)), "letter": (Mm(215.9), Mm(279.4))}

#: Paragraph styles: key → (style name, bold, first-line indent in cm, space after in pt)
STYLES = {
    "symbol": ("Draft Symbol", False, None, 6),
    "title": ("Draft Title", True, None, 6),
    "kind": ("Draft Kind", True, None, 6),
    "body": ("Body Name", False, 1.25, 6),
    "heading": ("Section Heading", True, None, 6),
    "preambular": ("Preambular Paragraph", False, 1.25, 6),
    "operative": ("Operative Paragraph", False, None, 6),
    "sub": ("Sub-paragraph", False, None, 4),
}


def _add_styles(document) -> dict[str, str]:
    """Add the paragraph styles of :data:`STYLES`; returns key → style name."""
    names = {}
    for key, (name, bold, indent, after) in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.quick_style = True
        if bold:
            style.font.bold = True
        if indent is not None:
            style.paragraph_format.first_line_indent = Cm(indent)
        style.paragraph_format.space_after = Pt(after)
        names[key] = name
    return names


def _page(document, paper: str) -> None:
    if paper not in PAPER:
        raise ExportError(_("Unknown paper size {paper}: a4 or letter.").format(paper=paper))
    for section in document.sections:
        section.page_width, section.page_height = PAPER[paper]
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)


def _placed_amendments(laid: DraftView):
    """Proposed amendments by paragraph id, as :class:`.docx_tracked.Placed` in shown offsets."""
    snap = laid.snapshot
    numbers = snap.numbers()
    by_paragraph: dict[int, list] = {}
    for a in snap.amendments:
        if a.status != "proposed" or a.paragraph_id is None:
            continue
        try:
            raw = snap.paragraph(a.paragraph_id).text
        except KeyError:
            continue
        start = references.to_shown_offset(raw, numbers, min(max(a.start, 0), len(raw)))
        end = start if a.op == "insert" else references.to_shown_offset(raw, numbers, min(max(a.end, 0), len(raw)))
        by_paragraph.setdefault(a.paragraph_id, []).append(Placed(start, end, a))
    return by_paragraph


def export_docx(laid: DraftView, out: Path, *, paper: str = "a4") -> Path:
    """Write ``laid`` to ``out`` as .docx (see the module docstring); returns ``out``.

    ``paper`` ``"a4"`` (default) or ``"letter"``.  In the ``compilation`` view the
    proposed amendments are Word tracked changes; those that overlap an earlier
    one's span cannot be and are named in ``laid.warnings``.  Raises :class:`ExportError` for an unknown
    paper size or if the file cannot be written."""
    snap = laid.snapshot
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    _page(document, paper)
    styles = _add_styles(document)
    tracked = laid.mode is BracketView.COMPILATION
    base = {p.id: p for p in view(snap, BracketView.ALL).paragraphs} if tracked else {}
    placed = _placed_amendments(laid) if tracked else {}
    skipped = []
    ids = RevisionIds()
    patterns = patterns_for(snap.numbering)
    numbering = _Numbering(document, patterns)
    notes = Footnotes(document)
    emphasis = "bold" if snap.language == "zh" else "italic"
    kind = "" if names_a_draft(snap.symbol) or names_a_draft(snap.title) else kind_line(snap.kind, snap.language)
    for line, key in ((snap.symbol, "symbol"), (snap.title, "title"), (kind, "kind")):
        if line:
            document.add_paragraph(line, style=styles[key])
    if snap.body_name:
        body = document.add_paragraph(style=styles["body"])
        name = snap.body_name.rstrip(",，، ")
        setattr(body.add_run(name).font, emphasis, True)
        body.add_run(snap.body_name[len(name):])
    preamble_list: int | None = None
    for p in laid.paragraphs:
        key = "heading" if p.kind == "heading" else "sub" if p.level else (
            "preambular" if p.kind == "preambular" else "operative")
        para = document.add_paragraph(style=styles[key])
        if p.kind == "heading":
            if p.number:
                numbering.attach(para, numbering.section, 0)
            r = para.add_run(p.text)
            r.font.bold = True
            continue
        if p.kind == "preambular" and p.level == 0:
            preamble_list = None
        if p.number:
            if p.kind == "preambular":
                if preamble_list is None:
                    preamble_list = numbering.restarted()
                numbering.attach(para, preamble_list, p.level)
            else:
                numbering.attach(para, numbering.operative, p.level)
        if tracked and p.id in placed:
            skipped += write_tracked_paragraph(document, para, base[p.id], placed[p.id], notes, emphasis, ids,
                                               snap.language)
        else:
            _write_runs(para, base.get(p.id, p), notes, emphasis)
    notes.finish()
    laid.warnings += [
        _("Amendment {number} ({sponsors}) overlaps an earlier one on the same words and is not a tracked "
          "change in the .docx.").format(number=a.number or a.id, sponsors=sponsor_text(a.sponsors, snap.language)) for a in skipped]
    try:
        document.save(str(out))
    except OSError as exc:
        raise ExportError(_("Cannot write {path}: {reason}").format(path=out, reason=exc.strerror or exc)) from exc
    return out
