"""The document view: one stored document as rich text in a :class:`QTextBrowser`.

:func:`document_html` turns a :class:`~briefdesk.core.document.ParsedDocument`
into the HTML subset Qt's rich text understands (no web engine): a title
block, then the paragraphs in reading order, each in a two-cell table so
its number hangs to the left of the text, sub-paragraphs indented by
level, headings bold, the leading verb emphasised (italic in Latin
scripts, bold in CJK, following the UN Editorial Manual's practice of
setting the verb apart), embedded parts (draft decisions) set apart in a
shaded frame under their title, footnote markers as superscript links to
the notes at the end, each note with a link back.  Paragraph ``i`` carries
the anchor ``p{i}`` so a search hit can scroll to it.

Citations printed in a paragraph are links (``cite:<citation id>``): blue
when the cited document is in the library, amber with a tooltip when it is
not.  A paragraph that other documents cite carries a grey "cited by N"
marker in its right margin (``citedby:<position>``).

A right-to-left document (Arabic, :func:`briefdesk.core.direction.is_rtl` of
its language) is shown right to left in any interface: every cell carries
``dir="rtl"`` and is aligned right, and since Qt's rich text does not mirror
table columns, the cells are written in mirrored order — hanging indent and
number on the right, the text to their left, the "cited by" marker in the
left margin; the closing ``،``/``؛`` of a paragraph then stand at its left
end, where the printed text has them.  A left-to-right document keeps
``dir="ltr"`` even under the Arabic interface.  The title block's labels
are in the interface language and follow its direction.  :class:`DocumentView`
turns clicks on these into the signals ``citation_activated`` and
``cited_by_activated``; the window decides what to open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import html
from dataclasses import replace
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping

from ..core.direction import interface_is_rtl, is_rtl
from ..core.document import (DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph,
                             cell_footnotes, cell_offsets, is_grid_row, table_grid)
from ..core.i18n import _, format_date, format_date_range, format_number, ngettext
from ..core.scripts import has_han
from .fonts import document_font
from .palette import theme
from .packs.mime import ExcerptRef, excerpt_mime_data
from .qt import QMenu, QTextBrowser, QTextCursor, QUrl, Signal

if TYPE_CHECKING:  # imported where used: the main window is painted before SQLAlchemy is loaded
    from ..core.library import CitationLink

# Colours (the landed-on paragraph, citation links in and not in the library, an embedded part's
# shading, secondary text) come from .palette.theme(), for a light or a dark palette.
CITE_SCHEME = "cite"
CITED_BY_SCHEME = "citedby"
#: Hanging-indent width of a paragraph number, and indentation per level (pixels).
NUMBER_WIDTH = 44
LEVEL_INDENT = 36

_KIND_LABELS = {
    DocumentKind.DECISION: "Decision",
    DocumentKind.RESOLUTION: "Resolution",
    DocumentKind.RECOMMENDATION: "Recommendation",
    DocumentKind.DRAFT_DECISION: "Draft decision",
    DocumentKind.DRAFT_RESOLUTION: "Draft resolution",
    DocumentKind.DRAFT_RECOMMENDATION: "Draft recommendation",
    DocumentKind.NOTE: "Note",
    DocumentKind.REPORT: "Report",
    DocumentKind.OTHER: "Document",
}


def kind_label(kind: DocumentKind | str) -> str:
    """The translated name of a document kind (``Draft decision``)."""
    try:
        return _(_KIND_LABELS[DocumentKind(kind)])
    except ValueError:
        return str(kind)


def paragraph_anchor(position: int) -> str:
    """The anchor name of the paragraph at ``position`` (reading order, 0-based)."""
    return f"p{position}"


def footnote_anchor(position: int, index: int) -> str:
    return f"fn{position}-{index}"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def citation_url(citation_id: int) -> str:
    """The link target of a stored citation in the document view."""
    return f"{CITE_SCHEME}:{citation_id}"


def _citation_spans(text: str, citations: Iterable[CitationLink]) -> list[tuple[int, int, CitationLink]]:
    """Non-overlapping ``(start, end, citation)`` spans to link, first and longest first."""
    spans: list[tuple[int, int, CitationLink]] = []
    for c in sorted(citations, key=lambda c: (c.start, -c.end, c.id)):
        if c.target_symbol is None and not c.internal:
            continue  # a treaty article: nothing in the library to open
        if 0 <= c.start < c.end <= len(text) and (not spans or c.start >= spans[-1][1]):
            spans.append((c.start, c.end, c))
    return spans


def _citation_open(c: CitationLink) -> str:
    if c.internal and c.resolved_document_id is not None:
        colour, tip = theme().resolved_link, _("Go to paragraph {n}").format(n=c.target_paragraph)
    elif c.resolved_document_id is not None:
        target = c.resolved_symbol or c.target_symbol or ""
        if c.resolved_paragraph:
            tip = _("Open {target}, paragraph {n}").format(target=target, n=c.resolved_paragraph.rstrip("."))
        else:
            tip = _("Open {target}").format(target=target)
        colour = theme().resolved_link
    else:
        colour, tip = theme().unresolved_link, _("{symbol} is not in the library").format(symbol=c.target_symbol)
    return (f'<a href="{citation_url(c.id)}" title="{html.escape(tip)}" '
            f'style="color: {colour}; text-decoration: underline">')


def _paragraph_text(p: ParsedParagraph, position: int, citations: Iterable[CitationLink] = (),
                    note_index: list[int] | None = None) -> str:
    """The paragraph's text as HTML: verb emphasised, footnote markers and citations linked.

    ``note_index`` gives the index each of ``p.footnotes`` has among its paragraph's notes
    (for anchors) when ``p`` is one cell of a table row; by default their own order."""
    text = p.text
    spans = _citation_spans(text, citations)
    opens = {start: c for start, _end, c in spans}
    closes = {end for _start, end, _c in spans}
    inserts: dict[int, list[str]] = {}
    trailing: list[str] = []
    for k, f in enumerate(p.footnotes):
        i = note_index[k] if note_index is not None else k
        link = (f'<a href="#{footnote_anchor(position, i)}" name="ref{position}-{i}">'
                f'<sup>{_esc(f.marker)}</sup></a>')
        if f.offset is not None and 0 <= f.offset <= len(text):
            offset = next((end for start, end, _c in spans if start < f.offset < end), f.offset)
            inserts.setdefault(offset, []).append(link)  # never inside a citation's link
        else:
            trailing.append(link)
    verb_end = len(p.verb) if p.verb and text.startswith(p.verb) else 0
    cuts = sorted({0, verb_end, len(text), *inserts, *opens, *closes})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        if a in opens:
            out.append(_citation_open(opens[a]))
        piece = _esc(text[a:b])
        if b <= verb_end and piece:
            piece = f"<b>{piece}</b>" if has_han(p.verb or "") else f"<i>{piece}</i>"
        out.append(piece)
        if b in closes:
            out.append("</a>")
        out.extend(inserts.get(b, []))
    if 0 in inserts:
        out.insert(0, "".join(inserts[0]))
    out.extend(trailing)
    return "".join(out)


def _linked_text(text: str, citations: Iterable[CitationLink]) -> str:
    """Plain ``text`` as HTML with its citations linked (a footnote's text)."""
    out, last = [], 0
    for start, end, c in _citation_spans(text, citations):
        out += [_esc(text[last:start]), _citation_open(c), _esc(text[start:end]), "</a>"]
        last = end
    out.append(_esc(text[last:]))
    return "".join(out)


def _dir(rtl: bool) -> str:
    """The ``dir`` and ``align`` attributes of a cell or paragraph in that direction."""
    return ' dir="rtl" align="right"' if rtl else ' dir="ltr"'


def _interface_align() -> str:
    """The ``align`` attribute of interface text (labels, headings): right under a right-to-left
    interface language, else none."""
    return ' align="right"' if interface_is_rtl() else ""


def _cited_by_marker(position: int, count: int, rtl: bool = False) -> str:
    label = ngettext("cited by {n}", "cited by {n}", count).format(n=format_number(count))
    tip = ngettext("{n} paragraph of another document cites this paragraph",
                   "{n} paragraphs of other documents cite this paragraph", count).format(n=format_number(count))
    return (f'<td width="70" align="{"left" if rtl else "right"}" valign="top" style="font-size: small">'
            f'<a href="{CITED_BY_SCHEME}:{position}" title="{html.escape(tip)}" '
            f'style="color: {theme().muted}; text-decoration: none">{_esc(label)}</a></td>')


def _paragraph_html(p: ParsedParagraph, position: int, highlight: bool,
                    citations: Iterable[CitationLink] = (), cited_by: int = 0, rtl: bool = False) -> str:
    """One paragraph as a one-row table: indent, number, text, "cited by" marker — in that
    order from the left, or mirrored from the right when ``rtl``."""
    body = _paragraph_text(p, position, citations)
    if p.kind == ParagraphKind.HEADING:
        body = f"<b>{body}</b>"
    bg = f' bgcolor="{theme().highlight}"' if highlight else ""
    indent = LEVEL_INDENT * max(p.level, 0)
    anchor = f'<a name="{paragraph_anchor(position)}"></a>'
    spacer = [f'<td width="{indent}"></td>'] if indent else []
    d = _dir(rtl)
    if p.number:
        number = _esc(p.number)
        if p.kind == ParagraphKind.HEADING:
            number = f"<b>{number}</b>"
        row = spacer + [f'<td width="{NUMBER_WIDTH}" valign="top"{d}>{anchor}{number}</td>',
                        f'<td valign="top"{d}>{body}</td>']
    else:
        row = spacer + [f'<td valign="top"{d}>{anchor}{body}</td>']
    if cited_by:
        row.append(_cited_by_marker(position, cited_by, rtl))
    cells = "".join(reversed(row) if rtl else row)
    return (f'<table width="100%" cellspacing="0" cellpadding="3"{bg} '
            f'style="margin-bottom: 6px"><tr>{cells}</tr></table>\n')


def _cell_html(p: ParsedParagraph, position: int, index: int, start: int, notes: list[int],
               citations: Iterable[CitationLink]) -> str:
    """Cell ``index`` of table row ``p`` (which starts at ``start`` in ``p.text``) as HTML, with
    the row's footnotes ``notes`` (indices; offsets into the row's text) and the citations
    that fall in it; the markers keep the row's anchors."""
    text = (p.cells or [])[index]
    end = start + len(text)
    placed = [replace(p.footnotes[i], offset=p.footnotes[i].offset - start
                      if p.footnotes[i].offset is not None and start <= p.footnotes[i].offset <= end else None)
              for i in notes]
    cites = [replace(c, start=c.start - start, end=c.end - start) for c in citations
             if start <= c.start and c.end <= end]
    return _paragraph_text(ParsedParagraph(ParagraphKind.BODY, text, footnotes=placed), position, cites,
                           note_index=notes)


def _table_html(rows: list[tuple[int, ParsedParagraph]], highlight: int | None,
                citations: Mapping[int, list[CitationLink]], rtl: bool = False) -> str:
    """The rows of one table (``(position, paragraph)`` in order) as one bordered HTML table laid
    out by :func:`~briefdesk.core.document.table_grid`, with ``colspan``/``rowspan``; each row's
    anchor (``p{position}``) stands in its first cell, places no cell covers are empty cells.
    Right to left, the columns are written mirrored (Qt does not mirror tables).  A table
    of more than five columns is set small, so that its words are not broken in narrow cells."""
    grid = table_grid([p for _pos, p in rows])
    starts = {(c.row, c.column if not rtl else grid.width - c.column - c.columns): c for c in grid.cells}
    covered = set()
    for c in grid.cells:
        for dr in range(c.rows):
            for dc in range(c.columns):
                covered.add((c.row + dr, c.column + dc))
    offsets = [cell_offsets(p) for _pos, p in rows]
    notes = [cell_footnotes(p, o) for (_pos, p), o in zip(rows, offsets)]
    d = _dir(rtl)
    border = theme().muted
    align = ' align="right"' if rtl else ""
    small = grid.width > 5   # set on the text: Qt's cells do not pass a cell's font size on
    out = [f'<table cellspacing="0" cellpadding="4" border="1" '
           f'style="border-collapse: collapse; border-color: {border}; margin-top: 4px; margin-bottom: 8px"'
           f'{align}>']
    for r, (position, p) in enumerate(rows):
        bg = f' bgcolor="{theme().highlight}"' if highlight == position else ""
        anchor = f'<a name="{paragraph_anchor(position)}"></a>'
        out.append("<tr>")
        for col in range(grid.width):
            cell = starts.get((r, col))
            real = grid.width - col - 1 if rtl else col
            if cell is None:
                if (r, real) in covered:
                    continue
                out.append(f'<td{bg}{d}>{anchor}</td>')
                anchor = ""
                continue
            source_pos, source = rows[cell.paragraph]
            body = _cell_html(source, source_pos, cell.index, offsets[cell.paragraph][cell.index],
                              notes[cell.paragraph][cell.index], citations.get(source_pos, ()))
            spans = (f' colspan="{cell.columns}"' if cell.columns > 1 else "") + \
                    (f' rowspan="{cell.rows}"' if cell.rows > 1 else "")
            if small:
                body = f'<span style="font-size: small">{body}</span>'
            out.append(f'<td valign="top"{spans}{bg}{d}>{anchor}{body}</td>')
            anchor = ""
        if anchor:   # every place of the row held from above: its anchor in a cell of its own
            out.append(f"<td{bg}>{anchor}</td>")
        out.append("</tr>")
    out.append("</table>\n")
    return "".join(out)


def _title_block(doc: ParsedDocument) -> str:
    """Symbol, kind and facts in the interface's direction; the title in the document's."""
    rows = []
    ui_rtl = interface_is_rtl()
    ui = _interface_align()  # interface strings: aligned, their direction their own
    head = _esc(doc.symbol or _("(no symbol)"))
    rows.append(f'<p{ui} style="font-size: large"><b>{head}</b> &nbsp; '
                f'<span style="color: {theme().muted}">{_esc(kind_label(doc.kind))}</span></p>')
    facts = []
    for label, value in ((_("Body"), doc.body), (_("Session"), doc.session),
                         (_("Meeting dates"), format_date_range(doc.start_date, doc.end_date)),
                         (_("Date"), format_date(doc.date)), (_("Venue"), doc.venue),
                         (_("Agenda item"), doc.agenda_item)):
        if value:
            cells = [f'<td{ui} style="color: {theme().muted}; padding-right: 12px; padding-left: 12px">'
                     f'{_esc(label)}</td>',
                     f'<td{_dir(ui_rtl)}>{_esc(value)}</td>']  # a date formatted for the interface
            facts.append("<tr>" + "".join(reversed(cells) if ui_rtl else cells) + "</tr>")
    if facts:
        rows.append(f'<table cellspacing="0" cellpadding="1"{ui}>' + "".join(facts) + "</table>")
    if doc.title and not doc.has_masthead():  # the masthead paragraphs print the title
        rows.append(f'<h2{_dir(is_rtl(doc.language))}>{_esc(doc.title)}</h2>')
    if doc.source_format == "akn":
        rows.append(f'<p{ui} style="color: {theme().muted}; font-size: small">{_esc(un_acknowledgement())}</p>')
    return "\n".join(rows) + "<hr/>\n"


def un_acknowledgement() -> str:
    """The source line shown with every Akoma Ntoso (UN) document."""
    return _("Source: United Nations. Unofficial machine-readable copy (UNxml), for information only.")


def document_html(doc: ParsedDocument, *, highlight: int | None = None,
                  citations: Iterable[CitationLink] = (), cited_by: Mapping[int, int] | None = None) -> str:
    """The whole document as Qt rich-text HTML; paragraph ``highlight`` shaded.

    ``citations`` are the document's stored citations (:meth:`.Library.citations`),
    linked where they stand, in the paragraphs and in the footnotes; ``cited_by`` maps a paragraph position to the number
    of other documents' paragraphs citing it (the margin marker).
    """
    by_position: dict[int, list[CitationLink]] = {}
    by_note: dict[tuple[int, int], list[CitationLink]] = {}
    for c in citations:
        if c.footnote_index is None:
            by_position.setdefault(c.citing_position, []).append(c)
        else:
            by_note.setdefault((c.citing_position, c.footnote_index), []).append(c)
    cited_by = cited_by or {}
    colours = theme()
    rtl = is_rtl(doc.language)
    d = _dir(rtl)
    out = ["<html><body>", _title_block(doc)]
    current_part: int | None = None
    table_rows: list[tuple[int, ParsedParagraph]] = []   # rows of the table being read
    for position, p in enumerate(doc.paragraphs):
        if p.part != current_part:
            if current_part is not None:
                out.append("</td></tr></table>\n")
            current_part = p.part
            if current_part is not None:
                part = doc.parts[current_part] if 0 <= current_part < len(doc.parts) else None
                title = part.title if part and part.title else kind_label(part.kind if part else "other")
                out.append(f'<table width="100%" cellspacing="0" cellpadding="10" bgcolor="{colours.part_background}" '
                           f'style="margin-top: 8px; margin-bottom: 8px"><tr><td{d}>'
                           f'<p{d} style="color: {colours.part_title}"><b>{_esc(title)}</b></p>\n')
        if is_grid_row(p):
            table_rows.append((position, p))
            nxt = doc.paragraphs[position + 1] if position + 1 < len(doc.paragraphs) else None
            if nxt is None or nxt.table != p.table or not is_grid_row(nxt) or nxt.part != p.part:
                out.append(_table_html(table_rows, highlight, by_position, rtl))
                table_rows = []
            continue
        out.append(_paragraph_html(p, position, highlight == position, by_position.get(position, ()),
                                   cited_by.get(position, 0), rtl))
    if current_part is not None:
        out.append("</td></tr></table>\n")
    notes = [(pos, i, f) for pos, p in enumerate(doc.paragraphs) for i, f in enumerate(p.footnotes)]
    if notes:
        heading, back_title = _esc(_("Footnotes")), _esc(_("Back to the text"))
        out.append(f"<hr/><p{_interface_align()}><b>{heading}</b></p>")
        for pos, i, f in notes:
            back = f'<a href="#{paragraph_anchor(pos)}" title="{back_title}">{"↪" if rtl else "↩"}</a>'
            cells = [(f'<td width="{NUMBER_WIDTH}" valign="top"{d}><a name="{footnote_anchor(pos, i)}"></a>'
                      f'<sup>{_esc(f.marker)}</sup></td>'),
                     (f'<td valign="top"{d} style="font-size: small">'
                      f'{_linked_text(f.text, by_note.get((pos, i), ()))} {back}</td>')]
            out.append(f'<table width="100%" cellspacing="0" cellpadding="2"><tr>'
                       f'{"".join(reversed(cells) if rtl else cells)}</tr></table>\n')
    out.append("</body></html>")
    return "".join(out)


class DocumentView(QTextBrowser):
    """Shows one document; :meth:`show_document` and :meth:`go_to_paragraph`.

    Selected text drags out as an excerpt reference (:mod:`.packs.mime`)
    naming the paragraphs it spans, and the context menu offers
    "Add to pack" for those paragraphs, the paragraph's section or the whole
    document: it emits :attr:`excerpt_requested` with an
    :class:`~.packs.mime.ExcerptRef`.

    Signals: ``citation_activated(CitationLink)`` when a citation link is
    clicked, ``cited_by_activated(int)`` (a paragraph position) when a
    "cited by" marker is.  Links inside the document (footnotes) scroll.
    """

    #: Emitted with an :class:`~.packs.mime.ExcerptRef` by the "Add to pack" actions.
    excerpt_requested = Signal(object)
    citation_activated = Signal(object)
    cited_by_activated = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._starts: list[int] = []  # character position where paragraph i starts in the view
        #: anchor name (``p3``, ``fn3-0``…) -> character position where it first stands in the shown text
        self.anchors: dict[str, int] = {}
        self.paragraph_ids: list[int] = []  # stored id of paragraph i, when known
        self.setObjectName("documentView")
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._anchor_clicked)
        self.document().setDocumentMargin(18)
        self.document().setDefaultFont(document_font())
        self.document_id: int | None = None
        self.parsed: ParsedDocument | None = None
        self.highlighted: int | None = None
        self.citations: dict[int, CitationLink] = {}

    def apply_text_size(self) -> None:
        """Show the text at the current reading size (:func:`.fonts.text_size`), keeping the place."""
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self.document().setDefaultFont(document_font())
        bar.setValue(round(fraction * bar.maximum()))

    def show_document(self, document_id: int, parsed: ParsedDocument, *, highlight: int | None = None,
                      paragraph_ids: list[int] | None = None, citations: Iterable[CitationLink] = (),
                      cited_by: Mapping[int, int] | None = None) -> None:
        """Render ``parsed`` with its ``citations`` linked and ``cited_by`` markers (see
        :func:`document_html`); with ``highlight``, shade that paragraph and scroll to it.

        ``paragraph_ids`` (the stored ids of ``parsed.paragraphs``, in order), when
        given, travel with excerpts dragged out of the view.
        """
        self.document_id, self.parsed, self.highlighted = document_id, parsed, highlight
        ids = list(paragraph_ids or ())
        self.paragraph_ids = ids if len(ids) == len(parsed.paragraphs) else []
        self.citations = {c.id: c for c in citations}
        self.setHtml(document_html(parsed, highlight=highlight, citations=self.citations.values(),
                                   cited_by=cited_by))
        self.document().setDocumentMargin(18)
        self.anchors = self._find_anchors()
        self._starts = self._paragraph_starts()
        if highlight is not None:
            self.go_to_paragraph(highlight)
        else:
            self.verticalScrollBar().setValue(0)

    def _anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == CITE_SCHEME:
            citation = self.citations.get(int(url.path())) if url.path().isdigit() else None
            if citation is not None:
                self.citation_activated.emit(citation)
        elif scheme == CITED_BY_SCHEME:
            if url.path().isdigit():
                self.cited_by_activated.emit(int(url.path()))
        elif not scheme and url.hasFragment():
            self.scrollToAnchor(url.fragment())

    def _fragments(self) -> Iterator:
        """Every text fragment (``QTextFragment``) of the shown text, in reading order."""
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                yield it.fragment()
                it += 1
            block = block.next()

    def citation_position(self, citation_id: int) -> int | None:
        """Character position in the shown text of citation ``citation_id``'s link, or None."""
        target = citation_url(citation_id)
        return next((f.position() for f in self._fragments() if f.charFormat().anchorHref() == target), None)

    def go_to_paragraph(self, position: int) -> None:
        """Scroll so the paragraph at ``position`` is at the top of the view."""
        self.scrollToAnchor(paragraph_anchor(position))

    def anchor_position(self, name: str) -> int | None:
        """Character position in the shown text where anchor ``name`` stands, or None."""
        return self.anchors.get(name)

    def is_position_visible(self, position: int) -> bool:
        """True when the character at ``position`` lies inside the visible viewport."""
        cursor = self.textCursor()
        cursor.setPosition(position)
        return self.viewport().rect().contains(self.cursorRect(cursor).center())

    # -- excerpts: paragraphs under the selection, drag and context menu ------

    def _find_anchors(self) -> dict[str, int]:
        """Anchor name -> character position where it first stands (one pass over the text)."""
        found: dict[str, int] = {}
        for fragment in self._fragments():
            for name in fragment.charFormat().anchorNames():
                found.setdefault(name, fragment.position())
        return found

    def _paragraph_starts(self) -> list[int]:
        """Character position of each paragraph's anchor, in reading order (from :attr:`anchors`)."""
        found = self.anchors
        count = len(self.parsed.paragraphs) if self.parsed else 0
        starts, last = [], 0
        for i in range(count):
            last = found.get(paragraph_anchor(i), last)
            starts.append(last)
        return starts

    def paragraph_at(self, char_position: int, *, last: bool = False) -> int | None:
        """Reading-order position of the paragraph shown at ``char_position``, or None before the first.

        On the edge of a table holding several paragraphs (an embedded part),
        the first of them, or with ``last`` the last.
        """
        if not self._starts:
            return None
        # Each paragraph is a one-row table, and a selection across tables grows to whole tables:
        # a position on a table's edge belongs to the paragraph whose anchor that table holds.
        for at in (char_position, char_position + 1):
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(max(at, 0), self.document().characterCount() - 1))
            table = cursor.currentTable()
            if table is not None:
                lo, hi = table.firstPosition(), table.lastPosition()
                i = bisect_right(self._starts, hi) - 1 if last else bisect_left(self._starts, lo)
                if 0 <= i < len(self._starts) and lo <= self._starts[i] <= hi:
                    return i
        if char_position < self._starts[0]:
            return None
        return bisect_right(self._starts, char_position) - 1

    def selected_positions(self) -> list[int]:
        """Positions of the paragraphs the selection touches (empty without a selection)."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or not self._starts:
            return []
        first = self.paragraph_at(cursor.selectionStart())
        last = self.paragraph_at(max(cursor.selectionEnd() - 1, cursor.selectionStart()), last=True)
        if last is None:
            return []
        return list(range(0 if first is None else first, last + 1))

    def section_positions(self, position: int) -> list[int]:
        """Positions of every paragraph in the section (and embedded part) of paragraph ``position``.

        A paragraph outside any section yields the run of section-less
        paragraphs around it, so "section" never means "whole document" by accident.
        """
        paragraphs = self.parsed.paragraphs if self.parsed else []
        if not 0 <= position < len(paragraphs):
            return []
        key = (paragraphs[position].section, paragraphs[position].part)
        lo = position
        while lo > 0 and (paragraphs[lo - 1].section, paragraphs[lo - 1].part) == key:
            lo -= 1
        hi = position
        while hi + 1 < len(paragraphs) and (paragraphs[hi + 1].section, paragraphs[hi + 1].part) == key:
            hi += 1
        return list(range(lo, hi + 1))

    def excerpt_ref(self, scope: str, positions: list[int] | None = None) -> ExcerptRef | None:
        """An :class:`ExcerptRef` of the shown document for ``scope`` and ``positions``."""
        if self.document_id is None or self.parsed is None:
            return None
        positions = sorted(set(positions or ()))
        paragraphs = self.parsed.paragraphs
        text = "\n".join(((paragraphs[i].number or "") + " " + paragraphs[i].text).strip()
                         for i in positions if 0 <= i < len(paragraphs))
        section = paragraphs[positions[0]].section if scope == "section" and positions else None
        ids = tuple(self.paragraph_ids[i] for i in positions if i < len(self.paragraph_ids)) \
            if self.paragraph_ids and scope != "document" else ()
        return ExcerptRef(self.document_id, scope, tuple(positions) if scope != "document" else (), ids,
                          section=section, symbol=self.parsed.symbol, text=text)

    def createMimeDataFromSelection(self):  # noqa: N802 - Qt override
        mime = super().createMimeDataFromSelection()
        ref = self.excerpt_ref("paragraphs", self.selected_positions())
        if ref is None or not ref.positions:
            return mime
        carrying = excerpt_mime_data([ref])
        for fmt in mime.formats():
            carrying.setData(fmt, mime.data(fmt))
        return carrying

    def add_to_pack_menu(self, char_position: int) -> QMenu:
        """The context menu for the point ``char_position``: copy, then "Add to pack" actions."""
        menu = self.createStandardContextMenu()
        if self.parsed is None:
            return menu
        selected = self.selected_positions()
        here = self.paragraph_at(char_position)
        menu.addSeparator()
        sub = menu.addMenu(_("Add to pack"))
        sub.setObjectName("addToPackMenu")
        if selected:
            action = sub.addAction(ngettext("Selected paragraph", "Selected paragraphs ({n})",
                                            len(selected)).format(n=format_number(len(selected))))
            action.setObjectName("addSelectedParagraphs")
            action.triggered.connect(lambda: self.excerpt_requested.emit(self.excerpt_ref("paragraphs", selected)))
        if here is not None:
            number = self.parsed.paragraphs[here].number
            label = (_("Paragraph {number}").format(number=number.rstrip(".")) if number
                     else _("This paragraph"))
            action = sub.addAction(label)
            action.setObjectName("addParagraph")
            action.triggered.connect(lambda: self.excerpt_requested.emit(self.excerpt_ref("paragraphs", [here])))
            section = self.section_positions(here)
            name = self.parsed.paragraphs[here].section
            action = sub.addAction(_("Section {name}").format(name=name) if name else _("This section"))
            action.setObjectName("addSection")
            action.triggered.connect(lambda: self.excerpt_requested.emit(self.excerpt_ref("section", section)))
        action = sub.addAction(_("Whole document"))
        action.setObjectName("addDocument")
        action.triggered.connect(lambda: self.excerpt_requested.emit(self.excerpt_ref("document")))
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt override
        position = self.cursorForPosition(event.pos()).position()
        menu = self.add_to_pack_menu(position)
        menu.exec(event.globalPos())
        menu.deleteLater()
