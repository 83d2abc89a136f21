"""Plain-text reader: meeting documents as text extracted from Word or PDF files.

Three kinds of converter output are recognised and cleaned (see the corpus
README, ``seeds/``):

* **Word extraction** (one paragraph per line): ``[bookmark: _Hlk…]`` anchors,
  footnote references ``[footnoteRef:N]`` with the footnote text inline as
  ``[N: …]`` (possibly spanning lines);
* **PDF extraction** (hard-wrapped lines, blank lines between lines): lines are
  rejoined into paragraphs (Chinese lines join without a space, Latin words
  with one, hyphenation is undone); page-bottom footnote blocks after a blank
  rule line (``1 UNEP/CBD/COP/12/24。``) are attached to the paragraph whose
  text carries the bare marker (``报告，1``); running heads (``IT/GB-7/17/19 15``)
  and link lists are dropped; text split by page breaks is rejoined;
* **Markdown-like conversion**: ``**bold**``/``*italic*`` markers, stray HTML
  (``<p>``, ``<ul>``, ``<li>``), Markdown tables, bullets, and footnotes as
  superscript digits (``¹``) with their text on lines starting ``¹ …``.

Cleaning produces :class:`~.structure.RawParagraph` objects; structure and
metadata come from :func:`~.structure.parse_structure`, shared with the other
readers.

Public API: :func:`decode_text`, :func:`read_text`, :func:`parse_text`,
:func:`clean_text`.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
from collections import Counter
from pathlib import Path

from ..document import ParsedDocument, add_warning
from ..errors import ReadError
from ..i18n import _
from ..scripts import CJK_WIDE
from .. import limits
from ..symbols import SYMBOL_RE
from .structure import (FN_CLOSE, FN_OPEN, RawParagraph, display_width,
                        footnote_token, is_body_name, parse_structure, strip_tokens)
from .verbs import set_apart_verb

__all__ = ["decode_text", "read_text", "parse_text", "clean_text"]


# ---------------------------------------------------------------- decoding

def decode_text(data: bytes, path: str | Path | None) -> str:
    """Decode the bytes of a text file into a string.

    Accepts UTF-8 with or without BOM, UTF-16 LE/BE with BOM (and without BOM
    when the NUL-byte pattern is unmistakable) and GB18030 (which includes
    GBK/GB2312).  Line ends are left as they are; a BOM is removed.

    Raises :class:`ReadError` naming ``path`` when the data is empty, holds no
    text after the BOM, or looks binary (undecodable, or NUL and other control
    characters in the decoded text).
    """
    if not data:
        raise ReadError(path, _("The file is empty."))
    limits.check_file_size(len(data), limits.TEXT_FILE_BYTES, path)
    text: str | None = None
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom):]
            if codec.startswith("utf-32") and (len(body) % 4 or not body):
                continue   # "\xff\xfe" alone or followed by UTF-16 text
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReadError(path, _("The file is not valid {encoding} text.").format(
                    encoding=codec.upper())) from exc
            break
    if text is None:
        text = _decode_without_bom(data)
    if text is None:
        raise ReadError(path, _("The file is not text in a supported encoding "
                                "(UTF-8, UTF-16 or GB18030)."))
    if not text.strip():
        raise ReadError(path, _("The file contains no text."))
    limits.check_text(text, path)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(2, len(text) // 200):
        raise ReadError(path, _("The file looks binary, not text."))
    return text


def _decode_without_bom(data: bytes) -> str | None:
    if len(data) >= 4 and len(data) % 2 == 0:
        even, odd = data[0::2], data[1::2]
        for zeros, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
            if zeros.count(0) > 0.4 * len(zeros) and (even if zeros is odd else odd).count(0) == 0:
                try:
                    return data.decode(codec)
                except UnicodeDecodeError:
                    pass
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


# ---------------------------------------------------------------- entry points

def read_text(path: Path, furniture: list[str] | None = None) -> ParsedDocument:
    """Read a plain-text meeting document into a :class:`ParsedDocument`.

    ``source_format`` is ``"text"``.  ``furniture``, when given, receives
    what the reader removed as converter noise (see :func:`clean_text`).
    Raises :class:`ReadError` when the file cannot be read or decoded (see
    :func:`decode_text`).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, _("The file cannot be read: {error}").format(
            error=exc.strerror or exc)) from exc
    return parse_text(decode_text(data, path), path, furniture)


