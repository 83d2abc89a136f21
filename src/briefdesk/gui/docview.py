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
"""

from __future__ import annotations

import html

from ..core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from ..core.i18n import _, format_date, format_date_range
from ..core.scripts import has_han
from .fonts import document_font
from .qt import QTextBrowser

HIGHLIGHT = "#fff2a8"
PART_BACKGROUND = "#eef3f8"
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


def _paragraph_text(p: ParsedParagraph, position: int) -> str:
    """The paragraph's text as HTML: verb emphasised, footnote markers linked."""
    text = p.text
    inserts: dict[int, list[str]] = {}
    trailing: list[str] = []
    for i, f in enumerate(p.footnotes):
        link = (f'<a href="#{footnote_anchor(position, i)}" name="ref{position}-{i}">'
                f'<sup>{_esc(f.marker)}</sup></a>')
        if f.offset is not None and 0 <= f.offset <= len(text):
            inserts.setdefault(f.offset, []).append(link)
        else:
            trailing.append(link)
    verb_end = len(p.verb) if p.verb and text.startswith(p.verb) else 0
    cuts = sorted({0, verb_end, len(text), *inserts})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = _esc(text[a:b])
        if b <= verb_end and piece:
            piece = f"<b>{piece}</b>" if has_han(p.verb or "") else f"<i>{piece}</i>"
        out.append(piece)
        out.extend(inserts.get(b, []))
    if 0 in inserts:
        out.insert(0, "".join(inserts[0]))
    out.extend(trailing)
    return "".join(out)


def _paragraph_html(p: ParsedParagraph, position: int, highlight: bool) -> str:
    body = _paragraph_text(p, position)
    if p.kind == ParagraphKind.HEADING:
        body = f"<b>{body}</b>"
    bg = f' bgcolor="{HIGHLIGHT}"' if highlight else ""
    indent = LEVEL_INDENT * max(p.level, 0)
    anchor = f'<a name="{paragraph_anchor(position)}"></a>'
    spacer = f'<td width="{indent}"></td>' if indent else ""
    if p.number:
        number = _esc(p.number)
        if p.kind == ParagraphKind.HEADING:
            number = f"<b>{number}</b>"
        cells = (f'{spacer}<td width="{NUMBER_WIDTH}" valign="top">{anchor}{number}</td>'
                 f'<td valign="top">{body}</td>')
    else:
        cells = f'{spacer}<td valign="top">{anchor}{body}</td>'
    return (f'<table width="100%" cellspacing="0" cellpadding="3"{bg} '
            f'style="margin-bottom: 6px"><tr>{cells}</tr></table>\n')


def _title_block(doc: ParsedDocument) -> str:
    rows = []
    head = _esc(doc.symbol or _("(no symbol)"))
    rows.append(f'<p style="font-size: large"><b>{head}</b> &nbsp; '
                f'<span style="color: #555">{_esc(kind_label(doc.kind))}</span></p>')
    facts = []
    for label, value in ((_("Body"), doc.body), (_("Session"), doc.session),
                         (_("Meeting dates"), format_date_range(doc.start_date, doc.end_date)),
                         (_("Date"), format_date(doc.date)), (_("Venue"), doc.venue),
                         (_("Agenda item"), doc.agenda_item)):
        if value:
            facts.append(f'<tr><td style="color: #555; padding-right: 12px">{_esc(label)}</td>'
                         f'<td>{_esc(value)}</td></tr>')
    if facts:
        rows.append('<table cellspacing="0" cellpadding="1">' + "".join(facts) + "</table>")
    if doc.title and not doc.has_masthead():  # the masthead paragraphs print the title
        rows.append(f'<h2>{_esc(doc.title)}</h2>')
    if doc.source_format == "akn":
        rows.append(f'<p style="color: #555; font-size: small">{_esc(un_acknowledgement())}</p>')
    return "\n".join(rows) + "<hr/>\n"


def un_acknowledgement() -> str:
    """The source line shown with every Akoma Ntoso (UN) document."""
    return _("Source: United Nations. Unofficial machine-readable copy (UNxml), for information only.")


def document_html(doc: ParsedDocument, *, highlight: int | None = None) -> str:
    """The whole document as Qt rich-text HTML; paragraph ``highlight`` shaded."""
    out = ["<html><body>", _title_block(doc)]
    current_part: int | None = None
    for position, p in enumerate(doc.paragraphs):
        if p.part != current_part:
            if current_part is not None:
                out.append("</td></tr></table>\n")
            current_part = p.part
            if current_part is not None:
                part = doc.parts[current_part] if 0 <= current_part < len(doc.parts) else None
                title = part.title if part and part.title else kind_label(part.kind if part else "other")
                out.append(f'<table width="100%" cellspacing="0" cellpadding="10" bgcolor="{PART_BACKGROUND}" '
                           f'style="margin-top: 8px; margin-bottom: 8px"><tr><td>'
                           f'<p style="color: #1f4e79"><b>{_esc(title)}</b></p>\n')
        out.append(_paragraph_html(p, position, highlight == position))
    if current_part is not None:
        out.append("</td></tr></table>\n")
    notes = [(pos, i, f) for pos, p in enumerate(doc.paragraphs) for i, f in enumerate(p.footnotes)]
    if notes:
        heading, back_title = _esc(_("Footnotes")), _esc(_("Back to the text"))
        out.append(f"<hr/><p><b>{heading}</b></p>")
        for pos, i, f in notes:
            back = f'<a href="#{paragraph_anchor(pos)}" title="{back_title}">↩</a>'
            out.append(f'<table width="100%" cellspacing="0" cellpadding="2"><tr>'
                       f'<td width="{NUMBER_WIDTH}" valign="top"><a name="{footnote_anchor(pos, i)}"></a>'
                       f'<sup>{_esc(f.marker)}</sup></td>'
                       f'<td valign="top" style="font-size: small">{_esc(f.text)} {back}</td></tr></table>\n')
    out.append("</body></html>")
    return "".join(out)


class DocumentView(QTextBrowser):
    """Shows one document; :meth:`show_document` and :meth:`go_to_paragraph`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setOpenLinks(True)
        self.setOpenExternalLinks(True)
        self.document().setDocumentMargin(18)
        self.document().setDefaultFont(document_font())
        self.document_id: int | None = None
        self.parsed: ParsedDocument | None = None
        self.highlighted: int | None = None

    def show_document(self, document_id: int, parsed: ParsedDocument, *, highlight: int | None = None) -> None:
        """Render ``parsed``; with ``highlight``, shade that paragraph and scroll to it."""
        self.document_id, self.parsed, self.highlighted = document_id, parsed, highlight
        self.setHtml(document_html(parsed, highlight=highlight))
        self.document().setDocumentMargin(18)
        if highlight is not None:
            self.go_to_paragraph(highlight)
        else:
            self.verticalScrollBar().setValue(0)

    def go_to_paragraph(self, position: int) -> None:
        """Scroll so the paragraph at ``position`` is at the top of the view."""
        self.scrollToAnchor(paragraph_anchor(position))

    def anchor_position(self, name: str) -> int | None:
        """Character position in the shown text where anchor ``name`` stands, or None."""
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if name in fragment.charFormat().anchorNames():
                    return fragment.position()
                it += 1
            block = block.next()
        return None

    def is_position_visible(self, position: int) -> bool:
        """True when the character at ``position`` lies inside the visible viewport."""
        cursor = self.textCursor()
        cursor.setPosition(position)
        return self.viewport().rect().contains(self.cursorRect(cursor).center())
