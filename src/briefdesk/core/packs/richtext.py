"""Rich text of briefing packs: a restricted HTML subset, sanitized, and typeset with ReportLab.

Agenda-item sections (background, position, talking points, lines to take)
and paragraph notes are stored as HTML restricted to::

    p  b  i  u  ul  ol  li  br

(``strong`` is stored as ``b``, ``em`` as ``i``).  No attributes are kept.
Lists may nest (a nested list sits inside the ``li`` it follows).

:func:`sanitize` accepts anything a user or a widget may hand over — in
particular the full document ``QTextEdit.toHtml()`` returns, where bold and
italic are ``<span style="font-weight:700">`` / ``font-style:italic`` and a
nested list is a sibling ``<ul style="-qt-list-indent: 2">`` — and returns
the subset.  Parsing uses lxml's HTML parser with comments, processing
instructions and network access off; ``script``, ``style``, ``head`` and
their content are dropped.  Plain text (no ``<``) is read by
:func:`from_plain`, where a line starting ``- `` / ``* `` / ``• `` is a bullet and
``1.`` / ``1)`` a numbered item, as people type in a TOML spec or an e-mail.

:func:`to_flowables` turns the subset into ReportLab flowables for the PDF;
:func:`to_plain` gives the text (lists as ``•``/``1.`` lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

#: Tags kept by :func:`sanitize`.
ALLOWED_TAGS = frozenset({"p", "b", "i", "u", "ul", "ol", "li", "br"})

_SKIP = frozenset({"head", "style", "script", "title", "meta", "link", "template", "noscript",
                   "iframe", "object", "embed", "svg", "math"})
_BLOCK = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr",
                    "table", "section", "article", "header", "footer", "dd", "dt", "dl",
                    "address", "figure", "figcaption", "hr"})
_LIST = frozenset({"ul", "ol"})
_WS = re.compile(r"\s+")


@dataclass
class Run:
    """A stretch of text with one format; ``text == "\\n"`` with ``br`` true is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    br: bool = False


@dataclass
class Block:
    """A paragraph (``kind="p"``) or list item (``"li"``); ``lists`` is the enclosing list types, outermost first."""

    kind: str
    lists: tuple[str, ...] = ()
    runs: list[Run] = field(default_factory=list)

    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def _style_format(style: str) -> dict[str, bool]:
    fmt: dict[str, bool] = {}
    for decl in style.split(";"):
        name, _sep, value = decl.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "font-weight":
            fmt["bold"] = value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600)
        elif name == "font-style":
            fmt["italic"] = value in ("italic", "oblique")
        elif name == "text-decoration":
            fmt["underline"] = "underline" in value
    return fmt


def _qt_list_indent(style: str) -> int | None:
    m = re.search(r"-qt-list-indent\s*:\s*(\d+)", style or "")
    return int(m.group(1)) if m else None


