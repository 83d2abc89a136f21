"""One excerpt as the pack will print it: paragraphs as imported, highlights, notes.

:class:`ExcerptBrowser` is a read-only :class:`QTextEdit` built block by
block from an :class:`~briefdesk.core.packs.service.ExcerptView`; it keeps
a map from positions in the view to ``(paragraph, offset in its text)``
so a selection can become highlights of the stored text (numbers, footnote
markers and notes shown in the view are not part of that text).

An excerpt of a right-to-left document (Arabic) is laid out right to left in
any interface: each block's direction is the document's, its indentation is
on the right, and the number hangs in the right margin (Qt measures a
right-to-left block's tab stops from its right edge, where a ``RightTab``
places the text after the number as a ``LeftTab`` does left to right).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ...core.direction import is_rtl
from ...core.packs.richtext import to_plain
from ...core.packs.service import ExcerptParagraphView, ExcerptView
from ...core.scripts import has_han
from ..direction import text_direction, wrap_without_horizontal_scroll
from ..fonts import document_font
from ..palette import theme
from ..qt import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextEdit, QTextOption, Qt, Signal
from .richedit import pass_undo_keys

LEVEL_INDENT = 28
#: Width the paragraph number hangs in (pixels).
NUMBER_WIDTH = 36


@dataclass(frozen=True)
class _Segment:
    view_start: int
    paragraph: int  # index in the excerpt's paragraphs
    offset: int  # offset in the paragraph's text
    length: int


class ExcerptBrowser(QTextEdit):
    """Shows one excerpt; ``paragraph_changed(index)`` when the cursor enters another paragraph."""

    paragraph_changed = Signal(int)
    #: The Undo / Redo keys pressed here (a QTextEdit may claim them; the pack's stack answers).
    undo_requested = Signal()
    redo_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("excerptBrowser")
        wrap_without_horizontal_scroll(self)  # right-to-left hanging numbers (see the module docstring)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.document().setDefaultFont(document_font())
        self.document().setDocumentMargin(12)
        self.excerpt: ExcerptView | None = None
        self._segments: list[_Segment] = []
        self._starts: list[int] = []
        self._paragraph_views: list[int] = []  # view position where each paragraph's number/text starts
        self._paragraphs_end = 0  # view position after the last paragraph and its note
        self._current = -1
        self.cursorPositionChanged.connect(self._cursor_moved)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not pass_undo_keys(self, event):
            super().keyPressEvent(event)

    # -- building ------------------------------------------------------------

    def set_excerpt(self, excerpt: ExcerptView | None) -> None:
        """Show ``excerpt`` (None: nothing), keeping the scroll position when it is the same excerpt."""
        same = self.excerpt is not None and excerpt is not None and self.excerpt.id == excerpt.id
        scroll = self.verticalScrollBar().value() if same else 0
        cursor_position = self.textCursor().position() if same else 0
        self.excerpt = excerpt
        self._segments, self._paragraph_views = [], []
        self.blockSignals(True)
        self.document().clear()
        if excerpt is not None:
            self._build(excerpt)
        self._starts = [s.view_start for s in self._segments]
        cursor = self.textCursor()
        cursor.setPosition(min(cursor_position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)
        self.blockSignals(False)
        self.verticalScrollBar().setValue(scroll)
        self._current = -1
        self._cursor_moved()

    def _build(self, excerpt: ExcerptView) -> None:
        rtl = is_rtl(excerpt.source_language)
        direction = text_direction(excerpt.source_language)
        tab = QTextOption.TabType.RightTab if rtl else QTextOption.TabType.LeftTab

        def indent(block: QTextBlockFormat, width: float) -> QTextBlockFormat:
            """``block`` indented by ``width`` pixels on the side where the document's lines start."""
            block.setLayoutDirection(direction)
            block.setRightMargin(width) if rtl else block.setLeftMargin(width)
            return block

        cursor = QTextCursor(self.document())
        first = True
        part = None
        for index, p in enumerate(excerpt.paragraphs):
            if p.part_title and p.part_title != part:
                part = p.part_title
                first = self._new_block(cursor, first, indent(QTextBlockFormat(), 0))
                fmt = QTextCharFormat()
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setForeground(QColor(theme().part_title))
                cursor.insertText(part, fmt)
            # hanging number: the text's lines align at the tab stop, the number hangs before them
            block = indent(QTextBlockFormat(), LEVEL_INDENT * max(p.level, 0) + (NUMBER_WIDTH if p.number else 0))
            if p.number:
                block.setTextIndent(-NUMBER_WIDTH)
                block.setTabPositions([QTextOption.Tab(NUMBER_WIDTH, tab)])
            block.setBottomMargin(6)
            first = self._new_block(cursor, first, block)
            self._paragraph_views.append(cursor.position())
            if p.number:
                fmt = QTextCharFormat()
                fmt.setFontWeight(QFont.Weight.Bold if p.kind == "heading" else QFont.Weight.Normal)
                fmt.setForeground(QColor(theme().muted))
                cursor.insertText(p.number + "\t", fmt)
            self._insert_text(cursor, index, p)
            if p.note:
                note_block = indent(QTextBlockFormat(), LEVEL_INDENT * max(p.level, 0) + NUMBER_WIDTH)
                note_block.setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)  # the user's words
                note_block.setBackground(QColor(theme().note_background))
                note_block.setBottomMargin(6)
                fmt = QTextCharFormat()
                fmt.setForeground(QColor(theme().part_title))
                font = QFont(self.document().defaultFont())
                font.setPointSizeF(max(font.pointSizeF() * 0.9, 8))
                fmt.setFont(font)
                for n, line in enumerate(to_plain(p.note).splitlines() or [""]):
                    cursor.insertBlock(note_block)
                    cursor.insertText(("✎ " if n == 0 else "   ") + line, fmt)
        self._paragraphs_end = cursor.position()
        notes = [f for p in excerpt.paragraphs for f in p.footnotes]
        if notes:  # the footnotes, as imported, under a rule (they print at the foot of the page)
            rule = indent(QTextBlockFormat(), 0)
            rule.setTopMargin(10)
            cursor.insertBlock(rule)
            cursor.insertText("—" * 8, QTextCharFormat())
            fmt = QTextCharFormat()
            font = QFont(self.document().defaultFont())
            font.setPointSizeF(max(font.pointSizeF() * 0.85, 8))
            fmt.setFont(font)
            block = indent(QTextBlockFormat(), NUMBER_WIDTH)
            block.setTextIndent(-NUMBER_WIDTH)
            block.setTabPositions([QTextOption.Tab(NUMBER_WIDTH, tab)])
            for f in notes:
                cursor.insertBlock(block)
                cursor.insertText(f"{f.marker}\t{f.text}", fmt)

    @staticmethod
    def _new_block(cursor: QTextCursor, first: bool, block: QTextBlockFormat) -> bool:
        if first:
            cursor.setBlockFormat(block)
        else:
            cursor.insertBlock(block)
        return False

    def _insert_text(self, cursor: QTextCursor, index: int, p: ExcerptParagraphView) -> None:
        text = p.text
        verb_end = len(p.verb) if p.verb and text.startswith(p.verb) else 0
        markers: dict[int, list[str]] = {}
        for f in p.footnotes:
            at = f.offset if f.offset is not None and 0 <= f.offset <= len(text) else len(text)
            markers.setdefault(at, []).append(f.marker)
        spans = [(h.start, h.end) for h in p.highlights]
        cuts = sorted({0, len(text), verb_end, *markers, *(x for s in spans for x in s if 0 <= x <= len(text))})
        heading = p.kind == "heading"
        for a, b in zip(cuts, cuts[1:]):
            if a == 0 and 0 in markers:
                self._markers(cursor, markers[0])
            fmt = QTextCharFormat()
            if b <= verb_end:
                if has_han(p.verb or ""):
                    fmt.setFontWeight(QFont.Weight.Bold)
                else:
                    fmt.setFontItalic(True)
            if heading:
                fmt.setFontWeight(QFont.Weight.Bold)
            if any(s <= a and b <= e for s, e in spans):
                fmt.setBackground(QColor(theme().highlight))
            self._segments.append(_Segment(cursor.position(), index, a, b - a))
            cursor.insertText(text[a:b], fmt)
            if b in markers and b != 0:
                self._markers(cursor, markers[b])
        if not text:
            self._segments.append(_Segment(cursor.position(), index, 0, 0))

    @staticmethod
    def _markers(cursor: QTextCursor, marks: list[str]) -> None:
        fmt = QTextCharFormat()
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        cursor.insertText("".join(marks), fmt)

    # -- mapping -------------------------------------------------------------

    def text_position(self, view_position: int) -> tuple[int, int] | None:
        """``(paragraph index, offset in its text)`` at a view position (None before the first)."""
        if not self._segments:
            return None
        i = bisect_right(self._starts, view_position) - 1
        if i < 0:
            return None
        seg = self._segments[i]
        # past the segment (a footnote marker or a note after it): clamp to its end
        return seg.paragraph, seg.offset + min(max(view_position - seg.view_start, 0), seg.length)

    def paragraph_at_view(self, view_position: int) -> int | None:
        """Index of the paragraph whose number, text or note is at ``view_position`` (None in the
        footnotes under the paragraphs)."""
        if not self._paragraph_views or view_position >= self._paragraphs_end:
            return None
        i = bisect_right(self._paragraph_views, view_position) - 1
        return max(i, 0)

    def selected_ranges(self) -> list[tuple[int, int, int]]:
        """The selection as ``(paragraph index, start, end)`` text ranges, one per paragraph it touches."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return []
        a, b = cursor.selectionStart(), cursor.selectionEnd()
        ranges: dict[int, list[int]] = {}
        for seg in self._segments:
            lo = max(a, seg.view_start)
            hi = min(b, seg.view_start + seg.length)
            if lo < hi:
                start, end = seg.offset + lo - seg.view_start, seg.offset + hi - seg.view_start
                r = ranges.setdefault(seg.paragraph, [start, end])
                r[0], r[1] = min(r[0], start), max(r[1], end)
        return [(p, s, e) for p, (s, e) in sorted(ranges.items())]

    def select_text(self, paragraph: int, start: int, end: int) -> None:
        """Select ``text[start:end]`` of paragraph ``paragraph`` in the view (as a user would)."""
        view_start = view_end = None
        for seg in self._segments:
            if seg.paragraph != paragraph:
                continue
            if view_start is None and seg.offset <= start <= seg.offset + seg.length:
                view_start = seg.view_start + start - seg.offset
            if seg.offset <= end <= seg.offset + seg.length:
                view_end = seg.view_start + end - seg.offset
        if view_start is None or view_end is None:
            raise ValueError(f"no text {start}:{end} in paragraph {paragraph}")
        cursor = self.textCursor()
        cursor.setPosition(view_start)
        cursor.setPosition(view_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    @property
    def current_paragraph(self) -> int | None:
        """Index of the paragraph holding the cursor, or None."""
        return self._current if self._current >= 0 else None

    def _cursor_moved(self) -> None:
        index = self.paragraph_at_view(self.textCursor().position())
        index = -1 if index is None else index
        if index != self._current:
            self._current = index
            self.paragraph_changed.emit(index)