def parse_text(text: str, path: str | Path | None = None,
               furniture: list[str] | None = None) -> ParsedDocument:
    """Parse already-decoded text (noise cleanup, then structure and metadata).

    ``path`` is only used in error messages; ``furniture`` as in
    :func:`clean_text`.  Text the cleanup kept but could not place is named in
    the document's ``warnings``.  Raises :class:`ReadError` when nothing
    readable is left after cleanup.
    """
    warnings: list[str] = []
    paragraphs, running = clean_text(text, furniture, warnings)
    if not paragraphs:
        raise ReadError(path, _("The file contains no text."))
    doc = parse_structure(paragraphs, source_format="text", running_symbols=running)
    doc.warnings.extend(w for w in warnings if w not in doc.warnings)
    return doc


def clean_text(text: str, furniture: list[str] | None = None,
               warnings: list[str] | None = None) -> tuple[list[RawParagraph], Counter]:
    """Remove extractor noise and cut ``text`` into raw paragraphs.

    Returns the paragraphs in reading order (footnote markers as
    placeholders, footnote texts in ``notes``) and a counter of document
    symbols seen in running heads.  Hard-wrapped text (PDF extraction) is
    recognised from its line widths and rejoined.

    Every piece of text removed as noise is appended to ``furniture`` when
    given (``[bookmark: _Hlk…]``, ``[footnoteRef:3]``, the ``[3:`` and ``]``
    around a Word footnote, a running head, a footnote's number at the foot of
    a page, a superscript marker, an HTML tag, a link a converter repeats
    below a footnote that already gives it), so that a check can tell noise
    from lost words.  Sentences about text kept but not placed (a footnote
    whose reference is missing, kept as a paragraph of its own) are appended
    to ``warnings`` when given.
    """
    record = furniture if furniture is not None else []
    said = warnings if warnings is not None else []
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace(FN_OPEN, "").replace(FN_CLOSE, "")
    text, notes = _word_footnotes(text, record, said)
    lines = text.split("\n")
    markdown = _MARKDOWN_HINT.search(text)
    if not markdown and _is_wrapped(lines):
        return _assemble_wrapped(lines, notes, record, said)
    text = _markdown_cleanup("\n".join(lines), record)
    return _assemble_lines(text.split("\n"), notes, record), Counter()


# ---------------------------------------------------------------- Word noise

_MARKDOWN_HINT = re.compile(
    r"\*\*[^*\s][^*\n]{0,80}?\*\*|</?(?:p|ul|ol|li|br|div)\b[^<>]*>|^\s*\|.*\|\s*$", re.MULTILINE)
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_FOOTREF = re.compile(r"\[footnoteRef:\s*([^\]\s]+)\s*\]")
_FOOTDEF_START = re.compile(r"\[(\d{1,3}|\*{1,3}):\s")


def _word_footnotes(text: str, furniture: list[str],
                    warnings: list[str]) -> tuple[str, dict[str, str]]:
    """Strip bookmarks, move ``[N: …]`` footnote texts out, mark references.

    A footnote text whose reference ``[footnoteRef:N]`` is nowhere in the text
    stays where it stands, as a paragraph of its own, and a warning says so.
    """
    furniture.extend(_BOOKMARK.findall(text))
    text = _BOOKMARK.sub("", text)
    referenced = {m.group(1) for m in _FOOTREF.finditer(text)}
    notes: dict[str, str] = {}
    out, pos = [], 0
    for m in _FOOTDEF_START.finditer(text):
        if m.start() < pos:
            continue
        depth, i = 1, m.end()
        while i < len(text) and depth:
            if text[i] == "[":
                depth += 1
            elif text[i] == "]":
                depth -= 1
            i += 1
        if depth:
            continue
        body = re.sub(r"\s+", " ", text[m.end():i - 1]).strip()
        out.append(text[pos:m.start()])
        if m.group(1) in referenced:
            notes[m.group(1)] = body
            furniture.extend((m.group(0), "]"))
        else:
            out.append("\n" + text[m.start():i] + "\n")
            add_warning(warnings, _("A footnote whose reference mark is missing was kept as a paragraph "
                                    "where its text stands."))
        pos = i
    out.append(text[pos:])
    text = "".join(out)
    furniture.extend(m.group(0) for m in _FOOTREF.finditer(text))
    text = _FOOTREF.sub(lambda m: footnote_token(m.group(1)), text)
    return text, notes


# ---------------------------------------------------------------- helpers

