"""The parsed form of a meeting document: what every reader produces and the store keeps.

Data flows one way (DEVELOPERS.md): file → reader → structure parser →
:class:`ParsedDocument` → store and index.  Readers never touch the database;
the store never parses.  These classes are plain dataclasses so that readers
and their tests need nothing but the standard library.

Vocabulary follows UN and CBD editorial practice (UN Editorial Manual,
"Resolutions and decisions"; CBD "Guidelines for drafting decisions"):

* a *preambular* paragraph opens with a participle or adjective
  (``Recalling``, ``回顾``) and ends with a comma;
* an *operative* paragraph opens with a verb in the present tense
  (``Requests``, ``请``), is numbered and ends with a semicolon or full stop;
* a *sub-paragraph* is lettered ``(a)`` or ``(i)`` beneath a numbered one;
* a *heading* is a section or chapter title (``A. 同其他公约的合作``).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


class DocumentKind(str, enum.Enum):
    """What a document is, as its title page says."""

    DECISION = "decision"
    RESOLUTION = "resolution"
    RECOMMENDATION = "recommendation"
    DRAFT_DECISION = "draft_decision"
    DRAFT_RESOLUTION = "draft_resolution"
    DRAFT_RECOMMENDATION = "draft_recommendation"
    NOTE = "note"
    REPORT = "report"
    OTHER = "other"


class ParagraphKind(str, enum.Enum):
    """The role of one paragraph in its document.

    Sub-paragraphs take the kind of the paragraph they belong to (an ``(a)``
    under operative paragraph 4 is ``OPERATIVE`` at a deeper ``level``).
    """

    HEADING = "heading"
    BODY = "body"
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"


@dataclass
class ParsedFootnote:
    """One footnote, attached to the paragraph whose text carries its marker.

    ``marker`` is the footnote's number or symbol as printed (``"13"``, ``"*"``).
    ``offset`` is the position in the paragraph's clean text (in characters,
    0-based) just after which the marker stands, or ``None`` when unknown.
    ``links`` are the hyperlinks the source marks in the note's text (AKN
    ``<a href>``), as ``(start, end, href)`` offsets into ``text``, as for
    :attr:`ParsedParagraph.links` (optional; added by issue 11).
    """

    marker: str
    text: str
    offset: int | None = None
    links: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class ParsedParagraph:
    """One paragraph in reading order.

    * ``number``: as printed, with its punctuation (``"1."``, ``"1)"``,
      ``"(a)"``, ``"A."``), or ``None`` for unnumbered paragraphs.
    * ``level``: nesting depth, 0 for top-level paragraphs and headings,
      1 for sub-paragraphs ``(a)``, 2 for ``(i)`` beneath them.
    * ``text``: clean text without the number, without extractor noise and
      without footnote text (markers are recorded as footnote offsets).
    * ``verb``: the leading verb or phrase set apart in the official text
      (``"Recalling"``, ``"注意到"``, ``"请"``), which is a prefix of ``text``,
      or ``None``.
    * ``section``: label of the enclosing section heading (``"A"``, ``"II"``),
      or ``None``.
    * ``part``: index into :attr:`ParsedDocument.parts` when the paragraph
      belongs to an embedded text (a draft decision inside a note), else ``None``.
    * ``links``: hyperlinks the source marks in the text (AKN ``<a href>``), as
      ``(start, end, href)`` with character offsets into ``text``; empty when
      the source has none (optional; added by issue 3).
    * ``table``: for one row of a table, the table's index in the document
      (0, 1, …; rows of one table share it), else ``None``.  ``text`` then
      holds the row's cells joined by ``" | "`` so that search, citations and
      any renderer that knows no grid keep every cell, and ``cells`` the cell
      texts one by one, left to right; a row is ``BODY`` and never numbered
      (optional; added by issue 3).  Footnote offsets count in ``text``.
    * ``spans``: for a table row, one ``(columns, rows)`` pair per entry of
      ``cells``: how many grid columns and rows the cell covers (Word
      ``w:gridSpan`` / ``w:vMerge``, AKN and HTML ``colspan`` / ``rowspan``);
      ``rows`` 0 marks a place held by a cell merged from the row above (Word
      keeps such a cell, empty, in each row it covers; AKN leaves it out).
      ``None`` when every cell is one column by one row (issue 11).  A grid is
      laid out from ``cells`` and ``spans`` by :func:`table_grid`.
    """

    kind: ParagraphKind
    text: str
    number: str | None = None
    level: int = 0
    verb: str | None = None
    section: str | None = None
    part: int | None = None
    footnotes: list[ParsedFootnote] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    table: int | None = None
    cells: list[str] | None = None
    spans: list[tuple[int, int]] | None = None


@dataclass
class ParsedPart:
    """A text embedded in a document with its own numbering.

    Example: paragraph 7 of the recommendation proposed in CBD/SBI/2/10
    carries a whole draft COP decision; appendix 3 of an ITPGRFA report
    carries a draft resolution.  ``kind`` is a :class:`DocumentKind`
    (usually a draft), ``title`` as printed (may be empty).
    """

    kind: DocumentKind
    title: str = ""


@dataclass
class ParsedDocument:
    """A whole document as read from one file.

    Dates are :class:`datetime.date`.  ``date`` is the date of the document
    (adoption for decisions and resolutions, issue for notes);
    ``start_date``/``end_date`` give the meeting's dates where printed.
    ``language`` is ISO 639-1 (``"zh"``, ``"en"``, ``"fr"``, ``"es"``,
    ``"ru"``, ``"ar"``).  ``source_format`` names the reader (``"text"``,
    ``"akn"``, ``"docx"``, ``"pdf"``).

    Optional provenance, filled where the source records it (e.g. the
    ``<workflow>`` of an AKN4UN resolution), else left empty:

    * ``draft_symbol``: symbol of the draft the text was adopted from
      (``"A/HRC/54/L.13"``, ``"A/C.4/75/L.6"``), or ``None``.
    * ``sponsors``: names of the sponsors of that draft, as printed, one
      entry per sponsor (original and additional sponsors, in order).
    * ``date_source``: how :attr:`date` was found: ``"adopted"`` (an
      adoption line), ``"issued"`` (a date of issue on the title page; a
      month alone, ``2013年6月``, gives the month's first day), ``"meeting"``
      (no such date printed: the first day of the meeting the document was
      written for, from :attr:`start_date`), or ``""`` (unknown, or read from
      the source's own metadata such as AKN ``FRBRdate``).

    ``warnings`` are sentences for the user about text the reader kept but
    could not place (stored as body paragraphs rather than dropped), in the
    interface language, at most one per kind of problem; empty when the
    reading was clean.  :class:`~briefdesk.core.importer.ImportResult`
    passes them on, and ``briefdesk import`` prints them per file.
    """

    symbol: str | None = None
    title: str = ""
    body: str = ""
    session: str = ""
    language: str = ""
    kind: DocumentKind = DocumentKind.OTHER
    date: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    venue: str = ""
    agenda_item: str = ""
    source_format: str = ""
    draft_symbol: str | None = None
    sponsors: list[str] = field(default_factory=list)
    date_source: str = ""
    #: the date of issue printed in the masthead (ODS: under ``Distr.: General``), when a
    #: reader finds one apart from :attr:`date` (PDF reader; optional, added by issue 11)
    issue_date: dt.date | None = None
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    parts: list[ParsedPart] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def has_masthead(self) -> bool:
        """True when the document's first paragraphs are its own masthead.

        Text extracted from a meeting document starts with the body,
        session, dates and venue, agenda item and title as printed (e.g.
        CBD/SBI/2/10); renderers then show those lines instead of repeating
        them from the metadata.  Detected by finding :attr:`body` or
        :attr:`title` among the leading unnumbered paragraphs (at most 10).
        """
        wanted = {x.strip() for x in (self.body, self.title) if x and x.strip()}
        for p in self.paragraphs[:10]:
            if p.number is not None and p.kind != ParagraphKind.HEADING:
                break
            if p.text.strip() in wanted:
                return True
        return False

    def numbered(self, kind: ParagraphKind | None = None, *, level: int | None = 0,
                 part: int | None | type(...) = ...) -> list[ParsedParagraph]:
        """Return paragraphs that carry a number, filtered by kind, level and part.

        ``part=...`` (the default) means any part; ``part=None`` only the
        document's own paragraphs.
        """
        return [
            p for p in self.paragraphs
            if p.number is not None
            and (kind is None or p.kind == kind)
            and (level is None or p.level == level)
            and (part is ... or p.part == part)
        ]


@dataclass
class GridCell:
    """One cell of a table laid out by :func:`table_grid`: its text, the row (of the
    rows given, 0-based) and grid column where it starts, and the rows and columns it
    covers (at least 1 each).  ``paragraph`` and ``index`` say where it came from: the
    position of its row among the rows given and its index in that row's ``cells``."""

    text: str
    row: int
    column: int
    rows: int = 1
    columns: int = 1
    paragraph: int = 0
    index: int = 0


@dataclass
class TableGrid:
    """A table laid out on a grid: ``cells`` in reading order (row by row, left to
    right), ``width`` grid columns and ``height`` rows; every grid place is covered
    by at most one cell; places no cell covers are empty (a row shorter than the
    table, as AKN leaves trailing empty cells out)."""

    cells: list[GridCell]
    width: int
    height: int


def table_grid(rows: list[ParsedParagraph]) -> TableGrid:
    """Lay out the rows of one table (paragraphs sharing :attr:`ParsedParagraph.table`, in
    order) on a grid, as HTML lays out ``<tr>``/``<td>`` with ``colspan`` and ``rowspan``
    (HTML Living Standard, "Forming a table"): each cell takes the first grid column
    of its row not held by a cell spanning down from above.  A cell with ``rows`` 0
    (:attr:`ParsedParagraph.spans`) holds no place of its own and is skipped when the
    cell above covers it; else (nothing above it) it is laid out as one row, so that
    its text is never lost.  Spans reaching past the last row are cut there.
    A row without ``cells`` (not a table row) gives one cell of its ``text``."""
    taken: dict[tuple[int, int], int] = {}     # (row, column) → index into out
    out: list[GridCell] = []
    for r, para in enumerate(rows):
        texts = para.cells if para.cells is not None else [para.text]
        spans = para.spans if para.spans is not None and len(para.spans) == len(texts) else None
        column = 0
        for i, text in enumerate(texts):
            cols, down = spans[i] if spans is not None else (1, 1)
            cols = max(1, cols)
            if down == 0:
                above = taken.get((r, column))
                if above is not None and not text.strip():
                    column = out[above].column + out[above].columns
                    continue
                down = 1
            while (r, column) in taken:
                column += 1
            down = max(1, min(down, len(rows) - r))
            out.append(GridCell(text, r, column, down, cols, r, i))
            for dr in range(down):
                for dc in range(cols):
                    taken.setdefault((r + dr, column + dc), len(out) - 1)
            column += cols
    width = max((c.column + c.columns for c in out), default=0)
    return TableGrid(out, width, len(rows))


def is_grid_row(para: ParsedParagraph) -> bool:
    """True when ``para`` is a table row whose ``cells`` hold exactly the words of its
    ``text`` (the ``" | "`` between cells aside): renderers draw such rows as a grid and any
    other paragraph as text, so that a grid never shows fewer or other words than the
    text that search and citations read."""
    if para.table is None or para.cells is None:
        return False

    def words(value: str) -> list[str]:
        return [w for w in value.split() if w != "|"]

    return words(para.text) == words(" ".join(para.cells))


def cell_offsets(para: ParsedParagraph) -> list[int]:
    """Where each of ``para.cells`` starts in ``para.text`` (characters), found in order;
    a cell not found (its spaces normalised differently) starts where the previous one
    ended.  Used to place footnote markers (offsets into ``text``) in their cells."""
    out, pos = [], 0
    for cell in para.cells or []:
        at = para.text.find(cell, pos) if cell else -1
        if at < 0:
            at = pos
        out.append(at)
        pos = at + len(cell)
    return out


def cell_footnotes(para: ParsedParagraph, starts: list[int] | None = None) -> list[list[int]]:
    """For each of ``para.cells``, the indices (into ``para.footnotes``) of the footnotes whose
    marker stands in that cell or just after it, by offset into ``para.text`` (cells found
    at ``starts``, by default :func:`cell_offsets`); a note without an offset, or one that
    falls in no cell, goes to the last cell, so that no marker is lost.  Renderers place
    the markers of a table row this way."""
    cells = para.cells or []
    starts = cell_offsets(para) if starts is None else starts
    out: list[list[int]] = [[] for _ in cells]
    for k, f in enumerate(para.footnotes):
        at = next((j for j, (st, c) in enumerate(zip(starts, cells))
                   if f.offset is not None and st <= f.offset <= st + len(c)), None)
        if at is None and out:
            at = len(out) - 1
        if at is not None:
            out[at].append(k)
    return out


def add_warning(warnings: list[str], sentence: str) -> None:
    """Add ``sentence`` to a reader's ``warnings`` (see :attr:`ParsedDocument.warnings`) unless
    it is there already: one sentence per kind of problem, however often it occurs."""
    if sentence not in warnings:
        warnings.append(sentence)