class _Reader:
    """Walks parsed HTML into :class:`Block` rows."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.current: Block | None = None
        self.lists: tuple[str, ...] = ()
        self.in_li = False

    def _block(self, kind: str) -> Block:
        block = Block(kind, self.lists)
        self.blocks.append(block)
        self.current = block
        return block

    def text(self, text: str | None, fmt: dict[str, bool]) -> None:
        if not text:
            return
        text = _WS.sub(" ", text)
        if self.current is None:
            if not text.strip():
                return
            self._block("p")
        block = self.current
        if not block.runs or block.runs[-1].br:
            text = text.lstrip()
            if not text:
                return
        last = block.runs[-1] if block.runs else None
        if last and not last.br and (last.bold, last.italic, last.underline) == (
                fmt.get("bold", False), fmt.get("italic", False), fmt.get("underline", False)):
            last.text = (last.text + text).replace("  ", " ")
        else:
            if last and not last.br and last.text.endswith(" ") and text.startswith(" "):
                text = text[1:]
            block.runs.append(Run(text, fmt.get("bold", False), fmt.get("italic", False),
                                  fmt.get("underline", False)))

    def walk(self, node, fmt: dict[str, bool]) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        if tag is None or tag in _SKIP:  # comments, PIs, dropped elements (their tail still counts)
            return
        fmt = dict(fmt)
        if tag in ("b", "strong"):
            fmt["bold"] = True
        elif tag in ("i", "em", "cite", "var"):
            fmt["italic"] = True
        elif tag in ("u", "ins"):
            fmt["underline"] = True
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "th"):
            fmt["bold"] = True
        fmt.update(_style_format(node.get("style", "")))

        if tag == "br":
            if self.current is None:
                self._block("li" if self.in_li else "p")
            self.current.runs.append(Run("\n", br=True))
            return
        if tag in _LIST:
            saved, saved_li = self.lists, self.in_li
            indent = _qt_list_indent(node.get("style", ""))
            if indent is not None:
                self.lists = self.lists[: max(0, indent - 1)]
            self.lists = self.lists + (tag,)
            self.current = None
            self.in_li = False
            self.text(node.text if node.text and node.text.strip() else None, fmt)
            for child in node:
                self.walk(child, fmt)
                self.current = None
                self._tail(child, fmt)
            self.lists, self.in_li = saved, saved_li
            self.current = None
            return
        if tag == "li":
            if not self.lists:  # an item outside any list (``<li>x</li>``): read as a bullet list
                saved_lists, self.lists = self.lists, ("ul",)
                self.walk(node, fmt)
                self.lists = saved_lists
                return
            self._block("li")
            saved_li, self.in_li = self.in_li, True
            self._children(node, fmt)
            self.in_li = saved_li
            self.current = None
            return
        if tag in _BLOCK:
            if self.in_li and self.current is not None and self.current.kind == "li":
                if self.current.runs and not self.current.runs[-1].br:
                    self.current.runs.append(Run("\n", br=True))
            else:
                self.current = None
            self._children(node, fmt)
            if not self.in_li:
                self.current = None
            return
        self._children(node, fmt)

    def _children(self, node, fmt) -> None:
        self.text(node.text, fmt)
        for child in node:
            self.walk(child, fmt)
            self._tail(child, fmt)

    def _tail(self, child, fmt) -> None:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag in _BLOCK or tag in _LIST or tag == "li":
            if not self.in_li:
                self.current = None
        self.text(child.tail, fmt)


def _clean(blocks: list[Block]) -> list[Block]:
    out = []
    for block in blocks:
        while block.runs and block.runs[-1].br:
            block.runs.pop()
        if block.runs:
            block.runs[-1].text = block.runs[-1].text.rstrip()
        block.runs = [r for r in block.runs if r.text]
        if block.text().strip():
            out.append(block)
    return out


def parse(html: str | None) -> list[Block]:
    """Read ``html`` (any HTML, or plain text) into blocks of formatted runs (see :func:`sanitize`)."""
    if not html or not html.strip():
        return []
    if "<" not in html:
        return parse(from_plain(html))
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  remove_blank_text=False)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return parse(from_plain(re.sub(r"<[^>]*>", " ", html)))
    body = root.find("body")
    reader = _Reader()
    reader._children(body if body is not None else root, {})
    return _clean(reader.blocks)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _inline_html(runs: list[Run]) -> str:
    out = []
    for r in runs:
        if r.br:
            out.append("<br>")
            continue
        s = _escape(r.text)
        if r.underline:
            s = f"<u>{s}</u>"
        if r.italic:
            s = f"<i>{s}</i>"
        if r.bold:
            s = f"<b>{s}</b>"
        out.append(s)
    return "".join(out)


def serialize(blocks: list[Block]) -> str:
    """The restricted-HTML form of ``blocks`` (what :func:`sanitize` returns)."""
    out: list[str] = []
    stack: list[str] = []  # open list tags
    li_open: list[bool] = []  # per open list: whether an <li> is still open
    for block in blocks:
        target = list(block.lists or ("ul",)) if block.kind == "li" else []
        common = 0
        while common < len(stack) and common < len(target) and stack[common] == target[common]:
            common += 1
        if block.kind == "li" and common == len(target) and common == len(stack) and li_open and li_open[-1]:
            out.append("</li>")
            li_open[-1] = False
        while len(stack) > common:
            if li_open[-1]:
                out.append("</li>")
            out.append(f"</{stack.pop()}>")
            li_open.pop()
            if li_open and li_open[-1] and len(stack) >= len(target):
                out.append("</li>")
                li_open[-1] = False
        for tag in target[common:]:
            if stack and not li_open[-1]:
                out.append("<li>")  # a nested list with no item before it
                li_open[-1] = True
            out.append(f"<{tag}>")
            stack.append(tag)
            li_open.append(False)
        if block.kind == "li":
            if li_open[-1]:
                out.append("</li>")
            out.append("<li>" + _inline_html(block.runs))
            li_open[-1] = True
        else:
            out.append("<p>" + _inline_html(block.runs) + "</p>")
    while stack:
        if li_open.pop():
            out.append("</li>")
        out.append(f"</{stack.pop()}>")
    return "".join(out)


def sanitize(html: str | None) -> str:
    """Reduce ``html`` to the restricted subset (p, b, i, u, ul, ol, li, br; no attributes).

    Accepts a fragment, a whole document (``QTextEdit.toHtml()``) or plain
    text (see :func:`from_plain`).  Inline CSS bold/italic/underline become
    ``b``/``i``/``u``; Qt's ``-qt-list-indent`` becomes list nesting; every
    other tag is unwrapped (its text kept) except ``script``, ``style``,
    ``head`` and similar, which are dropped with their content.  Whitespace
    collapses as in HTML; empty paragraphs are dropped.  Returns ``""`` for
    empty input.  Idempotent: ``sanitize(sanitize(x)) == sanitize(x)``.
    Never raises on malformed input (unparseable markup is read as text).
    """
    return serialize(parse(html))


_BULLET = re.compile(r"^\s*[-*•·]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d+)[.)、]\s+(.*)$")


def from_plain(text: str) -> str:
    """Restricted HTML from plain text: blank lines separate paragraphs, a line break is ``<br>``,
    ``- ``/``* ``/``• `` lines are a bulleted list and ``1.``/``1)``/``1、`` lines a numbered one
    (indented by two or more spaces: nested one level)."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            block = Block("p")
            for i, line in enumerate(para):
                if i:
                    block.runs.append(Run("\n", br=True))
                block.runs.append(Run(_WS.sub(" ", line.strip())))
            blocks.append(block)
            para.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        m = _BULLET.match(line) or _NUMBERED.match(line)
        if m:
            flush()
            kind = "ul" if m.re is _BULLET else "ol"
            depth = 1 if len(line) - len(line.lstrip()) >= 2 else 0
            outer = blocks[-1].lists[:1] if depth and blocks and blocks[-1].kind == "li" else ()
            lists = outer + (kind,) if outer else (kind,)
            blocks.append(Block("li", lists, [Run(_WS.sub(" ", m.groups()[-1].strip()))]))
        elif not line.strip():
            flush()
        else:
            para.append(line)
    flush()
    return serialize(_clean(blocks))


