"""Tables in PDF pages: rows of cells found from where the glyphs leave the page blank.

A PDF has no tables, only glyphs placed on a page (and, in some, the rules
drawn round cells).  A table shows as a run of lines on one page whose words
leave the same vertical bands empty, row after row: the gaps between its
columns (UN annex tables such as "Contributions as at 31 March 2012" in
S/2012/197, where ``Austria  2  0  0  2`` is one row of five cells; the typed
grid of S/1996/112, annex II, whose cells wrap over two or three lines).  The
rules, as this module applies them:

* **runs**: a line's glyphs split where the gap between two glyphs is
  tab-wide (wider than 1.5 em, or 0.8 em with no space glyph in it on a page
  that draws its spaces: the reader's tab, ``pdf._compose``); footnote markers
  take room like any glyph (``Military observers a  Troops a``);
* **gutters**: x bands at least 0.8 em wide (of the lines' median size) that
  no glyph of any line of the block covers, strictly inside the block's left
  and right edges; the columns lie between them;
* **a table**: a block grown from a seed of lines each within 2.6 line
  heights of the next, at least three of them of two or more runs, with at
  most three lines of one run in a row between those (a cell wrapped over
  lines); a first or last line of the seed that closes gutters all the others
  leave open is left out (a heading with its number set apart over the
  table).  The block grows by neighbouring lines (within 2.6 line heights or
  1.6 row pitches) that leave some blank band in each gutter (a caption, a
  centred title or a paragraph of running text crosses one and stays out; a
  header line or a line wrapping a cell does not); lines over the block with
  text in its first column only are its caption and left out, and so are such
  lines under it unless set closer than its rows (the rest of a wrapped cell).  It needs two
  gutters or more (three columns); with one gutter (two columns) only when
  every row's last cell is a figure (``Military personnel  21 670``).  Not a
  table: a block whose rows mostly start with a paragraph number (``48)``,
  ``1.``, ``(a)``: a numbered list set with tabs), a block where a line carries
  dot leaders (a table of contents, a meeting record's members; also as text
  recognition reads them, a line of dots and specks), and pages read column
  by column (two columns of running text); a line of two runs whose first is
  a paragraph number set apart (``2.   Observers are deployed.``, ``A.
  Pension Administration``) ends a table and starts none;
* **rows**: where rules are drawn between the lines of the block (a ruled
  grid: at least two thirds of the gaps between rows carry one), a row is everything
  between two rules, so a cell wrapping over three lines stays one cell;
  otherwise each line is a row, except a line whose first column is empty
  (the rest of a wrapped cell), and a line set closer to the one above than
  the rows are to each other (the median gap between lines that fill the last
  column) whose last column is empty, when it holds only the first column
  (``Trinidad and`` / ``Tobago``) or its row's first line fills the last
  column (``Redeployment  Programme  P-3  1`` / ``(from executive
  Management``): those continue the row above;
* **cells**: the glyphs of a row between two gutters, line by line, each
  line's part composed like any line (spaces, markers) and the parts joined
  as the reader joins the lines of a paragraph.  Every glyph of the block
  lands in exactly one cell: no word is dropped, changed or invented.

Public API: :func:`find_tables`, :class:`Table`.  The functions work on the
PDF reader's line objects (``glyphs`` with ``x0``/``x1``/``size``, ``y0``,
``size``, ``rtl``, ``spaces``, ``spaces_drawn``, ``plain``) and take the
reader's composition of a glyph subset as a callable, so this module needs
no pdfminer.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from .structure import split_number, strip_tokens

__all__ = ["Table", "find_tables"]

#: a gutter is at least this many ems wide (of the block's median type size)
MIN_GUTTER_EM = 0.8
#: a table has at least this many lines of two or more runs in a row
MIN_SEED = 3
#: dot leaders between an entry and its page or holder: not a table row
_LEADERS = re.compile(r"(?:\.[ \t\u00a0]{0,3}){8,}")
#: a cell that is a figure: digits with their separators, a dash for nil, a footnote marker
_FIGURE = re.compile(r"^[\d\s.,%()\-–—]*\d[\d\s.,%()\-–—]*[a-z*]?$|^[–—-]$")


@dataclass
class Table:
    """One table found on a page.

    ``rows``: each row's lines (in reading order) and cell texts (left to
    right, or right to left on a right-to-left page), every row with as many
    cells as the table has columns (an empty cell is ``""``); ``lines`` all
    the table's lines, in order; ``bounds`` the x where the columns meet, left
    to right (points); ``gutters`` the blank band ``(x0, x1)`` around each.
    """

    rows: list[tuple[list, list[str]]] = field(default_factory=list)
    lines: list = field(default_factory=list)
    bounds: list[float] = field(default_factory=list)
    gutters: list[tuple[float, float]] = field(default_factory=list)


def _dotted(text: str) -> bool:
    """Whether a line is mostly dots and specks: dot leaders as text recognition reads them
    (``BILGE, Ali Suat (Turquie) *,*,..*a.. *e . . . . . a .,.. ~~..I...~ 3``, A/35/789)."""
    marks = sum(1 for c in text if c in ".,*~·:;'\"`_-•")
    ink = sum(1 for c in text if not c.isspace())
    return marks >= 8 and marks >= 0.35 * ink


def _numberish(text: str) -> bool:
    """Whether a row's first cell is a list item's number (``48)``, ``1.``, ``(a)``), also as
    text recognition misreads one (``5 1 1``, ``581`` for ``58)``), not a year (``1987``)."""
    if split_number(text + " x", tab=False)[0] is not None:
        return True
    squeezed = text.replace(" ", "")
    return len(squeezed) <= 5 and not re.fullmatch(r"\d{4}", squeezed) and (
        squeezed.endswith((")", ".")) or bool(re.search(r"\d", squeezed)))


def _runs(line) -> list[tuple[float, float]]:
    """x extents of ``line``'s runs: glyphs split at tab-wide gaps (markers included)."""
    glyphs = sorted(line.glyphs, key=lambda g: g.x0)
    if not glyphs:
        return []
    spaces = getattr(line, "spaces", []) or []
    drawn = getattr(line, "spaces_drawn", False)
    out = [[glyphs[0].x0, glyphs[0].x1]]
    for g in glyphs[1:]:
        edge = out[-1][1]
        gap = g.x0 - edge
        size = max(abs(line.size), 1.0)
        if gap > 1.5 * size or (drawn and gap > 0.8 * size
                                and not any(edge - 0.5 <= s.x0 and s.x1 <= g.x0 + 0.5 for s in spaces)):
            out.append([g.x0, g.x1])
        else:
            out[-1][1] = max(edge, g.x1)
    return [(a, b) for a, b in out]


