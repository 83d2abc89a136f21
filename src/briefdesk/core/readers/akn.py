"""Reader for Akoma Ntoso 3.0 documents, including the UN's AKN4UN profile.

Akoma Ntoso (OASIS LegalDocML, "Akoma Ntoso Version 1.0", namespace
``http://docs.oasis-open.org/legaldocml/ns/akn/3.0``) marks up a resolution
as a document element (``<statement name="resolution">``, or a
``<documentCollection>`` whose ``<components>`` each hold one statement for
resolutions "A", "B"…) with these parts, which this reader maps onto
:class:`~briefdesk.core.document.ParsedDocument`:

* ``<meta>/<identification>``: FRBR identifiers.  The Work's
  ``<FRBRdate name="adoption">`` gives :attr:`ParsedDocument.date`; the
  Expression's ``<FRBRlanguage language="zho">`` (ISO 639-2) gives
  :attr:`ParsedDocument.language` converted to ISO 639-1 with Babel
  (checked against the script of the text, see ``check_language``);
  ``<FRBRthis>`` (``/akn/un/statement/deliberation/unga-hrc/…``) and
  ``<FRBRauthor>`` are fallbacks for the symbol and body.
* ``<meta>/<workflow>`` (AKN4UN): ``<step outcome="draftResolution"
  as="A/HRC/54/L.13" by="Albania, …">`` gives
  :attr:`ParsedDocument.draft_symbol` and :attr:`ParsedDocument.sponsors`
  (with the ``draftResolutionAdditionalSponsors`` step).
* ``<coverPage>`` (AKN4UN): ``<docNumber>`` is the official symbol
  (``A/RES/75/100``, ``A/HRC/RES/54/1``, ``A/RES/75/101 A-B``);
  ``<docAuthority refersTo="#subsidiaryBody">`` (Human Rights Council) or
  ``refersTo="#issuingBody"`` (General Assembly) names the body in the
  document's own language; ``<inline name="agenda item">`` the agenda item.
* ``<preface>``: ``<docNumber>75/100.</docNumber>`` and the resolution's
  title in ``<docTitle>``.
* ``<preamble>``: the enacting ``<formula>`` ("The General Assembly,"),
  emitted as an unnumbered BODY paragraph, then one ``<container>`` per
  preambular paragraph (AKN4UN; plain AKN may use bare ``<p>``), each ``<p>``
  of which becomes a PREAMBULAR paragraph; ``<blockList>/<item>`` lists
  become PREAMBULAR sub-paragraphs at level 1.
* ``<mainBody>``: ``<paragraph>`` with ``<num>`` and ``<content>``
  (OPERATIVE paragraphs), ``<list>`` with ``<intro>``, ``<point>``,
  ``<sublist>`` and ``<wrapUp>`` (sub-paragraphs at levels 1 and 2; the intro
  is the paragraph's own text, the wrap-up an unnumbered paragraph of the same
  kind and level after the points, where it is printed), ``<section>``/
  ``<hcontainer>``… with ``<num>`` and ``<heading>``/``<subheading>``/
  ``<crossHeading>`` (HEADING paragraphs; their label becomes the
  ``section`` of what follows), and ``<container>`` tables (one BODY
  paragraph per table row, cells joined by ``" | "``, and kept one by one with their
  ``colspan``/``rowspan`` in ``ParsedParagraph.cells``/``spans``, rows of one table sharing
  ``ParsedParagraph.table``).
* ``<attachments>/<attachment>`` (annexes): one
  :class:`~briefdesk.core.document.ParsedPart` each (kind ``OTHER``, title
  from the annex's first heading); their paragraphs are BODY or HEADING
  with ``part`` set, numbered as printed.  Operative paragraphs are thus
  only those of the resolution itself.
* ``<authorialNote marker="3">`` (footnotes) inside any of the above:
  a :class:`~briefdesk.core.document.ParsedFootnote` on the paragraph that
  holds it, with the character offset where the note stood; its text is
  never part of the paragraph's text.

The UN markup is the official text converted by machine and is not
uniform; the reader copes with what the GA 75 and HRC 54 files show:

* numbers typed into the text instead of ``<num>`` (``"\\t1 -\\t"`` in
  Arabic, ``"\\t(a)\\t"`` for sub-paragraphs marked as sibling
  ``<paragraph>`` elements), recognised by :func:`split_leading_number`;
* sub-paragraph levels therefore come from the list nesting where there is
  one, else from the numbering style (``(a)``/``a)``/``(أ)`` → 1;
  ``(i)``/``㈠``/``’1‘`` → 2, with ``(i)``, ``(v)``, ``(x)`` read as letters
  when they follow ``(h)``, ``(u)``, ``(w)``);
* a numbered ``<paragraph>`` with empty content followed by an unnumbered
  one: the number goes to the following paragraph;
* Arabic footnote references bracketed as ``<sup>(</sup><authorialNote/>
  <sup>)</sup>`` and footnote texts starting with an empty ``()``:
  the brackets are dropped;
* heading-styled paragraphs (``class="H1"``, ``"H23"``, ``"HCh"``,
  ``"…Title…"``) are HEADING; ``class="FootnoteText"`` (a table's note) is
  BODY;
* where the markup contradicts the printed resolution (and the other language
  versions), the reader gives what is printed, deciding with the structure
  pass's rules (:mod:`.structure`: ``split_number``, ``given_number``,
  ``heading_shape``, ``unnumbered_operative``, ``annex_heading``): a section
  label typed before a heading's words (``"二 独立审计…"``, ``"A Escala…"``,
  ``"حادي عشر التقدم…"``) numbers the heading; a label set as a heading of its
  own numbers the one after it, however long; a ``<sublist>`` that only wraps
  points numbered like the ones before it does not go a level deeper; the
  preamble's last paragraph ending with a colon before paragraph 1 opens the
  operative part; an annex heading inside ``<mainBody>`` ends the operative part.

``session`` is the session segment of the symbol (``"75"`` for
``A/RES/75/100``, ``"54"`` for ``A/HRC/RES/54/1``, ``"S-32"`` for
``A/RES/S-32/1``), falling back to ``<session value>``.  ``agenda_item`` is
the item's number as printed (``"55"``, ``"19 (b)"``, ``"19 b)"``).

Parsing is safe: lxml with entity resolution, DTD loading, network access
and huge trees off.  Any fault is a :class:`~briefdesk.core.errors.ReadError`
naming the file and, where lxml reports it, the line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import limits
from ..document import (
    DocumentKind,
    ParagraphKind,
    ParsedDocument,
    ParsedFootnote,
    ParsedParagraph,
    ParsedPart,
)
from ..errors import ReadError
from ..i18n import _
from ..scripts import CJK_WIDE, letter_counts
from . import structure as _structure
from .verbs import verb_role as _verb_role

__all__ = ["AKN_NS", "looks_like_akn", "read_akn", "parse_akn", "split_leading_number"]

#: The Akoma Ntoso 3.0 namespace (OASIS LegalDocML).
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_NS = {"a": AKN_NS}
_Q = "{%s}" % AKN_NS

# ---------------------------------------------------------------- sniffing

_ROOT_RE = re.compile(r"<(?![?!])(?:[\w.-]+:)?([\w.-]+)([^>]*)")


def looks_like_akn(head: bytes) -> bool:
    """Tell whether ``head`` (the first few KB of a file) is an AKN 3.0 document.

    True when the first element of the XML is ``akomaNtoso`` (any prefix)
    and the AKN 3.0 namespace URI is declared in the head, or when a
    DOCTYPE declares ``akomaNtoso`` as the root element.  The XML
    declaration, comments, processing instructions and a DOCTYPE may come
    first.  UTF-8 (with or without BOM) and UTF-16 with BOM are recognised.
    Never raises.
    """
    if not head:
        return False
    try:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = head.decode("utf-16", errors="ignore")
        else:
            text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    except Exception:  # pragma: no cover - decode with errors=ignore does not raise
        return False
    # drop comments and the DOCTYPE so the first real tag is found
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    if re.match(r"\s*(?:<\?xml[^>]*\?>\s*)?<!DOCTYPE\s+(?:[\w.-]+:)?akomaNtoso\b", text):
        # The DOCTYPE names the root element (XML 1.0, 2.8); its internal subset may be longer
        # than ``head`` (an entity bomb): the AKN reader decides, and refuses what it must.
        return True
    text = re.sub(r"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", "", text, flags=re.S)
    m = _ROOT_RE.search(text)
    if m is None or m.group(1) != "akomaNtoso":
        return False
    return AKN_NS in text


# ---------------------------------------------------------------- reading


def read_akn(path: Path) -> ParsedDocument:
    """Read the AKN file at ``path``; see :func:`parse_akn`.

    Raises :class:`ReadError` when the file cannot be read or parsed.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, _("cannot read the file: {error}").format(
            error=exc.strerror or str(exc))) from exc
    return parse_akn(data, path)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True, recover=False,
    )