_CJK = CJK_WIDE
_CJK_RE = re.compile(f"[{_CJK}]")
_TERMINAL = tuple("。；;：:，,.!?！？")
_SEPARATOR = re.compile(r"^\s*(?:[—\-_=·*]\s*){3,}$")
_URL_LINE = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$")
_STRUCT_START = re.compile(
    r"^(?:\d{1,3}[.．)）](?![\d.])|[（(](?:[a-z]{1,2}|[ivx]{1,5})[)）]|[A-Z][.．]\s|[IVX]{1,6}[.．]\s|"
    r"[一二三四五六七八九十]{1,3}\s*[.．、]|[IVXLC]+/\d+[.．]\s|[•▪●]\s)")
def _join(a: str, b: str) -> str:
    """Join two wrapped lines: no space around Chinese, hyphenation undone."""
    if not a:
        return b
    pa, pb = strip_tokens(a).rstrip(), b.lstrip()
    if not pa or not pb:
        return a.rstrip() + b.lstrip()
    last, first = pa[-1], pb[0]
    if _CJK_RE.match(last) or _CJK_RE.match(first):
        return a.rstrip() + b.lstrip()
    if last == "-" and len(pa) > 1 and pa[-2].isalpha() and first.islower():
        return a.rstrip()[:-1] + b.lstrip()
    return a.rstrip() + " " + b.lstrip()


def _notes_for(text: str, notes: dict[str, str]) -> dict[str, str]:
    return {m: notes.get(m, "") for m in re.findall(f"{FN_OPEN}([^{FN_CLOSE}]*){FN_CLOSE}", text)}


# ---------------------------------------------------------------- PDF text

