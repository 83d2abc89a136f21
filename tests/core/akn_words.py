"""The words of an AKN file's body against the words the AKN reader stored: no word lost.

Used by ``tests/core/test_akn_no_text_lost.py`` and ``bench/akn_read_all.py``.  Written
independently of the reader (plain lxml), so that it checks the reader rather than
repeating it.

*The XML side.*  For the document element and, in a ``<documentCollection>``, each
component statement: the component's number and title (``<preface>``'s ``<docNumber>``
and ``<docTitle>``, which the reader stores as the component's heading), then every
word inside ``<preamble>`` and ``<mainBody>``/``<body>``; then the same for each
``<attachment>`` (annex).  Text inside ``<authorialNote>`` (footnotes) goes to a second
stream, one note after another in document order.  Block elements (everything but the
inline ones of AKN: ``<span>``, ``<b>``, ``<i>``, ``<a>``, ``<sup>``…) separate words.

Two things are Word's footnote-reference artefacts, not words, and are left out, as
the reader leaves them out: Arabic ``<sup>(</sup>``/``<sup>)</sup>`` set around an
``<authorialNote>``, and the empty ``()`` that opens an Arabic note's text.

*The stored side.*  Each paragraph's number then text (a table row's ``" | "`` cell
joiner is not a word), in order; each footnote's text in order.

*Words.*  Runs of non-space characters, bidi marks removed; each CJK character is a
word of its own (Chinese is written without spaces, and the reader drops the spaces
typesetting put between CJK characters).  The two word sequences must be equal: a
word lost, added or moved is a difference.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from briefdesk.core.scripts import CJK_WIDE

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
Q = f"{{{AKN}}}"
NS = {"a": AKN}
_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"))
_WORD = re.compile(f"[{CJK_WIDE}]|[^\\s{CJK_WIDE}]+")
_INLINE = {
    "span", "b", "i", "u", "sup", "sub", "a", "inline", "term", "ref", "mref", "rref", "docDate",
    "docNumber", "docTitle", "date", "person", "organization", "location", "concept", "object",
    "event", "process", "role", "quantity", "def", "entity", "abbr", "mmod", "del", "ins",
    "docType", "docStatus", "docProponent", "docStage", "docCommittee", "docAuthority", "session",
    "shortTitle", "marker", "noteRef", "signature", "courtType", "judge", "lawyer", "party",
    "affectedDocument", "relatedDocument", "change", "vote", "outcome", "argument", "opinion",
    "remedies", "legislature", "placeholder", "fillIn", "decoration", "img", "omissis", "recordedTime",
}


def words(text: str) -> list[str]:
    """The words of ``text`` as this module counts them (see the module docstring)."""
    return [w for w in _WORD.findall(text.translate(_BIDI))]


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _is_note(el) -> bool:
    return isinstance(el.tag, str) and el.tag == Q + "authorialNote"


def _bracket(el) -> bool:
    if el.tag != Q + "sup" or "".join(el.itertext()).strip() not in ("(", ")"):
        return False
    prev, nxt = el.getprevious(), el.getnext()
    return (prev is not None and _is_note(prev)) or (nxt is not None and _is_note(nxt))


class _Collect:
    def __init__(self) -> None:
        self.body: list[str] = []
        self.notes: list[str] = []

    def walk(self, el, out: list[str]) -> None:
        if el.text:
            out.append(el.text)
        for child in el:
            if isinstance(child.tag, str):
                if _is_note(child):
                    note: list[str] = []
                    self.walk(child, note)
                    text = re.sub(r"^\s*\(\s*\)", "", "".join(note).translate(_BIDI).lstrip())
                    self.notes.append(text)
                elif _bracket(child):
                    pass
                else:
                    block = _local(child) not in _INLINE
                    if block:
                        out.append(" ")
                    self.walk(child, out)
                    if block:
                        out.append(" ")
            if child.tail:
                out.append(child.tail)

    def document(self, doc, heading: bool) -> None:
        if heading:
            for path in ("a:preface//a:docNumber", "a:preface//a:docTitle"):
                for el in doc.xpath(path, namespaces=NS)[:1]:
                    text: list[str] = []
                    self.walk(el, text)
                    self.body.append(re.sub(r"^[\s\-–—]+", "", "".join(text)))
                    self.body.append(" ")
        for child in doc:
            if _local(child) in ("preamble", "mainBody", "body"):
                self.walk(child, self.body)
                self.body.append(" ")


def xml_words(path: Path) -> tuple[list[str], list[str]]:
    """``(body words, footnote words)`` of the AKN file at ``path``; raises
    ``lxml.etree.XMLSyntaxError`` for a file that is not well-formed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_comments=True, remove_pis=True)
    root = etree.parse(str(path), parser).getroot()
    doc = next(c for c in root if isinstance(c.tag, str))
    c = _Collect()
    statements = [doc]
    if _local(doc) == "documentCollection":
        comps = root.xpath("a:components/a:component/*[a:preamble or a:mainBody]"
                           " | a:components/a:component/*/a:components/a:component/*", namespaces=NS)
        comps += doc.xpath("a:collectionBody/a:component/*[a:preamble or a:mainBody]", namespaces=NS)
        statements = comps or [doc]
    multi = statements != [doc]
    for st in statements:
        c.document(st, multi)

    def attachments(el) -> None:
        for att in el.xpath("a:attachments/a:attachment", namespaces=NS):
            for d in [x for x in att if isinstance(x.tag, str)] or [att]:
                c.document(d, False)
                attachments(d)

    attachments(doc)
    return words("".join(c.body)), [w for n in c.notes for w in words(n)]