def _gutters(lines: list, min_width: float) -> list[tuple[float, float]]:
    """x bands no glyph of ``lines`` covers, at least ``min_width`` wide, inside their extent."""
    spans = sorted((g.x0, g.x1) for ln in lines for g in ln.glyphs)
    if not spans:
        return []
    out = []
    edge = spans[0][1]
    for a, b in spans[1:]:
        if a - edge >= min_width:
            out.append((edge, a))
        edge = max(edge, b)
    return out


def _keeps(old: list[tuple[float, float]], new: list[tuple[float, float]]) -> bool:
    """Whether every band of ``old`` still holds a band of ``new`` (the gutters survive)."""
    return all(any(a >= oa - 0.01 and b <= ob + 0.01 for a, b in new) for oa, ob in old)


def _split(line, cuts: list[float]) -> list[list]:
    """``line``'s glyphs by column, in reading order (right to left on a right-to-left line):
    ``cuts`` are the x where columns meet (left to right)."""
    parts: list[list] = [[] for _ in range(len(cuts) + 1)]
    for g in line.glyphs:
        mid = (g.x0 + g.x1) / 2
        i = sum(1 for c in cuts if mid >= c)
        parts[i].append(g)
    return parts[::-1] if line.rtl else parts


def find_tables(lines: list, rules: list[tuple[float, float, float]],
                cell_text: Callable[[object, list], str],
                join: Callable[[str, str], str], continued: bool = False) -> list[Table]:
    """The tables among ``lines`` (one page's body lines, top to bottom), by the rules of
    this module's docstring.

    ``rules``: the page's horizontal rules ``(x0, x1, y)`` in points; ``cell_text(line,
    glyphs)``: the text of a subset of a line's glyphs, composed as the reader composes a
    line (footnote markers as tokens); ``join(a, b)``: the reader's join of two lines of
    one paragraph.  ``continued``: the page before ended with a table, so the page's first
    line, when it holds the first column only, is the rest of that table's last row, not a
    caption.  Returns the tables in page order; lines not in a table are left alone.
    """
    n = len(lines)
    if n < MIN_SEED:
        return []
    runs = [_runs(ln) for ln in lines]
    leaders = [bool(_LEADERS.search(ln.plain)) or _dotted(ln.plain) for ln in lines]
    # a line of two runs whose first is a paragraph's number set apart ("2.   Observers are
    # deployed.", "A.   Pension Administration") is a numbered paragraph or heading: it ends a
    # table and does not start one
    numbered = [len(r) == 2 and getattr(ln, "number", None) is not None
                and split_number(strip_tokens(ln.number) + " x", tab=False)[0] is not None
                for r, ln in zip(runs, lines)]
    stop = [lead or num for lead, num in zip(leaders, numbered)]
    multi = [len(r) >= 2 and not st for r, st in zip(runs, stop)]

    def close(i: int, j: int, pitch: float | None) -> bool:
        """Whether lines i and j (i above j) are near enough to be in one table."""
        a, b = lines[i], lines[j]
        gap = a.y0 - b.y0
        if gap <= 0:
            return False
        limit = 2.6 * max(a.size, b.size)
        if pitch is not None:
            limit = max(limit, 1.6 * pitch)
        return gap <= limit

    tables: list[Table] = []
    used = [False] * n
    i = 0
    while i < n:
        if not multi[i] or used[i]:
            i += 1
            continue
        # a seed: lines near one another, at least three of two or more runs, with at most three
        # lines of one run in a row between them (the rest of a cell wrapped over lines)
        j, singles = i + 1, 0
        while j < n and not used[j] and not stop[j] and lines[j].rtl == lines[i].rtl \
                and close(j - 1, j, None):
            singles = 0 if multi[j] else singles + 1
            if singles > 3:
                break
            j += 1
        while j - 1 > i and not multi[j - 1]:
            j -= 1
        if sum(1 for k in range(i, j) if multi[k]) < MIN_SEED:
            i += 1
            continue
        block = list(range(i, j))
        size = statistics.median(abs(lines[k].size) for k in block)
        min_gap = MIN_GUTTER_EM * size
        gutters = _gutters([lines[k] for k in block], min_gap)
        # a first or last line that closes gutters all the others leave open is no row (a
        # heading with its number set apart, "A.   A. Pension Administration", over the table)
        for end in (0, -1):
            while len(block) > 2:
                rest = block[1:] if end == 0 else block[:-1]
                more = _gutters([lines[k] for k in rest], min_gap)
                if len(more) <= len(gutters):
                    break
                block, gutters = rest, more
        if not gutters:
            i += 1
            continue
        # grow the block both ways while the gutters hold
        pitches = [lines[a].y0 - lines[b].y0 for a, b in zip(block, block[1:])]
        pitch = statistics.median(pitches) if pitches else None
        grown = True
        while grown:
            grown = False
            for k, near in ((block[0] - 1, block[0]), (block[-1] + 1, block[-1])):
                if not (0 <= k < n) or used[k] or stop[k] or lines[k].rtl != lines[i].rtl:
                    continue
                if not (close(k, near, pitch) if k < near else close(near, k, pitch)):
                    continue
                cand = sorted(block + [k])
                new = _gutters([lines[x] for x in cand], min_gap)
                if _keeps(gutters, new):
                    block, grown = cand, True
                    # each gutter narrows to the widest band left inside it
                    gutters = [max((g for g in new if g[0] >= a - 0.01 and g[1] <= b + 0.01),
                                   key=lambda g: g[1] - g[0]) for a, b in gutters]
        rows_multi = [k for k in block if multi[k]]
        if len(rows_multi) < MIN_SEED:
            i = j
            continue
        cuts = [(a + b) / 2 for a, b in gutters]
        parts = {k: _split(lines[k], cuts) for k in block}
        # every column must hold text in at least two lines (a gutter beside one stray glyph
        # is no column boundary)
        filled = [sum(1 for k in block if parts[k][c]) for c in range(len(cuts) + 1)]
        keep = [c for c in range(len(cuts)) if filled[c] >= 2 and filled[c + 1] >= 2]
        if len(keep) != len(cuts):
            cuts = [cuts[c] for c in keep]
            parts = {k: _split(lines[k], cuts) for k in block}
        # a line over the table holding text in its first column only is its caption or the end
        # of its title ("to 31 August 1996", "(In thousands of United States dollars)"), not a row
        # (also one whose wide gaps lie inside the first column: "2.   Observers are deployed.");
        # under it, such a line is the table's end unless it is set closer than the rows (the
        # rest of the last row's first cell)
        while block and _first_only(parts[block[0]]) and not (continued and block[0] == 0):
            block = block[1:]
        row_pitch = _row_pitch(block, lines, parts)
        while len(block) > 1 and _first_only(parts[block[-1]]) and not (
                row_pitch is not None and lines[block[-2]].y0 - lines[block[-1]].y0 < 0.85 * row_pitch):
            block = block[:-1]
        rows_multi = [k for k in block if multi[k]]
        if len(rows_multi) < MIN_SEED:
            i = j
            continue
        ncol = len(cuts) + 1
        if ncol < 2:
            i = j
            continue
        if ncol == 2 and not all(_FIGURE.match(strip_tokens(cell_text(lines[k], parts[k][1])).strip() or "x")
                                 for k in rows_multi):
            i = j
            continue
        firsts = [strip_tokens(cell_text(lines[k], parts[k][0])).strip() for k in rows_multi]
        numbered = sum(1 for t in firsts if t and _numberish(t))
        if numbered >= 0.5 * len(rows_multi):
            i = j
            continue   # a numbered list set with tabs, not a table
        prose = sum(1 for k in rows_multi
                    if any(strip_tokens(cell_text(lines[k], p)).strip()[:1].islower() for p in parts[k][1:] if p))
        if prose >= 0.3 * len(rows_multi):
            i = j
            continue   # lines of running text whose wide gaps happen to line up (a sentence
            # goes on in the next "cell": "Délégué du Liban à la Conférence  de Vienne sur")
        tables.append(_rows(block, lines, parts, rules, multi, cell_text, join, cuts))
        for k in block:
            used[k] = True
        i = block[-1] + 1
    return tables


