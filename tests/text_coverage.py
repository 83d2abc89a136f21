"""Checks that no word of a source file is lost by a reader (issue 11, point 1).

The words of the source (for .docx every ``w:t`` of the body, its tables, its
footnotes and endnotes, in document order; for text the file's text) must all
be in the stored document, in order, less what the reader names as furniture
(its ``furniture`` list: ``[bookmark: …]`` anchors, running heads…).

Words are runs of letters and digits (a Han, kana or Hangul character is a
word of its own, so that line joins do not matter) and the signs a negotiating
text lives by: ``[``, ``]``, ``{``, ``}``; other punctuation is not compared.  The stored document is read as one
stream of its paragraphs (number, then text with each footnote's marker at
its offset) and one stream of its footnotes (mark, then text).  The source's words are
aligned in order with the first stream; those left over must align, in
order, with the second (footnote texts stand elsewhere in the source than
their markers).  Where that leaves words over, the footnotes are also tried
within the first stream, after their mark and after their paragraph (where
Word's text export and page layouts set them).  What the best of these leaves
over, less the furniture's words, is lost.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

from lxml import etree

from briefdesk.core.document import ParsedDocument
from briefdesk.core.scripts import CJK_WIDE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_WORD = re.compile(rf"(?=[{CJK_WIDE}])[^\W_]|[{_SUP}]+|[^\W_{CJK_WIDE}{_SUP}]+|[\[\]{{}}［］｛｝]")


def words(text: str) -> list[str]:
    """The words of ``text`` (see the module docstring), case kept."""
    return _WORD.findall(text)


def stored_streams(doc: ParsedDocument, notes_at: str = "apart") -> tuple[list[str], list[str]]:
    """The words of ``doc`` as (paragraph stream, footnote stream).

    The paragraph stream has each paragraph's number, then its text with each
    footnote's mark at its offset.  ``notes_at`` says where footnotes (mark,
    then text) go: ``"apart"`` in the second stream, ``"mark"`` in the first
    right after their mark (Word's text export, ``[1: …]``), ``"paragraph"`` in
    the first after their paragraph (notes set beneath it).
    """
    main: list[str] = []
    notes: list[str] = []
    for p in doc.paragraphs:
        if p.number:
            main += words(p.number)
        text = p.text
        cuts = sorted(((f.offset if f.offset is not None else len(text)), n)
                      for n, f in enumerate(p.footnotes))
        pos = 0
        for offset, n in cuts:
            f = p.footnotes[n]
            main += words(text[pos:offset]) + words(f.marker)
            if notes_at == "mark":
                main += words(f.marker) + words(f.text)
            pos = offset
        main += words(text[pos:])
        for f in p.footnotes:
            if notes_at == "paragraph":
                main += words(f.marker) + words(f.text)
            elif notes_at == "apart":
                notes += words(f.marker) + words(f.text)
    return main, notes


def _anchors(source: list[str], target: list[str], k: int) -> list[tuple[int, int]]:
    """Runs of ``k`` words found exactly once on each side, in an order both agree on
    (the longest increasing chain, as patience diff keeps them)."""
    def once(seq: list[str]) -> dict[tuple[str, ...], int]:
        seen: dict[tuple[str, ...], int] = {}
        for i in range(len(seq) - k + 1):
            g = tuple(seq[i:i + k])
            seen[g] = -1 if g in seen else i
        return seen

    src, tgt = once(source), once(target)
    pairs = sorted((i, tgt[g]) for g, i in src.items() if i >= 0 and tgt.get(g, -1) >= 0)
    # longest chain increasing in the target position (patience sorting)
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for n, (_i, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[pos], tail_idx[pos] = j, n
        prev[n] = tail_idx[pos - 1] if pos else -1
    chain, n = [], tail_idx[-1] if tail_idx else -1
    while n >= 0:
        chain.append(pairs[n])
        n = prev[n]
    return chain[::-1]


def _lcs(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """A longest common subsequence of ``a`` and ``b`` as index pairs (dynamic programming;
    unlike :class:`difflib.SequenceMatcher` it is not misled by repeated passages).  Of
    equally long ones it takes the earliest words of ``a``: a footnote's text comes after
    its reference in every source, so a word its paragraph and its note share is the
    paragraph's."""
    n, m = len(a), len(b)
    rows = [[0] * (m + 1) for _ in range(n + 1)]       # rows[i][j]: LCS of a[i:], b[j:]
    for i in range(n - 1, -1, -1):
        cur, nxt, ai = rows[i], rows[i + 1], a[i]
        for j in range(m - 1, -1, -1):
            cur[j] = nxt[j + 1] + 1 if ai == b[j] else (nxt[j] if nxt[j] >= cur[j + 1] else cur[j + 1])
    out, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j] and rows[i][j] == rows[i + 1][j + 1] + 1:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif rows[i + 1][j] >= rows[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _align(source: list[str], target: list[str], s0: int, s1: int, t0: int, t1: int,
           match: list[int], depth: int = 0) -> None:
    """Match ``source[s0:s1]`` in order into ``target[t0:t1]``, writing ``match``."""
    if s0 >= s1 or t0 >= t1:
        return
    if (s1 - s0) * (t1 - t0) <= 300_000:
        for a, b in _lcs(source[s0:s1], target[t0:t1]):
            match[s0 + a] = t0 + b
        return
    if depth > 3:
        sm = SequenceMatcher(None, source[s0:s1], target[t0:t1], autojunk=False)
        for a, b, size in sm.get_matching_blocks():
            for d in range(size):
                match[s0 + a + d] = t0 + b + d
        return
    k = (8, 4, 2, 1)[depth]
    si, ti = s0, t0
    for i, j in _anchors(source[s0:s1], target[t0:t1], k):
        i, j = i + s0, j + t0
        if i < si or j < ti:
            continue          # overlaps the anchor before it
        _align(source, target, si, i, ti, j, match, depth + 1)
        for d in range(k):
            match[i + d] = j + d
        si, ti = i + k, j + k
    _align(source, target, si, s1, ti, t1, match, depth + 1)


def _unmatched(source: list[str], target: list[str]) -> list[int]:
    """Indices of ``source`` left out by an in-order alignment with ``target``.

    Runs of words found once on each side anchor the alignment (patience
    diff); the stretches between anchors are aligned the same way with shorter
    runs, and small ones exactly (longest common subsequence).
    """
    match = [-1] * len(source)
    _align(source, target, 0, len(source), 0, len(target), match)
    return [i for i, m in enumerate(match) if m < 0]


def lost_words(source_text: str, doc: ParsedDocument, furniture: list[str] = ()) -> list[str]:
    """Words of ``source_text`` not found in ``doc`` in order, less ``furniture``'s words.

    Returns each lost word with a few words of context, ``[]`` when none is lost.
    """
    src = words(source_text)
    # where the source sets its footnotes is the reader's business: each placing is a
    # whole in-order alignment, and the best of them is kept
    main, notes = stored_streams(doc)
    left = _unmatched(src, main)
    rest = [src[i] for i in left]
    still = [left[j] for j in _unmatched(rest, notes)]
    for where in ("mark", "paragraph"):
        if still:
            here = _unmatched(src, stored_streams(doc, where)[0])
            still = here if len(here) < len(still) else still
    allowed = Counter(w for item in furniture for w in words(item))
    lost = []
    for i in still:
        if allowed[src[i]] > 0:
            allowed[src[i]] -= 1
            continue
        lost.append(f"{src[i]!r} in …{' '.join(src[max(0, i - 6):i + 6])}…")
    return lost


def docx_source_text(path: Path) -> str:
    """Every ``w:t`` of a .docx in document order: body (tables included), then footnotes
    and endnotes; paragraphs end with a new line; breaks, tabs, cells and note
    references separate words.  ``mc:Fallback`` content (a copy of
    ``mc:Choice`` for older readers) is left out."""
    import zipfile

    out: list[str] = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        for part in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if part not in names:
                continue
            root = etree.fromstring(z.read(part))
            for el in root.iter(W + "t", W + "p", W + "br", W + "cr", W + "tab", W + "tc",
                                W + "footnoteReference", W + "endnoteReference"):
                if any(a.tag == _FALLBACK for a in el.iterancestors()):
                    continue
                if el.tag == W + "t":
                    out.append(el.text or "")
                else:
                    out.append("\n" if el.tag == W + "p" else " ")
    return "".join(out)