def parse_akn(data: bytes, path: Path | None = None) -> ParsedDocument:
    """Parse the bytes of an Akoma Ntoso 3.0 document into a ParsedDocument.

    ``path`` only names the file in errors.  The result has
    ``source_format="akn"``; the mapping from elements to fields is given in
    this module's docstring.

    Raises :class:`ReadError` (with ``line`` where lxml gives one) for empty
    input, bytes that are not well-formed XML (truncated files included), a
    root element other than AKN 3.0 ``akomaNtoso``, or a root without a
    document element.
    """
    if not data or not data.strip():
        raise ReadError(path, _("the file is empty"))
    limits.check_file_size(len(data), limits.XML_FILE_BYTES, path)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        raise ReadError(path, _("not well-formed XML: {error}").format(error=exc.msg),
                        line=line) from exc
    except ValueError as exc:  # e.g. unicode strings with encoding declaration
        raise ReadError(path, _("not well-formed XML: {error}").format(error=str(exc))) from exc
    if root.tag != _Q + "akomaNtoso":
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise ReadError(path, _("not an Akoma Ntoso 3.0 document (root element <{name}>)")
                        .format(name=name), line=root.sourceline)
    doc_el = next((c for c in root if isinstance(c.tag, str)), None)
    if doc_el is None:
        raise ReadError(path, _("the Akoma Ntoso document has no content"), line=root.sourceline)
    return _Reader(root, doc_el).read()


# ---------------------------------------------------------------- text


_WS = re.compile(r"(\s+)")
_CJK = re.compile(f"[{CJK_WIDE}]")
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _local(el) -> str:
    """The element's tag without its namespace (``etree.QName(el).localname``, without building one)."""
    tag = el.tag
    return tag[tag.find("}") + 1:] if isinstance(tag, str) else ""


@functools.lru_cache(maxsize=256)
def _xpath(path: str) -> etree.XPath:
    """``path`` compiled once (with the AKN namespace as ``a:``); ``el.xpath(path, …)`` compiles it
    on every call."""
    return etree.XPath(path, namespaces=_NS)


def _norm(text: str) -> str:
    """Collapse whitespace runs to one space and drop spaces between CJK characters."""
    b = _TextBuilder()
    b.add(text)
    return b.text()