def stored_words(doc) -> tuple[list[str], list[str]]:
    """``(paragraph words, footnote words)`` of a :class:`ParsedDocument`, in reading order."""
    body: list[str] = []
    notes: list[str] = []
    for p in doc.paragraphs:
        if p.number:
            body += words(p.number)
        if p.cells is not None:
            for cell in p.cells:
                body += words(cell)
        else:
            body += [w for w in words(p.text) if w != "|"]
        for f in p.footnotes:
            notes += words(f.text)
    return body, notes


@dataclass
class Check:
    """The outcome for one file: ``refused`` (a ReadError, with its message), or the
    differences between the two word sequences (empty when no word is lost or added)."""

    path: Path
    refused: str = ""
    body_diff: list[str] = field(default_factory=list)
    note_diff: list[str] = field(default_factory=list)
    lost: int = 0
    added: int = 0
    warnings: list[str] = field(default_factory=list)
    doc: object = None

    @property
    def ok(self) -> bool:
        return not self.body_diff and not self.note_diff


def _diff(want: list[str], got: list[str], label: str) -> tuple[list[str], int, int]:
    if want == got:
        return [], 0, 0
    out: list[str] = []
    lost = added = 0
    sm = difflib.SequenceMatcher(None, want, got, autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == "equal":
            continue
        lost += a2 - a1
        added += b2 - b1
        ctx = " ".join(want[max(a1 - 4, 0):a1])
        out.append(f"{label} {op} after …{ctx!s}: xml {' '.join(want[a1:a2])[:160]!r} "
                   f"stored {' '.join(got[b1:b2])[:160]!r}")
    return out, lost, added


def check_file(path: Path, keep_doc: bool = False) -> Check:
    """Read ``path`` with the AKN reader and compare its words with the XML's."""
    from briefdesk.core.errors import ReadError
    from briefdesk.core.readers.akn import read_akn

    path = Path(path)
    try:
        doc = read_akn(path)
    except ReadError as exc:
        return Check(path, refused=str(exc))
    want_body, want_notes = xml_words(path)
    got_body, got_notes = stored_words(doc)
    body_diff, l1, a1 = _diff(want_body, got_body, "body")
    note_diff, l2, a2 = _diff(want_notes, got_notes, "notes")
    return Check(path, body_diff=body_diff, note_diff=note_diff, lost=l1 + l2, added=a1 + a2,
                 warnings=list(doc.warnings), doc=doc if keep_doc else None)