def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text: most lines are about as wide as a printed line."""
    widths = sorted(display_width(strip_tokens(line).strip()) for line in lines if line.strip())
    if len(widths) < 12:   # too few lines to tell a wrapped page from a title page
        return False
    p80, p95 = widths[int(len(widths) * 0.8)], widths[int(len(widths) * 0.95)]
    near_full = sum(1 for w in widths if 0.85 * p80 <= w <= 1.1 * p80)
    # wrapped text breaks lines mid-sentence: full lines ending without punctuation
    mid = sum(1 for line in lines if line.strip()
              and 0.85 * p80 <= display_width(strip_tokens(line).strip()) <= 1.1 * p80
              and not strip_tokens(line).rstrip().endswith(_TERMINAL))
    return (p80 <= 110 and p95 <= 130 and near_full >= 0.25 * len(widths)
            and mid >= max(3, 0.15 * len(widths)))


_RUNNING_HEAD = re.compile(rf"^\s*(?:{SYMBOL_RE.pattern})\s+(?:第\s*)?\d{{1,4}}(?:\s*页)?\s*$"
                           rf"|^\s*\d{{1,4}}\s+(?:{SYMBOL_RE.pattern})\s*$")
_FOOT_START = re.compile(r"^(\d{1,3}|\*{1,3})\s+(\S.*)$")


def _assemble_wrapped(lines: list[str], notes: dict[str, str], furniture: list[str],
                      warnings: list[str]) -> tuple[list[RawParagraph], Counter]:
    running: Counter = Counter()
    content: list[str] = []           # text lines in reading order
    foot_order: list[tuple[str, int]] = []   # (marker, index in content where its block stood)
    page_notes: dict[str, str] = {}
    in_foot = False
    last_marker: str | None = None
    for raw in lines:
        stripped = raw.strip()
        if not stripped:
            if len(raw) >= 10:          # a rule of spaces: footnotes follow
                in_foot = True
                last_marker = None
            continue
        m = _RUNNING_HEAD.match(raw)
        if m:
            sym = next((g for g in m.groups() if g), None)
            if sym:
                running[sym] += 1
            furniture.append(stripped)
            continue
        if in_foot:
            fm = _FOOT_START.match(raw)
            if fm and not raw[0].isspace():
                last_marker = fm.group(1)
                page_notes[last_marker] = fm.group(2).strip()
                foot_order.append((last_marker, len(content)))
                furniture.append(last_marker)     # the number moves to the marker
                continue
            if _URL_LINE.match(raw):
                # the converter lists a footnote's links again beneath it: noise when
                # the footnotes already give the link, else the link belongs to the note
                link = stripped.strip("<>")
                if any(link in n for n in page_notes.values()) or any(link in n for n in notes.values()):
                    furniture.append(stripped)
                elif last_marker is not None:
                    page_notes[last_marker] = page_notes[last_marker] + " " + link
                else:
                    content.append(stripped)
                continue
            if raw[0].isspace() or last_marker is None:
                in_foot = False          # first line of the next page
            else:
                page_notes[last_marker] = _join(page_notes[last_marker], stripped)
                continue
        if _SEPARATOR.match(stripped):
            continue
        content.append(stripped)
    _place_page_markers(content, foot_order)
    _keep_unplaced_notes(content, foot_order, page_notes, furniture, warnings)
    notes = {**notes, **page_notes}

    widths = sorted(display_width(strip_tokens(c)) for c in content)
    typical = widths[int(len(widths) * 0.8)] if widths else 80
    paragraphs: list[list[str]] = []   # [text so far, its last line]
    for line in content:
        if not paragraphs:
            paragraphs.append([line, line])
            continue
        prev = strip_tokens(paragraphs[-1][0]).rstrip()
        short = display_width(strip_tokens(paragraphs[-1][1])) < 0.8 * typical
        starts = _STRUCT_START.match(line) or is_body_name(strip_tokens(line))
        ends = prev.endswith(_TERMINAL)
        if starts or (ends and (short or set_apart_verb(line))) or (short and not ends):
            paragraphs.append([line, line])
        else:
            paragraphs[-1] = [_join(paragraphs[-1][0], line), line]
    return [RawParagraph(p, _notes_for(p, notes)) for p, _ in paragraphs], running


def _keep_unplaced_notes(content: list[str], foot_order: list[tuple[str, int]],
                         page_notes: dict[str, str], furniture: list[str], warnings: list[str]) -> None:
    """Put back, as lines of their own where they stood, foot-of-page notes whose
    marker is nowhere in the text (``* …`` lines of a flattened table read as a
    note), and say so in ``warnings``: their text is kept, not dropped."""
    placed = set(re.findall(f"{FN_OPEN}([^{FN_CLOSE}]*){FN_CLOSE}", "".join(content)))
    for marker, block_at in reversed(foot_order):
        if marker in placed or marker not in page_notes:
            continue
        content.insert(min(block_at, len(content)), f"{marker} {page_notes.pop(marker)}")
        if marker in furniture:
            furniture.remove(marker)
        add_warning(warnings, _("A note at the foot of a page whose mark is not in the text was kept "
                                "as a paragraph where it stands."))


def _place_page_markers(content: list[str], foot_order: list[tuple[str, int]]) -> None:
    """Replace bare footnote numbers in ``content`` by placeholders, in order.

    Marker ``k`` is searched between the previous marker and the footnote
    block that carries its text; the last candidate standing after Chinese
    text or punctuation and not followed by a counter word (号, 年, 段…) wins.
    Unfound markers go to the end of the line just before their block.
    """
    prev_line, prev_col = 0, 0
    for marker, block_at in foot_order:
        if not marker.isdigit():
            continue
        pat = re.compile(
            rf"(?<=[{_CJK}”’》）)\]])( ?)({marker})(?=\s|$|[{_CJK}])(?![ ]?[号年月日段条次届个项%％])")
        found = None
        for li in range(min(block_at, len(content)) - 1, prev_line - 1, -1):
            line = content[li]
            start = prev_col if li == prev_line else 0
            cands = [m for m in pat.finditer(line) if m.start() >= start]
            if cands:
                found = (li, cands[-1])
                break
        token = footnote_token(marker)
        if found:
            li, m = found
            line = content[li]
            content[li] = line[:m.start()] + token + line[m.end():]
            prev_line, prev_col = li, m.start() + len(token)
        elif block_at > 0:
            li = min(block_at, len(content)) - 1
            content[li] = content[li] + token
            prev_line, prev_col = li, len(content[li])


# ---------------------------------------------------------------- Markdown-like text

_BLOCK_TAG = re.compile(r"</?(?:p|div|ul|ol|li|br|tr|td|th|table|tbody|thead|h[1-6]|blockquote)\b[^<>]*>",
                        re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]+|www\.[^<>\s]+)>")
_BOLD = re.compile(r"\*\*(?=\S)((?:(?!\n\s*\n)[^*])+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*\w])")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _markdown_cleanup(text: str, furniture: list[str]) -> str:
    def bold(m: re.Match) -> str:
        inner = m.group(1)
        parts = [p.strip() for p in inner.split("\n")]
        joined = parts[0]
        for p in parts[1:]:
            joined = _join(joined, p)
        # a bold lead verb is set apart: keep it apart for the structure pass
        return joined + (" " if _CJK_RE.search(joined[-1:]) and len(joined) <= 8 else "")

    text = _BOLD.sub(bold, text)
    text = _ITALIC.sub(lambda m: m.group(1), text)
    text = text.replace("**", "")
    text = re.sub(r"(?m)^(\s*\d{1,3}[.)]\s*)\*(?=\S)", r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    furniture.extend(_BLOCK_TAG.findall(text))
    text = _BLOCK_TAG.sub("\n", text)
    furniture.extend(_INLINE_TAG.findall(text))
    text = _INLINE_TAG.sub("", text)
    text = html.unescape(text)
    lines = []
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("|") and s.endswith("|") and len(s) > 1:
            if _TABLE_SEP.match(s):
                continue
            line = _ROW + "\t".join(c.strip() for c in s.strip("|").split("|"))
        lines.append(line)
    return "\n".join(lines)


#: Marks a line that was a Markdown table row (cells joined by tabs) until it becomes a RawParagraph.
_ROW = "\ue002"
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_LINE = re.compile(f"^([{_SUP}]+)\\s*(.*)$")
_BULLET = re.compile(r"^\s*[-*+•▪●◦]\s+")
#: A number Markdown escaped so as not to start a list (``12\. Requests…``): the number stays.
_ESCAPED_NUMBER = re.compile(r"^(\s*\d+)\\\.")


def _assemble_lines(lines: list[str], notes: dict[str, str], furniture: list[str]) -> list[RawParagraph]:
    """One paragraph per non-empty line; superscript footnotes attached."""
    paras: list[str] = []
    notes = dict(notes)
    fn_marker: str | None = None     # footnote being continued
    body_end = -1                    # index of the last body paragraph before the footnotes
    rows: dict[int, tuple[list[str], int]] = {}   # paragraph index → (cells, table index)
    tables = 0
    for raw in lines:
        s = raw.strip()
        if s.startswith(_ROW):
            cells = [c.strip() for c in s[1:].split("\t")]
            if any(cells):
                if not (paras and len(paras) - 1 in rows):
                    tables += 1
                rows[len(paras)] = (cells, tables - 1)
                paras.append(" | ".join(cells))
                fn_marker, body_end = None, -1
            continue
        if not s or _SEPARATOR.match(s):
            continue
        s = _ESCAPED_NUMBER.sub(r"\1.", s)
        furniture.extend(m.group(0).strip() for m in [_BULLET.match(s)] if m)
        s = _BULLET.sub("", s).strip()
        if not s:
            continue
        m = _SUP_LINE.match(s)
        if m:
            sup = m.group(1)
            marker = str(int(sup.translate(str.maketrans(_SUP, "0123456789"))))
            notes[marker] = m.group(2).strip()
            furniture.extend((sup, sup))   # the note's number, and the mark in the text now a marker
            _place_superscript(paras, sup, marker)
            fn_marker = marker
            if body_end < 0:
                body_end = len(paras) - 1
            continue
        if fn_marker is not None:
            fn_text = notes[fn_marker]
            body_prev = strip_tokens(paras[body_end]).rstrip() if body_end >= 0 else ""
            if not _STRUCT_START.match(s):
                if fn_text.endswith(("：", ":")) or (
                        fn_text and not fn_text.endswith(_TERMINAL) and body_prev.endswith(_TERMINAL)):
                    notes[fn_marker] = _join(fn_text, s) if not fn_text.endswith(("：", ":")) \
                        else fn_text + " " + s
                    continue
                if body_prev and not body_prev.endswith(_TERMINAL) and body_end == len(paras) - 1:
                    paras[body_end] = _join(paras[body_end], s)
                    fn_marker, body_end = None, -1
                    continue
            fn_marker, body_end = None, -1
        paras.append(s)
    return [RawParagraph(p, _notes_for(p, notes), cells=rows[i][0] if i in rows else None,
                         table=rows[i][1] if i in rows else None) for i, p in enumerate(paras)]


def _place_superscript(paras: list[str], sup: str, marker: str) -> None:
    pat = re.compile(f"(?<![{_SUP}]){re.escape(sup)}(?![{_SUP}])")
    for i in range(len(paras) - 1, max(-1, len(paras) - 40), -1):
        found = list(pat.finditer(paras[i]))
        if found:
            m = found[-1]
            paras[i] = paras[i][:m.start()] + footnote_token(marker) + paras[i][m.end():]
            return
    if paras:
        paras[-1] += footnote_token(marker)