class _TextBuilder:
    """Accumulates inline text, normalising whitespace as it goes.

    A run of whitespace becomes one space, none at the start or end, and
    none between two CJK characters (a space there is typesetting noise:
    Chinese is written without spaces).  ``offset()`` is the length of the
    clean text so far, which is where a footnote standing here attaches.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = False
        self.last = ""
        self.length = 0

    def add(self, text: str | None) -> None:
        if not text:
            return
        words = text.split()  # str.split() and the regex \s agree on what whitespace is
        parts = self.parts
        if not words:
            self.pending = bool(parts)
            return
        if text[0].isspace():
            self.pending = bool(parts)
        if _CJK.search(text) is None:  # no CJK character: every gap is one space
            chunk = " ".join(words)
            if self.pending:
                chunk = " " + chunk
            parts.append(chunk)
            self.length += len(chunk)
        else:
            pending, last = self.pending, self.last
            for word in words:
                if pending and not (_CJK.match(last) and _CJK.match(word[0])):
                    parts.append(" ")
                    self.length += 1
                parts.append(word)
                self.length += len(word)
                last = word[-1]
                pending = True
        self.last = words[-1][-1]
        self.pending = text[-1].isspace()

    def offset(self) -> int:
        return self.length

    def text(self) -> str:
        return "".join(self.parts)


_ARABIC_NOTE_BRACKETS = {"(", ")"}


def _is_note(el) -> bool:
    return isinstance(el.tag, str) and el.tag == _Q + "authorialNote"


def _note_bracket(el) -> bool:
    """True for ``<sup>(</sup>`` / ``<sup>)</sup>`` set around a footnote (Arabic texts)."""
    if el.tag != _Q + "sup" or "".join(el.itertext()).strip() not in _ARABIC_NOTE_BRACKETS:
        return False
    prev, nxt = el.getprevious(), el.getnext()
    return (prev is not None and _is_note(prev)) or (nxt is not None and _is_note(nxt))


def _note(note) -> tuple[str, list[tuple[int, int, str]]]:
    """Clean text of an ``<authorialNote>`` (its ``<p>``s joined by a space) and the
    ``(start, end, href)`` spans of the ``<a href>`` links in it.  Arabic notes open
    with an empty ``()`` where Word put the reference number: it is dropped."""
    b = _TextBuilder()
    inner: list[ParsedFootnote] = []
    links: list[tuple[int, int, str]] = []
    blocks = [p for p in note if _local(p) == "p"]
    if not blocks:
        blocks = [note]
    for i, blk in enumerate(blocks):
        if i:
            b.add(" ")
        _walk_inline(blk, b, inner, links=links)
    text = b.text()
    m = re.match(r"^\(\s*\)\s*", text)
    if m:
        cut = m.end()
        text = text[cut:]
        links = [(max(a - cut, 0), e - cut, h) for a, e, h in links if e - cut > 0]
    return text, _clean_links(text, links)


def _span(value: str | None) -> int:
    """A ``colspan``/``rowspan`` attribute as a count of at least 1 (1 when absent or not a
    number; HTML's ``rowspan="0"``, "to the end of the table", is taken as 1)."""
    try:
        return max(1, int(value)) if value is not None else 1
    except ValueError:
        return 1


@dataclass
class _Inline:
    """Clean text of some inline content, its footnotes and its leading verb."""

    text: str = ""
    notes: list[ParsedFootnote] = field(default_factory=list)
    verb: str | None = None
    links: list[tuple[int, int, str]] = field(default_factory=list)


def _walk_inline(el, b: _TextBuilder, notes: list[ParsedFootnote], skip_text: bool = False,
                 links: list[tuple[int, int, str]] | None = None) -> None:
    if not skip_text:
        b.add(el.text)
    for child in el:
        if not isinstance(child.tag, str):
            b.add(child.tail)
            continue
        if _is_note(child):
            text, note_links = _note(child)
            notes.append(ParsedFootnote(marker=(child.get("marker") or "").strip(),
                                        text=text, offset=b.offset(), links=note_links))
        elif _note_bracket(child):
            pass
        elif child.tag in (_Q + "eol", _Q + "br"):
            b.add(" ")
        elif child.tag == _Q + "a" and links is not None and (child.get("href") or "").strip():
            start = b.offset()
            _walk_inline(child, b, notes, links=links)
            links.append((start, b.offset(), child.get("href").strip()))
        else:
            _walk_inline(child, b, notes, links=links)
        b.add(child.tail)


def _inline(blocks, lead_text: str | None = None) -> _Inline:
    """Clean text of the block elements ``blocks`` (``<p>``s), joined by spaces.

    ``lead_text`` replaces the first block's own leading text (``.text``),
    used once a number typed into it has been cut off.  The verb is the text
    of a ``<span>`` (or ``<b>``/``<i>``) that opens the first block, provided
    the clean text starts with it.
    """
    b = _TextBuilder()
    notes: list[ParsedFootnote] = []
    links: list[tuple[int, int, str]] = []
    verb = None
    for i, blk in enumerate(blocks):
        if i:
            b.add(" ")
        if i == 0:
            first_text = blk.text if lead_text is None else lead_text
            b.add(first_text)
            kids = [c for c in blk if isinstance(c.tag, str)]
            if (kids and (first_text or "").strip(" \t\n\r\xa0" + _BIDI) == ""
                    and _local(kids[0]) in ("span", "b", "i", "u")):
                v = _norm("".join(t for t in _texts_without_notes(kids[0])))
                verb = v.strip(" ,،") or None
            _walk_inline(blk, b, notes, skip_text=True, links=links)
        else:
            _walk_inline(blk, b, notes, links=links)
    text = b.text()
    for n in notes:
        n.offset = min(n.offset, len(text))
    if verb and not text.startswith(verb):
        verb = None
    return _Inline(text, notes, verb, _clean_links(text, links))


def _clean_links(text: str, links: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Links with their spans moved off the space the builder put before them; empty spans dropped."""
    out = []
    for start, end, href in links:
        while start < end and text[start:start + 1].isspace():
            start += 1
        if start < end <= len(text):
            out.append((start, end, href))
    return out


def _texts_without_notes(el):
    if el.text:
        yield el.text
    for c in el:
        if isinstance(c.tag, str) and not _is_note(c):
            yield from _texts_without_notes(c)
        if c.tail:
            yield c.tail


# ---------------------------------------------------------------- numbers

_ROMAN = re.compile(r"^[ivxlc]+$")
_NUM_PATTERNS = [
    # 1.  1 -  1-  1–  12  (digits as printed, Arabic uses "1 -")
    ("arabic", r"\d{1,3}(?:\s?[.\-–)])?"),
    # (a) a) (aa) а) (Cyrillic look-alikes) (i) iv)
    ("latin", r"[(（]?[a-zа-яё]{1,6}[)）]"),
    # (أ) (هـ) )أ) (أ أ)
    ("arabic_letter", r"[()][\u0621-\u064a\u0640\ufe70-\ufeff][\u0621-\u064a\u0640\ufe70-\ufeff ]{0,2}\)"),
    # ’1‘ : Arabic sub-sub-paragraphs
    ("arabic_roman", r"[’‘']\d{1,2}[’‘']"),
    # ㈠ (十一)
    ("cjk_roman", r"[\u3220-\u3229]|[(（][一二三四五六七八九十]{1,3}[)）]"),
    # 一.  I.  A.  (section-like labels)
    ("label", r"[一二三四五六七八九十]{1,3}[.、]|[IVXLC]{1,6}\.|[A-Z]\."),
    ("bullet", r"[•▪◦*]"),
]
_LEAD_RE = re.compile(
    r"^[\s" + _BIDI + r"]*(?P<num>" + "|".join(f"(?P<{k}>{p})" for k, p in _NUM_PATTERNS)
    + r")[" + _BIDI + r"]*(?:\t|\xa0|\s{2,}|$)"
)


# Fully bracketed numbers and "12." are distinctive enough with one space after.
_LEAD_LOOSE_RE = re.compile(
    r"^[\s" + _BIDI + r"]*(?P<num>\([a-zа-яё]{1,6}\)|\([\u0621-\u064a\u0640 ]{1,4}\)"
    r"|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,3}\.)[" + _BIDI + r"]* (?=\S)"
)


def _cut_typed_number(inl: "_Inline") -> str | None:
    """Cut a number typed at the start of the clean text of ``inl`` (no ``<num>``) and
    return it as printed, or ``None``.

    The pattern is the structure pass's (:func:`.structure.split_number`): a
    paragraph number typed with one space (``"19 - تشجع"``, ``"12- تؤكد"``), a
    chapter or section number (``"أولا - الإنشاء"``, ``"ألف - …"``, ``"IV. …"``,
    ``"一. …"``), so that the AKN reading and the reading of the printed text
    agree.  Footnote offsets and link spans move with the text.
    """
    text = inl.text
    printed, ntype, _lbl, rest = _structure.split_number(text, tab=True)
    if printed is None or ntype not in ("arabic", "roman", "cap", "zhnum"):
        return None
    cut = len(text) - len(rest)
    inl.text = rest
    for n in inl.notes:
        n.offset = max((n.offset or 0) - cut, 0)
    inl.links = [(max(a - cut, 0), b - cut, h) for a, b, h in inl.links if b - cut > 0]
    return _clean_num(printed)


#: Section letters in order; Russian UN texts letter sections without Ё, Й, Ъ, Ы, Ь.
_LETTERS = {"Latin": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "Cyrillic": "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"}


def _letter_value(label: str) -> int | None:
    """Place of a section letter in its alphabet (``"B"`` → 2, ``"باء"`` → 2), or None."""
    if label in _structure.AR_LETTERS:
        return _structure.AR_LETTERS.index(label) + 1
    for alphabet in _LETTERS.values():
        if len(label) == 1 and label in alphabet:
            return alphabet.index(label) + 1
    return None


def _label_word(raw: str, prev_letter: str | None) -> str | None:
    """The section label typed as a word before a heading's words, as printed in the raw
    XML text (white space kept): ``"II Activités du Comité…"`` (75/247 F),
    ``"二 独立审计咨询委员会的活动"`` (75/247 C), ``"حادي عشر التقدم المحرز…"``
    (75/253 A), ``"A Escala de sueldos…"`` (75/245 S); ``None`` when there is none.

    A label is a chapter or section number of the structure pass's grammar
    (:func:`.structure.given_number`: Roman, Chinese numeral, Arabic ordinal,
    letter) followed by white space and more text.  A letter, which may be a word
    (Spanish ``"A"``), counts only where the section letters run: the first letter
    of its alphabet, or the one after ``prev_letter``, the last section letter."""
    words = raw.split()
    for n in (2, 1):
        if len(words) <= n:
            continue
        label = " ".join(words[:n])
        ntype = _structure.given_number(label)[0]
        if ntype not in _LABEL_TYPES or not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)?", label):
            continue
        if ntype == "cap":
            value = _letter_value(label)
            before = (_letter_value(prev_letter) or 0) if prev_letter else 0
            if value is None or value != before + 1 or not (
                    words[n][:1].isupper() or label in _structure.AR_LETTERS):
                continue
        return label
    return None


def _cut_word(inl: "_Inline", word: str) -> str | None:
    """Cut ``word`` (a label found by :func:`_label_word`) off the start of ``inl``'s clean
    text, moving footnote offsets and link spans with the text; returns it or ``None``."""
    if not inl.text.startswith(word) or not inl.text[len(word):].strip():
        return None
    rest = inl.text[len(word):]
    cut = len(inl.text) - len(rest.lstrip())
    inl.text = rest.lstrip()
    for n in inl.notes:
        n.offset = max((n.offset or 0) - cut, 0)
    inl.links = [(max(a - cut, 0), b - cut, h) for a, b, h in inl.links if b - cut > 0]
    return word


def split_leading_number(text: str) -> tuple[str, str] | None:
    """Find a paragraph number typed at the start of ``text``.

    UN files often carry the number in the text rather than in ``<num>``:
    ``"\\t1 -\\tتحيط علما"``, ``"\\t(a)\\tTo cooperate"``, ``"a)\\xa0Le…"``.
    A number counts only when followed by a tab, a no-break space, two
    spaces or the end, so that ``"2020 年"`` or ``"and"`` are not taken;
    fully bracketed numbers (``"(iii) A presentation"``) and ``"12."`` may be
    followed by one space.

    Returns ``(number, rest)`` with the number as printed (bidi marks
    removed) and the text after it, or ``None``.
    """
    m = _LEAD_RE.match(text or "") or _LEAD_LOOSE_RE.match(text or "")
    if m is None:
        return None
    return _clean_num(m.group("num")), text[m.end():]


def _clean_num(num: str) -> str:
    return _norm(num.translate({ord(c): None for c in _BIDI}))


def _num_style(num: str | None, prev_letter: str | None) -> str | None:
    """Classify a number: 'arabic', 'letter', 'roman', 'label', 'bullet' or None."""
    if not num:
        return None
    n = num.strip()
    m = re.fullmatch(r"[(（]?([a-zа-яё]{1,6})[)）]", n)
    if m:
        body = m.group(1)
        if _ROMAN.match(body):
            follows = {"i": "h", "v": "u", "x": "w", "l": "k", "c": "b"}
            if len(body) == 1 and prev_letter == follows.get(body):
                return "letter"
            if len(body) == 2 and body[0] == body[1] and prev_letter and len(prev_letter) == 2:
                return "letter"  # (ii) after (hh)
            if len(body) == 1 and body in "lc":
                return "letter"
            return "roman"
        return "letter"
    if re.fullmatch(r"\d{1,3}(?:\s?[.\-–)])?", n):
        return "arabic"
    if re.fullmatch(r"[()][\u0621-\u064a\u0640\ufe70-\ufeff][\u0621-\u064a\u0640\ufe70-\ufeff ]{0,2}\)", n):
        return "letter"
    if re.fullmatch(r"[’‘']\d{1,2}[’‘']|[\u3220-\u3229]|[(（][一二三四五六七八九十]{1,3}[)）]", n):
        return "roman"
    if re.fullmatch(r"[•▪◦*]", n):
        return "bullet"
    return "label"


def _letter_of(num: str) -> str | None:
    m = re.fullmatch(r"[(（]?([a-zа-яё]{1,6})[)）]", num.strip())
    return m.group(1) if m else None


def _label(num: str) -> str:
    """Section label from a printed number: ``"II."`` → ``"II"``, ``"A."`` → ``"A"``."""
    return num.strip().strip(".、:：-– ").strip("()（）") or num.strip()


_HEADING_CLASS = re.compile(r"^H(?:[0-9]|Ch|CH|1|23)|Title")
_KIND_BY_NAME = {
    "resolution": DocumentKind.RESOLUTION,
    "decision": DocumentKind.DECISION,
    "recommendation": DocumentKind.RECOMMENDATION,
    "draftresolution": DocumentKind.DRAFT_RESOLUTION,
    "draftdecision": DocumentKind.DRAFT_DECISION,
}


# ---------------------------------------------------------------- reader


class _Reader:
    def __init__(self, root, doc_el) -> None:
        self.root = root
        self.doc_el = doc_el
        self.paragraphs: list[ParsedParagraph] = []
        self.parts: list[ParsedPart] = []
        self.section: str | None = None
        self.part: int | None = None
        self.prev_letter: str | None = None
        self.pending_num: str | None = None
        self.lang = ""   # ISO 639-1 code of the text, set by read_meta
        self.seen_operative = False   # a numbered operative paragraph since the last heading
        self.after_table = False      # the last paragraph was a table row
        self.tables = 0               # <table> elements read so far (ParsedParagraph.table)
        self.section_letter: str | None = None   # last section letter (A, باء) of this chapter
        self.in_annex = False         # past an annex heading inside <mainBody>
        self.warnings: list[str] = []  # sentences for the user: text kept but not placed

    # -- helpers -------------------------------------------------------
    def find(self, path: str, el=None):
        r = _xpath(path)(self.doc_el if el is None else el)
        return r[0] if r else None

    def emit(self, kind: ParagraphKind, inl: _Inline, number: str | None = None,
             level: int = 0) -> ParsedParagraph | None:
        if not inl.text and not inl.notes and number is None:
            return None
        if kind is ParagraphKind.HEADING and number is None:
            prev = self.paragraphs[-1] if self.paragraphs else None
            if (prev is not None and prev.kind is ParagraphKind.HEADING and prev.number is None
                    and prev.part == self.part and not prev.footnotes and _is_label(prev.text)):
                # "أولا" then "مقدمة": a section label set as its own heading
                self.paragraphs.pop()
                number = prev.text
                self.section = _label(number)
            elif _is_label(inl.text):
                self.section = _label(inl.text)
        self.after_table = False
        if kind is ParagraphKind.HEADING:
            ntype = _structure.given_number(number)[0] if number else None
            if ntype in _LABEL_TYPES:
                # a chapter or section heading ends the numbered operative run, as in
                # the structure pass (an unnumbered heading, "Раздел 10 …", does not)
                self.seen_operative = False
                self.section_letter = _label(number) if ntype == "cap" else None
            elif number is None and _structure.annex_heading(inl.text):
                # an annex set inside <mainBody> (75/326 A): what follows is not adopted text
                self.in_annex = True
        elif kind is ParagraphKind.OPERATIVE and number is not None:
            self.seen_operative = True
        if self.in_annex and kind in (ParagraphKind.OPERATIVE, ParagraphKind.PREAMBULAR):
            kind = ParagraphKind.BODY
        para = ParsedParagraph(kind=kind, text=inl.text, number=number, level=level,
                               verb=inl.verb if kind in (ParagraphKind.PREAMBULAR,
                                                         ParagraphKind.OPERATIVE) else None,
                               section=self.section, part=self.part, footnotes=inl.notes,
                               links=inl.links)
        self.paragraphs.append(para)
        return para

    def heading_limit(self, number: str | None, kind: ParagraphKind) -> int:
        """Display columns up to which an unnumbered line without sentence end (or one
        carrying a label number) is a heading, as the structure pass decides: a line
        that carries a chapter label, or follows one set as its own heading
        (``XVIII`` then ``Prévisions de dépenses …``, 75/253 F), up to
        :data:`.structure.NUMBERED_HEADING_LIMIT`; 300 once numbered operative
        paragraphs have begun; else 120."""
        prev = self.paragraphs[-1] if self.paragraphs else None
        if number or (prev is not None and prev.kind is ParagraphKind.HEADING and prev.number is None
                      and prev.part == self.part and not prev.footnotes and _is_label(prev.text)):
            return _structure.NUMBERED_HEADING_LIMIT
        return 300 if kind is ParagraphKind.OPERATIVE and self.seen_operative else 120

    def cut_label_word(self, inl: "_Inline", els) -> str | None:
        """Cut the section label typed as a word before the words of ``inl``, read from
        the elements ``els`` it was made of (:func:`_label_word`, :func:`_cut_word`);
        returns it or ``None``."""
        word = _label_word("".join("".join(_texts_without_notes(e)) for e in els), self.section_letter)
        return _cut_word(inl, word) if word else None

    def level_for(self, number: str | None, default: int) -> int:
        style = _num_style(number, self.prev_letter)
        if style == "arabic" or style == "label":
            self.prev_letter = None
            return 0
        if style == "letter":
            self.prev_letter = _letter_of(number or "") or self.prev_letter
            return 1
        if style == "roman":
            return 2
        if style == "bullet":
            return min(default + 1, 2) if default else 1
        return default

    # -- whole document ---------------------------------------------------
    def read(self) -> ParsedDocument:
        doc = ParsedDocument(source_format="akn")
        self.read_meta(doc)
        statements = self.statements()
        multi = len(statements) > 1 or statements[0] is not self.doc_el
        for st in statements:
            if multi:
                self.section = None
                self.component_heading(st)
            self.read_body(st)
        for att in _xpath("a:attachments/a:attachment")(self.doc_el):
            self.read_attachment(att)
        doc.paragraphs = self.paragraphs
        doc.parts = self.parts
        doc.warnings = self.warnings
        self.check_language(doc)
        return doc

    def unplaced(self, el, kind: ParagraphKind = ParagraphKind.BODY) -> None:
        """Keep the text of an element this reader has no place for as a paragraph of
        ``kind`` (BODY unless the caller knows better), where it stands, and say so once
        in :attr:`ParsedDocument.warnings`: a word is never dropped (issue 11)."""
        self.flush_pending(kind)
        inl = _inline([el])
        if not inl.text and not inl.notes:
            return
        self.emit(kind, inl)
        where = el.sourceline
        message = _("Some text (<{element}>, line {line}) has a markup this reader does not know; "
                    "it is kept as a body paragraph where it stands.").format(
            element=_local(el), line=where if where is not None else "?")
        if not any(w.startswith(message.split("(")[0]) for w in self.warnings):
            self.warnings.append(message)

    def statements(self) -> list:
        if self.doc_el.tag == _Q + "documentCollection":
            comps = _xpath("a:components/a:component/*[a:preamble or a:mainBody]"
                           " | a:components/a:component/*/a:components/a:component/*")(self.root)
            comps += _xpath("a:collectionBody/a:component/*[a:preamble or a:mainBody]")(self.doc_el)
            if comps:
                return comps
        return [self.doc_el]

    def component_heading(self, st) -> None:
        num_el = self.find("a:preface//a:docNumber", st)
        title_el = self.find("a:preface//a:docTitle", st)
        number = _norm("".join(num_el.itertext())) if num_el is not None else None
        if number:
            self.section = _label(number)
        inl = _inline([title_el]) if title_el is not None else _Inline()
        inl.text = _strip_title(inl.text)
        self.emit(ParagraphKind.HEADING, inl, number or None, 0)

    # -- metadata -------------------------------------------------------
    def read_meta(self, doc: ParsedDocument) -> None:
        d = self.doc_el
        name = (d.get("name") or "").lower()
        if d.tag == _Q + "documentCollection":
            first = _xpath("a:components/a:component/*")(self.root)
            name = (first[0].get("name") or "").lower() if first else name
        doc.kind = _KIND_BY_NAME.get(name.replace("_", ""), DocumentKind.OTHER)

        num_el = self.find("a:coverPage//a:docNumber")
        symbol = _norm("".join(num_el.itertext())) if num_el is not None else ""
        symbol = re.sub(r"\s*/\s*", "/", symbol)
        if not symbol:
            symbol = self.symbol_from_preface()
        doc.symbol = symbol or None

        title_el = self.find("a:preface//a:docTitle")
        if title_el is None:
            title_el = self.find("a:coverPage//a:docTitle")
        if title_el is not None:
            doc.title = _strip_title(_inline([title_el]).text)

        doc.body = self.body_name()

        m = re.search(r"/((?:E?S-)?\d+)/[\dA-Z]", symbol or "")
        session_el = self.find("a:coverPage//a:session")
        if m:
            doc.session = m.group(1)
        elif session_el is not None and session_el.get("value"):
            doc.session = session_el.get("value").strip()

        doc.date = self.adoption_date()

        doc.language = self.expression_language()

        agenda_el = self.find("a:coverPage//a:inline[@name='agenda item']")
        if agenda_el is not None:
            text = _norm("".join(agenda_el.itertext()))
            am = re.search(r"\d+(?:\s?[(（]?[^\s\d()（）]{1,3}[)）])?", text)
            doc.agenda_item = am.group(0) if am else text

        self.read_workflow(doc)
        self.lang = doc.language or ""

    def check_language(self, doc: ParsedDocument) -> None:
        """Correct ``FRBRlanguage`` when the text's script contradicts it.

        One GA 75 file says ``spa`` for a Chinese text.  Only scripts that
        name one UN language are trusted: Han → zh, Arabic → ar, Cyrillic →
        ru; a Latin-script text keeps what the metadata says.
        """
        sample = "".join(p.text for p in doc.paragraphs[:40])
        if not sample:
            return
        n = letter_counts(sample)
        counts = {"zh": n["han"], "ar": n["arabic"], "ru": n["cyrillic"], "latin": n["latin"]}
        script = max(counts, key=counts.get)
        if counts[script] < len(sample) / 4:
            return
        if script in ("zh", "ar", "ru"):
            doc.language = script
        elif doc.language in ("zh", "ar", "ru"):
            doc.language = doc.language if counts["latin"] < len(sample) / 2 else ""

    def symbol_from_preface(self) -> str:
        num_el = self.find("a:preface//a:docNumber")
        if num_el is None:
            return ""
        short = _norm("".join(num_el.itertext())).rstrip(". ")
        this = self.find("a:meta/a:identification/a:FRBRWork/a:FRBRthis")
        uri = this.get("value", "") if this is not None else ""
        if not re.fullmatch(r"[\w-]+/\d+(?: [A-Z](?:-[A-Z])?)?", short):
            return short
        if "/unga-hrc/" in uri:
            return "A/HRC/RES/" + short
        if "/unga/" in uri:
            return "A/RES/" + short
        return short

    def body_name(self) -> str:
        for ref in ("#subsidiaryBody", "#issuingBody"):
            el = self.find(f"a:coverPage//a:docAuthority[@refersTo='{ref}']")
            if el is not None:
                name = _norm("".join(el.itertext()))
                if name:
                    return name
        this = self.find("a:meta/a:identification/a:FRBRWork/a:FRBRthis")
        if this is not None and "/unga-hrc/" in (this.get("value") or ""):
            return "Human Rights Council"
        author = self.find("a:meta/a:identification/a:FRBRWork/a:FRBRauthor")
        if author is not None:
            eid = (author.get("href") or "").lstrip("#")
            org = self.find(f"a:meta/a:references/*[@eId='{eid}']") if eid and "'" not in eid else None
            if org is not None and org.get("showAs"):
                return org.get("showAs")
        return ""

    def component_docs(self) -> list:
        """The component statements of a ``<documentCollection>`` (empty otherwise)."""
        if self.doc_el.tag != _Q + "documentCollection":
            return []
        return (_xpath("a:components/a:component/*")(self.root)
                + _xpath("a:collectionBody/a:component/*")(self.doc_el))

    def adoption_date(self) -> dt.date | None:
        """``FRBRdate name="adoption"`` of the Work, else the date in the conclusions,
        else any Work date; for a multi-part collection (``A/RES/80/236 A-B``) whose own
        ``<meta>`` lacks them, the first component's, else the date in the Work's
        ``FRBRthis`` (``/akn/un/statement/deliberation/unga/2023-12-07/78-80/``)."""
        for doc in [self.doc_el] + self.component_docs():
            for path in ("a:meta/a:identification/a:FRBRWork/a:FRBRdate[@name='adoption']",
                         "a:conclusions//a:docDate",
                         "a:meta/a:identification/a:FRBRWork/a:FRBRdate"):
                el = self.find(path, doc)
                if el is not None:
                    date = _parse_date(el.get("date"))
                    if date is not None:
                        return date
        for doc in [self.doc_el] + self.component_docs():
            this = self.find("a:meta/a:identification/a:FRBRWork/a:FRBRthis", doc)
            m = re.search(r"/(\d{4}-\d{2}-\d{2})/", this.get("value", "") if this is not None else "")
            if m and (date := _parse_date(m.group(1))) is not None:
                return date
        return None

    def expression_language(self) -> str:
        """ISO 639-1 code of ``FRBRlanguage`` (the collection's, else the first
        component's), else of the language in an Expression's ``FRBRthis``
        (``…/78-80/eng@!main/``); ``""`` when none says."""
        docs = [self.doc_el] + self.component_docs()
        for doc in docs:
            el = self.find("a:meta/a:identification/a:FRBRExpression/a:FRBRlanguage", doc)
            if el is not None and (el.get("language") or "").strip():
                return _iso639_1(el.get("language"))
        for doc in docs:
            this = self.find("a:meta/a:identification/a:FRBRExpression/a:FRBRthis", doc)
            m = re.search(r"/([a-z]{2,3})@", this.get("value", "") if this is not None else "")
            if m:
                return _iso639_1(m.group(1))
        return ""

    def read_workflow(self, doc: ParsedDocument) -> None:
        sponsors: list[str] = []
        for step in _xpath("a:meta/a:workflow/a:step")(self.doc_el):
            outcome = (step.get("outcome") or "")
            if outcome in ("draftResolution", "draftDecision"):
                draft = _norm(step.get("as") or "")
                if draft and doc.draft_symbol is None:
                    doc.draft_symbol = draft
                sponsors += _split_sponsors(step.get("by") or "")
            elif outcome.endswith("AdditionalSponsors"):
                sponsors += _split_sponsors(step.get("by") or "")
        doc.sponsors = list(dict.fromkeys(sponsors))

    # -- body -----------------------------------------------------------
    def read_body(self, st) -> None:
        self.in_annex = False
        for child in st:
            tag = _local(child)
            if tag == "preamble":
                self.read_preamble(child)
            elif tag == "mainBody" or tag == "body":
                self.prev_letter = None
                self.read_block_children(child, ParagraphKind.OPERATIVE)
                self.flush_pending(ParagraphKind.OPERATIVE)

    def read_preamble(self, pre) -> None:
        last = _xpath("(a:p | a:container/a:p)[last()]")(pre)
        opens = last and last[0].getparent()[-1] is last[0] and \
            (last[0].getparent() is pre or pre[-1] is last[0].getparent()) and _opens_numbered(pre)
        kids = [c for c in pre if isinstance(c.tag, str)]
        for child in kids:
            tag = _local(child)
            if tag == "formula":
                self.emit(ParagraphKind.BODY, _inline(_xpath("a:p")(child) or [child]))
            elif tag == "container":
                for sub in child:
                    stag = _local(sub)
                    if stag == "p":
                        self.read_preambular_p(sub, lead_in=bool(opens) and sub is last[0])
                    elif stag == "blockList":
                        self.read_preamble_list(sub, last=child is kids[-1])
                    elif stag == "table":
                        self.read_table(sub)
                    elif stag:
                        self.unplaced(sub)
            elif tag == "p":
                self.read_preambular_p(child, lead_in=bool(opens) and child is last[0])
            elif tag == "blockList":
                self.read_preamble_list(child, last=child is kids[-1])
            elif tag:
                self.unplaced(child)

    def read_preamble_list(self, bl, last: bool) -> None:
        """A ``<blockList>`` of the preamble (ga-78 puts 22 in a ``<container>``): an
        introduction ending with a colon (``<listIntroduction>``) and items (a), (b)….

        * Items numbered ``1.``, ``2.`` are the operative paragraphs they are printed
          as, and the introduction the lead-in that opens the operative part
          (``正式决定，对于2024年：`` then ``1. 核准批款…``, 78/254 A–C C and 78/256 C; the
          other languages put ``Resolves that, for 2024:`` and paragraph 1 in the
          ``<mainBody>``), as the structure pass reads "…:" followed by "1.".
        * The preamble's last list whose introduction opens with an operative verb
          form and ends with a colon (``敦促…：``, 78/80 B C; ``Urges …:`` in the
          ``<mainBody>`` of the other languages) is operative, its items at level 1.
          Chinese verbs do not show their form, so there the last list's introduction
          ending with a colon before a ``<mainBody>`` is operative.
        * Otherwise the introduction is a preambular paragraph (``Convinced that the
          Convention … a major contribution to:``, 78/29) and the items its
          preambular sub-paragraphs at level 1."""
        intro = bl.find(_Q + "listIntroduction")
        items = [c for c in bl if _local(c) == "item"]
        nums = [_clean_num("".join(n.itertext())) for n in
                (i.find(_Q + "num") for i in items) if n is not None]
        inl = _inline([intro]) if intro is not None else _Inline()
        colon = inl.text.rstrip(" " + _BIDI).endswith((":", "："))
        kind = ParagraphKind.PREAMBULAR
        level = 1
        if nums and all(_num_style(n, None) == "arabic" for n in nums):
            kind, level = ParagraphKind.OPERATIVE, 0
        elif last and colon and _opens_body(bl.getparent() if _local(bl.getparent()) == "container"
                                            else bl) and (
                _verb_role(inl.text, self.lang) == "operative"
                or (self.lang == "zh" and _verb_role(inl.text, self.lang) is None)):
            kind = ParagraphKind.OPERATIVE
        self.read_block_list(bl, kind, level)

    def read_preambular_p(self, p, lead_in: bool = False) -> None:
        """A ``<p>`` of the preamble; one with a typed paragraph number (``"10.\t期待…"``
        in 75/161 C, a ``<preamble>`` between two parts of the ``<mainBody>``) is the
        operative paragraph it is printed as.  ``lead_in``: the preamble's last
        paragraph, and the ``<mainBody>`` after it opens with paragraph 1; ending
        with a colon (``正式决定，对于2021年：``, 75/254 C; ``Resolves that, for 2021:``
        in the other languages' ``<mainBody>``) it opens the operative part, as the
        structure pass reads "…: " followed by "1."."""
        inl = _inline([p])
        probe = _Inline(inl.text)
        number = _cut_typed_number(probe)
        if number is not None and _num_style(number, None) == "arabic":
            _cut_typed_number(inl)
            self.emit(ParagraphKind.OPERATIVE, inl, number, 0)
        elif lead_in and inl.text.rstrip(" " + _BIDI).endswith((":", "：")):
            self.emit(ParagraphKind.OPERATIVE, inl)
        elif not inl.notes and _structure.heading_shape(inl.text):
            # a line without sentence end in the preamble is a heading of it, as printed:
            # "Countries in special situations" (bold), "* * *" (78/148, 78/149)
            self.emit(ParagraphKind.HEADING, inl)
        else:
            self.emit(ParagraphKind.PREAMBULAR, inl)

    def read_block_list(self, bl, kind: ParagraphKind, level: int) -> None:
        """A ``<blockList>``: introduction and wrap-up at ``level - 1``, items at ``level``
        (numbered as printed), nested lists one level deeper; anything else is kept
        (:meth:`unplaced`)."""
        for child in bl:
            tag = _local(child)
            if tag == "listIntroduction" or tag == "listWrapUp":
                self.emit(kind, _inline([child]), None, max(level - 1, 0))
            elif tag == "item":
                num_el = child.find(_Q + "num")
                number = _clean_num("".join(num_el.itertext())) if num_el is not None else None
                blocks = [c for c in child if _local(c) == "p"]
                if number and kind is ParagraphKind.OPERATIVE and level == 0:
                    self.seen_operative = True
                if number or blocks:
                    self.emit(kind, _inline(blocks), number or None, level)
                for sub in child:
                    stag = _local(sub)
                    if stag == "blockList":
                        self.read_block_list(sub, kind, level + 1)
                    elif stag not in ("num", "p", ""):
                        self.unplaced(sub)
            elif tag:
                self.unplaced(child)

    def read_block_children(self, children, kind: ParagraphKind) -> None:
        """Read block elements (children of a mainBody, section, annex body) in order."""
        for child in children:
            tag = _local(child)
            if not tag or tag == "num":
                continue   # a section's <num> is read by read_hierarchy
            if tag not in ("paragraph", "point", "subparagraph", "article", "clause", "item", "p"):
                # a number printed alone goes with the next paragraph, not past a heading
                # or a table (78/128 A: "12 -" then the heading "المرفق الثاني")
                self.flush_pending(kind)
            if tag in ("paragraph", "point", "subparagraph", "article", "clause", "item"):
                self.read_paragraph(child, kind)
            elif tag in ("section", "part", "chapter", "title", "book", "tome", "division",
                         "subsection", "hcontainer", "subchapter", "subpart"):
                self.read_hierarchy(child, kind)
            elif tag == "container" or tag == "blockContainer":
                self.read_container(child)
            elif tag == "crossHeading" and _is_preamble_heading(child):
                # a preambular paragraph of a section (75/245 "A", 75/253 B) marked as a
                # heading; the Chinese 75/245 C marks an operative one (ending "；") so
                # too.  UN Editorial Manual: preambular paragraphs end with a comma.
                inl = _inline([child])
                # A leading verb of the preambular form ("Recalling …;", 75/253 E) keeps it
                # preambular (:func:`.verbs.verb_role`).
                operative = (not inl.text.rstrip().rstrip(_BIDI).rstrip().endswith((",", "，", "،"))
                             and _verb_role(inl.text, self.lang) != "preambular")
                self.emit(ParagraphKind.OPERATIVE if operative else ParagraphKind.PREAMBULAR, inl)
            elif tag in ("crossHeading", "heading", "subheading"):
                # "<subheading>Enterprise resource planning project, Umoja</subheading>"
                # after "<p><num>I</num></p>" in a <section> (78/253 E)
                self.emit(ParagraphKind.HEADING, _inline([child]))
            elif tag == "p":
                inl = _inline([child])
                if (_is_label(inl.text) and not inl.notes and child.find(_Q + "num") is not None
                        and not "".join(_texts_without_notes(child)).replace(
                            "".join(child.find(_Q + "num").itertext()), "").strip()):
                    # "<p><num>I</num></p>": a section label set alone (78/253 E, 78/69 E)
                    self.emit(ParagraphKind.HEADING, inl)
                else:
                    self.emit(kind, inl)
            elif tag == "blockList":
                self.read_block_list(child, kind, 1)
            elif tag == "list":
                self.read_list(child, kind, None, 1)
            elif tag == "table":
                self.read_table(child)
            else:
                self.unplaced(child)

    def read_hierarchy(self, el, kind: ParagraphKind) -> None:
        num_el = el.find(_Q + "num")
        number = _clean_num("".join(num_el.itertext())) if num_el is not None else None
        kids = [c for c in el if isinstance(c.tag, str)]
        heads = []
        while (kids and _local(kids[0]) in ("num", "heading", "subheading", "crossHeading")
               and not _is_preamble_heading(kids[0])):
            if _local(kids[0]) != "num":
                heads.append(kids[0])
            kids.pop(0)
        word = None
        if not number:
            # "Conditions of service …", "A", "Base/floor salary scale" (75/245 E): a
            # subheading that is only a label numbers the heading after it; so does a
            # label typed before the words of a subheading ("A Escala de sueldos…",
            # 75/245 S; "二 独立审计…", 75/247 C)
            for at, h in enumerate(heads):
                text = _inline([h]).text
                if _is_label(text) and at + 1 < len(heads):
                    number = text
                    break
                word = _label_word("".join(_texts_without_notes(h)), self.section_letter)
                if word is not None:
                    break
            else:
                at = None
            if at is not None:
                if at:
                    self.emit(ParagraphKind.HEADING, _inline(heads[:at]), None, 0)
                heads = heads[at + 1:] if number else heads[at:]
        inl = _inline(heads) if heads else _Inline()
        if word is not None:
            number = _cut_word(inl, word)
        if not number and heads:
            number = _cut_typed_number(inl)   # "أولا -\tالإنشاء"
        if number:
            self.section = _label(number)
        if heads or number:
            self.emit(ParagraphKind.HEADING, inl, number or None, 0)
        self.prev_letter = None
        self.read_block_children(kids, kind)

    def read_container(self, el) -> None:
        for child in el:
            tag = _local(child)
            if tag == "table":
                self.read_table(child)
            elif tag == "p":
                self.emit(ParagraphKind.BODY, _inline([child]))
            elif tag == "blockList":
                self.read_block_list(child, ParagraphKind.BODY, 1)
            elif tag:
                self.unplaced(child)

    def read_table(self, table) -> None:
        """One paragraph per ``<tr>`` with text (BODY, cells joined by ``" | "``), carrying the
        table's index, the cell texts and their ``colspan``/``rowspan``
        (:attr:`ParsedParagraph.spans`); trailing empty cells are left out of a row."""
        index = self.tables
        self.tables += 1
        for tr in table.iter(_Q + "tr"):
            cells = []
            spans: list[tuple[int, int]] = []
            notes: list[ParsedFootnote] = []
            links: list[tuple[int, int, str]] = []
            for cell in tr:
                if _local(cell) not in ("td", "th"):
                    continue
                spans.append((_span(cell.get("colspan")), _span(cell.get("rowspan"))))
                inl = _inline([c for c in cell if _local(c) == "p"] or [cell])
                base = sum(len(c) + 3 for c in cells)
                for n in inl.notes:
                    n.offset = (n.offset or 0) + base
                notes += inl.notes
                links += [(s + base, e + base, h) for s, e, h in inl.links]
                cells.append(inl.text)
            while cells and not cells[-1]:
                cells.pop()
            del spans[len(cells):]
            if any(cells):
                para = self.emit(ParagraphKind.BODY, _Inline(" | ".join(cells), notes, links=links))
                if para is not None:
                    para.table, para.cells = index, cells
                    para.spans = spans if any(x != (1, 1) for x in spans) else None
                self.after_table = True

    def flush_pending(self, kind: ParagraphKind) -> None:
        if self.pending_num is not None:
            self.emit(kind, _Inline(), self.pending_num, self.level_for(self.pending_num, 0))
            self.pending_num = None

    def read_paragraph(self, el, kind: ParagraphKind, level: int | None = None) -> None:
        """One ``<paragraph>``/``<point>``: heading, content or list, in order."""
        num_el = el.find(_Q + "num")
        number = _clean_num("".join(num_el.itertext())) if num_el is not None else None
        number = number or None
        cls = el.get("class") or ""
        heads = [c for c in el if _local(c) in ("heading", "subheading")]
        content = el.find(_Q + "content")
        lst = el.find(_Q + "list")
        loose = [c for c in el if _local(c) == "p"]
        known = ("num", "heading", "subheading", "content", "list", "p", "")
        body_kind = kind
        if cls == "FootnoteText" or self.in_annex:
            body_kind = ParagraphKind.BODY
        # A <subheading> set before the <num> (later sessions' markup) is a heading of
        # its own: the number belongs to the paragraph's content, which stays what its
        # text makes it (an operative paragraph), not a heading.
        head_first = bool(heads) and num_el is not None and (content is not None or lst is not None) \
            and list(el).index(heads[0]) < list(el).index(num_el)
        if heads:
            self.flush_pending(body_kind)
            hinl = _inline(heads)
            hnumber = None if head_first else number
            if hnumber is None:
                hnumber = _cut_typed_number(hinl)   # "أولا -\tتنظيم الأعمال" (75/212)
            if hnumber is None:
                hnumber = self.cut_label_word(hinl, heads)
            if hnumber:
                self.section = _label(hnumber)
            self.emit(ParagraphKind.HEADING, hinl, hnumber, 0)
            if not head_first:
                number = None
            heads = [] if head_first else heads
        if content is None and lst is None and loose:
            content = el   # "<paragraph class="H23"><p><num>XIII</num></p></paragraph>" (78/69 E)
        kids = list(el)
        anchor = kids.index(content) if content is not None and content is not el else (
            kids.index(lst) if lst is not None else len(kids))
        others = [(i, c) for i, c in enumerate(kids) if _local(c) not in known]
        for i, other in others:
            if i < anchor:
                self.unplaced(other)
        try:
            self.read_paragraph_body(el, kind, level, number, content, lst, loose, heads, cls, body_kind)
        finally:
            for i, other in others:
                if i >= anchor:   # kept after what it follows
                    self.unplaced(other)

    def read_paragraph_body(self, el, kind, level, number, content, lst, loose, heads, cls,
                            body_kind) -> None:
        """The content or list of a ``<paragraph>``/``<point>`` (see :meth:`read_paragraph`)."""
        if content is not None:
            blocks = [c for c in content if isinstance(c.tag, str)]
            if content is el:
                blocks = loose
                inl = _inline(blocks)
                if _is_label(inl.text) and not inl.notes:
                    self.flush_pending(body_kind)
                    self.emit(ParagraphKind.HEADING, inl)
                    return
            blocks = [b for b in blocks if _local(b) != "authorialNote"] or blocks
            lead = blocks[0].text if blocks else None
            separator = bool(blocks) and re.fullmatch(r"[\s*]+", "".join(blocks[0].itertext()))
            if number is None and blocks and not separator:   # "* * *" is not a bullet
                split = split_leading_number(lead or "")
                if split is not None:
                    number, lead = split
            inl = _inline(blocks, lead) if blocks else _Inline()
            if number is None and level is None and self.pending_num is None:
                number = _cut_typed_number(inl)
                if number is None and _structure.heading_shape(inl.text,
                                                              _structure.NUMBERED_HEADING_LIMIT):
                    number = self.cut_label_word(inl, blocks)   # "I Demande de subvention …" (75/253 F)
            if self.after_table and number is None and not heads:
                # a table's note ("Abréviations : …", 75/246 F), as the structure pass reads it
                body_kind = ParagraphKind.BODY
            if not inl.text and not inl.notes:
                if number is not None:
                    self.flush_pending(body_kind)
                    self.pending_num = number  # number printed alone; text follows
                return
            if number is None and self.pending_num is not None:
                number, self.pending_num = self.pending_num, None
            else:
                self.flush_pending(body_kind)
            # a heading style on a numbered sentence ("7 - تقرر أن تدرج …." styled "TitleH1",
            # 78/34 A) is a slip of the markup: the printed paragraph is operative 7
            styled = bool(_HEADING_CLASS.search(cls)) and not (
                number and _num_style(number, None) == "arabic"
                and not _structure.heading_shape(inl.text, _structure.NUMBERED_HEADING_LIMIT))
            if heads or styled or (
                    (number is None or _num_style(number, None) == "label")
                    and level is None and self.pending_num is None
                    and _structure.heading_shape(inl.text, self.heading_limit(number, body_kind))):
                # an unnumbered line without a sentence end ("Questions actuarielles",
                # "* * *", "37-e пленарное заседание", "A. Administration des pensions")
                # is a heading, as the other language versions mark it and as the
                # structure pass reads it (up to 300 columns once the numbered operative
                # paragraphs have begun, else 120)
                if number and _num_style(number, self.prev_letter) == "label":
                    self.section = _label(number)
                self.emit(ParagraphKind.HEADING, inl, number, 0)
                return
            if level is None:
                prev = self.paragraphs[-1] if self.paragraphs else None
                default = 0
                if (number is None and prev is not None and prev.level > 0
                        and prev.part == self.part and inl.verb is None):
                    default = prev.level  # unnumbered continuation of a sub-paragraph
                lvl = self.level_for(number, default)
                if (body_kind is ParagraphKind.OPERATIVE and number is None and lvl == 0
                        and not self.seen_operative
                        and inl.text.rstrip(" " + _BIDI).endswith((",", "，", "،"))
                        and not _structure.unnumbered_operative(inl.text, self.lang)):
                    # a preambular paragraph placed in <mainBody> (75/211 C, 75/234 C):
                    # unnumbered, before the first numbered paragraph, ending with a comma
                    body_kind = ParagraphKind.PREAMBULAR
            else:
                lvl = level
                if number:
                    self.prev_letter = _letter_of(number) or self.prev_letter
            self.emit(body_kind, inl, number, lvl)
            if lst is not None:   # content and a list: the list follows the content
                self.read_list(lst, body_kind, None, (level or 0) + 1)
        elif lst is not None:
            self.flush_pending(body_kind)
            lvl = self.level_for(number, 0) if level is None else level
            self.read_list(lst, body_kind, number, lvl + 1, own_level=lvl)

    def read_list(self, lst, kind: ParagraphKind, number: str | None, level: int,
                  own_level: int | None = None) -> str | None:
        """An AKN ``<list>``: intro (and wrapUp) belong to the owning paragraph.

        A ``<sublist>`` that only wraps points (no intro, number or wrap-up) is one
        level deeper only when its points are numbered otherwise than the points
        before it: ``ii)`` wrapped beneath its sibling ``i)`` (75/325 R) or ``(a)``
        wrapped alone beneath the list's intro (75/295 C) keep the level their
        numbering gives, as printed.  Returns the number style (:func:`_num_style`)
        of the last point read at ``level``."""
        intro = lst.find(_Q + "intro")
        wrap = lst.find(_Q + "wrapUp")
        owner = None
        if intro is not None or number is not None or wrap is not None:
            inl = _inline([c for c in intro if isinstance(c.tag, str)] or [intro]) \
                if intro is not None else _Inline()
            lvl = own_level if own_level is not None else max(level - 1, 0)
            owner = self.emit(kind, inl, number, lvl)
        self.prev_letter = None
        last_style: str | None = None
        last_letter: str | None = None
        for child in lst:
            tag = _local(child)
            if tag == "point":
                self.read_paragraph(child, kind, level)
                num_el = child.find(_Q + "num")
                if num_el is not None and (num := _clean_num("".join(num_el.itertext()))):
                    last_style = _num_style(num, last_letter)
                    last_letter = _letter_of(num) if last_style == "letter" else last_letter
            elif tag in ("sublist", "list"):
                first = child.find(f"{_Q}point/{_Q}num")
                wrapper = child.find(_Q + "intro") is None and child.find(_Q + "wrapUp") is None
                style = _num_style(_clean_num("".join(first.itertext())), last_letter) \
                    if first is not None else None
                if wrapper and style is not None and last_style in (None, style):
                    last_style = self.read_list(child, kind, None, level) or last_style
                    nums = _xpath("a:point[last()]/a:num")(child)
                    if last_style == "letter" and nums:
                        last_letter = _letter_of(_clean_num("".join(nums[0].itertext()))) or last_letter
                else:
                    self.read_list(child, kind, None, level + 1)
        if wrap is not None:
            # the wrap-up is printed after the points: an unnumbered paragraph of the owner's
            # kind and level there, so that no word changes place (issue 11)
            self.flush_pending(kind)
            w = _inline([c for c in wrap if isinstance(c.tag, str)] or [wrap])
            self.emit(owner.kind if owner is not None else kind, w, None,
                      owner.level if owner is not None else max(level - 1, 0))
        return last_style

    # -- annexes --------------------------------------------------------
    def read_attachment(self, att) -> None:
        docs = [c for c in att if isinstance(c.tag, str)]
        for d in docs or [att]:
            index = len(self.parts)
            part = ParsedPart(kind=_KIND_BY_NAME.get((d.get("name") or "").lower(),
                                                     DocumentKind.OTHER))
            self.parts.append(part)
            self.part = index
            self.section = None
            self.section_letter = None
            self.prev_letter = None
            start = len(self.paragraphs)
            for child in d:
                tag = _local(child)
                if tag in ("mainBody", "body", "mainbody"):
                    self.read_block_children(child, ParagraphKind.BODY)
                    self.flush_pending(ParagraphKind.BODY)
                elif tag == "preamble":
                    self.read_preamble(child)
            heads = [p for p in self.paragraphs[start:] if p.kind is ParagraphKind.HEADING]
            if heads:
                part.title = heads[0].text
            for sub in _xpath("a:attachments/a:attachment")(d):
                self.read_attachment(sub)
        self.part = None


# ---------------------------------------------------------------- small helpers


def _opens_numbered(pre) -> bool:
    """Whether the ``<mainBody>`` right after the preamble ``pre`` opens with a paragraph
    numbered 1 (``<num>1.</num>``, ``1 -``)."""
    body = pre.getnext()
    while body is not None and not isinstance(body.tag, str):
        body = body.getnext()
    if body is None or _local(body) not in ("mainBody", "body"):
        return False
    first = _xpath("(.//a:paragraph | .//a:point)[1]")(body)
    num = first[0].find(_Q + "num") if first else None
    if num is None:
        return False
    return _structure.given_number(_clean_num("".join(num.itertext())))[1:] == ("1",)


def _opens_body(el) -> bool:
    """Whether ``el`` is the last element of its ``<preamble>`` and a ``<mainBody>``
    follows that preamble."""
    pre = el.getparent()
    if pre is None or _local(pre) != "preamble":
        return False
    if [c for c in pre if isinstance(c.tag, str)][-1] is not el:
        return False
    body = pre.getnext()
    while body is not None and not isinstance(body.tag, str):
        body = body.getnext()
    return body is not None and _local(body) in ("mainBody", "body")


def _is_preamble_heading(el) -> bool:
    """A ``<crossHeading refersTo="#preamble">``: AKN4UN's mark for a preambular
    paragraph that opens a section inside ``<mainBody>`` (GA 75/245, 75/253…)."""
    return _local(el) == "crossHeading" and (
        (el.get("refersTo") or "").lstrip("#").lower() == "preamble"
        or (el.get("eId") or "").startswith("preamble"))


_LABEL_TYPES = ("roman", "cap", "zhnum")


def _is_label(text: str) -> bool:
    """A heading that is only a section label: ``"IV"``, ``"B."``, ``"أولا"``, ``"حادي عشر"``,
    ``"三"``: a chapter or section number of the structure pass's grammar
    (:func:`.structure.given_number`), not any short word (``"الالتزامات"``,
    "Commitments", 75/284 A, is a heading of its own; so is a Chinese part named in
    words, ``"第一部分"``, as "Part I" is in the other languages, 54/18)."""
    if not text or len(text) > 12 or _structure.given_number(text)[0] not in _LABEL_TYPES:
        return False
    return not _structure.has_han(text) or bool(re.fullmatch(r"[一二三四五六七八九十]+[.、．]?", text))


def _strip_title(text: str) -> str:
    return re.sub(r"^[\s\-–—]+", "", text).strip()


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        date = dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
    return None if date.year < 1900 else date


def _iso639_1(code: str) -> str:
    """ISO 639-2/3 code (``"zho"``) → ISO 639-1 (``"zh"``) through Babel's CLDR data."""
    code = code.strip().lower()
    if not code:
        return ""
    if len(code) == 2:
        return code
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code).language
    except (UnknownLocaleError, ValueError, TypeError):
        return code


# UN Member States whose names contain " and " (UN Terminology, short names).
_AND_NAMES = {
    "Antigua and Barbuda", "Bosnia and Herzegovina", "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines", "Sao Tome and Principe", "Trinidad and Tobago",
    "United Kingdom of Great Britain and Northern Ireland",
}


def _split_sponsors(by: str) -> list[str]:
    """Split an AKN4UN sponsor list ``"A, B, C and D"`` into names.

    The last " and " is told from the " and " inside names such as
    "Trinidad and Tobago" with a list of UN Member State names; lists that
    are not country lists (``"submitted by the Committee on Information"``)
    are kept whole.
    """
    by = _norm(by)
    if not by:
        return []
    if by.lower().startswith("submitted by "):
        return [by[len("submitted by "):]]
    items = [s.strip() for s in by.split(", ") if s.strip()]
    last = items.pop() if items else ""
    if " and " in last and last not in _AND_NAMES:
        pieces = last.split(" and ")
        split = None
        for i in range(1, len(pieces)):
            left, right = " and ".join(pieces[:i]), " and ".join(pieces[i:])
            ok_left = " and " not in left or left in _AND_NAMES
            ok_right = " and " not in right or right in _AND_NAMES
            if ok_left and ok_right:
                split = (left, right)
                break
        if split is None:
            split = (pieces[0], " and ".join(pieces[1:]))
        items += list(split)
    elif last:
        items.append(last)
    return items