def to_plain(html: str | None) -> str:
    """The text of ``html`` (any HTML): paragraphs on their own lines, list items as ``• x`` / ``1. x``."""
    lines = []
    counters: dict[tuple[str, ...], int] = {}
    for block in parse(html):
        text = "".join("\n" if r.br else r.text for r in block.runs)
        if block.kind == "li":
            depth = len(block.lists) - 1
            for key in [k for k in counters if len(k) > len(block.lists)]:
                del counters[key]
            if block.lists[-1] == "ol":
                counters[block.lists] = counters.get(block.lists, 0) + 1
                mark = f"{counters[block.lists]}."
            else:
                mark = "•"
            lines.append("  " * depth + f"{mark} {text}")
        else:
            counters.clear()
            lines.append(text)
    return "\n".join(lines)


def to_flowables(html: str | None, style, *, indent: float = 14.0) -> list:
    """ReportLab flowables for ``html`` set in ``style`` (a ``ParagraphStyle``).

    Paragraphs become ``Paragraph``s; list items ``Paragraph``s with a
    hanging bullet (``•``, or ``1.``, ``2.`` … per numbered list) indented
    ``indent`` points per nesting level.  Every run is set in the shipped
    face that has its glyphs (:func:`briefdesk.core.render.fonts.markup`),
    bold/italic/underline kept (CJK has no bold face: see :mod:`..render.fonts`).
    """
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from ..render.fonts import markup, split_runs

    flow = []
    counters: dict[tuple[str, ...], int] = {}
    styles: dict[tuple[int, bool], ParagraphStyle] = {}
    for block in parse(html):
        text = "".join("<br/>" if r.br else (
            f"<u>{markup(r.text, bold=r.bold, italic=r.italic)}</u>" if r.underline
            else markup(r.text, bold=r.bold, italic=r.italic)) for r in block.runs)
        if block.kind != "li":
            counters.clear()
            flow.append(Paragraph(text, style))
            continue
        depth = len(block.lists)
        for key in [k for k in counters if len(k) > len(block.lists)]:
            del counters[key]
        if block.lists[-1] == "ol":
            counters[block.lists] = counters.get(block.lists, 0) + 1
            bullet = f"{counters[block.lists]}."
        else:
            bullet = "•" if depth == 1 else "–"
        key = (depth, bullet[0].isdigit())
        if key not in styles:
            left = style.leftIndent + indent * depth
            styles[key] = ParagraphStyle(f"{style.name}-li{depth}", parent=style, leftIndent=left,
                                         bulletIndent=left - indent * 0.9, firstLineIndent=0,
                                         spaceAfter=max(1.0, style.spaceAfter / 2),
                                         bulletFontName=split_runs(bullet)[0][1])
        flow.append(Paragraph(text, styles[key], bulletText=bullet))
    return flow