def _first_only(cells: list[list]) -> bool:
    """Whether a line's glyphs by column (:func:`_split`) fill the first column only."""
    return bool(cells[0]) and not any(cells[1:])


def _row_pitch(block: list[int], lines: list, parts: dict) -> float | None:
    """The distance between rows set one line each: the median gap between consecutive lines
    of the block that both fill their last column (figures stand on a row's first line),
    else the widest gap in the block; ``None`` for a block of one line."""
    pairs = list(zip(block, block[1:]))
    full = [lines[a].y0 - lines[b].y0 for a, b in pairs if parts[a][-1] and parts[b][-1]]
    if full:
        return statistics.median(full)
    return max((lines[a].y0 - lines[b].y0 for a, b in pairs), default=None)


def _rows(block: list[int], lines: list, parts: dict, rules, multi, cell_text, join, cuts) -> Table:
    """Group the lines of a table block into rows and compose their cells."""
    ncol = len(cuts) + 1
    left, right = min(lines[k].x0 for k in block), max(lines[k].x1 for k in block)
    width = right - left

    def ruled_between(a: int, b: int) -> bool:
        ya, yb = lines[a].y0, lines[b].y1
        covered = sum(min(x1, right) - max(x0, left) for x0, x1, y in rules
                      if yb - 1 <= y <= ya + 1 and min(x1, right) > max(x0, left))
        return covered >= 0.5 * width

    pairs = list(zip(block, block[1:]))
    ruled = [ruled_between(a, b) for a, b in pairs]
    multi_pairs = [r for (a, b), r in zip(pairs, ruled) if multi[a] and multi[b]]
    grid = bool(multi_pairs) and sum(multi_pairs) >= 2 / 3 * len(multi_pairs)
    row_pitch = _row_pitch(block, lines, parts)
    groups: list[list[int]] = []
    for idx, k in enumerate(block):
        if not groups:
            groups.append([k])
            continue
        prev = groups[-1][-1]
        if grid:
            new = ruled[idx - 1]
        elif ruled[idx - 1]:
            new = True
        else:
            first_empty = not parts[k][0]
            only_first = _first_only(parts[k])
            tight = row_pitch is not None and lines[prev].y0 - lines[k].y0 < 0.85 * row_pitch
            # a line set closer than the rows, its last column empty under a row that fills
            # it, is the rest of that row's wrapped cells ("Redeployment … P-3  1" /
            # "(from executive  Management")
            head_full = bool(parts[groups[-1][0]][-1])
            new = not (first_empty or (tight and not parts[k][-1] and (only_first or head_full)))
        if new:
            groups.append([k])
        else:
            groups[-1].append(k)
    table = Table(lines=[lines[k] for k in block], bounds=list(cuts))
    for c in cuts:
        glyphs = [g for k in block for g in lines[k].glyphs]
        table.gutters.append((max((g.x1 for g in glyphs if (g.x0 + g.x1) / 2 < c), default=c),
                              min((g.x0 for g in glyphs if (g.x0 + g.x1) / 2 >= c), default=c)))
    for g in groups:
        cells = []
        for c in range(ncol):
            text = ""
            for k in g:
                if parts[k][c]:
                    text = join(text, cell_text(lines[k], parts[k][c]).strip())
            cells.append(text.strip())
        table.rows.append(([lines[k] for k in g], cells))
    return table
